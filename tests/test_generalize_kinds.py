"""Rules found on invented pieces of still more genres (cadre appointment notices, branch
elections, inspection tours, delivery riders' branches, Party fees, recruiting members,
service centres, alliances, enterprise workshops): words that qualify a kind without naming
one, a works' joint workshop, and a division's name that begins with a town's kind. Names of
bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract as _extract
from extracted import triples as _triples

from kg.pipeline import Extractor
from kg.records import DocumentRecord


def _names(record: DocumentRecord) -> set[str]:
    return {entity.text for entity in record.entities}


def test_a_kind_qualified_by_how_many_or_its_level_is_no_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "检查发现，少数党支部存在党费收缴不及时等问题，部分村党组织软弱涣散，"
        "个别村党支部书记履职不力，一些社区党组织作用发挥不充分。"
        "区委组织部下拨党费120万元，用于支持村级党群服务中心建设，全县建成县级融媒体中心。"
        "黄龙镇党委书记周志强表示将全力支持配合巡察组工作。",
    )
    found = _names(record)
    assert not {
        name
        for name in found
        if name.startswith(("少数", "部分", "个别", "一些", "村级", "县级", "全力", "配合"))
    }, found
    assert {"黄龙镇党委", "黄龙镇"} <= found
    assert ("周志强", "黄龙镇党委") in _triples(record, "holds_post")


def test_a_program_keeps_reading_its_descriptive_prefix(extractor: Extractor) -> None:
    """The qualifiers stop organization and place names only: a program written after a
    level word is read as before (its quoted core)."""
    record = _extract(
        extractor, "游仙区探索实施村级重大事项议事决策“四议两公开”工作法，规范村级事务。"
    )
    assert ("游仙区", "四议两公开工作法") in _triples(record, "implements")


def test_a_joint_workshops_branch_is_one_body(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "2023年，镇海炼化公司第三联合车间党支部被中央企业党建工作领导小组评为"
        "中央企业先进基层党组织。",
    )
    assert "镇海炼化公司第三联合车间党支部" in _names(record)
    assert ("镇海炼化公司第三联合车间党支部", "镇海炼化公司") in _triples(
        record, "sub_organization_of"
    )
    assert ("镇海炼化公司第三联合车间党支部", "中央企业先进基层党组织") in _triples(
        record, "awarded"
    )


def test_a_division_beginning_with_a_towns_kind_is_no_town(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中国石化镇海炼化公司党委深入实施强基工程。江苏镇江港务集团党委书记李明说。"
        "大港镇江南社区开展活动。",
    )
    found = _names(record)
    assert not {"石化镇", "江苏镇"} & found, found
    assert {"大港镇", "江南社区"} <= found  # a community after the short form: a town
    assert ("江南社区", "大港镇") in _triples(record, "located_in")
    assert ("镇江", "江苏") in _triples(record, "located_in")


def test_an_alliance_opening_a_clause_carries_out_and_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "海曙区南门街道党工委牵头成立“南门党建联盟”，吸纳23家单位党组织为成员单位。"
        "联盟实行轮值主席制度，每季度召开一次联席会议。今年以来，联盟共认领项目46个。",
    )
    assert ("南门党建联盟", "轮值主席制度") in _triples(record, "implements")
    assert ("海曙区", "轮值主席制度") not in _triples(record, "implements")
    counts = {(q.subject, q.value) for q in record.quantities}
    assert ("南门党建联盟", 46) in counts


def test_a_venue_named_again_by_its_kind_has_the_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "近日，坐落于鼓楼区五一中路的东街街道党群服务中心正式投入使用。"
        "中心总面积1200平方米，设有党员活动室、议事协商室等功能区。"
        "中心运行以来，已开展各类活动80余场次，服务群众5000余人次。",
    )
    counts = {(q.subject, q.measure, q.value) for q in record.quantities}
    assert counts == {
        ("东街街道党群服务中心", "area_m2", 1200),
        ("东街街道党群服务中心", "other", 80),
        ("东街街道党群服务中心", "people", 5000),
    }
    assert not any(e.text == "中心" for e in record.entities)  # an alias, no entity


def test_party_members_of_a_longer_group_are_party_members(extractor: Extractor) -> None:
    record = _extract(
        extractor, "临沂市兰山区组织230余名新就业群体党员参与基层治理，发现问题1600余条。"
    )
    assert ("兰山区", "party_members", 230) in {
        (q.subject, q.measure, q.value) for q in record.quantities
    }


def test_a_name_read_as_a_person_after_the_opening_place_stays_in_the_body(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor, "返乡党员谢国强创办了宁都县杨依种养专业合作社，带动周边群众就业200余人。"
    )
    assert "宁都县杨依种养专业合作社" in _names(record)
    assert {e.text for e in record.entities if e.type == "PERSON"} == {"谢国强"}


def test_a_post_closing_a_quoted_name_names_no_person(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "今年，长丰县推行基层党建“书记项目”制度，全县14个乡镇党委书记每人领办1个重点项目。",
    )
    assert not {e.text for e in record.entities if e.type == "PERSON"}


def test_a_village_supervision_committee_is_a_body_where_named(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "唐家观村监委会主任刘小平每月审核村级财务支出。村监委会主任要履职尽责。"
        "县纪委监委组织培训监委会成员1600余人次。",
    )
    assert ("刘小平", "唐家观村监委会") in _triples(record, "holds_post")
    assert not {"村监委会", "村监委", "培训监委会", "培训监委"} & _names(record)


def test_the_body_after_a_purpose_carries_out_what_it_names(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "为推动非公企业党组织“两个覆盖”，苏州工业园区党工委从机关中选派156名党建工作指导员。",
    )
    assert _triples(record, "implements") == {("苏州工业园区党工委", "两个覆盖")}


def test_a_count_closing_a_list_item_is_of_the_kind_before_it(extractor: Extractor) -> None:
    record = _extract(
        extractor, "东四街道完成辖区12个社区党组织换届，新建小区党支部35个、楼栋党小组120个。"
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_organizations", 12),
        ("branches", 35),
        ("party_organizations", 120),
    }


def test_作_before_a_speech_ends_the_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "区委常委、组织部部长、社会工作部部长张红作讲话。县委书记李明作动员讲话。",
    )
    assert {e.text for e in record.entities if e.type == "PERSON"} == {"张红", "李明"}


def test_bodies_of_veterans_new_strata_and_no_one(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "老城街道离退休干部党支部书记吴光明带领支部党员成立“老兵调解室”，调解邻里纠纷90余起。"
        "晋江市委统战部在深沪镇成立新的社会阶层人士联谊会党支部。"
        "由120名高校学生党员组成的党员志愿服务突击队承担场馆引导任务。"
        "一年来，我街道党工委坚持以党建引领基层治理。",
    )
    found = _names(record)
    assert {"老兵调解室", "新的社会阶层人士联谊会党支部"} <= found
    assert not {"党员志愿服务突击队", "志愿服务突击队", "我街道党工委"} & found
    assert ("晋江市委统战部", "新的社会阶层人士联谊会党支部") in _triples(record, "established")


def test_a_later_clause_opening_on_a_body_that_has_counts_for_it(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "晋江市委统战部在深沪镇成立新的社会阶层人士联谊会党支部。"
        "深沪镇党委书记许志坚兼任联谊会党支部第一书记，支部现有党员19名。",
    )
    assert {(q.subject, q.measure, q.value) for q in record.quantities} == {
        ("新的社会阶层人士联谊会党支部", "party_members", 19)
    }


def test_中共_before_a_committee_names_the_same_body(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中共宜宾市委组织部发布公告。宜宾市委办公室副主任陈晓燕参加。宜宾市委书记王明讲话。",
    )
    committee = next(e for e in record.entities if e.text == "中共宜宾市委")
    assert "宜宾市委" in committee.aliases
    assert "宜宾市委" not in _names(record)
    assert ("王明", "中共宜宾市委") in _triples(record, "holds_post")


def test_grades_and_stages_in_chinese_numerals_are_no_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "钟山区举办村党组织书记擂台比武，比赛分为晒成绩、谈思路、答提问三个环节，"
        "考核结果分为好、较好、一般、差四个等次。",
    )
    assert not record.quantities


def test_people_a_speaker_counts_are_the_ones_honored(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "锦星镇党委副书记陈雪梅说，今年已有15名党员因积分排名靠前被评为“优秀共产党员”。"
        "王明说，他被评为“优秀共产党员”。",
    )
    assert _triples(record, "awarded") == {("王明", "优秀共产党员")}


def test_a_quoted_way_of_working_is_no_body(extractor: Extractor) -> None:
    record = _extract(
        extractor, "丰惠镇强村公司以“飞地抱团”方式投资建设标准厂房，年租金收入达860万元。"
    )
    assert "飞地抱团" not in _names(record)
    assert ("丰惠镇强村公司", "money_cny", 8_600_000) in {
        (q.subject, q.measure, q.value) for q in record.quantities
    }


def test_a_bar_each_one_passes_is_no_count(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "上虞区村级集体经济经营性收入全部超过80万元。上虞区各村收入均达到50万元。"
        "上虞区全部12个村完成换届，村集体经济收入达到560万元。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("other", 12),
        ("money_cny", 5_600_000),
    }


def test_a_long_community_name_after_a_mark_is_read_whole(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "百步亭花园社区党委与中建三局党委结对共建。近日，焦柳线绕村而过的地方开展活动。",
    )
    found = _names(record)
    assert "百步亭花园社区" in found
    assert ("百步亭花园社区党委", "百步亭花园社区") in _triples(record, "located_in")
    assert not {name for name in found if name.endswith("绕村")}  # not a one-character kind


def test_kinds_of_party_body_before_their_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "陕西省共有党的基层组织11.3万个，其中基层党委8100个，总支部6700个，支部9.8万个。"
        "市委组织部今年重点抓好三件事。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_organizations", 113_000),
        ("party_organizations", 8100),
        ("party_organizations", 6700),
        ("branches", 98_000),
    }


def test_party_members_counted_in_visits_are_people(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "北京快手科技有限公司党委共组织党员主播120余人次参与助农直播，推文阅读量约24万人次。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("people", 120),
        ("other", 240_000),
    }


def test_a_bay_named_after_a_city_is_not_the_city(extractor: Extractor) -> None:
    record = _extract(extractor, "在吉利汽车宁波杭州湾工厂，党支部设立党员攻关组18个。")
    assert "杭州" not in _names(record)
    assert "杭州市委" in _names(_extract(extractor, "杭州市委组织部召开会议。"))


def test_a_pilot_opens_no_programs_name(extractor: Extractor) -> None:
    record = _extract(extractor, "岑松镇还在温泉村试点“寨管家”制度，由村党支部书记兼任总管。")
    programs = {e.text for e in record.entities if e.type == "PROGRAM"}
    assert programs == {"寨管家制度"}


def test_a_post_in_a_list_line_or_in_brackets_after_the_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "一、全省优秀共产党员（100名）\n"
        "张立新 临沂市兰山区柳青街道党工委书记\n"
        "刘晓梅（女）济南市历下区泉城路街道芙蓉社区党委书记\n"
        "会上，王建军（岳麓区爱心家园志愿者协会党支部书记）作交流发言。\n",
    )
    assert _triples(record, "holds_post") == {
        ("张立新", "临沂市兰山区柳青街道党工委"),
        ("刘晓梅", "济南市历下区泉城路街道芙蓉社区党委"),
        ("王建军", "岳麓区爱心家园志愿者协会党支部"),
    }


def test_party_members_of_a_long_group_but_not_of_a_mixed_one(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "疫情防控期间，金水区1.2万余名机关企事业单位党员下沉社区。金水区有300名群众和党员参加。",
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_members", 12_000),
        ("people", 300),
    }


def test_a_vanguard_team_opening_a_clause_has_the_counts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "苏州工业园区税务局第一税务分局党支部组建“青年党员先锋队”。"
        "今年以来，先锋队累计走访企业1800余家。",
    )
    assert {(q.subject, q.value) for q in record.quantities} == {("青年党员先锋队", 1800)}


def test_a_region_read_as_part_of_another_name_is_no_barrier(extractor: Extractor) -> None:
    record = _extract(extractor, "广州市天河区珠江新城街道在高德置地广场成立楼宇联合党委。")
    assert ("珠江新城街道", "天河区") in _triples(record, "located_in")
    assert "新城街道" not in _names(record)


def test_the_governments_post_after_a_committees_is_not_the_committees(
    extractor: Extractor,
) -> None:
    record = _extract(extractor, "颍州区委副书记、区长王晓东主持会议。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("王晓东", "颍州区委", "副书记")}


def test_notices_of_congresses_appointments_and_discipline(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "大会选举产生了中共宁德市第六届委员会和中共宁德市纪律检查委员会。"
        "长海联盟第一届委员会35家成员单位现场签约。商会一届十次理事会召开。"
        "经研究，决定：王志强任中共平江县委组织部副部长。"
        "龙川县纪委监委共立案审查调查党员干部156人。"
        "县纪委监委第三纪检监察室主任邓志勇说，将持续整治。",
    )
    found = _names(record)
    assert {"中共宁德市第六届委员会", "中共平江县委组织部", "县纪委监委第三纪检监察室"} <= found
    assert not {name for name in found if name.startswith(("任", "第一届", "联盟第一届"))}
    assert not {name for name in found if "一届十次" in name}
    assert ("王志强", "中共平江县委组织部") in _triples(record, "holds_post")
    assert ("邓志勇", "县纪委监委第三纪检监察室") in _triples(record, "holds_post")
    assert ("people", 156) in {(q.measure, q.value) for q in record.quantities}


def test_a_council_named_in_quotes_and_then_by_its_kind_has_the_counts(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "走进杭州市上城区湖滨街道东坡路社区，“东坡议事会”的牌子格外显眼。社区党委书记钟小红介绍，"
        "议事会由社区党员、居民代表等15人组成。今年以来，议事会共协商解决问题23个。",
    )
    assert {(q.subject, q.value) for q in record.quantities} == {
        ("东坡议事会", 15),
        ("东坡议事会", 23),
    }


def test_buying_shares_opens_no_name(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "村党支部领办竹源村竹产业专业合作社。村民陈根生第一个把自家30亩竹林入股合作社。"
        "在他的带动下，合作社已吸纳村民社员190户。",
    )
    assert not {name for name in _names(record) if "入股" in name}
    assert ("竹源村竹产业专业合作社", 190) in {(q.subject, q.value) for q in record.quantities}


def test_the_town_spoken_of_as_a_place_one_is_in(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "近年来，蒙城县小涧镇坚持以党建引领乡村振兴。镇党委推行“党支部+合作社”模式。"
        "镇里建成村级党群服务中心14个，全年为群众代办事项3600余件。（作者单位：中共蒙城县委组织部）",
    )
    assert {(q.subject, q.value) for q in record.quantities} == {("小涧镇", 14), ("小涧镇", 3600)}


def test_a_chinese_numeral_with_万_inside(extractor: Extractor) -> None:
    record = _extract(
        extractor, "永嘉县共有党员一万二千余名。永嘉县有十万名群众，其中女党员一万两千三百名。"
    )
    assert {(q.measure, q.value) for q in record.quantities} == {
        ("party_members", 12_000),
        ("people", 100_000),
        ("party_members", 12_300),
    }


def test_a_department_affairs_member_and_a_section_head(extractor: Extractor) -> None:
    record = _extract(extractor, "永嘉县委组织部部务委员、组织科科长陈红说。")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("陈红", "永嘉县委组织部", "部务委员") in posts


def test_times_after_an_event_verbs_and_quoted_groups(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中国联通江苏省分公司党委坚持党建入章。公司党委书记、总经理胡继文介绍，"
        "改革后公司党委所属党支部由126个调整为98个。"
        "为稳定社区工作者队伍，济南市出台实施意见。"
        "田林十二村居民区党总支牵头成立了“加梯自治小组”。",
    )
    found = _names(record)
    assert not {name for name in found if name.startswith(("改革后", "稳定"))}, found
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("胡继文", "中国联通江苏省分公司", "总经理") in posts
    assert ("田林十二村居民区党总支", "加梯自治小组") in _triples(record, "established")


def test_a_county_is_never_in_the_chain_of_a_street(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "上海市徐汇区田林街道田林十二村居民区党总支探索议事规则。田林街道党工委推广这一做法。",
    )
    assert "田林" not in _names(record)  # 田林县 is in Guangxi
    assert ("田林街道", "徐汇区") in _triples(record, "located_in")


def test_a_schools_post_after_its_committees_is_not_the_committees(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "武侯实验中学党委书记、校长王刚说，学校党委下设5个党支部。"
        "研究院等离子体物理研究所党委书记宋云涛说，研究所组建了12支党员突击队。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("王刚", "武侯实验中学党委", "书记") in posts
    assert ("宋云涛", "研究院等离子体物理研究所党委", "书记") in posts  # 等离子体: plasma


def test_a_community_wide_committee_named_by_a_name_the_model_reads_as_a_person(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "2022年3月，李东社区党委牵头组建李东社区大党委，吸纳驻区单位12家。"
        "青岛市市北区在全区136个社区建立“社区大党委”。",
    )
    found = _names(record)
    assert "李东社区大党委" in found
    assert "社区大党委" not in found  # a kind in quotes, no program and no body
    assert ("李东社区党委", "李东社区大党委") in _triples(record, "established")


def test_a_bodys_kind_opening_a_clause_before_its_heads_post(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "井冈山干部学院是国家级干部教育培训机构。学院常务副院长张志明介绍，学院开发了课程60余门。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert posts == {("张志明", "井冈山干部学院", "常务副院长")}


def test_parts_of_a_program_in_lists_frames_and_grounds(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "作为“基层党建三年行动计划”的重点任务，永嘉县全面实施“红色领航”工程。"
        "“红色领航”工程包括“头雁培育”“堡垒提升”“先锋争创”三项行动。"
        "永嘉县还把“清廉村居”建设纳入“红色领航”工程，统筹推进。"
        "在“网格连心”工作的基础上，永嘉县推出“红色网格”升级版。"
        "比赛分为“晒成绩、谈思路、答提问”三个环节。",
    )
    assert "晒成绩、谈思路、答提问" not in _names(record)  # the stages of a contest
    parts = _triples(record, "part_of_program")
    assert {
        ("红色领航工程", "基层党建三年行动计划"),
        ("头雁培育", "红色领航工程"),
        ("堡垒提升", "红色领航工程"),
        ("清廉村居", "红色领航工程"),
        ("红色网格", "网格连心"),
    } <= parts


def test_parts_set_under_a_program_said_to_be_its_measures_or_among_it(
    extractor: Extractor,
) -> None:
    record = _extract(
        extractor,
        "“红色领航”工程下设“头雁培育”“堡垒提升”两个子项目。"
        "“先锋争创”是“红色领航”工程的具体举措。"
        "永嘉县深入实施“清廉建设”工程，其中“清廉村居”行动成效明显。",
    )
    assert {
        ("头雁培育", "红色领航工程"),
        ("堡垒提升", "红色领航工程"),
        ("先锋争创", "红色领航工程"),
        ("清廉村居行动", "清廉建设工程"),
    } <= _triples(record, "part_of_program")


def test_a_body_led_by_another_after_受(extractor: Extractor) -> None:
    record = _extract(extractor, "五马街党支部受五马商圈党委领导，现有党员30名。")
    assert "五马街党支部" in _names(record)
    assert _triples(record, "manages") == {("五马商圈党委", "五马街党支部")}


def test_an_area_sets_up_a_body_where_it_says(extractor: Extractor) -> None:
    record = _extract(extractor, "永嘉县在江北街道设立红星联合党委。")
    assert _triples(record, "established") == {("永嘉县", "红星联合党委")}
    assert ("红星联合党委", "江北街道") in _triples(record, "located_in")


def test_honors_named_commended_listed_and_distinguished(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江北街道党工委被命名为“省级示范党组织”。"
        "江南街道党工委获得省委表彰，被授予“先进基层党组织”称号。"
        "江东街道党工委入选全省“百个示范党组织”名单。"
        "江西街道党工委获“五星级党组织”殊荣。"
        "市政府将该项目命名为“民心工程”。",
    )
    assert _triples(record, "awarded") == {
        ("江北街道党工委", "省级示范党组织"),
        ("江南街道党工委", "先进基层党组织"),
        ("江东街道党工委", "百个示范党组织"),
        ("江西街道党工委", "五星级党组织"),
    }


def test_a_body_pairs_with_the_ones_it_takes_as_its_object(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "永嘉县人民医院党委结对帮扶江北村党支部。永嘉县税务局党委结对共建江南村党支部和江东村党支部。",
    )
    assert _triples(record, "paired_with") == {
        ("永嘉县人民医院党委", "江北村党支部"),
        ("永嘉县税务局党委", "江南村党支部"),
        ("永嘉县税务局党委", "江东村党支部"),
    }


def test_places_in_a_part_of_an_area_and_the_list_an_area_governs(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "江北村位于永嘉县瓯北街道东部，是一个山区村。瓯北街道辖江南村、江东村等12个村。",
    )
    located = _triples(record, "located_in")
    assert {
        ("江北村", "瓯北街道"),
        ("江南村", "瓯北街道"),
        ("江东村", "瓯北街道"),
    } <= located
    assert not {name for name in _names(record) if name.startswith("辖")}


def test_a_place_said_to_be_one_of_another(extractor: Extractor) -> None:
    record = _extract(
        extractor, "桥头镇是永嘉县的工业重镇。江北村是瓯北街道的一个山区村。桥头镇是永嘉县的窗口。"
    )
    assert _triples(record, "located_in") == {("桥头镇", "永嘉县"), ("江北村", "瓯北街道")}


def test_digits_before_a_letter_are_part_of_a_name(extractor: Extractor) -> None:
    record = _extract(extractor, "永嘉5G产业园党支部组织党员开展活动。")
    assert "永嘉5G产业园党支部" in _names(record)
    assert "G产业园党支部" not in _names(record)


def test_the_value_a_change_comes_to_is_of_the_noun_before_it(extractor: Extractor) -> None:
    record = _extract(
        extractor, "永嘉县党员人数由2012年的2.1万名增加到2022年的3.2万名。"
    )
    assert {(q.measure, q.value) for q in record.quantities} == {("party_members", 32_000)}


def test_a_plan_that_also_states_measures_has_them_as_parts(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "中共湖州市吴兴区委印发《关于全面加强新时代村级组织建设的实施意见》（以下简称《意见》）。"
        "《意见》还提出实施“村级组织提能”“村干部队伍优化”两大行动。",
    )
    plan = "关于全面加强新时代村级组织建设的实施意见"
    assert {("村级组织提能", plan), ("村干部队伍优化", plan)} <= _triples(
        record, "part_of_program"
    )


def test_a_place_stated_to_belong_to_another_or_written_as_its(extractor: Extractor) -> None:
    record = _extract(
        extractor,
        "天荒坪镇隶属于安吉县。安吉县的孝丰镇有15个村。递铺街道归安吉县管辖。"
        "桥头镇是永嘉县的工业重镇。",
    )
    assert _triples(record, "located_in") == {
        ("天荒坪镇", "安吉县"),
        ("孝丰镇", "安吉县"),
        ("递铺街道", "安吉县"),
        ("桥头镇", "永嘉县"),
    }
    assert "工业重镇" not in _names(record)
