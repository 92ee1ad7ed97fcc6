"""Inferred rules compare claims across documents when subject, measure and scope match
(engine v2, item 1): two documents' figures for one quantity that cannot both be true."""

from __future__ import annotations

import csv

from builders import EXPECTATIONS, claim_row, make_claims_folder, write_csv

from ffcheck.pipeline import run_check
from ffcheck.tables.load import CLAIM_COLUMNS


def test_two_documents_figures_for_one_quantity_are_compared(tmp_path):
    mine = claim_row(claim_id="fra-here", low=900, high=900)
    theirs = claim_row(claim_id="fra-there", doc="other", low=1500, high=1500)
    folder = make_claims_folder(tmp_path, [mine])
    (folder / "sources" / "other.txt").write_text(
        f"Other document\n\nTest\n\n{theirs['quote']}\n", encoding="utf-8"
    )
    with (folder / "documents.csv").open(encoding="utf-8") as handle:
        documents = list(csv.DictReader(handle))
    documents.append({**documents[0], "doc": "other", "path": "sources/other.txt"})
    write_csv(folder / "documents.csv", list(documents[0]), documents)
    write_csv(folder / "main.csv", CLAIM_COLUMNS, [mine, theirs])
    report = run_check(folder, expectations_dir=EXPECTATIONS).report
    assert report.problems == [], [str(p) for p in report.problems]
    found = {
        (f.rule, f.severity, f.reading, frozenset(c.claim_id for c in f.claims))
        for f in report.findings
    }
    # 900 and 1,500 France, both 2015, one document each: the sources disagree.
    assert (
        "sources-disagree",
        "warning",
        "tolerant",
        frozenset({"fra-here", "fra-there"}),
    ) in found
