"""A base implied by a stated change or share must agree with the figures for it.

Why: "250 more would be 50% more than we think have gone already" states no
base, but implies one: 250 / 50% = 500 gone by then. A figure for the same
subject and measure whose dates overlap the statement's must then admit it.
For a cumulative measure the implied base is a running total: a figure dated
before it may not exceed it, and one dated after it may not fall below it.
The relation is a ``ratio`` whose whole is ``-`` (not stated): share, part, -.
Example: 250 more being 50% more implies 500 by October 2014; the ICCT's later
700-760 agrees, an earlier count of 900 would not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish, pivot_members, stated

RULE = Rule("implied-base-disagrees", "Implied base disagrees with its figures", "declared")
SHARE_UNITS = {"percent", "percent_change"}


def _implied(part_lo: pd.Series, part_hi: pd.Series, share_lo: pd.Series, share_hi: pd.Series):
    """part / share: the base the two imply (a share of 0 admits any base above)."""
    low = part_lo / (share_hi / 100)
    high = (part_hi / (share_lo / 100)).where(share_lo > 0, np.inf)
    return low, high


def derive(ctx: RuleContext) -> pd.DataFrame:
    roles = ["claim_share", "claim_part", "claim_whole"]
    triples = pivot_members(ctx.relation_members("ratio"), roles)
    triples = triples[triples["claim_whole"].isna() | (triples["claim_whole"] == "-")]
    columns = ("lo", "hi", "lo_stated", "hi_stated", "unit", "t_from", "t_to")
    triples = ctx.with_claim(triples, "claim_share", "share_", columns)
    triples = ctx.with_claim(triples, "claim_part", "part_", (*columns, "subject", "measure"))
    triples = triples[triples["share_unit"].isin(SHARE_UNITS)]
    triples["implied_lo"], triples["implied_hi"] = _implied(
        triples["part_lo"], triples["part_hi"], triples["share_lo"], triples["share_hi"]
    )
    triples["implied_lo_stated"], triples["implied_hi_stated"] = _implied(
        triples["part_lo_stated"],
        triples["part_hi_stated"],
        triples["share_lo_stated"],
        triples["share_hi_stated"],
    )
    claims = ctx.claims
    # The base is a plain count of the part's subject and measure (no scope tag).
    others = claims[(claims["unit"] == "persons") & (claims["scope"] == "")]
    others = others[["claim_id", "subject", "measure", "lo", "hi", "lo_stated", "hi_stated"]]
    others = others.assign(o_from=claims["t_from"], o_to=claims["t_to"]).rename(
        columns={"claim_id": "claim_other", "subject": "part_subject", "measure": "part_measure"}
    )
    rows = triples.merge(others.reset_index(drop=True), on=["part_subject", "part_measure"])
    rows = rows[rows["claim_other"] != rows["claim_part"]]
    measures = ctx.vocab["measures"].set_index("measure")["cumulative"]
    running = rows["part_measure"].map(measures).eq("yes")
    earlier = rows["o_to"] < rows["share_t_from"]
    later = rows["o_from"] > rows["share_t_to"]
    rows = rows[running | ~(earlier | later)]  # other measures: only figures of that time
    earlier, later = earlier[rows.index], later[rows.index]
    # An earlier running total need only stay below the base, a later one above it.
    for suffix in ("", "_stated"):
        rows[f"lo{suffix}"] = rows[f"lo{suffix}"].where(~later, -np.inf)
        rows[f"hi{suffix}"] = rows[f"hi{suffix}"].where(~earlier, np.inf)
    rows = rows.rename(
        columns={
            "lo": "other_lo",
            "hi": "other_hi",
            "lo_stated": "other_lo_stated",
            "hi_stated": "other_hi_stated",
        }
    )
    keep = [
        "relation_id",
        "claim_share",
        "claim_part",
        "claim_other",
        "implied_lo",
        "implied_hi",
        "implied_lo_stated",
        "implied_hi_stated",
        "other_lo",
        "other_hi",
        "other_lo_stated",
        "other_hi_stated",
    ]
    return finish(rows[keep])


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    as_stated = " as stated" if stated(failed) else ""
    suffix = "_stated" if stated(failed) else ""
    # Bases are counts of persons: no unit to write.
    implied = fmt_interval(row[f"implied_lo{suffix}"], row[f"implied_hi{suffix}"])
    other = fmt_interval(row[f"other_lo{suffix}"], row[f"other_hi{suffix}"])
    return (
        f"the base that {row['claim_part']} and {row['claim_share']} imply disagrees with "
        f"{row['claim_other']}{as_stated}",
        f"implied base {implied} vs {other}: {compared(row, failed)}",
    )
