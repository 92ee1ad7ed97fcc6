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
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import pycountry

from ffcheck.authoring.coverage import coverage_of
from ffcheck.authoring.proposal import bounds_of, suggest_id, target_file
from ffcheck.tables.load import CLAIM_COLUMNS, ClaimSet
from ffcheck.text.document import Document
from ffcheck.text.numbers import MONTHS, FigureSpan, find_figures

# How sure each way of finding a field is; shown as confidence_<field>.
SURE, NEAR, SECTION, BEFORE, DEFAULT = 0.9, 0.7, 0.6, 0.4, 0.2
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
DESTINATION_RE = re.compile(r"\b(?:in|to|into|inside|within|across|towards?)\s+(?:the\s+)?$")
ORIGIN_RE = re.compile(r"\bfrom\s+(?:the\s+)?$")
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}
_DATE = rf"(?:(?:(\d{{1,2}})\s+)?({MONTHS})\s+|(?:mid|early|late)-)?((?:19|20)\d{{2}})"
DATE_RE = re.compile(rf"\b{_DATE}\b(?![,.]?\d)")
PERIOD_RE = re.compile(
    rf"\b(?:from\s+|between\s+|in\s+)?{_DATE}\s*(?:-|–|to|and)\s*(?:{_DATE}|(\d{{2}})\b)"
)
HALF_RE = re.compile(r"\b(first|second) half of ((?:19|20)\d{2})\b")
SINCE_RE = re.compile(rf"\bsince\s+{_DATE}\b")
# A name: capitalised words, joined by the small words names contain.
_NAME = (
    r"(?:[A-Z][\w.'’&-]*)(?:\s+(?:(?:of|for|the|and|on|de|du|al)\s+)*[A-Z][\w.'’&-]*)*"
    # "French government", "Kurdish authorities": a name may end in the body's kind.
    r"(?:\s+(?:government|authorities|media|police|officials|sources|military|ministry|"
    r"intelligence|services?|reports?|embassy|office|agency|ministry|council))?"
)
SOURCE_RES = [
    re.compile(rf"\b[Aa]ccording to (?:the |a |an )?({_NAME})"),
    re.compile(
        rf"\b(?:report|study|analysis|survey|estimate|figures?) (?:by|of|from) (?:the )?({_NAME})"
    ),
    re.compile(
        rf"(?:^|[,;]\s*|\b[Tt]he\s+)({_NAME})\s+(?:has |have |had )?"
        r"(?:said|says|estimated|estimates|reported|reports|stated|states|claimed|claims|told|announced|found|counted|"
        r"confirmed|believed|calculated|published)\b"
    ),
]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    field: str
    value: str


@dataclass
class Lexicon:
    """Word lists from the vocabularies, compiled once: field -> [(pattern, value by text)]."""

    patterns: dict[str, list[tuple[re.Pattern[str], dict[str, str]]]]
    root_subject: str
    default_measure: str
    rate_units: set[str] = field(default_factory=set)
    members: dict[str, set[str]] = field(default_factory=dict)  # region -> its subjects

    def mentions(self, text: str, fields: Iterable[str]) -> list[Mention]:
        found = []
        for name in fields:
            for pattern, values in self.patterns.get(name, []):
                for match in pattern.finditer(text):
                    key = match.group(0)
                    value = values.get(key) or values.get(key.lower())
                    if value:
                        found.append(Mention(match.start(), match.end(), name, value))
        return sorted(found, key=lambda m: m.start)


def _compile(words: dict[str, str]) -> list[tuple[re.Pattern[str], dict[str, str]]]:
    """Proper names match with their capitals ("IS" is not "is"); lower-case words in any case."""
    proper = {w: v for w, v in words.items() if w != w.lower()}
    plain = {w.lower(): v for w, v in words.items() if w == w.lower()}
    out = []
    for table, flags in ((proper, 0), (plain, re.IGNORECASE)):
        if table:
            alternation = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
            out.append((re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags), table))
    return out


def build_lexicon(vocab: dict[str, pd.DataFrame]) -> Lexicon:
    subjects = vocab["subjects"]
    known = set(subjects["subject"])
    words: dict[str, dict[str, str]] = {"subject": {}, "side": {}, "group": {}, "cohort": {}}
    # Measure nouns ("countries", "training camps") name only the figure they follow;
    # measure verbs ("were killed") may stand anywhere in the sentence.
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                words["subject"][name] = country.alpha_3
    for subject, name in zip(subjects["subject"], subjects["name"], strict=True):
        if "(" not in name and "," not in name:
            words["subject"][name] = subject
    aliases = vocab.get("aliases", pd.DataFrame(columns=["alias", "field", "value"]))
    for alias, field_name, value in zip(
        aliases["alias"], aliases["field"], aliases["value"], strict=True
    ):
        words.setdefault(field_name, {})[alias] = value
    measure_words = vocab.get("measure_words", pd.DataFrame(columns=["word", "measure", "role"]))
    for role in ("noun", "verb"):
        chosen = measure_words[measure_words["role"] == role]
        words[f"measure_{role}"] = dict(zip(chosen["word"], chosen["measure"], strict=True))
    unit_words = vocab.get("unit_words", pd.DataFrame(columns=["word", "unit"]))
    words["unit"] = dict(zip(unit_words["word"], unit_words["unit"], strict=True))
    roots = subjects.loc[subjects["kind"] == "world", "subject"]
    measures = vocab["measures"]["measure"]
    units = vocab["units"]
    lexicon = Lexicon(
        {name: _compile(table) for name, table in words.items()},
        str(roots.iloc[0]) if len(roots) else "",
        str(measures.iloc[0]) if len(measures) else "",
        set(units.loc[units["kind"] == "rate", "unit"]),
        _members(vocab),
    )
    lexicon.patterns["subject"] = [
        (p, {k: v for k, v in t.items() if v in known or len(v) == 3})
        for p, t in lexicon.patterns["subject"]
    ]
    return lexicon


def _members(vocab: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """Each region's subjects: listed members and children, transitively."""
    children: dict[str, set[str]] = {}
    subjects = vocab["subjects"]
    for subject, parent in zip(subjects["subject"], subjects["parent"], strict=True):
        if parent:
            children.setdefault(parent, set()).add(subject)
    listed = vocab.get("region_members", pd.DataFrame(columns=["region", "member"]))
    for region, member in zip(listed["region"], listed["member"], strict=True):
        children.setdefault(region, set()).add(member)

    def below(region: str, seen: set[str]) -> set[str]:
        out = set()
        for child in children.get(region, set()) - seen:
            out |= {child, *below(child, seen | {child})}
        return out

    return {region: below(region, {region}) for region in children}


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
) -> tuple[str, float]:
    """Whom the figure is about. Places named in the document's title (the
    conflict's venue) and places after "in"/"to" are where things happen, so
    they come last; "from X" and a name right after the figure come first."""
    found = [m for m in lexicon.mentions(sentence, ["subject"]) if m.value not in venues]
    origins = [
        m
        for m in found
        if ORIGIN_RE.search(sentence[: m.start]) and min(abs(m.start - end), abs(at - m.end)) < 80
    ]
    people = [m for m in found if not DESTINATION_RE.search(sentence[: m.start])]
    right_after = [m for m in people if 0 <= m.start - end <= 30]
    if right_after:
        return right_after[0].value, SURE
    if origins:
        return _nearest(origins, at, end).value, SURE  # type: ignore[union-attr]
    heading = [m.value for m in lexicon.mentions(section, ["subject"]) if m.value not in venues]
    if heading:
        # "Malaysians" under the heading "Southeast Asia": the member is more precise.
        members = [m for m in people if m.value in lexicon.members.get(heading[0], set())]
        if members:
            return _nearest(members, at, end).value, NEAR  # type: ignore[union-attr]
        return heading[0], SECTION
    if people:
        return _nearest(people, at, end).value, NEAR  # type: ignore[union-attr]
    earlier = [
        m
        for m in lexicon.mentions(before, ["subject"])
        if not DESTINATION_RE.search(before[: m.start]) and m.value not in venues
    ]
    if earlier:
        return earlier[-1].value, BEFORE
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
    lexicon: Lexicon, sentence: str, at: int, end: int, before: str
) -> tuple[str, float]:
    """A measure word naming what the figure counts ("20 known deaths") wins;
    else the nearest verb of the sentence ("were killed"), else the sentence before."""
    found = lexicon.mentions(sentence, ["measure_noun", "measure_verb"])
    head = [m for m in found if 0 <= m.start - end <= 15]
    if head:
        return head[0].value, SURE
    # The figure is mostly the subject of its verb: "65,726 ... were killed".
    clause_end = min(
        (i for i in (sentence.find(";", end), sentence.find(", while", end)) if i != -1),
        default=len(sentence),
    )
    after = [m for m in lexicon.mentions(sentence[end:clause_end], ["measure_verb"])]
    if after:
        return after[0].value, NEAR
    return _pick(lexicon, "measure_verb", sentence, at, end, before, lexicon.default_measure)


def _date(match: re.Match[str], first: int = 1) -> str:
    day, month, year = match.group(first), match.group(first + 1), match.group(first + 2)
    if not year:
        return ""
    if month and day:
        return f"{year}-{MONTH_NUMBER[month]:02d}-{int(day):02d}"
    if month:
        return f"{year}-{MONTH_NUMBER[month]:02d}"
    return year


def read_dates(sentence: str, at: int, before: str) -> tuple[dict[str, str], dict[str, float]]:
    """as_of and the period from the sentence, else the one before."""
    out = {"as_of": "", "period_start": "", "period_end": ""}
    sure = {"as_of": DEFAULT, "period": DEFAULT}
    period = PERIOD_RE.search(sentence)
    if period:
        start = _date(period, 1)
        end = _date(period, 4) or (start[:2] + period.group(7) if period.group(7) else "")
        if start and end and end > start:
            out.update(period_start=start, period_end=end, as_of=end)
            sure.update(as_of=NEAR, period=NEAR)
            return out, sure
    half = HALF_RE.search(sentence)
    if half:
        # "the first half of 2013": January to June 2013, dated by its end.
        first = half.group(1) == "first"
        year = half.group(2)
        start, end = (f"{year}-01", f"{year}-06") if first else (f"{year}-07", f"{year}-12")
        out.update(period_start=start, period_end=end, as_of=end)
        sure.update(as_of=NEAR, period=NEAR)
        return out, sure
    since = SINCE_RE.search(sentence)
    if since:
        out["period_start"] = _date(since, 1)
        sure["period"] = NEAR
    dates = [m for m in DATE_RE.finditer(sentence) if m is not since]
    dates = [m for m in dates if not (since and since.start() <= m.start() < since.end())]
    if dates:
        nearest = min(dates, key=lambda m: abs(m.start() - at))
        out["as_of"], sure["as_of"] = _date(nearest), NEAR
    elif not since:
        earlier = list(DATE_RE.finditer(before))
        if earlier:
            out["as_of"], sure["as_of"] = _date(earlier[-1]), BEFORE
    return out, sure


def read_source(sentence: str, before: str) -> tuple[str, float]:
    for text, sure in ((sentence, NEAR), (before, BEFORE)):
        for pattern in SOURCE_RES:
            match = pattern.search(text)
            if match:
                name = re.sub(r"\s+(?:of|for|the|and|on)$", "", match.group(1).strip(" .,"))
                name = re.sub(r"^(?:The|A|An)\s+", "", name)
                if name.lower() not in {"he", "she", "they", "it", "the", "this"}:
                    return name, sure
    return "", DEFAULT


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
    head = [m for m in words if m.start <= 8]
    if head:
        return head[0].value, NEAR
    return "persons", NEAR


def _quote(document: Document, start: int, end: int, before: tuple[int, int] | None) -> str:
    """The sentence as quote; with the one before when the sentence alone is not unique."""
    quote = document.text[start:end]
    if len(document.occurrences(quote)) != 1 and before is not None:
        quote = document.text[before[0] : end]
    return quote


def propose_sentence(document: Document, lexicon: Lexicon, offset: int) -> list[Proposed]:
    """A proposal for every figure of the sentence holding ``offset``."""
    (s_start, s_end), prev = document.sentence_at(offset)
    sentence = document.text[s_start:s_end]
    before = document.text[prev[0] : prev[1]] if prev else ""
    # The paragraph up to this sentence: a side or a date often stands once, at its start.
    paragraph = document.text[document.paragraph(s_start)[0] : s_start]
    section = document.section_at(s_start).title
    venues = {m.value for m in lexicon.mentions(document.title, ["subject"])}
    proposals = []
    for span in find_figures(sentence):
        at, end = span.start, span.end
        row: dict[str, str] = {"doc": document.doc_id, "section": section, "figure": span.text}
        sure: dict[str, float] = {"figure": SURE}
        row.update(bounds_of(span.figure, None))
        row["subject"], sure["subject"] = _pick_subject(
            lexicon, sentence, at, end, before, section, venues
        )
        row["group"], sure["group"] = _pick(lexicon, "group", sentence, at, end, "", "")
        side_default = ("unspecified", DEFAULT)
        if row["group"]:
            side_default = (_group_side(lexicon, sentence, row["group"]), NEAR)
        row["side"], sure["side"] = _pick(lexicon, "side", sentence, at, end, paragraph, "")
        if not row["side"]:
            row["side"], sure["side"] = side_default
        cohorts = [m for m in lexicon.mentions(sentence, ["cohort"]) if 0 <= m.start - end <= 20]
        row["cohort"], sure["cohort"] = (cohorts[0].value, NEAR) if cohorts else ("all", NEAR)
        row["measure"], sure["measure"] = _pick_measure(lexicon, sentence, at, end, before)
        row["unit"], sure["unit"] = _unit(lexicon, span, sentence, end)
        # Dates of another clause ("In 1914–18 the Division ...; ... now 60") are not this one's.
        clause_start = sentence.rfind(";", 0, at) + 1
        clause_end = sentence.find(";", end)
        clause = sentence[clause_start : clause_end if clause_end != -1 else len(sentence)]
        dates, date_sure = read_dates(clause, at - clause_start, before)
        row.update(dates)
        sure.update(date_sure)
        row["source"], sure["source"] = read_source(sentence, before)
        row["quote"] = _quote(document, s_start, s_end, prev)
        row["scope"], row["note"] = "", "proposed by ffcheck propose; review every field"
        proposals.append(Proposed(s_start + at, s_start + end, row, sure))
    return proposals


def _group_side(lexicon: Lexicon, sentence: str, group: str) -> str:
    sides = lexicon.mentions(sentence, ["side"])
    return sides[0].value if sides else "unspecified"


def propose_uncovered(
    claimset: ClaimSet, doc: str | None = None, section: str | None = None
) -> list[Proposed]:
    """Proposals for the figures holding the numbers that coverage lists as uncovered."""
    lexicon = build_lexicon(claimset.vocab)
    coverage = coverage_of(claimset)
    taken = set(claimset.claims["claim_id"]) if "claim_id" in claimset.claims else set()
    done: set[tuple[str, int]] = set()
    out = []
    for number in coverage.uncovered:
        if doc and number.doc != doc:
            continue
        document = claimset.documents[number.doc]
        if section and document.section_at(number.start).title != section:
            continue
        for proposal in propose_sentence(document, lexicon, number.start):
            key = (number.doc, proposal.start)
            inside = proposal.start <= number.start < proposal.end
            if not inside or key in done:
                continue
            done.add(key)
            proposal.row["claim_id"] = suggest_id(proposal.row, taken)
            taken.add(proposal.row["claim_id"])
            proposal.row["_file"] = target_file(claimset, proposal.row["section"])
            out.append(proposal)
    return out


def guess_fields(claimset: ClaimSet, doc_id: str, start: int, end: int) -> dict[str, str]:
    """What the readers of `propose` say about the figure at ``start:end`` (for `add`)."""
    document = claimset.documents[doc_id]
    for proposal in propose_sentence(document, build_lexicon(claimset.vocab), start):
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
