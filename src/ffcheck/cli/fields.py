"""Click types for the columns of a claim row, built from the vocabularies.

`add` and `propose --interactive` ask through these, so a wrong answer is
refused when it is typed (and asked again), never after the last prompt.
"""

from __future__ import annotations

import re
from typing import Any

import click
import pandas as pd

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# "2013-2015", "2013 to 2015", "2012-01–2018-08": a span of dates, not one date.
DATE_SPAN_RE = re.compile(
    r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?:–|—|to|-)\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)$"
)
NUMBER_RE = re.compile(r"^\d+(\.\d+)?$")


class VocabChoice(click.ParamType):
    """One id of a vocabulary (or empty, when the column is optional)."""

    def __init__(self, label: str, values: list[str], optional: bool = False):
        self.name = label
        self.values = values
        self.optional = optional

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if (text == "" and self.optional) or text in self.values:
            return text
        near = [v for v in self.values if v.lower().startswith(text.lower()[:3])][:8]
        hint = f"; e.g. {', '.join(near)}" if near else f"; one of {', '.join(self.values[:12])}…"
        self.fail(f"{text!r} is not in vocab/{self.name}.csv{hint}", param, ctx)


class DateText(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, or empty. A span is refused with the columns it belongs in."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if text == "" or (DATE_RE.match(text) and _real_date(text)):
            return text
        if DATE_SPAN_RE.match(text):
            self.fail(
                f"{text!r} is a span of dates: give its end here and put the span in "
                "period_start/period_end",
                param,
                ctx,
            )
        self.fail(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)


class Bound(click.ParamType):
    """A plain number (no thousands separators), or empty for an open bound."""

    name = "bound"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if text == "" or NUMBER_RE.match(text):
            return text
        self.fail(f"{text!r} is not a plain number (e.g. 10000, 66.67) or empty", param, ctx)


def _real_date(text: str) -> bool:
    fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(text)]
    return not pd.isna(pd.to_datetime(text, format=fmt, errors="coerce"))


def split_date_span(text: str) -> tuple[str, str, str] | None:
    """A span given as a date: (as_of, period_start, period_end), the end as the date."""
    match = DATE_SPAN_RE.match(text.strip())
    if not match or not (_real_date(match.group(1)) and _real_date(match.group(2))):
        return None
    return match.group(2), match.group(1), match.group(2)


def column_types(vocab: dict[str, pd.DataFrame]) -> dict[str, click.ParamType]:
    """The type each asked column is checked with."""

    def ids(table: str, column: str) -> list[str]:
        frame = vocab.get(table)
        return [] if frame is None else sorted(frame[column].astype(str))

    date = DateText()
    return {
        "subject": VocabChoice("subjects", ids("subjects", "subject")),
        "side": VocabChoice("sides", ids("sides", "side")),
        "group": VocabChoice("groups", ids("groups", "group"), optional=True),
        "cohort": VocabChoice("cohorts", ids("cohorts", "cohort")),
        "measure": VocabChoice("measures", ids("measures", "measure")),
        "qualifier": VocabChoice("qualifiers", ids("qualifiers", "qualifier")),
        "unit": VocabChoice("units", ids("units", "unit")),
        "as_of": date,
        "period_start": date,
        "period_end": date,
        "low": Bound(),
        "high": Bound(),
        "scope": click.STRING,
        "source": click.STRING,
        "note": click.STRING,
    }
