"""What every rule module provides, and helpers they share.

A rule module has a docstring (first line: what it checks; then why, and an
example), ``RULE`` (its id, former ids, default severity and how its claims are
found), ``derive(ctx)`` (the
table GX checks, one row per comparison, with ``row_id`` and the claim ids in
``claim_*`` columns) and ``describe(row)`` (the arithmetic in words). Its suite
``expectations/<id>.json`` says what must hold, how strictly and how severe a
failure is.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ffcheck.consistency.intervals import fmt_interval


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
