"""Smoke test of bench/extract_speed.py: it runs and its JSON is self-consistent.

Only the shape of the figures is checked, never their size: timings depend on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "extract_speed.py"
STAGES = ("extraction", "tokenization", "jieba_posseg")


def test_bench_json_on_sample_corpus() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", "examples/corpus", "--mb", "0.05",
         "--jieba-mb", "0.01", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
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
