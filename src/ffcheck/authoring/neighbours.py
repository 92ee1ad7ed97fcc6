"""The claims already written next to a figure, as evidence for its proposal.

A paragraph's claims often share what the text states once: its side, its source
and its date stand in the first sentence and hold for the next ones. Where the
text around a figure says nothing, the nearest claim of the same sentence, else
of the same paragraph, tells what the encoder read there. A claim whose figure
overlaps the proposed one is never used (it would be the answer, not evidence),
and every field falls back on the text alone when no neighbour is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ffcheck.tables.load import ClaimSet, Row, records
from ffcheck.text.numbers import MONTHS


@dataclass(frozen=True)
class Placed:
    """A claim and where its figure stands in its document."""

    start: int
    end: int
    sentence: int  # offset where the figure's sentence starts
    paragraph: int  # offset where its paragraph starts
    row: Row


@dataclass(frozen=True)
class Nearby:
    """The claims of a figure's sentence and of the rest of its paragraph, nearest first."""

    sentence: list[Row]
    paragraph: list[Row]

    def nearest(self, name: str, *, sentence_only: bool = False) -> tuple[str, bool] | None:
        """The field of the nearest claim (empty is an answer too: "no source"), and
        whether that claim shares the figure's sentence."""
        if self.sentence:
            return str(self.sentence[0].get(name, "") or ""), True
        if self.paragraph and not sentence_only:
            return str(self.paragraph[0].get(name, "") or ""), False
        return None


NOBODY = Nearby([], [])


class Neighbours:
    """The located claims of a claims folder, by document."""

    def __init__(self, placed: dict[str, list[Placed]]) -> None:
        self._placed = placed

    @classmethod
    def of(cls, claimset: ClaimSet) -> Neighbours:
        placed: dict[str, list[Placed]] = {}
        for row in records(claimset.claims):
            document = claimset.documents.get(row.doc)
            if document is None:
                continue
            found = document.occurrences(row.quote)
            inner = row.quote.find(row.figure) if row.figure else -1
            if len(found) != 1 or inner == -1:
                continue
            start = found[0] + inner
            (sentence, _), _ = document.sentence_at(start)
            paragraph, _ = document.paragraph(start)
            placed.setdefault(row.doc, []).append(
                Placed(start, start + len(row.figure), sentence, paragraph, row)
            )
        return cls(placed)

    def without(self, claim_id: str) -> Neighbours:
        """The same claims but one (the claim a leave-one-out score holds out)."""
        return Neighbours(
            {
                doc: [p for p in placed if p.row.get("claim_id") != claim_id]
                for doc, placed in self._placed.items()
            }
        )

    def in_document(self, doc: str, start: int, end: int) -> list[Row]:
        """Every other claim of the document, nearest first (how names are spelled there)."""
        placed = [p for p in self._placed.get(doc, []) if p.end <= start or end <= p.start]
        placed.sort(key=lambda p: min(abs(p.start - end), abs(start - p.end)))
        return [p.row for p in placed]

    def around(self, doc: str, start: int, end: int, sentence: int, paragraph: int) -> Nearby:
        """The claims near the figure at ``start:end`` whose figures do not overlap it."""
        near = [
            p
            for p in self._placed.get(doc, [])
            if p.paragraph == paragraph and (p.end <= start or end <= p.start)
        ]
        near.sort(key=lambda p: min(abs(p.start - end), abs(start - p.end)))
        return Nearby(
            [p.row for p in near if p.sentence == sentence],
            [p.row for p in near if p.sentence != sentence],
        )


_SMALL = {"of", "the", "and", "for", "on", "de", "a", "an", "in"}
_DATE_WORDS = set(MONTHS.lower().split("|"))


def _words(name: str) -> set[str]:
    """A name's words, without small words, dates and possessives."""
    words = {re.sub(r"['’]s$", "", w) for w in re.findall(r"[\w'’.-]+", name.lower())}
    return {w.strip(".") for w in words if w not in _SMALL | _DATE_WORDS and not w.isdigit()}


def _initials(name: str) -> str:
    """ "International Centre for Counter-Terrorism" -> "icct"."""
    body = re.sub(r"\([^)]*\)", "", name.split(",")[0])  # "X (Y), April 2016" -> "X"
    parts = re.findall(r"[A-Z][a-z]+", body)
    return "".join(p[0] for p in parts).lower() if len(parts) >= 3 else ""


def spelled_as(name: str, rows: list[Row]) -> str | None:
    """How the claims already write the source read as ``name``: the source of the
    nearest claim naming the same body (one name's words hold the other's, or one is
    the other's initials), so one body is written one way across the claims."""
    read = _words(name)
    if not read:
        return None
    for row in rows:
        written = str(row.get("source", "") or "")
        if not written:
            continue
        words = _words(written)
        acronym = _initials(name) in words or _initials(written) in read
        if read <= words or words <= read or acronym:
            return written
    return None
