"""The ``kg`` command: one subcommand per pipeline step."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # imported where used: kg query and kg serve start without them
    from rich.progress import Progress

    from kg.discover import Discovery

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="dangjian-kg: a knowledge graph from Chinese texts on grassroots Party building.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


ModelOption = Annotated[
    str | None,
    typer.Option(
        help="A trained spaCy pipeline (name or path) whose NER is merged with the rules."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: all cores); the output is the same for any number.",
    ),
]
FastOption = Annotated[
    bool, typer.Option("--fast", help="The rules alone, without the LAC model: faster.")
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (searched for .txt, .md, .html, .docx, .pdf) or - for standard input."
    ),
]
INTERRUPTED = 130  # the shell's status for a run ended by SIGINT


@app.callback()
def main() -> None:
    """dangjian-kg: a knowledge graph from Chinese texts on grassroots Party building."""


@app.command()
def extract(
    inputs: InputsArgument,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the records (NAME.ext.json).")
    ],
    model: ModelOption = None,
    fast: FastOption = False,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Extract entities, relations and quantities, one JSON file per document.

    Exit status: 0 all extracted, 1 some inputs skipped (one error line each), 2 nothing
    extracted.
    """
    from contextlib import ExitStack

    from kg.batch import ExtractorStartError, default_jobs, extract_all
    from kg.files import OutputLocked, output_lock, remove_stale_temporaries
    from kg.model_ner import ModelLoadError
    from kg.record_cache import content_hash, extractor_version, write_cached_record

    found = _discover(inputs)
    version = extractor_version(model, fast)  # with each document's hash: kg build reuses
    totals = {"documents": 0, "entities": 0, "relations": 0, "quantities": 0, "errors": 0}
    show_bar = not quiet and err.is_terminal
    with ExitStack() as held:
        progress = held.enter_context(_progress(show_bar))
        say = progress.console.print
        for line in found.notes:
            say(f"note: {line}", markup=False)
        for line in found.errors:
            totals["errors"] += 1
            say(f"error: {line}", markup=False)
        task = progress.add_task("extracting", total=len(found.files))
        locked = False
        outcomes = extract_all(found.files, model=model, fast=fast, jobs=jobs or default_jobs())
        try:
            hashes = {f.path: content_hash(f) for f in found.files}  # taken before reading
            for outcome in outcomes:
                for line in outcome.notes:
                    say(f"note: {line}", markup=False)
                record = outcome.record
                if record is None:
                    totals["errors"] += 1
                    say(f"error: {outcome.error}", markup=False)
                    progress.advance(task)
                    continue
                try:
                    if not locked:  # the output folder is made when there is a record for it
                        held.enter_context(output_lock(out))
                        remove_stale_temporaries(out)
                        locked = True
                    sha = hashes[outcome.file.path]
                    write_cached_record(
                        record, outcome.sentences, out, sha256=sha, extractor=version
                    )
                except OSError as exc:
                    totals["errors"] += 1
                    reason = exc.strerror or type(exc).__name__
                    say(f"error: {outcome.file.shown}: cannot write output: {reason}", markup=False)
                else:
                    totals["documents"] += 1
                    totals["entities"] += len(record.entities)
                    totals["relations"] += len(record.relations)
                    totals["quantities"] += len(record.quantities)
                progress.advance(task)
        except (ModelLoadError, ExtractorStartError, OutputLocked) as exc:
            raise typer.Exit(_fail(str(exc))) from exc
        except KeyboardInterrupt as exc:
            raise typer.Exit(_interrupted()) from exc
    if not quiet:
        err.print(
            f"{totals['documents']} documents, {totals['entities']} entities, "
            f"{totals['relations']} relations, {totals['quantities']} quantities, "
            f"{totals['errors']} errors → {out}",
            markup=False,
        )
    if not totals["documents"]:
        raise typer.Exit(2)
    if totals["errors"]:
        raise typer.Exit(1)


def _discover(inputs: list[str]) -> Discovery:
    """The documents of the inputs; exit 2 (with the reasons) when there are none."""
    from kg.discover import discover
    from kg.read import InputError

    try:
        found = discover(inputs)
    except InputError as exc:
        raise typer.Exit(_fail(str(exc))) from exc
    if not found.files:
        for line in found.notes:
            err.print(f"note: {line}", markup=False)
        for line in found.errors:
            err.print(f"error: {line}", markup=False)
        raise typer.Exit(_fail("no .txt, .md, .html, .docx or .pdf files found in the inputs"))
    return found


def _interrupted() -> int:
    err.print("interrupted: nothing more was written", markup=False)
    return INTERRUPTED


@app.command()
def evaluate(
    gold: Annotated[
        list[Path],
        typer.Option(
            help="Folder of NAME.gold.json files; repeat it to score several corpora "
            "(e.g. seeds and dev) apart and together."
        ),
    ],
    pred: Annotated[Path, typer.Option(help="Folder of NAME.json files from kg extract.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per entity type, relation and measure, and overall."""
    from kg.evaluate import evaluate_dirs, render_table

    reports = {}
    try:
        for folder in gold:
            reports[str(folder)] = evaluate_dirs(folder, pred)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    parts = list(reports.values())
    total = parts[0]
    for part in parts[1:]:
        total = total.merge(part)
    if len(parts) > 1:
        reports["together"] = total
    if as_json:
        payload = (
            total.to_json() if len(parts) == 1 else {k: r.to_json() for k, r in reports.items()}
        )
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False)
    for name, report in reports.items():
        if len(parts) > 1:
            out.print(f"[bold]{name}[/bold]")
        out.print(render_table(report))
        if report.missing_predictions:
            out.print(f"missing predictions: {', '.join(report.missing_predictions)}")


@app.command()
def query(
    graph: Annotated[
        str | None, typer.Argument(help="Graph file (.ttl, .trig, .nt, .nq) or kg build folder.")
    ] = None,
    sparql: Annotated[str | None, typer.Argument(help="SPARQL query text.")] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="A bundled question (see --list).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="A SPARQL query file (.rq).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a bundled question (repeatable)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or markdown.")] = "table",
    store: Annotated[
        str,
        typer.Option(
            "--store",
            help="auto (Oxigraph in memory, on disk above 5 MB), memory, or oxigraph "
            "(on disk, cached); rdflib is a deprecated alias of memory.",
        ),
    ] = "auto",
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the bundled questions and exit.")
    ] = False,
    show: Annotated[
        bool, typer.Option("--show", help="Print the query text instead of running it.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds the query may run (0: no limit).")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Most rows an answer may have.")] = 1_000_000,
) -> None:
    """Run a SPARQL query (text, -f FILE or --name QUESTION) over a graph, read-only.

    A bundled question about one entity or place needs its --param (exit 2 without it).
    SERVICE, FROM, FROM NAMED, LOAD and updates are refused (exit 2); the query is stopped
    at --timeout (exit 2). Tables, Markdown and CSV show IRIs with their Chinese decoded;
    JSON gives them exactly."""
    from kg.query import (
        FORMATS,
        MissingParameterError,
        format_result,
        resolve_query_text,
        run,
        to_table,
    )
    from kg.query import list_queries as print_queries
    from kg.store import BACKENDS, RDFLIB_DEPRECATED, StoreError

    if list_queries:
        print_queries()
        return
    try:
        if fmt not in FORMATS:
            raise StoreError(f"--format {fmt!r}: choose {', '.join(FORMATS)}")
        if store not in BACKENDS:
            raise StoreError(f"--store {store!r}: choose {', '.join(BACKENDS)}")
        if store == "rdflib":
            err.print(f"warning: --store rdflib: {RDFLIB_DEPRECATED}", markup=False)
            store = "memory"
        if show and graph is not None and sparql is None and name is None and file is None:
            graph, sparql = None, graph
        if show:
            text, _ = resolve_query_text(sparql, name, file, param, show=True)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return
        if graph is None:
            raise StoreError("give a graph file or folder (kg query GRAPH_OR_DIR …)")
        text, title = resolve_query_text(sparql, name, file, param)
        result, backend, seconds = run(
            graph, text, backend=store, timeout_s=timeout, max_rows=max_rows
        )
    except StoreError as exc:
        message = exc.command_line() if isinstance(exc, MissingParameterError) else str(exc)
        err.print(f"error: {message}", markup=False)
        raise typer.Exit(2) from exc
    if fmt != "table":
        sys.stdout.write(format_result(result, fmt))
        return
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    if result.kind == "ask":
        out.print("true" if result.boolean else "false", markup=False)
    elif out.is_terminal:
        out.print(to_table(result, title))
    else:  # the same text, without rich's work per segment
        sys.stdout.write(to_table(result, title).plain(out.width))
    rows = "1 row" if len(result.rows) == 1 else f"{len(result.rows)} rows"
    err.print(f"{rows} · {backend} · {seconds:.2f} s", markup=False)


@app.command()
def serve(
    graph: Annotated[str, typer.Argument(help="Graph file or kg build folder.")],
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless told otherwise).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port).")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run (0: no limit).")] = 30.0,
    max_bytes: Annotated[
        int, typer.Option(help="Most bytes one answer may have.")
    ] = 64 * 1024 * 1024,
    workers: Annotated[int, typer.Option(help="Query worker processes.")] = 2,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with a query page.

    SERVICE, FROM, FROM NAMED, LOAD and updates are refused (HTTP 400/403); each query is
    stopped at --timeout (HTTP 503)."""
    from kg.serve import serve as run_server
    from kg.store import StoreError

    try:
        status = run_server(
            graph, host, port, timeout_s=timeout or None, max_bytes=max_bytes, workers=workers
        )
    except StoreError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    raise typer.Exit(status)


@app.command()
def build(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (searched for .txt, .md, .html, .docx, .pdf) or - for "
            "standard input; with --from-records, folders of records."
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder for graph.ttl, graph.trig, extract/ and the report."
        ),
    ],
    decisions: Annotated[
        Path | None,
        typer.Option(help="Researcher decisions: same/not_same<TAB>name<TAB>name lines."),
    ] = None,
    model: ModelOption = None,
    fast: FastOption = False,
    jobs: JobsOption = None,
    from_records: Annotated[
        bool,
        typer.Option(
            "--from-records",
            help="The inputs are folders of records (kg extract, or another build's extract/): "
            "build from them without extracting.",
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="SCHEDULER_ADDRESS",
            help="Extract on this Dask cluster (e.g. tcp://10.0.0.5:8786); needs the [dask] "
            "extra and the documents at the same paths on the workers.",
        ),
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh", help="Extract every document again instead of reusing OUT/extract."
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Extract, resolve entities across documents and write the RDF graph.

    The records of the last build in OUT/extract are reused for documents whose bytes and
    extractor are unchanged. Exit status: 0 built from all inputs, 1 built with some inputs
    skipped (one error line each), 2 nothing built (the last good graph stays).
    """
    import time

    from kg.batch import ExtractorStartError, default_jobs
    from kg.build import NothingBuilt, build_from_records
    from kg.build import build as run_build
    from kg.dask_build import DaskUnavailable
    from kg.files import OutputLocked
    from kg.identity import DecisionsError
    from kg.model_ner import ModelLoadError
    from kg.read import InputError

    started = time.perf_counter()
    show_bar = not quiet and err.is_terminal
    try:
        if from_records:
            if dask is not None:
                raise typer.Exit(_fail("--dask extracts: it does not go with --from-records"))
            result = build_from_records(inputs, out, decisions)
        else:
            found = _discover(inputs)
            with _progress(show_bar) as progress:
                task = progress.add_task("extracting", total=len(found.files))

                def advance(_path: str) -> None:
                    progress.advance(task)

                result = run_build(
                    found, out, decisions, model, advance,
                    jobs=jobs or default_jobs(), fast=fast, fresh=fresh, dask=dask,
                )  # fmt: skip
    except NothingBuilt as exc:
        for line in exc.errors:
            err.print(f"error: {line}", markup=False)
        raise typer.Exit(_fail(str(exc))) from exc
    except (
        InputError, DecisionsError, ModelLoadError, ExtractorStartError, OutputLocked,
        DaskUnavailable,
    ) as exc:  # fmt: skip
        raise typer.Exit(_fail(str(exc))) from exc
    except KeyboardInterrupt as exc:
        raise typer.Exit(_interrupted()) from exc
    for line in result.notes:
        err.print(f"note: {line}", markup=False)
    for line in result.errors:
        err.print(f"error: {line}", markup=False)
    for note in result.page_notes:  # graph.html shows part of a very large graph
        err.print(f"note: {note}", markup=False)
    if not quiet:
        report = result.report
        entities = sum(report["entities"].values())
        relations = sum(report["relation_triples"].values())
        records = (
            f"records: {result.reused} reused, {result.extracted} extracted, "
            f"{result.dropped} dropped"
        )
        err.print(
            f"{result.documents} documents ({records}), {entities} entities, "
            f"{relations} relation triples, {report['quantities']} quantities, "
            f"{report['triples']} triples, {len(result.errors)} errors → {out} "
            f"({time.perf_counter() - started:.1f} s)",
            markup=False,
        )
    if result.errors:
        raise typer.Exit(1)


def _progress(show: bool) -> Progress:
    """The progress bar of extract and build, on standard error, whose refresh thread
    leaves Ctrl-C to the main thread."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    class _Progress(Progress):
        def start(self) -> None:
            from kg.batch import ctrl_c_for_this_thread_only

            with ctrl_c_for_this_thread_only():
                super().start()

    return _Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
    )


def _fail(message: str) -> int:
    err.print(f"error: {message}", markup=False)
    return 2


@app.command()
def validate(
    graph: Annotated[str, typer.Argument(help="A kg build folder or a graph file.")],
) -> None:
    """Check a graph against the SHACL shapes; exit 1 on violations, 2 if unreadable."""
    from kg.validate import GraphLoadError, validate_path

    try:
        outcome = validate_path(Path(graph))
    except GraphLoadError as exc:
        raise typer.Exit(_fail(str(exc))) from exc
    if outcome.conforms:
        print(f"conforms: {outcome.triples} triples, no violations")
        return
    for line in outcome.violations:
        print(line)
    print(f"does not conform: {len(outcome.violations)} violations in {outcome.triples} triples")
    raise typer.Exit(1)


@app.command()
def render(
    graph: Annotated[str, typer.Argument(help="A kg build folder or a graph file.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The page to write (default: DIR/graph.html or GRAPH.html)."
        ),
    ] = None,
    focus: Annotated[
        str | None, typer.Option(help="Only this entity (label or alternative label) …")
    ] = None,
    depth: Annotated[int, typer.Option(help="… and what lies up to N steps from it.")] = 2,
    types: Annotated[
        str | None,
        typer.Option(help="Only these types, e.g. Organization,Program (also Person, Place)."),
    ] = None,
    doc: Annotated[
        str | None, typer.Option(help="Only what this document names and states (file name).")
    ] = None,
    max_nodes: Annotated[
        int, typer.Option(help="Above this, show the most related part and say what is left out.")
    ] = 5000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Write an interactive HTML page of the graph (offline, one file)."""
    import time

    from kg.render import RenderError
    from kg.render import render as render_page

    started = time.perf_counter()
    try:
        result = render_page(
            graph, out, focus=focus, depth=depth, types=types, doc=doc, max_nodes=max_nodes
        )
    except RenderError as exc:
        raise typer.Exit(_fail(str(exc))) from exc
    for note in result.notes:
        err.print(f"note: {note}", markup=False)
    if not quiet:
        err.print(
            f"{result.nodes} nodes, {result.edges} edges (of {result.total_nodes} nodes, "
            f"{result.total_edges} edges) → {result.path} "
            f"({time.perf_counter() - started:.1f} s)",
            markup=False,
        )


if __name__ == "__main__":
    app()
