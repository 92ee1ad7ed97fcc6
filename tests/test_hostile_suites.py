"""Suites are data, never code: a suite that could make GX evaluate a string, or that
would silently switch its rule off, is refused with a located problem (exit 2)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from builders import EXPECTATIONS, claim_row, make_claims_folder
from click.testing import CliRunner

from ffcheck.cli.main import cli

# A pandas query string starting with '@' reaches the calling module's globals (GX's
# pandas engine imports pandas as pd): this ran a shell command before the allow-list.
EXPLOIT = "@pd.io.common.os.system('touch {marker}') == 0"


def part_whole_folder(tmp_path):
    claims = [
        claim_row(claim_id="part", low="110", high="110"),
        claim_row(claim_id="whole", subject="DEU", low="100", high="100"),
    ]
    relations = [{"relation_id": "r1", "kind": "part_of", "claims": "part whole"}]
    return make_claims_folder(tmp_path, claims, relations=relations)


def suites_with(tmp_path, rule, change):
    target = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, target)
    path = target / f"{rule}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))
    return target


def check(folder, suites):
    return CliRunner().invoke(
        cli,
        ["check", "--claims", str(folder), "--expectations", str(suites), "--format", "json"],
    )


def test_the_row_condition_exploit_runs_nothing(tmp_path):
    marker = tmp_path / "MARKER"
    folder = part_whole_folder(tmp_path)

    def plant(data):
        data["expectations"][0]["kwargs"].update(
            row_condition=EXPLOIT.format(marker=marker), condition_parser="pandas"
        )

    suites = suites_with(tmp_path, "part-exceeds-whole", plant)
    # A real process, as CI would run it.
    done = subprocess.run(
        [
            *(sys.executable, "-m", "ffcheck", "check", "--claims", str(folder)),
            *("--expectations", str(suites), "--format", "json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not marker.exists(), "the suite's row_condition ran a shell command"
    assert done.returncode == 2, done.stderr
    problems = json.loads(done.stdout)["problems"]
    located = {(p["file"].rsplit("/", 1)[-1], p["line"], p["code"]) for p in problems}
    # Both keys are refused, each on its own line of the indented JSON.
    assert ("part-exceeds-whole.json", 14, "bad-suite") in located
    assert ("part-exceeds-whole.json", 15, "bad-suite") in located
    messages = " ".join(p["message"] for p in problems)
    assert "row_condition is not allowed" in messages
    assert "condition_parser is not allowed" in messages


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # An unknown argument of an allowed expectation.
        (
            lambda d: d["expectations"][0]["kwargs"].update(result_format="COMPLETE"),
            "expectations[0].kwargs.result_format is not allowed",
        ),
        # An evaluation parameter given as an object, not a number.
        (
            lambda d: d["expectations"][0]["kwargs"].update(mostly={"$PARAMETER": "x"}),
            "expectations[0].kwargs.mostly",
        ),
        # An unknown key at the top and inside an expectation.
        (lambda d: d.update(data_asset_type="x"), "data_asset_type is not allowed"),
        (lambda d: d["expectations"][1].update(id="x"), "expectations[1].id is not allowed"),
        # meta with a non-string value, and meta as a string (used to crash).
        (lambda d: d["meta"].update(severity=["error"]), "meta.severity"),
        (lambda d: d.update(meta="error"), "meta: 'error' is not of type 'object'"),
        # An expectation type this rule does not use.
        (
            lambda d: d["expectations"][0].update(type="expect_column_values_to_be_in_set"),
            "expectations[0].type",
        ),
        # No expectations: the rule would be switched off.
        (lambda d: d.update(expectations=[]), "expectations: [] should be non-empty"),
    ],
)
def test_a_suite_outside_the_allow_list_is_refused(tmp_path, change, expected):
    folder = part_whole_folder(tmp_path)
    result = check(folder, suites_with(tmp_path, "part-exceeds-whole", change))
    assert result.exit_code == 2, result.output
    problems = json.loads(result.stdout)["problems"]
    assert any(p["code"] == "bad-suite" and expected in p["message"] for p in problems), problems


def test_a_duplicated_key_is_refused_on_its_line(tmp_path):
    folder = part_whole_folder(tmp_path)
    suites = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, suites)
    path = suites / "part-exceeds-whole.json"
    # The second "expectations" (line 4) would replace the first: the rule runs nothing.
    path.write_text(
        '{"name": "part-exceeds-whole",\n"meta": {"rule": "part-exceeds-whole"},\n'
        '"expectations": [{"type": "expect_column_pair_values_a_to_be_greater_than_b", '
        '"kwargs": {"column_A": "whole_hi", "column_B": "part_lo"}}],\n'
        '"expectations": []}\n'
    )
    result = check(folder, suites)
    assert result.exit_code == 2
    (problem,) = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "bad-suite"]
    assert problem["line"] == 4
    assert "the key 'expectations' is written twice" in problem["message"]


def test_a_suite_nested_very_deep_is_a_problem_not_a_crash(tmp_path):
    folder = part_whole_folder(tmp_path)
    suites = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, suites)
    (suites / "part-exceeds-whole.json").write_text("[" * 100_000 + "]" * 100_000)
    result = check(folder, suites)
    assert result.exit_code == 2 and "Traceback" not in result.output
    problems = json.loads(result.stdout)["problems"]
    assert [p["message"] for p in problems] == ["nested too deeply to be a suite"]


def test_the_bundled_suites_pass_the_allow_list():
    from ffcheck.consistency.suite_schema import schema_errors

    for path in sorted(EXPECTATIONS.glob("*.json")):
        assert list(schema_errors(json.loads(path.read_text()), path.stem)) == [], path.name


def test_explain_shows_a_bad_suite_as_a_problem(tmp_path):
    suites = suites_with(tmp_path, "part-exceeds-whole", lambda d: d.update(meta="x"))
    result = CliRunner().invoke(
        cli, ["explain", "part-exceeds-whole", "--expectations", str(suites)]
    )
    # meta as a string used to crash explain (str has no .get).
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "part-exceeds-whole.json:3 [meta]: Expectation suite is invalid" in result.output
