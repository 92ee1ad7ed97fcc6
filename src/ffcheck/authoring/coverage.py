"""Which numbers of the document no claim covers.

A number is covered when it lies inside the figure of some claim (located
through the claim's quote). Vague quantities count too: every phrase of
``vocab/phrases.csv`` ("hundreds", "most", "a few"), in whole words, that is not
already part of a number. Dates, days, names and ages of people described
are recognised by ``numbers.NON_CLAIM_PATTERNS``; anything else that is not a
claim is listed, with its reason, in ``claims/coverage_ignore.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet, load_claimset, records
from ffcheck.text.document import figure_spans
from ffcheck.text.numbers import NumberSpan, find_numbers, find_vague, non_quantity


@dataclass
class Uncovered:
    doc: str
    line: int
    number: str
    sentence: str


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
        out = [f"{u.doc}:{u.line}: {u.number!r} in: {u.sentence}" for u in self.uncovered]
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
        ignored_spans: list[tuple[int, int]] = []
        for row in records(ignore[ignore["doc"] == doc_id]):
            line_no = int(row.line) if str(row.line).isdigit() else 0
            if not 0 < line_no <= len(document.lines):
                result.problems.append(
                    Problem(
                        row._file,
                        row._line,
                        "line",
                        "schema",
                        "no such line in the document",
                        str(row.line),
                    )
                )
                continue
            line_start = document.line_start(line_no)
            where = document.lines[line_no - 1].find(row.context)
            inner = row.context.find(row.number)
            if where == -1 or inner == -1:
                result.problems.append(
                    Problem(
                        row._file,
                        row._line,
                        "context",
                        "schema",
                        "context not found on that line, or the number is not in it",
                        row.context,
                    )
                )
                continue
            start = line_start + where + inner
            ignored_spans.append((start, start + len(row.number)))
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
                result.uncovered.append(
                    Uncovered(
                        doc_id,
                        document.line_of(number.start),
                        number.text,
                        _sentence(document.text, number.start, number.end),
                    )
                )
    return result
