"""The recognizer's rules, one behaviour per test, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.lexicon import load_lexicon
from kg.pipeline import Extractor
from kg.recognize import NameScanner, build_pipeline, clean_name
from kg.records import SourceDocument


def found(text: str) -> set[tuple[str, str]]:
    """(clean name, label) of the entities the pipeline keeps."""
    doc = build_pipeline()(text)
    return {(clean_name(text[c.start : c.end]), c.label) for c in doc.user_data["dj_chosen"]}


def nested(text: str) -> set[tuple[str, str]]:
    doc = build_pipeline()(text)
    return {(text[c.start : c.end], c.label) for c, _ in doc.user_data["dj_nested"]}


def test_pipeline_is_spacy_zh_with_one_token_per_character() -> None:
    nlp = build_pipeline()
    text = "浙江省湖州市 安吉县"
    doc = nlp(text)
    assert nlp.lang == "zh"
    assert doc.text == text
    assert [t.text for t in doc] == list(text)
    assert {e.label_ for e in doc.ents} == {"PLACE"}


def test_long_organization_name_with_its_parents_nested() -> None:
    text = "近日，杭州市西湖区委组织部召开推进会。"
    assert ("杭州市西湖区委组织部", "ORG") in found(text)
    inside = nested(text)
    assert ("杭州市西湖区委", "ORG") in inside
    assert {("杭州市", "PLACE"), ("西湖区", "PLACE")} <= inside


def test_organization_suffix_chains_across_quote_marks() -> None:
    assert ("新能源产业联盟大党委", "ORG") in found("建强新能源产业联盟“大党委”，推动企业协同。")


@pytest.mark.parametrize("generic", ["各级党组织", "村党支部", "基层党组织"])
def test_generic_party_organizations_are_not_entities(generic: str) -> None:
    record = Extractor().extract(SourceDocument("t.txt", f"要求{generic}认真落实。"))
    assert [e for e in record.entities if e.type == "ORG"] == []


def test_generic_reference_joins_the_named_organization_before_it() -> None:
    text = "竹源村党总支成立于1958年。村党总支书记沈桂芳介绍，今年新发展党员3名。"
    record = Extractor().extract(SourceDocument("t.txt", text))
    org = next(e for e in record.entities if e.text == "竹源村党总支")
    assert "村党总支" in org.aliases
    assert ("沈桂芳", "holds_post", "竹源村党总支") in {
        (r.head, r.relation, r.tail) for r in record.relations
    }


def test_level_and_scope_words_are_stripped_from_organization_names() -> None:
    assert ("律师行业党委", "ORG") in found("该区成立了全市首个县级律师行业党委。")


def test_village_and_town_chain_after_divisions() -> None:
    names = found("走进甘肃省天水市秦州区杨家寺镇青柳村，村道整洁。")
    assert {("杨家寺镇", "PLACE"), ("青柳村", "PLACE"), ("秦州区", "PLACE")} <= names


def test_common_words_ending_in_place_suffixes_are_not_places() -> None:
    names = found("全村村民积极参与乡村振兴，赢得全体村干部认可。")
    assert not any(label == "PLACE" for _, label in names)


def test_one_character_function_word_is_part_of_a_short_name() -> None:
    assert ("太和镇", "PLACE") in found("太和镇白石村入选示范村名单。")


def test_county_short_form_needs_confirmation() -> None:
    # 万山 is a district of Tongren, 振兴 a district of Dandong: here both are words
    assert found("万山磅礴，必有主峰。乡村振兴稳步推进。") == set()
    # the full name elsewhere in the document confirms the short form
    assert ("白云", "PLACE") in found("白云区召开会议。白云经济持续向好。")


def test_sibling_divisions_and_regions() -> None:
    names = found("“云游”中山佛山云浮等地，感受岭南文化。")
    assert {("中山", "PLACE"), ("佛山", "PLACE"), ("云浮", "PLACE"), ("岭南", "PLACE")} <= names


def test_quoted_program_keeps_its_kind_word_and_prefix() -> None:
    names = found("实施镇村干部“大储备”机制，开展“百村千户”走访活动。")
    assert ("镇村干部大储备机制", "PROGRAM") in names
    assert ("百村千户走访活动", "PROGRAM") in names


def test_quote_followed_by_de_is_a_modifier_not_a_program() -> None:
    assert not any(label == "PROGRAM" for _, label in found("地处“两个前沿”的沿海省份。"))


def test_unquoted_program_needs_numeral_verb_or_list() -> None:
    names = found("深入实施基层党建三年行动计划，建立健全长效机制。")
    assert ("基层党建三年行动计划", "PROGRAM") in names
    assert not any(name.endswith("长效机制") for name, _ in names)


def test_book_title_is_program_and_newspaper_title_is_org() -> None:
    names = found("认真落实《关于加强村级组织建设的意见》，经验被《农民日报》刊登。")
    assert ("关于加强村级组织建设的意见", "PROGRAM") in names
    assert ("农民日报", "ORG") in names


def test_honor_after_award_cue_is_not_an_entity() -> None:
    names = found("该村党支部被评为“全国先进基层党组织”。")
    assert all(label != "ORG" or "先进" not in name for name, label in names)


def test_persons_next_to_posts_and_in_bylines() -> None:
    names = found("村党支部书记王建华介绍情况。\n文/图 晨报记者欧阳清 李明远 通讯员张涛\n")
    persons = {n for n, label in names if label == "PERSON"}
    assert {"王建华", "欧阳清", "李明远", "张涛"} <= persons


def test_photo_credit_and_recurring_names() -> None:
    text = "来自外乡的刘晓梅，当选村党委书记。刘晓梅说，要把村子建好。\n陈志远 摄\n"
    persons = {n for n, label in found(text) if label == "PERSON"}
    assert {"刘晓梅", "陈志远"} <= persons


def test_offices_are_not_persons() -> None:
    persons = {n for n, label in found("通讯员惠市组供稿。") if label == "PERSON"}
    assert persons == set()


def test_outlet_in_source_line_is_an_organization() -> None:
    assert ("金城网", "ORG") in found("编辑：赵明\n来源：金城网\n")


def test_boundary_words_inside_common_words_do_not_cut_names() -> None:
    scanner = NameScanner(load_lexicon())
    text = "推动成立五洞餐饮从业者联谊会"
    end = text.index("联谊会")
    # 从 is a boundary word, but 从业 is a word: the name runs to 成立
    assert text[scanner.left_edge(text, end, 14) : end] == "五洞餐饮从业者"


def test_huge_line_is_linear_and_exact() -> None:
    text = "柳塘村党支部组织党员开展志愿服务，" * 20_000
    doc = build_pipeline()(text)
    assert len(doc) == len(text)
    assert doc.text == text
