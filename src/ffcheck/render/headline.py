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


def review_command(finding: Finding) -> str:
    """The exact ``ffcheck review`` command a reviewer copies (decision left to choose)."""
    choices = "|".join(sorted(REVIEW_DECISIONS))
    return (
        f"ffcheck review {shlex.quote(finding.fingerprint)} --decision {choices} "
        f"--note {shlex.quote('why: …')}"
    )
