"""Free-text cells written so a spreadsheet does not run them as formulas.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (CSV injection). ffcheck writes such a free-text
value with one leading apostrophe, which spreadsheets show as text, and reading
drops it again, so a quote stays verbatim for verification. For the encoding to
be reversible, a value that itself starts with an apostrophe followed by one of
those characters or by another apostrophe gets one more apostrophe; every other
value (``'Jihadi John'`` included) is written as it is. claims/ENCODING.md says
the same for people who edit the files by hand.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_AFTER_ESCAPE = (*FORMULA_STARTS, ESCAPE)
# The free-text columns of the tables ffcheck writes (claims, reviews).
FREE_TEXT_COLUMNS = ("section", "source", "figure", "quote", "note", "reviewer")


def encode_cell(value: str) -> str:
    """The value as written to CSV: neutralised when a spreadsheet would run it."""
    if value.startswith(FORMULA_STARTS) or (
        value.startswith(ESCAPE) and value[1:].startswith(_AFTER_ESCAPE)
    ):
        return ESCAPE + value
    return value


def decode_cell(value: str) -> str:
    """The value a written cell stands for (inverse of ``encode_cell``)."""
    if value.startswith(ESCAPE) and value[1:].startswith(_AFTER_ESCAPE):
        return value[1:]
    return value


def encode_row(row: dict[str, str]) -> dict[str, str]:
    return {k: encode_cell(v) if k in FREE_TEXT_COLUMNS else v for k, v in row.items()}


def decode_free_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its free-text columns decoded (in place, and returned)."""
    for column in FREE_TEXT_COLUMNS:
        if column in frame.columns and len(frame):
            cells = frame[column]
            escaped = cells.str.startswith(ESCAPE)
            if not escaped.any():  # the common case: no cell starts with an apostrophe
                continue
            escaped &= cells.str[1:2].isin(_AFTER_ESCAPE)
            if escaped.any():
                frame.loc[escaped, column] = cells[escaped].str[1:]
    return frame
