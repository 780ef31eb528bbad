"""``kg serve``: a real SPARQL 1.1 endpoint, queried over HTTP with SPARQLWrapper and urllib.

Servers are started as subprocesses on the fixture graph, on free loopback ports; every
wait is a bounded poll for a condition (never a fixed sleep) and every server is stopped.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from kg.serve import ServeError, endpoint_url, exposure_warning, resolve_bind

REPO = Path(__file__).resolve().parents[1]
TTL = REPO / "tests" / "data" / "graph.ttl"
START_TIMEOUT_S = 90
CROSS_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CROSS_2 = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` passes (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).strip()
    except queue.Empty:
        return ""


def start_server(cache: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """``kg serve TTL --port 0 ARGS…`` and its endpoint URL (its first stdout line)."""
    env = dict(os.environ, KG_CACHE_DIR=str(cache))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(TTL), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    url = _first_line(proc, START_TIMEOUT_S)
    if not url:
        proc.kill()
        _, stderr = proc.communicate(timeout=10)
        pytest.fail(f"kg serve printed no URL: {stderr}")
    return proc, url


def stop_server(proc: subprocess.Popen[str], signum: int = signal.SIGTERM) -> int:
    proc.send_signal(signum)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        pytest.fail("kg serve did not stop on a signal")


def children(pid: int) -> dict[int, str]:
    """``{child pid: state letter}`` from /proc (R running, S sleeping, Z zombie …)."""
    out: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            out[int(entry.name)] = fields[0]
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple:
    """``(status, content type, body text)`` of a request (errors included)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode()


def get(endpoint: str, query: str, **headers: str) -> tuple:
    return http(endpoint + "?" + urllib.parse.urlencode({"query": query}), headers=headers)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kg-cache")


@pytest.fixture(scope="module")
def server(cache: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc, url = start_server(cache, "--timeout", "2", "--max-bytes", "200000")
    try:
        yield proc, url
    finally:
        assert stop_server(proc) == 0


@pytest.fixture(scope="module")
def endpoint(server: tuple[subprocess.Popen[str], str]) -> str:
    return server[1]


def test_the_first_line_is_the_loopback_endpoint(endpoint: str) -> None:
    assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")


def test_select_over_http(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setTimeout(20)
    client.setReturnFormat(JSON)
    client.setQuery("""
        PREFIX dj: <https://w3id.org/dangjian-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?person ?role WHERE {
          ?p a dj:Person ; rdfs:label ?person ; org:holds ?post .
          ?post org:postIn/rdfs:label "南区联合党委"@zh ; org:role/rdfs:label ?role .
        }""")
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [(b["person"]["value"], b["role"]["value"]) for b in bindings] == [("林晓岚", "书记")]
    assert bindings[0]["person"]["xml:lang"] == "zh"


def test_ask_and_csv_over_http(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setTimeout(20)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?s <https://w3id.org/dangjian-kg/ontology#pairedWith> ?o }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().split() == ["n", "621"]
    client.setMethod(POST)
    assert client.queryAndConvert().decode().split() == ["n", "621"]


def test_post_bodies_and_content_negotiation(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, ctype, body = http(
        endpoint,
        data=count.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
    )
    assert status == 200 and ctype.startswith("text/tab-separated-values")
    assert body.split() == ["?n", "621"]
    status, ctype, body = http(
        endpoint,
        data=urllib.parse.urlencode({"query": count}).encode(),
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    assert ">621</literal>" in body
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    status, ctype, body = get(endpoint, construct, Accept="application/n-triples")
    assert status == 200 and ctype.startswith("application/n-triples")
    assert len(body.strip().splitlines()) == 3
    status, ctype, _ = get(endpoint, construct)
    assert status == 200 and ctype.startswith("text/turtle")


def test_updates_are_refused(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint.replace("/query", "/update"))
    client.setTimeout(20)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    status, _, body = get(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 400 and "read-only" in body
    check = SPARQLWrapper(endpoint)
    check.setReturnFormat(JSON)
    check.setQuery("ASK { <urn:a> <urn:b> <urn:c> }")
    assert check.queryAndConvert()["boolean"] is False


def test_the_query_page_loads(endpoint: str) -> None:
    root = endpoint.removesuffix("query")
    with urllib.request.urlopen(root, timeout=20) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "text/html"
        page = response.read().decode()
    assert "<textarea" in page and "application/sparql-query" in page
    assert "<script src" not in page  # no CDN: everything is inline


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on loopback that nothing should ever connect to."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.setblocking(False)
        yield sock


def assert_no_connection(sock: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        sock.accept()


def test_ssrf_attempts_are_refused_and_reach_no_listener(
    endpoint: str, listener: socket.socket
) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
    for query in (
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"LOAD <{target}>",
    ):
        status, ctype, body = get(endpoint, query)
        assert status == 400, (query, body)
        assert ctype.startswith("text/plain") and len(body.strip().splitlines()) == 1
    status, _, body = http(
        endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": target})
    )
    assert status == 400 and "default-graph-uri" in body
    # The word SERVICE in a string or a comment is not a SERVICE clause.
    ok = "SELECT ?x WHERE { BIND('SERVICE <http://x/>' AS ?x) } # FROM <http://y/>"
    assert get(endpoint, ok, Accept="text/csv")[0] == 200
    assert_no_connection(listener)


@needs_proc
def test_a_cross_product_stops_at_the_deadline_and_frees_the_core(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    proc, endpoint = server
    assert wait_for(lambda: len(workers_of(proc.pid)) >= 2)
    before = set(workers_of(proc.pid))
    status, ctype, body = get(endpoint, CROSS_4)
    assert status == 503 and ctype.startswith("text/plain")
    assert body.startswith("query: stopped at the time limit of 2 s")
    # The worker that ran the query is killed (and replaced); no worker keeps running.
    assert wait_for(lambda: not all(alive(pid) for pid in before))
    assert wait_for(lambda: all(state != "R" for state in workers_of(proc.pid).values()))
    assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200


@needs_proc
def test_a_client_that_goes_away_frees_its_worker(cache: Path) -> None:
    # A deadline far away: only the client's leaving can stop the query.
    proc, endpoint = start_server(cache, "--timeout", "3600", "--workers", "1")
    try:
        before = set(workers_of(proc.pid))
        host, port = urllib.parse.urlsplit(endpoint).netloc.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=30) as client:
            path = "/query?" + urllib.parse.urlencode({"query": CROSS_4})
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert wait_for(lambda: "R" in workers_of(proc.pid).values(), timeout=30)
        assert wait_for(lambda: not any(alive(pid) for pid in before))
        assert wait_for(lambda: all(s != "R" for s in workers_of(proc.pid).values()))
        assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        assert stop_server(proc) == 0


def test_answers_above_the_byte_cap_are_an_error_not_a_stream(endpoint: str) -> None:
    status, ctype, body = get(endpoint, CROSS_2, Accept="text/csv")
    assert status in (500, 503) and ctype.startswith("text/plain")
    assert body.startswith("query: ")
    if status == 500:
        assert "200,000 bytes" in body


def workers_of(pid: int) -> dict[int, str]:
    """The query workers of a ``kg serve`` process (not multiprocessing's tracker)."""
    out = {}
    for child, state in children(pid).items():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            out[child] = state
    return out


@needs_proc
def test_signals_stop_the_server_and_its_workers_every_time(tmp_path: Path) -> None:
    for round_number in range(20):
        proc, endpoint = start_server(tmp_path, "--workers", "1")
        assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200
        workers = set(workers_of(proc.pid))
        assert workers
        signum = signal.SIGINT if round_number % 2 else signal.SIGTERM
        assert stop_server(proc, signum) == 0, round_number
        assert wait_for(lambda w=workers: not any(alive(pid) for pid in w)), round_number


def test_bind_checks() -> None:
    with pytest.raises(ServeError, match=r"^serve: --host 'no such host\.invalid': "):
        resolve_bind("no such host.invalid", 7878)
    with pytest.raises(ServeError, match="--port 70000"):
        resolve_bind("127.0.0.1", 70000)
    family, address = resolve_bind("::1", 7878)
    assert family == socket.AF_INET6 and address[0] == "::1"
    assert endpoint_url("::1", 7878) == "http://[::1]:7878/query"
    assert exposure_warning("127.0.0.1", ("127.0.0.1", 1), 1, TTL) is None
    warning = exposure_warning("0.0.0.0", ("0.0.0.0", 1), 7878, TTL)
    assert warning and "every network interface" in warning and str(TTL) in warning


@pytest.mark.parametrize("host", ["no such host.invalid", "127.0.0.1:80", ""])
def test_a_bad_host_is_one_line_and_exit_2(tmp_path: Path, host: str) -> None:
    env = dict(os.environ, KG_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", str(TTL), "--host", host, "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: serve: --host ")
    assert len(proc.stderr.splitlines()) == 1


def test_listening_beyond_loopback_warns(tmp_path: Path) -> None:
    proc, endpoint = start_server(tmp_path, "--host", "0.0.0.0", "--workers", "1")
    try:
        assert endpoint.startswith("http://0.0.0.0:")
    finally:
        assert stop_server(proc) == 0
    stderr = proc.stderr.read() if proc.stderr else ""
    assert stderr.startswith("warning: --host 0.0.0.0 listens on every network interface")


def test_a_busy_port_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, KG_CACHE_DIR=str(tmp_path / "cache"))
        proc = subprocess.run(
            [sys.executable, "-m", "kg.cli", "serve", str(TTL), "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"error: serve: 127.0.0.1:{port}: ")
    assert len(proc.stderr.splitlines()) == 1
