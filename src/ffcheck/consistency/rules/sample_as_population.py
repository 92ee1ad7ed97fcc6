"""A figure the text calls a sample is not stored as a population count.

Why: "an analysis of 20 fighters", "a survey of 41 returnees" count who was
studied, not everyone: stored as a plain count (empty or non-sample ``scope``)
the figure meets the population's totals in the inferred rules and looks like
a low estimate. A count whose own sentence names an analysis, sample, survey or
study must carry a scope that says so (``study-sample``). A data lint: info.
Example: "A detailed analysis of 20 fighters" with scope ``study-sample`` passes;
with an empty scope it is reported.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, finish
from ffcheck.text.sentences import quote_context, sample_named

RULE = Rule("sample-as-population", "Sample stored as a population count", "lint", (), "info")


def derive(ctx: RuleContext) -> pd.DataFrame:
    kinds = ctx.vocab["units"].set_index("unit")["kind"]
    counts = ctx.claims[ctx.claims["unit"].map(kinds) == "count"]
    rows = []
    # The five columns read, not whole rows: itertuples converted every date of every claim.
    read = zip(
        counts["claim_id"], counts["doc"], counts["quote"], counts["figure"], counts["scope"],
        strict=True,
    )  # fmt: skip
    for claim_id, doc, quote, figure, scope in read:
        document = ctx.documents.get(doc)
        found = quote_context(document, quote, figure) if document else None
        words = sample_named(found) if found else None
        rows.append(
            {
                "claim_flagged": claim_id,
                "scope": scope,
                "sample_words": words or "",
                "text_says_sample": int(bool(words)),
                "scope_says_sample": int("sample" in scope),
            }
        )
    columns = ["claim_flagged", "scope", "sample_words", "text_says_sample", "scope_says_sample"]
    return finish(pd.DataFrame(rows, columns=columns))


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    scope = f"scope {row['scope']!r} does not" if row["scope"] else "an empty scope does not"
    return (
        f"{row['claim_flagged']} counts a sample but is stored as a population count",
        f"the sentence says {row['sample_words']!r}; {scope} say it is a sample",
    )
