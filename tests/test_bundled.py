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
    # "British fighters were the largest foreign contingent" of ISIL (line 272), yet the UK's
    # 700-760 (all groups) is below Tunisia's "about 7000" to the Islamic State (line 80).
    ("ranking-violated", "warning", {"gbr-travelled-icct-2016-04", "tun-travelled-isil-2017"}),
    # ... and below the Civic Chamber's "about 2,500" Russian citizens with ISIL (2015).
    (
        "ranking-violated",
        "warning",
        {"gbr-travelled-icct-2016-04", "rus-present-isil-civic-chamber-2015-09"},
    ),
    # Ireland among the EU's "most citizens fighting there" (June 2014), yet about 50 Irish
    # (January 2015) against more than 139 from Spain (November 2015).
    ("ranking-violated", "warning", {"irl-travelled-2015-01", "esp-travelled-icct-2015-11"}),
    # Soufan (2015) ranks Western Europe (5000) above the former Soviet republics, yet the
    # Civic Chamber counts about 7,000 from post-Soviet states other than Russia with ISIL.
    (
        "ranking-violated",
        "warning",
        {"weu-travelled-soufan-2015-12", "fsu-other-present-isil-civic-chamber-2015-09"},
    ),
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
    # "The most significant Lebanese force ... Hezbollah ... 10,000" within "Thousands of
    # Lebanese": the band of "thousands" reaches 10,000 (line 100: "as many as 10,000").
    "rel-lbn-hezbollah-in-lbn-pro-thousands",
    "rel-afg-fatemiyoun-in-shia-thousands",  # 10,000-20,000 meets "Thousands" at 10,000
    "rel-irn-thousands-as-many-as-10000",  # "Thousands of Iranian operatives - as many as 10,000"
    "rel-lby-largest-alqaeda-2013",  # "several hundred" Libyans reach "over 500" Jordanians
    "rel-soufan-countries-order-2015",  # Tunisia's about 7000 above Russia's about 2,500
    "rel-soufan-countries-largest-2015",  # Russia's 2,500 above France, the UK, Belgium
    "rel-tun-largest-mena-isil-2017",  # about 7000 above the 2,000 of Moroccan origin
    "rel-eu-most-citizens-2014-gbr",  # up to 700 reaches more than 139
    "rel-eu-most-citizens-2014-fra",
    "rel-pak-ttp-reached-in-sent-hundreds",  # 100 reached Syria of the "hundreds" sent
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


def test_the_data_lints_find_nothing_left_to_fix(report):
    # Each claim the lints flagged was fixed in the CSV (scope "video-sample" and
    # "survey-sample", a side, a source); what is left would be a new encoding slip.
    lints = {"source-or-date-unrecorded", "side-differs-in-paragraph", "sample-as-population"}
    assert lints <= set(report.rules_run)
    assert [f.rule for f in report.findings if f.rule in lints] == []


def test_the_comparatives_flag_only_the_pinned_contradictions(report):
    # 7 "largest" and 2 new ranking relations and 13 part_of relations with vague claims
    # are declared; only the four rankings pinned in MUST_FIND contradict the figures.
    pinned = {frozenset(c) for r, _, c in MUST_FIND if r == "ranking-violated"}
    assert set(findings_of(report, "ranking-violated")) == pinned
    assert findings_of(report, "part-exceeds-whole").keys() == {
        frozenset({"lbn-killed-hezbollah-2017", "lbn-killed-shia-militia-2018"})
    }
