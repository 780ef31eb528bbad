"""Short forms of organization names (kg.short_names): 固始高中 for 固始县高级中学."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.gazetteer import Gazetteer
from kg.recognize import CharSegmenter
from kg.recognize.base import Candidate, candidates
from kg.recognize.org_context import OrgShortForms
from kg.short_names import org_short_forms, shorter_kinds

BLANK = spacy.blank("zh")


def test_kind_and_place_are_shortened() -> None:
    forms = org_short_forms("河南省信阳市固始县高级中学", Gazetteer.load())
    assert list(forms) == [
        "河南省信阳市固始县高中",
        "固始县高级中学",
        "固始县高中",
        "固始高级中学",
        "固始高中",
    ]


def test_the_place_is_the_longest_division_name_before_the_kind() -> None:
    # 吉县 is a county of its own: 安吉县 is the place of 湖州市安吉县人民法院
    forms = org_short_forms("湖州市安吉县人民法院", Gazetteer.load())
    assert "安吉法院" in forms and "安吉县法院" in forms
    assert not any(form.startswith("吉县") for form in forms)


def test_the_longest_kind_is_shortened() -> None:
    # 中级人民法院, not 人民法院: 中院, not 中级法院 only
    assert "广州中院" in org_short_forms("广州市中级人民法院", Gazetteer.load())


def test_names_without_a_listed_kind_or_with_nothing_before_it_have_none() -> None:
    gazetteer = Gazetteer.load()
    assert org_short_forms("广州市天河区委组织部", gazetteer) == ()
    assert org_short_forms("高级中学", gazetteer) == ()
    assert all(len(form) >= 4 for form in org_short_forms("天河人民政府", gazetteer))


def test_the_kinds_are_read_longest_first() -> None:
    kinds = list(shorter_kinds())
    assert kinds == sorted(kinds, key=len, reverse=True)
    assert shorter_kinds()["人民检察院"] == ("检察院",)


SCHOOLS = ["固始县高级中学", "安吉县人民检察院", "天河区人民政府", "青禾中级人民法院"]
PIECES = st.sampled_from(
    [
        *SCHOOLS,
        "固始高中",
        "安吉检察院",
        "安吉县检察院",
        "天河区政府",
        "天河政府",
        "青禾中院",
        "，",
        "在",
        "高中",
    ]
)


def plain_short_form_spans(text: str, names: list[str]) -> set[tuple[int, int]]:
    """The reference: each short form looked for with str.find, one after another."""
    forms = {f for name in names for f in org_short_forms(name, Gazetteer.load())} - set(names)
    spans = set()
    for form in forms:
        start = text.find(form)
        while start != -1:
            spans.add((start, start + len(form)))
            start = text.find(form, start + 1)
    return spans


@given(st.lists(PIECES, max_size=30).map("".join))
@settings(max_examples=100, deadline=None)
def test_the_component_finds_every_written_short_form_in_one_pass(text: str) -> None:
    doc = CharSegmenter(BLANK.vocab, tokens=False)(text)
    names = [name for name in SCHOOLS if name in text]
    for name in names:
        start = text.find(name)
        candidates(doc).append(Candidate(start, start + len(name), "ORG", "org_grammar"))
    found = {
        (c.start, c.end)
        for c in candidates(OrgShortForms(Gazetteer.load())(doc))
        if c.rule == OrgShortForms.RULE
    }
    assert found == plain_short_form_spans(text, names)
