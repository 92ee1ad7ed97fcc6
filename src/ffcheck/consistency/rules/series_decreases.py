"""A cumulative count cannot fall over time.

Why: how many have travelled, been killed or returned only grows; when the
same subject, side, group, cohort and measure has a later figure below an
earlier one, the later figure or the earlier one is wrong (or they count
different things). Inferred from vocab/measures.csv (``cumulative``); only
counts from the start of the conflict take part, not flows over a window.
Example: "about 200" Russians (July 2013) then 400 (December 2013) passes.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.rules.base import Rule, finish, span

RULE = Rule("series-decreases", "Cumulative count falls over time", "inferred")


def derive(ctx: RuleContext) -> pd.DataFrame:
    cumulative = ctx.vocab["measures"].query("cumulative == 'yes'")["measure"]
    claims = ctx.claims[
        ctx.claims["measure"].isin(cumulative)
        & ctx.claims["dated"]
        & ctx.claims["from_start"]
        & (ctx.claims["unit"] == "persons")
    ]
    claims = claims.reset_index(drop=True)
    # The running maximum of earlier low bounds, per scope, by the end of each window.
    ends = claims.sort_values(["t_to", "lo"])[[*SCOPE, "t_to", "lo", "claim_id"]]
    ends["running_lo"] = ends.groupby(SCOPE, dropna=False)["lo"].cummax()
    holder = ends["claim_id"].where(ends["lo"] == ends["running_lo"])
    ends["claim_earlier"] = holder.groupby([ends[c] for c in SCOPE], dropna=False).ffill()
    ends = ends.rename(columns={"t_to": "earlier_to"}).drop(
        columns=["lo", "claim_id", "running_lo"]
    )
    later = claims.sort_values("t_from")[[*SCOPE, "t_from", "claim_id"]]
    later = later.rename(columns={"claim_id": "claim_later"})
    # Strictly earlier windows only: a figure whose window overlaps is not "earlier".
    table = pd.merge_asof(
        later,
        ends.sort_values("earlier_to"),
        left_on="t_from",
        right_on="earlier_to",
        by=SCOPE,
        allow_exact_matches=False,
    )
    table = table.dropna(subset=["claim_earlier"])
    table = ctx.with_claim(table, "claim_later", "later_", ("lo", "hi", "top", "unit", "as_of"))
    table = ctx.with_claim(table, "claim_earlier", "earlier_", ("lo", "hi", "top", "unit", "as_of"))
    keep = [
        "claim_earlier",
        "claim_later",
        *SCOPE,
        "earlier_lo",
        "earlier_hi",
        "earlier_top",
        "earlier_unit",
        "earlier_as_of",
        "later_lo",
        "later_hi",
        "later_top",
        "later_unit",
        "later_as_of",
    ]
    return finish(table[keep])


def describe(row: pd.Series) -> tuple[str, str]:
    # At later_hi == earlier_lo nothing fails (the top of a finite figure is its high).
    as_stated = "" if row["later_hi"] < row["earlier_lo"] else " as stated"  # pragma: no mutate
    return (
        f"{row['subject']} {row['measure']} falls from {row['claim_earlier']} "
        f"to the later {row['claim_later']}{as_stated}",
        f"{span(row, 'later_')} (later, {row['later_as_of'] or 'period'}) < "
        f"{span(row, 'earlier_')} (earlier, {row['earlier_as_of'] or 'period'})",
    )
