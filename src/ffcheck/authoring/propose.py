"""`ffcheck propose`: a starter claim row for every number no claim covers.

Each field is read from the figure's sentence and the one before it, with the
vocabularies as word lists: the figure grammar (``text/numbers.py``) gives the
figure, bounds, qualifier and percent; a gazetteer (pycountry's country names,
``vocab/subjects.csv`` names and ``vocab/aliases.csv`` demonyms and region
names) gives the subject; ``vocab/measure_words.csv`` the measure;
``vocab/unit_words.csv`` the unit; aliases the side, group and cohort. Every
field carries a confidence (0-1) saying how it was found, so a reviewer knows
what to check first. Nothing here reads an existing claim row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pycountry

from ffcheck.authoring.coverage import Uncovered, coverage_of
from ffcheck.authoring.neighbours import NOBODY, Nearby, Neighbours, spelled_as
from ffcheck.authoring.proposal import bounds_of, suggest_id, target_file
from ffcheck.authoring.readers import (
    BEFORE,
    DATE_RE,
    DEFAULT,
    LEAD_DATE_RE,
    NEAR,
    SECTION,
    SURE,
    Lexicon,
    Mention,
    build_lexicon,
    read_dates,
    read_source,
    source_span,
)
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
# Words before a place that make it where something happened, not whom it is about.
# "many of whom fought": a part of the people counted just before (not "19 of whom
# were Tunisian", which names its own).
OF_WHOM_RE = re.compile(r"\s+of\s+(?:whom|them|these|those)\b(?!\s+(?:were|are|was|is)\b)")
# The verb of a share's predicate follows one of these: "had a criminal record".
PREDICATE_RE = re.compile(r"\b(?:had|have|has|were|are|was|is)\s+(?:\w+\s+){0,2}$")
# "69% of recruits", "A third of those who returned": a share and whom it is of.
SHARE_OF_RE = re.compile(r"\s+of\s+(?:the\s+|those\s+|these\s+|them\s+)?(?:\w+\s+)?")
# A noun in a place phrase says where, not what: "in other European countries".
AFTER_PREPOSITION_RE = re.compile(r"\b(?:from|in|to|at|into)\s+(?:\w+\s+){0,2}$")
# Between a figure and its noun: adjectives only, no punctuation or preposition.
NOT_ADJECTIVES_RE = re.compile(r"[,.;:]|\b(?:from|in|of|to|with|by|for|at)\b")
# Where the figure's phrase ends: "135, which was less than both France and Germany".
CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s*(?:which|who|while|but|whereas)\b")
# Words after a people's name that make it an attribute: "of Moroccan descent".
ATTRIBUTE_RE = re.compile(r"(?:\s+(?:descent|origin|background|backgrounds|heritage)\b|-born\b)")
DESTINATION_RE = re.compile(r"\b(?:in|to|into|inside|within|across|towards?)\s+(?:the\s+)?$")
ORIGIN_RE = re.compile(r"\bfrom\s+(?:the\s+)?$")


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


def _nearest(mentions: list[Mention], at: int, end: int) -> Mention | None:
    """The mention closest to the figure, one after it winning a tie."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m.start - end) if m.start >= end else (at - m.end) + 0.5)


def _pick_subject(
    lexicon: Lexicon,
    sentence: str,
    at: int,
    end: int,
    before: str,
    section: str,
    venues: set[str],
    speaker: tuple[int, int] | None = None,
    title: str = "",
) -> tuple[str, float]:
    """Whom the figure is about. Places named in the document's title (the
    conflict's venue) and places after "in"/"to" are where things happen, so
    they come last; "from X" and a name right after the figure come first.
    A place inside the name of who says it ("the U.S. State Department") is
    not whom it is about."""
    value, sure = _pick_subject_of(
        lexicon, sentence, at, end, before, section, venues, speaker, title
    )
    # "Serbia's Sandžak region": a place of the vocabulary inside the chosen country,
    # named in the same sentence, is the more precise subject.
    inside = [
        m
        for m in lexicon.mentions(sentence, ["subject"])
        if lexicon.subnational.get(m.value) == value
    ]
    return (inside[0].value, sure) if inside else (value, sure)


# Between the names of a list: ", ", " and ", ", and the ".
LIST_GAP_RE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")


def _lists(
    lexicon: Lexicon, sentence: str, found: list[Mention]
) -> tuple[list[Mention], dict[Mention, int]]:
    """Mentions with each list of places ("Libya, Tunisia, and Algeria") read as one:
    the subject whose members are exactly those places when the vocabulary has one,
    and each name's list start, where "from"/"into" tells what the whole list is."""
    runs: list[list[Mention]] = []
    for m in found:
        if runs and LIST_GAP_RE.fullmatch(sentence[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[Mention] = []
    head: dict[Mention, int] = {}
    for run in runs:
        named = {m.value for m in run}
        whole = [r for r, members in lexicon.listed.items() if len(named) > 1 and members == named]
        if whole:
            run = [Mention(run[0].start, run[-1].end, "subject", whole[0])]
        for m in run:
            out.append(m)
            head[m] = run[0].start
    return out, head


def _pick_subject_of(
    lexicon: Lexicon,
    sentence: str,
    at: int,
    end: int,
    before: str,
    section: str,
    venues: set[str],
    speaker: tuple[int, int] | None,
    title: str,
) -> tuple[str, float]:
    named = lexicon.mentions(sentence, ["subject"])
    # "about 300 Iraqis": people named right after a number are whom it counts, even
    # when they are the venue's ("Syrian trained fighters" is where, not who).
    on_figure = [
        m
        for m in named
        if 0 <= m.start - end <= 1
        and sentence[m.end - 1] == "s"
        and any(c.isdigit() for c in sentence[at:end])
    ]
    if on_figure:
        return on_figure[0].value, SURE
    # Lists first, so that "Lebanese, Iraqis, Palestinians and Jordanians" stays one
    # list although Iraq is a venue; then the venues' own names are dropped.
    listed, head = _lists(
        lexicon,
        sentence,
        [
            m
            for m in named
            if not (speaker and speaker[0] <= m.start < speaker[1])
            and not ATTRIBUTE_RE.match(sentence, m.end)
        ],
    )
    found = [m for m in listed if m.value not in venues]
    # "Of Western Europe's estimated 5000": the owner named right before the figure.
    owner = [
        m for m in found if 0 <= at - m.end <= 3 and sentence[m.end : at].startswith(("'s", "’s"))
    ]
    if owner:
        return owner[0].value, SURE
    # "...; Saudis numbered at least 330; several hundred Egyptian Islamists; ...":
    # a name in the figure's own clause comes before those of the others.
    clause = (
        sentence.rfind(";", 0, at) + 1,
        (sentence.find(";", end) + 1 or len(sentence) + 1) - 1,
    )
    in_clause = [m for m in found if clause[0] <= m.start and m.end <= clause[1]]
    found = in_clause or found
    origins = [
        m
        for m in found
        if ORIGIN_RE.search(sentence[: head[m]]) and min(abs(m.start - end), abs(at - m.end)) < 80
    ]
    people = [m for m in found if not DESTINATION_RE.search(sentence[: head[m]])]
    own = [m for m in people if at <= m.start and m.end <= end]  # "a Kazakh"
    if own:
        return own[0].value, SURE
    right_after = [
        m
        for m in people
        if 0 <= m.start - end <= 30 and not CLAUSE_BREAK_RE.search(sentence[end : m.start])
    ]
    if right_after:
        return right_after[0].value, SURE
    if origins:
        return _nearest(origins, at, end).value, SURE  # type: ignore[union-attr]
    # A heading naming the venue ("Iraq") is about that country's own fighters.
    heading = [m.value for m in lexicon.mentions(section, ["subject"]) if m.value not in venues]
    if not heading and section != title:
        heading = [m.value for m in lexicon.mentions(section, ["subject"])]
    if heading:
        # "Malaysians" under the heading "Southeast Asia": the member is more precise.
        members = [m for m in people if m.value in lexicon.members.get(heading[0], set())]
        if members:
            return _nearest(members, at, end).value, NEAR  # type: ignore[union-attr]
        return heading[0], SECTION
    if people:
        one_clause = bool(in_clause) and clause != (0, len(sentence))
        return _nearest(people, at, end).value, SURE if one_clause else NEAR  # type: ignore[union-attr]
    earlier = [
        m
        for m in lexicon.mentions(before, ["subject"])
        if not DESTINATION_RE.search(before[: m.start]) and m.value not in venues
    ]
    if earlier:
        return earlier[-1].value, BEFORE
    if found:
        # Only a place where it happened ("waved thrice in Jammu and Kashmir"): that place.
        return _nearest(found, at, end).value, BEFORE  # type: ignore[union-attr]
    return lexicon.root_subject, DEFAULT


def _pick(
    lexicon: Lexicon, name: str, sentence: str, at: int, end: int, before: str, default: str
) -> tuple[str, float]:
    found = lexicon.mentions(sentence, [name])
    if found:
        return _nearest(found, at, end).value, NEAR  # type: ignore[union-attr]
    earlier = lexicon.mentions(before, [name])
    if earlier:
        return earlier[-1].value, BEFORE
    return default, DEFAULT


def _pick_measure(
    lexicon: Lexicon, sentence: str, at: int, end: int, before: str, share: bool = False
) -> tuple[str, float]:
    """A measure word naming what the figure counts ("20 known deaths") wins;
    else the nearest verb of the sentence ("were killed"), else the sentence before."""
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
    return _pick(lexicon, "measure_verb", whole, at, end, before, lexicon.default_measure)


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
        row["subject"], sure["subject"] = _pick_subject(
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
        row["group"], sure["group"] = _pick(lexicon, "group", sentence, at, end, "", "")
        # Group names are side words too (aliases.csv): "ISIL" says anti_government.
        row["side"], sure["side"] = _pick(
            lexicon, "side", sentence, at, end, paragraph, "unspecified"
        )
        cohorts = [m for m in lexicon.mentions(sentence, ["cohort"]) if 0 <= m.start - end <= 20]
        row["cohort"], sure["cohort"] = (cohorts[0].value, NEAR) if cohorts else ("all", NEAR)
        row["measure"], sure["measure"] = _pick_measure(
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
