"""The readers behind `propose` and `add`: word lists compiled from the vocabularies
(a gazetteer of subjects, measure, unit, side, group and cohort words), and the
dates and sources a sentence states. Each reader says how sure it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import pycountry

from ffcheck.text.numbers import MONTHS

# How sure each way of finding a field is; shown as confidence_<field>.
SURE, NEAR, SECTION, BEFORE, DEFAULT = 0.9, 0.7, 0.6, 0.4, 0.2
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}
_DATE = rf"(?:(?:(\d{{1,2}})\s+)?({MONTHS})\s+|(?:mid|early|late)-)?((?:19|20)\d{{2}})"
DATE_RE = re.compile(rf"\b{_DATE}\b(?![,.]?\d)")
PERIOD_RE = re.compile(
    rf"\b(?:from\s+|between\s+|in\s+)?{_DATE}\s*(?:-|–|to|and)\s*(?:{_DATE}|(\d{{2}})\b)"
)
US_DATE_RE = re.compile(rf"\b({MONTHS})\s+(\d{{1,2}}),\s+((?:19|20)\d{{2}})\b")
# "In 2013, ..." at the head of a sentence dates all of its clauses.
LEAD_DATE_RE = re.compile(rf"^(?:In|By|As of|On|Since|Until)\s+{_DATE},")
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


# The kind of place after its name: "Sandžak region", "Lisleby district of Fredrikstad".
PLACE_KIND_RE = re.compile(r"\s+(?:region|district|town|city|province|governorate|valley)\b")


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
    vague: dict[str, tuple[float, float | None, bool]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # region -> its subjects
    subnational: dict[str, str] = field(default_factory=dict)  # place -> its country
    listed: dict[str, set[str]] = field(default_factory=dict)  # region -> its listed members

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


def nearest(mentions: list[Mention], at: int, end: int) -> Mention | None:
    """The mention closest to the figure, one after it winning a tie."""
    if not mentions:
        return None
    return min(mentions, key=lambda m: (m.start - end) if m.start >= end else (at - m.end) + 0.5)


def pick(
    lexicon: Lexicon, name: str, sentence: str, at: int, end: int, before: str, default: str
) -> tuple[str, float]:
    """The ``name`` word nearest the figure, else the last of the sentence before."""
    found = lexicon.mentions(sentence, [name])
    if found:
        return nearest(found, at, end).value, NEAR  # type: ignore[union-attr]
    earlier = lexicon.mentions(before, [name])
    if earlier:
        return earlier[-1].value, BEFORE
    return default, DEFAULT


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
    for subject, name, kind in zip(
        subjects["subject"], subjects["name"], subjects["kind"], strict=True
    ):
        if "(" not in name and "," not in name:
            words["subject"][name] = subject
        elif kind == "subnational":
            # "Aarhus, Denmark", "Ben Guerdane (Ben Gardane), Tunisia": the place's own name.
            for place in re.split(r"\s*[(),]\s*", name)[:2]:
                # "Lisleby district of Fredrikstad", "Sandžak region": "Lisleby", "Sandžak".
                for variant in (place, PLACE_KIND_RE.split(place)[0]):
                    if variant and variant not in words["subject"]:
                        words["subject"][variant] = subject
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
        rate_units=set(units.loc[units["kind"] == "rate", "unit"]),
        members=_members(vocab),
        listed=_listed(vocab),
        subnational=dict(
            subjects.loc[subjects["kind"] == "subnational", ["subject", "parent"]].itertuples(
                index=False, name=None
            )
        ),
        vague=vague_bands(vocab),
    )
    lexicon.patterns["subject"] = [
        (p, {k: v for k, v in t.items() if v in known or len(v) == 3})
        for p, t in lexicon.patterns["subject"]
    ]
    return lexicon


def _listed(vocab: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    """Each region's members as region_members.csv lists them (not their places)."""
    listed = vocab.get("region_members", pd.DataFrame(columns=["region", "member"]))
    out: dict[str, set[str]] = {}
    for region, member in zip(listed["region"], listed["member"], strict=True):
        out.setdefault(region, set()).add(member)
    return out


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


def _date(match: re.Match[str], first: int = 1) -> str:
    day, month, year = match.group(first), match.group(first + 1), match.group(first + 2)
    if not year:
        return ""
    if month and day:
        return f"{year}-{MONTH_NUMBER[month]:02d}-{int(day):02d}"
    if month:
        return f"{year}-{MONTH_NUMBER[month]:02d}"
    return year


def day_first(text: str) -> str:
    """ "August 19, 2019" rewritten "19 August  2019", the same length (offsets hold)."""

    def swap(match: re.Match[str]) -> str:
        month, day, year = match.groups()
        gap = len(match.group(0)) - len(day) - len(month) - len(year) - 1
        return f"{day} {month}{' ' * gap}{year}"

    return US_DATE_RE.sub(swap, text)


def read_dates(sentence: str, at: int, before: str) -> tuple[dict[str, str], dict[str, float]]:
    """as_of and the period from the sentence, else the one before."""
    sentence, before = day_first(sentence), day_first(before)
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


# Words a capitalised run may start with that make it no name ("Of Western Europe's").
NOT_A_SOURCE = {"Of", "In", "By", "As", "For", "From", "On", "At", "With", "he", "she", "they"}
NOT_A_SOURCE |= {"it", "the", "this", "It", "This", "They", "He", "She"}


def source_span(sentence: str) -> tuple[int, int] | None:
    """Where the sentence names who says it ("According to the U.S. State Department")."""
    for pattern in SOURCE_RES:
        match = pattern.search(sentence)
        if match and match.group(1).split()[0] not in NOT_A_SOURCE:
            return match.start(1), match.end(1)
    return None


def read_source(sentence: str, before: str) -> tuple[str, float]:
    for text, sure in ((sentence, NEAR), (before, BEFORE)):
        for pattern in SOURCE_RES:
            match = pattern.search(text)
            if match:
                name = re.sub(r"\s+(?:of|for|the|and|on)$", "", match.group(1).strip(" .,"))
                name = re.sub(r"^(?:The|A|An)\s+", "", name)
                first = name.split()[0] if name else ""
                if first not in NOT_A_SOURCE and name.lower() not in NOT_A_SOURCE:
                    return name + _report_date(text, match.start(1), match.end(1)), sure
    return "", DEFAULT


def _report_date(text: str, start: int, end: int, reach: int = 25) -> str:
    """ ", April 2016" when a date stands right before or after the source's name
    ("In 2013, USA Today reported", "the ICCT from April 2016"): the report's date,
    as ENCODING.md writes sources."""
    for match in DATE_RE.finditer(text):
        near = 0 <= start - match.end() <= reach or 0 <= match.start() - end <= reach
        if near and not PERIOD_RE.match(text, match.start()):
            return ", " + re.sub(r"^(?:mid|early|late)-", "", match.group(0))
    return ""


def vague_bands(vocab: dict[str, pd.DataFrame]) -> dict[str, tuple[float, float | None, bool]]:
    """vocab/phrases.csv as the figure grammar reads it; cells that are no number are
    skipped (the vocabulary schema reports them)."""
    frame = vocab.get("phrases")
    if frame is None or frame.empty or "kind" not in frame:
        return {}
    low = pd.to_numeric(frame["low"], errors="coerce")
    high = pd.to_numeric(frame["high"], errors="coerce")
    return {
        str(phrase): (float(lo), None if pd.isna(hi) else float(hi), kind == "share")
        for phrase, lo, hi, kind in zip(frame["phrase"], low, high, frame["kind"], strict=True)
        if not pd.isna(lo)
    }
