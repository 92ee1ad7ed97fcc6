"""The derived tables run unchanged on Spark (local mode) and on DuckDB: same findings.

One ibis expression per derived table (consistency/frames.py): these tests run the
bundled claims and a synthetic corpus with planted contradictions of every rule
(benchmarks/synth.py) on both engines and compare the whole reports. They need Java
and pyspark, as CI has them; without either they fail and say what is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS, ROOT

from ffcheck.consistency.frames import engine_name
from ffcheck.pipeline import run_check

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> str:
    if importlib.util.find_spec("pyspark") is None:
        pytest.fail("pyspark is not installed: pip install -e '.[spark]'")
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin/java").exists()):
        pytest.fail("Spark needs Java 17: apt-get install openjdk-17-jre-headless")
    return "spark"


def _report(claims: Path, engine: str) -> dict:
    """The whole JSON report of one run: findings, skipped records, problems."""
    run = run_check(claims, expectations_dir=EXPECTATIONS, engine=engine)
    return json.loads(json.dumps(run.report.to_dict()))


def test_the_bundled_claims_give_the_same_report_on_spark(spark):
    duckdb = _report(BUNDLED_CLAIMS, "duckdb")
    on_spark = _report(BUNDLED_CLAIMS, spark)
    # Every rule built on the lattice has a finding in the bundled claims, so the
    # comparison covers each expression.
    lattice_rules = {"series-decreases", "sources-disagree", "measure-exceeds-bound"}
    assert lattice_rules <= {f["rule"] for f in duckdb["findings"]}
    assert on_spark["findings"] == duckdb["findings"]
    assert on_spark["skipped"] == duckdb["skipped"]
    assert on_spark == duckdb


def test_a_synthetic_corpus_gives_the_planted_findings_on_both_engines(spark, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate

    generate(10_000, tmp_path)
    planted = json.loads((tmp_path / "planted.json").read_text())
    duckdb = _report(tmp_path, "duckdb")
    on_spark = _report(tmp_path, spark)
    want = sorted((rule, sorted(ids)) for rule, cases in planted.items() for ids in cases if cases)
    found = sorted(
        (f["rule"], sorted(c["claim_id"] for c in f["claims"])) for f in duckdb["findings"]
    )
    assert found == want  # exactly the planted contradictions, one of each rule at 10k
    fingerprints = [f["fingerprint"] for f in duckdb["findings"]]
    assert [f["fingerprint"] for f in on_spark["findings"]] == fingerprints
    assert on_spark == duckdb


def test_the_engine_comes_from_the_option_else_the_environment(monkeypatch):
    monkeypatch.setenv("FFCHECK_ENGINE", "spark")
    assert engine_name(None) == "spark"  # the variable, when no option is given
    assert engine_name("duckdb") == "duckdb"  # the option wins
    monkeypatch.delenv("FFCHECK_ENGINE")
    assert engine_name(None) == "duckdb"  # the embedded default
    with pytest.raises(ValueError, match="unknown engine 'sqlite'"):
        engine_name("sqlite")


LATTICE_RULES = {"series-decreases", "sources-disagree", "measure-exceeds-bound"}


def _where_gx_ran(monkeypatch, engine: str) -> dict[str, str]:
    """Each rule's suite and the kind of frame GX validated: pandas or pyspark."""
    from ffcheck.consistency import engine as rules_engine

    seen: dict[str, str] = {}
    validate = rules_engine.run_suite

    def spy(suite, frame):
        seen[suite.rule] = type(frame).__module__.split(".")[0]
        return validate(suite, frame)

    monkeypatch.setattr(rules_engine, "run_suite", spy)
    run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS, engine=engine)
    return seen


def test_on_spark_gx_validates_the_lattice_tables_as_spark_dataframes(spark, monkeypatch):
    on_spark = _where_gx_ran(monkeypatch, spark)
    # The lattice tables stay on Spark and GX's Spark execution engine reads them; the
    # declared relations' tables are built on this machine, and GX reads them here.
    assert {rule for rule, kind in on_spark.items() if kind == "pyspark"} == LATTICE_RULES
    assert len(on_spark) == 16 and set(on_spark.values()) == {"pyspark", "pandas"}


def test_on_duckdb_gx_validates_every_table_in_pandas(monkeypatch):
    assert set(_where_gx_ran(monkeypatch, "duckdb").values()) == {"pandas"}


def _spark_suite(tmp_path, expectations):
    from ffcheck.consistency.suites import Suite

    return Suite(tmp_path / "sources-disagree.json", {"expectations": expectations})


def test_a_suite_on_a_spark_dataframe_returns_the_failing_row_ids(spark, tmp_path):
    import pandas as pd

    from ffcheck.consistency.frames import spark_session
    from ffcheck.consistency.suites import run_suite

    higher = {
        "type": "expect_column_pair_values_a_to_be_greater_than_b",
        "kwargs": {"column_A": "a", "column_B": "b", "or_equal": True},
    }
    below = {
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "a", "max_value": 4},
    }
    frame = spark_session().createDataFrame(
        pd.DataFrame({"row_id": [0, 1, 2, 3], "a": [2.0, 1.0, 5.0, 3.0], "b": [1.0, 3.0, 4.0, 3.0]})
    )
    result = run_suite(_spark_suite(tmp_path, [higher, below]), frame)
    assert result.problems == []
    # Row 1: 1 < 3 fails a >= b; row 2: 5 is above 4. Row 3 (3 >= 3) passes both.
    assert [(f.expectation, f.row_ids) for f in result.failures] == [
        ("expect_column_pair_values_a_to_be_greater_than_b", [1]),
        ("expect_column_values_to_be_between", [2]),
    ]
    empty = run_suite(_spark_suite(tmp_path, [higher]), frame.filter("row_id < 0"))
    assert (empty.problems, empty.failures) == ([], [])
    missing = run_suite(
        _spark_suite(tmp_path, [below | {"kwargs": {"column": "c", "max_value": 4}}]), frame
    )
    assert "names columns the derived table lacks: ['c']" in missing.problems[0].message


def test_gx_gets_only_the_compared_columns_of_a_spark_dataframe(spark):
    import pandas as pd

    from ffcheck.consistency.frames import spark_session
    from ffcheck.consistency.suites import _only, compared_columns

    written = [
        {
            "type": "expect_column_pair_values_a_to_be_greater_than_b",
            "kwargs": {"column_A": "b_lo", "column_B": "a_hi"},
        }
    ]
    frame = spark_session().createDataFrame(
        pd.DataFrame({"row_id": [0], "a_hi": [1.0], "wide": ["x"], "b_lo": [2.0]})
    )
    # GX profiles every column it gets: the row id and the two compared, in frame order.
    assert _only(frame, compared_columns(written, frame.columns)).columns == [
        "row_id",
        "a_hi",
        "b_lo",
    ]
    # A row condition names its columns inside an expression: all of them, then.
    conditional = [written[0] | {"kwargs": {**written[0]["kwargs"], "row_condition": "x"}}]
    assert compared_columns(conditional, frame.columns) == ["row_id", "a_hi", "wide", "b_lo"]
