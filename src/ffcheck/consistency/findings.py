"""Findings and the report of one run: data first, rendered later.

A finding says that the document contradicts itself (or that sources disagree);
it carries the rule, the severity, the claims involved and the arithmetic in
words.

Its fingerprint is the identity reviews and baselines are keyed by. It depends on
what the finding is about, never on where rows stand or what they are called: the
rule, the relation (if any), and for each claim its document, its quote with
whitespace collapsed, and its figure. So it survives reordering rows, moving them
between files, renaming claim ids, and a revision in which the claims' sentences
only moved; it changes when a claim's words change (a new figure is a new finding).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from ffcheck.problems import Problem

SEVERITIES = ("info", "warning", "error")


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
    doc: str = ""

    @property
    def identity(self) -> str:
        """What the claim says and where: document, normalised quote and figure."""
        return "\x1f".join([self.doc, " ".join(self.quote.split()), self.figure])


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    claims: list[ClaimRef]
    arithmetic: str
    relation_id: str = ""
    review: dict[str, str] | None = None
    rule_aliases: tuple[str, ...] = ()  # the rule's former names (registry aliases)

    def fingerprint_as(self, rule: str) -> str:
        return _hash([rule, self.relation_id, *sorted(c.identity for c in self.claims)])

    @property
    def fingerprint(self) -> str:
        return self.fingerprint_as(self.rule)

    @property
    def known_fingerprints(self) -> list[str]:
        """Every fingerprint a saved review or baseline may know this finding by: the
        current one, the ones under the rule's former names, and the ones of older
        ffcheck versions (rule, relation and claim ids) so existing reviews carry over."""
        keys = [self.fingerprint, *(self.fingerprint_as(a) for a in self.rule_aliases)]
        ids = sorted(c.claim_id for c in self.claims)
        keys += [_hash([r, self.relation_id, *ids]) for r in (self.rule, *self.rule_aliases)]
        return list(dict.fromkeys(keys))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fingerprint"] = self.fingerprint
        del data["rule_aliases"]
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
    set_aside: list[str] = field(default_factory=list)  # claim ids kept out of the rules
    # Stale claims with their counterpart and proposed update (authoring/rebase.py),
    # filled by the commands that show them.
    stale_claims: list[dict[str, Any]] = field(default_factory=list)
    # The fewest claims whose removal clears every unreviewed error (consistency/suspects.py).
    suspects: list[dict[str, Any]] = field(default_factory=list)
    # Claims that two or more findings share: claim id -> their fingerprints.
    shared: dict[str, list[str]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """No problem that needs fixing (warnings alone leave the input valid)."""
        return not any(not p.is_warning for p in self.problems)

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
            "set_aside": self.set_aside,
            "stale_claims": self.stale_claims,
            "suspects": self.suspects,
            "shared_claims": self.shared,
        }

    def flatten(self) -> list[tuple[str, ...]]:
        """Terse (rule, severity, claim ids...) tuples, for assertions in tests."""
        return sorted(
            (f.rule, f.severity, *sorted(c.claim_id for c in f.claims)) for f in self.findings
        )
