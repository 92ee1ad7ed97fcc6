"""ffcheck propose and init: starter rows for uncovered figures, read from the text
with the vocabularies; a second document taken end to end."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from builders import BUNDLED_CLAIMS, EXPECTATIONS
from click.testing import CliRunner

from ffcheck.authoring.neighbours import Neighbours, Placed, spelled_as
from ffcheck.authoring.propose import build_lexicon, propose_sentence
from ffcheck.cli.common import EXIT_CLEAN, EXIT_USAGE
from ffcheck.cli.main import cli
from ffcheck.tables.load import CLAIM_COLUMNS, Row, load_claimset
from ffcheck.text.document import Document

SECOND = Path(__file__).parent / "fixtures" / "second_doc" / "flood_relief.txt"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def without_section(tmp_path: Path, section: str) -> Path:
    """A copy of the bundled claims without the claims of one section."""
    return without(tmp_path, lambda row: row[2] == section)


def without(tmp_path: Path, gone) -> Path:
    """A copy of the bundled claims without the claim rows ``gone(row)`` picks."""
    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    removed: set[str] = set()
    for path in folder.glob("*.csv"):
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        if rows and rows[0][:3] == ["claim_id", "doc", "section"]:
            removed |= {r[0] for r in rows[1:] if gone(r)}
            kept = [rows[0]] + [r for r in rows[1:] if not gone(r)]
            write_rows(path, kept)
    relations = folder / "relations.csv"
    rows = list(csv.reader(relations.open(encoding="utf-8", newline="")))
    write_rows(relations, [r for r in rows if not removed & set(r[2].split())])
    return folder


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)


def test_propose_reads_a_removed_section_back(tmp_path):
    folder = without_section(tmp_path, "Norway")
    out = tmp_path / "proposals.csv"
    result = run("propose", "--claims", str(folder), "--section", "Norway", "--out", str(out))
    assert result.exit_code == EXIT_CLEAN, result.output
    rows = {r["figure"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    # "At least 50 were thought to have traveled from Norway to Syria to fight for the Islamists"
    fifty = rows["At least 50"]
    assert (fifty["low"], fifty["high"], fifty["qualifier"]) == ("50", "", "at_least")
    assert (fifty["subject"], fifty["measure"], fifty["side"]) == (
        "NOR",
        "travelled",
        "anti_government",
    )
    assert fifty["confidence_subject"] == "0.9"  # "from Norway": an origin in the sentence
    # "never more than" style is not in this section; "up to six" years in prison is:
    assert (rows["up to six"]["high"], rows["up to six"]["unit"]) == ("6", "years")


def test_propose_to_standard_output_is_csv_with_confidences(tmp_path):
    folder = without_section(tmp_path, "Norway")
    result = run("propose", "--claims", str(folder), "--section", "Norway")
    assert result.exit_code == EXIT_CLEAN
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[: len(CLAIM_COLUMNS)] == CLAIM_COLUMNS
    assert header[len(CLAIM_COLUMNS) :][:2] == ["confidence_figure", "confidence_subject"]


def test_an_unknown_heading_names_the_nearest_heading_found(tmp_path):
    result = run("propose", "--claims", str(BUNDLED_CLAIMS), "--section", "Norwy")
    assert result.exit_code == EXIT_USAGE
    assert "no heading 'Norwy'" in result.output and "'Norway'" in result.output


def test_interactive_propose_appends_accepted_rows_like_add(tmp_path):
    folder = without_section(tmp_path, "Norway")
    # accept the first proposal, skip the second, quit
    result = run(
        "propose",
        "--claims",
        str(folder),
        "--section",
        "Norway",
        "--interactive",
        input="a\ns\nq\n",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "1 claim(s) added" in result.output
    claims = load_claimset(folder).claims
    added = claims[claims["section"] == "Norway"]
    assert list(added["figure"]) == ["two"]  # "a Somali and two Kosovars": the first figure
    checked = run("check", "--claims", str(folder), "--expectations", str(EXPECTATIONS))
    assert checked.exit_code in (0, 1), checked.output  # the folder stays valid


def test_the_gazetteer_finds_demonyms_countries_and_regions():
    lexicon = build_lexicon(load_claimset(BUNDLED_CLAIMS).vocab)
    text = (
        "Title\n\nTest\n\n"
        "Officials said 40 people from Chile had gone; about 30 Tunisians and 12 Europeans came.\n"
    )
    document = Document("t", "Title", text)
    found = propose_sentence(document, lexicon, text.index("40"))
    # Chile from pycountry (no alias), Tunisians from aliases.csv, Europeans a region.
    assert [p.row["subject"] for p in found] == ["CHL", "TUN", "EUROPE"]


def test_a_second_document_end_to_end(tmp_path):
    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    shutil.copy(SECOND, folder / "sources" / SECOND.name)
    with (folder / "documents.csv").open("a", encoding="utf-8") as out:
        out.write(
            f"flood_vale,sources/{SECOND.name},Flood relief volunteers in the Lower Vale,"
            "synthetic test document,2019-01-01,2019-12-31\n"
        )
    starter = folder / "flood_vale.csv"
    result = run(
        "propose",
        "--claims",
        str(folder),
        "--doc",
        "flood_vale",
        "--no-confidence",
        "--add-subjects",
        "--out",
        str(starter),
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "CHL,Chile,country,ALL" in result.output  # Chile is not in this vocabulary
    rows = {r["figure"]: r for r in csv.DictReader(starter.open(encoding="utf-8"))}
    # Every uncovered figure of the synthetic text, and nothing from "1914–18" or "35th".
    assert sorted(rows) == sorted(
        [
            "about 1,200",
            "Roughly 30%",
            "never more than 400",
            "at least 85",
            "Three quarters",
            "240",
            "between 16.7% and 29.2%",
            "60",
        ]
    )
    assert rows["never more than 400"]["qualifier"] == "up_to"
    assert (rows["about 1,200"]["period_start"], rows["about 1,200"]["period_end"]) == (
        "2019-03",
        "2019-05",
    )
    assert rows["about 1,200"]["source"] == "Regional Relief Office"
    assert rows["60"]["as_of"] == "2019"  # not 1918: "1914–18" dates another clause
    checked = run(
        "check", "--claims", str(folder), "--expectations", str(EXPECTATIONS), "--format", "json"
    )
    assert checked.exit_code in (0, 1), checked.output  # valid: no input problem
    assert '"flood_vale"' in checked.output and '"ff_syria_iraq"' in checked.output


def test_init_starts_a_folder_that_propose_and_check_accept(tmp_path):
    folder = tmp_path / "new"
    made = run(
        "init",
        str(folder),
        "--document",
        str(SECOND),
        "--doc",
        "flood_vale",
        "--title",
        "Flood relief",
        "--frame-start",
        "2019-01-01",
        "--frame-end",
        "2019-12-31",
    )
    assert made.exit_code == EXIT_CLEAN, made.output
    assert {p.name for p in (folder / "vocab").iterdir()} >= {"sides.csv", "subjects.csv"}
    proposed = run(
        "propose",
        "--claims",
        str(folder),
        "--no-confidence",
        "--add-subjects",
        "--out",
        str(folder / "flood.csv"),
    )
    assert proposed.exit_code == EXIT_CLEAN, proposed.output
    checked = run("check", "--claims", str(folder), "--expectations", str(EXPECTATIONS))
    assert checked.exit_code == EXIT_CLEAN, checked.output
    assert "claims: 8 in 1 files" in checked.output and "problems: 0" in checked.output
    again = run("init", str(folder), "--document", str(SECOND), "--doc", "x", "--title", "x")
    assert again.exit_code == EXIT_USAGE  # never over an existing folder


def test_interactive_edit_checks_each_answer_then_appends(tmp_path):
    folder = without_section(tmp_path, "Norway")
    # edit: low, high, then the asked columns (subject, side, ...); "sideways" is refused
    # and asked again; then accept, and quit.
    edits = ["", "", "", "sideways", "pro_government"] + [""] * 11
    answers = ["e", *edits, "a", "q"]
    result = run(
        "propose",
        "--claims",
        str(folder),
        "--section",
        "Norway",
        "--interactive",
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "'sideways' is not in vocab/sides.csv" in result.output
    claims = load_claimset(folder).claims
    added = claims[claims["section"] == "Norway"]
    assert list(added["side"]) == ["pro_government"]


def test_coverage_of_a_new_folder_names_the_whole_figure_of_each_number(tmp_path):
    folder = tmp_path / "new"
    run("init", str(folder), "--document", str(SECOND), "--doc", "flood_vale", "--title", "F")
    result = run("coverage", "--claims", str(folder))
    # One grammar for coverage, add and propose: the number's figure, qualifier and all.
    assert "'16.7' (figure 'between 16.7% and 29.2%')" in result.output
    assert "'400' (figure 'never more than 400')" in result.output
    assert "'35'" not in result.output and "'18'" not in result.output  # ordinal, year end


def test_dates_of_the_clause_a_heading_date_and_us_order():
    from ffcheck.authoring.readers import day_first, read_dates

    # Same length, so offsets into the sentence still hold.
    assert day_first("On August 19, 2019, they") == "On 19 August  2019, they"
    dates, _ = read_dates("On August 19, 2019, four children were handed over", 20, "")
    assert dates["as_of"] == "2019-08-19"
    dates, _ = read_dates("in the first half of 2013, 600 died", 27, "")
    assert (dates["period_start"], dates["period_end"], dates["as_of"]) == (
        "2013-01",
        "2013-06",
        "2013-06",
    )


def _proposed(text: str, figure: str, neighbours=None) -> dict[str, str]:
    lexicon = build_lexicon(load_claimset(BUNDLED_CLAIMS).vocab)
    document = Document("t", "Foreign fighters in the Syrian and Iraqi Civil Wars", text)
    at = text.index(figure)
    found = propose_sentence(document, lexicon, at, neighbours)
    return next(p.row for p in found if p.start <= at < p.end)


def test_a_list_of_places_is_the_subject_listing_exactly_them():
    text = "Title\n\nTest\n\nAround 75-300 fighters came from Libya, Tunisia, and Algeria.\n"
    # region_members.csv lists LBY_TUN_DZA as exactly these three; one of them alone is not it.
    assert _proposed(text, "Around 75-300")["subject"] == "LBY_TUN_DZA"


def test_a_place_in_the_speakers_name_is_not_the_subject():
    text = "Title\n\nTest\n\nAccording to the U.S. State Department, 40,000 fighters have gone.\n"
    # "U.S." names who says it; the fighters are everyone's (the root subject).
    assert _proposed(text, "40,000")["subject"] == "ALL"


def test_what_the_text_leaves_open_comes_from_the_claim_beside_it():
    text = (
        "Title\n\nTest\n\n"
        "In May 2014, 40 people had gone to fight for the rebels. Another 12 returned.\n"
    )
    document = Document("t", "Title", text)
    start = text.index("40 people")
    neighbour = Row(
        claim_id="n",
        side="anti_government",
        source="The Agency, May 2014",
        as_of="2014-05",
        subject="ALL",
    )
    placed = Placed(
        start, start + 2, document.sentence_at(start)[0][0], document.paragraph(start)[0], neighbour
    )
    neighbours = Neighbours({"t": [placed]})
    alone = _proposed(text, "12 returned")
    helped = _proposed(text, "12 returned", neighbours)
    # Alone, the second sentence states no source, and its side and date only stand
    # in the sentence before (read with less confidence than a neighbour's).
    assert alone["source"] == ""
    assert (helped["side"], helped["source"], helped["as_of"]) == (
        "anti_government",
        "The Agency, May 2014",
        "2014-05",
    )
    # The claim on the figure itself is never read (it would be the answer): alone again.
    assert _proposed(text, "40 people", neighbours)["source"] == ""


def test_a_source_takes_the_spelling_the_claims_give_it():
    written = [
        Row(source="ICCT, April 2016"),
        Row(source="Bernard Hogan-Howe, Metropolitan Police Commissioner"),
    ]
    # Initials of the name read, and the same words in another order.
    assert (
        spelled_as("International Centre for Counter-Terrorism, April 2016", written)
        == "ICCT, April 2016"
    )
    assert (
        spelled_as("Metropolitan Police Commissioner Bernard Hogan-Howe", written)
        == written[1]["source"]
    )
    assert spelled_as("Kosovo police", written) is None


def test_propose_reads_the_claims_left_beside_a_removed_one(tmp_path):
    folder = without(tmp_path, lambda row: row[0] == "gbr-travelled-rate-hogan-howe-2014-10")
    out = run("propose", "--claims", str(folder), "--section", "United Kingdom", "--out", "-")
    assert out.exit_code == EXIT_CLEAN, out.output
    rows = list(csv.DictReader(io.StringIO(out.output[out.output.index("claim_id") :])))
    five = next(r for r in rows if r["figure"] == "five")  # of "an average of five"
    # The text says "Metropolitan Police Commissioner Bernard Hogan-Howe"; the claims
    # beside it write him "Bernard Hogan-Howe, Metropolitan Police Commissioner".
    assert five["source"] == "Bernard Hogan-Howe, Metropolitan Police Commissioner"
    assert five["side"] == "anti_government"  # as the four claims of his paragraph


def test_the_verb_governing_a_figure_and_a_shares_predicate_name_its_measure():
    lost = "Title\n\nTest\n\nHezbollah had lost between 1,700 and 1,800 fighters in the war.\n"
    # "fighters in" (present) follows the figure, but "had lost" governs it.
    assert _proposed(lost, "between 1,700")["measure"] == "killed"
    share = "Title\n\nTest\n\nThe study found 69% of recruits reported a secondary education.\n"
    # "recruits" is whom the share is of; what follows says what it counts.
    assert _proposed(share, "69%")["measure"] == "education"
