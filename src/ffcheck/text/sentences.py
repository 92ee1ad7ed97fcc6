"""Sentences around a quote, and the cues the data lints look for in them.

A paragraph is one line of the document; sentences end at ".", "!" or "?"
followed by space and a capital or digit ("the U.S. government" stays whole).
The cue patterns are named constants here, like the figure grammar's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ffcheck.text.document import Document
from ffcheck.text.numbers import find_numbers

# A sentence that continues the one before: "Of those, ...", "They ...", "Among them ...".
REFERS_BACK_RE = re.compile(
    r"[\"“(]?(?:They|These|Those|This|It|Its|Their|Of (?:those|these|them|whom|the)|"
    r"Among (?:them|those|these)|Most of them|All of them|Some of them)\b"
)
CLAUSE_BREAK_RE = re.compile(r"[,;:—–(]")
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(]?[A-Z0-9])")
MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date that dates what the sentence states: "in 2013", "by September 2014", "as of mid-2016".
DATE_CUE_RE = re.compile(
    r"\b(?:[Ii]n|[Bb]y|[Aa]s of|[Ss]ince|[Uu]ntil|[Bb]etween|[Dd]uring|[Ff]rom)\s+"
    rf"(?:(?:early|mid|late)[- ])?(?:(?:\d{{1,2}}\s+)?(?:{MONTH})\s+)?(?:19|20)\d{{2}}(?!\d|,\d)"
)
# Whom a figure is attributed to: "according to X", "X said/estimated/reported ...",
# "a report by/from X". A capitalised name right before the verb, not "It was reported".
SOURCE_CUE_RE = re.compile(
    r"\b[Aa]ccording to\b"
    r"|\b(?!(?:It|This|That|There|They|He|She|The|A|An|In|On|By|As|At|Of|Since|But|And)\b)[A-Z][\w.'’&-]*"
    r"(?:\s+(?:[A-Z][\w.'’&-]*|of|for|the|and))*\s+"
    r"(?:said|says|estimated|estimates|reported|reports|assessed|claimed|claims|stated|"
    r"told|announced|showed|shows|revealed)\b"
    r"|\b(?:report|study|survey|estimate)s?\s+(?:by|from)\s+(?:the\s+)?[A-Z]"
)
# The text calls a figure a sample: "an analysis of 20 fighters", "a survey of 41".
SAMPLE_CUE_RE = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:detailed\s+|small\s+)?(?:analysis|sample|survey|study|poll)\s+of\b"
    r"|\b(?:surveyed|sampled|interviewed)\b"
)


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Start and end of each sentence of ``paragraph``."""
    spans, start = [], 0
    for m in SENTENCE_BREAK_RE.finditer(paragraph):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return spans


def sentence_and_previous(paragraph: str, start: int, end: int) -> tuple[str, str]:
    """The sentence(s) holding ``paragraph[start:end]`` and the one before (or "")."""
    spans = sentence_spans(paragraph)
    first = next((i for i, (s, e) in enumerate(spans) if s <= start < max(e, s + 1)), 0)
    last = next((i for i, (s, e) in enumerate(spans) if s < end <= e), len(spans) - 1)
    sentence = paragraph[spans[first][0] : spans[max(last, first)][1]]
    previous = paragraph[spans[first - 1][0] : spans[first - 1][1]] if first > 0 else ""
    return sentence, previous


@dataclass(frozen=True)
class QuoteContext:
    """Where a claim's figure stands: its sentence, the sentence before, the figure's offset."""

    sentence: str
    previous: str
    figure_at: int  # offset of the figure in ``sentence``; -1 when not found
    figure_end: int


def quote_context(document: Document, quote: str, figure: str) -> QuoteContext | None:
    found = document.occurrences(quote, limit=1)
    if not found:
        return None
    start, paragraph = document.paragraph(found[0])
    at = found[0] - start
    sentence, previous = sentence_and_previous(paragraph, at, at + len(quote))
    head = paragraph.find(sentence)
    figure_at = quote.find(figure)
    offset = at - head + figure_at if figure_at >= 0 else -1
    return QuoteContext(sentence, previous, offset, offset + len(figure))


def _numbers(text: str) -> list[tuple[int, int]]:
    return [(n.start, n.end) for n in find_numbers(text) if n.non_claim is None]


def carries_over(ctx: QuoteContext) -> bool:
    """The sentence before speaks for this one: it has no figure of its own, and this one
    refers back to it ("In 2013, FTV reported 52 fighters. Of those, 32 returned")."""
    return (
        bool(ctx.previous)
        and not _numbers(ctx.previous)
        and bool(REFERS_BACK_RE.match(ctx.sentence))
    )


def date_given(ctx: QuoteContext) -> str | None:
    """A date the text gives for the figure: in its sentence with no other figure standing
    between the two (after the figure, only within its clause), or in the sentence before
    when that one speaks for it."""
    numbers = _numbers(ctx.sentence)
    for m in DATE_CUE_RE.finditer(ctx.sentence) if ctx.figure_at >= 0 else ():
        before = m.end() <= ctx.figure_at
        gap = (m.end(), ctx.figure_at) if before else (ctx.figure_end, m.start())
        crossed = any(gap[0] <= s and e <= gap[1] for s, e in numbers)
        # A date after the figure dates it only within its clause ("..., although in 2013").
        if not crossed and (before or not CLAUSE_BREAK_RE.search(ctx.sentence, *gap)):
            return m.group(0)
    earlier = DATE_CUE_RE.search(ctx.previous) if carries_over(ctx) else None
    return earlier.group(0) if earlier else None


def source_given(ctx: QuoteContext) -> str | None:
    """Whom the text attributes the figure to ("according to X", "X estimated"): in its own
    sentence, or in the sentence before when that one speaks for it."""
    m = SOURCE_CUE_RE.search(ctx.sentence)
    if m is None and carries_over(ctx):
        m = SOURCE_CUE_RE.search(ctx.previous)
    return m.group(0) if m else None


def names_a_sample(text: str) -> bool:
    """Whether ``text`` (a document) calls any figure a sample."""
    return SAMPLE_CUE_RE.search(text) is not None


def sample_named(ctx: QuoteContext) -> str | None:
    """The words by which the figure's sentence calls it a sample ("a survey of")."""
    m = SAMPLE_CUE_RE.search(ctx.sentence)
    return m.group(0) if m else None
