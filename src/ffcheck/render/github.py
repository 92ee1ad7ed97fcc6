"""GitHub Actions workflow commands: one annotation per claim of each finding,
so a finding shows on the changed lines of a pull request."""

from __future__ import annotations

from ffcheck.consistency.findings import Report
from ffcheck.text.escape import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # GitHub's own escaping (actions/toolkit escapeData), then the other controls
    # shown visibly: no field can end the line and start a command of its own.
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    lines = []
    for problem in report.problems:
        where = f"file={_property(problem.file)}"
        if problem.line is not None:
            where += f",line={problem.line}"
        lines.append(
            f"::error {where},title={_property('ffcheck ' + problem.code)}::{_data(str(problem))}"
        )
    for finding in report.findings:
        level = "notice" if finding.review else LEVELS[finding.severity]
        reviewed = f" [reviewed: {finding.review['decision']}]" if finding.review else ""
        for claim in finding.claims:
            title = _property(f"ffcheck {finding.rule} ({finding.fingerprint})")
            message = _data(f"{finding.message}: {finding.arithmetic}{reviewed}")
            lines.append(
                f"::{level} file={_property(claim.file)},line={claim.line},title={title}::{message}"
            )
    return "\n".join(lines)
