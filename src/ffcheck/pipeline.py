"""load -> validate (pandera) -> derive relation tables -> expectations (GX) -> findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ffcheck.consistency.findings import Report
from ffcheck.tables.load import ClaimSet, load_claimset

if TYPE_CHECKING:
    from ffcheck.consistency.context import RuleContext
    from ffcheck.consistency.registry import RegisteredRule

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def build_report(claimset: ClaimSet, problems: list, quotes_verified: int) -> Report:
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


def check_claimset(
    claimset: ClaimSet,
    progress: Progress = _quiet,
    with_findings: bool = True,
    expectations_dir: Path = Path("expectations"),
    rules: list[RegisteredRule] | None = None,
) -> Run:
    """Validate a loaded claim set and, when it is valid, find its conflicts."""
    problems = list(claimset.problems)
    if problems and claimset.claims.empty:
        return Run(build_report(claimset, problems, 0), claimset)
    progress("validate")
    from ffcheck.validate.claims import validate_claims
    from ffcheck.validate.documents import validate_documents
    from ffcheck.validate.vocab import validate_vocabularies

    problems += validate_documents(claimset)
    problems += validate_vocabularies(claimset)
    problems += validate_claims(claimset)
    quote_problems = {
        (p.file, p.line) for p in problems if p.code in {"quote-not-found", "quote-ambiguous"}
    }
    verified = len(claimset.claims) - len(quote_problems)
    report = build_report(claimset, sorted(problems), verified)
    if problems or not with_findings:
        return Run(report, claimset)
    from ffcheck.consistency.engine import find_conflicts

    context = find_conflicts(claimset, report, Path(expectations_dir), progress, rules=rules)
    return Run(report, claimset, context)


def run_check(
    claims_dir: Path,
    progress: Progress = _quiet,
    with_findings: bool = True,
    expectations_dir: Path = Path("expectations"),
    rules: list[RegisteredRule] | None = None,
) -> Run:
    """Run the whole check on one claims folder."""
    progress("load")
    claimset = load_claimset(Path(claims_dir))
    return check_claimset(claimset, progress, with_findings, expectations_dir, rules)
