"""Rules written to carry over to unseen articles, found on invented pieces of genres the
scored articles lack (a university, business-district buildings, a law firm, a village's
first secretary). Names of bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract as _extract
from extracted import names as _names
from extracted import triples as _triples

from kg.pipeline import Extractor


def test_a_piece_headed_by_an_organization_is_its(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "青禾农业大学：把党支部建在科研团队上\n\n支部推行“党建+科研”融合工作法，带领团队"
        "选育小麦新品种7个。\n\n学校还与陕西省杨凌示范区管委会开展合作。",
    )
    assert ("青禾农业大学", "党建+科研融合工作法") in _triples(record, "implements")
    assert {q.subject for q in record.quantities} == {"青禾农业大学"}


def test_a_place_organ_heading_a_piece_leaves_the_place_the_actor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "白云区委组织部：晒出成绩单\n\n白云区今年推进基层治理。白云区持续深化改革。"
        "全年推行“红棉先锋”工作法。",
    )
    assert ("白云区", "红棉先锋工作法") in _triples(record, "implements")


def test_a_verb_before_村里_names_no_village(extractor: Extractor) -> None:
    record = _extract(extractor, "学校派出驻村第一书记赵文博，帮助村里发展猕猴桃产业。")
    assert not any(p.endswith("村") for p in _names(record, "PLACE"))


def test_a_compass_region_opening_a_university_is_no_place(extractor: Extractor) -> None:
    record = _extract(extractor, "西北农林科技大学党委、西北民族大学党委召开联席会议。")
    assert "西北" not in _names(record, "PLACE")
    assert {"西北农林科技大学", "西北民族大学"} <= _names(record, "ORG")


def test_该所_party_branch_is_the_firm_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "华诚律师事务所党支部书记陈佳怡说。该所党支部与锦江区人民法院机关党委结对共建。",
    )
    assert "所党支部" not in _names(record, "ORG")
    assert _triples(record, "paired_with") == {("华诚律师事务所党支部", "锦江区人民法院机关党委")}


def test_a_school_named_after_该校_starts_after_it(extractor: Extractor) -> None:
    for mode in (extractor, Extractor(fast=True)):
        record = _extract(mode, "青禾大学召开会议。该校植物保护学院党委书记刘振华介绍了经验。")
        assert "植物保护学院党委" in _names(record, "ORG")
        assert ("刘振华", "植物保护学院党委") in _triples(record, "holds_post")


def test_a_demonstration_zone_is_a_place_and_a_policy_zone_is_none(extractor: Extractor) -> None:
    record = _extract(
        extractor, "学校与陕西省杨凌示范区管委会开展共建。各村着力建设乡村振兴示范区。"
    )
    places = _names(record, "PLACE")
    assert "杨凌示范区" in places
    assert not any(p.endswith("振兴示范区") for p in places)
    assert ("杨凌示范区", "陕西省") in _triples(record, "located_in")


def test_a_building_named_after_a_square_is_one_place(extractor: Extractor) -> None:
    record = _extract(extractor, "在锦华广场大厦18楼的楼宇党群服务站里，白领们参加微党课。")
    assert _names(record, "PLACE") == {"锦华广场大厦"}
    assert not _triples(record, "located_in")


def test_the_village_a_town_governs_is_in_it(extractor: Extractor) -> None:
    record = _extract(extractor, "学校与杨陵区五泉镇下辖的王上村党支部结对，派出第一书记。")
    located = _triples(record, "located_in")
    assert ("王上村", "五泉镇") in located
    assert ("王上村党支部", "王上村") in located


_JOINT_COMMITTEE = (
    "成都市锦江区春熙路街道推进楼宇党建。2023年，街道牵头成立春熙路商圈楼宇联合党委，"
    "由街道党工委副书记王立群兼任联合党委书记，下设锦华大厦党支部、银河中心党支部等9个党支部。"
)


def test_a_bare_street_opening_a_clause_is_the_street_named(extractor: Extractor) -> None:
    record = _extract(extractor, _JOINT_COMMITTEE)
    assert _triples(record, "established") == {("春熙路街道", "春熙路商圈楼宇联合党委")}


def test_a_clause_opening_with_下设_goes_on_about_the_committee(extractor: Extractor) -> None:
    record = _extract(extractor, _JOINT_COMMITTEE)
    committee = "春熙路商圈楼宇联合党委"
    assert {("锦华大厦党支部", committee), ("银河中心党支部", committee)} <= _triples(
        record, "sub_organization_of"
    )
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        (committee, "branches", 9)
    }


def test_a_committee_that_only_leads_is_not_the_one_下设_goes_on_about(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "青溪联合党委由青溪街道党工委直接领导，下设锦华大厦党支部、银河中心党支部2个楼宇党支部。",
    )
    assert {("锦华大厦党支部", "青溪联合党委"), ("银河中心党支部", "青溪联合党委")} <= _triples(
        record, "sub_organization_of"
    )
    assert {(q.subject, q.value) for q in record.quantities} == {("青溪联合党委", 2)}


def test_the_whole_district_that_will_act_acts_in_the_clauses_after(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "锦江区委组织部有关负责人介绍，下一步，全区将深化“商圈党建”模式，实施楼宇党建“双百提升行动”。",
    )
    assert {head for head, _ in _triples(record, "implements")} == {"锦江区"}


def test_学校党委_is_the_university_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "青禾大学党委召开会议。2024年，学校党委印发《关于加强科研团队党支部建设的实施意见》。",
    )
    assert ("青禾大学党委", "关于加强科研团队党支部建设的实施意见") in _triples(
        record, "implements"
    )


def test_a_name_after_a_post_stands_where_the_model_runs_the_post_into_it(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "省委组织部选派的驻村第一书记麻辉煌，带领工作队推行积分制管理。")
    assert "麻辉煌" in _names(record, "PERSON")


def test_what_is_named_before_位于_is_in_the_chains_last_place(extractor: Extractor) -> None:
    record = _extract(
        extractor, "十八洞村位于湖南省湘西土家族苗族自治州花垣县双龙镇，全村共有6个村民小组。"
    )
    assert ("十八洞村", "双龙镇") in _triples(record, "located_in")
    record = _extract(extractor, "青溪街道位于锦华大厦三楼的党群服务站面积900平方米。")
    assert not _triples(record, "located_in")


def test_slogans_and_movements_name_no_village_or_compound(extractor: Extractor) -> None:
    record = _extract(
        extractor, "党建引领 产业兴村。人才强村、生态美村。“以前送件进小区经常被拦。”"
    )
    assert not _names(record, "PLACE")
    record = _extract(extractor, "新兴村和复兴村召开会议。")
    assert {"新兴村", "复兴村"} <= _names(record, "PLACE")


def test_an_office_the_model_runs_into_the_body_it_works_with_is_cut_at_联合(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "近日，组织人事局联合机关党委开展专题培训。")
    assert _names(record, "ORG") == {"组织人事局"}
    record = _extract(extractor, "区人社局联合区妇联开展专题培训。")
    assert _names(record, "ORG") == {"区人社局", "区妇联"}


def test_a_city_in_brackets_is_inside_a_registered_name(extractor: Extractor) -> None:
    record = _extract(extractor, "明远精密工业（昆山）有限公司党委书记周立军介绍了做法。")
    assert "明远精密工业（昆山）有限公司党委" in _names(record, "ORG")
    assert ("周立军", "明远精密工业（昆山）有限公司党委") in _triples(record, "holds_post")
    assert _names(record, "ORG") & {"有限公司党委", "昆山）有限公司党委"} == set()


def test_a_committee_of_social_organizations_is_named_whole_and_referred_to(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "西湖区社会组织综合党委成立于2019年，目前下辖党支部46个。综合党委书记林晓雯表示。",
    )
    assert "西湖区社会组织综合党委" in _names(record, "ORG")
    assert ("林晓雯", "西湖区社会组织综合党委") in _triples(record, "holds_post")
    assert {q.subject for q in record.quantities} == {"西湖区社会组织综合党委"}


def test_和_joining_the_kinds_of_bodies_is_inside_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "长安镇非公经济和社会组织综合党委书记郑国梁介绍了经验。")
    assert ("郑国梁", "长安镇非公经济和社会组织综合党委") in _triples(record, "holds_post")


def test_集团党委_is_the_group_company_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "近年来，中铁恒远集团有限公司党委推行“党建+项目”工作模式。"
        "集团党委书记、董事长刘建平介绍，集团党委与简阳市委组织部签订党建共建协议。",
    )
    assert "集团党委" not in _names(record, "ORG")
    assert ("刘建平", "中铁恒远集团有限公司党委") in _triples(record, "holds_post")
    assert ("中铁恒远集团有限公司党委", "简阳市委组织部") in _triples(record, "paired_with")


def test_bodies_that_urge_others_to_pair_are_not_paired(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "近日，昆山市委组织部、市委两新工委召开推进会，推动链上企业党组织结对共建。",
    )
    assert not _triples(record, "paired_with")


def test_a_provincial_department_and_its_committee_for_the_offices(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "今年以来，湖北省自然资源厅机关党委实施“模范机关”创建行动。"
        "厅机关党委书记陈志远表示，厅机关党委与利川市绿水镇党委结对共建。",
    )
    committee = "湖北省自然资源厅机关党委"
    assert (committee, "湖北省自然资源厅") in _triples(record, "sub_organization_of")
    assert ("陈志远", committee) in _triples(record, "holds_post")
    assert (committee, "利川市绿水镇党委") in _triples(record, "paired_with")
    assert "厅机关党委" not in _names(record, "ORG")
    record = _extract(extractor, "在区政务服务大厅，市民排队办事。")
    assert not _names(record, "ORG")


def test_a_prefectures_organ_is_also_written_from_its_level(extractor: Extractor) -> None:
    record = _extract(
        extractor, "中共黔东南州委组织部印发通知。州委组织部将把活动纳入年度考核。"
    )
    assert "州委组织部" not in _names(record, "ORG")
    organ = next(e for e in record.entities if e.text == "中共黔东南州委组织部")
    assert "州委组织部" in organ.aliases


def test_党组织与社区_names_no_community(extractor: Extractor) -> None:
    record = _extract(extractor, "推动物业服务企业党组织与社区党组织双向融合。")
    assert not _names(record, "PLACE")


def test_a_communitys_committee_named_later_is_the_one_referred_to_first(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "在望湖社区，社区党委牵头成立议事平台。社区党委书记韩静说，问题能及时解决。"
        "望湖社区党委还与安居物业公司党支部签订共建协议。",
    )
    assert ("韩静", "望湖社区党委") in _triples(record, "holds_post")


def test_the_body_that_also_works_with_another_pairs_with_it_and_acts(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "近年来，南京鼓楼医院党委把党支部建在科室上。医院党委还与江宁区谷里街道党工委"
        "签订共建协议，定期组织专家开展“健康进社区”义诊活动。",
    )
    assert _triples(record, "paired_with") == {("南京鼓楼医院党委", "江宁区谷里街道党工委")}
    assert _triples(record, "implements") == {("南京鼓楼医院党委", "健康进社区义诊活动")}


def test_a_pronoun_and_和_name_no_village(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "初到小岗村，吴晓东走访了全村农户。他和村党委书记李锦柱一起推动成立合作社。"
        "小岗村党委被评为先进基层党组织。",
    )
    assert _names(record, "PLACE") == {"小岗村"}
    assert ("李锦柱", "小岗村党委") in _triples(record, "holds_post")


def test_a_piece_headed_by_a_streets_place_chain_is_the_streets(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "成都市武侯区玉林街道“大工委”聚合力\n\n玉林街道地处成都市中心城区，辖区内有成都市"
        "第十二中学、成都市第七中学等驻区单位。\n\n“大工委”实行“季度联席会议”制度。"
        "街道党工委书记刘畅介绍，今年以来，共建单位认领项目36个。",
    )
    assert {q.subject for q in record.quantities} == {"玉林街道"}


def test_a_branch_of_small_firms_and_its_references(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "温州市鹿城区市场监管局党组探索建立党建指导站。五马街道小个专党支部成立于2021年，"
        "现有党员31名。党支部书记黄晓燕介绍，党支部开展“诚信示范店”评选活动。"
        "下一步，局党组将推动“红色市场”建设。",
    )
    branch = "五马街道小个专党支部"
    assert ("黄晓燕", branch) in _triples(record, "holds_post")
    assert (branch, "诚信示范店评选活动") in _triples(record, "implements")
    assert ("温州市鹿城区市场监管局党组", "红色市场") in _triples(record, "implements")
    assert {"专党支部", "局党组", "党支部"}.isdisjoint(_names(record, "ORG"))


def test_a_post_given_by_由_to_no_one_named_goes_to_no_earlier_person(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "城建公司党委书记陈立新介绍了情况。城建公司成立华兴项目公司党支部。"
        "华兴项目公司党支部书记由项目公司主要负责同志担任。",
    )
    assert _triples(record, "holds_post") == {("陈立新", "城建公司党委")}


def test_a_quoted_program_written_again_without_quotes_is_mentioned_again(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "三益村党总支推行“积分制”管理，村民凭积分兑换生活用品。"
        "泉交河镇党委在总结三益村经验的基础上，在全镇推广积分制管理。",
    )
    assert ("泉交河镇党委", "积分制") in _triples(record, "implements")
    program = next(e for e in record.entities if e.text == "积分制")
    assert len(program.mentions) == 2


def test_a_station_named_by_a_ministry_is_honored_and_its_branch_referred_to(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "诸暨市公安局枫桥派出所党支部探索形成“四前”工作法。2023年，枫桥派出所被公安部命名为"
        "“枫桥式公安派出所”，所党支部被评为“浙江省公安机关先进基层党组织”。",
    )
    awarded = _triples(record, "awarded")
    assert ("诸暨市公安局枫桥派出所", "枫桥式公安派出所") in awarded
    assert ("诸暨市公安局枫桥派出所党支部", "浙江省公安机关先进基层党组织") in awarded
    assert {"枫桥式公安派出所", "所党支部"}.isdisjoint(_names(record, "ORG"))
    record = _extract(extractor, "街道将该项目命名为“红色港湾”工程，全面推进。")
    assert not _triples(record, "awarded")


def test_县长_across_a_countys_end_is_no_post_and_经开区_is_a_place(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "兴国县长冈乡党委书记肖红梅被评为“全省优秀党务工作者”。赣州经开区蟠龙镇车头社区党委获评。",
    )
    assert ("肖红梅", "兴国县长冈乡党委") in _triples(record, "holds_post")
    assert {"长冈乡", "赣州经开区", "蟠龙镇"} <= _names(record, "PLACE")
    assert ("蟠龙镇", "赣州经开区") in _triples(record, "located_in")


def test_a_verb_after_a_post_opens_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "学校还成立了“青年教师成长营”，由党员骨干教师担任导师。")
    assert not _names(record, "PERSON")


def test_a_members_party_is_no_organization_in_a_short_biography(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "李秀兰，女，1972年出生，中共党员，现任贵州省黔南州荔波县佳荣镇大土小学校长。",
    )
    assert "中共" not in _names(record, "ORG")
    assert ("李秀兰", "贵州省黔南州荔波县佳荣镇大土小学") in _triples(record, "holds_post")


def test_是_and_a_post_after_the_organization_is_holding_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "张建国是北京市朝阳区望京街道快递行业党支部书记。张建国是在望京街道党工委的帮助下建起驿站的。",
    )
    assert _triples(record, "holds_post") == {("张建国", "北京市朝阳区望京街道快递行业党支部")}


def test_a_railway_sections_workshop_branch_is_named_whole(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "刘志强是中国铁路成都局集团有限公司重庆工务段巫山线路车间党支部书记。"
        "在他的带领下，车间党支部创建“党员责任区”15个。",
    )
    branch = "中国铁路成都局集团有限公司重庆工务段巫山线路车间党支部"
    assert ("刘志强", branch) in _triples(record, "holds_post")
    assert (branch, "中国铁路成都局集团有限公司重庆工务段") in _triples(
        record, "sub_organization_of"
    )
    assert (branch, "党员责任区") in _triples(record, "implements")


def test_项目党支部_refers_to_the_project_branch_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor, "中建四局华润华丰造纸厂项目党支部成立。项目党支部书记李明介绍了情况。"
    )
    assert _triples(record, "holds_post") == {("李明", "中建四局华润华丰造纸厂项目党支部")}


def test_a_community_policeman_holds_the_post(extractor: Extractor) -> None:
    record = _extract(extractor, "吴海燕是上海市公安局浦东分局花木派出所社区民警。")
    assert {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"} == {
        ("吴海燕", "上海市公安局浦东分局花木派出所", "社区民警")
    }


def test_a_name_after_a_post_the_model_reads_as_a_function_word_stays(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "石门县委组织部部长向文明在讲话中强调，要持续深化改革。")
    assert ("向文明", "石门县委组织部") in _triples(record, "holds_post")


def test_a_street_named_after_a_street_is_one_place(extractor: Extractor) -> None:
    record = _extract(extractor, "据了解，长沙市天心区坡子街街道辖区面积2.6平方公里。")
    assert _names(record, "PLACE") == {"长沙市", "天心区", "坡子街街道"}


def test_the_bodies_listed_after_an_honor_hold_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "获评“全国先进基层党组织”的有：北京市西城区新街口街道西四北社区党委、"
        "上海市黄浦区外滩街道党工委。",
    )
    assert _triples(record, "awarded") == {
        ("北京市西城区新街口街道西四北社区党委", "全国先进基层党组织"),
        ("上海市黄浦区外滩街道党工委", "全国先进基层党组织"),
    }


def test_guiding_the_streets_to_set_up_a_body_is_not_leading_it(extractor: Extractor) -> None:
    record = _extract(extractor, "金牛区委组织部指导各街道建立“红色物业”联盟。")
    assert not _triples(record, "manages")


def test_a_quoted_kind_of_body_before_a_program_is_inside_its_name(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "区委组织部联合开展“两新”组织党建百日攻坚行动。")
    assert _names(record, "PROGRAM") == {"两新组织党建百日攻坚行动"}


def test_a_kind_of_body_before_a_place_is_no_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(extractor, "报到单位山东省财政厅机关党委帮助社区改造了老旧楼道照明。")
    assert _names(record, "ORG") == {"山东省财政厅", "山东省财政厅机关党委"}


def test_the_whole_city_is_the_prefecture_not_a_county_level_city(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "全市基层党建工作推进会召开\n\n12月3日，全市基层党建工作推进会在衢州召开。柯城区、龙游县、"
        "江山市作了交流发言。会议指出，全市各级党组织深入实施“县乡一体”改革，推行“网格连心”"
        "机制。会议强调，要深化“主题党日”活动。\n\n会前，与会人员观摩了柯城区府山街道、"
        "柯城区委组织部的工作。",
    )
    assert _triples(record, "implements") == {
        ("衢州", "县乡一体改革"),
        ("衢州", "网格连心机制"),
        ("衢州", "主题党日活动"),
    }


def test_a_county_after_a_verb_ending_in_a_proper_name_is_kept(extractor: Extractor) -> None:
    record = _extract(extractor, "南山村与周边7个村联合组建宁海县桑洲镇强村发展有限公司。")
    assert ("桑洲镇", "宁海县") in _triples(record, "located_in")
    assert "建宁" not in _names(record, "PLACE")
    record = _extract(extractor, "华为马鞍山研发中心党支部成立。")
    assert "鞍山" not in _names(record, "PLACE")


def test_a_notice_before_appointment_names_the_posts_held_not_the_ones_proposed(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "张志明，男，1980年5月生，大学学历，中共党员，现任莲塘镇党委副书记、镇长，"
        "拟任莲塘镇党委书记。",
    )
    assert _names(record, "ORG") == {"莲塘镇党委"}
    assert {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"} == {
        ("张志明", "莲塘镇党委", "副书记")
    }


def test_a_colleges_committee_its_fields_and_its_batch_of_honors(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "浙江大学计算机科学与技术学院党委书记王立华介绍，学院党委坚持“一院一品”建设思路。"
        "华中科技大学电气与电子工程学院研究生第一党支部入选第三批“全国党建工作样板支部”。",
    )
    assert "学院党委" not in _names(record, "ORG")
    branch = "华中科技大学电气与电子工程学院研究生第一党支部"
    assert (branch, "华中科技大学电气与电子工程学院") in _triples(record, "sub_organization_of")
    assert (branch, "全国党建工作样板支部") in _triples(record, "awarded")


def test_a_post_at_a_committees_party_school_continues_the_list(extractor: Extractor) -> None:
    record = _extract(extractor, "武汉大学党委组织部副部长、党校副校长张勇主持开班仪式。")
    assert ("张勇", "武汉大学党委组织部") in _triples(record, "holds_post")


def test_a_quoted_special_inspection_is_named_with_its_kind(extractor: Extractor) -> None:
    record = _extract(extractor, "今年以来，岳西县纪委监委开展“清风护农”专项监督，立案查处12人。")
    assert ("岳西县纪委监委", "清风护农专项监督") in _triples(record, "implements")


def test_the_body_before_在_sets_up_the_branches_where_it_says(extractor: Extractor) -> None:
    record = _extract(
        extractor, "天府新区党工委在兴隆湖片区设立了湖畔科创党支部、湖心岛党支部等4个党支部。"
    )
    assert _triples(record, "established") == {
        ("天府新区党工委", "湖畔科创党支部"),
        ("天府新区党工委", "湖心岛党支部"),
    }


def test_a_body_a_verb_governs_is_not_the_subject_of_the_next_clause(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "党支部领办合作社 “空心村”变“产业村”\n\n"
        "2019年，奎文村党支部领办成立西峡县奎文香菇专业合作社，采取“党支部+合作社+农户”模式。"
        "远航物流集团党委把党建要求写进公司章程，推行“党员车队”做法。"
        "青山湖联合党委下设湖东一标段临时党支部和湖东二标段临时党支部2个临时党支部，"
        "实行“一周一碰头”工作机制。",
    )
    implements = _triples(record, "implements")
    assert ("奎文村党支部", "党支部+合作社+农户模式") in implements
    assert ("远航物流集团党委", "党员车队") in implements
    assert ("青山湖联合党委", "一周一碰头工作机制") in implements
    assert not {h for h, _ in implements} & {"西峡县奎文香菇专业合作社", "湖东一标段临时党支部"}
    assert "党支部领办合作社" not in _names(record, "ORG")


def test_公司党委_is_the_committee_named_after_the_one_company(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "近日，记者走进信达生物制药（苏州）有限公司，公司党委副书记张颖正在组织党员开展评比。"
        "信达生物党委成立于2016年。公司党委书记刘勇表示，公司实施“党建+研发”双融合工程。",
    )
    posts = _triples(record, "holds_post")
    assert {("张颖", "信达生物党委"), ("刘勇", "信达生物党委")} <= posts


def test_a_bare_园区_before_a_verb_is_the_park_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "苏州市委组织部近日召开会议，苏州市各区交流经验。苏州工业园区位于苏州市东部。\n\n"
        "会上，园区将深入实施“金鸡湖先锋”工程。",
    )
    assert _triples(record, "implements") == {("苏州工业园区", "金鸡湖先锋工程")}


def test_a_site_a_verb_set_up_does_not_set_up_the_team_in_the_next_clause(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "在彭浦新村街道，街道党工委依托党群服务中心设立“骑手之家”，组建“骑手志愿服务队”。",
    )
    assert "骑手之家" not in {h for h, _ in _triples(record, "established")}


def test_a_quoted_name_before_做法_is_a_practice(extractor: Extractor) -> None:
    record = _extract(extractor, "秦淮区委组织部将“小巷管家”做法在全区推广。")
    assert ("秦淮区委组织部", "小巷管家") in _triples(record, "implements")


def test_a_plans_measures_go_on_in_the_sentences_after_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "四川省委组织部印发《关于加强新就业群体党建工作的若干措施》（以下简称《措施》）。\n\n"
        "《措施》明确，依托平台企业建立行业党委。实施“暖蜂行动”，建设服务站点1000个以上。",
    )
    plan = "关于加强新就业群体党建工作的若干措施"
    assert ("暖蜂行动", plan) in _triples(record, "part_of_program")
    assert "暖蜂行动" not in {t for _, t in _triples(record, "implements")}


def test_what_is_named_before_地处_is_in_the_chains_last_place(extractor: Extractor) -> None:
    record = _extract(extractor, "十八洞村地处湖南省湘西州花垣县双龙镇，是精准扶贫首倡地。")
    assert ("十八洞村", "双龙镇") in _triples(record, "located_in")


def test_a_quoted_field_of_party_building_is_no_program(extractor: Extractor) -> None:
    record = _extract(
        extractor, "近年来，江西大力构建“行业党建”和“区域党建”两张网，推行“红色物业”。"
    )
    assert _names(record, "PROGRAM") == {"红色物业"}


def test_a_quoted_manner_is_no_program(extractor: Extractor) -> None:
    record = _extract(extractor, "白云区全面推行“清单化”，推行“红色物业”，落实社区减负增效。")
    assert _names(record, "PROGRAM") == {"红色物业"}
