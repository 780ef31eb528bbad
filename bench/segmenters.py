"""Which segmentation should the extractor use? Scores and speed of three options.

The rules of ``kg.recognize`` read the text itself; a segmenter only decides where an
entity may start and end (spans are aligned to its tokens, as spaCy's
``Doc.char_span(alignment_mode="expand")`` would). For each option this prints the
segmentation speed and the extraction F1 on ``../shared`` (or the sample corpus):

* ``char``: spaCy ``zh`` character segmentation (what the pipeline uses);
* ``jieba``: spaCy ``zh``'s jieba segmenter (jieba's own cut);
* ``pkuseg``: the ``pkuseg`` package, which ships its model (spaCy's ``spacy-pkuseg``
  downloads one at run time and fails offline). It is not a dependency and needs a build
  step: ``pip install cython numpy wheel setuptools && pip install --no-build-isolation
  pkuseg``; without it the option is skipped.

Run: ``.venv/bin/python bench/segmenters.py [--corpus DIR --gold DIR]``.
"""

from __future__ import annotations

import argparse
import bisect
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import kg.recognize as recognize
from kg.evaluate import evaluate_dirs
from kg.pipeline import Extractor, write_record
from kg.read import discover_inputs, read_document
from kg.records import Mention

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def segmenters() -> dict[str, Callable[[str], list[str]] | None]:
    found: dict[str, Callable[[str], list[str]] | None] = {"char": None}
    import jieba

    jieba.dt.tmp_dir = str(REPO / ".cache" / "jieba")
    Path(jieba.dt.tmp_dir).mkdir(parents=True, exist_ok=True)
    jieba.initialize()
    found["jieba"] = jieba.lcut
    try:
        import pkuseg  # type: ignore[import-not-found]
    except ImportError:
        print("pkuseg: not installed, skipped (see this script's docstring)")
    else:
        found["pkuseg"] = pkuseg.pkuseg().cut
    return found


def word_bounds(text: str, cut: Callable[[str], list[str]]) -> list[int]:
    """Token boundaries of ``text`` under ``cut``, line by line."""
    bounds = {0, len(text)}
    start = 0
    for line in text.split("\n"):
        pos = start
        for word in cut(line) if line else []:
            i = text.find(word, pos, start + len(line))
            if i >= 0:
                bounds.update((i, i + len(word)))
                pos = i + len(word)
        start += len(line) + 1
        bounds.add(min(start, len(text)))
    return sorted(bounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=None)
    args = parser.parse_args()
    corpus = args.corpus or (
        SHARED / "corpus" / "seeds" if (SHARED / "gold").is_dir() else REPO / "examples" / "corpus"
    )
    gold = args.gold or (
        SHARED / "gold" if (SHARED / "gold").is_dir() else REPO / "examples" / "gold"
    )
    docs = [read_document(p) for p in discover_inputs([str(corpus)])]
    lines = [line for d in docs for line in d.text.split("\n") if line]
    chars = sum(map(len, lines))
    original = recognize._mention
    print(f"corpus: {corpus} ({len(docs)} documents, {chars:,} characters)")
    for name, cut in segmenters().items():
        if cut is None:
            nlp = recognize.spacy.blank("zh")
            start = time.perf_counter()
            for line in lines:
                nlp.make_doc(line)
        else:
            start = time.perf_counter()
            for line in lines:
                cut(line)
        speed = chars / (time.perf_counter() - start)
        bounds_of: dict[str, list[int]] = {}

        def aligned(text: str, cand: recognize.Candidate, cut=cut, bounds_of=bounds_of) -> Mention:
            if cut is None:
                return original(text, cand)
            if text not in bounds_of:
                bounds_of.clear()
                bounds_of[text] = word_bounds(text, cut)
            bounds = bounds_of[text]
            start = bounds[bisect.bisect_right(bounds, cand.start) - 1]
            end = bounds[min(bisect.bisect_left(bounds, cand.end), len(bounds) - 1)]
            return Mention(start, end, recognize.clean_name(text[start:end]), cand.label, cand.rule)

        recognize._mention = aligned
        try:
            out = Path(tempfile.mkdtemp(prefix=f"seg-{name}-"))
            extractor = Extractor()
            for doc in docs:
                write_record(extractor.extract(doc), out)
            report = evaluate_dirs(gold, out)
        finally:
            recognize._mention = original
        print(
            f"{name:7s} segmentation {speed:>12,.0f} chars/s   F1 entities "
            f"{report.entity_overall.f1:.3f}  relations {report.relation_overall.f1:.3f}  "
            f"quantities {report.quantity_overall.f1:.3f}"
        )


if __name__ == "__main__":
    main()
