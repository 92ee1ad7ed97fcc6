"""One subject and measure keeps one side within a paragraph.

Why: when a paragraph's counts of one subject and measure are recorded as
``unspecified`` in one row and with an explicit side in another (no named
group explains the side), either the text gives the side and the first row
lost it, or it does not and the second row added one; the inferred rules then
compare the rows on different footings. Shares and rows limited to a named
group are left out: their side is the part's, not the paragraph's. A data lint: info.
Example: "four foreign fighters who had returned ... Two of them were women"
recorded as unspecified and anti_government is reported.
"""

from __future__ import annotations

import pandas as pd

from ffcheck.consistency.context import RuleContext
from ffcheck.consistency.rules.base import Failed, Rule, finish

RULE = Rule("side-differs-in-paragraph", "Sides differ within a paragraph", "lint", (), "info")
UNKNOWN = "unspecified"


def derive(ctx: RuleContext) -> pd.DataFrame:
    kinds = ctx.vocab["units"].set_index("unit")["kind"]
    picked = (ctx.claims["unit"].map(kinds) == "count") & (ctx.claims["group"] == "")
    # the columns read, then the rows: not a copy of every column of most claims
    claims = ctx.claims[["claim_id", "doc", "quote", "subject", "measure", "side"]][picked]
    # Only rows sharing a document, subject and measure can share a paragraph: the others
    # are not looked up in the text (a per-row search).
    claims = claims[claims.duplicated(["doc", "subject", "measure"], keep=False)]
    paragraph = []
    # Python lists, not the Arrow-backed columns: iterating those converts each value.
    for doc_id, quote in zip(claims["doc"].tolist(), claims["quote"].tolist(), strict=True):
        document = ctx.documents.get(doc_id)
        at = document.text.find(quote) if document is not None and quote else -1
        paragraph.append(document.line_of(at) if document is not None and at >= 0 else -1)
    keyed = claims.assign(paragraph=paragraph)[
        ["claim_id", "doc", "paragraph", "subject", "measure", "side"]
    ].reset_index(drop=True)
    keys = ["doc", "paragraph", "subject", "measure"]
    # A lone row cannot differ from another: only groups of two or more are aggregated
    # (Python per group; a million claims make hundreds of thousands of lone groups).
    keyed = keyed[(keyed["paragraph"] > 0) & keyed.duplicated(keys, keep=False)]
    grouped = keyed.groupby(keys, as_index=False).agg(
        claim_ids=("claim_id", " ".join),
        sides=("side", lambda s: " ".join(sorted(set(s)))),
        unknown=("side", lambda s: int((s == UNKNOWN).any())),
        explicit=("side", lambda s: s[s != UNKNOWN].nunique()),
    )
    # With no group at all the lambdas leave empty columns typed as (Arrow) strings: as ints.
    explicit, unknown = grouped["explicit"].astype(int), grouped["unknown"].astype(int)
    grouped["explicit_beside_unknown"] = explicit * unknown
    return finish(grouped)


def describe(row: pd.Series, failed: Failed) -> tuple[str, str]:
    return (
        f"{row['subject']} {row['measure']} is recorded with sides {row['sides']} "
        f"in one paragraph (line {row['paragraph']})",
        f"claims {row['claim_ids']}: one row leaves the side unspecified, another states it",
    )
