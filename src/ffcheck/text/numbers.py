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
RANGE_SEP_RE = re.compile(r"^\s*(?:-|–|—|to|and)(?:\s+(?:over|more than))?\s*$", re.IGNORECASE)
ONE_IN_N_RE = re.compile(rf"\b(one|a|\d+)\s+in\s+({NUMBER})\b", re.IGNORECASE)
FRACTION_RE = re.compile(
    rf"\b(?:(a|an|one|{_NUMBER_WORD}|\d+)[\s-]+)?(half|halves|thirds?|quarters?)\b",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
ARTICLE_ONE_RE = re.compile(r"^\s*(?:a|an)\s+[a-z]", re.IGNORECASE)

QUALIFIER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(r"\bbetween\b", re.IGNORECASE)),
    ("more_than", re.compile(r"\b(?:over|more than|above|in excess of)\b", re.IGNORECASE)),
    ("up_to", re.compile(r"\b(?:up to|as many as|or less|or fewer)\b", re.IGNORECASE)),
    ("less_than", re.compile(r"\b(?:less than|fewer than|under)\b", re.IGNORECASE)),
    ("at_least", re.compile(r"\b(?:at least|a minimum of)\b", re.IGNORECASE)),
    ("nearly", re.compile(r"\b(?:nearly|almost)\b", re.IGNORECASE)),
    (
        "approx",
        re.compile(
            r"\b(?:about|around|approximately|approximate|roughly|some|estimated|an estimated)\b",
            re.IGNORECASE,
        ),
    ),
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
    """Read one number token (digits or words, with an optional scale word)."""
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
    if len(numbers) >= 2 and RANGE_SEP_RE.match(between):
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
    elif qualifier is None:
        qualifier = "range"
    return Figure(low, high, percent, qualifier)


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def same_value(a: float | None, b: float | None) -> bool:
    """Equal as stated figures: both open, or equal within rounding of 2 decimals."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(0.006, 1e-9 * abs(b))


# --- every number of a text, for coverage ---------------------------------

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Spans that are numbers but not claims: each with the reason shown to users.
NON_CLAIM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("day of a date", re.compile(rf"\b\d{{1,2}}(?=\s+(?:{MONTHS})\b)")),
    ("day of a date", re.compile(rf"(?:{MONTHS})\s\d{{1,2}}(?=,\s*\d{{4}})")),
    ("year", re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?:s)?(?!\d|,\d)")),
    ("part of a name", re.compile(r"#\d+|\bResolution \d+|\bSA-\d+|\bSeptember 11\b")),
    (
        "age of a person described",
        re.compile(r"\b\d+(?:-|\s)year(?:s)?(?:-|\s)old\b|\b\d+-month-old\b|\bturned \d+\b"),
    ),
]
WORD_CANDIDATE_RE = re.compile(
    rf"\b(?:{_NUMBER_WORD})\b(?!-year)|\b(?:half|thirds?|quarters?)\b", re.IGNORECASE
)
DIGIT_CANDIDATE_RE = re.compile(rf"(?<![\w.,])(?:{DIGITS})(?![\d])")
# Words that are numbers in form only ("one of them", "no one").
IGNORED_WORDS = {"one"}


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    text: str
    non_claim: str | None  # a reason when the span is a date, a name, ...


def find_numbers(text: str) -> list[NumberSpan]:
    """Every digit or number-word token of ``text``, each marked when it is no claim."""
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
    """Why the vague phrase at ``start:end`` is no quantity ("the most capable"), or None."""
    for reason, pattern in NON_QUANTITY_PATTERNS:
        for m in pattern.finditer(text, max(0, start - 4), end + 10):
            if m.start() <= start and end <= m.end():
                return reason
    return None


def find_vague(text: str, phrases: Iterable[str]) -> list[VagueHit]:
    """Every vague phrase of ``text`` (non-overlapping, leftmost then longest)."""
    keys = {" ".join(p.lower().split()): p for p in phrases}
    pattern = phrase_pattern(keys)
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
    lowered = {k.lower(): v for k, v in bands.items()}
    best = max(hits, key=lambda h: h.end - h.start)
    return best.phrase, lowered[best.phrase]
