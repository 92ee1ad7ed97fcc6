"""The suites under expectations/ are GX's own JSON, run by GX: editing one changes
the result, and a broken one is a problem, never a silently weaker check."""

from __future__ import annotations

import json
import shutil

from builders import EXPECTATIONS, claim_row, make_claims_folder

from ffcheck.pipeline import run_check


def part_whole_folder(tmp_path):
    claims = [
        claim_row(claim_id="part", low="110", high="110"),
        claim_row(claim_id="whole", subject="DEU", low="100", high="100"),
    ]
    relations = [{"relation_id": "r1", "kind": "part_of", "claims": "part whole"}]
    return make_claims_folder(tmp_path, claims, relations=relations)


def copy_suites(tmp_path):
    target = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, target)
    return target


def edit_suite(folder, rule, change):
    path = folder / f"{rule}.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_bundled_suite_finds_the_part_above_its_whole(tmp_path):
    report = run_check(part_whole_folder(tmp_path), expectations_dir=EXPECTATIONS).report
    assert [(f.rule, f.severity) for f in report.findings] == [("part-exceeds-whole", "error")]
    assert "110 > whole 100" in report.findings[0].arithmetic


def test_editing_a_suite_changes_the_result(tmp_path):
    suites = copy_suites(tmp_path)
    # Severity lives in the suite: make it a warning.
    edit_suite(suites, "part-exceeds-whole", lambda d: d["meta"].update(severity="warning"))
    report = run_check(part_whole_folder(tmp_path / "first"), expectations_dir=suites).report
    assert [f.severity for f in report.findings] == ["warning"]

    # The comparison lives in the suite: compare the part against itself, nothing fails.
    def self_compare(data):
        for expectation in data["expectations"]:
            expectation["kwargs"]["column_A"] = "part_lo"

    edit_suite(suites, "part-exceeds-whole", self_compare)
    report = run_check(part_whole_folder(tmp_path / "second"), expectations_dir=suites).report
    assert report.findings == []


def test_a_misspelt_expectation_type_is_refused_before_gx(tmp_path):
    suites = copy_suites(tmp_path)
    edit_suite(
        suites,
        "part-exceeds-whole",
        lambda d: d["expectations"].append(
            {"type": "expect_column_values_to_be_betwen", "kwargs": {"column": "part_lo"}}
        ),
    )
    report = run_check(part_whole_folder(tmp_path), expectations_dir=suites).report
    # The third expectation's type is not on the rule's allow-list.
    assert any(
        p.code == "bad-suite" and "expectations[2].type" in p.message for p in report.problems
    )


def test_an_expectation_gx_drops_is_still_a_problem_if_it_got_past_the_schema(tmp_path):
    # Defence in depth: run_suite compares GX's count with the written one.
    import pandas as pd

    from ffcheck.consistency.suites import Suite, run_suite

    written = [
        {"type": "expect_column_values_to_be_betwen", "kwargs": {"column": "x"}},
    ]
    suite = Suite(tmp_path / "part-exceeds-whole.json", {"expectations": written})
    result = run_suite(suite, pd.DataFrame({"row_id": [0], "x": [1]}))
    assert [p.code for p in result.problems] == ["bad-suite"]
    assert "loaded 0 of 1" in result.problems[0].message


def test_a_suite_naming_an_unknown_column_is_a_problem(tmp_path):
    suites = copy_suites(tmp_path)
    edit_suite(
        suites,
        "part-exceeds-whole",
        lambda d: d["expectations"][0]["kwargs"].update(column_A="no_such_column"),
    )
    report = run_check(part_whole_folder(tmp_path), expectations_dir=suites).report
    assert any("no_such_column" in p.message for p in report.problems)


def test_malformed_suite_json_is_a_problem(tmp_path):
    suites = copy_suites(tmp_path)
    (suites / "part-exceeds-whole.json").write_text('{"expectations": [')
    report = run_check(part_whole_folder(tmp_path), expectations_dir=suites).report
    problem = next(p for p in report.problems if p.code == "bad-suite")
    assert "invalid JSON" in problem.message and problem.line == 1
