"""Extraction speed against spaCy ``zh`` tokenization and ``jieba.posseg``, on one core.

Run it with ``make bench``, which runs ``.venv/bin/python bench/extract_speed.py``, or directly::

    .venv/bin/python bench/extract_speed.py                     # 5 MB, seed articles
    .venv/bin/python bench/extract_speed.py --mb 1 --repeat 3   # smaller, best of 3
    .venv/bin/python bench/extract_speed.py --corpus examples/corpus --json
    .venv/bin/python bench/extract_speed.py --check             # exit 1 if the target is missed
    .venv/bin/python bench/extract_speed.py --profile           # + cProfile of the extraction

In the same run, on the same documents, it times

1. the whole extraction, ``Extractor().extract`` over every document (after a warm-up on one
   document, so that building the pipeline is not timed);
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
import sys  # noqa: E402
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


def load_corpus(folder: Path) -> list[Any]:
    """The documents of ``folder`` (every supported file, sorted), read by the READ stage."""
    from kg.read import discover_inputs, read_document

    docs = [read_document(path) for path in discover_inputs([str(folder)])]
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

    extractor = Extractor()
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
    console.print("extraction = Extractor().extract; make_doc = spacy.blank('zh'), char "
                  "segmentation")
    console.print(f"corpus: {result['corpus']} ({result['source_documents']} files, "
                  f"repeated to {result['extraction']['chars']:,} chars)")
    console.print(f"* jieba.posseg measured on the first {result['jieba_posseg']['chars']:,} "
                  f"chars only (--jieba-mb {result['jieba_mb']}); chars/s is a rate.")
    verdict = "[green]PASS[/green]" if result["pass"] else "[red]FAIL[/red]"
    console.print(f"target {result['target']}: "
                  f"{ratios['extraction_vs_tokenization']:.4f} → {verdict}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"folder of documents (default: {SEEDS}, else {SAMPLE})")
    parser.add_argument("--mb", type=float, default=5.0,
                        help="million characters to extract and tokenize (default 5)")
    parser.add_argument("--jieba-mb", type=float, default=0.5,
                        help="million characters, from the start, for jieba.posseg (default 0.5)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the extraction (to stderr)")
    parser.add_argument("--profile-mb", type=float, default=0.5,
                        help="million characters for --profile (default 0.5)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.mb <= 0 or args.jieba_mb <= 0 or args.profile_mb <= 0:
        parser.error("--repeat, --mb, --jieba-mb and --profile-mb must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
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
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
    if args.profile:
        profile_docs = repeat_to(sources, int(args.profile_mb * CHARS_PER_MB))
        print(profile_extraction(profile_docs), file=sys.stderr)
    return 1 if args.check and not result["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
