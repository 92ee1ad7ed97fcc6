"""The command line: help, version, exit codes, JSON contract; once through a real process."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys

import pytest
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
from ffcheck.tables.load import RESERVED_FILES

COMMANDS = sorted(cli.commands)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and "ffcheck" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help, f"{command} needs a docstring"
    assert f"ffcheck {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_help_documents_exit_codes():
    output = invoke("--help").output
    for code in (EXIT_CLEAN, EXIT_FINDINGS, EXIT_INVALID, EXIT_USAGE):
        assert f"  {code} " in output


def test_usage_error_has_its_own_exit_code():
    assert invoke("check", "--no-such-option").exit_code == EXIT_USAGE
    assert invoke("check", "--format", "yaml").exit_code == EXIT_USAGE
    assert invoke("no-such-command").exit_code == EXIT_USAGE


def test_check_json_contract_on_the_bundled_claims():
    code, payload = check_json(BUNDLED_CLAIMS)
    assert code == EXIT_FINDINGS  # the document has error-level contradictions
    assert {"claims", "documents", "problems", "findings"} <= set(payload)
    assert payload["documents"][0]["doc"] == "ff_syria_iraq"
    finding = payload["findings"][0]
    assert {"rule", "severity", "message", "claims", "arithmetic", "fingerprint"} <= set(finding)
    assert {"claim_id", "file", "line", "quote"} <= set(finding["claims"][0])


def test_fail_on_decides_the_exit_code(tmp_path):
    claims = [
        claim_row(claim_id="a", subject="DEU", low="720", high="760", qualifier="range"),
        claim_row(claim_id="b", subject="DEU", low="778", high="778"),
    ]
    folder = make_claims_folder(tmp_path, claims)
    base = ["check", "--claims", str(folder), "--expectations", str(EXPECTATIONS)]
    assert invoke(*base).exit_code == EXIT_CLEAN  # only a warning (same year, same scope)
    assert invoke(*base, "--fail-on", "warning").exit_code == EXIT_FINDINGS


def test_a_review_keeps_a_finding_from_failing(tmp_path):
    claims = [
        claim_row(claim_id="a", subject="DEU", low="720", high="760", qualifier="range", as_of=""),
        claim_row(claim_id="b", subject="DEU", low="778", high="778", as_of=""),
    ]
    folder = make_claims_folder(tmp_path / "one", claims)
    args = [
        "check",
        "--claims",
        str(folder),
        "--expectations",
        str(EXPECTATIONS),
        "--format",
        "json",
        "--fail-on",
        "warning",
    ]
    fingerprint = json.loads(invoke(*args).stdout)["findings"][0]["fingerprint"]
    reviews = [
        {
            "fingerprint": fingerprint,
            "decision": "accepted_disagreement",
            "note": "two dates",
            "reviewer": "test",
            "date": "2026-11-27",
        },
        {
            "fingerprint": "0000000000000000",
            "decision": "false_alarm",
            "note": "",
            "reviewer": "test",
            "date": "2026-11-27",
        },
    ]
    folder = make_claims_folder(tmp_path / "two", claims, reviews=reviews)
    args[2] = str(folder)
    result = invoke(*args)
    payload = json.loads(result.stdout)
    assert result.exit_code == EXIT_CLEAN
    assert payload["findings"][0]["review"]["decision"] == "accepted_disagreement"
    assert [s["fingerprint"] for s in payload["stale_reviews"]] == ["0000000000000000"]


def test_findings_do_not_depend_on_row_or_file_order(tmp_path):
    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    _, baseline = check_json(folder)
    rng = random.Random(7)
    tables = sorted(p for p in folder.glob("*.csv") if p.name not in RESERVED_FILES)
    everything = []
    for path in tables:
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        everything += rows
        path.unlink()
    rng.shuffle(everything)
    half = len(everything) // 2
    (folder / "z_first.csv").write_text(header + "".join(everything[:half]), encoding="utf-8")
    (folder / "a_second.csv").write_text(header + "".join(everything[half:]), encoding="utf-8")
    _, shuffled = check_json(folder)
    assert shuffled["problems"] == []
    assert [f["fingerprint"] for f in shuffled["findings"]] == [
        f["fingerprint"] for f in baseline["findings"]
    ]


def test_real_process_run_matches_the_library():
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "ffcheck", "check", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == EXIT_FINDINGS, proc.stderr
    payload = json.loads(proc.stdout)
    assert "Traceback" not in proc.stderr
    from ffcheck.pipeline import run_check

    report = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).report
    assert [f["fingerprint"] for f in payload["findings"]] == [
        f.fingerprint for f in report.findings
    ]
