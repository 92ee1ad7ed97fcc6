"""The consistency rules of benchmarks/independent.py, one function each.

Each rule is written from its documentation (src/ffcheck/rules/*.py docstrings,
the comparisons in expectations/*.json, claims/ENCODING.md), not from ffcheck's
code, and returns the claim-id lists of its failing comparisons. A comparison
"a >= b" fails as in Great Expectations' column-pair check: when it does not
hold, unless both values are missing. To change a rule, change its function;
to add one, decorate a new function with ``@rule("<id>")``.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# Inferred rules compare claims that agree on all of these (ENCODING.md, column scope).
SCOPE = ["doc", "subject", "side", "group", "cohort", "measure", "scope", "unit"]
PER_MONTH = {"persons_per_month": 1.0, "persons_per_week": 52 / 12}


@dataclass
class Context:
    claims: pd.DataFrame  # indexed by claim_id: lo, hi, top, t_from, t_to, dated, from_start
    members: pd.DataFrame  # relation_id, kind, position, claim_id, complete, formula
    vocab: dict[str, pd.DataFrame]
    problems: list[str] = field(default_factory=list)  # formulas that cannot be read

    def at(self, ids: pd.Series, columns: list[str]) -> pd.DataFrame:
        """Columns of the claims ``ids`` name, row by row (NaN for '-')."""
        return self.claims[columns].reindex(ids.to_numpy()).reset_index(drop=True)

    def roles(self, kind: str, count: int) -> pd.DataFrame:
        """One row per relation of ``kind``: the claim id at each position 0..count-1."""
        picked = self.members[(self.members["kind"] == kind) & (self.members["position"] < count)]
        wide = picked.pivot(index="relation_id", columns="position", values="claim_id")
        return wide.reindex(columns=range(count)).reset_index(drop=True)

    def pairs(self, kind: str) -> pd.DataFrame:
        """Every ordered pair (first, second) of members of one relation, by position."""
        m = self.members[self.members["kind"] == kind][["relation_id", "position", "claim_id"]]
        both = m.merge(m, on="relation_id")
        both = both[both["position_x"] < both["position_y"]]
        return both.rename(columns={"claim_id_x": "first", "claim_id_y": "second"})


def group_codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer per distinct combination of ``columns`` (cheaper to join than strings)."""
    code = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        part, uniques = pd.factorize(frame[column])
        code, _ = pd.factorize(code * (len(uniques) + 1) + part)
    return code


RULES: dict[str, Callable[[Context], list[list[str]]]] = {}


def rule(rule_id: str) -> Callable:
    def register(func: Callable[[Context], list[list[str]]]) -> Callable:
        RULES[rule_id] = func
        return func

    return register


def below(a: object, b: object) -> np.ndarray:
    """Where ``a >= b`` does not hold; a pair missing on both sides is no failure."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore"):
        return ~(a >= b) & ~(np.isnan(a) & np.isnan(b))


def id_lists(frame: pd.DataFrame, mask: np.ndarray, columns: list) -> list[list[str]]:
    picked = frame.loc[np.asarray(mask, dtype=bool), columns]
    return [[i for cell in row for i in str(cell).split()] for row in picked.to_numpy()]


@rule("part-exceeds-whole")
def part_exceeds_whole(ctx: Context) -> list[list[str]]:
    """A declared part (part_of: part, whole) cannot exceed its whole, even as stated."""
    pairs = ctx.roles("part_of", 2)
    part, whole = ctx.at(pairs[0], ["lo"]), ctx.at(pairs[1], ["hi", "top"])
    bad = below(whole["hi"], part["lo"]) | below(whole["top"], part["lo"])
    return id_lists(pairs, bad, [0, 1])


@rule("sum-mismatch")
def sum_mismatch(ctx: Context) -> list[list[str]]:
    """Parts (sum_of: total, parts...) do not exceed the total; a complete list reaches it."""
    m = ctx.members[ctx.members["kind"] == "sum_of"].reset_index(drop=True)
    m = pd.concat([m, ctx.at(m["claim_id"], ["lo", "hi", "top"])], axis=1)
    total = m[m["position"] == 0].set_index("relation_id")
    parts = m[m["position"] > 0].groupby("relation_id")
    table = total.join(parts[["lo", "hi", "top"]].sum().add_prefix("parts_"))
    table = table.join(parts["claim_id"].agg(" ".join).rename("claim_parts"))
    complete = table["complete"].to_numpy(bool)
    bad = below(table["hi"], table["parts_lo"])
    bad |= below(np.where(complete, table["parts_hi"], np.inf), table["lo"])
    bad |= below(np.where(complete, table["parts_top"], np.inf), table["lo"])
    return id_lists(table, bad, ["claim_id", "claim_parts"])


@rule("ratio-mismatch")
def ratio_mismatch(ctx: Context) -> list[list[str]]:
    """A share (ratio: share, numerator, denominator) admits numerator/denominator."""
    table = ctx.roles("ratio", 3)
    table = table[(table[1] != "-") & (table[2] != "-")].reset_index(drop=True)
    share, num = ctx.at(table[0], ["lo", "hi"]), ctx.at(table[1], ["lo", "hi"])
    den = ctx.at(table[2], ["lo", "hi"])
    with np.errstate(divide="ignore", invalid="ignore"):
        least = np.nan_to_num(100 * num["lo"].to_numpy() / den["hi"].to_numpy(), nan=0.0)
        most = 100 * num["hi"].to_numpy() / den["lo"].to_numpy()
    most = np.where(np.isnan(most), np.inf, most)
    bad = below(share["hi"], least) | below(most, share["lo"])
    return id_lists(table, bad, [0, 1, 2])


@rule("same-quantity-differs")
def same_quantity_differs(ctx: Context) -> list[list[str]]:
    """Claims declared the same quantity (same_quantity) have overlapping intervals."""
    pairs = ctx.pairs("same_quantity").reset_index(drop=True)
    a, b = ctx.at(pairs["first"], ["lo", "hi"]), ctx.at(pairs["second"], ["lo", "hi"])
    bad = below(a["hi"], b["lo"]) | below(b["hi"], a["lo"])
    return id_lists(pairs, bad, ["first", "second"])


@rule("rate-exceeds-total")
def rate_exceeds_total(ctx: Context) -> list[list[str]]:
    """A rate (rate_over_period: rate, total) times its months fits in the total."""
    table = ctx.roles("rate_over_period", 2)
    rate = ctx.at(table[0], ["lo", "unit", "period_from", "period_to", "t_from", "t_to"])
    start = rate["period_from"].fillna(rate["t_from"])  # the stated period, else its window
    end = rate["period_to"].fillna(rate["t_to"])
    months = (((end - start).dt.days + 1) / (365.25 / 12)).round(1)
    implied = rate["lo"] * rate["unit"].map(PER_MONTH).astype(float) * months
    return id_lists(table, below(ctx.at(table[1], ["hi"])["hi"], implied), [0, 1])


def interval_of(node: ast.expr, values: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """A formula's side in interval arithmetic (names are claims, numbers constants)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value), float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if not isinstance(node, ast.BinOp):
        raise ValueError("only + - * / of claims and numbers")
    (a, b), (c, d) = interval_of(node.left, values), interval_of(node.right, values)
    if isinstance(node.op, ast.Add):
        return a + c, b + d
    if isinstance(node.op, ast.Sub):
        return a - d, b - c
    if isinstance(node.op, ast.Div):
        if c <= 0 <= d:
            return -math.inf, math.inf
        corners = [x / y for x in (a, b) for y in (c, d)]
    elif isinstance(node.op, ast.Mult):
        corners = [x * y for x in (a, b) for y in (c, d) if not (math.isinf(x) and y == 0)]
    else:
        raise ValueError("only + - * / of claims and numbers")
    return min(corners), max(corners)


@rule("arithmetic-fails")
def arithmetic_fails(ctx: Context) -> list[list[str]]:
    """A formula over claims ({a} * {b} == {c}) can hold for values the claims admit."""
    m = ctx.members[ctx.members["kind"] == "arithmetic"]
    bounds = ctx.at(m["claim_id"], ["lo", "hi"])  # one lookup for every member at once
    formulas: dict[str, tuple[str, dict[str, tuple[float, float]]]] = {}
    for relation, formula, claim, lo, hi in zip(
        m["relation_id"].tolist(), m["formula"].tolist(), m["claim_id"].tolist(),
        bounds["lo"].tolist(), bounds["hi"].tolist(), strict=True,
    ):  # fmt: skip
        formulas.setdefault(relation, (formula, {}))[1][claim] = (lo, hi)
    failing = []
    for relation, (source, values) in formulas.items():
        names = {f"v{i}": claim for i, claim in enumerate(values)}
        for name, claim in names.items():
            source = source.replace("{" + claim + "}", name)
        try:
            tree = ast.parse(source, mode="eval").body
            if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1):
                raise ValueError("a formula is one comparison")
            named = {name: values[claim] for name, claim in names.items()}
            a, b = interval_of(tree.left, named)
            c, d = interval_of(tree.comparators[0], named)
        except (SyntaxError, ValueError, KeyError) as exc:
            ctx.problems.append(f"{relation}: formula cannot be read: {exc}")
            continue  # an unreadable formula is a problem, never a finding
        excess = {ast.Eq: max(a - d, c - b), ast.LtE: a - d, ast.Lt: a - d}
        excess |= {ast.GtE: c - b, ast.Gt: c - b}  # strict comparisons read as non-strict
        op = type(tree.ops[0])
        if op not in excess:
            ctx.problems.append(f"{relation}: the comparison must be ==, <=, >=, < or >")
        elif excess[op] > 0:  # NaN is no failure (a GX value check skips null values)
            failing.append(list(values))
    return failing


@rule("ranking-violated")
def ranking_violated(ctx: Context) -> list[list[str]]:
    """A subject ranked higher (ranking: first, second, ...) can reach any ranked below it;
    the first of a ``largest`` relation ("the largest contingent") can reach each other."""
    largest = ctx.pairs("largest")
    largest = largest[largest["position_x"] == 0]
    pairs = pd.concat([ctx.pairs("ranking"), largest]).reset_index(drop=True)
    higher, lower = ctx.at(pairs["first"], ["hi"]), ctx.at(pairs["second"], ["lo"])
    return id_lists(pairs, below(higher["hi"], lower["lo"]), ["first", "second"])


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Days as positive integers (1900..9999 fit in 2**22), to pack with a group key."""
    return dates.to_numpy("M8[D]").astype(np.int64) + 2**20


def cumulative(ctx: Context) -> set[str]:
    measures = ctx.vocab["measures"]
    return set(measures.loc[measures["cumulative"] == "yes", "measure"])


@rule("series-decreases")
def series_decreases(ctx: Context) -> list[list[str]]:
    """A later cumulative count (persons, from the start) reaches every strictly earlier one.

    Each later claim meets the earlier claim with the largest low bound among
    those whose window ends before its own begins, in the same scope.
    """
    c = ctx.claims
    c = c[c["measure"].isin(cumulative(ctx)) & c["dated"] & c["from_start"]]
    c = c[c["unit"] == "persons"].reset_index(drop=True)
    ends = c.assign(end=day_numbers(c["t_to"])).sort_values(
        ["group_key", "end", "lo"], kind="stable"
    )
    best = ends.groupby("group_key")["lo"].cummax()
    holder = ends["claim_id"].where(ends["lo"] == best).groupby(ends["group_key"]).ffill()
    keys = ends["group_key"].to_numpy() * 2**24 + ends["end"].to_numpy()
    wanted = c["group_key"].to_numpy() * 2**24 + day_numbers(c["t_from"])
    at = np.searchsorted(keys, wanted, side="left") - 1  # the last window ending before
    ok = (at >= 0) & (
        ends["group_key"].to_numpy()[np.clip(at, 0, None)] == c["group_key"].to_numpy()
    )
    later = c[ok].reset_index(drop=True)
    earlier = holder.to_numpy()[at[ok]]
    earlier_lo = ctx.claims["lo"].reindex(earlier).to_numpy()
    bad = below(later["hi"], earlier_lo) | below(later["top"], earlier_lo)
    return [[a, b] for a, b in zip(earlier[bad], later["claim_id"][bad], strict=True)]


@rule("sources-disagree")
def sources_disagree(ctx: Context) -> list[list[str]]:
    """Claims of one scope and overlapping windows have overlapping intervals.

    Flows (not from the start) pair only with flows over the same period start.
    """
    c = ctx.claims[["claim_id", "group_key", "lo", "hi", "t_from", "t_to", "from_start"]]
    window = ctx.claims["period_start"].where(~c["from_start"], "\x00cumulative")
    c = c.assign(key=group_codes(pd.DataFrame({"g": c["group_key"], "w": window}), ["g", "w"]))
    c = c[c["key"].duplicated(keep=False)].reset_index(drop=True)  # only groups of 2+
    pairs = c.merge(c, on="key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["claim_id_a"] < pairs["claim_id_b"]]  # each pair once
    overlap = (pairs["t_from_a"] <= pairs["t_to_b"]) & (pairs["t_from_b"] <= pairs["t_to_a"])
    apart = below(pairs["hi_a"], pairs["lo_b"]) | below(pairs["hi_b"], pairs["lo_a"])
    return id_lists(pairs, overlap.to_numpy() & apart, ["claim_id_a", "claim_id_b"])


@rule("measure-exceeds-bound")
def measure_exceeds_bound(ctx: Context) -> list[list[str]]:
    """A count (measures.csv bounded_by) cannot exceed its bound from no earlier date."""
    measures = ctx.vocab["measures"]
    bound_of = measures.set_index("measure")["bounded_by"]
    key = ["doc", "subject", "side", "group", "cohort", "scope", "unit"]
    c = ctx.claims[["claim_id", "measure", "lo", "hi", "t_to", "from_start"]].reset_index(drop=True)
    c["key"] = group_codes(ctx.claims, key)
    c["bound"] = c["measure"].map(bound_of).fillna("")
    parts = c[c["bound"] != ""]
    bounds = c[c["from_start"] & c["measure"].isin(set(parts["bound"]))]
    pairs = parts.merge(bounds, left_on=["key", "bound"], right_on=["key", "measure"])
    pairs = pairs[pairs["t_to_y"] >= pairs["t_to_x"]]
    return id_lists(pairs, below(pairs["hi_y"], pairs["lo_x"]), ["claim_id_x", "claim_id_y"])


@rule("region-exceeds")
def region_exceeds(ctx: Context) -> list[list[str]]:
    """A region's figure holds the sum of its member countries' smallest figures.

    Members: vocab/region_members.csv, and every country is in ALL. A member's
    figure counts when it begins no later than the region's ends and, unless the
    measure is cumulative, their windows overlap. Two members at least. Counts and
    rates only (units of kind count or rate): shares do not add up.
    """
    units = ctx.vocab["units"]
    summable = set(units.loc[units["kind"].isin(["count", "rate"]), "unit"])
    subjects = ctx.vocab["subjects"]
    countries = subjects.loc[subjects["kind"] == "country", "subject"]
    members = pd.concat(
        [ctx.vocab["region_members"], pd.DataFrame({"region": "ALL", "member": countries})]
    )[["region", "member"]]
    key = ["doc", "side", "group", "cohort", "measure", "scope", "unit"]
    c = ctx.claims[ctx.claims["dated"] & ctx.claims["unit"].isin(summable)].reset_index(drop=True)
    c = c.assign(key=group_codes(c, key))[
        ["claim_id", "subject", "key", "measure", "lo", "hi", "t_from", "t_to"]
    ]
    regions = c[c["subject"].isin(set(members["region"]))].merge(
        members, left_on="subject", right_on="region"
    )
    parts = c[c["subject"].isin(set(countries))]
    pairs = regions.merge(parts, left_on=["member", "key"], right_on=["subject", "key"])
    in_time = pairs["t_from_y"] <= pairs["t_to_x"]
    in_time &= (pairs["t_to_y"] >= pairs["t_from_x"]) | pairs["measure_x"].isin(cumulative(ctx))
    pairs = pairs[in_time].sort_values(["lo_y", "claim_id_y"])
    least = pairs.drop_duplicates(["claim_id_x", "member"])  # one figure per member country
    table = least.groupby("claim_id_x").agg(
        hi=("hi_x", "first"),
        total=("lo_y", "sum"),
        n=("member", "size"),
        ids=("claim_id_y", " ".join),
    )
    table = table[table["n"] >= 2].reset_index()
    return id_lists(table, below(table["hi"], table["total"]), ["claim_id_x", "ids"])
