"""Quotes in their document: where a quote stands, in its paragraph, and the closest text
when it no longer stands anywhere (a stale quote after a revision)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ffcheck.text.document import Document


@dataclass
class QuoteView:
    before: str
    quote: str
    after: str
    line: int


def quote_in_paragraph(document: Document, quote: str) -> QuoteView | None:
    """The quote's first occurrence, split into the text before it, itself and after it."""
    at = document.text.find(quote)
    if at == -1:
        return None
    start, paragraph = document.paragraph(at)
    inner = at - start
    return QuoteView(
        paragraph[:inner], quote, paragraph[inner + len(quote) :], document.line_of(at)
    )


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}


def closest_match(document: Document, quote: str) -> str | None:
    """The sentence of the document most like ``quote`` (for a quote not found):
    the one sharing most word n-grams with it (longer ones weigh more), ties
    broken by difflib's ratio."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", document.text) if s.strip()]
    wanted = _grams(quote)
    scored = [(sum(len(g) for g in _grams(s) & wanted), s) for s in sentences]
    best = max((score for score, _ in scored), default=0)
    if best == 0:
        return None
    tied = [s for score, s in scored if score == best]
    return max(tied, key=lambda s: difflib.SequenceMatcher(None, quote, s).ratio())
