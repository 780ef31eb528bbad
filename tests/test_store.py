"""kg.store: both stores load the same graph and give the same answers to every question.

The graph is the hand-made fixture ``tests/data/graph.ttl`` / ``graph.trig`` (invented
names, the vocabulary of issue 3; ``tests/data/make_graph.py`` writes it). Oxigraph stores
go to a temporary cache folder (``KG_CACHE_DIR``), never to the user's cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import store as store_module
from kg.query import bundled_queries
from kg.store import (
    GraphStore,
    OxigraphStore,
    QuerySyntaxError,
    RdflibStore,
    StoreError,
    UpdateRefusedError,
    cached_store_location,
    check_query,
    choose_backend,
    literal_value,
    open_store,
    resolve_graph_path,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
TTL = DATA / "graph.ttl"
TRIG = DATA / "graph.trig"
FIXTURE_TRIPLES = 609
# Parameters naming entities of the fixture (the defaults name sample-corpus entities).
FIXTURE_PARAMS = {
    "organizations-under": {"name": "枫林街道党工委"},
    "evidence": {"name": "石门村党支部"},
    "everything-in-place": {"place": "青川省"},
}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))


@pytest.fixture(scope="module", params=["ttl", "trig"])
def stores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, GraphStore]]:
    """The fixture loaded into both stores (from Turtle, then from TriG)."""
    path = TTL if request.param == "ttl" else TRIG
    rdflib_store = RdflibStore()
    rdflib_store.load(path)
    oxigraph_store = OxigraphStore(tmp_path_factory.mktemp("ox") / "store")
    oxigraph_store.load(path)
    yield {"rdflib": rdflib_store, "oxigraph": oxigraph_store}
    rdflib_store.close()
    oxigraph_store.close()


def _sorted(rows: list[tuple]) -> list[str]:
    return sorted(json.dumps(row, ensure_ascii=False) for row in rows)


def test_both_stores_count_the_same_triples(stores: dict[str, GraphStore]) -> None:
    assert stores["rdflib"].triple_count() == FIXTURE_TRIPLES
    assert stores["oxigraph"].triple_count() == FIXTURE_TRIPLES


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_every_bundled_query_gives_identical_answers(
    stores: dict[str, GraphStore], name: str
) -> None:
    text = bundled_queries()[name].render(FIXTURE_PARAMS.get(name, {}))
    rd = stores["rdflib"].query(text)
    ox = stores["oxigraph"].query(text)
    assert rd.variables == ox.variables
    assert rd.rows, f"{name} finds nothing in the fixture"
    assert _sorted(rd.rows) == _sorted(ox.rows)
    assert rd.rows == ox.rows  # every bundled query orders its rows completely


def test_values_are_plain_python(stores: dict[str, GraphStore]) -> None:
    query = """SELECT ?v ?u ?s WHERE {
      ?s dj:quantity ?q . ?q rdf:value ?v ; dj:unit ?u .
    } ORDER BY ?v"""
    for st in stores.values():
        rows = st.query(query).rows
        values = [row[0] for row in rows]
        assert 95.5 in values and isinstance(values[values.index(95.5)], float)
        assert 412 in values and all(type(v) in (int, float) for v in values)
        assert all(isinstance(row[1], str) and isinstance(row[2], str) for row in rows)
        assert rows[0][2].startswith("https://w3id.org/dangjian-kg/id/")


def test_unbound_ask_construct_and_graphs(stores: dict[str, GraphStore]) -> None:
    for st in stores.values():
        optional = st.query(
            'SELECT ?x ?y WHERE { ?x rdfs:label "周远航"@zh OPTIONAL { ?x skos:altLabel ?y } }'
        )
        assert optional.rows[0][1] is None
        assert st.query("ASK { ?x a dj:Person }").boolean is True
        assert st.query("ASK { ?x a dj:Nothing }").rows == [(False,)]
        graph = st.query("CONSTRUCT { ?x a dj:Person } WHERE { ?x a dj:Person }")
        assert graph.kind == "graph" and len(graph) == 3
        assert graph.variables == ["subject", "predicate", "object"]
    counts = {
        name: st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
        for name, st in stores.items()
    }
    assert counts["rdflib"] == counts["oxigraph"]
    assert counts["rdflib"] in (0, 542)  # Turtle has no named graphs; TriG one per document


def test_prefixes_need_no_declaration(stores: dict[str, GraphStore]) -> None:
    for st in stores.values():
        result = st.query("SELECT ?l WHERE { ?p a foaf:Person ; rdfs:label ?l }")
        assert result.rows == []  # foaf: is known; the fixture types persons dj:Person only


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("412", "http://www.w3.org/2001/XMLSchema#integer", 412),
        ("95.5", "http://www.w3.org/2001/XMLSchema#decimal", 95.5),
        ("1.0E6", "http://www.w3.org/2001/XMLSchema#double", 1e6),
        ("true", "http://www.w3.org/2001/XMLSchema#boolean", True),
        ("abc", "http://www.w3.org/2001/XMLSchema#integer", "abc"),
        ("名", "http://www.w3.org/2001/XMLSchema#string", "名"),
        ("书记", None, "书记"),
    ],
)
def test_literal_value(lexical: str, datatype: str | None, expected: object) -> None:
    value = literal_value(lexical, datatype)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("query", "line", "column"),
    [
        ("SELECT ?x WHERE { ?x ?p }", 1, 19),
        ("SELECT * WHERE {\n  ?s ?p ?o ;\n  ]\n}", 3, 3),
        ("SELEC * WHERE { ?s ?p ?o }", 1, 1),
        ("SELECT * WHERE { ?s ?p ?o } LIMT 5", 1, 29),
        ("SELECT * WHERE { ?s nope:x ?o }", 1, 21),
        ("", 1, 1),
    ],
)
def test_malformed_queries_report_line_and_column(query: str, line: int, column: int) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        check_query(query)
    assert (info.value.line, info.value.column) == (line, column)
    message = str(info.value)
    assert message.startswith(f"query: line {line}, column {column}: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <http://e.org/#>\n# a comment\ndelete where { ?s ?p ?o }",
        "LOAD <http://example.org/graph.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(update: str, stores: dict[str, GraphStore]) -> None:
    for st in stores.values():
        with pytest.raises(UpdateRefusedError, match="read-only"):
            st.query(update)
    assert stores["rdflib"].triple_count() == FIXTURE_TRIPLES


def test_resolve_graph_path(tmp_path: Path) -> None:
    assert resolve_graph_path(DATA) == TTL  # graph.ttl is preferred in a folder
    (tmp_path / "graph.trig").write_bytes(TRIG.read_bytes())
    assert resolve_graph_path(tmp_path) == tmp_path / "graph.trig"
    with pytest.raises(StoreError, match="no such file"):
        resolve_graph_path(tmp_path / "missing.ttl")
    with pytest.raises(StoreError, match="unknown graph format"):
        resolve_graph_path(DATA / "make_graph.py")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match=r"no graph\.ttl or graph\.trig in this folder"):
        resolve_graph_path(tmp_path / "empty")


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_a_broken_graph_names_its_file(tmp_path: Path, backend: str) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .\ndj:a dj:b ", "utf-8")
    with pytest.raises(StoreError) as info:
        open_store(bad, backend, cache=False)
    assert str(info.value).startswith(f"{bad}: cannot parse")
    assert "\n" not in str(info.value)


def test_choose_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_backend(TTL) == "rdflib"
    assert choose_backend(TTL, "oxigraph") == "oxigraph"
    monkeypatch.setattr(store_module, "AUTO_OXIGRAPH_BYTES", 1000)
    assert choose_backend(TTL) == "oxigraph"
    assert choose_backend(TTL, "rdflib") == "rdflib"
    with pytest.raises(StoreError, match="unknown store"):
        choose_backend(TTL, "sqlite")


def test_the_oxigraph_cache_is_reused_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(TTL.read_bytes())
    first = cached_store_location(graph)
    marker = first / "kg-test-marker"
    marker.write_text("kept", "utf-8")
    assert cached_store_location(tmp_path) == first and marker.exists()
    with open_store(tmp_path, "oxigraph") as st:  # read-only, from the cache
        assert st.triple_count() == FIXTURE_TRIPLES
        assert st.query("ASK { ?x a dj:Person }").boolean
    graph.write_text(TTL.read_text("utf-8") + "\n<urn:x> <urn:y> <urn:z> .\n", "utf-8")
    os.utime(graph, ns=(1, 1))
    second = cached_store_location(graph)
    assert second == first and not marker.exists()  # rebuilt in place
    with open_store(graph, "oxigraph") as st:
        assert st.triple_count() == FIXTURE_TRIPLES + 1
    assert second.parent == tmp_path / "cache"
    assert [p.name for p in second.parent.iterdir()] == [second.name]  # nothing left over


def test_bench_smoke() -> None:
    """bench/graph_store.py runs end to end at 20 000 triples; only the JSON shape is
    checked, never the timings."""
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "graph_store.py"),
            "--triples",
            "20000",
            "--repeat",
            "1",
            "--cli-repeat",
            "1",
            "--cli-queries",
            "awards,evidence",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert 20_000 <= result["triples"] <= 21_000
    assert result["file_bytes"] > 0
    assert set(result["load"]) == {"rdflib", "rdflib-ox-turtle", "oxigraph", "oxigraph-reopen"}
    for figures in result["load"].values():
        assert figures["seconds"] > 0 and figures["triples"] == result["triples"]
    assert result["load_ratios"]["rdflib_vs_oxigraph_time"] > 0
    assert set(result["queries"]) == set(bundled_queries())
    for name, figures in result["queries"].items():
        assert figures["rdflib_s"] > 0 and figures["oxigraph_s"] > 0
        assert figures["ratio"] == pytest.approx(figures["rdflib_s"] / figures["oxigraph_s"])
        assert figures["same_rows"], name
        assert figures["rows"] > 0, name
    assert set(result["cli"]["queries"]) == {"awards", "evidence"}
    assert all(q["seconds"] > 0 for q in result["cli"]["queries"].values())
