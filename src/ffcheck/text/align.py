"""Align a quote's sentence in one revision of a document with the next revision.

A revision keeps most sentences verbatim, edits some and deletes others. The two
revisions' sentence lists are diffed (difflib) so that every kept sentence anchors
the alignment; an edited sentence is then looked for among the *new* sentences
(those the old revision does not hold verbatim), first in the diff's own replaced
block, then anywhere (a passage both moved and edited). A sentence the old
revision still holds word for word is never a counterpart: it is its own old
sentence. Similarity is rapidfuzz's normalised Indel ratio (0-100) on lowercased
words; below a threshold there is "no counterpart", never unrelated text.

Without an old revision (the quote alone is known), the quote is compared with
each sentence's best-matching stretch of the same length (partial ratio) and the
stricter threshold applies.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ffcheck.text.document import Document
from ffcheck.text.numbers import MONTHS

# Thresholds on rapidfuzz's ratio (0-100), measured on the bundled article (README,
# "Alignment"): two *different* sentences of the article reach at most 79 (sibling
# sentences such as "An ICCT report shows that more than 900/139 people have travelled
# ... from <country>"), and the median best match of a sentence among the others is 51.
# An edited sentence next to its kept neighbours (the diff's replaced block) is trusted
# from LOCAL_THRESHOLD; one found anywhere else must beat every sibling: GLOBAL_THRESHOLD.
LOCAL_THRESHOLD = 55.0
GLOBAL_THRESHOLD = 82.0
# A quote without its old sentence, against the best stretch of each sentence.
QUOTE_THRESHOLD = 85.0

_SENTENCE_END = re.compile(r"(?<=[.!?])(?<![A-Z]\.)(?<![A-Z][a-z]\.)\s+|\n")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Counterpart:
    sentence: Span  # the new revision's sentence
    score: float  # similarity with the old sentence (0-100)
    where: str  # "replaced block", "anywhere" or "quote"


def sentences(text: str) -> list[Span]:
    """The text's sentences with their offsets (a line break also ends one)."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            found.append(_stripped(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        found.append(_stripped(text, start, len(text)))
    return found


def _stripped(text: str, start: int, end: int) -> Span:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece.rstrip())
    return Span(start + lead, start + trail, piece.strip())


def sentence_around(spans: list[Span], start: int, end: int) -> Span | None:
    """The sentence (or run of sentences) holding the text from ``start`` to ``end``."""
    hit = [s for s in spans if s.start < end and start < s.end]
    if not hit:
        return None
    return Span(hit[0].start, hit[-1].end, " … ".join(s.text for s in hit))


def similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(a, b, processor=utils.default_process))


class Aligner:
    """The old and new revisions of one document, diffed once by sentence."""

    def __init__(self, old_text: str | None, new_text: str):
        self.new_text = new_text
        self.new = sentences(new_text)
        self.old = sentences(old_text) if old_text is not None else []
        old_set = {s.text for s in self.old}
        # Only sentences the old revision does not hold verbatim can be an edited one.
        self.fresh = [i for i, s in enumerate(self.new) if s.text not in old_set]
        self.blocks: list[tuple[range, range]] = []
        if self.old:
            matcher = difflib.SequenceMatcher(
                None, [s.text for s in self.old], [s.text for s in self.new], autojunk=False
            )
            self.blocks = [
                (range(i1, i2), range(j1, j2))
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag in {"replace", "delete"}
            ]

    def counterpart(self, old_sentence: Span | None, quote: str) -> Counterpart | None:
        """The new sentence that is the old one edited, or None (no counterpart)."""
        if old_sentence is None or not self.old:
            return self._by_quote(quote)
        index = next(
            (i for i, s in enumerate(self.old) if s.start <= old_sentence.start < s.end), None
        )
        fresh = set(self.fresh)
        for old_rows, new_rows in self.blocks:
            if index is None or index not in old_rows:
                continue
            local = [self.new[j] for j in new_rows if j in fresh]
            best = _best(old_sentence.text, local)
            # Mutual: the new sentence must not be more like another old sentence of
            # the block (its own old self, edited), so a deleted sentence next to an
            # edited one does not take the edited one's place.
            rivals = [self.old[i] for i in old_rows]
            if best and best[1] >= LOCAL_THRESHOLD:
                own = _best(best[0].text, rivals)
                if own is None or own[0].start == self.old[index].start or own[1] <= best[1]:
                    return Counterpart(best[0], best[1], "replaced block")
        best = _best(old_sentence.text, [self.new[j] for j in self.fresh])
        if best and best[1] >= GLOBAL_THRESHOLD:
            return Counterpart(best[0], best[1], "anywhere")
        return None

    def _by_quote(self, quote: str) -> Counterpart | None:
        choices = [s.text for s in self.new]
        found = process.extractOne(
            quote, choices, scorer=fuzz.partial_ratio, processor=utils.default_process
        )
        if found is None or found[1] < QUOTE_THRESHOLD:
            return None
        return Counterpart(self.new[found[2]], float(found[1]), "quote")


def _best(text: str, candidates: list[Span]) -> tuple[Span, float] | None:
    if not candidates:
        return None
    found = process.extractOne(
        text, [c.text for c in candidates], scorer=fuzz.ratio, processor=utils.default_process
    )
    return (candidates[found[2]], float(found[1])) if found else None


def map_span(old: Span, new: Span, start: int, end: int) -> tuple[int, int] | None:
    """Where the stretch ``start``..``end`` of the old sentence stands in the new one,
    word by word (difflib on words): absolute offsets in the new text, or None."""
    old_words = [
        (m.start() + old.start, m.end() + old.start, m.group()) for m in _WORD.finditer(old.text)
    ]
    new_words = [
        (m.start() + new.start, m.end() + new.start, m.group()) for m in _WORD.finditer(new.text)
    ]
    inside = [i for i, w in enumerate(old_words) if w[0] < end and start < w[1]]
    if not inside or not new_words:
        return None
    matcher = difflib.SequenceMatcher(
        None, [w[2] for w in old_words], [w[2] for w in new_words], autojunk=False
    )

    def mapped(i: int, edge: str) -> int | None:
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if not i1 <= i < i2:
                continue
            if tag == "equal":
                return j1 + (i - i1)
            if tag == "replace" and j2 > j1:
                return j1 if edge == "first" else j2 - 1
            return None
        return None

    # A quote's first or last word may be deleted: the span starts at the first word
    # that maps, and ends at the last that does.
    j_first = next((j for i in inside if (j := mapped(i, "first")) is not None), None)
    j_last = next((j for i in reversed(inside) if (j := mapped(i, "last")) is not None), None)
    if j_first is None or j_last is None or j_last < j_first:
        return None
    return new_words[j_first][0], new_words[j_last][1]


_DATE_WORDS = re.compile(
    rf"\b(?:(?:\d{{1,2}}\s+)?(?:{MONTHS})\s+)?(?:19|20)\d{{2}}\b"
    r"|\b(?:by then|by that point|at the time|as of|since then|so far|to date|this year|"
    r"last year)\b",
    re.IGNORECASE,
)
_SOURCE_WORDS = re.compile(
    r"\b(?:according to|said|says|reported|reports|estimated|estimates|claimed|stated|"
    r"found|study|survey|report)\b",
    re.IGNORECASE,
)


def context_words(sentence: str) -> tuple[list[str], list[str]]:
    """The words of a sentence that date a figure or attribute it to a source."""
    dates = [m.group(0) for m in _DATE_WORDS.finditer(sentence)]
    sources = [m.group(0).lower() for m in _SOURCE_WORDS.finditer(sentence)]
    return dates, sources


def context_change(old: str, new: str) -> str | None:
    """What an unchanged quote's sentence gained or lost in date or source words."""
    if old == new:
        return None
    (old_dates, old_sources), (new_dates, new_sources) = context_words(old), context_words(new)
    parts = []
    lost = [d for d in old_dates if d not in new_dates]
    gained = [d for d in new_dates if d not in old_dates]
    if lost or gained:
        parts.append(
            "date words "
            + "; ".join(
                x
                for x in (
                    f"lost {', '.join(map(repr, lost))}" if lost else "",
                    f"gained {', '.join(map(repr, gained))}" if gained else "",
                )
                if x
            )
        )
    if sorted(set(old_sources)) != sorted(set(new_sources)):
        parts.append(
            f"source words {', '.join(sorted(set(old_sources))) or 'none'} -> "
            f"{', '.join(sorted(set(new_sources))) or 'none'}"
        )
    return "; ".join(parts) or None


@functools.lru_cache(maxsize=8)
def _aligner(old_text: str, new_text: str) -> Aligner:
    return Aligner(old_text, new_text)


def counterpart_in(old: Document, new: Document, quote: str) -> str | None:
    """The current revision's sentence that is the quote's old sentence edited."""
    aligner = _aligner(old.text, new.text)
    at = old.text.find(quote)
    found = aligner.counterpart(sentence_around(aligner.old, at, at + len(quote)), quote)
    return found.sentence.text if found else None


def quote_resembles(quote: str, sentence: str) -> bool:
    """Whether ``sentence`` holds the quote nearly word for word (no old revision known)."""
    score = fuzz.partial_ratio(quote, sentence, processor=utils.default_process)
    return bool(score >= QUOTE_THRESHOLD)


_REFERENTIAL = re.compile(
    r"\b(?:by then|by that point|at that point|at the time|since then)\b", re.I
)


def context_of(spans: list[Span], start: int, end: int, text: str = "") -> Span | None:
    """The sentence holding a quote, with the sentence before it in its paragraph when it
    dates itself by reference ("killed by then"): a change there changes its meaning."""
    sentence = sentence_around(spans, start, end)
    if sentence is None or not _REFERENTIAL.search(sentence.text):
        return sentence
    before = [s for s in spans if s.end <= sentence.start]
    if not before or "\n" in text[before[-1].end : sentence.start]:
        return sentence
    return Span(before[-1].start, sentence.end, f"{before[-1].text} {sentence.text}")


def context_changes(old: Document, new: Document, quote: str) -> tuple[str, str] | None:
    """What changed around a quote that stands once in both revisions: (change, new
    sentence), or None."""
    at_old, at_new = old.occurrences(quote), new.occurrences(quote)
    if len(at_old) != 1 or len(at_new) != 1:
        return None
    aligner = _aligner(old.text, new.text)
    before = context_of(aligner.old, at_old[0], at_old[0] + len(quote), old.text)
    after = context_of(aligner.new, at_new[0], at_new[0] + len(quote), new.text)
    own = sentence_around(aligner.new, at_new[0], at_new[0] + len(quote))
    if before is None or after is None or own is None:
        return None
    change = context_change(before.text, after.text)
    return (change, own.text) if change else None


_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?(?:({MONTHS})\s+)?((?:19|20)\d{{2}})\b")
_MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}


def _date_of(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    if month and day:
        return f"{year}-{_MONTH_NUMBER[month]:02d}-{int(day):02d}"
    return f"{year}-{_MONTH_NUMBER[month]:02d}" if month else year


def dates_in(text: str) -> list[str]:
    """The dates a text names, as YYYY, YYYY-MM or YYYY-MM-DD ("March 2019" -> 2019-03)."""
    return [_date_of(m) for m in _DATE.finditer(text)]
