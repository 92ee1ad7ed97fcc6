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

import pandas as pd

from ffcheck.consistency.context import SCOPE, RuleContext
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.lattice import comparable_pairs, near_misses
from ffcheck.consistency.rules.base import BOTH_READINGS, Failed, Rule, compared, finish, stated

RULE = Rule("sources-disagree", "Figures for the same quantity disagree", "inferred")
UNDATED = "undated"
MAX_PAIRWISE = 100  # claims of one exact scope compared pair by pair; beyond, with the lowest
KEYS = [*SCOPE, "window"]
SHOWN = ("subject", "measure", "source", "as_of", "t_from", "t_to", "dated")


def derive(ctx: RuleContext) -> pd.DataFrame:
    claims = ctx.claims.copy()
    # A flow over a window ("in the first half of 2012") is only the same quantity as
    # another flow over the same window; cumulative counts pair with each other.
    claims["window"] = claims["period_start"].where(~claims["from_start"], "cumulative")
    ctx.skip(
        RULE.id,
        "scopes nearly match: every key equal but the scope tag, so not the same quantity",
        near_misses(claims).index,
    )
    # Pairing every claim of a scope with every other is quadratic (8,000 copies of one
    # claim needed 14 GB): a large scope compares each claim with its lowest figure instead.
    size = claims.groupby(KEYS, dropna=False, sort=False)["claim_id"].transform("size")
    large = claims[size > MAX_PAIRWISE]
    ctx.skip(
        RULE.id,
        f"a scope with more than {MAX_PAIRWISE} claims: each compared with its lowest "
        "figure only, not across the lattice",
        large.index,
    )
    pairs = comparable_pairs(claims[size <= MAX_PAIRWISE], ctx.vocab)
    pairs = pairs[pairs["relation"] == "same"]
    # One row per unordered pair.
    pairs = pairs[pairs["claim_narrow"] < pairs["claim_wide"]]
    pairs = pairs.rename(columns={"claim_narrow": "claim_a", "claim_wide": "claim_b"})
    pairs = pd.concat([pairs, _against_the_lowest(large)], ignore_index=True)
    pairs = ctx.with_claim(pairs, "claim_a", "a_", (*BOTH_READINGS, *SHOWN))
    pairs = ctx.with_claim(pairs, "claim_b", "b_", (*BOTH_READINGS, *SHOWN))
    window = claims["window"]
    pairs = pairs[
        pairs["claim_a"].map(window).to_numpy() == pairs["claim_b"].map(window).to_numpy()
    ]
    # Undated figures span the whole frame: they meet every dated one (one step lower).
    overlap = (pairs["a_t_from"] <= pairs["b_t_to"]) & (pairs["b_t_from"] <= pairs["a_t_to"])
    pairs = pairs[overlap | pairs["undated"]]
    # Two statements of one quantity: as stated, "over 200" still admits 350 and "up to
    # 125" still admits 124; only the tolerance goes, an open end stays open.
    for side in ("a_", "b_"):
        pairs[f"{side}hi_stated"] = pairs[f"{side}hi_stated"].where(
            pairs[f"{side}hi"] != float("inf"), float("inf")
        )
        pairs[f"{side}lo_stated"] = pairs[f"{side}lo_stated"].where(pairs[f"{side}lo"] > 0, 0.0)
    return finish(pairs.drop(columns=[c for c in pairs.columns if c.endswith(("t_from", "t_to"))]))


def _against_the_lowest(large: pd.DataFrame) -> pd.DataFrame:
    """Each claim of a large scope against the scope's claim with the lowest upper bound."""
    large = large.reset_index(drop=True)
    lowest = large.sort_values(["hi", "claim_id"]).drop_duplicates(KEYS)
    pairs = large[[*KEYS, "claim_id", "dated"]].merge(
        lowest[[*KEYS, "claim_id", "dated"]], on=KEYS, suffixes=("_a", "_b")
    )
    pairs = pairs[pairs["claim_id_a"] != pairs["claim_id_b"]]
    undated = ~(pairs["dated_a"] & pairs["dated_b"])
    return pd.DataFrame(
        {
            "claim_a": pairs["claim_id_a"],
            "claim_b": pairs["claim_id_b"],
            "relation": "same",
            "scope_steps": 0,
            "unknown_steps": 0,
            "undated": undated,
            "steps_down": undated.astype(int),
        }
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
