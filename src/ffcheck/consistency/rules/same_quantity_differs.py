"""Two statements of the same quantity must agree.

Why: where relations.csv declares that claims state one quantity (the same
count given twice, in two places), their intervals must overlap.
Example: "five a week" and "Five a week" agree; 5 against 7 would not.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Rule, finish, span

RULE = Rule("same-quantity-differs", "Declared same quantity, different values", "declared")


def derive(ctx: RuleContext) -> pd.DataFrame:
    members = ctx.relation_members("same_quantity")[["relation_id", "position", "claim_id"]]
    pairs = members.merge(members, on="relation_id", suffixes=("_a", "_b"))
    # A claim paired with itself always overlaps, so "<=" is equivalent.
    pairs = pairs[pairs["position_a"] < pairs["position_b"]]  # pragma: no mutate
    pairs = pairs.rename(columns={"claim_id_a": "claim_a", "claim_id_b": "claim_b"})
    pairs = ctx.with_claim(pairs, "claim_a", "a_")
    pairs = ctx.with_claim(pairs, "claim_b", "b_")
    return finish(
        pairs[
            [
                "relation_id",
                "claim_a",
                "claim_b",
                "a_lo",
                "a_hi",
                "a_unit",
                "b_lo",
                "b_hi",
                "b_unit",
            ]
        ]
    )


def describe(row: pd.Series) -> tuple[str, str]:
    return (
        f"{row['claim_a']} and {row['claim_b']} state the same quantity but disagree",
        f"{span(row, 'a_')} does not overlap {span(row, 'b_')}",
    )
