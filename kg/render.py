"""Interactive graph pages: ``kg render`` (and ``kg build``'s ``DIR/graph.html``) with pyvis.

:func:`render` reads a graph (a ``kg build`` folder, ``.ttl``, ``.trig``, ``.nt``, ``.nq``,
``.jsonld`` or ``.rdf``, or an rdflib graph in memory), keeps the entity nodes
(``dj:Organization``, ``dj:Person``, ``dj:Program``, ``dj:Place``) and the relation
triples between them, and writes one self-contained HTML page:

* nothing is fetched: vis.js (bundled with pyvis) is inlined (``cdn_resources="in_line"``)
  through our own template ``kg/templates/graph.html.j2``, which replaces pyvis's (that
  one links Bootstrap from a CDN in every mode);
* node colour and shape per type, with a legend; node size by degree; edge labels in
  Chinese, the English relation name on hover; hovering a node shows its names, type and
  documents, hovering or clicking an edge shows the evidence sentences and documents;
* a search box (any name: ``rdfs:label`` or ``skos:altLabel``), filters by type and by
  document;
* the layout is computed here (:func:`layout`: Fruchterman-Reingold from a radial
  start, networkx's up to 500 nodes and a vectorised grid variant with scipy's k-d tree
  above, each connected part on its own, the parts packed side by side) and vis.js
  physics is off, so even a 5,000-node page draws at once and never keeps moving;
  above :data:`MAX_NODES` the page shows the largest connected part (cut to the cap
  around its best-connected node) and says so;
* every text reaches the page as JSON inside a ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` escaped (``\\u003c`` …), and the page's script puts
  text into the DOM with ``textContent`` only, so a name like ``<script>`` shows as text;
  the page's Content-Security-Policy allows no network source and only its own scripts
  (by hash), so an injected script or event handler would not run either.

``select`` narrows a view to types, one document, or the ego graph of a named entity
(``focus``/``depth``) before layout. Pages are written atomically (temporary file, then
``os.replace``) and are byte-identical for the same graph and options.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, Namespace
from rdflib.util import guess_format

from kg.files import atomic_write_text

DJ = Namespace("https://w3id.org/dangjian-kg/ontology#")

#: Above this many nodes a page shows only the largest connected part (cut to this size).
MAX_NODES = 5000
#: Ideal edge length of the layout, in vis.js pixels at zoom 1.
EDGE_LENGTH = 110.0
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "graph.html.j2"
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
    for a in graph.subjects(RDF.type, DJ.Assertion):
        s, p, o = (_first(graph.objects(a, t)) for t in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None or URIRef(str(p)) not in RELATIONS:
            continue
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
            unique = {(*_sentence_key(sentences, e.sentence), e.rule, e.snippet): e for e in found}
            edges.append(ViewEdge(head, tail, predicate, role, [unique[k] for k in sorted(unique)]))
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
    """``"ORG,program"`` → ``["ORG", "PROGRAM"]``; unknown types raise :class:`RenderError`."""
    if text is None:
        return None
    parts = text.split(",") if isinstance(text, str) else list(text)
    types = [p.strip().upper() for p in parts if p.strip()]
    unknown = [t for t in types if t not in TYPES]
    if unknown or not types:
        raise RenderError(f"--types {','.join(unknown) or text!s}: choose among {', '.join(TYPES)}")
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


# ----------------------------------------------------------------------------- layout


def _radial_start(n: int, adjacency: list[list[int]]) -> np.ndarray:
    """Positions of a radial tree drawing of a breadth-first tree from the hub (node 0 is
    not special: the best-connected node is the root). Wedges follow subtree sizes."""
    root = max(range(n), key=lambda i: (len(adjacency[i]), -i))
    parent = [-1] * n
    depth = [0] * n
    order = [root]
    seen = [False] * n
    seen[root] = True
    for node in order:  # grows while iterating: breadth-first
        for nxt in adjacency[node]:
            if not seen[nxt]:
                seen[nxt] = True
                parent[nxt], depth[nxt] = node, depth[node] + 1
                order.append(nxt)
    children: list[list[int]] = [[] for _ in range(n)]
    for node in order[1:]:
        children[parent[node]].append(node)
    size = [1] * n
    for node in reversed(order[1:]):
        size[parent[node]] += size[node]
    per_depth = np.bincount(depth)
    radius = np.zeros(len(per_depth))
    for d in range(1, len(per_depth)):
        radius[d] = max(radius[d - 1] + 1.0, per_depth[d] / (2 * math.pi))
    pos = np.zeros((n, 2))
    wedge = {root: (0.0, 2 * math.pi)}
    for node in order:
        lo, hi = wedge[node]
        angle = (lo + hi) / 2
        pos[node] = radius[depth[node]] * np.array([math.cos(angle), math.sin(angle)])
        total = sum(size[c] for c in children[node])
        start = lo
        for child in children[node]:
            span = (hi - lo) * size[child] / total
            wedge[child] = (start, start + span)
            start += span
    return pos


def _force_layout(n: int, edges: np.ndarray, adjacency: list[list[int]]) -> np.ndarray:
    """Fruchterman-Reingold in numpy from a radial start; repulsion between all pairs up
    to 400 nodes, else within a radius found with a k-d tree (the grid variant)."""
    from scipy.spatial import cKDTree

    pos = _radial_start(n, adjacency)
    pos = pos + np.random.default_rng(7).normal(0.0, 0.05, pos.shape)
    iterations = 80 if n <= 1000 else 60
    temperature = max(1.0, math.sqrt(n) * 0.3)
    cutoff = 3.0
    u, v = edges[:, 0], edges[:, 1]
    for step in range(iterations):
        if n <= 400:
            i, j = np.triu_indices(n, 1)
        else:
            pairs = cKDTree(pos).query_pairs(cutoff, output_type="ndarray")
            i, j = pairs[:, 0], pairs[:, 1]
        delta = pos[i] - pos[j]
        dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
        push = delta / dist2[:, None]  # k² / d along the unit vector, k = 1
        disp = np.zeros_like(pos)
        for axis in (0, 1):
            disp[:, axis] += np.bincount(i, push[:, axis], n) - np.bincount(j, push[:, axis], n)
        delta = pos[u] - pos[v]
        dist = np.sqrt((delta**2).sum(axis=1))
        pull = delta * dist[:, None]  # d² / k along the unit vector
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(u, pull[:, axis], n) - np.bincount(v, pull[:, axis], n)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        limit = temperature * (1 - step / iterations) + 0.01
        pos += disp * (np.minimum(length, limit) / length)[:, None]
    return pos


def _component_layout(nodes: list[int], edges: list[tuple[int, int]]) -> np.ndarray:
    """Positions of one connected part, scaled so that the median edge has length 1."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    local = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(local[a], local[b]) for a, b in edges], dtype=int)
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs:
        adjacency[a].append(b)
        adjacency[b].append(a)
    for row in adjacency:
        row.sort()
    hub = max(range(n), key=lambda i: (len(adjacency[i]), -i))
    if len(adjacency[hub]) == n - 1 and len(edges) == n - 1:  # a star: hub in the middle
        pos = np.zeros((n, 2))
        leaves = [i for i in range(n) if i != hub]
        radius = max(1.0, len(leaves) / (2 * math.pi) * 0.9)
        for k, leaf in enumerate(leaves):
            angle = 2 * math.pi * k / len(leaves)
            pos[leaf] = (radius * math.cos(angle), radius * math.sin(angle))
        return pos
    if n <= 500:  # networkx's dense Fruchterman-Reingold: fast and sound at this size
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(map(tuple, pairs.tolist()))
        start = _radial_start(n, adjacency)
        start /= max(float(np.abs(start).max()), 1e-9)  # the unit box networkx expects
        placed = nx.spring_layout(
            graph, pos={i: tuple(p) for i, p in enumerate(start)}, iterations=100, seed=7
        )
        pos = np.array([placed[i] for i in range(n)])
    else:
        pos = _force_layout(n, pairs, adjacency)
    lengths = np.sqrt(((pos[pairs[:, 0]] - pos[pairs[:, 1]]) ** 2).sum(axis=1))
    median = float(np.median(lengths)) if len(lengths) else 1.0
    return (pos - pos.mean(axis=0)) / (median if median > 1e-9 else 1.0)


def layout(
    n: int, edges: Sequence[tuple[int, int]], edge_length: float = EDGE_LENGTH
) -> np.ndarray:
    """Positions (n × 2, vis.js pixels) of nodes ``0..n-1``: each connected part laid out
    on its own, the parts packed in rows, largest first, single nodes in a grid last."""
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    parts = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    pieces: list[tuple[list[int], np.ndarray]] = []
    singles: list[int] = []
    for part in parts:
        if len(part) == 1:
            singles.append(part[0])
            continue
        sub_edges = sorted({(min(a, b), max(a, b)) for a, b in graph.subgraph(part).edges()})
        pieces.append((part, _component_layout(part, sub_edges) * edge_length))
    if singles:
        columns = max(1, math.ceil(math.sqrt(len(singles) * 2)))
        step = edge_length * 0.8
        grid = np.array([(k % columns * step, k // columns * step) for k in range(len(singles))])
        pieces.append((singles, grid - grid.mean(axis=0)))
    out = np.zeros((n, 2))
    margin = edge_length * 0.8
    boxes = []
    for nodes, pos in pieces:
        low, high = pos.min(axis=0), pos.max(axis=0)
        boxes.append((nodes, pos - low, high - low + margin))
    area = sum(float(w * h) for *_, (w, h) in boxes)
    width = max(max((float(size[0]) for *_, size in boxes), default=0.0), math.sqrt(area) * 1.4)
    x = y = row_height = 0.0
    for nodes, pos, (w, h) in boxes:
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out[nodes] = pos + np.array([x, y])
        x += float(w)
        row_height = max(row_height, float(h))
    if n:
        out -= (out.min(axis=0) + out.max(axis=0)) / 2
    return out


# ----------------------------------------------------------------------------- the page


def script_json(data: Any) -> Markup:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&``, U+2028/9 as ``\\uXXXX``."""
    return script_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def script_text(text: str) -> Markup:
    """JSON text made safe inside ``<script>`` (the characters only occur in its strings)."""
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def _pyvis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates"


def _environment() -> Environment:
    """Our template first; pyvis's template folder for the vis.js files it inlines."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATE_DIR), FileSystemLoader(_pyvis_dir())]),
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    env.filters["script_text"] = script_text
    return env


def _smoothness(edges: Sequence[ViewEdge]) -> list[dict[str, Any] | bool]:
    """Straight edges, curved ones where several join the same two nodes."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out: list[dict[str, Any] | bool] = []
    for edge in edges:
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        k = seen[pair]
        seen[pair] += 1
        if k == 0:
            out.append(False)
            continue
        clockwise = (k % 2 == 1) == (edge.source == pair[0])
        out.append(
            {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": 0.25 * ((k + 1) // 2),
            }
        )
    return out


def _vis_options(nodes: int, edges: int) -> dict[str, Any]:
    big = nodes > 1500 or edges > 3000
    return {
        "autoResize": True,
        "physics": {"enabled": False, "stabilization": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 15,
                "face": "sans-serif",
                "color": "#222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "smooth": False,
            "width": 1.2,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "font": {
                "size": 10,
                "color": "#555",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
        },
    }


class GraphPage(Network):
    """A pyvis network written with our template (offline, escaped, our legend and panels)."""

    def __init__(self, heading: str) -> None:
        super().__init__(
            height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line"
        )
        self.templateEnv = _environment()
        self.template_dir = str(TEMPLATE_DIR)
        self.path = TEMPLATE

    def fill(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
        """Set the node and edge dicts at once (pyvis's add_node/add_edge check every
        earlier node and edge on each call: quadratic for a 5,000-node page)."""
        self.nodes = nodes
        self.node_ids = [n["id"] for n in nodes]
        self.node_map = {n["id"]: n for n in nodes}
        self.edges = edges

    def page_source(self, extra: dict[str, Any]) -> str:
        """The page: pyvis's generate_html with our template and ``kg`` data for it."""
        self.templateEnv.globals["kg"] = extra
        return with_script_hashes(self.generate_html())


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_HASHES_MARK = "__KG_SCRIPT_HASHES__"


def with_script_hashes(html: str) -> str:
    """Fill the page's Content-Security-Policy with the hashes of its own inline scripts,
    so that no other script (an injected one, an event handler attribute) may run."""
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()
            + "'"
            for m in _INLINE_SCRIPT.finditer(html)
        }
    )
    return html.replace(_HASHES_MARK, " ".join(hashes) or "'none'", 1)


def page_html(
    view: GraphView,
    title: str = "dangjian-kg graph",
    notes: Sequence[str] = (),
    totals: tuple[int, int] | None = None,
) -> str:
    """The HTML page of ``view`` (laid out here), with ``notes`` shown above the graph."""
    keys = sorted(view.nodes, key=lambda k: (list(TYPES).index(view.nodes[k].type), k))
    index = {k: i for i, k in enumerate(keys)}
    pairs = [(index[e.source], index[e.target]) for e in view.edges]
    positions = layout(len(keys), pairs)
    degree = np.zeros(len(keys), dtype=int)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    top = max(1, int(degree.max()) if len(keys) else 1)
    doc_index = {d: i for i, d in enumerate(view.docs)}

    # sentences used by this view only, renumbered
    used: dict[int, int] = {}

    def sent(i: int) -> int:
        if i < 0:
            return -1
        if i not in used:
            used[i] = len(used)
        return used[i]

    vis_nodes: list[dict[str, Any]] = []
    for i, key in enumerate(keys):
        node = view.nodes[key]
        style = TYPES[node.type]
        vis_nodes.append(
            {
                "id": i,
                "label": node.label,
                "shape": style.shape,
                "size": round(9 + 25 * math.sqrt(degree[i] / top), 1),
                "x": round(float(positions[i][0]), 1),
                "y": round(float(positions[i][1]), 1),
                "color": {
                    "background": style.color,
                    "border": "#333333",
                    "highlight": {"background": style.color, "border": "#000000"},
                    "hover": {"background": style.color, "border": "#000000"},
                },
                "t": node.type,
                "names": node.names,
                "iri": node.iri,
                "deg": int(degree[i]),
                "docs": [doc_index[d] for d in node.docs if d in doc_index],
                "gaz": node.from_gazetteer,
                "honors": node.honors,
                "qty": [[m, v, u, sent(s)] for m, v, u, s in node.quantities],
            }
        )
    vis_edges: list[dict[str, Any]] = []
    for i, (edge, smooth) in enumerate(zip(view.edges, _smoothness(view.edges), strict=True)):
        style = edge.style
        item: dict[str, Any] = {
            "id": i,
            "from": index[edge.source],
            "to": index[edge.target],
            "label": edge.label,
            "color": {"color": style.color, "highlight": "#000000", "hover": "#000000"},
            "r": style.key,
            "role": edge.role,
            "ev": [[sent(e.sentence), e.rule, e.snippet] for e in edge.evidence],
            "docs": sorted(doc_index[d] for d in view.edge_docs(edge) if d in doc_index),
        }
        if not style.directed:
            item["arrows"] = {"to": {"enabled": False}}
        if smooth:
            item["smooth"] = smooth
        vis_edges.append(item)
    sentences = [None] * len(used)
    for old, new in used.items():
        text, doc = view.sentences[old]
        sentences[new] = [text, doc_index.get(doc, -1)]
    present_types = {n.type for n in view.nodes.values()}
    present_relations = {e.style.key for e in view.edges}
    extra = {
        "data": {
            "title": title,
            "notes": list(notes),
            "docs": view.docs,
            "sentences": sentences,
            "types": {
                k: {
                    "zh": s.zh,
                    "en": s.en,
                    "color": s.color,
                    "shape": s.shape,
                    "count": sum(1 for n in view.nodes.values() if n.type == k),
                }
                for k, s in TYPES.items()
                if k in present_types
            },
            "relations": {
                s.key: {"zh": s.zh, "en": s.en, "curie": s.curie, "color": s.color}
                for s in RELATIONS.values()
                if s.key in present_relations
            },
            "totals": list(totals) if totals else [len(view.nodes), len(view.edges)],
        },
        "title": title,
    }
    page = GraphPage(title)
    page.fill(vis_nodes, vis_edges)
    page.options = _vis_options(len(vis_nodes), len(vis_edges))
    return page.page_source(extra)


# ----------------------------------------------------------------------------- writing


@dataclass
class Page:
    """A page in memory: its HTML, what it shows (of how much), notes for the reader."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    notes: list[str] = field(default_factory=list)
    capped: bool = False  # the page shows only part of the selection (over the cap)


@dataclass
class RenderResult:
    """What a written page shows: where it is, how many nodes and edges (of how many)."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    notes: list[str] = field(default_factory=list)
    capped: bool = False  # the page shows only part of the selection (over the cap)


def default_output(source: Path) -> Path:
    """``DIR/graph.html`` for a build folder, ``NAME.html`` beside a graph file."""
    return source / "graph.html" if source.is_dir() else source.with_suffix(".html")


def make_page(
    source: Graph | Path | str,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] | None = None,
    doc: str | None = None,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
) -> Page:
    """The page of a graph (rdflib graph, graph file or ``kg build`` folder) in memory,
    e.g. for a notebook (``IPython.display.IFrame`` or an iframe's ``srcdoc``).

    ``types`` keeps those entity types (``"ORG,PROGRAM"`` or a list), ``doc`` what one
    document names and states, ``focus`` the entities up to ``depth`` steps from the one
    so named (label or alternative label); above ``max_nodes`` the largest connected part
    is shown and a note says so. Raises :class:`RenderError` for an unreadable graph or an
    unknown name, type or document.
    """
    graph = source if isinstance(source, Graph) else load_graph(source)
    view = graph_view(graph)
    total = (len(view.nodes), len(view.edges))
    chosen, notes, capped = select(view, parse_types(types), doc, focus, depth, max_nodes)
    if title is None:
        parts = ["dangjian-kg graph"]
        if focus is not None:
            parts.append(f"{focus} ±{depth}")
        if doc is not None:
            parts.append(_doc_name(view, doc))
        title = " · ".join(parts)
    html = page_html(chosen, title, notes, total)
    return Page(html, len(chosen.nodes), len(chosen.edges), *total, notes, capped)


def render(
    source: Graph | Path | str,
    out: Path | str | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] | None = None,
    doc: str | None = None,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
) -> RenderResult:
    """Write the page of a graph (file, ``kg build`` folder or rdflib graph) to ``out``
    (default: ``DIR/graph.html`` for a folder, ``NAME.html`` beside a graph file),
    atomically. The options are those of :func:`make_page`.

    Raises :class:`RenderError` for an unreadable graph, an unknown ``focus`` name, type
    or document; nothing is written then.
    """
    if out is None:
        if isinstance(source, Graph):
            raise RenderError("give an output file for a graph in memory")
        out = default_output(Path(source))
    page = make_page(
        source,
        focus=focus,
        depth=depth,
        types=types,
        doc=doc,
        max_nodes=max_nodes,
        title=title,
    )
    target = Path(out)
    atomic_write_text(target, page.html)
    return RenderResult(
        target,
        page.nodes,
        page.edges,
        page.total_nodes,
        page.total_edges,
        page.notes,
        page.capped,
    )
