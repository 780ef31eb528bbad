"""Smoke test of bench/extract_speed.py: it runs and its JSON is self-consistent.

Only the shape of the figures is checked, never their size: timings depend on the machine.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "extract_speed.py"
STAGES = ("extraction", "tokenization", "jieba_posseg")


def test_bench_json_on_sample_corpus() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", "examples/corpus", "--quick", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)

    for stage in STAGES:
        figures = result[stage]
        assert figures["chars"] > 0
        assert figures["seconds"] > 0
        assert figures["chars_per_s"] > 0
        assert figures["chars_per_s"] == pytest.approx(figures["chars"] / figures["seconds"])
    assert result["extraction"]["chars"] >= 50_000
    assert result["tokenization"]["chars"] == result["extraction"]["chars"]
    assert 10_000 <= result["jieba_posseg"]["chars"] <= result["extraction"]["chars"]

    rate = {stage: result[stage]["chars_per_s"] for stage in STAGES}
    ratios = result["ratios"]
    assert ratios["extraction_vs_tokenization"] == pytest.approx(
        rate["extraction"] / rate["tokenization"], rel=1e-6)
    assert ratios["extraction_vs_jieba_posseg"] == pytest.approx(
        rate["extraction"] / rate["jieba_posseg"], rel=1e-6)
    assert result["pass"] == (ratios["extraction_vs_tokenization"] >= result["target_ratio"])

    lac = result["lac"]
    stock_rate = lac["stock"]["chars_per_s"]
    for key in ("stock", "stock_one_thread", "default_mode", "engine_no_cache",
                "engine_warm_cache"):
        assert lac[key]["chars"] == lac["stock"]["chars"] > 0
        assert lac["ratios_vs_stock"][key] == pytest.approx(
            lac[key]["chars_per_s"] / stock_rate, rel=1e-6)
    assert lac["pass"] == (lac["ratios_vs_stock"]["default_mode"] >= lac["target_ratio"])

    jobs = result["jobs"]
    if "skipped" not in jobs:  # two CPUs or more
        assert jobs["documents"] >= 2 and jobs["chars"] > 0
        assert jobs["speedup"] == pytest.approx(
            jobs["jobs_1_seconds"] / jobs["jobs_2_seconds"], rel=1e-6)
        assert jobs["pass"] == (jobs["speedup"] >= jobs["target_ratio"])
        assert jobs["jobs_1_cpu_seconds"] > 0
        assert jobs["jobs_2_cpu_seconds"] > 0

    names = [verdict["ratio"] for verdict in result["verdicts"]]
    assert len(names) == 3 and "default mode vs stock LAC().run, one core" in names
    assert [verdict["pass"] for verdict in result["verdicts"]] == [
        result["pass"], lac["pass"], jobs.get("pass")]


def test_recombined_documents_are_distinct_and_reproducible() -> None:
    """The --jobs corpus: new sentences (so the LAC cache gives no process an edge), the
    same ones on every run."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import extract_speed
    finally:
        sys.path.remove(str(SCRIPT.parent))
    from kg.recognize.lac import split_pieces

    sources = extract_speed.load_corpus(REPO / "examples" / "corpus")
    texts = extract_speed.recombined_documents(sources, 60_000)
    assert texts == extract_speed.recombined_documents(sources, 60_000)
    assert sum(map(len, texts)) >= 60_000 and len(texts) >= 5
    pieces = [text[start:end] for text in texts for start, end in split_pieces(text)]
    assert len(set(pieces)) >= 0.9 * len(pieces)


def test_build_scale_quick_run_is_self_consistent() -> None:
    """bench/build_scale.py --quick: real `kg build` runs, figures that agree with each other,
    the same output for --jobs 1 and 2; the synthetic corpus is reproducible and varied."""
    script = REPO / "bench" / "build_scale.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)

    rows = result["sizes"]
    assert [row["documents"] for row in rows] == [6, 12]
    for row in rows:
        assert row["returncode"] == 0 and row["triples"] > 0
        assert row["docs_per_s"] == pytest.approx(row["documents"] / row["wall_s"])
        assert row["main_peak_rss_mib"] > 0
        assert "extraction" in row["stages"]  # the others where kg.build names them
        assert set(row["stages"]) <= {"extraction", "identity", "graph files", "page"}
        assert sum(row["stages"].values()) < row["wall_s"]
    assert rows[1]["triples"] > rows[0]["triples"]
    [step] = result["exponents"]
    assert step["wall"] == pytest.approx(
        math.log(rows[1]["wall_s"] / rows[0]["wall_s"]) / math.log(2))

    corpus = result["corpus"]
    assert corpus["documents"] == 12 and 1_300 <= corpus["mean_chars"] <= 2_000
    assert corpus["distinct_sentence_share"] >= 0.9

    incremental = result["incremental"]
    assert incremental["rebuild"]["documents"] == 13
    assert incremental["rebuild"]["triples"] > rows[1]["triples"]
    assert incremental["incremental_over_full"] == pytest.approx(
        incremental["rebuild"]["wall_s"] / rows[1]["wall_s"])
    jobs = result["jobs"]
    if "skipped" not in jobs:
        assert jobs["identical_output"]
        assert jobs["build_speedup"] == pytest.approx(
            jobs["jobs_1"]["wall_s"] / jobs["jobs_2"]["wall_s"])
        assert jobs["extraction_speedup"] == pytest.approx(
            jobs["jobs_1"]["stages"]["extraction"] / jobs["jobs_2"]["stages"]["extraction"])
    dask = result["dask"]
    assert "skipped" in dask or dask["identical_output"]
    passes = {v["ratio"]: v["pass"] for v in result["verdicts"]}
    assert passes["time exponent 6 → 12 documents"] == (step["wall"] <= 1.1)

    sys.path.insert(0, str(script.parent))
    try:
        import synthetic_corpus
    finally:
        sys.path.remove(str(script.parent))
    generator = synthetic_corpus.CorpusGenerator(seed=7)
    texts = [generator.document(number) for number in range(5)]
    assert texts == [synthetic_corpus.CorpusGenerator(seed=7).document(n) for n in range(5)]
    assert texts != [synthetic_corpus.CorpusGenerator(seed=8).document(n) for n in range(5)]
