"""Registering a new revision of a document, and writing the claims a rebase updates.

Both write under the claims folder's lock with an atomic replace (tables/safe_write.py),
as ``add`` and ``review`` do. A revision's text is copied under claims/sources/ with
its checksum in the name, so an earlier revision's file is never overwritten; then
revisions.csv gets the new row, current, and the document's other rows become not
current. Claim rows are replaced in place, keeping the claim id, the other rows' bytes
and the file's line ends.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ffcheck.authoring.appends import NotWritten, read_for_update
from ffcheck.tables.cells import encode_row
from ffcheck.tables.load import CLAIM_COLUMNS, REVISION_COLUMNS, ClaimSet, load_claimset, records
from ffcheck.tables.safe_write import claims_lock, csv_line, read_header, replace_bytes
from ffcheck.validate.claims import validate_claims

SOURCES = "sources"


@dataclass
class Registered:
    revision: str
    path: str  # relative to the claims folder
    sha256: str
    copied: bool  # False when the same bytes were already there


def revision_rows(claimset: ClaimSet, doc: str) -> list[dict[str, str]]:
    """revisions.csv as rows; a document without one gets its documents.csv path as the
    first (then current) revision, so the history starts with the text claims were made on."""
    rows = [{c: str(r.get(c, "")) for c in REVISION_COLUMNS} for r in records(claimset.revisions)]
    if any(r["doc"] == doc for r in rows):
        return rows
    entry = claimset.document_table[claimset.document_table["doc"] == doc].iloc[0]
    raw = (claimset.root / entry["path"]).read_bytes()
    rows.append(
        {
            "doc": doc,
            "revision": "first",
            "path": entry["path"],
            "url": "",
            "retrieved": "",
            "sha256": hashlib.sha256(raw).hexdigest(),
            "current": "yes",
        }
    )
    return rows


def register_revision(
    claimset: ClaimSet,
    doc: str,
    raw: bytes,
    name: str | None = None,
    url: str = "",
    retrieved: str | None = None,
) -> Registered:
    """Copy ``raw`` under claims/sources/ and make it ``doc``'s current revision."""
    sha = hashlib.sha256(raw).hexdigest()
    relative = f"{SOURCES}/{doc}-{sha[:12]}.txt"
    target = claimset.root / relative
    retrieved = retrieved or dt.date.today().isoformat()
    with claims_lock(claimset.root):
        rows = revision_rows(claimset, doc)
        if any(r["doc"] == doc and r["sha256"] == sha and r["current"] == "yes" for r in rows):
            raise NotWritten(f"this text is already the current revision of {doc}")
        copied = False
        if target.exists():
            if hashlib.sha256(target.read_bytes()).hexdigest() != sha:
                raise NotWritten(f"{relative} exists with other content; nothing was changed")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_bytes(target, raw)
            copied = True
        for row in rows:
            if row["doc"] == doc:
                row["current"] = "no"
        revision = name or retrieved
        taken = {r["revision"] for r in rows if r["doc"] == doc}
        if revision in taken:
            revision = f"{revision}-{sha[:8]}"
        rows.append(
            {
                "doc": doc,
                "revision": revision,
                "path": relative,
                "url": url,
                "retrieved": retrieved,
                "sha256": sha,
                "current": "yes",
            }
        )
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, REVISION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        replace_bytes(claimset.root / "revisions.csv", buffer.getvalue().encode("utf-8"))
    return Registered(revision, relative, sha, copied)


def rows_replaced(old: bytes, changes: dict[int, dict[str, str] | None]) -> bytes:
    """The file's bytes with the rows starting on the given lines replaced (a dict of
    cells) or dropped (None); every other line keeps its bytes."""
    text = old.decode("utf-8-sig")
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    terminator = "\r\n" if "\r\n" in text else "\n"
    header = read_header(old)
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    spans: list[tuple[int, int]] = []  # (first line, line after), 1-based
    start = reader.line_num + 1
    for _ in reader:
        spans.append((start, reader.line_num + 1))
        start = reader.line_num + 1
    out: list[str] = lines[: spans[0][0] - 1] if spans else lines
    for first, after in spans:
        if first not in changes:
            out.extend(lines[first - 1 : after - 1])
            continue
        row = changes[first]
        if row is not None:  # free text neutralised as add and review write it
            cells = encode_row(row)
            out.append(csv_line([cells.get(c, "") for c in header], terminator).decode("utf-8"))
    if spans:
        out.extend(lines[spans[-1][1] - 1 :])
    return bom + "".join(out).encode("utf-8")


def updated_claims(
    fresh: ClaimSet, updates: dict[tuple[str, int], dict[str, str] | None]
) -> ClaimSet:
    """The claim set as it will read once ``updates`` are written (rows replaced in place,
    keeping their file and line, or dropped)."""
    claims = fresh.claims
    keep = [
        (f, int(n)) not in updates for f, n in zip(claims["_file"], claims["_line"], strict=True)
    ]
    rows = [
        {**{c: row.get(c, "") for c in CLAIM_COLUMNS}, "_file": shown, "_line": line}
        for (shown, line), row in updates.items()
        if row is not None
    ]
    grown = pd.concat([claims[keep], pd.DataFrame(rows, columns=claims.columns)], ignore_index=True)
    return dataclasses.replace(fresh, claims=grown.astype({c: "str" for c in CLAIM_COLUMNS}))


def write_claim_updates(
    claimset: ClaimSet, updates: dict[tuple[str, int], dict[str, str] | None]
) -> list[str]:
    """Replace or drop claim rows, keyed by (file as shown, line); return the files written.

    As for ``add``: under the lock the folder is read again and the updated rows are
    validated with the schema ``check`` uses; nothing is written unless they pass."""
    by_file: dict[str, dict[int, dict[str, str] | None]] = {}
    for (shown, line), row in updates.items():
        by_file.setdefault(shown, {})[line] = row
    written = []
    with claims_lock(claimset.root):
        fresh = load_claimset(claimset.root)
        changed = {key for key, row in updates.items() if row is not None}
        problems = [
            p
            for p in validate_claims(updated_claims(fresh, updates))
            if (p.file, p.line) in changed and not p.is_warning
        ]
        if problems:
            raise NotWritten("\n".join(str(p) for p in problems))
        for shown, changes in sorted(by_file.items()):
            path = Path(shown)
            old = read_for_update(path, claimset.root)
            replace_bytes(path, rows_replaced(old, changes))
            written.append(shown)
    return written
