"""What each stated figure admits (claim intervals), interval arithmetic of formulas, the
intervals of dates, and how bounds are written back for a reader."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from builders import BUNDLED_CLAIMS

from ffcheck.consistency.intervals import claim_intervals, fmt, fmt_interval
from ffcheck.consistency.rules.arithmetic_fails import evaluate
from ffcheck.text.dates import date_bounds, is_valid_date

VOCAB = BUNDLED_CLAIMS / "vocab"
INF = math.inf


def vocab(name: str) -> pd.DataFrame:
    return pd.read_csv(VOCAB / f"{name}.csv", dtype=str, keep_default_na=False)


# (figure, qualifier, unit, low, high) -> (lo, hi, top), each with why.
INTERVALS = [
    # A count written to the unit admits exactly itself (persons have precision 0).
    ("900", "exact", "persons", 900, 900, 900, 900, 900),
    # "about" widens both bounds by 15%.
    ("about 1,000", "approx", "persons", 1000, 1000, 850, 1150, 1150),
    # "nearly" only from below: up to 15% less, never more.
    ("nearly 1,000", "nearly", "persons", 1000, 1000, 850, 1000, 1000),
    # "over 900" is open above; as stated it tops out at 900.
    ("over 900", "more_than", "persons", 900, None, 900, INF, 900),
    # "up to 125" is open below, down to zero.
    ("up to 125", "up_to", "persons", None, 125, 0, 125, 125),
    # An exact percent has the precision it is written with: 30% is 29.5-30.5%.
    ("30%", "exact", "percent", 30, 30, 29.5, 30.5, 30.5),
    # "about" replaces precision by its wider tolerance: 30% ± 15% is 25.5-34.5%.
    ("about 30%", "approx", "percent", 30, 30, 25.5, 34.5, 34.5),
    # Only the high side of "nearly 30%" keeps its precision: 25.5-30.5%.
    ("nearly 30%", "nearly", "percent", 30, 30, 25.5, 30.5, 30.5),
    # "less than 2%": from zero (the precision never goes below 0) to 2.5%.
    ("less than 2%", "less_than", "percent", None, 2, 0, 2.5, 2.5),
    # A worded share reads through its band in vocab/phrases.csv: "nearly half" is 40-50%.
    ("nearly half", "nearly", "percent", 50, 50, 40, 50, 50),
]


@pytest.mark.parametrize(
    ("figure", "qualifier", "unit", "low", "high", "lo", "hi", "top"),
    INTERVALS,
    ids=[row[0] for row in INTERVALS],
)
def test_what_a_figure_admits(figure, qualifier, unit, low, high, lo, hi, top):
    claims = pd.DataFrame(
        {"figure": [figure], "qualifier": [qualifier], "unit": [unit], "low": [low], "high": [high]}
    )
    claims[["low", "high"]] = claims[["low", "high"]].astype(float)
    out = claim_intervals(claims, vocab("qualifiers"), vocab("phrases"), vocab("units")).iloc[0]
    assert (out["lo"], out["hi"], out["top"]) == pytest.approx((lo, hi, top))


FORMULAS = [
    # Subtraction takes the other side's opposite bound: 1,000-1,200 minus 100-300 is 700-1,100.
    ("{a} - {b} == 0", {"a": (1000, 1200), "b": (100, 300)}, (700, 1100), "==", (0, 0)),
    ("{a} + {b} <= 0", {"a": (1000, 1200), "b": (100, 300)}, (1100, 1500), "<=", (0, 0)),
    # Products of intervals take the extreme corners.
    ("{a} * {b} >= 0", {"a": (2, 3), "b": (10, 20)}, (20, 60), ">=", (0, 0)),
    # Division by an interval excluding zero: 100 / 4-5 is 20-25; "<" is read as "<=".
    ("{a} / {b} < 1", {"a": (100, 100), "b": (4, 5)}, (20, 25), "<=", (1, 1)),
    # Division by an interval holding zero is unbounded.
    ("{a} / {b} > 1", {"a": (1, 2), "b": (0, 5)}, (-INF, INF), ">=", (1, 1)),
    # A claim named twice is one value; constants are exact.
    ("{a} + {a} == 2 * {a}", {"a": (1, 2)}, (2, 4), "==", (2, 4)),
    # A divisor that reaches zero at its top is unbounded too (-5 to 0 holds 0).
    ("{a} / {b} > 1", {"a": (1, 2), "b": (-5, 0)}, (-INF, INF), ">=", (1, 1)),
    # An open top times a range from 0: "∞ × 0" is no corner, so the product is 0 to ∞.
    ("{a} * {b} >= 0", {"a": (0, INF), "b": (0, 1)}, (0, INF), ">=", (0, 0)),
    # The largest constant allowed is 1e300 itself.
    ("{a} <= 1e300", {"a": (1, 1)}, (1, 1), "<=", (1e300, 1e300)),
]


@pytest.mark.parametrize(("formula", "values", "left", "op", "right"), FORMULAS)
def test_formula_sides_in_interval_arithmetic(formula, values, left, op, right):
    got_left, got_op, got_right = evaluate(formula, values)
    assert (got_left, got_op, got_right) == (left, op, right)


@pytest.mark.parametrize(
    "formula", ["{a} + 1", "{a} == {b} == {c}", "{a} ** 2 == 4", "{a} != 1", "len({a}) == 1"]
)
def test_a_formula_is_one_comparison_of_plain_arithmetic(formula):
    with pytest.raises(ValueError):
        evaluate(formula, {"a": (1, 1), "b": (1, 1), "c": (1, 1)})


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("{a} <= 1" + " " * 992, None),  # 1,000 characters: the longest formula allowed
        ("{a} <= 1" + " " * 993, "longer than 1000 characters"),
        ("{a} <= " + "+".join(["1"] * 101), None),  # 100 operations: the most allowed
        ("{a} <= " + "+".join(["1"] * 102), "more than 100 operations"),
        ("{a} + 1", "a formula is one comparison: ==, <=, >=, < or >"),
        ("{a} <= abs({a})", "unsupported expression: Call(func=Name(id='abs', ctx=Load()), "),
    ],
)
def test_formula_limits_and_what_a_refusal_says(formula, message):
    if message is None:
        assert evaluate(formula, {"a": (1, 1)})[1] == "<="
    else:
        with pytest.raises(ValueError) as refused:
            evaluate(formula, {"a": (1, 1)})
        assert str(refused.value).startswith(message)


def test_hyphens_and_letters_of_claim_ids_are_no_operations():
    # 100 operations, the most allowed, between ids that hold hyphens, slashes and X's.
    formula = "{all-2014/X} <= " + "+".join(["{x-1}"] * 101)
    assert evaluate(formula, {"all-2014/X": (1, 1), "x-1": (1, 1)})[1] == "<="


def test_a_constant_beyond_1e300_is_refused_with_its_first_20_digits():
    with pytest.raises(ValueError) as refused:
        evaluate("{a} <= " + "1" + "0" * 400, {"a": (1, 1)})
    assert str(refused.value) == "the constant 10000000000000000000... is too large"


DATES = [
    ("2014", "2014-01-01", "2014-12-31"),  # a year is all of its days
    ("2016-02", "2016-02-01", "2016-02-29"),  # a month, to its last day (leap year)
    ("2015-10-31", "2015-10-31", "2015-10-31"),  # a day is itself
]


@pytest.mark.parametrize(("text", "start", "end"), DATES)
def test_a_date_is_the_interval_of_days_it_covers(text, start, end):
    starts, ends = date_bounds(pd.Series([text]))
    assert (str(starts[0].date()), str(ends[0].date())) == (start, end)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("", True),  # an empty cell is no date, and allowed
        ("2015", True),
        ("2015-02-29", False),  # 2015 is no leap year
        ("2015-13", False),
        ("1899", False),  # before any claim of this project
        ("15-01-2015", False),  # not ISO
    ],
)
def test_is_valid_date(text, valid):
    assert bool(is_valid_date(pd.Series([text]))[0]) is valid


@pytest.mark.parametrize(
    ("lo", "hi", "unit", "text"),
    [
        (900, 900, "", "900"),
        (3922, 4294, "", "3,922–4,294"),
        (900, INF, "", "≥ 900"),
        (0, 125, "", "≤ 125"),
        (-INF, 300, "", "≤ 300"),  # bounded only from above: no "∞–300"
        (29.5, 30.5, "percent", "29.50%–30.50%"),
        (11.1, 11.1, "percent", "11.10%"),
        (65726.4, 65726.4, "", "65,726"),  # from 100 on, whole numbers only
    ],
)
def test_bounds_are_written_as_a_reader_would(lo, hi, unit, text):
    assert fmt_interval(lo, hi, unit) == text


def test_a_missing_bound_is_a_question_mark():
    assert fmt(float("nan")) == "?" and fmt(None) == "?"  # type: ignore[arg-type]
