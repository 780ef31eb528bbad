"""Records → RDF: the dangjian-kg graph, its IRIs and a deterministic Turtle/TriG writer.

The terms are those of ``ontology/dangjian.ttl`` (docs/graph.md has one query per term):

* every entity node (one per real-world entity, see :mod:`kg.identity`) is a
  ``dj:Organization``, ``dj:Person``, ``dj:Program`` or ``dj:Place`` with its canonical
  name as ``rdfs:label`` (``@zh``), every other name as ``skos:altLabel`` and
  ``dj:mentionedIn`` each sentence that names it;
* relations are triples (``dj:manages``, ``org:subOrganizationOf``, ``dj:locatedIn``,
  ``dj:implements``, ``dj:partOfProgram``, ``dj:established``, ``dj:pairedWith`` both
  ways, ``dj:awarded`` a literal) and posts the W3C ORG way (``org:holds`` an
  ``org:Post`` with ``org:postIn`` and ``org:role``);
* each (triple, sentence) has one ``dj:Assertion`` (``rdf:subject``, ``rdf:predicate``,
  ``rdf:object``, ``prov:wasDerivedFrom`` the sentence, ``dj:rule``). Every relation read
  is asserted as a triple; one read from a sentence that does not name both ends (an
  implied actor: the document's or the paragraph's) has its assertion also typed
  ``dj:ImplicitAssertion``, with the rule that inferred it (``implied_actor:…``), so that
  a query can leave out facts no sentence states (docs/sparql.md, "Implied facts");
* quantities are ``dj:Quantity`` nodes (``dj:measure``, ``rdf:value``, ``dj:unit``,
  ``prov:wasDerivedFrom`` the sentence);
* documents and sentences: ``dj:Document`` (``dcterms:identifier`` the file name),
  ``dj:Sentence`` (``dj:text``, ``dj:index``, ``dj:start``, ``dj:end``,
  ``dcterms:isPartOf``);
* the place hierarchy of the gazetteer: ``dj:locatedIn`` between divisions, asserted by
  the ``dj:Source`` of the division code table (``dj:rule "gazetteer"``).

IRIs are derived from content, never random: ``id/org/<name>`` (percent-encoded),
``id/doc/<file name>``, ``<doc>/sentence/<index>``, ``<org>/post/<role>``,
``id/role/<role>``; quantities and assertions are named by a hash of what they state.

Output is byte-identical for the same graph: :func:`to_turtle` and :func:`to_trig` sort
subjects, predicates and objects themselves instead of relying on a serializer's order.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace
from rdflib.term import Node as RdfNode

from kg.identity import Node, Resolution
from kg.records import DocumentRecord, Relation, Sentence

DJ = Namespace("https://w3id.org/dangjian-kg/ontology#")
ID = "https://w3id.org/dangjian-kg/id/"

TYPE_SEGMENT: dict[str, str] = {
    "ORG": "org",
    "PERSON": "person",
    "PROGRAM": "program",
    "PLACE": "place",
}
TYPE_CLASS: dict[str, URIRef] = {
    "ORG": DJ.Organization,
    "PERSON": DJ.Person,
    "PROGRAM": DJ.Program,
    "PLACE": DJ.Place,
}


@dataclass(frozen=True)
class RelationSpec:
    """How one relation of the records becomes a predicate, and the types of its ends."""

    predicate: URIRef
    head_types: tuple[str, ...]
    tail_types: tuple[str, ...]


RELATIONS: dict[str, RelationSpec] = {
    "manages": RelationSpec(DJ.manages, ("ORG",), ("ORG",)),
    "sub_organization_of": RelationSpec(ORG.subOrganizationOf, ("ORG",), ("ORG",)),
    "located_in": RelationSpec(DJ.locatedIn, ("ORG", "PLACE"), ("PLACE",)),
    "holds_post": RelationSpec(ORG.holds, ("PERSON",), ("ORG",)),
    "implements": RelationSpec(DJ.implements, ("ORG", "PLACE"), ("PROGRAM",)),
    "part_of_program": RelationSpec(DJ.partOfProgram, ("PROGRAM",), ("PROGRAM",)),
    "established": RelationSpec(DJ.established, ("ORG", "PLACE"), ("ORG",)),
    "paired_with": RelationSpec(DJ.pairedWith, ("ORG",), ("ORG",)),
    "awarded": RelationSpec(DJ.awarded, ("ORG", "PERSON"), ()),
}
RELATION_PREDICATES: frozenset[URIRef] = frozenset(s.predicate for s in RELATIONS.values())
GAZETTEER_RULE = "gazetteer"
SOURCE_IRI = URIRef(ID + "source/adcodes")
DEFAULT_POST = "职务"  # role of a holds_post relation that names no post

PREFIXES: tuple[tuple[str, str], ...] = (
    ("dj", str(DJ)),
    ("org", str(ORG)),
    ("prov", str(PROV)),
    ("skos", str(SKOS)),
    ("foaf", str(FOAF)),
    ("dcterms", str(DCTERMS)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("owl", str(OWL)),
    ("xsd", str(XSD)),
    ("djorg", ID + "org/"),
    ("djperson", ID + "person/"),
    ("djprogram", ID + "program/"),
    ("djplace", ID + "place/"),
    ("djdoc", ID + "doc/"),
    ("djrole", ID + "role/"),
    ("djq", ID + "quantity/"),
    ("dja", ID + "assertion/"),
    ("djsrc", ID + "source/"),
)

# Quotation and book-title marks the records drop from names (“两新”工委 → 两新工委).
MARKS = re.compile("[“”‘’\"'「」『』《》〈〉]")


# ----------------------------------------------------------------------------- IRIs


def encode(text: str) -> str:
    """Percent-encode one IRI path segment (every byte outside A-Z a-z 0-9 - . _)."""
    return quote(text, safe="").replace("~", "%7E")


def entity_iri(node: Node) -> URIRef:
    """``id/<type>/<label>[/<qualifier>]``, e.g. ``id/org/南区联合党委`` percent-encoded."""
    iri = f"{ID}{TYPE_SEGMENT[node.type]}/{encode(node.label)}"
    if node.qualifier:
        iri += "/" + "/".join(encode(part) for part in node.qualifier.split("/"))
    return URIRef(iri)


def doc_iri(doc: str) -> URIRef:
    """``id/doc/<file name>``."""
    return URIRef(f"{ID}doc/{encode(doc)}")


def sentence_iri(doc: str, index: int) -> URIRef:
    """``id/doc/<file name>/sentence/<index>``."""
    return URIRef(f"{ID}doc/{encode(doc)}/sentence/{index}")


def role_iri(role: str) -> URIRef:
    """``id/role/<role>``, e.g. the role 书记."""
    return URIRef(f"{ID}role/{encode(role)}")


def post_iri(org: URIRef, role: str) -> URIRef:
    """``<org IRI>/post/<role>``: the post of that role in that organization."""
    return URIRef(f"{org}/post/{encode(role)}")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def assertion_iri(s: URIRef, p: URIRef, o: RdfNode, source: URIRef) -> URIRef:
    """``id/assertion/<hash of subject, predicate, object and source>``."""
    return URIRef(f"{ID}assertion/{_digest(str(s), str(p), o.n3(), str(source))}")


def quantity_iri(doc: str, index: int, subject: str, measure: str, value: str) -> URIRef:
    """``id/quantity/<hash of document, sentence, subject, measure and value>``."""
    return URIRef(f"{ID}quantity/{_digest(doc, str(index), subject, measure, value)}")


# ----------------------------------------------------------------------------- building

Quad = tuple[URIRef, URIRef, RdfNode, URIRef | None]


@dataclass(frozen=True)
class DocumentInput:
    """One document's record and all its sentences (to place entity mentions)."""

    record: DocumentRecord
    sentences: Sequence[Sentence]


@dataclass
class KnowledgeGraph:
    """The graph as quads (``None`` is the default graph), plus what was left out."""

    quads: set[Quad] = field(default_factory=set)
    dropped: list[dict[str, str]] = field(default_factory=list)

    def add(self, s: URIRef, p: URIRef, o: RdfNode, g: URIRef | None = None) -> None:
        self.quads.add((s, p, o, g))

    def triples(self) -> set[tuple[URIRef, URIRef, RdfNode]]:
        """The union of all graphs."""
        return {(s, p, o) for s, p, o, _ in self.quads}

    def to_rdflib(self) -> Graph:
        """The union graph as an rdflib :class:`~rdflib.Graph` (with the prefixes)."""
        graph = Graph()
        for prefix, namespace in PREFIXES:
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in self.triples():
            graph.add(triple)
        return graph

    def to_dataset(self) -> Dataset:
        """The graph with one named graph per document, as an rdflib :class:`Dataset`."""
        dataset = Dataset()
        for s, p, o, g in self.quads:
            target = dataset.graph(g) if g is not None else dataset.default_graph
            target.add((s, p, o))
        return dataset

    def stats(self) -> dict[str, object]:
        """Counts for the build report."""
        triples = self.triples()
        types: Counter[str] = Counter()
        predicates: Counter[str] = Counter()
        for _s, p, o in triples:
            if p == RDF.type:
                types[_short(o)] += 1
            if p in RELATION_PREDICATES:
                predicates[_short(p)] += 1
        return {
            "triples": len(triples),
            "quads": len(self.quads),
            "named_graphs": len({g for *_, g in self.quads if g is not None}),
            "instances": dict(sorted(types.items())),
            "relation_triples": dict(sorted(predicates.items())),
        }


def _short(term: RdfNode) -> str:
    text = str(term)
    for prefix, namespace in PREFIXES:
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _names_in(text: str, names: Iterable[str]) -> bool:
    return any(name and name in text for name in names)


class _Builder:
    def __init__(self, resolution: Resolution, source_label: str) -> None:
        self.resolution = resolution
        self.source_label = source_label
        self.kg = KnowledgeGraph()
        self.iris: dict[int, URIRef] = {}
        self.assertions: dict[URIRef, bool] = {}  # assertion → explicit

    def iri(self, node: Node) -> URIRef:
        key = id(node)
        if key not in self.iris:
            self.iris[key] = entity_iri(node)
        return self.iris[key]

    def build(self, docs: Sequence[DocumentInput]) -> KnowledgeGraph:
        for node in self.resolution.nodes:
            self._entity(node)
        self._gazetteer_links()
        for doc in docs:
            self._document(doc)
        return self.kg

    # -- entities and the place hierarchy

    def _entity(self, node: Node) -> None:
        add, s = self.kg.add, self.iri(node)
        add(s, RDF.type, TYPE_CLASS[node.type])
        add(s, RDFS.label, Literal(node.label, lang="zh"))
        for name in node.alt_labels:
            add(s, SKOS.altLabel, Literal(name, lang="zh"))
        if node.division is not None:
            add(s, DJ.adcode, Literal(node.division.code))
        if node.from_gazetteer_only:
            add(s, PROV.wasDerivedFrom, SOURCE_IRI)

    def _gazetteer_links(self) -> None:
        linked = False
        for node in self.resolution.nodes:
            parent = self.resolution.parent_of(node)
            if parent is None or parent is node:
                continue
            s, o = self.iri(node), self.iri(parent)
            self.kg.add(s, DJ.locatedIn, o)
            self._assertion(s, DJ.locatedIn, o, SOURCE_IRI, GAZETTEER_RULE, None, True, None)
            linked = True
        if linked or any(n.from_gazetteer_only for n in self.resolution.nodes):
            add = self.kg.add
            add(SOURCE_IRI, RDF.type, DJ.Source)
            add(SOURCE_IRI, RDFS.label, Literal("行政区划代码表", lang="zh"))
            add(SOURCE_IRI, RDFS.label, Literal(self.source_label, lang="en"))

    # -- documents

    def _document(self, doc: DocumentInput) -> None:
        record = doc.record
        name = record.doc
        g = doc_iri(name)
        add = self.kg.add
        add(g, RDF.type, DJ.Document, g)
        add(g, DCTERMS.identifier, Literal(name), g)
        starts = [s.start for s in doc.sentences]
        used: dict[int, Sentence] = {}

        def sentence(sent: Sentence) -> URIRef:
            used.setdefault(sent.index, sent)
            return sentence_iri(name, sent.index)

        for entity in record.entities:
            node = self.resolution.node_of(name, entity.type, entity.text)
            if node is None:
                continue
            s = self.iri(node)
            for mention in entity.mentions:
                at = bisect.bisect_right(starts, mention.start) - 1
                if at >= 0:
                    add(s, DJ.mentionedIn, sentence(doc.sentences[at]), g)
        for rel in record.relations:
            self._relation(name, g, rel, sentence)
        for qty in record.quantities:
            subject = self.resolution.find(name, qty.subject, ("ORG", "PLACE", "PERSON"))
            if subject is None:
                self._drop(name, qty.subject, "quantity", qty.measure, "subject is not an entity")
                continue
            value = qty.value
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            literal = (
                Literal(value, datatype=XSD.integer)
                if isinstance(value, int)
                else Literal(Decimal(repr(value)), datatype=XSD.decimal)
            )
            q = quantity_iri(name, qty.sentence.index, qty.subject, qty.measure, str(literal))
            add(self.iri(subject), DJ.quantity, q, g)
            add(q, RDF.type, DJ.Quantity, g)
            add(q, DJ.measure, DJ[qty.measure], g)
            add(q, RDF.value, literal, g)
            add(q, DJ.unit, Literal(qty.unit), g)
            add(q, PROV.wasDerivedFrom, sentence(qty.sentence), g)
            if qty.rule:
                add(q, DJ.rule, Literal(qty.rule), g)
            if qty.evidence:
                add(q, DJ.evidence, Literal(qty.evidence), g)
        for index, sent in sorted(used.items()):
            s = sentence_iri(name, index)
            add(s, RDF.type, DJ.Sentence, g)
            add(s, DJ.text, Literal(sent.text), g)
            add(s, DJ["index"], Literal(index, datatype=XSD.integer), g)
            add(s, DJ.start, Literal(sent.start, datatype=XSD.integer), g)
            add(s, DJ.end, Literal(sent.end, datatype=XSD.integer), g)
            add(s, DCTERMS.isPartOf, g, g)

    def _drop(self, doc: str, head: str, relation: str, tail: str, reason: str) -> None:
        self.kg.dropped.append(
            {"doc": doc, "head": head, "relation": relation, "tail": tail, "reason": reason}
        )

    def _relation(
        self, doc: str, g: URIRef, rel: Relation, sentence: Callable[[Sentence], URIRef]
    ) -> None:
        spec = RELATIONS.get(rel.relation)
        if spec is None:
            self._drop(doc, rel.head, rel.relation, rel.tail, "unknown relation")
            return
        head = self.resolution.find(doc, rel.head, spec.head_types)
        if head is None or head.type not in spec.head_types:
            why = "head is not an entity" if head is None else f"head is a {head.type}"
            self._drop(doc, rel.head, rel.relation, rel.tail, why)
            return
        text = MARKS.sub("", rel.sentence.text)
        s = self.iri(head)
        source = sentence(rel.sentence)
        objects: list[tuple[URIRef, RdfNode, bool]] = []
        if rel.relation == "awarded":
            honor = MARKS.sub("", rel.tail).strip()
            explicit = _names_in(text, head.names) and honor in text
            objects.append((s, Literal(honor, lang="zh"), explicit))
        else:
            tail = self.resolution.find(doc, rel.tail, spec.tail_types)
            if tail is None or tail.type not in spec.tail_types:
                why = "tail is not an entity" if tail is None else f"tail is a {tail.type}"
                self._drop(doc, rel.head, rel.relation, rel.tail, why)
                return
            if tail is head:
                self._drop(doc, rel.head, rel.relation, rel.tail, "both ends are one entity")
                return
            o = self.iri(tail)
            explicit = _names_in(text, head.names) and _names_in(text, tail.names)
            if rel.relation == "holds_post":
                role = (rel.post or DEFAULT_POST).strip() or DEFAULT_POST
                post, r = post_iri(o, role), role_iri(role)
                add = self.kg.add
                add(post, RDF.type, ORG.Post)
                add(post, ORG.postIn, o)
                add(post, ORG.role, r)
                add(post, RDFS.label, Literal(f"{tail.label}{role}", lang="zh"))
                add(r, RDF.type, ORG.Role)
                add(r, RDFS.label, Literal(role, lang="zh"))
                objects.append((s, post, explicit))
            else:
                objects.append((s, o, explicit))
                if rel.relation == "paired_with":
                    objects.append((o, s, explicit))
        for subj, obj, is_explicit in objects:
            self.kg.add(subj, spec.predicate, obj, g)
            self._assertion(
                subj, spec.predicate, obj, source, rel.rule, rel.evidence, is_explicit, g
            )

    def _assertion(
        self,
        s: URIRef,
        p: URIRef,
        o: RdfNode,
        source: URIRef,
        rule: str,
        evidence: str | None,
        explicit: bool,
        g: URIRef | None,
    ) -> None:
        a = assertion_iri(s, p, o, source)
        add = self.kg.add
        add(a, RDF.type, DJ.Assertion, g)
        if not explicit:
            add(a, RDF.type, DJ.ImplicitAssertion, g)
        add(a, RDF.subject, s, g)
        add(a, RDF.predicate, p, g)
        add(a, RDF.object, o, g)
        add(a, PROV.wasDerivedFrom, source, g)
        add(a, DJ.rule, Literal(rule or "unknown"), g)
        if evidence:
            add(a, DJ.evidence, Literal(evidence), g)


def build_graph(
    docs: Sequence[DocumentInput],
    resolution: Resolution,
    source_label: str = "table of administrative division codes",
) -> KnowledgeGraph:
    """The graph of the documents, on the nodes of ``resolution``."""
    return _Builder(resolution, source_label).build(docs)


# ----------------------------------------------------------------------------- writing

_PN_LOCAL = re.compile(
    r"^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-]|%[0-9A-Fa-f]{2}|\.(?=[A-Za-z0-9_\-%]))*$"
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BARE_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_BARE_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")


@lru_cache(maxsize=1 << 16)
def _iri_text(iri: str) -> str:
    best: tuple[str, str] | None = None
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
            best = (prefix, namespace)
    if best is not None:
        local = iri[len(best[1]) :]
        if local == "" or _PN_LOCAL.match(local):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def _quote(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def term_text(term: RdfNode) -> str:
    """One term in Turtle: a prefixed name or ``<IRI>``, or a literal."""
    if isinstance(term, URIRef):
        return _iri_text(str(term))
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return f"{_quote(lexical)}@{term.language}"
        datatype = term.datatype
        if datatype is None or datatype == XSD.string:
            return _quote(lexical)
        if datatype == XSD.integer and _BARE_INTEGER.match(lexical):
            return lexical
        if datatype == XSD.decimal and _BARE_DECIMAL.match(lexical):
            return lexical
        return f"{_quote(lexical)}^^{_iri_text(str(datatype))}"
    raise TypeError(f"blank nodes are not written: {term!r}")


def _order(term: RdfNode) -> tuple[int, str, str]:
    if isinstance(term, URIRef):
        return (0, str(term), "")
    assert isinstance(term, Literal)
    return (1, str(term), f"{term.language or ''}|{term.datatype or ''}")


def _block(triples: Iterable[tuple[URIRef, URIRef, RdfNode]], indent: str) -> list[str]:
    by_subject: dict[URIRef, dict[URIRef, list[RdfNode]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    lines: list[str] = []
    for s in sorted(by_subject, key=str):
        predicates = by_subject[s]
        ordered = sorted(predicates, key=lambda p: (p != RDF.type, str(p)))
        lines.append(indent + term_text(s))
        for i, p in enumerate(ordered):
            verb = "a" if p == RDF.type else term_text(p)
            objects = sorted(set(predicates[p]), key=_order)
            text = (",\n" + indent + "        ").join(term_text(o) for o in objects)
            end = " ." if i == len(ordered) - 1 else " ;"
            lines.append(f"{indent}    {verb} {text}{end}")
        lines.append("")
    return lines


def _prefix_lines() -> list[str]:
    return [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES] + [""]


def to_turtle(kg: KnowledgeGraph) -> str:
    """The union graph as Turtle, subjects, predicates and objects sorted."""
    lines = _prefix_lines() + _block(kg.triples(), "")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_trig(kg: KnowledgeGraph) -> str:
    """TriG: the default graph (entities, posts, the place hierarchy) then one named graph
    per document (its sentences, mentions, relations, assertions and quantities)."""
    by_graph: dict[URIRef | None, list[tuple[URIRef, URIRef, RdfNode]]] = defaultdict(list)
    for s, p, o, g in kg.quads:
        by_graph[g].append((s, p, o))
    lines = _prefix_lines()
    lines += _block(by_graph.pop(None, []), "")
    for g in sorted(by_graph, key=str):
        lines.append(f"{term_text(g)} {{")
        body = _block(by_graph[g], "    ")
        if body and body[-1] == "":
            body.pop()
        lines += body
        lines.append("}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
