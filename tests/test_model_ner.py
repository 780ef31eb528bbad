"""Tests of the optional trained-model NER layer, on a tiny pipeline trained here."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from kg.model_ner import ModelEntityRecognizer, ModelLoadError, _chunks, merge_mentions
from kg.records import Mention

TRAIN: list[tuple[str, list[tuple[str, str]]]] = [
    ("张明在杭州市工作。", [("张明", "PERSON"), ("杭州市", "GPE")]),
    ("李华加入了红星科技公司。", [("李华", "PERSON"), ("红星科技公司", "ORG")]),
    ("王芳来自宁波市。", [("王芳", "PERSON"), ("宁波市", "GPE")]),
    ("赵强在温州市开会。", [("赵强", "PERSON"), ("温州市", "GPE")]),
    ("刘洋就职于东方电力公司。", [("刘洋", "PERSON"), ("东方电力公司", "ORG")]),
    ("陈静住在西湖边。", [("陈静", "PERSON"), ("西湖", "LOC")]),
    ("今年共有三百人参加。", [("三百人", "CARDINAL")]),
    ("孙伟访问了绍兴市。", [("孙伟", "PERSON"), ("绍兴市", "GPE")]),
]


def _example(nlp: spacy.Language, text: str, ents: list[tuple[str, str]]) -> Example:
    spans = [(text.index(t), text.index(t) + len(t), label) for t, label in ents]
    return Example.from_dict(nlp.make_doc(text), {"entities": spans})


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank ``zh`` pipeline with an ``ner`` trained to convergence on TRAIN."""
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")  # not needed for NER: the recognizer must leave it out
    nlp.add_pipe("ner")
    examples = [_example(nlp, t, e) for t, e in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(300):  # converges after ~80 updates; 30 are not enough
        losses: dict[str, float] = {}
        nlp.update(examples, sgd=optimizer, drop=0.0, losses=losses)
        if losses["ner"] < 1e-3:
            break
    path = tmp_path_factory.mktemp("models") / "tiny"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def recognizer(model_dir: Path) -> ModelEntityRecognizer:
    return ModelEntityRecognizer(str(model_dir))


def _spans(mentions: list[Mention]) -> set[tuple[int, int, str, str, str]]:
    return {(m.start, m.end, m.text, m.type, m.rule) for m in mentions}


def test_finds_and_maps_labels(recognizer: ModelEntityRecognizer) -> None:
    assert recognizer.name == "zh_pipeline-0.0.0"
    assert recognizer.nlp.pipe_names == ["ner"]
    got = _spans(recognizer("张明在杭州市工作。"))
    assert got == {(0, 2, "张明", "PERSON", "model:PERSON"), (3, 6, "杭州市", "PLACE", "model:GPE")}
    got = _spans(recognizer("陈静住在西湖边。"))
    assert (4, 6, "西湖", "PLACE", "model:LOC") in got
    got = _spans(recognizer("李华加入了红星科技公司。"))
    assert got == {
        (0, 2, "李华", "PERSON", "model:PERSON"),
        (5, 11, "红星科技公司", "ORG", "model:ORG"),
    }


def test_unmapped_labels_are_dropped(recognizer: ModelEntityRecognizer) -> None:
    doc = recognizer.nlp("今年共有三百人参加。")
    assert "CARDINAL" in {e.label_ for e in doc.ents}  # the model does predict it ...
    assert recognizer("今年共有三百人参加。") == []  # ... but it is not kept


def test_offsets_in_long_text_are_chunked(recognizer: ModelEntityRecognizer) -> None:
    sentences = ["前言。", "张明在杭州市工作。", "王芳来自宁波市。"]
    text = "\n".join(sentences[i % 3] for i in range(60))
    old = recognizer.nlp.max_length
    recognizer.nlp.max_length = 40
    try:
        with pytest.raises(ValueError):  # spaCy itself refuses the whole text
            recognizer.nlp(text)
        mentions = recognizer(text)
    finally:
        recognizer.nlp.max_length = old
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert sum(m.text == "张明" and m.type == "PERSON" for m in mentions) == 20
    assert sum(m.text == "宁波市" and m.type == "PLACE" for m in mentions) == 20
    assert mentions == sorted(mentions, key=lambda m: m.start)


def test_chunks_cover_text_within_limit() -> None:
    text = "甲乙丙。\n丁戊己庚辛壬癸子丑寅。卯辰\n\n巳午未申酉戌亥"
    for limit in range(1, len(text) + 2):
        chunks = list(_chunks(text, limit))
        assert "".join(c for _, c in chunks) == text
        assert all(0 < len(c) <= limit and text[o : o + len(c)] == c for o, c in chunks)
    expected = ["甲乙丙。\n", "丁戊己庚辛壬癸子", "丑寅。卯辰\n\n", "巳午未申酉戌亥"]
    assert [c for _, c in _chunks(text, 8)] == expected


def test_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match=r"^cannot load spaCy model '.*nope': .+"):
        ModelEntityRecognizer(str(tmp_path / "nope"))


def test_folder_that_is_not_a_pipeline_raises(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="cannot load spaCy model"):
        ModelEntityRecognizer(str(tmp_path))


def test_pipeline_without_ner_raises(tmp_path: Path) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_ruler")
    nlp.to_disk(tmp_path / "no_ner")
    with pytest.raises(ModelLoadError, match="no 'ner' component") as info:
        ModelEntityRecognizer(str(tmp_path / "no_ner"))
    assert "\n" not in str(info.value)


def test_uninstalled_name_raises() -> None:
    with pytest.raises(ModelLoadError, match="'zh_no_such_pipeline_xyz'") as info:
        ModelEntityRecognizer("zh_no_such_pipeline_xyz")
    assert "\n" not in str(info.value)


def _m(start: int, end: int, etype: str = "ORG", rule: str = "r") -> Mention:
    return Mention(start, end, "x" * (end - start), etype, rule)


def test_merge_rules_win_on_overlap() -> None:
    rules = [_m(10, 20, "ORG", "rule"), _m(0, 4, "PERSON", "rule")]
    model = [
        _m(2, 6, "PLACE", "model:GPE"),  # overlaps the rule at 0-4
        _m(19, 25, "ORG", "model:ORG"),  # overlaps the rule at 10-20
        _m(12, 14, "PERSON", "model:PER"),  # inside the rule at 10-20
        _m(4, 10, "PLACE", "model:LOC"),  # touches both, overlaps neither
        _m(20, 22, "PERSON", "model:PERSON"),  # right after a rule
        _m(30, 32, "ORG", "model:ORG"),
    ]
    assert merge_mentions(rules, model) == [
        _m(0, 4, "PERSON", "rule"),
        _m(4, 10, "PLACE", "model:LOC"),
        _m(10, 20, "ORG", "rule"),
        _m(20, 22, "PERSON", "model:PERSON"),
        _m(30, 32, "ORG", "model:ORG"),
    ]


def test_merge_nested_rules_and_ordering() -> None:
    rules = [_m(5, 8), _m(0, 30), _m(40, 42)]  # a long rule span hides later short ones
    model = [_m(25, 35), _m(32, 36), _m(36, 40), _m(32, 34)]
    expected = [_m(0, 30), _m(5, 8), _m(32, 36), _m(32, 34), _m(36, 40), _m(40, 42)]
    assert merge_mentions(rules, model) == expected
    assert merge_mentions([], model[1:]) == [_m(32, 36), _m(32, 34), _m(36, 40)]
    assert merge_mentions(rules, []) == sorted(rules, key=lambda m: (m.start, m.start - m.end))
