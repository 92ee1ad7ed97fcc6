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
from ffcheck.consistency.rules.base import Rule, finish, span

RULE = Rule("sum-mismatch", "Parts do not add up to the total", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    members = ctx.relation_members("sum_of").join(
        ctx.claims[["lo", "hi", "top", "unit"]], on="claim_id"
    )
    totals = members[members["position"] == 0].set_index("relation_id")
    parts = (
        members[members["position"] > 0]
        .groupby("relation_id")
        .agg(
            parts_lo=("lo", "sum"),
            parts_hi=("hi", "sum"),
            parts_top=("top", "sum"),
            claim_parts=("claim_id", " ".join),
        )
    )
    table = totals.rename(
        columns={
            "claim_id": "claim_total",
            "lo": "total_lo",
            "hi": "total_hi",
            "top": "total_top",
            "unit": "total_unit",
        }
    ).join(parts)
    # Incomplete breakdowns may fall short of the total: only the sum's excess counts.
    table["parts_hi_if_complete"] = table["parts_hi"].where(table["complete"], math.inf)
    table["parts_top_if_complete"] = table["parts_top"].where(table["complete"], math.inf)
    table = table[
        [
            "claim_total",
            "claim_parts",
            "complete",
            "total_lo",
            "total_hi",
            "total_top",
            "total_unit",
            "parts_lo",
            "parts_hi",
            "parts_top",
            "parts_hi_if_complete",
            "parts_top_if_complete",
        ]
    ]
    return finish(table.reset_index())


def describe(row: pd.Series) -> tuple[str, str]:
    total = span(row, "total_")
    parts = fmt_interval(row["parts_lo"], row["parts_hi"], row["total_unit"])
    # At parts_lo == total_hi nothing fails (parts_hi >= parts_top >= parts_lo): ">=" is
    # equivalent.
    if row["parts_lo"] > row["total_hi"]:  # pragma: no mutate
        return (
            f"the parts of {row['claim_total']} add up to more than the total",
            f"sum of parts {parts} > total {total}",
        )
    as_stated = "" if row["parts_hi"] < row["total_lo"] else " as stated"
    stated = fmt_interval(row["parts_lo"], row["parts_top"], row["total_unit"])
    return (
        f"the complete breakdown of {row['claim_total']} falls short of the total{as_stated}",
        f"sum of parts {stated if as_stated else parts} < total {total}",
    )
