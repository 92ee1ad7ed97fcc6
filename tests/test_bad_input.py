"""Each kind of bad input: one clear problem naming file, line and column; exit 2;
no traceback; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import check_json, claim_row, make_claims_folder
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_CLEAN, EXIT_INVALID
from ffcheck.cli.main import cli


def run_check(folder: Path) -> tuple[int, dict]:
    return check_json(folder)


def good_rows() -> list[dict[str, str]]:
    return [
        claim_row(claim_id="fra-a", low="100", high="100"),
        claim_row(claim_id="fra-b", subject="DEU", low="200", high="200"),
    ]


def only_problem(payload: dict) -> dict:
    assert len(payload["problems"]) == 1, payload["problems"]
    return payload["problems"][0]


def test_a_good_folder_is_valid(tmp_path):
    code, payload = run_check(make_claims_folder(tmp_path, good_rows()))
    assert code == EXIT_CLEAN and payload["valid"] and payload["claims"] == 2
    assert payload["quotes_verified"] == 2


def rewrite(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


# (name, how to break the folder, expected code, file, line, column)
CASES = [
    (
        "ragged row",
        lambda f: rewrite(f / "main.csv", b"fra-b,", b"fra-b,extra,"),
        "ragged-row",
        "main.csv",
        3,
        None,
    ),
    (
        "unclosed quote",
        lambda f: rewrite(f / "main.csv", b"fra-b,", b'"fra-b,'),
        "csv-syntax",
        "main.csv",
        3,
        None,
    ),
    (
        "not utf-8",
        lambda f: rewrite(f / "main.csv", b"[fra-b]", b"[fr\xe9-b]"),
        "encoding",
        "main.csv",
        3,
        None,
    ),
    (
        "nul byte",
        lambda f: rewrite(f / "main.csv", b"fra-b,", b"fra-b\x00,"),
        "nul-byte",
        "main.csv",
        3,
        None,
    ),
    (
        "unknown subject",
        lambda f: rewrite(f / "main.csv", b",DEU,", b",XXX,"),
        "schema",
        "main.csv",
        3,
        "subject",
    ),
    (
        "unknown measure",
        lambda f: rewrite(f / "main.csv", b"travelled,,200", b"teleported,,200"),
        "schema",
        "main.csv",
        3,
        "measure",
    ),
    (
        "low not a number",
        lambda f: rewrite(f / "main.csv", b",200,200,", b",two hundred,200,"),
        None,
        "main.csv",
        3,
        "low",
    ),
    (
        "impossible date",
        lambda f: rewrite(f / "main.csv", b"persons,2015,,,,200", b"persons,2015-02-30,,,,200"),
        "schema",
        "main.csv",
        3,
        "as_of",
    ),
    (
        "missing column",
        lambda f: rewrite(f / "main.csv", b",measure,", b",measured,"),
        None,
        "main.csv",
        1,
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "breaker", "code", "file", "line", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_gets_one_located_problem(tmp_path, name, breaker, code, file, line, column):
    folder = make_claims_folder(tmp_path, good_rows())
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    breaker(folder)
    exit_code, payload = run_check(folder)
    assert exit_code == EXIT_INVALID
    problems = payload["problems"]
    assert problems, name
    first = problems[0]
    assert first["file"].endswith(file) and first["line"] == line
    if column:
        assert any(p["column"] == column for p in problems)
    if code:
        assert first["code"] == code
    after = {p for p in folder.rglob("*") if p.is_file()}
    assert after == set(before), "check must not write files"


def test_low_above_high(tmp_path):
    rows = [claim_row(claim_id="fra-a", qualifier="range", low="500", high="400", figure="500-400")]
    code, payload = run_check(make_claims_folder(tmp_path, rows))
    assert code == EXIT_INVALID
    problem = next(p for p in payload["problems"] if p["column"] == "low")
    assert problem["line"] == 2 and "above high" in problem["message"]


def test_duplicate_id_across_two_files(tmp_path):
    folder = make_claims_folder(tmp_path, good_rows())
    (folder / "second.csv").write_bytes(
        (folder / "main.csv").read_bytes().replace(b"[fra-a] 100", b"[fra-a] again 100")
    )
    code, payload = run_check(folder)
    assert code == EXIT_INVALID
    dups = [p for p in payload["problems"] if p["code"] == "duplicate-id"]
    assert {Path(p["file"]).name for p in dups} == {"main.csv", "second.csv"}
    assert all("also used at" in p["message"] for p in dups)


def test_quote_not_in_the_document(tmp_path):
    rows = good_rows()
    folder = make_claims_folder(tmp_path, rows)
    rewrite(folder / "sources" / "doc.txt", b"[fra-b] 200", b"[fra-b] 300")
    _, payload = run_check(folder)
    codes = {(p["code"], p["line"], p["column"]) for p in payload["problems"]}
    assert ("quote-not-found", 3, "quote") in codes


def test_quote_whose_number_differs_from_the_row(tmp_path):
    rows = [
        claim_row(
            claim_id="fra-a", low="100", high="100", figure="150", quote="[fra-a] 150 people."
        )
    ]
    _, payload = run_check(make_claims_folder(tmp_path, rows))
    problem = only_problem(payload)
    assert (problem["code"], problem["column"], problem["value"]) == (
        "figure-mismatch",
        "figure",
        "150",
    )


def test_quote_found_twice(tmp_path):
    rows = good_rows()
    text = "T\n\nTest\n\n" + rows[0]["quote"] + "\n" + rows[0]["quote"] + "\n" + rows[1]["quote"]
    _, payload = run_check(make_claims_folder(tmp_path, rows, document=text))
    assert only_problem(payload)["code"] == "quote-ambiguous"


def test_missing_and_empty_claims_folder(tmp_path):
    code, payload = run_check(tmp_path / "nowhere")
    assert code == EXIT_INVALID and only_problem(payload)["code"] == "missing-folder"
    folder = make_claims_folder(tmp_path, good_rows())
    (folder / "main.csv").unlink()
    code, payload = run_check(folder)
    assert code == EXIT_INVALID
    assert "empty-folder" in {p["code"] for p in payload["problems"]}


def test_spreadsheet_files_with_bom_and_crlf_load(tmp_path):
    folder = make_claims_folder(tmp_path, good_rows())
    path = folder / "main.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, payload = run_check(folder)
    assert code == EXIT_CLEAN and payload["claims"] == 2


def test_text_output_names_file_line_and_column(tmp_path):
    folder = make_claims_folder(tmp_path, good_rows())
    rewrite(folder / "main.csv", b",DEU,", b",XXX,")
    result = CliRunner().invoke(cli, ["check", "--claims", str(folder)])
    assert result.exit_code == EXIT_INVALID
    assert "main.csv:3 [subject]" in result.output and "'XXX'" in result.output


VOCAB_CASES = [
    ("measures.csv", b"killed,yes,travelled", b"killed,maybe,travelled", "cumulative"),
    ("measures.csv", b"killed,yes,travelled", b"killed,yes,voyaged", "bounded_by"),
    ("subjects.csv", b"FRA,France,country", b"FRANCE,France,country", "subject"),
    ("qualifiers.csv", b"approx,yes,yes,0.15,0.15", b"approx,yes,yes,15,0.15", "widen_low"),
    ("region_members.csv", b"EU,FRA", b"EU,XYZ", "member"),
    ("qualifiers.csv", b"vague,yes,optional", b"vague,yes,maybe", "needs_high"),
    ("phrases.csv", b"hundreds,count,", b"hundreds,counts,", "kind"),
    ("phrases.csv", b"\nmost,share,50,100", b"\nmost,share,50,150", "high"),  # a share past 100%
]


@pytest.mark.parametrize(
    ("file", "old", "new", "column"), VOCAB_CASES, ids=[c[3] for c in VOCAB_CASES]
)
def test_a_broken_vocabulary_is_located(tmp_path, file, old, new, column):
    folder = make_claims_folder(tmp_path, good_rows())
    rewrite(folder / "vocab" / file, old, new)
    code, payload = run_check(folder)
    assert code == EXIT_INVALID
    problem = next(p for p in payload["problems"] if p["file"].endswith(file))
    assert problem["column"] == column and problem["line"] > 1


def test_quote_under_another_heading_is_a_section_mismatch(tmp_path):
    # The row says "Elsewhere", but its quote stands under the document's "Test" heading.
    # A misplaced heading is a warning (the claim still counts), named with the right one.
    rows = [claim_row(claim_id="fra-a", section="Elsewhere", low="100", high="100")]
    _, payload = run_check(make_claims_folder(tmp_path, rows))
    problem = only_problem(payload)
    assert (problem["code"], problem["line"], problem["column"], problem["severity"]) == (
        "section-mismatch",
        2,
        "section",
        "warning",
    )
    assert "'Test'" in problem["message"]


def test_figure_missing_from_its_quote_is_a_problem(tmp_path):
    # "100" reads as the row's value, but the quote says "a hundred": the figure must be
    # a verbatim part of the quote.
    rows = [claim_row(claim_id="fra-a", figure="100", quote="[fra-a] a hundred people.")]
    code, payload = run_check(make_claims_folder(tmp_path, rows))
    assert code == EXIT_INVALID
    problem = only_problem(payload)
    assert (problem["code"], problem["line"], problem["column"]) == (
        "figure-not-in-quote",
        2,
        "figure",
    )
