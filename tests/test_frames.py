"""The engine layer compiles each derived table's SQL once per process
(consistency/frames.py): compiling costs more than running a query on a few hundred
claims, and a second context (a test case, the next file, the second engine of a
benchmark) asks for the same queries."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest
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


def test_a_rules_held_tables_are_dropped_once_its_suite_has_run():
    ctx = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).context
    held = ctx.frames.con.raw_sql(
        "SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY table_name"
    ).fetchall()
    # sources-disagree and measure-exceeds-bound each hold a table their derived table
    # reads (sources_sizes, bounded_pairs): dropped after GX read it. What stays is the
    # context's: the base tables (claims and vocabularies) and the lattice pairs the rules
    # share.
    assert [name for (name,) in held] == [
        "ffcheck_claims",
        "ffcheck_ladder_cohort",
        "ffcheck_ladder_group",
        "ffcheck_ladder_side",
        "ffcheck_ladder_subject",
        "ffcheck_measure_bounds",
        "ffcheck_pairs_0",
        "ffcheck_subject_kinds",
    ]


def test_base_tables_are_copied_into_duckdb_not_viewed_from_python():
    base = frames.Frames("duckdb")
    claims = pd.DataFrame({"claim_id": ["a", "b"], "lo": [1.0, 2.0]})
    table = base.table("claims", lambda: claims)
    listed = base.con.raw_sql(
        "SELECT table_name, temporary FROM duckdb_tables() WHERE table_name = 'ffcheck_claims'"
    ).fetchall()
    # A table of DuckDB's own (temporary, compressed), not a view over an Arrow copy of
    # the frame that Python would keep for the life of the connection.
    assert listed == [("ffcheck_claims", True)]
    assert base.to_pandas(table.order_by("claim_id"))["lo"].tolist() == [1.0, 2.0]


def test_duckdb_memory_is_capped_and_spills_to_a_directory_of_its_own(monkeypatch):
    monkeypatch.setenv(frames.DUCKDB_MEMORY_VARIABLE, "300MB")
    con = frames.Frames("duckdb").con
    limit, spill = con.raw_sql(
        "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
    ).fetchone()
    assert limit == "286.1 MiB"  # 300 MB (10^6 bytes each) as DuckDB prints it
    assert Path(spill).name.startswith("ffcheck-duckdb-") and Path(spill).is_dir()
    del con
    gc.collect()
    assert not Path(spill).exists()  # removed with its connection, not only at exit


def test_duckdb_memory_is_sized_by_the_claims_between_a_floor_and_a_share_of_the_machine(
    monkeypatch,
):
    monkeypatch.delenv(frames.DUCKDB_MEMORY_VARIABLE, raising=False)
    sizes = {"SC_PHYS_PAGES": 6 * 2**20, "SC_PAGE_SIZE": 4096}  # a 24 GiB machine
    monkeypatch.setattr(frames.os, "sysconf", sizes.__getitem__)
    assert frames.duckdb_memory_limit(302) == "768MiB"  # the floor
    assert frames.duckdb_memory_limit(2_000_000) == "1464MiB"  # 768 bytes each
    assert frames.duckdb_memory_limit(10_000_000) == "4915MiB"  # a fifth of 24 GiB


@pytest.mark.parametrize("limit", ["lots", "1GB'; SELECT 1; --", "-1GB", "1 PB"])
def test_a_memory_cap_that_is_not_a_size_is_refused(monkeypatch, limit):
    monkeypatch.setenv(frames.DUCKDB_MEMORY_VARIABLE, limit)
    with pytest.raises(ValueError, match="FFCHECK_DUCKDB_MEMORY"):
        frames.duckdb_memory_limit()
