"""What a new revision of a document does to every claim of it, and the update proposed.

Each claim of the document is one of:

- ``unchanged``: its quote stands once in the new revision, on the same line and
  under the same heading;
- ``moved``: it stands once, elsewhere (another line or heading);
- ``changed``: its quote is gone, and its sentence has a counterpart (text/align.py);
  a proposed row keeps the claim id with the new quote, figure, bounds, date, source
  and section;
- ``gone``: its quote is gone and nothing in the new revision is its sentence edited
  ("no counterpart"): the maintainer removes the claim or finds its figure again.

Unchanged and moved claims also say when the words around them changed meaning
(date or source words gained or lost).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ffcheck.authoring.proposal import bounds_of, figures_in
from ffcheck.tables.load import CLAIM_COLUMNS, ClaimSet, records
from ffcheck.text.align import (
    Aligner,
    Counterpart,
    Span,
    context_change,
    context_of,
    context_words,
    dates_in,
    map_span,
)
from ffcheck.text.document import Document
from ffcheck.text.numbers import parse_figure

STATUSES = ("unchanged", "moved", "changed", "gone")
COMPARED = ["quote", "figure", "low", "high", "qualifier", "as_of", "period_start",
            "period_end", "source", "section"]  # fmt: skip
_TRAILING = ".,;:"


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class Outcome:
    claim_id: str
    file: str
    line: int
    status: str
    old_line: int | None = None
    new_line: int | None = None
    new_section: str = ""
    new_sentence: str = ""
    similarity: float | None = None
    changes: list[FieldChange] = field(default_factory=list)
    proposed: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = {c.field: {"old": c.old, "new": c.new} for c in self.changes}
        return data


@dataclass
class RebasePlan:
    doc: str
    outcomes: list[Outcome]

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for o in self.outcomes if o.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "counts": self.counts(),
            "claims": [o.to_dict() for o in self.outcomes],
        }


def _trim(text: str, start: int, end: int, keep: str) -> tuple[int, int]:
    """Drop punctuation the old words did not end with, and surrounding spaces."""
    while end > start and text[end - 1] in _TRAILING and not keep.endswith(text[end - 1]):
        end -= 1
    while start < end and text[start] in "\"'(“ ":
        start += 1
    return start, end


def _unique(document: Document, start: int, end: int, sentence: Span) -> tuple[int, int]:
    """Widen a quote that stands more than once to its whole sentence."""
    if len(document.occurrences(document.text[start:end])) == 1:
        return start, end
    return sentence.start, sentence.end


def _new_figure(row: dict[str, str], quote: str, mapped: str | None) -> str:
    if mapped and mapped in quote and parse_figure(mapped) is not None:
        return mapped
    candidates = [text for text, _ in figures_in(quote)]
    if not candidates:
        return ""
    from rapidfuzz import fuzz

    return max(candidates, key=lambda c: fuzz.ratio(c, row["figure"]))


def _bounds(row: dict[str, str], new_figure: str) -> dict[str, str]:
    old = parse_figure(row["figure"])
    new = parse_figure(new_figure)
    if new is None:
        return {}
    if old is not None and old == new:
        return {}
    if old is not None and bounds_of(old, row["qualifier"]) == {
        "low": row["low"],
        "high": row["high"],
        "qualifier": row["qualifier"],
    }:
        return bounds_of(new, row["qualifier"] if old.qualifier == new.qualifier else None)
    return bounds_of(new, None)


def _dates(row: dict[str, str], old_sentence: str, new_sentence: str) -> dict[str, str]:
    """A date of the sentence replaced by one other date: the row's fields that held it."""
    old, new = dates_in(old_sentence), dates_in(new_sentence)
    lost = [d for d in old if d not in new]
    gained = [d for d in new if d not in old]
    if len(lost) != 1 or len(gained) != 1:
        return {}
    return {
        column: gained[0]
        for column in ("as_of", "period_start", "period_end")
        if row[column] and row[column] == lost[0]
    }


def _source(row: dict[str, str], old_sentence: str, new_sentence: str) -> dict[str, str]:
    """A source named in the old sentence and not in the new one is no longer given."""
    words = [w for w in re.findall(r"[A-Z][\w']+", row["source"]) if len(w) > 3][:2]
    if not words:
        return {}
    named_before = all(w in old_sentence for w in words)
    named_now = all(w in new_sentence for w in words)
    if named_before and not named_now and not context_words(new_sentence)[1]:
        return {"source": ""}
    return {}


def propose_update(
    row: dict[str, str], aligner: Aligner, old: Document | None, new: Document
) -> Outcome:
    """The outcome of one claim whose quote is gone: its counterpart and proposed row."""
    outcome = Outcome(row["claim_id"], row["_file"], int(row["_line"]), "gone")
    at = old.text.find(row["quote"]) if old is not None else -1
    old_sentence = None
    if old is not None and at != -1:
        outcome.old_line = old.line_of(at)
        old_sentence = _sentence(aligner.old, at, at + len(row["quote"]))
    kept = new.occurrences(old_sentence.text) if old_sentence is not None else []
    if old_sentence is not None and len(kept) == 1:
        # The sentence stands as it was, but the quote now also stands elsewhere: the
        # whole sentence is the unique quote.
        same = Span(kept[0], kept[0] + len(old_sentence.text), old_sentence.text)
        match: Counterpart | None = Counterpart(same, 100.0, "kept")
    else:
        match = aligner.counterpart(old_sentence, row["quote"])
    if match is None:
        outcome.notes.append("no counterpart in the new revision (the passage was deleted?)")
        return outcome
    sentence = match.sentence
    span = None
    if old_sentence is not None:
        span = map_span(old_sentence, sentence, at, at + len(row["quote"]))
    if span is None:
        span = (sentence.start, sentence.end)
    start, end = _trim(new.text, *span, keep=row["quote"])
    start, end = _unique(new, start, end, sentence)
    quote = new.text[start:end]
    mapped_figure = None
    inner = row["quote"].find(row["figure"])
    if old_sentence is not None and inner != -1:
        figure_span = map_span(old_sentence, sentence, at + inner, at + inner + len(row["figure"]))
        if figure_span is not None:
            f_start, f_end = _trim(new.text, *figure_span, keep=row["figure"])
            mapped_figure = new.text[f_start:f_end]
    figure = _new_figure(row, quote, mapped_figure)
    if not figure:
        outcome.new_sentence = sentence.text
        outcome.similarity = round(match.score, 1)
        outcome.notes.append(
            "no counterpart: the sentence remains but no longer states a figure "
            f"(now: {sentence.text!r})"
        )
        return outcome
    proposed = {c: str(row.get(c, "")) for c in CLAIM_COLUMNS}
    proposed.update(quote=quote, figure=figure)
    proposed.update(_bounds(row, figure))
    old_text = old_sentence.text if old_sentence is not None else row["quote"]
    proposed.update(_dates(row, old_text, sentence.text))
    proposed.update(_source(row, old_text, sentence.text))
    proposed["section"] = new.section_at(start).title
    outcome.status = "changed"
    outcome.new_line = new.line_of(start)
    outcome.new_section = proposed["section"]
    outcome.new_sentence = sentence.text
    outcome.similarity = round(match.score, 1)
    outcome.changes = [
        FieldChange(c, str(row.get(c, "")), proposed[c])
        for c in COMPARED
        if str(row.get(c, "")) != proposed[c]
    ]
    outcome.proposed = proposed
    return outcome


def _sentence(spans: list[Span], start: int, end: int) -> Span | None:
    hit = [s for s in spans if s.start < end and start < s.end]
    if not hit:
        return None
    return Span(hit[0].start, hit[-1].end, " ".join(s.text for s in hit))


def plan_rebase(claimset: ClaimSet, doc: str, new: Document) -> RebasePlan:
    """Every claim of ``doc``: what the new revision does to it."""
    old = claimset.documents.get(doc)
    aligner = Aligner(old.text if old is not None else None, new.text)
    outcomes = []
    claims = claimset.claims
    for row in records(claims[claims["doc"] == doc]):
        found = new.occurrences(row.quote)
        if len(found) != 1:
            outcomes.append(propose_update(row, aligner, old, new))
            continue
        outcomes.append(_kept(row, old, new, found[0], aligner))
    return RebasePlan(doc, outcomes)


def _kept(
    row: dict[str, str], old: Document | None, new: Document, at: int, aligner: Aligner
) -> Outcome:
    """A claim whose quote stands once in the new revision: unchanged or moved, and
    whether the words around it changed."""
    outcome = Outcome(row["claim_id"], row["_file"], int(row["_line"]), "unchanged")
    outcome.new_line = new.line_of(at)
    outcome.new_section = new.section_at(at).title
    old_at = old.text.find(row["quote"]) if old is not None else -1
    if old is not None and old_at != -1:
        outcome.old_line = old.line_of(old_at)
        old_section = old.section_at(old_at).title
        if outcome.old_line != outcome.new_line or old_section != outcome.new_section:
            outcome.status = "moved"
        before = context_of(aligner.old, old_at, old_at + len(row["quote"]), old.text)
        after = context_of(aligner.new, at, at + len(row["quote"]), new.text)
        if before is not None and after is not None:
            change = context_change(before.text, after.text)
            if change:
                outcome.new_sentence = after.text
                outcome.notes.append(f"the words around it changed: {change}")
    if outcome.new_section != row["section"]:
        proposed = {c: str(row.get(c, "")) for c in CLAIM_COLUMNS}
        proposed["section"] = outcome.new_section
        outcome.changes = [FieldChange("section", row["section"], outcome.new_section)]
        outcome.proposed = proposed
        outcome.notes.append(f"now under the heading {outcome.new_section!r}")
    return outcome


def stale_outcomes(claimset: ClaimSet) -> list[Outcome]:
    """Each claim whose quote no longer stands once in its document, with its counterpart
    in the current revision and a proposed row (aligned with the previous revision when
    one is registered, else from the quote alone), or "no counterpart"."""
    outcomes = []
    claims = claimset.claims
    for doc, current in claimset.documents.items():
        rows = [
            r
            for r in records(claims[claims["doc"] == doc])
            if len(current.occurrences(r.quote)) != 1
        ]
        if not rows:
            continue
        previous = claimset.previous.get(doc)
        aligner = Aligner(previous.text if previous is not None else None, current.text)
        outcomes += [propose_update(r, aligner, previous, current) for r in rows]
    return outcomes
