"""pandera schema of claims/revisions.csv: each registered revision of a document.

A document has at most one current revision (the text its claims are checked
against); without any row, documents.csv's path is the text. The loader has
already verified each current file's sha256 (tables/load.py).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ffcheck.problems import Problem
from ffcheck.tables.load import ClaimSet
from ffcheck.text.align import context_changes
from ffcheck.text.dates import DATE_PATTERN, is_valid_date

SHA256_PATTERN = r"^[0-9a-f]{64}$"


def revision_schema(claimset: ClaimSet) -> pa.DataFrameSchema:
    docs = sorted(claimset.document_table["doc"]) if not claimset.document_table.empty else [""]
    return pa.DataFrameSchema(
        {
            "doc": pa.Column(str, pa.Check.isin(docs, error="not a document of documents.csv")),
            "revision": pa.Column(str, pa.Check.str_length(min_value=1, error="name it")),
            "path": pa.Column(str, pa.Check.str_length(min_value=1, error="give the file")),
            "url": pa.Column(str),
            "retrieved": pa.Column(
                str,
                [
                    pa.Check.str_matches(DATE_PATTERN, error="YYYY-MM-DD (or empty)"),
                    pa.Check(is_valid_date, error="no such date"),
                ],
            ),
            "sha256": pa.Column(
                str, pa.Check.str_matches(SHA256_PATTERN, error="64 lowercase hex digits")
            ),
            "current": pa.Column(str, pa.Check.isin(["yes", "no"], error="yes or no")),
        },
        strict=False,
    )


def validate_revisions(claimset: ClaimSet) -> list[Problem]:
    """Every problem of revisions.csv, located by line and column; never raises."""
    frame = claimset.revisions
    if frame.empty:
        return []
    problems: set[Problem] = set()
    try:
        revision_schema(claimset).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        for case in errors.failure_cases.itertuples(index=False):
            index = case.index
            if index is None or pd.isna(index) or index not in frame.index:
                continue
            row = frame.loc[index]
            problems.add(
                Problem(
                    str(row["_file"]),
                    int(row["_line"]),
                    str(case.column),
                    "bad-revision",
                    str(case.check),
                    str(row[case.column]) if case.column in row else None,
                )
            )
    current = frame[frame["current"] == "yes"]
    for doc, rows in current.groupby("doc"):
        if len(rows) > 1:
            first = rows.iloc[-1]
            lines = ", ".join(str(n) for n in rows["_line"])
            problems.add(
                Problem(
                    str(first["_file"]),
                    int(first["_line"]),
                    "current",
                    "bad-revision",
                    f"{doc} has {len(rows)} current revisions (lines {lines}); the last one "
                    "is used",
                    "yes",
                )
            )
    return sorted(problems)


def context_problems(claimset: ClaimSet) -> list[Problem]:
    """Warnings for claims whose quote is unchanged since the previous revision while the
    sentence around it gained or lost date or source words."""
    problems = []
    for doc, previous in claimset.previous.items():
        current = claimset.documents.get(doc)
        if current is None:
            continue
        claims = claimset.claims[claimset.claims["doc"] == doc]
        for quote, file, line in zip(
            claims["quote"], claims["_file"], claims["_line"], strict=True
        ):
            found = context_changes(previous, current, quote)
            if found is None:
                continue
            change, sentence = found
            problems.append(
                Problem(
                    str(file),
                    int(line),
                    "quote",
                    "context-changed",
                    f"since the previous revision the words around the quote changed ({change}); "
                    f"the sentence now reads: {sentence!r}",
                )
            )
    return problems
