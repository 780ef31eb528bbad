"""Rules written to carry over to unseen articles, found on invented pieces of genres the
scored articles lack: the rectification of weak Party organizations, a provincial statistics
bulletin, migrant members' branches, retired cadres, a lawyers' sector committee, a theme
education campaign, a contest of village secretaries and the organs' model campaign. Names
of bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract as _extract
from extracted import names as _names
from extracted import triples as _triples

from kg.pipeline import Extractor


def test_a_clause_opening_on_隶属于_goes_on_about_the_sentences_subject(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "成都市律师行业党委成立于2016年，隶属于成都市司法局党委，目前管理律师事务所党组织328个。"
        "合肥市包河区融媒体中心成立于2019年，隶属于包河区委宣传部。",
    )
    child_of = _triples(record, "sub_organization_of")
    assert ("成都市律师行业党委", "成都市司法局党委") in child_of
    assert ("合肥市包河区融媒体中心", "包河区委宣传部") in child_of


def test_people_counted_as_making_up_a_body_are_the_bodys(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "静安区南京西路街道由12名离退休老党员组成的“银发先锋”志愿服务队活跃在社区。"
        "市市场监管局党组组建由38名党员组成的食品安全突击队。",
    )
    counts = {(q.subject, q.measure, q.value) for q in record.quantities}
    assert counts == {
        ("银发先锋志愿服务队", "party_members", 12),
        ("食品安全突击队", "party_members", 38),
    }


def test_party_members_of_a_trade_are_party_members(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "成都市律师行业党委目前有党员律师3100余名。甲街道党工委组织党员志愿者200余名开展服务。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_members", 3100),
        ("party_members", 200),
    }


def test_a_change_over_last_year_is_no_count(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "河北省共有党员425.6万名，比上年净增3.2万名，较去年同期多发展党员2000名。",
    )
    assert {q.value for q in record.quantities} == {4256000}


def test_distributive_ranked_and_ordinal_words_before_a_village_name_no_place(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "黄冈市委组织部采取“四看四查”方法，逐村逐社区过筛子。"
        "于都县第三届村党组织书记“擂台比武”举行，评选出“十佳村党组织书记”30名。"
        "市直机关工委组织190余个机关党组织与基层村社区党组织结对共建。",
    )
    assert _names(record, "PLACE") == {"黄冈市", "于都县"}


def test_任_before_a_post_serves_no_name(extractor: Extractor) -> None:
    record = _extract(extractor, "县委成立县委乡村振兴工作领导小组，县委书记任组长。")
    assert not _names(record, "PERSON")


def test_a_leading_group_is_a_body_set_up(extractor: Extractor) -> None:
    record = _extract(extractor, "包河区委成立包河区委主题教育领导小组。")
    group = "包河区委主题教育领导小组"
    assert group in _names(record, "ORG")
    assert not _names(record, "PROGRAM")
    assert ("包河区委", group) in _triples(record, "established")
    assert (group, "包河区委") in _triples(record, "sub_organization_of")


def test_a_clause_opening_on_由_and_a_leader_leads_the_sentences_subject(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "龙岗区社会组织综合党委成立于2018年，由区民政局党组领导，负责全区社会组织党建工作的统筹"
        "协调，目前直接管理社会组织党支部56个、党员620名。",
    )
    committee = "龙岗区社会组织综合党委"
    assert ("区民政局党组", committee) in _triples(record, "manages")
    # the area a body works for (负责全区…) is not what it counts
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        (committee, "branches", 56),
        (committee, "party_members", 620),
    }


def test_a_post_before_a_second_post_in_a_body_left_unnamed_is_held(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "布吉街道社会组织联合党支部书记、街道社工站站长林晓红说：“我们把支部建在项目上。”",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("林晓红", "布吉街道社会组织联合党支部", "书记")}


def test_the_body_a_group_owns_is_the_subject_of_its_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "云南能投集团所属云南能投电力公司党委开展“党员先锋工程”，组建党员突击队23支。",
    )
    assert {q.subject for q in record.quantities} == {"云南能投电力公司党委"}


def test_a_pilot_village_and_a_kind_of_park_are_no_places(extractor: Extractor) -> None:
    record = _extract(
        extractor, "苏州工业园区人才党建：把党组织建在人才链上\n\n青云村是试点村之一。"
    )
    assert _names(record, "PLACE") == {"苏州工业园区", "青云村"}


def test_a_quoted_manner_of_service_is_no_program(extractor: Extractor) -> None:
    record = _extract(extractor, "联盟为高层次人才提供政策咨询、子女入学等“一站式”服务。")
    assert not _names(record, "PROGRAM")


def test_a_level_before_a_quoted_program_is_no_part_of_its_name(extractor: Extractor) -> None:
    record = _extract(
        extractor, "奉化区纪委监委在全区352个行政村推行村级“小微权力清单”制度。"
    )
    assert ("奉化区纪委监委", "小微权力清单制度") in _triples(record, "implements")


def test_a_platform_named_in_quotes_is_a_program(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "区纪委监委还开发了“阳光村务”监督平台，群众通过手机就能查看村级财务收支情况。"
        "以白云新城等“一园两城三都四区”重大平台为牵引。",
    )
    assert _names(record, "PROGRAM") == {"阳光村务"}
    assert ("区纪委监委", "阳光村务") in _triples(record, "implements")


def test_a_state_changed_from_is_no_program(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "市律师行业党委实施“红色律所”培育计划，推动党组织在律所“有形覆盖”向“有效覆盖”转变。",
    )
    assert _names(record, "PROGRAM") == {"红色律所培育计划"}


def test_保护利用_stays_inside_a_programs_name(extractor: Extractor) -> None:
    record = _extract(extractor, "韶山市将实施红色资源保护利用三年行动。")
    assert ("韶山市", "红色资源保护利用三年行动") in _triples(record, "implements")


def test_街道工委_refers_to_the_streets_working_committee(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在望京街道，街道工委建立“望京吹哨联席会”，由街道工委书记担任召集人。"
        "望京街道工委书记刘海燕介绍，联席会成立以来，解决问题46件。",
    )
    assert ("望京街道工委", "望京吹哨联席会") in _triples(record, "established")


def test_a_street_opening_the_sentence_acts_for_its_unnamed_committee(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "在鹿城区五马街道，街道党工委组建了由辖区38家非公企业党组织组成的“五马商会党建联盟”。",
    )
    assert ("五马街道", "五马商会党建联盟") in _triples(record, "established")


def test_该支部_opening_a_clause_refers_to_the_branch(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "飞行器设计教工党支部书记、教授王建平带领团队攻克多项关键技术，该支部入选第三批"
        "“全国党建工作样板支部”。",
    )
    assert _triples(record, "awarded") == {("飞行器设计教工党支部", "全国党建工作样板支部")}


def test_a_kind_of_body_opening_a_clause_refers_to_the_one_named(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "西北工业大学航空学院党委书记马卫东说，学院还与中国航空工业集团第一飞机设计研究院党委"
        "签订共建协议。甲市乙有限公司党委书记张三介绍，公司先后获评“全国文明单位”。",
    )
    assert ("西北工业大学航空学院", "中国航空工业集团第一飞机设计研究院党委") in _triples(
        record, "paired_with"
    )
    assert ("甲市乙有限公司", "全国文明单位") in _triples(record, "awarded")


def test_a_place_before_a_quoted_program_carries_it_out(extractor: Extractor) -> None:
    record = _extract(extractor, "北京市朝阳区“街乡吹哨、部门报到”改革见实效")
    assert _names(record, "PLACE") == {"北京市", "朝阳区"}
    assert ("朝阳区", "街乡吹哨、部门报到改革") in _triples(record, "implements")


def test_a_county_short_form_after_a_city_it_is_not_in_is_no_place(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "临沂市物流行业党委成立于2020年，依托临沂商城物流园建立流动党员服务站。"
        "在全市物流园区建成“司机之家”36个。广州白云江高镇党委开展活动。",
    )
    assert _names(record, "PLACE") == {"临沂市", "广州", "白云", "江高镇"}


def test_an_average_per_head_or_village_is_no_count_however_far_before(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "神山村党支部依托红色资源发展乡村旅游。村集体经济收入达到56万元，"
        "村民人均可支配收入达到2.6万元，村均分红达到3000元。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {("money_cny", 560000)}


def test_this_bank_refers_to_the_bank_named_before(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江苏江南农村商业银行党委坚持党建引领。该行党委与常州市武进区委组织部联合开展"
        "“红色金融进万家”活动，选派金融助理156名。",
    )
    bank = "江苏江南农村商业银行党委"
    assert (bank, "红色金融进万家活动") in _triples(record, "implements")
    assert {q.subject for q in record.quantities} == {bank}


def test_a_region_opening_an_institutions_name_is_no_place(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江苏江南农村商业银行党委坚持党建引领。江南农商行湖塘支行党支部组建服务队。"
        "西北工业大学航空学院党委开展活动。",
    )
    assert _names(record, "PLACE") == {"江苏"}


def test_a_place_left_whole_once_keeps_its_first_character_elsewhere(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "米市巷街道打铁关社区党委创新模式。改造后的打铁关社区新增停车位260个，先后召开了8次协商会。",
    )
    assert _names(record, "PLACE") == {"米市巷街道", "打铁关社区"}
    assert _names(record, "ORG") == {"米市巷街道打铁关社区党委"}


def test_kinds_of_body_and_list_are_no_names(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "卡凤村党总支与边防派出所党支部开展联建共建，在边境村建设党群服务中心。"
        "网商服务中心党支部对违规主播实行“黑名单”管理。",
    )
    assert _names(record, "ORG") == {"卡凤村党总支", "网商服务中心党支部"}
    assert _names(record, "PLACE") == {"卡凤村"}
    assert not _names(record, "PROGRAM")


def test_what_a_body_already_covers_is_its_count(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "义乌市委两新工委牵头成立义乌市直播电商行业党委，目前已覆盖直播电商企业党组织63个、"
        "党员主播320名。",
    )
    committee = "义乌市直播电商行业党委"
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        (committee, "party_organizations", 63),
        (committee, "party_members", 320),
    }


def test_a_youth_league_committee_is_not_the_party_committee_it_names(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "在渝北区委的领导下，共青团重庆市渝北区委深入实施“青春建功”行动。团区委书记刘思雨介绍，"
        "共青团渝北区委与西南政法大学团委签订共建协议。",
    )
    league = "共青团重庆市渝北区委"
    entity = next(e for e in record.entities if e.text == league)
    assert {"共青团渝北区委", "团区委"} <= set(entity.aliases)
    assert "渝北区委" in _names(record, "ORG")
    assert ("渝北区委", league) in _triples(record, "manages")
    assert ("刘思雨", league) in _triples(record, "holds_post")
    assert (league, "西南政法大学团委") in _triples(record, "paired_with")
    assert ("渝北区", "重庆市") in _triples(record, "located_in")


def test_a_profiles_subtitle_word_is_no_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "“党建+医疗”守护群众健康——记湖北省十堰市太和医院党委\n\n"
        "十堰市太和医院党委现有党支部48个。",
    )
    assert not any(n.startswith("记") for n in _names(record, "ORG"))
    assert "湖北省十堰市太和医院党委" in _names(record, "ORG")


def test_a_road_named_after_a_place_is_one_name(extractor: Extractor) -> None:
    record = _extract(extractor, "商圈党委在中山路步行街设立“红色商铺”32家。")
    assert _names(record, "PLACE") == {"中山路步行街"}


def test_a_council_named_in_quotes_is_a_body_set_up(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "思明区委组织部牵头成立中山路商圈党委，由中山路街道党工委书记兼任商圈党委书记，"
        "吸纳商圈内23家规上企业党组织为成员单位。商圈党委建立“商户议事会”。"
        "社区推行“周三议事会”制度。",
    )
    committee = "中山路商圈党委"
    assert (committee, "商户议事会") in _triples(record, "established")
    assert "周三议事会制度" in _names(record, "PROGRAM")
    assert {q.subject for q in record.quantities} == {committee}


def test_a_villages_name_holding_市_right_after_its_town_is_a_place(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "在灌溪镇岗市村，村党总支书记刘国富组织村民收听宣讲。")
    assert ("岗市村", "灌溪镇") in _triples(record, "located_in")


def test_a_team_resumed_by_its_kind_is_the_one_named_last(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "湖南省常德市鼎城区宣讲团深入基层宣讲\n\n近日，鼎城区委宣讲团走进灌溪镇。\n\n"
        "宣讲团由区委常委、宣传部部长杨丽华任团长，成员包括区委党校教师、理论骨干等28人。"
        "截至目前，宣讲团已开展宣讲120余场。鼎城区还组建了“百姓名嘴”宣讲队。",
    )
    assert {q.subject for q in record.quantities} == {"鼎城区委宣讲团"}
    assert ("鼎城区", "百姓名嘴宣讲队") in _triples(record, "established")


def test_a_village_named_by_one_character_is_a_place(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "从“空壳村”到“明星村”——浙江省湖州市安吉县余村的蝶变之路\n\n"
        "余村位于安吉县天荒坪镇，全村有280户1050人。余村党支部书记汪建国说，全村变了样。"
        "全村党支部、该村党支部都在努力。",
    )
    assert "余村" in _names(record, "PLACE")
    assert not {"空壳村", "明星村", "全村", "该村"} & _names(record, "PLACE")
    assert ("余村党支部", "余村") in _triples(record, "located_in")
    assert {q.subject for q in record.quantities} == {"余村"}


def test_a_year_written_年度_opens_no_bodys_name(extractor: Extractor) -> None:
    record = _extract(
        extractor, "会议通报了2023年度乡镇党委书记抓基层党建工作述职评议考核结果。"
    )
    assert not _names(record, "ORG")


def test_an_interviews_subtitle_word_is_no_part_of_the_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "让党旗在新兴领域高高飘扬——访上海市静安区委组织部部长周海峰\n\n记者：有哪些做法？",
    )
    assert _names(record, "ORG") == {"上海市静安区委", "上海市静安区委组织部"}
    assert ("周海峰", "上海市静安区委组织部") in _triples(record, "holds_post")


def test_the_organs_of_every_county_city_and_district_are_no_name(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "各县市区委组织部，市直各单位党组（党委）：\n\n现将有关事项通知如下。"
    )
    assert not _names(record, "ORG")


def test_a_short_name_the_text_declares_is_an_alias(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "深圳市腾讯计算机系统有限公司（以下简称“腾讯公司”）党委成立于2006年。"
        "腾讯公司党委现有党员1.2万名。",
    )
    company = next(e for e in record.entities if e.text == "深圳市腾讯计算机系统有限公司")
    assert "腾讯公司" in company.aliases
    assert "腾讯公司" not in _names(record, "ORG")
    assert ("腾讯公司党委", "深圳市腾讯计算机系统有限公司") in _triples(
        record, "sub_organization_of"
    )


def test_the_body_that_leads_acts_with_the_ones_it_joins(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "乙街道党工委牵头，联合丙社区党委、丁公司党支部开展“邻里守望”活动。",
    )
    assert {a for a, _ in _triples(record, "implements")} == {
        "乙街道党工委",
        "丙社区党委",
        "丁公司党支部",
    }


def test_a_program_carried_out_by_a_body_or_in_a_place_is_theirs(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "“强村富民”计划由宜都市委组织部负责实施。“红色物业”模式已在西湖区全面推开。",
    )
    assert _triples(record, "implements") == {
        ("宜都市委组织部", "强村富民计划"),
        ("西湖区", "红色物业模式"),
    }


def test_a_method_of_deliberation_distilled_is_a_program(extractor: Extractor) -> None:
    record = _extract(extractor, "宜都市委组织部总结提炼出“五步议事法”。")
    assert _triples(record, "implements") == {("宜都市委组织部", "五步议事法")}


def test_a_pair_bound_as_helper_and_helped_is_paired(extractor: Extractor) -> None:
    record = _extract(
        extractor, "红花套镇渔洋溪村党支部与宜都市财政局机关党支部结成帮扶对子。"
    )
    assert _triples(record, "paired_with") == {
        ("红花套镇渔洋溪村党支部", "宜都市财政局机关党支部")
    }


def test_a_post_taken_up_in_a_year_after_a_short_biography_is_held(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "今年45岁的李华，2018年起担任渔洋溪村党支部书记。")
    assert ("李华", "渔洋溪村党支部") in _triples(record, "holds_post")


def test_a_numbered_section_of_the_organization_department_is_a_body(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "据宜都市委组织部组织一科科长陈刚介绍，全市已完成换届。")
    section = "宜都市委组织部组织一科"
    assert section in _names(record, "ORG")
    assert ("陈刚", section) in _triples(record, "holds_post")


def test_新任_before_a_village_post_names_no_village(extractor: Extractor) -> None:
    record = _extract(
        extractor, "南充市建立“导师帮带”机制，每名新任村党组织书记由1名乡镇领导班子成员结对帮带。"
    )
    assert _names(record, "PLACE") == {"南充市"}


def test_an_alliance_a_body_launched_acts_by_its_kind(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "由上海市松江区委组织部发起的G60科创走廊党建联盟，已吸纳126家企业党组织加入。"
        "联盟推出“G60党建云”平台。",
    )
    alliance = "G60科创走廊党建联盟"
    assert ("上海市松江区委组织部", alliance) in _triples(record, "established")
    assert (alliance, "G60党建云") in _triples(record, "implements")


def test_a_person_launching_a_fund_is_no_bodys_act(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "靖州县委组织部开展活动。\n\n同年，谭松明用自筹的20万元资金，发起创立“谭氏助学基金”。",
    )
    assert not _triples(record, "established")


def test_a_program_quoted_again_is_the_program_not_a_body(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "南湖区委组织部推行“时间银行”志愿服务模式。全区已设立“时间银行”服务站65个。",
    )
    assert not _names(record, "ORG") - {"南湖区委", "南湖区委组织部"}
    # its own entity, or the alias of the quoted mode it names
    assert any(
        e.type == "PROGRAM" and "时间银行" in (e.text, *e.aliases) for e in record.entities
    ), record.entities
    assert not _triples(record, "established")


def test_a_dotted_name_ends_where_a_common_word_starts(extractor: Extractor) -> None:
    record = _extract(
        extractor, "工作队队长、第一书记买买提江·艾则孜带领队员走村入户，累计走访群众1200余户次。"
    )
    assert _names(record, "PERSON") == {"买买提江·艾则孜"}


def test_the_peoples_congress_and_the_cppcc_of_a_level_are_bodies(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "宜都市人大常委会开展调研。宜都市委书记李明，市人大常委会主任孙立，市政协主席周强参加活动。"
        "他是一名人大常委会委员。",
    )
    assert _names(record, "ORG") == {"宜都市人大常委会", "宜都市委", "市政协"}
    posts = _triples(record, "holds_post")
    assert {("孙立", "宜都市人大常委会"), ("周强", "市政协")} <= posts


def test_a_quoted_plan_drawn_up_is_a_program(extractor: Extractor) -> None:
    record = _extract(extractor, "宜都市委认真编制“十四五”基层党建规划。")
    assert _triples(record, "implements") == {("宜都市委", "十四五基层党建规划")}


def test_a_list_paired_with_one_partner_pairs_each_with_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "宜都市财政局、宜都市税务局、宜都市人民医院三家单位党组织与红花套镇渔洋溪村党支部结对共建。",
    )
    village = "红花套镇渔洋溪村党支部"
    assert "宜都市人民医院" in _names(record, "ORG")
    assert not any("三家" in name for name in _names(record, "ORG"))
    assert _triples(record, "paired_with") == {
        (body, village) for body in ("宜都市财政局", "宜都市税务局", "宜都市人民医院")
    }
    alone = _extract(extractor, "宜都市财政局、宜都市税务局和宜都市人民医院结对共建。")
    assert len(_triples(alone, "paired_with")) == 3  # a list alone: every two of it


def test_links_stated_by_a_copula_or_a_preposition(extractor: Extractor) -> None:
    branch, committee = "兴发物流党支部", "宜都市物流行业党委"
    for sentence, relation, pair in (
        (f"{branch}是{committee}的下属支部。", "sub_organization_of", (branch, committee)),
        (f"{branch}的上级党组织是{committee}。", "sub_organization_of", (branch, committee)),
        (f"{branch}归口{committee}管理。", "manages", (committee, branch)),
        (f"{committee}对{branch}实行统一管理。", "manages", (committee, branch)),
    ):
        record = _extract(extractor, sentence)
        assert _names(record, "ORG") >= {branch, committee}, sentence
        assert pair in _triples(record, relation), sentence


def test_表彰为_awards_an_honor(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "在全省“两优一先”表彰大会上，渔洋溪村党支部被表彰为“全省先进基层党组织”，"
        "李华被表彰为“全省优秀共产党员”。",
    )
    assert _triples(record, "awarded") == {
        ("渔洋溪村党支部", "全省先进基层党组织"),
        ("李华", "全省优秀共产党员"),
    }


def test_a_whole_body_as_a_scope_is_no_name(extractor: Extractor) -> None:
    record = _extract(
        extractor, "中国石化湖北石化公司党委在全公司43套生产装置上建立党支部或党小组。"
    )
    assert _names(record, "ORG") == {"中国石化湖北石化公司", "中国石化湖北石化公司党委"}


def test_kinds_of_activity_are_no_programs(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "遵义市第一中学党委组织学生开展研学活动2次。党员开展志愿活动，村里开展文体活动。",
    )
    assert not _names(record, "PROGRAM")


def test_a_rank_and_above_names_no_body(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "省卫生健康委党组全面执行党委领导下的院长负责制，全省二级以上公立医院全部完成"
        "党委领导下的院长负责制章程修订。医院党委开展义诊活动200余场。",
    )
    assert _names(record, "ORG") == {"省卫生健康委党组"}
    assert _names(record, "PROGRAM") == {"党委领导下的院长负责制"}


def test_a_datelines_bracketed_byline_is_no_part_of_a_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "人民网宜昌3月5日电（王五）宜都市委组织部近日召开会议。"
        "立讯精密工业（昆山）有限公司党委开展活动。",
    )
    assert _names(record, "ORG") == {
        "人民网",
        "宜都市委",
        "宜都市委组织部",
        "立讯精密工业（昆山）有限公司",
        "立讯精密工业（昆山）有限公司党委",
    }


def test_full_width_figures_count_as_written(extractor: Extractor) -> None:
    record = _extract(extractor, "宜都市共有党员３．２万名、基层党组织１５００余个。")
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_members", 32000),
        ("party_organizations", 1500),
    }


def test_bodies_joined_right_after_the_actor_act_with_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "宜都市委组织部联合宜都市民政局，指导各乡镇在村级推行“小微权力清单”制度。"
        "遵义会议纪念馆党支部与遵义市第一中学党委签订共建协议，共同打造“行走的思政课堂”。",
    )
    assert _triples(record, "implements") == {
        ("宜都市委组织部", "小微权力清单制度"),
        ("宜都市民政局", "小微权力清单制度"),
        ("遵义会议纪念馆党支部", "行走的思政课堂"),
        ("遵义市第一中学党委", "行走的思政课堂"),
    }
    alone = _extract(
        extractor, "遵义会议纪念馆党支部与遵义市第一中学党委签订共建协议，打造“行走的思政课堂”。"
    )
    assert _triples(alone, "implements") == {("遵义会议纪念馆党支部", "行走的思政课堂")}
