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

Each triple is made once, as plain strings (:data:`Triple`: no rdflib terms), one document
at a time; :mod:`kg.graph_write` sorts them (on disk past a bound, so memory does not grow
with the corpus) and writes Turtle, TriG and the counts of the build report. Output is
byte-identical for the same graph: subjects, predicates and objects are sorted here,
never left to a serializer's order. :func:`build_graph` keeps a small graph in memory
(:class:`KnowledgeGraph`, for tests and notebooks).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
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
TYPE_CLASS: dict[str, str] = {
    "ORG": str(DJ.Organization),
    "PERSON": str(DJ.Person),
    "PROGRAM": str(DJ.Program),
    "PLACE": str(DJ.Place),
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
QUANTITY_SUBJECT_TYPES = ("ORG", "PLACE", "PERSON")  # the types a quantity's subject is found as

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

# ----------------------------------------------------------------------------- triples

Triple = tuple[str, str, int, str, str]
"""One triple as plain strings, in the order the writers sort by:
``(subject IRI, predicate IRI or "" for rdf:type, kind, value, suffix)``. ``kind`` 0 is an
IRI object (``value`` the IRI, ``suffix`` ""), 1 a literal (``value`` its lexical form,
``suffix`` ``"<language>|<datatype IRI>"``, either part empty). rdf:type as "" and the
kind first make plain tuple order the order of the files: ``a`` first, IRIs before
literals."""

TYPE = ""  # rdf:type, as the predicate of a Triple
RDF_TYPE = str(RDF.type)
XSD_INTEGER = str(XSD.integer)
XSD_DECIMAL = str(XSD.decimal)
ZH = "zh|"
PLAIN = "|"
INTEGER = "|" + XSD_INTEGER
DECIMAL = "|" + XSD_DECIMAL


def _iri(term: str) -> tuple[int, str, str]:
    return (0, term, "")


# Predicates and classes as plain strings (a Triple holds no rdflib terms).
DJ_IRI = str(DJ)
P_LABEL, P_ALT, P_ADCODE = str(RDFS.label), str(SKOS.altLabel), str(DJ.adcode)
P_DERIVED, P_LOCATED = str(PROV.wasDerivedFrom), str(DJ.locatedIn)
P_IDENTIFIER, P_MENTIONED = str(DCTERMS.identifier), str(DJ.mentionedIn)
P_QUANTITY, P_MEASURE, P_VALUE, P_UNIT = (
    str(DJ.quantity), str(DJ.measure), str(RDF.value), str(DJ.unit)
)  # fmt: skip
P_RULE, P_EVIDENCE, P_TEXT = str(DJ.rule), str(DJ.evidence), str(DJ.text)
P_INDEX, P_START, P_END = str(DJ["index"]), str(DJ.start), str(DJ.end)
P_PART_OF, P_POST_IN, P_ROLE = str(DCTERMS.isPartOf), str(ORG.postIn), str(ORG.role)
P_SUBJECT, P_PREDICATE, P_OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
C_DOCUMENT, C_SENTENCE, C_QUANTITY = str(DJ.Document), str(DJ.Sentence), str(DJ.Quantity)
P_SENTENCE_COUNT, P_FACT_COUNT = str(DJ.sentenceCount), str(DJ.factCount)
P_QUANTITY_COUNT, P_ENTITY_COUNT = str(DJ.quantityCount), str(DJ.entityCount)
C_SOURCE, C_POST, C_ROLE = str(DJ.Source), str(ORG.Post), str(ORG.Role)
C_ASSERTION, C_IMPLICIT = str(DJ.Assertion), str(DJ.ImplicitAssertion)
SOURCE = str(SOURCE_IRI)
RELATION_PREDICATE_IRIS: frozenset[str] = frozenset(str(p) for p in RELATION_PREDICATES)


# ----------------------------------------------------------------------------- IRIs


def encode(text: str) -> str:
    """Percent-encode one IRI path segment (every byte outside A-Z a-z 0-9 - . _)."""
    return quote(text, safe="").replace("~", "%7E")


def entity_iri(node: Node) -> str:
    """``id/<type>/<label>[/<qualifier>]``, e.g. ``id/org/南区联合党委`` percent-encoded."""
    iri = f"{ID}{TYPE_SEGMENT[node.type]}/{encode(node.label)}"
    if node.qualifier:
        iri += "/" + "/".join(encode(part) for part in node.qualifier.split("/"))
    return iri


def doc_iri(doc: str) -> str:
    """``id/doc/<file name>``."""
    return f"{ID}doc/{encode(doc)}"


def sentence_iri(doc: str, index: int) -> str:
    """``id/doc/<file name>/sentence/<index>``."""
    return f"{ID}doc/{encode(doc)}/sentence/{index}"


def role_iri(role: str) -> str:
    """``id/role/<role>``, e.g. the role 书记."""
    return f"{ID}role/{encode(role)}"


def post_iri(org: str, role: str) -> str:
    """``<org IRI>/post/<role>``: the post of that role in that organization."""
    return f"{org}/post/{encode(role)}"


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def object_n3(kind: int, value: str, suffix: str) -> str:
    """An object in N-Triples syntax as rdflib's ``n3()`` writes it (assertion IRIs hash it)."""
    if kind == 0:
        return f"<{value}>"
    language, _, datatype = suffix.partition("|")
    return Literal(value, lang=language or None, datatype=datatype or None).n3()


def assertion_iri(s: str, p: str, o: tuple[int, str, str], source: str) -> str:
    """``id/assertion/<hash of subject, predicate, object and source>``."""
    return f"{ID}assertion/{_digest(s, p, object_n3(*o), source)}"


def quantity_iri(doc: str, index: int, subject: str, measure: str, value: str) -> str:
    """``id/quantity/<hash of document, sentence, subject, measure and value>``."""
    return f"{ID}quantity/{_digest(doc, str(index), subject, measure, value)}"


def number_literal(value: float | int) -> tuple[int, str, str]:
    """A quantity's value: ``xsd:integer`` for whole numbers, else ``xsd:decimal``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return (1, str(value), INTEGER)
    return (1, f"{Decimal(repr(value)):f}", DECIMAL)


# ----------------------------------------------------------------------------- building


@dataclass(frozen=True)
class DocumentInput:
    """One document's record and all its sentences (to place entity mentions); ``digest``:
    a hash of the record file's bytes where there is one (it keys the document's cached
    part of the graph files, :mod:`kg.graph_cache`)."""

    record: DocumentRecord
    sentences: Sequence[Sentence]
    digest: str | None = None

    def __post_init__(self) -> None:
        self.record.share_strings()  # a build holds every record until the graph is written


@dataclass
class DocumentTriples:
    """What one document adds: its named graph (named by ``graph``, the document's IRI)
    and the triples it makes in the default graph (posts and roles)."""

    graph: str
    named: list[Triple]
    default: list[Triple]


def _names_in(text: str, names: Iterable[str]) -> bool:
    return any(name and name in text for name in names)


class TripleBuilder:
    """Makes the triples of the graph on the nodes of a resolution: the entities' and the
    place hierarchy's once (:meth:`entity_triples`), then one document at a time
    (:meth:`document_triples`). Relations it leaves out are in :attr:`dropped`."""

    def __init__(
        self,
        resolution: Resolution,
        source_label: str = "table of administrative division codes",
    ) -> None:
        self.resolution = resolution
        self.source_label = source_label
        self.dropped: list[dict[str, str]] = []
        self._iris: dict[Node, str] = {}

    def iri(self, node: Node) -> str:
        iri = self._iris.get(node)
        if iri is None:
            iri = self._iris[node] = entity_iri(node)
        return iri

    # -- entities and the place hierarchy (the default graph)

    def entity_triples(self) -> list[Triple]:
        out: list[Triple] = []
        for node in self.resolution.nodes:
            s = self.iri(node)
            out.append((s, TYPE, 0, TYPE_CLASS[node.type], ""))
            out.append((s, P_LABEL, 1, node.label, ZH))
            out.extend((s, P_ALT, 1, name, ZH) for name in node.alt_labels)
            if node.division is not None:
                out.append((s, P_ADCODE, 1, node.division.code, PLAIN))
            if node.from_gazetteer_only:
                out.append((s, P_DERIVED, 0, SOURCE, ""))
        linked = False
        for node in self.resolution.nodes:
            parent = self.resolution.parent_of(node)
            if parent is None or parent is node:
                continue
            s, o = self.iri(node), self.iri(parent)
            out.append((s, P_LOCATED, 0, o, ""))
            self._assertion(out, s, P_LOCATED, _iri(o), SOURCE, GAZETTEER_RULE, None, True)
            linked = True
        if linked or any(n.from_gazetteer_only for n in self.resolution.nodes):
            out.append((SOURCE, TYPE, 0, C_SOURCE, ""))
            out.append((SOURCE, P_LABEL, 1, "行政区划代码表", ZH))
            out.append((SOURCE, P_LABEL, 1, self.source_label, "en|"))
        return out

    # -- documents

    def document_triples(self, doc: DocumentInput) -> DocumentTriples:
        record = doc.record
        name = record.doc
        g = doc_iri(name)
        sentence_prefix = g + "/sentence/"
        named: list[Triple] = [(g, TYPE, 0, C_DOCUMENT, ""), (g, P_IDENTIFIER, 1, name, PLAIN)]
        default: list[Triple] = []
        starts = [s.start for s in doc.sentences]
        used: dict[int, tuple[Sentence, str]] = {}  # index → first sentence seen, its IRI

        def sentence(sent: Sentence) -> str:
            found = used.get(sent.index)
            if found is None:
                found = used[sent.index] = (sent, sentence_prefix + str(sent.index))
            return found[1]

        for entity in record.entities:
            node = self.resolution.node_of(name, entity.type, entity.text)
            if node is None:
                continue
            s = self.iri(node)
            for mention in entity.mentions:
                at = bisect.bisect_right(starts, mention.start) - 1
                if at >= 0:
                    named.append((s, P_MENTIONED, 0, sentence(doc.sentences[at]), ""))
        for rel in record.relations:
            self._relation(name, rel, sentence, named, default)
        for qty in record.quantities:
            subject = self.resolution.find(name, qty.subject, QUANTITY_SUBJECT_TYPES)
            if subject is None:
                self._drop(name, qty.subject, "quantity", qty.measure, "subject is not an entity")
                continue
            value = number_literal(qty.value)
            q = quantity_iri(name, qty.sentence.index, qty.subject, qty.measure, value[1])
            named += [
                (self.iri(subject), P_QUANTITY, 0, q, ""),
                (q, TYPE, 0, C_QUANTITY, ""),
                (q, P_MEASURE, 0, DJ_IRI + qty.measure, ""),
                (q, P_VALUE, *value),
                (q, P_UNIT, 1, qty.unit, PLAIN),
                (q, P_DERIVED, 0, sentence(qty.sentence), ""),
            ]
            if qty.rule:
                named.append((q, P_RULE, 1, qty.rule, PLAIN))
            if qty.evidence:
                named.append((q, P_EVIDENCE, 1, qty.evidence, PLAIN))
        for index, (sent, s) in used.items():
            named += [
                (s, TYPE, 0, C_SENTENCE, ""),
                (s, P_TEXT, 1, sent.text, PLAIN),
                (s, P_INDEX, 1, str(index), INTEGER),
                (s, P_START, 1, str(sent.start), INTEGER),
                (s, P_END, 1, str(sent.end), INTEGER),
                (s, P_PART_OF, 0, g, ""),
            ]
        named += _document_counts(g, named, len(used))
        return DocumentTriples(g, named, default)

    def _drop(self, doc: str, head: str, relation: str, tail: str, reason: str) -> None:
        self.dropped.append(
            {"doc": doc, "head": head, "relation": relation, "tail": tail, "reason": reason}
        )

    def _relation(
        self,
        doc: str,
        rel: Relation,
        sentence: Callable[[Sentence], str],
        named: list[Triple],
        default: list[Triple],
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
        source = sentence(rel.sentence)  # the sentence is written even if the tail is dropped
        objects: list[tuple[str, tuple[int, str, str], bool]] = []
        if rel.relation == "awarded":
            honor = MARKS.sub("", rel.tail).strip()
            explicit = _names_in(text, head.names) and honor in text
            objects.append((s, (1, honor, ZH), explicit))
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
                default += [
                    (post, TYPE, 0, C_POST, ""),
                    (post, P_POST_IN, 0, o, ""),
                    (post, P_ROLE, 0, r, ""),
                    (post, P_LABEL, 1, f"{tail.label}{role}", ZH),
                    (r, TYPE, 0, C_ROLE, ""),
                    (r, P_LABEL, 1, role, ZH),
                ]
                objects.append((s, _iri(post), explicit))
            else:
                objects.append((s, _iri(o), explicit))
                if rel.relation == "paired_with":
                    objects.append((o, _iri(s), explicit))
        predicate = str(spec.predicate)
        for subj, obj, is_explicit in objects:
            named.append((subj, predicate, *obj))
            self._assertion(
                named, subj, predicate, obj, source, rel.rule, rel.evidence, is_explicit
            )

    @staticmethod
    def _assertion(
        out: list[Triple],
        s: str,
        p: str,
        o: tuple[int, str, str],
        source: str,
        rule: str,
        evidence: str | None,
        explicit: bool,
    ) -> None:
        a = assertion_iri(s, p, o, source)
        out.append((a, TYPE, 0, C_ASSERTION, ""))
        if not explicit:
            out.append((a, TYPE, 0, C_IMPLICIT, ""))
        out += [
            (a, P_SUBJECT, 0, s, ""),
            (a, P_PREDICATE, 0, p, ""),
            (a, P_OBJECT, *o),
            (a, P_DERIVED, 0, source, ""),
            (a, P_RULE, 1, rule or "unknown", PLAIN),
        ]
        if evidence:
            out.append((a, P_EVIDENCE, 1, evidence, PLAIN))


def _document_counts(g: str, named: list[Triple], sentences: int) -> list[Triple]:
    """What the graph took from a document, counted once when it is written (the
    ``documents-summary`` question reads these instead of joining every sentence, fact and
    mention of a large graph): sentences, facts (assertions), quantities and distinct
    entities mentioned."""
    facts = {t[0] for t in named if t[1] == P_PREDICATE}
    quantities = {t[0] for t in named if t[1] == P_MEASURE}
    entities = {t[0] for t in named if t[1] == P_MENTIONED}
    return [
        (g, P_SENTENCE_COUNT, 1, str(sentences), INTEGER),
        (g, P_FACT_COUNT, 1, str(len(facts)), INTEGER),
        (g, P_QUANTITY_COUNT, 1, str(len(quantities)), INTEGER),
        (g, P_ENTITY_COUNT, 1, str(len(entities)), INTEGER),
    ]


# ----------------------------------------------------------------------------- in memory


def rdflib_term(kind: int, value: str, suffix: str) -> URIRef | Literal:
    """An object of a :data:`Triple` as an rdflib term."""
    if kind == 0:
        return URIRef(value)
    language, _, datatype = suffix.partition("|")
    return Literal(value, lang=language or None, datatype=URIRef(datatype) if datatype else None)


def rdflib_triple(triple: Triple) -> tuple[URIRef, URIRef, RdfNode]:
    """A :data:`Triple` as rdflib terms."""
    s, p, kind, value, suffix = triple
    return URIRef(s), URIRef(p or RDF_TYPE), rdflib_term(kind, value, suffix)


@dataclass
class KnowledgeGraph:
    """A graph held in memory (small graphs: tests, notebooks): the default graph, one
    named graph per document, and the relations left out. ``kg build`` streams instead
    (:func:`kg.graph_write.write_graph`)."""

    default: set[Triple] = field(default_factory=set)
    named: dict[str, set[Triple]] = field(default_factory=dict)
    dropped: list[dict[str, str]] = field(default_factory=list)

    def add_document(self, triples: DocumentTriples) -> None:
        self.default.update(triples.default)
        self.named.setdefault(triples.graph, set()).update(triples.named)

    def triples(self) -> set[Triple]:
        """The union of all graphs."""
        union = set(self.default)
        for triples in self.named.values():
            union |= triples
        return union

    def quads(self) -> Iterator[tuple[URIRef, URIRef, RdfNode, URIRef | None]]:
        """Every quad as rdflib terms (``None``: the default graph)."""
        for triple in self.default:
            yield (*rdflib_triple(triple), None)
        for g, triples in self.named.items():
            for triple in triples:
                yield (*rdflib_triple(triple), URIRef(g))

    def to_rdflib(self) -> Graph:
        """The union graph as an rdflib :class:`~rdflib.Graph` (with the prefixes)."""
        graph = Graph()
        for prefix, namespace in PREFIXES:
            graph.bind(prefix, namespace, override=True, replace=True)
        for triple in self.triples():
            graph.add(rdflib_triple(triple))
        return graph

    def to_dataset(self) -> Dataset:
        """The graph with one named graph per document, as an rdflib :class:`Dataset`."""
        dataset = Dataset()
        for s, p, o, g in self.quads():
            target = dataset.graph(g) if g is not None else dataset.default_graph
            target.add((s, p, o))
        return dataset

    def stats(self) -> dict[str, object]:
        """Counts for the build report (those :func:`kg.graph_write.write_graph` gives)."""
        from kg.graph_write import GraphStats

        stats = GraphStats()
        for _ in stats.count(sorted(self.triples())):
            pass
        stats.quads = len(self.default) + sum(len(t) for t in self.named.values())
        stats.named_graphs = len(self.named)
        return stats.summary()


def build_graph(
    docs: Sequence[DocumentInput],
    resolution: Resolution,
    source_label: str = "table of administrative division codes",
) -> KnowledgeGraph:
    """The graph of the documents, on the nodes of ``resolution``, in memory."""
    builder = TripleBuilder(resolution, source_label)
    kg = KnowledgeGraph(set(builder.entity_triples()), {}, builder.dropped)
    for doc in docs:
        kg.add_document(builder.document_triples(doc))
    return kg


def short_name(iri: str) -> str:
    """``dj:Organization`` for an IRI in one of :data:`PREFIXES` (the first that fits)."""
    for prefix, namespace in PREFIXES:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
