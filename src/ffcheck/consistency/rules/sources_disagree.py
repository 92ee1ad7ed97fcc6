"""Figures for the same quantity at the same time should agree.

Why: two claims with the same subject, side, group, cohort, measure and unit
whose time windows overlap state the same quantity (an undated figure spans
the document's whole time frame); when their intervals do not overlap, the
sources disagree (or their scopes differ). Inferred: no declaration needed.
Pairs are formed only within such a scope, and flows only with flows over the
same window.
Example: Belgium 420-516 (ICCT, April 2016) against about 500 (2012-2016) passes.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.rules.base import Rule, finish, span

RULE = Rule("sources-disagree", "Figures for the same quantity disagree", "inferred")
COLUMNS = ["claim_id", *SCOPE, "lo", "hi", "t_from", "t_to", "source", "as_of"]
UNDATED = "undated"


MAX_PAIRWISE = 100  # claims of one scope compared pair by pair; beyond, with extremes only
KEYS = [*SCOPE, "window"]
KEEP = [
    "claim_high",
    "claim_low",
    *SCOPE,
    "lo_high",
    "hi_high",
    "lo_low",
    "hi_low",
    "source_high",
    "source_low",
    "as_of_high",
    "as_of_low",
]


def derive(ctx: RuleContext) -> pd.DataFrame:
    claims = ctx.claims[COLUMNS].reset_index(drop=True)
    # A flow over a window ("in the first half of 2012") is only the same quantity as
    # another flow over the same window; cumulative counts pair with each other.
    flows = ~ctx.claims["from_start"].to_numpy()
    claims["window"] = ctx.claims["period_start"].to_numpy()
    claims.loc[~flows, "window"] = "cumulative"
    # Pairing every claim of a scope with every other is quadratic (8,000 copies of one
    # claim needed 14 GB): a large scope compares each claim with its extremes instead.
    size = claims.groupby(KEYS, dropna=False, sort=False)["claim_id"].transform("size")
    small = claims[size <= MAX_PAIRWISE]
    pairs = small.merge(small, on=KEYS, suffixes=("_high", "_low"))
    # Order each pair so that "_high" holds the larger low bound: one row per pair.
    pairs = pairs[
        (pairs["lo_high"] > pairs["lo_low"])
        | ((pairs["lo_high"] == pairs["lo_low"]) & (pairs["claim_id_high"] < pairs["claim_id_low"]))
    ]
    pairs = pd.concat([_overlapping(pairs), _extreme_pairs(claims[size > MAX_PAIRWISE])])
    return finish(
        pairs.rename(columns={"claim_id_high": "claim_high", "claim_id_low": "claim_low"})[KEEP]
    )


def _overlapping(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs whose time windows overlap."""
    overlap = (pairs["t_from_high"] <= pairs["t_to_low"]) & (
        pairs["t_from_low"] <= pairs["t_to_high"]
    )
    return pairs[overlap]


def _extreme_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """In a large scope, each claim against the claim with the lowest high bound among
    those of each distinct time window: the one it disagrees with most, if any.
    Rows: claims x distinct windows of their scope, not claims squared."""
    if claims.empty:
        return pd.DataFrame()
    lowest = claims.loc[
        claims.groupby([*KEYS, "t_from", "t_to"], dropna=False, sort=False)["hi"].idxmin()
    ]
    pairs = _overlapping(claims.merge(lowest, on=KEYS, suffixes=("_high", "_low")))
    pairs = pairs[pairs["claim_id_high"] != pairs["claim_id_low"]]
    # One partner per claim: the lowest of the overlapping windows' lowest claims.
    return pairs.loc[pairs.groupby("claim_id_high", sort=False)["hi_low"].idxmin()]


def describe(row: pd.Series) -> tuple[str, str]:
    high = span(pd.Series({"lo": row["lo_high"], "hi": row["hi_high"], "unit": row["unit"]}), "")
    low = span(pd.Series({"lo": row["lo_low"], "hi": row["hi_low"], "unit": row["unit"]}), "")
    return (
        f"{row['subject']} {row['measure']}: {row['claim_high']} and {row['claim_low']} "
        "disagree for overlapping dates",
        f"{high} ({row['source_high'] or 'no source'}, {row['as_of_high'] or UNDATED}) "
        f"vs {low} ({row['source_low'] or 'no source'}, {row['as_of_low'] or UNDATED}): "
        "the intervals do not overlap",
    )
