"""A count cannot exceed the count that bounds it, nor a narrower scope a wider one.

Why: no more can have been killed, have returned or be present than ever
travelled (vocab/measures.csv ``bounded_by``, a space-separated list, followed
transitively), and no part of a scope can count more than the scope holds (a
country than its region, one side than all sides, a group than its side, women
than everyone: the scope lattice, consistency/lattice.py). The bounding figure
must not be dated before the bounded one (a stock is compared with a
cumulative bound by then, a stock with a stock at an overlapping time); an
undated figure pairs one severity step lower, an unspecified side one lower.
Example: 65,726 killed against "5,000 to over 10,000" who ever fought fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.derived import numbered
from ffcheck.consistency.frames import is_in
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import BOTH_READINGS, Failed, Rule, compared, stated

if TYPE_CHECKING:
    import ibis.expr.types as ir

RULE = Rule("measure-exceeds-bound", "Count exceeds the count that bounds it", "inferred")
SHOWN = ("subject", "measure", "as_of", "t_from", "t_to", "from_start", "dated")


def bounding_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """(measure, measure_wide, bound_steps): each measure's bounds, transitively, and itself."""
    edges = measures[["measure", "bounded_by"]].assign(bound=measures["bounded_by"].str.split())
    edges = edges.explode("bound").dropna(subset=["bound"])[["measure", "bound"]]
    found = pd.DataFrame({"measure": measures["measure"], "measure_wide": measures["measure"]})
    found["bound_steps"] = 0
    frontier = found
    while not frontier.empty:  # one merge per level of bounds
        step = frontier.merge(
            edges, left_on="measure_wide", right_on="measure", suffixes=("", "_e")
        )
        step = pd.DataFrame(
            {
                "measure": step["measure"],
                "measure_wide": step["bound"],
                "bound_steps": step["bound_steps"] + 1,
            }
        )
        seen = step.merge(found[["measure", "measure_wide"]], how="left", indicator=True)
        frontier = step[(seen["_merge"] == "left_only").to_numpy()].drop_duplicates(
            ["measure", "measure_wide"]
        )
        found = pd.concat([found, frontier], ignore_index=True)
    return found


def derive(ctx: RuleContext) -> ir.Table:
    measures = ctx.vocab["measures"]
    cumulative = measures.loc[measures["cumulative"] == "yes", "measure"]
    bounds = ctx.frames.table(
        "measure_bounds", lambda: bounding_measures(measures)[["measure", "measure_wide"]]
    )
    pairs = ctx.pairs(RULE.id, ctx.claim_table, bounds)
    pairs = pairs.rename(claim_part="claim_narrow", claim_bound="claim_wide")
    pairs = ctx.join_claim(pairs, "claim_part", "part_", (*BOTH_READINGS, *SHOWN))
    pairs = ctx.join_claim(pairs, "claim_bound", "bound_", (*BOTH_READINGS, *SHOWN))
    # The same measure bounds only over a strictly wider scope (same scope: sources-disagree).
    pairs = pairs.filter((pairs.part_measure != pairs.bound_measure) | (pairs.scope_steps > 0))
    stock_bound = ~is_in(pairs.bound_measure, cumulative)
    by_then = pairs.bound_from_start & (pairs.bound_t_to >= pairs.part_t_to)
    overlapping = (pairs.bound_t_from <= pairs.part_t_to) & (pairs.part_t_from <= pairs.bound_t_to)
    timely = (~stock_bound & by_then) | (stock_bound & overlapping)
    # Flags for what is left out below; the engine computes the table once, and only the
    # rows kept come back to pandas (a quarter of them at 1M claims).
    pairs = pairs.mutate(
        _early=~timely & ~pairs.undated,
        _kept=(timely | pairs.undated) & (stock_bound | pairs.bound_from_start),
    )
    pairs = pairs.drop(*[c for c in pairs.columns if c.endswith(("t_from", "t_to"))])
    flagged = ctx.frames.hold("bounded_pairs", pairs)
    early = flagged.filter(flagged._early)
    early_ids = early.select(id=early.claim_part).union(early.select(id=early.claim_bound))
    ctx.skip(
        RULE.id, "the bounding figure is dated before the bounded one", ctx.frames.ids(early_ids.id)
    )
    unbounded = measures.loc[measures["bounded_by"].str.strip() == "", "measure"]
    claims = ctx.claim_table
    alone = claims.filter(is_in(claims.measure, unbounded)).anti_join(
        flagged, claims.claim_id == flagged.claim_part
    )
    ctx.skip(
        RULE.id,
        "no bound: the measure has no bounded_by and no wider scope has a figure",
        ctx.frames.ids(alone.claim_id),
    )
    # A missing date relaxes the order in time, never what bounds: a flow over a window
    # ("700-1,400 in the first half of 2012") bounds nothing outside that window.
    kept = flagged.filter(flagged._kept).drop("_early", "_kept")
    ctx.frames.release_after_rule("bounded_pairs", flagged)
    return numbered(kept, "claim_part", "claim_bound")


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    as_stated = stated(failed)
    suffix = "_stated" if as_stated else ""
    part = fmt_interval(row[f"part_lo{suffix}"], row[f"part_hi{suffix}"], row["part_unit"])
    bound = fmt_interval(row[f"bound_lo{suffix}"], row[f"bound_hi{suffix}"], row["bound_unit"])
    notes = [
        text
        for flag, text in (
            (row["scope_steps"] > 0, f"{row['bound_subject']} is the wider scope"),
            (row["unknown_steps"] > 0, "one side is unspecified"),
            (row["undated"], "one date is missing"),
        )
        if flag
    ]
    note = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{row['part_subject']}: more {row['part_measure']} ({row['claim_part']}) than "
        f"{row['bound_measure']} ({row['claim_bound']}){' as stated' if as_stated else ''}{note}",
        f"{row['part_measure']} {part} ({row['part_as_of'] or 'undated'}) > "
        f"{row['bound_measure']} {bound} ({row['bound_as_of'] or 'undated'}): "
        f"{compared(row, failed, row['part_unit'])}",
    )
