"""Findings and the report of one run: data first, rendered later.

A finding says that the document contradicts itself (or that sources disagree);
it carries the rule, the severity, the claims involved and the arithmetic in
words, and the reading it was found on: ``tolerant`` (each figure widened by
its qualifier's tolerance and its precision) or ``as_stated`` (each figure at
the value the text gives). Its fingerprint depends only on the rule and the
claim ids (not on the reading), so it survives reordering or moving rows
between CSV files.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from ffcheck.problems import Problem

SEVERITIES = ("info", "warning", "error")
READINGS = ("tolerant", "as_stated")


def lower(severity: str, steps: int) -> str:
    """``severity`` taken ``steps`` steps down, never below info."""
    return SEVERITIES[max(0, SEVERITIES.index(severity) - max(0, steps))]


@dataclass(frozen=True)
class ClaimRef:
    claim_id: str
    file: str
    line: int
    quote: str
    figure: str
    value: str
    source: str
    date: str
    section: str
    subject: str
    measure: str


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    claims: list[ClaimRef]
    arithmetic: str
    relation_id: str = ""
    review: dict[str, str] | None = None
    reading: str = "tolerant"

    @property
    def fingerprint(self) -> str:
        key = "|".join([self.rule, self.relation_id, *sorted(c.claim_id for c in self.claims)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fingerprint"] = self.fingerprint
        return data


@dataclass
class Report:
    documents: list[dict[str, Any]]
    claims: int
    quotes_verified: int
    files: list[str]
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    stale_reviews: list[dict[str, str]] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)
    # What inferred rules left out and why: {rule, reason, claims}, one record per reason.
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # The fewest claims whose removal clears every unreviewed error (consistency/suspects.py).
    suspects: list[dict[str, Any]] = field(default_factory=list)
    # Claims that two or more findings share: claim id -> their fingerprints.
    shared: dict[str, list[str]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    def failing(self, fail_on: str, among: list[Finding] | None = None) -> list[Finding]:
        """Unreviewed findings at or above ``fail_on`` (of ``among``, default all)."""
        floor = SEVERITIES.index(fail_on)
        return [
            f
            for f in (self.findings if among is None else among)
            if f.review is None and SEVERITIES.index(f.severity) >= floor
        ]

    def by_rule(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.rule, []).append(finding)
        return dict(sorted(grouped.items()))

    def counts(self) -> dict[str, Any]:
        by_severity = {s: 0 for s in SEVERITIES}
        for finding in self.findings:
            by_severity[finding.severity] += 1
        return {
            "by_severity": by_severity,
            "by_rule": {rule: len(items) for rule, items in self.by_rule().items()},
            "reviewed": sum(1 for f in self.findings if f.review is not None),
            "unreviewed": sum(1 for f in self.findings if f.review is None),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "claims": self.claims,
            "documents": self.documents,
            "quotes_verified": self.quotes_verified,
            "files": self.files,
            "problems": [p.to_dict() for p in self.problems],
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts(),
            "stale_reviews": self.stale_reviews,
            "rules_run": self.rules_run,
            "skipped": self.skipped,
            "suspects": self.suspects,
            "shared_claims": self.shared,
        }

    def flatten(self) -> list[tuple[str, ...]]:
        """Terse (rule, severity, claim ids...) tuples, for assertions in tests."""
        return sorted(
            (f.rule, f.severity, *sorted(c.claim_id for c in f.claims)) for f in self.findings
        )
