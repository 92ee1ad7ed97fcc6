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
