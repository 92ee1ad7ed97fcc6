"""What every rule module provides, and helpers they share.

A rule module has a docstring (first line: what it checks; then why, and an
example), ``RULE`` (its id, former ids, default severity and how its claims are
found), ``derive(ctx)`` (the
table GX checks, one row per comparison, with ``row_id`` and the claim ids in
``claim_*`` columns: a pandas DataFrame, ``finish``-ed, or an ibis table left on the
engine, ``derived.numbered``) and ``describe(row, failed)`` (the arithmetic in words, for
the expectation that failed: GX decides, the rule only describes). Its suite
``expectations/<id>.json`` says what must hold, on which reading, how strictly
and how severe a failure is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from ffcheck.consistency.intervals import fmt, fmt_interval

BOTH_READINGS = ("lo", "hi", "lo_stated", "hi_stated", "unit")


class Failed(Protocol):
    """The expectation GX found failing for a row: its type, kwargs, meta and reading."""

    expectation: str
    kwargs: dict[str, Any]
    meta: dict[str, Any]

    @property
    def reading(self) -> str: ...


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    origin: str  # "declared" (relations.csv) or "inferred" (from the vocabularies)
    aliases: tuple[str, ...] = ()  # former ids: reviews recorded under them still apply
    severity: str = "error"  # used when the suite's meta gives none


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Number the derived rows; GX reports failures by this ``row_id``."""
    frame = frame.reset_index(drop=True)
    frame.insert(0, "row_id", range(len(frame)))
    return frame


def span(row: pd.Series, prefix: str) -> str:
    return fmt_interval(row[f"{prefix}lo"], row[f"{prefix}hi"], str(row.get(f"{prefix}unit", "")))


def pivot_members(members: pd.DataFrame, roles: list[str]) -> pd.DataFrame:
    """One row per relation with the claim id of each role (by position)."""
    picked = members[members["position"] < len(roles)]
    wide = picked.pivot(index="relation_id", columns="position", values="claim_id")
    wide.columns = [roles[i] for i in wide.columns]
    wide = wide.reindex(columns=roles)
    wide.index.name = "relation_id"
    return wide.reset_index()


def stated(failed: Failed) -> bool:
    return failed.reading == "as_stated"


def compared(row: pd.Series, failed: Failed, unit: str = "") -> str:
    """What the failing expectation compared, with the row's values: 'a < b'."""
    kw = failed.kwargs
    if failed.expectation == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = kw["column_A"], kw["column_B"]
        op = "<" if kw.get("or_equal") else "≤"
        return f"{a} {fmt(row[a], unit)} {op} {b} {fmt(row[b], unit)}"
    if failed.expectation == "expect_column_values_to_be_between":
        column = kw["column"]
        low, high = kw.get("min_value"), kw.get("max_value")
        value = f"{column} {fmt(row[column], unit)}"
        if low is not None and high is not None:
            return f"{value} outside {fmt(float(low), unit)}–{fmt(float(high), unit)}"
        if high is not None:
            return f"{value} > {fmt(float(high), unit)}"
        if low is not None:
            return f"{value} < {fmt(float(low), unit)}"
        return value
    return f"{failed.expectation} fails"


def which(failed: Failed, *names: str) -> bool:
    """Whether the failing expectation compares any of the columns ``names``."""
    return any(v in names for k, v in failed.kwargs.items() if k.startswith("column"))
