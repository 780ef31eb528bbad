"""Rules written to carry over to unseen articles (issue: extraction that holds on unseen
text): the model's people and word edges, numbered formulas, unquoted honors, pairing among
several parties, counts on the right subject. Names here are invented."""

from __future__ import annotations

import pytest
from extracted import extract as _extract
from extracted import names as _names
from extracted import triples as _triples

from kg.pipeline import Extractor
from kg.records import DocumentRecord, SourceDocument


def test_model_person_never_ends_inside_a_word(extractor: Extractor) -> None:
    record = _extract(extractor, "“我们一定把服务做好。”华兴物流公司党支部书记王宏说。")
    people = _names(record, "PERSON")
    assert "王宏" in people
    assert "王宏说" not in people


def test_model_finds_people_the_rules_miss(extractor: Extractor) -> None:
    record = _extract(extractor, "谢远舟和程立新两位老师带着学生走进社区，开展义务辅导。")
    assert {"谢远舟", "程立新"} <= _names(record, "PERSON")


def test_titles_are_not_people(extractor: Extractor) -> None:
    record = _extract(extractor, "郭老师常说，丁某的事情要依法处理。")
    assert not {"郭老师", "丁某"} & _names(record, "PERSON")


def test_left_edge_stops_at_a_verb_before_a_name(extractor: Extractor) -> None:
    record = _extract(extractor, "2019年，周建军调任怀化铁路公安处公坪警务区，一干就是五年。")
    orgs = _names(record, "ORG")
    assert not any(o.startswith("周建军") for o in orgs)
    assert any(o.endswith("警务区") for o in orgs)


def test_fast_mode_runs_without_the_model() -> None:
    assert "dj_lac" not in Extractor(fast=True).recognizer.nlp.pipe_names
    assert "dj_lac" in Extractor().recognizer.nlp.pipe_names


def test_numbered_formula_after_a_verb_is_a_program(extractor: Extractor) -> None:
    record = _extract(extractor, "石桥镇深入开展“三联三帮”，推动干部下沉。")
    assert "三联三帮" in _names(record, "PROGRAM")


def test_political_principle_is_not_a_program(extractor: Extractor) -> None:
    record = _extract(extractor, "全镇党员干部要切实增强“四个意识”，做到“两个维护”。")
    assert not {"四个意识", "两个维护"} & _names(record, "PROGRAM")


def test_unquoted_honor_and_pronoun_head(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "李春梅是石桥镇中心小学的老师。2024年，她荣获全国优秀教师称号。",
    )
    assert ("李春梅", "全国优秀教师") in _triples(record, "awarded")


def test_pairing_among_several_named_parties(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "此次党建联建由华兴科技公司党支部、东方建设集团党委、仁和医院党总支共同发起。",
    )
    pairs = {tuple(sorted(p)) for p in _triples(record, "paired_with")}
    parties = ["华兴科技公司党支部", "东方建设集团党委", "仁和医院党总支"]
    expected = {tuple(sorted((a, b))) for i, a in enumerate(parties) for b in parties[i + 1 :]}
    assert expected <= pairs


def test_national_figure_is_not_a_local_count(extractor: Extractor) -> None:
    record = _extract(extractor, "石桥镇党委介绍，全国已有党员9900万名。")
    assert not [q for q in record.quantities if q.value == 99_000_000]


def test_person_is_not_the_subject_of_other_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "石桥镇党委书记张国华介绍。张国华说，今年建成3个党群服务站。",
    )
    subjects = {q.subject for q in record.quantities if q.value == 3}
    assert subjects and "张国华" not in subjects


def test_short_quoted_practice_after_a_verb_is_a_program(extractor: Extractor) -> None:
    # ASCII commas, as many sites print them: the clause still ends at the comma
    record = _extract(extractor, "2022年,青溪镇推进把“党员连心户”落到实处,形成合力。")
    assert "党员连心户" in _names(record, "PROGRAM")
    through = _extract(extractor, "青溪镇通过网格员“上门问需”收集群众诉求。")
    assert "上门问需" in _names(through, "PROGRAM")
    figurative = _extract(extractor, "青溪镇持续开展学习,让党组织的“炉火”旺起来。")
    assert "炉火" not in _names(figurative, "PROGRAM")


def test_a_quoted_word_before_a_kind_of_organization_is_no_program(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青溪县开展“三新”组织“党建体检”,实施“三新”党务工作者培养计划。")
    programs = _names(record, "PROGRAM")
    assert "党建体检" in programs
    assert "三新" not in programs


def test_a_name_cut_short_by_the_next_word_is_completed_from_the_document(
    extractor: Extractor,
) -> None:
    # 邹海军用树枝: the model reads 邹海 + 军用; the document names 邹海军 before
    record = _extract(extractor, "青溪站民警邹海军在此设立宣传台。邹海军用树枝扑火。")
    assert _names(record, "PERSON") == {"邹海军"}


def test_a_verb_before_a_name_is_no_part_of_it(extractor: Extractor) -> None:
    record = _extract(extractor, "近年来，青溪县吸引新型材料创新中心落户，曾任青溪县委宣传部部长。")
    orgs = _names(record, "ORG")
    assert "新型材料创新中心" in orgs
    assert not any(name.startswith(("吸引", "曾任")) for name in orgs)


def test_a_name_opening_with_two_cities_is_in_the_first(extractor: Extractor) -> None:
    # a school in 成都 named after 石家庄; a chain 武汉市洪山区 still ends in 洪山区
    school = _extract(extractor, "成都石家庄实验中学党支部开展主题党日活动。")
    # (the school hosts its branch: both are in 成都)
    assert _triples(school, "located_in") == {
        ("成都石家庄实验中学党支部", "成都"),
        ("成都石家庄实验中学", "成都"),
    }
    organ = _extract(extractor, "武汉市洪山区委组织部召开会议。")
    assert ("武汉市洪山区委组织部", "洪山区") in _triples(organ, "located_in")


def test_a_figure_no_division_of_its_level_reaches_is_no_local_count(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "绵阳市着力强基固本。对于一个拥有490多万个基层党组织和9600多万名党员的大党而言，"
        "基层是根本。绵阳市现有党员32万名。",
    )
    counts = {(q.subject, q.measure, q.value) for q in record.quantities}
    assert counts == {("绵阳市", "party_members", 320000)}


def test_a_body_just_set_up_is_no_subject_of_the_next_sentence(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "安吉县强化党建引领。在新兴领域成立青年学者党委，开展活动10余场。服务新就业群体2.4万人。",
    )
    counts = {(q.subject, q.value) for q in record.quantities}
    assert ("青年学者党委", 10) in counts  # its own sentence's count
    assert ("安吉县", 24000) in counts  # the next sentence's: the document's actor


def test_quoted_versions_and_mini_programs_are_programs(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "从“清溪社区2.0”到“楼宇党建3.0”，示范带格局渐次铺开。打开“打卡青溪红”微信小程序，动动指尖。",
    )
    programs = _names(record, "PROGRAM")
    assert {"清溪社区2.0", "楼宇党建3.0"} <= programs
    assert any(name.startswith("打卡青溪红") for name in programs)  # not 打开…


def test_programs_set_up_or_built_are_implemented(extractor: Extractor) -> None:
    record = _extract(extractor, "安吉县民政局创设养老服务“暖心卡”，搭建“骑手学堂”等特色阵地。")
    assert {("安吉县民政局", "暖心卡"), ("安吉县民政局", "骑手学堂")} <= _triples(
        record, "implements"
    )
    # 吉县, a county of its own, is no place inside 安吉县
    assert _names(record, "PLACE") == {"安吉县"}


def test_a_place_suffix_that_opens_a_common_word_ends_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "他戴着草帽，一边用乡音反复叮嘱。汉水商务区内写字楼林立。")
    assert _names(record, "PLACE") == {"汉水商务区"}  # 区内 is a place word: the name stays


def test_a_level_committee_opening_a_name_is_its_parent(extractor: Extractor) -> None:
    record = _extract(extractor, "县委宣传部召开会议。")
    assert ("县委宣传部", "县委") in _triples(record, "sub_organization_of")


def test_a_means_is_no_actor_the_organization_opening_the_sentence_is(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "市青少年宫党支部以“筑梦”党建品牌为依托，持续发挥“先锋队”党员突击队作用，"
        "深化“开门办馆”，开展“护苗计划”。",
    )
    implements = _triples(record, "implements")
    assert {("市青少年宫党支部", "开门办馆"), ("市青少年宫党支部", "护苗计划")} <= implements
    assert not any(head.endswith("突击队") or head == "先锋队" for head, _ in implements)


def test_honors_after_a_category_or_stated_with_shi(extractor: Extractor) -> None:
    category = _extract(extractor, "前不久，邹松明获评助人为乐类“青溪好人”。")
    assert ("邹松明", "青溪好人") in _triples(category, "awarded")
    stated = _extract(extractor, "邹春玲是全国三八红旗手标兵。王平是村党支部书记。")
    assert _triples(stated, "awarded") == {("邹春玲", "全国三八红旗手标兵")}


def test_the_rules_alone_read_no_place_in_a_local_accent() -> None:
    record = Extractor(fast=True).extract(
        SourceDocument("t.txt", "他一边用乡音反复叮嘱。石门乡党委书记出席。")
    )
    assert _names(record, "PLACE") == {"石门乡"}


def test_posts_continued_in_a_list_are_held_where_the_first_is(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "青溪区人民检察院检察长邹铮、副检察长羊建明，东方建设公司党委书记王志强、"
        "纪委书记杨永春出席。东方建设公司党委副书记、纪委书记、工会主席车其伟介绍了情况。",
    )
    posts = _triples(record, "holds_post")
    assert {
        ("羊建明", "青溪区人民检察院"),  # a less common surname after a post, in a list
        ("杨永春", "东方建设公司"),  # 纪委书记 of the company whose 党委 is named first
        ("车其伟", "东方建设公司党委"),
        ("车其伟", "东方建设公司"),
    } <= posts


def test_appointed_people_and_posts_before_de_hold_posts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "王建国担任石门村党支部书记。2009年，邹海军调任青溪铁路公安处公坪警务区驻站民警。"
        "作为东方聚能高技术开发有限公司制造中心副主任、高级技师的陈建新，负责核心部件。",
    )
    assert {
        ("王建国", "石门村党支部"),
        ("邹海军", "青溪铁路公安处公坪警务区"),
        ("陈建新", "东方聚能高技术开发有限公司制造中心"),
    } <= _triples(record, "holds_post")


def test_a_party_committee_moving_a_lower_party_body_manages_it(extractor: Extractor) -> None:
    record = _extract(extractor, "东方城投集团党委推动南山项目临时党支部组织党员跑出加速度。")
    assert ("东方城投集团党委", "南山项目临时党支部") in _triples(record, "manages")
    companies = _extract(extractor, "东方城投集团推动南山项目公司加快建设。")
    assert not _triples(companies, "manages")


def test_a_run_of_quoted_honors_is_all_honors(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "青溪县高级中学先后获评“江南省教育科研基地校”“新课程新教材实施省级示范校”"
        "“普通高中语文省二级学科基地”。",
    )
    assert not _names(record, "PROGRAM")
    assert len(_triples(record, "awarded")) == 3
    # 在她的引领下: the pronoun owns the guidance; no one named here is honored
    owned = _extract(extractor, "邹慧芳是语文教师。在她的引领下，学校获评“江南省示范校”。")
    assert not _triples(owned, "awarded")


def test_a_kind_word_with_a_generic_modifier_is_no_program(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪镇开展志愿服务活动，落实各项措施，推行“红心代办”工作法。")
    assert _names(record, "PROGRAM") == {"红心代办工作法"}


def test_a_byline_name_needs_no_known_surname(extractor: Extractor) -> None:
    record = _extract(extractor, "本报青溪讯（记者王明 通讯员青宣）近日，青溪县召开会议。")
    assert {"王明", "青宣"} <= _names(record, "PERSON")


def test_places_a_preposition_governs_are_no_count_subject(extractor: Extractor) -> None:
    record = _extract(
        extractor, "番禺区组织46名街道干部到杭州、苏州和南昌考察学习,组织132名社区书记开展培训。"
    )
    subjects = {(q.value, q.subject) for q in record.quantities}
    assert subjects == {(46, "番禺区"), (132, "番禺区")}


def test_a_counted_name_is_no_count_subject(extractor: Extractor) -> None:
    record = _extract(extractor, "番禺区建设51个党建文化公园,总面积接近30万平方米。")
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        ("番禺区", "other", 51),
        ("番禺区", "area_m2", 300000),
    }


def test_mixed_groups_are_people_and_more_units_count(extractor: Extractor) -> None:
    record = _extract(extractor, "番禺区2.3万名党员干部下沉社区,发布推文86篇,办结诉求420件。")
    found = {(q.measure, q.value, q.unit) for q in record.quantities}
    assert ("people", 23000, "名") in found
    assert {("other", 86, "篇"), ("other", 420, "件")} <= found


def test_model_people_with_less_common_surnames(extractor: Extractor) -> None:
    record = _extract(extractor, "检察长傅远清出席。")
    assert "傅远清" in _names(record, "PERSON")


def test_quoted_venues_are_places(extractor: Extractor) -> None:
    record = _extract(extractor, "东湖街道打造“邻里会客厅”“议事凉亭”，方便群众。")
    assert {"邻里会客厅", "议事凉亭"} <= _names(record, "PLACE")
    assert not {"邻里会客厅", "议事凉亭"} & _names(record, "PROGRAM")


def test_numbered_bureau_of_a_company_is_a_parent(extractor: Extractor) -> None:
    record = _extract(extractor, "中铁十一局华中分公司党委书记秦文之出席。")
    assert {"中铁十一局", "中铁十一局华中分公司"} <= _names(record, "ORG")
    assert ("中铁十一局华中分公司", "中铁十一局") in _triples(record, "sub_organization_of")


def test_rule_name_keeps_a_third_character_split_off_by_the_model(extractor: Extractor) -> None:
    record = _extract(extractor, "联合党支部书记周冰之分别作经验分享。")
    assert "周冰之" in _names(record, "PERSON")


def _aliases(record: DocumentRecord, text: str) -> list[str]:
    return next(e.aliases for e in record.entities if e.text == text)


def test_own_level_alias_after_a_place_chain_or_a_parent(extractor: Extractor) -> None:
    record = _extract(extractor, "河南省信阳市固始县高级中学教师郭慧茹说。")
    assert "固始县高级中学" in _aliases(record, "河南省信阳市固始县高级中学")
    nested = _extract(extractor, "广州铁路公安局怀化公安处怀化站派出所民警张力说。")
    assert "怀化站派出所" in _aliases(nested, "广州铁路公安局怀化公安处怀化站派出所")
    one_region = _extract(extractor, "惠州日报记者李四报道。")
    assert _aliases(one_region, "惠州日报") == []


def test_a_bureau_before_a_post_is_no_suffix_chain(extractor: Extractor) -> None:
    record = _extract(extractor, "从靖州交通局副局长岗位退休后，他没有闲下来。")
    assert "靖州交通局" in _names(record, "ORG")
    assert not any(o.endswith("副局") for o in _names(record, "ORG"))


def test_a_region_inside_a_company_or_university_name_is_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "中建六局华南分公司和西北工业大学的党员参加活动。")
    assert not {"华南", "西北"} & _names(record, "PLACE")


def test_a_paragraph_subject_carries_to_sentences_without_an_actor(extractor: Extractor) -> None:
    text = (
        "番禺区召开会议。为加强党的组织体系建设,党中央作出安排。实行“双述职”制度。\n"
        "番禺区开展“红棉行动”。"
    )
    record = _extract(extractor, text)
    assert ("党中央", "双述职制度") in _triples(record, "implements")
    assert ("番禺区", "红棉行动") in _triples(record, "implements")


def test_an_article_about_a_local_organ_has_the_organ_as_actor(extractor: Extractor) -> None:
    text = (
        "嘉兴市民政局深入推进党建工作。市民政局开展“暖心行动”。嘉兴市民政局召开会议。\n"
        "实施“一户一档”工作法。"
    )
    record = _extract(extractor, text)
    assert ("嘉兴市民政局", "一户一档工作法") in _triples(record, "implements")


def test_a_place_name_holds_no_verb(extractor: Extractor) -> None:
    record = _extract(extractor, "他毕业后选择回乡，扎根山乡二十年，难事上报街道处理。")
    assert not {"选择回乡", "扎根山乡", "难事上报街道", "上报街道"} & _names(record, "PLACE")


def test_common_words_after_a_post_are_no_names(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "项目党支部负责人宣读了倡议书，她荣获优秀少先队辅导员荣誉称号，总书记强调。",
    )
    assert not {"宣读", "荣誉", "强调"} & _names(record, "PERSON")
    byline = _extract(extractor, "本报记者 符畅 通讯员 林晓 报道")
    assert "符畅" in _names(byline, "PERSON")


def test_a_name_inside_a_body_of_thought_is_no_person(extractor: Extractor) -> None:
    record = _extract(extractor, "深入学习习近平新时代中国特色社会主义思想。")
    assert "习近平" not in _names(record, "PERSON")
    speech = _extract(extractor, "习近平总书记指出，要抓好基层党建。")
    assert "习近平" in _names(speech, "PERSON")


def test_a_plan_that_states_figures_is_their_subject(extractor: Extractor) -> None:
    record = _extract(extractor, "《番禺区党建工作实施方案》提出,要紧扣3个主题。")
    assert [(q.subject, q.value) for q in record.quantities] == [("番禺区党建工作实施方案", 3)]


def test_a_count_never_borrows_a_subject_from_another_paragraph(extractor: Extractor) -> None:
    record = _extract(extractor, "番禺区博士团党委成立。\n服务新就业群体2.4万人次。")
    assert [(q.subject, q.value) for q in record.quantities] == [("番禺区", 24000)]


def test_awarded_by_someone_goes_to_the_one_before_bei(extractor: Extractor) -> None:
    record = _extract(extractor, "张敏是一名警嫂。她被怀化铁路公安处评为“年度好警嫂”。")
    assert _triples(record, "awarded") == {("张敏", "年度好警嫂")}


def test_a_plans_measures_are_parts_of_the_plan(extractor: Extractor) -> None:
    text = "为加强队伍建设,《番禺区党建实施方案》提出,持续开展“红棉先锋”活动。"
    record = _extract(extractor, text)
    assert ("红棉先锋活动", "番禺区党建实施方案") in _triples(record, "part_of_program")
    assert not any(tail == "红棉先锋活动" for _, tail in _triples(record, "implements"))


def test_nationally_known_programs_are_found_without_a_kind_word(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪港积极融入“一带一路”，服务西部陆海新通道建设。")
    assert {"一带一路", "西部陆海新通道"} <= _names(record, "PROGRAM")


def test_a_quoted_name_with_its_kind_is_also_known_by_the_quoted_name(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青溪镇擦亮“邻里热线”工作品牌。")
    program = next(e for e in record.entities if e.type == "PROGRAM")
    assert program.text == "邻里热线工作品牌"
    assert "邻里热线" in program.aliases


def test_sessions_local_modifiers_and_verbs_make_no_organizations(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪商会一届十次理事会召开，当地海关给予支持。")
    orgs = _names(record, "ORG")
    assert not any("理事会" in o for o in orgs)
    assert "当地海关" not in orgs
    assert not [q for q in record.quantities if q.value == 10]


def test_named_centres_are_organizations(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪市新能源创新中心与东江研发中心签约。")
    assert {"青溪市新能源创新中心", "东江研发中心"} <= _names(record, "ORG")


def test_posts_of_inner_bodies_in_a_list_are_held_in_the_organization(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青溪建设公司党委副书记、纪委书记、工会主席车其明出席。")
    assert ("车其明", "青溪建设公司党委") in _triples(record, "holds_post")
    assert "纪委" not in _names(record, "ORG")
    other = _extract(extractor, "东湖社区党委书记、居委会主任白晓燕介绍经验。")
    assert ("白晓燕", "东湖社区党委") in _triples(other, "holds_post")


def test_buildings_are_places_ranks_and_kinds_are_not(extractor: Extractor) -> None:
    record = _extract(extractor, "党员走进东江大厦，参观省级示范党群服务中心和社区公园。")
    places = _names(record, "PLACE")
    assert "东江大厦" in places
    assert not {"级示范党群服务中心", "社区公园"} & places


def test_rates_ranges_and_halves_in_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "经过四五个小时的奋战，番禺区12个重点项目中有7个半完工，每辆货车运输一趟节约150元左右。",
    )
    values = {q.value for q in record.quantities}
    assert 7.5 in values and 12 in values
    assert not values & {45, 150}


def test_the_actor_is_the_divisions_full_name_and_its_bodies_act_for_it(
    extractor: Extractor,
) -> None:
    text = (
        "白云区召开大会。白云区开展“红棉行动”。白云新城、白云湖、白云山都在白云。\n"
        "区直机关深入践行“四下基层”,区直机关工委获优秀组织奖。区教育系统实施“红色堡垒”计划。"
    )
    record = _extract(extractor, text)
    implements = _triples(record, "implements")
    assert ("白云区", "红色堡垒计划") in implements
    assert ("白云区", "四下基层") in implements


def test_organizations_joined_by_lianhe_act_too(extractor: Extractor) -> None:
    record = _extract(
        extractor, "县委组织部联合县总工会、团县委、县妇联开展“党建带群建”活动。"
    )
    actors = {head for head, tail in _triples(record, "implements") if tail == "党建带群建活动"}
    # 团县委, a kind-only name, is no entity, but the list goes on through it
    assert actors == {"县委组织部", "县总工会", "县妇联"}
    assert "县委" not in _names(record, "ORG")  # 团县委 is the Youth League's committee


def test_a_program_that_is_part_of_another(extractor: Extractor) -> None:
    record = _extract(extractor, "“雁阵工程”是全市基层党建“启明计划”的重要内容。")
    assert _triples(record, "part_of_program") == {("雁阵工程", "启明计划")}
    record = _extract(extractor, "作为“固本行动”的一项重点举措，该区实施了“金钥匙”工程。")
    assert {"固本行动", "金钥匙工程"} <= _names(record, "PROGRAM")
    assert _triples(record, "part_of_program") == {("金钥匙工程", "固本行动")}


def test_a_quoted_program_before_de_keeps_its_kind(extractor: Extractor) -> None:
    record = _extract(extractor, "各村认真落实“启明计划”的各项要求。")
    assert "启明计划" in _names(record, "PROGRAM")
    record = _extract(extractor, "要牢固树立“一盘棋”的思想。")
    assert not _names(record, "PROGRAM")


def test_rules_stop_before_ju_and_read_guanliju_whole() -> None:
    fast = Extractor(fast=True)
    record = _extract(fast, "据青川县委组织部介绍，全县已建成服务站12个。")
    assert "青川县委组织部" in _names(record, "ORG")
    assert not any(name.startswith("据") for name in _names(record, "ORG"))
    record = _extract(fast, "瑞丰市大数据发展管理局党组书记出席会议。")
    assert "瑞丰市大数据发展管理局党组" in _names(record, "ORG")


def test_a_counted_kind_of_organization_is_no_name(extractor: Extractor) -> None:
    for text in ("全区已组建新业态群体党支部15个。", "全区已组建15个新业态群体党支部。"):
        record = _extract(extractor, text)
        assert "新业态群体党支部" not in _names(record, "ORG")
    record = _extract(extractor, "园区党委下设甲楼党支部、乙楼党支部3个楼宇党支部。")
    assert {"甲楼党支部", "乙楼党支部"} <= _names(record, "ORG")


def test_a_pronoun_opens_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "“我们村的变化，离不开党组织。”村党支部书记说。")
    assert not any(name.startswith("我们") for e in record.entities for name in [e.text])


def test_a_quoted_venue_before_a_program_kind_is_a_program(extractor: Extractor) -> None:
    record = _extract(extractor, "武侯区创新推出“暖阳驿站”党建服务品牌。")
    assert "暖阳驿站党建服务品牌" in _names(record, "PROGRAM")
    assert ("武侯区", "暖阳驿站党建服务品牌") in _triples(record, "implements")
    record = _extract(extractor, "青岚区打造“暖阳驿站”，方便群众。")
    assert "暖阳驿站" in _names(record, "PLACE")


def test_a_team_named_by_a_quote_is_an_organization(extractor: Extractor) -> None:
    record = _extract(extractor, "在镇党委指导下，金桥社区组建了“夕阳红先锋”志愿服务队。")
    assert "夕阳红先锋志愿服务队" in _names(record, "ORG")
    assert not _names(record, "PROGRAM")
    assert ("金桥社区", "夕阳红先锋志愿服务队") in _triples(record, "established")
    record = _extract(extractor, "各村要加强“红色先锋”队伍建设。")
    assert not _names(record, "ORG")


def test_sub_organizations_from_cue_words(extractor: Extractor) -> None:
    record = _extract(extractor, "明珠商圈联合党委隶属于南湖街道党工委。")
    assert ("明珠商圈联合党委", "南湖街道党工委") in _triples(record, "sub_organization_of")
    record = _extract(extractor, "滨海城投集团所属港城置业公司党总支负责人介绍。")
    assert ("港城置业公司", "滨海城投集团") in _triples(record, "sub_organization_of")
    record = _extract(extractor, "东风村党总支下设东风村第一党支部、东风村第二党支部。")
    assert {("东风村第一党支部", "东风村党总支"), ("东风村第二党支部", "东风村党总支")} <= (
        _triples(record, "sub_organization_of")
    )


def test_a_subject_that_goes_on_managing(extractor: Extractor) -> None:
    record = _extract(
        extractor, "区委两新工委直接管理全区12个行业党委，并指导明珠商圈联合党委开展工作。"
    )
    assert ("区委两新工委", "明珠商圈联合党委") in _triples(record, "manages")


@pytest.mark.parametrize("fast", [False, True])
def test_enterprise_and_office_names_keep_their_verbs(fast: bool) -> None:
    extractor = Extractor(fast=fast)
    cases = {
        "华兴建设工程有限公司党支部开展活动。": "华兴建设工程有限公司党支部",
        "临江市城市建设投资集团党委开展活动。": "临江市城市建设投资集团党委",
        "瑞丰区住房和城乡建设局党组书记出席。": "瑞丰区住房和城乡建设局党组",
        "瑞丰区人力资源和社会保障局开展活动。": "瑞丰区人力资源和社会保障局",
    }
    for text, name in cases.items():
        assert name in _names(_extract(extractor, text), "ORG"), text


@pytest.mark.parametrize("fast", [False, True])
def test_byline_roles_are_no_people(fast: bool) -> None:
    record = _extract(Extractor(fast=fast), "（记者 孟晓川 实习生 段可欣 通讯员 石磊）")
    people = _names(record, "PERSON")
    assert {"实习生", "通讯员"}.isdisjoint(people)
    assert "孟晓川" in people


def test_a_mayor_after_a_secretary_holds_no_post_in_the_committee(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "市委书记邓建华、市长钱志明出席会议。")
    posts = _triples(record, "holds_post")
    assert ("邓建华", "市委") in posts
    assert not any(person == "钱志明" for person, _ in posts)


def test_a_place_chain_is_read_through_words_it_spells(extractor: Extractor) -> None:
    record = _extract(extractor, "走进湖南省长沙市岳麓区，处处可见党建元素。")
    places = _names(record, "PLACE")
    assert {"湖南省", "长沙市", "岳麓区"} <= places
    assert "沙市" not in places  # a division inside a division's name is no name
    record = _extract(extractor, "近年来，北京市朝阳区大力实施“接诉即办”改革。")
    assert "朝阳" not in _names(record, "PLACE")


def test_fuwu_with_an_object_serves(extractor: Extractor) -> None:
    record = _extract(extractor, "蓝湾街道借助“党建+科创”模式服务企业。")
    assert "党建+科创模式" in _names(record, "PROGRAM")
    record = _extract(extractor, "开展“红色跑腿”服务，方便群众。")
    assert "红色跑腿服务" in _names(record, "PROGRAM")


def test_the_village_collectives_income_is_the_villages(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在青禾镇，青禾镇石门村党支部书记杨秀丽介绍，村里成立了石门旅游专业合作社，"
        "去年村集体经济收入达到120万元。",
    )
    money = {(q.subject, q.value) for q in record.quantities if q.measure == "money_cny"}
    assert money == {("石门村", 1_200_000)}


def test_a_time_word_before_an_anaphor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "华兴精密机械有限公司党支部书记王立介绍了情况。去年公司实现产值5000万元。",
    )
    money = {q.subject for q in record.quantities if q.measure == "money_cny"}
    assert money == {"华兴精密机械有限公司"}


def test_quoted_formulas_and_named_committees(extractor: Extractor) -> None:
    record = _extract(extractor, "推行“一园区一大党委”，组建园区大党委。")
    assert "一园区一大党委" in _names(record, "PROGRAM")
    assert "一园区一大党委" not in _names(record, "ORG")
    record = _extract(extractor, "街道成立“红帆”联合党委。")
    assert "红帆联合党委" in _names(record, "ORG")
    record = _extract(extractor, "开展“五个好”机关模范党支部创建。")
    assert "五个好机关模范党支部创建" in _names(record, "PROGRAM")


def test_a_university_does_not_end_inside_a_word(extractor: Extractor) -> None:
    record = _extract(extractor, "先后培养出24名清华、北大学子。")
    assert "北大学" not in _names(record, "ORG")


def test_banks_and_bracketed_kinds_in_company_names(extractor: Extractor) -> None:
    record = _extract(extractor, "顺达物流（集团）有限公司党委书记出席。")
    assert "顺达物流（集团）有限公司党委" in _names(record, "ORG")
    record = _extract(extractor, "中国建设银行股份有限公司临江分行党委书记王强讲话。")
    assert "中国建设银行股份有限公司临江分行党委" in _names(record, "ORG")
    record = _extract(extractor, "招商银行临江分行党委与临江市委组织部签署党建共建协议。")
    assert "招商银行临江分行" in _names(record, "ORG")


def test_a_national_count_of_party_members_written_as_people(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "杭州市委组织部介绍了全市的做法。抗洪抢险中，650万名机关和企事业单位党员奔赴一线。",
    )
    assert all(q.value != 6_500_000 for q in record.quantities)


@pytest.mark.parametrize("fast", [False, True])
def test_letters_and_digits_inside_a_name(fast: bool) -> None:
    record = _extract(Extractor(fast=fast), "临江新区T2航站楼项目临时党支部开展活动。")
    assert any(name.endswith("T2航站楼项目临时党支部") for name in _names(record, "ORG"))
    record = _extract(Extractor(fast=fast), "全区组建23个新业态党支部。")
    assert not any(name[:1].isdigit() for name in _names(record, "ORG"))


def test_residential_compounds_are_places(extractor: Extractor) -> None:
    record = _extract(
        extractor, "幸福里小区党支部成立于2019年，现有党员46名。各老旧小区也成立了业主委员会。"
    )
    assert "幸福里小区" in _names(record, "PLACE")
    assert ("幸福里小区党支部", "幸福里小区") in _triples(record, "located_in")
    assert not {"老旧小区", "业主委员会"} & {e.text for e in record.entities}


def test_practices_listed_before_their_kind_of_system(extractor: Extractor) -> None:
    record = _extract(
        extractor, "临江市推行红色管家、党员楼长、邻里议事厅等小区共治制度。"
    )
    assert {"红色管家", "党员楼长"} <= _names(record, "PROGRAM")
    assert ("临江市", "红色管家") in _triples(record, "implements")
    record = _extract(extractor, "落实好乡村学校联合组建、选派书记等举措。")
    assert not _names(record, "PROGRAM")  # actions listed before 举措 name no practice


def test_a_total_of_party_members(extractor: Extractor) -> None:
    record = _extract(extractor, "临江市委组织部介绍，截至2023年底，全市党员总数达到12.3万名。")
    measures = {(q.measure, q.value) for q in record.quantities}
    assert ("party_members", 123_000) in measures


def test_honors_given_by_someone_and_without_the_word_title(extractor: Extractor) -> None:
    record = _extract(extractor, "2021年，青岩村党支部被中共中央授予“全国先进基层党组织”称号。")
    assert _triples(record, "awarded") == {("青岩村党支部", "全国先进基层党组织")}
    record = _extract(extractor, "中共中央决定，授予青岩村党支部“全国先进基层党组织”称号。")
    assert ("中共中央", "全国先进基层党组织") not in _triples(record, "awarded")
    record = _extract(extractor, "退役军人李卫东被授予“全国模范退役军人”荣誉称号。")
    assert _triples(record, "awarded") == {("李卫东", "全国模范退役军人")}


def test_ordinals_kinds_and_new_organs_in_names(extractor: Extractor) -> None:
    record = _extract(
        extractor, "湖畔社区党委与驻区单位市第一人民医院党委结成共建对子。"
    )
    assert "市第一人民医院党委" in _names(record, "ORG")  # 第一人: an ordinal, no count
    assert ("湖畔社区党委", "市第一人民医院党委") in _triples(record, "paired_with")
    record = _extract(extractor, "经县委批准，成立中共青山县委社会工作部。")
    assert "中共青山县委社会工作部" in _names(record, "ORG")


def test_an_honor_after_its_year(extractor: Extractor) -> None:
    record = _extract(extractor, "李明远荣获2022年度“感动临江十大人物”。")
    assert _triples(record, "awarded") == {("李明远", "感动临江十大人物")}


def test_a_verb_of_having_opens_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "“没有党组织的坚强领导，就没有村里今天的变化。”村民感慨地说。")
    assert not _names(record, "PLACE")


def test_a_document_named_again_by_its_kind(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中共临江市委印发了《关于进一步加强基层党组织建设的实施意见》。《意见》提出，要加强村党组织建设。",
    )
    programs = {e.text: e.aliases for e in record.entities if e.type == "PROGRAM"}
    assert programs == {"关于进一步加强基层党组织建设的实施意见": ["意见"]}


def test_a_verb_of_taking_charge_opens_no_compound() -> None:
    record = _extract(Extractor(fast=True), "下沉“双报到”单位包联小区，惠及居民30余万人。")
    assert not any("包联" in name for name in _names(record, "PLACE"))


def test_posts_in_apposition_and_of_branch_committees(extractor: Extractor) -> None:
    record = _extract(extractor, "李国强，青川村党支部书记，今年52岁。")
    assert ("李国强", "青川村党支部") in _triples(record, "holds_post")
    record = _extract(extractor, "作为青川村党支部书记，李国强始终冲在一线。")
    assert ("李国强", "青川村党支部") in _triples(record, "holds_post")
    record = _extract(extractor, "青川村党支部副书记王芳、组织委员赵亮参加了会议。")
    assert {("王芳", "青川村党支部"), ("赵亮", "青川村党支部")} <= _triples(record, "holds_post")


def test_a_program_carried_out_in_a_place(extractor: Extractor) -> None:
    record = _extract(extractor, "今年以来，“红帆领航”工程在海珠区全面铺开。")
    assert ("海珠区", "红帆领航工程") in _triples(record, "implements")


def test_what_a_new_body_covers_is_counted_on_it(extractor: Extractor) -> None:
    record = _extract(extractor, "2022年，海珠区成立了沙园商圈党委，覆盖商户1200余家。")
    counts = {(q.subject, q.value) for q in record.quantities}
    assert counts == {("沙园商圈党委", 1200)}


def test_a_post_of_the_committee_before_one_of_the_congress(extractor: Extractor) -> None:
    record = _extract(extractor, "临江区委书记、区人大常委会主任周晓明一行调研指导。")
    assert ("周晓明", "临江区委") in _triples(record, "holds_post")


def test_dateline_reporters_and_an_authors_note(extractor: Extractor) -> None:
    record = _extract(
        extractor, "新华社北京3月5日电（记者 孟晓川）全国人大会议5日上午在北京开幕。"
    )
    assert ("孟晓川", "新华社") in _triples(record, "holds_post")
    record = _extract(extractor, "（作者系中共临江市委党校教授）")
    assert "中共临江市委党校" in _names(record, "ORG")


def test_autonomous_prefectures_as_written(extractor: Extractor) -> None:
    record = _extract(extractor, "恩施州巴东县野三关镇党委书记谭伟介绍。")
    assert "恩施州" in _names(record, "PLACE")


def test_practices_carried_as_the_grip_and_honors_before_deng(extractor: Extractor) -> None:
    record = _extract(extractor, "青石街道党工委以“网格暖心”为抓手，将辖区划分为48个网格。")
    assert ("青石街道党工委", "网格暖心") in _triples(record, "implements")
    record = _extract(
        extractor, "近年来，青石街道党工委先后获得“全国先进基层党组织”等荣誉称号。"
    )
    assert _triples(record, "awarded") == {("青石街道党工委", "全国先进基层党组织")}
    record = _extract(extractor, "青石街道党工委荣获“金穗杯”创新大赛三等奖。")
    assert _triples(record, "awarded") == {("青石街道党工委", "金穗杯创新大赛三等奖")}


def test_an_organ_hosts_the_party_body_named_after_it(extractor: Extractor) -> None:
    record = _extract(extractor, "县妇联党组开展学习活动，市国资委党委书记谢远舟出席。")
    assert {"县妇联", "市国资委"} <= _names(record, "ORG")
    assert {("县妇联党组", "县妇联"), ("市国资委党委", "市国资委")} <= _triples(
        record, "sub_organization_of"
    )


def test_the_rules_end_a_name_before_a_verb_after_a_post() -> None:
    record = _extract(Extractor(fast=True), "心血管内科党支部书记谢明参加会议，主任程立出席。")
    people = _names(record, "PERSON")
    assert {"谢明", "程立"} <= people
    assert not {"谢明参", "程立出"} & people


def test_a_department_named_before_its_heads_post(extractor: Extractor) -> None:
    record = _extract(extractor, "华兴市人民医院呼吸内科主任谢远舟和东港海关查验二科科长程立带队。")
    assert {"华兴市人民医院呼吸内科", "东港海关查验二科"} <= _names(record, "ORG")
    assert {
        ("华兴市人民医院呼吸内科", "华兴市人民医院"),
        ("东港海关查验二科", "东港海关"),
    } <= _triples(record, "sub_organization_of")
    assert ("谢远舟", "华兴市人民医院呼吸内科") in _triples(record, "holds_post")


def test_a_body_built_jointly_is_established_by_who_leads(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "华兴市委组织部牵头，三区联动共建“东湖商圈党建联席会”。"
        "沿线地区深度融入共建“一带一路”……东湖镇党委负责人表示，改革故事不断发生。",
    )
    established = _triples(record, "established")
    assert ("华兴市委组织部", "东湖商圈党建联席会") in established
    assert not {t for h, t in established if t == "东湖镇党委"}


@pytest.mark.parametrize("fast", [False, True])
def test_a_joint_branch_is_named_after_the_bodies_it_joins(fast: bool) -> None:
    record = _extract(
        Extractor(fast=fast), "东湖敬老院和华兴护理院联合党支部书记谢远舟介绍了做法。"
    )
    joint = "东湖敬老院和华兴护理院联合党支部"
    assert {joint, "东湖敬老院", "华兴护理院"} <= _names(record, "ORG")
    assert {(joint, "东湖敬老院"), (joint, "华兴护理院")} <= _triples(
        record, "sub_organization_of"
    )
    assert ("谢远舟", joint) in _triples(record, "holds_post")
    # the first body named with its place is found on its own first
    record = _extract(Extractor(fast=fast), "去年，临江市福利中心和东湖护理院联合党支部成立。")
    assert "临江市福利中心和东湖护理院联合党支部" in _names(record, "ORG")


def test_a_community_committee_is_no_district_committee(extractor: Extractor) -> None:
    record = _extract(extractor, "由临江市东湖区安和街道华兴社区委员会、城西小学党支部共同发起。")
    assert "临江市东湖区安和街道华兴社区委员会" in _names(record, "ORG")


def test_a_project_branch_under_its_contractor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "3月13日，中建八局华兴东湖纸业新厂项目党支部举行联建仪式。"
        "此次联建由城西社区党委、华兴东湖纸业新厂项目党支部共同发起。"
        "江北大桥一标段临时党支部和平安路监理临时党支部开展联学。",
    )
    branch = "中建八局华兴东湖纸业新厂项目党支部"
    orgs = _names(record, "ORG")
    assert branch in orgs
    assert "华兴东湖纸业新厂项目党支部" not in orgs  # the later short form is the same body
    assert (branch, "中建八局") in _triples(record, "sub_organization_of")
    assert "江北大桥一标段临时党支部和平安路监理临时党支部" not in orgs


def test_a_body_set_up_by_others_and_led_within_a_frame(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "“华兴市物流产教融合党建联盟”正式揭牌成立。党建联盟是在学校党委、市总商会党委的领导和"
        "指导下，由机电学院党总支、华兴市物流商会党支部牵头筹建的联合党建工作平台。"
        "东湖社区大党委在城北街道党工委领导下运行。",
    )
    alliance = "华兴市物流产教融合党建联盟"
    assert {("机电学院党总支", alliance), ("华兴市物流商会党支部", alliance)} <= _triples(
        record, "established"
    )
    manages = _triples(record, "manages")
    assert {("市总商会党委", alliance), ("城北街道党工委", "东湖社区大党委")} <= manages
    assert ("市总商会党委", "机电学院党总支") not in manages  # 指导下，由…: no object of 指导


def test_a_plan_that_carries_out_the_plan_it_quotes(extractor: Extractor) -> None:
    inner = "山东省加强党的基层组织建设三年行动计划(2024~2026年)"
    record = _extract(
        extractor,
        f"近日，《临沂市贯彻落实〈{inner}〉实施方案》印发。《{inner}》提出了8个方面的任务。"
        "《山东省实施〈中华人民共和国村民委员会组织法〉办法》同时施行。临沂市将抓好落实。",
    )
    plan = f"临沂市贯彻落实{inner}实施方案"
    assert {plan, inner} <= _names(record, "PROGRAM")
    assert (plan, inner) in _triples(record, "part_of_program")
    assert ("临沂市", inner) in _triples(record, "implements")
    assert not {h for h, t in _triples(record, "part_of_program") if t.endswith("组织法")}


def test_a_part_named_after_whose_program_it_is(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "作为华兴建设集团“清风护航季”活动的重要组成部分，此次“廉洁工地示范点”创建活动旨在"
        "探索预防腐败新模式。",
    )
    assert ("廉洁工地示范点创建活动", "清风护航季活动") in _triples(record, "part_of_program")


def test_where_a_person_is_sent_to_work(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "2017年谢远舟被分配到东湖镇中心学校任教。程立在华兴科技有限公司工作中发现了问题。",
    )
    posts = _triples(record, "holds_post")
    assert ("谢远舟", "东湖镇中心学校") in posts
    assert ("程立", "华兴科技有限公司") not in posts  # 工作中: the work, not a post


def test_what_the_village_holds_is_the_villages(extractor: Extractor) -> None:
    record = _extract(
        extractor, "红星村党支部书记赵大勇介绍，村里流转土地1500亩，全村种植茶叶800亩。"
    )
    counts = {(q.subject, q.value) for q in record.quantities}
    assert {("红星村", 1500), ("红星村", 800)} <= counts


def test_a_scope_word_counts_for_the_place_inside_a_name(extractor: Extractor) -> None:
    record = _extract(extractor, "西山乡党委在全县率先推行“积分制”，全乡23个村建立积分超市。")
    assert ("西山乡", 23) in {(q.subject, q.value) for q in record.quantities}


def test_a_post_after_a_short_biography_and_no_four_character_given_name(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "谢芳，女，1978年出生，现为东湖社区党委书记。"
        "“群众的事再小也是大事。”西山村党支部书记程德福常这样说。",
    )
    assert ("谢芳", "东湖社区党委") in _triples(record, "holds_post")
    people = _names(record, "PERSON")
    assert "程德福" in people
    assert "程德福常" not in people


def test_a_place_chain_acts_as_its_last_place(extractor: Extractor) -> None:
    record = _extract(extractor, "临沂市罗庄区在全区推行“红色物业”工程，目前已覆盖小区186个。")
    implements = _triples(record, "implements")
    assert ("罗庄区", "红色物业工程") in implements
    assert ("临沂市", "红色物业工程") not in implements  # a chain is one name, not a list


def test_the_source_of_the_news_is_no_actor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "临沂市持续加强基层党建。记者从临沂市委组织部了解到，今年以来，"
        "全市各级党组织共开展主题党日活动1.2万场次。",
    )
    implements = _triples(record, "implements")
    assert ("临沂市", "主题党日活动") in implements
    assert ("临沂市委组织部", "主题党日活动") not in implements


def test_a_quoted_team_keeps_the_place_written_before_it(extractor: Extractor) -> None:
    record = _extract(
        extractor, "临沂市兰山区柳青街道“小巷管家”志愿服务队成立于2019年，现有队员86名。"
    )
    team = "临沂市兰山区柳青街道小巷管家志愿服务队"
    assert team in _names(record, "ORG")
    assert (team, "柳青街道") in _triples(record, "located_in")
    assert (team, 86) in {(q.subject, q.value) for q in record.quantities}


def test_every_party_to_a_signed_agreement_implements_it(extractor: Extractor) -> None:
    record = _extract(
        extractor, "仪式上，青禾区人民检察院与华川建工集团签署了《共建廉洁工程协议书》。"
    )
    assert _triples(record, "implements") == {
        ("青禾区人民检察院", "共建廉洁工程协议书"),
        ("华川建工集团", "共建廉洁工程协议书"),
    }


def test_a_name_of_two_divisions_is_the_one_the_document_writes_out(
    extractor: Extractor,
) -> None:
    # 吉林 is a province and one of its cities: the document decides
    city = _extract(
        extractor,
        "吉林省吉林市近年来产业转型提速。吉林市委书记表示，吉林市将扶持新材料产业。"
        "吉林宏远化工集团有限公司是吉林市的重点企业。",
    )
    assert ("吉林宏远化工集团有限公司", "吉林市") in _triples(city, "located_in")
    assert ("吉林省", "吉林市") not in _triples(city, "located_in")  # 吉林 in 吉林省 is no city
    province = _extract(
        extractor,
        "吉林省召开全省工作会议。吉林省委要求各地抓好落实，吉林宏远化工集团有限公司作交流发言。",
    )
    assert ("吉林宏远化工集团有限公司", "吉林省") in _triples(province, "located_in")


def test_an_organization_written_short_is_the_one_named_in_full(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在湖州市安吉县高级中学，校长陈立新介绍了学校的做法。"
        "近年来，安吉高中先后获评“省级文明校园”“省级示范性高中”。"
        "安吉县人民检察院与学校共建法治教育基地，安吉县检察院每年派员授课。",
    )
    assert ("湖州市安吉县高级中学", "省级文明校园") in _triples(record, "awarded")
    schools = [e for e in record.entities if e.text == "湖州市安吉县高级中学"]
    assert len(schools) == 1 and "安吉高中" in schools[0].aliases
    procuratorates = [e for e in record.entities if "检察院" in e.text]
    assert [e.text for e in procuratorates] == ["安吉县人民检察院"]
    assert "安吉县检察院" in procuratorates[0].aliases


def test_an_honor_granted_by_several_after_bei_goes_to_the_one_before(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "青禾县实验中学教学成绩突出，被中共青禾县委、青禾县人民政府授予“教育工作先进集体”。",
    )
    assert _triples(record, "awarded") == {("青禾县实验中学", "教育工作先进集体")}


def test_a_cloud_platform_built_is_a_program_without_quotes(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾镇搭建智慧党建云平台，方便外出党员参加组织生活。")
    assert "智慧党建云平台" in _names(record, "PROGRAM")
    assert ("青禾镇", "智慧党建云平台") in _triples(record, "implements")


def test_a_branch_named_after_its_company_and_a_place_is_part_of_the_company(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青禾置业杭州公司与青禾置业宁波公司召开联席会议。")
    assert {("青禾置业杭州公司", "青禾置业"), ("青禾置业宁波公司", "青禾置业")} <= _triples(
        record, "sub_organization_of"
    )
    assert "青禾置业" in _names(record, "ORG")
    # the branch without its company (杭州公司) is no alias: two companies may have one
    assert not any("杭州公司" in e.aliases for e in record.entities)


def test_a_city_name_that_is_also_a_word_is_a_place_where_it_opens_a_company(
    extractor: Extractor,
) -> None:
    # jieba counts 合肥 and 大连 as common nouns: alone they need their full name nearby
    record = _extract(extractor, "他进入合肥青禾精密仪器有限公司，后调任大连青禾集团党委书记。")
    assert {("合肥青禾精密仪器有限公司", "合肥"), ("大连青禾集团", "大连")} <= _triples(
        record, "located_in"
    )
    assert _names(_extract(extractor, "要开封信件，再说合肥的事。"), "PLACE") == set()


def test_an_event_organized_under_a_quoted_name_is_the_organizers_program(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "湖南省教育厅主办的“青禾之光”优秀教师巡回报告会走进校园。")
    assert ("湖南省教育厅", "青禾之光优秀教师巡回报告会") in _triples(record, "implements")


def test_bodies_set_up_under_an_organizations_push_are_established_by_it(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "在青禾市委组织部的推动下，青禾区东湖商圈党委、青禾区西街街区党委先后成立。",
    )
    assert _triples(record, "established") == {
        ("青禾市委组织部", "青禾区东湖商圈党委"),
        ("青禾市委组织部", "青禾区西街街区党委"),
    }


def test_a_program_written_before_a_quoted_one_holds_it(extractor: Extractor) -> None:
    record = _extract(extractor, "全区深化主题教育“四进四访”活动，推动各项工作落实。")
    assert {"主题教育", "四进四访活动"} <= _names(record, "PROGRAM")
    assert ("四进四访活动", "主题教育") in _triples(record, "part_of_program")


def test_joint_as_a_modifier_of_the_kind_is_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "各方成立江海联运一体化联合调度中心，及时交换数据。")
    assert "江海联运一体化联合调度中心" in _names(record, "ORG")


def test_bodies_listed_without_names_set_up_a_body_not_the_documents_actor(
    extractor: Extractor,
) -> None:
    opening = "南通市推进港口改革，南通市港务局党委积极作为。"
    listed = _extract(extractor, opening + "当地海关、铁路、港口成立江海联运联合调度中心。")
    assert not _triples(listed, "established")
    unstated = _extract(extractor, opening + "今年，成立江海联运联合调度中心。")
    assert _triples(unstated, "established") == {("南通市", "江海联运联合调度中心")}


def test_other_countries_are_places_but_not_inside_words(extractor: Extractor) -> None:
    record = _extract(extractor, "新能源汽车从青禾港坐船到埃及，再运往沙特阿拉伯和日本。")
    assert {"埃及", "沙特阿拉伯", "日本"} <= _names(record, "PLACE")
    record = _extract(extractor, "节日本身很热闹，精英国企改革，浙江南部山区发展迅速。")
    assert _names(record, "PLACE") == {"浙江"}


def test_universities_written_short_are_organizations(extractor: Extractor) -> None:
    record = _extract(extractor, "王青禾老师的学生先后考入清华、北大和复旦。")
    assert {"清华", "北大", "复旦"} <= _names(record, "ORG")
    record = _extract(extractor, "东北大学与中国科学院签约，北大街上人很多。")
    assert _names(record, "ORG") == {"东北大学", "中国科学院"}
    assert not _triples(record, "located_in")


def test_a_fund_founded_under_a_quoted_name_is_a_body_its_kind_word_resumes(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "同年，王青禾用自筹的20万元资金发起创立“王氏助学基金”，资助困难学生。"
        "目前，助学基金累计结余近220万元。",
    )
    assert "王氏助学基金" in _names(record, "ORG")
    quantities = {(q.subject, q.measure, q.value) for q in record.quantities}
    assert {("王青禾", "money_cny", 200000), ("王氏助学基金", "money_cny", 2200000)} <= quantities
    assert "乡村振兴基金" in _names(_extract(extractor, "全县推进“乡村振兴基金”项目。"), "PROGRAM")


def test_organizations_written_before_a_program_named_for_their_pairing_are_paired(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "8月24日，华兴建设集团华南分公司与青禾市秀水区检察院“检企共建阳光工程”启动仪式举行。",
    )
    pair = ("华兴建设集团华南分公司", "青禾市秀水区检察院")
    assert {(name, "检企共建阳光工程") for name in pair} <= _triples(record, "implements")
    assert _triples(record, "paired_with") == {pair}
    record = _extract(extractor, "华兴建设集团华南分公司与青禾市秀水区检察院开展“检企共建”活动。")
    assert _triples(record, "paired_with") == {pair}
    assert {r.rule for r in record.relations if r.relation == "paired_with"} == {
        "pairing_program"
    }
    record = _extract(extractor, "青禾市秀水区检察院与华兴建设集团华南分公司开展“法治宣传”活动。")
    assert not _triples(record, "paired_with")


def test_a_post_retired_from_is_still_held_there(extractor: Extractor) -> None:
    record = _extract(extractor, "从青禾县交通局副局长岗位退休的王松明，一直关心家乡教育。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("王松明", "青禾县交通局", "副局长")}


def test_a_discipline_inspection_group_and_its_head(extractor: Extractor) -> None:
    record = _extract(extractor, "省纪委监委驻省民政厅纪检监察组组长王海涛表示，将持续强化监督。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("王海涛", "省纪委监委驻省民政厅纪检监察组", "组长")}


def test_enterprises_named_only_by_their_trade_are_no_entities(extractor: Extractor) -> None:
    record = _extract(extractor, "辖区物业公司、民营企业和社会组织共同参与社区治理。")
    assert _names(record, "ORG") == set()


def test_the_area_a_clause_resumes_with_its_level_word_is_what_it_counts(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "洪山区委书记张青禾介绍，该区已建成“红色驿站”96个，服务群众2.6万人次。"
    )
    quantities = {(q.subject, q.value) for q in record.quantities}
    assert quantities == {("洪山区", 96), ("洪山区", 26000)}


def test_a_village_name_opening_with_a_verb_character_after_its_town(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "金湖街道上冯村党支部与青禾集团党委开展结对共建。")
    assert "金湖街道上冯村党支部" in _names(record, "ORG")
    assert ("上冯村", "金湖街道") in _triples(record, "located_in")
    person = _extract(extractor, "2019年，周建军调任怀化铁路公安处公坪警务区。")
    assert not any(o.startswith(("周建军", "调任")) for o in _names(person, "ORG"))


def test_ethnic_townships_are_places(extractor: Extractor) -> None:
    record = _extract(extractor, "吉安市青原区东固畲族乡党委召开会议。")
    assert "东固畲族乡" in _names(record, "PLACE")
    assert ("东固畲族乡", "青原区") in _triples(record, "located_in")
    assert _names(_extract(extractor, "各民族乡镇积极开展活动。"), "PLACE") == set()


def test_management_committees_and_their_working_committees(extractor: Extractor) -> None:
    record = _extract(extractor, "萍乡市安源区城郊管委会党工委牵头成立“红色物业联盟”。")
    assert (
        "萍乡市安源区城郊管委会党工委",
        "萍乡市安源区城郊管委会",
    ) in _triples(record, "sub_organization_of")
    record = _extract(extractor, "赣州经开区管委会召开会议。")
    assert _names(record, "ORG") == {"赣州经开区管委会"}


def test_an_autonomous_region_opens_a_chain_of_names(extractor: Extractor) -> None:
    record = _extract(
        extractor, "内蒙古自治区呼和浩特市新城区海东路街道党工委书记李青禾介绍了情况。"
    )
    org = "内蒙古自治区呼和浩特市新城区海东路街道党工委"
    assert org in _names(record, "ORG")
    assert "内蒙古自治区" in _names(record, "PLACE")
    assert ("呼和浩特市", "内蒙古自治区") in _triples(record, "located_in")


def test_a_body_leads_every_body_of_a_list_and_goes_on_after_a_clause(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "青山区红卫路街道党工委指导青禾社区党委、红卫路社区党委开展“幸福家园”创建活动。",
    )
    assert _triples(record, "manages") == {
        ("青山区红卫路街道党工委", "青禾社区党委"),
        ("青山区红卫路街道党工委", "红卫路社区党委"),
    }
    record = _extract(
        extractor,
        "硚口区委两新工委负责全区非公企业党建工作，直接管理硚口区汉正街市场党委。",
    )
    assert ("硚口区委两新工委", "硚口区汉正街市场党委") in _triples(record, "manages")


def test_children_named_after_the_count_of_their_kind(extractor: Extractor) -> None:
    parent = "天河区南区联合党委"
    for text in (
        f"{parent}下设6个党支部，分别是南区第一党支部、南区第二党支部等。",
        f"{parent}下设6个党支部：南区第一党支部、南区第二党支部。",
    ):
        assert _triples(_extract(extractor, text), "sub_organization_of") == {
            ("南区第一党支部", parent),
            ("南区第二党支部", parent),
        }
    unnamed = _extract(extractor, f"{parent}下设6个党支部，南区第一党支部开展活动。")
    assert not _triples(unnamed, "sub_organization_of")


def test_party_posts_are_the_party_bodys_and_the_posts_after_them_its_hosts(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青禾集团党委书记、董事长李伟出席会议。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("李伟", "青禾集团党委", "书记"), ("李伟", "青禾集团", "董事长")}
    # the town's government is left unnamed: its post is not the committee's (the gold gives
    # 校党委副书记、副校长 the post 副书记)
    record = _extract(extractor, "青禾镇党委副书记、镇长张海波主持会议。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("张海波", "青禾镇党委", "副书记")}


def test_a_company_and_its_legal_form_are_one_company(extractor: Extractor) -> None:
    record = _extract(extractor, "东风青禾汽车集团有限公司党委印发《关于深化党建工作的实施意见》。")
    assert _triples(record, "sub_organization_of") == {
        ("东风青禾汽车集团有限公司党委", "东风青禾汽车集团有限公司")
    }


def test_the_place_a_project_is_in_opens_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾建设集团项目党支部与项目所在地社区党委开展联建共建。")
    assert not any(o.startswith("地") for o in _names(record, "ORG"))


def test_an_executive_director_is_a_post_of_the_company(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾石化分公司党委书记、执行董事王伟介绍经验。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("王伟", "青禾石化分公司党委", "书记"), ("王伟", "青禾石化分公司", "执行董事")}


def test_a_kind_of_party_body_written_before_its_count_names_the_measure(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "青禾镇共有基层党组织78个，其中党委3个、党总支5个、党支部70个。")
    quantities = {(q.measure, q.value) for q in record.quantities}
    assert quantities == {
        ("party_organizations", 78),
        ("party_organizations", 3),
        ("party_organizations", 5),
        ("branches", 70),
    }


def test_heads_of_prefectures_banners_and_leagues_hold_posts(extractor: Extractor) -> None:
    record = _extract(extractor, "恩施州委副书记、州长李青禾出席会议并讲话。")
    assert ("李青禾", "恩施州委") in _triples(record, "holds_post")


def test_central_news_sites_are_organizations(extractor: Extractor) -> None:
    record = _extract(extractor, "据中国共产党新闻网报道，青禾镇开展专项整治。")
    assert _names(record, "ORG") == {"中国共产党新闻网"}


def test_a_community_named_after_a_village_is_one_place(extractor: Extractor) -> None:
    record = _extract(extractor, "青山区钢花村社区召开居民议事会。")
    assert _names(record, "PLACE") == {"青山区", "钢花村社区"}
    assert "东湖村" in _names(_extract(extractor, "东湖村社会组织发展迅速。"), "PLACE")


def test_this_village_resumes_the_village_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江夏区：党建引领乡村振兴\n\n江夏区坚持党建引领。小朱湾村位于山区。"
        "江夏区交通局为其修建了公路。该村深入实施“美丽乡村”工程，发展民宿15家。",
    )
    assert _triples(record, "implements") == {("小朱湾村", "美丽乡村工程")}
    assert {(q.subject, q.value) for q in record.quantities} == {("小朱湾村", 15)}


def test_a_name_prefixed_with_an_autonomous_prefecture_is_the_same_body(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "个旧市纪委监委开展专项监督。今年以来，云南省红河哈尼族彝族自治州个旧市纪委监委聚焦突出问题。",
    )
    orgs = {e.text: e.aliases for e in record.entities if e.type == "ORG"}
    assert orgs == {"云南省红河哈尼族彝族自治州个旧市纪委监委": ["个旧市纪委监委"]}


def test_the_people_attending_are_counted_for_the_event(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "8月24日，华兴建设集团华南分公司与青禾市秀水区检察院“检企共建阳光工程”暨"
        "“清风工地”创建启动仪式举行。青禾市秀水区检察院检察长傅青禾出席，"
        "业主方、监理方代表共计60余人参加。",
    )
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        ("检企共建阳光工程", "people", 60)
    }


def test_the_place_a_body_acts_in_or_visits_is_not_the_actor(extractor: Extractor) -> None:
    record = _extract(extractor, "江夏区委组织部在花园村开展“党员进万家”活动。")
    assert _triples(record, "implements") == {("江夏区委组织部", "党员进万家活动")}
    record = _extract(
        extractor, "湖北省委书记王青禾在武汉调研时强调，要持续深化“下基层察民情”实践活动。"
    )
    assert _triples(record, "implements") == {("湖北省委", "下基层察民情实践活动")}


def test_a_body_that_sets_up_others_under_a_push_is_no_body_set_up(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在青山区委组织部的指导下，武汉市青山区钢都花园管委会党工委成立了8个网格党支部。",
    )
    assert not _triples(record, "established")


def test_a_verb_before_a_villages_generic_body_names_no_village(extractor: Extractor) -> None:
    record = _extract(extractor, "江夏区启动实施“红色头雁”培育计划，每年培训村党组织书记200人次。")
    assert _names(record, "PLACE") == {"江夏区"}
    assert "胜利村" in _names(_extract(extractor, "胜利村党支部书记王明介绍。"), "PLACE")


def test_a_site_named_only_by_its_kind_is_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "五里界街道建成智慧化党群服务中心，建成示范性党群服务中心12个。")
    assert _names(record, "PLACE") == {"五里界街道"}


def test_a_generation_opens_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "在花园村，80后村党支部书记司马青带领大家发展电商。")
    assert not any(o.startswith("后") for o in _names(record, "ORG"))
    assert "司马青" in _names(record, "PERSON")


def test_a_branchs_secretary_who_manages_the_company(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾公司党支部书记、总经理王磊带头参加志愿服务。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("王磊", "青禾公司党支部", "书记"), ("王磊", "青禾公司", "总经理")}


def test_a_school_joining_two_fields_and_a_discipline_office(extractor: Extractor) -> None:
    record = _extract(extractor, "华中科技大学机械科学与工程学院党委书记李明出席活动。")
    assert "华中科技大学机械科学与工程学院党委" in _names(record, "ORG")
    assert _names(record, "PLACE") == set()
    record = _extract(extractor, "江夏区纪委监委第三监督检查室主任刘洋介绍了案件查办情况。")
    assert ("刘洋", "江夏区纪委监委第三监督检查室") in _triples(record, "holds_post")


def test_a_program_made_part_of_another_or_carried_under_its_umbrella(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "江夏区将“擂台比武”纳入基层党建三年行动计划，作为重点任务推进。")
    assert ("擂台比武", "基层党建三年行动计划") in _triples(record, "part_of_program")
    record = _extract(
        extractor, "江夏区以“红色头雁”工程为统领，配套实施“雁阵培育”计划和“归雁回引”行动。"
    )
    assert _triples(record, "part_of_program") == {
        ("雁阵培育计划", "红色头雁工程"),
        ("归雁回引行动", "红色头雁工程"),
    }


def test_a_head_listed_after_the_party_secretary_heads_the_host(extractor: Extractor) -> None:
    record = _extract(extractor, "江夏区人民医院党委书记刘芳、院长张强一同参加活动。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("刘芳", "江夏区人民医院党委", "书记"), ("张强", "江夏区人民医院", "院长")}


def test_a_town_named_after_a_street_or_a_village_is_one_place(extractor: Extractor) -> None:
    record = _extract(extractor, "宁远县柳街乡石坝村党总支书记吴建国说。南丰县二村镇党委书记说。")
    places = _names(record, "PLACE")
    assert {"柳街乡", "二村镇"} <= places
    assert not {"县柳街", "柳街"} & places
    assert {("柳街乡", "宁远县"), ("二村镇", "南丰县")} <= _triples(record, "located_in")


def test_a_community_named_after_a_street_is_one_place(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪县白沙镇长兴街社区被评为示范社区。")
    places = _names(record, "PLACE")
    assert "长兴街社区" in places
    assert not {"长兴街", "示范社区"} & places


def test_a_road_after_a_districts_short_name_is_part_of_the_street(
    extractor: Extractor,
) -> None:
    # 和平 is the short name of 和平县; here it starts the road 和平北路
    record = _extract(extractor, "天河区和平北路街道党工委书记说。")
    places = _names(record, "PLACE")
    assert "和平北路街道" in places
    assert not {"和平", "北路街道"} & places


def test_common_words_ending_in_a_bureau_are_no_names(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪县白沙街道党工委统筹辖区资源，构建区域化党建格局。")
    assert not any(o.endswith("格局") for o in _names(record, "ORG"))


def test_a_kind_after_each_is_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪县服装市场党委负责指导市场内各商户党支部开展工作。")
    assert "商户党支部" not in _names(record, "ORG")
    assert not _triples(record, "manages")


def test_learning_from_a_source_awards_nothing(extractor: Extractor) -> None:
    record = _extract(extractor, "记者从青溪县委组织部获悉，该县以“五星支部”创建为抓手。")
    assert "五星支部创建" in _names(record, "PROGRAM")
    assert not _triples(record, "awarded")


def test_a_quoted_party_service_centre_is_a_place(extractor: Extractor) -> None:
    record = _extract(extractor, "白沙街道打造“白沙CBD党群服务中心”，服务面积达1200平方米。")
    assert "白沙CBD党群服务中心" in _names(record, "PLACE")
    assert "白沙CBD党群服务中心" not in _names(record, "PROGRAM")


def test_rolling_out_is_a_cue_and_no_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "今年，郴州市苏仙区全面推开“一村一策”改革试点。")
    assert "一村一策改革试点" in _names(record, "PROGRAM")
    assert ("苏仙区", "一村一策改革试点") in _triples(record, "implements")


def test_the_place_a_sentence_opens_on_carries_out_its_program(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在安顺市西秀区，“党建+积分”管理模式已覆盖全区所有村居。"
        "在花园村，党员志愿者开展“敲门问需”活动。",
    )
    assert {("西秀区", "党建+积分管理模式"), ("花园村", "敲门问需活动")} <= _triples(
        record, "implements"
    )


def test_a_street_office_is_an_organization_and_its_kind_alone_no_name(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "城东街道办事处与区市场监管局联合开展检查。各街道办事处要做好工作。街道办事处要落实。",
    )
    orgs = _names(record, "ORG")
    assert "城东街道办事处" in orgs
    assert "街道办事处" not in orgs


def test_every_body_of_the_list_before_the_cue_sets_up_the_new_one(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "青溪区委组织部、青溪区委两新工委联合组建快递物流行业党委，下设6个党支部。"
    )
    assert {
        ("青溪区委组织部", "快递物流行业党委"),
        ("青溪区委两新工委", "快递物流行业党委"),
    } <= _triples(record, "established")


def test_a_kind_left_after_a_verb_is_cut_is_no_place(extractor: Extractor) -> None:
    text = "近三年新建改建党群服务中心35个，总面积达2.8万平方米。"
    for record in (_extract(extractor, text), _extract(Extractor(fast=True), text)):
        assert not any(p.endswith("党群服务中心") for p in _names(record, "PLACE"))
        assert not record.quantities


def test_the_organs_of_several_levels_are_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "各县（市、区）委组织部要结合实际，制定具体实施方案。")
    assert not _names(record, "ORG")


def test_the_body_that_leads_sets_up_what_the_ones_it_joins_set_up(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "2023年3月，青溪区白沙街道党工委牵头，联合通衢物流集团有限公司党委、"
        "蓝海建工集团有限公司党委，在项目一线组建白沙枢纽项目联合党委。",
    )
    assert _triples(record, "established") == {("青溪区白沙街道党工委", "白沙枢纽项目联合党委")}


def test_a_two_character_name_the_model_misreads_stays_whole(extractor: Extractor) -> None:
    # LAC reads 结|和|村 (和: and); the village's branch keeps its name
    record = _extract(extractor, "结和村党支部书记袁洋超说，村里发展起色不大。")
    assert ("袁洋超", "结和村党支部") in _triples(record, "holds_post")
    assert "村党支部" not in _names(record, "ORG")


def test_an_unquoted_name_after_the_topic_is_no_measure_of_the_place(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "在花山区南光社区，西部陆海新通道开通以来，货运量大增。")
    assert not _triples(record, "implements")


def test_a_name_after_a_person_is_no_place_and_a_central_enterprise_no_country(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "中山大学附属第三医院党委书记陈立说。中山公园里游人如织。"
        "中国石化江汉油田分公司党委开展活动。中山市委组织部印发通知。",
    )
    places = _names(record, "PLACE")
    assert not {"中山", "中国"} & places
    assert "中山市" in places
    assert not {h for h, t in _triples(record, "located_in") if t in {"中山", "中国"}}


def test_the_whole_area_opening_the_clause_acts_not_the_speakers_body(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "今年以来，漳州市龙文区坚持党建引领。龙文区委常委陈思远表示，下一步，"
        "全区将持续深化“网格+”治理模式。花园社区党委负责人说，全区公办幼儿园实现全覆盖，"
        "深入推进“红色堡垒”计划。",
    )
    implements = _triples(record, "implements")
    assert ("龙文区", "网格+治理模式") in implements
    assert ("龙文区委", "网格+治理模式") not in implements
    # 全区 of another clause resumes nothing
    assert ("花园社区", "红色堡垒计划") not in implements
    # 社区 is no district
    record = _extract(extractor, "天河区召开会议。李明来到花园社区走访。该区开展“敲门问需”活动。")
    assert _triples(record, "implements") == {("天河区", "敲门问需活动")}


def test_a_quoted_site_built_many_times_is_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "龙文区建设“红色驿站”28个，开展“周末微课堂”活动120余场。")
    assert "红色驿站" not in _names(record, "PLACE")
    other = _extract(extractor, "会上，为首批10个“暖心驿站”授牌，打造“睦邻会客厅”。")
    assert _names(other, "PLACE") == {"睦邻会客厅"}
    assert ("龙文区", "周末微课堂活动") in _triples(record, "implements")


def test_a_kind_of_village_or_a_time_word_before_村_names_no_place(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "小山村里的“红色引擎”。“过去村里是出了名的‘空心村’。”妙源村曾是后进村、贫困村。",
    )
    assert _names(record, "PLACE") == {"妙源村"}


def test_the_village_a_clause_opens_on_sets_up_the_team(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "衢州市柯城区九华乡妙源村地处山区。村里还组建了一支由12名党员组成的"
        "“红马甲”志愿服务队，常年为群众提供代办服务。",
    )
    assert _triples(record, "established") == {("妙源村", "红马甲志愿服务队")}


def test_the_company_written_by_its_kind_alone_is_the_one_the_document_names(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "近年来，通衢路桥建设有限公司党委深入开展“党建+项目”创建活动。"
        "公司党委书记、董事长张国栋介绍，公司党委与文化路街道党工委签订共建协议。"
        "据统计，2023年公司新签合同额达180亿元。通过成立项目公司党支部，实现全覆盖。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {
        ("张国栋", "通衢路桥建设有限公司党委", "书记"),
        ("张国栋", "通衢路桥建设有限公司", "董事长"),
    }
    paired = _triples(record, "paired_with")
    assert paired & {
        ("通衢路桥建设有限公司党委", "文化路街道党工委"),
        ("文化路街道党工委", "通衢路桥建设有限公司党委"),
    }
    money = {(q.subject, q.value) for q in record.quantities if q.measure == "money_cny"}
    assert money == {("通衢路桥建设有限公司", 18_000_000_000)}
    aliases = {a for e in record.entities for a in e.aliases}
    assert "公司党支部" not in aliases  # 项目公司党支部: a kind of branch, no reference


def test_a_department_named_after_a_level_organ_is_its_sub_organization(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "盐城市亭湖区纪委监委开展行动。区纪委监委第三监督检查室主任孙丽介绍情况。"
    )
    assert ("区纪委监委第三监督检查室", "盐城市亭湖区纪委监委") in _triples(
        record, "sub_organization_of"
    )


def test_what_a_speaker_reports_is_counted_for_what_they_name_after(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "区纪委监委第三监督检查室主任孙丽介绍，针对“三资”管理问题，亭湖区纪委监委督促"
        "区农业农村局建立“村账镇管”制度，追回资金356万元。",
    )
    money = {(q.subject, q.value) for q in record.quantities if q.measure == "money_cny"}
    assert money == {("亭湖区纪委监委", 3_560_000)}


def test_a_body_joined_after_an_adverb_carries_out_the_program_too(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "此外，亭湖区纪委监委还联合区委组织部开展“清廉村居”建设。")
    assert {("亭湖区纪委监委", "清廉村居"), ("区委组织部", "清廉村居")} <= _triples(
        record, "implements"
    )


def test_a_program_named_with_its_acronym_in_brackets(extractor: Extractor) -> None:
    record = _extract(extractor, "我国全面参与平方公里阵列射电望远镜（SKA）计划。")
    assert "平方公里阵列射电望远镜（SKA）计划" in _names(record, "PROGRAM")


def test_a_longer_community_name_is_read_right_after_its_street(extractor: Extractor) -> None:
    text = "记者走进武汉市江岸区后湖街道百步亭花园社区。充实网格和社区大党委力量。"
    for record in (_extract(extractor, text), _extract(Extractor(fast=True), text)):
        assert "百步亭花园社区" in _names(record, "PLACE")
        assert ("百步亭花园社区", "后湖街道") in _triples(record, "located_in")
        assert not any("网格" in p for p in _names(record, "PLACE"))


def test_every_body_of_the_list_after_the_cue_is_set_up_and_街道_resumes_the_street(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "近年来，成都市武侯区玉林街道党工委以党建引领社区治理。街道党工委书记赵敏说，"
        "街道先后成立了玉林社区发展基金会、玉林商圈商家联盟等社会组织8个。",
    )
    assert {
        ("成都市武侯区玉林街道党工委", "玉林社区发展基金会"),
        ("成都市武侯区玉林街道党工委", "玉林商圈商家联盟"),
    } <= _triples(record, "established")
    assert {(q.subject, q.value) for q in record.quantities} == {("玉林街道", 8)}


def test_a_count_of_an_area_the_document_does_not_name_has_no_subject(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "日前，中共湖南省委印发《关于表彰先进基层党组织的决定》。我市2个基层党组织、"
        "3名个人获表彰。",
    )
    assert not record.quantities


def test_a_comparison_with_the_area_is_no_scope(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "律师行业，蓬江区成立了全市首个县级律师行业党委，32个律所中17个单独组建党组织。",
    )
    assert ("蓬江区", 17) in {(q.subject, q.value) for q in record.quantities}


def test_a_list_of_people_each_after_their_body_and_post_is_honored(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "岳阳楼区委组织部组织科科长彭涛、华容县委组织部副部长严敏被授予“全省优秀党务工作者”"
        "称号。平江县三市镇党委获评先进。",
    )
    assert {("彭涛", "全省优秀党务工作者"), ("严敏", "全省优秀党务工作者")} <= _triples(
        record, "awarded"
    )
    assert ("彭涛", "岳阳楼区委组织部组织科") in _triples(record, "holds_post")
    assert "三市镇" in _names(record, "PLACE")


def test_a_policy_titled_with_its_kind_of_opinion_is_a_program(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "市委印发《通知》。关于进一步加强新就业群体党建工作的实施意见\n"
        "各县（市、区）党委社会工作部具体负责。",
    )
    assert "关于进一步加强新就业群体党建工作的实施意见" in _names(record, "PROGRAM")
    assert not any(o.endswith("社会工作部") for o in _names(record, "ORG"))


def test_a_rank_before_a_post_is_part_of_it(extractor: Extractor) -> None:
    """常务 before the last post of a list is read with it; the government's post after a
    committee's (常务副区长 after 区委常委) is not the committee's, as the gold gives
    校党委副书记、副校长 the post 副书记."""
    record = _extract(
        extractor, "天河区委常委、常务副书记周明讲话。黄埔区委常委、常务副区长李强讲话。"
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("周明", "天河区委", "常委、常务副书记"), ("李强", "黄埔区委", "常委")}


def test_managed_bodies_named_after_their_count_or_before_由(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "天河区南区联合党委直接管理13个支部231名党员，其中包括华兴物流有限公司党支部和"
        "蓝海科技有限公司党支部。通衢快递有限公司党支部由天河区南区联合党委统一管理。",
    )
    assert _triples(record, "manages") == {
        ("天河区南区联合党委", "华兴物流有限公司党支部"),
        ("天河区南区联合党委", "蓝海科技有限公司党支部"),
        ("天河区南区联合党委", "通衢快递有限公司党支部"),
    }


def test_a_party_committees_children_are_party_organizations(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "天河区南区联合党委下辖华兴物流有限公司党支部、蓝海科技有限公司党支部等13个支部。",
    )
    subs = _triples(record, "sub_organization_of")
    assert ("华兴物流有限公司党支部", "天河区南区联合党委") in subs
    assert ("华兴物流有限公司", "天河区南区联合党委") not in subs


def test_a_post_and_serving_as_are_no_part_of_a_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "青岛市黄岛区灵山卫街道党工委牵头成立“灵山卫强村共富党建联盟”，由街道党工委书记任联盟"
        "主席，坚持“强村带弱村”。社区书记任建华说，活动很好。",
    )
    assert _names(record, "ORG") == {"青岛市黄岛区灵山卫街道党工委", "灵山卫强村共富党建联盟"}
    assert _names(record, "PERSON") == {"任建华"}
    assert not {p for p in _names(record, "PLACE") if p.endswith("强村") or p == "带弱村"}


def test_the_whole_town_counts_for_the_town_the_document_names(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "2021年，杨光明调任雷山县西江镇党委书记。上任伊始，他就带领镇村干部走遍全镇23个行政村。",
    )
    assert {(q.subject, q.value) for q in record.quantities} == {("西江镇", 23)}


def test_a_part_of_the_body_该院_resumes(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "南昌大学第一附属医院党委全面落实院长负责制。该院心血管内科党支部书记、主任程晓曙"
        "带领团队开展义诊。",
    )
    assert ("心血管内科党支部", "南昌大学第一附属医院") in _triples(record, "sub_organization_of")


def test_fast_mode_ends_names_before_verbs_and_speech(extractor: Extractor) -> None:
    fast = Extractor(fast=True)
    record = _extract(
        fast,
        "“玉林模式”激活社区治理新动能。街道党工委书记赵敏说，公司党委坚持把党的领导融入公司"
        "治理各环节，协商解决小区治理难题。",
    )
    assert "赵敏" in _names(record, "PERSON")
    assert "赵敏说" not in _names(record, "PERSON")
    assert not _names(record, "PLACE")
    assert "融入公司" not in _names(record, "ORG")


def test_a_body_paired_with_each_of_a_list_is_the_hub(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "翠湖社区党委分别与辖区内的华兴物流有限公司党支部、蓝海科技有限公司党支部开展联建活动。",
    )
    pairs = {frozenset(p) for p in _triples(record, "paired_with")}
    assert pairs == {
        frozenset({"翠湖社区党委", "华兴物流有限公司党支部"}),
        frozenset({"翠湖社区党委", "蓝海科技有限公司党支部"}),
    }


def test_national_campaigns_of_the_lexicon_are_programs(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "镇党委扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。全县开展党纪学习教育。",
    )
    assert {
        "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "党纪学习教育",
    } <= _names(record, "PROGRAM")


def test_the_whole_county_of_a_province_document_names_no_actor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "浙江省委组织部召开会议。石门乡党委负责人表示，全县深入推进“强村计划”。",
    )
    assert not {h for h, t in _triples(record, "implements") if t == "强村计划"}


def test_a_thousands_separator_is_part_of_the_number(extractor: Extractor) -> None:
    record = _extract(extractor, "天河区共有非公企业党组织1,280个，投入资金1,250.5万元。")
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_organizations", 1280),
        ("money_cny", 12_505_000),
    }


def test_a_brands_research_centre_in_a_city_is_its_branch(extractor: Extractor) -> None:
    record = _extract(extractor, "小米武汉研发中心党支部成立。")
    assert ("小米武汉研发中心", "小米") in _triples(record, "sub_organization_of")


def test_a_verb_of_scope_ends_a_program_name(extractor: Extractor) -> None:
    record = _extract(extractor, "对村级重要事项进行梳理，明确哪些事项属于“五议三公开”工作法范围。")
    assert _names(record, "PROGRAM") == {"五议三公开工作法"}


def test_places_the_text_links_apart_are_chained(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "走进位于江苏南京市栖霞区的仙林街道，形式活泼。广州市天河区、越秀区和海珠区召开会议。"
        "广州市天河区、朝阳区也派人参加。",
    )
    located = _triples(record, "located_in")
    assert {("仙林街道", "栖霞区"), ("越秀区", "广州市"), ("海珠区", "广州市")} <= located
    assert ("朝阳区", "广州市") not in located  # 朝阳区 is not Guangzhou's


def test_a_program_after_a_place_chain_is_the_places(extractor: Extractor) -> None:
    record = _extract(extractor, "白云区均禾街基层党建五项措施加温推进会召开。")
    assert "基层党建五项措施" in _names(record, "PROGRAM")
    assert ("均禾街", "基层党建五项措施") in _triples(record, "implements")
    kept = _extract(extractor, "全面进步（广东省加强基层党建三年行动计划）。")
    assert "广东省加强基层党建三年行动计划" in _names(kept, "PROGRAM")


def test_a_quoted_word_after_a_place_is_inside_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "泉州市组建泉州“两新”组织党建学院。全市“两新”组织党委要加强领导。")
    assert _names(record, "ORG") == {"泉州两新组织党建学院"}
    assert ("泉州两新组织党建学院", "泉州市") in _triples(record, "located_in")
    # a preposition after a closing quote stays out (--fast has no model to cut it)
    fast = _extract(Extractor(fast=True), "“产教融合研讨会”在亨通集团顺利召开。")
    assert "亨通集团" in _names(fast, "ORG")
    assert "在亨通集团" not in _names(fast, "ORG")


def test_a_quoted_word_opening_a_program_after_its_verb_is_part_of_it(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "实施“三新”网格员“大练兵”工程，健全激励机制。")
    assert "三新网格员大练兵工程" in _names(record, "PROGRAM")


def test_a_list_of_towns_after_a_district_and_a_slogan_with_社区(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "今年以来，邗江区蒋王街道、汊河街道先后建成驿站45个，实现“小事不出网格、大事不出社区”。",
    )
    assert ("汊河街道", "邗江区") in _triples(record, "located_in")
    assert _names(record, "PLACE") == {"邗江区", "蒋王街道", "汊河街道"}


def test_a_street_committee_never_named_acts_as_its_street(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "长春市朝阳区红旗街道：老旧小区焕新颜\n\n红旗街道辖区内老旧小区多。为此，街道党工委"
        "探索推行“红色物业+”模式。目前，红旗街道已成立小区党支部36个。",
    )
    assert ("红旗街道", "红色物业+模式") in _triples(record, "implements")


def test_a_piece_on_one_street_has_the_street_for_actor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "长春市朝阳区红旗街道：老旧小区焕新颜\n\n红旗街道辖区内老旧小区多。目前，红旗街道已成立"
        "小区党支部36个。\n\n下一步，将深入实施“红管家”计划。",
    )
    assert ("红旗街道", "红管家计划") in _triples(record, "implements")


def test_a_quoted_metaphor_after_的_is_no_practice(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "一批非公企业党组织，正成为推动企业发展的“红色引擎”。通过网格员“敲门问需”，收集民意。",
    )
    assert _names(record, "PROGRAM") == {"敲门问需"}


def test_a_committee_adopting_a_plan_carries_it_out(extractor: Extractor) -> None:
    record = _extract(extractor, "青溪县委常委会会议审议通过了《关于加强村级组织建设的实施意见》。")
    assert ("青溪县委", "关于加强村级组织建设的实施意见") in _triples(record, "implements")


def test_the_topic_place_acts_only_in_the_clause_after_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "天河区召开会议。在花园村，推动理论走深走实，据天河区委组织部介绍，全面实施“暖心”工程。",
    )
    assert _triples(record, "implements") == {("天河区", "暖心工程")}


def test_the_whole_county_of_a_province_document_sets_up_nothing(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "浙江省委组织部召开会议。石门乡党委负责人表示，全县组建“红管家”志愿服务队。",
    )
    assert not _triples(record, "established")
