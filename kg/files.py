"""Atomic file writes: readers see the old file or the whole new one, never a part.

Every output of the project (extraction records, graph pages, exports) goes through these
two functions: the content is written to a temporary file in the same folder, flushed to
disk, given the mode an ordinary new file would have, and renamed over the target.

Also here: removing what interrupted runs left behind (temporary files and build folders)
and the lock that keeps two runs from writing to one output folder at once.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _temporary_beside(path: Path) -> tuple[int, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
    return fd, Path(name)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically."""
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_with(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``
    (for writers that take a file name, such as networkx's GraphML and GEXF)."""
    fd, tmp = _temporary_beside(path)
    os.close(fd)
    try:
        write(tmp)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------- clean-up, lock

_TEMPORARY_FILE = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # _temporary_beside's names


def remove_stale_temporaries(folder: Path) -> int:
    """Remove the temporary files that interrupted atomic writes left under ``folder``;
    return how many. Call it only while holding :func:`output_lock` on ``folder``."""
    removed = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if _TEMPORARY_FILE.fullmatch(name):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed


def remove_stale_folders(parent: Path, prefix: str) -> int:
    """Remove the folders ``parent/PREFIX<8 characters of mkdtemp>`` (of interrupted runs)."""
    pattern = re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{8}")
    removed = 0
    for entry in os.scandir(parent):
        if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


class OutputLocked(Exception):
    """Another ``kg`` run is writing to the same output folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"{folder}: another kg extract or kg build is writing to this folder; "
            "run again when it has finished"
        )


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``folder`` (created if missing) or raise
    :class:`OutputLocked` at once. The lock is ``flock`` on the folder itself: no lock file
    to leave behind, and the kernel drops it when the process ends, however it ends."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(folder) from None
        yield
    finally:
        os.close(fd)
