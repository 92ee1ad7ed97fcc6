"""Safe writes to the claims folder: a lock, a temporary file, an atomic rename.

A row is appended by writing the file's old bytes plus the new row to a
temporary file beside it, syncing it, and renaming it over the original. So the
other rows, their order, quoting and line ends stay byte for byte, and a write
that is refused, interrupted or killed leaves either the old file or the
complete new one, never a truncated mix. Concurrent writers are serialised by
an advisory lock (flock) on the claims folder itself, so no lock file is left in
it. A temporary file names the process that wrote it; one whose process is gone
(killed mid-write) is removed by the next write to that folder. Only a regular
file or a new path is ever replaced: never a link, a device, a FIFO or a folder.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ffcheck.problems import UserError
from ffcheck.tables.cells import encode_row

LOCK_TIMEOUT_SECONDS = 30
LOCK_POLL_SECONDS = 0.05
TEMP_SUFFIX = ".ffcheck.tmp"
# Test hook: the name of a write step at which to kill this process (fault injection).
KILL_AT_ENV = "FFCHECK_TEST_KILL_AT"
WRITE_STEPS = ("locked", "temp-written", "temp-synced", "renamed")


def _step(name: str) -> None:
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class UnsafeTarget(UserError):
    """A path ffcheck refuses to write (not a regular file), or a lock not obtained."""


@contextmanager
def claims_lock(folder: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the claims folder's lock (other ffcheck writers wait up to ``timeout`` s).

    The lock is flock on the folder's own descriptor: it names the real folder
    whatever path led to it, and the kernel drops it when a holder dies.
    """
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UnsafeTarget(
                        f"another ffcheck has been writing to {folder} for {timeout:.0f} s; "
                        "try again when it is done (nothing was changed)"
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        _step("locked")
        yield
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file (a new path is fine)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = "a link" if stat.S_ISLNK(mode) else "not a regular file"
        raise UnsafeTarget(f"{path} is {kind}; ffcheck writes only regular files or new paths")


def _temp_pid(name: str) -> int | None:
    """The process id in a temporary file's name (``.<name>.<pid>.<random>.ffcheck.tmp``)."""
    parts = name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove our temporary files in ``folder`` whose writing process is gone."""
    removed = []
    for entry in folder.glob(f".*{TEMP_SUFFIX}"):
        pid = _temp_pid(entry.name)
        if pid is not None and pid != os.getpid() and not _alive(pid) and entry.is_file():
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def replace_bytes(path: Path, data: bytes) -> None:
    """Atomically give ``path`` the content ``data`` (keeping its permissions)."""
    check_target(path)
    remove_stale_temps(path.parent)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
        handle, temp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except OSError as exc:  # named by the file meant, not by the temporary's random name
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            _step("temp-written")
            out.flush()
            os.fsync(out.fileno())
        _step("temp-synced")
        os.chmod(temp, mode)
        check_target(path)
        os.replace(temp, path)
        _step("renamed")
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        # A failed write or sync on a descriptor names no file: name the one meant.
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def csv_line(values: list[str], terminator: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=terminator).writerow(values)
    return buffer.getvalue().encode("utf-8")


def with_row_appended(old: bytes, header: list[str], row: dict[str, str]) -> bytes:
    """The file's bytes with one row added in the file's own line-end style
    (free-text cells neutralised against spreadsheet formulas)."""
    row = encode_row(row)
    terminator = "\r\n" if b"\r\n" in old else "\n"
    if not old:
        return csv_line(header, terminator) + csv_line([row.get(c, "") for c in header], terminator)
    glue = b"" if old.endswith(b"\n") else terminator.encode()
    return old + glue + csv_line([row.get(c, "") for c in header], terminator)


@dataclass(frozen=True)
class Record:
    """One CSV record of a table: its cells by column, and the physical lines it spans
    (1-based ``line``, up to ``end`` exclusive; a quoted cell may hold line breaks)."""

    cells: dict[str, str]
    line: int
    end: int


def _lines(old: bytes) -> list[str]:
    return io.StringIO(old.decode("utf-8"), newline="").readlines()


def table_records(old: bytes) -> tuple[list[str], list[Record]]:
    """The header and the records of a table's bytes (raises csv.Error on bad CSV)."""
    lines = _lines(old)
    reader = csv.reader(lines, strict=True)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    records = []
    start = reader.line_num
    for cells in reader:
        records.append(
            Record(dict(zip(header, cells, strict=False)), start + 1, reader.line_num + 1)
        )
        start = reader.line_num
    return header, records


def with_records_replaced(old: bytes, header: list[str], rows: dict[int, dict[str, str]]) -> bytes:
    """The table's bytes with the record starting on each given line replaced by its
    new row (encoded like an appended one); every other line keeps its bytes."""
    lines = _lines(old)
    spans = {r.line: r.end for r in table_records(old)[1]}
    for line in sorted(rows, reverse=True):
        end = spans[line]
        terminator = "\r\n" if lines[end - 2].endswith("\r\n") else "\n"
        row = encode_row(rows[line])
        lines[line - 1 : end - 1] = [
            csv_line([row.get(c, "") for c in header], terminator).decode()
        ]
    return "".join(lines).encode("utf-8")


def read_header(old: bytes) -> list[str]:
    text = old.decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text)), [])
    return [h.strip() for h in first]
