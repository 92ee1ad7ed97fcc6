"""The scope lattice: which claims are comparable, and how far apart their scopes are.

Every inferred rule compares claims through this one derivation. A claim's scope
is its subject, side, group and cohort; each has wider values, read from the
vocabularies and never from code:

- subject: ``vocab/subjects.csv`` ``parent`` and ``vocab/region_members.csv``,
  transitively (a country is in its regions, a region in its parent region, and
  every country in ``ALL``). Sibling regions are not wider than each other: they
  meet only through shared members (region-exceeds);
- side: ``vocab/sides.csv`` ``parent`` (``all_sides`` holds each side); a side of
  kind ``unknown`` (``unspecified``) pairs with every side as the *same* scope,
  one severity step lower, since it may be any of them;
- group: ``vocab/groups.csv`` ``side``: a group's figure is part of its side's;
- cohort: ``vocab/cohorts.csv`` ``parent`` (women within all).

``comparable_pairs`` joins each claim's wider scopes onto the claims that have
them (ibis joins on keys, never a cross join, run by the context's engine:
consistency/frames.py) and returns one row per pair:
the narrower claim, the wider claim, ``scope_steps`` (lattice steps between
them, 0 for the same scope), ``unknown_steps`` (unknown sides crossed) and
``undated`` (a date is missing on either side). ``steps_down`` is how many severity
steps a finding from the pair is lowered: one per unknown side and one when a
date is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ibis
import pandas as pd

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ffcheck.consistency.frames import Frames

DIMENSIONS = ("subject", "side", "group", "cohort")
EXACT = ("scope", "unit")  # scope tags and units keep quantities apart: never widened
ALL_SUBJECTS = "ALL"


def _closure(edges: pd.DataFrame) -> pd.DataFrame:
    """value -> every wider value, with the fewest steps between them (self at 0)."""
    values = pd.unique(pd.concat([edges["value"], edges["wider"]]))
    found = pd.DataFrame({"value": values, "wider": values, "steps": 0})
    frontier = found
    step = edges.assign(steps=1)
    while not frontier.empty:  # one merge per level of nesting: a handful
        nxt = frontier.merge(step, left_on="wider", right_on="value", suffixes=("", "_e"))
        nxt = nxt.assign(wider=nxt["wider_e"], steps=nxt["steps"] + 1)[["value", "wider", "steps"]]
        known = found.merge(
            nxt[["value", "wider"]], on=["value", "wider"], how="right", indicator=True
        )
        fresh = nxt[(known["_merge"] == "right_only").to_numpy()].drop_duplicates(
            ["value", "wider"]
        )
        found = pd.concat([found, fresh], ignore_index=True)
        frontier = fresh
    return found.assign(unknown=0)


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table.columns:
        return table[name].fillna("").astype(str)
    return pd.Series("", index=table.index)


def subject_ladder(vocab: dict[str, pd.DataFrame]) -> pd.DataFrame:
    subjects = vocab["subjects"]
    parent = subjects[_column(subjects, "parent") != ""]
    countries = subjects.loc[subjects["kind"] == "country", "subject"]
    edges = pd.concat(
        [
            pd.DataFrame({"value": parent["subject"], "wider": parent["parent"]}),
            vocab["region_members"].rename(columns={"member": "value", "region": "wider"})[
                ["value", "wider"]
            ],
            pd.DataFrame({"value": countries, "wider": ALL_SUBJECTS}),
        ]
    )
    edges = edges[edges["value"] != edges["wider"]].drop_duplicates()
    ladder = _closure(edges)
    known = pd.DataFrame({"value": subjects["subject"], "wider": subjects["subject"], "steps": 0})
    return pd.concat([ladder, known.assign(unknown=0)]).drop_duplicates(["value", "wider"])


def side_ladder(vocab: dict[str, pd.DataFrame]) -> pd.DataFrame:
    sides = vocab["sides"]
    parent = _column(sides, "parent")
    edges = pd.DataFrame({"value": sides["side"], "wider": parent})[parent != ""]
    ladder = pd.concat(
        [_closure(edges), pd.DataFrame({"value": sides["side"], "wider": sides["side"]})]
    ).drop_duplicates(["value", "wider"])
    ladder = ladder.fillna({"steps": 0, "unknown": 0})
    unknown = sides.loc[_column(sides, "kind") == "unknown", "side"]
    known = sides.loc[~sides["side"].isin(unknown), "side"]
    # An unknown side may be any side: the same scope as each, one step less sure.
    either = pd.DataFrame(
        [(u, k) for u in unknown for k in known] + [(k, u) for u in unknown for k in known],
        columns=["value", "wider"],
    )
    return pd.concat([ladder, either.assign(steps=0, unknown=1)], ignore_index=True)


def group_ladder(vocab: dict[str, pd.DataFrame]) -> pd.DataFrame:
    groups = vocab["groups"]["group"]
    rows = pd.concat(
        [
            pd.DataFrame({"value": groups, "wider": groups, "steps": 0}),
            pd.DataFrame({"value": groups, "wider": "", "steps": 1}),
            pd.DataFrame({"value": [""], "wider": [""], "steps": [0]}),
        ]
    )
    return rows.assign(unknown=0)


def cohort_ladder(vocab: dict[str, pd.DataFrame]) -> pd.DataFrame:
    cohorts = vocab["cohorts"]
    parent = _column(cohorts, "parent")
    edges = pd.DataFrame({"value": cohorts["cohort"], "wider": parent})[parent != ""]
    own = pd.DataFrame({"value": cohorts["cohort"], "wider": cohorts["cohort"], "steps": 0})
    return pd.concat([_closure(edges), own.assign(unknown=0)]).drop_duplicates(["value", "wider"])


def ladders(vocab: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        "subject": subject_ladder(vocab),
        "side": side_ladder(vocab),
        "group": group_ladder(vocab),
        "cohort": cohort_ladder(vocab),
    }


def ladder_tables(frames: Frames, vocab: dict[str, pd.DataFrame]) -> dict[str, ir.Table]:
    """The ladders, computed and registered once per context (small: one row per step)."""
    built: dict[str, pd.DataFrame] = {}

    def build(dim: str) -> Callable[[], pd.DataFrame]:
        def frame() -> pd.DataFrame:
            if not built:
                built.update(ladders(vocab))
            ladder = built[dim][["value", "wider", "steps", "unknown"]]
            return ladder.astype({"value": str, "wider": str, "steps": int, "unknown": int})

        return frame

    return {dim: frames.table(f"ladder_{dim}", build(dim)) for dim in DIMENSIONS}


def widen(
    frames: Frames, claims: ir.Table, vocab: dict[str, pd.DataFrame], target: ir.Table
) -> ir.Table:
    """Each claim once per wider scope it belongs to (``<dim>_wide`` columns) where some
    ``target`` claim has that scope. A wider scope is kept only while a target claim has
    it on the dimensions widened so far: every claim has dozens of wider scopes (its
    regions times its sides, groups and cohorts), most of them empty."""
    out = claims.mutate(scope_steps=ibis.literal(0), unknown_steps=ibis.literal(0))
    done = ["measure_wide", *EXACT]
    for dim, ladder in ladder_tables(frames, vocab).items():
        joined = out.join(ladder, out[dim] == ladder.value)
        out = joined.select(
            *[c for c in out.columns if c not in (dim, "scope_steps", "unknown_steps")],
            **{
                f"{dim}_wide": ladder.wider,
                "scope_steps": out.scope_steps + ladder.steps,
                "unknown_steps": out.unknown_steps + ladder.unknown,
            },
        )
        done.append(f"{dim}_wide")
        out = out.semi_join(target.select(*done).distinct(), done)
    return out


ROUTE = 1000  # more lattice steps than any route takes (a handful per dimension)
MAX_PER_SCOPE = 100  # claims of one exact scope paired in full; beyond, only the extremes


def oversized_scopes(claims: ir.Table) -> ir.Table:
    """The exact scopes (lattice dimensions, measure, scope tag, unit) of more than
    ``MAX_PER_SCOPE`` claims: one row each."""
    keys = [*DIMENSIONS, "measure", *EXACT]
    sizes = claims.group_by(keys).agg(_size=claims.claim_id.count())
    return sizes.filter(sizes._size > MAX_PER_SCOPE).select(*keys)


def trim_large_scopes(claims: ir.Table) -> tuple[ir.Table, ir.Table]:
    """Claims of one exact scope beyond ``MAX_PER_SCOPE``: keep the half with the lowest
    lower bounds and the half with the highest upper bounds (where any disagreement shows),
    so that 8,000 copies of a claim make thousands of pairs, not 64 million. Returns the
    kept claims and the ids of those left out. Ties go to the claim first in the files."""
    keys = [*DIMENSIONS, "measure", *EXACT]
    half = MAX_PER_SCOPE // 2
    large_scopes = oversized_scopes(claims)
    large = claims.semi_join(large_scopes, keys)  # ranked apart: few claims, if any
    ranked = large.mutate(
        _low=ibis.row_number().over(group_by=keys, order_by=[large.lo, large.position]),
        _high=ibis.row_number().over(group_by=keys, order_by=[ibis.desc(large.hi), large.position]),
    )
    extreme = (ranked._low < half) | (ranked._high < half)
    kept = claims.anti_join(large_scopes, keys).union(
        ranked.filter(extreme).select(*claims.columns)
    )
    return kept, ranked.filter(~extreme).select("claim_id")


def comparable_pairs(
    frames: Frames,
    claims: ir.Table,
    vocab: dict[str, pd.DataFrame],
    measure_pairs: ir.Table | None = None,
    skip: Callable[[str, list[str]], None] | None = None,
) -> ir.Table:
    """Pairs (claim_narrow, claim_wide) whose scopes nest or match, on equal scope
    tag and unit, with the lattice steps between them. ``measure_pairs``
    (``measure``, ``measure_wide``) pairs different measures (a count and its
    bound); by default a measure pairs only with itself. Claims left out of a very
    large scope (``trim_large_scopes``) are passed to ``skip`` with the reason."""
    claims, dropped = trim_large_scopes(claims)
    if skip is not None:
        skip(
            f"a scope with more than {MAX_PER_SCOPE} claims: only its "
            f"{MAX_PER_SCOPE // 2} lowest and {MAX_PER_SCOPE // 2} highest figures are paired",
            frames.ids(dropped.claim_id),
        )
    return all_pairs(frames, claims, vocab, measure_pairs)


def all_pairs(
    frames: Frames,
    claims: ir.Table,
    vocab: dict[str, pd.DataFrame],
    measure_pairs: ir.Table | None = None,
    with_measures: bool = False,
) -> ir.Table:
    """``comparable_pairs`` without trimming large scopes: every pair, however many
    claims share a scope. For claims where no scope is large (``oversized_scopes``).
    ``with_measures`` adds each side's measure (``measure``, ``measure_wide``)."""
    narrow = claims.select("claim_id", *DIMENSIONS, "measure", *EXACT, "dated")
    if measure_pairs is None:
        narrow = narrow.mutate(measure_wide=narrow.measure)
    else:
        narrow = narrow.join(measure_pairs.select("measure", "measure_wide"), "measure")
    target = claims.select(
        *EXACT,
        claim_wide=claims.claim_id,
        measure_wide=claims.measure,
        dated_wide=claims.dated,
        **{f"{d}_wide": claims[d] for d in DIMENSIONS},
    )
    wide = widen(frames, narrow, vocab, target)
    keys = [f"{d}_wide" for d in DIMENSIONS] + ["measure_wide", *EXACT]
    pairs = wide.join(target, keys).rename(claim_narrow="claim_id")
    pairs = pairs.filter(pairs.claim_narrow != pairs.claim_wide)
    # Several routes can lead to one pair (a country in two regions): keep the shortest,
    # the fewest unknown sides, then the fewest steps. As one number (steps are a handful,
    # far below ROUTE), the shortest is a minimum: a hash aggregate, not a window's sort
    # (the window took 5 of the 7 seconds of a million claims' pairs).
    route = pairs.unknown_steps.cast("int64") * ROUTE + pairs.scope_steps.cast("int64")
    # (each claim has one measure: grouping by it too makes no more groups)
    measures = ["measure", "measure_wide"] if with_measures else []
    pairs = pairs.group_by("claim_narrow", "claim_wide", "dated", "dated_wide", *measures).agg(
        route=route.min()
    )
    scope_steps = pairs.route % ROUTE
    unknown_steps = (pairs.route - scope_steps) // ROUTE
    # A missing date on either side makes the pair less sure: one step lower.
    undated = ~(pairs.dated & pairs.dated_wide)
    return pairs.select(
        "claim_narrow",
        "claim_wide",
        *measures,
        relation=ibis.ifelse(scope_steps == 0, "same", "part_of"),
        scope_steps=scope_steps.cast("int64"),
        unknown_steps=unknown_steps.cast("int64"),
        undated=undated,
        steps_down=(unknown_steps + undated.cast("int64")).cast("int64"),
    )


def near_misses(claims: ir.Table) -> ir.Table:
    """Claims that match another on every key but the scope tag: left out, reported."""
    keys = ["subject", "side", "group", "cohort", "measure", "unit"]
    tags = claims.group_by(keys).agg(_tags=claims.scope.nunique())
    return claims.join(tags.filter(tags._tags > 1), keys).select("claim_id")
