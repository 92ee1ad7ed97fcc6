"""Reading a table with Arrow gives exactly what Python's strict CSV reader gives.

``read_table`` locates every row with Python's strict CSV reader and, when that finds
no problem in a large table, takes the cells from Arrow (no Python string per cell);
here every table counts as large. Each case here is
read both ways, Arrow's way and with Arrow turned off, and must give the same frame
(cells, dtypes, ``_line``) and the same problems.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from ffcheck.tables import load
from ffcheck.tables.load import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, read_table

ROOT = Path(__file__).resolve().parents[1]
HEADER = "a,b,note"
CASES = {
    "plain": "a,b,note\n1,2,x\n3,4,y\n",
    "no final newline": "a,b,note\n1,2,x\n3,4,y",
    "crlf": "a,b,note\r\n1,2,x\r\n3,4,y\r\n",
    "cr only": "a,b,note\r1,2,x\r3,4,y\r",
    "bom": "\ufeffa,b,note\n1,2,x\n",
    "newline in a quoted cell": 'a,b,note\n1,"two\nlines",x\n3,4,y\n',
    "crlf in a quoted cell": 'a,b,note\r\n1,"two\r\nlines",x\r\n3,4,y\r\n',
    "cr in a quoted cell": 'a,b,note\n1,"two\rlines",x\n3,4,y\n',
    "blank lines between rows": "a,b,note\n1,2,x\n\n\n3,4,y\n\n",
    "blank line after the header": "a,b,note\n\n1,2,x\n",
    "quote inside an unquoted cell": 'a,b,note\nx"y,2,z\n',
    "doubled quotes": 'a,b,note\n"say ""hi""",2,"a,b"\n',
    "empty cells": "a,b,note\n,,\n1,,\n",
    "header with spaces": " a , b ,note\n1,2,x\n",
    "header only": "a,b,note\n",
    "formula neutralised": "a,b,note\n1,2,'=SUM(A1)\n1,2,''=x\n1,2,'Jihadi John'\n",
    "non-ascii": "a,b,note\nÉire,ü,中文\n",
    "ragged rows": "a,b,note\n1,2\n3,4,5,6\n7,8,9\n",
    "whitespace-only line": "a,b,note\n1,2,x\n   \n3,4,y\n",
    "text after a closing quote": 'a,b,note\n"x"y,2,z\n3,4,5\n',
    "space after a closing quote": 'a,b,note\n"x" ,2,z\n',
    "unclosed quote": 'a,b,note\n1,"2,z\n3,4,5\n',
    "quoted newline then a bad row": 'a,b,note\n1,"2\n",z\n3,4\n',
    "a lone quoted empty cell line": 'a,b,note\n""\n1,2,3\n',
    "quotes inside unquoted cells": 'a,b,note\nx""y,ab",z\n',
    "a quoted lone quote and empty": '"a",b,note\n"""",,""\n',
    "tab and formula starts": "a,b,note\n\tx,+1,-2\n",
}


@pytest.fixture(autouse=True)
def arrow_for_every_size(monkeypatch):
    monkeypatch.setattr(load, "ARROW_FROM_BYTES", 0)


def read_both(path: Path, columns: list[str], optional: set[str], monkeypatch) -> tuple:
    arrow = read_table(path, columns, optional, root=path.parent)
    with monkeypatch.context() as patched:
        patched.setattr(load, "_arrow_frame", lambda *_: None)
        python = read_table(path, columns, optional, root=path.parent)
    return arrow, python


def assert_same(arrow: tuple, python: tuple) -> None:
    (arrow_frame, arrow_problems), (python_frame, python_problems) = arrow, python
    pd.testing.assert_frame_equal(arrow_frame, python_frame)
    assert arrow_problems == python_problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_arrow_reads_as_python_does(tmp_path, monkeypatch, name):
    path = tmp_path / "t.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    assert_same(*read_both(path, ["a", "b", "note"], {"note"}, monkeypatch))


def test_rows_spanning_lines_keep_the_line_they_start_on(tmp_path):
    # the second row starts on line 4: its first cell spans lines 2-3; blank line 5 is skipped
    path = tmp_path / "t.csv"
    path.write_text('a,b,note\n"x\ny",2,z\n3,4,y\n\n5,6,w\n', encoding="utf-8")
    frame, problems = read_table(path, ["a", "b", "note"], root=tmp_path)
    assert frame["_line"].tolist() == [2, 4, 6] and problems == []
    assert frame["a"].tolist() == ["x\ny", "3", "5"]


CORPUS_TABLES = sorted((ROOT / "tests" / "corpus").rglob("*.csv"))


def own_header(path: Path) -> list[str]:
    """The columns the file's first line names (so that its rows are read, not refused)."""
    first = path.read_bytes().decode("utf-8-sig", "replace").splitlines()[:1]
    return [name.strip() for name in next(csv.reader(first), [])] or CLAIM_COLUMNS


@pytest.mark.parametrize("path", CORPUS_TABLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_arrow_reads_the_bad_input_corpus_as_python_does(monkeypatch, path):
    assert_same(*read_both(path, own_header(path), OPTIONAL_CLAIM_COLUMNS, monkeypatch))


@pytest.mark.parametrize("name", ["plain", "crlf in a quoted cell", "blank lines between rows"])
def test_a_sound_table_is_read_by_arrow(tmp_path, monkeypatch, name):
    # otherwise the comparisons above would compare Python's reading with itself
    used = []
    arrow_frame = load._arrow_frame
    monkeypatch.setattr(load, "_arrow_frame", lambda *a: used.append(arrow_frame(*a)) or used[-1])
    path = tmp_path / "t.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    read_table(path, ["a", "b", "note"], root=tmp_path)
    assert len(used) == 1 and used[0] is not None
