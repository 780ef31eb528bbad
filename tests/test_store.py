"""kg.store: Oxigraph (in memory and on disk) answers every question as rdflib did.

The graph is the hand-made fixture ``tests/data/graph.ttl`` / ``graph.trig`` (invented
names, the vocabulary of issue 3; ``tests/data/make_graph.py`` writes it). The rdflib
reference store is loaded beside the two Oxigraph stores so that every value keeps its
type and its text. Oxigraph stores go to a temporary cache folder (``KG_CACHE_DIR``), never
to the user's cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import rdflib.compare

from kg import store as store_module
from kg.query import bundled_queries
from kg.sparql_guard import OutsideAccessError
from kg.store import (
    GraphStore,
    MemoryStore,
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
    to_rdflib,
)
from kg.store.sparql import may_reach_outside

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
TTL = DATA / "graph.ttl"
TRIG = DATA / "graph.trig"
FIXTURE_TRIPLES = 621
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
    """The fixture in the rdflib reference store and both Oxigraph stores (from Turtle,
    then from TriG)."""
    path = TTL if request.param == "ttl" else TRIG
    loaded: dict[str, GraphStore] = {
        "rdflib": RdflibStore(),
        "memory": MemoryStore(),
        "oxigraph": OxigraphStore(tmp_path_factory.mktemp("ox") / "store"),
    }
    for st in loaded.values():
        st.load(path)
    yield loaded
    for st in loaded.values():
        st.close()


def _sorted(rows: list[tuple]) -> list[str]:
    return sorted(json.dumps(row, ensure_ascii=False) for row in rows)


def _typed(rows: list[tuple]) -> list[list[tuple[str, object]]]:
    """Rows with the type of every value beside it (json would take 1 and 1.0 for equal)."""
    return [[(type(v).__name__, v) for v in row] for row in rows]


def test_every_store_counts_the_same_triples(stores: dict[str, GraphStore]) -> None:
    assert {name: st.triple_count() for name, st in stores.items()} == dict.fromkeys(
        stores, FIXTURE_TRIPLES
    )


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_every_bundled_query_gives_identical_answers(
    stores: dict[str, GraphStore], name: str
) -> None:
    text = bundled_queries()[name].render(FIXTURE_PARAMS.get(name, {}))
    reference = stores["rdflib"].query(text)
    assert reference.rows, f"{name} finds nothing in the fixture"
    for engine in ("memory", "oxigraph"):
        result = stores[engine].query(text)
        assert result.variables == reference.variables
        assert _sorted(result.rows) == _sorted(reference.rows), engine
        # every bundled query orders its rows completely; values keep their types
        assert _typed(result.rows) == _typed(reference.rows), engine


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


def test_literals_of_every_kind_keep_their_values(stores: dict[str, GraphStore]) -> None:
    query = """SELECT ?x WHERE { VALUES ?x { "a"@zh "b" "c"^^xsd:string 7 "8"^^xsd:long 2.5
      1.0e3 true "false"^^xsd:boolean "x"^^xsd:integer <urn:iri> } }"""
    expected = ["a", "b", "c", 7, 8, 2.5, 1000.0, True, False, "x", "urn:iri"]
    for name, st in stores.items():
        assert _typed(st.query(query).rows) == _typed([(v,) for v in expected]), name


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
    assert len(set(counts.values())) == 1
    assert counts["rdflib"] in (0, 554)  # Turtle has no named graphs; TriG one per document


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
def test_malformed_queries_report_line_and_column(
    query: str, line: int, column: int, stores: dict[str, GraphStore]
) -> None:
    """check_query (the endpoint's) and every store (its own parse) report the same place."""
    with pytest.raises(QuerySyntaxError) as info:
        check_query(query)
    assert (info.value.line, info.value.column) == (line, column)
    message = str(info.value)
    assert message.startswith(f"query: line {line}, column {column}: ")
    assert "\n" not in message
    for st in stores.values():
        with pytest.raises(QuerySyntaxError) as from_store:
            st.query(query)
        assert str(from_store.value) == message


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
        assert st.triple_count() == FIXTURE_TRIPLES


@pytest.mark.parametrize(
    ("query", "feature"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { service <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ],
)
def test_the_guard_stands_in_front_of_every_store(
    query: str, feature: str, stores: dict[str, GraphStore]
) -> None:
    for st in stores.values():
        with pytest.raises(OutsideAccessError) as info:
            st.query(query)
        assert info.value.feature == feature


@pytest.mark.parametrize(
    ("query", "guarded"),
    [
        ('SELECT ?c WHERE { ?x rdfs:label ?c FILTER(CONTAINS(?c, "联合党委")) }', False),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", False),
        ('SELECT * WHERE { ?s rdfs:label "from" }', True),  # the full check decides
        ("SELECT * WHERE { ?s dj:addressOf ?o }", False),  # a word inside a name
        ('SELECT * WHERE { ?s ?p "address" }', True),  # in a string: the full check
        ("SELECT * WHERE { ?s ?p '\\u0041' }", True),
        ("SELECT * WHERE { ?s ſervice ?o }", True),  # ſ upper-cases to S
        ("# title: with, from\n\n  # more\r\nSELECT * WHERE { ?s ?p ?o }", False),
        ("# title\rSELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),  # \r ends a comment
        ("# title\nSELECT * WHERE { ?s ?p ?o } # from", True),  # only leading comments
        ("# title\n\x0c# from\nSELECT * WHERE { ?s ?p ?o }", True),
        ("SELECT * WHERE { ?d prov:wasDerivedFrom ?s ; dj:pairedWith ?w }", False),
        ("SELECT ?fromDoc $withX WHERE { ?fromDoc ?p $withX }", False),
        ("SELECT * WHERE { ?d prov:wasDerivedFrom ?s SERVICE <urn:x> {} }", True),
        ("SELECT * FROM:g WHERE { ?s ?p ?o }", True),  # the prefix stays: FROM is read
        ("SELECT * WHERE { ?s dj:a.FROM ?o }", True),  # the name stops at the dot
        ("SELECT * WHERE { ?s :-with ?o }", True),  # a local name starts with no dash
    ],
)
def test_the_guard_parses_only_texts_that_may_hold_a_refused_word(
    query: str, guarded: bool
) -> None:
    assert may_reach_outside(query) is guarded


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


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_a_broken_graph_names_its_file(tmp_path: Path, backend: str) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .\ndj:a dj:b ", "utf-8")
    with pytest.raises(StoreError) as info:
        open_store(bad, backend, cache=False)
    assert str(info.value).startswith(f"{bad}: cannot parse")
    assert "\n" not in str(info.value)


def test_choose_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_backend(TTL) == "memory"
    assert choose_backend(TTL, "oxigraph") == "oxigraph"
    monkeypatch.setattr(store_module, "AUTO_DISK_BYTES", 1000)
    assert choose_backend(TTL) == "oxigraph"
    assert choose_backend(TTL, "memory") == "memory"
    with pytest.raises(StoreError, match="unknown store"):
        choose_backend(TTL, "sqlite")


def test_auto_queries_small_graphs_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    with open_store(DATA) as st:
        assert isinstance(st, MemoryStore) and st.backend == "memory"
        assert st.triple_count() == FIXTURE_TRIPLES
    assert not (tmp_path / "cache").exists()  # nothing written for a small graph


def test_rdflib_is_a_deprecated_alias_of_memory() -> None:
    with pytest.warns(FutureWarning, match="deprecated") as caught:
        st = open_store(TTL, "rdflib")
    with st:
        assert st.backend == "memory" and st.triple_count() == FIXTURE_TRIPLES
    assert len(caught) == 1 and "\n" not in str(caught[0].message)


def test_the_command_line_says_rdflib_is_deprecated_in_one_line() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    args = ["query", str(TTL), "--name", "programs-by-place", "--format", "csv"]
    runner = CliRunner()
    old = runner.invoke(app, [*args, "--store", "rdflib"])
    new = runner.invoke(app, args)
    assert old.exit_code == new.exit_code == 0, old.output
    assert old.stdout == new.stdout and len(new.stdout.splitlines()) > 1
    notes = [line for line in old.stderr.splitlines() if "deprecated" in line]
    assert len(notes) == 1 and notes[0].startswith("warning: --store rdflib")
    assert "deprecated" not in new.stderr


@pytest.mark.parametrize("path", [TTL, TRIG])
def test_to_rdflib_exports_the_union_graph(path: Path) -> None:
    expected = rdflib.Graph().parse(TTL, format="turtle")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for source in (path, MemoryStore(), RdflibStore()):
            if isinstance(source, GraphStore):
                source.load(path)
            graph = to_rdflib(source)
            assert len(graph) == FIXTURE_TRIPLES
            assert rdflib.compare.isomorphic(graph, expected)
            assert dict(graph.namespaces())["dj"] == rdflib.URIRef(
                "https://w3id.org/dangjian-kg/ontology#"
            )


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


def test_a_cache_entry_of_another_layout_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are compacted after loading (``STORE_LAYOUT`` in their stamp): an entry made
    before, without it, is made again rather than read as it is."""
    import json

    from kg.store.cache import SOURCE_FILE, STORE_LAYOUT

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(TTL.read_bytes())
    entry = cached_store_location(graph)
    meta = json.loads((entry / SOURCE_FILE).read_text("utf-8"))
    assert meta["stamp"]["layout"] == STORE_LAYOUT
    del meta["stamp"]["layout"]  # as an entry of an earlier version wrote it
    (entry / SOURCE_FILE).write_text(json.dumps(meta), "utf-8")
    (entry / "kg-test-marker").write_text("old", "utf-8")
    assert cached_store_location(graph) == entry
    assert not (entry / "kg-test-marker").exists()
    with open_store(graph, "oxigraph") as st:
        assert st.triple_count() == FIXTURE_TRIPLES


def test_bench_smoke() -> None:
    """bench/graph_store.py runs end to end: the bar on the test graph and 20 000 synthetic
    triples; only the JSON shape and the ratios' arithmetic are checked, never timings."""
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
            "--bar-graph",
            str(TTL),
            "--bar-query",
            'SELECT ?c ?t WHERE { ?x rdfs:label ?c FILTER(CONTAINS(?c, "党支部")) '
            "?x dj:mentionedIn ?s . ?s dj:text ?t }",
            "--bar-rounds",
            "3",
            "--bar-cold-rounds",
            "2",
            "--bar-process-repeat",
            "1",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    bar = result["bar"]
    assert bar["rows"] > 0 and bar["same_rows_as_rdflib"]
    warm, cold = bar["warm_s"], bar["cold_s"]
    assert bar["ratios"]["warm_kg_store"] == pytest.approx(warm["kg_store"] / warm["raw"])
    assert bar["ratios"]["cold_api"] == pytest.approx(cold["api"] / cold["raw"])
    assert bar["pass"] == all(r <= bar["target_ratio"] for r in bar["ratios"].values())
    assert all(seconds > 0 for seconds in bar["processes_s"].values() if seconds)
    assert 20_000 <= result["triples"] <= 21_000
    assert result["file_bytes"] > 0
    assert set(result["load"]) == {
        "rdflib",
        "rdflib-ox-turtle",
        "oxigraph-memory",
        "oxigraph",
        "oxigraph-reopen",
    }
    for figures in result["load"].values():
        assert figures["seconds"] > 0 and figures["triples"] == result["triples"]
    assert result["load_ratios"]["rdflib_vs_oxigraph_time"] > 0
    assert set(result["queries"]) == set(bundled_queries())
    skipped = result["queries"].pop("programs-by-place")  # not on rdflib by default
    assert skipped["rdflib_s"] is None and skipped["oxigraph_s"] > 0 and skipped["rows"] > 0
    for name, figures in result["queries"].items():
        assert figures["rdflib_s"] > 0 and figures["oxigraph_s"] > 0
        assert figures["ratio"] == pytest.approx(figures["rdflib_s"] / figures["oxigraph_s"])
        assert figures["same_rows"], name
        assert figures["rows"] > 0, name
    assert set(result["cli"]["queries"]) == {"awards", "evidence"}
    assert all(q["seconds"] > 0 for q in result["cli"]["queries"].values())


def test_query_workers_do_not_rerun_the_main_script(tmp_path: Path) -> None:
    """``spawn`` would run ``__main__`` again in every worker (for ``kg``: the whole
    command line's imports); the workers need nothing of it."""
    runs = tmp_path / "runs.txt"
    script = tmp_path / "main_script.py"
    script.write_text(
        "import sys\n"
        f"with open({str(runs)!r}, 'a') as out:\n"
        "    out.write('run\\n')\n"
        "if __name__ == '__main__':\n"
        "    from kg.query import run\n"
        "    result, backend, _ = run(sys.argv[1], 'SELECT ?p WHERE { ?p a dj:Person }')\n"
        "    print(len(result.rows), backend)\n",
        "utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script), str(TTL)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["3", "memory"]
    assert runs.read_text("utf-8").splitlines() == ["run"]  # the parent only
