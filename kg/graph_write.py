"""Writing the graph: sorted Turtle and TriG, with the counts of the build report, in memory
bounded by :data:`SPILL_TRIPLES` rather than by the corpus, and each document's part kept
for the next build (:mod:`kg.graph_cache`).

:func:`write_graph` takes the documents one at a time from :class:`kg.graph.TripleBuilder`
and cuts each one's triples into a part (:class:`DocumentPart`):

* its named graph, as TriG text (kept in a file until ``graph.trig`` is written, in order
  of the graph IRIs);
* the Turtle text of the subjects only this document has (the document, its sentences,
  quantities and assertions: their IRIs hold the document's name or sentence), with their
  counts;
* the triples it adds about subjects other documents share (entities, posts, roles).

``graph.ttl`` is the sorted merge of the shared subjects (their triples gathered from every
document and sorted, in runs on disk past :data:`SPILL_TRIPLES`) and the documents' own
subjects, whose text is made once. A part is reused by the next build of the same output
while the document's record and the identities its names resolve to are unchanged.

No N-Triples or N-Quads copy is written for Oxigraph: its ``bulk_load`` reads the sorted
Turtle as fast (11.7 s against 13.4 s for the 1.4 M triples of 5,000 synthetic documents),
and :mod:`kg.store.cache` loads ``graph.ttl`` on the first query of a large graph.

The text is that of :mod:`kg.graph`'s order: subjects by IRI, ``a`` first then predicates
by IRI, IRIs before literals; prefixed names where the local part allows; integers and
decimals bare. The same triples give the same bytes, however they were produced.
"""

from __future__ import annotations

import heapq
import io
import itertools
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import orjson
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node as RdfNode

from kg.graph import (
    C_ASSERTION,
    C_IMPLICIT,
    ID,
    P_DERIVED,
    PREFIXES,
    RELATION_PREDICATE_IRIS,
    SOURCE,
    TYPE,
    XSD_DECIMAL,
    XSD_INTEGER,
    DocumentInput,
    DocumentTriples,
    KnowledgeGraph,
    Triple,
    TripleBuilder,
    doc_iri,
    short_name,
)
from kg.graph_cache import ChunkStore, identity_signature
from kg.identity import Resolution

SPILL_TRIPLES = 200_000
"""Triples a :class:`SortedTriples` holds before it writes a sorted run to disk."""
_BATCH = 8192  # triples per pickle record of a run: what a merge holds per run

# ----------------------------------------------------------------------------- terms

_PN_LOCAL = re.compile(
    r"^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-]|%[0-9A-Fa-f]{2}|\.(?=[A-Za-z0-9_\-%]))*$"
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f]')
_BARE_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_BARE_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
XSD_STRING = str(XSD.string)
_NAMESPACES = {namespace: prefix for prefix, namespace in reversed(PREFIXES)}
# Every namespace ends in / or #: the longest one an IRI starts with can only give a prefixed
# name if it ends where the IRI's last / or # does (a local part holds neither).
_BY_LAST_SEPARATOR = all(namespace[-1] in "/#" for namespace in _NAMESPACES)


@lru_cache(maxsize=1 << 16)
def iri_text(iri: str) -> str:
    """An IRI in Turtle: a prefixed name (longest namespace) where possible, else ``<IRI>``."""
    if _BY_LAST_SEPARATOR:
        end = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = _NAMESPACES.get(iri[:end]) if end else None
        best = None if prefix is None else (prefix, iri[:end])
    else:
        best = None
        for prefix, namespace in PREFIXES:
            if iri.startswith(namespace) and (best is None or len(namespace) > len(best[1])):
                best = (prefix, namespace)
    if best is not None:
        local = iri[len(best[1]) :]
        if local == "" or _PN_LOCAL.match(local):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _quote(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def object_text(kind: int, value: str, suffix: str) -> str:
    """The object of a :data:`~kg.graph.Triple` in Turtle."""
    if kind == 0:
        return iri_text(value)
    if suffix == "zh|":
        return _quote(value) + "@zh"
    language, _, datatype = suffix.partition("|")
    if language:
        return f"{_quote(value)}@{language}"
    if not datatype or datatype == XSD_STRING:
        return _quote(value)
    if datatype == XSD_INTEGER and _BARE_INTEGER.match(value):
        return value
    if datatype == XSD_DECIMAL and _BARE_DECIMAL.match(value):
        return value
    return f"{_quote(value)}^^{iri_text(datatype)}"


def term_text(term: RdfNode) -> str:
    """One rdflib term in Turtle: a prefixed name or ``<IRI>``, or a literal."""
    if isinstance(term, URIRef):
        return iri_text(str(term))
    if isinstance(term, Literal):
        suffix = f"{term.language or ''}|{term.datatype or ''}"
        return object_text(1, str(term), suffix)
    raise TypeError(f"blank nodes are not written: {term!r}")


# ----------------------------------------------------------------------------- sorting


class SortedTriples:
    """Triples added in any order, given back once sorted and without duplicates.

    At most ``limit`` triples are held: past that they are sorted and appended to a
    temporary file in ``folder`` as a run; iterating merges the runs.
    """

    def __init__(self, folder: Path, limit: int = SPILL_TRIPLES) -> None:
        self.folder = folder
        self.limit = limit
        self._buffer: list[Triple] = []
        self._runs: list[Path] = []
        self.count = 0  # distinct triples given back by the last iteration

    def extend(self, triples: Iterable[Triple]) -> None:
        self._buffer.extend(triples)
        if len(self._buffer) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        run = sorted(set(self._buffer))
        self._buffer = []
        descriptor, name = tempfile.mkstemp(dir=self.folder, prefix="run-")
        with os.fdopen(descriptor, "wb") as handle:
            for start in range(0, len(run), _BATCH):
                pickle.dump(run[start : start + _BATCH], handle, pickle.HIGHEST_PROTOCOL)
        self._runs.append(Path(name))

    @staticmethod
    def _read_run(path: Path) -> Iterator[Triple]:
        with path.open("rb") as handle:
            while True:
                try:
                    batch = pickle.load(handle)
                except EOFError:
                    return
                yield from batch

    def __iter__(self) -> Iterator[Triple]:
        last: Triple | None = None
        runs: list[Iterable[Triple]] = [self._read_run(run) for run in self._runs]
        runs.append(sorted(set(self._buffer)))
        self._buffer = []
        merged = runs[0] if len(runs) == 1 else heapq.merge(*runs)
        self.count = 0
        for triple in merged:
            if triple != last:
                self.count += 1
                yield triple
                last = triple

    def close(self) -> None:
        for run in self._runs:
            run.unlink(missing_ok=True)
        self._runs = []


# ----------------------------------------------------------------------------- counts


@dataclass
class GraphStats:
    """Counts for the build report, taken from a sorted union stream (:meth:`count`)."""

    triples: int = 0
    quads: int = 0
    named_graphs: int = 0
    instances: Counter[str] = field(default_factory=Counter)
    relation_triples: Counter[str] = field(default_factory=Counter)
    assertions: int = 0
    implicit: int = 0
    gazetteer: int = 0

    def count(self, triples: Iterable[Triple]) -> Iterator[Triple]:
        """Pass ``triples`` (sorted, distinct) through, counting them."""
        assertion = None  # the subject last typed dj:Assertion (a subject's types come first)
        for triple in triples:
            self.triples += 1
            s, p, kind, value, _suffix = triple
            if p == TYPE:
                self.instances[short_name(value)] += 1
                if value == C_ASSERTION:
                    self.assertions += 1
                    assertion = s
                elif value == C_IMPLICIT:
                    self.implicit += 1
            elif p in RELATION_PREDICATE_IRIS:
                self.relation_triples[short_name(p)] += 1
            elif p == P_DERIVED and kind == 0 and value == SOURCE and s == assertion:
                self.gazetteer += 1
            yield triple

    def add(self, other: GraphStats) -> None:
        """Add the counts of ``other`` (triples of other subjects)."""
        self.triples += other.triples
        self.instances.update(other.instances)
        self.relation_triples.update(other.relation_triples)
        self.assertions += other.assertions
        self.implicit += other.implicit
        self.gazetteer += other.gazetteer

    def summary(self) -> dict[str, Any]:
        """The counts as the report has them (sorted)."""
        return {
            "triples": self.triples,
            "quads": self.quads,
            "named_graphs": self.named_graphs,
            "instances": dict(sorted(self.instances.items())),
            "relation_triples": dict(sorted(self.relation_triples.items())),
            "assertions": {
                "total": self.assertions,
                "explicit": self.assertions - self.implicit - self.gazetteer,
                "implicit": self.implicit,
                "gazetteer": self.gazetteer,
            },
        }


# ----------------------------------------------------------------------------- text


def _prefix_text() -> str:
    return "\n".join(f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES)


def subject_text(subject: str, triples: Iterable[Triple]) -> str:
    """One subject's triples (sorted, distinct) as a Turtle paragraph, not indented."""
    lines = [iri_text(subject)]
    predicate: str | None = None
    verb, objects = "", []
    for _s, p, kind, value, suffix in triples:
        if p != predicate:
            if objects:
                lines.append(verb + ",\n        ".join(objects) + " ;")
            predicate, objects = p, []
            verb = "    " + ("a" if p == TYPE else iri_text(p)) + " "
        objects.append(object_text(kind, value, suffix))
    if objects:
        lines.append(verb + ",\n        ".join(objects) + " .")
    return "\n".join(lines)


def subject_paragraphs(triples: Iterable[Triple]) -> Iterator[tuple[str, str]]:
    """``(subject, its Turtle paragraph)`` of sorted, distinct triples, in order."""
    for subject, group in itertools.groupby(triples, key=itemgetter(0)):
        yield subject, subject_text(subject, group)


def _indented(paragraph: str) -> str:
    return "    " + paragraph.replace("\n", "\n    ")  # literals hold no raw newline


def named_graph_text(graph: str, paragraphs: Iterable[str]) -> str:
    """One named graph of a TriG file: its IRI and its subjects' paragraphs, indented."""
    return f"{iri_text(graph)} {{\n" + "\n\n".join(map(_indented, paragraphs)) + "\n}"


def _write_paragraphs(handle: IO[str], paragraphs: Iterable[str]) -> None:
    """The prefixes, then each paragraph after a blank line, then one newline."""
    chunk: list[str] = [_prefix_text()]
    size = 0
    for paragraph in paragraphs:
        chunk.append(paragraph)
        size += len(paragraph)
        if size > 1 << 18:
            handle.write("\n\n".join(chunk))
            chunk, size = [""], 0
    handle.write("\n\n".join(chunk) + "\n")


def write_turtle(handle: IO[str], union: Iterable[Triple]) -> None:
    """The union graph (sorted, distinct triples) as Turtle."""
    _write_paragraphs(handle, (text for _s, text in subject_paragraphs(union)))


def write_trig(
    handle: IO[str], default: Iterable[Triple], named: Iterable[tuple[str, Sequence[Triple]]]
) -> None:
    """TriG: the default graph (entities, posts, the place hierarchy) then each named graph
    (in IRI order; each document's sentences, mentions, relations, assertions, quantities)."""
    defaults = (text for _s, text in subject_paragraphs(default))
    graphs = (
        named_graph_text(graph, (text for _s, text in subject_paragraphs(triples)))
        for graph, triples in named
        if triples
    )
    _write_paragraphs(handle, itertools.chain(defaults, graphs))


def _text(write: Any, *args: Any) -> str:
    buffer = io.StringIO()
    write(buffer, *args)
    return buffer.getvalue()


def to_turtle(kg: KnowledgeGraph) -> str:
    """The union graph of a graph in memory as Turtle."""
    return _text(write_turtle, sorted(kg.triples()))


def to_trig(kg: KnowledgeGraph) -> str:
    """A graph in memory as TriG (see :func:`write_trig`)."""
    named = ((g, sorted(kg.named[g])) for g in sorted(kg.named))
    return _text(write_trig, sorted(kg.default), named)


# ----------------------------------------------------------------------------- parts

_ASSERTION_NS, _QUANTITY_NS = ID + "assertion/", ID + "quantity/"


@dataclass
class DocumentPart:
    """One document's part of the graph files (its named graph's text is kept apart)."""

    graph: str
    own: list[tuple[str, str]]  # (subject, Turtle paragraph) of the subjects only it has
    own_triples: bytes  # the triples of those subjects as JSON (for a build's page)
    shared: list[Triple]  # its named graph's triples about shared subjects (entities)
    default: list[Triple]  # what it adds to the default graph (posts, roles)
    stats: GraphStats  # the counts of its own subjects' triples
    quads: int  # the triples of its named graph
    dropped: list[dict[str, str]]  # the relations it left out


def make_part(made: DocumentTriples, dropped: list[dict[str, str]]) -> tuple[DocumentPart, str]:
    """A document's part and its named graph's TriG text."""
    g = made.graph
    sentences = g + "/sentence/"
    named = sorted(set(made.named))
    paragraphs: list[str] = []
    own: list[tuple[str, str]] = []
    own_triples: list[Triple] = []
    shared: list[Triple] = []
    stats = GraphStats()
    for subject, group in itertools.groupby(named, key=itemgetter(0)):
        triples = list(group)
        text = subject_text(subject, triples)
        paragraphs.append(text)
        if (
            subject.startswith(_ASSERTION_NS)  # named by a hash of its sentence's IRI
            or subject.startswith(_QUANTITY_NS)  # by a hash of the document's name
            or subject.startswith(sentences)
            or subject == g
        ):
            own.append((subject, text))
            own_triples += triples
            for _ in stats.count(triples):
                pass
        else:
            shared += triples
    default = sorted(set(made.default))
    # JSON, not tuples: a pickle's bytes would depend on which equal strings are one object
    own_json = orjson.dumps(own_triples)
    part = DocumentPart(g, own, own_json, shared, default, stats, len(named), dropped)
    return part, named_graph_text(g, paragraphs)


def _merged(made: Sequence[DocumentTriples]) -> DocumentTriples:
    """The triples of documents that share one name (and so one named graph)."""
    if len(made) == 1:
        return made[0]
    named = [t for m in made for t in m.named]
    return DocumentTriples(made[0].graph, named, [t for m in made for t in m.default])


# ----------------------------------------------------------------------------- a build


@dataclass
class WrittenGraph:
    """What :func:`write_graph` wrote: the counts, the relations left out, and how many
    documents' parts were reused from the last build."""

    stats: GraphStats
    dropped: list[dict[str, str]]
    reused: int = 0


def _open_text(path: Path) -> IO[str]:
    return path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)


def _close_synced(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _parts(
    docs: Sequence[DocumentInput], builder: TripleBuilder, store: ChunkStore
) -> Iterator[tuple[str, DocumentPart]]:
    """``(key in store, part)`` of each named graph, in the order of the documents (a name
    given twice: where its last record comes). A document with a digest and a name of its
    own is reused from the last build where it can be, and kept for the next."""
    graphs = [doc_iri(d.record.doc) for d in docs]
    remaining = Counter(graphs)
    pending: dict[str, list[DocumentTriples]] = {}
    pending_dropped: dict[str, list[dict[str, str]]] = {}
    node_texts: dict[int, str] = {}
    for i, (doc, graph) in enumerate(zip(docs, graphs, strict=True)):
        cacheable = doc.digest is not None and remaining[graph] == 1 and graph not in pending
        key = doc.digest if cacheable and doc.digest is not None else f"part-{i}"
        signature = None
        if cacheable:
            signature = identity_signature(doc.record, builder.resolution, node_texts)
        if signature is not None:
            part = store.reuse(key, signature)
            if isinstance(part, DocumentPart):
                builder.dropped += part.dropped
                remaining[graph] -= 1
                yield key, part
                continue
        first_drop = len(builder.dropped)
        made = builder.document_triples(doc)
        pending.setdefault(graph, []).append(made)
        pending_dropped.setdefault(graph, []).extend(builder.dropped[first_drop:])
        remaining[graph] -= 1
        if remaining[graph]:
            continue  # another record of this name comes later
        part, trig = make_part(_merged(pending.pop(graph)), pending_dropped.pop(graph))
        store.put(key, trig, signature, part)
        yield key, part


def _passed_to(
    sink: Callable[[Iterable[Triple]], None], triples: Iterable[Triple], batch: int = _BATCH
) -> Iterator[Triple]:
    """``triples`` as they are, given to ``sink`` on the way in batches of ``batch``."""
    pending: list[Triple] = []
    for triple in triples:
        pending.append(triple)
        if len(pending) >= batch:
            sink(pending)
            pending = []
        yield triple
    sink(pending)


def write_graph(
    docs: Iterable[DocumentInput],
    resolution: Resolution,
    turtle: Path,
    trig: Path,
    source_label: str = "table of administrative division codes",
    *,
    limit: int = SPILL_TRIPLES,
    cache: Path | None = None,
    previous: Path | None = None,
    after_turtle: Callable[[], None] | None = None,
    sink: Callable[[Iterable[Triple]], None] | None = None,
) -> WrittenGraph:
    """Write the graph of ``docs`` as Turtle and TriG; sorted runs of at most ``limit``
    triples go to a temporary folder beside ``turtle``.

    ``cache``: a folder to keep each document's part in for the next build (see
    :mod:`kg.graph_cache`); ``previous``: the last build's, whose parts are reused where the
    document's record and identities are unchanged. ``after_turtle`` is called once
    ``turtle`` is complete (``kg build --jobs``: the page is drawn meanwhile).
    ``sink`` is given every triple of graph.ttl once, in batches, before ``after_turtle``
    (``kg build`` makes its page's tables so, instead of parsing the file).
    """
    docs = list(docs)
    builder = TripleBuilder(resolution, source_label)
    stats = GraphStats()
    quads = 0
    with tempfile.TemporaryDirectory(prefix=".graph-", dir=turtle.parent) as work:
        folder = Path(work)
        store = ChunkStore(cache if cache is not None else folder / "parts", previous)
        shared, default = SortedTriples(folder, limit), SortedTriples(folder, limit)
        own = SortedTriples(folder, limit)
        graphs: list[tuple[str, str]] = []
        try:
            entities = builder.entity_triples()
            shared.extend(entities)
            default.extend(entities)
            del entities
            for key, part in _parts(docs, builder, store):
                if sink is not None:
                    sink(orjson.loads(part.own_triples))
                shared.extend(part.shared)
                shared.extend(part.default)
                default.extend(part.default)
                own.extend(part.own)
                stats.add(part.stats)
                quads += part.quads
                graphs.append((part.graph, key))
            handle = _open_text(turtle)
            try:
                union = stats.count(shared)
                if sink is not None:
                    union = _passed_to(sink, union)
                paragraphs = heapq.merge(subject_paragraphs(union), own)
                _write_paragraphs(handle, (text for _s, text in paragraphs))
            finally:
                _close_synced(handle)
            if after_turtle is not None:
                after_turtle()
            handle = _open_text(trig)
            try:
                defaults = (text for _s, text in subject_paragraphs(default))
                named = (store.trig(key) for _graph, key in sorted(graphs))
                _write_paragraphs(handle, itertools.chain(defaults, named))
            finally:
                _close_synced(handle)
            stats.quads = default.count + quads
            stats.named_graphs = len(graphs)
        finally:
            shared.close()
            default.close()
            own.close()
    return WrittenGraph(stats, builder.dropped, store.reused)
