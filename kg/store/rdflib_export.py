"""rdflib as an export, not a query engine.

:func:`to_rdflib` gives the union graph of a file or a store as an rdflib ``Graph``, for
the tools that need one (pyshacl, rdflib's serializers, networkx conversions).
:class:`RdflibStore` is the in-memory rdflib store that answered small graphs before
Oxigraph did: :func:`kg.store.open_store` no longer uses it; it stays as the reference the
tests and ``bench/graph_store.py`` compare Oxigraph against (same rows, and how much
slower).
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from kg.store.base import GraphStore
from kg.store.errors import StoreError, one_line
from kg.store.files import graph_format, resolve_graph_path
from kg.store.results import XSD_STRING, QueryResult, Value, capped, literal_value
from kg.store.sparql import PREFIXES, check_query, pyparsing_error

if TYPE_CHECKING:
    from rdflib import Graph


def to_rdflib(source: str | os.PathLike[str] | GraphStore) -> Graph:
    """The default (union) graph of a graph file, a ``kg build`` folder or an open store,
    as a new rdflib ``Graph`` with the prefixes of :data:`kg.store.PREFIXES` bound."""
    if isinstance(source, GraphStore):
        return source.to_rdflib()
    from kg.store.oxigraph import MemoryStore

    with MemoryStore() as store:
        store.load(source)
        return store.to_rdflib()


def graph_from_quads(quads: Iterable[Any]) -> Graph:
    """An rdflib ``Graph`` of the triples of pyoxigraph ``quads`` (graph names dropped),
    with the terms rdflib's own Turtle parser makes (a plain literal has no datatype)."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN(
        (_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object), graph)
        for q in quads
    )
    return graph


def _rdflib_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"to_rdflib: {term} (an RDF-star triple term) has no rdflib equivalent")


class RdflibStore(GraphStore):
    """An in-memory rdflib graph (parsed with oxrdflib's fast parsers when installed): the
    reference store, not used by :func:`kg.store.open_store`."""

    backend = "rdflib"

    def __init__(self, *, fast_parser: bool = True) -> None:
        super().__init__()
        from rdflib import Dataset

        # Always a dataset (default graph = union of all graphs), so that GRAPH ?g { … }
        # works (and finds nothing in a Turtle file) as it does in Oxigraph.
        self._graph = Dataset(default_union=True)
        self._fast = fast_parser and _has_oxrdflib()
        import rdflib.plugins.sparql

        # Never let rdflib load a FROM / FROM NAMED IRI (file or URL), even if a query
        # got past the checks.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

    def load(self, path: str | os.PathLike[str]) -> None:
        file = resolve_graph_path(path)
        fmt = graph_format(file)
        target = self._graph if fmt.kind == "quads" else self._graph.default_graph
        try:
            with _quiet_rdflib():
                target.parse(str(file), format=fmt.oxrdflib if self._fast else fmt.rdflib)
        except Exception as exc:  # rdflib raises many parser-specific types
            raise StoreError(f"{file}: cannot parse: {one_line(exc)}") from exc
        self.sources.append(file)

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        # Oxigraph's parse first, so that both engines report the same syntax errors.
        check_query(sparql)
        return self._run(sparql, max_rows)

    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        from pyparsing import ParseBaseException

        try:
            with _quiet_rdflib():
                return self._evaluate(sparql, max_rows)
        except ParseBaseException as exc:
            raise pyparsing_error(sparql, exc) from None
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"query: {one_line(exc)}") from exc

    def _evaluate(self, sparql: str, max_rows: int | None) -> QueryResult:
        result = self._graph.query(sparql, initNs=PREFIXES)
        if result.type == "ASK":
            answer = bool(result.askAnswer)
            return QueryResult("ask", ["boolean"], [(answer,)], answer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            triples = capped(result.graph, max_rows)
            rows = [tuple(_rdflib_value(t) for t in triple) for triple in triples]
            return QueryResult("graph", ["subject", "predicate", "object"], rows)
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_rdflib_value(term) for term in row) for row in capped(result, max_rows)]
        return QueryResult("select", variables, rows)

    def triple_count(self) -> int:
        return len(self._graph)

    def to_rdflib(self) -> Graph:
        from rdflib import Graph, Literal

        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        with _quiet_rdflib():
            for s, p, o in self._graph.triples((None, None, None)):
                if isinstance(o, Literal) and str(o.datatype) == XSD_STRING:
                    o = Literal(str(o))  # oxrdflib types plain literals; rdflib does not
                graph.add((s, p, o))
        return graph

    def close(self) -> None:
        from rdflib import Dataset

        self._graph = Dataset(default_union=True)


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib 7 warns about its own use of deprecated Dataset methods: silence that."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _has_oxrdflib() -> bool:
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        return False
    return True


def _rdflib_value(term: Any) -> Value:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return literal_value(str(term), str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
