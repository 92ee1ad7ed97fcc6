"""Problems: why input could not be trusted, as data that presents itself.

A problem is about the input (a file that does not parse, a value outside a
vocabulary, a quote not in the document); a finding is about the document's
content. Problems make ``check`` exit 2; each names file, line and column.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """Every kind of input problem. ``CODES`` says how each presents itself."""

    MISSING_FOLDER = "missing-folder"
    EMPTY_FOLDER = "empty-folder"
    UNREADABLE_FILE = "unreadable-file"
    ENCODING = "encoding"
    NUL_BYTE = "nul-byte"
    CSV_SYNTAX = "csv-syntax"
    RAGGED_ROW = "ragged-row"
    MISSING_COLUMN = "missing-column"
    UNKNOWN_COLUMN = "unknown-column"
    DUPLICATE_COLUMN = "duplicate-column"
    EMPTY_TABLE = "empty-table"
    SCHEMA = "schema"
    DUPLICATE_ID = "duplicate-id"
    UNKNOWN_DOCUMENT = "unknown-document"
    QUOTE_NOT_FOUND = "quote-not-found"
    DUPLICATE_CLAIM = "duplicate-claim"
    QUOTE_AMBIGUOUS = "quote-ambiguous"
    FIGURE_NOT_IN_QUOTE = "figure-not-in-quote"
    FIGURE_MISMATCH = "figure-mismatch"
    SECTION_MISMATCH = "section-mismatch"
    BAD_RELATION = "bad-relation"
    BAD_SUITE = "bad-suite"
    BAD_REVIEW = "bad-review"
    DATE_OUTSIDE_FRAME = "date-outside-frame"
    CONTEXT_CHANGED = "context-changed"
    REVISION_MISMATCH = "revision-mismatch"
    BAD_REVISION = "bad-revision"


# Problems worth a look that say nothing wrong about the row's own content: the
# rules still run on the claim, and they alone do not make a run invalid (exit 2).
WARNING_CODES = frozenset({Code.SECTION_MISMATCH, Code.CONTEXT_CHANGED})


@dataclass(frozen=True)
class CodeInfo:
    title: str
    description: str
    hint: str


CODES: dict[Code, CodeInfo] = {
    Code.MISSING_FOLDER: CodeInfo(
        "Claims folder missing",
        "The folder given with --claims does not exist or is not a folder.",
        "pass the folder that holds the claim tables and documents.csv",
    ),
    Code.EMPTY_FOLDER: CodeInfo(
        "No claim tables",
        "The claims folder holds no claim table (*.csv other than the reserved files).",
        "add a claim table, e.g. with ffcheck add",
    ),
    Code.UNREADABLE_FILE: CodeInfo(
        "File cannot be read",
        "The operating system refused to read the file, or it is not a regular file.",
        "check that the path is a regular file inside the project and readable",
    ),
    Code.ENCODING: CodeInfo(
        "Not UTF-8",
        "A byte of the file is not valid UTF-8.",
        "save the file as UTF-8",
    ),
    Code.NUL_BYTE: CodeInfo(
        "NUL byte in file",
        "The file holds a NUL byte, which no text table has.",
        "save the file again as UTF-8 text",
    ),
    Code.CSV_SYNTAX: CodeInfo(
        "CSV syntax error",
        "The file does not parse as CSV (an unclosed quote, say).",
        "close the quoted field or quote the cell that holds a comma",
    ),
    Code.RAGGED_ROW: CodeInfo(
        "Row has the wrong number of fields",
        "A row has more or fewer fields than the header.",
        "quote a cell that holds a comma, or add the missing cells",
    ),
    Code.MISSING_COLUMN: CodeInfo(
        "Required column missing",
        "The header lacks a column the table needs.",
        "add the column to the header (see claims/ENCODING.md)",
    ),
    Code.UNKNOWN_COLUMN: CodeInfo(
        "Unknown column",
        "The header has a column the table does not know.",
        "rename or remove the column",
    ),
    Code.DUPLICATE_COLUMN: CodeInfo(
        "Column named twice",
        "Two columns of the header have the same name.",
        "remove or rename one of them",
    ),
    Code.EMPTY_TABLE: CodeInfo(
        "Table has no rows",
        "The file is empty or holds only a header.",
        "add rows, or delete the file",
    ),
    Code.SCHEMA: CodeInfo(
        "Value fails a schema check",
        "A cell fails the pandera schema of its table.",
        "correct the cell as the message says",
    ),
    Code.DUPLICATE_ID: CodeInfo(
        "Identifier used twice",
        "Two rows share an identifier that must be unique.",
        "give one of the rows another id",
    ),
    Code.UNKNOWN_DOCUMENT: CodeInfo(
        "Document not registered",
        "The row names a document that documents.csv does not list.",
        "register the document in documents.csv or correct the doc column",
    ),
    Code.QUOTE_NOT_FOUND: CodeInfo(
        "Quote not in the document (stale after a revision?)",
        "The quote does not occur verbatim in its document.",
        "copy the quote again from the document (the closest text is shown)",
    ),
    Code.DUPLICATE_CLAIM: CodeInfo(
        "Figure already claimed",
        "Another claim already covers this figure of the text.",
        "edit the existing claim instead of adding a second one",
    ),
    Code.QUOTE_AMBIGUOUS: CodeInfo(
        "Quote occurs more than once",
        "The quote occurs several times in the document, so its place is unknown.",
        "lengthen the quote until it occurs once",
    ),
    Code.FIGURE_NOT_IN_QUOTE: CodeInfo(
        "Figure not in its quote",
        "The figure column is not part of the quote.",
        "copy the figure's words exactly as they stand in the quote",
    ),
    Code.FIGURE_MISMATCH: CodeInfo(
        "Figure does not match the row's value",
        "The bounds or qualifier read from the figure differ from low/high/qualifier.",
        "make low, high and qualifier what the figure says, or give the reason in the "
        "note as 'bounds: <why>'",
    ),
    Code.SECTION_MISMATCH: CodeInfo(
        "Quote stands under another heading",
        "The section column is not the heading the quote stands under.",
        "write the heading the document shows above the quote (the message names it)",
    ),
    Code.BAD_RELATION: CodeInfo(
        "Relation cannot be checked",
        "A row of relations.csv is malformed or names unknown claims.",
        "correct the relation as the message says",
    ),
    Code.BAD_SUITE: CodeInfo(
        "Expectation suite is invalid",
        "A suite under expectations/ cannot be run as written.",
        "correct the suite; only the expectation types and arguments its rule allows are run",
    ),
    Code.BAD_REVIEW: CodeInfo(
        "Review row is invalid",
        "A row of reviews.csv is malformed.",
        "record reviews with ffcheck review rather than by hand",
    ),
    Code.DATE_OUTSIDE_FRAME: CodeInfo(
        "Date outside the document's time frame",
        "A date of the row lies outside frame_start..frame_end of its document, which "
        "claims/documents.csv holds.",
        "correct the date, or, when a new revision covers later events, widen "
        "frame_start/frame_end of the document in claims/documents.csv",
    ),
    Code.CONTEXT_CHANGED: CodeInfo(
        "The quote stands in changed words",
        "The quote is unchanged but the sentence around it gained or lost date or source "
        "words, or its heading changed, so the row may no longer say what the text means.",
        "read the new sentence (shown) and update as_of, source or section if its meaning moved",
    ),
    Code.REVISION_MISMATCH: CodeInfo(
        "Revision file changed since it was registered",
        "The sha256 of a revision's file differs from the one revisions.csv records.",
        "restore the file, or register the edited text as a new revision with ffcheck rebase",
    ),
    Code.BAD_REVISION: CodeInfo(
        "Revision row is invalid",
        "A row of revisions.csv is malformed, or a document has not exactly one current revision.",
        "register revisions with ffcheck rebase rather than by hand",
    ),
}


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    line: int | None
    column: str | None
    code: str
    message: str
    value: str | None = None

    def __post_init__(self) -> None:
        # Only the codes of the enum exist: a typo is a bug, caught where it is made.
        object.__setattr__(self, "code", Code(self.code))

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """File, line, column order; a problem without a line comes first in its file."""
        return (
            self.file,
            -1 if self.line is None else self.line,
            self.column or "",
            self.code,
            self.message,
            self.value or "",
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def is_warning(self) -> bool:
        """A warning is shown but neither blocks the rules nor makes the input invalid."""
        return Code(self.code) in WARNING_CODES

    @property
    def info(self) -> CodeInfo:
        return CODES[Code(self.code)]

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        where = ":".join(parts)
        return f"{where} [{self.column}]" if self.column else where

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["code"] = str(self.code)
        data["title"] = self.title
        data["description"] = self.info.description
        data["hint"] = self.info.hint
        data["severity"] = "warning" if self.is_warning else "error"
        return data

    def __str__(self) -> str:
        value = f" (value: {self.value!r})" if self.value not in (None, "") else ""
        return f"{self.location}: {self.title}: {self.message}{value} (fix: {self.info.hint})"


class UserError(Exception):
    """A request that cannot be done as asked; its message is for the user (exit 2)."""
