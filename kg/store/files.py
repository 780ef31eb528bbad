"""Graph files: which file of a ``kg build`` folder to load, and in which format."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from kg.store.errors import StoreError

#: Files a ``kg build`` folder may hold, in order of preference.
GRAPH_FILES: tuple[str, ...] = ("graph.ttl", "graph.trig", "graph.nt", "graph.nq")


class GraphFormat(NamedTuple):
    """How to read one kind of graph file."""

    kind: str  # "triples" or "quads" (named graphs)
    rdflib: str  # rdflib's own parser
    oxrdflib: str  # oxrdflib's parser plug-in for rdflib
    pyoxigraph: str  # the name in pyoxigraph.RdfFormat


FORMATS: dict[str, GraphFormat] = {
    ".ttl": GraphFormat("triples", "turtle", "ox-turtle", "TURTLE"),
    ".turtle": GraphFormat("triples", "turtle", "ox-turtle", "TURTLE"),
    ".nt": GraphFormat("triples", "nt", "ox-ntriples", "N_TRIPLES"),
    ".trig": GraphFormat("quads", "trig", "ox-trig", "TRIG"),
    ".nq": GraphFormat("quads", "nquads", "ox-nquads", "N_QUADS"),
}


def resolve_graph_path(path: str | os.PathLike[str]) -> Path:
    """The graph file to load: ``path`` itself, or the first of :data:`GRAPH_FILES` in it.

    Raises :class:`StoreError` (naming the path) when there is nothing readable.
    """
    p = Path(path)
    if p.is_dir():
        for name in GRAPH_FILES:
            if (p / name).is_file():
                return p / name
        raise StoreError(f"{p}: no {' or '.join(GRAPH_FILES[:2])} in this folder")
    if not p.exists():
        raise StoreError(f"{p}: no such file or folder")
    if p.suffix.lower() not in FORMATS:
        raise StoreError(f"{p}: unknown graph format (expected {', '.join(sorted(FORMATS))})")
    try:
        with p.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise StoreError(f"{p}: {exc.strerror or exc}") from exc
    return p


def graph_format(path: Path) -> GraphFormat:
    """The format of a file :func:`resolve_graph_path` accepted."""
    return FORMATS[path.suffix.lower()]
