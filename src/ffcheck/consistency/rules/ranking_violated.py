"""A stated order must match the figures the document gives.

Why: "the largest contingent", "followed by", "the largest groups being ..."
rank subjects; when the document's own figures put a later-ranked subject
clearly above an earlier one, the ranking and the figures contradict each other.
Example: France (over 900) ranked before Germany (720-760) passes.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish, span, stated

RULE = Rule("ranking-violated", "Stated ranking contradicted by figures", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    members = ctx.relation_members("ranking")[["relation_id", "position", "claim_id"]]
    pairs = members.merge(members, on="relation_id", suffixes=("_higher", "_lower"))
    pairs = pairs[pairs["position_higher"] < pairs["position_lower"]]
    pairs = pairs.rename(
        columns={"claim_id_higher": "claim_higher", "claim_id_lower": "claim_lower"}
    )
    pairs = ctx.with_claim(pairs, "claim_higher", "higher_")
    pairs = ctx.with_claim(pairs, "claim_lower", "lower_")
    return finish(pairs.drop(columns=["position_higher", "position_lower"]))


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    as_stated = " as stated" if stated(failed) else ""
    return (
        f"{row['claim_lower']} is ranked below {row['claim_higher']} but its figure is "
        f"higher{as_stated}",
        f"ranked lower: {span(row, 'lower_')} > ranked higher: {span(row, 'higher_')}: "
        f"{compared(row, failed, row['lower_unit'])}",
    )
