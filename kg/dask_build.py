"""Extraction as Dask tasks on a ``distributed`` cluster (``kg build --dask ADDRESS``).

The parent reads each document's bytes and sends them with a task of a chunk of
documents; the worker reads them exactly as a file of that kind is read, extracts, and
returns per document its record's JSON (:func:`kg.record_cache.record_json`, with the hash
of those bytes) or one error line. Workers need no access to the corpus. The parent keeps a
few chunks a worker in flight, gathers them in input order, writes the records and then
resolves identities and writes the graph as usual, so the output is byte-identical to a
build in one process.

Needs the ``dask[distributed]`` extra (``pip install 'dangjian-kg[dask]'``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.discover import InputFile
from kg.model_ner import ModelLoadError
from kg.read import STDIN

Result = tuple[dict[str, Any] | None, str | None, list[str]]  # record JSON, error, notes
NOT_SENT = "not a regular file (a FIFO, socket or device): not sent to a Dask worker"
CONNECT_TIMEOUT_S = 20
"""Seconds to reach the scheduler before giving up with one line."""


class DaskUnavailable(Exception):
    """The scheduler cannot be reached or ``distributed`` is not installed."""


@dataclass
class DaskOutcome:
    """What became of one document on a worker: its record JSON or one error line."""

    file: InputFile
    data: dict[str, Any] | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def connect(target: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for a scheduler address (or the client given); whether it
    is ours to close. Raises :class:`DaskUnavailable` with the reason."""
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable(
            "--dask needs the distributed package: pip install 'dangjian-kg[dask]'"
        ) from None
    if isinstance(target, Client):
        return target, False
    try:
        return Client(str(target), timeout=CONNECT_TIMEOUT_S, set_as_default=False), True
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DaskUnavailable(f"--dask {target}: cannot reach the scheduler: {reason}") from None


def chunk_size(documents: int, workers: int) -> int:
    """Documents a task: about four tasks a worker (for balance), at most 64 a task."""
    return max(1, min(64, -(-documents // max(1, 4 * workers))))


def extract_on_cluster(
    client: Any, files: Sequence[InputFile], *, model: str | None, fast: bool
) -> Iterator[DaskOutcome]:
    """One outcome per file, in input order, extracted by the cluster's workers.

    The documents' bytes are read here and sent with their task (the workers need no access
    to the corpus), a few chunks a worker ahead of the one awaited, so that memory holds a
    window of the corpus, not all of it."""
    stdin = sys.stdin.buffer.read() if any(f.path == STDIN for f in files) else None
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = chunk_size(len(files), workers)
    starts = range(0, len(files), size)
    pending: deque[tuple[int, Any]] = deque()
    ahead = iter(starts)

    def submit_next() -> None:
        start = next(ahead, None)
        if start is not None:
            chunk = [_task(f, stdin) for f in files[start : start + size]]
            pending.append((start, client.submit(extract_chunk, chunk, model, fast, pure=False)))

    try:
        for _ in range(2 * workers + 1):
            submit_next()
        while pending:
            start, future = pending.popleft()
            submit_next()
            for i, (data, error, notes) in enumerate(_results(future, files[start : start + size])):
                file = files[start + i]
                if _special(file):  # sent empty; the worker's answer is not about it
                    data, error, notes = None, f"{file.shown}: {NOT_SENT}", []
                yield DaskOutcome(file, data, error, notes)
    finally:
        for _start, future in pending:  # an error or Ctrl-C: cancel what is left
            future.cancel()


def _task(file: InputFile, stdin: bytes | None) -> tuple[str, str, bytes | None]:
    """``(path, name, bytes)``; bytes None when this process cannot read the file (the
    worker then tries the path, and says why it cannot)."""
    if file.path == STDIN:
        return file.path, file.name, stdin
    try:
        if _special(file):
            return file.path, file.name, b""  # never read: it could block for ever
        with open(file.path, "rb") as handle:
            return file.path, file.name, handle.read()
    except OSError:
        return file.path, file.name, None


def _special(file: InputFile) -> bool:
    """A FIFO, socket or device given by name (reading it could block)."""
    try:
        return file.path != STDIN and not stat.S_ISREG(os.stat(file.path).st_mode)
    except OSError:
        return False


def _results(future: Any, files: Sequence[InputFile]) -> list[Result]:
    try:
        return list(future.result())
    except ModelLoadError:
        raise
    except Exception as exc:  # a worker died or the task failed: its documents only
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return [
            (None, f"{f.shown}: not extracted: the Dask task failed: {reason}", []) for f in files
        ]


# ----------------------------------------------------------------------------- on a worker

_extractors: dict[tuple[str | None, bool], Any] = {}


def extract_chunk(
    chunk: Sequence[tuple[str, str, bytes | None]], model: str | None, fast: bool
) -> list[Result]:
    """Read and extract documents on a worker: ``(record JSON, error, notes)`` each."""
    from kg.pipeline import Extractor
    from kg.record_cache import extractor_version

    key = (model, fast)
    if key not in _extractors:  # one extractor per worker process and settings
        _extractors[key] = Extractor(model, fast=fast)
    version = extractor_version(model, fast)
    with tempfile.TemporaryDirectory(prefix="kg-dask-") as folder:
        return [
            _extract_bytes(_extractors[key], version, path, name, data, Path(folder))
            for path, name, data in chunk
        ]


def _extract_bytes(
    extractor: Any, version: str, path: str, name: str, data: bytes | None, folder: Path
) -> Result:
    """Extract one document from its bytes (written to a file of the same kind in
    ``folder``, so that it is read exactly as the file itself would be)."""
    from kg.batch import extract_one
    from kg.discover import printable
    from kg.record_cache import record_json

    file = InputFile(path, name)
    if data is None or path == STDIN:
        sha = None if path == STDIN else content_hash_of_path(path)
        outcome = extract_one(extractor, file, data)
    else:
        sha = hashlib.sha256(data).hexdigest()
        copy = folder / ("document" + Path(path).suffix)
        copy.write_bytes(data)
        outcome = extract_one(extractor, InputFile(str(copy), name))
        mine, shown = printable(str(copy)), file.shown
        outcome.error = outcome.error.replace(mine, shown) if outcome.error else None
        outcome.notes = [note.replace(mine, shown) for note in outcome.notes]
    if outcome.record is None:
        return None, outcome.error or f"{file.shown}: not extracted", outcome.notes
    record = record_json(outcome.record, outcome.sentences, sha256=sha, extractor=version)
    return record, None, outcome.notes


def content_hash_of_path(path: str) -> str | None:
    from kg.record_cache import content_hash

    return content_hash(InputFile(path, os.path.basename(path)))
