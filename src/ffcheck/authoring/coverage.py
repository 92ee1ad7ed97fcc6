"""Which numbers of the document no claim covers.

A number is covered when it lies inside the figure of some claim (located
through the claim's quote). Vague quantities count too: every phrase of
``vocab/phrases.csv`` ("hundreds", "most", "a few"), in whole words, that is not
already part of a number. Dates, days, names and ages of people described
are recognised by ``numbers.NON_CLAIM_PATTERNS``; anything else that is not a
claim is listed, with its reason, in ``claims/coverage_ignore.csv``.
"""

from __future__ import annotations

import bisect
import itertools
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet, load_claimset, records
from ffcheck.text.align import counterpart_in, quote_resembles
from ffcheck.text.document import Document, figure_spans
from ffcheck.text.numbers import (
    NumberSpan,
    find_figures,
    find_numbers,
    find_vague,
    non_quantity,
)
from ffcheck.text.quotes import closest_match


@dataclass
class Uncovered:
    doc: str
    line: int
    number: str
    sentence: str
    start: int = 0  # offset of the number in its document
    figure: str = ""  # the whole figure holding it, read by the figure grammar
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
            out.append(
                f"{u.doc}:{u.line}: {u.number!r}"
                + (f" (figure {u.figure!r})" if u.figure and u.figure != u.number else "")
                + f" in: {u.sentence}"
            )
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
    """The sentence around ``text[start:end]``, at most ``width`` characters each side.

    Every search stays inside that window: searching the whole text made coverage of a
    long single-line document quadratic."""
    floor = max(0, start - width - 2)
    ceiling = min(len(text), end + width + 2)
    left = max(
        text.rfind(". ", floor, start) + 2, text.rfind("\n", floor, start) + 1, start - width, 0
    )
    right_stop = text.find(". ", end, ceiling)
    right_stop = len(text) if right_stop == -1 else right_stop + 1
    newline = text.find("\n", end, ceiling)
    right = min(right_stop, len(text) if newline == -1 else newline, end + width)
    return text[left:right].strip()


class _Cover:
    """Spans asked "does one of you contain start..end?" in log time, not by a scan
    of every span for every number (claims x numbers on a long document)."""

    def __init__(self, spans: list[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.furthest = list(itertools.accumulate((e for _, e in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        # Of the spans starting at or before ``start``, the one reaching furthest.
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.furthest[index] >= end


def _figure_holding(text: str, start: int, end: int, width: int = 60) -> str:
    """The figure (qualifier words and all) that holds the number at ``start``."""
    left = max(0, start - width)
    for span in find_figures(text[left : end + width]):
        if span.start <= start - left and end - left <= span.end:
            return span.text
    return text[start:end]


def candidates(text: str, phrases: list[str]) -> list[NumberSpan]:
    """The numbers of ``text`` and its vague phrases outside them, in text order."""
    numbers = find_numbers(text)
    # Overlap with a number by bisection: a scan of every number per phrase was
    # quadratic on a long document.
    ordered = sorted((n.start, n.end) for n in numbers)
    starts = [s for s, _ in ordered]
    furthest = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps_a_number(start: int, end: int) -> bool:
        index = bisect.bisect_left(starts, end) - 1  # numbers starting before ``end``
        return index >= 0 and furthest[index] > start

    vague = [
        NumberSpan(h.start, h.end, text[h.start : h.end], non_quantity(text, h.start, h.end))
        for h in find_vague(text, phrases)
        if not overlaps_a_number(h.start, h.end)
    ]
    return sorted(numbers + vague, key=lambda n: n.start)


def measure_coverage(claims_dir: Path) -> CoverageResult:
    return coverage_of(load_claimset(Path(claims_dir)))


def ignored_spans(
    claimset: ClaimSet, doc_id: str
) -> tuple[list[tuple[int, int, str]], list[Problem]]:
    """Where the numbers listed in coverage_ignore.csv stand in ``doc_id``, with their reasons."""
    document = claimset.documents[doc_id]
    ignore = claimset.coverage_ignore
    spans: list[tuple[int, int, str]] = []
    problems: list[Problem] = []
    # Found by its context (the words around the number, which must stand once), not
    # by line, so a revision that moves lines keeps every entry.
    for row in records(ignore[ignore["doc"] == doc_id]):
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
            problems.append(Problem(row._file, row._line, "context", "schema", why, row.context))
            continue
        start = found[0] + inner
        spans.append((start, start + len(row.number), row.reason))
    return spans, problems


def coverage_of(claimset: ClaimSet) -> CoverageResult:
    """The document's numbers that no claim of ``claimset`` covers (a new folder
    without claim tables yet has them all uncovered)."""
    result = CoverageResult(problems=[p for p in claimset.problems if p.code != "empty-folder"])
    if result.problems:
        return result
    claims = claimset.claims
    vocab_phrases = claimset.vocab.get("phrases")
    phrases = [] if vocab_phrases is None or vocab_phrases.empty else list(vocab_phrases["phrase"])
    for doc_id, document in claimset.documents.items():
        spans = [
            (s, e) for s, e, _ in figure_spans(claims[claims["doc"] == doc_id], claimset.documents)
        ]
        ignored, bad = ignored_spans(claimset, doc_id)
        result.problems += bad
        stale = stale_spans(claimset, doc_id)
        covers, ignores = _Cover(spans), _Cover([(start, end) for start, end, _ in ignored])
        for number in candidates(document.text, phrases):
            if covers.contains(number.start, number.end):
                result.candidates += 1
                result.covered += 1
            elif number.non_claim:
                result.non_claims += 1
            elif ignores.contains(number.start, number.end):
                result.ignored += 1
            else:
                result.candidates += 1
                sentence = _sentence(document.text, number.start, number.end)
                figure = _figure_holding(document.text, number.start, number.end)
                owner = next((c for s, e, c in stale if s <= number.start and number.end <= e), "")
                result.uncovered.append(
                    Uncovered(
                        doc_id,
                        document.line_of(number.start),
                        number.text,
                        sentence,
                        number.start,
                        figure,
                        owner,
                        "" if owner else add_command(document, sentence, figure, doc_id),
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


def add_command(document: Document, sentence: str, figure: str, doc_id: str) -> str:
    """``ffcheck add`` for a new number, quoting words that stand once in the document."""
    if len(document.occurrences(sentence)) != 1 or figure not in sentence:
        return ""
    return (
        f"ffcheck add {shlex.quote(sentence)} --figure {shlex.quote(figure)} "
        f"--doc {shlex.quote(doc_id)}"
    )
