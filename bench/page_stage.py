"""The page stage of ``kg build`` at corpus scale: reading and label placement, before and
after, measured in one run.

Run it directly::

    .venv/bin/python bench/page_stage.py                       # synthetic, 600,000 triples
    .venv/bin/python bench/page_stage.py --graph /tmp/bs/out-1000  # a kg build folder or file
    .venv/bin/python bench/page_stage.py --json

Three figures, each in a process of its own (so that its peak RSS is its own):

1. ``tables``: reading the graph file into what the page reads from. *before*: the rows
   of the predicates the page reads as tuples of interned strings (the previous
   ``ParsedTriples``, kept here as the baseline); *after*:
   :class:`kg.render.tables.GraphTables`, integer columns. Seconds and peak RSS.
2. ``labels``: :func:`kg.render.layout.separate_labels` on the parts the page lays out,
   *before* with the previous candidate search (a k-d tree over the box centres with the
   radius of the largest box, kept here), *after* with the sweep; the positions must be
   the same.
3. ``page``: :func:`kg.render.render` of the graph, seconds and peak RSS (after only).

Nothing is asserted: timings depend on the machine; the ratios are printed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tables_before(file: Path) -> int:
    """The previous reading: every wanted row as a tuple of interned strings."""
    import pyoxigraph as ox

    from kg.render.read import FORMATS
    from kg.render.tables import TYPE, read_classes, read_predicates

    wanted, classes = read_predicates(), read_classes()
    tables: dict[str, list[tuple[str, str, str]]] = {p: [] for p in wanted}
    intern, literal = sys.intern, ox.Literal
    for quad in ox.parse(path=str(file), format=FORMATS[file.suffix.lower()]):
        predicate = quad.predicate.value
        if predicate not in wanted:
            continue
        o = quad.object
        value = o.value
        if predicate == TYPE and value not in classes:
            continue
        language = (o.language or "") if type(o) is literal else ""
        tables[predicate].append((intern(quad.subject.value), intern(value), language))
    return sum(len(rows) for rows in tables.values())


def tables_after(file: Path) -> int:
    from kg.render.read import read_tables

    return sum(len(c) for c in read_tables(file).columns.values())


def separate_before(
    pos: np.ndarray, boxes: np.ndarray, below: np.ndarray, rounds: int = 1000
) -> np.ndarray:
    """The previous label separation: candidates from a k-d tree over the box centres
    within the diagonal of the largest box."""
    from scipy.spatial import cKDTree

    from kg.render.layout import CROWDED, CROWDED_NODES, STALL_ROUNDS, place_free

    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    half = boxes / 2
    reach = float(np.hypot(*boxes.max(axis=0)))
    history: list[int] = []
    for _ in range(rounds):
        centre = pos + np.column_stack([np.zeros(n), below + half[:, 1]])
        pairs = cKDTree(centre).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            return pos
        i, j = pairs[:, 0], pairs[:, 1]
        overlap = half[i] + half[j] - np.abs(centre[i] - centre[j])
        hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
        if not hit.any():
            return pos
        history.append(int(hit.sum()))
        stalled = len(history) > STALL_ROUNDS and history[-1] > 0.95 * history[-1 - STALL_ROUNDS]
        if stalled and n > CROWDED_NODES and history[-1] > CROWDED:
            break
        if n > CROWDED_NODES and len(history) == STALL_ROUNDS and history[-1] > n:
            break
        i, j, overlap = i[hit], j[hit], overlap[hit]
        order = np.lexsort((j, i))  # the order the sweep gives (the sums follow it)
        i, j, overlap = i[order], j[order], overlap[order]
        delta = centre[i] - centre[j]
        axis = (overlap[:, 1] < overlap[:, 0]).astype(int)
        rows = np.arange(len(i))
        sign = np.sign(delta[rows, axis])
        sign[sign == 0] = np.where(i[sign == 0] < j[sign == 0], -1.0, 1.0)
        step = np.zeros((len(i), 2))
        step[rows, axis] = sign * (overlap[rows, axis] / 2 + 0.5)
        move = np.zeros_like(pos)
        for a in (0, 1):
            move[:, a] += np.bincount(i, step[:, a], n) - np.bincount(j, step[:, a], n)
        count = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
        pos += move / np.sqrt(np.maximum(count, 1))[:, None]
    return place_free(pos, boxes, below)


def label_figures(graph: Path) -> dict[str, Any]:
    """Both label separations on the parts of the page of ``graph``."""
    import kg.render.page as page_module
    from kg.render import layout as _  # noqa: F401  (the package re-exports the function)
    from kg.render.read import open_reader
    from kg.render.view import select

    layout_module = sys.modules["kg.render.layout"]
    after = layout_module.separate_labels
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def capture(pos: np.ndarray, boxes: np.ndarray, below: np.ndarray) -> np.ndarray:
        parts.append((pos, boxes, below))
        return after(pos, boxes, below)

    reader = open_reader(graph)
    chosen, notes, _capped = select(reader.view)
    reader.fill(chosen)
    layout_module.separate_labels = capture
    try:
        page_module.page_html(chosen, "bench", notes)
    finally:
        layout_module.separate_labels = after
    seconds: dict[str, float] = {}
    results: dict[str, list[np.ndarray]] = {}
    for name, separate in (("before", separate_before), ("after", after)):
        start = time.perf_counter()
        results[name] = [separate(*part) for part in parts]
        seconds[name] = round(time.perf_counter() - start, 3)
    difference = max(
        (float(np.abs(a - b).max()) for a, b in zip(*results.values(), strict=True) if len(a)),
        default=0.0,
    )
    return {
        "parts": len(parts),
        "largest": max((len(p[0]) for p in parts), default=0),
        "before_seconds": seconds["before"],
        "after_seconds": seconds["after"],
        "ratio": round(seconds["before"] / max(seconds["after"], 1e-6), 1),
        "max_difference_px": difference,
    }


def _child(what: str, graph: str) -> None:
    """In a process of its own: one figure, as JSON."""
    file = Path(graph)
    start = time.perf_counter()
    out: dict[str, Any]
    if what == "tables-before":
        out = {"rows": tables_before(file)}
    elif what == "tables-after":
        out = {"rows": tables_after(file)}
    elif what == "labels":
        out = label_figures(file)
    else:
        from kg.render import render

        with tempfile.TemporaryDirectory(prefix="page-stage-") as tmp:
            result = render(file, Path(tmp) / "graph.html")
        out = {"nodes": result.nodes, "total_nodes": result.total_nodes}
    out["seconds"] = round(time.perf_counter() - start, 2)
    out["peak_rss_mb"] = _peak_mb()
    print(json.dumps(out))


def _run(what: str, graph: Path) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--child", what, str(graph)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(child.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def figures(graph: Path) -> dict[str, Any]:
    """Every figure of the page stage for ``graph``, each from a process of its own."""
    from kg.render.view import graph_file

    file = graph_file(graph)
    before, after = _run("tables-before", file), _run("tables-after", file)
    return {
        "graph": str(file),
        "tables": {
            "before": before,
            "after": after,
            "same_rows": before["rows"] == after["rows"],
            "time_ratio": round(before["seconds"] / max(after["seconds"], 0.01), 2),
            "rss_ratio": round(before["peak_rss_mb"] / after["peak_rss_mb"], 2),
        },
        "labels": _run("labels", file),
        "page": _run("page", file),
    }


def format_figures(found: dict[str, Any]) -> str:
    tables, labels, page = found["tables"], found["labels"], found["page"]
    b, a = tables["before"], tables["after"]
    return "\n".join(
        [
            f"page stage of {found['graph']} ({b['rows']:,} rows read):",
            f"  tables  before (string tuples) {b['seconds']:6.2f} s  peak RSS "
            f"{b['peak_rss_mb']:6.0f} MB",
            f"          after  (int columns)   {a['seconds']:6.2f} s  peak RSS "
            f"{a['peak_rss_mb']:6.0f} MB   ratio time {tables['time_ratio']:.2f}x, "
            f"RSS {tables['rss_ratio']:.2f}x",
            f"  labels  {labels['parts']} parts (largest {labels['largest']:,} nodes): before "
            f"(k-d tree) {labels['before_seconds']:.2f} s, after (sweep) "
            f"{labels['after_seconds']:.2f} s, {labels['ratio']:.1f}x; largest difference "
            f"{labels['max_difference_px']:g} px",
            f"  page    {page['nodes']:,} of {page['total_nodes']:,} nodes in "
            f"{page['seconds']:.2f} s (with imports), peak RSS {page['peak_rss_mb']:.0f} MB",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--graph", type=Path, help="a kg build folder or graph file")
    parser.add_argument(
        "--triples", type=int, default=600_000, help="size of the synthetic graph (no --graph)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "GRAPH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="page-stage-") as tmp:
        graph = args.graph
        if graph is None:
            sys.path.insert(0, str(REPO / "bench"))
            from synthetic_graph import generate

            graph = Path(tmp) / f"synthetic-{args.triples}.ttl"
            generate(args.triples).write(graph)
        found = figures(graph)
    print(json.dumps(found, indent=1) if args.json else format_figures(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
