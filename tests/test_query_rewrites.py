"""The bundled questions written for speed (issue 11) against their plain formulations.

``tests/data/query_reference/*.rq`` holds each rewritten question as first written (one
basic graph pattern, property paths): the rewrite must give the same rows, in the same
order of its ``ORDER BY`` keys, on the graph of the sample corpus and on the seeds' graph
(``../shared/corpus/seeds``, skipped where absent). Questions about one entity or place
are asked about the one with the most facts in that graph.

Also: the ``ORDER BY`` done in Python (:mod:`kg.store.ordering`) gives the engine's order,
and the fast table draws every row at the console's width.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from kg.query import (
    BundledQuery,
    bundled_queries,
    display_width,
    parse_header,
    render,
    to_table,
)
from kg.store import GraphStore, QueryResult, open_store
from kg.store.ordering import sort_solutions, split_order_by

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "data" / "query_reference"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
CORPORA = {"sample": REPO / "examples" / "corpus", "seeds": SEEDS}
sys.path.insert(0, str(REPO / "bench"))
from query_scale import PICK_PARAMETER  # noqa: E402  (the benchmark asks the same)


def parameters(store: GraphStore, query: BundledQuery) -> dict[str, str]:
    """The question's parameters, naming what the graph says most about."""
    if query.name not in PICK_PARAMETER:
        return {}
    param, pick = PICK_PARAMETER[query.name]
    rows = store.query(pick).rows
    return {param: str(rows[0][0]) if rows else query.params[param]}


def reference(name: str) -> BundledQuery:
    text = (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
    title, description, params = parse_header(text)
    return BundledQuery(name, title, description, params, text)


def order_keys(result: QueryResult, text: str) -> list[tuple[object, ...]]:
    """Each row's values of the query's ORDER BY variables."""
    split = split_order_by(text)
    assert split is not None, "every bundled question ends with an ORDER BY of variables"
    index = [result.variables.index(name) for name, _ in split[1]]
    return [tuple(row[i] for i in index) for row in result.rows]


@pytest.fixture(scope="module", params=sorted(CORPORA))
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = CORPORA[request.param]
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent (the real articles are not in the repository)")
    out = tmp_path_factory.mktemp(f"graph-{request.param}")
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_every_rewrite_has_a_reference() -> None:
    names = {path.stem for path in REFERENCE.glob("*.rq")}
    assert names and names <= set(bundled_queries())
    for name in names:  # the reference asks the same question with the same parameters
        assert reference(name).params == bundled_queries()[name].params, name


def test_rewritten_questions_give_the_reference_rows(graph: Path) -> None:
    answered = 0
    with open_store(graph, "oxigraph") as store:
        for path in sorted(REFERENCE.glob("*.rq")):
            bundled = bundled_queries()[path.stem]
            values = parameters(store, bundled)
            fast_text = render(bundled, values)
            plain_text = render(reference(path.stem), values)
            fast, plain = store.query(fast_text), store.query(plain_text)
            assert fast.variables == plain.variables, path.stem
            assert Counter(fast.rows) == Counter(plain.rows), path.stem
            assert order_keys(fast, fast_text) == order_keys(plain, plain_text), path.stem
            answered += bool(plain.rows)
    assert answered >= 8


def test_ordering_in_python_is_the_engines(graph: Path) -> None:
    """A trailing LIMIT leaves the ORDER BY to the engine: the rows must not change."""
    with open_store(graph, "oxigraph") as store:
        for name, query in bundled_queries().items():
            text = render(query, parameters(store, query))
            assert split_order_by(text + "\nLIMIT 100000000") is None
            here = store.query(text)
            engine = store.query(text + "\nLIMIT 100000000")
            assert here.rows == engine.rows, name


def test_split_order_by() -> None:
    query = "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY DESC(?b) ?a ASC( ?c )\n"
    assert split_order_by(query) == (
        "SELECT ?a ?b WHERE { ?a ?p ?b } \n",
        [("b", True), ("a", False), ("c", False)],
    )
    assert split_order_by("SELECT * WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3") is None
    assert split_order_by("SELECT * WHERE { ?a ?p ?b } ORDER BY STR(?a)") is None
    assert split_order_by("SELECT * WHERE { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a } }") is None


def test_sort_solutions_follows_sparql_or_declines() -> None:
    one, two, ten = (ox.Literal(str(n), datatype=ox.NamedNode(XSD_INTEGER)) for n in (1, 2, 10))
    rows = [(ten, ox.Literal("b")), (None, ox.Literal("a")), (two, ox.Literal("a")), (one, None)]
    ascending = sort_solutions(rows, ["n", "s"], [("n", False)])
    assert ascending == [rows[1], rows[3], rows[2], rows[0]]  # unbound first, 2 before 10
    by_text = sort_solutions(rows, ["n", "s"], [("s", True), ("n", False)])
    assert by_text == [rows[0], rows[1], rows[2], rows[3]]  # ties keep the engine's order
    mixed = [(ox.Literal("a"),), (ox.NamedNode("http://example.org/a"),)]
    assert sort_solutions(mixed, ["x"], [("x", False)]) is None  # IRIs and literals
    languages = [(ox.Literal("a", language="zh"),), (ox.Literal("b", language="en"),)]
    assert sort_solutions(languages, ["x"], [("x", False)]) is None
    assert sort_solutions([(ox.BlankNode(),)], ["x"], [("x", False)]) is None
    assert sort_solutions(rows, ["n", "s"], [("missing", False)]) is None


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def test_sorting_repeated_terms_in_both_directions_is_the_engines() -> None:
    """Keys of mixed directions over terms that repeat (each distinct term's key is worked
    out once, keys of one direction compared as one tuple), with unbound values: the
    engine's own ORDER BY gives the same rows."""
    store = ox.Store()
    ex = "http://example.org/"
    names = ["甲市", "乙县", "丙区", "甲市党委", "a", "B", "b"]
    for n in range(60):
        row = ox.NamedNode(f"{ex}r{n}")
        for column, step in (("a", 3), ("b", 5), ("c", 7)):
            if (n * step) % 11 == 4:
                continue  # unbound now and then
            name = names[(n * step + len(column)) % len(names)]
            store.add(ox.Quad(row, ox.NamedNode(ex + column), ox.Literal(name, language="zh")))
    text = (
        "SELECT ?r ?a ?b ?c WHERE { ?r ?p ?o "
        f"OPTIONAL {{ ?r <{ex}a> ?a }} OPTIONAL {{ ?r <{ex}b> ?b }} OPTIONAL {{ ?r <{ex}c> ?c }} }}"
    )
    for order in ("?a DESC(?b) ?c ?r", "DESC(?a) DESC(?b) ?c ?r", "?c ?a ?b ?r"):
        query = f"{text} ORDER BY {order}"
        unordered, keys = split_order_by(query)  # type: ignore[misc]
        solutions = [tuple(s) for s in store.query(unordered)]
        ordered = sort_solutions(solutions, ["r", "a", "b", "c"], keys)
        engine = [tuple(s) for s in store.query(query + " LIMIT 100000")]
        assert ordered == engine, order


def test_programs_by_place_skips_the_guards_parse() -> None:
    """A word the guard refuses (FROM, WITH …) anywhere in a question's text, even in a
    comment, makes every run parse it with rdflib first (0.6 s with its import): the
    largest question must hold none."""
    from kg.store.sparql import may_reach_outside

    assert not may_reach_outside(render(bundled_queries()["programs-by-place"], {}))


def test_query_with_mixed_keys_is_sorted_by_the_engine(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        "@prefix ex: <http://example.org/> .\n"
        'ex:a ex:v "b" . ex:b ex:v ex:z . ex:c ex:v 3 . ex:d ex:v "a"@zh .\n',
        encoding="utf-8",
    )
    with open_store(ttl, "oxigraph") as store:
        text = "SELECT ?s ?v WHERE { ?s <http://example.org/v> ?v } ORDER BY ?v ?s"
        assert store.query(text).rows == store.query(text + " LIMIT 10").rows


def test_table_folds_to_the_console_width() -> None:
    long = "中国共产党" * 30
    result = QueryResult("select", ["名称", "n"], [(long, 1), ("短", None), ("a\nb", 2.0)])
    for width in (200, 60, 30):
        console = Console(width=width, file=io.StringIO(), highlight=False)
        console.print(to_table(result, "标题"))
        lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        body = lines[1:]  # the first line is the title
        assert len({cell_len(line) for line in body}) == 1
        assert cell_len(body[0]) <= width
        cells = "".join(line.split("│")[1].strip() for line in body if line.startswith("│"))
        assert long in cells and "短" in cells
    repeated = QueryResult(  # a cell that repeats down a column is padded once
        "select",
        ["place", "n"],
        [("甲市", 1), (long, 2), ("甲市", None), ("a\nb", 1), ("甲市", 2), ("", 3)],
    )
    for width in (200, 40):
        console = Console(width=width, file=io.StringIO(), highlight=False)
        console.print(to_table(repeated, "标题"))
        drawn = console.file.getvalue()  # type: ignore[attr-defined]
        assert to_table(repeated, "标题").plain(width) == drawn
        assert drawn.count("│ 甲市 ") == 3
    empty = QueryResult("select", ["a", "b"], [])
    console = Console(width=80, file=io.StringIO(), highlight=False)
    console.print(to_table(empty))
    assert to_table(empty).plain(80) == console.file.getvalue()  # type: ignore[attr-defined]
    console = Console(width=200, file=io.StringIO(), highlight=False)
    console.print(to_table(result))
    assert "│ 2 " in console.file.getvalue()  # type: ignore[attr-defined]
    for width, title in ((200, "标题"), (40, "标题"), (200, None)):
        console = Console(width=width, file=io.StringIO(), highlight=False)
        console.print(to_table(result, title))
        drawn = console.file.getvalue()  # type: ignore[attr-defined]
        assert to_table(result, title).plain(width) == drawn  # piped: the same text


def test_table_shows_true_and_one_apart_in_one_column() -> None:
    """Values are displayed once per distinct value of a column; ``True == 1 == 1.0`` in
    Python, yet they are drawn as ``true`` and ``1``."""
    result = QueryResult("select", ["v", "w"], [(True, "甲"), (1, "甲"), (1.5, "乙"), (None, "甲")])
    cells = [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in to_table(result).plain(80).splitlines()
        if line.startswith("│")
    ]
    assert cells == [["true", "甲"], ["1", "甲"], ["1.5", "乙"], ["", "甲"]]


def test_programs_by_place_on_a_deep_hierarchy(tmp_path: Path) -> None:
    """Chains longer than the corpora's, a place implementing itself, two places of one
    name, a place outside any city: the rewrite and the plain path query agree."""
    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        "@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix : <http://example.org/> .\n"
        ':city a dj:Place ; rdfs:label "甲市" .\n'
        ':county a dj:Place ; rdfs:label "乙县" ; dj:locatedIn :city .\n'
        ':county2 a dj:Place ; rdfs:label "乙县" ; dj:locatedIn :city .\n'
        ':town a dj:Place ; rdfs:label "丙镇" ; dj:locatedIn :county , :county2 .\n'
        ':village a dj:Place ; rdfs:label "丁村" ; dj:locatedIn :town .\n'
        ':estate a dj:Place ; rdfs:label "戊小区" ; dj:locatedIn :village .\n'
        ':branch rdfs:label "戊小区党支部" ; dj:locatedIn :estate ; dj:implements :p1 .\n'
        ":county dj:implements :p2 .\n"
        ':lone a dj:Place ; rdfs:label "己区" .\n'
        ':other rdfs:label "庚党委" ; dj:locatedIn :lone ; dj:implements :p1 , :p2 .\n'
        ':p1 rdfs:label "红色引擎工程" .\n:p2 rdfs:label "先锋行动" .\n',
        encoding="utf-8",
    )
    fast_query = bundled_queries()["programs-by-place"]
    with open_store(ttl, "oxigraph") as store:
        fast = store.query(render(fast_query, {}))
        plain = store.query(reference("programs-by-place").text)
    assert Counter(fast.rows) == Counter(plain.rows)
    assert ("甲市", "红色引擎工程", "戊小区党支部") in fast.rows
    assert Counter(row[0] for row in fast.rows)["乙县"] == 3  # two counties, one of them itself


TEXT_OF_GRAPHS = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFF65),
        st.sampled_from("—‘’“”…·\t\u200b\u0301é"),
        st.characters(),
    ),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(TEXT_OF_GRAPHS)
@example("“两新”组织党建工作……")
@example("〪")  # a combining tone mark: no column
def test_display_width_counts_columns_as_rich_does(text: str) -> None:
    assert display_width(text) == cell_len(text)


NUMBER_OR_TEXT = st.one_of(
    st.none(),
    st.integers(-3, 3).map(lambda n: ("integer", str(n))),
    st.sampled_from(["甲市", "乙县", "a", "B", "b", "甲市党委"]).map(lambda s: ("string", s)),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(NUMBER_OR_TEXT, NUMBER_OR_TEXT), min_size=1, max_size=25),
    st.sampled_from(["?a ?b ?r", "DESC(?a) ?b ?r", "?b DESC(?a) ?r", "DESC(?b) DESC(?a) ?r"]),
)
def test_any_order_of_repeated_values_is_the_engines(
    cells: list[tuple[tuple[str, str] | None, ...]], order: str
) -> None:
    """Rows of repeated numbers or strings (each column of one kind), unbound now and then,
    sorted in Python by one composite rank: the engine's ORDER BY gives the same rows."""
    ex = "http://example.org/"
    store = ox.Store()
    kinds = {"a": "integer", "b": "string"}
    for n, row_cells in enumerate(cells):
        row = ox.NamedNode(f"{ex}r{n:03d}")
        store.add(ox.Quad(row, ox.NamedNode(ex + "is"), ox.NamedNode(ex + "Row")))
        for column, cell in zip("ab", row_cells, strict=True):
            if cell is None:
                continue
            value = cell[1] if kinds[column] == cell[0] else str(len(cell[1]))
            literal = (
                ox.Literal(value, datatype=ox.NamedNode(XSD_INTEGER))
                if kinds[column] == "integer"
                else ox.Literal(value)
            )
            store.add(ox.Quad(row, ox.NamedNode(ex + column), literal))
    text = (
        f"SELECT ?r ?a ?b WHERE {{ ?r <{ex}is> <{ex}Row> "
        f"OPTIONAL {{ ?r <{ex}a> ?a }} OPTIONAL {{ ?r <{ex}b> ?b }} }}"
    )
    query = f"{text} ORDER BY {order}"
    unordered, keys = split_order_by(query)  # type: ignore[misc]
    solutions = [tuple(s) for s in store.query(unordered)]
    ordered = sort_solutions(solutions, ["r", "a", "b"], keys)
    engine = [tuple(s) for s in store.query(query + " LIMIT 100000")]
    assert ordered == engine
