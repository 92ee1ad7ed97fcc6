"""Quotes in their document: where a quote stands, in its paragraph, and the closest text
when it no longer stands anywhere (a stale quote after a revision)."""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter, defaultdict
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


@dataclass(frozen=True)
class SentenceIndex:
    """The sentences of one text and, for each word n-gram, the sentences that hold it."""

    sentences: list[str]
    postings: dict[tuple[str, ...], list[int]]


@functools.lru_cache(maxsize=16)
def sentence_index(text: str) -> SentenceIndex:
    """Built once per document text (not once per stale quote: that cost ~15 ms each)."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, sentence in enumerate(sentences):
        for gram in _grams(sentence):
            postings[gram].append(number)
    return SentenceIndex(sentences, dict(postings))


def closest_match(document: Document, quote: str) -> str | None:
    """The sentence of the document most like ``quote`` (for a quote not found):
    the one sharing most word n-grams with it (longer ones weigh more), ties
    broken by difflib's ratio, then by the order of the document."""
    index = sentence_index(document.text)
    scores: Counter[int] = Counter()
    for gram in _grams(quote):
        for number in index.postings.get(gram, ()):
            scores[number] += len(gram)
    if not scores:
        return None
    best = max(scores.values())
    tied = [index.sentences[n] for n in sorted(n for n, score in scores.items() if score == best)]
    return max(tied, key=lambda s: difflib.SequenceMatcher(None, quote, s).ratio())
