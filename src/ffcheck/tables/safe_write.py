"""Safe writes to the claims folder: a lock, a temporary file, an atomic rename.

A row is appended by writing the file's old bytes plus the new row to a
temporary file beside it, syncing it, and renaming it over the original. So the
other rows, their order, quoting and line ends stay byte for byte, and a write
that is refused, interrupted or killed leaves either the old file or the
complete new one, never a truncated mix. A lock file serialises concurrent
writers (filelock).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

LOCK_NAME = ".ffcheck.lock"
LOCK_TIMEOUT_SECONDS = 30
# Test hook: the name of a write step at which to kill this process (fault injection).
KILL_AT_ENV = "FFCHECK_TEST_KILL_AT"
WRITE_STEPS = ("locked", "temp-written", "temp-synced", "renamed")


def _step(name: str) -> None:
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def claims_lock(folder: Path) -> Iterator[None]:
    """Hold the claims folder's lock (other ffcheck writers wait up to 30 s)."""
    with FileLock(str(folder / LOCK_NAME), timeout=LOCK_TIMEOUT_SECONDS):
        _step("locked")
        yield


def replace_bytes(path: Path, data: bytes) -> None:
    """Atomically give ``path`` the content ``data`` (keeping its permissions)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
    """The file's bytes with one row added in the file's own line-end style."""
    terminator = "\r\n" if b"\r\n" in old else "\n"
    if not old:
        return csv_line(header, terminator) + csv_line([row.get(c, "") for c in header], terminator)
    glue = b"" if old.endswith(b"\n") else terminator.encode()
    return old + glue + csv_line([row.get(c, "") for c in header], terminator)


def read_header(old: bytes) -> list[str]:
    text = old.decode("utf-8-sig")
    first = next(csv.reader(io.StringIO(text)), [])
    return [h.strip() for h in first]
