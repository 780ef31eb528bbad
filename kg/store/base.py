"""The interface every store offers: load a graph, answer read-only SPARQL."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Self

from kg.store.results import QueryResult
from kg.store.sparql import refuse

if TYPE_CHECKING:
    from rdflib import Graph


class GraphStore(ABC):
    """A loaded RDF graph that answers read-only SPARQL queries."""

    backend: str = ""

    def __init__(self) -> None:
        self.sources: list[Path] = []

    @abstractmethod
    def load(self, path: str | os.PathLike[str]) -> None:
        """Load a graph file, or the graph file of a ``kg build`` folder."""

    @abstractmethod
    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        """Run a query that passed :func:`kg.store.sparql.refuse` (at most ``max_rows``
        rows); a malformed one raises :class:`~kg.store.QuerySyntaxError`."""

    @abstractmethod
    def triple_count(self) -> int:
        """Number of distinct triples in the default (union) graph."""

    @abstractmethod
    def to_rdflib(self) -> Graph:
        """The default (union) graph as a new rdflib ``Graph``, with our prefixes bound."""

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes of
        :data:`kg.store.PREFIXES` need no declaration. More than ``max_rows`` rows raise
        :class:`~kg.store.ResultTooLargeError` (rows are read lazily, so the cap bounds
        memory)."""
        refuse(sparql)
        return self._run(sparql, max_rows)

    @abstractmethod
    def close(self) -> None:
        """Release the store (and its temporary folder, if any)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {', '.join(map(str, self.sources)) or 'empty'}>"
