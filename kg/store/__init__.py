"""One read-only SPARQL interface over Oxigraph, in memory or on disk.

``open_store(path)`` loads a graph file (``.ttl``, ``.nt``, ``.trig``, ``.nq``) or a
``kg build`` folder (``graph.ttl``, else ``graph.trig``) and returns a :class:`GraphStore`.
The engine is always pyoxigraph:

* graphs up to :data:`AUTO_DISK_BYTES` go to a :class:`MemoryStore` (in memory, nothing
  written to disk: the seeds' graph loads in about 15 ms);
* larger ones to an :class:`OxigraphStore` (RocksDB) filled with ``bulk_load`` and kept in
  a cache folder (:func:`cache_root`), so that the next query on the same, unchanged file
  opens it read-only at once instead of loading it again.

``backend="memory"`` or ``"oxigraph"`` (on disk) forces a choice. ``"rdflib"`` is a
deprecated alias of ``"memory"`` (one warning): rdflib is no longer a query engine, only
an export (:func:`to_rdflib`, ``GraphStore.to_rdflib()``) for the tools that need an rdflib
graph; :class:`RdflibStore` remains as the reference the tests and the benchmark compare
against.

:meth:`GraphStore.query` gives a :class:`QueryResult` whose values are plain Python values
(IRIs and plain or language-tagged literals as ``str``, numeric literals as ``int`` or
``float``, booleans as ``bool``, unbound as ``None``), the same as rdflib gave.

Quad files (TriG, N-Quads, one named graph per document) keep their named graphs for
``GRAPH ?g { … }``; the default graph is the union of all graphs, without duplicates.

Queries are read-only: updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …) raise
:class:`UpdateRefusedError`; SERVICE, FROM and FROM NAMED are refused by
:mod:`kg.sparql_guard` in front of every query; malformed queries raise
:class:`QuerySyntaxError` carrying the line and column reported by the parser.

The modules: :mod:`~kg.store.errors`, :mod:`~kg.store.results` (values),
:mod:`~kg.store.files` (which file, which format), :mod:`~kg.store.sparql` (the checks in
front of every query, syntax errors), :mod:`~kg.store.base` (the interface),
:mod:`~kg.store.oxigraph` (the engine), :mod:`~kg.store.cache` (on-disk stores kept
between runs), :mod:`~kg.store.rdflib_export` (rdflib as an export and a reference).
"""

from __future__ import annotations

import os
import warnings
from typing import Literal

from kg.store.base import GraphStore
from kg.store.cache import cache_root, cached_store_location, cached_triple_count
from kg.store.errors import (
    QuerySyntaxError,
    ResultTooLargeError,
    StoreError,
    UpdateRefusedError,
)
from kg.store.files import GRAPH_FILES, resolve_graph_path
from kg.store.oxigraph import MemoryStore, OxigraphStore
from kg.store.rdflib_export import RdflibStore, to_rdflib
from kg.store.results import QueryResult, Value, literal_value
from kg.store.sparql import PREFIXES, check_query, update_keyword

__all__ = [
    "AUTO_DISK_BYTES",
    "BACKENDS",
    "GRAPH_FILES",
    "PREFIXES",
    "Backend",
    "GraphStore",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "QuerySyntaxError",
    "RdflibStore",
    "ResultTooLargeError",
    "StoreError",
    "UpdateRefusedError",
    "Value",
    "cache_root",
    "cached_store_location",
    "check_query",
    "choose_backend",
    "literal_value",
    "open_store",
    "resolve_graph_path",
    "to_rdflib",
    "update_keyword",
]

Backend = Literal["auto", "memory", "oxigraph", "rdflib"]
#: What ``backend=`` / ``--store`` accept ("rdflib" is a deprecated alias of "memory").
BACKENDS: tuple[str, ...] = ("auto", "memory", "oxigraph", "rdflib")
#: Graph files above this size go to the on-disk, cached Oxigraph store under "auto";
#: smaller ones load into memory (5 MB of our Turtle, about 60 000 triples, load in about
#: 0.15 s; a cached store opens in 0.01 s however large).
AUTO_DISK_BYTES: int = 5_000_000
#: The one line a caller asking for the rdflib store gets.
RDFLIB_DEPRECATED = (
    "the rdflib store is deprecated: queries run on Oxigraph in memory (same answers, "
    "faster); in Python, KnowledgeGraph.to_rdflib() gives an rdflib Graph"
)


def choose_backend(path: str | os.PathLike[str], backend: str = "auto") -> str:
    """``"memory"`` or ``"oxigraph"`` (on disk) for the graph at ``path`` (a file or a
    folder); ``"rdflib"`` gives ``"memory"`` with a :class:`FutureWarning`."""
    if backend not in BACKENDS:
        raise StoreError(f"unknown store {backend!r} (choose {', '.join(BACKENDS)})")
    if backend == "rdflib":
        warnings.warn(RDFLIB_DEPRECATED, FutureWarning, stacklevel=3)
        return "memory"
    if backend != "auto":
        return backend
    size = resolve_graph_path(path).stat().st_size
    return "oxigraph" if size > AUTO_DISK_BYTES else "memory"


def open_store(
    path: str | os.PathLike[str], backend: str = "auto", *, cache: bool = True
) -> GraphStore:
    """Load the graph at ``path`` (file or ``kg build`` folder) into the chosen store.

    With ``cache`` (the default) the on-disk store is kept under :func:`cache_root` and
    reused while the file is unchanged; without it a temporary store is made.
    """
    chosen = choose_backend(path, backend)
    store: GraphStore
    if chosen == "memory" or not cache:
        store = MemoryStore() if chosen == "memory" else OxigraphStore()
        try:
            store.load(path)
        except BaseException:
            store.close()
            raise
        return store
    location = cached_store_location(path)
    disk = OxigraphStore(location, read_only=True)
    disk.sources.append(resolve_graph_path(path))
    disk._count = cached_triple_count(location)
    return disk
