"""The bundled document and claims, end to end: the document's real contradictions
are found, and the relations that hold are not flagged."""

from __future__ import annotations

import csv

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS

from ffcheck.authoring.coverage import measure_coverage
from ffcheck.pipeline import run_check


@pytest.fixture(scope="module")
def report():
    result = run_check(BUNDLED_CLAIMS, expectations_dir=EXPECTATIONS).report
    return result


def claim_rows_in(folder):
    """Data rows of the claim tables, counted with the csv module, not with ffcheck."""
    from ffcheck.tables.load import RESERVED_FILES

    tables = [p for p in folder.glob("*.csv") if p.name not in RESERVED_FILES]
    return sum(len(list(csv.DictReader(p.open(encoding="utf-8")))) for p in tables)


def findings_of(report, rule):
    return {frozenset(c.claim_id for c in f.claims): f for f in report.findings if f.rule == rule}


def test_bundled_claims_are_valid_and_every_quote_is_verified(report):
    assert report.problems == [], [str(p) for p in report.problems[:5]]
    # Every data row of every claim table is a claim, and every claim's quote is verified.
    assert report.claims == claim_rows_in(BUNDLED_CLAIMS) > 0
    assert report.quotes_verified == report.claims
    assert set(report.rules_run) >= {"part-exceeds-whole", "sources-disagree", "region-exceeds"}


def test_coverage_of_the_document_is_at_least_95_percent():
    result = measure_coverage(BUNDLED_CLAIMS)
    assert result.problems == []
    assert result.percent >= 95.0, [u.number for u in result.uncovered]


MUST_FIND = [
    # 65,726 foreign anti-government fighters killed > 5,000 to over 10,000 who ever fought.
    (
        "measure-exceeds-bound",
        "error",
        {"all-killed-anti-sohr-2019-03", "all-travelled-anti-sunni-5000-to-over-10000"},
    ),
    # 2,000 a month over 2013-2015 (72,000) > 27,000-31,000 who had travelled by 2016.
    (
        "rate-exceeds-total",
        "error",
        {"all-travelled-rate-usmil-2013-2015", "all-travelled-jihadist-soufan-2016"},
    ),
    # "there are 50 weeks in a year".
    ("arithmetic-fails", "error", {"gbr-duration-weeks-in-year-hogan-howe-2014-10"}),
    # Hezbollah lost 1,700-1,800 by 2017; "at least 1,232" Lebanese Shia militia dead in 2018.
    (
        "part-exceeds-whole",
        "warning",
        {"lbn-killed-hezbollah-2017", "lbn-killed-shia-militia-2018"},
    ),
    # 54,000 by September 2014 (Syrian Arab Army), 27,000-31,000 in 2016 (Soufan).
    (
        "series-decreases",
        "warning",
        {"all-travelled-jihadist-saa-2014-09", "all-travelled-jihadist-soufan-2016"},
    ),
    # "almost 3700" from four countries whose own figures add up to at most 2,936 as stated.
    (
        "sum-mismatch",
        "warning",
        {
            "eu4-travelled-soufan-2015-12",
            "fra-travelled-icct-2015",
            "deu-travelled-range",
            "gbr-travelled-icct-2016-04",
            "bel-travelled-icct-2016",
        },
    ),
    # Germany: "between 720 and 760" and "778 individuals".
    ("sources-disagree", "warning", {"deu-travelled-778", "deu-travelled-range"}),
]


@pytest.mark.parametrize(("rule", "severity", "claims"), MUST_FIND, ids=[m[0] for m in MUST_FIND])
def test_the_documents_contradictions_are_found(report, rule, severity, claims):
    found = findings_of(report, rule)
    assert frozenset(claims) in found, sorted(sorted(k) for k in found)
    assert found[frozenset(claims)].severity == severity


MUST_NOT_FLAG = [
    "rel-all-killed-anti-share-sohr-2019",  # 65,726 of 132,824 = 49.5%: "nearly half"
    "rel-deu-criminal-record-share-778",  # 504 of 778 = 64.8%: "nearly two thirds"
    "rel-deu-criminal-record-isil-share-vs-778",  # "between 60% to two thirds"
    "rel-nld-present-shares-complete",  # three quarters + the remaining quarter
    "rel-eu4-within-weu-soufan-2015",  # almost 3700 within 5000
    "rel-all-killed-pro-components",  # national tolls within SOHR's 9,786
    "rel-gbr-rate-projection",  # 5 a week x 50 weeks = 250
    "rel-all-education-shares-fit",  # 69% + 15% <= 100%
    "rel-bel-632-restated",
    "rel-esp-sample-restated",
    "rel-mys-returned-breakdown",  # 11 = 8 men + a woman + 2 children
]


@pytest.mark.parametrize("relation_id", MUST_NOT_FLAG)
def test_consistent_relations_are_not_flagged(report, relation_id):
    assert relation_id not in {f.relation_id for f in report.findings}


def test_flattened_findings_read_as_rule_severity_and_claims(report):
    flat = report.flatten()
    assert ("arithmetic-fails", "error", "gbr-duration-weeks-in-year-hogan-howe-2014-10") in flat
    assert flat == sorted(flat), "sorted, for stable assertions"


def test_no_two_findings_share_a_fingerprint(report):
    # A review names its finding by fingerprint: two findings with one would share a review.
    fingerprints = [f.fingerprint for f in report.findings]
    assert sorted(set(fingerprints)) == sorted(fingerprints)
