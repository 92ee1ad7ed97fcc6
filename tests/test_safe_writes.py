"""Writes keep every row and write only rows check accepts: reviews with line breaks,
--replace, --force, renamed headers, formula prefixes, concurrent adds of one figure,
stale temporary files, the lock, and report -o onto things that are not files."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import os
import stat
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from builders import EXPECTATIONS, claim_row, make_claims_folder
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_add import folder_with_text, run_add_process

from ffcheck.cli.main import cli
from ffcheck.tables.cells import (
    FORMULA_STARTS,
    decode_cell,
    decode_free_text,
    encode_cell,
    encode_row,
)
from ffcheck.tables.load import REVIEW_COLUMNS, load_claimset
from ffcheck.tables.paths import read_inside
from ffcheck.tables.safe_write import (
    TEMP_SUFFIX,
    UnsafeTarget,
    claims_lock,
    remove_stale_temps,
    replace_bytes,
    table_records,
    with_records_replaced,
)

FP_A, FP_B, FP_C = "0123456789abcdef", "fedcba9876543210", "00000000000000ff"


def review(folder: Path, fingerprint: str, *args: str):
    return CliRunner().invoke(
        cli,
        ["review", fingerprint, "--claims", str(folder), "--force", "--reviewer", "ana", *args],
    )


def reviews_of(folder: Path) -> list[tuple[str, str, str]]:
    claimset = load_claimset(folder)
    assert claimset.problems == []
    frame = claimset.reviews
    return list(zip(frame["fingerprint"], frame["decision"], frame["note"], strict=True))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_claims_folder(tmp_path, [claim_row(claim_id="fra-a")])


def test_a_note_with_line_breaks_round_trips_and_replace_touches_only_its_row(folder):
    assert review(folder, FP_A, "--decision", "false_alarm", "--note", "one\ntwo").exit_code == 0
    assert review(folder, FP_B, "--decision", "false_alarm", "--note", "b's\r\nnote").exit_code == 0
    assert review(folder, FP_C, "--decision", "false_alarm", "--note", "c").exit_code == 0
    path = folder / "reviews.csv"
    before = path.read_bytes()
    # Replace the middle record, whose note spans two physical lines.
    result = review(folder, FP_B, "--decision", "scope_difference", "--note", "new", "--replace")
    assert result.exit_code == 0, result.output
    # The other two records keep their bytes; the middle one is the new row.
    assert reviews_of(folder) == [
        (FP_A, "false_alarm", "one\ntwo"),
        (FP_B, "scope_difference", "new"),
        (FP_C, "false_alarm", "c"),
    ]
    first, _, rest = before.partition(FP_B.encode())
    assert path.read_bytes().startswith(first)
    assert path.read_bytes().endswith(rest[rest.index(FP_C.encode()) :])


def test_a_review_row_has_every_field_and_says_what_was_done(folder):
    result = review(folder, FP_A, "--decision", "false_alarm", "--note", "n")
    assert result.output.strip() == f"added review of {FP_A}: false_alarm"
    result = review(folder, FP_A, "--decision", "scope_difference", "--replace")
    assert result.output.strip() == f"replaced review of {FP_A}: scope_difference"
    today = dt.date.today().isoformat()
    frame = load_claimset(folder).reviews
    assert frame[REVIEW_COLUMNS].to_dict("records") == [
        {
            "fingerprint": FP_A,
            "decision": "scope_difference",
            "note": "",
            "reviewer": "ana",
            "date": today,
        }
    ]


def test_replace_of_the_row_after_a_multiline_note_keeps_that_note(folder):
    review(folder, FP_A, "--decision", "false_alarm", "--note", "x\ny\nz")
    review(folder, FP_B, "--decision", "false_alarm")
    result = review(folder, FP_A, "--decision", "confirmed_error", "--note", "1\n2", "--replace")
    assert result.exit_code == 0, result.output
    assert reviews_of(folder) == [(FP_A, "confirmed_error", "1\n2"), (FP_B, "false_alarm", "")]


@pytest.mark.parametrize(
    ("fingerprint", "message"),
    [
        ("not-a-fingerprint", "16 hex digits"),
        ("0123456789ABCDEF", "16 hex digits"),  # check wants lower case
        ("0123456789abcdef0", "16 hex digits"),
    ],
)
def test_force_still_writes_only_what_check_accepts(folder, fingerprint, message):
    result = review(folder, fingerprint, "--decision", "false_alarm")
    assert result.exit_code == 2 and message in result.output
    assert not (folder / "reviews.csv").exists()


@pytest.mark.parametrize(
    "header",
    [
        "fingerprint,verdict,note,reviewer,date",  # renamed: force used to write an empty row
        "fp,decision,note,reviewer,date",
        "fingerprint,decision,note,reviewer,date,extra",
    ],
)
def test_a_renamed_or_unknown_header_is_refused(folder, header):
    path = folder / "reviews.csv"
    path.write_text(f"{header}\n")
    result = review(folder, FP_A, "--decision", "false_alarm")
    assert result.exit_code == 2, result.output
    assert path.read_text() == f"{header}\n"


def test_a_note_column_left_out_of_the_header_refuses_a_note(folder):
    path = folder / "reviews.csv"
    path.write_text("fingerprint,decision,reviewer,date\n")
    result = review(folder, FP_A, "--decision", "false_alarm", "--note", "lost?")
    assert result.exit_code == 2 and "no column note" in result.output
    assert review(folder, FP_A, "--decision", "false_alarm").exit_code == 0


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_prefixes_are_neutralised_and_read_back(folder, prefix):
    note = f'{prefix}HYPERLINK("http://x")'
    assert review(folder, FP_A, "--decision", "false_alarm", "--note", note).exit_code == 0
    raw = (folder / "reviews.csv").read_bytes().decode()
    # The cell starts with an apostrophe, so a spreadsheet shows it as text...
    assert f",'{prefix}HYPERLINK" in raw or f",\"'{prefix}HYPERLINK" in raw
    # ...and ffcheck reads the value as given.
    assert reviews_of(folder) == [(FP_A, "false_alarm", note)]


@given(st.text())
def test_cell_encoding_round_trips_and_never_starts_a_formula(value):
    written = encode_cell(value)
    assert decode_cell(written) == value
    assert not written.startswith(FORMULA_STARTS)


def test_an_apostrophe_quote_that_is_no_escape_is_written_as_it_is():
    # Real quotes start with an apostrophe: they are left alone (no escape needed).
    assert encode_cell("'Jihadi John'") == "'Jihadi John'"
    assert decode_cell("'Jihadi John'") == "'Jihadi John'"
    assert encode_cell("'=x") == "''=x" and decode_cell("''=x") == "'=x"


def test_add_neutralises_a_note_and_check_reads_it_back(tmp_path):
    folder = folder_with_text(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "add",
            "about 900 people had travelled",
            "--claims",
            str(folder),
            "--expectations",
            str(EXPECTATIONS),
            "--no-input",
            "--id",
            "deu-b",
            "--note",
            "=1+1",
            "--source",
            "@ministry",
            "--file",
            str(folder / "main.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert ",'@ministry," in (folder / "main.csv").read_text()
    claims = load_claimset(folder).claims.set_index("claim_id")
    assert (claims.loc["deu-b", "note"], claims.loc["deu-b", "source"]) == ("=1+1", "@ministry")


def test_add_outside_the_claims_folder_is_refused(tmp_path):
    folder = folder_with_text(tmp_path)
    outside = tmp_path / "elsewhere.csv"
    result = CliRunner().invoke(
        cli,
        [
            *("add", "about 900 people had travelled", "--claims", str(folder)),
            *("--expectations", str(EXPECTATIONS), "--no-input", "--file", str(outside)),
        ],
    )
    assert result.exit_code == 2 and "directly in" in result.output
    assert not outside.exists()


def test_two_adds_of_one_figure_land_once(tmp_path):
    folder = folder_with_text(tmp_path)
    quote = "about 900 people had travelled"
    # Both processes load and validate while the lock is held here, so each passes the
    # check before the lock; only the check under the lock can refuse the second one.
    with claims_lock(folder):
        first = run_add_process(folder, None, quote, "deu-one")
        second = run_add_process(folder, None, quote, "deu-two")
        for proc in (first, second):
            assert proc.stdout is not None
            assert proc.stdout.readline().startswith(b"found in")
    codes = sorted([first.wait(timeout=180), second.wait(timeout=180)])
    assert codes == [0, 2]
    text = (folder / "main.csv").read_text()
    assert (text.count("about 900 people had travelled"), len(text.splitlines())) == (1, 3)
    loser = first if first.returncode else second
    assert b"already claim" in loser.stderr.read()


def test_the_lock_leaves_no_file_and_times_out_cleanly(folder):
    before = sorted(p.name for p in folder.iterdir())
    with (
        claims_lock(folder),
        pytest.raises(UnsafeTarget, match="another ffcheck"),
        claims_lock(folder, 0.2),
    ):
        pass
    assert sorted(p.name for p in folder.iterdir()) == before
    assert review(folder, FP_A, "--decision", "false_alarm").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, "reviews.csv"])


def test_a_temporary_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    folder = folder_with_text(tmp_path)
    killed = run_add_process(folder, "temp-synced", "about 900 people had travelled", "deu-k")
    assert killed.wait(timeout=180) == -9
    orphans = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    assert len(orphans) == 1  # SIGKILL leaves it: no handler runs
    assert load_claimset(folder).problems == []  # and loading ignores it
    survivor = run_add_process(folder, None, "found 1,500 Germans had gone", "deu-s")
    assert survivor.wait(timeout=180) == 0
    assert [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)] == []


def test_a_live_writers_temporary_file_is_kept(tmp_path):
    # A live writer: ourselves, or a child still running (never a signal to the parent).
    child = subprocess.Popen(["sleep", "60"])
    try:
        mine = tmp_path / f".main.csv.{os.getpid()}.abc{TEMP_SUFFIX}"
        running = tmp_path / f".main.csv.{child.pid}.abc{TEMP_SUFFIX}"
        other = tmp_path / ".main.csv.notapid.abc.ffcheck.tmp"
        for path in (mine, running, other):
            path.write_text("x")
        assert remove_stale_temps(tmp_path) == []
    finally:
        child.kill()
        child.wait()


def report(tmp_path: Path, output: Path):
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="fra-a")])
    return CliRunner().invoke(
        cli,
        ["report", "--claims", str(folder), "--expectations", str(EXPECTATIONS), "-o", str(output)],
    )


def test_report_refuses_a_link_and_leaves_its_target(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "page.html"
    link.symlink_to(target)
    result = report(tmp_path, link)
    assert result.exit_code == 2 and "is a link" in result.output
    assert link.is_symlink() and target.read_text() == "keep me"


def test_report_refuses_a_fifo_a_folder_and_a_device(tmp_path):
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    device = tmp_path / "null.html"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        device = Path("/dev/null")
    for path in (fifo, folder, device):
        result = report(tmp_path / path.name.replace(".", "-"), path)
        assert result.exit_code == 2, (path, result.output)
        assert "not a regular file" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and folder.is_dir()
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_report_writes_a_new_path_and_replaces_a_regular_file(tmp_path):
    output = tmp_path / "out" / "page.html"
    assert report(tmp_path / "a", output).exit_code == 0
    assert report(tmp_path / "b", output).exit_code == 0 and output.stat().st_size > 1000


def test_replace_bytes_refuses_a_link_even_when_called_directly(tmp_path):
    (tmp_path / "t").write_text("t")
    (tmp_path / "l").symlink_to(tmp_path / "t")
    with pytest.raises(UnsafeTarget):
        replace_bytes(tmp_path / "l", b"x")
    assert (tmp_path / "t").read_text() == "t"


def test_a_read_only_claims_folder_refuses_the_write_and_loses_nothing(tmp_path):
    """A real read-only bind mount (not a mock): nothing changes, exit 2."""
    folder = folder_with_text(tmp_path)
    before = (folder / "main.csv").read_bytes()
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"mount --bind -o ro is not permitted here: {mounted.stderr.decode()}")
    try:
        result = CliRunner().invoke(
            cli,
            [
                *("add", "about 900 people had travelled", "--claims", str(folder)),
                *("--expectations", str(EXPECTATIONS), "--no-input", "--file"),
                str(folder / "main.csv"),
            ],
        )
        assert result.exit_code == 2, result.output
        assert "Read-only file system" in result.output
        assert (folder / "main.csv").read_bytes() == before
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
    assert [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)] == []


def test_a_full_disk_leaves_the_file_and_no_temporary(tmp_path):
    """A real 2 MB tmpfs filled up (ENOSPC), not a mock."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {made.stderr.decode()}")
    try:
        folder = folder_with_text(mount)
        before = (folder / "main.csv").read_bytes()
        try:
            with (mount / "filler").open("wb") as handle:
                while True:
                    handle.write(b"x" * 4096)
                    handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        result = CliRunner().invoke(
            cli,
            [
                *("review", FP_A, "--claims", str(folder), "--force"),
                *("--decision", "false_alarm", "--note", "x" * 20000),
            ],
        )
        assert result.exit_code == 2, result.output
        assert "No space left on device" in result.output
        assert (folder / "main.csv").read_bytes() == before
        assert not (folder / "reviews.csv").exists()
        assert [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)] == []
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_records_are_replaced_by_line_keeping_every_other_byte():
    # The helper rebase and review share: a BOM, CRLF, a quoted multi-line cell.
    old = ('\ufeffid,note\r\na,"one\r\ntwo"\r\nb,"x, y"\r\nc,=kept-as-written\r\n').encode()
    header, records = table_records(old)
    assert header == ["id", "note"]
    # Each record with the line it starts on and the line after its end.
    assert [(r.cells["id"], r.line, r.end) for r in records] == [
        ("a", 2, 4),
        ("b", 4, 5),
        ("c", 5, 6),
    ]
    new = with_records_replaced(old, header, {2: {"id": "a", "note": "+1"}, 5: {"id": "c"}})
    assert new == ('\ufeffid,note\r\na,\'+1\r\nb,"x, y"\r\nc,\r\n').encode()


def test_only_temporary_files_of_dead_writers_are_removed(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid is now free: a writer that died
    child = subprocess.Popen(["sleep", "60"])  # a writer still running
    stale = tmp_path / f".main.csv.{dead.pid}.k3_x{TEMP_SUFFIX}"
    live = tmp_path / f".main.csv.{child.pid}.a1b2{TEMP_SUFFIX}"
    not_ours = [
        tmp_path / f".main.csv.{dead.pid}.k3_x.tmp",  # another tool's suffix
        tmp_path / f"main.csv.{dead.pid}{TEMP_SUFFIX}",  # no random part
        tmp_path / f".x.{dead.pid}z.a{TEMP_SUFFIX}",  # not a pid
    ]
    try:
        for path in (stale, live, *not_ours):
            path.write_text("x")
        assert remove_stale_temps(tmp_path) == [stale]
        assert child.poll() is None  # probing did not signal it
    finally:
        child.kill()
        child.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, *not_ours))


def test_a_replaced_record_keeps_the_files_lf_line_ends():
    old = b"id,note\na,x\nb,y\n"
    assert with_records_replaced(old, ["id", "note"], {2: {"id": "a", "note": "z"}}) == (
        b"id,note\na,z\nb,y\n"
    )


def test_table_records_refuses_what_the_strict_loader_refuses():
    with pytest.raises(csv.Error):
        table_records(b'id,note\na,"unclosed\n')


def test_only_free_text_columns_are_encoded_and_decoded():
    # A number column keeps its minus sign (the schema judges it); a note is neutralised.
    assert encode_row({"low": "-1", "note": "-1"}) == {"low": "-1", "note": "'-1"}
    frame = pd.DataFrame({"note": ["a=b", "'=b", "'x"], "low": ["'=1", "1", "2"]})
    decoded = decode_free_text(frame)
    assert decoded["note"].tolist() == ["a=b", "=b", "'x"]
    assert decoded["low"].tolist() == ["'=1", "1", "2"]


def test_a_rewritten_file_keeps_its_permissions_and_a_new_one_gets_0644(tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("a\n")
    kept.chmod(0o600)
    replace_bytes(kept, b"b\n")
    new = tmp_path / "new.csv"
    replace_bytes(new, b"c\n")
    assert (stat.S_IMODE(kept.stat().st_mode), stat.S_IMODE(new.stat().st_mode)) == (0o600, 0o644)
    assert (kept.read_bytes(), new.read_bytes()) == (b"b\n", b"c\n")


def test_the_size_limit_is_inclusive(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"x" * 10)
    assert read_inside(path, tmp_path, limit=10) == (b"x" * 10, "")
    data, why = read_inside(path, tmp_path, limit=9)
    assert data is None and "10 bytes, more than the 9-byte limit" in why


def test_the_size_limit_can_be_raised_by_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))  # one byte over 1 MB
    monkeypatch.setenv("FFCHECK_MAX_FILE_MB", "1")
    data, why = read_inside(path, tmp_path)
    assert data is None
    assert why == (
        "1,048,577 bytes, more than the 1,048,576-byte limit "
        "(set FFCHECK_MAX_FILE_MB to read larger files)"
    )
    monkeypatch.setenv("FFCHECK_MAX_FILE_MB", "2")
    assert read_inside(path, tmp_path) == (b"x" * (1024 * 1024 + 1), "")
    monkeypatch.delenv("FFCHECK_MAX_FILE_MB")
    assert read_inside(path, tmp_path) == (b"x" * (1024 * 1024 + 1), "")  # 50 MB default


@pytest.mark.parametrize("raw", ["lots", "0", "-5", "1.5", "9999999"])
def test_a_size_limit_that_is_not_a_count_of_megabytes_refuses_with_its_name(
    tmp_path, monkeypatch, raw
):
    (tmp_path / "t.csv").write_bytes(b"x")
    monkeypatch.setenv("FFCHECK_MAX_FILE_MB", raw)
    assert read_inside(tmp_path / "t.csv", tmp_path) == (
        None,
        f"FFCHECK_MAX_FILE_MB={raw!r}: a whole number of megabytes (1 to 1048576)",
    )


def test_each_kind_of_special_file_is_named_and_never_opened(tmp_path):
    import socket

    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "folder.csv").mkdir()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "socket.csv"))
    kinds = {"fifo.csv": "a FIFO", "folder.csv": "a folder", "socket.csv": "a socket"}
    try:
        os.mknod(tmp_path / "device.csv", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
        kinds["device.csv"] = "a character device"
    except PermissionError:
        pass  # not root: the three others still run
    try:
        for name, kind in kinds.items():
            assert read_inside(tmp_path / name, tmp_path) == (
                None,
                f"not a regular file ({kind}); refused",
            )
    finally:
        listener.close()


def test_propose_out_onto_a_link_is_refused_not_a_traceback(tmp_path):
    # Any command writing through replace_bytes refuses a link the same way (exit 2).
    folder = make_claims_folder(tmp_path, [claim_row(claim_id="fra-a")])
    target = tmp_path / "precious.csv"
    target.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    result = CliRunner().invoke(cli, ["propose", "--claims", str(folder), "--out", str(link)])
    assert result.exit_code == 2 and "is a link" in result.output, result.output
    assert "Traceback" not in result.output and target.read_text() == "keep me"
