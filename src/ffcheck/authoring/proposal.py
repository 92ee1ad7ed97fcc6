"""What ``ffcheck add`` proposes for a new claim, read from the document itself.

Given a quote, it finds where the quote stands (its section and paragraph),
the figures inside it with their qualifier words, a date, a unit, a likely
subject and measure, a readable id and the claim table the row belongs in.
Everything it cannot read is left for the user to give.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ffcheck.problems import UserError
from ffcheck.tables.load import ClaimSet
from ffcheck.text.document import Document
from ffcheck.text.numbers import MONTHS, NUMBER, Figure, find_numbers, parse_figure
from ffcheck.text.quotes import closest_match

QUALIFIER_PREFIX = (
    r"about|around|approximately|an estimated|estimated|some|nearly|almost|over|more than|"
    r"above|in excess of|less than|fewer than|under|up to|as many as|at least|between|from"
)
FRACTION = r"(?:(?:a|an|one|two|three)\s+)?(?:half|thirds?|quarters?)"
FIGURE_RE = re.compile(
    rf"(?:\b(?:{QUALIFIER_PREFIX})\s+)?"
    rf"(?:{FRACTION}|one in {NUMBER}|(?<![\w.,]){NUMBER}"
    rf"(?:\s*(?:%|percent|per cent))?(?:\s*(?:-|–|to|and)\s*{NUMBER}(?:\s*(?:%|percent))?)?)"
    r"(?:\s+or\s+(?:less|fewer))?",
    re.IGNORECASE,
)
DATE_RE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?(?:({MONTHS})\s+)?((?:19|20)\d{{2}})\b")
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS.split("|"), start=1)}
# Words that suggest what a figure counts; the user confirms or overrides.
MEASURE_HINTS = [
    ("killed", r"\b(?:killed|died|dead|deaths?|lost|losses)\b"),
    ("wounded", r"\bwounded\b"),
    ("returned", r"\breturn(?:ed|ing|ees?)?\b"),
    ("arrested", r"\barrest(?:ed)?\b"),
    ("travelled", r"\b(?:travel+ed|gone|left|joined|went|came|entered|contributed)\b"),
    ("present", r"\b(?:fighting|present|number(?:ed)?)\b"),
]


class AddError(UserError):
    """Why a claim cannot be added as asked (shown to the user, exit 2)."""


@dataclass
class Proposal:
    doc: str
    quote: str
    offset: int
    line: int
    section: str
    figures: list[tuple[str, Figure]]
    as_of: str = ""
    subject: str = ""
    measure: str = ""
    unit: str = "persons"
    target: str = ""


def locate(claimset: ClaimSet, quote: str, doc: str | None) -> tuple[Document, int]:
    documents = [claimset.documents[doc]] if doc else list(claimset.documents.values())
    if doc and doc not in claimset.documents:
        raise AddError(f"no document {doc!r} in documents.csv")
    found = [(d, at) for d in documents for at in d.occurrences(quote, limit=10)]
    if not found:
        near = [m for d in documents if (m := closest_match(d, quote))]
        hint = f"; the closest text is: {near[0]!r}" if near else ""
        raise AddError(f"the quote does not occur verbatim in the document{hint}")
    if len(found) > 1:
        lines = ", ".join(str(d.line_of(at)) for d, at in found)
        raise AddError(
            f"the quote occurs {len(found)} times (lines {lines}); add words until it is unique"
        )
    return found[0]


def figures_in(quote: str) -> list[tuple[str, Figure]]:
    """Candidate figures of a quote; spans whose numbers are all dates or names are not."""
    non_claims = [(n.start, n.end) for n in find_numbers(quote) if n.non_claim]
    claims = [(n.start, n.end) for n in find_numbers(quote) if not n.non_claim]
    found = []
    for match in FIGURE_RE.finditer(quote):
        text = match.group(0).strip()
        inside = [(s, e) for s, e in claims if match.start() <= s and e <= match.end()]
        dated = any(match.start() <= s and e <= match.end() for s, e in non_claims)
        figure = parse_figure(text)
        if figure is not None and (inside or not dated):
            found.append((text, figure))
    return found


def guess_date(text: str) -> str:
    match = DATE_RE.search(text)
    if not match:
        return ""
    day, month, year = match.groups()
    if month and day:
        return f"{year}-{MONTH_NUMBER[month]:02d}-{int(day):02d}"
    if month:
        return f"{year}-{MONTH_NUMBER[month]:02d}"
    return year


def guess_subject(section: str, subjects: pd.DataFrame) -> str:
    name = re.sub(r"^The\s+", "", section).strip().lower()
    hits = subjects[subjects["name"].str.lower() == name]
    return str(hits["subject"].iloc[0]) if len(hits) else ""


def guess_measure(quote: str) -> str:
    return next((m for m, pattern in MEASURE_HINTS if re.search(pattern, quote, re.I)), "")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def suggest_id(row: dict[str, str], taken: set[str]) -> str:
    source = "-".join(slug(row.get("source", "")).split("-")[:2]) or "text"
    parts = [row.get("subject", "x"), row.get("measure", "x"), source, row.get("as_of", "")]
    base = slug("-".join(p for p in parts if p))
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def target_file(claimset: ClaimSet, section: str) -> str:
    """The claim table that already holds this section's claims (else a new one)."""
    claims = claimset.claims
    files = Counter(claims.loc[claims["section"] == section, "_file"])
    if files:
        return str(files.most_common(1)[0][0])
    return str(claimset.root / f"{slug(section) or 'claims'}.csv")


def propose(claimset: ClaimSet, quote: str, doc: str | None = None) -> Proposal:
    document, at = locate(claimset, quote, doc)
    section = document.section_at(at).title
    figures = figures_in(quote)
    unit = "persons"
    if figures and figures[0][1].percent:
        unit = "percent"
    elif re.search(r"per month|a month|monthly", quote, re.I):
        unit = "persons_per_month"
    elif re.search(r"a week|per week", quote, re.I):
        unit = "persons_per_week"
    return Proposal(
        doc=document.doc_id,
        quote=quote,
        offset=at,
        line=document.line_of(at),
        section=section,
        figures=figures,
        as_of=guess_date(quote),
        subject=guess_subject(section, claimset.vocab["subjects"]),
        measure=guess_measure(quote),
        unit=unit,
        target=target_file(claimset, section),
    )


def bounds_of(figure: Figure, qualifier: str | None) -> dict[str, str]:
    def text(value: float | None) -> str:
        return "" if value is None else (f"{value:.0f}" if value.is_integer() else f"{value:g}")

    qualifier = qualifier or figure.qualifier or "exact"
    if figure.low is not None and figure.high is not None and figure.low != figure.high:
        qualifier = "approx_range" if qualifier == "approx" else "range"
    return {"low": text(figure.low), "high": text(figure.high), "qualifier": qualifier}
