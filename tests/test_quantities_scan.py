"""The one-scan search for numbers with a unit finds, sentence by sentence, what a scan of
each sentence by ``NUMBER`` followed by the unit look-up finds: on texts with numerals,
units, marks, spaces and runs long enough to be cut inside (kg.segment.MAX_SENTENCE)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.quantities.numbers import NUMBER, number_with_unit, unit_pattern
from kg.quantities.scan import numbers_by_sentence
from kg.records import RecognizedDocument, SourceDocument
from kg.relate import SentenceView, sentence_views
from kg.segment import MAX_SENTENCE, split_sentences

PIECES = st.sampled_from(
    [
        "一",
        "二十",
        "3",
        "12",
        ".",
        "5",
        "万",
        "亿",
        "多",
        "余",
        "近",
        "超过",
        "上",
        "千",
        "百",
        "个",
        "名",
        "人次",
        "平方米",
        "元",
        "党员",
        "统一",
        "进一步",
        "，",
        "。",
        " ",
        "\n",
        "的",
    ]
)


def _numbers_by_sentence(text: str, views: list[SentenceView]) -> list[Iterable[re.Match[str]]]:
    return numbers_by_sentence(text, views, NUMBER, number_with_unit())


def _reference(text: str, start: int, end: int) -> list[tuple[int, int]]:
    unit_re = unit_pattern()
    return [m.span() for m in NUMBER.finditer(text, start, end) if unit_re.match(text, m.end())]


def _check(text: str) -> None:
    source = SourceDocument("t.txt", text)
    rec = RecognizedDocument(source, split_sentences(text), [], [], [])
    views = sentence_views(rec)
    unit_re = unit_pattern()
    found = _numbers_by_sentence(text, views)
    assert len(found) == len(views)
    for view, numbers in zip(views, found, strict=True):
        s = view.sentence
        spans = [m.span() for m in numbers if unit_re.match(text, m.end())]
        assert spans == _reference(text, s.start, s.end), (s.start, s.end)


@given(st.lists(PIECES, max_size=120))
@settings(max_examples=300, deadline=None)
def test_one_scan_finds_each_sentences_numbers(pieces: list[str]) -> None:
    _check("".join(pieces))


@given(
    st.lists(st.sampled_from(["一", "3", "12", "个", "名", "党员", "近", "上", "千"]), min_size=1)
)
@settings(max_examples=100, deadline=None)
def test_runs_cut_inside_keep_each_sentences_numbers(pieces: list[str]) -> None:
    # no mark in a run longer than a sentence: cut anywhere, even inside a number
    run = "".join(pieces)
    text = (run * (MAX_SENTENCE // len(run) + 2))[: 2 * MAX_SENTENCE + 7] + "。" + run
    _check(text)


def test_a_number_cut_by_the_sentence_limit_is_found_as_a_scan_of_each_sentence_finds_it() -> None:
    text = "党" * (MAX_SENTENCE - 2) + "123个党员，" + "9名"
    sentences = split_sentences(text)
    assert sentences[0].text.endswith("12") and sentences[1].text.startswith("3个")  # cut in 123
    _check(text)
    rec = RecognizedDocument(SourceDocument("t.txt", text), sentences, [], [], [])
    unit_re = unit_pattern()
    found = [
        [m.group() for m in numbers if unit_re.match(text, m.end())]
        for numbers in _numbers_by_sentence(text, sentence_views(rec))
    ]
    assert found == [[], ["3", "9"]]
