"""Dates with their precision: "2014" is the whole year, "2014-09" the month.

Each date is read as the interval of days it covers, vectorised over a column.
"""

from __future__ import annotations

import pandas as pd

DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
OFFSETS = {4: pd.offsets.YearEnd(0), 7: pd.offsets.MonthEnd(0), 10: pd.offsets.Day(0)}


def date_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day each date covers; NaT for empty or impossible dates.

    A column holds few distinct dates: each is parsed once and mapped back.

    >>> start, end = date_bounds(pd.Series(["2016-02", "2015-02-30"]))
    >>> str(start[0].date()), str(end[0].date()), end.isna().tolist()
    ('2016-02-01', '2016-02-29', [False, True])
    """
    # As objects first: a column pandas read as all-NaN floats takes "" without a warning.
    values = values.astype(object).fillna("").astype("str")
    codes, distinct = pd.factorize(values)
    start, end = _distinct_bounds(pd.Series(distinct, dtype="str"))
    return (
        pd.Series(start.to_numpy()[codes], index=values.index, dtype="datetime64[s]"),
        pd.Series(end.to_numpy()[codes], index=values.index, dtype="datetime64[s]"),
    )


def _distinct_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    start = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    end = start.copy()
    lengths = values.str.len()
    for length, fmt in FORMATS.items():
        mask = lengths == length
        if not mask.any():
            continue
        parsed = pd.to_datetime(values[mask], format=fmt, errors="coerce").astype("datetime64[s]")
        # Year 0000 parses in some libraries; no claim of this project predates 1900.
        parsed = parsed.where(parsed.dt.year >= 1900)
        start[mask] = parsed
        end[mask] = (parsed + OFFSETS[length]).astype("datetime64[s]")
    return start, end


def is_valid_date(values: pd.Series) -> pd.Series:
    """True where the cell is empty or a real date of its stated precision."""
    values = values.astype(object).fillna("").astype("str")
    start, _ = date_bounds(values)
    return (values == "") | start.notna()
