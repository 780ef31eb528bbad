"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph.

The endpoint is our own small HTTP front (standard library ``ThreadingHTTPServer``) over
the cached read-only Oxigraph store (:func:`kg.store.cached_store_location`), because the
Oxigraph server cannot be told to refuse federation. Each query is

1. refused at once (HTTP 400, one text line) if it uses SERVICE, FROM, FROM NAMED, LOAD or
   an update, or the protocol's ``default-graph-uri``/``named-graph-uri``
   (:mod:`kg.sparql_guard`);
2. run in a worker process of a small pool (:class:`kg.workers.WorkerPool`) that is
   killed at the query's deadline (``--timeout``, HTTP 503 with a text body) or as soon as
   the client goes away, and replaced: the core is free again at once;
3. answered only once complete, in the format asked for (``Accept``: SPARQL results as
   JSON, XML, CSV or TSV; graphs as Turtle, N-Triples, RDF/XML, JSON-LD), and refused
   (HTTP 500, text) once it outgrows ``--max-bytes``, so an error can never follow a
   ``200`` header.

It answers ``GET /query?query=…``, ``POST /query`` with a form (``query=…``) or an
``application/sparql-query`` body (also at ``/sparql``); updates (``/update``, ``update=``)
get ``403``; ``GET /`` is a small query page (no CDN). Responses allow any origin (CORS),
so browser-based SPARQL editors work. It binds to loopback unless ``--host`` says
otherwise, and warns when it does not. SIGINT/SIGTERM stop it and its workers at once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import select
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit

from kg.store import StoreError, cached_store_location, resolve_graph_path
from kg.workers import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT_S,
    QueryRejectedError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreSpec,
    WorkerError,
    WorkerPool,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_WORKERS = 2
#: Largest request body accepted (a query, form-encoded or not).
MAX_REQUEST_BYTES = 1_000_000
QUERY_PATHS = frozenset(("/query", "/sparql"))
UPDATE_PATHS = frozenset(("/update",))
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class ServeError(StoreError):
    """The server cannot be started (bad host, port in use …)."""


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


def resolve_bind(host: str, port: int) -> tuple[int, tuple[Any, ...]]:
    """``(address family, socket address)`` to listen on; :class:`ServeError` (one line)
    for a host that is not an address or name of this machine, or a bad port."""
    if not 0 <= port <= 65535:
        raise ServeError(f"serve: --port {port}: not a TCP port (0 to 65535)")
    if not host.strip():
        raise ServeError("serve: --host '': give an address such as 127.0.0.1")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ServeError(
            f"serve: --host {host!r}: not an address to listen on ({reason})"
        ) from None
    family, _, _, _, address = infos[0]
    return family, address


def exposure_warning(host: str, address: tuple[Any, ...], port: int, graph: Path) -> str | None:
    """The warning printed when the endpoint is reachable from beyond this machine."""
    try:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
    except ValueError:
        return None
    if ip.is_loopback:
        return None
    where = "every network interface" if ip.is_unspecified else f"{ip}"
    return (
        f"warning: --host {host} listens on {where}, not only on this machine: anyone who "
        f"can reach port {port} can read the whole graph {graph} (every query and the "
        "query page, no password, no TLS); SERVICE, FROM, LOAD and updates stay refused"
    )


def query_page() -> bytes:
    """The HTML query page served at ``/``."""
    return (resources.files("kg") / "templates" / "sparql.html").read_bytes()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[Any, ...],
        family: int,
        pool: WorkerPool | None,
        timeout_s: float | None,
        max_bytes: int | None,
    ) -> None:
        self.address_family = family
        self.pool = pool
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 120  # an idle or stalled connection gives its thread back
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # no access log: stdout carries the URL only, stderr stays readable

    # ------------------------------------------------------------------ responses

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    # ------------------------------------------------------------------ methods

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            page = query_page()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "connect-src 'self'",
            )
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(page)
        elif url.path in QUERY_PATHS:
            self._query(parse_qs(url.query, keep_blank_values=True))
        elif url.path in UPDATE_PATHS:
            self._text(403, "update: the endpoint is read-only")
        else:
            self._text(404, f"not found: {url.path} (the endpoint is /query)")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self._text(411, "request: send a Content-Length (chunked bodies are not read)")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self.close_connection = True
            self._text(413, f"request: the body must be 0 to {MAX_REQUEST_BYTES:,} bytes")
            return
        body = self.rfile.read(length)
        media = self.headers.get_content_type()
        if url.path in UPDATE_PATHS or media == "application/sparql-update":
            self._text(403, "update: the endpoint is read-only")
            return
        if url.path not in QUERY_PATHS:
            self._text(404, f"not found: {url.path} (the endpoint is /query)")
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._text(400, "request: the body is not UTF-8")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
            if "update" in params:
                self._text(403, "update: the endpoint is read-only")
                return
        elif media == "application/sparql-query":
            params["query"] = [*params.get("query", []), text]
        else:
            self._text(
                415,
                f"request: Content-Type {media} (send application/sparql-query or a form)",
            )
            return
        self._query(params)

    # ------------------------------------------------------------------ queries

    def _query(self, params: dict[str, list[str]]) -> None:
        from kg.sparql_guard import refuse_outside_access

        queries = params.get("query", [])
        if len(queries) != 1:
            self._text(400, "query: give exactly one query (query=…)")
            return
        for name in ("default-graph-uri", "named-graph-uri"):
            if params.get(name):
                self._text(400, f"query: {name} is refused: a query may only read the graph")
                return
        sparql = queries[0]
        try:
            refuse_outside_access(sparql)  # answered at once, without a worker
        except StoreError as exc:
            self._text(400, str(exc))
            return
        name = (params.get("format") or params.get("output") or [None])[0]
        job = ("http", sparql, self.headers.get("Accept"), self.server.max_bytes, name)
        pool = self.server.pool
        assert pool is not None
        try:
            media, body = pool.ask(job, self.server.timeout_s or float("inf"), self._client_gone)
        except QueryRejectedError as exc:
            self._text(400, str(exc))
        except QueryTimeoutError as exc:
            self._text(503, str(exc))
        except ResultTooLargeError as exc:
            self._text(500, str(exc))
        except WorkerError:
            self.close_connection = True  # the client is gone, or the worker died
            with contextlib.suppress(OSError):
                self._text(500, "query: the query worker stopped; try again")
        except StoreError as exc:
            self._text(500, str(exc))
        else:
            self._send(200, media, body)

    def _client_gone(self) -> bool:
        """Whether the client closed its connection while its query runs."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True


def serve(
    graph: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    workers: int = DEFAULT_WORKERS,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve ``graph`` until SIGINT/SIGTERM (or ``stop`` is set); return the exit status.

    The endpoint URL is the first line written to ``out`` once the server listens and its
    workers are ready; everything else goes to ``err``. In the main thread the signals are
    blocked and taken with ``sigwait``: no handler runs, so none can re-enter.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    family, address = resolve_bind(host, port)
    file = resolve_graph_path(graph)
    use_sigwait = stop is None and threading.current_thread() is threading.main_thread()
    if use_sigwait:
        # multiprocessing's resource tracker unblocks SIGINT/SIGTERM when it first starts:
        # start it now, then block them before any thread or worker starts (they inherit
        # the mask; workers undo it).
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    server: _Server | None = None
    pool: WorkerPool | None = None
    thread: threading.Thread | None = None
    try:
        try:
            server = _Server(address, family, None, timeout_s, max_bytes)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise ServeError(f"serve: {_host_port(host, port)}: {reason}") from None
        location = cached_store_location(file)
        pool = WorkerPool(StoreSpec(location=str(location)), workers)
        server.pool = pool
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        thread.start()
        bound = int(server.server_address[1])
        warning = exposure_warning(host, address, bound, file)
        if warning:
            err.write(warning + "\n")
        out.write(endpoint_url(host, bound) + "\n")
        out.flush()
        limit = f"{timeout_s:g} s per query" if timeout_s else "no time limit"
        err.write(
            f"query page: http://{_host_port(host, bound)}/ · read-only SPARQL 1.1 endpoint "
            f"over {file} · {limit} · Ctrl-C stops\n"
        )
        err.flush()
        if stop is not None:
            stop.wait()
        elif use_sigwait:
            signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
            signal.sigwait(_SIGNALS)
        else:
            threading.Event().wait()
    finally:
        if server is not None:
            if thread is not None:
                server.shutdown()
            server.server_close()
        if pool is not None:
            pool.close()
        if use_sigwait:
            _drain_pending_signals()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    return 0


def _drain_pending_signals() -> None:
    """Take a second Ctrl-C/SIGTERM that came during shutdown, so that unblocking the
    signals does not raise it again."""
    while pending := signal.sigpending() & _SIGNALS:
        signal.sigwait(pending)
