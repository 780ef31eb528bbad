"""Relations and quantities, one rule per test, on sentences written for these tests."""

from __future__ import annotations

from functools import lru_cache

from kg.pipeline import Extractor
from kg.records import DocumentRecord, SourceDocument


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    return Extractor()


def extract(text: str) -> DocumentRecord:
    return _extractor().extract(SourceDocument("t.txt", text))


def triples(record: DocumentRecord) -> set[tuple[str, str, str]]:
    return {(r.head, r.relation, r.tail) for r in record.relations}


def facts(record: DocumentRecord) -> set[tuple[str, str, float]]:
    return {(q.subject, q.measure, q.value) for q in record.quantities}


def test_sibling_divisions_are_no_chain_but_a_written_chain_is() -> None:
    got = triples(extract("走访中山佛山云浮。来到广州市白云区江高镇。"))
    assert not any(r == "located_in" and h in {"佛山", "云浮"} for h, r, _ in got)
    assert ("白云区", "located_in", "广州市") in got
    assert ("江高镇", "located_in", "白云区") in got


def test_organization_is_located_in_the_most_specific_place_of_its_name() -> None:
    got = triples(extract("蓬江区白沙街雅怡社区党委书记郭玲英说。"))
    assert ("蓬江区白沙街雅怡社区党委", "located_in", "雅怡社区") in got
    assert ("雅怡社区", "located_in", "白沙街") in got
    assert ("郭玲英", "holds_post", "蓬江区白沙街雅怡社区党委") in got


def test_two_posts_before_one_person() -> None:
    record = extract("蓬江区委常委、组织部部长关志钒说。")
    got = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("关志钒", "蓬江区委", "常委") in got


def test_part_of_program_cues() -> None:
    got = triples(
        extract(
            "全县把实施“头雁工程”作为基层党建三年行动计划的重点措施。深化党史学习教育“六学”活动。"
        )
    )
    assert ("头雁工程", "part_of_program", "基层党建三年行动计划") in got


def test_listed_quotes_are_not_nested_programs() -> None:
    got = triples(extract("创新开展“三人课堂”“四点钟学堂”等活动。"))
    assert not any(r == "part_of_program" for _, r, _ in got)


def test_implements_with_an_explicit_and_an_implied_actor() -> None:
    record = extract("安吉县深入实施“两山银行”工程。安吉县召开会议。持续开展“清廉村居”建设行动。")
    got = triples(record)
    assert ("安吉县", "implements", "两山银行工程") in got
    implied = [r for r in record.relations if r.rule.startswith("implied_actor")]
    assert implied and all(r.head == "安吉县" for r in implied)


def test_awarded_for_every_member_of_a_list() -> None:
    got = triples(extract("区市场监管局、区卫健局分别获市“金桂杯”创新大赛三等奖。"))
    assert ("区市场监管局", "awarded", "金桂杯创新大赛三等奖") in got
    assert ("区卫健局", "awarded", "金桂杯创新大赛三等奖") in got


def test_quantity_subject_is_the_sentence_actor_and_measures_follow_nouns() -> None:
    record = extract("南湖区东栅联合党委直接管理13个支部231名党员。")
    assert facts(record) == {
        ("南湖区东栅联合党委", "branches", 13),
        ("南湖区东栅联合党委", "party_members", 231),
    }


def test_quantity_before_de_describes_the_name_after_it() -> None:
    got = facts(extract("南湖区打造了560平方米的东栅党群服务站。"))
    assert ("东栅党群服务站", "area_m2", 560) in got


def test_scope_word_gives_the_implied_actor() -> None:
    got = facts(extract("嘉兴市召开会议。截至目前，全市共有基层党组织1.2万个。"))
    assert ("嘉兴市", "party_organizations", 12000) in got


def test_numbers_inside_quoted_slogans_are_not_counts() -> None:
    assert extract("增强“四个意识”，做到“两个维护”。").quantities == []


def test_subject_after_a_preposition_is_skipped() -> None:
    got = facts(extract("在湖北省武汉市江汉区，汉兴商务区内集聚企业2100余家。"))
    assert ("汉兴商务区", "other", 2100) in got


def test_program_written_right_after_its_organization() -> None:
    got = triples(extract("深入贯彻江门市委基层党建“十大专项行动”，推动发展。"))
    assert ("江门市委", "implements", "十大专项行动") in got
    got = triples(extract("两站形成“双塔连心”立体化党建品牌。"))
    assert not any(r == "implements" and h.endswith("站") for h, r, _ in got)
