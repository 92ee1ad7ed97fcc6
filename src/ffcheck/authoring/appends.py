"""Adding a claim and recording a review: validated like ``check``, written safely."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
from pathlib import Path

import pandas as pd

from ffcheck.consistency.findings import Report
from ffcheck.consistency.reviews import attach_reviews
from ffcheck.problems import Problem, UserError
from ffcheck.tables.load import (
    CLAIM_COLUMNS,
    OPTIONAL_TABLE_COLUMNS,
    RESERVED_FILES,
    REVIEW_COLUMNS,
    ClaimSet,
    display_path,
    load_claimset,
    read_table,
)
from ffcheck.tables.paths import read_inside
from ffcheck.tables.safe_write import (
    claims_lock,
    read_header,
    replace_bytes,
    table_records,
    with_records_replaced,
    with_row_appended,
)
from ffcheck.text.document import figure_spans
from ffcheck.validate.claims import validate_claims


class NotWritten(UserError):
    """Why a claim or review was not written (shown to the user, exit 2)."""


def with_new_row(claimset: ClaimSet, row: dict[str, str], target: Path) -> tuple[ClaimSet, int]:
    """The claim set with ``row`` appended in memory, and the line it will have in ``target``."""
    shown = display_path(target)
    existing = claimset.claims
    line = (
        int(existing.loc[existing["_file"] == shown, "_line"].max() or 1) + 1
        if (existing["_file"] == shown).any()
        else 2
    )
    new = pd.DataFrame(
        [{**{c: row.get(c, "") for c in CLAIM_COLUMNS}, "_file": shown, "_line": line}]
    ).astype({c: "str" for c in CLAIM_COLUMNS})
    claims = pd.concat([existing, new], ignore_index=True)
    return dataclasses.replace(claimset, claims=claims), line


def problems_of_new_row(claimset: ClaimSet, row: dict[str, str], target: Path) -> list[Problem]:
    """Validate ``row`` with the same schema as ``check``, among all existing claims."""
    shown = display_path(target)
    existing = claimset.claims
    grown, line = with_new_row(claimset, row, target)
    problems = validate_claims(grown)
    mine = [p for p in problems if (p.file, p.line) == (shown, line)]
    # The same figure of the text, whatever the quote around it: already a claim.
    taken = figure_spans(existing[existing["doc"] == row["doc"]], claimset.documents)
    new = figure_spans(pd.DataFrame([{**row, "claim_id": "(new)"}]), claimset.documents)
    for start, end, _ in new:
        for other_start, other_end, other_id in taken:
            if start >= other_end or other_start >= end:
                continue
            first = existing[existing["claim_id"] == other_id].iloc[0]
            where = f"{first['_file']}:{first['_line']}"
            message = f"this figure of the text is already claim {first['claim_id']} ({where})"
            mine.append(Problem(shown, line, "figure", "duplicate-claim", message, row["figure"]))
            break
    return mine


def append_claim(claimset: ClaimSet, row: dict[str, str], target: Path) -> ClaimSet:
    """Append ``row`` to ``target`` under the folder's lock; refuse what does not validate.

    The claim set is read again under the lock, so a row another writer added
    meanwhile (the same figure, the same id) is seen. Returns the claim set with
    the row, so the caller checks it without loading again."""
    if (
        os.path.realpath(target.parent) != os.path.realpath(claimset.root)
        or target.suffix != ".csv"
        or target.name in RESERVED_FILES
    ):
        raise NotWritten(
            f"{display_path(target)}: a claim table is a *.csv file directly in "
            f"{display_path(claimset.root)} (not documents, relations, reviews or coverage_ignore)"
        )
    with claims_lock(claimset.root):
        fresh = load_claimset(claimset.root)
        if fresh.problems:
            raise NotWritten("\n".join(str(p) for p in fresh.problems))
        problems = problems_of_new_row(fresh, row, target)
        if problems:
            raise NotWritten("\n".join(str(p) for p in problems))
        old = read_for_update(target, claimset.root)
        header = read_header(old) if old else CLAIM_COLUMNS
        lost = [c for c in CLAIM_COLUMNS if row.get(c) and c not in header]
        if lost:
            raise NotWritten(
                f"{display_path(target)} has no column {', '.join(lost)}: add it to "
                "the header first"
            )
        replace_bytes(target, with_row_appended(old, header, row))
    return with_new_row(fresh, row, target)[0]


def read_for_update(path: Path, root: Path) -> bytes:
    """The current bytes of a table about to be rewritten (b"" for a new one), read with
    the loader's safety rules (inside ``root``, a regular file, bounded size)."""
    if not os.path.lexists(path):
        return b""
    data, why = read_inside(path, root)
    if data is None:
        raise NotWritten(f"{display_path(path)}: {why}")
    return data


def review_problems(path: Path, row: dict[str, str]) -> list[Problem]:
    """What ``check`` would say of ``row`` as a line of reviews.csv (format, decision)."""
    frame = pd.DataFrame([{**row, "_file": display_path(path), "_line": 0}])
    return attach_reviews(Report([], 0, 0, []), frame)


def record_review(
    root: Path,
    fingerprint: str,
    decision: str,
    note: str,
    reviewer: str,
    date: str | None = None,
    replace: bool = False,
) -> str:
    """Add (or with ``replace``, change) the review of one finding; return what was done.

    Under the lock, reviews.csv is read again and must be one that ``check``
    accepts (its header above all), and the new row must be too."""
    path = root / "reviews.csv"
    row = {
        "fingerprint": fingerprint,
        "decision": decision,
        "note": note,
        "reviewer": reviewer,
        "date": date or dt.date.today().isoformat(),
    }
    bad = review_problems(path, row)
    if bad:
        raise NotWritten("\n".join(f"{p.column}: {p.message} (value: {p.value!r})" for p in bad))
    with claims_lock(root):
        old = read_for_update(path, root)
        if old:
            _, problems = read_table(path, REVIEW_COLUMNS, OPTIONAL_TABLE_COLUMNS, root=root)
            if problems:
                raise NotWritten("\n".join(str(p) for p in problems))
        try:
            header, records = table_records(old) if old else (REVIEW_COLUMNS, [])
        except csv.Error as exc:
            raise NotWritten(f"{display_path(path)}: {exc}; correct it first") from None
        lost = [c for c in REVIEW_COLUMNS if row.get(c) and c not in header]
        if lost:
            raise NotWritten(f"{display_path(path)} has no column {', '.join(lost)}")
        found = [r for r in records if r.cells.get("fingerprint") == fingerprint]
        if found and not replace:
            raise NotWritten(
                f"finding {fingerprint} is already reviewed "
                f"({display_path(path)}:{found[0].line}); use --replace to change it"
            )
        if not found:
            replace_bytes(path, with_row_appended(old, header, row))
            return "added"
        replace_bytes(path, with_records_replaced(old, header, {found[0].line: row}))
        return "replaced"
