"""Exports of :class:`kg.api.KnowledgeGraph`: networkx, GraphML, GEXF, CSV and JSON-LD."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.api_model import TYPE_LABELS, Model, curie
from kg.files import atomic_write_with
from kg.store import PREFIXES
from kg.vocabulary import readable_iri

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

#: Formats of :meth:`KnowledgeGraph.export`, and the file suffixes that imply them.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "gexf": (".gexf",),
    "csv": (".csv",),
    "jsonld": (".jsonld", ".json"),
}
#: How list-valued attributes are joined for GraphML, GEXF and CSV.
LIST_SEPARATOR = " | "
#: The JSON-LD context of :meth:`KnowledgeGraph.export` (``format="jsonld"``).
JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)
_RDFLIB_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
}


def _flat(value: Any) -> str | int | float | bool:
    """A value GraphML and GEXF accept: lists joined with :data:`LIST_SEPARATOR`."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with flat attribute values and edge keys unique in the whole graph."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for n, (u, v, data) in enumerate(graph.edges(data=True)):
        flat.add_edge(u, v, key=f"e{n}", **{k: _flat(x) for k, x in data.items()})
    return flat


def export_format(path: Path, format: str | None) -> str:
    """The export format named, or implied by the suffix of ``path``."""
    if format is not None:
        key = format.lower().replace("-", "").replace("_", "")
        if key == "json":
            key = "jsonld"
        if key not in EXPORT_FORMATS:
            raise ValueError(
                f"unknown export format {format!r} (choose {', '.join(EXPORT_FORMATS)})"
            )
        return key
    for key, suffixes in EXPORT_FORMATS.items():
        if path.suffix.lower() in suffixes:
            return key
    raise ValueError(
        f"{path}: say which format (format=…: {', '.join(EXPORT_FORMATS)}); "
        "the suffix does not tell"
    )


def nodes_csv_path(path: str | os.PathLike[str]) -> Path:
    """Where the nodes CSV of a CSV export goes: ``edges.csv`` → ``edges.nodes.csv``."""
    p = Path(path)
    return p.with_name((p.stem if p.suffix else p.name) + ".nodes.csv")


def model_networkx(model: Model) -> nx.MultiDiGraph:
    """The entities and relations of ``model`` as a networkx ``MultiDiGraph`` (see
    :meth:`kg.api.KnowledgeGraph.to_networkx`)."""
    import networkx as nx

    from kg.render import RELATIONS

    zh = {str(p): style.zh for p, style in RELATIONS.items()}
    graph = nx.MultiDiGraph()
    for node in sorted(model.nodes.values(), key=lambda n: (n.type, n.label, n.iri)):
        graph.add_node(
            readable_iri(node.iri),
            type=node.type,
            type_label=TYPE_LABELS[node.type],
            label=node.label,
            aliases=list(node.aliases),
            documents=list(node.documents),
            iri=node.iri,
        )
    for edge in model.edges:
        graph.add_edge(
            readable_iri(edge.source),
            readable_iri(edge.target),
            relation=curie(edge.predicate),
            label=edge.post or zh.get(edge.predicate, curie(edge.predicate)),
            post=edge.post,
            evidence=[e.sentence for e in edge.evidence],
            documents=[e.document for e in edge.evidence],
        )
    return graph


def write_export(
    path: str | os.PathLike[str],
    format: str | None,
    networkx_graph: Callable[[], nx.MultiDiGraph],
    rdflib_graph: Callable[[], Graph],
) -> list[Path]:
    """Write an export (see :meth:`kg.api.KnowledgeGraph.export`); the graphs are made
    only for the formats that need them."""
    target = Path(path)
    fmt = export_format(target, format)
    if fmt == "jsonld":
        text = rdflib_graph().serialize(
            format="json-ld", context=JSONLD_CONTEXT, indent=1, ensure_ascii=False
        )
        atomic_write_with(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        return [target]
    import networkx as nx

    graph = networkx_graph()
    if fmt == "graphml":
        atomic_write_with(target, lambda tmp: nx.write_graphml(_flat_graph(graph), tmp))
        return [target]
    if fmt == "gexf":
        atomic_write_with(target, lambda tmp: nx.write_gexf(_flat_graph(graph), tmp))
        return [target]
    nodes_path = nodes_csv_path(target)
    node_rows = [
        [
            key,
            d["type"],
            d["type_label"],
            d["label"],
            _flat(d["aliases"]),
            _flat(d["documents"]),
            d["iri"],
        ]
        for key, d in graph.nodes(data=True)
    ]
    edge_rows = [
        [
            graph.nodes[u]["label"],
            d["relation"],
            graph.nodes[v]["label"],
            _flat(d["evidence"]),
            _flat(d["documents"]),
            u,
            v,
            d["post"],
        ]
        for u, v, d in graph.edges(data=True)
    ]
    node_header = ["id", "type", "type_label", "label", "aliases", "documents", "iri"]
    edge_header = [
        "source_label",
        "relation",
        "target_label",
        "evidence",
        "document",
        "source",
        "target",
        "post",
    ]
    atomic_write_with(nodes_path, lambda tmp: _write_csv(tmp, node_header, node_rows))
    atomic_write_with(target, lambda tmp: _write_csv(tmp, edge_header, edge_rows))
    return [target, nodes_path]


def read_rdflib(graph_file: Path) -> Graph:
    """The union graph of ``graph_file`` as an rdflib ``Graph`` (named graphs merged)."""
    from rdflib import Dataset, Graph

    fmt = _RDFLIB_FORMATS.get(graph_file.suffix.lower(), "turtle")
    if fmt in {"trig", "nquads"}:
        dataset = Dataset()
        dataset.parse(graph_file, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(graph_file, format=fmt)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
