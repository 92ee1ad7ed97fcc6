"""`ffcheck propose`: a starter claim row for every number no claim covers.

Each field is read from the figure's sentence and the one before it, with the
vocabularies as word lists: the figure grammar (``text/numbers.py``) gives the
figure, bounds, qualifier and percent; a gazetteer (pycountry's country names,
``vocab/subjects.csv`` names and ``vocab/aliases.csv`` demonyms and region
names) gives the subject (``subjects.py``); ``vocab/measure_words.csv`` the
measure (``measures.py``); ``vocab/unit_words.csv`` the unit; aliases the side,
group and cohort. Where the text leaves a field open, the claims already written
beside the figure give it (``neighbours.py``; never a claim on the figure itself).
Every field carries a confidence (0-1) saying how it was found, so a reviewer
knows what to check first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from ffcheck.authoring.coverage import Uncovered, coverage_of
from ffcheck.authoring.measures import pick_measure
from ffcheck.authoring.neighbours import NOBODY, Nearby, Neighbours, spelled_as
from ffcheck.authoring.proposal import bounds_of, suggest_id, target_file
from ffcheck.authoring.readers import (
    BEFORE,
    DATE_RE,
    LEAD_DATE_RE,
    NEAR,
    SURE,
    Lexicon,
    build_lexicon,
    pick,
    read_dates,
    read_source,
    source_span,
)
from ffcheck.authoring.subjects import OF_WHOM_RE, pick_subject
from ffcheck.tables.load import CLAIM_COLUMNS, ClaimSet
from ffcheck.text.document import Document
from ffcheck.text.numbers import TIMES_WORDS, FigureSpan, find_figures

CONFIDENCE_FIELDS = [
    "figure",
    "subject",
    "side",
    "group",
    "cohort",
    "measure",
    "unit",
    "as_of",
    "period",
    "source",
]
PROPOSAL_COLUMNS = [*CLAIM_COLUMNS, *(f"confidence_{name}" for name in CONFIDENCE_FIELDS)]


@dataclass
class Proposed:
    """One proposed row, where its figure stands, and how sure each field is."""

    start: int
    end: int
    row: dict[str, str]
    confidence: dict[str, float] = field(default_factory=dict)

    def record(self) -> dict[str, str]:
        out = {c: self.row.get(c, "") for c in CLAIM_COLUMNS}
        for name in CONFIDENCE_FIELDS:
            out[f"confidence_{name}"] = f"{self.confidence.get(name, 0.0):.1f}"
        return out


def _unit(lexicon: Lexicon, span: FigureSpan, sentence: str, end: int) -> tuple[str, float]:
    """Percent for shares (a change when "increase"/"more" follows); a rate when
    "per month" and the like follow within a few words; a unit word naming the
    figure's own noun ("four years", "one-month", "18 passports"); else persons."""
    following = sentence[end : end + 40].replace("-", " ", 1)
    if span.figure.percent:
        change = re.match(r"\s*(?:\w+\s+)?(?:increase|rise|growth|more|drop|decrease)\b", following)
        return ("percent_change", NEAR) if change else ("percent", SURE)
    words = lexicon.mentions(following, ["unit"])
    rates = [m for m in words if m.value in lexicon.rate_units]
    if rates:
        return rates[0].value, NEAR
    # The figure's own noun, after at most a few adjectives ("four Western European countries").
    head = [m for m in words if m.start <= 30 and not re.search(r"[,.;:]", following[: m.start])]
    if head:
        return head[0].value, NEAR
    if span.text.strip().lower() in TIMES_WORDS:
        return "count", NEAR  # "waved thrice": a number of times, not of people
    return "persons", NEAR


def _quote(document: Document, start: int, end: int, before: tuple[int, int] | None) -> str:
    """The sentence as quote; with the one before when the sentence alone is not unique."""
    quote = document.text[start:end]
    if len(document.occurrences(quote)) != 1 and before is not None:
        quote = document.text[before[0] : end]
    return quote


def propose_sentence(
    document: Document, lexicon: Lexicon, offset: int, neighbours: Neighbours | None = None
) -> list[Proposed]:
    """A proposal for every figure of the sentence holding ``offset``; the claims
    already written in its paragraph (``neighbours``) fill what the text leaves open."""
    (s_start, s_end), prev = document.sentence_at(offset)
    sentence = document.text[s_start:s_end]
    before = document.text[prev[0] : prev[1]] if prev else ""
    # The paragraph up to this sentence: a side or a date often stands once, at its start.
    paragraph = document.text[document.paragraph(s_start)[0] : s_start]
    section = document.section_at(s_start).title
    venues = {m.value for m in lexicon.mentions(document.title, ["subject"])}
    proposals: list[Proposed] = []
    for span in find_figures(sentence, lexicon.vague):
        at, end = span.start, span.end
        row: dict[str, str] = {"doc": document.doc_id, "section": section, "figure": span.text}
        sure: dict[str, float] = {"figure": SURE}
        row.update(bounds_of(span.figure, None))
        row["subject"], sure["subject"] = pick_subject(
            lexicon,
            sentence,
            at,
            end,
            before,
            section,
            venues,
            source_span(sentence),
            document.title,
        )
        if OF_WHOM_RE.match(sentence, end) and proposals:
            # "about 500-900 fighters ..., many of whom fought": the same people as before.
            row["subject"], sure["subject"] = proposals[-1].row["subject"], SURE
        row["group"], sure["group"] = pick(lexicon, "group", sentence, at, end, "", "")
        # Group names are side words too (aliases.csv): "ISIL" says anti_government.
        row["side"], sure["side"] = pick(
            lexicon, "side", sentence, at, end, paragraph, "unspecified"
        )
        cohorts = [m for m in lexicon.mentions(sentence, ["cohort"]) if 0 <= m.start - end <= 20]
        row["cohort"], sure["cohort"] = (cohorts[0].value, NEAR) if cohorts else ("all", NEAR)
        row["measure"], sure["measure"] = pick_measure(
            lexicon, sentence, at, end, before, span.figure.percent
        )
        row["unit"], sure["unit"] = _unit(lexicon, span, sentence, end)
        # Dates of another clause ("In 1914–18 the Division ...; ... now 60") are not this one's.
        clause_start = sentence.rfind(";", 0, at) + 1
        clause_end = sentence.find(";", end)
        clause = sentence[clause_start : clause_end if clause_end != -1 else len(sentence)]
        lead = LEAD_DATE_RE.match(sentence)
        if clause_start and lead and not DATE_RE.search(clause):
            # "In 2013, ...; Saudis ...": a date heading the sentence dates every clause.
            clause, clause_start = f"{lead.group(0)} {clause}", clause_start - lead.end() - 1
        dates, date_sure = read_dates(clause, at - clause_start, before)
        row.update(dates)
        sure.update(date_sure)
        row["source"], sure["source"] = read_source(sentence, before)
        if neighbours is not None:
            nearby = neighbours.around(
                document.doc_id,
                s_start + at,
                s_start + end,
                s_start,
                document.paragraph(s_start)[0],
            )
            _from_neighbours(row, sure, nearby)
            if row["source"] and sure["source"] >= NEAR:
                known = spelled_as(
                    row["source"],
                    neighbours.in_document(document.doc_id, s_start + at, s_start + end),
                )
                row["source"] = known if known is not None else row["source"]
        row["quote"] = _quote(document, s_start, s_end, prev)
        row["scope"], row["note"] = "", "proposed by ffcheck propose; review every field"
        proposals.append(Proposed(s_start + at, s_start + end, row, sure))
    return proposals


def _from_neighbours(row: dict[str, str], sure: dict[str, float], nearby: Nearby) -> None:
    """Fields the text around the figure does not state, taken from the nearest claim."""
    if nearby is NOBODY:
        return
    for name, sure_name in (("side", "side"), ("source", "source"), ("as_of", "as_of")):
        if sure[sure_name] < NEAR:
            found = nearby.nearest(name)
            if found is not None:
                row[name], sure[sure_name] = found[0], NEAR if found[1] else BEFORE
    # A subject read from a mere mention (not "a Kazakh", "from X" or the heading):
    # the claim beside it in the same sentence knows better.
    if sure["subject"] in (NEAR, BEFORE):
        found = nearby.nearest("subject", sentence_only=True)
        if found is not None:
            row["subject"], sure["subject"] = found[0], NEAR


def propose_uncovered(
    claimset: ClaimSet, doc: str | None = None, section: str | None = None
) -> tuple[list[Proposed], list[Uncovered]]:
    """Proposals for the figures holding the numbers that coverage lists as uncovered,
    and the uncovered numbers that no figure of the grammar holds (said, not dropped)."""
    lexicon = build_lexicon(claimset.vocab)
    neighbours = Neighbours.of(claimset)
    coverage = coverage_of(claimset)
    taken = set(claimset.claims["claim_id"]) if "claim_id" in claimset.claims else set()
    done: set[tuple[str, int]] = set()
    out: list[Proposed] = []
    unread: list[Uncovered] = []
    for number in coverage.uncovered:
        if doc and number.doc != doc:
            continue
        document = claimset.documents[number.doc]
        if section and document.section_at(number.start).title != section:
            continue
        holding = [
            p
            for p in propose_sentence(document, lexicon, number.start, neighbours)
            if p.start <= number.start < p.end
        ]
        if not holding:
            unread.append(number)
        for proposal in holding:
            if (number.doc, proposal.start) in done:
                continue
            done.add((number.doc, proposal.start))
            proposal.row["claim_id"] = suggest_id(proposal.row, taken)
            taken.add(proposal.row["claim_id"])
            proposal.row["_file"] = target_file(claimset, proposal.row["section"])
            out.append(proposal)
    return out, unread


def guess_fields(claimset: ClaimSet, doc_id: str, start: int, end: int) -> dict[str, str]:
    """What the readers of `propose` say about the figure at ``start:end`` (for `add`)."""
    document = claimset.documents[doc_id]
    lexicon, neighbours = build_lexicon(claimset.vocab), Neighbours.of(claimset)
    for proposal in propose_sentence(document, lexicon, start, neighbours):
        if proposal.start < end and start < proposal.end:
            return proposal.row
    return {}


def missing_subjects(claimset: ClaimSet, proposals: list[Proposed]) -> list[str]:
    """Rows for vocab/subjects.csv that the proposals need: countries found by name."""
    known = set(claimset.vocab["subjects"]["subject"])
    roots = claimset.vocab["subjects"].query("kind == 'world'")["subject"]
    parent = str(roots.iloc[0]) if len(roots) else ""
    rows = []
    for code in sorted({p.row["subject"] for p in proposals} - known):
        country = pycountry.countries.get(alpha_3=code)
        if country is not None:
            rows.append(f"{code},{getattr(country, 'common_name', country.name)},country,{parent}")
    return rows
