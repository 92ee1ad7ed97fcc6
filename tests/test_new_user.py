"""What a new user hit (issue 10, item 8): packaged suites, messages that name the
thing, help that tells each command's own exit codes, and nothing hidden by a cap."""

from __future__ import annotations

import contextlib
import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS, claim_row, make_claims_folder
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_USAGE, packaged_expectations
from ffcheck.cli.main import cli
from ffcheck.consistency.findings import Report
from ffcheck.problems import Problem
from ffcheck.render.text import FIRST_OF_EACH_CODE, MAX_PROBLEMS_SHOWN, render_text

# Each command's own exit codes (usage 64 and internal 70 are everyone's).
OWN_CODES = {
    "check": {0, 1, 2},
    "coverage": {0, 1, 2},
    "report": {0, 2},
    "add": {0, 2},
    "review": {0, 2},
    "explain": {0, 2},
    "diff": {0, 1, 2},
}


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


@pytest.mark.parametrize("command", sorted(OWN_CODES))
def test_each_command_help_lists_its_own_exit_codes(command):
    help_text = invoke(command, "--help").output
    assert help_text.count("Exit codes:") == 1  # not the group's list appended
    block = help_text.split("Exit codes:")[1]
    listed = {int(code) for code in re.findall(r"^\s+(\d+)\s", block, re.MULTILINE)}
    assert listed == OWN_CODES[command] | {64, 70}


def test_the_packaged_suites_are_the_projects_suites():
    packaged = packaged_expectations()
    names = sorted(p.name for p in EXPECTATIONS.glob("*.json"))
    assert sorted(p.name for p in packaged.glob("*.json")) == names
    _, mismatch, errors = filecmp.cmpfiles(EXPECTATIONS, packaged, names, shallow=False)
    assert mismatch == [] and errors == []


def test_a_project_without_expectations_uses_the_packaged_suites(tmp_path, monkeypatch):
    shutil.copytree(BUNDLED_CLAIMS, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--format", "json")
    # The bundled document's known contradictions, found with no expectations/ folder.
    assert result.exit_code == EXIT_FINDINGS, result.output[-500:]
    assert "suite file missing" not in result.output


def test_an_aborted_prompt_is_a_usage_exit_as_add_help_says(tmp_path):
    document = "Test document\n\nTest\n\n[deu-a] 100 people.\n\nwhile 30 percent had returned\n"
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="deu-a")], document=document)
    result = invoke(
        "add",
        "while 30 percent had returned",
        "--interactive",
        "--claims",
        str(folder),
        "--expectations",
        str(EXPECTATIONS),
        input="",
    )
    # End of input at the first prompt: nothing added, and the exit add's help names.
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Aborted." in result.output


def test_claims_given_a_file_says_not_a_folder(tmp_path):
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="deu-a")])
    result = invoke("check", "--claims", str(folder / "main.csv"))
    assert result.exit_code == EXIT_INVALID
    assert "not a folder: a file" in result.output and "no such folder" not in result.output


def test_non_utf8_argument_is_a_usage_error():
    bad = b"claims\xff".decode("utf-8", "surrogateescape")
    result = invoke("check", "--claims", bad)
    assert result.exit_code == EXIT_USAGE
    assert "argument 3 (claims\\xff) is not UTF-8" in result.output


def test_non_utf8_problem_names_the_column(tmp_path):
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="deu-a", source="Caf\u00e9")])
    path = folder / "main.csv"
    path.write_bytes(path.read_bytes().replace("Caf\u00e9".encode(), b"Caf\xe9"))
    result = invoke("check", "--claims", str(folder), "--expectations", str(EXPECTATIONS))
    assert result.exit_code == EXIT_INVALID
    assert "main.csv:2 [source]: Not UTF-8" in result.output


def test_every_problem_code_shows_despite_the_cap(tmp_path):
    many = [Problem("main.csv", n, "subject", "schema", "unknown") for n in range(2, 502)]
    root_cause = Problem("vocab/subjects.csv", 7, "subject", "duplicate-id", "used twice")
    report = Report([], 0, 0, [], problems=[*many, root_cause])
    text = render_text(report, tmp_path)
    lines = text.splitlines()
    assert "Problems by code: schema 500, duplicate-id 1" in lines
    assert any("vocab/subjects.csv:7" in line for line in lines)  # not hidden by the cap
    shown = [line for line in lines if line.startswith("  main.csv:")]
    assert len(shown) == MAX_PROBLEMS_SHOWN - 1 >= FIRST_OF_EACH_CODE
    assert "  ... and 301 more (use --format json for all)" in lines


@contextlib.contextmanager
def small_tmpfs(path: Path, size: str, read_only: bool = False):
    """A real small or read-only filesystem (needs root; skipped otherwise)."""
    path.mkdir()
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode()[:200]}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_full_disk_message_names_the_file(tmp_path):
    with small_tmpfs(tmp_path / "small", "64k") as small:
        target = small / "report.html"
        result = invoke(
            "report",
            "--claims",
            str(BUNDLED_CLAIMS),
            "--expectations",
            str(EXPECTATIONS),
            "-o",
            str(target),
        )
        assert result.exit_code == EXIT_INVALID
        assert f"No space left on device: {target} (nothing was changed)" in result.output
        assert os.listdir(small) == []  # no page and no temporary left behind


def test_a_read_only_folder_message_names_the_file(tmp_path):
    with small_tmpfs(tmp_path / "ro", "64k", read_only=True) as folder:
        target = folder / "report.html"
        result = invoke(
            "report",
            "--claims",
            str(BUNDLED_CLAIMS),
            "--expectations",
            str(EXPECTATIONS),
            "-o",
            str(target),
        )
        assert result.exit_code == EXIT_INVALID
        assert f"Read-only file system: {target} (nothing was changed)" in result.output
