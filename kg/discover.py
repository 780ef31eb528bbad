"""Finding the documents of a run: one pass, shared by ``kg extract`` and ``kg build``.

``discover(inputs)`` turns the command line's files, folders and ``-`` into the list of
documents to read, each with its *record name*: its path relative to the input it was
found under, with its extension (``in/a/x.txt`` given as ``in`` → ``a/x.txt``; a file
given by itself → its file name; standard input → ``stdin.txt``). The extraction record
of a document is ``NAME.json`` (``a/x.txt.json``) and its graph IRI ``id/doc/NAME``, so
``a/x.txt`` and ``b/x.txt``, or ``y.txt`` and ``y.md``, never share a record.

Each input folder is its own root. When two inputs would give the same record name
(``kg build in1 in2`` where both hold ``x.txt``; names that differ only in case count as
the same, for case-insensitive file systems), the later one is skipped with an error.

Folders are searched recursively, in sorted order, for ``.txt``, ``.md``, ``.html``,
``.htm``, ``.docx`` and ``.pdf`` files; linked folders are followed. What is skipped is never
skipped in silence:

* errors (the run exits 1): dangling symbolic links, link loops, folders that link back
  to an enclosing folder, folders that cannot be listed, special files (FIFOs, sockets,
  devices, which would block or never end), record names already taken;
* notes (the run goes on, exit 0): hidden files and folders (names starting with ``.``,
  such as ``..x.txt`` or ``.git``), files of other formats (``.xlsx``, ``.doc``, images ...;
  hidden ones, such as ``.bashrc``, are passed over without a word).

File names that are not valid UTF-8 are read all the same; their record names (and every
message) show the undecodable bytes as ``\\xNN``.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kg.read import STDIN, SUPPORTED_SUFFIXES, InputError

STDIN_NAME = "stdin.txt"
RECORD_SUFFIX = ".json"


@dataclass(frozen=True)
class InputFile:
    """One document to read: ``path`` to open (``-`` for standard input) and its record
    name (relative to its input root, ``/``-separated, printable)."""

    path: str
    name: str

    @property
    def shown(self) -> str:
        """The path as printed in messages (undecodable bytes as ``\\xNN``)."""
        return printable(self.path)


@dataclass
class Discovery:
    """The documents of a run, in order, and the lines for what was skipped."""

    files: list[InputFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def printable(text: str) -> str:
    """``text`` with undecodable file-name bytes and control characters as ``\\xNN``."""
    if text.isprintable():
        return text
    text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def record_name(name: str) -> str:
    """The record file of a document: ``a/x.txt`` → ``a/x.txt.json``."""
    return name + RECORD_SUFFIX


def discover(inputs: list[str] | tuple[str, ...]) -> Discovery:
    """Expand files, folders and ``-`` (see the module docstring).

    Raises :class:`~kg.read.InputError` for an input that does not exist at all, before
    anything is read: a mistyped path is not a document to skip.
    """
    for item in inputs:
        if item != STDIN and not os.path.lexists(item):
            raise InputError(printable(item), "no such file or folder")
    walk = _Walk()
    for item in dict.fromkeys(inputs):  # a repeated argument is one input
        if item == STDIN:
            walk.add(STDIN, STDIN_NAME)
        elif _is_dir(item):
            walk.folder(item, (), set())
        else:
            walk.entry(item, os.path.basename(os.path.normpath(item)), explicit=True)
    return walk.found


class _Walk:
    def __init__(self) -> None:
        self.found = Discovery()
        self.seen: set[tuple[int, int]] = set()  # (device, inode) of files taken
        self.taken: dict[str, str] = {}  # casefolded record path → the path that took it
        self.dirs: set[str] = set()  # casefolded folders of the record paths

    def error(self, path: str, reason: str) -> None:
        line = f"{printable(path)}: skipped: {reason}"
        if line not in self.found.errors:  # a bad entry reached twice is said once
            self.found.errors.append(line)

    def note(self, path: str, reason: str) -> None:
        line = f"{printable(path)}: skipped: {reason}"
        if line not in self.found.notes:
            self.found.notes.append(line)

    def folder(self, path: str, rel: tuple[str, ...], enclosing: set[tuple[int, int]]) -> None:
        try:
            info = os.stat(path)
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            self.error(path, f"cannot list folder: {_reason(exc)}")
            return
        key = (info.st_dev, info.st_ino)
        if key in enclosing:
            self.error(path, "links back to an enclosing folder (a loop)")
            return
        inside = enclosing | {key}
        for entry in entries:
            hidden = entry.name.startswith(".")
            if _is_dir(entry.path):
                if hidden:
                    self.note(entry.path, "hidden folder")
                else:
                    self.folder(entry.path, (*rel, entry.name), inside)
            elif entry.name.lower().endswith(SUPPORTED_SUFFIXES):
                if hidden:
                    self.note(entry.path, "hidden file (the name starts with '.')")
                else:
                    self.entry(entry.path, "/".join((*rel, entry.name)), explicit=False)
            elif not hidden:
                self.note(entry.path, _unsupported(entry.name))

    def entry(self, path: str, rel: str, explicit: bool) -> None:
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT and os.path.islink(path):
                self.error(path, f"dangling symbolic link (to {printable(os.readlink(path))})")
            elif exc.errno == errno.ELOOP:
                self.error(path, "symbolic link loop")
            else:
                self.error(path, _reason(exc))
            return
        if not explicit and not stat.S_ISREG(info.st_mode):
            self.error(path, "not a regular file (a FIFO, socket or device)")
            return
        key = (info.st_dev, info.st_ino)
        if stat.S_ISREG(info.st_mode) and key in self.seen:
            return  # the same file reached twice is one document
        if self.add(path, printable(rel)):
            self.seen.add(key)

    def add(self, path: str, name: str) -> bool:
        record = record_name(name).casefold()
        parents = [str(p) for p in PurePosixPath(record).parents][:-1]
        clash = self.taken.get(record) or next(
            (self.taken[p] for p in parents if p in self.taken), None
        )
        if clash is None and record in self.dirs:
            clash = "a folder of another record"
        if clash is not None:
            self.error(path, f"its record name {record_name(name)} is taken by {clash}")
            return False
        self.taken[record] = printable(path) if path != STDIN else "standard input"
        self.dirs.update(parents)
        self.found.files.append(InputFile(path, name))
        return True


_OLD_FORMATS = {".doc": ".docx", ".wps": ".docx", ".rtf": ".docx"}  # save-as hints


def _unsupported(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    kind = f"{suffix} files" if suffix else "files without an extension"
    reason = f"unsupported format: {kind} are not read (only {', '.join(SUPPORTED_SUFFIXES)})"
    if suffix in _OLD_FORMATS:
        reason += f"; save it as {_OLD_FORMATS[suffix]}"
    return reason


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
