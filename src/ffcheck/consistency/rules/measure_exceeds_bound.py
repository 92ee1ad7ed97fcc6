"""A count cannot exceed the count that bounds it.

Why: no more can have been killed, have returned or be present than ever
travelled: vocab/measures.csv names each measure's bound (``bounded_by``).
Claims with the same subject, side, group, cohort and unit are compared when
the bounding figure is not dated before the bounded one; an undated figure
("over the course of the conflict") spans the whole document's time frame.
Example: 65,726 killed against "5,000 to over 10,000" who ever fought fails.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.rules.base import Rule, finish, span

RULE = Rule("measure-exceeds-bound", "Count exceeds the count that bounds it", "inferred")
KEY = [c for c in SCOPE if c != "measure"]
COLUMNS = ["claim_id", *KEY, "measure", "lo", "hi", "t_from", "t_to", "from_start", "as_of"]


def derive(ctx: RuleContext) -> pd.DataFrame:
    bounds = ctx.vocab["measures"].query("bounded_by != ''")[["measure", "bounded_by"]]
    claims = ctx.claims[COLUMNS].reset_index(drop=True)
    bounded = claims.merge(bounds, on="measure")
    bounding = claims[claims["from_start"]].rename(columns={"measure": "bounded_by"})
    pairs = bounded.merge(bounding, on=[*KEY, "bounded_by"], suffixes=("_part", "_bound"))
    pairs = pairs[pairs["t_to_bound"] >= pairs["t_to_part"]]
    pairs = pairs.rename(
        columns={
            "claim_id_part": "claim_part",
            "claim_id_bound": "claim_bound",
            "lo_part": "part_lo",
            "hi_part": "part_hi",
            "lo_bound": "bound_lo",
            "hi_bound": "bound_hi",
        }
    )
    keep = [
        "claim_part",
        "claim_bound",
        *KEY,
        "measure",
        "bounded_by",
        "part_lo",
        "part_hi",
        "bound_lo",
        "bound_hi",
        "as_of_part",
        "as_of_bound",
    ]
    return finish(pairs[keep])


def describe(row: pd.Series) -> tuple[str, str]:
    return (
        f"{row['subject']}: more {row['measure']} ({row['claim_part']}) than "
        f"{row['bounded_by']} ({row['claim_bound']})",
        f"{row['measure']} {span(row, 'part_')} ({row['as_of_part'] or 'undated'}) > "
        f"{row['bounded_by']} {span(row, 'bound_')} ({row['as_of_bound'] or 'undated'})",
    )
