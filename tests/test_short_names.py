"""Short forms of organization names (kg.short_names): 固始高中 for 固始县高级中学."""

from __future__ import annotations

from kg.gazetteer import Gazetteer
from kg.short_names import org_short_forms, shorter_kinds


def test_kind_and_place_are_shortened() -> None:
    forms = org_short_forms("河南省信阳市固始县高级中学", Gazetteer.load())
    assert forms == [
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
    assert org_short_forms("广州市天河区委组织部", gazetteer) == []
    assert org_short_forms("高级中学", gazetteer) == []
    assert all(len(form) >= 4 for form in org_short_forms("天河人民政府", gazetteer))


def test_the_kinds_are_read_longest_first() -> None:
    kinds = list(shorter_kinds())
    assert kinds == sorted(kinds, key=len, reverse=True)
    assert shorter_kinds()["人民检察院"] == ("检察院",)
