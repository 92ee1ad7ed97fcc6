"""Every rule's table-driven cases (tests/fixtures/rules/<rule>.yml), run through the
whole pipeline: real files, pandera, the rule's derived table and its GX suite."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
import yaml
from builders import EXPECTATIONS, ROOT, claim_row, make_claims_folder

from ffcheck.consistency.derived import materialized
from ffcheck.consistency.registry import all_rules, select
from ffcheck.pipeline import run_check

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
RULE_IDS = [r.id for r in all_rules()]


# libyaml when present: parsing the fixtures is most of collecting this file.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_cases() -> list[tuple[str, str, dict]]:
    cases = []
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)  # a safe loader
        cases += [(data["rule"], name, case) for name, case in data["cases"].items()]
    return cases


def run_case(tmp_path: Path, case: dict, rule: str):
    claims = [
        claim_row(**{k: "" if v is None else str(v) for k, v in c.items()}) for c in case["claims"]
    ]
    relations = [{k: str(v) for k, v in r.items()} for r in case.get("relations", [])]
    # A case may give the text around its quotes (the data lints read sentences).
    document = case.get("document")
    text = None if document is None else f"Test document\n\nTest\n\n{document}\n"
    folder = make_claims_folder(tmp_path, claims, relations=relations, document=text)
    # Only the rule under test runs: its cases judge it alone (and stay fast).
    run = run_check(folder, expectations_dir=EXPECTATIONS, rules=select((rule,)))
    # A case may expect problems the rule found in the input: line, column, code, message.
    problems = [[p.line, p.column, str(p.code), p.message] for p in run.report.problems]
    assert problems == case.get("problems", []), [str(p) for p in run.report.problems]
    return run


CASES = load_cases()


@pytest.mark.parametrize(("rule", "name", "case"), CASES, ids=[f"{r}::{n}" for r, n, _ in CASES])
def test_rule_case(tmp_path, rule, name, case):
    run = run_case(tmp_path, case, rule)
    report = run.report
    assert report.rules_run == [rule]
    found = {tuple(sorted(c.claim_id for c in f.claims)): f for f in report.findings}
    expected = expected_findings(case)
    assert sorted(found) == sorted(tuple(e["claims"]) for e in expected), name
    for want in expected:
        got = found[tuple(want["claims"])]
        for key in ("severity", "reading", "message", "arithmetic"):
            if key in want:
                assert getattr(got, key) == want[key], (name, key)
    # What the rule left out is behaviour too: every record, its reason and its claims.
    skipped = {s["reason"]: s["claims"] for s in report.skipped if s["rule"] == rule}
    assert skipped == case.get("skipped", {}), name
    # Columns no bundled suite checks (a user's suite may): the derived table itself.
    if "derived" in case:
        derived = next(r for r in all_rules() if r.id == rule).module.derive(run.context)
        table = materialized(derived, run.context.frames)
        for column, values in case["derived"].items():
            got = [_cell(v) for v in table[column].tolist()]
            assert got == values, (name, column)


def _cell(value):
    """A derived cell as a fixture writes it: floats to 2 places, NaN as null."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 2)
    return value


def expected_findings(case: dict) -> list[dict]:
    """A case's expected findings. Each is a list of claim ids, or a mapping of ``claims``
    with any of ``severity``, ``reading`` (tolerant or as_stated), ``message`` (the finding
    in words) and ``arithmetic`` (its figures); ``severities`` may also map "claim claim ..."
    to a finding's severity."""
    severities = {
        tuple(sorted(ids.split())): sev for ids, sev in case.get("severities", {}).items()
    }
    wanted = []
    for item in case["findings"]:
        want = dict(item) if isinstance(item, dict) else {"claims": item}
        want["claims"] = sorted(want["claims"])
        if tuple(want["claims"]) in severities:
            want.setdefault("severity", severities[tuple(want["claims"])])
        wanted.append(want)
    return wanted


def test_every_failing_case_states_a_severity():
    # A rule's severity (and its "as stated" softening) is behaviour: fixtures pin it.
    missing = [
        f"{rule}::{name}"
        for rule, name, case in load_cases()
        for want in expected_findings(case)
        if "severity" not in want
    ]
    assert missing == []


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_docs_suite_and_both_kinds_of_case(rule):
    found = next(r for r in all_rules() if r.id == rule)
    assert found.doc.summary.endswith("."), "first line says what it checks"
    assert found.doc.why and found.doc.example, "the docstring has Why: and Example:"
    assert found.module.__name__.endswith(rule.replace("-", "_")), "one name ties them"
    assert (EXPECTATIONS / f"{rule}.json").is_file()
    names = [n for r, n, _ in load_cases() if r == rule]
    assert any(n.startswith("pass_") for n in names) and any(n.startswith("fail_") for n in names)


def test_no_suite_or_fixture_without_a_rule():
    assert {p.stem for p in EXPECTATIONS.glob("*.json")} == set(RULE_IDS)
    assert {p.stem for p in FIXTURES.glob("*.yml")} == set(RULE_IDS)


def test_no_case_hides_inside_another():
    # A case indented one level too deep becomes a key of the case above it and never runs.
    known = {"claims", "relations", "findings", "severities", "document", "skipped", "derived"}
    known |= {"problems"}
    unknown = [(f"{rule}::{name}", sorted(set(case) - known)) for rule, name, case in load_cases()]
    assert [item for item in unknown if item[1]] == []


@dataclass(frozen=True)
class FailedAsStated:
    """An expectation of a user's own suite that failed on the as-stated reading (the
    bundled suites of these rules check only the tolerant one)."""

    expectation: str
    kwargs: dict
    meta: dict = field(default_factory=dict)
    reading: str = "as_stated"


PAIR = "expect_column_pair_values_a_to_be_greater_than_b"
AS_STATED_CASES = [
    (
        "ranking-violated",
        {
            "claim_lower": "low",
            "claim_higher": "high",
            "lower_lo": 300.0,
            "lower_hi": 300.0,
            "lower_unit": "persons",
            "higher_lo": 200.0,
            "higher_hi": 200.0,
        },
        FailedAsStated(PAIR, {"column_A": "higher_hi", "column_B": "lower_lo"}),
        # The finding says which reading failed; the figures are the row's.
        (
            "low is ranked below high but its figure is higher as stated",
            "ranked lower: 300 > ranked higher: 200: higher_hi 200 ≤ lower_lo 300",
        ),
    ),
    (
        "same-quantity-differs",
        {
            "claim_a": "a",
            "claim_b": "b",
            "a_lo": 100.0,
            "a_hi": 100.0,
            "a_unit": "persons",
            "b_lo": 150.0,
            "b_hi": 150.0,
        },
        FailedAsStated(PAIR, {"column_A": "a_hi", "column_B": "b_lo"}),
        (
            "a and b state the same quantity but disagree as stated",
            "100 does not overlap 150: a_hi 100 ≤ b_lo 150",
        ),
    ),
    (
        "ratio-mismatch",
        # The tolerant computed share (10–20%) differs from the as-stated one (12–15%):
        # the arithmetic must show the reading that failed.
        {
            "claim_share": "s",
            "claim_numerator": "n",
            "claim_denominator": "d",
            "num_lo": 30.0,
            "num_hi": 30.0,
            "den_lo": 200.0,
            "den_hi": 250.0,
            "share_lo": 50.0,
            "share_hi": 50.0,
            "share_unit": "percent",
            "computed_lo": 10.0,
            "computed_hi": 20.0,
            "computed_lo_stated": 12.0,
            "computed_hi_stated": 15.0,
        },
        FailedAsStated(PAIR, {"column_A": "computed_hi", "column_B": "share_lo"}),
        (
            "s does not match n of d as stated",
            "30 / 200–250 = 12%–15%, but the share admits 50%: computed_hi 20% ≤ share_lo 50%",
        ),
    ),
]


@pytest.mark.parametrize(("rule", "row", "failed", "expected"), AS_STATED_CASES)
def test_a_finding_on_the_as_stated_reading_says_so(rule, row, failed, expected):
    module = next(r for r in all_rules() if r.id == rule).module
    assert module.describe(pd.Series(row), failed) == expected


def test_a_scope_of_over_a_hundred_claims_is_compared_with_its_lowest(tmp_path):
    # 101 claims of one scope (more than MAX_PAIRWISE = 100): not paired each with each
    # but each with the scope's lowest figure (c000, the first of the lowest by id).
    claims = [
        {"claim_id": f"c{i:03}", "subject": "BEL", "low": 500, "high": 500} for i in range(100)
    ]
    claims.append({"claim_id": "z-high", "subject": "BEL", "low": 900, "high": 900})
    report = run_case(tmp_path, {"claims": claims}, "sources-disagree").report
    assert [(f.rule, sorted(c.claim_id for c in f.claims)) for f in report.findings] == [
        ("sources-disagree", ["c000", "z-high"])
    ]
    assert report.findings[0].message == (
        "BEL travelled: z-high and c000 disagree for overlapping dates"
    )
    (skipped,) = report.skipped
    assert skipped["reason"].startswith("a scope with more than 100 claims")
    assert skipped["claims"] == sorted(c["claim_id"] for c in claims)
