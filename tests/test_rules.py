"""Every rule's table-driven cases (tests/fixtures/rules/<rule>.yml), run through the
whole pipeline: real files, pandera, the rule's derived table and its GX suite."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from builders import EXPECTATIONS, ROOT, claim_row, make_claims_folder

from ffcheck.consistency.registry import all_rules
from ffcheck.pipeline import run_check

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
RULE_IDS = [r.id for r in all_rules()]


def load_cases() -> list[tuple[str, str, dict]]:
    cases = []
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases += [(data["rule"], name, case) for name, case in data["cases"].items()]
    return cases


def run_case(tmp_path: Path, case: dict):
    claims = [
        claim_row(**{k: "" if v is None else str(v) for k, v in c.items()}) for c in case["claims"]
    ]
    relations = [{k: str(v) for k, v in r.items()} for r in case.get("relations", [])]
    # A case may give the text around its quotes (the data lints read sentences).
    document = case.get("document")
    text = None if document is None else f"Test document\n\nTest\n\n{document}\n"
    folder = make_claims_folder(tmp_path, claims, relations=relations, document=text)
    report = run_check(folder, expectations_dir=EXPECTATIONS).report
    assert report.problems == [], [str(p) for p in report.problems]
    return report


@pytest.mark.parametrize(
    ("rule", "name", "case"), load_cases(), ids=[f"{r}::{n}" for r, n, _ in load_cases()]
)
def test_rule_case(tmp_path, rule, name, case):
    report = run_case(tmp_path, case)
    assert rule in report.rules_run
    found = {
        tuple(sorted(c.claim_id for c in f.claims)): (f.severity, f.reading)
        for f in report.findings
        if f.rule == rule
    }
    expected = [expected_finding(item) for item in case["findings"]]
    assert sorted(found) == sorted(ids for ids, _, _ in expected), name
    for ids, severity, reading in expected:  # pinned where the case gives them
        assert severity in (None, found[ids][0]), (name, ids, found[ids])
        assert reading in (None, found[ids][1]), (name, ids, found[ids])
    # "severities" maps "claim claim ..." to the severity each finding must have.
    for key, severity in case.get("severities", {}).items():
        assert found[tuple(sorted(key.split()))][0] == severity, (name, key)


def expected_finding(item: list | dict) -> tuple[tuple[str, ...], str | None, str | None]:
    """A fixture's finding: a list of claim ids, or {claims, severity, reading}."""
    if isinstance(item, dict):
        return tuple(sorted(item["claims"])), item.get("severity"), item.get("reading")
    return tuple(sorted(item)), None, None


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_has_docs_suite_and_both_kinds_of_case(rule):
    found = next(r for r in all_rules() if r.id == rule)
    assert found.doc.summary.endswith("."), "first line says what it checks"
    assert found.doc.why and found.doc.example, "the docstring has Why: and Example:"
    assert found.module.__name__.endswith(rule.replace("-", "_")), "one name ties them"
    assert (EXPECTATIONS / f"{rule}.json").is_file()
    names = [n for r, n, _ in load_cases() if r == rule]
    assert any(n.startswith("pass_") for n in names) and any(n.startswith("fail_") for n in names)


def test_no_suite_or_fixture_without_a_rule():
    assert {p.stem for p in EXPECTATIONS.glob("*.json")} == set(RULE_IDS)
    assert {p.stem for p in FIXTURES.glob("*.yml")} == set(RULE_IDS)
