"""bench/segmenters.py runs on the sample corpus and reports every segmenter it has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kg.evaluate import evaluate_dirs
from kg.pipeline import Extractor, write_record
from kg.read import discover_inputs, read_document

REPO = Path(__file__).resolve().parents[1]


def test_segmenter_comparison_reports_scores(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "segmenters.py"),
            "--corpus",
            str(REPO / "examples" / "corpus"),
            "--gold",
            str(REPO / "examples" / "gold"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    rows = {
        m.group(1): [float(x) for x in m.groups()[1:]]
        for m in re.finditer(
            r"^(\w+)\s+segmentation\s+[\d,]+ chars/s\s+F1 entities ([\d.]+)\s+relations "
            r"([\d.]+)\s+quantities ([\d.]+)",
            result.stdout,
            re.M,
        )
    }
    assert {"char", "jieba"} <= set(rows)
    assert all(0.0 <= f1 <= 1.0 for scores in rows.values() for f1 in scores)
    # the char row is the pipeline itself: the same scores as kg evaluate gives
    out = tmp_path / "pred"
    extractor = Extractor()
    for path in discover_inputs([str(REPO / "examples" / "corpus")]):
        write_record(extractor.extract(read_document(path)), out)
    report = evaluate_dirs(REPO / "examples" / "gold", out)
    expected = [report.entity_overall.f1, report.relation_overall.f1, report.quantity_overall.f1]
    assert rows["char"] == [round(f1, 3) for f1 in expected]
