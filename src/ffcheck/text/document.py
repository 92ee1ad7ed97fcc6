"""A source document: its text, its headings and its paragraphs.

Headings are found by layout, so a second plain-text article needs no code: a
short line after a blank line (or at the top) that does not end a sentence, and
is followed by a blank line or directly by its text (exports of wiki pages often
drop the blank line after a heading); or a wiki definition line such as
";Personal".
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate

import pandas as pd
import pysbd

MAX_HEADING_LENGTH = 80
MAX_HEADING_WORDS = 12  # the longest heading of the bundled article has 6
MAX_STACKED_HEADINGS = 3  # a heading and its sub-headings with no text between them
SENTENCE_END = '.:!?"\u201d)'


def _heading_like(line: str) -> bool:
    """Short, a few words, and not the end of a sentence (or a ';Term' wiki line)."""
    stripped = line.strip()
    if stripped.startswith(";") and len(stripped) > 1:
        return True
    return (
        0 < len(stripped) <= MAX_HEADING_LENGTH
        and stripped[-1] not in SENTENCE_END
        and len(stripped.split()) <= MAX_HEADING_WORDS
    )


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
        # each line starts one past the end of the one before (a line per "\n", not per char)
        lines = self.text.split("\n")[:-1]  # not self.lines: kept only if asked for
        self._line_starts = list(accumulate((len(line) + 1 for line in lines), initial=0))

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def _heading_lines(self) -> list[int]:
        """Line numbers of headings: the heading-like lines that open a block of text
        (lines between blank lines). A block opens with at most ``MAX_STACKED_HEADINGS``
        of them ("Reasons" then "Jihadism"), followed by a blank line or directly by a
        paragraph; a block of short lines longer than that is a list, not headings."""
        found: list[int] = []
        lines = self.lines
        number = 0
        while number < len(lines):
            if not lines[number].strip():
                number += 1
                continue
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            block = range(number, end)
            lead = 0
            while lead < len(block) and _heading_like(lines[block[lead]]):
                lead += 1
            if lead == len(block) and lead <= MAX_STACKED_HEADINGS:
                found += block
            elif 0 < lead <= MAX_STACKED_HEADINGS and not any(
                lines[n].strip()[0].islower() for n in block[:lead]
            ):
                # Directly followed by its text: a heading starts with a capital (a
                # lowercase short line opening a paragraph is a sentence cut short).
                found += block[:lead]
            found += [n for n in block[lead:] if lines[n].strip().startswith(";")]
            number = end
        return sorted(set(found))

    @cached_property
    def sections(self) -> list[Section]:
        heads = [
            (self.lines[n].strip().lstrip(";"), self._line_starts[n]) for n in self._heading_lines()
        ]
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
