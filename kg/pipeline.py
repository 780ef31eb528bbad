"""The extraction pipeline: read → segment → recognize → relate → resolve.

``Extractor().extract(source)`` turns one :class:`~kg.records.SourceDocument` into one
:class:`~kg.records.DocumentRecord`; :func:`write_record` writes it atomically as JSON.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from kg.quantities import extract_quantities
from kg.recognize import EntityRecognizer
from kg.records import DocumentRecord, SourceDocument
from kg.relate import implied_actor, relate, sentence_views
from kg.resolve import resolve
from kg.segment import split_sentences


class Extractor:
    """Entities, relations and quantities of a document, by rules (and a model if given)."""

    def __init__(self, model: str | None = None) -> None:
        self.recognizer = EntityRecognizer(model)

    def extract(self, source: SourceDocument) -> DocumentRecord:
        sentences = split_sentences(source.text)
        recognized = self.recognizer(source, sentences)
        actor = implied_actor(recognized)
        views = sentence_views(recognized)
        relations = relate(recognized, actor, views)
        quantities = list(extract_quantities(recognized, actor, views))
        return resolve(recognized, relations, quantities)


def output_name(doc_name: str) -> str:
    """``NAME.ext`` → ``NAME.json``."""
    return Path(doc_name).stem + ".json"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_record(record: DocumentRecord, out_dir: Path) -> Path:
    path = out_dir / output_name(record.doc)
    atomic_write_text(path, json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n")
    return path
