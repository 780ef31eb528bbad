"""The triples a page reads, held as integer tables: one pass over a graph, each term kept
once, no Python object per triple.

:class:`GraphTables` numbers every term (IRI, literal value, language tag) once, in a
``dict`` from text to number, and keeps, for each predicate :func:`read_predicates` names,
three int32 numpy columns of those numbers: subject, object, and the object's language
(labels only: the page reads no other language). A graph file is read with pyoxigraph's
streaming parser straight into these columns (:meth:`GraphTables.parse`); a pyoxigraph
store or an rdflib graph gives its rows through the same :meth:`GraphTables.add`. The
page's reader (:mod:`kg.render.read`) selects rows with numpy (``mask[column]``), and
only the rows it keeps become strings again.

They replace lists of tuples of interned strings and, in the reader, dictionaries of
lists made of every row: with them and the reader's two steps, the page of a 5,000-document
build (3.2 million triples) peaks at 524 MB where it took 1,098 MB, and four times that
graph (13 million triples) renders within 1.3 GB.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np
import pyoxigraph as ox

from kg.render.view import DJ, RELATIONS, TYPES, RenderError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
ORG = "http://www.w3.org/ns/org#"
TYPE = RDF + "type"
HOLDS = ORG + "holds"

Row = tuple[str, str, str]  # subject, object (IRI or lexical form), object's language or ""


class Triples(Protocol):
    """What :func:`kg.render.read.read_view` asks of a graph: the triples of one predicate."""

    def rows(self, predicate: str) -> Iterable[Row]:
        """Each distinct (subject, object, language) of ``predicate``."""
        ...


def read_predicates() -> frozenset[str]:
    """Every predicate the page reads."""
    relations = {str(p) for p in RELATIONS}
    dj = {str(DJ[n]) for n in ("mentionedIn", "awarded", "quantity", "measure", "unit", "rule")}
    dj |= {str(DJ.evidence), str(DJ.text)}
    rdf = {RDF + n for n in ("subject", "predicate", "object", "value")}
    other = {TYPE, ORG + "postIn", ORG + "role", RDFS_LABEL, SKOS_ALT, PROV_DERIVED}
    return frozenset(relations | dj | rdf | other | {DCT + "identifier", DCT + "isPartOf"})


def read_classes() -> frozenset[str]:
    """The classes whose ``rdf:type`` rows the page reads."""
    classes = {str(s.cls) for s in TYPES.values()}
    classes |= {str(DJ[n]) for n in ("Document", "Source", "Assertion", "ImplicitAssertion")}
    return frozenset(classes)


class Column:
    """The rows of one predicate: subject, object and language numbers (int32 arrays)."""

    __slots__ = ("language", "object", "subject")

    def __init__(self, subject: np.ndarray, obj: np.ndarray, language: np.ndarray) -> None:
        self.subject, self.object, self.language = subject, obj, language

    def __len__(self) -> int:
        return len(self.subject)

    def take(self, rows: np.ndarray) -> Column:
        """The rows a mask (or index array) over this column picks."""
        return Column(self.subject[rows], self.object[rows], self.language[rows])

    def where(self, keep: np.ndarray) -> Column:
        """The rows whose subject ``keep`` (a mask over term numbers) accepts."""
        return self.take(keep[self.subject])


class Numbering(dict[str, int]):
    """Text → number, a new text getting the next number when first looked up."""

    def __missing__(self, text: str) -> int:
        number = self[text] = len(self)
        return number


class GraphTables:
    """Term numbers and, per predicate, the integer columns of its rows (see the module)."""

    def __init__(self) -> None:
        self.ids = Numbering({"": 0})  # term 0: no language
        self.terms: list[str] = []
        self.columns: dict[str, Column] = {}
        self._building: dict[str, array[int]] = {p: array("i") for p in read_predicates()}
        self._classes = read_classes()

    # -- building

    def add(self, predicate: str, subject: str, obj: str, language: str = "") -> None:
        """One row (for sources other than a file; :meth:`parse` inlines this). Only labels
        keep their language: the page reads no other, and takes the least of any other
        values, which the language would not change."""
        rows = self._building.get(predicate)
        if rows is not None and (predicate != TYPE or obj in self._classes):
            ids = self.ids
            rows.extend((ids[subject], ids[obj], ids[language] if predicate == RDFS_LABEL else 0))

    def parse(self, file: Path, rdf_format: ox.RdfFormat) -> None:
        """Every wanted row of a graph file, read once with pyoxigraph's streaming parser
        (``rdf:type`` only for :func:`read_classes`)."""
        ids, building, classes = self.ids, self._building, self._classes
        types, labels = building[TYPE], building[RDFS_LABEL]
        literal = ox.Literal
        try:
            for quad in ox.parse(path=str(file), format=rdf_format):
                rows = building.get(quad.predicate.value)
                if rows is None:
                    continue
                o = quad.object
                value = o.value
                if rows is types and value not in classes:
                    continue
                if rows is labels and type(o) is literal and o.language:
                    rows.extend((ids[quad.subject.value], ids[value], ids[o.language]))
                else:
                    rows.extend((ids[quad.subject.value], ids[value], 0))
        except (SyntaxError, ValueError, OSError) as exc:
            raise RenderError(f"{file}: cannot read the graph: {exc}") from exc

    def add_triples(self, triples: Iterable[tuple[str, str, int, str, str]]) -> None:
        """The wanted rows of :data:`kg.graph.Triple` tuples (``kg build`` feeds the
        triples it writes, so its page needs no parse of the file): ``(subject, predicate
        or "" for rdf:type, kind, value, "<language>|<datatype>")``. A triple may come more
        than once: :meth:`finish` with ``distinct``."""
        ids, building, classes = self.ids, self._building, self._classes
        types, labels = building[TYPE], building[RDFS_LABEL]
        for s, p, kind, value, suffix in triples:
            rows = building.get(p) if p else types
            if rows is None or (rows is types and value not in classes):
                continue
            if rows is labels and kind == 1 and suffix[:1] not in ("|", ""):
                rows.extend((ids[s], ids[value], ids[suffix.partition("|")[0]]))
            else:
                rows.extend((ids[s], ids[value], 0))

    def finish(self, *, distinct: bool) -> GraphTables:
        """Freeze the rows into numpy columns (``distinct``: each row once, as a quad file
        may repeat a triple in several graphs)."""
        for predicate, rows in self._building.items():
            table = np.frombuffer(rows, dtype=np.int32).reshape(-1, 3)
            if distinct and len(table):
                table = np.unique(table, axis=0)
            table = np.ascontiguousarray(table.T)
            self.columns[predicate] = Column(table[0], table[1], table[2])
        self._building = {}
        self.terms = list(self.ids)
        return self

    @classmethod
    def from_triples(cls, triples: Triples) -> GraphTables:
        """The tables of a source that gives its rows per predicate."""
        tables = cls()
        for predicate in sorted(read_predicates()):
            for s, o, lang in triples.rows(predicate):
                tables.add(predicate, s, o, lang)
        return tables.finish(distinct=True)

    @classmethod
    def from_file(cls, file: Path, rdf_format: ox.RdfFormat, *, quads: bool) -> GraphTables:
        """The tables of a graph file (quad files: each triple once)."""
        tables = cls()
        tables.parse(file, rdf_format)
        return tables.finish(distinct=quads)

    # -- reading

    def column(self, predicate: str) -> Column:
        empty = np.zeros(0, dtype=np.int32)
        return self.columns.get(predicate) or Column(empty, empty, empty)

    def id(self, text: str) -> int:
        """The number of a term, or -1 when the graph has no such term."""
        return self.ids.get(text, -1)

    def mask(self, numbers: Iterable[int] | np.ndarray = ()) -> np.ndarray:
        """A mask over term numbers, true at ``numbers``."""
        out = np.zeros(len(self.terms), dtype=bool)
        if not isinstance(numbers, np.ndarray):
            numbers = np.fromiter(numbers, dtype=np.int64)
        out[numbers] = True
        return out

    def rows(self, predicate: str) -> Iterator[Row]:
        """The rows of ``predicate`` as strings (the :class:`Triples` protocol)."""
        column, terms = self.column(predicate), self.terms
        for s, o, lang in zip(
            column.subject.tolist(), column.object.tolist(), column.language.tolist(), strict=True
        ):
            yield terms[s], terms[o], terms[lang]
