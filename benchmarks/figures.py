"""Reading a figure's words and a date's text, for benchmarks/independent.py.

Written from claims/ENCODING.md ("Reading the figure") and the qualifier
descriptions in claims/vocab/qualifiers.csv, not from ffcheck's code: the
independent baseline must be a second opinion. Both functions are called once
per *distinct* text, so plain Python is fast enough.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# fmt: off
SMALL = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
# fmt: on
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUE = {w: i for i, w in enumerate(SMALL)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
SHARE_OF = {"half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3}
SHARE_OF |= {"quarter": 25.0, "quarters": 25.0}
TIMES = {"once": 1, "twice": 2, "thrice": 3}

_words = "|".join(sorted(WORD_VALUE, key=len, reverse=True))
_word_number = rf"(?:{_words})(?:-(?:{_words}))?"
_digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_number = rf"(?:{_digits}|{_word_number})(?:\s+(?:hundred|thousand|million))?"
NUMBER = re.compile(rf"(?<![\w.])(?:{_number})(?![\w])", re.I)
SHARE = re.compile(
    rf"\b(?:(a|an|one|{_word_number}|\d+)[\s-]+)?(half|halves|thirds?|quarters?)\b", re.I
)
ONE_IN = re.compile(rf"\b(one|a|\d+)\s+in\s+({_number})\b", re.I)
PERCENT = re.compile(r"%|\bper\s?cent\b|\bpercent\b", re.I)
RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)(?:\s+(?:over|more than))?\s*", re.I)
MAJORITY = re.compile(r"\bmajority\b", re.I)
ARTICLE = re.compile(r"\s*an?\s+[a-z]", re.I)
# Words that leave one bound open; the first kind that matches decides
# ("between" makes a closed range even when "over" follows: "5,000 to over 10,000").
OPENING = [
    ("closed", re.compile(r"\bbetween\b", re.I)),
    ("open_high", re.compile(r"\b(?:over|more than|above|in excess of)\b", re.I)),
    ("open_low", re.compile(r"\b(?:up to|as many as|or less|or fewer)\b", re.I)),
    ("open_low", re.compile(r"\b(?:less than|fewer than|under)\b", re.I)),
    ("open_high", re.compile(r"\b(?:at least|a minimum of)\b", re.I)),
]


def number_value(token: str) -> float | None:
    """'7 thousand' 7000, 'twenty-five' 25, '3,922' 3922."""
    parts = token.lower().split()
    scale = SCALE.get(parts[-1], 1) if len(parts) > 1 else 1
    head = parts[0]
    if head[0].isdigit():
        return float(head.replace(",", "")) * scale
    pieces = head.split("-")
    if not all(p in WORD_VALUE for p in pieces):
        return None
    return float(sum(WORD_VALUE[p] for p in pieces) * scale)


def _share(text: str) -> tuple[float, tuple[int, int]] | None:
    """'two thirds' 66.67, 'a quarter' 25, 'nearly half' 50 (with the words' span)."""
    match = SHARE.search(text)
    if not match:
        return None
    count_word, noun = match.group(1), match.group(2).lower()
    count = 1.0
    if count_word and count_word.lower() not in {"a", "an", "one"} and not noun.startswith("hal"):
        count = number_value(count_word) or 1.0
    return round(count * SHARE_OF[noun], 2), match.span()


def _scaled_low(low: float, high: float, low_text: str, high_text: str, join: str) -> float:
    """'25-30,000' is 25,000-30,000: a bare short low takes a round high's scale."""
    if join.strip() not in {"-", "–", "—"} or "," in low_text or "," not in high_text:
        return low
    for scale in (1_000, 1_000_000):
        if low < high and high % scale == 0 and low * scale < high < 4 * low * scale:
            return low * scale
    return low


def read_figure(text: str) -> tuple[float | None, float | None, bool] | None:
    """(low, high, is a share) a figure's words state; None = open bound; None if no number."""
    if not text.strip():
        return None
    opening = next((kind for kind, pattern in OPENING if pattern.search(text)), None)
    one_in = ONE_IN.search(text)
    if one_in:  # "one in nine" is a share: 11.11 percent
        top = number_value(one_in.group(2))
        bottom = float(one_in.group(1)) if one_in.group(1).isdigit() else 1.0
        if top:
            return round(100 * bottom / top, 2), round(100 * bottom / top, 2), True
    share = _share(text)
    found = [m for m in NUMBER.finditer(text) if number_value(m.group(0)) is not None]
    if share:  # the count word of "two thirds" is not a number of its own
        found = [m for m in found if not (share[1][0] <= m.start() and m.end() <= share[1][1])]
    values = [number_value(m.group(0)) or 0.0 for m in found[:1]]
    if len(found) >= 2:
        join = text[found[0].end() : found[1].start()]
        if RANGE_JOIN.fullmatch(join):
            high = number_value(found[1].group(0)) or 0.0
            values = [
                _scaled_low(values[0], high, found[0].group(0), found[1].group(0), join),
                high,
            ]
    if share:
        values = [*values[:1], share[0]]
    percent = bool(PERCENT.search(text)) or share is not None
    if not values:
        times = [TIMES[w] for w in re.findall(r"[a-z]+", text.lower()) if w in TIMES]
        if times:
            return float(times[0]), float(times[0]), False
        if MAJORITY.search(text):
            return 50.0, None, True
        return (1.0, 1.0, False) if ARTICLE.match(text) else None
    low, high = min(values), max(values)
    if len(values) == 1 and opening == "open_high":
        return low, None, percent
    if len(values) == 1 and opening == "open_low":
        return None, high, percent
    return low, high, percent


DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def day_span(text: str) -> tuple[date, date] | None:
    """First and last day a date of stated precision covers; None if no such date."""
    match = DATE.fullmatch(text)
    if not match or int(match.group(1)) < 1900:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day is not None:
            first = date(year, month, day)  # type: ignore[arg-type]
            return first, first
        if month is not None:
            first = date(year, month, 1)  # type: ignore[arg-type]
            if month == 12:
                return first, date(year, 12, 31)  # type: ignore[arg-type]
            return first, date(year, month + 1, 1) - timedelta(days=1)  # type: ignore[arg-type,operator]
        return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
    except ValueError:
        return None
