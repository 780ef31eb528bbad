"""Rules found on invented pieces about Party building in more domains (new forms of
employment, Party work in government offices, a railway project, schools, housing estates,
migrant members, office towers, villages and their companies, a speech, grid management).
Names of bodies and people here are invented; places are real."""

from __future__ import annotations

from pathlib import Path

from extracted import extract, names, quantities_of, triples

from kg.pipeline import Extractor, write_record


def test_a_school_is_the_host_of_its_party_body(extractor: Extractor) -> None:
    """实验小学党总支书记、校长甲: the school is an organization, its Party body in it, and the
    head's 校长 post is the school's."""
    record = extract(
        extractor,
        "潍坊市奎文区实验小学党总支书记、校长刘敏介绍，学校开发校本课程12门。"
        "广州市育才学校第一党支部书记王明说。",
    )
    assert {"潍坊市奎文区实验小学", "广州市育才学校"} <= names(record, "ORG")
    assert ("潍坊市奎文区实验小学党总支", "潍坊市奎文区实验小学") in triples(
        record, "sub_organization_of"
    )
    assert ("广州市育才学校第一党支部", "广州市育才学校") in triples(record, "sub_organization_of")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("刘敏", "潍坊市奎文区实验小学", "校长") in posts, posts


def test_a_kind_of_school_alone_is_no_organization(extractor: Extractor) -> None:
    """公民办幼儿园, 蓬江区中小学德育基地: a school's kind is a name only as a Party body's
    host."""
    record = extract(
        extractor,
        "全区公民办幼儿园和校外培训机构实现党的组织全覆盖。"
        "这里成为蓬江区中小学德育基地，落实好乡村学校联合组建工作。",
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if o.endswith(("幼儿园", "中小学", "学校"))}, orgs


def test_a_demonstrative_branch_counts_for_the_branch_named_before(
    extractor: Extractor,
) -> None:
    """这个党支部成立于…，目前有党员47名: the members are the branch's, not the city's."""
    record = extract(
        extractor,
        "在广东省东莞市长安镇，有一个特殊的党支部——四川省广安市岳池县驻东莞流动党员党支部。"
        "这个党支部成立于2019年，目前有党员47名，大多在当地电子厂务工。",
    )
    counts = quantities_of(record)
    assert ("四川省广安市岳池县驻东莞流动党员党支部", "party_members", 47) in counts, counts
    assert ("东莞市", "party_members", 47) not in counts, counts


def test_where_a_change_comes_from_ends_a_name(extractor: Extractor) -> None:
    """转变源于小区党支部的成立: 源于 is no part of a body's name."""
    record = extract(
        extractor,
        "两年前，这里还是出了名的老小区。转变源于小区党支部的成立。"
        "这一变化得益于城南社区党委的推动。",
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if "源于" in o or "得益于" in o}, orgs
    assert "城南社区党委" in orgs


def test_a_rank_among_branches_names_no_body(extractor: Extractor) -> None:
    """评选“优秀党支部书记”, 打造标准化党支部示范点: a rank or a standard, no body."""
    record = extract(
        extractor,
        "潍坊市教育局每年评选“优秀党支部书记”50名，打造标准化党支部示范点30个。",
    )
    orgs = names(record, "ORG")
    assert not {"优秀党支部", "标准化党支部"} & orgs, orgs


def test_an_epithet_of_an_estate_and_a_kind_of_company_name_nothing(
    extractor: Extractor,
) -> None:
    """出了名的“问题小区”: an epithet; 成立强村公司——甲有限公司: 强村公司 is a kind of company."""
    record = extract(
        extractor,
        "两年前，这里还是出了名的“问题小区”。村里成立强村公司——安吉余村乡村旅游发展有限公司。",
    )
    found = {e.text for e in record.entities}
    assert not {"问题小区", "强村公司"} & found, found
    assert "安吉余村乡村旅游发展有限公司" in names(record, "ORG")


def test_a_one_character_village_before_its_village_branch(extractor: Extractor) -> None:
    """天荒坪镇余村村党支部: 余村 (a village of one character) and its 村党支部."""
    record = extract(
        extractor, "天荒坪镇余村村党支部书记汪玉成介绍，余村竹产业党建联盟吸纳成员单位14家。"
    )
    assert "余村" in names(record, "PLACE")
    assert ("余村", "天荒坪镇") in triples(record, "located_in")
    assert ("天荒坪镇余村村党支部", "余村") in triples(record, "located_in")


def test_a_villages_committee_is_an_organization(extractor: Extractor) -> None:
    """连樟村村委会 is an organization in 连樟村 (the guidelines' example); 村委会 and
    社区居委会 alone name none."""
    record = extract(
        extractor,
        "连江口镇连樟村村委会主任汪玉成介绍。村党委书记、村委会主任李刚说，社区居委会主任李红也来了。",
    )
    orgs = names(record, "ORG")
    assert "连江口镇连樟村村委会" in orgs
    assert not {"村委会", "社区居委会", "居委会"} & orgs, orgs
    assert ("连江口镇连樟村村委会", "连樟村") in triples(record, "located_in")
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("汪玉成", "连江口镇连樟村村委会", "主任") in posts, posts


def test_a_range_is_no_count(extractor: Extractor) -> None:
    """兼职网格员3至5名: a range, no one number (the count after it stays)."""
    record = extract(
        extractor,
        "百步亭社区每个网格配备兼职网格员3至5名。城南社区共有党员120名，配备干部3—5名。",
    )
    counts = quantities_of(record)
    assert not {c for c in counts if c[2] in (3, 5)}, counts
    assert ("城南社区", "party_members", 120) in counts, counts


def test_a_project_department_named_again_by_its_kind(extractor: Extractor) -> None:
    """项目部成立…, 项目部党支部书记甲: the project department (and its temporary branch)
    named before, who sets up the team and pairs with the town."""
    record = extract(
        extractor,
        "在成渝中线高铁建设工地，中铁二十三局集团成渝中线项目部临时党支部的党旗格外醒目。"
        "项目部党支部书记郭文斌介绍，项目部设立党员先锋岗21个。"
        "为攻克隧道施工难题，项目部成立“铁军”青年突击队。"
        "项目部还与沿线的资阳市雁江区保和镇党委开展结对共建。",
    )
    assert "项目部党支部" not in names(record, "ORG")
    posts = triples(record, "holds_post")
    assert ("郭文斌", "中铁二十三局集团成渝中线项目部临时党支部") in posts, posts
    project = "中铁二十三局集团成渝中线项目部"
    assert (project, "铁军青年突击队") in triples(record, "established")
    assert (project, "资阳市雁江区保和镇党委") in triples(record, "paired_with")


def test_a_partner_written_as_nearby_pairs_with_the_subject(extractor: Extractor) -> None:
    """甲与辖区内的乙, 甲与周边的乙、丙: 甲 with each."""
    record = extract(
        extractor,
        "城南社区党委与周边的广州市第一人民医院党委、广州市天河区税务局党委签订共建协议。",
    )
    pairs = triples(record, "paired_with")
    assert ("城南社区党委", "广州市第一人民医院党委") in pairs, pairs
    assert ("城南社区党委", "广州市天河区税务局党委") in pairs, pairs
    assert ("广州市第一人民医院党委", "广州市天河区税务局党委") not in pairs, pairs


def test_the_members_of_a_team_just_set_up_count_for_the_team(extractor: Extractor) -> None:
    """社区党委还组建“X服务队”，队员共360人: the team's members."""
    record = extract(
        extractor,
        "百步亭社区党委书记王波说，社区党委还组建“红色网格志愿服务队”，队员共360人。",
    )
    counts = quantities_of(record)
    assert ("红色网格志愿服务队", "people", 360) in counts, counts


def test_a_piece_on_one_body_where_places_are_named_in_passing(extractor: Extractor) -> None:
    """A hospital's Party committee named three times, each place once: the headline's
    program is the committee's, not the city's."""
    record = extract(
        extractor,
        "医院党建：打造“红色医疗服务圈”\n\n"
        "近年来，四川大学华西医院党委以“党建+医疗服务”为抓手，推动党建工作与医疗业务深度融合。"
        "医院党委下设党总支12个、党支部186个。\n\n"
        "医院心内科党支部组织党员医生到成都市新都区义诊32场。"
        "华西医院党委书记张伟表示，医院将深入实施“华西先锋”工程。",
    )
    implements = triples(record, "implements")
    assert ("四川大学华西医院党委", "红色医疗服务圈") in implements, implements
    assert ("成都市", "红色医疗服务圈") not in implements, implements


def test_a_towns_name_without_its_level_opens_a_body_after_it(extractor: Extractor) -> None:
    """在勐满镇，勐满边境派出所党支部…: 勐满 (read as a verb by the model) is the town again,
    part of the name."""
    record = extract(extractor, "在勐满镇，勐满边境派出所党支部与曼赛村党支部结对共建已经5年。")
    orgs = names(record, "ORG")
    assert "勐满边境派出所党支部" in orgs, orgs
    assert "边境派出所党支部" not in orgs, orgs


def test_a_dai_name_after_a_post(extractor: Extractor) -> None:
    """岩温, 岩罕: Dai names open with 岩 (玉 for women) where a surname would stand."""
    record = extract(
        extractor, "曼赛村党支部书记岩罕说，村里治安好转。派出所所长、党支部书记岩温介绍。"
    )
    assert {"岩罕", "岩温"} <= names(record, "PERSON")
    assert ("岩罕", "曼赛村党支部") in triples(record, "holds_post")


def test_a_verbs_complement_and_a_region_opening_a_district_name_nothing(
    extractor: Extractor,
) -> None:
    """介绍一下杨林镇: 一下 is no part of the town; 中原区 holds no region 中原."""
    record = extract(
        extractor,
        "请您介绍一下杨林镇的做法。中原区则在郑州国际物流园区成立园区党委。",
    )
    places = names(record, "PLACE")
    assert {"杨林镇", "中原区"} <= places, places
    assert not {"一下杨林镇", "中原"} & places, places
    assert not {(a, b) for a, b in triples(record, "located_in") if b == "中原"}


def test_a_first_secretary_sent_to_a_village_through_its_place_chain(
    extractor: Extractor,
) -> None:
    """选派干部甲到X市Y县Z镇乙村担任驻村第一书记: the post is in the village's named branch."""
    record = extract(
        extractor,
        "2021年，国家税务总局黑龙江省税务局选派干部刘振华到哈尔滨市巴彦县兴隆镇永安村担任"
        "驻村第一书记。永安村党支部先后获评“全市先进基层党组织”。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("刘振华", "永安村党支部", "第一书记") in posts, posts


def test_a_verb_and_its_object_after_a_post_name_no_one(extractor: Extractor) -> None:
    """组织部长谈人才工作: 谈 (talks about) is no surname here; 谈建华 after a post is."""
    record = extract(extractor, "组织部长谈人才工作\n\n党委书记谈建华说，工作有成效。")
    people = names(record, "PERSON")
    assert "谈人才" not in people, people
    assert "谈建华" in people, people


def test_what_a_person_says_in_an_interview_is_about_what_they_name(
    extractor: Extractor,
) -> None:
    """甲接受本报专访时表示，赣州市将…引进人才5万名: the city's count, not the speaker's."""
    record = extract(
        extractor,
        "日前，江西省赣州市委常委、组织部部长吴海峰接受本报专访时表示，"
        "赣州市将深入实施“苏区人才振兴计划”，力争到2025年引进各类人才5万名。",
    )
    counts = quantities_of(record)
    assert ("赣州市", "people", 50000) in counts, counts
    assert ("吴海峰", "people", 50000) not in counts, counts


def test_the_subject_that_joins_others_in_a_clause_sets_up_the_body(
    extractor: Extractor,
) -> None:
    """甲推行X，联合乙、丙等12家单位组建丁: 甲 sets up 丁, not the bodies it joins."""
    record = extract(
        extractor,
        "解放碑街道党工委牵头成立解放碑商圈党委。"
        "商圈党委推行“党建+商会+企业”联动机制，联合渝中区工商联、解放碑商会等12家单位"
        "组建解放碑商圈党建联盟。",
    )
    established = triples(record, "established")
    assert ("解放碑商圈党委", "解放碑商圈党建联盟") in established, established
    assert ("渝中区工商联", "解放碑商圈党建联盟") not in established, established


def test_the_head_of_an_inspection_team_named_again_by_its_kind(extractor: Extractor) -> None:
    """。巡察组组长甲: the team named before (县委第二巡察组) is the head's."""
    record = extract(
        extractor,
        "根据县委统一部署，县委第二巡察组对城郊镇党委进行了常规巡察。"
        "巡察组组长马建国在反馈会上指出，整改要到位。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("马建国", "县委第二巡察组", "组长") in posts, posts


def test_a_place_chain_goes_on_into_the_name_after_it(extractor: Extractor) -> None:
    """湖南省|湘西土家族苗族自治州…金龙村党支部: the prefecture is in the province, though the
    body's name starts after the province."""
    record = extract(
        extractor,
        "——记湖南省湘西土家族苗族自治州花垣县双龙镇金龙村党支部书记李秀兰",
    )
    assert ("湘西土家族苗族自治州", "湖南省") in triples(record, "located_in")


def test_years_in_a_post_are_no_count(extractor: Extractor) -> None:
    """担任村党支部书记已有12个年头, 8个春秋: a length of time."""
    record = extract(extractor, "李秀兰担任金龙村党支部书记已有12个年头。她在金龙村工作了8个春秋。")
    assert not quantities_of(record), quantities_of(record)


def test_a_verb_opening_the_next_name_of_a_chain_and_a_common_district_word(
    extractor: Extractor,
) -> None:
    """西陵街道|胜利|四路社区: 胜利 opens the community's name; 地处老城区: the old town, no
    district."""
    record = extract(extractor, "西陵区西陵街道胜利四路社区地处老城区，辖区有老旧小区19个。")
    places = names(record, "PLACE")
    assert "胜利四路社区" in places, places
    assert not {"四路社区", "老城区"} & places, places
    assert ("胜利四路社区", "西陵街道") in triples(record, "located_in")


def test_a_second_post_the_clause_goes_on_to(extractor: Extractor) -> None:
    """张某是甲学院教授、博士生导师，也是乙党支部书记: both posts (学院 before the branch is
    the college named before, no part of the branch's name)."""
    record = extract(
        extractor,
        "张国栋是中国农业大学资源与环境学院教授、博士生导师，也是学院教工第三党支部书记。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("张国栋", "中国农业大学资源与环境学院", "教授") in posts, posts
    assert ("张国栋", "教工第三党支部", "书记") in posts, posts


def test_a_community_development_centre_is_a_social_organization(
    extractor: Extractor,
) -> None:
    """武侯区爱有戏社区发展中心党支部: the centre (a registered social organization) hosts the
    branch; 爱有戏社区 is no community."""
    record = extract(extractor, "武侯区爱有戏社区发展中心党支部就是其中的典型。")
    assert "武侯区爱有戏社区发展中心" in names(record, "ORG")
    assert "爱有戏社区" not in names(record, "PLACE")
    assert ("武侯区爱有戏社区发展中心党支部", "武侯区爱有戏社区发展中心") in triples(
        record, "sub_organization_of"
    )


def test_the_school_named_before_opens_no_name(extractor: Extractor) -> None:
    """学校机电学院智能制造系党支部: 学校 is the university named before, not a word of the
    college's name."""
    record = extract(
        extractor,
        "南京航空航天大学党委深入实施“双带头人”培育工程。"
        "学校机电学院智能制造系党支部书记陈国强是一名“双带头人”。",
    )
    orgs = names(record, "ORG")
    assert "机电学院智能制造系党支部" in orgs, orgs
    assert not {o for o in orgs if o.startswith("学校")}, orgs


def test_what_a_committee_has_under_it_is_counted_for_it(extractor: Extractor) -> None:
    """三一重工党委下属党组织73个: the committee's own organizations (下属 is no link of a
    name, and the owner of a counted kind is the subject)."""
    record = extract(
        extractor,
        "三一重工股份有限公司党委与长沙经济技术开发区党工委签订党建共建协议。"
        "三一重工党委书记、董事长向文波出席签约仪式。\n\n"
        "据介绍，三一重工党委下属党组织73个，党员3100余名。",
    )
    counts = quantities_of(record)
    committee = "三一重工股份有限公司党委"
    assert (committee, "party_organizations", 73) in counts, counts
    assert (committee, "party_members", 3100) in counts, counts
    assert not {o for o in names(record, "ORG") if "下属" in o}


def test_an_owned_body_named_after_the_owner_stays_the_subject(extractor: Extractor) -> None:
    """城南社区党委所属第一党支部有党员30名: the branch named after 所属 is counted."""
    record = extract(extractor, "城南社区党委所属城南社区第一党支部有党员30名。")
    counts = quantities_of(record)
    assert ("城南社区第一党支部", "party_members", 30) in counts, counts


def test_a_team_set_up_in_the_clause_before_has_its_members(extractor: Extractor) -> None:
    """担任村里的义务宣讲员，组建了“老党员宣讲队”，队员共有11人: the team's, not the
    village's (村里 modifies the post)."""
    record = extract(
        extractor,
        "王德福是河北省保定市阜平县龙泉关镇骆驼湾村的一名老党员。"
        "退休后，王德福主动担任村里的义务宣讲员，组建了“老党员宣讲队”，队员共有11人。",
    )
    counts = quantities_of(record)
    assert ("老党员宣讲队", "people", 11) in counts, counts
    assert ("骆驼湾村", "people", 11) not in counts, counts


def test_a_development_zones_short_kind_is_the_same_body(extractor: Extractor) -> None:
    """长沙经开区党工委 is 长沙经济技术开发区党工委 written short."""
    record = extract(
        extractor,
        "三一重工股份有限公司党委与长沙经济技术开发区党工委签订党建共建协议。"
        "长沙经开区党工委副书记罗明表示，双方将加强合作。",
    )
    aliases = {e.text: set(e.aliases) for e in record.entities if e.type == "ORG"}
    assert "长沙经开区党工委" in aliases.get("长沙经济技术开发区党工委", set()), aliases
    posts = triples(record, "holds_post")
    assert ("罗明", "长沙经济技术开发区党工委") in posts, posts


def test_the_whole_city_the_sentence_has_named(extractor: Extractor) -> None:
    """江山市委组织部负责人表示，全市…推行“积分制”: 江山市 (named in the sentence), not the
    prefecture the piece names more."""
    record = extract(
        extractor,
        "在浙江省衢州市江山市大陈乡大陈村，村党总支推行“积分制”管理。衢州市有关部门介绍了经验。"
        "江山市委组织部相关负责人表示，全市已有292个村推行“积分制”管理。",
    )
    implements = triples(record, "implements")
    assert ("江山市", "积分制") in implements, implements
    assert ("衢州市", "积分制") not in implements, implements


def test_opinions_asked_for_and_a_consultation_meeting_name_nothing(
    extractor: Extractor,
) -> None:
    """带领社区“两委”挨家挨户上门征求意见: no policy; 召开议事协商会: a meeting, no chamber of
    commerce."""
    record = extract(
        extractor,
        "刘建明带领社区“两委”挨家挨户上门征求意见，召开议事协商会46次。",
    )
    found = {e.text for e in record.entities}
    assert not {e for e in found if "征求意见" in e or "协商会" in e}, found


def test_a_ceremony_and_the_body_that_leads_the_founding(extractor: Extractor) -> None:
    """X联盟揭牌仪式在乙公司举行: 乙 is the venue, not set up; 该联盟由甲牵头，联合…共同组建:
    甲 sets it up; 联盟将实施X: the alliance carries X out."""
    record = extract(
        extractor,
        "3月22日，宁波市海曙区汽车零部件产业链党建联盟揭牌仪式在宁波均胜电子股份有限公司举行。"
        "据了解，该联盟由海曙区委两新工委牵头，联合宁波华翔电子股份有限公司等18家链上企业党组织"
        "共同组建。联盟将实施“链上先锋”行动。",
    )
    alliance = "宁波市海曙区汽车零部件产业链党建联盟"
    established = triples(record, "established")
    assert (alliance, "宁波均胜电子股份有限公司") not in established, established
    assert ("海曙区委两新工委", alliance) in established, established
    assert (alliance, "链上先锋行动") in triples(record, "implements")


def test_a_name_whose_last_character_the_model_runs_into_the_next_word(
    extractor: Extractor,
) -> None:
    """县委书记林志强逐一点评: the model reads 林志|强逐|一点评; 强 ends the name, 逐一 follows."""
    record = extract(extractor, "福建省将乐县召开述职评议会议，县委书记林志强逐一点评。")
    assert "林志强" in names(record, "PERSON")
    assert "林志" not in names(record, "PERSON")


def test_the_head_of_a_numbered_office_is_no_count(extractor: Extractor) -> None:
    """组织二处负责人: an office's number."""
    record = extract(extractor, "甘肃省委组织部组织二处负责人表示，将加大发展党员力度。")
    assert not quantities_of(record), quantities_of(record)


def test_the_schools_own_party_department_keeps_its_word(extractor: Extractor) -> None:
    """学校党委组织部部长王丽: the school's own department, not 党委组织部 alone."""
    record = extract(
        extractor,
        "华中科技大学党委深入推进“双带头人”培育工程。学校党委组织部部长王丽介绍了做法。",
    )
    orgs = names(record, "ORG")
    assert "党委组织部" not in orgs, orgs


def test_what_a_speakers_clause_is_about_is_no_actor_of_the_next(extractor: Extractor) -> None:
    """区委书记表示，将推动“红色驿站”提档升级，打造“红色引擎”: the district, not the venue."""
    record = extract(
        extractor,
        "四川省广元市利州区打造“红色驿站”42个。"
        "利州区委书记表示，下一步将推动“红色驿站”提档升级，打造乡村振兴“红色引擎”。",
    )
    implements = triples(record, "implements")
    assert ("红色驿站", "红色引擎") not in implements, implements
    assert ("利州区", "红色引擎") in implements, implements


def test_going_round_the_streets_names_no_street(extractor: Extractor) -> None:
    """每天走街串巷: an idiom, no street 天走街."""
    record = extract(extractor, "骑手网格员李强说：“我们每天走街串巷，发现问题随手一拍就能上报。”")
    assert not names(record, "PLACE"), names(record, "PLACE")


def test_each_place_opening_a_clause_has_its_own_count(extractor: Extractor) -> None:
    """其中，南京市有45个，苏州市有38个: each city's count."""
    record = extract(
        extractor,
        "江苏省委组织部公布了全省“五星级党支部”名单，全省共有320个党支部入选。"
        "其中，南京市有45个，苏州市有38个。",
    )
    counts = {(q.subject, q.value) for q in record.quantities}
    assert ("南京市", 45) in counts, counts
    assert ("苏州市", 38) in counts, counts
    assert ("南京市", 38) not in counts, counts


def test_a_chain_ends_in_the_place_a_venues_name_opens_with(extractor: Extractor) -> None:
    """萧山区|信息港小镇党群服务中心: the small town is in the district, the centre in the
    town (not in the district directly); 广西钦州港: a port is a place of its own."""
    record = extract(
        extractor,
        "与会人员还实地参观了萧山区信息港小镇党群服务中心。"
        "湖南省长沙市天心区坡子街街道党群服务中心正式启用。",
    )
    located = triples(record, "located_in")
    assert ("信息港小镇", "萧山区") in located, located
    assert ("信息港小镇党群服务中心", "萧山区") not in located, located
    assert ("坡子街街道", "天心区") in located, located
    assert ("坡子街街道党群服务中心", "天心区") not in located, located


def test_a_project_managers_department_hosts_its_branch(extractor: Extractor) -> None:
    """甲公司深中通道项目经理部党支部: the project's department, in the company."""
    record = extract(
        extractor,
        "近日，中交第二航务工程局有限公司深中通道项目经理部党支部开展主题党日活动。",
    )
    department = "中交第二航务工程局有限公司深中通道项目经理部"
    assert department in names(record, "ORG")
    subs = triples(record, "sub_organization_of")
    assert (department + "党支部", department) in subs, subs
    assert (department, "中交第二航务工程局有限公司") in subs, subs


def test_a_companys_region_and_branch_company_named_again_by_their_kind(
    extractor: Extractor,
) -> None:
    """大区党委副书记甲, 分公司党委书记乙: the region's and the branch company's committees
    named before."""
    record = extract(
        extractor,
        "华润置地华东大区党委举办主题演讲比赛。大区党委副书记周敏出席活动并致辞。"
        "中建六局华南分公司党委成立。分公司党委书记王明介绍了情况。",
    )
    orgs = names(record, "ORG")
    assert not {"大区党委", "分公司党委"} & orgs, orgs
    posts = triples(record, "holds_post")
    assert ("周敏", "华润置地华东大区党委") in posts, posts
    assert ("王明", "中建六局华南分公司党委") in posts, posts


def test_tibetan_names_after_a_post(extractor: Extractor) -> None:
    """次仁多吉, 扎西顿珠, 旦增平措: Tibetan names take no surname; the model's four-character
    name is whole."""
    record = extract(
        extractor,
        "自治区财政厅驻巴松村工作队队长次仁多吉带领队员走访群众。"
        "巴松村党支部书记扎西顿珠介绍，第一书记旦增平措说。",
    )
    people = names(record, "PERSON")
    assert {"次仁多吉", "扎西顿珠", "旦增平措"} <= people, people
    assert ("扎西顿珠", "巴松村党支部") in triples(record, "holds_post")


def test_a_clause_opening_on_a_cue_goes_on_about_the_sentences_body(
    extractor: Extractor,
) -> None:
    """甲党工委直接管理…，指导乙、丙等开展工作: 甲 guides each."""
    record = extract(
        extractor,
        "广东省东莞市松山湖高新区党工委统筹园区党建工作，直接管理园区企业党组织126个，"
        "指导松山湖科技企业联合党委、松山湖生物医药产业联合党委等开展工作。",
    )
    managed = triples(record, "manages")
    committee = "广东省东莞市松山湖高新区党工委"
    assert (committee, "松山湖科技企业联合党委") in managed, managed
    assert (committee, "松山湖生物医药产业联合党委") in managed, managed


def test_going_home_names_no_township(extractor: Extractor) -> None:
    """人才回乡, 回到家乡, 返乡创业: no township 人才回乡."""
    record = extract(
        extractor,
        "山西晋城：“归雁”人才回乡兴业\n\n王晓军回到家乡东沟村，他说返乡创业是他的心愿。",
    )
    places = names(record, "PLACE")
    assert not {p for p in places if p.endswith("乡")}, places
    assert "东沟村" in places


def test_a_kind_of_unit_the_model_calls_an_organization_hosts_no_body(
    extractor: Extractor,
) -> None:
    """每个街区成立街区党委: a kind of committee (one in each block), no name."""
    record = extract(
        extractor,
        "南京市建邺区在沙洲街道试点推行“街区制”，将街道划分为6个街区，每个街区成立街区党委，"
        "由街道党工委委员兼任街区党委书记。",
    )
    orgs = names(record, "ORG")
    assert not {"街区", "街区党委"} & orgs, orgs


def test_a_program_owned_in_a_speakers_clause_leaves_the_actor_a_name(
    extractor: Extractor, tmp_path: Path
) -> None:
    """据甲介绍，深入贯彻省委关于…的意见，每年开展X: 省委 owns the opinion; X falls to the
    document's actor, a name (the owner found first once stood in for it, and the record
    could not be written)."""
    record = extract(
        extractor,
        "据平阳县委组织部介绍，深入贯彻省委关于加强基层治理的意见,每年开展干部下基层活动。",
    )
    assert all(isinstance(r.head, str) and isinstance(r.tail, str) for r in record.relations)
    assert ("省委", "关于加强基层治理的意见") in triples(record, "implements")
    assert write_record(record, tmp_path).is_file()


def test_the_speakers_own_body_still_acts_after_a_source(extractor: Extractor) -> None:
    """据甲介绍，乙社区党委负责人表示，开展“五送”活动: the speaker's body carries it out."""
    record = extract(
        extractor,
        "据平阳县委组织部介绍，目前城东社区党委负责人表示，开展新建党组织“五送”活动。",
    )
    assert ("城东社区党委", "五送活动") in triples(record, "implements"), triples(
        record, "implements"
    )


def test_this_county_opens_no_name(extractor: Extractor) -> None:
    """该县城东社区党委: 该县 (this county) stands for the county named before; the body's
    name starts after it."""
    record = extract(
        extractor, "据平阳县委组织部介绍，该县城东社区党委负责人表示，开展新建党组织活动。"
    )
    orgs = names(record, "ORG")
    assert "城东社区党委" in orgs, orgs
    assert "县城东社区党委" not in orgs, orgs


def test_a_verb_opening_the_sentence_is_no_part_of_a_programs_name(
    extractor: Extractor,
) -> None:
    """开发“梁溪E支部”小程序, 依托“岳池先锋”微信公众号: the app and the account are the
    programs; the verb is no part of their names."""
    record = extract(
        extractor,
        "开发“梁溪E支部”小程序。党员依托“岳池先锋”微信公众号开展线上学习。",
    )
    programs = names(record, "PROGRAM")
    assert "梁溪E支部小程序" in programs, programs
    assert "岳池先锋微信公众号" in programs, programs
    assert not {p for p in programs if p.startswith("开发")}, programs


def test_what_a_site_has_become_is_a_figure_and_a_promotion_society_a_body(
    extractor: Extractor,
) -> None:
    """服务站成为“老兵之家”: a figure of speech, no place; 成立了X促进会: a body."""
    record = extract(
        extractor,
        "退役军人服务站成为“老兵之家”\n\n村“两委”成立了团结村民族团结进步促进会。",
    )
    assert "老兵之家" not in names(record, "PLACE")
    assert "团结村民族团结进步促进会" in names(record, "ORG")


def test_central_enterprises_and_their_units(extractor: Extractor) -> None:
    """中国石化党组, 建设银行湖南省分行: state companies written by their short forms are
    organizations (extract/organs.txt); 中石油吉林石化: a company's unit named by its kind,
    in the company; 中国石化湖北石化公司 stays one name."""
    record = extract(
        extractor,
        "中国石化党组书记马永生出席会议。建设银行湖南省分行党委与长沙市开福区委签订协议。"
        "中石油吉林石化启动转型升级项目，总投资339亿元。"
        "中国石化湖北石化公司党委在全公司生产装置上建立党支部。",
    )
    orgs = names(record, "ORG")
    assert {"中国石化", "中国石化党组", "建设银行", "中石油", "中石油吉林石化"} <= orgs, orgs
    assert "中国石化湖北石化公司" in orgs, orgs
    assert "湖北石化公司" not in orgs, orgs
    subs = triples(record, "sub_organization_of")
    assert ("中石油吉林石化", "中石油") in subs, subs
    assert ("建设银行湖南省分行", "建设银行") in subs, subs
    assert ("中石油吉林石化", "money_cny", 33_900_000_000) in quantities_of(record)


def test_an_industry_is_no_company(extractor: Extractor) -> None:
    """推动石化产业高质量发展, 湖北石化公司: 石化 names a company only where the name ends."""
    record = extract(extractor, "推动石化产业高质量发展，大力发展石化、钢铁等产业。")
    assert not names(record, "ORG"), names(record, "ORG")


def test_a_name_the_model_reads_as_a_person_opens_a_place_after_a_place(
    extractor: Extractor,
) -> None:
    """甸柳街道|甸柳|一居社区: 甸柳 opens the community's name (the model reads a person)."""
    record = extract(
        extractor,
        "近日，记者走进山东省济南市历下区甸柳街道甸柳一居社区，看到小区环境焕然一新。",
    )
    places = names(record, "PLACE")
    assert "甸柳一居社区" in places, places
    assert "一居社区" not in places, places
    assert ("甸柳一居社区", "甸柳街道") in triples(record, "located_in")


def test_a_verb_joining_partners_and_a_kind_of_team_name_no_body(extractor: Extractor) -> None:
    """整合物业公司、业委会…: 整合 is no part of a name; 组建“红色管家”服务团队8支: teams of a
    kind, not one 服务团."""
    record = extract(
        extractor,
        "由社区党委牵头，整合物业公司、业委会、共建单位等力量，组建“红色管家”服务团队8支。",
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if o.startswith("整合") or "服务团" in o}, orgs


def test_a_named_platform_and_a_market_and_a_causative_after_a_quote(
    extractor: Extractor,
) -> None:
    """“兴庆先锋”智慧党建平台 is a program (a named platform), “一园两城三都四区”重大平台 no
    platform's name; 中国 opening a mall's name (中国日用品商城) is no place and 市场党委 a
    kind of committee; “互联网+党建”
    让学习教育更便捷: 让 ends the name; 升级“云心党建”服务平台: the verb is no part of it."""
    record = extract(
        extractor,
        "宁夏银川：“互联网+党建”让学习教育更便捷\n\n"
        "兴庆区委组织部依托“兴庆先锋”智慧党建平台，推出“指尖课堂”。升级“云心党建”服务平台。"
        "打造“一园两城三都四区”重大平台。在中国日用品商城成立市场党委，下设党支部16个。",
    )
    programs = names(record, "PROGRAM")
    assert {"兴庆先锋智慧党建平台", "云心党建服务平台"} <= programs, programs
    assert not {p for p in programs if "让" in p or p.startswith("升级")}, programs
    assert "一园两城三都四区重大平台" not in programs, programs
    assert "中国" not in names(record, "PLACE")
    assert "市场党委" not in names(record, "ORG")


def test_a_region_written_with_its_kind_is_one_place(extractor: Extractor) -> None:
    """鲁西南地区, 粤东西北地区, 华南地区: the region with 地区 is one name, and the regions
    written inside it (鲁西南, 西北) are none; 关中平原 holds no county 平原."""
    record = extract(
        extractor,
        "山东省滕州市地处鲁西南地区。推动粤东西北地区加快发展，华南地区的党建工作走在前列。"
        "关中平原城市群发展迅速。",
    )
    places = names(record, "PLACE")
    assert {"鲁西南地区", "粤东西北地区", "华南地区"} <= places, places
    assert not {"鲁西南", "西北地区", "华南", "平原"} & places, places
    assert ("滕州市", "鲁西南地区") in triples(record, "located_in")


def test_a_known_name_running_past_a_suffix_holds_it(extractor: Extractor) -> None:
    """江苏苏州工业园区: the known park holds 工业园 (no place 江苏苏州工业园); 金乡县: the
    county holds 乡 (no township 市金乡)."""
    record = extract(
        extractor,
        "江苏苏州工业园区把党群服务阵地嵌入邻里中心。走进山东省济宁市金乡县龙团镇和结村。",
    )
    places = names(record, "PLACE")
    assert {"苏州工业园区", "金乡县"} <= places, places
    assert not {p for p in places if p in ("江苏苏州工业园", "市金乡")}, places
    assert ("苏州工业园区", "江苏") in triples(record, "located_in")


def test_a_possessive_before_a_body_is_no_part_of_its_name(extractor: Extractor) -> None:
    """免去其临沂市兰山区委常委职务: 其 (his) opens no name; a post taken away is not held."""
    record = extract(extractor, "王刚同志任临沂市总工会副主席，免去其临沂市兰山区委常委职务。")
    orgs = names(record, "ORG")
    assert "临沂市兰山区委" in orgs, orgs
    assert not {o for o in orgs if o.startswith("其")}, orgs
    posts = triples(record, "holds_post")
    assert ("王刚", "临沂市总工会") in posts, posts
    assert ("王刚", "临沂市兰山区委") not in posts, posts


def test_reporting_to_the_community_names_no_newspaper(extractor: Extractor) -> None:
    """及时上报社区, 回报社会: 报 then 社区 or 社会, no 报社."""
    record = extract(
        extractor, "楼长张桂兰发现问题及时上报社区。企业家积极回报社会，羊城晚报社记者王明报道。"
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if o.endswith("报社") and "晚报" not in o}, orgs


def test_a_head_opening_a_sentence_heads_the_team_named_before(extractor: Extractor) -> None:
    """…有一支“银发先锋队”。队长陈根生…: the team's head; a head after another body named last
    heads nothing."""
    record = extract(
        extractor,
        "打铁关社区有一支由退休党员组成的“银发先锋队”。\n\n队长陈根生今年72岁，是一名老党员。"
        "打铁关社区党委书记徐燕介绍了情况。队长王强也来了。",
    )
    posts = {(r.head, r.tail, r.post) for r in record.relations if r.relation == "holds_post"}
    assert ("陈根生", "银发先锋队", "队长") in posts, posts
    assert not {p for p in posts if p[0] == "王强"}, posts
