"""The extraction pipeline: read → segment → recognize → relate → resolve.

``Extractor().extract(source)`` turns one :class:`~kg.records.SourceDocument` into one
:class:`~kg.records.DocumentRecord`; :func:`write_record` writes it atomically as JSON.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path, PurePosixPath

from kg.files import atomic_write_text
from kg.quantities import extract_quantities
from kg.recognize import EntityRecognizer
from kg.records import DocumentRecord, SourceDocument
from kg.relate import implied_actor, relate, sentence_views
from kg.resolve import resolve
from kg.segment import split_sentences


class Extractor:
    """Entities, relations and quantities of a document, by rules (and a model if given)."""

    def __init__(self, model: str | None = None, fast: bool = False) -> None:
        """``fast``: the rules alone, without the LAC model."""
        self.recognizer = EntityRecognizer(model, fast=fast)

    def extract(self, source: SourceDocument) -> DocumentRecord:
        # A document's rules make many small objects and few reference cycles: the cyclic
        # collector would rescan them dozens of times a document; it runs once after it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._extract(source)
        finally:
            if collecting:
                gc.enable()

    def _extract(self, source: SourceDocument) -> DocumentRecord:
        sentences = split_sentences(source.text)
        recognized = self.recognizer(source, sentences)
        actor = implied_actor(recognized)
        views = sentence_views(recognized)
        relations = relate(recognized, actor, views)
        quantities = list(extract_quantities(recognized, actor, views))
        return resolve(recognized, relations, quantities)


def output_name(doc_name: str) -> str:
    """The record file of a document: its name plus ``.json`` (``a/x.txt`` → ``a/x.txt.json``,
    see :mod:`kg.discover`), so that ``x.txt`` and ``x.md`` never share a record."""
    parts = PurePosixPath(doc_name).parts
    if not parts or doc_name.startswith("/") or any(p in {".", ".."} for p in parts):
        raise ValueError(f"not a relative document name: {doc_name!r}")
    return doc_name + ".json"


def write_record(record: DocumentRecord, out_dir: Path) -> Path:
    """Write ``record`` to ``out_dir / output_name(record.doc)`` atomically."""
    path = out_dir / output_name(record.doc)
    atomic_write_text(path, json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n")
    return path
