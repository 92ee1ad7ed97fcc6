"""Read a claims folder into tables that remember where each row came from.

Every table gets ``_file`` (path as shown to users) and ``_line`` (the CSV line
where the row starts). Reading never raises on bad data: it returns problems.
"""

from __future__ import annotations

import array
import codecs
import csv
import dataclasses
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ffcheck.problems import Problem
from ffcheck.tables.cells import decode_free_text
from ffcheck.tables.paths import display_path as display_path
from ffcheck.tables.paths import is_inside, read_inside
from ffcheck.text.document import Document

CLAIM_COLUMNS = [
    "claim_id",
    "doc",
    "section",
    "subject",
    "side",
    "group",
    "cohort",
    "measure",
    "scope",
    "low",
    "high",
    "qualifier",
    "unit",
    "as_of",
    "period_start",
    "period_end",
    "source",
    "figure",
    "quote",
    "note",
]
OPTIONAL_CLAIM_COLUMNS = {"group", "cohort", "scope", "period_start", "period_end", "note"}
RELATION_COLUMNS = ["relation_id", "kind", "claims", "complete", "formula", "note"]
REVIEW_COLUMNS = ["fingerprint", "decision", "note", "reviewer", "date"]
DOCUMENT_COLUMNS = ["doc", "path", "title", "licence", "frame_start", "frame_end"]
VOCABULARIES = {
    "subjects": ["subject", "name", "kind", "parent"],
    "region_members": ["region", "member"],
    "sides": ["side", "parent", "kind", "description"],
    "measures": ["measure", "cumulative", "bounded_by", "description"],
    "units": ["unit", "kind", "precision", "description"],
    "qualifiers": [
        "qualifier",
        "needs_low",
        "needs_high",
        "widen_low",
        "widen_high",
        "description",
    ],
    "cohorts": ["cohort", "parent", "description"],
    "groups": ["group", "side", "description"],
    "phrases": ["phrase", "kind", "low", "high", "description"],
}
# A table this large has its cells read by Arrow (see _arrow_frame); below, Arrow's
# overhead per file costs more than Python's strings.
ARROW_FROM_BYTES = 256 * 1024
# Columns the optional tables (relations, reviews, coverage_ignore) may leave out.
OPTIONAL_TABLE_COLUMNS = frozenset({"note", "formula", "reviewer", "line"})
RESERVED_FILES = {
    "documents.csv",
    "relations.csv",
    "reviews.csv",
    "coverage_ignore.csv",
    "revisions.csv",
}
# Keyed by the words around the number, not by line: a revision that moves the text
# keeps every entry. "line" is read from older files and ignored.
COVERAGE_IGNORE_COLUMNS = ["doc", "number", "context", "reason", "line"]
# Each revision of a document: the current one is the text claims are checked against.
REVISION_COLUMNS = ["doc", "revision", "path", "url", "retrieved", "sha256", "current"]
# Word lists for `propose`: a claims folder may leave them out.
OPTIONAL_VOCABULARIES = {
    "aliases": ["alias", "field", "value"],
    "measure_words": ["word", "measure", "role"],
    "unit_words": ["word", "unit"],
}


@dataclass
class ClaimSet:
    """Everything under one claims folder."""

    root: Path
    claims: pd.DataFrame
    documents: dict[str, Document] = field(default_factory=dict)
    document_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    vocab: dict[str, pd.DataFrame] = field(default_factory=dict)
    relations: pd.DataFrame = field(default_factory=pd.DataFrame)
    reviews: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage_ignore: pd.DataFrame = field(default_factory=pd.DataFrame)
    revisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Each document's revision before the current one (when registered), to tell
    # what a revision changed around each claim.
    previous: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class Row(dict):  # type: ignore[type-arg]
    """A table row whose cells read as attributes (``row.doc``, ``row._line``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def records(frame: pd.DataFrame) -> list[Row]:
    """Rows as attribute dicts; unlike itertuples, keeps ``_file`` and ``_line``."""
    return [Row(r) for r in frame.to_dict("records")]


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                "nul-byte",
                "the file holds a NUL byte; save it again as UTF-8 text",
            )
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                "encoding",
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not "
                "UTF-8; save the file as UTF-8",
            )
        ]


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _with_column(problem: Problem, raw: bytes) -> Problem:
    """An encoding problem of a table, told which column holds the first bad byte
    (when the header itself reads as UTF-8)."""
    if problem.code != "encoding":
        return problem
    text = raw.decode("utf-8-sig", "surrogateescape")
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, [])
        if any(_ESCAPED_BYTE.search(name) for name in header):
            return dataclasses.replace(problem, column="(header)")
        for row in rows:
            for index, cell in enumerate(row):
                if _ESCAPED_BYTE.search(cell):
                    name = header[index].strip() if index < len(header) else None
                    return dataclasses.replace(problem, column=name)
    except csv.Error:
        pass
    return problem


def read_table(
    path: Path,
    columns: list[str],
    optional: frozenset[str] | set[str] = frozenset(),
    allow_extra: bool = False,
    root: Path | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one CSV strictly: every cell a string, every row located by line.

    The file must lie inside ``root`` (default: its own folder), see ``read_inside``;
    free-text cells lose the apostrophe that neutralised a formula prefix. Python's
    strict CSV reader decides what the rows are and where they start; a large table
    without a problem then has its cells read by Arrow (same cells, no Python string
    per cell, tests/test_load_engines.py)."""
    shown = display_path(path)
    empty = pd.DataFrame(columns=[*columns, "_file", "_line"], dtype="str")
    raw, why = read_inside(path, root or path.parent)
    if raw is None:
        return empty, [Problem(shown, None, None, "unreadable-file", why)]
    text, problems = _decode(raw, shown)
    if text is None:
        return empty, [_with_column(p, raw) for p in problems]
    reader = _reader(text)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return empty, [Problem(shown, reader.line_num, None, "csv-syntax", str(exc))]
    if not header:
        return empty, [
            Problem(
                shown,
                1,
                None,
                "empty-table",
                f"the file is empty; expected a header: {','.join(columns)}",
            )
        ]
    header = [h.strip() for h in header]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(
                Problem(shown, 1, name, "duplicate-column", "the header names this column twice")
            )
        seen.add(name)
    missing = [c for c in columns if c not in seen and c not in optional]
    problems += [
        Problem(shown, 1, c, "missing-column", "add this column to the header") for c in missing
    ]
    if not allow_extra:
        problems += [
            Problem(shown, 1, c, "unknown-column", f"not one of: {', '.join(columns)}")
            for c in header
            if c not in columns
        ]
    if problems:
        return empty, problems
    if reader.line_num == 1 and len(raw) >= ARROW_FROM_BYTES:  # the rows may be read by Arrow
        lines, problems = _located_rows(reader, len(header), shown, None)
        frame = None if problems else _arrow_frame(raw, len(header), len(lines))
        if frame is not None:
            frame.columns = header
            return _finish(frame, columns, shown, lines), problems
        reader = _reader(text)
        next(reader)
    rows: list[list[str]] = []
    lines, problems = _located_rows(reader, len(header), shown, rows)
    return _finish(pd.DataFrame(rows, columns=header, dtype="str"), columns, shown, lines), problems


def _reader(text: str) -> Any:
    return csv.reader(
        io.StringIO(text, newline=""), delimiter=",", quotechar='"', doublequote=True, strict=True
    )


def _located_rows(
    reader: Any, width: int, shown: str, rows: list[list[str]] | None
) -> tuple[array.array[int], list[Problem]]:
    """The line where each row starts and the problems of the rows (ragged rows, CSV
    syntax); the rows themselves are kept in ``rows`` unless it is None."""
    problems: list[Problem] = []
    lines: array.array[int] = array.array("q")
    start = reader.line_num + 1
    try:
        for row in reader:
            if row and len(row) != width:
                problems.append(
                    Problem(
                        shown,
                        start,
                        None,
                        "ragged-row",
                        f"{len(row)} fields where the header has {width}",
                    )
                )
            elif row:
                if rows is not None:
                    rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(
            Problem(
                shown,
                start,
                None,
                "csv-syntax",
                f"{exc} (an unclosed quote runs to the end of the file?)",
            )
        )
    return lines, problems


def _arrow_frame(raw: bytes, width: int, rows: int) -> pd.DataFrame | None:
    """The rows of a table that Python's strict CSV reader read without a problem,
    parsed again by Arrow into Arrow-backed strings (no Python string per cell);
    None if Arrow does not read exactly as many rows."""
    import pyarrow as pa
    import pyarrow.csv as arrow_csv

    names = [f"column{i}" for i in range(width)]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(raw.removeprefix(codecs.BOM_UTF8)),
            read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    if table.num_rows != rows:
        return None
    text_type = pd.api.types.pandas_dtype("str")
    return table.to_pandas(types_mapper={pa.string(): text_type}.get)


def _finish(
    frame: pd.DataFrame, columns: list[str], shown: str, lines: array.array[int]
) -> pd.DataFrame:
    """The table in ``columns`` order (an optional column left out reads as empty),
    free text decoded, each row located."""
    for name in columns:
        if name not in frame.columns:
            frame[name] = ""
    frame = decode_free_text(frame[columns].copy())
    frame["_file"] = shown
    frame["_line"] = pd.array(np.frombuffer(lines, dtype=np.int64), dtype="int64")
    return frame


def claim_table_paths(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*.csv") if p.name not in RESERVED_FILES)


def current_revisions(revisions: pd.DataFrame) -> dict[str, Row]:
    """Each document's current revision row (the last one marked current wins; the
    schema reports a document with several)."""
    current: dict[str, Row] = {}
    for row in records(revisions):
        if str(row.current).strip().lower() == "yes":
            current[row.doc] = row
    return current


def load_previous(
    root: Path, revisions: pd.DataFrame, documents: dict[str, Document]
) -> dict[str, Document]:
    """The revision registered just before each document's current one, when its file is
    still there (a missing or unreadable one only means no comparison is made)."""
    previous: dict[str, Document] = {}
    current = current_revisions(revisions)
    for doc, now in current.items():
        earlier = [
            r
            for r in records(revisions)
            if r.doc == doc and r._line < now._line and str(r.current).strip() == "no"
        ]
        if not earlier or doc not in documents:
            continue
        path = root / str(earlier[-1].path)
        raw, _ = read_inside(path, root)  # inside the folder, regular, bounded, or skipped
        if raw is None:
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        old = documents[doc]
        previous[doc] = Document(doc, old.title, text, display_path(path), old.licence)
    return previous


def load_documents(
    root: Path, table: pd.DataFrame, revisions: pd.DataFrame | None = None
) -> tuple[dict[str, Document], list[Problem]]:
    """Read each document's text: its current revision's file when revisions.csv names
    one (its sha256 verified), else the path in documents.csv."""
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    current = current_revisions(revisions if revisions is not None else pd.DataFrame())
    real_root = os.path.realpath(root)  # resolved once for all the documents
    for row in records(table):
        if row.doc in seen:
            problems.append(
                Problem(
                    row._file, row._line, "doc", "duplicate-id", "document id used twice", row.doc
                )
            )
            continue
        seen.add(row.doc)
        where = current.get(row.doc, row)
        path = root / str(where.path)

        def unreadable(why: str, where: Row = where) -> Problem:
            return Problem(where._file, where._line, "path", "unreadable-file", why, where.path)

        if not is_inside(path, root, real_root):
            problems.append(unreadable("the document must lie inside the claims folder"))
            continue
        shown = display_path(path)
        raw, why = read_inside(path, root, real_root=real_root)
        if raw is None:
            problems.append(unreadable(why))
            continue
        if where is not row and hashlib.sha256(raw).hexdigest() != str(where.sha256):
            problems.append(
                Problem(
                    where._file,
                    where._line,
                    "sha256",
                    "revision-mismatch",
                    f"{shown} has sha256 {hashlib.sha256(raw).hexdigest()[:12]}…, "
                    "not the one registered",
                    str(where.sha256),
                )
            )
        text, bad = _decode(raw, shown)
        problems += bad
        if text is not None and not text.strip():
            problems.append(Problem(shown, None, None, "empty-table", "the document is empty"))
        elif text is not None:
            documents[row.doc] = Document(row.doc, row.title, text, shown, row.licence)
    return documents, problems


def load_claimset(root: Path) -> ClaimSet:
    """Read every table under ``root``; problems are collected, never raised."""
    root = Path(root)
    shown = display_path(root)
    if not root.is_dir():
        why = (
            f"not a folder: a file; pass the folder that holds it ({display_path(root.parent)})"
            if root.exists()
            else "no such folder"
        )
        problem = Problem(shown, None, None, "missing-folder", why)
        return ClaimSet(root, pd.DataFrame(columns=CLAIM_COLUMNS), problems=[problem])
    problems: list[Problem] = []
    doc_table, bad = read_table(root / "documents.csv", DOCUMENT_COLUMNS, root=root)
    problems += bad
    revisions = pd.DataFrame(columns=[*REVISION_COLUMNS, "_file", "_line"], dtype="str")
    if os.path.lexists(root / "revisions.csv"):
        revisions, bad = read_table(root / "revisions.csv", REVISION_COLUMNS, {"url"}, root=root)
        problems += bad
    documents, bad = load_documents(root, doc_table, revisions)
    problems += bad
    vocab: dict[str, pd.DataFrame] = {}
    for name, cols in VOCABULARIES.items():
        vocab[name], bad = read_table(root / "vocab" / f"{name}.csv", cols, root=root)
        problems += bad
    for name, cols in OPTIONAL_VOCABULARIES.items():
        if os.path.lexists(root / "vocab" / f"{name}.csv"):
            vocab[name], bad = read_table(root / "vocab" / f"{name}.csv", cols, root=root)
            problems += bad
    frames = []
    paths = claim_table_paths(root)
    for path in paths:
        if not is_inside(path, root) or path.is_symlink():
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    None,
                    "unreadable-file",
                    "claim tables must be regular files inside the claims folder, not links",
                )
            )
            continue
        frame, bad = read_table(path, CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, root=root)
        if not bad and frame.empty:
            bad = [
                Problem(
                    display_path(path),
                    1,
                    None,
                    "empty-table",
                    "the table has a header but no rows; add claims or remove the file",
                )
            ]
        problems += bad
        frames.append(frame)
    if not paths:
        problems.append(
            Problem(
                shown, None, None, "empty-folder", "no claim tables (*.csv) in the claims folder"
            )
        )
    claims = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=[*CLAIM_COLUMNS, "_file", "_line"], dtype="str")
    )
    claims["cohort"] = claims["cohort"].mask(claims["cohort"] == "", "all")
    optional_tables = {}
    for name, cols in (
        ("relations", RELATION_COLUMNS),
        ("reviews", REVIEW_COLUMNS),
        ("coverage_ignore", COVERAGE_IGNORE_COLUMNS),
    ):
        path = root / f"{name}.csv"
        if os.path.lexists(path):
            optional_tables[name], bad = read_table(path, cols, OPTIONAL_TABLE_COLUMNS, root=root)
            problems += bad
        else:
            optional_tables[name] = pd.DataFrame(columns=[*cols, "_file", "_line"], dtype="str")
    return ClaimSet(
        root=root,
        claims=claims,
        documents=documents,
        document_table=doc_table,
        revisions=revisions,
        previous=load_previous(root, revisions, documents),
        vocab=vocab,
        problems=problems,
        files=[display_path(p) for p in paths],
        **optional_tables,
    )
