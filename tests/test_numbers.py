"""The number parser on every style the bundled document uses."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ffcheck.text.numbers import (
    BOUNDS_REASON_RE,
    Figure,
    _alternation,
    find_figures,
    find_numbers,
    parse_figure,
    same_value,
    stated_qualifier,
)

STYLES = [
    ("65,726", 65726, 65726, False),
    ("3,922-4,294", 3922, 4294, False),
    ("10,000–20,000", 10000, 20000, False),
    ("between 420-516", 420, 516, False),
    ("between 27,000 to 31,000", 27000, 31000, False),
    ("between 1,132 and 1,707", 1132, 1707, False),
    ("50–100", 50, 100, False),
    ("over 10,000", 10000, None, False),
    ("more than 8000", 8000, None, False),
    ("in excess of 40,000", 40000, None, False),
    ("above 310", 310, None, False),
    ("at least 330", 330, None, False),
    ("up to 125", None, 125, False),
    ("around 10,000 or less", None, 10000, False),
    ("as many as 10,000", None, 10000, False),
    ("less than 500 fighters per month", None, 500, False),
    ("nearly 7 thousand", 7000, 7000, False),
    ("2,000 fighters per month", 2000, 2000, False),
    ("about 500-900", 500, 900, False),
    ("25-30,000", 25000, 30000, False),
    ("13-125,000", 13, 125000, False),  # found by hypothesis: too far apart for shorthand
    # Shorthand ("25-30,000"): a bare low takes the round high's scale when the scaled
    # low is below the high and the high below four times it; any dash, not "to".
    ("25–30,000", 25000, 30000, False),
    ("25—30,000", 25000, 30000, False),
    ("25 to 30,000", 25, 30000, False),
    ("25-30000", 25, 30000, False),  # a high without a comma carries no scale
    ("30-30,000", 30, 30000, False),  # 30,000 is not above the scaled low
    ("25-100,000", 25, 100000, False),  # exactly four times: too far apart
    ("25-99,000", 25000, 99000, False),
    ("2-3,000,000", 2_000_000, 3_000_000, False),  # millions
    ("1-1,001", 1, 1001, False),
    ("5,000 to over 10,000", 5000, 10000, False),
    ("between five million and 10 million", 5_000_000, 10_000_000, False),
    ("one million pounds", 1_000_000, 1_000_000, False),
    ("two thirds", 66.67, 66.67, True),
    ("nearly two thirds", 66.67, 66.67, True),
    ("half", 50, 50, True),
    ("nearly half", 50, 50, True),
    ("A third", 33.33, 33.33, True),
    ("three quarters", 75, 75, True),
    ("The remaining quarter", 25, 25, True),
    ("one in nine", 11.11, 11.11, True),
    ("30 percent", 30, 30, True),
    ("69%", 69, 69, True),
    ("50-80%", 50, 80, True),
    ("less than 2%", None, 2, True),
    ("nearly 300%", 300, 300, True),
    ("between 60% to two thirds", 60, 66.67, True),
    ("five", 5, 5, False),
    ("Forty", 40, 40, False),
    ("eight men", 8, 8, False),
    ("a woman", 1, 1, False),
    ("thrice", 3, 3, False),
    ("25.7", 25.7, 25.7, False),
    ("14–69", 14, 69, False),
    ("three to five years", 3, 5, False),
    ("twenty-five", 25, 25, False),
    ("a majority", 50, None, True),
]


@pytest.mark.parametrize(("text", "low", "high", "percent"), STYLES)
def test_every_style_of_the_document(text, low, high, percent):
    figure = parse_figure(text)
    assert figure is not None
    assert same_value(figure.low, low), figure
    assert same_value(figure.high, high), figure
    assert figure.percent is percent


@pytest.mark.parametrize(
    "text", ["hundreds", "thousands", "several hundred", "", "   ", "dozens", "no number here"]
)
def test_words_without_a_number_are_no_figure(text):
    assert parse_figure(text) is None


def test_qualifier_words_are_recognised():
    assert parse_figure("about 200").qualifier == "approx"
    assert parse_figure("nearly half").qualifier == "nearly"
    assert parse_figure("up to 700").qualifier == "up_to"
    assert parse_figure("3,922-4,294").qualifier == "range"


@given(st.text(max_size=80))
def test_parser_never_raises(text):
    result = parse_figure(text)
    assert result is None or isinstance(result, Figure)


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_separators_round_trip(value):
    figure = parse_figure(f"{value:,}")
    assert figure is not None and figure.low == value and figure.high == value


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_round_trip(a, b):
    low, high = min(a, b), max(a, b)
    figure = parse_figure(f"between {low:,} and {high:,}")
    assert figure is not None and (figure.low, figure.high) == (low, high)


def test_find_numbers_marks_dates_and_names():
    text = "On 31 May 2013, 65,726 were killed; Resolution 2178 and an 80-year-old man."
    spans = {n.text: n.non_claim for n in find_numbers(text)}
    assert spans["65,726"] is None
    assert spans["31"] == "day of a date"
    assert spans["2013"] == "year"
    assert spans["2178"] == "part of a name"
    assert spans["80"] == "age of a person described"


def test_same_value_treats_open_bounds_as_equal_only_to_open():
    assert same_value(None, None)
    assert not same_value(None, 1.0)
    assert same_value(66.666, 66.67)
    assert not same_value(66.6, 66.67)


def test_find_numbers_skips_the_lone_word_one_in_any_case():
    # "one" is a number in form only ("one of them"); the numbers after it still count.
    spans = [n.text for n in find_numbers("One said five, then one more said 6.")]
    assert spans == ["five", "6"]


# --- the one figure grammar: every bundled figure, and styles of other documents --


def _bundled():
    from builders import BUNDLED_CLAIMS

    from ffcheck.authoring.readers import vague_bands
    from ffcheck.tables.load import load_claimset

    claimset = load_claimset(BUNDLED_CLAIMS)
    columns = ["claim_id", "figure", "low", "high", "qualifier", "note"]
    return list(claimset.claims[columns].itertuples()), vague_bands(claimset.vocab)


BUNDLED_ROWS, BANDS = _bundled()


def _bundled_rows():
    return BUNDLED_ROWS


@pytest.mark.parametrize("row", _bundled_rows(), ids=lambda r: r.claim_id)
def test_every_bundled_figure_parses_back_to_its_row(row):
    # The bundled claims are the corpus: the figure alone gives low, high and
    # qualifier, unless the note states why not ("bounds: ...").
    if BOUNDS_REASON_RE.search(row.note):
        return
    if row.qualifier == "vague":
        # A vague phrase reads as its band in vocab/phrases.csv, through the same grammar.
        spans = [s for s in find_figures(row.figure, BANDS) if s.figure.qualifier == "vague"]
        assert spans, row.figure
        figure = spans[0].figure
    else:
        figure = parse_figure(row.figure)
    assert figure is not None
    assert same_value(figure.low, float(row.low) if row.low else None)
    assert same_value(figure.high, float(row.high) if row.high else None)
    assert stated_qualifier(figure) == row.qualifier


NEW_STYLES = [
    # (words, low, high, qualifier): styles a second document brings
    ("never more than 300", None, 300, "up_to"),
    ("not exceeding 40", None, 40, "up_to"),
    ("no more than 12", None, 12, "up_to"),
    ("no fewer than 12", 12, None, "at_least"),
    ("not less than 7", 7, None, "at_least"),
    ("500 or more", 500, None, "at_least"),
    ("a minimum of 300", 300, None, "at_least"),
    ("roughly 20%", 20, 20, "approx"),
    ("16.7% to 29.2%", 16.7, 29.2, "range"),
    ("between 16.7% and 29.2%", 16.7, 29.2, "range"),
    ("three-quarters", 75, 75, "exact"),
    ("just under 500", 500, 500, "nearly"),
    ("from 5,000 to over 10,000", 5000, 10000, "approx_range"),
    ("about 500-900", 500, 900, "approx_range"),
]


@pytest.mark.parametrize(("text", "low", "high", "qualifier"), NEW_STYLES)
def test_styles_of_other_documents(text, low, high, qualifier):
    figure = parse_figure(text)
    assert figure is not None
    assert (figure.low, figure.high, stated_qualifier(figure)) == (low, high, qualifier)


def test_find_figures_keeps_a_range_with_an_open_top_whole():
    # add once split this into "5,000" and "over 10,000" and closed the top.
    spans = find_figures("numbers range from 5,000 to over 10,000 over the conflict")
    assert [s.text for s in spans] == ["from 5,000 to over 10,000"]


def test_find_figures_keeps_qualifier_words():
    text = "roughly 300 came, a minimum of 40 returned and never more than 12 a week left"
    assert [s.text for s in find_figures(text)] == [
        "roughly 300",
        "a minimum of 40",
        "never more than 12",
    ]


def test_ordinals_and_year_ends_are_no_figures():
    # "11th", "35th Division" are names of things; "1914–18" is a span of years.
    text = "In 1914–18 the 35th Division and the 11th Battalion lost 4,000 men."
    assert [s.text for s in find_figures(text)] == ["4,000"]
    marks = {n.text: n.non_claim for n in find_numbers(text)}
    assert marks["18"] == "year" and "11" not in marks and "35" not in marks


def test_a_share_with_the_digits_of_a_year_is_a_figure():
    # Found by Hypothesis: "1900% to 1901%" was read as two years and gave no figure.
    assert [s.text for s in find_figures("it rose 1900% to 1901% in all")] == ["1900% to 1901%"]
    assert [s.text for s in find_figures("up 2000 percent since")] == ["2000 percent"]
    assert [n.non_claim for n in find_numbers("in 2014 it rose")] == ["year"]


def test_a_majority_and_an_age_are_two_figures():
    text = "The majority of them were male and under 25"
    assert [s.text for s in find_figures(text)] == ["The majority", "under 25"]


@given(
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=1, max_value=10**7),
    st.sampled_from(["{a:,}", "about {a:,}", "over {a:,}", "{a:,} to {b:,}", "{a}% to {b}%"]),
)
def test_a_figure_inside_a_sentence_is_found_whole(a, b, style):
    a, b = sorted((a, b))
    if a == b:
        b += 1
    words = style.format(a=a, b=b)
    spans = find_figures(f"The report said {words} fighters came.")
    assert [s.text for s in spans] == [words]
    assert spans[0].figure == parse_figure(words)


def test_the_over_of_a_phrasal_verb_is_no_bound():
    # "handed over four children" hands over four: it does not say "more than four".
    spans = find_figures("the administration handed over four children to Germany")
    assert [(s.text, stated_qualifier(s.figure)) for s in spans] == [("four", "exact")]
    assert (spans[0].start, spans[0].end) == (31, 35)  # the span is "four" alone, after "over "


ONE = Figure(1.0, 1.0, False, None)  # exactly one person: a count, no qualifier


def test_an_article_in_a_list_of_counts_is_one():
    # "a Somali and two Kosovars" are three people: the article counts one.
    text = "a Somali and two Kosovars were arrested; two Belgians and a Russian went"
    spans = [(s.start, s.end, s.text, s.figure) for s in find_figures(text)]
    assert spans == [
        (0, 8, "a Somali", ONE),
        (13, 16, "two", Figure(2.0, 2.0, False, None)),
        (41, 44, "two", Figure(2.0, 2.0, False, None)),
        (58, 67, "a Russian", ONE),
    ]


def test_a_share_before_a_list_of_counts_does_not_hide_it():
    # A percentage counts no people ("20%" is no one), and the list after it is still read.
    text = "Some 20% came back; much later still, a Somali and two Kosovars were arrested"
    assert [(s.start, s.text, s.figure.low) for s in find_figures(text)] == [
        (0, "Some 20%", 20.0),
        (38, "a Somali", 1.0),  # read back from "two", 51 characters into the text
        (51, "two", 2.0),
    ]


def test_vague_phrases_are_figures_when_their_bands_are_given():
    bands = {
        "the majority": (50.0, 100.0, True),
        "hundreds": (200.0, 999.0, False),
        "nearly half": (40.0, 50.0, True),
    }
    text = "The majority were under 25; hundreds came; nearly half returned"
    spans = {s.text: s.figure for s in find_figures(text, bands)}
    # A phrase without a number reads as its band; "nearly half" keeps its number reading.
    assert spans["The majority"] == Figure(50.0, 100.0, True, "vague")
    assert spans["hundreds"] == Figure(200.0, 999.0, False, "vague")
    assert spans["nearly half"] == Figure(50.0, 50.0, True, "nearly")
    assert "under 25" in spans
    assert [s.text for s in find_figures(text)] == ["The majority", "under 25", "nearly half"]


# Bands as vocab/phrases.csv gives them (low, high, share); two phrases hold a year.
MIXED_BANDS = {
    "most": (50.0, 100.0, True),
    "many": (10.0, None, False),
    "half": (45.0, 55.0, True),
    "one in nine": (10.0, 12.5, True),
    "hundreds": (200.0, 999.0, False),
    "2015 cohort": (1.0, 9.0, False),
    "class of 2015": (1.0, 9.0, False),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the most capable" is a superlative: skipped, and the phrase after it still read.
        ("the most capable; hundreds went", [("hundreds", 200.0, 999.0, "vague")]),
        # "half" and "one in nine" are numbers the grammar reads exactly: no band replaces them,
        # and a phrase after them is still read as its band.
        (
            "half of them; hundreds went",
            [("half", 50.0, 50.0, None), ("hundreds", 200.0, 999.0, "vague")],
        ),
        ("one in nine went", [("one in nine", 11.11, 11.11, None)]),
        # "as many as 10,000" holds "many" but is a bound the grammar reads: it stands.
        (
            "as many as 10,000; hundreds went",
            [("as many as 10,000", None, 10000.0, "up_to"), ("hundreds", 200.0, 999.0, "vague")],
        ),
        # A phrase holding a number (a year, at its start or its end) is never a band.
        ("the 2015 cohort went", []),
        ("the class of 2015 went", []),
        # A year alone, at the start of the text or of a figure, is no figure.
        ("2014: 300 left", [("300", 300.0, 300.0, None)]),
    ],
)
def test_vague_phrases_beside_numbers_years_and_superlatives(text, expected):
    spans = find_figures(text, MIXED_BANDS)
    assert [(s.text, s.figure.low, s.figure.high, s.figure.qualifier) for s in spans] == expected


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("more than 500", "more than"),  # the longer phrase wins over its prefix "more"
        ("more\n than 500", "more\n than"),  # a line break between its words still matches
        ("more 500", "more"),
    ],
)
def test_qualifier_phrases_match_longest_first_across_any_whitespace(text, said):
    # _alternation builds the qualifier patterns at import: called here, a test sees it.
    pattern = re.compile(rf"(?:{_alternation(['more', 'more than'])})")
    assert pattern.match(text).group(0) == said
