"""The query engine: pyoxigraph, in memory (:class:`MemoryStore`) or on disk
(:class:`OxigraphStore`, RocksDB)."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.store.base import GraphStore
from kg.store.errors import StoreError, one_line
from kg.store.files import graph_format, resolve_graph_path
from kg.store.ordering import sort_order, split_order_by
from kg.store.results import XSD_STRING, QueryResult, Value, capped, literal_value
from kg.store.solutions import InternedSolutions, read_solutions
from kg.store.sparql import PREFIXES, syntax_error

if TYPE_CHECKING:
    from rdflib import Graph

_DEFAULT_GRAPH = ox.DefaultGraph()


class OxigraphStore(GraphStore):
    """A pyoxigraph (RocksDB) store on disk, filled with ``bulk_load``.

    ``location=None`` makes a temporary folder removed by :meth:`close`;
    ``read_only=True`` opens an existing store (several processes may read it at once).
    """

    backend = "oxigraph"

    def __init__(
        self, location: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if location is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-oxigraph-")
            location = self._tmp.name
        self.location: Path | None = Path(location)
        try:
            self._store: Any = (
                ox.Store.read_only(str(self.location))
                if read_only
                else ox.Store(str(self.location))
            )
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot open store: {one_line(exc)}") from exc
        self._count: int | None = None

    def load(self, path: str | os.PathLike[str]) -> None:
        file = resolve_graph_path(path)
        fmt = graph_format(file)
        rdf_format = getattr(ox.RdfFormat, fmt.pyoxigraph)
        try:
            if fmt.kind == "triples":
                self._store.bulk_load(path=str(file), format=rdf_format)
            else:
                quads = ox.parse(path=str(file), format=rdf_format)
                self._store.bulk_extend(_with_union(quads))
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{file}: cannot parse: {one_line(exc)}") from exc
        self._count = None
        self.sources.append(file)

    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        sorted_here = self._run_sorted_here(sparql, max_rows)
        if sorted_here is not None:
            return sorted_here
        try:
            result = self._store.query(sparql, prefixes=PREFIXES)
            if isinstance(result, ox.QuerySolutions):
                variables = [v.value for v in result.variables]
                solutions = self._solutions(result, sparql, len(variables), max_rows)
                return QueryResult("select", variables, solutions.rows(_value))
            if isinstance(result, ox.QueryBoolean):
                answer = bool(result)
                return QueryResult("ask", ["boolean"], [(answer,)], answer)
            triples = [
                (_value(t.subject), _value(t.predicate), _value(t.object))
                for t in capped(result, max_rows)
            ]
            return QueryResult("graph", ["subject", "predicate", "object"], triples)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise StoreError(f"query: {one_line(exc)}") from exc

    def _run_sorted_here(self, sparql: str, max_rows: int | None) -> QueryResult | None:
        """A SELECT ending in an ``ORDER BY`` of variables, run without it and sorted in
        Python (:mod:`kg.store.ordering`); ``None`` where the engine must sort."""
        split = split_order_by(sparql)
        if split is None:
            return None
        unordered, keys = split
        try:
            result = self._store.query(unordered, prefixes=PREFIXES)
        except (SyntaxError, OSError, ValueError, RuntimeError):
            return None  # the query as written gives the error (or its answer)
        if not isinstance(result, ox.QuerySolutions):
            return None
        variables = [v.value for v in result.variables]
        if any(name not in variables for name, _ in keys):
            return None
        try:
            solutions = self._solutions(result, unordered, len(variables), max_rows)
        except (OSError, ValueError, RuntimeError):
            return None
        order = sort_order(solutions, variables, keys)
        if order is None:
            return None
        return QueryResult("select", variables, solutions.rows(_value, order))

    def _solutions(
        self, result: ox.QuerySolutions, sparql: str, width: int, max_rows: int | None
    ) -> InternedSolutions:
        """``result``'s solutions (:mod:`kg.store.solutions`); where their text cannot be
        read back, ``sparql`` is asked again and read term by term."""
        solutions = read_solutions(result, width, max_rows)
        if solutions is None:
            result = self._store.query(sparql, prefixes=PREFIXES)
            rows = [tuple(solution) for solution in capped(result, max_rows)]
            solutions = InternedSolutions.of(rows, width)
        return solutions

    def optimize(self) -> None:
        """Compact the store (RocksDB): a bulk load leaves many overlapping files, and
        every string a query returns is then looked up in each; compacted, a query that
        returns many strings runs about a quarter faster (``programs-by-place`` at 5,000
        documents: 2.1 s → 1.6 s). Takes a few seconds for millions of triples."""
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot compact the store: {one_line(exc)}") from exc

    def triple_count(self) -> int:
        if self._count is None:
            result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._count = int(next(iter(result))[0].value)
        return self._count

    def to_rdflib(self) -> Graph:
        from kg.store.rdflib_export import graph_from_quads

        return graph_from_quads(self._store.quads_for_pattern(None, None, None, _DEFAULT_GRAPH))

    def close(self) -> None:
        self._store = None
        gc.collect()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


class MemoryStore(OxigraphStore):
    """A pyoxigraph store in memory: nothing is written to disk (for small graphs, which
    load in milliseconds)."""

    backend = "memory"

    def __init__(self) -> None:
        GraphStore.__init__(self)
        self._tmp = None
        self.location = None
        self._store = ox.Store()
        self._count = None

    def close(self) -> None:
        self._store = None


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, and for a named graph also its triple in the default graph.

    Oxigraph's own union default graph repeats a triple found in two graphs; a default
    graph holding each triple once gives the same answers as a union without duplicates.
    """
    for quad in quads:
        yield quad
        if quad.graph_name != _DEFAULT_GRAPH:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, _DEFAULT_GRAPH)


def _value(term: Any) -> Value:
    """A term as a plain Python value (see :class:`~kg.store.QueryResult`)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value  # type: ignore[no-any-return]
    if kind is ox.Literal:
        if term.language is None:
            datatype = term.datatype.value
            if datatype != XSD_STRING:
                return literal_value(term.value, datatype)
        return term.value  # type: ignore[no-any-return]
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)
