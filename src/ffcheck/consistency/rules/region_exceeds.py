"""The countries of a region cannot together exceed the region's figure.

Why: vocab/region_members.csv says which countries a region holds (every
country belongs to ALL); the smallest figure each member country has for the
same side, group, cohort, measure and unit, no later than the region's figure,
adds up to a lower bound the region's figure must reach.
Example: EU member states 3,922-4,294 (ICCT, April 2016) against its members' figures.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish

RULE = Rule("region-exceeds", "Member countries exceed their region", "inferred")
KEY = [c for c in SCOPE if c != "subject"]


def derive(ctx: RuleContext) -> pd.DataFrame:
    subjects = ctx.vocab["subjects"]
    countries = subjects.loc[subjects["kind"] == "country", "subject"]
    members = pd.concat(
        [
            ctx.vocab["region_members"][["region", "member"]],
            pd.DataFrame({"region": "ALL", "member": countries}),
        ]
    )
    cumulative = set(ctx.vocab["measures"].query("cumulative == 'yes'")["measure"])
    claims = ctx.claims[ctx.claims["dated"]].reset_index(drop=True)
    cols = ["claim_id", "subject", *KEY, "lo", "hi", "t_from", "t_to"]
    regions = claims[claims["subject"].isin(members["region"])][cols]
    regions = regions.rename(columns={"subject": "region", "claim_id": "claim_region"})
    parts = claims[claims["subject"].isin(countries)][cols].rename(columns={"subject": "member"})
    pairs = regions.merge(members, on="region").merge(
        parts, on=["member", *KEY], suffixes=("_region", "_member")
    )
    same_time = pairs["t_from_member"] <= pairs["t_to_region"]
    overlapping = pairs["t_to_member"] >= pairs["t_from_region"]
    pairs = pairs[same_time & (overlapping | pairs["measure"].isin(cumulative))]
    # The smallest compatible figure per member country: never double-count a country.
    least = pairs.sort_values("lo_member").drop_duplicates(["claim_region", "member"])
    least = least.assign(part=least["member"] + " " + least["claim_id"])
    table = least.groupby("claim_region").agg(
        members_lo=("lo_member", "sum"),
        member_count=("member", "size"),
        claim_members=("claim_id", " ".join),
        member_list=("part", "; ".join),
    )
    table = ctx.with_claim(table, "claim_region", "region_", ("lo", "hi", "unit", "subject"))
    table = table[table["member_count"] >= 2].reset_index(names="claim_region")
    return finish(table)


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    from ffcheck.consistency.intervals import fmt, fmt_interval

    region = fmt_interval(row["region_lo"], row["region_hi"], row["region_unit"])
    return (
        f"{row['member_count']} countries of {row['region_subject']} together exceed "
        f"{row['claim_region']}",
        f"members' smallest figures sum to {fmt(row['members_lo'])} > region {region} "
        f"({row['member_list']}): {compared(row, failed)}",
    )
