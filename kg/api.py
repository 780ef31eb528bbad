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

Queries run on the stores of :mod:`kg.store` (Oxigraph, in memory or on disk for large
graphs; :meth:`KnowledgeGraph.to_rdflib` gives an rdflib graph for tools that need one); the
page is :func:`kg.render.make_page`'s, shown in an iframe (``srcdoc``) so it
needs neither a server nor a network. Nothing here writes into the graph: the graph is
read-only, and exports are new files written atomically.

The entity nodes are the ``dj:Organization``, ``dj:Person``, ``dj:Program`` and
``dj:Place`` resources; their type is the class's name, ``Organization``, ``Person``,
``Program`` or ``Place`` (with its Chinese label, 组织 …, as ``type_label``), the words of
the bundled questions too (:mod:`kg.vocabulary`). IRIs are shown readable: the Chinese in
them decoded (:func:`kg.vocabulary.readable_iri`); methods that take an IRI take either
form. The relations are the triples of
``dj:manages``, ``org:subOrganizationOf``, ``dj:locatedIn``, ``dj:implements``,
``dj:partOfProgram``, ``dj:established`` and ``dj:pairedWith`` between two entities (a
``dj:pairedWith`` pair is asserted both ways, so it is two relations), and for every post
``org:holds`` from the person to the post's organization (``org:postIn``), with the post's
role (书记 …) as ``post``. Honours (``dj:awarded``) are literals, not relations.

This :class:`KnowledgeGraph` is the reader's view of a built graph; the build's own
in-memory container of triples is the unrelated :class:`kg.graph.KnowledgeGraph`.
"""

from __future__ import annotations

import difflib
import html
import os
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.api_export import (
    EXPORT_FORMATS,
    model_networkx,
    read_rdflib,
    write_export,
)
from kg.api_frames import result_frame
from kg.api_model import (
    ENTITY_CLASSES,
    Q_DOCUMENT_COUNT,
    Q_TYPE_COUNTS,
    TYPE_LABELS,
    Entity,
    Evidence,
    Fact,
    Model,
    Quantity,
    UnknownEntityError,
    as_text,
    curie,
    entity_facts,
    load_model,
)
from kg.store import (
    GraphStore,
    QuerySyntaxError,
    StoreError,
    open_store,
    resolve_graph_path,
)
from kg.vocabulary import (
    exact_iri,
    parse_entity_type,
    readable_iri,
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


# ----------------------------------------------------------------------------- the API


class _InlineHTML:
    """HTML for Jupyter's rich display, when IPython is not installed."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


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
        self._model: Model | None = None
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
        build``; ``backend`` chooses the query store (``"auto"``, ``"memory"``,
        ``"oxigraph"``; ``"rdflib"`` is a deprecated alias of ``"memory"``). Documents
        that cannot be read are skipped with a warning (they are listed in
        ``build_result.errors``). Raises :class:`kg.read.InputError` for a
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

    def query(self, sparql: str, *, readable_iris: bool = True) -> pd.DataFrame:
        """Run a read-only SPARQL query and return its answer as a DataFrame.

        The prefixes ``dj``, ``org``, ``prov``, ``skos``, ``foaf``, ``dcterms``, ``rdf``,
        ``rdfs``, ``owl`` and ``xsd`` need no declaration. Columns are typed: integers
        (``int64``, or ``Int64`` with missing values), floats, booleans where the
        literals are such, text otherwise (language tags dropped). IRIs are strings, shown
        readable (``…/id/org/南区联合党委``, :func:`kg.vocabulary.readable_iri`); with
        ``readable_iris=False`` they are the exact terms of the graph (percent-encoded), the
        form to write back into a query (or use :func:`kg.vocabulary.exact_iri`). An
        ASK query gives one column ``boolean``; CONSTRUCT and DESCRIBE give ``subject``,
        ``predicate``, ``object``. A malformed query raises
        :class:`kg.store.QuerySyntaxError` (one line, with line and column); an update
        raises :class:`kg.store.UpdateRefusedError`; SERVICE, FROM, FROM NAMED and LOAD
        raise :class:`kg.sparql_guard.OutsideAccessError` (nothing outside the graph is read).
        """
        return result_frame(self.store.query(sparql), readable_iris=readable_iris)

    def query_named(self, question: str, /, **params: Any) -> pd.DataFrame:
        """Run the bundled question ``question`` (``kg/queries/QUESTION.rq``, listed by
        :meth:`questions`) with its parameters as keyword arguments
        (``query_named("organizations-under", name="汉兴商务区联合党委")``), each written
        into the query as an escaped literal. Every parameter must be given: a question
        about one entity has no default entity. The title and description are in the
        frame's ``attrs``. Raises :class:`kg.query.MissingParameterError` (one line naming
        the parameter) when one is left out, and :class:`kg.query.QueryLibraryError` for an
        unknown question or parameter."""
        from kg.query import get_query

        bundled = get_query(question)
        sparql = bundled.render({k: str(v) for k, v in params.items()})
        frame = self.query(sparql)
        frame.attrs.update(name=question, title=bundled.title, description=bundled.description)
        return frame

    @staticmethod
    def questions() -> pd.DataFrame:
        """The bundled questions: ``name``, ``title``, ``description`` and ``params``
        (``{parameter: example value}``; the values must be given to
        :meth:`query_named`)."""
        import pandas as pd

        from kg.query import bundled_queries

        rows = [
            {"name": q.name, "title": q.title, "description": q.description, "params": q.params}
            for q in bundled_queries().values()
        ]
        return pd.DataFrame(rows, columns=["name", "title", "description", "params"])

    def counts(self) -> dict[str, int]:
        """How big the graph is: ``entities`` and each type (``Organization``, ``Person``,
        ``Program``, ``Place``), ``relations`` (the edges of :meth:`to_networkx`),
        ``documents`` and ``triples``."""
        by_type = {t: 0 for t in ENTITY_CLASSES.values()}
        for cls, n in self.store.query(Q_TYPE_COUNTS).rows:
            by_type[ENTITY_CLASSES[str(cls)]] += int(n or 0)
        model = self._get_model()
        documents = self.store.query(Q_DOCUMENT_COUNT).rows[0][0]
        return {
            "entities": len(model.nodes),
            **by_type,
            "relations": len(model.edges),
            "documents": int(documents or 0),
            "triples": self.store.triple_count(),
        }

    def entities(self, type: str | None = None) -> pd.DataFrame:
        """Every entity (or those of one ``type``: ``Organization``, ``Person``,
        ``Program``, ``Place``, in any case, or the Chinese label, or a record code such as
        ``ORG``) with ``label``, ``type``, ``type_label`` (组织 …), ``aliases``,
        ``documents``, ``degree`` (its relations in and out) and ``iri`` (readable: the
        node key of :meth:`to_networkx`), sorted by type and label. Raises
        :class:`ValueError` for an unknown type."""
        import pandas as pd

        model = self._get_model()
        wanted = None if type is None else parse_entity_type(type).name
        degree: dict[str, int] = defaultdict(int)
        for edge in model.edges:
            degree[edge.source] += 1
            degree[edge.target] += 1
        rows = [
            {
                "label": n.label,
                "type": n.type,
                "type_label": TYPE_LABELS[n.type],
                "aliases": list(n.aliases),
                "documents": list(n.documents),
                "degree": degree[n.iri],
                "iri": readable_iri(n.iri),
            }
            for n in sorted(model.nodes.values(), key=lambda n: (n.type, n.label, n.iri))
            if wanted is None or n.type == wanted
        ]
        columns = ["label", "type", "type_label", "aliases", "documents", "degree", "iri"]
        return pd.DataFrame(rows, columns=columns).astype({"degree": "int64"})

    def find(self, name: str) -> list[str]:
        """IRIs (readable) of the entities named ``name`` (``rdfs:label`` matches before
        ``skos:altLabel`` matches; an entity's IRI, readable or exact, finds itself)."""
        return [readable_iri(iri) for iri in self._find_exact(name)]

    def _find_exact(self, name: str) -> list[str]:
        model = self._get_model()
        for iri in (name, exact_iri(name)):
            if iri in model.nodes:
                return [iri]
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
        found = self._find_exact(name)
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
        facts, honors = entity_facts(model, node.iri)
        return Entity(
            readable_iri(node.iri),
            node.type,
            node.label,
            tuple(node.aliases),
            tuple(node.documents),
            tuple(facts),
            tuple(sorted(honors)),
            tuple(self._quantities(node.iri)),
            tuple(readable_iri(iri) for iri in found[1:]),
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
                v if isinstance(v, int | float) else as_text(v),
                as_text(unit),
                as_text(text),
                as_text(doc),
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
        some types (``"Organization,Program"`` or a list, the words of :meth:`entities`);
        ``doc`` what one document names and
        states; ``height`` is the frame's height in pixels. Returns an
        ``IPython.display.HTML`` (or an object with ``_repr_html_`` where IPython is
        missing). Raises :class:`UnknownEntityError` for an unknown ``focus`` and
        :class:`ValueError` for an unknown type or document.
        """
        from kg.render import TYPES, RenderError, make_page

        if focus is not None:
            self._require(focus)
        page_types: list[str] | None = None
        if types is not None:
            names = types.split(",") if isinstance(types, str) else list(types)
            codes = {str(style.cls): code for code, style in TYPES.items()}
            page_types = [codes[parse_entity_type(t).iri] for t in names if t.strip()]
        try:
            page = make_page(
                self._rdflib_graph(), focus=focus, depth=depth, types=page_types, doc=doc
            )
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

        Nodes are keyed by their readable IRI (:func:`kg.vocabulary.readable_iri`: the
        Chinese in it decoded, ``https://w3id.org/dangjian-kg/id/org/南区联合党委``): unique
        where a label is not (two entities may share a name), stable from build to build,
        and the ``iri`` of :meth:`entities`, so frames and graph join on it. Each node has
        ``type`` (``Organization``, ``Person``, ``Program``, ``Place``), ``type_label``
        (组织 …), ``label``, ``aliases`` and ``documents`` (lists) and ``iri`` (the exact,
        percent-encoded IRI of the graph, for SPARQL). Each relation is one edge
        (``pairedWith`` pairs are two, one each way) with ``relation`` (a CURIE:
        ``dj:manages``, ``org:holds`` …), ``label`` (its Chinese name, the post for
        ``org:holds``), ``post`` (the role of an ``org:holds``, else ``""``), ``evidence``
        (the sentences stating it) and ``documents`` (the document of each sentence, ``""``
        for the reference table), two lists of the same length. A fresh graph on every
        call.
        """
        return model_networkx(self._get_model())

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
          (node ids) and ``post``; and the nodes beside it (``edges.csv`` →
          ``edges.nodes.csv``: ``id`` (the readable IRI, as in :meth:`to_networkx`),
          ``type``, ``type_label``, ``label``, ``aliases``, ``documents``, ``iri`` (exact)).
          UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese;
        * ``"jsonld"``: the whole graph (every triple, named graphs merged) as JSON-LD
          compacted with a context for the ``dj``, ``org``, ``prov``, ``skos``,
          ``dcterms`` … prefixes (:data:`kg.api_export.JSONLD_CONTEXT`).
        """
        return write_export(path, format, self.to_networkx, self._rdflib_graph)

    # -- internals

    def _get_model(self) -> Model:
        if self._model is None:
            self._model = load_model(self.store)
        return self._model

    def to_rdflib(self) -> Graph:
        """The graph (the union of the documents' graphs) as an rdflib ``Graph``, for tools
        that need one (pyshacl, rdflib's serializers); read once and shared with the page
        and the JSON-LD export, so copy it before changing it. Queries never use it."""
        return self._rdflib_graph()

    def _rdflib_graph(self) -> Graph:
        """The union graph as an rdflib ``Graph`` (for the page and JSON-LD), read once."""
        if self._rdf is None:
            self._rdf = read_rdflib(self.graph_file)
        return self._rdf
