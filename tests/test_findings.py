"""Findings as data: what a fingerprint depends on, which findings fail a run, the counts."""

from __future__ import annotations

import pytest

from ffcheck.consistency.findings import ClaimRef, Finding, Report


def ref(claim_id: str, file: str = "main.csv", line: int = 2) -> ClaimRef:
    return ClaimRef(
        claim_id,
        file,
        line,
        f"[{claim_id}] 100 people.",
        "100",
        "100",
        "",
        "2015",
        "Test",
        "FRA",
        "travelled",
    )


def finding(
    rule: str = "sources-disagree",
    claims: tuple[str, ...] = ("a", "b"),
    relation_id: str = "",
    severity: str = "warning",
    message: str = "they disagree",
    review: dict[str, str] | None = None,
) -> Finding:
    refs = [ref(c) for c in claims]
    return Finding(rule, severity, message, refs, "100 vs 200", relation_id, review)


def test_fingerprint_is_sixteen_hex_digits():
    fingerprint = finding().fingerprint
    assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0


@pytest.mark.parametrize(
    "changed",
    [
        finding(rule="part-exceeds-whole"),  # another rule is another contradiction
        finding(relation_id="r1"),  # another declared relation over the same claims
        finding(claims=("a", "c")),  # another claim
        finding(claims=("a",)),  # a claim fewer
        finding(claims=("a", "b", "c")),  # a claim more
    ],
    ids=["rule", "relation", "claim", "fewer-claims", "more-claims"],
)
def test_fingerprint_changes_with_what_the_finding_is_about(changed):
    assert changed.fingerprint != finding().fingerprint


def test_fingerprint_ignores_order_wording_severity_and_where_rows_live():
    # Reviews are keyed by fingerprint: rewording a message, reordering claims or moving a
    # row to another file must not orphan them.
    moved = Finding(
        "sources-disagree",
        "error",
        "reworded",
        [ref("b", "other.csv", 9), ref("a", "third.csv", 40)],
        "other arithmetic",
        "",
        {"decision": "false_alarm"},
    )
    assert moved.fingerprint == finding().fingerprint


def test_to_dict_carries_the_fingerprint():
    data = finding(relation_id="r1").to_dict()
    assert data["fingerprint"] == finding(relation_id="r1").fingerprint
    assert (data["rule"], data["relation_id"], data["severity"]) == (
        "sources-disagree",
        "r1",
        "warning",
    )
    assert [c["claim_id"] for c in data["claims"]] == ["a", "b"]


def report_of(*findings: Finding) -> Report:
    return Report(documents=[], claims=3, quotes_verified=3, files=[], findings=list(findings))


REVIEWED = {"decision": "false_alarm", "note": "", "reviewer": "t", "date": "2026-11-27"}
MIXED = (
    finding("arithmetic-fails", ("a",), severity="error"),
    finding("ratio-mismatch", ("b",), severity="error", review=REVIEWED),
    finding("sources-disagree", ("a", "b"), severity="warning"),
    finding("series-decreases", ("c", "d"), severity="info"),
)


@pytest.mark.parametrize(
    ("fail_on", "rules"),
    [
        ("error", ["arithmetic-fails"]),  # the reviewed error no longer fails
        ("warning", ["arithmetic-fails", "sources-disagree"]),
        ("info", ["arithmetic-fails", "sources-disagree", "series-decreases"]),
    ],
)
def test_failing_is_unreviewed_findings_at_or_above_the_floor(fail_on, rules):
    assert [f.rule for f in report_of(*MIXED).failing(fail_on)] == rules


def test_failing_among_a_subset():
    report = report_of(*MIXED)
    assert [f.rule for f in report.failing("info", among=list(MIXED[2:]))] == [
        "sources-disagree",
        "series-decreases",
    ]
    assert report.failing("info", among=[]) == []


def test_counts_by_severity_rule_and_review():
    report = report_of(*MIXED, finding("sources-disagree", ("c", "e")))
    assert report.counts() == {
        "by_severity": {"info": 1, "warning": 2, "error": 2},
        "by_rule": {
            "arithmetic-fails": 1,
            "ratio-mismatch": 1,
            "series-decreases": 1,
            "sources-disagree": 2,
        },
        "reviewed": 1,
        "unreviewed": 4,
    }
    assert list(report.by_rule()) == sorted(report.counts()["by_rule"]), "grouped by rule id"


def test_flatten_is_sorted_rule_severity_and_sorted_claim_ids():
    report = report_of(finding("b-rule", ("z", "y")), finding("a-rule", ("q",), severity="error"))
    assert report.flatten() == [("a-rule", "error", "q"), ("b-rule", "warning", "y", "z")]


def test_a_report_without_problems_is_valid():
    from ffcheck.problems import Problem

    assert report_of().valid and report_of().to_dict()["valid"] is True
    broken = Report([], 1, 0, [], problems=[Problem("main.csv", 2, "subject", "schema", "bad")])
    assert not broken.valid and broken.to_dict()["valid"] is False


def test_report_as_json_data():
    report = Report(
        documents=[{"doc": "d"}],
        claims=3,
        quotes_verified=2,
        files=["main.csv"],
        findings=[finding()],
        stale_reviews=[{"fingerprint": "0" * 16}],
        rules_run=["sources-disagree"],
    )
    data = report.to_dict()
    assert (data["valid"], data["claims"], data["quotes_verified"]) == (True, 3, 2)
    assert (data["documents"], data["files"]) == ([{"doc": "d"}], ["main.csv"])
    assert data["problems"] == [] and data["rules_run"] == ["sources-disagree"]
    assert [f["fingerprint"] for f in data["findings"]] == [finding().fingerprint]
    assert data["counts"] == report.counts() and data["stale_reviews"] == [
        {"fingerprint": "0" * 16}
    ]


def test_report_as_json_carries_what_the_rules_left_out_and_shared_claims():
    # The JSON contract's keys for skipped claims, set-aside ids, stale claims, suspects
    # and claims shared by findings ("shared" in Python, "shared_claims" in JSON).
    report = Report(
        documents=[],
        claims=2,
        quotes_verified=2,
        files=["main.csv"],
        skipped=[{"rule": "region-exceeds", "reason": "undated", "claims": ["a"]}],
        set_aside=["b"],
        stale_claims=[{"claim_id": "a"}],
        suspects=[{"claim_id": "b"}],
        shared={"a": ["0123456789abcdef"]},
    )
    data = report.to_dict()
    assert data["skipped"] == [{"rule": "region-exceeds", "reason": "undated", "claims": ["a"]}]
    assert (data["set_aside"], data["stale_claims"]) == (["b"], [{"claim_id": "a"}])
    assert data["suspects"] == [{"claim_id": "b"}]
    assert data["shared_claims"] == {"a": ["0123456789abcdef"]}
