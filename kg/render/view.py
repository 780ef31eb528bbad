"""The view of a dj graph that a page shows: entity nodes, relation edges (stated or
implied), the evidence behind them, and the selections ``kg render`` offers."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDFS, Namespace
from rdflib.util import guess_format

DJ = Namespace("https://w3id.org/dangjian-kg/ontology#")

#: Above this many nodes a page shows only the most related part (:mod:`kg.render.cap`).
MAX_NODES = 5000
#: Files a ``kg build`` folder may hold, in order of preference.
GRAPH_FILES: tuple[str, ...] = ("graph.ttl", "graph.trig", "graph.nt", "graph.nq")


@dataclass(frozen=True)
class TypeStyle:
    """How one entity type looks: class IRI, Chinese and English names, colour, shape."""

    cls: URIRef
    zh: str
    en: str
    color: str
    shape: str


TYPES: dict[str, TypeStyle] = {
    "ORG": TypeStyle(DJ.Organization, "组织", "Organization", "#c8102e", "dot"),
    "PERSON": TypeStyle(DJ.Person, "人物", "Person", "#1f6fb2", "diamond"),
    "PROGRAM": TypeStyle(DJ.Program, "工作项目", "Program", "#e69b00", "square"),
    "PLACE": TypeStyle(DJ.Place, "地点", "Place", "#2e8b57", "triangle"),
}


@dataclass(frozen=True)
class RelationStyle:
    """One relation predicate on the page: key, Chinese label, English name, CURIE."""

    key: str
    zh: str
    en: str
    curie: str
    color: str
    directed: bool = True


RELATIONS: dict[URIRef, RelationStyle] = {
    DJ.manages: RelationStyle("manages", "管理", "manages", "dj:manages", "#8e44ad"),
    ORG.subOrganizationOf: RelationStyle(
        "subOrganizationOf", "下属于", "sub-organization of", "org:subOrganizationOf", "#b03a2e"
    ),
    DJ.locatedIn: RelationStyle("locatedIn", "位于", "located in", "dj:locatedIn", "#7f8c8d"),
    DJ.implements: RelationStyle("implements", "实施", "implements", "dj:implements", "#d68910"),
    DJ.partOfProgram: RelationStyle(
        "partOfProgram", "属于项目", "part of program", "dj:partOfProgram", "#b9770e"
    ),
    DJ.established: RelationStyle(
        "established", "成立", "established", "dj:established", "#6c3483"
    ),
    DJ.pairedWith: RelationStyle(
        "pairedWith", "结对共建", "paired with", "dj:pairedWith", "#148f77", directed=False
    ),
    ORG.holds: RelationStyle("holds", "任职", "holds post", "org:holds", "#2471a3"),
}
_EXTENSIONS = {".ttl", ".trig", ".nt", ".nq", ".jsonld", ".json", ".rdf", ".xml", ".owl", ".n3"}


class RenderError(Exception):
    """An unreadable graph, an unknown name, type or document: nothing is written."""


# ----------------------------------------------------------------------------- the view


@dataclass
class ViewNode:
    """One entity as the page shows it."""

    iri: str
    type: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    honors: list[str] = field(default_factory=list)
    quantities: list[tuple[str, str, str, int]] = field(default_factory=list)
    from_gazetteer: bool = False

    @property
    def names(self) -> list[str]:
        """The label, then every alternative label."""
        return [self.label, *self.alt_labels]


@dataclass
class Evidence:
    """Why an edge is there: a sentence (or a reference source), its rule and snippet."""

    sentence: int  # index into GraphView.sentences
    rule: str
    snippet: str


@dataclass
class ViewEdge:
    """One relation between two entity nodes (``pairedWith`` once per pair)."""

    source: str
    target: str
    predicate: URIRef
    role: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    implied: bool = False  # every assertion behind it is a dj:ImplicitAssertion
    #: the (subject, predicate, object) IRIs its assertions are about (a post for holds)
    keys: tuple[tuple[str, str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def style(self) -> RelationStyle:
        return RELATIONS[self.predicate]

    @property
    def label(self) -> str:
        """The Chinese label drawn on the edge (the role for a post)."""
        if self.predicate == ORG.holds and self.role and self.role != "职务":
            return self.role
        return self.style.zh


@dataclass
class GraphView:
    """Entity nodes, relation edges, and the sentences and documents behind them."""

    nodes: dict[str, ViewNode]
    edges: list[ViewEdge]
    sentences: list[tuple[str, str]]  # (text, document name or "" for a reference source)
    docs: list[str]

    def edge_docs(self, edge: ViewEdge) -> set[str]:
        """Documents whose sentences state ``edge``."""
        return {self.sentences[e.sentence][1] for e in edge.evidence} - {""}

    def restrict(self, keep: Iterable[str]) -> GraphView:
        """The view on the nodes ``keep`` and the edges between them."""
        wanted = set(keep)
        nodes = {k: v for k, v in self.nodes.items() if k in wanted}
        edges = [e for e in self.edges if e.source in nodes and e.target in nodes]
        return replace(self, nodes=nodes, edges=edges)

    def to_networkx(self) -> nx.Graph:
        """Undirected: nodes keyed by IRI, one edge per connected pair."""
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from((e.source, e.target) for e in self.edges)
        return graph


def _sentence_key(sentences: list[tuple[str, str]], index: int) -> tuple[str, str]:
    """Order by content, never by the order the graph happened to yield (it varies)."""
    return ("", "") if index < 0 else (sentences[index][1], sentences[index][0])


def _first(values: Iterable[Any]) -> Any:
    return min((v for v in values), key=str, default=None)


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, tuple[str, str]]:
    """IRI → (Chinese, English) ``rdfs:label`` of every term of the dj ontology."""
    from kg.resources import data_dir

    labels: dict[str, dict[str, str]] = defaultdict(dict)
    try:
        path = data_dir("ontology") / "dangjian.ttl"
        graph = Graph().parse(path, format="turtle")
    except (FileNotFoundError, OSError, ValueError):
        return {}
    for s, o in graph.subject_objects(RDFS.label):
        if isinstance(o, Literal) and o.language in {"zh", "en"}:
            labels[str(s)][o.language] = str(o)
    return {k: (v.get("zh", ""), v.get("en", "")) for k, v in labels.items()}


def graph_view(graph: Graph) -> GraphView:
    """Read the entity nodes, relation edges and their evidence out of a dj graph in
    rdflib (see :func:`kg.render.read.open_view` for files and pyoxigraph stores)."""
    from kg.render.read import RdflibTriples, read_view

    return read_view(RdflibTriples(graph))


# ----------------------------------------------------------------------------- reading


def graph_file(path: Path) -> Path:
    """``path`` itself, or the first of :data:`GRAPH_FILES` in a ``kg build`` folder."""
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return path / name
        raise RenderError(f"{path}: no {' or '.join(GRAPH_FILES[:2])} in this folder")
    if not path.is_file():
        raise RenderError(f"{path}: no such file or folder")
    return path


def load_graph(path: Path | str) -> Graph:
    """The union graph of a graph file or ``kg build`` folder (named graphs merged)."""
    file = graph_file(Path(path))
    fmt = guess_format(str(file)) or ("json-ld" if file.suffix == ".jsonld" else None)
    if fmt is None or file.suffix.lower() not in _EXTENSIONS:
        raise RenderError(f"{file}: not a graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf)")
    try:
        if fmt in {"trig", "nquads"}:
            dataset = Dataset()
            dataset.parse(file, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(file, format=fmt)
    except Exception as exc:  # rdflib raises many kinds for a malformed file
        raise RenderError(f"{file}: cannot read the graph: {type(exc).__name__}: {exc}") from exc


# ----------------------------------------------------------------------------- selection


def find_nodes(view: GraphView, name: str) -> list[str]:
    """IRIs of the nodes with ``name`` as label or alternative label (label matches first)."""
    by_label = [k for k, n in view.nodes.items() if n.label == name]
    by_alt = [k for k, n in view.nodes.items() if name in n.alt_labels and k not in by_label]
    return sorted(by_label) + sorted(by_alt)


def _suggest(view: GraphView, name: str, limit: int = 5) -> str:
    near = sorted(
        {n for node in view.nodes.values() for n in node.names if name and name in n},
        key=lambda n: (len(n), n),
    )[:limit]
    return f" (names containing it: {', '.join(near)})" if near else ""


def _doc_name(view: GraphView, doc: str) -> str:
    for name in view.docs:
        if doc in (name, Path(name).stem):
            return name
    known = ", ".join(view.docs[:10]) + (" …" if len(view.docs) > 10 else "")
    raise RenderError(f"no document named {doc!r} in the graph (documents: {known or 'none'})")


def parse_types(text: str | Sequence[str] | None) -> list[str] | None:
    """``"Organization,program"`` → ``["ORG", "PROGRAM"]``: the ontology's type names in
    any case, their Chinese labels or the record codes (:func:`kg.vocabulary.parse_entity_type`);
    unknown types raise :class:`RenderError`."""
    from kg.vocabulary import ENTITY_TYPES, parse_entity_type

    if text is None:
        return None
    parts = text.split(",") if isinstance(text, str) else list(text)
    codes = {str(style.cls): code for code, style in TYPES.items()}
    types: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in parts if p.strip()):
        try:
            types.append(codes[parse_entity_type(part).iri])
        except ValueError:
            unknown.append(part)
    if unknown or not types:
        names = ", ".join(t.name for t in ENTITY_TYPES.values())
        raise RenderError(f"--types {','.join(unknown) or text!s}: choose among {names}")
    return types


def largest_part(view: GraphView, cap: int) -> tuple[set[str], int, str | None]:
    """The largest connected part, its size, and, when it has more than ``cap`` nodes, the
    best-connected node from which it was cut to ``cap`` nodes in breadth-first order."""
    graph = view.to_networkx()
    component = min(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    if len(component) <= cap:
        return set(component), len(component), None
    start = min(component, key=lambda n: (-graph.degree(n), n))
    kept: list[str] = [start]
    seen = {start}
    queue = deque([start])
    while queue and len(kept) < cap:
        for nxt in sorted(graph.neighbors(queue.popleft())):
            if nxt not in seen:
                seen.add(nxt)
                kept.append(nxt)
                queue.append(nxt)
                if len(kept) >= cap:
                    break
    return set(kept), len(component), start


def select(
    view: GraphView,
    types: Sequence[str] | None = None,
    doc: str | None = None,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = MAX_NODES,
) -> tuple[GraphView, list[str], bool]:
    """Narrow ``view`` (types, then one document, then the ego graph of ``focus`` up to
    ``depth`` steps), then cap it at ``max_nodes`` (:func:`kg.render.cap.most_related`:
    the organizations and programs with the most relations, with their places); return
    it, notes for the reader, and whether the cap cut it."""
    notes: list[str] = []
    capped = False
    if types:
        view = view.restrict(k for k, n in view.nodes.items() if n.type in set(types))
    if doc is not None:
        name = _doc_name(view, doc)
        edges = [e for e in view.edges if name in view.edge_docs(e) or not view.edge_docs(e)]
        stated = {x for e in edges if name in view.edge_docs(e) for x in (e.source, e.target)}
        keep = {k for k, n in view.nodes.items() if name in n.docs} | stated
        allowed = {id(e) for e in edges}
        view = view.restrict(keep)
        view.edges = [e for e in view.edges if id(e) in allowed]
    if focus is not None:
        centers = find_nodes(view, focus)
        if not centers:
            raise RenderError(f"no entity is named {focus!r} in the graph{_suggest(view, focus)}")
        if depth < 0:
            raise RenderError("--depth must be 0 or more")
        graph = view.to_networkx()
        keep = set()
        for center in centers:
            keep |= set(nx.single_source_shortest_path_length(graph, center, cutoff=depth))
        if len(centers) > 1:
            notes.append(
                f"{len(centers)} entities are named {focus}: showing the {depth}-step "
                "neighbourhood of each."
            )
        view = view.restrict(keep)
    if len(view.nodes) > max_nodes:
        from kg.render.cap import cap_note, most_related

        capped = True
        choice = most_related(view, max_nodes)
        shown = view.restrict(choice.kept)
        filtered = bool(types) or doc is not None or focus is not None
        notes.append(cap_note(view, shown, choice, max_nodes, filtered=filtered))
        view = shown
    return view, notes, capped
