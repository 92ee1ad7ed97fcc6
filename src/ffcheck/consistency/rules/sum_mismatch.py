"""Parts must add up to their total (or at least not exceed it).

Why: when the text breaks a total into parts ("11 Malaysians have returned
including eight men, a woman, and two young children") the parts must sum to
the total; when the breakdown is not declared complete, they must not exceed it.
Example: 8 + 1 + 2 = 11 passes; 8 + 1 + 3 against 11 fails.
"""

from __future__ import annotations

import math

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish, stated, which

RULE = Rule("sum-mismatch", "Parts do not add up to the total", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    members = ctx.relation_members("sum_of").join(
        ctx.claims[["lo", "hi", "lo_stated", "hi_stated", "unit"]], on="claim_id"
    )
    totals = members[members["position"] == 0].set_index("relation_id")
    parts = (
        members[members["position"] > 0]
        .groupby("relation_id")
        .agg(
            parts_lo=("lo", "sum"),
            parts_hi=("hi", "sum"),
            parts_lo_stated=("lo_stated", "sum"),
            parts_hi_stated=("hi_stated", "sum"),
            claim_parts=("claim_id", " ".join),
        )
    )
    table = totals.rename(
        columns={
            "claim_id": "claim_total",
            "lo": "total_lo",
            "hi": "total_hi",
            "lo_stated": "total_lo_stated",
            "hi_stated": "total_hi_stated",
            "unit": "total_unit",
        }
    ).join(parts)
    # Incomplete breakdowns may fall short of the total: only the sum's excess counts.
    table["parts_hi_if_complete"] = table["parts_hi"].where(table["complete"], math.inf)
    table["parts_hi_stated_if_complete"] = table["parts_hi_stated"].where(
        table["complete"], math.inf
    )
    table = table[
        [
            "claim_total",
            "claim_parts",
            "complete",
            "total_lo",
            "total_hi",
            "total_lo_stated",
            "total_hi_stated",
            "total_unit",
            "parts_lo",
            "parts_hi",
            "parts_lo_stated",
            "parts_hi_stated",
            "parts_hi_if_complete",
            "parts_hi_stated_if_complete",
        ]
    ]
    return finish(table.reset_index())


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    unit = row["total_unit"]
    suffix = "_stated" if stated(failed) else ""
    as_stated = " as stated" if suffix else ""
    total = fmt_interval(row[f"total_lo{suffix}"], row[f"total_hi{suffix}"], unit)
    parts = fmt_interval(row[f"parts_lo{suffix}"], row[f"parts_hi{suffix}"], unit)
    if which(failed, "parts_lo", "parts_lo_stated"):
        return (
            f"the parts of {row['claim_total']} add up to more than the total{as_stated}",
            f"sum of parts {parts} > total {total}: {compared(row, failed, unit)}",
        )
    return (
        f"the complete breakdown of {row['claim_total']} falls short of the total{as_stated}",
        f"sum of parts {parts} < total {total}: {compared(row, failed, unit)}",
    )
