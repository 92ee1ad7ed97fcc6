"""Readings, lattice steps and skipped claims, end to end: GX decides (editing a suite's
kwargs or meta changes the finding), the engine only applies the documented caps."""

from __future__ import annotations

import json

from builders import claim_row, make_claims_folder
from test_suites import copy_suites, edit_suite

from ffcheck.consistency.findings import Finding
from ffcheck.pipeline import run_check
from ffcheck.render.text import render_text


def approx_part_folder(tmp_path):
    # "about 1,100" admits 935: within 1,000 on the tolerant reading, above it as stated.
    claims = [
        claim_row(claim_id="part", low="1100", high="1100", qualifier="approx"),
        claim_row(claim_id="whole", subject="DEU", low="1000", high="1000"),
    ]
    relations = [{"relation_id": "r1", "kind": "part_of", "claims": "part whole"}]
    return make_claims_folder(tmp_path, claims, relations=relations)


def test_a_conflict_only_as_stated_is_never_an_error(tmp_path):
    suites = copy_suites(tmp_path)

    def as_stated_error(data):
        for item in data["expectations"]:
            if item["meta"].get("reading") == "as_stated":
                item["meta"]["severity"] = "error"

    edit_suite(suites, "part-exceeds-whole", as_stated_error)
    report = run_check(approx_part_folder(tmp_path), expectations_dir=suites).report
    found = [(f.rule, f.severity, f.reading) for f in report.findings]
    assert found == [("part-exceeds-whole", "warning", "as_stated")]  # capped at warning


def series_folder(tmp_path):
    # France 900 in 2014, Europe 800 in 2016: a wider total 11% below a narrower earlier one.
    claims = [
        claim_row(claim_id="fra", subject="FRA", low="900", high="900", as_of="2014"),
        claim_row(claim_id="europe", subject="EUROPE", low="800", high="800", as_of="2016"),
    ]
    return make_claims_folder(tmp_path, claims)


def test_the_suites_fall_ratio_threshold_decides_the_severity(tmp_path):
    suites = copy_suites(tmp_path)
    folder = series_folder(tmp_path)
    before = run_check(folder, expectations_dir=suites).report
    assert [(f.rule, f.severity) for f in before.findings if f.rule == "series-decreases"] == [
        ("series-decreases", "warning")
    ]

    def stricter(data):
        for item in data["expectations"]:
            if item["kwargs"].get("column") == "wider_fall_ratio":
                item["kwargs"]["min_value"] = 0.95

    edit_suite(suites, "series-decreases", stricter)
    after = run_check(folder, expectations_dir=suites).report
    series = [f for f in after.findings if f.rule == "series-decreases"]
    assert [f.severity for f in series] == ["error"]  # 800 / 900 = 0.89 < 0.95
    assert "wider_fall_ratio 0.89 < 0.95" in series[0].arithmetic  # the message follows


def test_findings_carry_their_reading_in_json_and_text_and_the_fingerprint_ignores_it(
    tmp_path,
):
    folder = approx_part_folder(tmp_path)
    run = run_check(folder)
    data = run.report.to_dict()
    assert [f["reading"] for f in data["findings"]] == ["as_stated"]
    assert "reading: as stated" in render_text(run.report, folder)
    finding = run.report.findings[0]
    tolerant = Finding(**{**finding.__dict__, "reading": "tolerant"})
    assert tolerant.fingerprint == finding.fingerprint


def test_what_a_rule_leaves_out_is_reported_not_dropped(tmp_path):
    claims = [
        claim_row(claim_id="dated", subject="BEL", low="500", high="500", as_of="2014"),
        claim_row(claim_id="undated", subject="BEL", low="300", high="300", as_of=""),
        claim_row(claim_id="tag-a", subject="NLD", scope="sample", low="20", high="20"),
        claim_row(claim_id="tag-b", subject="NLD", low="200", high="200"),
    ]
    run = run_check(make_claims_folder(tmp_path, claims))
    skipped = {(s["rule"], s["reason"].split(":")[0]): s["claims"] for s in run.report.skipped}
    assert skipped[("series-decreases", "undated")] == ["undated"]
    assert skipped[("sources-disagree", "scopes nearly match")] == ["tag-a", "tag-b"]
    assert json.loads(json.dumps(run.report.to_dict()))["skipped"] == run.report.skipped
    text = render_text(run.report, tmp_path)
    assert "  series-decreases: 1 claim(s): undated" in text
