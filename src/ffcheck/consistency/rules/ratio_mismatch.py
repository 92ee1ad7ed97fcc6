"""A stated share must match the counts it relates.

Why: "504 or nearly two thirds" of 778 can be recomputed; a percentage or a
phrase ("nearly half", "a third") whose band misses the computed share is a
contradiction. Phrase bands live in vocab/phrases.csv.
Example: 65,726 of 132,824 is 49.5%, inside "nearly half" (40-50%): passes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import Rule, finish, pivot_members, span

RULE = Rule("ratio-mismatch", "Share does not match its counts", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    table = pivot_members(
        ctx.relation_members("ratio"), ["claim_share", "claim_numerator", "claim_denominator"]
    )
    table = table[(table["claim_numerator"] != "-") & (table["claim_denominator"] != "-")]
    table = ctx.with_claim(table, "claim_share", "share_")
    table = ctx.with_claim(table, "claim_numerator", "num_")
    table = ctx.with_claim(table, "claim_denominator", "den_")
    with np.errstate(divide="ignore", invalid="ignore"):
        table["computed_lo"] = 100 * table["num_lo"] / table["den_hi"]
        table["computed_hi"] = (100 * table["num_hi"] / table["den_lo"]).replace(np.nan, np.inf)
    table["computed_lo"] = table["computed_lo"].fillna(0.0)
    return finish(table)


def describe(row: pd.Series) -> tuple[str, str]:
    computed = fmt_interval(row["computed_lo"], row["computed_hi"], "percent")
    return (
        f"{row['claim_share']} does not match {row['claim_numerator']} of "
        f"{row['claim_denominator']}",
        f"{span(row, 'num_')} / {span(row, 'den_')} = {computed}, but the share "
        f"admits {span(row, 'share_')}",
    )
