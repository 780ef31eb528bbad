"""Segment stage: sentence spans that always agree with the text they came from."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.records import Sentence
from kg.segment import MAX_SENTENCE, split_sentences

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
MARKS = "，。！？\n "
# Runs of characters without sentence ends (some longer than MAX_SENTENCE) between marks.
PIECES = st.one_of(
    st.text(st.one_of(CJK, st.sampled_from("， ")), max_size=1500),
    st.text(st.one_of(CJK, st.sampled_from(MARKS)), max_size=80),
    st.sampled_from(["。", "！", "？", "\n", " ", "\n\n", "。”", "？！", "  \n "]),
)
TEXTS = st.lists(PIECES, max_size=8).map("".join)


def check_sentences(text: str, sentences: list[Sentence]) -> None:
    owner = [-1] * len(text)
    previous_end = 0
    for number, s in enumerate(sentences):
        assert s.index == number
        assert s.text == text[s.start : s.end]
        assert previous_end <= s.start < s.end <= len(text)  # ordered, non-empty, disjoint
        assert len(s.text) <= MAX_SENTENCE
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        for i in range(s.start, s.end):
            owner[i] = number
        previous_end = s.end
    for i, ch in enumerate(text):
        assert ch.isspace() or owner[i] >= 0, f"{ch!r} at {i} is in no sentence"


@settings(max_examples=200, deadline=None)
@given(TEXTS)
@example("")
@example(" \n \n")
@example("甲" * (3 * MAX_SENTENCE + 7))
@example("甲，" * MAX_SENTENCE)
@example("“好！”他说。\n\n  乙丙？！丁")
def test_sentences_cover_the_text(text: str) -> None:
    check_sentences(text, split_sentences(text))


def test_end_marks_and_line_breaks() -> None:
    text = "村里修了路。大家都说好！真的吗？\n“是的。”他说\n\n  最后一句"
    got = [s.text for s in split_sentences(text)]
    assert got == ["村里修了路。", "大家都说好！", "真的吗？", "“是的。”", "他说", "最后一句"]


def test_long_line_is_cut_at_the_last_comma() -> None:
    clause = "党员干部深入群众办实事，"  # 12 characters
    text = clause * 120
    sentences = split_sentences(text)
    check_sentences(text, sentences)
    assert len(sentences) > 1
    assert all(s.text.endswith("，") for s in sentences)
    assert len(sentences[0].text) == (MAX_SENTENCE // len(clause)) * len(clause)


def test_long_line_without_commas_is_cut_hard() -> None:
    text = "党" * (2 * MAX_SENTENCE + 5)
    assert [len(s.text) for s in split_sentences(text)] == [MAX_SENTENCE, MAX_SENTENCE, 5]
