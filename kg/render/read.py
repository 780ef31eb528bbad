"""Reading a graph into the view a page shows, through pyoxigraph, in two steps.

A page needs little of a graph: its entity nodes (type, names, documents, honours,
quantities), the relation edges between them (predicate, implied or stated, evidence) and
the sentences behind those. The triples are read once into integer tables
(:class:`~kg.render.tables.GraphTables`: a graph file with pyoxigraph's streaming parser,
a ``pyoxigraph.Store`` or :class:`kg.store.GraphStore` with ``quads_for_pattern`` per
predicate, or, for compatibility, an rdflib ``Graph``; every source gives the same page).

:class:`ViewReader` then makes the *outline* of the view: every node with its type and
names, every edge with its predicate and role, all a selection (types, focus, the cap)
needs. :meth:`ViewReader.fill` adds the rest, documents, honours, quantities, evidence and
its sentences, for the nodes and edges a page shows only: past the cap of 5,000 nodes
that is a small part of a large graph, and its sentence texts are all that is read.
:func:`read_view` and :func:`open_view` give the whole view at once.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyoxigraph as ox

from kg.render.tables import (
    DCT,
    HOLDS,
    ORG,
    PROV_DERIVED,
    RDF,
    RDFS_LABEL,
    SKOS_ALT,
    TYPE,
    Column,
    GraphTables,
    Row,
    Triples,
    read_predicates,
)
from kg.render.view import (
    DJ,
    RELATIONS,
    TYPES,
    Evidence,
    GraphView,
    RenderError,
    ViewEdge,
    ViewNode,
    _sentence_key,
    graph_file,
    ontology_labels,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.store import GraphStore

__all__ = [
    "FORMATS",
    "GraphTables",
    "OxigraphTriples",
    "RdflibTriples",
    "Row",
    "Triples",
    "ViewReader",
    "open_reader",
    "open_view",
    "read_predicates",
    "read_tables",
    "read_view",
]

PAIRED = str(DJ.pairedWith)
#: Graph files by extension, as pyoxigraph parses them.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
QUAD_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)


def _text(term: Any) -> str:
    return term.value if hasattr(term, "value") else str(term)  # type: ignore[no-any-return]


class OxigraphTriples:
    """A pyoxigraph store: the default graph when it is the union (as :mod:`kg.store`
    loads quad files), else every graph, each triple once."""

    def __init__(self, store: ox.Store, *, default_is_union: bool = False) -> None:
        self.store = store
        self.graph: ox.DefaultGraph | None = ox.DefaultGraph() if default_is_union else None
        self.dedupe = not default_is_union and next(iter(store.named_graphs()), None) is not None

    def rows(self, predicate: str) -> Iterator[Row]:
        quads = self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, self.graph)
        seen: set[Row] = set()
        for quad in quads:
            o = quad.object
            row = (_text(quad.subject), _text(o), getattr(o, "language", None) or "")
            if self.dedupe:
                if row in seen:
                    continue
                seen.add(row)
            yield row


class RdflibTriples:
    """An rdflib graph (for callers that hold one; :func:`open_view` never makes one)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def rows(self, predicate: str) -> Iterator[Row]:
        from rdflib import URIRef

        for s, o in self.graph.subject_objects(URIRef(predicate)):
            yield str(s), str(o), getattr(o, "language", None) or ""


# ----------------------------------------------------------------------------- the view


def _grouped(column: Column, terms: list[str]) -> dict[int, list[str]]:
    """Subject number → object texts."""
    out: dict[int, list[str]] = defaultdict(list)
    for s, o in zip(column.subject.tolist(), column.object.tolist(), strict=True):
        out[s].append(terms[o])
    return out


def _grouped_ids(column: Column) -> dict[int, list[int]]:
    """Subject number → object numbers."""
    out: dict[int, list[int]] = defaultdict(list)
    for s, o in zip(column.subject.tolist(), column.object.tolist(), strict=True):
        out[s].append(o)
    return out


def _least(values: list[str] | None) -> str | None:
    """The least of several values (the graph's order varies), or None."""
    return min(values) if values else None


class ViewReader:
    """The view of a dj graph's tables: :attr:`view` is its outline (nodes, names, edges),
    :meth:`fill` adds documents, honours, quantities and evidence to the part shown."""

    def __init__(self, tables: GraphTables) -> None:
        self.tables = tables
        terms, column = tables.terms, tables.column(TYPE)
        keys = list(TYPES)
        rank = np.full(len(terms), len(keys), dtype=np.int8)
        for i, style in enumerate(TYPES.values()):
            if (number := tables.id(str(style.cls))) >= 0:
                rank[number] = i
        found = rank[column.object]
        is_entity = found < len(keys)
        best = np.full(len(terms), len(keys), dtype=np.int8)
        np.minimum.at(best, column.subject[is_entity], found[is_entity])
        self.entity = best < len(keys)

        def typed(cls: Any) -> np.ndarray:
            number = tables.id(str(cls))
            return tables.mask(column.subject[column.object == number] if number >= 0 else ())

        self.documents, self.sources = typed(DJ.Document), typed(DJ.Source)
        self.assertions, self.implicit = typed(DJ.Assertion), typed(DJ.ImplicitAssertion)

        # names: entity labels and alternative labels, the labels of sources and roles
        holds = tables.column(HOLDS).where(self.entity)
        self.posts = posts = tables.mask(holds.object)
        self.post_in = _grouped(tables.column(ORG + "postIn").where(posts), terms)
        roles = tables.column(ORG + "role").where(posts)
        self.post_role = _grouped(roles, terms)
        labelled = self.entity | tables.mask(roles.object) | self.sources
        named = tables.column(RDFS_LABEL).where(labelled)
        self.labels = _grouped(named, terms)
        zh = self.sources[named.subject] & (named.language == tables.id("zh"))
        source_zh = _grouped(named.take(zh), terms)
        alt_labels = _grouped(tables.column(SKOS_ALT).where(self.entity), terms)
        self.source_labels = {
            src: sorted(source_zh.get(src) or self.labels.get(src) or [terms[src]])[0]
            for src in np.flatnonzero(self.sources).tolist()
        }
        nodes: dict[str, ViewNode] = {}
        for iri, number in sorted((terms[i], i) for i in np.flatnonzero(self.entity).tolist()):
            names = sorted(self.labels.get(number, []))
            alts = sorted(set(alt_labels.get(number, [])))
            label = names[0] if names else iri.rsplit("/", 1)[-1]
            alt = [a for a in alts if a != label] + [x for x in names[1:] if x not in alts]
            nodes[iri] = ViewNode(iri, keys[best[number]], label, alt)
        identifiers = _grouped(tables.column(DCT + "identifier").where(self.documents), terms)
        self.doc_names = {d: min(names) for d, names in identifiers.items()}
        self.sentence_doc: dict[int, str] = {}
        self.view = GraphView(nodes, self._edges(nodes), [], sorted(set(self.doc_names.values())))
        self._sentence_index: dict[int, int] = {}

    def _edges(self, nodes: dict[str, ViewNode]) -> list[ViewEdge]:
        tables, terms = self.tables, self.tables.terms
        edges: list[ViewEdge] = []
        paired: set[tuple[str, str]] = set()
        for predicate_ref in RELATIONS:
            predicate = str(predicate_ref)
            column = tables.column(predicate).where(self.entity)  # others are left out below
            rows = sorted(
                (terms[s], terms[o], terms[lang])
                for s, o, lang in zip(
                    column.subject.tolist(),
                    column.object.tolist(),
                    column.language.tolist(),
                    strict=True,
                )
            )
            for head, tail_ref, _ in rows:
                tail, role = tail_ref, ""
                keys: tuple[tuple[str, str, str], ...] = ((head, predicate, tail_ref),)
                if predicate == HOLDS:
                    tail_org = _least(self.post_in.get(tables.id(tail_ref)))
                    if tail_org is None:
                        continue
                    tail = tail_org
                    role_iri = _least(self.post_role.get(tables.id(tail_ref)))
                    if role_iri is not None:
                        role = _least(self.labels.get(tables.id(role_iri))) or ""
                if head not in nodes or tail not in nodes or head == tail:
                    continue
                if predicate == PAIRED:
                    pair = (min(head, tail), max(head, tail))
                    if pair in paired:
                        continue
                    paired.add(pair)
                    head, tail = pair
                    keys = ((head, predicate, tail), (tail, predicate, head))
                edges.append(ViewEdge(head, tail, predicate_ref, role, keys=keys))
        edges.sort(key=lambda e: (e.source, str(e.predicate), e.target, e.role))
        return edges

    # -- details, for the part of the view a page shows

    def _load_sentence_docs(self, sentences: Iterable[int]) -> None:
        """The document of each sentence (the least name; "" when it has none)."""
        todo = [s for s in set(sentences) if s not in self.sentence_doc]
        if not todo:
            return
        column = self.tables.column(DCT + "isPartOf").where(self.tables.mask(todo))
        found = self.sentence_doc
        for s, d in zip(column.subject.tolist(), column.object.tolist(), strict=True):
            name = self.doc_names.get(d, "")
            if s not in found or (name and name < found[s]) or not found[s]:
                found[s] = name

    def fill(self, view: GraphView) -> None:
        """Documents, honours, quantities and evidence of the nodes and edges of ``view``
        (the outline :attr:`view` or a selection of it), with the sentences they cite."""
        tables, terms = self.tables, self.tables.terms

        def least_ref(refs: list[int] | None) -> int | None:
            return min(refs, key=terms.__getitem__) if refs else None

        kept = tables.mask([tables.id(k) for k in view.nodes])
        mentioned = _grouped_ids(tables.column(str(DJ.mentionedIn)).where(kept))
        honors = _grouped(tables.column(str(DJ.awarded)).where(kept), terms)
        derived_column = tables.column(PROV_DERIVED)
        node_derived = _grouped_ids(derived_column.where(kept))
        quantity_of = _grouped_ids(tables.column(str(DJ.quantity)).where(kept))
        quantities = tables.mask([q for values in quantity_of.values() for q in values])
        measure = _grouped(tables.column(str(DJ.measure)).where(quantities), terms)
        amount = _grouped(tables.column(RDF + "value").where(quantities), terms)
        unit = _grouped(tables.column(str(DJ.unit)).where(quantities), terms)
        quantity_source = _grouped_ids(derived_column.where(quantities))

        # the assertions that may be about an edge shown (from a node shown to a node
        # shown or a post): all their parts, rules, snippets and sources
        subjects, objects = tables.column(RDF + "subject"), tables.column(RDF + "object")
        about = self.assertions[subjects.subject] & kept[subjects.object]
        to = self.assertions[objects.subject] & (kept | self.posts)[objects.object]
        chosen = tables.mask(subjects.subject[about]) & tables.mask(objects.subject[to])
        part = {
            name: _grouped(tables.column(RDF + name).where(chosen), terms)
            for name in ("subject", "predicate", "object")
        }
        rule = _grouped(tables.column(str(DJ.rule)).where(chosen), terms)
        snippet = _grouped(tables.column(str(DJ.evidence)).where(chosen), terms)
        assertion_sources = _grouped_ids(derived_column.where(chosen))

        cited = [r for refs in assertion_sources.values() for r in refs]
        cited += [r for refs in quantity_source.values() if (r := least_ref(refs)) is not None]
        used = [r for r in cited if not self.sources[r]]
        text = _grouped(tables.column(str(DJ.text)).where(tables.mask(used)), terms)
        self._load_sentence_docs(used + [s for refs in mentioned.values() for s in refs])
        sentences = view.sentences

        def sentence_of(ref: int) -> int:
            if ref not in self._sentence_index:
                if self.sources[ref]:
                    sentences.append((self.source_labels[ref], ""))
                else:
                    found = _least(text.get(ref))
                    doc = self.sentence_doc.get(ref, "")
                    sentences.append((found if found is not None else terms[ref], doc))
                self._sentence_index[ref] = len(sentences) - 1
            return self._sentence_index[ref]

        names_of_terms = ontology_labels()
        for iri, node in view.nodes.items():
            number = tables.id(iri)
            docs = {self.sentence_doc.get(s, "") for s in mentioned.get(number, ())}
            node.docs = sorted(docs - {""})
            node.honors = sorted(set(honors.get(number, [])))
            node.from_gazetteer = any(self.sources[o] for o in node_derived.get(number, ()))
            node.quantities = []
            for q in sorted(set(quantity_of.get(number, [])), key=terms.__getitem__):
                kind, value = _least(measure.get(q)), _least(amount.get(q))
                if kind is None or value is None:
                    continue
                name = names_of_terms.get(kind, ("", ""))[0] or kind.rsplit("#", 1)[-1]
                source = least_ref(quantity_source.get(q))
                index = sentence_of(source) if source is not None else -1
                node.quantities.append((name, value, _least(unit.get(q)) or "", index))
            node.quantities.sort(key=lambda q: (q[0], q[1], q[2], _sentence_key(sentences, q[3])))

        relation_iris = {str(p) for p in RELATIONS}
        evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
        stated: set[tuple[str, str, str]] = set()  # triples with an assertion not implicit
        for a in sorted(np.flatnonzero(chosen).tolist(), key=terms.__getitem__):
            s, p, o = (_least(part[name].get(a)) for name in ("subject", "predicate", "object"))
            if s is None or p is None or o is None or p not in relation_iris:
                continue
            if not self.implicit[a]:
                stated.add((s, p, o))
            found_rule, found_snippet = _least(rule.get(a)) or "", _least(snippet.get(a)) or ""
            for src in sorted(set(assertion_sources.get(a, [])), key=terms.__getitem__):
                evidence[(s, p, o)].append(Evidence(sentence_of(src), found_rule, found_snippet))
        for edge in view.edges:
            found_all = [e for key in edge.keys for e in evidence.get(key, [])]
            unique = {
                (*_sentence_key(sentences, e.sentence), e.rule, e.snippet): e for e in found_all
            }
            edge.implied = bool(found_all) and not any(k in stated for k in edge.keys)
            edge.evidence = [unique[k] for k in sorted(unique)]


def read_view(triples: Triples | GraphTables) -> GraphView:
    """The entity nodes, relation edges and their evidence of a dj graph, all of it."""
    tables = triples if isinstance(triples, GraphTables) else GraphTables.from_triples(triples)
    reader = ViewReader(tables)
    reader.fill(reader.view)
    return reader.view


# ----------------------------------------------------------------------------- sources


def read_tables(
    source: GraphTables | GraphStore | ox.Store | Graph | Path | str | os.PathLike[str],
) -> GraphTables:
    """The tables of a graph file or ``kg build`` folder (parsed with pyoxigraph), a
    pyoxigraph store, a :class:`kg.store.GraphStore` or an rdflib graph; finished
    :class:`GraphTables` as they are."""
    from rdflib import Graph

    from kg.store import GraphStore

    if isinstance(source, GraphTables):
        return source
    if isinstance(source, ox.Store):
        return GraphTables.from_triples(OxigraphTriples(source))
    if isinstance(source, GraphStore):
        inner = getattr(source, "_store", None)
        if not isinstance(inner, ox.Store):
            raise RenderError(f"{source!r}: not a pyoxigraph store (use its to_rdflib())")
        return GraphTables.from_triples(OxigraphTriples(inner, default_is_union=True))
    if isinstance(source, Graph):
        return GraphTables.from_triples(RdflibTriples(source))
    file = graph_file(Path(source))
    rdf_format = FORMATS.get(file.suffix.lower())
    if rdf_format is None:
        raise RenderError(f"{file}: not a graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf)")
    return GraphTables.from_file(file, rdf_format, quads=rdf_format in QUAD_FORMATS)


def open_reader(
    source: GraphTables | GraphStore | ox.Store | Graph | Path | str | os.PathLike[str],
) -> ViewReader:
    """The :class:`ViewReader` of any graph :func:`read_tables` accepts."""
    return ViewReader(read_tables(source))


def open_view(source: GraphStore | ox.Store | Graph | Path | str | os.PathLike[str]) -> GraphView:
    """The whole :class:`GraphView` of any graph :func:`read_tables` accepts."""
    return read_view(read_tables(source))
