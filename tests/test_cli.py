"""The command line: help, version, exit codes, JSON contract; once through a real process."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
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

import ffcheck
from ffcheck.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_USAGE,
    claims_option,
    exit_codes,
    expectations_option,
    render_report,
    rules_options,
)
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


def test_a_bad_duckdb_memory_cap_is_a_usage_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("FFCHECK_DUCKDB_MEMORY", "a lot")
    result = CliRunner().invoke(cli, ["check", "--claims", str(BUNDLED_CLAIMS)])
    assert result.exit_code == EXIT_USAGE
    assert "FFCHECK_DUCKDB_MEMORY='a lot': a size such as 512MB" in result.output


def test_duckdb_out_of_memory_names_the_cap_to_raise_and_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("FFCHECK_DUCKDB_MEMORY", "1MB")  # far too little for any query
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", "--claims", str(BUNDLED_CLAIMS), "-o", str(out)])
    assert result.exit_code == EXIT_INVALID  # a resource, as a full disk is; not a bug
    assert "ffcheck: DuckDB needed more memory than its cap (Out of Memory Error" in result.output
    assert "set FFCHECK_DUCKDB_MEMORY higher, e.g. 4GB (nothing was changed)" in result.output
    assert "internal error" not in result.output and not out.exists()


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
        claim_row(
            claim_id="a", subject="DEU", low="720", high="760", qualifier="range", as_of="2015"
        ),
        claim_row(claim_id="b", subject="DEU", low="778", high="778", as_of="2015"),
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


def half_covered_folder(tmp_path):
    """One claimed number (100) and one unclaimed (250): coverage 1 of 2, 50.0%."""
    rows = [claim_row(claim_id="a", low="100", high="100")]
    document = "Test document\n\nTest\n\n" + rows[0]["quote"] + "\nThen 250 others left.\n"
    return make_claims_folder(tmp_path, rows, document=document)


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [
        (None, EXIT_CLEAN),  # no --min: coverage is only reported
        ("50", EXIT_CLEAN),  # 50.0% is not below 50
        ("50.1", EXIT_FINDINGS),  # 50.0% is below 50.1
        ("100", EXIT_FINDINGS),
    ],
)
def test_coverage_min_fails_below_the_threshold(tmp_path, minimum, expected):
    folder = half_covered_folder(tmp_path)
    extra = [] if minimum is None else ["--min", minimum]
    result = invoke("coverage", "--claims", str(folder), *extra)
    assert "50.0%" in result.output and "250" in result.output
    assert result.exit_code == expected, result.output


def test_report_on_invalid_input_exits_2_and_lists_the_problems(tmp_path):
    rows = [claim_row(claim_id="a", subject="XXX", low="100", high="100")]  # unknown subject
    folder = make_claims_folder(tmp_path, rows)
    page = tmp_path / "page.html"
    result = invoke(
        "report", "--claims", str(folder), "--expectations", str(EXPECTATIONS), "-o", str(page)
    )
    assert result.exit_code == EXIT_INVALID, result.output
    assert "1 problems" in result.output
    assert "XXX" in page.read_text(encoding="utf-8"), "the page lists the problem"


def test_report_with_findings_but_valid_input_exits_0(tmp_path):
    claims = [
        claim_row(
            claim_id="a", subject="DEU", low="720", high="760", qualifier="range", as_of="2015"
        ),
        claim_row(claim_id="b", subject="DEU", low="778", high="778", as_of="2015"),
    ]
    folder = make_claims_folder(tmp_path, claims)
    page = tmp_path / "page.html"
    result = invoke(
        "report", "--claims", str(folder), "--expectations", str(EXPECTATIONS), "-o", str(page)
    )
    # The page was written: findings are for the reviewer, not a failure of `report`.
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "1 findings (error 0, warning 1, info 0), 0 problems" in result.output


def disagreeing_folder(tmp_path):
    """Germany 720-760 against 778, both dated 2015: one sources-disagree warning."""
    claims = [
        claim_row(
            claim_id="a", subject="DEU", low="720", high="760", qualifier="range", as_of="2015"
        ),
        claim_row(claim_id="b", subject="DEU", low="778", high="778", as_of="2015"),
    ]
    return make_claims_folder(tmp_path, claims)


def check_args(folder, *extra: str) -> list[str]:
    return ["check", "--claims", str(folder), "--expectations", str(EXPECTATIONS), *extra]


def test_an_unknown_rule_is_a_usage_error_that_lists_the_rules(tmp_path):
    result = invoke(*check_args(disagreeing_folder(tmp_path), "--rules", "no-such-rule"))
    assert result.exit_code == EXIT_USAGE
    assert "no rule is named 'no-such-rule'" in result.output
    # The known rules, in registry order (by module name), comma-separated.
    assert "rules: arithmetic-fails, implied-base-disagrees, measure-exceeds-bound," in " ".join(
        result.output.split()
    )


def test_the_options_reach_the_pipeline(tmp_path, monkeypatch):
    seen = {}

    def recording(*args, **kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr("ffcheck.pipeline.run_check", recording)
    suites = tmp_path / "my-suites"
    suites.mkdir()
    invoke("check", "--claims", str(tmp_path), "--expectations", str(suites), "--engine", "spark")
    assert (seen["expectations_dir"], seen["engine"]) == (suites, "spark")


def test_an_argument_that_is_not_utf8_is_a_usage_error_that_shows_it():
    # Python hands a non-UTF-8 byte over as a lone surrogate: b"caf\xe9" -> "caf\udce9".
    result = invoke("check", "--claims", "caf\udce9")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == ("Error: argument 3 (caf\\xe9) is not UTF-8 at character 4\n")


def test_without_arguments_the_group_reads_sys_argv(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["ffcheck", "--version"])
    assert cli.main(standalone_mode=False) == EXIT_CLEAN
    assert capsys.readouterr().out == f"ffcheck, version {ffcheck.__version__}\n"


def test_an_aborted_command_says_so_and_exits_as_a_usage_error():
    @click.command("abort-now")
    def abort_now():
        raise click.Abort

    cli.add_command(abort_now)
    try:
        result = invoke("abort-now")
    finally:
        cli.commands.pop("abort-now")
    assert (result.exit_code, result.stderr) == (EXIT_USAGE, "Aborted.\n")


def test_an_os_error_without_a_file_name_names_none(tmp_path, monkeypatch):
    def failing_device(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("ffcheck.pipeline.run_check", failing_device)
    result = invoke(*check_args(tmp_path))
    assert result.exit_code == EXIT_INVALID
    assert result.stderr == "ffcheck: Input/output error:  (nothing was changed)\n"


def test_excluding_the_only_failing_rule_leaves_a_clean_run(tmp_path):
    folder = disagreeing_folder(tmp_path)
    assert invoke(*check_args(folder, "--fail-on", "warning")).exit_code == EXIT_FINDINGS
    excluded = check_args(folder, "--fail-on", "warning", "--exclude-rules", "sources-disagree")
    assert invoke(*excluded).exit_code == EXIT_CLEAN


def test_an_unexpected_exception_is_an_internal_error_without_traceback(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ffcheck.pipeline.run_check", broken)
    result = invoke(*check_args(tmp_path))
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr == (
        "ffcheck: internal error: RuntimeError: boom\nRerun with --debug for the traceback.\n"
    )
    debug = invoke("--debug", *check_args(tmp_path))
    assert debug.exit_code == EXIT_INTERNAL
    assert "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


def test_an_os_error_is_invalid_input_and_changes_nothing(tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", "claims/main.csv")

    monkeypatch.setattr("ffcheck.pipeline.run_check", full_disk)
    result = invoke(*check_args(tmp_path))
    assert result.exit_code == EXIT_INVALID
    expected = "ffcheck: No space left on device: claims/main.csv (nothing was changed)"
    assert expected in result.stderr


def test_progress_prints_stage_lines_on_stderr_only_when_asked(tmp_path):
    folder = disagreeing_folder(tmp_path)
    shown = invoke(*check_args(folder, "--progress"))
    assert re.search(r"^\[\s*\d+\.\d\ds\] load$", shown.stderr, re.MULTILINE), shown.stderr
    # Seconds since the run began: a stage line never shows an hour on a small folder.
    seconds = [float(s) for s in re.findall(r"^\[\s*(\d+\.\d\d)s\]", shown.stderr, re.MULTILINE)]
    assert seconds == sorted(seconds) and seconds[-1] < 3600, seconds
    assert invoke(*check_args(folder, "--no-progress")).stderr == ""


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("json", '"fingerprint"'),
        ("junit", "<testsuite"),
        ("github", "::warning "),
        ("sarif", '"partialFingerprints"'),
        ("text", "sources-disagree (1)"),
    ],
)
def test_each_format_renders_the_finding(tmp_path, fmt, marker):
    result = invoke(*check_args(disagreeing_folder(tmp_path), "--format", fmt))
    assert result.exit_code == EXIT_CLEAN, "a warning does not fail at --fail-on error"
    assert marker in result.stdout


def test_group_returns_the_exit_code_when_not_standalone(tmp_path):
    assert cli.main(["check", "--bogus"], standalone_mode=False) == EXIT_USAGE
    folder = disagreeing_folder(tmp_path)
    code = cli.main(check_args(folder, "--fail-on", "warning"), standalone_mode=False)
    assert code == EXIT_FINDINGS


def test_report_writes_into_a_new_folder_with_progress_and_coverage(tmp_path):
    folder = half_covered_folder(tmp_path)
    page = tmp_path / "new" / "deeper" / "page.html"
    args = ["--claims", str(folder), "--expectations", str(EXPECTATIONS), "-o", str(page)]
    result = invoke("report", *args, "--progress")
    assert result.exit_code == EXIT_CLEAN, result.output
    stages = re.findall(r"^\[\s*\d+\.\d\ds\] (\w+)$", result.stderr, re.MULTILINE)
    assert stages[-2:] == ["coverage", "render"], stages
    html = page.read_text(encoding="utf-8")
    assert '<b id="count-coverage">50.0%</b>' in html, "1 of the 2 numbers is claimed"


def test_exit_codes_epilog_lists_each_code_with_its_meaning():
    # Read from common.py: a command's meanings replace the shared defaults; an empty one
    # (no "findings" outcome) drops its line.
    assert exit_codes(findings="unreviewed findings") == (
        "\b\nExit codes:\n"
        "  0   done\n"
        "  1   unreviewed findings\n"
        "  2   invalid or unreadable input (claims, documents, suites)\n"
        "  64  usage error (unknown option, bad argument)\n"
        "  70  internal error (a bug: rerun with --debug and report it)"
    )
    assert "  1 " not in exit_codes(clean="written", invalid="bad", usage="wrong")
    assert "  0   written\n  2   bad\n  64  wrong\n" in exit_codes(
        clean="written", invalid="bad", usage="wrong"
    )


def test_shared_options_parse_and_document_themselves():
    @click.command()
    @claims_option
    @expectations_option
    @rules_options
    def probe(claims_dir, expectations_dir, only_rules, exclude_rules):
        # The commands get paths, not strings (they call .is_dir(), .glob() on them).
        paths = isinstance(claims_dir, Path) and isinstance(expectations_dir, Path)
        shown = [str(claims_dir), str(expectations_dir), only_rules, exclude_rules, paths]
        click.echo(json.dumps(shown))

    parsed = CliRunner().invoke(probe, ["--rules", "a", "--rules", "b", "--exclude-rules", "c"])
    assert json.loads(parsed.output) == ["claims", "expectations", ["a", "b"], ["c"], True]
    moved = CliRunner().invoke(probe, ["--claims", "x", "--expectations", "y"])
    assert json.loads(moved.output)[:2] == ["x", "y"]
    assert json.loads(moved.output)[4] is True
    text = " ".join(CliRunner().invoke(probe, ["--help"]).output.split())
    for words in [
        "--claims PATH Claims folder: claim tables, documents.csv, vocab/. [default: claims]",
        "--expectations PATH Folder of Great Expectations suites (one JSON per rule). "
        "[default: expectations/ if the project has one, else the suites shipped with ffcheck]",
        "--rules RULE Run only this rule (id or former name); repeatable. Default: every rule.",
        "--exclude-rules RULE Skip this rule (id or former name); repeatable.",
    ]:
        assert words in text


def test_outside_a_project_the_suites_shipped_with_ffcheck_are_the_default(tmp_path, monkeypatch):
    @click.command()
    @expectations_option
    def probe(expectations_dir):
        click.echo(str(expectations_dir))

    monkeypatch.chdir(tmp_path)  # no expectations/ folder here
    shown = Path(CliRunner().invoke(probe, []).output.strip())
    # The folder "suites" inside the installed ffcheck package (the wheel ships the rules'
    # suites there; a source checkout links it to expectations/).
    assert shown == Path(ffcheck.__file__).parent / "suites"


def test_json_output_is_indented_and_keeps_non_ascii_text():
    from ffcheck.consistency.findings import Report

    report = Report(documents=[], claims=0, quotes_verified=0, files=["réseaux.csv"])
    text = render_report(report, "json", Path("claims"), "error")
    # Two-space indentation for people reading it; "é" as itself, not "\u00e9".
    assert text.startswith('{\n  "valid": true,\n  "claims": 0,\n')
    assert '\n  "files": [\n    "réseaux.csv"\n  ],\n' in text


def test_text_and_junit_outputs_follow_the_fail_level_and_name_the_claims_folder():
    from ffcheck.consistency.findings import Finding, Report

    warning = Finding("sources-disagree", "warning", "they disagree", [], "100 vs 200")
    report = Report(documents=[], claims=2, quotes_verified=2, files=["main.csv"])
    report.findings, report.rules_run = [warning], ["sources-disagree"]
    text = render_report(report, "text", Path("my-claims"), "warning")
    assert "files under my-claims" in text  # where the claims were read from
    # A warning fails at --fail-on warning, not at the default (error).
    assert "result: 1 unreviewed finding(s) at or above 'warning'" in text
    junit = render_report(report, "junit", Path("my-claims"), "warning")
    assert 'failures="1"' in junit
    assert 'failures="0"' in render_report(report, "junit", Path("my-claims"), "error")
