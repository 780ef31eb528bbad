"""Check a graph against the SHACL shapes of ``ontology/shapes.ttl`` with pyshacl.

``validate_path(path)`` reads a build folder (its ``graph.ttl``, else ``graph.trig``) or a
graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML; the union of all graphs
of a dataset), validates it with the shapes and the ontology (as pyshacl's ontology
graph) and returns whether it conforms and one line per violation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node as RdfNode

from kg.graph import PREFIXES
from kg.resources import data_dir

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
DATASET_FORMATS = frozenset({"trig", "nquads"})
_IRI = re.compile(r"https?://[^\s<>\"{}|^`]+")


class GraphLoadError(Exception):
    """The graph cannot be read: ``str(err)`` is a one-line reason naming the file."""


@dataclass
class ValidationOutcome:
    """Whether the graph conforms, its size and one line per violation."""

    conforms: bool
    triples: int
    violations: list[str] = field(default_factory=list)


def graph_file(path: Path) -> Path:
    """The graph file of a build folder (graph.ttl, else graph.trig) or ``path`` itself."""
    if path.is_dir():
        for name in ("graph.ttl", "graph.trig"):
            if (path / name).is_file():
                return path / name
        raise GraphLoadError(f"{path}: no graph.ttl or graph.trig in this folder")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or folder")
    return path


def load_graph(path: Path) -> Graph:
    """Read a graph file (or a build folder's graph) into one rdflib graph."""
    file = graph_file(path)
    fmt = FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{file}: unknown graph format (use .ttl, .trig, .nt, .nq, .jsonld)")
    try:
        if fmt in DATASET_FORMATS:
            dataset = Dataset()
            dataset.parse(file, format=fmt)
            graph = Graph()
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        graph = Graph()
        graph.parse(file, format=fmt)
        return graph
    except Exception as exc:  # rdflib raises many parser-specific exception types
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise GraphLoadError(f"{file}: cannot parse as {fmt}: {reason[:300]}") from exc


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes shipped in ``ontology/shapes.ttl``."""
    return Graph().parse(data_dir("ontology") / "shapes.ttl", format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The dangjian-kg ontology shipped in ``ontology/dangjian.ttl``."""
    return Graph().parse(data_dir("ontology") / "dangjian.ttl", format="turtle")


def _short(term: RdfNode | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 40 else text[:40] + "…")
    text = str(term)
    best = ("", "")
    for prefix, namespace in PREFIXES:
        if text.startswith(namespace) and len(namespace) > len(best[1]):
            best = (prefix, namespace)
    if best[1]:
        return unquote(f"{best[0]}:{text[len(best[1]) :]}")
    if isinstance(term, URIRef):
        return f"<{unquote(text)}>"
    return "_:" + str(term)[:8]


def _path_text(results: Graph, path: RdfNode | None) -> str:
    if path is None:
        return ""
    inverse = results.value(path, SH.inversePath) if not isinstance(path, URIRef) else None
    if inverse is not None:
        return "^" + _short(inverse)
    return _short(path)


def validate_graph(graph: Graph) -> ValidationOutcome:
    """Run the shapes on ``graph``; violations are sorted, one line each."""
    from pyshacl import validate

    conforms, results, _text = validate(
        graph,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
    )
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes graph as text
        raise RuntimeError(f"SHACL validation failed to run: {_text.strip()}")
    lines: set[str] = set()
    for result in results.subjects(predicate=SH.resultSeverity):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = (
            _IRI.sub(lambda m: _short(URIRef(m.group(0))), messages[0])
            if messages
            else _short(results.value(result, SH.sourceConstraintComponent))
        )
        where = " ".join(p for p in (_short(focus), _path_text(results, path)) if p)
        level = str(severity).rsplit("#", 1)[-1].lower()
        line = f"{level}: {where}: {message}"
        if value is not None and value != focus:
            line += f" (value {_short(value)})"
        lines.add(line)
    return ValidationOutcome(bool(conforms), len(graph), sorted(lines))


def validate_path(path: Path) -> ValidationOutcome:
    """Load and validate a build folder or a graph file (:class:`GraphLoadError` if unreadable)."""
    return validate_graph(load_graph(path))
