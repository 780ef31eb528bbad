"""What the extractor makes of a short invented text, as sets the tests compare."""

from __future__ import annotations

from kg.pipeline import Extractor
from kg.records import DocumentRecord, SourceDocument


def extract(extractor: Extractor, text: str) -> DocumentRecord:
    return extractor.extract(SourceDocument("t.txt", text))


def names(record: DocumentRecord, etype: str) -> set[str]:
    return {e.text for e in record.entities if e.type == etype}


def triples(record: DocumentRecord, relation: str) -> set[tuple[str, str]]:
    return {(r.head, r.tail) for r in record.relations if r.relation == relation}


def quantities_of(record: DocumentRecord) -> set[tuple[str, str, float]]:
    """The record's quantities as (subject, measure, value)."""
    return {(q.subject, q.measure, q.value) for q in record.quantities}


def posts_of(record: DocumentRecord) -> set[tuple[str, str, str]]:
    """The record's posts as (person, organization, post)."""
    return {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
