"""What a proposed figure counts: the measure reader of `propose`.

Measure words come from ``vocab/measure_words.csv`` (nouns name only the figure they
follow; verbs may stand anywhere); the rules below say which word of the sentence
governs the figure.
"""

from __future__ import annotations

import re

from ffcheck.authoring.readers import NEAR, SURE, Lexicon, pick

# The verb of a share's predicate follows one of these: "had a criminal record".
PREDICATE_RE = re.compile(r"\b(?:had|have|has|were|are|was|is)\s+(?:\w+\s+){0,2}$")
# "69% of recruits", "A third of those who returned": a share and whom it is of.
SHARE_OF_RE = re.compile(r"\s+of\s+(?:the\s+|those\s+|these\s+|them\s+)?(?:\w+\s+)?")
# A noun in a place phrase says where, not what: "in other European countries".
AFTER_PREPOSITION_RE = re.compile(r"\b(?:from|in|to|at|into)\s+(?:\w+\s+){0,2}$")
# Between a figure and its noun: adjectives only, no punctuation or preposition.
NOT_ADJECTIVES_RE = re.compile(r"[,.;:]|\b(?:from|in|of|to|with|by|for|at)\b")


def pick_measure(
    lexicon: Lexicon, sentence: str, at: int, end: int, before: str, share: bool = False
) -> tuple[str, float]:
    """What the figure counts, in this order: the verb right before it that governs
    it ("had lost between 1,700 and 1,800"); for a share, what follows its "of <whom>"
    ("69% of recruits reported ... education"); a measure word right after it ("20
    known deaths"); the verb of its clause ("were killed"); the nearest verb of the
    sentence, else of the sentence before; else the vocabulary's first measure."""
    # The figure as the verb's object: "had lost between 1,700 and 1,800", "arrested four".
    governing = [
        m
        for m in lexicon.mentions(sentence[:at], ["measure_verb"])
        if re.fullmatch(
            r"\s*(?:(?:a|an|the|some|about|over|up to|\w+ly)\s+)?", sentence[m.end : at]
        )
    ]
    if governing:
        return governing[-1].value, SURE
    found = lexicon.mentions(sentence, ["measure_noun", "measure_verb"])
    clause_end = _clause_end(sentence, end)
    # "69% of recruits reported ... a secondary-level education": after a share's
    # "of <whom>", the words that follow say what the share counts.
    base = SHARE_OF_RE.match(sentence, end) if share else None
    if base:
        rest = [
            m
            for m in found
            if base.end() <= m.start < clause_end
            and not (m.field == "measure_noun" and AFTER_PREPOSITION_RE.search(sentence[: m.start]))
        ]
        told = [m for m in rest if PREDICATE_RE.search(sentence[base.end() : m.start])] or rest
        if told:
            return told[0].value, NEAR
    head = [m for m in found if 0 <= m.start - end <= 15]
    if head:
        return head[0].value, SURE
    # A measure noun after a few adjectives ("four Western European countries"), not
    # after a preposition ("600 fighters from Western countries").
    nouns = [
        m
        for m in lexicon.mentions(sentence, ["measure_noun"])
        if 0 <= m.start - end <= 30 and not NOT_ADJECTIVES_RE.search(sentence[end : m.start])
    ]
    if nouns:
        return nouns[0].value, NEAR
    # The figure is mostly the subject of its verb: "65,726 ... were killed".
    after = [m for m in lexicon.mentions(sentence[end:clause_end], ["measure_verb"])]
    # "60% of IS fighters coming from Germany had a criminal record": the predicate
    # (after had/were/have) says what a share counts, not a participle of its noun.
    predicate = [m for m in after if PREDICATE_RE.search(sentence[end : end + m.start]) and share]
    if predicate:
        return predicate[0].value, NEAR
    if after:
        return after[0].value, NEAR
    # Not the verb of a part named after the figure ("of whom 30 percent have returned").
    part = sentence.find(" of whom", end + 1)
    whole = sentence[: part if part != -1 else len(sentence)]
    return pick(lexicon, "measure_verb", whole, at, end, before, lexicon.default_measure)


def _clause_end(sentence: str, end: int) -> int:
    """Where the clause holding a figure that ends at ``end`` ends; a part named after
    it ("4,294 foreign fighters ... of whom 30 percent have returned") is another."""
    # (" of whom" right at the figure makes the figure the part: "18 of whom have been killed")
    stops = (
        sentence.find(";", end),
        sentence.find(", while", end),
        sentence.find(" of whom", end + 1),
    )
    return min((i for i in stops if i != -1), default=len(sentence))
