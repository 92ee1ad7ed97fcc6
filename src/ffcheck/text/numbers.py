"""The document's number styles, read as intervals.

All patterns are named constants here (statcheck's habit). ``parse_figure`` reads
the verbatim span of one figure ("between 420-516", "nearly half", "one in nine")
into the bounds a claim row must carry; ``find_numbers`` lists every number of a
text for the coverage report. Neither raises on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Words for how many times, read as counts.
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}
# Words for "more than half" with no number.
MAJORITY_RE = re.compile(r"\b(?:the |a |great |vast )*majority\b", re.IGNORECASE)
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
# Fractions in words, as percent of the base.
FRACTION_WORDS = {
    "half": 50.0,
    "halves": 50.0,
    "third": 100 / 3,
    "thirds": 100 / 3,
    "quarter": 25.0,
    "quarters": 25.0,
}

_WORD = "|".join(sorted([*UNITS_WORDS, *TENS_WORDS], key=len, reverse=True))
_NUMBER_WORD = rf"(?:{_WORD})(?:-(?:{_WORD}))?"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{DIGITS}|{_NUMBER_WORD})(?:\s+(?:hundred|thousand|million))?"
NUMBER_RE = re.compile(rf"(?<![\w.]){NUMBER}(?![\w])", re.IGNORECASE)
PERCENT_WORD = r"(?:%|\s*per\s?cent\b|\s*percent\b)"
RANGE_SEP_RE = re.compile(
    rf"^{PERCENT_WORD}?\s*(?:-|–|—|to|and)(\s+(?:over|more than))?\s*$", re.IGNORECASE
)
ONE_IN_N_RE = re.compile(rf"\b(one|a|\d+)\s+in\s+({NUMBER})\b", re.IGNORECASE)
FRACTION_RE = re.compile(
    rf"\b(?:(a|an|one|{_NUMBER_WORD}|\d+)[\s-]+)?(half|halves|thirds?|quarters?)\b",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
ARTICLE_ONE_RE = re.compile(r"^\s*(?:a|an)\s+[a-z]", re.IGNORECASE)

# Qualifier words, in the order they are tried: negated bounds before the bound
# they negate ("not more than" is at most, not more than).
QUALIFIER_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("range", ("between",)),
    (
        "up_to",
        (
            "never more than",
            "not more than",
            "no more than",
            "not exceeding",
            "not over",
            "up to",
            "as many as",
            "at most",
            "a maximum of",
            "or less",
            "or fewer",
        ),
    ),
    (
        "at_least",
        (
            "not less than",
            "no less than",
            "not fewer than",
            "no fewer than",
            "at least",
            "a minimum of",
            "or more",
        ),
    ),
    ("nearly", ("nearly", "almost", "just under", "close to")),
    ("more_than", ("over", "more than", "above", "in excess of", "upwards of")),
    ("less_than", ("less than", "fewer than", "under", "below")),
    (
        "approx",
        (
            "about",
            "around",
            "approximately",
            "approximate",
            "roughly",
            "some",
            "an estimated of",
            "an estimated",
            "estimated",
            "circa",
        ),
    ),
]


def _alternation(phrases: list[str] | tuple[str, ...]) -> str:
    # Reverse order puts each phrase before its own prefixes ("up to" before "up"): the
    # regex takes the first alternative that matches, so the longer wins.
    words = sorted(phrases, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in words)


QUALIFIER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"\b(?:{_alternation(phrases)})\b", re.IGNORECASE))
    for name, phrases in QUALIFIER_PHRASES
]
OPEN_HIGH = {"more_than", "at_least"}
OPEN_LOW = {"up_to", "less_than"}


@dataclass(frozen=True)
class Figure:
    """What a figure's words say: bounds (``None`` = open) and hints."""

    low: float | None
    high: float | None
    percent: bool = False
    qualifier: str | None = None


def word_number(token: str) -> float | None:
    """Read one number token (digits or words, with an optional scale word).

    >>> word_number("65,726"), word_number("twenty-five"), word_number("7 thousand")
    (65726.0, 25.0, 7000.0)
    >>> word_number("dozens") is None
    True
    """
    parts = token.lower().replace("\u00a0", " ").split()
    if not parts:
        return None
    scale = 1
    if len(parts) > 1 and parts[-1] in SCALE_WORDS:
        scale = SCALE_WORDS[parts.pop()]
    head = " ".join(parts)
    if re.fullmatch(DIGITS, head):
        return float(head.replace(",", "")) * scale
    total = 0
    for piece in head.split("-"):
        if piece in UNITS_WORDS:
            total += UNITS_WORDS[piece]
        elif piece in TENS_WORDS:
            total += TENS_WORDS[piece]
        else:
            return None
    return float(total * scale)


def _qualifier(text: str) -> str | None:
    for name, pattern in QUALIFIER_WORDS:
        if pattern.search(text):
            return name
    return None


def _fraction(text: str) -> float | None:
    match = FRACTION_RE.search(text)
    if not match:
        return None
    count_word, frac = match.group(1), match.group(2).lower()
    if count_word is None or count_word.lower() in {"a", "an", "one"}:
        count = 1.0
    else:
        count = word_number(count_word) or 1.0
    if frac in {"half", "halves"}:
        count = 1.0 if count_word is None or count == 1 else count
    return round(count * FRACTION_WORDS[frac], 2)


def _expand_shorthand(
    low: float, high: float, low_text: str, high_text: str, separator: str
) -> float:
    """'25-30,000' means 25,000-30,000: scale the short low like the high."""
    dashed = separator.strip() in {"-", "–", "—"}
    if not dashed or "," in low_text or "," not in high_text or low >= high:
        return low
    for scale in (1_000, 1_000_000):
        # Only a round high ("30,000") carries its scale over to a bare low ("25").
        if high % scale == 0 and low * scale < high < low * scale * 4:
            return low * scale
    return low


def parse_figure(text: str) -> Figure | None:
    """Read a figure's verbatim words into bounds; ``None`` when no number is there.

    >>> parse_figure("between 420-516")
    Figure(low=420.0, high=516.0, percent=False, qualifier='range')
    >>> parse_figure("over 10,000")
    Figure(low=10000.0, high=None, percent=False, qualifier='more_than')
    >>> parse_figure("nearly half")
    Figure(low=50.0, high=50.0, percent=True, qualifier='nearly')
    >>> parse_figure("25-30,000")  # a short low takes the round high's scale
    Figure(low=25000.0, high=30000.0, percent=False, qualifier='range')
    >>> parse_figure("one in nine")
    Figure(low=11.11, high=11.11, percent=True, qualifier=None)
    >>> parse_figure("less than 2%")
    Figure(low=None, high=2.0, percent=True, qualifier='less_than')
    >>> parse_figure("hundreds") is None  # a bare "hundreds" is no claim
    True
    """
    if not isinstance(text, str) or not text.strip():
        return None
    qualifier = _qualifier(text)
    one_in = ONE_IN_N_RE.search(text)
    if one_in:
        num = word_number(one_in.group(1)) if one_in.group(1).isdigit() else 1.0
        den = word_number(one_in.group(2))
        if num is not None and den:
            value = round(100 * num / den, 2)
            return Figure(value, value, True, qualifier)
    numbers: list[tuple[re.Match[str], float]] = [
        (m, v) for m in NUMBER_RE.finditer(text) if (v := word_number(m.group(0))) is not None
    ]
    fraction = _fraction(text)
    percent = bool(PERCENT_RE.search(text)) or fraction is not None
    values: list[float] = []
    if fraction is not None:
        frac_span = FRACTION_RE.search(text)
        assert frac_span is not None
        numbers = [(m, v) for m, v in numbers if not _inside(m.span(), frac_span.span())]
    between = text[numbers[0][0].end() : numbers[1][0].start()] if len(numbers) >= 2 else ""
    separator = RANGE_SEP_RE.match(between) if len(numbers) >= 2 else None
    open_top = bool(separator and separator.group(1))
    if separator:
        (m_low, low), (m_high, high) = numbers[0], numbers[1]
        low = _expand_shorthand(low, high, m_low.group(0), m_high.group(0), between)
        values = [low, high]
    elif numbers:
        values = [numbers[0][1]]
    if fraction is not None:
        # "between 60% to two thirds": a number and a fraction make a range.
        values = [*values[:1], fraction] if values else [fraction]
    if not values:
        times = [TIMES_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in TIMES_WORDS]
        if times:
            return Figure(float(times[0]), float(times[0]), False, qualifier)
        if MAJORITY_RE.search(text):
            return Figure(50.0, None, True, "more_than")
        if ARTICLE_ONE_RE.match(text):
            return Figure(1.0, 1.0, False, qualifier)
        return None
    low, high = min(values), max(values)
    if len(values) == 1:
        if qualifier in OPEN_HIGH:
            return Figure(low, None, percent, qualifier)
        if qualifier in OPEN_LOW:
            return Figure(None, high, percent, qualifier)
    elif low != high:
        # "about 500-900" and "5,000 to over 10,000" are loose ranges; the rest are ranges.
        loose = open_top or qualifier in {"approx", "approx_range"}
        qualifier = "approx_range" if loose else "range"
    return Figure(low, high, percent, qualifier)


def stated_qualifier(figure: Figure) -> str:
    """The claim row's qualifier for a figure read from its words."""
    qualifier = figure.qualifier or "exact"
    if qualifier == "vague":
        return qualifier
    if figure.low is not None and figure.high is not None and figure.low != figure.high:
        return "approx_range" if qualifier in {"approx", "approx_range"} else "range"
    return qualifier


# A row whose bounds differ from its figure's words says why in its note, after this.
BOUNDS_REASON_RE = re.compile(r"\bbounds:\s*\S", re.IGNORECASE)


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    # Number and fraction tokens end at word boundaries and never straddle each other, so
    # comparing the other ends, or strictly, gives the same answer.
    return outer[0] <= inner[0] and inner[1] <= outer[1]  # pragma: no mutate


def same_value(a: float | None, b: float | None) -> bool:
    """Equal as stated figures: both open, or equal within rounding of 2 decimals.

    >>> same_value(66.666, 66.67), same_value(66.6, 66.67), same_value(None, None)
    (True, False, True)
    """
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(0.006, 1e-9 * abs(b))


# --- every number of a text, for coverage ---------------------------------

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Spans that are numbers but not claims: each with the reason shown to users.
NON_CLAIM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day of a date", re.compile(rf"\b\d{{1,2}}(?=\s+(?:{MONTHS})\b)")),
    ("day of a date", re.compile(rf"(?:{MONTHS})\s\d{{1,2}}(?=,\s*\d{{4}})")),
    # A share ("1900%", "2000 percent") is no year, whatever its digits.
    ("year", re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?:s)?(?!\d|,\d|\s?%|\s?per\s?cent)")),
    # "1914–18", "2013-15": the two-digit end of a span of years.
    ("year", re.compile(r"(?<=(?:19|20)\d{2}[-–—])\d{2}(?!\d|,\d)")),
    ("part of a name", re.compile(r"#\d+|\bResolution \d+|\bSA-\d+|\bSeptember 11\b")),
    (
        "age of a person described",
        re.compile(r"\b\d+(?:-|\s)year(?:s)?(?:-|\s)old\b|\b\d+-month-old\b|\bturned \d+\b"),
    ),
]
WORD_CANDIDATE_RE = re.compile(
    rf"\b(?:{_NUMBER_WORD})\b(?!-year)|\b(?:half|thirds?|quarters?)\b", re.IGNORECASE
)
# An ordinal ("11th", "35th Division") names a thing; it is no number to cover.
DIGIT_CANDIDATE_RE = re.compile(rf"(?<![\w.,])(?:{DIGITS})(?![\d]|(?:st|nd|rd|th)\b)")
# Words that are numbers in form only ("one of them", "no one").
IGNORED_WORDS = {"one"}


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    text: str
    non_claim: str | None  # a reason when the span is a date, a name, ...


def find_numbers(text: str) -> list[NumberSpan]:
    """Every digit or number-word token of ``text``, each marked when it is no claim.

    >>> [(n.text, n.non_claim) for n in find_numbers("In 2014, forty of 1,200 left.")]
    [('2014', 'year'), ('forty', None), ('1,200', None)]
    """
    excluded: list[tuple[int, int, str]] = []
    for reason, pattern in NON_CLAIM_PATTERNS:
        excluded.extend((m.start(), m.end(), reason) for m in pattern.finditer(text))
    found: dict[int, NumberSpan] = {}
    for pattern in (DIGIT_CANDIDATE_RE, WORD_CANDIDATE_RE):
        for m in pattern.finditer(text):
            token = m.group(0)
            if token.lower() in IGNORED_WORDS or m.start() in found:
                continue
            why = next((r for s, e, r in excluded if s <= m.start() and m.end() <= e), None)
            found[m.start()] = NumberSpan(m.start(), m.end(), token, why)
    return [found[k] for k in sorted(found)]


# --- figures: a number with its qualifier words, for add, coverage and propose --

_PCT = r"(?:\s*(?:%|per\s?cent\b|percent\b))?"
_VALUE = rf"(?<![\w.,]){NUMBER}{_PCT}(?![\w])"
_FRACTION = rf"(?:(?:a|an|one|{_NUMBER_WORD}|\d+)[\s-]+)?(?:half|halves|thirds?|quarters?)\b"
_PREFIX = _alternation(
    [p for q, phrases in QUALIFIER_PHRASES if q != "range" for p in phrases if " or " not in p]
)
FIGURE_RE = re.compile(
    rf"(?:\b(?:{_PREFIX})\s+[\"“]?)?"
    rf"(?:between\s+{_VALUE}\s*(?:and|-|–|—|to)\s*(?:{_FRACTION}|{_VALUE})"
    rf"|from\s+{_VALUE}\s+to\s+(?:(?:over|more than)\s+)?{_VALUE}"
    rf"|(?:one|a|\d+)\s+in\s+{NUMBER}\b"
    rf"|\b{_FRACTION}"
    rf"|{_VALUE}(?:\s*(?:-|–|—|to)\s*(?:(?:over|more than)\s+)?{_VALUE})?"
    rf"|\b(?:the |a |great |vast )*majority\b"
    rf"|\b(?:once|twice|thrice)\b"
    rf"|\b(?:one|an?\s+(?:woman|man|boy|girl|child))\b)"
    r"(?:\s+or\s+(?:less|fewer|more))?",
    re.IGNORECASE,
)


PHRASAL_OVER_RE = re.compile(
    r"\b(?:hand|hands|handed|take|took|taken|turn|turned|carry|carried|win|won|all) over $",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FigureSpan:
    start: int
    end: int
    text: str
    figure: Figure


# A vague phrase's band and whether it is a share: {"the majority": (50, 100, True)}.
VagueBands = Mapping[str, tuple[float, float | None, bool]]


def find_figures(text: str, vague: VagueBands | None = None) -> list[FigureSpan]:
    """Every figure of ``text`` with its qualifier words ("range from 5,000 to over
    10,000" is one figure); spans whose numbers are all dates, names or ages are not.
    With the bands of vocab/phrases.csv, a vague phrase holding no number ("the
    majority", "hundreds") is a figure too, read as its band (qualifier ``vague``)."""
    found = _grammar_figures(text)
    if not vague:
        return found
    lowered = {" ".join(k.lower().split()): v for k, v in vague.items()}
    numbers = find_numbers(text)  # without the IGNORED_WORDS ("no one" holds no number)
    for hit in find_vague(text, lowered):
        holds_number = any(hit.start <= n.start and n.end <= hit.end for n in numbers)
        if holds_number or non_quantity(text, hit.start, hit.end) or hit.phrase not in lowered:
            continue
        low, high, share = lowered[hit.phrase]
        overlapping = [f for f in found if f.start < hit.end and hit.start < f.end]
        if any(any(f.start <= n.start and n.end <= f.end for n in numbers) for f in overlapping):
            continue  # a number reading ("nearly half") stands
        # "the great majority": the grammar's wider words, read as the phrase's band.
        start = min([hit.start, *(f.start for f in overlapping)])
        end = max([hit.end, *(f.end for f in overlapping)])
        found = [f for f in found if f not in overlapping]
        figure = Figure(low, high, share, "vague")
        found.append(FigureSpan(start, end, text[start:end], figure))
    return sorted(found, key=lambda f: f.start)


def _grammar_figures(text: str) -> list[FigureSpan]:
    numbers = find_numbers(text)
    found = []
    for match in FIGURE_RE.finditer(text):
        inside = [n for n in numbers if match.start() <= n.start and n.end <= match.end()]
        if inside and all(n.non_claim for n in inside):
            continue
        start, words = match.start(), match.group(0)
        verb = PHRASAL_OVER_RE.search(text[: start + 5])
        if verb and words.lower().startswith("over "):
            # "handed over four children": the verb's "over", not a bound.
            start, words = start + 5, words[5:]
        figure = parse_figure(words)
        if figure is not None:
            found.append(FigureSpan(start, match.end(), words, figure))
    return sorted(found + _listed_ones(text, found), key=lambda f: f.start)


# "a Somali and two Kosovars", "two Belgians and a Russian": in a list of counts,
# "a" + a capitalised noun is one more person.
_ONE_BEFORE_RE = re.compile(r"\b[Aa]n?\s+[A-Z][\w-]+(?=,?\s+and\s+$)")
_ONE_AFTER_RE = re.compile(r"\s+[A-Z][\w-]+,?\s+and\s+(an?\s+[A-Z][\w-]+)\b")


def _listed_ones(text: str, figures: list[FigureSpan]) -> list[FigureSpan]:
    one = Figure(1.0, 1.0)
    out = []
    for span in figures:
        if span.figure.percent:
            continue
        before = _ONE_BEFORE_RE.search(text[max(0, span.start - 40) : span.start])
        if before:
            start = max(0, span.start - 40) + before.start()
            out.append(FigureSpan(start, start + len(before.group(0)), before.group(0), one))
        after = _ONE_AFTER_RE.match(text, span.end)
        if after:
            out.append(FigureSpan(after.start(1), after.end(1), after.group(1), one))
    taken = {(f.start, f.end) for f in figures}
    return [f for f in out if (f.start, f.end) not in taken]


# --- vague quantities ("hundreds", "most", "a few"), read through vocab/phrases.csv ---

Band = tuple[float, float | None]  # low, high (None = open: "many")


@dataclass(frozen=True)
class VagueHit:
    start: int
    end: int
    phrase: str  # the vocabulary key it matched, lowercased


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Whole words only ("most" is not in "almost" or "mostly"); a plural "s" may follow;
    longer phrases are tried first ("several hundred" before "several")."""
    keys = sorted({p.strip().lower() for p in phrases if p and p.strip()}, key=len, reverse=True)
    return _phrase_pattern(tuple(keys))


@lru_cache(maxsize=64)
def _phrase_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    """Built once per vocabulary: a figure column reads the same phrases on every row."""
    if not keys:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, k.split())) for k in keys)
    return re.compile(rf"(?<![\w-])(?:{alternatives})s?(?![\w-])", re.IGNORECASE)


# A vague word used for something other than a quantity, with the reason shown to users.
NON_QUANTITY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "superlative or adverb, not a quantity",
        re.compile(r"\b(?:the|and)\s+most\b|\bmost\s+(?:likely|commonly)\b", re.IGNORECASE),
    ),
]


def non_quantity(text: str, start: int, end: int) -> str | None:
    """Why the vague phrase at ``start:end`` is no quantity ("the most capable"), or None:
    when it lies inside a match of a pattern, however far the match reaches.

    >>> non_quantity("most        commonly cited", 0, 4), non_quantity("most fighters", 0, 4)
    ('superlative or adverb, not a quantity', None)
    """
    for reason, pattern in NON_QUANTITY_PATTERNS:
        if any(m.start() <= start and end <= m.end() for m in pattern.finditer(text)):
            return reason
    return None


@lru_cache(maxsize=64)
def _vocabulary(phrases: tuple[str, ...]) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Each phrase by its lowercased, single-spaced key, and the pattern of them all: made
    once per vocabulary, not per figure (120,000 distinct figures at 10M claims)."""
    keys = {" ".join(p.lower().split()): p for p in phrases}
    return keys, phrase_pattern(keys)


def find_vague(text: str, phrases: Iterable[str]) -> list[VagueHit]:
    """Every vague phrase of ``text`` (non-overlapping, leftmost then longest)."""
    keys, pattern = _vocabulary(tuple(phrases))
    if pattern is None or not isinstance(text, str):
        return []
    hits = []
    for m in pattern.finditer(text):
        said = " ".join(m.group(0).lower().split())
        key = said if said in keys else said[:-1]  # a plural "s" the key does not have
        hits.append(VagueHit(m.start(), m.end(), key))
    return hits


def vague_band(figure: str, bands: Mapping[str, Band]) -> tuple[str, Band] | None:
    """The longest phrase of ``figure`` with its band; ``None`` when it holds none."""
    hits = find_vague(figure, bands)
    if not hits:
        return None
    keys, _ = _vocabulary(tuple(bands))
    best = max(hits, key=lambda h: h.end - h.start)
    return best.phrase, bands[keys[best.phrase]]
