"""load -> validate (pandera) -> derive relation tables -> expectations (GX) -> findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ffcheck.consistency.findings import Report
from ffcheck.tables.load import ClaimSet, load_claimset

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


def run_check(
    claims_dir: Path,
    progress: Progress = _quiet,
    with_findings: bool = True,
    expectations_dir: Path = Path("expectations"),
) -> tuple[Report, ClaimSet]:
    """Run the whole check on one claims folder and return its report."""
    progress("load")
    claimset = load_claimset(Path(claims_dir))
    problems = list(claimset.problems)
    if problems and claimset.claims.empty:
        return build_report(claimset, problems, 0), claimset
    progress("validate")
    from ffcheck.validate.claims import validate_claims, validate_vocabularies

    problems += validate_vocabularies(claimset)
    problems += validate_claims(claimset)
    quote_problems = {
        (p.file, p.line) for p in problems if p.code in {"quote-not-found", "quote-ambiguous"}
    }
    verified = len(claimset.claims) - len(quote_problems)
    report = build_report(claimset, sorted(problems), verified)
    if problems or not with_findings:
        return report, claimset
    from ffcheck.consistency.engine import find_conflicts

    find_conflicts(claimset, report, Path(expectations_dir), progress)
    return report, claimset
