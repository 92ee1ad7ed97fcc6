"""What ``ffcheck add`` proposes for a new claim, read from the document itself.

Given a quote, it finds where the quote stands (its section and line), the
figures inside it with their qualifier words (the one figure grammar of
``text/numbers.py``), a readable id and the claim table the row belongs in.
The other fields are guessed by ``propose.py``'s readers; the user confirms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ffcheck.authoring.readers import vague_bands
from ffcheck.problems import UserError
from ffcheck.tables.load import ClaimSet
from ffcheck.text.document import Document
from ffcheck.text.numbers import Figure, VagueBands, find_figures, stated_qualifier
from ffcheck.text.quotes import closest_match


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


def figures_in(quote: str, vague: VagueBands | None = None) -> list[tuple[str, Figure]]:
    """Candidate figures of a quote, read by the one figure grammar (numbers.py)."""
    return [(span.text, span.figure) for span in find_figures(quote, vague)]


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
    return Proposal(
        doc=document.doc_id,
        quote=quote,
        offset=at,
        line=document.line_of(at),
        section=section,
        figures=figures_in(quote, vague_bands(claimset.vocab)),
        target=target_file(claimset, section),
    )


def bounds_of(figure: Figure, qualifier: str | None) -> dict[str, str]:
    def text(value: float | None) -> str:
        return "" if value is None else (f"{value:.0f}" if value.is_integer() else f"{value:g}")

    return {
        "low": text(figure.low),
        "high": text(figure.high),
        "qualifier": qualifier or stated_qualifier(figure),
    }
