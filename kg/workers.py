"""Queries in worker processes that are killed at their deadline.

pyoxigraph and rdflib cannot stop a running query from another thread, so a deadline is
only real if the query runs in a process of its own: :class:`QueryWorker` is one such
process (started with ``spawn``: no lock or socket of the parent is inherited; ``kg
query``'s one worker is forked where the process has a single thread) holding an open
read-only store. The caller sends a job, waits for the answer until the deadline,
and on timeout kills the process (SIGKILL: its core is free at once) and starts another.

* ``kg query`` runs its one query in one worker (:func:`run_with_deadline`);
* ``kg serve`` keeps a :class:`WorkerPool` of them over the cached Oxigraph store.

Workers ignore SIGINT (Ctrl-C in a terminal reaches the whole process group; the parent
decides) and die with their parent on Linux (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg.store import ResultTooLargeError, StoreError

#: Default seconds a query may run (``kg query`` and ``kg serve``).
DEFAULT_TIMEOUT_S: float = 30.0
#: Default cap on the rows ``kg query`` collects.
DEFAULT_MAX_ROWS: int = 1_000_000
#: Default cap on the bytes of one answer of ``kg serve``.
DEFAULT_MAX_BYTES: int = 64 * 1024 * 1024
_START_TIMEOUT_S = 120.0


class QueryTimeoutError(StoreError):
    """A query stopped at its deadline."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"query: stopped at the time limit of {seconds:g} s (--timeout); "
            "add LIMIT or narrow the patterns"
        )


class QueryRejectedError(StoreError):
    """A query refused or malformed (a client error: HTTP 400)."""


class WorkerError(StoreError):
    """A worker that could not open the store or that died."""


@dataclass(frozen=True, slots=True)
class StoreSpec:
    """How a worker opens its store: ``open_store(graph, backend)``, or the Oxigraph store
    at ``location`` read-only (the cached store of ``kg serve``)."""

    graph: str = ""
    backend: str = "auto"
    location: str | None = None


# --------------------------------------------------------------------------- in the child


def _become_worker() -> None:  # pragma: no cover - runs in the child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, ValueError, OSError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid != os.getppid():
        os._exit(0)  # the parent died before PR_SET_PDEATHSIG took effect


def _open(spec: StoreSpec) -> Any:
    if spec.location is not None:
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(spec.location)
        except OSError as exc:
            raise WorkerError(f"{spec.location}: cannot open store: {exc}") from exc
    from kg.store import open_store

    return open_store(spec.graph, spec.backend)


def _worker_main(conn: Connection, spec: StoreSpec) -> None:  # pragma: no cover - child
    _become_worker()
    try:
        store = _open(spec)
    except StoreError as exc:
        conn.send(("error", "server", str(exc)))
        return
    except Exception as exc:
        conn.send(("error", "server", f"cannot open the graph: {exc}"))
        return
    backend = getattr(store, "backend", "oxigraph")
    conn.send(("ready", backend))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(_handle(store, job))


def _handle(store: Any, job: tuple[Any, ...]) -> tuple[Any, ...]:  # pragma: no cover
    from kg.store import QuerySyntaxError, UpdateRefusedError

    kind = job[0]
    try:
        if kind == "rows":
            _, sparql, max_rows = job
            return ("ok", _collect_rows(store, sparql, max_rows))
        _, sparql, accept, max_bytes, format_name = job
        from kg.protocol import answer

        return ("ok", answer(store, sparql, accept, max_bytes, format_name))
    except (QuerySyntaxError, UpdateRefusedError, QueryRejectedError) as exc:
        return ("error", "client", str(exc))
    except ResultTooLargeError as exc:
        return ("error", "too-large", str(exc))
    except StoreError as exc:
        from kg.sparql_guard import OutsideAccessError

        return ("error", "client" if isinstance(exc, OutsideAccessError) else "server", str(exc))
    except Exception as exc:
        return ("error", "server", f"query: {' '.join(str(exc).split())[:300]}")


def _collect_rows(store: Any, sparql: str, max_rows: int | None) -> Any:  # pragma: no cover
    return store.query(sparql, max_rows)


# --------------------------------------------------------------------------- in the parent


def _context() -> Any:
    return multiprocessing.get_context("spawn")


def one_shot_context() -> Any:
    """``fork`` where it is safe (Linux, and this process has one thread, native ones
    counted: no lock can be held by a thread that will not exist in the child), else
    ``spawn``. A forked worker is ready in about 0.02 s instead of 0.11 s, since it starts
    with the parent's imports; it matters for ``kg query``, one query per process."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        try:
            threads = len(os.listdir("/proc/self/task"))
        except OSError:
            threads = 0
        if threads == 1:
            return multiprocessing.get_context("fork")
    return _context()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep ``spawn`` from re-running ``__main__`` in the worker: the worker's code is all
    in this module, and re-running the ``kg`` script imports the whole command line (typer,
    rich, pandas), which tripled the time of a ``kg query`` (bench/store_overhead.py)."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {name: main.__dict__[name] for name in ("__file__", "__spec__") if name in vars(main)}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


class QueryWorker:
    """One worker process holding an open store; :meth:`ask` runs a job with a deadline."""

    def __init__(self, spec: StoreSpec, context: Any = None) -> None:
        context = context or _context()
        self.start_method = context.get_start_method()
        if self.start_method == "fork":  # the child would write the parent's buffers again
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
        self._conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, spec), daemon=True, name="kg-query-worker"
        )
        with _main_module_hidden():
            self.process.start()
        child.close()
        self.backend = ""

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def wait_ready(self, timeout: float = _START_TIMEOUT_S) -> None:
        """Wait until the store is open (raises :class:`WorkerError` if it cannot be)."""
        reply = self._receive(time.monotonic() + timeout, None)
        if reply is None:
            self.kill()
            raise WorkerError(f"the query worker did not start within {timeout:g} s")
        if reply[0] == "error":
            self.kill()
            raise WorkerError(reply[2])
        self.backend = reply[1]

    def ask(
        self,
        job: tuple[Any, ...],
        timeout: float,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        """Send ``job`` and return its answer; kill the worker and raise
        :class:`QueryTimeoutError` at the deadline (or :class:`WorkerError` if
        ``cancelled()`` turns true first)."""
        try:
            self._conn.send(job)
        except (OSError, ValueError) as exc:
            self.kill()
            raise WorkerError("the query worker is gone") from exc
        reply = self._receive(time.monotonic() + timeout, cancelled)
        if reply is None:
            self.kill()
            raise QueryTimeoutError(timeout)
        if reply[0] == "ok":
            return reply[1]
        _, category, message = reply
        if category == "client":
            raise QueryRejectedError(message)
        if category == "too-large":
            raise ResultTooLargeError(message)
        raise StoreError(message)

    def _receive(self, deadline: float, cancelled: Callable[[], bool] | None) -> Any:
        """The next message, or ``None`` at the deadline (or when cancelled)."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                if self._conn.poll(min(remaining, 0.2)):
                    return self._conn.recv()
            except (EOFError, OSError) as exc:
                self.kill()
                raise WorkerError("the query worker stopped unexpectedly") from exc
            if not self.process.is_alive() and not self._conn.poll(0):
                self.kill()
                raise WorkerError("the query worker stopped unexpectedly")
            if cancelled is not None and cancelled():
                self.kill()
                raise WorkerError("the client went away; query stopped")

    def kill(self) -> None:
        """Stop the process at once (SIGKILL) and reap it."""
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self._conn.close()

    def close(self) -> None:
        """Ask the worker to leave, then make sure it has."""
        with contextlib.suppress(Exception):
            self._conn.send(None)
        self.process.join(timeout=1)
        self.kill()


def run_with_deadline(
    graph: str,
    sparql: str,
    *,
    backend: str = "auto",
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_rows: int | None = DEFAULT_MAX_ROWS,
) -> tuple[Any, str]:
    """Run ``sparql`` on ``graph`` in a worker process: ``(QueryResult, backend)``.

    Loading the graph is not counted in the deadline; the query (with its syntax check)
    is, and the worker is killed when it passes.
    """
    worker = QueryWorker(StoreSpec(graph=graph, backend=backend), one_shot_context())
    try:
        worker.wait_ready()
        result = worker.ask(("rows", sparql, max_rows), timeout_s or float("inf"))
        return result, worker.backend
    finally:
        worker.close()


class WorkerPool:
    """``size`` workers over one read-only store; a killed worker is replaced in the
    background. :meth:`ask` waits for a free worker within the query's own deadline."""

    def __init__(self, spec: StoreSpec, size: int) -> None:
        self._spec = spec
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[QueryWorker] = set()
        self._closed = False
        self._replacements: queue.Queue[bool] = queue.Queue()
        self._replacer = threading.Thread(
            target=self._replace_forever, daemon=True, name="kg-worker-replacer"
        )
        self._replacer.start()
        starting = [self._start() for _ in range(max(1, size))]
        try:
            for worker in starting:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _start(self) -> QueryWorker:
        worker = QueryWorker(self._spec)
        with self._lock:
            self._workers.add(worker)
        return worker

    def pids(self) -> list[int]:
        """The process ids of the live workers."""
        with self._lock:
            return [w.pid for w in self._workers if w.pid is not None]

    def ask(
        self, job: tuple[Any, ...], timeout: float, cancelled: Callable[[], bool] | None = None
    ) -> Any:
        """Run ``job`` on a free worker; the deadline counts from now."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=max(timeout, 0.001))
        except queue.Empty:
            raise QueryTimeoutError(timeout) from None
        try:
            answer = worker.ask(job, max(deadline - time.monotonic(), 0.001), cancelled)
        except QueryTimeoutError:
            self._replace(worker)
            raise QueryTimeoutError(timeout) from None
        except WorkerError:
            self._replace(worker)
            raise
        self._idle.put(worker)
        return answer

    def _replace(self, dead: QueryWorker) -> None:
        dead.kill()
        with self._lock:
            self._workers.discard(dead)
        self._replacements.put(True)

    def _replace_forever(self) -> None:
        """Start a worker for each one killed. One long-lived thread does it: Linux sends
        PR_SET_PDEATHSIG when the *thread* that started a child ends."""
        while self._replacements.get():
            for _ in range(3):
                with self._lock:
                    if self._closed:
                        return
                worker = self._start()
                try:
                    worker.wait_ready()
                except WorkerError:
                    with self._lock:
                        self._workers.discard(worker)
                    continue
                self._idle.put(worker)
                break

    def close(self) -> None:
        """Kill every worker (they hold nothing that needs saving)."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._replacements.put(False)
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.process.kill()
        for worker in workers:
            worker.kill()
