"""A source or date the text gives beside a figure is recorded with its claim.

Why: a claim with no ``source`` (or no date) cannot be weighed against other
sources, and an undated claim spans the document's whole time frame, so rules
compare it with everything; when the figure's own sentence names whom it comes
from ("X estimated", "according to X"), or dates it ("by September 2018") with
no other figure in between, or a lead-in sentence just before dates it, the
row has left out what the text says. A data lint: info findings, never errors.
Example: "In 2013, FTV reported that 52 Bosniaks went" recorded with source FTV
and as_of 2013 passes; the same row with both empty is reported.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, finish
from ffcheck.text.sentences import date_given, quote_context, source_given

RULE = Rule(
    "source-or-date-unrecorded",
    "Source or date in the text but not in the claim",
    "lint",
    (),
    "info",
)


def derive(ctx: RuleContext) -> pd.DataFrame:
    rows = []
    # Only a claim without a source or without a date can lack one: the others are not
    # read against the text (a per-row Python pass, the bulk of a large corpus).
    lacking = ctx.claims[(ctx.claims["source"] == "") | ~ctx.claims["dated"]]
    for claim in lacking.itertuples(index=False):
        document = ctx.documents.get(claim.doc)
        found = quote_context(document, claim.quote, claim.figure) if document else None
        date = date_given(found) if found else None
        source = source_given(found) if found else None
        rows.append(
            {
                "claim_flagged": claim.claim_id,
                "text_source": source or "",
                "text_date": date or "",
                "gives_source": int(bool(source)),
                "gives_date": int(bool(date)),
                "has_source": int(bool(claim.source)),
                "has_date": int(bool(claim.dated)),
            }
        )
    columns = ["claim_flagged", "text_source", "text_date"]
    columns += ["gives_source", "gives_date", "has_source", "has_date"]
    return finish(pd.DataFrame(rows, columns=columns))


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    missing = {}  # what the claim lacks: what the text says instead
    if row["gives_source"] > row["has_source"]:
        missing["source"] = f"source (the sentence says {row['text_source']!r})"
    if row["gives_date"] > row["has_date"]:
        missing["date"] = f"date (the text says {row['text_date']!r})"
    return (
        f"{row['claim_flagged']} has no {' or '.join(missing)} though the text gives one",
        "; ".join(missing.values()),
    )
