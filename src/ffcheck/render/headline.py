"""A finding told as a plain sentence with its figures, for people (not claim ids)."""

from __future__ import annotations

import shlex

from ffcheck.consistency.findings import ClaimRef, Finding
from ffcheck.consistency.reviews import REVIEW_DECISIONS


def _claim_words(ref: ClaimRef, subject_names: dict[str, str]) -> str:
    subject = subject_names.get(ref.subject, ref.subject)
    who = ref.source or "no source named"
    when = ref.date or "undated"
    return f"“{ref.figure}” {ref.measure.replace('_', ' ')} ({subject}; {who}; {when})"


def headline(finding: Finding, title: str, subject_names: dict[str, str]) -> str:
    """``title``: the figures of each claim, joined in the finding's order.

    >>> a = ClaimRef("a", "f", 2, "q", "about 200", "", "UN", "2016", "S", "AUS", "travelled")
    >>> b = ClaimRef("b", "f", 3, "q", "50", "", "", "", "S", "AUS", "present")
    >>> print(headline(Finding("r", "warning", "m", [a, b], ""), "Disagree", {"AUS": "Aus"}))
    Disagree: “about 200” travelled (Aus; UN; 2016) vs “50” present (Aus; no source named; undated)
    """
    figures = " vs ".join(_claim_words(ref, subject_names) for ref in finding.claims)
    return f"{title}: {figures}" if figures else title


def review_commands(finding: Finding) -> dict[str, str]:
    """The exact ``ffcheck review`` command for each decision a reviewer can copy."""
    return {
        decision: (
            f"ffcheck review {shlex.quote(finding.fingerprint)} --decision {decision} "
            f"--note {shlex.quote('why: …')}"
        )
        for decision in sorted(REVIEW_DECISIONS)
    }
