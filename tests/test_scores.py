"""Extraction quality, scored with kg evaluate.

The issue's bar on the real seed articles (entity F1 >= 0.85, relation F1 >= 0.65,
quantity F1 >= 0.60) is not reached yet: ``test_seed_bar`` is an expected failure until it
is, and ``test_seed_floor`` keeps the scores reached so far from sliding back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import EvaluationReport, evaluate_dirs
from kg.pipeline import Extractor, write_record
from kg.read import discover_inputs, read_document

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SEED_GOLD = REPO.parent / "shared" / "gold"

BAR = {"entities": 0.85, "relations": 0.65, "quantities": 0.60}
SEED_FLOOR = {"entities": 0.70, "relations": 0.57, "quantities": 0.54}
SAMPLE_FLOOR = {"entities": 0.84, "relations": 0.55, "quantities": 0.33}


def _score(corpus: Path, gold: Path, out: Path) -> EvaluationReport:
    extractor = Extractor()
    for path in discover_inputs([str(corpus)]):
        write_record(extractor.extract(read_document(path)), out)
    return evaluate_dirs(gold, out)


def _f1(report: EvaluationReport) -> dict[str, float]:
    return {
        "entities": report.entity_overall.f1,
        "relations": report.relation_overall.f1,
        "quantities": report.quantity_overall.f1,
    }


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    if not (SEEDS.is_dir() and SEED_GOLD.is_dir()):
        pytest.skip("../shared/corpus/seeds or ../shared/gold is absent")
    return _f1(_score(SEEDS, SEED_GOLD, tmp_path_factory.mktemp("seeds")))


def test_sample_corpus_floor(tmp_path: Path) -> None:
    scores = _f1(_score(REPO / "examples" / "corpus", REPO / "examples" / "gold", tmp_path))
    for group, floor in SAMPLE_FLOOR.items():
        assert scores[group] >= floor, f"{group} F1 {scores[group]:.3f} < {floor}"


def test_seed_floor(seed_scores: dict[str, float]) -> None:
    for group, floor in SEED_FLOOR.items():
        assert seed_scores[group] >= floor, f"{group} F1 {seed_scores[group]:.3f} < {floor}"


@pytest.mark.xfail(reason="issue 2's bar is not reached yet (see README scores)", strict=False)
def test_seed_bar(seed_scores: dict[str, float]) -> None:
    for group, bar in BAR.items():
        assert seed_scores[group] >= bar, f"{group} F1 {seed_scores[group]:.3f} < {bar}"
