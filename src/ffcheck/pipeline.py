"""load -> validate (pandera) -> derive relation tables -> expectations (GX) -> findings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ffcheck.consistency.findings import Report
from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet, load_claimset

if TYPE_CHECKING:
    from ffcheck.consistency.context import RuleContext
    from ffcheck.consistency.registry import RegisteredRule

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def build_report(claimset: ClaimSet, problems: list[Problem], quotes_verified: int) -> Report:
    documents = [
        {
            "doc": d.doc_id,
            "title": d.title,
            "path": d.path,
            "sha256": d.sha256,
            "chars": len(d.text),
            "licence": d.licence,
        }
        for d in claimset.documents.values()
    ]
    return Report(
        documents=documents,
        claims=len(claimset.claims),
        quotes_verified=quotes_verified,
        files=claimset.files,
        problems=problems,
    )


@dataclass
class Run:
    """One pass of the pipeline, which every command reuses instead of loading again."""

    report: Report
    claimset: ClaimSet
    context: RuleContext | None = None  # None when the input stopped the rules


def set_aside_rows(claimset: ClaimSet, problems: list[Problem]) -> set[tuple[str, int]]:
    """The claim rows (file, line) a problem makes untrustworthy: kept out of the rules."""
    tables = set(claimset.files)
    return {
        (p.file, p.line)
        for p in problems
        if not p.is_warning and p.line is not None and p.file in tables
    }


def blocks_rules(problem: Problem) -> bool:
    """A problem that leaves no sound input for any rule: a vocabulary that did not load
    (the vocabularies give the claims their meaning). Everything else blocks only its rows."""
    return not problem.is_warning and Path(problem.file).parent.name == "vocab"


def check_claimset(
    claimset: ClaimSet,
    progress: Progress = _quiet,
    with_findings: bool = True,
    expectations_dir: Path = Path("expectations"),
    rules: list[RegisteredRule] | None = None,
    engine: str | None = None,
) -> Run:
    """Validate a loaded claim set and find the conflicts among its sound claims.

    A claim with a problem of its own (a stale quote, a bad value) is set aside and
    reported; every rule still runs on the rest, so one stale quote never hides the
    document's contradictions. ``engine`` computes the derived tables: "duckdb" or
    "spark" (None: ``$FFCHECK_ENGINE``, else DuckDB; consistency/frames.py)."""
    problems = list(claimset.problems)
    if claimset.claims.empty:
        return Run(build_report(claimset, problems, 0), claimset)
    progress("validate")
    from ffcheck.validate.claims import validate_claims
    from ffcheck.validate.documents import validate_documents
    from ffcheck.validate.revisions import context_problems, validate_revisions
    from ffcheck.validate.vocab import validate_vocabularies

    problems += validate_documents(claimset)
    problems += validate_vocabularies(claimset)
    problems += validate_revisions(claimset)
    problems += validate_claims(claimset)
    problems += context_problems(claimset)
    quote_problems = {
        (p.file, p.line) for p in problems if p.code in {"quote-not-found", "quote-ambiguous"}
    }
    verified = len(claimset.claims) - len(quote_problems)
    report = build_report(claimset, sorted(set(problems)), verified)
    if not with_findings or any(blocks_rules(p) for p in problems):
        return Run(report, claimset)
    aside = set_aside_rows(claimset, problems)
    claims = claimset.claims
    keep = [(f, int(n)) not in aside for f, n in zip(claims["_file"], claims["_line"], strict=True)]
    sound = dataclasses.replace(claimset, claims=claims[keep].reset_index(drop=True))
    report.set_aside = sorted(set(claims.loc[[not k for k in keep], "claim_id"]))
    if sound.claims.empty:
        return Run(report, claimset)
    from ffcheck.consistency.engine import find_conflicts
    from ffcheck.consistency.frames import engine_name

    context = find_conflicts(
        sound,
        report,
        Path(expectations_dir),
        progress,
        rules=rules,
        set_aside=frozenset(report.set_aside),
        engine=engine_name(engine),
    )
    return Run(report, claimset, context)


def run_check(
    claims_dir: Path,
    progress: Progress = _quiet,
    with_findings: bool = True,
    expectations_dir: Path = Path("expectations"),
    rules: list[RegisteredRule] | None = None,
    engine: str | None = None,
) -> Run:
    """Run the whole check on one claims folder (``engine``: see ``check_claimset``)."""
    progress("load")
    claimset = load_claimset(Path(claims_dir))
    return check_claimset(claimset, progress, with_findings, expectations_dir, rules, engine)
