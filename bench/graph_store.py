"""Oxigraph against rdflib, and our own SPARQL against raw pyoxigraph.

Run it directly::

    .venv/bin/python bench/graph_store.py                      # the bar, then one million triples
    .venv/bin/python bench/graph_store.py --triples 100000     # smaller
    .venv/bin/python bench/graph_store.py --bar-only           # only the bar (seconds)
    .venv/bin/python bench/graph_store.py --json               # figures as JSON
    .venv/bin/python bench/graph_store.py --sample output/graph   # kg query latency there

In one run it

0. measures the bar of issue 10 (``bench/store_overhead.py``): one query
   (``FILTER(CONTAINS(?c, "联合党委"))`` with one join) on the graph built from the seeds
   (``../shared/corpus/seeds``, else ``examples/corpus``), through ``GraphStore.query``
   (what ``kg query`` runs), ``KnowledgeGraph.query`` (the API) and raw pyoxigraph, on an
   open graph and from opening the file, with rdflib for comparison and process start-ups
   apart; PASS when every kg / raw ratio is at most 1.5;
1. writes a synthetic graph of about ``--triples`` triples (``bench/synthetic_graph.py``:
   Turtle in the shape of ``kg build`` output, seeded) to a temporary folder;
2. loads it, each in a fresh process so that peak memory is that of the load alone:
   rdflib's own Turtle parser, rdflib with oxrdflib's ``ox-turtle`` parser, pyoxigraph in
   memory (what ``open_store`` uses up to 5 MB) and pyoxigraph's ``bulk_load`` into an
   on-disk store (plus the time to reopen that store read-only, which is what ``kg query``
   does on a cached graph);
3. runs every bundled question (``kg/queries/*.rq``) on the rdflib graph and on the
   on-disk Oxigraph store, checks that both give the same rows, and prints load and query
   times with the ratios rdflib / Oxigraph;
4. times ``kg query GRAPH --name Q --format csv`` end to end (a new process each time:
   start-up, loading, query, output) for every bundled question on the sample graph
   (``--sample``; by default the test graph ``tests/data/graph.ttl``), median of
   ``--cli-repeat`` runs.

Timings are wall-clock (``time.perf_counter``), each query the best of ``--repeat`` runs
(one run for rdflib above 200 000 triples, where each takes long enough to be stable).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_overhead import BAR_QUERY, bar, print_bar  # noqa: E402
from synthetic_graph import generate  # noqa: E402

# --------------------------------------------------------------------------- children


def _rss_mb() -> float | None:
    """Peak resident memory of this process so far, in MB.

    Linux: ``VmHWM`` of /proc/self/status, which starts afresh with the new program after
    ``exec`` (``ru_maxrss`` would carry over the parent's peak). Elsewhere ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


#: Questions rdflib is not timed on by default: written for Oxigraph's hash joins (nested
#: subqueries), ``programs-by-place`` takes rdflib 174 s at 20,000 triples (Oxigraph: 0.1 s).
RDFLIB_SKIP = "programs-by-place"


def time_queries(
    store: Any, params: dict[str, dict[str, str]], repeat: int, skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Best time, row count and a digest of the sorted rows of every bundled question
    (but those in ``skip``)."""
    from kg.query import bundled_queries

    out: dict[str, Any] = {}
    store.query("ASK { ?s ?p ?o }")  # warm-up: imports, parser set-up
    for name, query in bundled_queries().items():
        if name in skip:
            continue
        text = query.render(params.get(name, {}))
        best, rows = float("inf"), []
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = store.query(text).rows
            best = min(best, time.perf_counter() - t0)
        lines = sorted(json.dumps(row, ensure_ascii=False) for row in rows)
        digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()[:12]
        out[name] = {"seconds": best, "rows": len(rows), "digest": digest}
    return out


def child(
    mode: str,
    graph: str,
    store_dir: str,
    params: dict[str, dict[str, str]],
    repeat: int,
    rdflib_skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Load ``graph`` one way (in this fresh process) and time the bundled queries.

    Modes: ``rdflib`` and ``oxigraph-memory`` (load only), ``rdflib-ox-turtle`` and
    ``oxigraph`` (load and queries), ``oxigraph-reopen`` (open the store ``oxigraph`` left,
    read-only).
    """
    from kg.store import MemoryStore, OxigraphStore, RdflibStore

    base = _rss_mb()
    start = time.perf_counter()
    store: Any
    if mode == "oxigraph-reopen":
        store = OxigraphStore(store_dir, read_only=True)
    elif mode == "oxigraph":
        store = OxigraphStore(store_dir)
        store.load(graph)
    elif mode == "oxigraph-memory":
        store = MemoryStore()
        store.load(graph)
    else:
        store = RdflibStore(fast_parser=(mode == "rdflib-ox-turtle"))
        store.load(graph)
    load_s = time.perf_counter() - start
    out: dict[str, Any] = {
        "mode": mode,
        "load_s": load_s,
        "rss_before_mb": base,
        "peak_rss_mb": _rss_mb(),
        "triples": store.triple_count(),
        "queries": {},
    }
    if mode in ("rdflib-ox-turtle", "oxigraph"):
        skip = rdflib_skip if mode.startswith("rdflib") else frozenset()
        out["queries"] = time_queries(store, params, repeat, skip)
    store.close()
    return out


def run_child(
    mode: str,
    graph: Path,
    store_dir: Path,
    params: dict[str, dict[str, str]],
    repeat: int,
    timeout: float,
    rdflib_skip: str = "",
) -> dict[str, Any]:
    """Run :func:`child` in a new Python process and return its JSON."""
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--graph",
            str(graph),
            "--store-dir",
            str(store_dir),
            "--params",
            json.dumps(params, ensure_ascii=False),
            "--repeat",
            str(repeat),
            "--rdflib-skip",
            rdflib_skip,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def cli_latency(
    sample: Path, repeat: int, params: dict[str, dict[str, str]], only: list[str] | None = None
) -> dict[str, Any]:
    """Median wall time of ``kg query SAMPLE --name Q --format csv`` per bundled question
    (all of them, or those in ``only``)."""
    from kg.query import bundled_queries

    kg = Path(sys.executable).parent / "kg"
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    out: dict[str, Any] = {}
    for name in bundled_queries():
        if only and name not in only:
            continue
        args = [*command, "query", str(sample), "--name", name, "--format", "csv"]
        for key, value in params.get(name, {}).items():
            args += ["--param", f"{key}={value}"]
        times, rows = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise SystemExit(f"kg query --name {name} failed: {proc.stderr}")
            rows = max(0, proc.stdout.count("\n") - 1)
        out[name] = {"seconds": statistics.median(times), "rows": rows}
    return out


# --------------------------------------------------------------------------- main


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Generate, load, query and time; return every figure."""
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-graph-"))
    try:
        t0 = time.perf_counter()
        graph = generate(args.triples)
        ttl = tmp / "graph.ttl"
        graph.write(ttl)
        gen_s = time.perf_counter() - t0
        query_params = {
            "organizations-under": {"name": graph.sample["organizations-under"]},
            "evidence": {"name": graph.sample["evidence"]},
            "everything-in-place": {"place": graph.sample["everything-in-place"]},
        }
        store_dir = tmp / "oxigraph"
        rd_repeat = 1 if args.triples > 200_000 else args.repeat
        runs: dict[str, dict[str, Any]] = {}
        for mode, repeat in (
            ("rdflib", 1),
            ("rdflib-ox-turtle", rd_repeat),
            ("oxigraph-memory", 1),
            ("oxigraph", args.repeat),
            ("oxigraph-reopen", 1),
        ):
            runs[mode] = run_child(
                mode, ttl, store_dir, query_params, repeat, args.timeout, args.rdflib_skip
            )
        result: dict[str, Any] = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "triples": runs["oxigraph"]["triples"],
            "triples_generated": graph.count,
            "file_bytes": ttl.stat().st_size,
            "generate_s": gen_s,
            "params": query_params,
            "load": {
                mode: {
                    "seconds": run["load_s"],
                    "peak_rss_mb": run["peak_rss_mb"],
                    "rss_before_mb": run["rss_before_mb"],
                    "triples": run["triples"],
                }
                for mode, run in runs.items()
            },
        }
        load = result["load"]
        result["load_ratios"] = {
            "rdflib_vs_oxigraph_time": _ratio(
                load["rdflib"]["seconds"], load["oxigraph"]["seconds"]
            ),
            "rdflib_ox_turtle_vs_oxigraph_time": _ratio(
                load["rdflib-ox-turtle"]["seconds"], load["oxigraph"]["seconds"]
            ),
            "rdflib_vs_rdflib_ox_turtle_time": _ratio(
                load["rdflib"]["seconds"], load["rdflib-ox-turtle"]["seconds"]
            ),
        }
        if load["rdflib"]["peak_rss_mb"] and load["oxigraph"]["peak_rss_mb"]:
            result["load_ratios"]["oxigraph_vs_rdflib_memory"] = _ratio(
                load["oxigraph"]["peak_rss_mb"], load["rdflib"]["peak_rss_mb"]
            )
        queries: dict[str, Any] = {}
        for name, ox in runs["oxigraph"]["queries"].items():
            rd = runs["rdflib-ox-turtle"]["queries"].get(name)
            if rd is None:  # not timed on rdflib (--rdflib-skip)
                queries[name] = {
                    "rdflib_s": None,
                    "oxigraph_s": ox["seconds"],
                    "ratio": None,
                    "rows": ox["rows"],
                    "same_rows": None,
                }
                continue
            queries[name] = {
                "rdflib_s": rd["seconds"],
                "oxigraph_s": ox["seconds"],
                "ratio": _ratio(rd["seconds"], ox["seconds"]),
                "rows": ox["rows"],
                "same_rows": rd["rows"] == ox["rows"] and rd["digest"] == ox["digest"],
            }
        result["queries"] = queries
        if not args.no_cli:
            only = [q for q in args.cli_queries.split(",") if q] if args.cli_queries else None
            sample = Path(args.sample)
            sample_params = {
                "organizations-under": {"name": args.sample_org},
                "evidence": {"name": args.sample_org},
                "everything-in-place": {"place": args.sample_place},
            }
            result["cli"] = {
                "graph": str(sample),
                "repeat": args.cli_repeat,
                "queries": cli_latency(sample, args.cli_repeat, sample_params, only),
            }
        return result
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def print_table(result: dict[str, Any]) -> None:
    """The figures as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    console.print(
        f"{result['triples']:,} triples, {result['file_bytes'] / 1e6:.1f} MB of Turtle "
        f"(generated in {result['generate_s']:.1f} s) · Python {result['python']} · "
        f"{result['cpus']} CPUs"
    )
    table = Table(title="Loading")
    for column in ("store", "seconds", "peak RSS (MB)", "triples"):
        table.add_column(column, justify="left" if column == "store" else "right")
    for mode, figures in result["load"].items():
        rss = figures["peak_rss_mb"]
        table.add_row(
            mode,
            f"{figures['seconds']:.2f}",
            f"{rss:.0f}" if rss else "–",
            f"{figures['triples']:,}",
        )
    console.print(table)
    ratios = result["load_ratios"]
    line = (
        f"load: rdflib / oxigraph {ratios['rdflib_vs_oxigraph_time']:.1f}x, "
        f"rdflib+ox-turtle / oxigraph {ratios['rdflib_ox_turtle_vs_oxigraph_time']:.1f}x, "
        f"rdflib / rdflib+ox-turtle {ratios['rdflib_vs_rdflib_ox_turtle_time']:.1f}x"
    )
    if "oxigraph_vs_rdflib_memory" in ratios:
        line += f"; memory oxigraph / rdflib {ratios['oxigraph_vs_rdflib_memory']:.2f}"
    console.print(line)
    table = Table(title="Bundled questions")
    for column in ("query", "rows", "rdflib (s)", "oxigraph (s)", "ratio", "same"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for name, q in result["queries"].items():
        skipped = q["rdflib_s"] is None
        table.add_row(
            name,
            str(q["rows"]),
            "not timed" if skipped else f"{q['rdflib_s']:.4f}",
            f"{q['oxigraph_s']:.4f}",
            "" if skipped else f"{q['ratio']:.1f}x",
            "" if skipped else ("yes" if q["same_rows"] else "NO"),
        )
    console.print(table)
    if "cli" in result:
        print_cli(result["cli"])


def print_cli(cli: dict[str, Any]) -> None:
    """The kg query latency table."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=f"kg query end to end on {cli['graph']} (median of {cli['repeat']})")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    for name, q in cli["queries"].items():
        table.add_row(name, str(q["rows"]), f"{q['seconds']:.2f}")
    console.print(table)
    worst = max(q["seconds"] for q in cli["queries"].values())
    console.print(f"slowest kg query: {worst:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per process")
    parser.add_argument(
        "--sample",
        default=str(REPO / "tests" / "data" / "graph.ttl"),
        help="graph for the kg query latency section",
    )
    parser.add_argument(
        "--sample-org",
        default="南区联合党委",
        help="name for organizations-under and evidence on the sample",
    )
    parser.add_argument(
        "--sample-place", default="青川省", help="place for everything-in-place on the sample"
    )
    parser.add_argument("--cli-repeat", type=int, default=3)
    parser.add_argument("--bar-only", action="store_true", help="only the bar of issue 10")
    parser.add_argument("--no-bar", action="store_true", help="skip the bar of issue 10")
    parser.add_argument(
        "--bar-graph", help="graph for the bar (default: built from the seeds or the examples)"
    )
    parser.add_argument("--bar-query", default=BAR_QUERY, help="SPARQL for the bar")
    parser.add_argument(
        "--bar-rounds", type=int, default=300, help="rounds on an open graph (best kept)"
    )
    parser.add_argument(
        "--bar-cold-rounds", type=int, default=20, help="rounds of open + query (best kept)"
    )
    parser.add_argument(
        "--bar-process-repeat", type=int, default=5, help="runs of each process (median)"
    )
    parser.add_argument("--no-cli", action="store_true", help="skip the kg query section")
    parser.add_argument(
        "--cli-only", action="store_true", help="only the kg query section (on --sample)"
    )
    parser.add_argument(
        "--cli-queries",
        default="",
        help="comma-separated bundled questions for the kg query section (default: all)",
    )
    parser.add_argument(
        "--rdflib-skip",
        default=RDFLIB_SKIP,
        help=f"questions not timed on rdflib, comma-separated (default {RDFLIB_SKIP}; '': none)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--graph", help=argparse.SUPPRESS)
    parser.add_argument("--store-dir", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        skip = frozenset(q for q in args.rdflib_skip.split(",") if q)
        result = child(
            args.child, args.graph, args.store_dir, json.loads(args.params), args.repeat, skip
        )
        sys.stdout.write(json.dumps(result, ensure_ascii=False))
        return 0
    if args.cli_only:
        only = [q for q in args.cli_queries.split(",") if q] if args.cli_queries else None
        params = {
            "organizations-under": {"name": args.sample_org},
            "evidence": {"name": args.sample_org},
            "everything-in-place": {"place": args.sample_place},
        }
        cli = {
            "graph": args.sample,
            "repeat": args.cli_repeat,
            "queries": cli_latency(Path(args.sample), args.cli_repeat, params, only),
        }
        if args.json:
            sys.stdout.write(json.dumps({"cli": cli}, ensure_ascii=False, indent=2) + "\n")
        else:
            print_cli(cli)
        return 0
    result: dict[str, Any] = {}
    if not args.no_bar:
        result["bar"] = bar(
            Path(args.bar_graph) if args.bar_graph else None,
            args.bar_query,
            args.bar_rounds,
            args.bar_cold_rounds,
            args.bar_process_repeat,
        )
        if not args.json:
            print_bar(result["bar"])
    if not args.bar_only:
        result.update(bench(args))
        if not args.json:
            print_table(result)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
