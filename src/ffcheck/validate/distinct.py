"""Row checks on distinct values: a million claims hold far fewer distinct figures,
dates or (document, quote) pairs than rows, so what needs Python runs once per distinct
value (or tuple) and is spread back to every row by integer codes."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

ROWS_AT_ONCE = 65_536  # rows turned into Python strings at a time by the per-row loops

Factorized = tuple[np.ndarray, int]  # codes, how many distinct values


def distinct_codes(
    frame: pd.DataFrame,
    columns: list[str],
    factorize: Callable[[str], Factorized] | None = None,
) -> np.ndarray:
    """One integer per row naming its tuple of ``columns``, the tuples numbered in order of
    first appearance. Column codes are combined by place value (one factorization at the
    end, another only when the next column would overflow 62 bits)."""
    codes = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for column in columns:
        column_codes, count = (factorize or _factorize(frame))(column)
        width = count + 1
        if size * width >= 2**62:
            codes, seen = pd.factorize(codes)
            size = len(seen)
        codes = codes * width + column_codes
        size *= width
    codes, distinct = pd.factorize(codes)
    return _narrow(codes, len(distinct))


def _narrow(codes: np.ndarray, count: int) -> np.ndarray:
    """Codes in 32 bits when they fit: a million rows' codes are kept for several checks."""
    return codes.astype(np.int32) if count < 2**31 else codes


def _factorize(frame: pd.DataFrame) -> Callable[[str], Factorized]:
    def factorize(column: str) -> Factorized:
        codes, distinct = pd.factorize(frame[column])
        return _narrow(codes, len(distinct)), len(distinct)

    return factorize


def per_distinct(
    frame: pd.DataFrame,
    columns: list[str],
    check: Callable[[pd.DataFrame], pd.Series],
    codes: np.ndarray | None = None,
) -> pd.Series:
    """``check`` run once per distinct tuple of the ``columns`` it reads, mapped back to
    every row (a million claims hold a few thousand distinct figures or dates); ``codes``,
    if given, are ``distinct_codes(frame, columns)``."""
    codes = distinct_codes(frame, columns) if codes is None else codes
    # codes number the tuples in order of first appearance: row i of ``firsts`` has code i
    firsts = pd.Series(codes).drop_duplicates().index.to_numpy()
    answers = np.asarray(check(frame[columns].iloc[firsts]), dtype=bool)
    return pd.Series(answers[codes], index=frame.index)


class SameFrame:
    """What the row checks compute from the frame they are given (provenance, distinct
    codes), kept while pandera calls them with that same frame, computed once."""

    def __init__(self) -> None:
        # A weak reference: a new frame never hits, and the frame is not kept alive.
        self.frame: weakref.ref[pd.DataFrame] | None = None
        self.values: dict[object, object] = {}

    def get(self, frame: pd.DataFrame, key: object, compute: Callable[[], object]) -> Any:
        if self.frame is None or self.frame() is not frame:
            self.frame, self.values = weakref.ref(frame), {}
        if key not in self.values:
            self.values[key] = compute()
        return self.values[key]

    def codes(self, frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
        def factorize(column: str) -> Factorized:
            return self.get(frame, ("column", column), lambda: _factorize(frame)(column))

        return self.get(
            frame, ("tuple", *columns), lambda: distinct_codes(frame, columns, factorize)
        )


def of_distinct_values(check: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
    """A column check run once per distinct value and spread back to every row."""

    def run(values: pd.Series) -> pd.Series:
        codes, distinct = pd.factorize(values, use_na_sentinel=False)
        answers = np.asarray(check(pd.Series(distinct, dtype=values.dtype)), dtype=bool)
        return pd.Series(answers[codes], index=values.index)

    return run


def on_distinct(
    columns: list[str], check: Callable[[pd.DataFrame], pd.Series], shared: SameFrame
) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda frame: per_distinct(frame, columns, check, shared.codes(frame, columns))


def in_chunks(check: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    """A row check that reads cells as Python strings, run on ``ROWS_AT_ONCE`` rows at a time."""

    def run(frame: pd.DataFrame) -> pd.Series:
        if len(frame) <= ROWS_AT_ONCE:
            return check(frame)
        parts = range(0, len(frame), ROWS_AT_ONCE)
        return pd.concat([check(frame.iloc[start : start + ROWS_AT_ONCE]) for start in parts])

    return run
