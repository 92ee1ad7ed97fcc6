"""The engine layer compiles each derived table's SQL once per process
(consistency/frames.py): compiling costs more than running a query on a few hundred
claims, and a second context (a test case, the next file, the second engine of a
benchmark) asks for the same queries."""

from __future__ import annotations

from builders import BUNDLED_CLAIMS, EXPECTATIONS
from ibis.expr import operations

from ffcheck.consistency import frames
from ffcheck.pipeline import run_check


def test_a_second_context_reuses_every_query_of_the_first():
    frames._SQL_BY_EXPRESSION.clear()
    first = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).report
    kept = set(frames._SQL_BY_EXPRESSION)
    second = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).report
    # The lattice rules' queries are kept, and the second run needs no new one: its base
    # tables have the same names and schemas, so its expressions are equal to the first's.
    assert kept, "no query kept"
    assert set(frames._SQL_BY_EXPRESSION) == kept
    assert second.to_dict() == first.to_dict()


def test_no_kept_query_pins_data_in_memory():
    run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS)
    # A query over a memtable would hold its rows for the life of the process.
    assert not any(key.find(operations.InMemoryTable) for key in frames._SQL_BY_EXPRESSION)
