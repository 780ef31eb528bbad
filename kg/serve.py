"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph.

The endpoint is the Oxigraph server itself: the ``oxigraph`` package on PyPI ships its
binary (``oxigraph serve-read-only``). ``kg serve`` loads the graph into an on-disk
Oxigraph store with pyoxigraph's ``bulk_load`` (the same cached store ``kg query`` uses,
see :func:`kg.store.cached_store_location`), starts the server on it in read-only mode
(updates are answered ``403 Forbidden`` by the server), waits until it listens and prints
the endpoint URL as the first line of standard output. The server answers

* ``GET/POST /query`` (and ``/sparql``): SPARQL 1.1 queries, results as
  ``application/sparql-results+json``, ``…+xml``, ``text/csv``, ``text/tab-separated-values``
  (content negotiation on ``Accept``); graphs as Turtle, N-Triples, RDF/XML …;
* ``GET /``: a query page for people (YASGUI, served by Oxigraph itself, no CDN).

It is bound to loopback (``127.0.0.1``) unless ``--host`` says otherwise.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from kg.store import StoreError, cached_store_location, resolve_graph_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
READY_TIMEOUT_S = 60.0


class ServeError(StoreError):
    """The server cannot be started (no binary, port in use …)."""


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server binary: beside this Python (the venv's bin), else on PATH."""
    here = Path(sys.executable).parent
    for name in ("oxigraph", "oxigraph.exe"):
        if (here / name).is_file():
            return here / name
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServeError(
        "the Oxigraph server is not installed (pip install oxigraph: the PyPI package "
        "ships the 'oxigraph' binary)"
    )


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port that is free on ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def endpoint_url(host: str, port: int) -> str:
    """The SPARQL query endpoint URL, ``http://HOST:PORT/query``."""
    return f"http://{_host_port(host, port)}/query"


def server_command(
    binary: Path, location: Path, host: str, port: int, timeout_s: float | None = None
) -> list[str]:
    """The ``oxigraph serve-read-only`` command line."""
    command = [
        str(binary),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        _host_port(host, port),
    ]
    if timeout_s:
        command += ["--timeout-s", str(int(timeout_s))]
    return command


def _die_with_parent() -> None:  # pragma: no cover - runs in the child on Linux
    """Ask Linux to stop the server if ``kg serve`` itself is killed."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _pump(stream: TextIO, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def serve(
    graph: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout_s: float | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    ready_timeout: float = READY_TIMEOUT_S,
) -> int:
    """Serve ``graph`` until interrupted (SIGINT/SIGTERM); return the exit status.

    The endpoint URL is the first line written to ``out`` once the server listens;
    everything else (the query page URL, the server's own messages) goes to ``err``.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    file = resolve_graph_path(graph)
    binary = oxigraph_binary()
    location = cached_store_location(file)
    if port == 0:
        port = free_port(host)
    command = server_command(binary, location, host, port, timeout_s)
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    assert proc.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    stopping = threading.Event()

    def stop(_signum: int, _frame: object) -> None:
        stopping.set()
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        ready, output = _wait_ready(proc, lines, ready_timeout)
        if not ready:
            exited = proc.poll() is not None
            _terminate(proc)
            reason = next((line for line in output if line.startswith("Error")), None)
            reason = reason or (output[0] if output else "the server stopped")
            if not exited:
                reason = f"not listening after {ready_timeout:.0f} s"
            raise ServeError(f"serve: {_host_port(host, port)}: {reason}")
        out.write(endpoint_url(host, port) + "\n")
        out.flush()
        err.write(
            f"query page: http://{_host_port(host, port)}/ · read-only SPARQL 1.1 endpoint "
            f"over {file} · Ctrl-C stops\n"
        )
        err.flush()
        while True:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            if line is None:
                break
            err.write(line + "\n")
            err.flush()
        proc.wait()
    except KeyboardInterrupt:
        stopping.set()
        _terminate(proc)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            _terminate(proc)
    if stopping.is_set():
        return 0
    return 0 if proc.returncode == 0 else 1


def _wait_ready(
    proc: subprocess.Popen[str], lines: queue.Queue[str | None], timeout: float
) -> tuple[bool, list[str]]:
    """Wait for the server's "Listening for requests" line (True) or its exit (False)."""
    output: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            proc.wait()
            return False, output
        output.append(line)
        if line.startswith("Listening for requests"):
            return True, output
    return False, output


def _terminate(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
