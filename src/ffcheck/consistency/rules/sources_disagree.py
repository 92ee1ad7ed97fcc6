"""Figures for the same quantity at the same time should agree.

Why: two claims of the same scope in the lattice (consistency/lattice.py: the
same subject, side, group, cohort, measure, scope tag and unit, in any
document; an ``unspecified`` side counts as the same as any side, one severity
step lower) whose time windows overlap state the same quantity; when their
intervals do not overlap, the sources disagree (or their scopes differ). An
undated figure pairs with dated ones one step lower, and the finding says the
date is missing. Flows pair only with flows over the same window. Checked on
the tolerant reading and on the as-stated one.
Example: Belgium 420-516 (ICCT, April 2016) against about 500 (2012-2016) passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.derived import numbered
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.lattice import near_misses
from ffcheck.consistency.rules.base import BOTH_READINGS, Failed, Rule, compared, stated

if TYPE_CHECKING:
    import ibis.expr.types as ir

RULE = Rule("sources-disagree", "Figures for the same quantity disagree", "inferred")
UNDATED = "undated"
MAX_PAIRWISE = 100  # claims of one exact scope compared pair by pair; beyond, with the lowest
KEYS = [*SCOPE, "window"]
SHOWN = ("subject", "measure", "source", "as_of", "t_from", "t_to", "dated")


def derive(ctx: RuleContext) -> ir.Table:
    claims = ctx.claim_table
    # A flow over a window ("in the first half of 2012") is only the same quantity as
    # another flow over the same window; cumulative counts pair with each other.
    claims = claims.mutate(window=ibis.ifelse(claims.from_start, "cumulative", claims.period_start))
    ctx.skip(
        RULE.id,
        "scopes nearly match: every key equal but the scope tag, so not the same quantity",
        ctx.frames.ids(near_misses(claims).claim_id),
    )
    # Pairing every claim of a scope with every other is quadratic (8,000 copies of one
    # claim needed 14 GB): a large scope compares each claim with its lowest figure instead.
    # (sized once, held by the engine: three queries below read it)
    sizes = claims.select("claim_id", _size=claims.claim_id.count().over(group_by=KEYS))
    sizes = ctx.frames.hold("sources_sizes", sizes)
    large_ids = sizes.filter(sizes._size > MAX_PAIRWISE).select("claim_id")
    large = claims.semi_join(large_ids, "claim_id")
    ctx.skip(
        RULE.id,
        f"a scope with more than {MAX_PAIRWISE} claims: each compared with its lowest "
        "figure only, not across the lattice",
        ctx.frames.ids(large.claim_id),
    )
    small = claims.anti_join(large_ids, "claim_id")
    pairs = ctx.pairs(RULE.id, small, record_trimmed=False)
    # One row per unordered pair.
    pairs = pairs.filter(pairs.relation == "same", pairs.claim_narrow < pairs.claim_wide)
    pairs = pairs.rename(claim_a="claim_narrow", claim_b="claim_wide")
    pairs = pairs.union(_against_the_lowest(large))
    pairs = ctx.join_claim(pairs, "claim_a", "a_", (*BOTH_READINGS, *SHOWN))
    pairs = ctx.join_claim(pairs, "claim_b", "b_", (*BOTH_READINGS, *SHOWN))
    window = claims.select(_claim=claims.claim_id, _window=claims.window)
    for side in ("a", "b"):
        pairs = pairs.join(
            window.rename(**{f"_{side}_window": "_window"}),
            pairs[f"claim_{side}"] == window._claim,
        ).drop("_claim")
    pairs = pairs.filter(pairs._a_window == pairs._b_window).drop("_a_window", "_b_window")
    # Undefined figures span the whole frame: they meet every dated one (one step lower).
    overlap = (pairs.a_t_from <= pairs.b_t_to) & (pairs.b_t_from <= pairs.a_t_to)
    pairs = pairs.filter(overlap | pairs.undated)
    # Two statements of one quantity: as stated, "over 200" still admits 350 and "up to
    # 125" still admits 124; only the tolerance goes, an open end stays open.
    inf = ibis.literal(float("inf"))
    stated: dict[str, ir.Value] = {}
    for side in ("a_", "b_"):
        hi, lo = pairs[f"{side}hi"], pairs[f"{side}lo"]
        stated[f"{side}hi_stated"] = ibis.ifelse(hi != inf, pairs[f"{side}hi_stated"], inf)
        stated[f"{side}lo_stated"] = ibis.ifelse(lo > 0, pairs[f"{side}lo_stated"], 0.0)
    pairs = pairs.mutate(**stated)
    pairs = pairs.drop(*[c for c in pairs.columns if c.endswith(("t_from", "t_to"))])
    ctx.frames.release_after_rule("sources_sizes", sizes)
    return numbered(pairs, "claim_a", "claim_b")


def _against_the_lowest(large: ir.Table) -> ir.Table:
    """Each claim of a large scope against the scope's claim with the lowest upper bound."""
    first = ibis.row_number().over(group_by=KEYS, order_by=[large.hi, large.claim_id])
    lowest = large.filter(first == 0).select(*KEYS, claim_b=large.claim_id, dated_b=large.dated)
    pairs = large.select(*KEYS, claim_a=large.claim_id, dated_a=large.dated).join(lowest, KEYS)
    pairs = pairs.filter(pairs.claim_a != pairs.claim_b)
    undated = ~(pairs.dated_a & pairs.dated_b)
    return pairs.select(
        "claim_a",
        "claim_b",
        relation=ibis.literal("same"),
        scope_steps=ibis.literal(0).cast("int64"),
        unknown_steps=ibis.literal(0).cast("int64"),
        undated=undated,
        steps_down=undated.cast("int64"),
    )


def _side(row: pd.Series, prefix: str, as_stated: bool) -> str:
    """One claim's figure on the reading that failed, with its source and date."""
    suffix = "_stated" if as_stated else ""
    figure = fmt_interval(
        row[f"{prefix}lo{suffix}"], row[f"{prefix}hi{suffix}"], row[f"{prefix}unit"]
    )
    when = row[f"{prefix}as_of"] or (UNDATED if not row[f"{prefix}dated"] else "period")
    return f"{figure} ({row[f'{prefix}source'] or 'no source'}, {when})"


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    as_stated = stated(failed)
    notes = []
    if row["unknown_steps"]:
        notes.append("one side is unspecified")
    if row["undated"]:
        notes.append("one date is missing")
    note = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{row['a_subject']} {row['a_measure']}: {row['claim_a']} and {row['claim_b']} "
        f"disagree for overlapping dates{' as stated' if as_stated else ''}{note}",
        f"{_side(row, 'a_', as_stated)} vs {_side(row, 'b_', as_stated)}: "
        f"the intervals do not overlap ({compared(row, failed, row['a_unit'])})",
    )
