"""Consistency checks for the sample corpus and its gold annotations (examples/).

Every ``examples/gold/NAME.gold.json`` must describe ``examples/corpus/NAME.txt`` in the
format of ``docs/annotation.md``: evidence is verbatim text of the article, every relation
end and quantity subject names an entity of the same file (by its text or an alias), the
labels come from the closed sets in ``kg.records``, and argument types fit each relation.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kg.records import ENTITY_TYPES, MEASURES, RELATION_TYPES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
GOLD = EXAMPLES / "gold"
GOLD_SUFFIX = ".gold.json"

MARKS = re.compile(r"[“”‘’\"'《》〈〉「」『』]")

# Allowed (head types, tail types) per relation; None means a free string (an honor).
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "manages": (frozenset({"ORG"}), frozenset({"ORG"})),
    "sub_organization_of": (frozenset({"ORG"}), frozenset({"ORG"})),
    "located_in": (frozenset({"ORG", "PLACE"}), frozenset({"PLACE"})),
    "holds_post": (frozenset({"PERSON"}), frozenset({"ORG"})),
    "implements": (frozenset({"ORG", "PLACE"}), frozenset({"PROGRAM"})),
    "part_of_program": (frozenset({"PROGRAM"}), frozenset({"PROGRAM"})),
    "established": (frozenset({"ORG", "PLACE"}), frozenset({"ORG"})),
    "paired_with": (frozenset({"ORG"}), frozenset({"ORG"})),
    "awarded": (frozenset({"ORG", "PERSON"}), None),
}
UNITS_FOR_MEASURE = {"money_cny": "元", "area_m2": "平方米"}

GOLD_FILES = sorted(GOLD.glob(f"*{GOLD_SUFFIX}"))


def _stem(path: Path) -> str:
    return path.name[: -len(GOLD_SUFFIX)]


def _load(path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (CORPUS / f"{_stem(path)}.txt").read_text(encoding="utf-8")
    return gold, text


def _unmarked(text: str) -> str:
    return MARKS.sub("", unicodedata.normalize("NFKC", text))


def _names(gold: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every entity name (text and aliases) -> the entity bearing it."""
    out: dict[str, dict[str, Any]] = {}
    for entity in gold["entities"]:
        for name in [entity["text"], *entity["aliases"]]:
            out.setdefault(name, entity)
    return out


def test_sample_corpus_is_present() -> None:
    assert len(GOLD_FILES) >= 7
    texts = sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert texts == [_stem(p) for p in GOLD_FILES], "each NAME.txt needs exactly one NAME.gold.json"


@pytest.mark.parametrize("path", GOLD_FILES, ids=_stem)
def test_file_format(path: Path) -> None:
    gold, text = _load(path)
    assert set(gold) == {"doc", "entities", "relations", "quantities"}
    assert gold["doc"] == f"{_stem(path)}.txt"
    assert text.strip(), "empty article"
    for entity in gold["entities"]:
        assert set(entity) == {"text", "type", "aliases"}, entity
    for relation in gold["relations"]:
        keys = {"head", "relation", "tail", "evidence"}
        if relation.get("relation") == "holds_post":
            keys.add("post")
        assert set(relation) == keys, relation
    for quantity in gold["quantities"]:
        assert set(quantity) == {"subject", "measure", "value", "unit"}, quantity


@pytest.mark.parametrize("path", GOLD_FILES, ids=_stem)
def test_entities(path: Path) -> None:
    gold, text = _load(path)
    plain = _unmarked(text)
    owner: dict[str, str] = {}
    for entity in gold["entities"]:
        assert entity["type"] in ENTITY_TYPES, entity
        names = [entity["text"], *entity["aliases"]]
        assert len(set(names)) == len(names), f"repeated name in {entity}"
        for name in names:
            assert name and name == name.strip(), entity
            assert not MARKS.search(name), f"quotation or title marks left in {name!r}"
            assert name in plain, f"{name!r} does not occur in {gold['doc']}"
            assert name not in owner, f"{name!r} names both {owner[name]!r} and {entity['text']!r}"
            owner[name] = entity["text"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=_stem)
def test_relations(path: Path) -> None:
    gold, text = _load(path)
    names = _names(gold)
    seen: set[tuple[str, str, str]] = set()
    for r in gold["relations"]:
        rel = r["relation"]
        assert rel in RELATION_TYPES, r
        assert r["evidence"] and r["evidence"] in text, f"evidence not verbatim: {r['evidence']!r}"
        head_types, tail_types = SIGNATURES[rel]
        assert r["head"] in names, f"unknown head {r['head']!r}"
        head = names[r["head"]]
        assert head["type"] in head_types, f"{rel} cannot start at {head['type']}: {r}"
        if tail_types is None:
            tail = r["tail"]
            assert tail and not MARKS.search(tail), r
            assert tail in _unmarked(text), f"honor {tail!r} does not occur in {gold['doc']}"
        else:
            assert r["tail"] in names, f"unknown tail {r['tail']!r}"
            tail_entity = names[r["tail"]]
            assert tail_entity["type"] in tail_types, f"{rel} cannot end at {tail_entity['type']}"
            tail = tail_entity["text"]
            assert tail != head["text"], f"relation to itself: {r}"
        if rel == "holds_post":
            assert isinstance(r["post"], str) and r["post"].strip(), r
        key = (head["text"], rel, tail)
        if rel in {"paired_with"}:
            key = (min(head["text"], tail), rel, max(head["text"], tail))
        assert key not in seen, f"duplicate relation {key}"
        seen.add(key)


@pytest.mark.parametrize("path", GOLD_FILES, ids=_stem)
def test_quantities(path: Path) -> None:
    gold, _ = _load(path)
    names = _names(gold)
    seen: set[tuple[str, str, float]] = set()
    for q in gold["quantities"]:
        assert q["subject"] in names, f"unknown quantity subject {q['subject']!r}"
        assert q["measure"] in MEASURES, q
        value = q["value"]
        assert isinstance(value, int | float) and not isinstance(value, bool), q
        assert value > 0, q
        assert isinstance(q["unit"], str) and q["unit"].strip(), q
        expected_unit = UNITS_FOR_MEASURE.get(q["measure"])
        if expected_unit:
            assert q["unit"] == expected_unit, q
        key = (names[q["subject"]]["text"], q["measure"], float(value))
        assert key not in seen, f"duplicate quantity {key}"
        seen.add(key)


@pytest.mark.parametrize("path", GOLD_FILES, ids=_stem)
def test_place_prefixes_are_located(path: Path) -> None:
    """An ORG or PLACE whose name contains a named PLACE is located_in some place."""
    gold, _ = _load(path)
    names = _names(gold)
    located = {
        names[r["head"]]["text"]
        for r in gold["relations"]
        if r["relation"] == "located_in" and r["head"] in names
    }
    place_names = {n for n, e in names.items() if e["type"] == "PLACE"}
    for entity in gold["entities"]:
        if entity["type"] not in {"ORG", "PLACE"}:
            continue
        inner = [p for p in place_names if p in entity["text"] and names[p] is not entity]
        if inner:
            message = f"{entity['text']!r} names {inner} but has no located_in"
            assert entity["text"] in located, message


def test_gold_scores_perfectly_against_itself() -> None:
    """No two entities share a name and nothing collapses: gold vs gold is F1 = 1."""
    from kg.evaluate import evaluate_dirs

    report = evaluate_dirs(GOLD, GOLD)
    assert report.documents == len(GOLD_FILES)
    for overall in (report.entity_overall, report.relation_overall, report.quantity_overall):
        assert overall.fp == 0 and overall.fn == 0
    assert report.post_accuracy == 1.0
