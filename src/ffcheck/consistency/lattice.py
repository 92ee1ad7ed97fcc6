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
them (pandas merges on keys, never a cross join) and returns one row per pair:
the narrower claim, the wider claim, ``scope_steps`` (lattice steps between
them, 0 for the same scope), ``unknown_steps`` (unknown sides crossed) and
``undated`` (a date is missing on either side). ``steps_down`` is how many severity
steps a finding from the pair is lowered: one per unknown side and one when a
date is missing.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

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


def widen(claims: pd.DataFrame, vocab: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each claim once per wider scope it belongs to (``<dim>_wide`` columns)."""
    out = claims[["claim_id", *DIMENSIONS]].assign(scope_steps=0, unknown_steps=0)
    for dim, ladder in ladders(vocab).items():
        step = ladder.rename(columns={"value": dim, "wider": f"{dim}_wide"})
        out = out.merge(step, on=dim)
        out["scope_steps"] += out.pop("steps").astype(int)
        out["unknown_steps"] += out.pop("unknown").astype(int)
    return out.drop(columns=list(DIMENSIONS))


MAX_PER_SCOPE = 100  # claims of one exact scope paired in full; beyond, only the extremes


def trim_large_scopes(claims: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Claims of one exact scope beyond ``MAX_PER_SCOPE``: keep the half with the lowest
    lower bounds and the half with the highest upper bounds (where any disagreement shows),
    so that 8,000 copies of a claim make thousands of pairs, not 64 million."""
    keys = [*DIMENSIONS, "measure", *EXACT]
    size = claims.groupby(keys, dropna=False)["claim_id"].transform("size")
    large = claims[size > MAX_PER_SCOPE]
    if large.empty:
        return claims, []
    half = MAX_PER_SCOPE // 2
    grouped = large.groupby(keys, dropna=False)
    low = large.loc[grouped["lo"].rank(method="first") <= half]
    high = large.loc[grouped["hi"].rank(method="first", ascending=False) <= half]
    kept_large = set(low["claim_id"]) | set(high["claim_id"])
    dropped = sorted(set(large["claim_id"]) - kept_large)
    keep = (size <= MAX_PER_SCOPE) | claims["claim_id"].isin(kept_large)
    return claims[keep], dropped


def comparable_pairs(
    claims: pd.DataFrame,
    vocab: dict[str, pd.DataFrame],
    measure_pairs: pd.DataFrame | None = None,
    skip: Callable[[str, list[str]], None] | None = None,
) -> pd.DataFrame:
    """Pairs (claim_narrow, claim_wide) whose scopes nest or match, on equal scope
    tag and unit, with the lattice steps between them. ``measure_pairs``
    (``measure``, ``measure_wide``) pairs different measures (a count and its
    bound); by default a measure pairs only with itself. Claims left out of a very
    large scope (``trim_large_scopes``) are passed to ``skip`` with the reason."""
    claims, dropped = trim_large_scopes(claims)
    if dropped and skip is not None:
        skip(
            f"a scope with more than {MAX_PER_SCOPE} claims: only its "
            f"{MAX_PER_SCOPE // 2} lowest and {MAX_PER_SCOPE // 2} highest figures are paired",
            dropped,
        )
    base = claims.reset_index(drop=True)
    wide = widen(base, vocab).merge(base[["claim_id", "measure", *EXACT]], on="claim_id")
    if measure_pairs is None:
        wide["measure_wide"] = wide["measure"]
    else:
        wide = wide.merge(measure_pairs[["measure", "measure_wide"]], on="measure")
    target = base[["claim_id", *DIMENSIONS, "measure", *EXACT]].rename(
        columns={c: f"{c}_wide" for c in ("claim_id", *DIMENSIONS, "measure")}
    )
    keys = [f"{d}_wide" for d in DIMENSIONS] + ["measure_wide", *EXACT]
    pairs = wide.merge(target, on=keys).rename(
        columns={"claim_id": "claim_narrow", "claim_id_wide": "claim_wide"}
    )
    pairs = pairs[pairs["claim_narrow"] != pairs["claim_wide"]]
    # Several routes can lead to one pair (a country in two regions): keep the shortest.
    pairs = pairs.sort_values(["unknown_steps", "scope_steps", "claim_narrow", "claim_wide"])
    pairs = pairs.drop_duplicates(["claim_narrow", "claim_wide"])
    dated = claims.set_index("claim_id")["dated"]
    # A missing date on either side makes the pair less sure: one step lower.
    pairs["undated"] = ~(
        pairs["claim_narrow"].map(dated).to_numpy() & pairs["claim_wide"].map(dated).to_numpy()
    )
    pairs["steps_down"] = pairs["unknown_steps"] + pairs["undated"].astype(int)
    pairs["relation"] = pairs["scope_steps"].map(lambda s: "same" if s == 0 else "part_of")
    return pairs[
        [
            "claim_narrow",
            "claim_wide",
            "relation",
            "scope_steps",
            "unknown_steps",
            "undated",
            "steps_down",
        ]
    ].reset_index(drop=True)


def near_misses(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims that match another on every key but the scope tag: left out, reported."""
    keys = ["subject", "side", "group", "cohort", "measure", "unit"]
    tagged = claims.groupby(keys, dropna=False)["scope"].transform("nunique")
    return claims[tagged > 1]
