"""Reviewers' decisions (claims/reviews.csv) attached to the findings they name."""

from __future__ import annotations

import re

import pandas as pd

from ffcheck.consistency.findings import Report
from ffcheck.problems import Problem
from ffcheck.tables.load import records

REVIEW_DECISIONS = {"confirmed_error", "scope_difference", "accepted_disagreement", "false_alarm"}


def attach_reviews(report: Report, reviews: pd.DataFrame) -> list[Problem]:
    problems = []
    # A review keyed by an older fingerprint of a finding (a former rule name, an older
    # ffcheck) still applies; the current fingerprint wins where two findings share one.
    by_fingerprint = {k: f for f in report.findings for k in reversed(f.known_fingerprints)}
    by_fingerprint.update({f.fingerprint: f for f in report.findings})
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
