"""A living document: new revisions through ``ffcheck rebase``, and every command keeps
working while claims are stale (issue 12). Everything goes through the CLI."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from builders import BUNDLED_CLAIMS, EXPECTATIONS, ROOT
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_CLEAN, EXIT_INVALID
from ffcheck.cli.main import cli

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "revisions"))
import revisions as fixtures

DOC = "ff_syria_iraq"


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def claims_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    return folder


def revision_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text(fixtures.make(name), encoding="utf-8")
    return path


def rebase(folder: Path, new: Path, *extra: str, input: str | None = None):
    return invoke(
        "rebase",
        "--claims",
        str(folder),
        "--expectations",
        str(EXPECTATIONS),
        "--doc",
        DOC,
        "--to",
        str(new),
        "--retrieved",
        "2026-11-01",
        *extra,
        input=input,
    )


def check_json(folder: Path) -> tuple[int, dict]:
    result = invoke("check", "--claims", str(folder), "--expectations", str(EXPECTATIONS),
                    "--format", "json")  # fmt: skip
    return result.exit_code, json.loads(result.output)


def rows_by_id(folder: Path) -> dict[str, dict[str, str]]:
    rows = {}
    for path in folder.glob("*.csv"):
        if path.name in {"documents.csv", "relations.csv", "coverage_ignore.csv",
                         "revisions.csv", "reviews.csv"}:  # fmt: skip
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows.update({r["claim_id"]: r for r in csv.DictReader(handle)})
    return rows


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".ffcheck.lock"
    }


@pytest.mark.parametrize("name", sorted(fixtures.FIXTURES))
def test_rebase_finds_every_stale_claim_and_proposes_the_right_update(tmp_path, name):
    folder = claims_copy(tmp_path)
    before = tree_digest(folder)
    result = rebase(folder, revision_file(tmp_path, name), "--dry-run", "--format", "json")
    assert result.exit_code == EXIT_CLEAN, result.output
    plan = json.loads(result.output)
    status = {c["claim_id"]: c for c in plan["claims"]}
    expected = fixtures.EXPECTED[name]
    stale = {i for i, c in status.items() if c["status"] in {"changed", "gone"}}
    # Recall 100% and no unchanged claim called stale: the set is exactly the edited one.
    assert stale == expected["stale"]
    assert {i for i, c in status.items() if c["status"] == "gone"} == expected["no_counterpart"]
    for claim_id in expected["stale"] - expected["no_counterpart"]:
        proposed = status[claim_id]["proposed"]
        want = fixtures.PROPOSALS[claim_id]
        assert {k: proposed[k] for k in want} == want, claim_id
        assert proposed["claim_id"] == claim_id  # the id is kept
    assert tree_digest(folder) == before  # a dry run writes nothing


def test_a_changed_claim_has_structured_old_and_new_fields(tmp_path):
    folder = claims_copy(tmp_path)
    result = rebase(folder, revision_file(tmp_path, "figures-and-dates"), "--dry-run",
                    "--format", "json")  # fmt: skip
    claim = next(c for c in json.loads(result.output)["claims"]
                 if c["claim_id"] == "all-killed-anti-sohr-2019-03")  # fmt: skip
    assert claim["changes"]["figure"] == {"old": "65,726", "new": "67,312"}
    assert claim["changes"]["as_of"] == {"old": "2019-03", "new": "2019-06"}
    assert claim["new_line"] == 6  # the lead's third paragraph, as before


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """The complete revision taken with --apply: the state a maintainer works from."""
    tmp_path = tmp_path_factory.mktemp("applied")
    folder = claims_copy(tmp_path)
    result = rebase(folder, revision_file(tmp_path, "complete"), "--apply",
                    "--url", "https://example.org/r2")  # fmt: skip
    code, payload = check_json(folder)
    return folder, result, code, payload


def test_apply_registers_the_revision_and_writes_the_updates(applied):
    folder, result, _, _ = applied
    # exit 2: the four claims whose passage was deleted still need a decision
    assert result.exit_code == EXIT_INVALID, result.output
    with (folder / "revisions.csv").open(encoding="utf-8") as handle:
        revisions = list(csv.DictReader(handle))
    assert [(r["revision"], r["current"]) for r in revisions] == [
        ("vendored", "no"),
        ("2026-11-01", "yes"),
    ]
    new_path = folder / revisions[1]["path"]
    assert new_path.read_text(encoding="utf-8") == fixtures.make("complete")
    # the old revision's file is kept, byte for byte
    assert (folder / "sources/foreign_fighters_syria_iraq.txt").read_bytes() == (
        BUNDLED_CLAIMS / "sources/foreign_fighters_syria_iraq.txt"
    ).read_bytes()
    rows = rows_by_id(folder)
    for claim_id in fixtures.EXPECTED["complete"]["stale"] - fixtures.DELETED:
        want = fixtures.PROPOSALS[claim_id]
        assert {k: rows[claim_id][k] for k in want} == want, claim_id
    # a gone claim is left for the maintainer to decide
    assert rows["aze-present-range"]["quote"] == (
        "The estimated number of Azerbaijanis in Syria ranges from 200 to 300"
    )


def test_rules_keep_running_while_claims_are_stale(applied):
    _, _, code, payload = applied
    assert code == EXIT_INVALID
    assert sorted(payload["set_aside"]) == sorted(fixtures.DELETED)
    assert {p["code"] for p in payload["problems"] if p["severity"] == "error"} == {
        "quote-not-found"
    }
    rules = {f["rule"] for f in payload["findings"]}
    # The article's own contradictions are still found around the four stale claims.
    assert {"arithmetic-fails", "measure-exceeds-bound", "rate-exceeds-total"} <= rules
    deleted = [p for p in payload["problems"] if p["code"] == "quote-not-found"]
    assert all("no counterpart" in p["message"] for p in deleted)


def test_changed_context_is_a_warning_naming_the_new_sentence(applied):
    _, _, _, payload = applied
    warnings = {(Path(p["file"]).name, p["line"]): p for p in payload["problems"]
                if p["code"] == "context-changed"}  # fmt: skip
    # The share and the total in the SOHR sentence now stand beside "June 2019"; the
    # government-side count says "by then", which now means June.
    assert sorted(warnings) == [("overview.csv", 7), ("overview.csv", 8), ("overview.csv", 9)]
    assert "Additionally, 9,786 foreign fighters" in warnings[("overview.csv", 9)]["message"]
    assert all(p["severity"] == "warning" for p in warnings.values())


def test_report_explain_and_diff_keep_working_on_stale_claims(applied, tmp_path):
    folder, _, _, payload = applied
    page = tmp_path / "page.html"
    result = invoke("report", "--claims", str(folder), "--expectations", str(EXPECTATIONS),
                    "-o", str(page))  # fmt: skip
    assert result.exit_code == EXIT_INVALID, result.output
    html = page.read_text(encoding="utf-8")
    assert html.index("Input problems") < html.index('<article class="card')  # problems first
    result = invoke("explain", "aze-present-range", "--claims", str(folder),
                    "--expectations", str(EXPECTATIONS))  # fmt: skip
    assert result.exit_code == EXIT_CLEAN
    assert "set aside from the rules" in result.output and "line 0" not in result.output
    result = invoke("explain", "all-travelled-rate-usmil-2013-2015", "--claims", str(folder),
                    "--expectations", str(EXPECTATIONS))  # fmt: skip
    assert "Findings (1):" in result.output  # still found while others are stale
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(payload), encoding="utf-8")
    result = invoke("diff", "--baseline", str(baseline), "--claims", str(folder),
                    "--expectations", str(EXPECTATIONS))  # fmt: skip
    assert result.exit_code == EXIT_INVALID  # compared, but the input needs attention
    assert f"0 new, 0 resolved, {len(payload['findings'])} unchanged" in result.output


def test_report_does_not_crash_when_no_rule_can_run(tmp_path):
    folder = claims_copy(tmp_path)
    with (folder / "vocab" / "units.csv").open("a", encoding="utf-8") as handle:
        handle.write("junk\n")
    page = tmp_path / "page.html"
    result = invoke("report", "--claims", str(folder), "--expectations", str(EXPECTATIONS),
                    "-o", str(page))  # fmt: skip
    assert result.exit_code == EXIT_INVALID, result.output
    assert "Input problems" in page.read_text(encoding="utf-8")


def test_reviews_and_baselines_survive_a_move_only_rebase(tmp_path):
    folder = claims_copy(tmp_path)
    code, before = check_json(folder)
    target = before["findings"][0]["fingerprint"]
    result = invoke("review", target, "--claims", str(folder), "--expectations",
                    str(EXPECTATIONS), "--decision", "false_alarm", "--reviewer", "t")  # fmt: skip
    assert result.exit_code == EXIT_CLEAN, result.output
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(before), encoding="utf-8")
    new = revision_file(tmp_path, "moved-only")
    plan = json.loads(rebase(folder, new, "--dry-run", "--format", "json").output)
    # Headings now stand directly above their text: each is still found, so only the
    # claim whose sentence moved to another section changes section; each Afghanistan and
    # Iran claim moved with its own section.
    changed = {c["claim_id"]: c["changes"] for c in plan["claims"] if c["changes"]}
    assert changed == {
        "lbn-present-pro-thousands": {"section": {"old": "Lebanon", "new": "Georgia"}}
    }
    assert plan["counts"] == {"unchanged": 13, "moved": 289, "changed": 0, "gone": 0}
    result = rebase(folder, new, "--apply")
    assert result.exit_code == EXIT_CLEAN, result.output
    code, after = check_json(folder)
    assert code != EXIT_INVALID and after["problems"] == []  # headings found without blanks
    assert [f["fingerprint"] for f in after["findings"]] == [
        f["fingerprint"] for f in before["findings"]
    ]
    assert after["counts"]["reviewed"] == 1 and after["stale_reviews"] == []
    result = invoke("diff", "--baseline", str(baseline), "--claims", str(folder),
                    "--expectations", str(EXPECTATIONS), "--fail-on-new")  # fmt: skip
    assert result.exit_code == EXIT_CLEAN and "0 new, 0 resolved" in result.output


def test_renaming_a_claim_id_keeps_fingerprints_and_reviews(tmp_path):
    folder = claims_copy(tmp_path)
    _, before = check_json(folder)
    old, new = "all-killed-anti-sohr-2019-03", "all-killed-anti-sohr-march-2019"
    for path in folder.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    _, after = check_json(folder)
    assert sorted(f["fingerprint"] for f in after["findings"]) == sorted(
        f["fingerprint"] for f in before["findings"]
    )


def test_a_review_keyed_by_an_older_fingerprint_still_applies(tmp_path):
    folder = claims_copy(tmp_path)
    _, payload = check_json(folder)
    finding = next(f for f in payload["findings"] if f["rule"] == "arithmetic-fails")
    ids = sorted(c["claim_id"] for c in finding["claims"])
    # ffcheck <= 0.x keyed findings by rule, relation and claim ids
    legacy = hashlib.sha256("|".join([finding["rule"], finding["relation_id"], *ids])
                            .encode()).hexdigest()[:16]  # fmt: skip
    (folder / "reviews.csv").write_text(
        f"fingerprint,decision,note,reviewer,date\n{legacy},false_alarm,,t,2026-01-01\n",
        encoding="utf-8",
    )
    _, after = check_json(folder)
    reviewed = next(f for f in after["findings"] if f["fingerprint"] == finding["fingerprint"])
    assert reviewed["review"]["decision"] == "false_alarm" and after["stale_reviews"] == []


def test_a_renamed_section_is_a_warning_naming_the_heading(tmp_path):
    folder = claims_copy(tmp_path)
    result = rebase(folder, revision_file(tmp_path, "deleted-and-renamed"))
    assert result.exit_code == EXIT_INVALID  # the deleted passages' claims
    _, payload = check_json(folder)
    renamed = [p for p in payload["problems"] if p["code"] == "section-mismatch"]
    assert len(renamed) == 4  # the four Afghanistan claims
    assert all("'Afghan fighters'" in p["message"] and p["severity"] == "warning"
               for p in renamed)  # fmt: skip
    assert not any(i.startswith("afg-") for i in payload["set_aside"])


def test_interactive_accept_edit_drop_and_skip(tmp_path):
    folder = claims_copy(tmp_path)
    # Order of the prompts: arab_world (lbn), overview (all-killed), then shia_caucasus_asia
    # (afg, geo): accept, edit (keep the quote, give the figure again), drop, skip.
    answers = "a\ne\n\n67,312\n2019-06\nd\ns\n"
    result = rebase(folder, revision_file(tmp_path, "figures-and-dates"), "--interactive",
                    input=answers)  # fmt: skip
    assert "wrote 2 updated claim(s), dropped 1" in result.output, result.output
    rows = rows_by_id(folder)
    assert rows["lbn-killed-hezbollah-2017"]["figure"] == "between 1,900 and 2,000"
    assert rows["all-killed-anti-sohr-2019-03"]["low"] == "67312"
    assert "afg-present-fatemiyoun-2016-2017" not in rows
    assert rows["geo-travelled-citizens-sss-2016-06"]["figure"] == "around 50"  # skipped


def test_coverage_on_a_new_revision_tells_new_numbers_from_stale_ones(tmp_path):
    folder = claims_copy(tmp_path)
    rebase(folder, revision_file(tmp_path, "figures-and-dates"))
    result = invoke("coverage", "--claims", str(folder), "--format", "json")
    assert result.exit_code == EXIT_CLEAN, result.output
    uncovered = json.loads(result.output)["uncovered"]
    owners = {u["number"]: u["stale_claim"] for u in uncovered}
    assert owners["67,312"] == "all-killed-anti-sohr-2019-03"
    assert owners["1,900"] == "lbn-killed-hezbollah-2017"
    new = [u for u in uncovered if not u["stale_claim"]]
    assert [u["number"] for u in new] == ["37"]
    assert new[0]["add_command"] == (
        "ffcheck add 'In 2019, 37 Georgian women were held in camps in north-east Syria.' "
        "--figure 37 --doc ff_syria_iraq"
    )


def test_coverage_ignore_survives_lines_moving(tmp_path):
    folder = claims_copy(tmp_path)
    rebase(folder, revision_file(tmp_path, "moved-only"))
    result = invoke("coverage", "--claims", str(folder))
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "27 listed in coverage_ignore.csv" in result.output  # every entry still found


def test_a_changed_revision_file_is_a_located_problem(tmp_path):
    folder = claims_copy(tmp_path)
    source = folder / "sources" / "foreign_fighters_syria_iraq.txt"
    source.write_bytes(source.read_bytes() + b"\nAn added line.\n")
    code, payload = check_json(folder)
    assert code == EXIT_INVALID
    mismatch = [p for p in payload["problems"] if p["code"] == "revision-mismatch"]
    assert [(Path(p["file"]).name, p["line"], p["column"]) for p in mismatch] == [
        ("revisions.csv", 2, "sha256")
    ]
    assert payload["findings"]  # the rules still ran


def test_without_a_previous_revision_a_deleted_passage_has_no_counterpart(tmp_path):
    folder = claims_copy(tmp_path)
    source = folder / "sources" / "foreign_fighters_syria_iraq.txt"
    # Edited in place (no rebase): only the quote is known, not its old sentence.
    text = source.read_text(encoding="utf-8")
    text = text.replace("65,726", "65,762").replace(
        " The estimated number of Azerbaijanis in Syria ranges from 200 to 300.", ""
    )
    source.write_text(text, encoding="utf-8")
    revisions = folder / "revisions.csv"
    revisions.unlink()
    _, payload = check_json(folder)
    stale = {Path(p["file"]).name + f":{p['line']}": p["message"] for p in payload["problems"]
             if p["code"] == "quote-not-found"}  # fmt: skip
    assert "closest text now: 'According to the Syrian Observatory" in stale["overview.csv:6"]
    assert "no counterpart" in stale["shia_caucasus_asia.csv:7"]


def test_check_json_gives_each_stale_claim_structured_old_and_new_fields(tmp_path):
    folder = claims_copy(tmp_path)
    rebase(folder, revision_file(tmp_path, "figures-and-dates"))  # registered, not applied
    _, payload = check_json(folder)
    stale = {c["claim_id"]: c for c in payload["stale_claims"]}
    assert sorted(stale) == sorted(fixtures.EXPECTED["figures-and-dates"]["stale"])
    assert stale["lbn-killed-hezbollah-2017"]["changes"]["as_of"] == {"old": "2017", "new": "2018"}
    assert stale["lbn-killed-hezbollah-2017"]["proposed"]["low"] == "1900"


def test_a_quote_that_now_stands_twice_is_widened_to_its_sentence(tmp_path):
    folder = claims_copy(tmp_path)
    text = fixtures.make("moved-only").replace(
        "Another one is Muslim Shishani.",
        "Another one is Muslim Shishani. Later reports also counted around 50 Georgian citizens.",
    )
    new = tmp_path / "twice.txt"
    new.write_text(text, encoding="utf-8")
    plan = json.loads(rebase(folder, new, "--dry-run", "--format", "json").output)
    claim = next(c for c in plan["claims"] if c["claim_id"] == "geo-travelled-citizens-sss-2016-06")
    assert claim["status"] == "changed"
    assert claim["proposed"]["quote"].startswith("According to Georgia's State Security Service")
    assert claim["proposed"]["figure"] == "around 50"


def test_every_format_shows_findings_and_problems_while_claims_are_stale(applied):
    folder, _, _, _ = applied
    for fmt in ("junit", "github", "sarif", "text"):
        result = invoke("check", "--claims", str(folder), "--expectations", str(EXPECTATIONS),
                        "--format", fmt)  # fmt: skip
        assert result.exit_code == EXIT_INVALID, fmt
        assert "arithmetic-fails" in result.output, fmt  # a finding among the sound claims
        assert "aze-present-range" in result.output or "shia_caucasus_asia.csv" in result.output


def test_a_review_recorded_under_a_former_rule_name_still_applies():
    import pandas as pd

    from ffcheck.consistency.findings import ClaimRef, Finding, Report
    from ffcheck.consistency.reviews import attach_reviews

    ref = ClaimRef("a", "f.csv", 2, "quote words 12", "12", "12", "", "", "S", "FRA",
                   "travelled", doc="d")  # fmt: skip
    finding = Finding("new-name", "error", "m", [ref], "", rule_aliases=("old-name",))
    report = Report(documents=[], claims=1, quotes_verified=1, files=[], findings=[finding])
    reviews = pd.DataFrame(
        [{"fingerprint": finding.fingerprint_as("old-name"), "decision": "false_alarm",
          "note": "", "reviewer": "t", "date": "2026-01-01", "_file": "r.csv", "_line": 2}]
    )  # fmt: skip
    assert attach_reviews(report, reviews) == []
    assert finding.review is not None and report.stale_reviews == []
    assert finding.fingerprint != finding.fingerprint_as("old-name")  # a real former key


def test_a_source_dropped_around_an_unchanged_quote_is_reported(tmp_path):
    folder = claims_copy(tmp_path)
    result = rebase(folder, revision_file(tmp_path, "rewritten"), "--dry-run", "--format", "json")
    claim = next(c for c in json.loads(result.output)["claims"]
                 if c["claim_id"] == "all-travelled-jihadist-soufan-2016")  # fmt: skip
    assert claim["status"] == "unchanged"
    assert claim["notes"] == ["the words around it changed: source words according to -> none"]
    assert claim["new_sentence"].startswith("In 2016, between 27,000 to 31,000 people")


def test_a_bad_relation_is_left_out_and_every_other_rule_runs(tmp_path):
    folder = claims_copy(tmp_path)
    with (folder / "relations.csv").open("a", encoding="utf-8") as handle:
        handle.write("rel-typo,part_of,deu-travelled-778 no-such-claim,,,\n")
        handle.write("rel-units,part_of,deu-travelled-778 all-killed-anti-share-sohr-2019-03,,,\n")
    code, payload = check_json(folder)
    assert code == EXIT_INVALID
    bad = sorted(p["value"] for p in payload["problems"] if p["code"] == "bad-relation")
    assert bad == ["deu-travelled-778 no-such-claim", "rel-units"]
    _, bundled = check_json(BUNDLED_CLAIMS)
    assert len(payload["findings"]) == len(bundled["findings"])  # every one still found


def test_a_finding_can_be_reviewed_while_other_claims_are_stale(tmp_path):
    folder = claims_copy(tmp_path)
    rebase(folder, revision_file(tmp_path, "deleted-and-renamed"))
    code, payload = check_json(folder)
    assert code == EXIT_INVALID
    target = next(f["fingerprint"] for f in payload["findings"] if f["rule"] == "arithmetic-fails")
    where = ["--claims", str(folder), "--expectations", str(EXPECTATIONS)]
    result = invoke("review", target, *where, "--decision", "confirmed_error", "--reviewer", "t")
    assert result.exit_code == EXIT_CLEAN, result.output


def test_headings_directly_above_their_text_and_stacked():
    from ffcheck.text.document import Document

    text = (
        "Title\n\nReasons\nJihadism\nMany fighters came for reasons of faith.\n\n"
        "Passage\nMost travel through Turkey first.\n\n"
        "a short line that opens a paragraph\nand its next line ends it.\n"
    )
    sections = [s.title for s in Document("d", "Title", text).sections]
    # "Reasons" and "Jihadism" stack above their text; a lowercase short line is not one
    assert sections == ["Title", "Reasons", "Jihadism", "Passage"]
