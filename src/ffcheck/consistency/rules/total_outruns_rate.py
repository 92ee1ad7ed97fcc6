"""A later total must lie within an earlier total plus the stated rate over the gap.

Why: when the text gives a rate ("2,000 a month in 2013-2015") whose period
covers the time between two totals of the same scope (the lattice,
consistency/lattice.py; an unspecified side one severity step lower), the
later total must be at least the earlier one plus the lowest rate times the
shortest gap, and at most the earlier one plus the highest rate times the
longest gap. The suite compares ``shortfall`` and ``overrun`` (how far the
later total misses either bound; negative or zero when it holds).
Example: 11,000 by 2013, 2,000 a month through 2015, 54,000 by September 2014 passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis
import numpy as np
import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.frames import is_in
from ffcheck.consistency.intervals import fmt, fmt_interval
from ffcheck.consistency.rules.base import BOTH_READINGS, Failed, Rule, compared, finish, stated

if TYPE_CHECKING:
    import ibis.expr.types as ir

RULE = Rule("total-outruns-rate", "Later total outruns or falls short of a stated rate", "inferred")
PER_MONTH = {"persons_per_month": 1.0, "persons_per_week": 52.0 / 12.0}
DAYS_PER_MONTH = 365.25 / 12
RATE_KEY = ["subject", "group", "cohort", "measure", "scope"]
SHOWN = ("as_of", "t_from", "t_to", "side")


def _rates(ctx: RuleContext) -> ir.Table:
    claims = ctx.claim_table
    rates = claims.filter(is_in(claims.unit, PER_MONTH))
    per_month = rates.unit.cases(*PER_MONTH.items(), else_=ibis.null("float64"))
    return rates.select(
        *RATE_KEY,
        claim_rate=rates.claim_id,
        rate_side=rates.side,
        rate_start=rates.period_start_from.fill_null(rates.t_from),
        rate_end=rates.period_end_to.fill_null(rates.t_to),
        rate_lo=rates.lo * per_month,
        rate_hi=rates.hi * per_month,
        rate_lo_stated=rates.lo_stated * per_month,
        rate_hi_stated=rates.hi_stated * per_month,
    )


def derive(ctx: RuleContext) -> pd.DataFrame:
    cumulative = ctx.vocab["measures"].query("cumulative == 'yes'")["measure"]
    claims = ctx.claim_table
    totals = claims.filter(
        is_in(claims.measure, cumulative), claims.from_start, claims.unit == "persons"
    )
    pairs = ctx.pairs(RULE.id, totals.filter(totals.dated))
    pairs = pairs.filter(pairs.relation == "same").rename(
        claim_earlier="claim_narrow", claim_later="claim_wide"
    )
    pairs = ctx.join_claim(pairs, "claim_earlier", "earlier_", (*BOTH_READINGS, *SHOWN, *RATE_KEY))
    pairs = ctx.join_claim(pairs, "claim_later", "later_", (*BOTH_READINGS, *SHOWN))
    pairs = pairs.filter(pairs.earlier_t_to < pairs.later_t_from)
    pairs = pairs.rename(**{c: f"earlier_{c}" for c in RATE_KEY})
    table = pairs.join(_rates(ctx), RATE_KEY)
    # The rate's period must cover the whole gap between the two totals.
    table = table.filter(
        table.rate_start <= table.earlier_t_to, table.rate_end >= table.later_t_from
    )
    unknown = (table.rate_side != table.earlier_side) | (table.rate_side != table.later_side)
    table = table.mutate(steps_down=table.steps_down + unknown.cast("int64"))
    table = ctx.frames.to_pandas(table.order_by("claim_earlier", "claim_later", "claim_rate"))
    # Months between dates and the sums over them: pandas arithmetic on the few rows left.
    table["months_short"] = (
        (table["later_t_from"] - table["earlier_t_to"]).dt.days / DAYS_PER_MONTH
    ).round(1)
    table["months_long"] = (
        (table["later_t_to"] - table["earlier_t_from"]).dt.days / DAYS_PER_MONTH
    ).round(1)
    with np.errstate(invalid="ignore"):
        for suffix in ("", "_stated"):
            least = table[f"earlier_lo{suffix}"] + table[f"rate_lo{suffix}"] * table["months_short"]
            most = table[f"earlier_hi{suffix}"] + table[f"rate_hi{suffix}"] * table["months_long"]
            table[f"least{suffix}"] = least
            table[f"most{suffix}"] = most
            table[f"shortfall{suffix}"] = (least - table[f"later_hi{suffix}"]).fillna(-np.inf)
            table[f"overrun{suffix}"] = (table[f"later_lo{suffix}"] - most).fillna(-np.inf)
    return finish(
        table.drop(
            columns=[c for c in table.columns if c.endswith(("t_from", "t_to", "_start", "_end"))]
        )
    )


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    suffix = "_stated" if stated(failed) else ""
    # Counts of persons only (derive): no unit to write.
    later = fmt_interval(row[f"later_lo{suffix}"], row[f"later_hi{suffix}"])
    earlier = fmt_interval(row[f"earlier_lo{suffix}"], row[f"earlier_hi{suffix}"])
    rate = fmt_interval(row[f"rate_lo{suffix}"], row[f"rate_hi{suffix}"])
    short = str(failed.kwargs.get("column")).startswith("shortfall")
    bound = (
        f"at least {fmt(row[f'least{suffix}'])}"
        if short
        else f"at most {fmt(row[f'most{suffix}'])}"
    )
    return (
        f"{row['subject']} {row['measure']}: {row['claim_later']} "
        f"{'falls short of' if short else 'outruns'} {row['claim_earlier']} plus the rate "
        f"{row['claim_rate']}{' as stated' if suffix else ''}",
        f"{earlier} ({row['earlier_as_of']}) + {rate} a month × "
        f"{fmt(row['months_short'] if short else row['months_long'])} months = {bound}, but "
        f"{later} ({row['later_as_of']}): {compared(row, failed)}",
    )
