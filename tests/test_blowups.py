"""Inputs that used to blow up (issue 10, item 5): each test checks the answer on such an
input and, where it can, the shape that keeps the work linear (one row per claim, one
index per document). The timings before and after are measured by
benchmarks/blowups.py, not asserted here: a timed test measures the machine."""

from __future__ import annotations

import numpy as np
import pandas as pd
from builders import BUNDLED_CLAIMS, EXPECTATIONS, claim_row, make_claims_folder

from ffcheck.authoring.coverage import _sentence, measure_coverage
from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.derived import materialized
from ffcheck.consistency.relations import _cyclic, part_of_cycles
from ffcheck.consistency.rules import sources_disagree
from ffcheck.pipeline import run_check
from ffcheck.tables.load import load_claimset
from ffcheck.text.document import Document
from ffcheck.text.numbers import find_numbers, find_vague
from ffcheck.text.quotes import closest_match, sentence_index


def _Context(claims: pd.DataFrame) -> RuleContext:
    """A rule context over ``claims`` with the bundled vocabularies (for the lattice)."""
    vocab = load_claimset(BUNDLED_CLAIMS).vocab
    return RuleContext(
        claims.set_index("claim_id", drop=False), pd.DataFrame(), pd.DataFrame(), vocab
    )


def _copies(n: int, lows: list[float]) -> pd.DataFrame:
    scope = {
        "doc": "d",
        "subject": "FRA",
        "side": "anti_government",
        "group": "",
        "cohort": "all",
        "measure": "travelled",
        "scope": "",
        "unit": "persons",
    }
    values = [lows[i % len(lows)] for i in range(n)]
    return pd.DataFrame(
        {
            "claim_id": [f"c{i:05}" for i in range(n)],
            **{key: [scope[key]] * n for key in SCOPE},
            "lo": values,
            "hi": values,
            "lo_stated": values,
            "hi_stated": values,
            "unit": ["persons"] * n,
            "t_from": [pd.Timestamp("2015-01-01")] * n,
            "t_to": [pd.Timestamp("2015-12-31")] * n,
            "dated": [True] * n,
            "source": [""] * n,
            "as_of": ["2015"] * n,
            "from_start": [True] * n,
            "period_start": [""] * n,
        }
    )


def test_sources_disagree_on_8000_copies_is_one_row_per_claim():
    ctx = _Context(_copies(8000, [900.0]))
    table = materialized(sources_disagree.derive(ctx), ctx.frames)
    # Each copy against the scope's lowest claim (not itself): 7,999 rows, none failing;
    # pairing them all was 32 million rows.
    assert len(table) == 7999
    assert not ((table["a_hi"] < table["b_lo"]) | (table["b_hi"] < table["a_lo"])).any()


def test_sources_disagree_in_a_large_scope_still_finds_the_disagreeing_claims(tmp_path):
    claims = [claim_row(claim_id=f"fra-{i:03}", low=900, high=900) for i in range(120)]
    claims.append(claim_row(claim_id="fra-low", low=689, high=689))
    report = run_check(make_claims_folder(tmp_path, claims), expectations_dir=EXPECTATIONS).report
    pairs = sorted(
        sorted(c.claim_id for c in f.claims)
        for f in report.findings
        if f.rule == "sources-disagree"
    )
    # Past MAX_PAIRWISE, each 900 claim is compared with the lowest one, 689: 120 findings.
    assert pairs == [[f"fra-{i:03}", "fra-low"] for i in range(120)]


def test_cycle_members_are_exactly_the_nodes_that_reach_themselves():
    sources = np.array(["a", "b", "c", "d", "e", "f"], dtype=object)
    targets = np.array(["b", "c", "a", "a", "e", "g"], dtype=object)
    # d leads into the cycle but is not on it; e contains itself; f-g is a plain chain.
    assert _cyclic(sources, targets) == {"a", "b", "c", "e"}


def test_part_of_cycle_walk_on_a_long_chain_finds_no_cycle():
    n = 20_000
    members = pd.DataFrame(
        {
            "relation_id": [f"r{i}" for i in range(n) for _ in (0, 1)],
            "kind": "part_of",
            "position": [p for _ in range(n) for p in (0, 1)],
            "claim_id": [f"c{i + p}" for i in range(n) for p in (0, 1)],
            "_file": "relations.csv",
            "_line": [i + 2 for i in range(n) for _ in (0, 1)],
        }
    )
    assert part_of_cycles(members) == []  # a chain has no cycle


def test_sentence_searches_only_its_window():
    text = "x" * 1000 + ". A 12 b. " + "y" * 1000
    # The sentence ends found inside the window bound it; the width bounds the rest.
    assert _sentence(text, 1004, 1006, width=5) == "A 12 b."
    assert _sentence(text, 1004, 1006, width=1) == "12"


def test_coverage_of_a_long_single_line_document(tmp_path):
    row = claim_row(claim_id="fra-a")
    line = row["quote"] + " " + "there were 12 cases and 34 more, " * 3_000
    folder = make_claims_folder(tmp_path, [row], document=f"Test document\n\nTest\n\n{line}\n")
    result = measure_coverage(folder)
    assert len(result.uncovered) == 6_000  # 12 and 34, three thousand times


def test_closest_match_indexes_each_document_once():
    sentences = [f"Sentence {i} tells of town{i} and river{i}." for i in range(3000)]
    document = Document("d", "t", "\n".join(sentences))
    near = [closest_match(document, f"tells of town{i} and river{i} now") for i in range(300)]
    assert near == sentences[:300]
    assert sentence_index.cache_info().currsize >= 1


def test_cover_answers_containment_like_a_scan_of_every_span():
    from ffcheck.authoring.coverage import _Cover

    spans = [(0, 5), (3, 20), (10, 12), (30, 31)]
    cover = _Cover(spans)
    for start in range(0, 35):
        for end in range(start, 36):
            expected = any(s <= start and end <= e for s, e in spans)
            assert cover.contains(start, end) == expected, (start, end)
    assert not _Cover([]).contains(0, 1)


def test_vague_phrases_on_a_long_line(tmp_path):
    row = claim_row(claim_id="fra-a")
    line = row["quote"] + " " + "there were 12 cases and dozens more, " * 3_000
    folder = make_claims_folder(tmp_path, [row], document=f"Test document\n\nTest\n\n{line}\n")
    result = measure_coverage(folder)
    assert len(result.uncovered) == 6_000  # 12 and "dozens", three thousand times


def test_a_vague_phrase_overlapping_a_number_is_not_a_candidate_twice():
    from ffcheck.authoring.coverage import candidates

    text = "dozens of 12 and more than half, then 3 dozens."
    phrases = ["dozens", "more than half"]
    found = [(c.start, c.end) for c in candidates(text, phrases)]
    numbers = [(n.start, n.end) for n in find_numbers(text)]
    vague = [(h.start, h.end) for h in find_vague(text, phrases)]
    brute = numbers + [(s, e) for s, e in vague if not any(ns < e and s < ne for ns, ne in numbers)]
    assert found == sorted(brute)


def test_a_very_large_scope_pairs_only_its_extremes_and_says_so(tmp_path):
    from ffcheck.consistency.lattice import MAX_PER_SCOPE, trim_large_scopes

    claims = _copies(8000, [900.0, 901.0, 902.0, 950.0])
    claims["lo"] = claims["lo"].where(claims.index != 4321, 10.0)  # one far below the rest
    context = _Context(claims)
    kept, dropped = (context.frames.to_pandas(t) for t in trim_large_scopes(context.claim_table))
    # 8,000 claims of one scope keep 100 (pairing all would be 64 million pairs) ...
    assert len(kept) == MAX_PER_SCOPE and len(dropped) == 8000 - MAX_PER_SCOPE
    # ... and the extremes, where a disagreement shows, are among them.
    assert "c04321" in set(kept["claim_id"])
    assert kept["hi"].max() == 950.0


def test_the_pipeline_reports_what_a_large_scope_left_out(tmp_path):
    claims = [claim_row(claim_id=f"fra-{i:03}", low=900, high=900) for i in range(150)]
    report = run_check(make_claims_folder(tmp_path, claims), expectations_dir=EXPECTATIONS).report
    reasons = {s["rule"]: s["reason"] for s in report.skipped}
    assert "more than 100 claims" in reasons["series-decreases"]
