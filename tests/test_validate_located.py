"""Row checks computed once per distinct value still locate each problem on its row.

Quotes are searched once per distinct (document, quote) pair and their headings found by
one search over all documents laid end to end; duplicate ids are grouped once. These
cases hold the same quote or id in several places, where a shortcut would mix them up.
"""

from __future__ import annotations

import csv

import pytest
from builders import EXPECTATIONS, claim_row, make_claims_folder, write_csv

from ffcheck.pipeline import run_check
from ffcheck.tables.load import CLAIM_COLUMNS
from ffcheck.validate import distinct


@pytest.fixture(autouse=True, params=[1, distinct.ROWS_AT_ONCE], ids=["row by row", "at once"])
def rows_at_once(request, monkeypatch):
    # the per-row loops work in slices of ROWS_AT_ONCE rows: slices of one give the same
    monkeypatch.setattr(distinct, "ROWS_AT_ONCE", request.param)


def add_document(folder, doc: str, text: str) -> None:
    (folder / "sources" / f"{doc}.txt").write_text(text, encoding="utf-8")
    with (folder / "documents.csv").open(encoding="utf-8") as handle:
        documents = list(csv.DictReader(handle))
    documents.append({**documents[0], "doc": doc, "path": f"sources/{doc}.txt"})
    write_csv(folder / "documents.csv", list(documents[0]), documents)


def problems_of(folder) -> list[tuple[str, int | None, str | None, str, str]]:
    report = run_check(folder, expectations_dir=EXPECTATIONS, with_findings=False).report
    return [
        (p.file.rsplit("/", 1)[-1], p.line, p.column, p.code, p.message) for p in report.problems
    ]


def test_one_quote_in_two_documents_is_looked_up_in_each(tmp_path):
    shared = "[x] 100 people."
    rows = [
        claim_row(claim_id="here", quote=shared, figure="100", section="Alpha"),
        claim_row(claim_id="there", doc="other", quote=shared, figure="100", section="Alpha"),
        claim_row(claim_id="twice", doc="other", quote="[y] 200 people.", figure="200",
                  section="Gamma", low=200, high=200),
    ]  # fmt: skip
    folder = make_claims_folder(tmp_path, rows, document=f"Test document\n\nAlpha\n\n{shared}\n")
    add_document(
        folder, "other", f"Other document\n\nGamma\n\n{shared}\n\n[y] 200 people. [y] 200 people.\n"
    )
    write_csv(folder / "main.csv", CLAIM_COLUMNS, rows)
    assert problems_of(folder) == [
        # the other document's heading over the same words, not the first document's
        ("main.csv", 3, "section", "section-mismatch",
         "the quote stands under the heading 'Gamma'; write that in section"),
        ("main.csv", 4, "quote", "quote-ambiguous",
         "the quote occurs more than once in the document; lengthen it"),
    ]  # fmt: skip


def test_headings_of_a_later_document_are_its_own(tmp_path):
    rows = [
        claim_row(claim_id="first", section="Beta"),
        claim_row(claim_id="second", doc="other", section="Beta"),
    ]
    document = f"Test document\n\nAlpha\n\nIntro.\n\nBeta\n\n{rows[0]['quote']}\n"
    folder = make_claims_folder(tmp_path, rows, document=document)
    add_document(folder, "other", f"Other document\n\nDelta\n\n{rows[1]['quote']}\n")
    write_csv(folder / "main.csv", CLAIM_COLUMNS, rows)
    assert problems_of(folder) == [
        ("main.csv", 3, "section", "section-mismatch",
         "the quote stands under the heading 'Delta'; write that in section"),
    ]  # fmt: skip


def test_an_id_used_three_times_names_the_other_two_places(tmp_path):
    rows = [claim_row(claim_id="same", low=n, high=n) for n in (100, 200, 300)]
    folder = make_claims_folder(tmp_path, rows)
    write_csv(folder / "main.csv", CLAIM_COLUMNS, rows[:2])
    write_csv(folder / "more.csv", CLAIM_COLUMNS, rows[2:])
    found = [p for p in problems_of(folder) if p[3] == "duplicate-id"]
    shown = str(folder / "main.csv").rsplit("/", 1)[0]
    assert [(f, line, message.replace(shown + "/", "")) for f, line, _, _, message in found] == [
        ("main.csv", 2, "also used at main.csv:3, more.csv:2"),
        ("main.csv", 3, "also used at main.csv:2, more.csv:2"),
        ("more.csv", 2, "also used at main.csv:2, main.csv:3"),
    ]
