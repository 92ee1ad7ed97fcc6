"""Vague quantities ("hundreds", "most", "many") as claims: the phrase reader, the figure
check against vocab/phrases.csv, and coverage counting them."""

from __future__ import annotations

import pytest
from builders import check_json, claim_row, make_claims_folder

from ffcheck.authoring.coverage import measure_coverage
from ffcheck.cli.common import EXIT_CLEAN
from ffcheck.text.numbers import find_vague, vague_band

BANDS = {
    "most": (50.0, 100.0),
    "mostly": (50.0, 100.0),
    "several": (3.0, 9.0),
    "several hundred": (200.0, 999.0),
    "hundreds": (200.0, 999.0),
    "large number": (10.0, None),
}


def test_most_is_a_whole_word_not_part_of_almost_or_mostly():
    assert find_vague("almost half", BANDS) == []  # "most" inside "almost" is no hit
    assert [h.phrase for h in find_vague("mostly young men", BANDS)] == ["mostly"]
    assert [h.phrase for h in find_vague("Most fighters travel", BANDS)] == ["most"]


def test_the_longest_phrase_wins_and_a_plural_is_read():
    assert vague_band("Several hundred", BANDS) == ("several hundred", (200.0, 999.0))
    assert vague_band("large numbers", BANDS) == ("large number", (10.0, None))  # open top
    assert vague_band("about 500", BANDS) is None


def vague_row(**values: str) -> dict[str, str]:
    base = {"claim_id": "lbn-pro", "qualifier": "vague", "figure": "Hundreds"}
    base |= {"low": "200", "high": "999", "quote": "Hundreds of Lebanese fight on the side."}
    return claim_row(**(base | values))


def problems_of(tmp_path, rows):
    code, payload = check_json(make_claims_folder(tmp_path, rows))
    return code, [(p["code"], p["column"]) for p in payload["problems"]]


def test_a_vague_row_with_its_phrases_band_is_valid(tmp_path):
    code, problems = problems_of(tmp_path, [vague_row()])
    assert (code, problems) == (EXIT_CLEAN, [])


def test_an_open_band_leaves_high_empty(tmp_path):
    # "many", "a large number": at least ten, no top; qualifier vague allows an empty high.
    row = vague_row(
        figure="large numbers", low="10", high="", quote="large numbers of fighters went."
    )
    assert problems_of(tmp_path, [row]) == (EXIT_CLEAN, [])


@pytest.mark.parametrize(
    "values",
    [
        {"low": "100", "high": "999"},  # not the band of "hundreds" (200-999)
        # a share phrase ("most": 50-100%) stored as a count of persons
        {"figure": "Most", "low": "50", "high": "100", "quote": "Most of them went."},
        {"figure": "Several", "quote": "Several were known to police."},  # 3-9, not 200-999
    ],
    ids=["band-differs", "share-as-count", "other-phrase"],
)
def test_a_vague_row_off_its_band_is_a_figure_mismatch(tmp_path, values):
    _, problems = problems_of(tmp_path, [vague_row(**values)])
    assert problems == [("figure-mismatch", "figure")]


def test_coverage_counts_a_bare_hundreds(tmp_path):
    uncovered = make_claims_folder(tmp_path / "a", [claim_row(claim_id="fra-a")])
    text = (uncovered / "sources" / "doc.txt").read_text(encoding="utf-8")
    (uncovered / "sources" / "doc.txt").write_text(
        text + "Hundreds of foreign leftists have joined.\n", encoding="utf-8"
    )
    result = measure_coverage(uncovered)
    assert [u.number for u in result.uncovered] == ["Hundreds"]  # a candidate, not covered
    row = vague_row(claim_id="all-leftists", quote="Hundreds of foreign leftists have joined.")
    covered = make_claims_folder(tmp_path / "b", [claim_row(claim_id="fra-a"), row])
    result = measure_coverage(covered)
    assert (result.uncovered, result.covered) == ([], 2)  # 100 and "Hundreds"


def test_coverage_skips_superlatives():
    from ffcheck.text.numbers import non_quantity

    text = "the most capable force; most fighters travel"
    assert non_quantity(text, 4, 8) == "superlative or adverb, not a quantity"
    assert non_quantity(text, 24, 28) is None


@pytest.mark.parametrize("word", ["almost", "utmost", "foremost", "Most-wanted"])
def test_a_phrase_inside_another_word_is_no_hit(word):
    assert find_vague(word, {"most": (50.0, 100.0)}) == []


@pytest.mark.parametrize(
    ("text", "start", "end", "reason"),
    [
        (
            "most likely all went",
            0,
            4,
            "superlative or adverb, not a quantity",
        ),  # the match starts at the phrase
        # A superlative after the phrase ("and most likely") says nothing about the first "Most".
        ("Most, and most likely all, went", 0, 4, None),
        # However wide the spacing: the words decide, not how far they reach.
        ("the      most capable", 9, 13, "superlative or adverb, not a quantity"),
        ("most        commonly cited", 0, 4, "superlative or adverb, not a quantity"),
        # The match must hold the whole phrase: "most" at 4:8 lies in "the most" (0:8),
        # a phrase one character wider on either side does not.
        ("the most capable", 4, 8, "superlative or adverb, not a quantity"),
        ("the most capable", 3, 8, "superlative or adverb, not a quantity"),
        ("the most capable", 4, 9, None),
        (" and most capable", 0, 9, None),
    ],
)
def test_only_a_superlative_around_the_phrase_itself_is_no_quantity(text, start, end, reason):
    from ffcheck.text.numbers import non_quantity

    assert non_quantity(text, start, end) == reason


def test_the_phrase_vocabulary_is_compiled_once_for_every_figure():
    import pandas as pd

    from ffcheck.consistency.intervals import phrase_bands
    from ffcheck.text import numbers

    phrases = pd.DataFrame(
        {"phrase": ["dozens", "several hundred"], "low": ["24", "200"], "high": ["", "999"]}
    )
    figures = pd.Series([f"{word} ({i})" for i in range(200) for word in ("dozens", "many")])
    numbers._vocabulary.cache_clear()
    low, high = phrase_bands(figures, phrases)
    # One vocabulary, one compiled pattern: not one per distinct figure (400 here).
    assert numbers._vocabulary.cache_info().misses == 1
    # "dozens" has its band (24, open above); "many" is not in this vocabulary (NaN).
    assert (low[0], high[0]) == (24.0, float("inf")) and low[1:2].isna().all()
