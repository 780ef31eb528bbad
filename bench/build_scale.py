"""How `kg build` grows with the corpus, on synthetic corpora made in the same run.

Run it directly::

    .venv/bin/python bench/build_scale.py --fast                      # 100 and 1,000 documents
    .venv/bin/python bench/build_scale.py --sizes 1000 5000 20000      # the bar of issue 11
    .venv/bin/python bench/build_scale.py --quick --json               # smoke run (a few seconds)

The corpus is synthetic and seeded (``bench/synthetic_corpus.py``): runs of sentences of
the sample corpus and, where present, of ``../shared/corpus/*/*.txt``, about 1,500 characters
a document, with places, people and organizations renamed so that names recur across
documents as in real news while identical sentences stay rare (the LAC cache gives no size an
edge); the share of distinct sentences is printed.

Each build is `kg build` in a child process (this script runs the CLI itself so that it can
time the build's stages: extraction, identity resolution, graph files, page; the report has
no timings because its output is byte-stable). Measured per size: wall time, CPU time,
documents/s, triples, peak RSS (largest process, exact, and the whole process tree, sampled
with psutil where installed) and seconds per stage; between consecutive sizes the time
exponent log(t2/t1)/log(n2/n1) (1 is linear). Then, all in the same run: one document added
to the largest corpus and rebuilt into the same OUT (the incremental/full ratio: the records
and the documents' parts of the graph files are reused, see kg/graph_cache.py), `--jobs 2`
against `--jobs 1` on the extraction stage and the whole build, and a Dask LocalCluster of two
workers against the single process (where `kg build --help` offers ``--dask``), with the
outputs compared byte for byte (with `--jobs 2` the page is drawn in a forked process while
the TriG and the report are written, so its stage is not timed there). Ratios are printed
with PASS/FAIL against the bar of issue 11.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import SEED, CorpusGenerator, sentence_stats, write_corpus  # noqa: E402

OUTPUT_FILES = ("graph.ttl", "graph.trig", "build-report.json")
BAR = {  # issue 11, "The bar"
    "exponent": 1.1,
    "incremental": 0.10,
    "jobs_extraction": 1.7,
    "jobs_build": 1.4,
}
STAGE_FUNCTIONS = (  # (module, function, stage): wrapped in the child process where present
    ("kg.build", "extract_documents", "extraction"),
    ("kg.build", "resolve", "identity"),
    ("kg.build", "resolve_identities", "identity"),  # the names of earlier versions
    ("kg.build", "write_graph_files", "graph files"),
    ("kg.build", "build_graph", "graph files"),
    ("kg.build", "to_turtle", "graph files"),
    ("kg.build", "to_trig", "graph files"),
    ("kg.render", "render", "page"),
)
STAGES = tuple(dict.fromkeys(stage for _, _, stage in STAGE_FUNCTIONS))


# ---- one build in a child process ------------------------------------------------------


def child_main(stages_path: str, kg_args: list[str]) -> None:
    """Run the `kg` CLI with the build's stages timed; the times go to ``stages_path``."""
    import atexit
    import importlib

    seconds: dict[str, float] = {}
    rss_after: dict[str, float] = {}

    active: set[str] = set()  # a stage's function calling another of the same stage

    def timed(stage: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if stage in active:
                return function(*args, **kwargs)
            active.add(stage)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                active.discard(stage)
                seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started
                rss_after[stage] = maxrss_mib(resource.RUSAGE_SELF)

        return wrapper

    for module_name, function_name, stage in STAGE_FUNCTIONS:
        module = importlib.import_module(module_name)
        if callable(getattr(module, function_name, None)):
            setattr(module, function_name, timed(stage, getattr(module, function_name)))

    def save() -> None:
        figures = {
            "stages": seconds,
            "peak_rss_after_stage_mib": rss_after,
            "main_peak_rss_mib": maxrss_mib(resource.RUSAGE_SELF),
            "worker_peak_rss_mib": maxrss_mib(resource.RUSAGE_CHILDREN),
        }
        Path(stages_path).write_text(json.dumps(figures), encoding="utf-8")

    atexit.register(save)
    from kg.cli import app

    app(args=kg_args, prog_name="kg")


def maxrss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


@dataclass
class BuildRun:
    """The figures of one `kg build`."""

    label: str
    documents: int
    returncode: int
    wall_s: float
    cpu_s: float
    tree_peak_rss_mib: float | None
    main_peak_rss_mib: float
    worker_peak_rss_mib: float
    stages: dict[str, float] = field(default_factory=dict)
    triples: int | None = None
    output_digest: str = ""

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.wall_s


class TreeRssSampler:
    """The peak summed RSS of a process and its descendants, sampled (psutil)."""

    def __init__(self, pid: int) -> None:
        try:
            import psutil
        except ImportError:
            self.psutil = None
            return
        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        assert self.psutil is not None
        while not self.done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except self.psutil.Error:
                return
            total = 0
            for process in processes:
                try:
                    total += process.memory_info().rss
                except self.psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self.done.wait(0.05)

    def stop(self) -> float | None:
        if self.psutil is None:
            return None
        self.done.set()
        self.thread.join()
        return self.peak / 2**20


def output_digest(out: Path) -> str:
    digest = hashlib.sha256()
    for name in OUTPUT_FILES:
        digest.update((out / name).read_bytes() if (out / name).exists() else b"<missing>")
    return digest.hexdigest()


def run_build(label: str, corpus: Path, out: Path, documents: int, options: Sequence[str],
              work: Path, *, fresh: bool = True) -> BuildRun:
    """`kg build CORPUS --out OUT OPTIONS --quiet` in a child process, measured; into an
    empty OUT unless not ``fresh`` (so that an earlier build's records cannot serve)."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    stages_path = work / f"stages-{label}.json"
    stages_path.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(stages_path),
               "build", str(corpus), "--out", str(out), "--quiet", *options]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, cwd=REPO)
    sampler = TreeRssSampler(process.pid)
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    tree_peak = sampler.stop()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if process.returncode not in (0, 1):
        lines = [line for line in stderr.splitlines() if "warning:" not in line]
        sys.exit(f"error: kg build ({label}) exited {process.returncode}: "
                 + " | ".join(lines[-5:]))
    figures = json.loads(stages_path.read_text(encoding="utf-8")) if stages_path.exists() else {}
    report_path = out / "build-report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return BuildRun(
        label, documents, process.returncode, wall, cpu, tree_peak,
        figures.get("main_peak_rss_mib", 0.0), figures.get("worker_peak_rss_mib", 0.0),
        figures.get("stages", {}), report.get("triples"), output_digest(out),
    )  # fmt: skip


def build_help() -> str:
    """The text of `kg build --help` (wide, so that no option name is wrapped)."""
    env = {**os.environ, "COLUMNS": "250", "TERM": "dumb"}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", os.devnull,
               "build", "--help"]
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          check=False)
    return proc.stdout


# ---- the measurement -------------------------------------------------------------------


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def verdict(name: str, value: float | None, bar: float, higher_is_better: bool) -> dict[str, Any]:
    passed = None if value is None else (value >= bar if higher_is_better else value <= bar)
    return {"ratio": name, "value": value, "bar": bar,
            "op": ">=" if higher_is_better else "<=", "pass": passed}


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    sizes = sorted(set(args.sizes))
    common = ["--fast"] if args.fast else []
    generator = CorpusGenerator(args.seed)
    pool = work / f"pool-{args.seed}"
    corpus = {n: work / f"corpus-{args.seed}-{n}" for n in sizes}
    result: dict[str, Any] = {"fast": args.fast, "seed": args.seed, "cpus": os.cpu_count(),
                              "sources": len(generator.sources)}

    rows: list[BuildRun] = []
    for n in sizes:
        write_corpus(generator, pool, corpus[n], n)
        rows.append(run_build(f"full-{n}", corpus[n], work / f"out-{n}", n,
                              [*common, "--jobs", "1"], work))
        say(args, f"{n} documents: {rows[-1].wall_s:.1f} s")
    result["corpus"] = sentence_stats(corpus[sizes[-1]])
    result["sizes"] = [size_row(run) for run in rows]
    result["exponents"] = [
        {"from": a.documents, "to": b.documents,
         "wall": exponent(a.documents, a.wall_s, b.documents, b.wall_s),
         "stages": {s: exponent(a.documents, a.stages[s], b.documents, b.stages[s])
                    for s in STAGES if a.stages.get(s) and b.stages.get(s)}}
        for a, b in itertools.pairwise(rows)
    ]  # fmt: skip

    result["projections"] = projections(rows[-2:]) if len(rows) > 1 else []

    ratio_n = args.ratio_size or max([n for n in sizes if n <= 1000] or [sizes[0]])
    if ratio_n not in corpus:
        corpus[ratio_n] = work / f"corpus-{args.seed}-{ratio_n}"
        write_corpus(generator, pool, corpus[ratio_n], ratio_n)
        rows.append(run_build(f"full-{ratio_n}", corpus[ratio_n], work / f"out-{ratio_n}",
                              ratio_n, [*common, "--jobs", "1"], work))
    single = next(run for run in rows if run.documents == ratio_n)
    result["jobs"] = jobs_ratio(args, single, corpus[ratio_n], common, work)
    result["dask"] = dask_ratio(args, single, corpus[ratio_n], common, work)
    result["incremental"] = incremental_ratio(args, generator, pool, rows[len(sizes) - 1],
                                              corpus[sizes[-1]], common, work)
    result["verdicts"] = verdicts(result)
    return result


def projections(last_two: Sequence[BuildRun], targets: Sequence[int] = (100_000, 1_000_000),
                ) -> list[dict[str, Any]]:
    """Time and memory at ``targets`` documents from the two largest sizes: time by the
    power law t2·(N/n2)^k and by the straight line through both points (the per-document
    cost plus a fixed start), the peak RSS of the largest process by its straight line."""
    a, b = last_two
    k = exponent(a.documents, a.wall_s, b.documents, b.wall_s)
    per_doc_s = (b.wall_s - a.wall_s) / (b.documents - a.documents)
    rss_a = max(a.main_peak_rss_mib, a.worker_peak_rss_mib)
    rss_b = max(b.main_peak_rss_mib, b.worker_peak_rss_mib)
    per_doc_mib = (rss_b - rss_a) / (b.documents - a.documents)
    return [{"documents": n, "exponent": k,
             "power_law_s": b.wall_s * (n / b.documents) ** k,
             "linear_s": b.wall_s + per_doc_s * (n - b.documents),
             "linear_peak_rss_mib": rss_b + per_doc_mib * (n - b.documents)}
            for n in targets]


def size_row(run: BuildRun) -> dict[str, Any]:
    row = asdict(run)
    row["docs_per_s"] = run.docs_per_s
    row["cpu_share_of_one_core"] = run.cpu_s / run.wall_s
    return row


def jobs_ratio(args: argparse.Namespace, single: BuildRun, corpus: Path, common: list[str],
               work: Path) -> dict[str, Any]:
    if (os.cpu_count() or 1) < 2:
        return {"skipped": "one CPU"}
    n = single.documents
    two = run_build(f"jobs2-{n}", corpus, work / f"out-{n}-jobs2", n, [*common, "--jobs", "2"],
                    work)
    say(args, f"--jobs 2 at {n} documents: {two.wall_s:.1f} s")
    extraction = None
    if single.stages.get("extraction") and two.stages.get("extraction"):
        extraction = single.stages["extraction"] / two.stages["extraction"]
    return {"documents": n, "jobs_1": size_row(single), "jobs_2": size_row(two),
            "extraction_speedup": extraction, "build_speedup": single.wall_s / two.wall_s,
            "identical_output": two.output_digest == single.output_digest}


def dask_ratio(args: argparse.Namespace, single: BuildRun, corpus: Path, common: list[str],
               work: Path) -> dict[str, Any]:
    if "--dask" not in build_help():
        return {"skipped": "--dask not available"}
    try:
        from distributed import LocalCluster
    except ImportError:
        return {"skipped": "the distributed package is not installed"}
    n = single.documents
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        run = run_build(f"dask-{n}", corpus, work / f"out-{n}-dask", n,
                        [*common, "--dask", cluster.scheduler_address], work)
    say(args, f"Dask LocalCluster at {n} documents: {run.wall_s:.1f} s")
    return {"documents": n, "workers": 2, "dask": size_row(run),
            "dask_over_single": run.wall_s / single.wall_s,
            "identical_output": run.output_digest == single.output_digest}


def incremental_ratio(args: argparse.Namespace, generator: CorpusGenerator, pool: Path,
                      full: BuildRun, corpus: Path, common: list[str],
                      work: Path) -> dict[str, Any]:
    n = full.documents
    write_corpus(generator, pool, corpus, n + 1)
    out = work / f"out-{n}"
    run = run_build(f"incremental-{n}", corpus, out, n + 1, [*common, "--jobs", "1"], work,
                    fresh=False)
    say(args, f"one document added to {n}: {run.wall_s:.1f} s")
    return {"documents": n, "added": 1, "rebuild": size_row(run),
            "incremental_over_full": run.wall_s / full.wall_s}


def verdicts(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = [verdict(f"time exponent {e['from']} → {e['to']} documents", e["wall"],
                   BAR["exponent"], higher_is_better=False) for e in result["exponents"]]
    incremental = result["incremental"]
    out.append(verdict(f"incremental/full, one document added to {incremental['documents']}",
                       incremental["incremental_over_full"], BAR["incremental"], False))
    jobs = result["jobs"]
    if "skipped" not in jobs:
        out.append(verdict("--jobs 2 / --jobs 1, extraction stage", jobs["extraction_speedup"],
                           BAR["jobs_extraction"], True))
        out.append(verdict("--jobs 2 / --jobs 1, whole build", jobs["build_speedup"],
                           BAR["jobs_build"], True))
    return out


# ---- printing --------------------------------------------------------------------------


def say(args: argparse.Namespace, line: str) -> None:
    if not args.json:
        print(f"  … {line}", file=sys.stderr, flush=True)


def mib(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def print_report(result: dict[str, Any]) -> None:
    corpus = result["corpus"]
    mode = "--fast (rules only)" if result["fast"] else "default (LAC + rules)"
    print(f"kg build at scale, {mode}, {result['cpus']} CPUs, synthetic documents from "
          f"{result['sources']} articles: {corpus['mean_chars']:.0f} characters a document, "
          f"{corpus['distinct_sentence_share']:.1%} of {corpus['sentences']:,} sentences "
          "distinct")
    print()
    print("| documents | triples | wall s | docs/s | CPU of one core | peak RSS MiB "
          "(largest process / tree) | " + " | ".join(f"{s} s" for s in STAGES)
          + " | other s |")
    print("|---:" * (7 + len(STAGES)) + "|")
    for row in result["sizes"]:
        stages = " | ".join(f"{row['stages'][s]:.1f}" if s in row["stages"] else "–"
                            for s in STAGES)
        largest = max(row["main_peak_rss_mib"], row["worker_peak_rss_mib"])
        print(f"| {row['documents']:,} | {row['triples'] or 0:,} | {row['wall_s']:.1f} "
              f"| {row['docs_per_s']:.1f} | {row['cpu_share_of_one_core']:.0%} "
              f"| {mib(largest)} / {mib(row['tree_peak_rss_mib'])} | {stages} "
              f"| {row['wall_s'] - sum(row['stages'].values()):.1f} |")
    for e in result["exponents"]:
        stages = ", ".join(f"{s} {v:.2f}" for s, v in e["stages"].items())
        print(f"\ntime exponent {e['from']:,} → {e['to']:,}: {e['wall']:.2f} "
              f"(stages: {stages or 'not timed'})")
    for p in result["projections"]:
        print(f"projected for {p['documents']:,} documents: {p['power_law_s'] / 3600:,.1f} h "
              f"(t·(N/n)^{p['exponent']:.2f}), {p['linear_s'] / 3600:,.1f} h (straight line), "
              f"peak RSS {p['linear_peak_rss_mib'] / 1024:,.1f} GiB (straight line)")
    print()
    incremental = result["incremental"]
    stages = ", ".join(f"{s} {v:.1f} s" for s, v in incremental["rebuild"]["stages"].items())
    print(f"incremental: one document added to {incremental['documents']:,}, same OUT: "
          f"{incremental['rebuild']['wall_s']:.1f} s ({stages or 'stages not timed'}), "
          f"{incremental['incremental_over_full']:.3f} of the full build")
    jobs = result["jobs"]
    if "skipped" in jobs:
        print(f"--jobs 2 / --jobs 1: skipped: {jobs['skipped']}")
    else:
        extraction = jobs["extraction_speedup"]
        print(f"--jobs 2 / --jobs 1 at {jobs['documents']:,} documents: extraction "
              + ("not timed" if extraction is None else f"{extraction:.2f}x")
              + f", whole build {jobs['build_speedup']:.2f}x "
              f"({jobs['jobs_1']['wall_s']:.1f} s → {jobs['jobs_2']['wall_s']:.1f} s), "
              f"output {'identical' if jobs['identical_output'] else 'DIFFERENT'}")
    dask = result["dask"]
    if "skipped" in dask:
        print(f"Dask LocalCluster / single process: skipped: {dask['skipped']}")
    else:
        print(f"Dask LocalCluster ({dask['workers']} workers) / single process at "
              f"{dask['documents']:,} documents: {dask['dask_over_single']:.2f} of the time, "
              f"output {'identical' if dask['identical_output'] else 'DIFFERENT'}")
    print("\nThe bar (issue 11):")
    for v in result["verdicts"]:
        value = "–" if v["value"] is None else f"{v['value']:.3f}"
        state = {True: "PASS", False: "FAIL", None: "n/a"}[v["pass"]]
        print(f"  {state}  {v['ratio']}: {value} ({v['op']} {v['bar']})")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000],
                        help="document counts (default: 100 1000)")
    parser.add_argument("--ratio-size", type=int, default=None,
                        help="documents for the --jobs and Dask ratios (default: the largest "
                        "size up to 1,000); the incremental ratio uses the largest size")
    parser.add_argument("--fast", action="store_true", help="build with the rules only")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 6 and 12 documents, --fast")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the corpora (reused by seed) and outputs here (default: a "
                        "temporary folder, removed at the end)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.fast = [6, 12], True
    if min(args.sizes) < 1:
        parser.error("--sizes must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        child_main(argv[1], argv[2:])
        return 0
    args = parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        result = measure(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="build-scale-") as work:
            result = measure(args, Path(work))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
