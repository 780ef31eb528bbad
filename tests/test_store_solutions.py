"""Solutions read through pyoxigraph's TSV writer (:mod:`kg.store.solutions`) are the
terms the engine found, term for term, whatever their text; the row cap still holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.store import MemoryStore, ResultTooLargeError
from kg.store.solutions import InternedSolutions, _terms, read_solutions

XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = [
    XSD + name
    for name in ("string", "integer", "decimal", "double", "boolean", "dateTime", "gYear")
] + ["http://example.org/type"]
QUERY = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?none } }"

lexical = st.text(
    st.sampled_from([*"ab 0179.-+eE\t\n\r\"\\'<>#@^_:中文", "\u2028", "\x00", "😀"]),
    max_size=8,
)
literal = st.one_of(
    st.builds(ox.Literal, lexical),
    st.builds(
        lambda text, tag: ox.Literal(text, language=tag),
        lexical,
        st.sampled_from(["zh", "en-GB", "zh-hans-cn"]),
    ),
    st.builds(
        lambda text, datatype: ox.Literal(text, datatype=ox.NamedNode(datatype)),
        lexical,
        st.sampled_from(DATATYPES),
    ),
)
obj = st.one_of(
    literal,
    st.builds(ox.BlankNode, st.sampled_from(["b0", "node1", "x_y"])),
    st.builds(
        lambda tail: ox.NamedNode(f"http://example.org/{tail}"),
        st.sampled_from(["a#b", "中", "%20"]),
    ),
)


def term_rows(store: MemoryStore, query: str, width: int) -> tuple[list[tuple], list[tuple]]:
    """The rows read through the TSV writer and term by term (terms, unconverted)."""
    through_text = read_solutions(store._store.query(query), width, None)
    assert through_text is not None
    one_by_one = [tuple(solution) for solution in store._store.query(query)]
    same = lambda term: term  # noqa: E731
    return through_text.rows(same), InternedSolutions.of(one_by_one, width).rows(same)


@settings(max_examples=150, deadline=None)
@given(st.lists(obj, min_size=1, max_size=12))
@example([ox.Literal('tab\there "quoted" \\ back\nnew', language="zh")])
@example([ox.Literal(" 07", datatype=ox.NamedNode(XSD + "integer"))])
def test_every_term_reads_back_as_the_engine_found_it(objects: list[ox.Literal]) -> None:
    store = MemoryStore()
    predicate = ox.NamedNode("http://example.org/p")
    for n, term in enumerate(objects):
        store._store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{n}"), predicate, term))
    through_text, one_by_one = term_rows(store, QUERY, 3)
    assert sorted(map(repr, through_text)) == sorted(map(repr, one_by_one))
    assert len(through_text) == len(objects)
    assert all(row[2] is None for row in through_text)  # unbound stays unbound


def test_values_and_order_of_a_sorted_answer_do_not_change() -> None:
    store = MemoryStore()
    store._store.add(
        ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("乙\t二"))
    )
    store._store.add(
        ox.Quad(ox.NamedNode("http://e/b"), ox.NamedNode("http://e/p"), ox.Literal("甲"))
    )
    store._store.add(
        ox.Quad(
            ox.NamedNode("http://e/c"),
            ox.NamedNode("http://e/p"),
            ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")),
        )
    )
    rows = store.query(
        "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && !isNumeric(?o)) } ORDER BY ?o"
    ).rows
    assert rows == [("http://e/a", "乙\t二"), ("http://e/b", "甲")]  # by code point
    assert store.query("SELECT ?o WHERE { ?s ?p ?o FILTER(isNumeric(?o)) }").rows == [(3,)]
    assert store.query("SELECT * WHERE {}").rows == [()]  # no variables: one empty row


def test_the_row_cap_holds_on_the_text_path() -> None:
    store = MemoryStore()
    for n in range(5000):
        store._store.add(
            ox.Quad(ox.NamedNode(f"http://e/{n}"), ox.NamedNode("http://e/p"), ox.Literal(f"值{n}"))
        )
    with pytest.raises(ResultTooLargeError, match="more than 1,000 rows"):
        store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", max_rows=1000)
    with pytest.raises(ResultTooLargeError):
        read_solutions(store._store.query("SELECT ?s WHERE { ?s ?p ?o }"), 1, 4999)
    assert read_solutions(store._store.query("SELECT ?s WHERE { ?s ?p ?o }"), 1, 5000) is not None
    assert len(store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", max_rows=5000)) == 5000


def test_text_that_does_not_read_back_is_asked_again_term_by_term(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _terms(["<http://e/a>", '"甲"@zh', ""]) is not None
    assert _terms(["<http://e/a>", "not a term"]) is None
    assert _terms(['"a" . <t:9> <t:o> "b"']) is None  # one cell, one term
    store = MemoryStore()
    store._store.add(
        ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("甲"))
    )
    text = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    expected = store.query(text).rows
    monkeypatch.setattr("kg.store.oxigraph.read_solutions", lambda *args: None)
    assert store.query(text).rows == expected == [("http://e/a", "甲")]
    assert store.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [("甲",)]
