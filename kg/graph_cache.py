"""The cache of the graph files: each document's part of ``graph.ttl`` and ``graph.trig``,
kept between builds of one output folder (``OUT/graph-cache``, beside ``OUT/extract``).

A document's part of the graph (its named graph, the Turtle of the subjects only it has, the
triples it adds about entities, posts and roles, its counts and the relations it left out)
depends on its record and on the identities its names resolve to, nothing else. So it is
kept under the hash of its record file (:attr:`kg.graph.DocumentInput.digest`) with the
:func:`identity_signature` of the resolution it was made on, and reused by the next build
when both are unchanged: adding one document to a thousand redoes the documents whose
names now resolve otherwise (those that share an entity that gained a name, say), not all.

The folder is made in the build's temporary folder and moved into ``OUT`` with the rest, so
it is never half-written; reused entries are hard-linked from the last build's. Its
``version`` file names the code that makes the parts (:func:`cache_version`): another
version reuses nothing. An entry that cannot be read is made again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.graph import QUANTITY_SUBJECT_TYPES, RELATIONS
from kg.identity import Node, Resolution
from kg.records import DocumentRecord

CACHE_DIR = "graph-cache"
VERSION_FILE = "version"
_PACKAGE_DIR = Path(__file__).resolve().parent
# the code that makes a document's part: its triples, their text, the records it reads
_CHUNK_CODE = ("graph.py", "graph_write.py", "graph_cache.py", "records.py", "record_cache.py")


@functools.cache
def cache_version() -> str:
    """A hash of the package version and the code that makes a document's part."""
    digest = hashlib.sha256()
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("dangjian-kg").encode())
    for name in _CHUNK_CODE:
        digest.update(b"\0" + name.encode() + b"\0" + (_PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def identity_signature(
    record: DocumentRecord, resolution: Resolution, texts: dict[int, str] | None = None
) -> str:
    """A hash of what every name of ``record`` resolves to (the lookups
    :class:`kg.graph.TripleBuilder` makes for it, done unconditionally): the node's type,
    label, qualifier and names, and which lookups found the same node. ``texts``: the
    nodes' texts by ``id`` made so far, shared by the calls on one resolution."""
    doc = record.doc
    known = {} if texts is None else texts
    seen: dict[int, int] = {}  # id(node) → its number in this document
    parts: list[str] = []

    def key(node: Node | None) -> None:
        if node is None:
            parts.append("-")
            return
        text = known.get(id(node))
        if text is None:
            names = "\x1e".join(node.names)
            text = known[id(node)] = f"{node.type}\x1f{node.label}\x1f{node.qualifier}\x1f{names}"
        parts.append(f"{seen.setdefault(id(node), len(seen))}\x1f{text}")

    for entity in record.entities:
        key(resolution.node_of(doc, entity.type, entity.text))
    for rel in record.relations:
        spec = RELATIONS.get(rel.relation)
        if spec is None:
            parts.append("?")
            continue
        key(resolution.find(doc, rel.head, spec.head_types))
        if rel.relation != "awarded":
            key(resolution.find(doc, rel.tail, spec.tail_types))
    for qty in record.quantities:
        key(resolution.find(doc, qty.subject, QUANTITY_SUBJECT_TYPES))
    return hashlib.sha256("\x1d".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class ChunkStore:
    """The documents' parts of one build, in ``folder``: ``KEY.trig`` (the named graph's
    text) and, for the parts kept for the next build, ``KEY.pickle`` (the rest, with the
    identity signature). ``previous``: the last build's folder, to reuse from."""

    def __init__(self, folder: Path, previous: Path | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / VERSION_FILE).write_text(cache_version() + "\n", encoding="utf-8")
        self.previous = previous if previous is not None and _same_version(previous) else None
        self.reused = 0

    def reuse(self, key: str, signature: str) -> Any | None:
        """The part kept under ``key`` by the last build if made on the same identities
        (linked into this build's folder), else None."""
        if self.previous is None:
            return None
        try:
            with (self.previous / f"{key}.pickle").open("rb") as handle:
                kept_signature, part = pickle.load(handle)
            if kept_signature != signature or not (self.previous / f"{key}.trig").is_file():
                return None
            for suffix in (".pickle", ".trig"):
                _link_or_copy(self.previous / f"{key}{suffix}", self.folder / f"{key}{suffix}")
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError, IndexError):  # fmt: skip
            return None  # unreadable or damaged: made again
        self.reused += 1
        return part

    def put(self, key: str, trig: str, signature: str | None = None, part: Any = None) -> None:
        """Keep a part (``signature`` None: its named graph's text only, not for reuse)."""
        (self.folder / f"{key}.trig").write_text(trig, encoding="utf-8", newline="\n")
        if signature is not None:
            with (self.folder / f"{key}.pickle").open("wb") as handle:
                pickle.dump((signature, part), handle, pickle.HIGHEST_PROTOCOL)

    def trig(self, key: str) -> str:
        return (self.folder / f"{key}.trig").read_text(encoding="utf-8")


def _same_version(folder: Path) -> bool:
    try:
        return (folder / VERSION_FILE).read_text(encoding="utf-8").strip() == cache_version()
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        return
    except OSError:
        shutil.copyfile(source, target)
