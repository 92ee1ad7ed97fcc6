"""The human summary printed by ``ffcheck check``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ffcheck.consistency.findings import Report
from ffcheck.problems import Problem
from ffcheck.text.escape import visible

MAX_PROBLEMS_SHOWN = 200
FIRST_OF_EACH_CODE = 5


def _shown_problems(problems: list[Problem]) -> list[Problem]:
    """At most the cap, in report order, but always the first few of every code and
    the first of every file and code: a root cause (one bad vocabulary row) must not
    hide behind 500 problems of the claims it breaks."""
    if len(problems) <= MAX_PROBLEMS_SHOWN:
        return problems
    per_code: Counter[str] = Counter()
    per_file: set[tuple[str, str]] = set()
    chosen: set[int] = set()
    for index, problem in enumerate(problems):
        code = str(problem.code)
        per_code[code] += 1
        first_in_file = (problem.file, code) not in per_file and len(per_file) < MAX_PROBLEMS_SHOWN
        if per_code[code] <= FIRST_OF_EACH_CODE or first_in_file:
            chosen.add(index)
        per_file.add((problem.file, code))
    for index in range(len(problems)):
        if len(chosen) >= MAX_PROBLEMS_SHOWN:
            break
        chosen.add(index)
    return [problems[i] for i in sorted(chosen)]


def render_text(report: Report, claims_dir: Path, fail_on: str = "error") -> str:
    """The summary, one output line per entry; every field shown visibly (see ``visible``)."""
    return "\n".join(visible(line) for line in _lines(report, claims_dir, fail_on))


def _lines(report: Report, claims_dir: Path, fail_on: str) -> list[str]:
    out: list[str] = []
    for doc in report.documents:
        out.append(
            f"document {doc['doc']}: {doc['title']} "
            f"({doc['chars']:,} chars, sha256 {doc['sha256'][:12]})"
        )
    out.append(
        f"claims: {report.claims} in {len(report.files)} files under {claims_dir}   "
        f"quotes verified: {report.quotes_verified}/{report.claims}   "
        f"problems: {len(report.problems)}"
    )
    if report.problems:
        out.append("")
        by_code = Counter(str(p.code) for p in report.problems)
        out.append(
            "Problems by code: " + ", ".join(f"{code} {n}" for code, n in by_code.most_common())
        )
        ran = (
            f"{len(report.set_aside)} claim(s) set aside; the rules ran on the rest"
            if report.rules_run
            else "no consistency check ran"
        )
        out.append(f"Problems (fix these first; {ran}):")
        shown = _shown_problems(report.problems)
        out.extend(f"  {p}" for p in shown)
        hidden = len(report.problems) - len(shown)
        if hidden > 0:
            out.append(f"  ... and {hidden} more (use --format json for all)")
        if not report.rules_run:
            return out
        out.append("")
    counts = report.counts()
    sev = counts["by_severity"]
    out.append(
        f"findings: {len(report.findings)} (error {sev['error']}, warning "
        f"{sev['warning']}, info {sev['info']}); reviewed {counts['reviewed']}, "
        f"unreviewed {counts['unreviewed']}"
    )
    for rule, findings in report.by_rule().items():
        out.append("")
        out.append(f"{rule} ({len(findings)})")
        for finding in findings:
            mark = f" [reviewed: {finding.review['decision']}]" if finding.review else ""
            ids = ", ".join(c.claim_id for c in finding.claims)
            out.append(f"  {finding.severity:<7} {finding.fingerprint}  {finding.message}{mark}")
            out.append(f"          {finding.arithmetic}")
            out.append(f"          claims: {ids}")
    if report.suspects:
        out.append("")
        out.append("Suspect claims (the fewest whose removal clears every unreviewed error):")
        for suspect in report.suspects:
            errors = ", ".join(suspect["findings"])
            also = f"; also in {', '.join(suspect['also_in'])}" if suspect["also_in"] else ""
            out.append(f"  {suspect['claim_id']}: explains {errors}{also}")
    if report.shared:
        out.append("")
        out.append("Claims shared by findings (one weak figure can explain several):")
        for claim_id, fingerprints in report.shared.items():
            out.append(f"  {claim_id}: {', '.join(fingerprints)}")
    for stale in report.stale_reviews:
        out.append(
            f"stale review: {stale['fingerprint']} ({stale['file']}:{stale['line']}) "
            "matches no finding any more"
        )
    failing = report.failing(fail_on)
    out.append("")
    out.append(
        f"result: {len(failing)} unreviewed finding(s) at or above '{fail_on}'"
        if failing
        else f"result: clean at --fail-on {fail_on}"
    )
    return out
