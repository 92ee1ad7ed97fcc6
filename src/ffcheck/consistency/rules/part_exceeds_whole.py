"""A part cannot be larger than its whole.

Why: a declared part (women among those who travelled, four countries within
Western Europe) that exceeds its whole means one of the two figures is wrong,
or they do not measure the same population.
Example: "almost 3700" of "Western Europe's estimated 5000" passes; 6,000 would fail.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt
from ffcheck.consistency.rules.base import (
    Failed,
    Rule,
    compared,
    finish,
    pivot_members,
    span,
    stated,
)

RULE = Rule("part-exceeds-whole", "Part larger than its whole", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    pairs = pivot_members(ctx.relation_members("part_of"), ["claim_part", "claim_whole"])
    pairs = ctx.with_claim(pairs, "claim_part", "part_")
    pairs = ctx.with_claim(pairs, "claim_whole", "whole_")
    return finish(pairs)


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    if stated(failed):
        return (
            f"{row['claim_part']} is larger than its whole {row['claim_whole']} as stated",
            f"part {fmt(row['part_lo_stated'], row['part_unit'])} > whole as stated "
            f"{fmt(row['whole_hi_stated'], row['part_unit'])}: "
            f"{compared(row, failed, row['part_unit'])}",
        )
    return (
        f"{row['claim_part']} is larger than its whole {row['claim_whole']}",
        f"part {span(row, 'part_')} > whole {span(row, 'whole_')}: "
        f"{compared(row, failed, row['part_unit'])}",
    )
