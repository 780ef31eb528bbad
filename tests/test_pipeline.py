"""Extractor().extract on short hand-written texts in the genre, one behaviour per test.

Provinces, cities and districts are real; villages, towns, people and programs are made up.
Every record also passes the output contract of conftest.check_record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.pipeline import Extractor, output_name, write_record
from kg.read import read_document
from kg.records import SourceDocument

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"

Record = dict[str, Any]
ExtractText = Callable[[str], Record]


def entities(record: Record) -> dict[str, str]:
    """Canonical text → type."""
    return {e["text"]: e["type"] for e in record["entities"]}


def names(record: Record) -> dict[str, str]:
    """Every name (canonical or alias) → canonical text."""
    return {n: e["text"] for e in record["entities"] for n in (e["text"], *e["aliases"])}


def triples(record: Record) -> set[tuple[str, str, str]]:
    return {(r["head"], r["relation"], r["tail"]) for r in record["relations"]}


def relations(record: Record, relation: str) -> list[Record]:
    return [r for r in record["relations"] if r["relation"] == relation]


def one_ending_with(record: Record, suffix: str, etype: str) -> str:
    found = [t for t, ty in entities(record).items() if ty == etype and t.endswith(suffix)]
    assert len(found) == 1, (suffix, entities(record))
    return found[0]


# ----------------------------------------------------------------------------- nested names


def test_district_organization_department(extract_json: ExtractText) -> None:
    record = extract_json("杭州市西湖区委组织部近日召开基层党建工作推进会。")
    department = one_ending_with(record, "西湖区委组织部", "ORG")
    committee = one_ending_with(record, "西湖区委", "ORG")
    assert entities(record).get("西湖区") == "PLACE"
    got = triples(record)
    assert (department, "sub_organization_of", committee) in got
    assert (department, "located_in", "西湖区") in got
    assert (committee, "located_in", "西湖区") in got
    assert "组织部" not in names(record)  # a fragment of the name is not an entity


def test_place_chain_inside_organization_name(extract_json: ExtractText) -> None:
    record = extract_json("杭州市西湖区委组织部近日召开基层党建工作推进会。")
    assert ("西湖区", "located_in", "杭州市") in triples(record)


def test_written_place_chain(extract_json: ExtractText) -> None:
    record = extract_json("走进浙江省杭州市临安区石桥村，一条新修的产业路通到村口。")
    assert {"浙江省", "杭州市", "临安区", "石桥村"} <= {
        t for t, ty in entities(record).items() if ty == "PLACE"
    }
    assert {
        ("杭州市", "located_in", "浙江省"),
        ("临安区", "located_in", "杭州市"),
        ("石桥村", "located_in", "临安区"),
    } <= triples(record)


def test_village_named_like_a_district_is_one_place(extract_json: ExtractText) -> None:
    # 青山 is also the short name of 青山区; inside 青山村 it is no place of its own
    record = extract_json("青山村党支部书记王建华说，今年村里变化很大。")
    assert entities(record).get("青山村") == "PLACE"
    assert "青山" not in names(record)
    assert ("青山村党支部", "located_in", "青山村") in triples(record)
    assert "建华" not in names(record)  # nor is a place name inside a person's name


def test_company_branch_and_pairing(extract_json: ExtractText) -> None:
    record = extract_json("柳塘村党支部与西湖区财政局机关党支部结对共建。")
    got = triples(record)
    assert ("西湖区财政局机关党支部", "sub_organization_of", "西湖区财政局") in got
    pairs = {(h, t) for h, r, t in got if r == "paired_with"}
    assert pairs & {
        ("柳塘村党支部", "西湖区财政局机关党支部"),
        ("西湖区财政局机关党支部", "柳塘村党支部"),
    }


# ----------------------------------------------------------------------------- posts


def test_village_secretary_holds_post(extract_json: ExtractText) -> None:
    record = extract_json("柳塘村党支部书记王秀峰说，村里今年新修了产业路。")
    assert entities(record).get("王秀峰") == "PERSON"
    assert entities(record).get("柳塘村") == "PLACE"
    (post,) = relations(record, "holds_post")
    assert (post["head"], post["tail"], post["post"]) == ("王秀峰", "柳塘村党支部", "书记")
    assert "柳塘村党支部书记王秀峰" in post["evidence"]
    assert ("柳塘村党支部", "located_in", "柳塘村") in triples(record)


def test_chain_of_posts(extract_json: ExtractText) -> None:
    record = extract_json("临安区委常委、区委组织部部长林国华出席会议。")
    posts = {
        (r["tail"], r["post"]) for r in relations(record, "holds_post") if r["head"] == "林国华"
    }
    committee = one_ending_with(record, "临安区委", "ORG")
    department = one_ending_with(record, "区委组织部", "ORG")
    assert posts == {(committee, "常委"), (department, "部长")}


def test_byline_outlet_is_an_entity(extractor: Extractor) -> None:
    text = "柳塘村党支部书记王秀峰说，村里变化很大。\n编辑：赵明\n来源：金羊网"
    record = extractor.extract(SourceDocument("t.txt", text)).to_json()
    assert ("赵明", "holds_post", "金羊网") in triples(record)
    assert entities(record).get("金羊网") == "ORG"


# ----------------------------------------------------------------------------- quantities


def test_joint_committee_counts(extract_json: ExtractText) -> None:
    record = extract_json("西湖区南区联合党委直接管理13个支部231名党员。")
    committee = one_ending_with(record, "南区联合党委", "ORG")
    got = {(q["subject"], q["measure"], q["value"], q["unit"]) for q in record["quantities"]}
    assert got == {
        (committee, "branches", 13, "个"),
        (committee, "party_members", 231, "名"),
    }
    assert relations(record, "manages") == []  # the 13 branches are counted, not named


def test_manages_named_organization(extract_json: ExtractText) -> None:
    record = extract_json("西湖区委组织部直接管理南区联合党委。")
    department = one_ending_with(record, "西湖区委组织部", "ORG")
    assert (department, "manages", "南区联合党委") in triples(record)


# ----------------------------------------------------------------------------- cue relations


def test_awarded_honor_without_marks(extract_json: ExtractText) -> None:
    record = extract_json("2023年，柳塘村党支部被评为“全国先进基层党组织”。")
    (award,) = relations(record, "awarded")
    assert (award["head"], award["tail"]) == ("柳塘村党支部", "全国先进基层党组织")
    assert "被评为" in award["evidence"]
    assert set(entities(record)) == {"柳塘村党支部", "柳塘村"}  # the honor is no entity


def test_quoted_program_is_implemented(extract_json: ExtractText) -> None:
    record = extract_json("西湖区委组织部在全区开展“红色领航”行动。")
    assert entities(record).get("红色领航行动") == "PROGRAM"
    department = one_ending_with(record, "西湖区委组织部", "ORG")
    assert (department, "implements", "红色领航行动") in triples(record)


def test_document_title_program(extract_json: ExtractText) -> None:
    record = extract_json("临安区印发《临安区村级组织运转经费保障办法》。")
    program = "临安区村级组织运转经费保障办法"
    assert entities(record).get(program) == "PROGRAM"
    assert ("临安区", "implements", program) in triples(record)


def test_established_and_part_of_program(extract_json: ExtractText) -> None:
    record = extract_json(
        "西湖区委组织部牵头组建了云栖小镇联合党委。"
        "柳塘村党支部把“清廉村居”行动作为“强村富民”计划的重点措施。"
    )
    department = one_ending_with(record, "西湖区委组织部", "ORG")
    got = triples(record)
    assert (department, "established", "云栖小镇联合党委") in got
    assert ("清廉村居行动", "part_of_program", "强村富民计划") in got


def test_generic_words_are_not_entities(extract_json: ExtractText) -> None:
    record = extract_json("西湖区党组织覆盖率达62.8%，基层党组织战斗堡垒作用不断增强。")
    assert set(entities(record)) == {"西湖区"}
    assert record["quantities"] == []


# ----------------------------------------------------------------------------- whole documents


@pytest.mark.parametrize("text", ["", "   \n  ", "。。！？", "abc def"])
def test_texts_without_names(extractor: Extractor, text: str) -> None:
    record = extractor.extract(SourceDocument("empty.txt", text)).to_json()
    assert record == {"doc": "empty.txt", "entities": [], "relations": [], "quantities": []}


def test_mentions_follow_the_text(extract_json: ExtractText) -> None:
    text = (
        "桃溪村：“共享菜园”带富一方\n\n"
        "桃溪村党总支书记周海生介绍，村党总支实施“共享菜园”计划以来，"
        "全村新增集体收入86万元。周海生说，明年还要再扩大规模。"
    )
    record = extract_json(text)
    by_text = {e["text"]: e for e in record["entities"]}
    person = by_text["周海生"]
    assert [m["start"] for m in person["mentions"]] == [
        i for i in range(len(text)) if text.startswith("周海生", i)
    ]
    assert all(m["text"] == "周海生" for m in person["mentions"])
    assert record["doc"] == "t.txt"


def test_write_record_round_trips(extractor: Extractor, tmp_path: Path) -> None:
    source = SourceDocument("村里的事.md", "柳塘村党支部书记王秀峰说。")
    record = extractor.extract(source)
    path = write_record(record, tmp_path / "nested" / "out")
    assert (
        path
        == tmp_path / "nested" / "out" / "村里的事.md.json"
        == (tmp_path / "nested" / "out" / output_name(source.name))
    )
    assert json.loads(path.read_text(encoding="utf-8")) == record.to_json()
    assert "王秀峰" in path.read_text(encoding="utf-8")  # ensure_ascii=False


def test_record_names_keep_the_extension_and_the_folders(tmp_path: Path) -> None:
    """Issue 9, item 6: y.txt and y.md (and a/x.txt, b/x.txt) wrote one y.json / x.json."""
    assert [output_name(n) for n in ("y.txt", "y.md", "a/x.txt", "b/x.txt")] == [
        "y.txt.json", "y.md.json", "a/x.txt.json", "b/x.txt.json",
    ]  # fmt: skip
    for bad in ("", "/etc/x.txt", "../x.txt", "a/../../x.txt"):
        with pytest.raises(ValueError, match="not a relative document name"):
            output_name(bad)


def test_records_of_two_same_named_documents_both_survive(
    extractor: Extractor, tmp_path: Path
) -> None:
    texts = {"a/x.txt": "柳塘村党支部书记王秀峰说。", "b/x.txt": "桃溪村党总支书记周海生说。"}
    for name, text in texts.items():
        write_record(extractor.extract(SourceDocument(name, text)), tmp_path)
    for name, text in texts.items():
        record = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert record["doc"] == name and text[-5:-2] in json.dumps(record, ensure_ascii=False)


SEED_PARAMS = [
    pytest.param(path, id=path.stem)
    for path in (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
]


@pytest.mark.parametrize("path", SEED_PARAMS or [pytest.param(None, id="absent")])
def test_shared_seed_article(extractor: Extractor, check_record: Any, path: Path | None) -> None:
    if path is None:
        pytest.skip(f"{SEEDS} is absent")
    source = read_document(path)
    record = extractor.extract(source).to_json()
    assert record["doc"] == path.name
    assert record["entities"] and record["relations"], path.name
    check_record(record, source.text)
