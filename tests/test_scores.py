"""Extraction quality, scored with kg evaluate.

Issue 8's bar, where ../shared exists: over all 19 real articles (seeds and dev together)
entity F1 >= 0.85, relation F1 >= 0.70 and quantity F1 >= 0.70; the five seeds alone stay
at 0.85 / 0.70 / 0.65. A floor on the 14 dev articles and on the project's own sample corpus
keeps the scores reached so far from sliding back.
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

BAR = {"entities": 0.85, "relations": 0.70, "quantities": 0.65}
DEV = REPO.parent / "shared" / "corpus" / "dev"
DEV_GOLD = SEED_GOLD / "dev"
ALL_BAR = {"entities": 0.85, "relations": 0.70, "quantities": 0.70}
# the scores reached on the 14 dev articles, kept from sliding
DEV_FLOOR = {"entities": 0.85, "relations": 0.78, "quantities": 0.70}
SAMPLE_FLOOR = {"entities": 0.90, "relations": 0.79, "quantities": 0.66}


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


def test_seed_bar(seed_scores: dict[str, float]) -> None:
    for group, bar in BAR.items():
        assert seed_scores[group] >= bar, f"{group} F1 {seed_scores[group]:.3f} < {bar}"


@pytest.fixture(scope="module")
def real_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, EvaluationReport]:
    if not (DEV.is_dir() and DEV_GOLD.is_dir() and SEEDS.is_dir()):
        pytest.skip("../shared/corpus/dev or ../shared/gold/dev is absent")
    seeds = _score(SEEDS, SEED_GOLD, tmp_path_factory.mktemp("seeds_all"))
    dev = _score(DEV, DEV_GOLD, tmp_path_factory.mktemp("dev"))
    return {"dev": dev, "all": seeds.merge(dev)}


def test_dev_floor(real_reports: dict[str, EvaluationReport]) -> None:
    scores = _f1(real_reports["dev"])
    for group, floor in DEV_FLOOR.items():
        assert scores[group] >= floor, f"dev {group} F1 {scores[group]:.3f} < {floor}"


def test_all_real_articles_bar(real_reports: dict[str, EvaluationReport]) -> None:
    report = real_reports["all"]
    assert report.documents == 19
    scores = _f1(report)
    for group, bar in ALL_BAR.items():
        assert scores[group] >= bar, f"all {group} F1 {scores[group]:.3f} < {bar}"
