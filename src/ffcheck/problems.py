"""Problems: why input could not be trusted, as data that presents itself.

A problem is about the input (a file that does not parse, a value outside a
vocabulary, a quote not in the document); a finding is about the document's
content. Problems make ``check`` exit 2; each names file, line and column.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from typing import Any

# code -> title shown to users; the message says what exactly was wrong.
PROBLEM_TITLES = {
    "missing-folder": "Claims folder missing",
    "empty-folder": "No claim tables",
    "unreadable-file": "File cannot be read",
    "encoding": "Not UTF-8",
    "nul-byte": "NUL byte in file",
    "csv-syntax": "CSV syntax error",
    "ragged-row": "Row has the wrong number of fields",
    "missing-column": "Required column missing",
    "unknown-column": "Unknown column",
    "duplicate-column": "Column named twice",
    "empty-table": "Table has no rows",
    "schema": "Value fails a schema check",
    "duplicate-id": "Identifier used twice",
    "unknown-document": "Document not registered",
    "quote-not-found": "Quote not in the document (stale after a revision?)",
    "duplicate-claim": "Figure already claimed",
    "quote-ambiguous": "Quote occurs more than once",
    "figure-not-in-quote": "Figure not in its quote",
    "figure-mismatch": "Figure does not match the row's value",
    "section-mismatch": "Quote stands under another heading",
    "bad-relation": "Relation cannot be checked",
    "bad-suite": "Expectation suite is invalid",
    "bad-review": "Review row is invalid",
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
    def title(self) -> str:
        return PROBLEM_TITLES.get(self.code, self.code)

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        where = ":".join(parts)
        return f"{where} [{self.column}]" if self.column else where

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["title"] = self.title
        return data

    def __str__(self) -> str:
        value = f" (value: {self.value!r})" if self.value not in (None, "") else ""
        return f"{self.location}: {self.title}: {self.message}{value}"


class UserError(Exception):
    """A request that cannot be done as asked; its message is for the user (exit 2)."""
