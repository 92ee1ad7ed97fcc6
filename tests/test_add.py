"""ffcheck add: finds the quote, proposes the row, validates it like check, appends it
safely (byte for byte, atomically, under a lock) and shows what it contradicts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import EXPECTATIONS, claim_row, make_claims_folder
from click.testing import CliRunner

from ffcheck.cli.common import EXIT_CLEAN, EXIT_INVALID, EXIT_USAGE
from ffcheck.cli.main import cli
from ffcheck.tables.safe_write import KILL_AT_ENV, WRITE_STEPS

EXTRA = (
    "Germany\n\nIn 2016, about 900 people had travelled from Germany to the conflict, "
    "while 30 percent had returned. A later survey in 2016 found 1,500 Germans had gone.\n"
)


def folder_with_text(tmp_path: Path) -> Path:
    rows = [
        claim_row(
            claim_id="deu-a",
            subject="DEU",
            low="720",
            high="760",
            qualifier="range",
            as_of="2016",
            quote='[deu-a] "between 720 and 760" people.',
            figure="between 720 and 760",
        )
    ]
    document = "Test document\n\nTest\n\n" + rows[0]["quote"] + "\n\n" + EXTRA
    return make_claims_folder(tmp_path, rows, document=document)


def add(folder: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(
        cli,
        ["add", *args, "--claims", str(folder), "--expectations", str(EXPECTATIONS)],
        input=input,
    )


def test_non_interactive_add_reads_the_row_from_the_text(tmp_path):
    folder = folder_with_text(tmp_path)
    before = (folder / "main.csv").read_bytes()
    result = add(
        folder,
        "In 2016, about 900 people had travelled from Germany",
        "--no-input",
        "--side",
        "anti_government",
        "--file",
        str(folder / "main.csv"),
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "section 'Germany'" in result.output
    after = (folder / "main.csv").read_bytes()
    assert after.startswith(before), "other rows stay byte for byte"
    added = after[len(before) :].decode()
    assert added.startswith("deu-travelled-text-2016,test_doc,Germany,DEU,anti_government,")
    assert ",900,900,approx,persons,2016," in added
    # "about 900" admits 765-1,035, which misses 720-760 of the same year: a warning.
    assert "sources-disagree" in result.output


def test_a_new_section_goes_to_a_new_claim_table(tmp_path):
    folder = folder_with_text(tmp_path)
    result = add(folder, "In 2016, about 900 people had travelled from Germany", "--no-input")
    assert result.exit_code == EXIT_CLEAN, result.output
    lines = (folder / "germany.csv").read_text().splitlines()
    assert lines[0].startswith("claim_id,doc,section") and len(lines) == 2


def test_interactive_add_asks_for_what_it_cannot_read(tmp_path):
    folder = folder_with_text(tmp_path)
    # subject, side, group, cohort, measure, scope, qualifier, unit, as of, period start,
    # period end, source, note (an empty answer takes the proposal)
    answers = ["", "anti_government", "", "", "", "", "", "", "2016", "", "", "a survey", ""]
    result = add(
        folder, "while 30 percent had returned", "--interactive", input="\n".join(answers) + "\n"
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "subject [DEU]" in result.output and "measure [returned]" in result.output
    for asked in ("group []", "scope []", "qualifier [exact]", "note []"):
        assert asked in result.output
    line = (folder / "germany.csv").read_text().splitlines()[-1]
    assert ",returned,,30,30,exact,percent,2016," in line and "a survey" in line


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("no such words in the text", "does not occur verbatim"),
        ("Germany", "occurs"),
        (
            "about 900 people had travelled from Germany to the conflict, while 30 percent",
            "2 figures",
        ),
    ],
)
def test_quote_not_found_ambiguous_or_unclear_is_refused(tmp_path, quote, message):
    folder = folder_with_text(tmp_path)
    before = (folder / "main.csv").read_bytes()
    result = add(folder, quote, "--no-input", "--subject", "DEU", "--measure", "travelled")
    assert result.exit_code == EXIT_INVALID
    assert message in result.output
    assert (folder / "main.csv").read_bytes() == before


def test_refused_duplicate_and_invalid_rows_leave_the_file_as_it_was(tmp_path):
    folder = folder_with_text(tmp_path)
    before = (folder / "main.csv").read_bytes()
    result = add(
        folder,
        '"between 720 and 760" people',
        "--no-input",
        "--subject",
        "DEU",
        "--measure",
        "travelled",
    )
    assert result.exit_code == EXIT_INVALID and "already claim deu-a" in result.output
    result = add(
        folder,
        "about 900 people had travelled",
        "--no-input",
        "--subject",
        "XXX",
        "--measure",
        "travelled",
    )
    # A value outside its vocabulary is refused as the option is read, before any write.
    assert result.exit_code == EXIT_INVALID
    assert "'XXX' is not in vocab/subjects.csv" in result.output
    result = add(
        folder,
        "about 900 people had travelled",
        "--no-input",
        "--subject",
        "DEU",
        "--measure",
        "travelled",
        "--id",
        "deu-a",
    )
    assert result.exit_code == EXIT_INVALID and "duplicate" in result.output.lower()
    assert (folder / "main.csv").read_bytes() == before


def test_crlf_and_quoting_of_a_spreadsheet_file_are_kept(tmp_path):
    folder = folder_with_text(tmp_path)
    path = folder / "main.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    result = add(
        folder,
        "A later survey in 2016 found 1,500 Germans had gone",
        "--no-input",
        "--subject",
        "DEU",
        "--measure",
        "travelled",
        "--scope",
        "survey",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    after = path.read_bytes()
    assert after.startswith(before) and after.endswith(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")


def run_add_process(folder: Path, kill_at: str | None, quote: str, claim_id: str):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    if kill_at:
        env[KILL_AT_ENV] = kill_at
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ffcheck",
            "add",
            quote,
            "--claims",
            str(folder),
            "--expectations",
            str(EXPECTATIONS),
            "--no-input",
            "--subject",
            "DEU",
            "--measure",
            "travelled",
            "--scope",
            claim_id,
            "--id",
            claim_id,
            "--file",
            str(folder / "main.csv"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_killed_at_any_step_the_file_is_old_or_complete(tmp_path, step):
    folder = folder_with_text(tmp_path)
    before = (folder / "main.csv").read_bytes()
    proc = run_add_process(folder, step, "about 900 people had travelled", "deu-killed")
    proc.wait(timeout=120)
    assert proc.returncode == -9, proc.stderr.read().decode()
    after = (folder / "main.csv").read_bytes()
    assert after == before or (
        after.startswith(before)
        and after.endswith(b"\n")
        and after.count(b"\n") == before.count(b"\n") + 1
    )
    if step == "renamed":
        assert after != before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")] or step != "renamed"


def test_two_adds_at_once_lose_no_row(tmp_path):
    folder = folder_with_text(tmp_path)
    first = run_add_process(folder, None, "about 900 people had travelled", "deu-one")
    second = run_add_process(folder, None, "found 1,500 Germans had gone", "deu-two")
    assert first.wait(timeout=180) == 0, first.stderr.read().decode()
    assert second.wait(timeout=180) == 0, second.stderr.read().decode()
    text = (folder / "main.csv").read_text()
    assert "deu-one," in text and "deu-two," in text
    assert len(text.splitlines()) == 4


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_a_review_killed_at_any_step_leaves_the_old_or_the_complete_file(tmp_path, step):
    folder = folder_with_text(tmp_path)
    reviews = folder / "reviews.csv"
    reviews.write_text(
        "fingerprint,decision,note,reviewer,date\n0123456789abcdef,false_alarm,old,ana,2026-01-01\n"
    )
    before = reviews.read_bytes()
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", KILL_AT_ENV: step}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ffcheck",
            "review",
            "fedcba9876543210",
            "--claims",
            str(folder),
            "--decision",
            "false_alarm",
            "--force",
        ],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -9
    after = reviews.read_bytes()
    assert after == before or (after.startswith(before) and after.count(b"\n") == 3)


def failing(name: str, exc: OSError):
    def fail(*args, **kwargs):
        raise exc

    return fail


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("os.fsync", OSError(28, "No space left on device")),
        ("os.replace", PermissionError(13, "Permission denied")),
    ],
)
def test_disk_full_or_read_only_leaves_the_file_and_no_temporary(
    tmp_path, monkeypatch, target, error
):
    folder = folder_with_text(tmp_path)
    path = folder / "main.csv"
    before = path.read_bytes()
    module, name = target.split(".")
    monkeypatch.setattr(f"ffcheck.tables.safe_write.{module}.{name}", failing(name, error))
    result = add(
        folder,
        "In 2016, about 900 people had travelled from Germany",
        "--no-input",
        "--file",
        str(path),
    )
    assert result.exit_code == EXIT_INVALID and "nothing was changed" in result.output
    assert path.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- issue 15: add never stores the opposite of the text ----------------------

MAJORITY = "The majority of them were male and under 25"


def bundled_copy(tmp_path: Path) -> Path:
    import shutil

    from builders import BUNDLED_CLAIMS

    folder = tmp_path / "claims"
    shutil.copytree(BUNDLED_CLAIMS, folder)
    return folder


def test_several_figures_without_input_are_refused_and_listed(tmp_path):
    folder = bundled_copy(tmp_path)
    result = add(folder, MAJORITY, "--no-input", "--unit", "percent")
    # "The majority" and "under 25" are both figures: add must not pick one itself.
    assert result.exit_code == EXIT_INVALID
    assert "['The majority', 'under 25']" in result.output


def test_an_ignored_number_is_warned_about_and_declining_exits_as_usage(tmp_path):
    folder = bundled_copy(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    result = add(folder, MAJORITY, "--interactive", input="2\nn\n")
    assert "1. The majority" in result.output and "2. under 25" in result.output
    assert "'25' in this figure is listed in coverage_ignore.csv" in result.output
    assert "age threshold" in result.output
    assert result.exit_code == EXIT_USAGE
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv")} == before


def test_the_majority_is_stored_as_its_vague_band(tmp_path):
    import csv

    folder = bundled_copy(tmp_path)
    # The bundled claims hold this figure already: take that row out of the copy.
    table = folder / "ireland_to_new_zealand.csv"
    rows = list(csv.reader(table.open(encoding="utf-8", newline="")))
    kept = [r for r in rows if r[0] != "nld-travelled-young-men-share-2016-04"]
    assert len(kept) == len(rows) - 1
    with table.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(kept)
    result = add(
        folder,
        MAJORITY,
        "--no-input",
        "--figure",
        "The majority",
        "--subject",
        "ALL",
        "--measure",
        "travelled",
        "--cohort",
        "men",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    # The band of "the majority" in vocab/phrases.csv, in percent: never "less than 25".
    assert "50–100 percent (vague)" in result.output


def test_a_wrong_answer_is_refused_when_typed_and_asked_again(tmp_path):
    folder = folder_with_text(tmp_path)
    answers = ["XXX", "DEU", "sideways", "anti_government"] + [""] * 6 + ["2016-13", "2016"]
    answers += [""] * 4
    result = add(
        folder, "while 30 percent had returned", "--interactive", input="\n".join(answers) + "\n"
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "'XXX' is not in vocab/subjects.csv" in result.output
    assert "'sideways' is not in vocab/sides.csv" in result.output
    assert "'2016-13' is not a date" in result.output
    line = (folder / "germany.csv").read_text().splitlines()[-1]
    assert ",DEU,anti_government," in line and ",percent,2016," in line


def test_aborting_the_prompts_exits_with_the_usage_code(tmp_path):
    folder = folder_with_text(tmp_path)
    result = add(folder, "while 30 percent had returned", "--interactive", input="DEU\n")
    # The input ends (as Ctrl-D does) at the second prompt: usage (64), not findings (1).
    assert result.exit_code == EXIT_USAGE
    assert "Aborted" in result.output


def test_low_and_high_override_only_with_a_stated_reason(tmp_path):
    folder = folder_with_text(tmp_path)
    args = ["In 2016, about 900 people had travelled from Germany", "--no-input", "--low", "800"]
    refused = add(folder, *args)
    assert refused.exit_code == EXIT_INVALID and "bounds: <why>" in refused.output
    done = add(folder, *args, "--note", "bounds: the survey's own lower estimate")
    assert done.exit_code == EXIT_CLEAN, done.output
    line = (folder / "germany.csv").read_text().splitlines()[-1]
    assert ",800,900,approx," in line and "bounds: the survey" in line


def test_a_date_span_given_as_as_of_becomes_the_period(tmp_path):
    folder = folder_with_text(tmp_path)
    result = add(
        folder,
        "In 2016, about 900 people had travelled from Germany",
        "--no-input",
        "--as-of",
        "2013-2016",
    )
    assert result.exit_code == EXIT_CLEAN, result.output
    line = (folder / "germany.csv").read_text().splitlines()[-1]
    assert ",persons,2016,2013,2016," in line


def test_check_explains_a_date_span_written_as_as_of(tmp_path):
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="x", as_of="2013-2015")])
    result = CliRunner().invoke(
        cli, ["check", "--claims", str(folder), "--expectations", str(EXPECTATIONS)]
    )
    assert result.exit_code == EXIT_INVALID
    assert "a span such as 2013-2015 goes into period_start/period_end" in result.output
