"""Shared fixtures: repository paths, one rule extractor per session, a record checker.

``check_record`` asserts everything the JSON output of ``kg extract`` promises about a
document (the gold format of docs/annotation.md plus offsets into the text as read by
``kg.read.read_document``), so that every test producing output checks the same contract.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.pipeline import Extractor
from kg.records import ENTITY_TYPES, MEASURES, RELATION_TYPES, SourceDocument
from kg.segment import split_sentences

# No test writes an Oxigraph store into the user's own cache (~/.cache/dangjian-kg):
# tests that need a cache of their own still set KG_CACHE_DIR themselves.
os.environ.setdefault("KG_CACHE_DIR", tempfile.mkdtemp(prefix="kg-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
CORPUS = REPO / "examples" / "corpus"
GOLD = REPO / "examples" / "gold"

# Marks that the output drops from names (“两新”工委 → 两新工委, 《办法》 → 办法).
MARKS = re.compile("[“”‘’\"'「」『』《》〈〉]")

Record = dict[str, Any]
CheckRecord = Callable[[Record, str], None]
ExtractText = Callable[[str], Record]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor, rules and the LAC model (built once: the gazetteer, the
    lexicons and the model load once)."""
    return Extractor()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Any:
    """The graph of ../shared's seed articles, built once for the session: the tests that
    take it only read it. Skips where ../shared is absent."""
    from kg.build import build

    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent")
    return build([str(SEEDS)], tmp_path_factory.mktemp("seeds") / "graph", extractor=extractor)


@pytest.fixture(scope="session")
def extract_json(extractor: Extractor, check_record: CheckRecord) -> ExtractText:
    """``text`` → the JSON record of a document ``t.txt`` with that text, checked."""

    def run(text: str) -> Record:
        record = extractor.extract(SourceDocument("t.txt", text)).to_json()
        check_record(record, text)
        return record

    return run


def _names_of(record: Record) -> dict[str, str]:
    """Every name of every entity (canonical text and aliases) → its type."""
    out: dict[str, str] = {}
    for entity in record["entities"]:
        for name in (entity["text"], *entity["aliases"]):
            out[name] = entity["type"]
    return out


def _check_sentence(sentence: Record, text: str, evidence: str, sentences: list[Any]) -> None:
    assert set(sentence) == {"index", "start", "end", "text"}
    start, end = sentence["start"], sentence["end"]
    assert 0 <= start < end <= len(text)
    assert text[start:end] == sentence["text"]
    assert evidence and evidence in sentence["text"], (evidence, sentence["text"])
    split = sentences[sentence["index"]]
    assert (split.start, split.end) == (start, end)


def _check_extras(record: Record, text: str) -> None:
    """What ``kg extract`` adds for ``kg build`` (kg.record_cache): the sentences of the
    mentions, each quantity's rule, the source's hash and the extractor's version."""
    sentences = split_sentences(text)
    for sentence in record["sentences"]:
        split = sentences[sentence["index"]]
        assert sentence == {"index": split.index, "start": split.start, "end": split.end,
                            "text": split.text}  # fmt: skip
    assert set(record["source"]) == {"sha256", "extractor"}
    assert all(isinstance(q["rule"], str) for q in record["quantities"])


def _check(record: Record, text: str) -> None:
    extras = {"sentences", "source"}
    assert set(record) - extras == {"doc", "entities", "relations", "quantities"}
    if set(record) & extras:
        assert extras <= set(record)
        _check_extras(record, text)
        record = {**record, "quantities": [
            {k: v for k, v in q.items() if k != "rule"} for q in record["quantities"]
        ]}  # fmt: skip
    assert isinstance(record["doc"], str) and record["doc"]
    sentences = split_sentences(text)
    names = _names_of(record)
    seen: set[tuple[str, str]] = set()
    for entity in record["entities"]:
        assert set(entity) == {"text", "type", "aliases", "mentions"}
        assert entity["type"] in ENTITY_TYPES
        assert entity["text"] and entity["text"] not in entity["aliases"]
        for name in (entity["text"], *entity["aliases"]):
            assert (name, entity["type"]) not in seen, f"{name} names two entities"
            seen.add((name, entity["type"]))
        assert entity["mentions"], entity
        for mention in entity["mentions"]:
            assert set(mention) == {"start", "end", "text"}
            start, end = mention["start"], mention["end"]
            assert 0 <= start < end <= len(text)
            assert MARKS.sub("", text[start:end]).strip() == mention["text"], mention
            assert mention["text"] in (entity["text"], *entity["aliases"]), mention
    for rel in record["relations"]:
        assert rel["relation"] in RELATION_TYPES
        assert rel["head"] in names, rel
        if rel["relation"] != "awarded":
            assert rel["tail"] in names, rel
        assert ("post" in rel) == (rel["relation"] == "holds_post"), rel
        _check_sentence(rel["sentence"], text, rel["evidence"], sentences)
    for qty in record["quantities"]:
        assert set(qty) == {"subject", "measure", "value", "unit", "evidence", "sentence"}
        assert qty["measure"] in MEASURES
        assert qty["subject"] in names, qty
        assert isinstance(qty["value"], int | float) and qty["value"] > 0
        assert isinstance(qty["unit"], str) and qty["unit"]
        _check_sentence(qty["sentence"], text, qty["evidence"], sentences)


@pytest.fixture(scope="session")
def check_record() -> CheckRecord:
    """``check(record, text)``: assert the output contract for one document's JSON."""
    return _check
