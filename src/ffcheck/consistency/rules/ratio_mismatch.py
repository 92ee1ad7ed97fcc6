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
from ffcheck.consistency.intervals import fmt, fmt_interval
from ffcheck.consistency.rules.base import (
    Failed,
    Rule,
    compared,
    finish,
    pivot_members,
    span,
    stated,
    which,
)

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
    with np.errstate(divide="ignore", invalid="ignore"):
        table["computed_lo_stated"] = 100 * table["num_lo_stated"] / table["den_hi_stated"]
        table["computed_hi_stated"] = 100 * table["num_hi_stated"] / table["den_lo_stated"]
        # "A to B died of C to D, rates of P% to Q%": P is A of C and Q is B of D.
        paired = (
            (table["share_lo_stated"] < table["share_hi_stated"])
            & (table["num_lo_stated"] < table["num_hi_stated"])
            & (table["den_lo_stated"] < table["den_hi_stated"])
        )
        low_end = 100 * table["num_lo_stated"] / table["den_lo_stated"]
        high_end = 100 * table["num_hi_stated"] / table["den_hi_stated"]
    table["paired_gap_low"] = (table["share_lo_stated"] - low_end).abs().where(paired)
    table["paired_gap_high"] = (table["share_hi_stated"] - high_end).abs().where(paired)
    return finish(table.replace({"computed_hi_stated": {np.nan: np.inf}}))


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    suffix = "_stated" if stated(failed) else ""
    as_stated = " as stated" if suffix else ""
    if which(failed, "paired_gap_low", "paired_gap_high"):
        return (
            f"the range {row['claim_share']} does not pair its ends with "
            f"{row['claim_numerator']} of {row['claim_denominator']}",
            f"low end {fmt(row['num_lo_stated'])} / {fmt(row['den_lo_stated'])} and high end "
            f"{fmt(row['num_hi_stated'])} / {fmt(row['den_hi_stated'])} against "
            f"{span(row, 'share_')}: {compared(row, failed)}",
        )
    computed = fmt_interval(row[f"computed_lo{suffix}"], row[f"computed_hi{suffix}"], "percent")
    return (
        f"{row['claim_share']} does not match {row['claim_numerator']} of "
        f"{row['claim_denominator']}{as_stated}",
        f"{span(row, 'num_')} / {span(row, 'den_')} = {computed}, but the share "
        f"admits {span(row, 'share_')}: {compared(row, failed, 'percent')}",
    )
