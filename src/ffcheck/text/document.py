"""A source document: its text, its headings and its paragraphs.

Headings are found by layout (a short line standing alone between blank lines,
or a wiki definition line such as ";Personal"), so a second plain-text article
needs no code.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property

import pandas as pd
import pysbd

MAX_HEADING_LENGTH = 80


@cache
def _SEGMENTER() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@dataclass(frozen=True)
class Section:
    title: str
    start: int  # char offset of the heading line
    end: int  # char offset where the next heading starts


@dataclass
class Document:
    doc_id: str
    title: str
    text: str
    path: str = ""
    licence: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_cache: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        self._line_starts = starts

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def sections(self) -> list[Section]:
        lines = self.lines
        heads: list[tuple[str, int]] = []
        for number, line in enumerate(lines):
            stripped = line.strip()
            if not stripped or len(stripped) > MAX_HEADING_LENGTH:
                continue
            before = lines[number - 1].strip() if number > 0 else ""
            after = lines[number + 1].strip() if number + 1 < len(lines) else ""
            standalone = not before and not after and stripped[-1] not in '.:!?"'
            if standalone or stripped.startswith(";"):
                heads.append((stripped.lstrip(";"), self._line_starts[number]))
        if not heads or heads[0][1] != 0:
            heads.insert(0, (self.title, 0))
        bounds = [start for _, start in heads[1:]] + [len(self.text)]
        return [Section(t, s, e) for (t, s), e in zip(heads, bounds, strict=True)]

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int) -> Section:
        starts = self._section_starts
        return self.sections[max(bisect.bisect_right(starts, offset) - 1, 0)]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, number: int) -> int:
        """Character offset where 1-based line ``number`` starts."""
        return self._line_starts[number - 1]

    def paragraph(self, offset: int) -> tuple[int, str]:
        """The paragraph (one line of the text) holding ``offset``: its start and text."""
        number = self.line_of(offset) - 1
        return self._line_starts[number], self.lines[number]

    def sentences(self, offset: int) -> list[tuple[int, int]]:
        """The sentences (start, end) of the paragraph holding ``offset`` (pysbd)."""
        start, paragraph = self.paragraph(offset)
        if start not in self._sentence_cache:
            spans = _SEGMENTER().segment(paragraph) if paragraph.strip() else []
            self._sentence_cache[start] = [
                (start + span.start, start + span.start + len(span.sent.rstrip()))
                for span in spans
                if span.sent.strip()
            ]
        return self._sentence_cache[start]

    def sentence_at(self, offset: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
        """The sentence holding ``offset`` and the one before it in its paragraph."""
        spans = self.sentences(offset)
        for number, (start, end) in enumerate(spans):
            if start <= offset < end or number == len(spans) - 1:
                return (start, end), spans[number - 1] if number else None
        return (offset, offset), None

    def occurrences(self, quote: str, limit: int = 2) -> list[int]:
        """Offsets where ``quote`` stands verbatim, at most ``limit`` of them."""
        found: list[int] = []
        if not quote:
            return found
        start = self.text.find(quote)
        while start != -1 and len(found) < limit:
            found.append(start)
            start = self.text.find(quote, start + 1)
        return found


def figure_spans(
    claims: pd.DataFrame, documents: dict[str, Document]
) -> list[tuple[int, int, str]]:
    """Where each claim's figure stands in its document: (start, end, claim id).

    A claim whose quote or figure cannot be found has no span.
    """
    found = []
    for claim_id, doc, quote, figure in zip(
        claims["claim_id"], claims["doc"], claims["quote"], claims["figure"], strict=True
    ):
        document = documents.get(doc)
        at = document.text.find(quote) if document else -1
        inner = quote.find(figure)
        if at != -1 and inner != -1:
            found.append((at + inner, at + inner + len(figure), claim_id))
    return found
