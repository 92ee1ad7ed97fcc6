"""A rate sustained over its period cannot exceed the total for that period.

Why: "2,000 fighters per month" in 2013-2015 means at least 2,000 × 36 arrivals;
a total for the same years below that contradicts the rate.
Example: 500 a month over 12 months against a total of 10,000 passes; against 5,000 it fails.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt, fmt_interval
from ffcheck.consistency.rules.base import (
    Failed,
    Rule,
    compared,
    finish,
    pivot_members,
    span,
    stated,
)

RULE = Rule("rate-exceeds-total", "Rate over its period exceeds the total", "declared")
PER_MONTH = {"persons_per_month": 1.0, "persons_per_week": 52.0 / 12.0}
DAYS_PER_MONTH = 365.25 / 12


def derive(ctx: RuleContext) -> pd.DataFrame:
    table = pivot_members(ctx.relation_members("rate_over_period"), ["claim_rate", "claim_total"])
    columns = (
        "lo",
        "hi",
        "lo_stated",
        "hi_stated",
        "unit",
        "t_from",
        "t_to",
        "period_start_from",
        "period_end_to",
    )
    table = ctx.with_claim(table, "claim_rate", "rate_", columns)
    table = ctx.with_claim(table, "claim_total", "total_", columns[:5])
    per_month = table["rate_unit"].map(PER_MONTH).astype("float64")
    # A rate holds over its stated period; only without one over its as_of window.
    start = table["rate_period_start_from"].fillna(table["rate_t_from"])
    end = table["rate_period_end_to"].fillna(table["rate_t_to"])
    days = (end - start).dt.days + 1
    table["months"] = (days / DAYS_PER_MONTH).round(1)
    table["implied_lo"] = table["rate_lo"] * per_month * table["months"]
    table["implied_hi"] = table["rate_hi"] * per_month * table["months"]
    table["implied_lo_stated"] = table["rate_lo_stated"] * per_month * table["months"]
    return finish(
        table.drop(
            columns=["rate_t_from", "rate_t_to", "rate_period_start_from", "rate_period_end_to"]
        )
    )


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    implied = fmt_interval(row["implied_lo"], row["implied_hi"])
    as_stated = " as stated" if stated(failed) else ""
    return (
        f"the rate {row['claim_rate']} over its period exceeds the total "
        f"{row['claim_total']}{as_stated}",
        f"{span(row, 'rate_')} {row['rate_unit'].replace('persons_', '').replace('_', ' ')} × "
        f"{fmt(row['months'])} months = {implied} > total {span(row, 'total_')}: "
        f"{compared(row, failed)}",
    )
