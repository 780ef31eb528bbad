"""The lexicon of named organs (extract/organs.txt) and the suffixes of local organs
(extract/org_suffixes.txt), on invented sentences, with the model and with the rules alone."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from kg.lexicon import load_lexicon, table
from kg.pipeline import Extractor
from kg.records import SourceDocument


@pytest.fixture(scope="module", params=[False, True], ids=["model", "fast"])
def orgs_in(request: pytest.FixtureRequest) -> Any:
    """``text`` → the ORG names (texts and aliases) the extractor finds in it."""
    extractor = Extractor(fast=request.param)

    def run(text: str) -> set[str]:
        record = extractor.extract(SourceDocument("t.txt", text)).to_json()
        return {
            name
            for e in record["entities"]
            if e["type"] == "ORG"
            for name in (e["text"], *e["aliases"])
        }

    return run


def test_every_row_is_loaded_with_its_aliases() -> None:
    rows = table("organs.txt")
    organs = [o for o in load_lexicon().organs if o.type == "ORG"]  # not known_programs.txt
    assert len(organs) == len(rows) >= 150
    for row, organ in zip(rows, organs, strict=True):
        assert organ.name == row[0] and organ.type == "ORG"
        assert organ.aliases == (tuple(row[2].split(",")) if len(row) > 2 else ())
    by_name = {o.name: o.aliases for o in organs}
    assert "中组部" in by_name["中央组织部"]
    assert "团中央" in by_name["中国共产主义青年团中央委员会"]
    assert {"国家发展改革委", "国家发改委"} <= set(by_name["国家发展和改革委员会"])


def test_no_name_names_two_organs_or_a_generic_mention() -> None:
    lexicon = load_lexicon()
    names = Counter(n for o in lexicon.organs for n in (o.name, *o.aliases))
    assert [n for n, count in names.items() if count > 1] == []
    assert not set(names) & lexicon.generic_names
    # short forms that several organs (or every level) use are no aliases
    for shared in ("统战部", "发改委", "国资委", "卫健委", "组织部", "中办", "国办", "求是"):
        assert shared not in names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "中央组织部、中央宣传部、人力资源社会保障部日前联合印发实施意见。",
            {"中央组织部", "中央宣传部", "人力资源社会保障部"},
        ),
        ("国家发展改革委、民政部、国家统计局等部门出台配套措施。", {"国家发展改革委", "民政部"}),
        ("中组部和中央社会工作部的调研组来到该县。", {"中组部", "中央社会工作部"}),
        ("全国总工会、团中央、全国妇联和中国科协共同发起倡议。", {"全国总工会", "团中央"}),
        ("全国工商联、中国残联、中国红十字会总会派员参加。", {"全国工商联", "中国残联"}),
        ("最高人民法院、最高人民检察院联合发布司法解释。", {"最高人民法院", "最高人民检察院"}),
        ("人民日报社、新华社和中央广播电视总台的记者进行了采访。", {"人民日报社", "新华社"}),
        ("市场监管总局和国家市场监督管理总局是同一机构。", {"市场监管总局"}),
    ],
)
def test_central_organs_are_found(orgs_in: Any, text: str, expected: set[str]) -> None:
    assert expected <= orgs_in(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广州市总工会与天河区工商联签署合作协议。", {"广州市总工会", "天河区工商联"}),
        ("长沙县融媒体中心和浏阳市妇联联合举办活动。", {"长沙县融媒体中心", "浏阳市妇联"}),
        ("近日，省妇联、团省委联合开展巾帼建功活动。", {"省妇联", "团省委"}),
        # 、 not 和: 和县 is a county, and the rules alone read 和县融媒体中心
        ("县人社局、县融媒体中心共同举办招聘会。", {"县人社局", "县融媒体中心"}),
        ("市总工会、区工商联负责同志出席会议。", {"市总工会", "区工商联"}),
        ("区市场监管局和区卫健局组成联合检查组。", {"区市场监管局", "区卫健局"}),
        ("市国资委、县发改委召开专题会议。", {"市国资委", "县发改委"}),
    ],
)
def test_local_organs_with_a_place_or_level(orgs_in: Any, text: str, expected: set[str]) -> None:
    assert expected <= orgs_in(text)


def test_kind_words_alone_are_no_organs(orgs_in: Any) -> None:
    found = orgs_in("各地妇联和工商联要发挥作用，共青团员积极参与，求实事求是之效。")
    assert not found & {"妇联", "工商联", "共青团", "求是"}


def test_an_alias_inside_another_word_does_not_fire(orgs_in: Any) -> None:
    assert "团中央" not in orgs_in("该集团中央厨房每天供应三千份餐食。")


def test_a_ministry_name_before_men_is_a_kind_of_department(orgs_in: Any) -> None:
    found = orgs_in("民政部门和财政部门加强协作，农业农村部门参与抽查。")
    assert not found & {"民政部", "财政部", "农业农村部"}
