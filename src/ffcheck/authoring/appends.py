"""Adding a claim and recording a review: validated like ``check``, written safely."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd

from ffcheck.consistency.reviews import REVIEW_DECISIONS
from ffcheck.problems import Problem, UserError
from ffcheck.tables.load import CLAIM_COLUMNS, REVIEW_COLUMNS, ClaimSet, display_path
from ffcheck.tables.safe_write import (
    claims_lock,
    csv_line,
    read_header,
    replace_bytes,
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

    Returns the claim set with the row, so the caller checks it without loading again."""
    with claims_lock(claimset.root):
        problems = problems_of_new_row(claimset, row, target)
        if problems:
            raise NotWritten("\n".join(str(p) for p in problems))
        old = target.read_bytes() if target.exists() else b""
        header = read_header(old) if old else CLAIM_COLUMNS
        lost = [c for c in CLAIM_COLUMNS if row.get(c) and c not in header]
        if lost:
            raise NotWritten(
                f"{display_path(target)} has no column {', '.join(lost)}: add it to "
                "the header first"
            )
        replace_bytes(target, with_row_appended(old, header, row))
    return with_new_row(claimset, row, target)[0]


def record_review(
    root: Path,
    fingerprint: str,
    decision: str,
    note: str,
    reviewer: str,
    date: str | None = None,
    replace: bool = False,
) -> str:
    """Add (or with ``replace``, change) the review of one finding; return what was done."""
    if decision not in REVIEW_DECISIONS:
        raise NotWritten(f"decision must be one of {', '.join(sorted(REVIEW_DECISIONS))}")
    path = root / "reviews.csv"
    row = {
        "fingerprint": fingerprint,
        "decision": decision,
        "note": note,
        "reviewer": reviewer,
        "date": date or dt.date.today().isoformat(),
    }
    with claims_lock(root):
        old = path.read_bytes() if path.exists() else b""
        header = read_header(old) if old else REVIEW_COLUMNS
        lines = old.splitlines(keepends=True)
        index = next(
            (
                i
                for i, line in enumerate(lines[1:], start=1)
                if line.decode("utf-8", "replace").split(",", 1)[0] == fingerprint
            ),
            None,
        )
        if index is not None and not replace:
            raise NotWritten(
                f"finding {fingerprint} is already reviewed "
                f"({display_path(path)}:{index + 1}); use --replace to change it"
            )
        if index is None:
            replace_bytes(path, with_row_appended(old, header, row))
            return "added"
        # Swap that one line; every other line keeps its bytes.
        terminator = "\r\n" if lines[index].endswith(b"\r\n") else "\n"
        lines[index] = csv_line([row.get(c, "") for c in header], terminator)
        replace_bytes(path, b"".join(lines))
        return "replaced"
