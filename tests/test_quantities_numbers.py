"""Numbers in quantities: numerals, multipliers, approximations, units and exclusions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest

from kg.quantities import to_number

Record = dict[str, Any]
ExtractText = Callable[[str], Record]


def facts(record: Record) -> set[tuple[str, str, float | int, str]]:
    return {(q["subject"], q["measure"], q["value"], q["unit"]) for q in record["quantities"]}


@pytest.mark.parametrize(
    ("num", "mult", "expected"),
    [
        ("1.8", "万", 18_000),
        ("9.46", "亿", 946_000_000),
        ("三百", None, 300),
        ("两", None, 2),
        ("一百二十", None, 120),
        ("2.36", "万", 23_600),
        ("十", None, 10),
        ("3", "万亿", 3_000_000_000_000),
        ("231", None, 231),
    ],
)
def test_to_number(num: str, mult: str | None, expected: int) -> None:
    assert to_number(num, mult) == pytest.approx(expected, rel=1e-12)


def test_to_number_rejects_non_numbers() -> None:
    assert math.isnan(to_number("党员", None))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("柳塘村共有常住居民近2000名。", ("柳塘村", "people", 2000, "名")),
        ("第一书记王秀峰累计驻村三百多天。", ("王秀峰", "other", 300, "天")),
        ("柳塘村有三百多名群众参加义务劳动。", ("柳塘村", "people", 300, "名")),
        ("云栖小镇规划面积12平方公里。", ("云栖小镇", "area_m2", 12_000_000, "平方米")),
        ("柳塘村党支部争取专项资金2600万元。", ("柳塘村党支部", "money_cny", 26_000_000, "元")),
        ("西湖区全年完成投资9.46亿元。", ("西湖区", "money_cny", 946_000_000, "元")),
        ("西湖区共有党员1.8万名。", ("西湖区", "party_members", 18_000, "名")),
        ("云栖小镇入驻企业2100余家。", ("云栖小镇", "other", 2100, "家")),
        ("云栖小镇吸纳就业超过4.6万人。", ("云栖小镇", "people", 46_000, "人")),
        ("柳塘村流转土地约320亩。", ("柳塘村", "other", 320, "亩")),
    ],
    ids=[
        "near",
        "days",
        "hundreds",
        "km2",
        "wan-yuan",
        "yi-yuan",
        "wan-members",
        "yu",
        "chaoguo",
        "mu",
    ],
)
def test_one_quantity(
    extract_json: ExtractText, text: str, expected: tuple[str, str, int, str]
) -> None:
    record = extract_json(text)
    assert facts(record) == {expected}
    (qty,) = record["quantities"]
    assert type(qty["value"]) is int  # whole numbers are written as JSON integers
    written = re.search(r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+(?=多|余)", text)
    assert written is not None and written.group() in qty["evidence"]


@pytest.mark.parametrize(
    "text",
    [
        "西湖区党组织覆盖率达62.8%。",
        "柳塘村面积不足1平方公里。",
        "柳塘村村集体经济年收入不足10万元。",
        "柳塘村党支部书记王秀峰今年52岁。",
        "2023年12月，柳塘村召开党员大会。",
    ],
    ids=["percent", "upper-bound-area", "upper-bound-money", "age", "date"],
)
def test_not_a_quantity(extract_json: ExtractText, text: str) -> None:
    assert extract_json(text)["quantities"] == []


def test_average_is_not_a_quantity(extract_json: ExtractText) -> None:
    assert extract_json("西湖区党员人均捐款120元。")["quantities"] == []


def test_count_after_organization_verb(extract_json: ExtractText) -> None:
    record = extract_json("柳塘村党支部组织三百多名群众参加义务劳动。")
    assert facts(record) == {("柳塘村党支部", "people", 300, "名")}


def test_two_books(extract_json: ExtractText) -> None:
    record = extract_json("第一书记王秀峰到村后，记满了两本民情日记。")
    assert ("王秀峰", "other", 2, "本") in facts(record)


def test_counts_of_a_sentence_share_its_subject(extract_json: ExtractText) -> None:
    record = extract_json("西湖区南区联合党委直接管理13个支部231名党员，服务企业1200余家。")
    subjects = {q["subject"] for q in record["quantities"]}
    assert len(subjects) == 1 and next(iter(subjects)).endswith("南区联合党委")
    assert {(q["measure"], q["value"]) for q in record["quantities"]} == {
        ("branches", 13),
        ("party_members", 231),
        ("other", 1200),
    }
