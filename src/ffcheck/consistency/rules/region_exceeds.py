"""The countries of a region cannot together exceed the region's figure.

Why: the scope lattice (consistency/lattice.py: vocab/region_members.csv and
subjects' ``parent``, transitively; every country is in ALL) says which
countries a region holds; the smallest figure each member country has, of the
same or a narrower side, group and cohort, no later than the region's figure,
adds up to a lower bound the region's figure must reach. Sibling regions meet
only through such shared members. One member alone against its region is
measure-exceeds-bound's case; here two or more are summed. Only counts and
rates add up: shares and changes of different bases do not, and are not
compared. An unspecified side among them lowers the finding one step; undated
figures cannot be placed in time and are reported as skipped.
Example: EU member states 3,922-4,294 (ICCT, April 2016) against its members' figures.
"""

from __future__ import annotations

import ibis
import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.frames import is_in
from ffcheck.consistency.intervals import fmt, fmt_interval
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish, stated

RULE = Rule("region-exceeds", "Member countries exceed their region", "inferred")
SHOWN = ("subject", "lo", "lo_stated", "t_from", "t_to", "measure")


def derive(ctx: RuleContext) -> pd.DataFrame:
    subjects = ctx.vocab["subjects"]
    cumulative = ctx.vocab["measures"].query("cumulative == 'yes'")["measure"]
    units = ctx.vocab["units"]
    summable = units.loc[units["kind"].isin(["count", "rate"]), "unit"]
    claims = ctx.claim_table
    pairs = ctx.pairs(
        RULE.id,
        claims.filter(is_in(claims.unit, summable)),
        undated="undated: a member or region figure without a date cannot be placed in time",
    )
    pairs = ctx.join_claim(pairs, "claim_narrow", "member_", SHOWN)
    pairs = ctx.join_claim(pairs, "claim_wide", "region_", SHOWN)
    kinds = ctx.frames.table("subject_kinds", lambda: subjects[["subject", "kind"]])
    countries = kinds.filter(kinds.kind == "country").select(member_subject=kinds.subject)
    regions = kinds.filter(kinds.kind.isin(["region", "world"])).select(
        region_subject=kinds.subject
    )
    pairs = pairs.semi_join(countries, "member_subject").semi_join(regions, "region_subject")
    same_time = pairs.member_t_from <= pairs.region_t_to
    overlapping = pairs.member_t_to >= pairs.region_t_from
    pairs = pairs.filter(same_time & (overlapping | is_in(pairs.member_measure, cumulative)))
    # The smallest compatible figure per member country: never double-count a country.
    smallest = ibis.row_number().over(
        group_by=["claim_wide", "member_subject"],
        order_by=[pairs.member_lo, pairs.claim_narrow],
    )
    pairs = pairs.filter(smallest == 0)
    least = ctx.frames.to_pandas(pairs.order_by("member_lo", "claim_narrow"))
    # Joining the members' names in order needs Python: done here, per region claim.
    least = least.assign(part=least["member_subject"] + " " + least["claim_narrow"])
    table = least.groupby("claim_wide").agg(
        members_lo=("member_lo", "sum"),
        members_lo_stated=("member_lo_stated", "sum"),
        member_count=("member_subject", "size"),
        claim_members=("claim_narrow", " ".join),
        member_list=("part", "; ".join),
        steps_down=("unknown_steps", "max"),
    )
    table = ctx.with_claim(
        table, "claim_wide", "region_", ("lo", "hi", "hi_stated", "unit", "subject")
    )
    table = table[table["member_count"] >= 2].reset_index(names="claim_region")
    return finish(table)


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    suffix = "_stated" if stated(failed) else ""
    region = fmt_interval(row["region_lo"], row[f"region_hi{suffix}"], row["region_unit"])
    side = " (a side is unspecified)" if row["steps_down"] else ""
    return (
        f"{row['member_count']} countries of {row['region_subject']} together exceed "
        f"{row['claim_region']}{' as stated' if suffix else ''}{side}",
        f"members' smallest figures sum to {fmt(row[f'members_lo{suffix}'])} > region {region} "
        f"({row['member_list']}): {compared(row, failed)}",
    )
