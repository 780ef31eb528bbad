"""The ``kg`` command: one subcommand per pipeline step."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.read import STDIN, InputError, discover_inputs, read_document, read_stdin

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="dangjian-kg: a knowledge graph from Chinese texts on grassroots Party building.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def main() -> None:
    """dangjian-kg: a knowledge graph from Chinese texts on grassroots Party building."""


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (searched for .txt, .md, .html) or - for standard input."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for NAME.json files.")],
    model: Annotated[
        str | None,
        typer.Option(
            help="A trained spaCy pipeline (name or path) whose NER is merged with the rules."
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Extract entities, relations and quantities, one JSON file per document."""
    from kg.model_ner import ModelLoadError
    from kg.pipeline import Extractor, write_record

    try:
        paths = discover_inputs(inputs)
    except InputError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if not paths:
        err.print("error: no .txt, .md or .html files found in the inputs", markup=False)
        raise typer.Exit(2)
    try:
        extractor = Extractor(model)
    except ModelLoadError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    totals = {"documents": 0, "entities": 0, "relations": 0, "quantities": 0, "errors": 0}
    show_bar = not quiet and err.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not show_bar,
    ) as progress:
        task = progress.add_task("extracting", total=len(paths))
        for path in paths:
            try:
                source = read_stdin() if path == STDIN else read_document(path)
                record = extractor.extract(source)
                write_record(record, out)
            except InputError as exc:
                totals["errors"] += 1
                progress.console.print(f"error: {exc}", markup=False)
            else:
                totals["documents"] += 1
                totals["entities"] += len(record.entities)
                totals["relations"] += len(record.relations)
                totals["quantities"] += len(record.quantities)
            progress.advance(task)
    if not quiet:
        err.print(
            f"{totals['documents']} documents, {totals['entities']} entities, "
            f"{totals['relations']} relations, {totals['quantities']} quantities, "
            f"{totals['errors']} errors → {out}",
            markup=False,
        )
    if totals["errors"]:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of NAME.gold.json files.")],
    pred: Annotated[Path, typer.Option(help="Folder of NAME.json files from kg extract.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per entity type, relation and measure, and overall."""
    from kg.evaluate import evaluate_dirs, render_table

    try:
        report = evaluate_dirs(gold, pred)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False)
    out.print(render_table(report))
    if report.missing_predictions:
        out.print(f"missing predictions: {', '.join(report.missing_predictions)}")


if __name__ == "__main__":
    app()
