"""Cross-document entity resolution (kg.identity): joins, the place hierarchy, decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import Gazetteer
from kg.identity import (
    Atom,
    Decisions,
    DecisionsError,
    Node,
    Resolution,
    is_generic,
    level_word,
    resolve_divisions,
    resolve_identities,
    split_chain,
)
from kg.records import DocumentRecord, Entity


def record(doc: str, *entities: tuple[str, str] | tuple[str, str, list[str]]) -> DocumentRecord:
    """A record with entities only: (text, type) or (text, type, aliases)."""
    out = DocumentRecord(doc)
    for spec in entities:
        text, etype = spec[0], spec[1]
        aliases = list(spec[2]) if len(spec) > 2 else []  # type: ignore[misc]
        out.entities.append(Entity(text, etype, aliases))
    return out


def node(res: Resolution, doc: str, etype: str, name: str) -> Node:
    found = res.node_of(doc, etype, name)
    assert found is not None, (doc, etype, name)
    return found


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def test_same_name_in_two_documents_is_one_node() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("南区联合党委", "ORG"), ("天河区", "PLACE")),
            record("b.txt", ("南区联合党委", "ORG"), ("天河区", "PLACE")),
        ]
    )
    a, b = node(res, "a.txt", "ORG", "南区联合党委"), node(res, "b.txt", "ORG", "南区联合党委")
    assert a is b and a.docs == ["a.txt", "b.txt"]
    assert any(m.rule == "same_name" for m in res.merges)


def test_short_form_joins_long_form_with_a_place_prefix_in_context() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("南区联合党委", "ORG"), ("天河区", "PLACE")),
            record("b.txt", ("天河区南区联合党委", "ORG"), ("广州市", "PLACE")),
        ]
    )
    short = node(res, "a.txt", "ORG", "南区联合党委")
    assert short is node(res, "b.txt", "ORG", "天河区南区联合党委")
    assert short.label == "天河区南区联合党委"
    assert short.alt_labels == ["南区联合党委"]
    (merge,) = [m for m in res.merges if m.rule == "place_prefix"]
    assert "天河区" in merge.reason and merge.b.name == "南区联合党委"


def test_short_form_stays_apart_without_place_context() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("南区联合党委", "ORG"), ("杭州市", "PLACE")),
            record("b.txt", ("天河区南区联合党委", "ORG")),
        ]
    )
    assert node(res, "a.txt", "ORG", "南区联合党委") is not node(
        res, "b.txt", "ORG", "天河区南区联合党委"
    )


def test_short_form_with_two_long_forms_is_not_joined() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("南区联合党委", "ORG"), ("广州市", "PLACE")),
            record("b.txt", ("天河区南区联合党委", "ORG")),
            record("c.txt", ("海珠区南区联合党委", "ORG")),
        ]
    )
    short = node(res, "a.txt", "ORG", "南区联合党委")
    assert short.label == "南区联合党委"
    assert not any(m.rule == "place_prefix" for m in res.merges)


def test_zhonggong_prefix_is_the_same_organization() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("中共广州市白云区委", "ORG")),
            record("b.txt", ("广州市白云区委", "ORG")),
        ]
    )
    assert node(res, "a.txt", "ORG", "中共广州市白云区委") is node(
        res, "b.txt", "ORG", "广州市白云区委"
    )


def test_generic_short_form_joins_long_form_by_province_context() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("省纪委监委", "ORG"), ("广州市", "PLACE")),
            record("b.txt", ("广东省纪委监委", "ORG"), ("广东省", "PLACE")),
            record("c.txt", ("省纪委监委", "ORG"), ("杭州市", "PLACE")),
        ]
    )
    gd = node(res, "b.txt", "ORG", "广东省纪委监委")
    assert node(res, "a.txt", "ORG", "省纪委监委") is gd
    assert "省纪委监委" in gd.alt_labels
    zj = node(res, "c.txt", "ORG", "省纪委监委")
    assert zj is not gd
    assert (zj.label, zj.qualifier) == ("浙江省纪委监委", "")  # named by its context
    (merge,) = [m for m in res.merges if m.rule == "place_context"]
    assert "广东省" in merge.reason


def test_generic_names_join_only_within_one_place() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("省委", "ORG"), ("广州市", "PLACE")),
            record("b.txt", ("省委", "ORG"), ("惠州市", "PLACE")),
            record("c.txt", ("省委", "ORG"), ("杭州市", "PLACE")),
            record("d.txt", ("省委", "ORG"), ("杭州市", "PLACE"), ("广州市", "PLACE")),
        ]
    )
    a, b = node(res, "a.txt", "ORG", "省委"), node(res, "b.txt", "ORG", "省委")
    c, d = node(res, "c.txt", "ORG", "省委"), node(res, "d.txt", "ORG", "省委")
    assert a is b and (a.label, a.qualifier) == ("广东省委", "")
    assert c is not a and (c.label, c.qualifier) == ("浙江省委", "")
    # two provinces: its own node, and the report says why
    assert d is not a and d is not c and (d.label, d.qualifier) == ("省委", "d.txt")
    (unresolved,) = [n for n in res.context_notes if not n.resolved]
    assert (unresolved.name, unresolved.doc) == ("省委", "d.txt")
    assert "(广州市, 杭州市) do not say which 省" in unresolved.reason


def test_level_words_and_generic_names() -> None:
    assert level_word("省委组织部") == "省"
    assert level_word("街道党工委") == "街道"
    assert level_word("乡村振兴产业联盟") is None
    assert is_generic(Atom("ORG", "区人社局", "a.txt"))
    assert is_generic(Atom("ORG", "组织部", "a.txt"))
    assert not is_generic(Atom("ORG", "中组部", "a.txt"))
    assert not is_generic(Atom("PROGRAM", "村村有增收行动", "a.txt"))


def test_divisions_join_full_short_and_chained_names() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("天河区", "PLACE"), ("广东", "PLACE")),
            record("b.txt", ("广州市天河区", "PLACE"), ("广东省", "PLACE", ["广东"])),
            record("c.txt", ("天河", "PLACE"), ("广州", "PLACE")),
        ]
    )
    tianhe = node(res, "a.txt", "PLACE", "天河区")
    assert tianhe is node(res, "b.txt", "PLACE", "广州市天河区")
    assert tianhe is node(res, "c.txt", "PLACE", "天河")
    assert tianhe.label == "天河区" and tianhe.division is not None
    assert tianhe.division.code == "440106"
    assert set(tianhe.alt_labels) == {"广州市天河区", "天河"}
    assert node(res, "a.txt", "PLACE", "广东") is node(res, "b.txt", "PLACE", "广东省")


def test_place_hierarchy_reaches_the_province_through_gazetteer_nodes() -> None:
    res = resolve_identities([record("a.txt", ("猎德村", "PLACE"), ("天河区", "PLACE"))])
    tianhe = node(res, "a.txt", "PLACE", "天河区")
    city = res.parent_of(tianhe)
    assert city is not None and city.label == "广州市" and city.from_gazetteer_only
    province = res.parent_of(city)
    assert province is not None and province.label == "广东省"
    assert res.parent_of(province) is None
    assert res.parent_of(node(res, "a.txt", "PLACE", "猎德村")) is None  # not a division


def test_a_division_without_support_in_its_document_is_not_taken(gazetteer: Gazetteer) -> None:
    atoms = [
        Atom("PLACE", name, "a.txt")
        for name in ("浙江省", "湖州市", "安吉县", "吉县", "溪岭镇", "城区")
    ]
    found = {a.name: d.code for a, d in resolve_divisions(atoms, gazetteer).items()}
    assert found == {"浙江省": "330000", "湖州市": "330500", "安吉县": "330523"}
    alone = resolve_divisions([Atom("PLACE", "吉县", "b.txt")], gazetteer)
    assert [d.code for d in alone.values()] == ["141028"]


def test_ambiguous_division_name_follows_its_document(gazetteer: Gazetteer) -> None:
    atoms = [Atom("PLACE", "白云区", "a.txt"), Atom("PLACE", "贵阳市", "a.txt")]
    found = resolve_divisions(atoms, gazetteer)
    assert found[atoms[0]].code == "520113"
    res = resolve_identities(
        [
            record("a.txt", ("白云区", "PLACE"), ("贵阳市", "PLACE")),
            record("b.txt", ("白云区", "PLACE"), ("广州市", "PLACE")),
        ]
    )
    guiyang, guangzhou = (
        node(res, "a.txt", "PLACE", "白云区"),
        node(res, "b.txt", "PLACE", "白云区"),
    )
    assert guiyang is not guangzhou
    assert {guiyang.qualifier, guangzhou.qualifier} == {"520113", "440111"}


def test_split_chain(gazetteer: Gazetteer) -> None:
    assert split_chain("广州市天河区", gazetteer) == ["广州市", "天河区"]
    assert split_chain("安徽省六安市霍山县", gazetteer) == ["安徽省", "六安市", "霍山县"]
    assert split_chain("天河区猎德街道", gazetteer) is None


def test_alias_in_another_document_joins() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("锡西枢纽项目联合党委", "ORG", ["锡西联合党委"])),
            record("b.txt", ("锡西联合党委", "ORG")),
        ]
    )
    assert node(res, "b.txt", "ORG", "锡西联合党委") is node(
        res, "a.txt", "ORG", "锡西枢纽项目联合党委"
    )
    assert [m.rule for m in res.merges] == ["alias"]


def test_program_with_and_without_kind_word() -> None:
    res = resolve_identities(
        [record("a.txt", ("三会一课", "PROGRAM")), record("b.txt", ("三会一课制度", "PROGRAM"))]
    )
    joined = node(res, "a.txt", "PROGRAM", "三会一课")
    assert joined is node(res, "b.txt", "PROGRAM", "三会一课制度")
    assert joined.label == "三会一课制度"


def test_find_prefers_the_expected_type() -> None:
    res = resolve_identities([record("a.txt", ("竹源村", "PLACE"), ("竹源村", "ORG"))])
    found = res.find("a.txt", "竹源村", ("PLACE",))
    assert found is not None and found.type == "PLACE"
    found = res.find("a.txt", "竹源村", ("ORG",))
    assert found is not None and found.type == "ORG"
    assert res.find("a.txt", "没有", ("ORG",)) is None


# ----------------------------------------------------------------------------- decisions


def test_decisions_parse_comments_tabs_and_documents() -> None:
    decisions = Decisions.parse(
        "# researcher decisions\n"
        "same\t省纪委监委\t广东省纪委监委\n"
        "\n"
        "not_same\t城区@001_x.txt\t城区@004_y  # two different 城区\n"
        "NOT-SAME 甲党委 乙党委\n"
    )
    verdicts = [(d.verdict, str(d.a), str(d.b), d.line) for d in decisions.items]
    assert verdicts == [
        ("same", "省纪委监委", "广东省纪委监委", 2),
        ("not_same", "城区@001_x.txt", "城区@004_y", 4),
        ("not_same", "甲党委", "乙党委", 5),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("same\tA\n", "decisions:1: expected"),
        ("same\tA\tB\tC\n", "decisions:1: expected"),
        ("# ok\nmaybe\tA\tB\n", "decisions:2: unknown decision 'maybe'"),
    ],
)
def test_decisions_errors_name_the_line(text: str, expected: str) -> None:
    with pytest.raises(DecisionsError, match=expected):
        Decisions.parse(text)


def test_decisions_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DecisionsError, match="cannot read"):
        Decisions.load(tmp_path / "none.tsv")


def test_same_decision_forces_a_join() -> None:
    records = [record("a.txt", ("甲公司", "ORG")), record("b.txt", ("乙公司党委", "ORG"))]
    assert node(resolve_identities(records), "a.txt", "ORG", "甲公司") is not node(
        resolve_identities(records), "b.txt", "ORG", "乙公司党委"
    )
    res = resolve_identities(records, Decisions.parse("same\t甲公司\t乙公司党委\n"))
    assert node(res, "a.txt", "ORG", "甲公司") is node(res, "b.txt", "ORG", "乙公司党委")
    assert [m.rule for m in res.merges] == ["researcher"]


def test_not_same_decision_blocks_automatic_joins() -> None:
    records = [
        record("a.txt", ("南区联合党委", "ORG"), ("天河区", "PLACE")),
        record("b.txt", ("天河区南区联合党委", "ORG")),
        record("c.txt", ("南区联合党委", "ORG"), ("天河区", "PLACE")),
    ]
    res = resolve_identities(
        records, Decisions.parse("not_same\t南区联合党委\t天河区南区联合党委\n")
    )
    short = node(res, "a.txt", "ORG", "南区联合党委")
    assert short is node(res, "c.txt", "ORG", "南区联合党委")  # same name still joins
    assert short is not node(res, "b.txt", "ORG", "天河区南区联合党委")
    assert res.blocked and res.blocked[0].rule == "place_prefix"
    assert "not_same" in res.blocked[0].blocked_by


def test_not_same_on_one_name_in_two_documents_keeps_distinct_iris() -> None:
    records = [record("a.txt", ("城区", "PLACE")), record("b.txt", ("城区", "PLACE"))]
    res = resolve_identities(records, Decisions.parse("not_same\t城区@a.txt\t城区@b\n"))
    a, b = node(res, "a.txt", "PLACE", "城区"), node(res, "b.txt", "PLACE", "城区")
    assert a is not b
    assert a.qualifier != b.qualifier and a.qualifier.startswith("a.txt/")


def test_unmatched_same_decision_is_a_warning() -> None:
    res = resolve_identities([record("a.txt", ("甲", "ORG"))], Decisions.parse("same\t甲\t丙\n"))
    assert res.warnings == ["same 甲 丙 (decisions:1): no entity is named 丙"]
    res = resolve_identities(
        [record("a.txt", ("甲", "ORG")), record("b.txt", ("乙", "PLACE"))],
        Decisions.parse("same\t甲\t乙\nnot_same\t丁\t甲@a\n"),
    )
    assert res.warnings == [
        "same 甲 乙 (decisions:1): no entities of one type have both names",
        "not_same 丁 甲@a (decisions:2): no entity is named 丁",
    ]


def test_contradicting_decisions_are_a_warning() -> None:
    res = resolve_identities(
        [record("a.txt", ("甲党委", "ORG")), record("b.txt", ("乙党委", "ORG"))],
        Decisions.parse("same\t甲党委\t乙党委\nnot_same\t乙党委\t甲党委\n"),
    )
    assert node(res, "a.txt", "ORG", "甲党委") is node(res, "b.txt", "ORG", "乙党委")
    assert res.warnings == ["not_same 乙党委 甲党委 (decisions:2): contradicts a same decision"]
