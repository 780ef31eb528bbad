"""The Python API for notebooks: :class:`KnowledgeGraph`.

::

    from kg import KnowledgeGraph

    kg = KnowledgeGraph.build("examples/corpus")          # or KnowledgeGraph.load("output/graph")
    kg.counts()                                          # entities by type, relations, documents
    kg.query("SELECT ?name WHERE { ?o a dj:Organization ; rdfs:label ?name }")  # a DataFrame
    kg.query_named("organizations-under", name="汉兴商务区联合党委")
    kg.entity("竹源村党总支")                               # its facts, each with its sentence
    kg.show(focus="竹源村党总支", depth=1)                   # the interactive page, inline
    G = kg.to_networkx()                                  # a networkx MultiDiGraph
    kg.export("graph.gexf")                               # GraphML, GEXF, CSV, JSON-LD

Queries run on the stores of :mod:`kg.store` (rdflib in memory, Oxigraph on disk for large
graphs); the page is :func:`kg.render.make_page`'s, shown in an iframe (``srcdoc``) so it
needs neither a server nor a network. Nothing here writes into the graph: the graph is
read-only, and exports are new files written atomically.

The entity nodes are the ``dj:Organization``, ``dj:Person``, ``dj:Program`` and
``dj:Place`` resources; their type is given as ``ORG``, ``PERSON``, ``PROGRAM`` or
``PLACE`` (as in ``kg render --types``). The relations are the triples of
``dj:manages``, ``org:subOrganizationOf``, ``dj:locatedIn``, ``dj:implements``,
``dj:partOfProgram``, ``dj:established`` and ``dj:pairedWith`` between two entities (a
``dj:pairedWith`` pair is asserted both ways, so it is two relations), and for every post
``org:holds`` from the person to the post's organization (``org:postIn``), with the post's
role (书记 …) as ``post``. Honours (``dj:awarded``) are literals, not relations.

This :class:`KnowledgeGraph` is the reader's view of a built graph; the build's own
in-memory container of triples is the unrelated :class:`kg.graph.KnowledgeGraph`.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import html
import io
import os
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import atomic_write_with
from kg.store import (
    PREFIXES,
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    StoreError,
    open_store,
    resolve_graph_path,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import Graph

    from kg.build import BuildResult

__all__ = [
    "EXPORT_FORMATS",
    "Entity",
    "Evidence",
    "Fact",
    "KnowledgeGraph",
    "Quantity",
    "QuerySyntaxError",
    "StoreError",
    "UnknownEntityError",
]

DJ = PREFIXES["dj"]
#: Entity classes and the type names the API uses for them.
ENTITY_CLASSES: dict[str, str] = {
    DJ + "Organization": "ORG",
    DJ + "Person": "PERSON",
    DJ + "Program": "PROGRAM",
    DJ + "Place": "PLACE",
}
#: Predicates whose triples between two entities are relations (``org:holds`` is read
#: through the post, see the module docstring).
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
    itself for ``dj:awarded``), ``other_type`` its type and ``other_iri`` its IRI (both
    ``""`` for an honour); ``post`` is the role of an ``org:holds`` (书记 …). ``implicit``
    facts are ``dj:ImplicitAssertion``s: read from a sentence that does not name both
    ends, so their triple is not asserted in the graph (docs/graph.md).
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

    ``aliases`` are its ``skos:altLabel``s, ``documents`` the documents that mention it,
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
        lines = [f"{self.label} ({self.type}) {self.iri}"]
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
        head = f"<b>{esc(self.label)}</b> ({esc(self.type)}) <code>{esc(self.iri)}</code>"
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
class _Node:
    iri: str
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass
class _Edge:
    source: str
    predicate: str
    target: str
    post: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    implied: bool = False  # a triple whose assertions are all dj:ImplicitAssertion


@dataclass
class _Model:
    """Entities, relations and assertions read once from the store (the graph is
    read-only, so they never change)."""

    nodes: dict[str, _Node]
    edges: list[_Edge]
    implicit: list[_Edge]  # relations known only from dj:ImplicitAssertion
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
_Q_TYPE_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?class . {_ENTITY_FILTER} }}
GROUP BY ?class
"""
_Q_DOCUMENT_COUNT = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dj:Document }"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _load_model(store: GraphStore) -> _Model:
    def rows(sparql: str) -> list[tuple[Any, ...]]:
        return store.query(sparql).rows

    labels: dict[str, list[str]] = defaultdict(list)
    types: dict[str, str] = {}
    for iri, cls, label in rows(_Q_ENTITIES):
        types.setdefault(str(iri), ENTITY_CLASSES[str(cls)])
        labels[str(iri)].append(_text(label))
    nodes: dict[str, _Node] = {}
    for iri, type_ in types.items():
        names = sorted(set(labels[iri]))
        nodes[iri] = _Node(iri, type_, names[0], names[1:])
    for iri, alias in rows(_Q_ALIASES):
        node = nodes.get(str(iri))
        if node is not None and _text(alias) not in (node.label, *node.aliases):
            node.aliases.append(_text(alias))
    for iri, doc in rows(_Q_DOCUMENTS):
        if str(iri) in nodes:
            nodes[str(iri)].documents.append(_text(doc))
    for node in nodes.values():
        node.aliases.sort()
        node.documents = sorted(set(node.documents))

    posts: dict[str, tuple[str, str]] = {}
    for post, org, role in rows(_Q_POSTS):
        old = posts.get(str(post))
        role_text = _text(role)
        if old is None or (role_text and (not old[1] or role_text < old[1])):
            posts[str(post)] = (str(org), role_text)

    edges: dict[tuple[str, str, str, str], _Edge] = {}
    for s, p, o in rows(_Q_RELATIONS):
        if str(s) in nodes and str(o) in nodes:
            edges[(str(s), str(p), str(o), "")] = _Edge(str(s), str(p), str(o))
    for person, post in rows(_Q_HOLDS):
        org, role = posts.get(str(post), ("", ""))
        if str(person) in nodes and org in nodes:
            edges[(str(person), HOLDS, org, role)] = _Edge(str(person), HOLDS, org, role)

    sentences = {str(f): (_text(t), _text(d)) for f, t, d in rows(_Q_SENTENCES)}
    source_names: dict[str, tuple[int, str]] = {}
    for src, label, lang in rows(_Q_SOURCES):
        rank = (0 if lang == "zh" else 1 if label else 2, _text(label) or str(src))
        source_names[str(src)] = min(source_names.get(str(src), rank), rank)
    implicit_ids = {str(a) for (a,) in rows(_Q_IMPLICIT)}

    evidence: dict[tuple[str, str, str, str], list[Evidence]] = defaultdict(list)
    for a, s, p, o, src, rule, snippet in rows(_Q_ASSERTIONS):
        post = ""
        target = _text(o)
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
        evidence[(kind, *key)].append(Evidence(sentence, document, _text(snippet), _text(rule)))

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
        _Edge(s, p, o, post, order(found))
        for (kind, s, p, o, post), found in evidence.items()
        if kind == "implicit" and (s in nodes or o in nodes) and p != AWARDED
    ]
    honors: list[tuple[str, str, Evidence | None]] = []
    for iri, honor in rows(_Q_HONORS):
        key = (str(iri), AWARDED, _text(honor), "")
        found = order(evidence.get(("stated", *key), []) or evidence.get(("implicit", *key), []))
        for item in found or [None]:
            honors.append((str(iri), _text(honor), item))

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
    return _Model(nodes, edge_list, implicit, honors, dict(names))


# ----------------------------------------------------------------------------- frames


def _column(values: list[Any]) -> Any:
    """A pandas Series with a numeric dtype when every bound value is a number."""
    import pandas as pd

    present = [v for v in values if v is not None]
    missing = len(present) < len(values)
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean" if missing else bool)
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        with contextlib.suppress(OverflowError, TypeError, ValueError):
            return pd.Series(values, dtype="Int64" if missing else "int64")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype=float)
    if present and all(isinstance(v, str) for v in present):
        return pd.Series(values)
    return pd.Series(values, dtype=object)


def result_frame(result: QueryResult) -> pd.DataFrame:
    """A :class:`~kg.store.QueryResult` as a DataFrame: one column per variable, integer
    columns (``int64``, or ``Int64`` when some rows leave it unbound) where every value is
    an integer literal, ``float64`` where every value is numeric, ``bool``/``boolean`` for
    booleans, text otherwise (IRIs as strings, unbound as missing)."""
    import pandas as pd

    data = {
        name: _column([row[i] for row in result.rows]) for i, name in enumerate(result.variables)
    }
    frame = pd.DataFrame(data, columns=list(result.variables))
    if not result.rows:
        frame = frame.astype(object)
    return frame


# ----------------------------------------------------------------------------- files


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


class _InlineHTML:
    """HTML for Jupyter's rich display, when IPython is not installed."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


# ----------------------------------------------------------------------------- the API


class KnowledgeGraph:
    """A built graph, ready to query, look at, analyse and export.

    Make one with :meth:`build` (extract and build a corpus) or :meth:`load` (a ``kg
    build`` folder or a graph file). It holds a read-only store of the graph
    (:func:`kg.store.open_store`); :meth:`close` (or a ``with`` block) releases it and the
    temporary build folder, if any.
    """

    def __init__(
        self,
        store: GraphStore,
        graph_file: Path,
        *,
        folder: Path | None = None,
        build_result: BuildResult | None = None,
        tmp: tempfile.TemporaryDirectory[str] | None = None,
    ) -> None:
        """Wrap an open store; use :meth:`build` or :meth:`load` rather than this."""
        self.store = store
        #: The graph file the store was loaded from.
        self.graph_file = graph_file
        #: The ``kg build`` folder, when the graph came from one.
        self.folder = folder
        #: What :meth:`build` produced (documents, errors, the build report), else None.
        self.build_result = build_result
        self._tmp = tmp
        self._model: _Model | None = None
        self._rdf: Graph | None = None

    # -- making one

    @classmethod
    def build(
        cls,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        out: str | os.PathLike[str] | None = None,
        *,
        decisions: str | os.PathLike[str] | None = None,
        model: str | None = None,
        backend: str = "auto",
    ) -> KnowledgeGraph:
        """Extract and build the documents at ``paths`` (files or folders, as ``kg build``
        reads them) into the folder ``out``, and load the graph.

        Without ``out`` the build goes to a temporary folder that lives as long as this
        object (removed by :meth:`close` or when it is garbage-collected). ``decisions``
        is a researcher decisions file and ``model`` a spaCy pipeline, as for ``kg
        build``; ``backend`` chooses the query store (``"auto"``, ``"rdflib"``,
        ``"oxigraph"``). Documents that cannot be read are skipped with a warning (they are
        listed in ``build_result.errors``). Raises :class:`kg.read.InputError` for a
        missing input, before anything is written.
        """
        from kg.build import build as run_build

        inputs = (
            [os.fspath(paths)]
            if isinstance(paths, str | os.PathLike)
            else [os.fspath(p) for p in paths]
        )
        tmp: tempfile.TemporaryDirectory[str] | None = None
        if out is None:
            tmp = tempfile.TemporaryDirectory(prefix="kg-build-")
            target = Path(tmp.name) / "graph"
        else:
            target = Path(out)
        try:
            result = run_build(
                inputs, target, Path(decisions) if decisions is not None else None, model
            )
            if result.errors:
                warnings.warn(
                    f"{len(result.errors)} input(s) skipped: " + "; ".join(result.errors),
                    stacklevel=2,
                )
            kg = cls.load(target, backend=backend)
        except BaseException:
            if tmp is not None:
                tmp.cleanup()
            raise
        kg.build_result = result
        kg._tmp = tmp
        return kg

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, backend: str = "auto") -> KnowledgeGraph:
        """Load a ``kg build`` folder (its ``graph.ttl``, else ``graph.trig``) or a graph
        file (``.ttl``, ``.nt``, ``.trig``, ``.nq``; named graphs are merged into the
        default graph). Raises :class:`kg.store.StoreError` for a missing or unreadable
        graph."""
        file = resolve_graph_path(path)
        store = open_store(path, backend)
        folder = Path(path) if Path(path).is_dir() else None
        return cls(store, file, folder=folder)

    def close(self) -> None:
        """Release the store, and remove the temporary build folder if there is one."""
        self.store.close()
        self._model = None
        self._rdf = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.graph_file} ({self.store.backend})>"

    # -- asking

    def query(self, sparql: str) -> pd.DataFrame:
        """Run a read-only SPARQL query and return its answer as a DataFrame.

        The prefixes ``dj``, ``org``, ``prov``, ``skos``, ``foaf``, ``dcterms``, ``rdf``,
        ``rdfs``, ``owl`` and ``xsd`` need no declaration. Columns are typed: integers
        (``int64``, or ``Int64`` with missing values), floats, booleans where the
        literals are such, text otherwise (IRIs as strings; language tags dropped). An
        ASK query gives one column ``boolean``; CONSTRUCT and DESCRIBE give ``subject``,
        ``predicate``, ``object``. A malformed query raises
        :class:`kg.store.QuerySyntaxError` (one line, with line and column); an update
        raises :class:`kg.store.UpdateRefusedError`; SERVICE, FROM, FROM NAMED and LOAD
        raise :class:`kg.sparql_guard.OutsideAccessError` (nothing outside the graph is read).
        """
        return result_frame(self.store.query(sparql))

    def query_named(self, question: str, /, **params: Any) -> pd.DataFrame:
        """Run the bundled question ``question`` (``kg/queries/QUESTION.rq``, listed by
        :meth:`questions`) with its parameters as keyword arguments
        (``query_named("organizations-under", name="汉兴商务区联合党委")``), each written
        into the query as an escaped literal (parameters left out keep their defaults).
        The title and description are in the frame's ``attrs``. Raises
        :class:`kg.query.QueryLibraryError` for an unknown question or parameter."""
        from kg.query import get_query

        bundled = get_query(question)
        sparql = bundled.render({k: str(v) for k, v in params.items()})
        frame = self.query(sparql)
        frame.attrs.update(name=question, title=bundled.title, description=bundled.description)
        return frame

    @staticmethod
    def questions() -> pd.DataFrame:
        """The bundled questions: ``name``, ``title``, ``description`` and ``params``
        (``{parameter: default}``)."""
        import pandas as pd

        from kg.query import bundled_queries

        rows = [
            {"name": q.name, "title": q.title, "description": q.description, "params": q.params}
            for q in bundled_queries().values()
        ]
        return pd.DataFrame(rows, columns=["name", "title", "description", "params"])

    def counts(self) -> dict[str, int]:
        """How big the graph is: ``entities`` and each type (``ORG``, ``PERSON``,
        ``PROGRAM``, ``PLACE``), ``relations`` (the edges of :meth:`to_networkx`),
        ``documents`` and ``triples``."""
        by_type = {t: 0 for t in ENTITY_CLASSES.values()}
        for cls, n in self.store.query(_Q_TYPE_COUNTS).rows:
            by_type[ENTITY_CLASSES[str(cls)]] += int(n or 0)
        model = self._get_model()
        documents = self.store.query(_Q_DOCUMENT_COUNT).rows[0][0]
        return {
            "entities": len(model.nodes),
            **by_type,
            "relations": len(model.edges),
            "documents": int(documents or 0),
            "triples": self.store.triple_count(),
        }

    def entities(self, type: str | None = None) -> pd.DataFrame:
        """Every entity (or those of one ``type``: ``ORG``, ``PERSON``, ``PROGRAM``,
        ``PLACE``) with ``label``, ``type``, ``aliases``, ``documents``, ``degree`` (its
        relations in and out) and ``iri``, sorted by type and label."""
        import pandas as pd

        model = self._get_model()
        wanted = None if type is None else type.upper()
        if wanted is not None and wanted not in ENTITY_CLASSES.values():
            raise ValueError(f"unknown type {type!r} (choose {', '.join(ENTITY_CLASSES.values())})")
        degree: dict[str, int] = defaultdict(int)
        for edge in model.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        rows = [
            {
                "label": n.label,
                "type": n.type,
                "aliases": list(n.aliases),
                "documents": list(n.documents),
                "degree": degree[n.iri],
                "iri": n.iri,
            }
            for n in sorted(model.nodes.values(), key=lambda n: (n.type, n.label, n.iri))
            if wanted is None or n.type == wanted
        ]
        columns = ["label", "type", "aliases", "documents", "degree", "iri"]
        return pd.DataFrame(rows, columns=columns).astype({"degree": "int64"})

    def find(self, name: str) -> list[str]:
        """IRIs of the entities named ``name`` (``rdfs:label`` matches before
        ``skos:altLabel`` matches; an entity's IRI finds itself)."""
        model = self._get_model()
        if name in model.nodes:
            return [name]
        return list(model.names.get(name, []))

    def suggest(self, name: str, limit: int = 6) -> list[str]:
        """Names close to ``name``: names containing it (or contained in it), then the
        closest spellings (:func:`difflib.get_close_matches`)."""
        names = list(self._get_model().names)
        containing = [n for n in names if name and (name in n or (len(n) > 1 and n in name))]
        close = difflib.get_close_matches(name, names, n=limit, cutoff=0.5)

        def score(n: str) -> tuple[float, str]:
            return (-difflib.SequenceMatcher(None, name, n).ratio(), n)

        out = sorted(set(containing) | set(close), key=score)
        return out[:limit]

    def _require(self, name: str) -> list[str]:
        found = self.find(name)
        if not found:
            raise UnknownEntityError(name, self.suggest(name))
        return found

    def entity(self, name: str) -> Entity:
        """The entity named ``name`` (its ``rdfs:label`` or any ``skos:altLabel``, or its
        IRI) with its type, names, documents and every fact in and out, each with the
        sentence and document that state it (:class:`Entity`).

        When several entities answer to the name, the one whose label it is comes first
        (then by type and label); the others are listed in ``Entity.homonyms``. Raises
        :class:`UnknownEntityError` (a :class:`KeyError`) with close matches when no
        entity has that name.
        """
        found = self._require(name)
        model = self._get_model()
        node = model.nodes[found[0]]
        facts: list[Fact] = []

        def add(edge: _Edge, direction: str, implicit: bool) -> None:
            other_iri = edge.target if direction == "out" else edge.source
            other = model.nodes.get(other_iri)
            subject = model.nodes[edge.source].label if edge.source in model.nodes else ""
            obj = model.nodes[edge.target].label if edge.target in model.nodes else ""
            for ev in edge.evidence or [Evidence("", "")]:
                facts.append(
                    Fact(
                        direction,
                        curie(edge.predicate),
                        subject or edge.source,
                        obj or edge.target,
                        other.label if other else other_iri,
                        other.type if other else "",
                        other_iri,
                        edge.post,
                        ev.sentence,
                        ev.document,
                        ev.snippet,
                        ev.rule,
                        implicit,
                    )
                )

        out_paired = {
            e.target
            for e in model.edges
            if e.source == node.iri and e.predicate == DJ + "pairedWith"
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
        return Entity(
            node.iri,
            node.type,
            node.label,
            tuple(node.aliases),
            tuple(node.documents),
            tuple(facts),
            tuple(sorted(honors)),
            tuple(self._quantities(node.iri)),
            tuple(found[1:]),
        )

    def _quantities(self, iri: str) -> list[Quantity]:
        if any(c in iri for c in '<>"{}|^`\\ '):
            return []
        rows = self.store.query(
            f"""SELECT ?m ?v ?unit ?text ?doc WHERE {{
              <{iri}> dj:quantity ?q . ?q dj:measure ?m ; rdf:value ?v .
              OPTIONAL {{ ?q dj:unit ?unit }}
              OPTIONAL {{ ?q prov:wasDerivedFrom ?s . ?s dj:text ?text .
                          OPTIONAL {{ ?s dcterms:isPartOf ?d . ?d dcterms:identifier ?doc }} }}
            }}"""
        ).rows
        out = {
            Quantity(
                curie(str(m)).removeprefix("dj:"),
                v if isinstance(v, int | float) else _text(v),
                _text(unit),
                _text(text),
                _text(doc),
            )
            for m, v, unit, text, doc in rows
        }
        return sorted(out, key=lambda q: (q.measure, q.document, str(q.value), q.sentence))

    # -- looking

    def show(
        self,
        focus: str | None = None,
        depth: int = 2,
        types: str | Sequence[str] | None = None,
        *,
        doc: str | None = None,
        height: int = 640,
    ) -> Any:
        """The interactive graph page, for display in Jupyter (the last expression of a
        cell, or ``display(kg.show())``).

        The page is :func:`kg.render.make_page`'s (the one ``kg render`` writes: search,
        type and document filters, evidence on hover and click), embedded in an
        ``<iframe srcdoc="…">`` with the page escaped, so it needs no server, no file and
        no network (vis.js is inlined; the page fetches nothing). ``focus`` shows the
        entities up to ``depth`` relations away from the one so named; ``types`` keeps
        some types (``"ORG,PROGRAM"`` or a list); ``doc`` what one document names and
        states; ``height`` is the frame's height in pixels. Returns an
        ``IPython.display.HTML`` (or an object with ``_repr_html_`` where IPython is
        missing). Raises :class:`UnknownEntityError` for an unknown ``focus`` and
        :class:`ValueError` for an unknown type or document.
        """
        from kg.render import RenderError, make_page

        if focus is not None:
            self._require(focus)
        try:
            page = make_page(self._rdflib_graph(), focus=focus, depth=depth, types=types, doc=doc)
        except RenderError as exc:
            raise ValueError(str(exc)) from None
        notes = "".join(
            f'<p style="margin:0 0 4px;color:#555">{html.escape(note)}</p>' for note in page.notes
        )
        markup = (
            '<div class="dangjian-kg-graph">'
            f"{notes}"
            f'<iframe srcdoc="{html.escape(page.html, quote=True)}" '
            f'title="{html.escape(f"{page.nodes} nodes, {page.edges} edges", quote=True)}" '
            f'sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>'
            "</div>"
        )
        try:
            from IPython.display import HTML
        except ImportError:
            return _InlineHTML(markup)
        return HTML(markup)

    # -- analysing

    def to_networkx(self) -> nx.MultiDiGraph:
        """The entities and relations as a networkx ``MultiDiGraph``.

        Nodes are keyed by IRI, with ``type`` (``ORG`` …), ``label``, ``aliases`` and
        ``documents`` (lists). Each relation is one edge (``pairedWith`` pairs are two, one
        each way) with ``relation`` (a CURIE: ``dj:manages``, ``org:holds`` …), ``label``
        (its Chinese name, the post for ``org:holds``), ``post`` (the role of an
        ``org:holds``, else ``""``), ``evidence`` (the sentences stating it) and
        ``documents`` (the document of each sentence, ``""`` for the reference table),
        two lists of the same length. A fresh graph on every call.
        """
        import networkx as nx

        from kg.render import RELATIONS

        zh = {str(p): style.zh for p, style in RELATIONS.items()}
        model = self._get_model()
        graph = nx.MultiDiGraph()
        for node in sorted(model.nodes.values(), key=lambda n: (n.type, n.label, n.iri)):
            graph.add_node(
                node.iri,
                type=node.type,
                label=node.label,
                aliases=list(node.aliases),
                documents=list(node.documents),
            )
        for edge in model.edges:
            graph.add_edge(
                edge.source,
                edge.target,
                relation=curie(edge.predicate),
                label=edge.post or zh.get(edge.predicate, curie(edge.predicate)),
                post=edge.post,
                evidence=[e.sentence for e in edge.evidence],
                documents=[e.document for e in edge.evidence],
            )
        return graph

    # -- exporting

    def export(self, path: str | os.PathLike[str], format: str | None = None) -> list[Path]:
        """Write the graph to ``path`` in ``format`` (default: from the suffix) and return
        the files written. Each file is written atomically (a temporary file beside it,
        then a rename), so an interrupted export never leaves half a file.

        * ``"graphml"`` and ``"gexf"`` (Gephi): :meth:`to_networkx`'s graph, list
          attributes joined with ``" | "`` (GraphML and GEXF hold strings and numbers
          only), edge ids unique in the file;
        * ``"csv"``: the edge list, one row per relation: ``source_label``, ``relation``,
          ``target_label``, ``evidence``, ``document`` (several sentences joined with
          ``" | "``, their documents in the same order), then ``source``, ``target``
          (IRIs) and ``post``; and the nodes beside it (``edges.csv`` →
          ``edges.nodes.csv``: ``id``, ``type``, ``label``, ``aliases``, ``documents``).
          UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese;
        * ``"jsonld"``: the whole graph (every triple, named graphs merged) as JSON-LD
          compacted with a context for the ``dj``, ``org``, ``prov``, ``skos``,
          ``dcterms`` … prefixes (:data:`JSONLD_CONTEXT`).
        """
        target = Path(path)
        fmt = export_format(target, format)
        if fmt == "jsonld":
            text = self._rdflib_graph().serialize(
                format="json-ld", context=JSONLD_CONTEXT, indent=1, ensure_ascii=False
            )
            atomic_write_with(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
            return [target]
        import networkx as nx

        graph = self.to_networkx()
        if fmt == "graphml":
            atomic_write_with(target, lambda tmp: nx.write_graphml(_flat_graph(graph), tmp))
            return [target]
        if fmt == "gexf":
            atomic_write_with(target, lambda tmp: nx.write_gexf(_flat_graph(graph), tmp))
            return [target]
        nodes_path = nodes_csv_path(target)
        node_rows = [
            [iri, d["type"], d["label"], _flat(d["aliases"]), _flat(d["documents"])]
            for iri, d in graph.nodes(data=True)
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
        node_header = ["id", "type", "label", "aliases", "documents"]
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

    # -- internals

    def _get_model(self) -> _Model:
        if self._model is None:
            self._model = _load_model(self.store)
        return self._model

    def _rdflib_graph(self) -> Graph:
        """The union graph as an rdflib ``Graph`` (for the page and JSON-LD), read once."""
        if self._rdf is None:
            from rdflib import Dataset, Graph

            fmt = _RDFLIB_FORMATS.get(self.graph_file.suffix.lower(), "turtle")
            if fmt in {"trig", "nquads"}:
                dataset = Dataset()
                dataset.parse(self.graph_file, format=fmt)
                graph = Graph()
                for s, p, o, _ in dataset.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph = Graph().parse(self.graph_file, format=fmt)
            self._rdf = graph
        return self._rdf


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
