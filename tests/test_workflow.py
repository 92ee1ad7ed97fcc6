"""review, explain, diff, stale quotes and the CI formats (validated against their schemas)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
import xmlschema
from builders import (
    BUNDLED_CLAIMS,
    EXPECTATIONS,
    ROOT,
    check_json,
    claim_row,
    make_claims_folder,
)
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INVALID, EXIT_USAGE
from ffcheck.cli.main import cli

DATA = ROOT / "tests" / "data"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def disagreeing_folder(tmp_path):
    claims = [
        claim_row(claim_id="a", subject="DEU", low="720", high="760", qualifier="range", as_of=""),
        claim_row(claim_id="b", subject="DEU", low="778", high="778", as_of=""),
    ]
    return make_claims_folder(tmp_path, claims)


def bundled(*args: str):
    return invoke(
        "check", "--claims", str(BUNDLED_CLAIMS), "--expectations", str(EXPECTATIONS), *args
    )


def bundled_findings() -> list[dict]:
    """The bundled findings as ``check --format json`` reports them (the formats' reference)."""
    return json.loads(bundled("--format", "json").stdout)["findings"]


def test_junit_output_passes_the_junit_schema():
    result = bundled("--format", "junit")
    assert result.exit_code == EXIT_FINDINGS
    schema = xmlschema.XMLSchema(str(DATA / "junit.xsd"))
    schema.validate(result.stdout)
    tree = schema.to_dict(result.stdout)
    suites = {s["@name"]: s for s in tree["testsuite"]}
    assert int(suites["measure-exceeds-bound"]["@failures"]) == 1
    assert int(suites["sources-disagree"]["@failures"]) == 0  # warnings pass at --fail-on error
    # A failure per unreviewed error (--fail-on error), as in the JSON of the same run.
    errors = [f for f in bundled_findings() if f["severity"] == "error" and not f["review"]]
    assert int(tree["@failures"]) == len(errors) > 0


def test_sarif_output_passes_the_sarif_schema():
    result = bundled("--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    # One SARIF result per finding, carrying its fingerprint for code scanning's dedup.
    fingerprints = sorted(f["fingerprint"] for f in bundled_findings())
    assert sorted(r["partialFingerprints"]["ffcheckFinding/v1"] for r in results) == fingerprints
    assert {r["level"] for r in results} == {"error", "warning"}
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"].startswith("claims/")
    assert first["region"]["startLine"] > 1


def test_github_annotations_point_at_claim_lines():
    lines = bundled("--format", "github").stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error file=claims/overview.csv,line=6,") for line in lines)
    assert all("\n" not in line for line in lines)


def test_invalid_input_in_ci_formats(tmp_path):
    folder = disagreeing_folder(tmp_path)
    (folder / "main.csv").write_bytes(
        (folder / "main.csv").read_bytes().replace(b",DEU,", b",XX,", 1)
    )
    result = invoke("check", "--claims", str(folder), "--format", "github")
    assert result.exit_code == EXIT_INVALID
    assert result.stdout.startswith("::error file=") and ",line=2," in result.stdout
    junit = invoke("check", "--claims", str(folder), "--format", "junit").stdout
    xmlschema.XMLSchema(str(DATA / "junit.xsd")).validate(junit)
    assert "<error" in junit


def test_review_records_a_decision_and_it_stops_failing(tmp_path):
    folder = disagreeing_folder(tmp_path)
    common = ["--claims", str(folder), "--expectations", str(EXPECTATIONS)]
    _, payload = check_json(folder)
    fingerprint = payload["findings"][0]["fingerprint"]
    assert invoke("check", *common, "--fail-on", "warning").exit_code == EXIT_FINDINGS
    result = invoke(
        "review",
        fingerprint,
        *common,
        "--decision",
        "accepted_disagreement",
        "--note",
        "two dates",
        "--reviewer",
        "ana",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert invoke("check", *common, "--fail-on", "warning").exit_code == EXIT_CLEAN
    again = invoke("review", fingerprint, *common, "--decision", "false_alarm")
    assert again.exit_code == EXIT_INVALID and "already reviewed" in again.output
    before = (folder / "reviews.csv").read_bytes()
    changed = invoke(
        "review",
        fingerprint,
        *common,
        "--decision",
        "false_alarm",
        "--replace",
        "--reviewer",
        "ana",
    )
    assert changed.exit_code == EXIT_CLEAN
    after = (folder / "reviews.csv").read_bytes()
    assert after.splitlines()[0] == before.splitlines()[0]
    assert b"false_alarm" in after and b"accepted_disagreement" not in after
    unknown = invoke("review", "ffffffffffffffff", *common, "--decision", "false_alarm")
    assert unknown.exit_code == EXIT_INVALID and "no current finding" in unknown.output


def test_explain_a_rule_and_a_claim():
    rule = invoke("explain", "rate-exceeds-total")
    assert rule.exit_code == 0
    assert (
        "Why:" in rule.output and "Example:" in rule.output and "expect_column_pair" in rule.output
    )
    claim = invoke("explain", "all-killed-anti-sohr-2019-03")
    assert claim.exit_code == 0
    text = " ".join(claim.output.split())
    assert "»65,726 anti-government foreign fighters were killed in Syria up to March 2019«" in text
    assert "rel-all-killed-anti-share-sohr-2019" in claim.output
    assert "measure-exceeds-bound" in claim.output
    # An unknown name is a usage error (64), with the nearest names suggested.
    unknown = invoke("explain", "part-exceeds-hole")
    assert unknown.exit_code == EXIT_USAGE
    assert "did you mean part-exceeds-whole" in unknown.output


def test_diff_against_a_baseline(tmp_path):
    folder = disagreeing_folder(tmp_path / "x")
    _, payload = check_json(folder)
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(payload))
    common = [
        "diff",
        "--claims",
        str(folder),
        "--expectations",
        str(EXPECTATIONS),
        "--baseline",
        str(baseline),
        "--fail-on",
        "warning",
    ]
    same = invoke(*common, "--fail-on-new")
    assert same.exit_code == EXIT_CLEAN and "0 new, 0 resolved, 1 unchanged" in same.output
    assert invoke(*common).exit_code == EXIT_FINDINGS  # without --fail-on-new, known ones fail
    empty = dict(payload, findings=[])
    baseline.write_text(json.dumps(empty))
    new = invoke(*common, "--fail-on-new")
    assert new.exit_code == EXIT_FINDINGS and "1 new, 0 resolved, 0 unchanged" in new.output
    baseline.write_text("not json")
    assert invoke(*common).exit_code == EXIT_INVALID


def test_a_revised_document_reports_stale_quotes_with_the_closest_text(tmp_path):
    folder = disagreeing_folder(tmp_path)
    doc = folder / "sources" / "doc.txt"
    doc.write_text(doc.read_text().replace("[b] 778 people.", "[b] 787 people were counted."))
    code, payload = check_json(folder)
    assert code == EXIT_INVALID
    problem = payload["problems"][0]
    assert (
        problem["code"] == "quote-not-found"
        and "closest text now: '[b] 787 people" in (problem["message"])
    )


@pytest.mark.parametrize("command", ["review", "diff", "explain", "add"])
def test_workflow_commands_run_as_real_processes(command):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "ffcheck", command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0 and f"Usage: ffcheck {command}" in proc.stdout.replace(
        "python -m ffcheck", "ffcheck"
    )


def test_explain_as_a_real_process_matches_the_library():
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "ffcheck", "explain", "sum-mismatch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    from ffcheck.render.explain import explain_rule

    assert proc.returncode == 0
    assert (
        proc.stdout.strip()
        == explain_rule("sum-mismatch", EXPECTATIONS)
        .replace(str(EXPECTATIONS), "expectations")
        .strip()
    )


def run_ffcheck(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, "-m", "ffcheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_diff_report_and_coverage_as_real_processes(tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text(run_ffcheck("check", "--format", "json").stdout)
    diff = run_ffcheck("diff", "--baseline", str(baseline), "--fail-on-new")
    unchanged = len(json.loads(baseline.read_text())["findings"])
    assert diff.returncode == EXIT_CLEAN
    assert f"0 new, 0 resolved, {unchanged} unchanged" in diff.stdout, "nothing changed since"
    page = tmp_path / "page.html"
    report = run_ffcheck("report", "-o", str(page))
    assert report.returncode == EXIT_CLEAN and page.stat().st_size > 100_000
    coverage = run_ffcheck("coverage", "--min", "95")
    assert coverage.returncode == EXIT_CLEAN and "coverage: 100.0%" in coverage.stdout
