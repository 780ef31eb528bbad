"""Rules written to carry over to unseen articles, found on invented pieces of more genres the
scored articles lack: a tax bureau's Party committee, an internet company, a community's
grid of branches, a county's training class for village secretaries and a veterans' service
station. Names of bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract as _extract
from extracted import names as _names
from extracted import triples as _triples

from kg.pipeline import Extractor


def test_a_body_named_longer_than_the_cap_starts_at_the_known_name(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "国家税务总局绍兴市柯桥区税务局党委坚持党建引领，深入实施“红色税务”品牌创建工程。",
    )
    committee = "国家税务总局绍兴市柯桥区税务局党委"
    assert committee in _names(record, "ORG")
    assert not any(n.startswith("家") for n in _names(record, "ORG"))
    assert (committee, "国家税务总局绍兴市柯桥区税务局") in _triples(record, "sub_organization_of")
    assert (committee, "红色税务品牌创建工程") in _triples(record, "implements")


def test_a_body_named_longer_than_the_cap_starts_at_a_place_after_the_cut(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "打造专业化职业化城市党建骨干队伍临安锦城街道党工委负责人表示，推行“红管家”工作法。",
    )
    assert "临安锦城街道党工委" in _names(record, "ORG")
    assert not any("队伍" in n for n in _names(record, "ORG"))


def test_a_body_left_unnamed_with_某_is_no_entity(extractor: Extractor) -> None:
    record = _extract(
        extractor, "杭州某互联网企业党委：让党建红融入企业蓝\n\n公司党委推行“红芯工程”。"
    )
    assert not any("某" in n for n in _names(record, "ORG"))


def test_提供_ends_a_quoted_programs_prefix(extractor: Extractor) -> None:
    record = _extract(extractor, "区税务局组建志愿服务队，为纳税人提供“一对一”辅导服务。")
    assert not any("纳税人" in n for n in _names(record, "PROGRAM"))


def test_a_clause_opening_on_与_pairs_the_sentences_subject(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "第三税务分局党支部开展“党员亮身份”活动，与柯桥街道湖西社区党委结对共建，每月走访企业。",
    )
    assert ("第三税务分局党支部", "柯桥街道湖西社区党委") in _triples(record, "paired_with")


def test_one_measure_after_推出_is_no_part_of_the_one_before(extractor: Extractor) -> None:
    record = _extract(extractor, "公司党委实施“红芯工程”，推出“党员攻坚项目制”，设立创新工作室。")
    assert not _triples(record, "part_of_program")
    record = _extract(
        extractor, "机关党委开展“四季课堂”，推出春季学习课堂、夏季实践课堂，成效明显。"
    )
    assert ("春季学习课堂", "四季课堂") in _triples(record, "part_of_program")


def test_a_merit_word_before_村_names_no_village(extractor: Extractor) -> None:
    record = _extract(extractor, "邀请湖南农业大学教授和优秀村党组织书记授课。")
    assert "优秀村" not in _names(record, "PLACE")


def test_a_second_count_ends_a_count_of_party_bodies(extractor: Extractor) -> None:
    record = _extract(extractor, "岳阳县来自全县14个乡镇的186名村党组织书记参加培训。")
    measures = {(q.measure, q.value) for q in record.quantities}
    assert ("party_organizations", 14) not in measures
    assert ("people", 186) in measures


def test_an_inner_bodys_post_is_held_in_the_body_the_document_names(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "岳阳县委组织部在县委党校举办培训班。县委常委、组织部部长刘志强出席开班仪式。",
    )
    posts = {(r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("岳阳县委组织部", "部长") in posts
    record = _extract(extractor, "县委常委、组织部部长刘志强出席开班仪式。")
    assert not any(r.tail.endswith("组织部") for r in record.relations)


def test_in_what_a_speaker_says_the_speakers_body_acts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "寿光市退役军人事务局局长李建华表示，将在全市推广古城街道经验，实施“老兵回乡”行动。",
    )
    assert ("寿光市退役军人事务局", "老兵回乡行动") in _triples(record, "implements")
    assert ("古城街道", "老兵回乡行动") not in _triples(record, "implements")


def test_a_profile_headed_记_is_the_profiled_bodys(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "网格里的“红色管家”——记成都市武侯区玉林街道黉门街社区党委\n\n"
        "近年来，推行“一网格一支部”模式。议事厅今年解决问题32件。",
    )
    committee = "成都市武侯区玉林街道黉门街社区党委"
    assert (committee, "一网格一支部模式") in _triples(record, "implements")
    assert {q.subject for q in record.quantities} == {committee}


def test_quoted_honors_written_one_after_another_are_two_honors(extractor: Extractor) -> None:
    record = _extract(
        extractor, "新集村党支部先后被评为“临泉县五星级党支部”“阜阳市先进基层党组织”。"
    )
    assert _names(record, "ORG") == {"新集村党支部"}
    assert _triples(record, "awarded") == {
        ("新集村党支部", "临泉县五星级党支部"),
        ("新集村党支部", "阜阳市先进基层党组织"),
    }


def test_a_function_word_before_村_names_no_village(extractor: Extractor) -> None:
    record = _extract(extractor, "驻村工作队与村“两委”一道，推行“党支部+合作社+农户”模式。")
    assert not _names(record, "PLACE")


def test_a_body_set_up_in_a_place_is_located_there(extractor: Extractor) -> None:
    record = _extract(extractor, "近日，济南市历下区快递物流行业党委在泉城路街道揭牌成立。")
    assert ("济南市历下区快递物流行业党委", "泉城路街道") in _triples(record, "located_in")
    record = _extract(extractor, "历下区委社会工作部在泉城路街道成立了历下区快递物流行业党委。")
    assert ("历下区快递物流行业党委", "泉城路街道") in _triples(record, "located_in")
    assert ("历下区委社会工作部", "泉城路街道") not in _triples(record, "located_in")


def test_a_sentence_opening_on_该_body_is_about_that_body(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "济南市历下区快递物流行业党委揭牌成立。该行业党委由历下区委社会工作部牵头组建。",
    )
    assert ("历下区委社会工作部", "济南市历下区快递物流行业党委") in _triples(record, "established")


def test_与_joining_two_fields_stays_in_a_colleges_name(extractor: Extractor) -> None:
    record = _extract(extractor, "青岛理工大学机械与汽车工程学院机械设计教工党支部现有党员24名。")
    branch = "青岛理工大学机械与汽车工程学院机械设计教工党支部"
    assert branch in _names(record, "ORG")
    assert {q.subject for q in record.quantities} == {branch}


def test_an_unquoted_honor_after_a_batch_ending_in_支部(extractor: Extractor) -> None:
    record = _extract(extractor, "机械设计教工党支部入选第三批全国党建工作样板支部。")
    assert _triples(record, "awarded") == {("机械设计教工党支部", "全国党建工作样板支部")}


def test_支部_opening_a_clause_is_the_branch_before_not_its_partner(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "机械设计教工党支部现有党员24名。近年来，支部实施“党建+科研”双融合工程，"
        "与海尔集团智能制造事业部党支部签订共建协议。2023年，支部入选第三批全国党建工作样板支部。",
    )
    assert ("机械设计教工党支部", "党建+科研双融合工程") in _triples(record, "implements")
    assert _triples(record, "awarded") == {("机械设计教工党支部", "全国党建工作样板支部")}


def test_a_kind_of_member_before_党支部_names_no_branch(extractor: Extractor) -> None:
    record = _extract(extractor, "钱志远是学校首批“双带头人”教师党支部书记工作室负责人。")
    assert not any(n.endswith("党支部") for n in _names(record, "ORG"))


def test_a_piece_on_one_village_is_the_villages(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "省农业农村厅选派干部赵立新担任临泉县新集村第一书记。新集村地处平原，新集村群众以种植为业。"
        "\n\n近年来，推行“党支部+合作社+农户”模式，流转土地1200亩。",
    )
    assert ("新集村", "党支部+合作社+农户模式") in _triples(record, "implements")


def test_a_post_after_是_and_a_comma_is_held(extractor: Extractor) -> None:
    record = _extract(extractor, "她叫何秀英，是长沙市开福区四方坪街道双拥社区党委书记。")
    assert ("何秀英", "长沙市开福区四方坪街道双拥社区党委") in _triples(record, "holds_post")


def test_a_preposition_and_a_common_word_name_no_person(extractor: Extractor) -> None:
    record = _extract(extractor, "下一步，区纪委监委将深化“阳光村务”工程，推动监督向基层延伸。")
    assert not _names(record, "PERSON")
    record = _extract(extractor, "组织部部长向文明出席会议。")
    assert _names(record, "PERSON") == {"向文明"}


def test_on_a_tie_the_division_a_chain_ends_with_acts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "区纪委监委推进清廉村居建设\n\n今年以来，温州市鹿城区纪委监委聚焦群众身边的问题。"
        "\n\n下一步，将深化“阳光村务”工程。",
    )
    assert ("鹿城区", "阳光村务工程") in _triples(record, "implements")


def test_a_profile_subtitle_under_the_headline_names_the_actor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "郭某：从“异乡客”到“筑梦人”\n\n——记河南省信阳市固始县高级中学副校长郭某\n"
        "她带领团队总结出的“三环六步”教学法，提升了全校教科研水平。",
    )
    school = "河南省信阳市固始县高级中学"
    assert (school, "三环六步教学法") in _triples(record, "implements")


def test_a_speaker_naming_nothing_counts_for_the_body_of_the_post(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "2022年，三里庵街道党工委牵头成立安居苑小区党支部。"
        "小区党支部书记王红梅说，今年共解决居民诉求150余件。",
    )
    assert {(q.subject, q.value) for q in record.quantities} == {("安居苑小区党支部", 150)}


def test_a_verb_before_an_area_word_names_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "党工委选派指导员，联系服务园区内的230家企业，服务商圈发展。")
    assert not _names(record, "PLACE")


def test_an_association_and_its_branch_written_short(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "深圳市物流与供应链管理协会党支部书记李晓明说，协会党支部通过“党建+服务”模式服务会员。",
    )
    branch = "深圳市物流与供应链管理协会党支部"
    assert _names(record, "ORG") == {branch, "深圳市物流与供应链管理协会"}
    assert (branch, "党建+服务模式") in _triples(record, "implements")


def test_a_place_phrase_opening_a_later_clause_leaves_the_subject_acting(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "近年来，深圳市社会组织党委坚持党建引领，在深圳市律师协会中推行“党建联络员”制度。",
    )
    assert _triples(record, "implements") == {("深圳市社会组织党委", "党建联络员制度")}
    record = _extract(extractor, "深圳市社会组织党委在全市行业协会商会中推行“党建联络员”制度。")
    assert "行业协会商会" not in _names(record, "ORG")


def test_a_departments_head_after_the_branch_secretary(extractor: Extractor) -> None:
    record = _extract(extractor, "心血管内科党支部书记、科主任吴志明带领党员组建医疗服务队。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("吴志明", "心血管内科党支部", "书记") in posts


def test_该_and_a_teams_kind_refer_to_the_team_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "华中师范大学文学院学生党支部“红色宣讲团”走进博雅社区。"
        "据了解，该宣讲团成立于2019年，现有成员35名，累计开展宣讲活动210场。",
    )
    team = next(n for n in _names(record, "ORG") if n.endswith("宣讲团"))
    assert {q.subject for q in record.quantities} == {team}
    assert "宣讲活动" not in _names(record, "PROGRAM")


def test_a_short_form_of_a_college_is_the_colleges_alias(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "华中师范大学文学院学生党支部走进社区。文学院学生党支部书记张晨阳说，将继续开展宣讲。",
    )
    assert "文学院" not in _names(record, "ORG")
    assert ("张晨阳", "华中师范大学文学院学生党支部") in _triples(record, "holds_post")


def test_a_kind_word_opening_a_reference_is_no_anaphor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "南昌大学第一附属医院党委坚持把支部建在科室上。"
        "2023年，医院党委推行“双培养”机制，全年发展党员46名。",
    )
    assert {q.subject for q in record.quantities} == {"南昌大学第一附属医院党委"}


def test_a_courts_and_a_factorys_posts_are_posts(extractor: Extractor) -> None:
    record = _extract(extractor, "民事审判庭党支部书记、庭长陈立新介绍，支部开展联建。")
    assert ("陈立新", "民事审判庭党支部") in _triples(record, "holds_post")
    record = _extract(extractor, "青禾机械厂党委书记、厂长周文斌说。")
    assert ("周文斌", "青禾机械厂党委") in _triples(record, "holds_post")


def test_选出_ends_a_villages_name(extractor: Extractor) -> None:
    record = _extract(
        extractor, "全县255个行政村“两委”换届选举工作圆满完成，共选出村“两委”成员1528名。"
    )
    assert not _names(record, "PLACE")


def test_areas_written_with_other_units(extractor: Extractor) -> None:
    for written in ("1200㎡", "1200余平米", "1200m²"):
        record = _extract(extractor, f"青禾社区党群服务中心面积{written}。")
        measures = {(q.subject, q.measure, q.value) for q in record.quantities}
        assert measures == {("青禾社区党群服务中心", "area_m2", 1200)}, written
    record = _extract(extractor, "青禾社区面积2.5平方千米。")
    assert {q.value for q in record.quantities} == {2_500_000}


def test_an_area_before_的_measures_the_named_site_after_it(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾街道党工委建成面积达1200平方米的党群服务中心“青禾驿站”。")
    assert {(q.subject, q.measure) for q in record.quantities} == {("青禾驿站", "area_m2")}
    record = _extract(extractor, "青禾社区党委建成1500平方米的党群服务中心。")
    assert not record.quantities


def test_项目党支部_refers_to_the_projects_temporary_branch(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中建八局第三建设有限公司南京河西项目临时党支部组织党员开展排查。"
        "项目党支部书记刘海涛介绍，支部设立“党员责任区”6个。",
    )
    branch = "中建八局第三建设有限公司南京河西项目临时党支部"
    assert ("刘海涛", branch) in _triples(record, "holds_post")


def test_a_party_body_written_short_is_the_one_so_named(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "东坡区组建“泡菜产业链党委”，党员总数达到410名。"
        "产业链党委书记杨光明说，党委推行“党组织+龙头企业+合作社+农户”模式。",
    )
    assert "产业链党委" not in _names(record, "ORG")
    assert ("杨光明", "泡菜产业链党委") in _triples(record, "holds_post")


def test_a_counted_kind_after_a_list_of_quoted_names_is_no_ones_tail(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "梓山镇党委配套实施“头雁培育”“产业振兴”两项行动。")
    assert _names(record, "PROGRAM") == {"头雁培育", "产业振兴"}
    record = _extract(extractor, "省委坚决落实“两个维护”十项制度机制。")
    assert _names(record, "PROGRAM") == {"两个维护十项制度机制"}


def test_a_kinds_own_centre_is_no_named_venue_nor_a_person(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江川路街道党工委建成1个街道党群服务中心、8个片区党群服务站和36个居民区党群服务点，"
        "优化提升社区党群服务中心。",
    )
    assert not _names(record, "PLACE") - {"江川路街道"}
    assert not _names(record, "PERSON")


def test_a_villages_collective_cooperative_is_a_kind(extractor: Extractor) -> None:
    record = _extract(extractor, "梓山镇党委推动全镇21个村全部成立集体经济合作社。")
    assert _names(record, "ORG") == {"梓山镇党委"}


def test_a_town_named_after_a_place_called_x镇(extractor: Extractor) -> None:
    record = _extract(extractor, "六合区竹镇镇党委选派干部到竹镇镇大泉村担任第一书记。")
    assert ("大泉村", "竹镇镇") in _triples(record, "located_in")
    assert ("竹镇镇", "六合区") in _triples(record, "located_in")
    assert "区竹镇" not in _names(record, "PLACE")


def test_a_boundary_word_inside_a_known_body_does_not_cut_its_party_body(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "国家市场监督管理总局党组书记罗文主持会议。")
    assert ("罗文", "国家市场监督管理总局党组") in _triples(record, "holds_post")


def test_a_leading_frame_opening_the_sentence_manages_the_body_after_it(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "在青禾街道党工委的指导下，青禾商圈联合党委推行“楼长制”。")
    assert _triples(record, "manages") == {("青禾街道党工委", "青禾商圈联合党委")}


def test_class_hours_are_counted_and_round_the_clock_is_not(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾社区党委开展培训120课时，24小时值守。")
    assert {(q.measure, q.value, q.unit) for q in record.quantities} == {("other", 120, "课时")}


def test_what_位于_and_a_place_chain_describe_is_a_site(extractor: Extractor) -> None:
    record = _extract(extractor, "位于深圳市福田区的卓越世纪中心，入驻企业420余家。")
    assert ("卓越世纪中心", "福田区") in _triples(record, "located_in")
    assert {q.subject for q in record.quantities} == {"卓越世纪中心"}
    record = _extract(extractor, "位于城区的老旧小区，改造完成。")
    assert not _names(record, "PLACE")


def test_a_site_located_by_位于_is_not_what_is_counted(extractor: Extractor) -> None:
    record = _extract(
        extractor, "位于青禾大厦三楼的青禾商务区党群服务站面积1200平方米，今年举办活动160场。"
    )
    assert {q.subject for q in record.quantities} == {"青禾商务区党群服务站"}


def test_the_ones_named_after_授予_receive_the_honor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中共青禾市委决定，授予李建国等10名同志“青禾市优秀共产党员”称号，"
        "授予青禾街道新华社区党委等5个基层党组织“青禾市先进基层党组织”称号。",
    )
    assert _triples(record, "awarded") == {
        ("李建国", "青禾市优秀共产党员"),
        ("青禾街道新华社区党委", "青禾市先进基层党组织"),
    }
    record = _extract(extractor, "青禾市委授予新华社区党委“五星级党组织”荣誉称号。")
    assert _names(record, "ORG") == {"青禾市委", "新华社区党委"}
    assert _triples(record, "awarded") == {("新华社区党委", "五星级党组织")}
    record = _extract(extractor, "青禾中学被中共青禾市委、青禾市人民政府授予“集体三等功”。")
    assert _triples(record, "awarded") == {("青禾中学", "集体三等功")}


def test_a_counted_kind_of_village_or_one_starting_mid_word_is_no_village(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "突击队完成12个受灾村的电力抢修。这些年村里最大的变化是党支部有了凝聚力。"
    )
    assert not _names(record, "PLACE")
    record = _extract(extractor, "在新兴村，村党支部推行积分制。青禾镇和平村党支部书记张某说。")
    assert {"新兴村", "和平村"} <= _names(record, "PLACE")


def test_an_inspection_group_is_a_body_and_months_are_no_count(extractor: Extractor) -> None:
    record = _extract(extractor, "中共桐庐县委第三巡察组进驻分水镇开展常规巡察，巡察时间约2个月。")
    assert ("中共桐庐县委第三巡察组", "中共桐庐县委") in _triples(record, "sub_organization_of")
    assert not record.quantities


def test_names_written_for_their_sounds_after_a_post(extractor: Extractor) -> None:
    record = _extract(extractor, "青禾村党支部书记阿不都热合曼·买买提介绍，村里推行“积分制”。")
    assert ("阿不都热合曼·买买提", "青禾村党支部") in _triples(record, "holds_post")
    record = _extract(extractor, "青禾村党支部书记扎西次仁说，村里推行“积分制”。")
    assert ("扎西次仁", "青禾村党支部") in _triples(record, "holds_post")
    record = _extract(extractor, "青禾村党支部书记亲自带队说，要推行“积分制”。")
    assert not _names(record, "PERSON")


def test_teams_named_in_quotes_one_after_another_are_set_up(extractor: Extractor) -> None:
    record = _extract(extractor, "桐乡市建立“百事服务团”“法律服务团”“道德评判团”三团队伍。")
    assert _triples(record, "established") == {
        ("桐乡市", "百事服务团"),
        ("桐乡市", "法律服务团"),
        ("桐乡市", "道德评判团"),
    }
    record = _extract(extractor, "白云区推行“一商圈一大党委”，实施“党组织领办合作社”。")
    assert _names(record, "PROGRAM") == {"一商圈一大党委", "党组织领办合作社"}


def test_where_they_go_before_a_quote_is_no_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "雁峰区推行在职党员到社区“双报到”制度。")
    assert _names(record, "PROGRAM") == {"双报到制度"}


def test_a_verb_before_a_kind_of_unit_names_no_body(extractor: Extractor) -> None:
    record = _extract(extractor, "在巴东村，提起村党支部书记黄秀梅，村民们都竖起大拇指。")
    assert not _names(record, "ORG")


def test_what_a_list_item_sets_up_does_not_act_in_the_next_item(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "天心区委社会工作部实施“三个一”工程：建设一批“暖蜂驿站”、组建一支“骑士志愿服务队”、"
        "开设一个“骑士课堂”。",
    )
    body = "天心区委社会工作部"
    assert _triples(record, "established") == {(body, "骑士志愿服务队")}
    assert (body, "骑士课堂") in _triples(record, "implements")
    assert not {h for h, _ in _triples(record, "implements")} - {body}
    record = _extract(extractor, "金兴村已经引进1家农民种植专业合作社。")
    assert not _names(record, "ORG")
