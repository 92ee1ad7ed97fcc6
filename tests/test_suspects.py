"""Suspect claims: the fewest claims whose removal clears every unreviewed error, shown
with the findings they explain (JSON, text, the page)."""

from __future__ import annotations

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from ffcheck.consistency import suspects
from ffcheck.consistency.findings import ClaimRef, Finding
from ffcheck.consistency.reviews import REVIEW_DECISIONS
from ffcheck.consistency.suspects import shared_claims, suspect_claims


def finding(severity: str, *ids: str, reviewed: bool = False) -> Finding:
    refs = [ClaimRef(i, "f.csv", 2, "q", "1", "1", "", "", "S", "ALL", "killed") for i in ids]
    made = Finding("rule", severity, "m", refs, "a", relation_id="-".join(ids))
    if reviewed:
        made.review = {"decision": "false_alarm", "note": "", "reviewer": "r", "date": "d"}
    return made


CASES = [
    # (findings as (severity, claim ids...), expected suspects, why)
    ([("error", "w", "a"), ("error", "w", "b"), ("error", "w", "c")], ["w"], "one weak figure"),
    ([("error", "a", "b"), ("error", "c", "d")], ["a", "c"], "two unrelated errors need two"),
    # greedy takes x (in 4 errors) and then still needs t1 and t2; the exact search finds 2
    (
        [
            ("error", "t1", "x"),
            ("error", "t2", "x"),
            ("error", "t1", "x", "y"),
            ("error", "t2", "x", "y"),
            ("error", "t1"),
            ("error", "t2"),
        ],
        ["t1", "t2"],
        "exact, not greedy",
    ),
    ([("warning", "a", "b")], [], "warnings make no suspect"),
    ([("error", "a", "b"), ("warning", "b", "c")], ["b"], "ties go to the claim in more findings"),
]


@pytest.mark.parametrize(("specs", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_the_smallest_set_of_claims_that_explains_every_error(specs, expected, why):
    found = suspect_claims([finding(s, *ids) for s, *ids in specs])
    assert sorted(s.claim_id for s in found) == expected, why


def test_a_reviewed_error_needs_no_suspect():
    assert suspect_claims([finding("error", "a", "b", reviewed=True)]) == []


def test_a_suspect_lists_the_errors_it_explains_and_its_other_findings():
    errors = [finding("error", "w", "a"), finding("error", "w", "b")]
    other = finding("warning", "w", "c")
    (suspect,) = suspect_claims([*errors, other])
    assert suspect.findings == [f.fingerprint for f in errors]
    assert suspect.also_in == [other.fingerprint]


def test_shared_claims_groups_findings_under_the_claims_they_share():
    first, second = finding("error", "w", "a"), finding("warning", "w", "b")
    assert shared_claims([first, second]) == {"w": [first.fingerprint, second.fingerprint]}


def test_the_bundled_report_names_its_suspects_everywhere(tmp_path):
    from builders import BUNDLED_CLAIMS, EXPECTATIONS
    from click.testing import CliRunner

    from ffcheck.cli.main import cli

    base = ["--claims", str(BUNDLED_CLAIMS), "--expectations", str(EXPECTATIONS)]
    runner = CliRunner()
    payload = __import__("json").loads(
        runner.invoke(cli, ["check", *base, "--format", "json"]).output
    )
    suspects = {s["claim_id"] for s in payload["suspects"]}
    errors = [f for f in payload["findings"] if f["severity"] == "error" and not f["review"]]
    # every unreviewed error holds a suspect claim: removing them clears all errors
    assert all(suspects & {c["claim_id"] for c in f["claims"]} for f in errors)
    assert len(suspects) <= len(errors)
    text = runner.invoke(cli, ["check", *base]).output
    assert "Suspect claims" in text
    page = tmp_path / "r.html"
    assert runner.invoke(cli, ["report", *base, "-o", str(page)]).exit_code == 0
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert {li["data-claim"] for li in soup.select("ul.suspects li")} == suspects
    for card in soup.select("article.card"):
        buttons = card.select(".review-cmd button.copy")
        assert {b["data-decision"] for b in buttons} == REVIEW_DECISIONS
        for button in buttons:
            expected = (
                f"ffcheck review {card['data-fingerprint']} --decision {button['data-decision']}"
            )
            assert button["data-copy"].startswith(expected + " --note ")
        title = card.select_one("h3").get_text()
        assert not any(c["data-claim"] in title for c in card.select(".claim")), "no ids in title"


def _greedy_by_recounting(sets, order):
    """The greedy choice as written from its definition: count the claims of the sets not
    yet met, take the most frequent (first in ``order`` on a tie), repeat."""
    rank = {claim: i for i, claim in enumerate(order)}
    left, chosen = list(sets), []
    while left:
        hits = Counter(claim for s in left for claim in s)
        best = min(hits, key=lambda c: (-hits[c], rank[c]))
        chosen.append(best)
        left = [s for s in left if best not in s]
    return chosen


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.frozensets(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=4),
        min_size=1,
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_the_greedy_choice_is_the_recounting_one_on_every_tie(sets, rng):
    order = sorted({c for s in sets for c in s})
    rng.shuffle(order)  # any ranking: ties must follow it exactly
    assert suspects._greedy(sets, order) == _greedy_by_recounting(sets, order)
