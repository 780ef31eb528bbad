"""Quantity rules meant to hold on unseen articles (issue 8): numbers, units, what is no
count and whose count it is. Every sentence here is invented."""

from __future__ import annotations

from kg.pipeline import Extractor
from kg.quantities import to_number
from kg.records import DocumentRecord, SourceDocument


def _counts(extractor: Extractor, text: str) -> set[tuple[str, str, float | int]]:
    record: DocumentRecord = extractor.extract(SourceDocument("t.txt", text))
    return {(q.subject, q.measure, q.value) for q in record.quantities}


def _values(extractor: Extractor, text: str) -> set[float | int]:
    return {value for _, _, value in _counts(extractor, text)}


# --------------------------------------------------------------------------- numbers


def test_round_figures_parse_after_an_approximating_word() -> None:
    assert to_number("千", None) == 1000
    assert to_number("万", None) == 10_000
    assert to_number("30", None, "万") == 300_000  # 30余万
    assert to_number("1.8", "万") == 18_000


def test_round_figures_and_split_multipliers_count(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区选派近万名干部驻村，服务群众上千人，惠及居民30余万人。")
    assert {("番禺区", "people", 10_000), ("番禺区", "people", 1000)} <= counts
    assert ("番禺区", "people", 300_000) in counts


def test_a_bare_round_number_without_approximation_is_a_slogan(extractor: Extractor) -> None:
    assert 10_000 not in _values(extractor, "番禺区开展万名党员进社区活动。")


def test_hectares_are_square_metres(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区新建的产业园占地20公顷。")
    assert ("番禺区", "area_m2", 200_000) in counts


def test_people_counted_without_a_measure_word(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区商圈聚集了10万多从业人员。")
    assert ("番禺区商圈", "people", 100_000) in counts


# --------------------------------------------------------------------------- no counts


def test_yuan_in_chinese_numerals_is_a_word_not_money(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区破解城乡二元结构，三元桥街道新建5个驿站。")
    assert not [c for c in counts if c[1] == "money_cny"]
    assert 5 in {value for _, _, value in counts}


def test_a_single_one_is_no_count(extractor: Extractor) -> None:
    values = _values(extractor, "番禺区推行1名党员联系5户群众的做法，建成12个服务站。")
    assert 1 not in values and 12 in values


def test_a_sentence_opening_on_the_nation_states_national_figures(
    extractor: Extractor,
) -> None:
    text = "番禺区召开会议。全国累计选派3万名干部，同近20万名乡镇干部一道奋战。"
    assert not _values(extractor, text) & {30_000, 200_000}
    assert 156 not in _values(extractor, "番禺区召开会议。“一五”时期，新中国156个重点项目开工。")


def test_a_national_rank_opening_the_sentence_is_no_national_figure(
    extractor: Extractor,
) -> None:
    text = "全国首个产教党建联盟在番禺区成立，12家成员单位现场加入。"
    assert 12 in _values(extractor, text)


def test_the_starting_value_of_a_change_is_not_recorded(extractor: Extractor) -> None:
    values = _values(extractor, "番禺区的车间已从最初的十余人充实到近百人。")
    assert 100 in values and 10 not in values


def test_a_threshold_is_no_count(extractor: Extractor) -> None:
    text = "番禺区有3名以上党员的企业全部建立党组织，新建党组织16个。"
    values = _values(extractor, text)
    assert 3 not in values and 16 in values


def test_the_size_of_a_thing_with_no_name_is_no_count(extractor: Extractor) -> None:
    text = "番禺区落实村级组织10万元的办公经费。石桥村毗邻年产值近1亿元的示范园。"
    assert not _values(extractor, text) & {100_000, 100_000_000}


def test_political_formulas_in_chinese_numerals_are_no_counts(extractor: Extractor) -> None:
    text = "番禺区为两个作用发挥提供支撑，围绕四个方面精准施策，整顿了13个软弱涣散党组织。"
    assert _values(extractor, text) == {13}


# --------------------------------------------------------------------------- measures


def test_a_list_of_party_organizations_counts_every_item(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区纪委督导21个乡镇、122个村(社区)党组织召开会议。")
    measures = {value: measure for _, measure, value in counts}
    assert measures.get(21) == measures.get(122) == "party_organizations"


def test_a_quoted_name_before_the_kind_word_still_counts_party_bodies(
    extractor: Extractor,
) -> None:
    counts = _counts(extractor, "番禺区组建7个“一核多元”商圈大党委。")
    assert ("番禺区", "party_organizations", 7) in counts


def test_reads_counted_in_person_times_are_no_people(extractor: Extractor) -> None:
    counts = _counts(extractor, "番禺区发布推文206篇，阅读量约44万人次。")
    assert ("番禺区", "other", 440_000) in counts


# --------------------------------------------------------------------------- subjects


def test_the_whole_village_is_the_village_named_before(extractor: Extractor) -> None:
    text = "嫁到番禺区青溪镇石桥村的李秀兰摸清了全村21个经济社的底数。"
    assert ("石桥村", "other", 21) in _counts(extractor, text)


def test_the_whole_district_is_the_district_named_in_the_sentence(
    extractor: Extractor,
) -> None:
    text = "珠海市召开党建工作会议。\n今年以来，番禺区在全区小区建设了188个红帆驿站。"
    assert ("番禺区", "other", 188) in _counts(extractor, text)


def test_an_organization_framing_the_clause_is_no_subject(extractor: Extractor) -> None:
    text = "在上级青溪镇党委的支持下，石桥村新建了3个党群服务站。"
    subjects = {s for s, _, value in _counts(extractor, text) if value == 3}
    assert subjects == {"石桥村"}


def test_a_kind_word_opening_a_clause_resumes_the_name(extractor: Extractor) -> None:
    text = "青溪精密机械有限公司成立于2010年。在张明的带领下，公司的车间已有近百人。"
    counts = _counts(extractor, text)
    assert ("青溪精密机械有限公司", "people", 100) in counts


def test_times_and_days_are_counted_about_the_person_named_with_a_post(
    extractor: Extractor,
) -> None:
    text = "青溪医院重症医学科主任王立强，疫情期间曾13次受命出征，累计抗疫三百多天。"
    counts = _counts(extractor, text)
    assert {("王立强", "other", 13), ("王立强", "other", 300)} <= counts


def test_a_name_worked_on_is_the_object_not_the_subject(extractor: Extractor) -> None:
    text = (
        "番禺区推进城市基层党建。\n把阵地作为载体，优化提升石楼镇党群服务中心、"
        "小区驿站，下放居民医保等14项公共服务。"
    )
    subjects = {s for s, _, value in _counts(extractor, text) if value == 14}
    assert subjects == {"番禺区"}


def test_a_reference_carried_from_another_sentence_names_nothing(
    extractor: Extractor,
) -> None:
    text = (
        "番禺区推进小区治理。小区党支部牵头制定议事章程。"
        "下沉单位常态化开展义诊服务，惠及居民3万余人。"
    )
    assert ("番禺区", "people", 30_000) in _counts(extractor, text)


def test_a_plan_opening_the_sentence_states_its_figures(extractor: Extractor) -> None:
    text = "《番禺区党建工作实施方案》围绕“强化政治功能”等6个方面，提出32项具体任务。"
    subjects = {(s, value) for s, _, value in _counts(extractor, text)}
    assert subjects == {("番禺区党建工作实施方案", 6), ("番禺区党建工作实施方案", 32)}


def test_a_yearly_total_counts_but_a_yearly_quota_does_not(extractor: Extractor) -> None:
    text = "番禺区每年投入近6000万元，每月给予村干部2000元补贴，学校每年推荐两名学生。"
    counts = _counts(extractor, text)
    assert ("番禺区", "money_cny", 60_000_000) in counts
    assert not {value for _, _, value in counts} & {2000, 2}


def test_a_dimension_is_no_count(extractor: Extractor) -> None:
    values = _values(
        extractor, "番禺区修建了一条宽2米、长1.8公里的便民路，全长13公里的绿道同时开通。"
    )
    assert 1.8 not in values and 2 not in values and 13 in values


def test_the_names_a_count_enumerates_are_not_its_subject(extractor: Extractor) -> None:
    text = "南京市召开会议。\n商圈分属玄武区、秦淮区、鼓楼区3个行政区。"
    subjects = {s for s, _, value in _counts(extractor, text) if value == 3}
    assert subjects and not subjects & {"玄武区", "秦淮区", "鼓楼区"}


def test_a_title_naming_a_person_makes_the_article_about_that_person(
    extractor: Extractor,
) -> None:
    text = "李春华：扎根山乡的好老师\n李春华在番禺区任教。\n创立助学基金，10年资助19名学子"
    assert ("李春华", "people", 19) in _counts(extractor, text)


def test_a_resumed_kind_word_skips_a_name_glued_to_a_count(extractor: Extractor) -> None:
    text = (
        "石桥村组建石桥村茶叶专业合作社。村民王大明把30亩茶园入股合作社。"
        "在他的带动下，合作社已吸纳社员190户。"
    )
    subjects = {s for s, _, value in _counts(extractor, text) if value == 190}
    assert subjects == {"石桥村茶叶专业合作社"}


def test_times_carried_from_the_last_sentence_are_no_persons(extractor: Extractor) -> None:
    text = "番禺区召开会议。番禺区委书记张明介绍了情况。目前，已累计举办活动36次。"
    subjects = {s for s, _, value in _counts(extractor, text) if value == 36}
    assert subjects and "张明" not in subjects
