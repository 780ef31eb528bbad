"""Reading a graph into the compact tables a page needs, through pyoxigraph.

A page needs little of a graph: its entity nodes (type, names, documents, honours,
quantities), the relation edges between them (predicate, implied or stated, evidence) and
the sentences behind those. :func:`read_view` builds that :class:`~kg.render.view.GraphView`
from the rows of one predicate at a time, keeping only the rows it will use, never an
rdflib graph of everything.

:func:`open_view` takes a ``kg build`` folder or a graph file (read once with
pyoxigraph's streaming parser, :class:`ParsedTriples`: at a million triples 5.8 s and
310 MB, where loading a pyoxigraph store first took 8.8 s and 669 MB in memory or
10.7–18 s on disk, and rdflib 61 s and 1.4 GB), a ``pyoxigraph.Store`` or a
:class:`kg.store.GraphStore` (``quads_for_pattern`` per predicate), or, for compatibility,
an rdflib ``Graph``; every source gives the same page.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

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

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
ORG = "http://www.w3.org/ns/org#"
TYPE = RDF + "type"
HOLDS = ORG + "holds"
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

Row = tuple[str, str, str]  # subject, object (IRI or lexical form), object's language or ""


class Triples(Protocol):
    """What :func:`read_view` asks of a graph: the triples of one predicate."""

    def rows(self, predicate: str) -> Iterable[Row]:
        """Each distinct (subject, object, language) of ``predicate``."""
        ...


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


def _table(
    triples: Triples, predicate: str, keep: Callable[[str], bool] | None = None
) -> dict[str, list[str]]:
    """Subject → objects of ``predicate``, for the subjects ``keep`` accepts."""
    out: dict[str, list[str]] = defaultdict(list)
    for s, o, _ in triples.rows(predicate):
        if keep is None or keep(s):
            out[sys.intern(s)].append(o)
    return out


def _least(values: list[str] | None) -> str | None:
    """The least of several values (the graph's order varies), or None."""
    return min(values) if values else None


def read_view(triples: Triples) -> GraphView:
    """The entity nodes, relation edges and their evidence of a dj graph."""
    classes = {str(style.cls): key for key, style in TYPES.items()}
    order = {key: i for i, key in enumerate(TYPES)}
    wanted = {str(DJ.Document), str(DJ.Source), str(DJ.Assertion), str(DJ.ImplicitAssertion)}
    entity_type: dict[str, str] = {}
    typed: dict[str, set[str]] = {c: set() for c in wanted}
    for s, o, _ in triples.rows(TYPE):
        if o in classes:
            key = classes[o]
            if s not in entity_type or order[key] < order[entity_type[s]]:
                entity_type[sys.intern(s)] = key
        elif o in wanted:
            typed[o].add(sys.intern(s))
    sources, assertions = typed[str(DJ.Source)], typed[str(DJ.Assertion)]
    implicit = typed[str(DJ.ImplicitAssertion)]

    # names: entity labels and alternative labels, the labels of sources and roles
    holds = _table(triples, HOLDS, entity_type.__contains__)
    posts = {p for values in holds.values() for p in values}
    post_in = _table(triples, ORG + "postIn", posts.__contains__)
    post_role = _table(triples, ORG + "role", posts.__contains__)
    roles = {r for values in post_role.values() for r in values}
    labels: dict[str, list[str]] = defaultdict(list)
    source_zh: dict[str, list[str]] = defaultdict(list)
    for s, o, lang in triples.rows(RDFS_LABEL):
        if s in entity_type or s in roles or s in sources:
            labels[s].append(o)
        if lang == "zh" and s in sources:
            source_zh[s].append(o)
    alt_labels = _table(triples, SKOS_ALT, entity_type.__contains__)

    nodes: dict[str, ViewNode] = {}
    for iri in sorted(entity_type):
        names = sorted(labels.get(iri, []))
        alts = sorted(set(alt_labels.get(iri, [])))
        label = names[0] if names else iri.rsplit("/", 1)[-1]
        alt = [a for a in alts if a != label] + [x for x in names[1:] if x not in alts]
        nodes[iri] = ViewNode(iri, entity_type[iri], label, alt)
    source_labels = {
        src: sorted(source_zh.get(src) or labels.get(src) or [src])[0] for src in sources
    }

    # documents and the sentences that are part of them
    documents = typed[str(DJ.Document)]
    identifiers = _table(triples, DCT + "identifier", documents.__contains__)
    doc_names = {d: min(names) for d, names in identifiers.items()}
    sentence_doc: dict[str, str] = {}
    for s, d, _ in triples.rows(DCT + "isPartOf"):
        name = doc_names.get(d, "")
        if s not in sentence_doc or (name and name < sentence_doc[s]) or not sentence_doc[s]:
            sentence_doc[sys.intern(s)] = name
    node_docs: dict[str, set[str]] = defaultdict(set)
    for s, sentence, _ in triples.rows(str(DJ.mentionedIn)):
        if s in nodes:
            node_docs[s].add(sentence_doc.get(sentence, ""))
    honors = _table(triples, str(DJ.awarded), nodes.__contains__)

    # quantities, assertions, and where they (and gazetteer entities) come from
    quantity_of = _table(triples, str(DJ.quantity), nodes.__contains__)
    quantities = {q for values in quantity_of.values() for q in values}
    measure = _table(triples, str(DJ.measure), quantities.__contains__)
    amount = _table(triples, RDF + "value", quantities.__contains__)
    unit = _table(triples, str(DJ.unit), quantities.__contains__)
    relation_iris = {str(p) for p in RELATIONS}
    part = {
        name: _table(triples, RDF + name, assertions.__contains__)
        for name in ("subject", "predicate", "object")
    }
    rule = _table(triples, str(DJ.rule), assertions.__contains__)
    snippet = _table(triples, str(DJ.evidence), assertions.__contains__)
    derived = _table(
        triples, PROV_DERIVED, lambda s: s in nodes or s in assertions or s in quantities
    )
    used_sentences = {
        ref
        for key in (*assertions, *quantities)
        for ref in derived.get(key, ())
        if ref not in source_labels
    }
    text = _table(triples, str(DJ.text), used_sentences.__contains__)

    sentence_index: dict[str, int] = {}
    sentences: list[tuple[str, str]] = []

    def sentence_of(ref: str) -> int:
        if ref not in sentence_index:
            if ref in source_labels:
                sentences.append((source_labels[ref], ""))
            else:
                found = _least(text.get(ref))
                sentences.append((found if found is not None else ref, sentence_doc.get(ref, "")))
            sentence_index[ref] = len(sentences) - 1
        return sentence_index[ref]

    names_of_terms = ontology_labels()
    for iri, node in nodes.items():
        node.docs = sorted(node_docs.get(iri, set()) - {""})
        node.honors = sorted(set(honors.get(iri, [])))
        node.from_gazetteer = any(o in sources for o in derived.get(iri, ()))
        for q in sorted(set(quantity_of.get(iri, []))):
            kind, value = _least(measure.get(q)), _least(amount.get(q))
            if kind is None or value is None:
                continue
            name = names_of_terms.get(kind, ("", ""))[0] or kind.rsplit("#", 1)[-1]
            source = _least(derived.get(q))
            index = sentence_of(source) if source is not None else -1
            node.quantities.append((name, value, _least(unit.get(q)) or "", index))
        node.quantities.sort(key=lambda q: (q[0], q[1], q[2], _sentence_key(sentences, q[3])))

    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    stated: set[tuple[str, str, str]] = set()  # triples with an assertion that is not implicit
    for a in assertions:
        s, p, o = (_least(part[name].get(a)) for name in ("subject", "predicate", "object"))
        if s is None or p is None or o is None or p not in relation_iris:
            continue
        if a not in implicit:
            stated.add((s, p, o))
        found_rule, found_snippet = _least(rule.get(a)) or "", _least(snippet.get(a)) or ""
        for src in sorted(set(derived.get(a, []))):
            evidence[(s, p, o)].append(Evidence(sentence_of(src), found_rule, found_snippet))

    edges: list[ViewEdge] = []
    paired: set[tuple[str, str]] = set()
    for predicate_ref in RELATIONS:
        predicate = str(predicate_ref)
        for head, tail_ref, _ in sorted(triples.rows(predicate)):
            tail, role = tail_ref, ""
            keys = [(head, predicate, tail_ref)]
            found = list(evidence.get(keys[0], []))
            if predicate == HOLDS:
                tail_org = _least(post_in.get(tail_ref))
                if tail_org is None:
                    continue
                tail = tail_org
                role_iri = _least(post_role.get(tail_ref))
                if role_iri is not None:
                    role = _least(labels.get(role_iri)) or ""
            if head not in nodes or tail not in nodes or head == tail:
                continue
            if predicate == PAIRED:
                pair = (min(head, tail), max(head, tail))
                if pair in paired:
                    continue
                paired.add(pair)
                head, tail = pair
                keys = [(head, predicate, tail), (tail, predicate, head)]
                found = evidence.get(keys[0], []) + evidence.get(keys[1], [])
            unique = {(*_sentence_key(sentences, e.sentence), e.rule, e.snippet): e for e in found}
            implied = bool(found) and not any(k in stated for k in keys)
            ordered = [unique[k] for k in sorted(unique)]
            edges.append(ViewEdge(head, tail, predicate_ref, role, ordered, implied))
    edges.sort(key=lambda e: (e.source, str(e.predicate), e.target, e.role))
    return GraphView(nodes, edges, sentences, sorted(set(doc_names.values())))


# ----------------------------------------------------------------------------- sources


def read_predicates() -> frozenset[str]:
    """Every predicate :func:`read_view` asks for."""
    relations = {str(p) for p in RELATIONS}
    dj = {str(DJ[n]) for n in ("mentionedIn", "awarded", "quantity", "measure", "unit", "rule")}
    dj |= {str(DJ.evidence), str(DJ.text)}
    rdf = {RDF + n for n in ("subject", "predicate", "object", "value")}
    other = {TYPE, ORG + "postIn", ORG + "role", RDFS_LABEL, SKOS_ALT, PROV_DERIVED}
    return frozenset(relations | dj | rdf | other | {DCT + "identifier", DCT + "isPartOf"})


class ParsedTriples:
    """A graph file read once with pyoxigraph's streaming parser, keeping only the rows of
    the predicates :func:`read_view` reads (``rdf:type`` only for the classes it knows),
    every string interned: no store and no index of the whole graph is built. Quad files
    (TriG, N-Quads) give each triple once, whatever graphs it is in."""

    def __init__(self, file: Path, rdf_format: ox.RdfFormat, *, quads: bool) -> None:
        wanted = read_predicates()
        classes = {str(s.cls) for s in TYPES.values()}
        classes |= {str(DJ.Document), str(DJ.Source), str(DJ.Assertion)}
        classes.add(str(DJ.ImplicitAssertion))
        tables: dict[str, Any] = {p: set() if quads else [] for p in wanted}
        intern, literal = sys.intern, ox.Literal
        try:
            for quad in ox.parse(path=str(file), format=rdf_format):
                predicate = quad.predicate.value
                if predicate not in wanted:
                    continue
                o = quad.object
                value = o.value
                if predicate == TYPE and value not in classes:
                    continue
                language = (o.language or "") if type(o) is literal else ""
                row = (intern(quad.subject.value), intern(value), language)
                rows = tables[predicate]
                if quads:
                    rows.add(row)
                else:
                    rows.append(row)
        except (SyntaxError, ValueError, OSError) as exc:
            raise RenderError(f"{file}: cannot read the graph: {exc}") from exc
        self.tables: dict[str, list[Row] | set[Row]] = tables

    def rows(self, predicate: str) -> Iterable[Row]:
        return self.tables.get(predicate, ())


@contextmanager
def open_triples(
    source: GraphStore | ox.Store | Graph | Path | str | os.PathLike[str],
) -> Iterator[Triples]:
    """The triples of a graph file or ``kg build`` folder (parsed with pyoxigraph), a
    pyoxigraph store, a :class:`kg.store.GraphStore` or an rdflib graph."""
    from rdflib import Graph

    from kg.store import GraphStore

    if isinstance(source, ox.Store):
        yield OxigraphTriples(source)
        return
    if isinstance(source, GraphStore):
        inner = getattr(source, "_store", None)
        if not isinstance(inner, ox.Store):
            raise RenderError(f"{source!r}: not a pyoxigraph store (use its to_rdflib())")
        yield OxigraphTriples(inner, default_is_union=True)
        return
    if isinstance(source, Graph):
        yield RdflibTriples(source)
        return
    file = graph_file(Path(source))
    rdf_format = FORMATS.get(file.suffix.lower())
    if rdf_format is None:
        raise RenderError(f"{file}: not a graph file (.ttl, .trig, .nt, .nq, .jsonld, .rdf)")
    yield ParsedTriples(file, rdf_format, quads=rdf_format in QUAD_FORMATS)


def open_view(source: GraphStore | ox.Store | Graph | Path | str | os.PathLike[str]) -> GraphView:
    """The :class:`GraphView` of any graph :func:`open_triples` accepts."""
    with open_triples(source) as triples:
        return read_view(triples)
