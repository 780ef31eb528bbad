"""``kg serve``: a real SPARQL 1.1 endpoint, queried over HTTP with SPARQLWrapper.

One server is started as a subprocess on the fixture graph, on a free loopback port, for
the whole module; every wait is bounded and the server is terminated at the end.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from kg.serve import endpoint_url, free_port, server_command

REPO = Path(__file__).resolve().parents[1]
TTL = REPO / "tests" / "data" / "graph.ttl"
START_TIMEOUT_S = 60


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: lines.put(proc.stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).strip()
    except queue.Empty:
        return ""


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, KG_CACHE_DIR=str(tmp_path_factory.mktemp("kg-cache")))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(TTL), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        url = _first_line(proc, START_TIMEOUT_S)
        if not url:
            proc.kill()
            _, stderr = proc.communicate(timeout=10)
            pytest.fail(f"kg serve printed no URL: {stderr}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    assert proc.returncode == 0


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
    assert client.queryAndConvert().decode().split() == ["n", "609"]


def test_updates_are_refused(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint.replace("/query", "/update"))
    client.setTimeout(20)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
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
    assert "yasgui" in page.lower()
    # The page's script is served by the server itself (no CDN needed).
    with urllib.request.urlopen(root + "yasgui.min.js", timeout=20) as response:
        assert response.status == 200 and len(response.read()) > 10_000


def test_server_command_binds_where_told() -> None:
    command = server_command(Path("oxigraph"), Path("/tmp/s"), "::1", 7878, timeout_s=30)
    assert command[-4:] == ["--bind", "[::1]:7878", "--timeout-s", "30"]
    assert endpoint_url("::1", 7878) == "http://[::1]:7878/query"


def test_a_busy_port_is_a_one_line_error(tmp_path: Path) -> None:
    import socket

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
