"""A cumulative count cannot fall over time, nor a wider scope fall below a narrower one.

Why: how many have travelled, been killed or returned only grows; a later
figure of the same or a wider scope (the lattice, consistency/lattice.py)
below an earlier one means that one of them is wrong (or they count different
things). Only counts from the start of the conflict take part, not flows over
a window. How severe a fall is follows the suite, which compares
``fall_ratio`` (the later figure's upper bound over the earlier one's lower
bound): a dip seen only as stated is info, a fall on the tolerant reading a
warning, and a later, wider-scope total far below an earlier narrower one
(``wider_fall_ratio``) an error. Undated figures cannot be ordered in time:
they are reported as skipped.
Example: "about 200" Russians (July 2013) then 400 (December 2013) passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.derived import numbered
from ffcheck.consistency.frames import is_in, quotient
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import BOTH_READINGS, Failed, Rule, compared, stated

if TYPE_CHECKING:
    import ibis.expr.types as ir

RULE = Rule("series-decreases", "Cumulative count falls over time", "inferred")
SHOWN = ("subject", "measure", "as_of", "t_from", "t_to")


def derive(ctx: RuleContext) -> ir.Table:
    cumulative = ctx.vocab["measures"].query("cumulative == 'yes'")["measure"]
    claims = ctx.claim_table
    counts = claims.filter(
        is_in(claims.measure, cumulative), claims.from_start, claims.unit == "persons"
    )
    pairs = ctx.pairs(
        RULE.id, counts, undated="undated: a figure without a date cannot be ordered in time"
    )
    pairs = pairs.rename(claim_earlier="claim_narrow", claim_later="claim_wide")
    pairs = ctx.join_claim(pairs, "claim_earlier", "earlier_", (*BOTH_READINGS, *SHOWN))
    pairs = ctx.join_claim(pairs, "claim_later", "later_", (*BOTH_READINGS, *SHOWN))
    # Strictly earlier windows only: a figure whose window overlaps is not "earlier".
    pairs = pairs.filter(pairs.earlier_t_to < pairs.later_t_from)
    # Against the largest earlier figure of each later one (per kind of step): enough to judge.
    largest = ibis.row_number().over(
        group_by=["claim_later", "scope_steps", "unknown_steps"],
        order_by=[ibis.desc(pairs.earlier_lo), pairs.claim_earlier],
    )
    pairs = pairs.filter(largest == 0)
    fall = quotient(pairs.later_hi, pairs.earlier_lo)
    pairs = pairs.mutate(
        fall_ratio=fall.fill_null(float("inf")),
        fall_ratio_stated=quotient(pairs.later_hi_stated, pairs.earlier_lo_stated).fill_null(
            float("inf")
        ),
        wider_fall_ratio=ibis.ifelse(pairs.scope_steps > 0, fall, ibis.null("float64")),
    )
    pairs = pairs.drop(*[c for c in pairs.columns if c.endswith(("t_from", "t_to"))])
    return numbered(pairs, "claim_later", "scope_steps", "unknown_steps")


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    as_stated = stated(failed)
    suffix = "_stated" if as_stated else ""
    # Counts of persons only (derive): no unit to write.
    later = fmt_interval(row[f"later_lo{suffix}"], row[f"later_hi{suffix}"])
    earlier = fmt_interval(row[f"earlier_lo{suffix}"], row[f"earlier_hi{suffix}"])
    wider = f" although {row['later_subject']} is the wider scope" if row["scope_steps"] > 0 else ""
    side = " (one side is unspecified)" if row["unknown_steps"] else ""
    return (
        f"{row['later_subject']} {row['later_measure']} falls from {row['claim_earlier']} "
        f"to the later {row['claim_later']}{' as stated' if as_stated else ''}{wider}{side}",
        f"{later} (later, {row['later_as_of'] or 'period'}) < "
        f"{earlier} (earlier, {row['earlier_as_of'] or 'period'}): {compared(row, failed)}",
    )
