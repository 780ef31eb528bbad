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
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, Namespace
from rdflib.util import guess_format

DJ = Namespace("https://w3id.org/dangjian-kg/ontology#")

#: Above this many nodes a page shows only the largest connected part (cut to this size).
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
    """Read the entity nodes, relation edges and their evidence out of a dj graph."""
    nodes: dict[str, ViewNode] = {}
    for type_key, style in TYPES.items():
        for s in graph.subjects(RDF.type, style.cls):
            iri = str(s)
            if iri in nodes:
                continue
            labels = sorted(str(o) for o in graph.objects(s, RDFS.label))
            alts = sorted({str(o) for o in graph.objects(s, SKOS.altLabel)})
            label = labels[0] if labels else iri.rsplit("/", 1)[-1]
            alt = [a for a in alts if a != label] + [x for x in labels[1:] if x not in alts]
            nodes[iri] = ViewNode(iri, type_key, label, alt)
            nodes[iri].from_gazetteer = any(
                (o, RDF.type, DJ.Source) in graph for o in graph.objects(s, PROV.wasDerivedFrom)
            )

    doc_names = {
        str(d): str(n)
        for d in graph.subjects(RDF.type, DJ.Document)
        for n in graph.objects(d, DCTERMS.identifier)
    }
    sentence_doc = {
        str(s): doc_names.get(str(d), "") for s, d in graph.subject_objects(DCTERMS.isPartOf)
    }
    source_labels: dict[str, str] = {}
    for src in graph.subjects(RDF.type, DJ.Source):
        zh = [str(o) for o in graph.objects(src, RDFS.label) if getattr(o, "language", "") == "zh"]
        any_label = [str(o) for o in graph.objects(src, RDFS.label)]
        source_labels[str(src)] = sorted(zh or any_label or [str(src)])[0]

    sentence_index: dict[str, int] = {}
    sentences: list[tuple[str, str]] = []

    def sentence_of(ref: str) -> int:
        if ref not in sentence_index:
            if ref in source_labels:
                sentences.append((source_labels[ref], ""))
            else:
                text = _first(graph.objects(URIRef(ref), DJ.text))
                sentences.append(
                    (str(text) if text is not None else ref, sentence_doc.get(ref, ""))
                )
            sentence_index[ref] = len(sentences) - 1
        return sentence_index[ref]

    for iri, node in nodes.items():
        s = URIRef(iri)
        node.docs = sorted(
            {sentence_doc.get(str(x), "") for x in graph.objects(s, DJ.mentionedIn)} - {""}
        )
        node.honors = sorted({str(o) for o in graph.objects(s, DJ.awarded)})
        labels = ontology_labels()
        for q in graph.objects(s, DJ.quantity):
            measure = _first(graph.objects(q, DJ.measure))
            value = _first(graph.objects(q, RDF.value))
            unit = _first(graph.objects(q, DJ.unit))
            source = _first(graph.objects(q, PROV.wasDerivedFrom))
            if measure is None or value is None:
                continue
            name = labels.get(str(measure), ("", ""))[0] or str(measure).rsplit("#", 1)[-1]
            index = sentence_of(str(source)) if source is not None else -1
            node.quantities.append((name, str(value), str(unit or ""), index))
        node.quantities.sort(key=lambda q: (q[0], q[1], q[2], _sentence_key(sentences, q[3])))

    # assertions: (s, p, o) → evidence
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    stated: set[tuple[str, str, str]] = set()  # triples with an assertion that is not implicit
    implicit = set(graph.subjects(RDF.type, DJ.ImplicitAssertion))
    for a in graph.subjects(RDF.type, DJ.Assertion):
        s, p, o = (_first(graph.objects(a, t)) for t in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None or URIRef(str(p)) not in RELATIONS:
            continue
        if a not in implicit:
            stated.add((str(s), str(p), str(o)))
        rule = str(_first(graph.objects(a, DJ.rule)) or "")
        snippet = str(_first(graph.objects(a, DJ.evidence)) or "")
        for src in sorted(graph.objects(a, PROV.wasDerivedFrom), key=str):
            evidence[(str(s), str(p), str(o))].append(
                Evidence(sentence_of(str(src)), rule, snippet)
            )

    edges: list[ViewEdge] = []
    paired: set[tuple[str, str]] = set()
    for predicate in RELATIONS:
        for s, o in graph.subject_objects(predicate):
            head, tail = str(s), str(o)
            found = list(evidence.get((head, str(predicate), tail), []))
            keys = [(str(s), str(predicate), str(o))]
            role = ""
            if predicate == ORG.holds:
                tail_org = _first(graph.objects(o, ORG.postIn))
                role_iri = _first(graph.objects(o, ORG.role))
                if tail_org is None:
                    continue
                tail = str(tail_org)
                if role_iri is not None:
                    role = str(_first(graph.objects(role_iri, RDFS.label)) or "")
            if head not in nodes or tail not in nodes or head == tail:
                continue
            if predicate == DJ.pairedWith:
                pair = (min(head, tail), max(head, tail))
                if pair in paired:
                    continue
                paired.add(pair)
                head, tail = pair
                found = evidence.get((head, str(predicate), tail), []) + evidence.get(
                    (tail, str(predicate), head), []
                )
                keys = [(head, str(predicate), tail), (tail, str(predicate), head)]
            unique = {(*_sentence_key(sentences, e.sentence), e.rule, e.snippet): e for e in found}
            implied = bool(found) and not any(k in stated for k in keys)
            ordered = [unique[k] for k in sorted(unique)]
            edges.append(ViewEdge(head, tail, predicate, role, ordered, implied))
    edges.sort(key=lambda e: (e.source, str(e.predicate), e.target, e.role))
    docs = sorted(set(doc_names.values()))
    return GraphView(nodes, edges, sentences, docs)


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
    ``depth`` steps), then cap it at ``max_nodes``; return it, notes for the reader, and
    whether the cap cut it."""
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
        capped = True
        total_nodes, total_edges = len(view.nodes), len(view.edges)
        keep, size, start = largest_part(view, max_nodes)
        view = view.restrict(keep)
        shown = f"{len(view.nodes):,} nodes, {len(view.edges):,} edges"
        if start is None:
            part = f"its largest connected part ({shown})"
        else:
            part = (
                f"the {len(view.nodes):,} nodes of its largest connected part ({size:,} nodes) "
                f"nearest its best-connected node, {view.nodes[start].label} "
                f"({len(view.edges):,} edges)"
            )
        notes.append(
            f"The graph has {total_nodes:,} nodes and {total_edges:,} edges, more than the "
            f"{max_nodes:,} nodes a page can show: this page shows {part}. "
            "Use --focus NAME --depth N, --types or --doc to choose another part."
        )
    return view, notes, capped
