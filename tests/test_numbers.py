"""The number parser on every style the bundled document uses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ffcheck.text.numbers import Figure, find_numbers, parse_figure, same_value

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
