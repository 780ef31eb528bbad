"""Extracting many documents: in this process, or in a pool of worker processes (``--jobs``).

``extract_all(files, ...)`` yields one :class:`Outcome` per input file, in input order,
whatever the number of workers, so that the records and the graph are byte-identical for
any ``--jobs``. Every document is isolated: whatever goes wrong while reading or extracting
one (an undecodable file, a numeral a library cannot parse, a bug) becomes that document's
one error line, and the others go on.

The pool (``concurrent.futures``) is used only with more than one worker and more than one
document. On Linux its workers are forked from this process after it has built the
:class:`~kg.pipeline.Extractor` (rules, lexicons, the LAC tables): they start at once and
share those pages copy-on-write instead of loading the model again (a second or more per
worker, which on a short run costs more than the second core gains). A forked worker keeps
only the thread that forked it; it drops any ONNX session it inherited and opens its own,
writes through fresh standard streams (a lock held by another thread of the parent at the
fork, such as a progress bar's, stays held in the child) and dies with its parent
(``PR_SET_PDEATHSIG``), so an output lock it inherited never outlives the run. Elsewhere the
workers are started with ``spawn`` and each builds its extractor in its initializer. Either
way workers ignore SIGINT: Ctrl-C reaches the parent, which ends the workers and re-raises.
Workers only read and extract; the parent writes.
"""

from __future__ import annotations

import contextlib
import gc
import io
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from kg.discover import InputFile
from kg.pipeline import Extractor
from kg.read import STDIN, InputError, InputWarning, read_document, read_stdin
from kg.recognize.lac import LacAnalyzer
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

    Raises :class:`~kg.model_ner.ModelLoadError` (in this process, where the extractor of
    forked workers is built too) or :class:`ExtractorStartError` (from a spawned worker) when
    the extractor cannot be created. Consume the outcomes in the thread that started: on
    Linux the workers die with it (``PR_SET_PDEATHSIG`` follows the thread that forked).
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
    context = _start_context()
    if context.get_start_method() == "fork":
        extractor = Extractor(model, fast=fast)  # errors raise here, as with one worker
        for analyzer in _lac_analyzers(extractor):
            analyzer.prepare()
        initializer: Callable[..., None] = _adopt_extractor
        initargs: tuple[Any, ...] = (extractor, os.getpid())
    else:
        initializer, initargs = _start_worker, (model, fast)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    )
    tasks = [(file, stdin if file.path == STDIN else None) for file in files]
    done = 0
    finished = False
    try:
        try:
            # Forked workers start at the first submission. The parent's objects, frozen
            # out of the collector's reach meanwhile, are never traversed by a worker's
            # collections (less CPU, fewer pages copied).
            gc.freeze()
            try:
                with ctrl_c_for_this_thread_only():  # the pool's threads start here
                    outcomes = pool.map(_work, tasks)
            finally:
                gc.unfreeze()
            for outcome in outcomes:
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
            # the pool's manager thread sees its workers gone and closes its wakeup pipe;
            # waiting for it here keeps the interpreter's exit hook from writing to that
            # pipe while it closes (a "Bad file descriptor" traceback after Ctrl-C)
            manager = getattr(pool, "_executor_manager_thread", None)
            if manager is not None:
                manager.join(timeout=30)


@contextlib.contextmanager
def ctrl_c_for_this_thread_only() -> Iterator[None]:
    """Threads started inside (the pool's manager and queue feeder, a progress bar's
    refresh) block SIGINT, so the kernel can hand Ctrl-C only to this thread. Were a helper
    thread to take it, Python's handler would be left for this thread, which, waiting for a
    result that may never come (a worker blocked on a FIFO), would not wake to run it. A
    Ctrl-C meanwhile waits, pending, until the mask is restored."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# ----------------------------------------------------------------------------- in a worker

_worker_extractor: Extractor | None = None
_worker_error: str | None = None


def _start_context() -> multiprocessing.context.BaseContext:
    """``fork`` on Linux (the extractor is inherited, built once), else ``spawn``."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(model: str | None, fast: bool) -> None:
    global _worker_extractor, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _worker_extractor = Extractor(model, fast=fast)
    except Exception as exc:  # reported with the first document, as a clear line
        _worker_error = str(exc) or type(exc).__name__


def _adopt_extractor(extractor: Extractor, parent: int) -> None:
    """Initializer of a forked worker: ``extractor`` is the parent's, inherited."""
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)  # the parent died before PR_SET_PDEATHSIG took effect
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    for analyzer in _lac_analyzers(extractor):
        analyzer.forget_session()
    _worker_extractor = extractor


def _lac_analyzers(extractor: Extractor) -> list[LacAnalyzer]:
    nlp = extractor.recognizer.nlp
    found = [getattr(nlp.get_pipe(name), "analyzer", None) for name in nlp.pipe_names]
    return [analyzer for analyzer in found if isinstance(analyzer, LacAnalyzer)]


def _work(task: tuple[InputFile, bytes | None]) -> Outcome:
    file, data = task
    if _worker_extractor is None:
        return Outcome(file, error=_worker_error, worker_failed=True)
    return extract_one(_worker_extractor, file, data)


class ForkedCall:
    """``function(*args)`` run in a forked process while this one goes on (``kg build
    --jobs``: the page is drawn while the TriG and the report are written); :meth:`result`
    waits for its value (picklable) or raises its exception. The child ignores SIGINT, dies
    with its parent on Linux and leaves through ``os._exit`` (no exit handler of the parent
    runs twice). Where processes cannot be forked the call runs at once, here."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            try:
                self._value = function(*args)
            except Exception as exc:
                self._error = exc
            self._process = None
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_forked_call, args=(function, args, send, os.getpid()), daemon=True
        )
        self._process.start()
        send.close()

    def cancel(self) -> None:
        """Stop the call (its result is not wanted: the build failed meanwhile)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receive.close()
            self._process = None

    def result(self) -> Any:
        if self._process is not None:
            try:
                ok, value = self._receive.recv()
            except EOFError:
                ok, value = (
                    False,
                    RuntimeError(f"the forked process died (exit code {self._process.exitcode})"),
                )
            finally:
                self._receive.close()
                self._process.join()
                self._process = None
            if ok:
                self._value = value
            else:
                self._error = value
        if self._error is not None:
            raise self._error
        return self._value


def _forked_call(
    function: Callable[..., Any], args: tuple[Any, ...], send: Any, parent: int
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)
    try:
        message: tuple[bool, Any] = (True, function(*args))
    except BaseException as exc:  # every failure goes back to the parent
        message = (False, exc)
    try:
        send.send(message)
    except Exception as exc:  # an unpicklable value or exception: its text
        send.send((False, RuntimeError(f"{type(exc).__name__}: {exc}: {message[1]!r}")))
    send.close()
    os._exit(0)
