"""Extracting many documents: in this process, or in a pool of worker processes (``--jobs``).

``extract_all(files, ...)`` yields one :class:`Outcome` per input file, in input order,
whatever the number of workers, so that the records and the graph are byte-identical for
any ``--jobs``. Every document is isolated: whatever goes wrong while reading or extracting
one (an undecodable file, a numeral a library cannot parse, a bug) becomes that document's
one error line, and the others go on.

The pool (``concurrent.futures`` with the ``spawn`` start method: workers inherit no
threads, locks or open files of the parent) is used only with more than one worker and more
than one document. Each worker builds its :class:`~kg.pipeline.Extractor` once, in its
initializer (the model is slow to load), and ignores SIGINT: Ctrl-C reaches the parent,
which ends the workers and re-raises. Workers only read and extract; the parent writes.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from kg.discover import InputFile
from kg.pipeline import Extractor
from kg.read import STDIN, InputError, InputWarning, read_document, read_stdin
from kg.records import DocumentRecord, Sentence
from kg.segment import split_sentences


class ExtractorStartError(Exception):
    """The extractor could not be created in a worker process (e.g. a bad ``--model``)."""


@dataclass
class Outcome:
    """What became of one input: its record (and sentences), or one error line; notes."""

    file: InputFile
    record: DocumentRecord | None = None
    sentences: list[Sentence] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    worker_failed: bool = False  # the worker has no extractor: ``error`` says why


def default_jobs() -> int:
    """All cores."""
    return os.cpu_count() or 1


def extract_one(extractor: Extractor, file: InputFile, data: bytes | None = None) -> Outcome:
    """Read and extract one document; any exception becomes the outcome's error line.

    ``data``: the bytes of standard input when ``file.path`` is ``-`` (read by the parent).
    """
    outcome = Outcome(file)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            if file.path == STDIN:
                stream = io.BytesIO(data) if data is not None else None
                source = read_stdin(stream, name=file.name)
            else:
                source = read_document(file.path, name=file.name, shown=file.shown)
            outcome.record = extractor.extract(source)
            outcome.sentences = split_sentences(source.text)
        except InputError as exc:
            outcome.error = str(exc)
        except Exception as exc:  # one bad document must not end the run
            outcome.error = f"{file.shown}: extraction failed: {type(exc).__name__}: {exc}"
    outcome.notes = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    return outcome


def extract_all(
    files: Sequence[InputFile],
    *,
    model: str | None = None,
    fast: bool = False,
    jobs: int = 1,
    extractor: Extractor | None = None,
) -> Iterator[Outcome]:
    """One outcome per file, in input order. With ``extractor`` given (or one worker, or one
    document) everything runs in this process; else in ``min(jobs, len(files))`` workers.

    Raises :class:`~kg.model_ner.ModelLoadError` (in this process) or
    :class:`ExtractorStartError` (from a worker) when the extractor cannot be created.
    """
    stdin = sys.stdin.buffer.read() if any(f.path == STDIN for f in files) else None
    workers = min(jobs, len(files))
    if extractor is not None or workers <= 1:
        extractor = extractor if extractor is not None else Extractor(model, fast=fast)
        for file in files:
            yield extract_one(extractor, file, stdin)
        return
    yield from _pool(files, stdin, model, fast, workers)


def _pool(
    files: Sequence[InputFile], stdin: bytes | None, model: str | None, fast: bool, workers: int
) -> Iterator[Outcome]:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(model, fast),
    )
    tasks = [(file, stdin if file.path == STDIN else None) for file in files]
    done = 0
    finished = False
    try:
        try:
            for outcome in pool.map(_work, tasks):
                if outcome.worker_failed:
                    raise ExtractorStartError(outcome.error)
                done += 1
                yield outcome
        except BrokenProcessPool:  # a worker was killed (out of memory, a crash in C code)
            for file in files[done:]:
                yield Outcome(file, error=f"{file.shown}: not extracted: a worker process died")
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # Ctrl-C, an error, or the caller stopped early: end the workers now
            # Python 3.11 has no public way to end running workers (3.14: terminate_workers)
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join()


# ----------------------------------------------------------------------------- in a worker

_worker_extractor: Extractor | None = None
_worker_error: str | None = None


def _start_worker(model: str | None, fast: bool) -> None:
    global _worker_extractor, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _worker_extractor = Extractor(model, fast=fast)
    except Exception as exc:  # reported with the first document, as a clear line
        _worker_error = str(exc) or type(exc).__name__


def _work(task: tuple[InputFile, bytes | None]) -> Outcome:
    file, data = task
    if _worker_extractor is None:
        return Outcome(file, error=_worker_error, worker_failed=True)
    return extract_one(_worker_extractor, file, data)
