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
from ffcheck.text.sentences import names_a_sample, quote_context, sample_named

RULE = Rule("sample-as-population", "Sample stored as a population count", "lint", (), "info")


def derive(ctx: RuleContext) -> pd.DataFrame:
    kinds = ctx.vocab["units"].set_index("unit")["kind"]
    picked = ctx.claims["unit"].map(kinds) == "count"
    # the columns read, then the rows: not a copy of every column of most claims
    counts = ctx.claims[["claim_id", "doc", "quote", "figure", "scope"]][picked]
    # A sentence names a sample only where its document does: the text around a quote is
    # read only in the documents with a cue at all (a sentence is a slice of its document
    # cut at spaces, so a cue it holds is a cue of the document).
    cued = [doc for doc, document in ctx.documents.items() if names_a_sample(document.text)]
    columns = ["claim_flagged", "scope", "sample_words", "text_says_sample", "scope_says_sample"]
    if counts.empty:
        return finish(pd.DataFrame([], columns=columns))
    sample_words = [""] * len(counts)
    read = counts["doc"].isin(cued).to_numpy().nonzero()[0]
    picked = counts.iloc[read]
    for at, doc, quote, figure in zip(
        read, picked["doc"].tolist(), picked["quote"].tolist(), picked["figure"].tolist(),
        strict=True,
    ):  # fmt: skip
        found = quote_context(ctx.documents[doc], quote, figure)
        sample_words[at] = (sample_named(found) if found else None) or ""
    table = pd.DataFrame(
        {
            "claim_flagged": counts["claim_id"].array,
            "scope": counts["scope"].array,
            "sample_words": sample_words,
            "text_says_sample": [int(bool(w)) for w in sample_words],
            "scope_says_sample": counts["scope"].str.contains("sample", regex=False).to_numpy(int),
        }
    )
    return finish(table)


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    scope = f"scope {row['scope']!r} does not" if row["scope"] else "an empty scope does not"
    return (
        f"{row['claim_flagged']} counts a sample but is stored as a population count",
        f"the sentence says {row['sample_words']!r}; {scope} say it is a sample",
    )
