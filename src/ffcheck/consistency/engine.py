"""Derive each rule's table, run its GX suite, and turn failing rows into findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ffcheck.consistency.context import RuleContext, build_context
from ffcheck.consistency.derived import ForGX, for_gx
from ffcheck.consistency.findings import READINGS, SEVERITIES, ClaimRef, Finding, Report, lower
from ffcheck.consistency.frames import DEFAULT_ENGINE
from ffcheck.consistency.intervals import fmt_interval
from ffcheck.consistency.registry import RegisteredRule, all_rules
from ffcheck.consistency.reviews import attach_reviews
from ffcheck.consistency.stopwatch import Stopwatch
from ffcheck.consistency.suites import (
    Suite,
    SuiteFailure,
    SuiteResult,
    read_suite,
    run_suite,
    suite_problem,
)
from ffcheck.consistency.suspects import shared_claims, suspect_claims
from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet


def claim_ref(claims: pd.DataFrame, claim_id: str) -> ClaimRef:
    row = claims.loc[claim_id]
    date = row["as_of"] or "–".join(d for d in (row["period_start"], row["period_end"]) if d)
    return ClaimRef(
        claim_id=claim_id,
        file=str(row["_file"]),
        line=int(row["_line"]),
        quote=row["quote"],
        figure=row["figure"],
        value=f"{fmt_interval(row['lo'], row['hi'], row['unit'])} ({row['qualifier']})",
        source=row["source"],
        date=date,
        section=row["section"],
        subject=row["subject"],
        measure=row["measure"],
        doc=row["doc"],
    )


def _claim_ids(row: pd.Series) -> list[str]:
    ids: list[str] = []
    for column, value in row.items():
        if str(column).startswith("claim_") and isinstance(value, str):
            ids += [v for v in value.split() if v != "-"]
    return list(dict.fromkeys(ids))


def _stronger(new: tuple[str, SuiteFailure], known: tuple[str, SuiteFailure]) -> bool:
    """The failure that decides a row: the higher severity, then the tolerant reading."""

    def rank(item: tuple[str, SuiteFailure]) -> tuple[int, int]:
        return SEVERITIES.index(item[0]), int(item[1].reading == "tolerant")

    return rank(new) > rank(known)


def run_rule(
    rule: RegisteredRule, ctx: RuleContext, suite_dir: Path, watch: Stopwatch | None = None
) -> tuple[list[Finding], list[Problem]]:
    watch = watch or Stopwatch()
    rule_id = rule.id
    suite, problems = read_suite(suite_dir / f"{rule_id}.json")
    if suite is None:
        return [], problems
    if suite.rule != rule_id:
        return [], [
            suite_problem(
                suite.path, f"meta.rule is {suite.rule!r}; this suite belongs to {rule_id!r}"
            )
        ]
    watch.start("derive")
    try:
        table = rule.module.derive(ctx)
        with for_gx(table, ctx.frames) as readable:
            watch.start("expectations")
            result = run_suite(suite, readable.frame)
            watch.start("findings")
            if result.problems:
                return [], result.problems
            return _findings(rule, ctx, suite, result, readable)
    finally:
        ctx.frames.release_rule_tables()


def _findings(
    rule: RegisteredRule, ctx: RuleContext, suite: Suite, result: SuiteResult, readable: ForGX
) -> tuple[list[Finding], list[Problem]]:
    """The failing rows, one finding each, at the severity of the strongest failure."""
    module = rule.module
    default = suite.data.get("meta", {}).get("severity", rule.rule.severity)
    decided: dict[int, tuple[str, SuiteFailure]] = {}
    for failure in result.failures:
        severity = failure.meta.get("severity", default)
        if severity not in SEVERITIES or failure.reading not in READINGS:
            return [], [
                suite_problem(
                    suite.path,
                    f"severity {severity!r} / reading {failure.reading!r}: one of "
                    f"{SEVERITIES} / {READINGS}",
                )
            ]
        if failure.reading == "as_stated":  # only as stated: at most a warning
            severity = min(severity, "warning", key=SEVERITIES.index)
        for row_id in failure.row_ids:
            known = decided.get(row_id)
            if known is None or _stronger((severity, failure), known):
                decided[row_id] = (severity, failure)
    findings = []
    by_row = readable.rows(sorted(decided), ctx.frames)
    for row_id, (severity, failure) in sorted(decided.items()):
        row = by_row.loc[row_id]
        # Lattice steps (an unknown side, a missing date) lower what the suite decided.
        steps = int(row.get("steps_down", 0) or 0)
        message, arithmetic = module.describe(row, failure)
        refs = [claim_ref(ctx.claims, c) for c in _claim_ids(row)]
        relation = row.get("relation_id", "")
        findings.append(
            Finding(
                rule.id,
                lower(severity, steps),
                message,
                refs,
                arithmetic,
                relation if isinstance(relation, str) else "",
                reading=failure.reading,
                rule_aliases=tuple(rule.rule.aliases),
            )
        )
    return findings, []


def find_conflicts(
    claimset: ClaimSet,
    report: Report,
    suite_dir: Path,
    progress: Callable[[str], None],
    watch: Stopwatch | None = None,
    rules: list[RegisteredRule] | None = None,
    set_aside: frozenset[str] = frozenset(),
    engine: str = DEFAULT_ENGINE,
) -> RuleContext:
    """Fill ``report`` with findings (or with problems when relations or suites are bad)
    and return the context the rules derived from, for the commands that show it."""
    watch = watch or Stopwatch()
    progress("derive")
    watch.start("derive")
    ctx = build_context(claimset, set_aside, engine)
    # A bad relation was left out of the context (build_context): the rules still run.
    problems = list(ctx.problems)
    findings: list[Finding] = []
    for rule in all_rules() if rules is None else rules:
        progress(f"rule {rule.id}")
        found, bad = run_rule(rule, ctx, suite_dir, watch)
        findings += found
        problems += bad
        report.rules_run.append(rule.id)
    problems += [p for p in ctx.problems if p not in problems]  # formula errors
    report.skipped = list(ctx.skipped)
    report.findings = sorted(
        findings, key=lambda f: (-SEVERITIES.index(f.severity), f.rule, f.fingerprint)
    )
    watch.start("findings")
    problems += attach_reviews(report, claimset.reviews)
    report.suspects = [s.to_dict() for s in suspect_claims(report.findings)]
    report.shared = shared_claims(report.findings)
    report.problems = sorted(set(report.problems) | set(problems))
    watch.stop()
    return ctx
