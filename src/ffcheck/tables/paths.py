"""Reading a file of the project safely: inside its root, regular, of bounded size.

Every table, document and suite is read through ``read_inside``: a link or
``..`` leading out of the folder, a FIFO (which would hang the run), a device
(``/dev/zero`` would fill memory), a folder, a socket, a link loop or a file
over ``MAX_FILE_BYTES`` (or ``$FFCHECK_MAX_FILE_MB``) is refused with a reason, and
nothing of a file outside the folder is ever read, so nothing of it can be shown.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# No table, document or suite is larger (a link to /dev/zero or a runaway file
# would otherwise be read into memory whole), unless ``$FFCHECK_MAX_FILE_MB`` says so
# (a corpus of millions of claims in a few files).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FILE_VARIABLE = "FFCHECK_MAX_FILE_MB"


def max_file_bytes() -> tuple[int, str]:
    """The size limit of one file in bytes, and why it is unusable (a bad variable)."""
    raw = os.environ.get(MAX_FILE_VARIABLE, "").strip()
    if not raw:
        return MAX_FILE_BYTES, ""
    if not raw.isdigit() or not 0 < int(raw) <= 1024 * 1024:
        return 0, f"{MAX_FILE_VARIABLE}={raw!r}: a whole number of megabytes (1 to 1048576)"
    return int(raw) * 1024 * 1024, ""


def display_path(path: Path) -> str:
    """A path as users typed it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def is_inside(path: Path, root: Path, real_root: str | None = None) -> bool:
    """Whether the real path of ``path`` (every link followed) lies in that of ``root``
    (``real_root``, when the caller resolved it once for many files)."""
    return _real_path_inside(os.path.realpath(path), real_root or os.path.realpath(root))


def _real_path_inside(real: str, real_root: str) -> bool:
    try:
        Path(real).relative_to(real_root)
    except ValueError:
        return False
    return True


def read_inside(
    path: Path, root: Path, limit: int | None = None, real_root: str | None = None
) -> tuple[bytes | None, str]:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes whose
    real path lies inside ``root``; else None and why (never anything of the target).

    The real path is stat'ed before it is opened, so a FIFO, device, socket or
    folder is refused without being opened (nothing hangs, nothing streams), and it
    is opened without following a link and checked again by its descriptor, so a
    file swapped in between is refused too.
    """
    if limit is None:
        limit, unusable = max_file_bytes()
        if unusable:
            return None, unusable
    real = os.path.realpath(path)  # resolved once: the path checked is the path opened
    if not _real_path_inside(real, real_root or os.path.realpath(root)):
        return None, f"the path leads outside {display_path(root)} (a link or '..'); refused"
    try:
        before = os.stat(real)
        if not stat.S_ISREG(before.st_mode):
            return None, f"not a regular file ({_kind(before.st_mode)}); refused"
        if before.st_size > limit:
            return None, (
                f"{before.st_size:,} bytes, more than the {limit:,}-byte limit "
                f"(set {MAX_FILE_VARIABLE} to read larger files)"
            )
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "a link loop (the link points back at itself); refused"
        return None, exc.strerror or str(exc)
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            return None, "the file changed while it was opened; refused"
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        return None, exc.strerror or str(exc)
    finally:
        os.close(handle)
    if len(data) > limit:
        return None, f"more than the {limit:,}-byte limit"
    return data, ""


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a FIFO",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")
