"""Which numbers of the document no claim covers.

A number is covered when it lies inside the figure of some claim (located
through the claim's quote). Vague quantities count too: every phrase of
``vocab/phrases.csv`` ("hundreds", "most", "a few"), in whole words, that is not
already part of a number. Dates, days, names and ages of people described
are recognised by ``numbers.NON_CLAIM_PATTERNS``; anything else that is not a
claim is listed, with its reason, in ``claims/coverage_ignore.csv``.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet, load_claimset, records
from ffcheck.text.align import counterpart_in, quote_resembles
from ffcheck.text.document import Document, figure_spans
from ffcheck.text.numbers import NumberSpan, find_numbers, find_vague, non_quantity
from ffcheck.text.quotes import closest_match


@dataclass
class Uncovered:
    doc: str
    line: int
    number: str
    sentence: str
    stale_claim: str = ""  # the stale claim whose sentence's counterpart holds the number
    add_command: str = ""  # for a new number: a ready command that claims it


@dataclass
class CoverageResult:
    candidates: int = 0
    covered: int = 0
    ignored: int = 0
    non_claims: int = 0
    uncovered: list[Uncovered] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 if not self.candidates else 100.0 * self.covered / self.candidates

    def to_dict(self) -> dict[str, Any]:
        return {
            "percent": round(self.percent, 2),
            "candidates": self.candidates,
            "covered": self.covered,
            "ignored": self.ignored,
            "non_claims": self.non_claims,
            "uncovered": [u.__dict__ for u in self.uncovered],
        }

    def render(self) -> str:
        out = []
        for u in self.uncovered:
            out.append(f"{u.doc}:{u.line}: {u.number!r} in: {u.sentence}")
            if u.stale_claim:
                out.append(
                    f"    the number of stale claim {u.stale_claim}: run ffcheck rebase or "
                    "fix that claim"
                )
            elif u.add_command:
                out.append(f"    new: {u.add_command}")
        out.append(
            f"coverage: {self.percent:.1f}% ({self.covered} of {self.candidates} numbers "
            f"covered by claims; {self.non_claims} dates/names/ages and {self.ignored} listed "
            "in coverage_ignore.csv are not counted)"
        )
        return "\n".join(out)


def _sentence(text: str, start: int, end: int, width: int = 90) -> str:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - width)
    right_stop = text.find(". ", end)
    right_stop = len(text) if right_stop == -1 else right_stop + 1
    right = min(right_stop, text.find("\n", end) if "\n" in text[end:] else len(text), end + width)
    return text[left:right].strip()


def _ignored_spans(
    ignore: pd.DataFrame, document: Document, result: CoverageResult
) -> list[tuple[int, int]]:
    """Where each coverage_ignore.csv entry's number stands: found by its context (the
    words around the number, which must occur once), so a revision that moves lines
    keeps every entry."""
    spans = []
    for row in records(ignore):
        found = document.occurrences(row.context) if row.context else []
        inner = row.context.find(row.number) if row.number else -1
        if len(found) != 1 or inner == -1:
            why = (
                "the number is not part of its context"
                if found and inner == -1
                else "the context occurs more than once in the document; lengthen it"
                if len(found) > 1
                else "the context does not occur in the document (revised? copy it again)"
            )
            result.problems.append(
                Problem(row._file, row._line, "context", "schema", why, row.context)
            )
            continue
        start = found[0] + inner
        spans.append((start, start + len(row.number)))
    return spans


def candidates(text: str, phrases: list[str]) -> list[NumberSpan]:
    """The numbers of ``text`` and its vague phrases outside them, in text order."""
    numbers = find_numbers(text)
    vague = [
        NumberSpan(h.start, h.end, text[h.start : h.end], non_quantity(text, h.start, h.end))
        for h in find_vague(text, phrases)
        if not any(n.start < h.end and h.start < n.end for n in numbers)
    ]
    return sorted(numbers + vague, key=lambda n: n.start)


def measure_coverage(claims_dir: Path) -> CoverageResult:
    return coverage_of(load_claimset(Path(claims_dir)))


def coverage_of(claimset: ClaimSet) -> CoverageResult:
    """The document's numbers that no claim of ``claimset`` covers."""
    result = CoverageResult(problems=list(claimset.problems))
    if result.problems:
        return result
    claims = claimset.claims
    ignore = claimset.coverage_ignore
    vocab_phrases = claimset.vocab.get("phrases")
    phrases = [] if vocab_phrases is None or vocab_phrases.empty else list(vocab_phrases["phrase"])
    for doc_id, document in claimset.documents.items():
        spans = [
            (s, e) for s, e, _ in figure_spans(claims[claims["doc"] == doc_id], claimset.documents)
        ]
        ignored_spans = _ignored_spans(ignore[ignore["doc"] == doc_id], document, result)
        stale = stale_spans(claimset, doc_id)
        for number in candidates(document.text, phrases):
            inside = any(s <= number.start and number.end <= e for s, e in spans)
            if inside:
                result.candidates += 1
                result.covered += 1
            elif number.non_claim:
                result.non_claims += 1
            elif any(s <= number.start and number.end <= e for s, e in ignored_spans):
                result.ignored += 1
            else:
                result.candidates += 1
                sentence = _sentence(document.text, number.start, number.end)
                owner = next((c for s, e, c in stale if s <= number.start and number.end <= e), "")
                result.uncovered.append(
                    Uncovered(
                        doc_id,
                        document.line_of(number.start),
                        number.text,
                        sentence,
                        owner,
                        "" if owner else add_command(document, sentence, number.text, doc_id),
                    )
                )
    return result


def stale_spans(claimset: ClaimSet, doc_id: str) -> list[tuple[int, int, str]]:
    """Where the counterpart sentence of each stale claim of ``doc_id`` stands: numbers
    there belong to a claim to update, not to a new claim."""
    document = claimset.documents[doc_id]
    previous = claimset.previous.get(doc_id)
    claims = claimset.claims[claimset.claims["doc"] == doc_id]
    found = []
    for claim_id, quote in zip(claims["claim_id"], claims["quote"], strict=True):
        if not quote or document.occurrences(quote):
            continue
        if previous is not None and previous.occurrences(quote):
            near = counterpart_in(previous, document, quote)
        else:
            closest = closest_match(document, quote)
            near = closest if closest and quote_resembles(quote, closest) else None
        at = document.text.find(near) if near else -1
        if near and at != -1:
            found.append((at, at + len(near), claim_id))
    return found


def add_command(document: Document, sentence: str, number: str, doc_id: str) -> str:
    """``ffcheck add`` for a new number, quoting words that stand once in the document."""
    if len(document.occurrences(sentence)) != 1:
        return ""
    return (
        f"ffcheck add {shlex.quote(sentence)} --figure {shlex.quote(number)} "
        f"--doc {shlex.quote(doc_id)}"
    )
