"""Arithmetic that the text itself does must hold.

Why: "Five a week ... 50 weeks in a year, 250 more" asserts 5 × 50 = 250; a
formula over the claims (relations.csv ``formula``, e.g. ``{a} * {b} == {c}``,
constants allowed, as in ``{weeks} == 52``) is evaluated in interval arithmetic
and its two sides must be able to meet.
Example: {five-a-week} * {fifty-weeks} == {two-fifty} passes.
"""

from __future__ import annotations

import ast
import math
import operator
import re

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.rules.base import Failed, Rule, compared, finish

RULE = Rule("arithmetic-fails", "Arithmetic in the text does not hold", "declared")
Interval = tuple[float, float]
PLACEHOLDER = re.compile(r"\{([^}]+)\}")
# A formula is a short sum or product written by hand: bounded before it is parsed, so
# 60,000 terms cannot exhaust the recursion of the parser and a 400-digit integer
# cannot overflow a float.
MAX_FORMULA_CHARS = 1_000
MAX_OPERATIONS = 100
MAX_CONSTANT = 1e300
COMPARE = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<=", ast.Gt: ">="}


def _combine(op: ast.operator, a: Interval, b: Interval) -> Interval:
    if isinstance(op, ast.Add):
        return a[0] + b[0], a[1] + b[1]
    if isinstance(op, ast.Sub):
        return a[0] - b[1], a[1] - b[0]
    func = operator.mul if isinstance(op, ast.Mult) else operator.truediv
    if func is operator.truediv and b[0] <= 0 <= b[1]:
        return -math.inf, math.inf
    corners = [func(x, y) for x in a for y in b if not (math.isinf(x) and y == 0)]
    return min(corners), max(corners)


def _evaluate(node: ast.expr, values: dict[str, Interval]) -> Interval:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        if not abs(node.value) <= MAX_CONSTANT:
            raise ValueError(f"the constant {str(node.value)[:20]}... is too large")
        return float(node.value), float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
        return _combine(node.op, _evaluate(node.left, values), _evaluate(node.right, values))
    raise ValueError(f"unsupported expression: {ast.dump(node)}")


def evaluate(formula: str, values: dict[str, Interval]) -> tuple[Interval, str, Interval]:
    """Both sides of ``formula`` as intervals, with the comparison between them."""
    if len(formula) > MAX_FORMULA_CHARS:
        raise ValueError(f"longer than {MAX_FORMULA_CHARS} characters")
    names = {claim: f"v{i}" for i, claim in enumerate(dict.fromkeys(PLACEHOLDER.findall(formula)))}
    source = PLACEHOLDER.sub(lambda m: names[m.group(1)], formula)
    # Counted once the claim ids are names: the hyphen of "{all-2014}" is no operation.
    if sum(source.count(op) for op in "+-*/") > MAX_OPERATIONS:
        raise ValueError(f"more than {MAX_OPERATIONS} operations")
    tree = ast.parse(source, mode="eval").body
    if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and type(tree.ops[0]) in COMPARE):
        raise ValueError("a formula is one comparison: ==, <=, >=, < or >")
    scope = {names[c]: v for c, v in values.items() if c in names}
    return (
        _evaluate(tree.left, scope),
        COMPARE[type(tree.ops[0])],
        _evaluate(tree.comparators[0], scope),
    )


def derive(ctx: RuleContext) -> pd.DataFrame:
    members = ctx.relation_members("arithmetic")
    rows = []
    # One row per declared formula (a handful), not per claim.
    for relation_id, group in members.groupby("relation_id", sort=True):
        formula = group["formula"].iloc[0]
        values = {c: (ctx.claims.at[c, "lo"], ctx.claims.at[c, "hi"]) for c in group["claim_id"]}
        try:
            left, op, right = evaluate(formula, values)
        except (ValueError, SyntaxError, KeyError, OverflowError, RecursionError) as exc:
            ctx.problems.append(ctx.relation_problem(group, f"formula cannot be read: {exc}"))
            continue
        excess = {
            "==": max(left[0] - right[1], right[0] - left[1]),
            "<=": left[0] - right[1],
            ">=": right[0] - left[1],
        }[op]
        rows.append(
            {
                "relation_id": relation_id,
                "claim_ids": " ".join(group["claim_id"]),
                "formula": formula,
                "op": op,
                "left_lo": left[0],
                "left_hi": left[1],
                "right_lo": right[0],
                "right_hi": right[1],
                "excess": excess,
            }
        )
    columns = [
        "relation_id",
        "claim_ids",
        "formula",
        "op",
        "left_lo",
        "left_hi",
        "right_lo",
        "right_hi",
        "excess",
    ]
    return finish(pd.DataFrame(rows, columns=columns))


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    left = fmt_interval(row["left_lo"], row["left_hi"])
    right = fmt_interval(row["right_lo"], row["right_hi"])
    return (
        f"the text's arithmetic {row['formula']} does not hold",
        f"left side {left} {row['op']} right side {right} fails by {row['excess']:,.2f} "
        f"({compared(row, failed)})",
    )
