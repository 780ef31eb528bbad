"""The reader's model of a built graph, for :mod:`kg.api`: the records it returns
(:class:`Entity`, :class:`Fact`, :class:`Evidence`, :class:`Quantity`) and the entities,
relations and assertions read once from a store (:func:`load_model`).

Types are the ontology's class names (:mod:`kg.vocabulary`); IRIs are kept exact here and
made readable where :mod:`kg.api` hands them out.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.store import PREFIXES, GraphStore
from kg.vocabulary import ENTITY_TYPES, readable_iri

if TYPE_CHECKING:
    import pandas as pd

DJ = PREFIXES["dj"]
#: Entity classes and the type names the API uses for them (the classes' own names).
ENTITY_CLASSES: dict[str, str] = {iri: t.name for iri, t in ENTITY_TYPES.items()}
#: The Chinese label of each type name, for display.
TYPE_LABELS: dict[str, str] = {t.name: t.label for t in ENTITY_TYPES.values()}
#: Predicates whose triples between two entities are relations (``org:holds`` is read
#: through the post, see :mod:`kg.api`).
RELATION_PREDICATES: tuple[str, ...] = (
    DJ + "manages",
    PREFIXES["org"] + "subOrganizationOf",
    DJ + "locatedIn",
    DJ + "implements",
    DJ + "partOfProgram",
    DJ + "established",
    DJ + "pairedWith",
)
HOLDS = PREFIXES["org"] + "holds"
AWARDED = DJ + "awarded"
_ENTITY_FILTER = "FILTER(?class IN (dj:Organization, dj:Person, dj:Program, dj:Place))"


def curie(iri: str) -> str:
    """``dj:manages`` for ``https://w3id.org/dangjian-kg/ontology#manages`` (any prefix of
    :data:`kg.store.PREFIXES`); other IRIs unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class UnknownEntityError(KeyError):
    """No entity has this name as ``rdfs:label`` or ``skos:altLabel``; the message lists
    close matches."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"no entity is named {name!r} in the graph{hint}")

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return str(self.args[0])


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: the sentence and its document (or, for the place hierarchy,
    the reference table as ``sentence`` and ``""`` as ``document``), the piece of the
    sentence that states it (``snippet``) and the extraction rule."""

    sentence: str
    document: str
    snippet: str = ""
    rule: str = ""


@dataclass(frozen=True)
class Fact:
    """One relation of an entity as one sentence states it.

    ``direction`` is ``"out"`` when the entity is the subject (``subject`` is its label),
    ``"in"`` when it is the object. ``relation`` is the predicate as a CURIE
    (``dj:manages``, ``org:holds`` …); ``other`` is the label of the other end (the honour
    itself for ``dj:awarded``), ``other_type`` its type (``Organization`` …) and
    ``other_iri`` its IRI, readable (both ``""`` for an honour); ``post`` is the role of
    an ``org:holds`` (书记 …). ``implicit`` facts are ``dj:ImplicitAssertion``s: read
    from a sentence that does not name both ends, so their triple is not asserted in the
    graph (docs/graph.md).
    """

    direction: str
    relation: str
    subject: str
    object: str
    other: str
    other_type: str
    other_iri: str
    post: str
    sentence: str
    document: str
    snippet: str
    rule: str
    implicit: bool = False


@dataclass(frozen=True)
class Quantity:
    """A counted fact about an entity (``dj:quantity``): measure (``party_members`` …),
    value, unit, and the sentence and document stating it."""

    measure: str
    value: int | float | str
    unit: str
    sentence: str
    document: str


@dataclass(frozen=True)
class Entity:
    """An entity with everything the graph says about it (:meth:`KnowledgeGraph.entity`).

    ``iri`` is its IRI, readable (:func:`kg.vocabulary.readable_iri`), ``type`` its
    class's name (``Organization``, ``Person``, ``Program``, ``Place``) and
    :attr:`type_label` the Chinese one. ``aliases`` are its ``skos:altLabel``s,
    ``documents`` the documents that mention it,
    ``facts`` its relations in and out (one :class:`Fact` per stating sentence),
    ``honors`` its ``dj:awarded`` honours, ``quantities`` its counted facts. ``homonyms``
    lists the IRIs of other entities that answer to the same name.
    """

    iri: str
    type: str
    label: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    facts: tuple[Fact, ...]
    honors: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    homonyms: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        """The Chinese label of the type (组织, 人物, 工作项目, 地点)."""
        return TYPE_LABELS.get(self.type, "")

    @property
    def outgoing(self) -> list[Fact]:
        """The facts with this entity as subject."""
        return [f for f in self.facts if f.direction == "out"]

    @property
    def incoming(self) -> list[Fact]:
        """The facts with this entity as object."""
        return [f for f in self.facts if f.direction == "in"]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready): the fields, facts and quantities as dictionaries."""
        return asdict(self)

    def facts_frame(self) -> pd.DataFrame:
        """The facts as a DataFrame, one row per fact and sentence."""
        import pandas as pd

        columns = [f.name for f in Fact.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(f) for f in self.facts], columns=columns)

    def quantities_frame(self) -> pd.DataFrame:
        """The quantities as a DataFrame."""
        import pandas as pd

        columns = list(Quantity.__dataclass_fields__)
        return pd.DataFrame([asdict(q) for q in self.quantities], columns=columns)

    def __str__(self) -> str:
        lines = [f"{self.label} ({self.type} {self.type_label}) {self.iri}"]
        if self.aliases:
            lines.append("also: " + ", ".join(self.aliases))
        if self.documents:
            lines.append("in: " + ", ".join(self.documents))
        for fact in self.facts:
            arrow = "→" if fact.direction == "out" else "←"
            post = f" [{fact.post}]" if fact.post else ""
            mark = " (implicit)" if fact.implicit else ""
            lines.append(
                f"  {arrow} {fact.relation}{post} {fact.other}{mark}: "
                f"{fact.sentence} ({fact.document or 'reference table'})"
            )
        lines += [f"  honour: {h}" for h in self.honors]
        lines += [f"  {q.measure}: {q.value} {q.unit} ({q.document})" for q in self.quantities]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        kind = f"{self.type} {self.type_label}"
        head = f"<b>{esc(self.label)}</b> ({esc(kind)}) <code>{esc(self.iri)}</code>"
        parts = [f"<p>{head}</p>"]
        if self.aliases:
            parts.append(f"<p>also: {esc(', '.join(self.aliases))}</p>")
        if self.documents:
            parts.append(f"<p>in: {esc(', '.join(self.documents))}</p>")
        if self.homonyms:
            parts.append(f"<p>other entities with this name: {esc(', '.join(self.homonyms))}</p>")
        if self.honors:
            parts.append(f"<p>honours: {esc(', '.join(self.honors))}</p>")
        frame = self.facts_frame()[
            [
                "direction",
                "relation",
                "post",
                "other",
                "other_type",
                "sentence",
                "document",
                "implicit",
            ]
        ]
        parts.append(frame.to_html(index=False, escape=True))
        if self.quantities:
            parts.append(self.quantities_frame().to_html(index=False, escape=True))
        return "\n".join(parts)


# ----------------------------------------------------------------------------- the model


@dataclass
class Node:
    iri: str
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass
class Edge:
    source: str
    predicate: str
    target: str
    post: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    implied: bool = False  # a triple whose assertions are all dj:ImplicitAssertion


@dataclass
class Model:
    """Entities, relations and assertions read once from the store (the graph is
    read-only, so they never change)."""

    nodes: dict[str, Node]
    edges: list[Edge]
    implicit: list[Edge]  # relations known only from dj:ImplicitAssertion
    honors: list[tuple[str, str, Evidence | None]]  # (entity, honour, evidence)
    names: dict[str, list[str]]  # name → IRIs (label matches first)


_Q_ENTITIES = f"""
SELECT ?e ?class ?label WHERE {{ ?e a ?class ; rdfs:label ?label . {_ENTITY_FILTER} }}
"""
_Q_ALIASES = f"""
SELECT ?e ?alias WHERE {{ ?e a ?class ; skos:altLabel ?alias . {_ENTITY_FILTER} }}
"""
_Q_DOCUMENTS = """
SELECT DISTINCT ?e ?doc WHERE {
  ?e dj:mentionedIn ?s . ?s dcterms:isPartOf ?d . ?d dcterms:identifier ?doc .
}
"""
_Q_RELATIONS = (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p IN ("
    + ", ".join(f"<{p}>" for p in RELATION_PREDICATES)
    + ")) }"
)
_Q_HOLDS = "SELECT ?person ?post WHERE { ?person org:holds ?post }"
_Q_POSTS = """
SELECT ?post ?org ?role WHERE {
  ?post org:postIn ?org . OPTIONAL { ?post org:role ?r . ?r rdfs:label ?role }
}
"""
_Q_HONORS = "SELECT ?e ?honor WHERE { ?e dj:awarded ?honor }"
_Q_ASSERTIONS = """
SELECT ?a ?s ?p ?o ?from ?rule ?snippet WHERE {
  ?a a dj:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?a prov:wasDerivedFrom ?from }
  OPTIONAL { ?a dj:rule ?rule }
  OPTIONAL { ?a dj:evidence ?snippet }
}
"""
_Q_IMPLICIT = "SELECT ?a WHERE { ?a a dj:ImplicitAssertion }"
_Q_SENTENCES = """
SELECT DISTINCT ?from ?text ?doc WHERE {
  ?a a dj:Assertion ; prov:wasDerivedFrom ?from .
  ?from dj:text ?text .
  OPTIONAL { ?from dcterms:isPartOf ?d . ?d dcterms:identifier ?doc }
}
"""
_Q_SOURCES = """
SELECT ?src ?label ?lang WHERE {
  ?src a dj:Source . OPTIONAL { ?src rdfs:label ?label . BIND(LANG(?label) AS ?lang) }
}
"""
Q_TYPE_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?class . {_ENTITY_FILTER} }}
GROUP BY ?class
"""
Q_DOCUMENT_COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dj:Document }"


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


def load_model(store: GraphStore) -> Model:
    def rows(sparql: str) -> list[tuple[Any, ...]]:
        return store.query(sparql).rows

    labels: dict[str, list[str]] = defaultdict(list)
    types: dict[str, str] = {}
    for iri, cls, label in rows(_Q_ENTITIES):
        types.setdefault(str(iri), ENTITY_CLASSES[str(cls)])
        labels[str(iri)].append(as_text(label))
    nodes: dict[str, Node] = {}
    for iri, type_ in types.items():
        names = sorted(set(labels[iri]))
        nodes[iri] = Node(iri, type_, names[0], names[1:])
    for iri, alias in rows(_Q_ALIASES):
        node = nodes.get(str(iri))
        if node is not None and as_text(alias) not in (node.label, *node.aliases):
            node.aliases.append(as_text(alias))
    for iri, doc in rows(_Q_DOCUMENTS):
        if str(iri) in nodes:
            nodes[str(iri)].documents.append(as_text(doc))
    for node in nodes.values():
        node.aliases.sort()
        node.documents = sorted(set(node.documents))

    posts: dict[str, tuple[str, str]] = {}
    for post, org, role in rows(_Q_POSTS):
        old = posts.get(str(post))
        role_text = as_text(role)
        if old is None or (role_text and (not old[1] or role_text < old[1])):
            posts[str(post)] = (str(org), role_text)

    edges: dict[tuple[str, str, str, str], Edge] = {}
    for s, p, o in rows(_Q_RELATIONS):
        if str(s) in nodes and str(o) in nodes:
            edges[(str(s), str(p), str(o), "")] = Edge(str(s), str(p), str(o))
    for person, post in rows(_Q_HOLDS):
        org, role = posts.get(str(post), ("", ""))
        if str(person) in nodes and org in nodes:
            edges[(str(person), HOLDS, org, role)] = Edge(str(person), HOLDS, org, role)

    sentences = {str(f): (as_text(t), as_text(d)) for f, t, d in rows(_Q_SENTENCES)}
    source_names: dict[str, tuple[int, str]] = {}
    for src, label, lang in rows(_Q_SOURCES):
        rank = (0 if lang == "zh" else 1 if label else 2, as_text(label) or str(src))
        source_names[str(src)] = min(source_names.get(str(src), rank), rank)
    implicit_ids = {str(a) for (a,) in rows(_Q_IMPLICIT)}

    evidence: dict[tuple[str, str, str, str], list[Evidence]] = defaultdict(list)
    for a, s, p, o, src, rule, snippet in rows(_Q_ASSERTIONS):
        post = ""
        target = as_text(o)
        if str(p) == HOLDS:
            target, post = posts.get(target, (target, ""))
        if src is None:
            sentence, document = "", ""
        elif str(src) in sentences:
            sentence, document = sentences[str(src)]
        else:
            sentence, document = source_names.get(str(src), (0, str(src)))[1], ""
        key = (str(s), str(p), target, post)
        kind = "implicit" if str(a) in implicit_ids else "stated"
        evidence[(kind, *key)].append(Evidence(sentence, document, as_text(snippet), as_text(rule)))

    def order(found: Iterable[Evidence]) -> list[Evidence]:
        unique = {(e.document, e.sentence, e.rule, e.snippet): e for e in found}
        return [unique[k] for k in sorted(unique)]

    for key, edge in edges.items():
        found = evidence.get(("stated", *key), [])
        if not found and edge.predicate == DJ + "pairedWith":  # stated the other way only
            found = evidence.get(("stated", edge.target, edge.predicate, edge.source, ""), [])
        if not found:  # an implied triple: the evidence of its dj:ImplicitAssertion
            found = evidence.get(("implicit", *key), [])
            edge.implied = bool(found)
        edge.evidence = order(found)
    implicit = [
        Edge(s, p, o, post, order(found))
        for (kind, s, p, o, post), found in evidence.items()
        if kind == "implicit" and (s in nodes or o in nodes) and p != AWARDED
    ]
    honors: list[tuple[str, str, Evidence | None]] = []
    for iri, honor in rows(_Q_HONORS):
        key = (str(iri), AWARDED, as_text(honor), "")
        found = order(evidence.get(("stated", *key), []) or evidence.get(("implicit", *key), []))
        for item in found or [None]:
            honors.append((str(iri), as_text(honor), item))

    names: dict[str, list[str]] = defaultdict(list)
    ordered = sorted(nodes.values(), key=lambda n: (n.type, n.label, n.iri))
    for node in ordered:
        names[node.label].append(node.iri)
    for node in ordered:
        for alias in node.aliases:
            if node.iri not in names[alias]:
                names[alias].append(node.iri)
    edge_list = sorted(edges.values(), key=lambda e: (e.source, e.predicate, e.target, e.post))
    implicit.sort(key=lambda e: (e.source, e.predicate, e.target, e.post))
    return Model(nodes, edge_list, implicit, honors, dict(names))


def entity_facts(model: Model, iri: str) -> tuple[list[Fact], list[str]]:
    """The facts in and out of the node ``iri`` (implicit ones marked), each with the sentence
    and document that state it, sorted; and its honors."""
    node = model.nodes[iri]
    facts: list[Fact] = []

    def add(edge: Edge, direction: str, implicit: bool) -> None:
        other_iri = edge.target if direction == "out" else edge.source
        other = model.nodes.get(other_iri)
        subject = model.nodes[edge.source].label if edge.source in model.nodes else ""
        obj = model.nodes[edge.target].label if edge.target in model.nodes else ""
        for ev in edge.evidence or [Evidence("", "")]:
            facts.append(
                Fact(
                    direction,
                    curie(edge.predicate),
                    subject or readable_iri(edge.source),
                    obj or readable_iri(edge.target),
                    other.label if other else readable_iri(other_iri),
                    other.type if other else "",
                    readable_iri(other_iri),
                    edge.post,
                    ev.sentence,
                    ev.document,
                    ev.snippet,
                    ev.rule,
                    implicit,
                )
            )

    out_paired = {
        e.target for e in model.edges if e.source == node.iri and e.predicate == DJ + "pairedWith"
    }
    for implicit, edges in ((False, model.edges), (True, model.implicit)):
        for edge in edges:
            if edge.implied:
                continue  # listed from model.implicit, as implicit
            if edge.source == node.iri:
                add(edge, "out", implicit)
            if edge.target == node.iri and edge.source != node.iri:
                if edge.predicate == DJ + "pairedWith" and edge.source in out_paired:
                    continue  # the same pair, already listed from this side
                add(edge, "in", implicit)
    honors: list[str] = []
    for iri, honor, ev in model.honors:
        if iri != node.iri:
            continue
        if honor not in honors:
            honors.append(honor)
        ev = ev or Evidence("", "")
        facts.append(
            Fact(
                "out",
                curie(AWARDED),
                node.label,
                honor,
                honor,
                "",
                "",
                "",
                ev.sentence,
                ev.document,
                ev.snippet,
                ev.rule,
            )
        )
    facts.sort(
        key=lambda f: (
            f.direction != "out",
            f.implicit,
            f.relation,
            f.other,
            f.document,
            f.sentence,
        )
    )
    return facts, honors
