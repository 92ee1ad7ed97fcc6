"""Derive each rule's table, run its GX suite, and turn failing rows into findings."""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pandas as pd

from ffcheck.context import RuleContext, build_context
from ffcheck.expectations import read_suite, run_suite, suite_problem
from ffcheck.findings import SEVERITIES, ClaimRef, Finding, Report
from ffcheck.intervals import fmt_interval
from ffcheck.load import ClaimSet, records
from ffcheck.problems import Problem

# One name ties a rule's module, its suite (expectations/<id>.json) and its fixtures.
RULE_MODULES = [
    "part_exceeds_whole",
    "sum_mismatch",
    "ratio_mismatch",
    "same_quantity_differs",
    "rate_exceeds_total",
    "arithmetic_fails",
    "ranking_violated",
    "series_decreases",
    "sources_disagree",
    "measure_exceeds_bound",
    "region_exceeds",
]
REVIEW_DECISIONS = {"confirmed_error", "scope_difference", "accepted_disagreement", "false_alarm"}


def rule_modules() -> list[ModuleType]:
    return [importlib.import_module(f"ffcheck.rules.{name}") for name in RULE_MODULES]


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
    )


def _claim_ids(row: pd.Series) -> list[str]:
    ids: list[str] = []
    for column, value in row.items():
        if str(column).startswith("claim_") and isinstance(value, str):
            ids += [v for v in value.split() if v != "-"]
    return list(dict.fromkeys(ids))


class Stopwatch:
    """Seconds spent per stage, summed over rules (for progress and the benchmark)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stage: str | None = None
        self._since = 0.0

    def start(self, stage: str) -> None:
        now = time.perf_counter()
        if self._stage is not None:
            self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + now - self._since
        self._stage, self._since = stage, now

    def stop(self) -> None:
        self.start("_idle")
        self.seconds.pop("_idle", None)
        self._stage = None


def run_rule(
    module: ModuleType, ctx: RuleContext, suite_dir: Path, watch: Stopwatch | None = None
) -> tuple[list[Finding], list[Problem]]:
    watch = watch or Stopwatch()
    rule_id = module.RULE.id
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
    table = module.derive(ctx)
    watch.start("expectations")
    result = run_suite(suite, table)
    watch.start("findings")
    if result.problems:
        return [], result.problems
    default = suite.data.get("meta", {}).get("severity", "error")
    severity_of: dict[int, str] = {}
    for failure in result.failures:
        severity = failure.meta.get("severity", default)
        if severity not in SEVERITIES:
            return [], [
                suite_problem(suite.path, f"severity {severity!r} is not one of {SEVERITIES}")
            ]
        for row_id in failure.row_ids:
            known = severity_of.get(row_id, "info")
            severity_of[row_id] = max(known, severity, key=SEVERITIES.index)
    findings = []
    by_row = table.set_index("row_id")
    for row_id, severity in sorted(severity_of.items()):
        row = by_row.loc[row_id]
        message, arithmetic = module.describe(row)
        refs = [claim_ref(ctx.claims, c) for c in _claim_ids(row)]
        relation = row.get("relation_id", "")
        findings.append(
            Finding(
                rule_id,
                severity,
                message,
                refs,
                arithmetic,
                relation if isinstance(relation, str) else "",
            )
        )
    return findings, []


def attach_reviews(report: Report, reviews: pd.DataFrame) -> list[Problem]:
    problems = []
    by_fingerprint = {f.fingerprint: f for f in report.findings}
    for row in records(reviews):
        if not re.fullmatch(r"[0-9a-f]{16}", str(row.fingerprint)):
            problems.append(
                Problem(
                    row._file,
                    row._line,
                    "fingerprint",
                    "bad-review",
                    "a fingerprint is 16 hex digits, as check prints it",
                    row.fingerprint,
                )
            )
            continue
        if row.decision not in REVIEW_DECISIONS:
            problems.append(
                Problem(
                    row._file,
                    row._line,
                    "decision",
                    "bad-review",
                    f"one of {', '.join(sorted(REVIEW_DECISIONS))}",
                    row.decision,
                )
            )
            continue
        finding = by_fingerprint.get(row.fingerprint)
        if finding is None:
            report.stale_reviews.append(
                {
                    "fingerprint": row.fingerprint,
                    "file": row._file,
                    "line": str(row._line),
                    "decision": row.decision,
                }
            )
            continue
        finding.review = {
            "decision": row.decision,
            "note": row.note,
            "reviewer": row.reviewer,
            "date": row.date,
        }
    return problems


def find_conflicts(
    claimset: ClaimSet,
    report: Report,
    suite_dir: Path,
    progress: Callable[[str], None],
    watch: Stopwatch | None = None,
) -> None:
    """Fill ``report`` with findings (or with problems when relations or suites are bad)."""
    watch = watch or Stopwatch()
    progress("derive")
    watch.start("derive")
    ctx = build_context(claimset)
    problems = list(ctx.problems)
    findings: list[Finding] = []
    if not problems:
        for module in rule_modules():
            progress(f"rule {module.RULE.id}")
            found, bad = run_rule(module, ctx, suite_dir, watch)
            findings += found
            problems += bad
            report.rules_run.append(module.RULE.id)
        problems += [p for p in ctx.problems if p not in problems]  # formula errors
    report.findings = sorted(
        findings, key=lambda f: (-SEVERITIES.index(f.severity), f.rule, f.fingerprint)
    )
    watch.start("findings")
    problems += attach_reviews(report, claimset.reviews)
    report.problems = sorted(set(report.problems) | set(problems))
    watch.stop()
