"""A stated order must match the figures the document gives.

Why: "followed by", "X outnumbered Y" (relations of kind ``ranking``: each
claim at least every later one) and "the largest contingent", "more than any
other" (kind ``largest``: the first claim at least each of the others, with no
order among the others) rank subjects; when the document's own figures put a
lower-ranked subject clearly above a higher one, the ranking and the figures
contradict each other.
Example: France (over 900) ranked before Germany (720-760) passes.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish, span, stated

RULE = Rule("ranking-violated", "Stated ranking contradicted by figures", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    ranked = ctx.members[ctx.members["kind"].isin(["ranking", "largest"])]
    members = ranked[["relation_id", "kind", "position", "claim_id"]]
    pairs = members.merge(members, on=["relation_id", "kind"], suffixes=("_higher", "_lower"))
    ordered = pairs["position_higher"] < pairs["position_lower"]
    first_only = (pairs["kind"] != "largest") | (pairs["position_higher"] == 0)
    pairs = pairs[ordered & first_only].drop(columns="kind")
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
