"""Rules found on invented pieces about the Party bodies of units: a university and its
colleges, a hospital and its departments, a state company's project sites, a cadres'
bureau, border villages, a market, a veterans' branch, a village cooperative, a work team
sent to a village. Names of bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract, names, posts_of, quantities_of, triples

from kg.pipeline import Extractor


def test_the_schools_committee_is_the_schools_not_a_colleges(extractor: Extractor) -> None:
    """学校党委 after 青岛科技学院党委 and 材料学院党委 is the university's committee: a school
    holds its colleges, and its name opens with its place."""
    record = extract(
        extractor,
        "青岛科技学院党委深入实施“一院一品”党建品牌创建工程。材料学院党委书记周文斌介绍，学院以"
        "培育工程为抓手选优配强支部书记。今年以来，学校党委还开展了“党员先锋岗”评选活动。",
    )
    implements = triples(record, "implements")
    assert ("青岛科技学院党委", "党员先锋岗评选活动") in implements, implements
    assert not {h for h, _ in implements if h == "材料学院党委"}, implements


def test_a_unit_named_before_opens_no_name_of_its_department(extractor: Extractor) -> None:
    """医院急诊科党支部, 学院化学工程系教工党支部: the hospital or college named before, whose
    department's branch this is; 全院教工党支部 is every one of them; 学院路 is a name."""
    record = extract(
        extractor,
        "在全省评选中，医院急诊科党支部被评为“先进基层党组织”，学院化学工程系教工党支部入选"
        "样板支部。全院教工党支部书记均由学科带头人担任。学院路街道党工委书记王强出席。"
        "医院集团党委获评先进。",
    )
    orgs = names(record, "ORG")
    assert {"急诊科党支部", "化学工程系教工党支部", "学院路街道党工委"} <= orgs, orgs
    assert not {o for o in orgs if o.startswith(("医院", "学院化", "全院"))}, orgs
    assert "集团党委" not in orgs, orgs  # 医院集团党委: a kind of group, no name either way


def test_a_department_written_alone_is_the_one_named_before(extractor: Extractor) -> None:
    """老干部局 after 镜湖区委老干部局 is that bureau, though another (安徽省委老干部局) is
    named later: no body of its own."""
    record = extract(
        extractor,
        "镜湖区委老干部局局长孙志强说，全区共建立离退休干部党支部32个。老干部局实施“银发先锋”"
        "工程。去年，该支部被安徽省委老干部局授予“先进基层党组织”称号。",
    )
    assert "老干部局" not in names(record, "ORG"), names(record, "ORG")
    assert ("镜湖区委老干部局", "银发先锋工程") in triples(record, "implements")


def test_a_post_named_after_its_holder(extractor: Extractor) -> None:
    """X临时党支部由项目经理甲任书记, 由甲任书记、乙任副书记: the post after who holds it."""
    record = extract(
        extractor,
        "三期工程项目临时党支部由项目经理刘振华任书记，下设3个党小组。石桥村党支部由王强任书记、"
        "李明任副书记。",
    )
    posts = posts_of(record)
    assert ("刘振华", "三期工程项目临时党支部", "书记") in posts, posts
    assert {("王强", "石桥村党支部", "书记"), ("李明", "石桥村党支部", "副书记")} <= posts, posts


def test_border_units_of_no_name(extractor: Extractor) -> None:
    """边境派出所党支部, 边防连党支部, 边境村党群服务中心: kinds of unit on the border, no names."""
    record = extract(
        extractor,
        "勐腊县委推动边境村党组织与驻地边境派出所党支部、边防连党支部开展结对共建。今年以来，"
        "勐腊县累计投入资金2300万元，建设边境村党群服务中心28个，开展“红色边疆行”主题活动。",
    )
    assert names(record, "ORG") == {"勐腊县委"}, names(record, "ORG")
    assert not {p for p in names(record, "PLACE") if p.startswith("边境")}, names(record, "PLACE")
    assert ("勐腊县", "红色边疆行主题活动") in triples(record, "implements")


def test_a_companys_unnamed_committee_acts_for_the_company(extractor: Extractor) -> None:
    """集团党委 in a piece on one company that never names its committee: the company carries
    out what it does and has what it counts; a project's site office (工程项目部) is no name."""
    record = extract(
        extractor,
        "在山东港湾建设集团日照港区三期工程施工现场，党旗格外醒目。去年以来，集团党委在重点工程"
        "项目部成立临时党支部15个，推行“党建+安全生产”工作法，设立党员责任区56个。",
    )
    assert "工程项目部" not in names(record, "ORG"), names(record, "ORG")
    assert ("山东港湾建设集团", "党建+安全生产工作法") in triples(record, "implements")
    assert ("山东港湾建设集团", "branches", 15) in quantities_of(record), quantities_of(record)


def test_counts_of_the_scope_of_the_body_set_up_and_of_the_run_unit(
    extractor: Extractor,
) -> None:
    """全县…村集体经济收入…的村达到218个: the county's; 成立X党支部，目前支部共有党员64名: the
    branch's; …隶属于乙党组，下设党支部5个: not the parent's; 村党支部领办的X合作社年产值…:
    the cooperative's."""
    record = extract(
        extractor,
        "花垣县将继续推广十八洞村经验，全县村集体经济收入10万元以上的村已达到218个。2022年，"
        "金州区退役军人事务局成立退役军人党支部，目前支部共有党员64名。华中食品城市场党委成立于"
        "2021年，隶属于二七区市场监管局党组，下设党支部5个。如今，村党支部领办的十八洞村苗绣"
        "合作社年产值超过300万元。",
    )
    found = quantities_of(record)
    assert {
        ("花垣县", "other", 218),
        ("退役军人党支部", "party_members", 64),
        ("华中食品城市场党委", "branches", 5),
        ("十八洞村苗绣合作社", "money_cny", 3_000_000),
    } <= found, found


def test_a_first_secretary_is_no_post_of_the_team(extractor: Extractor) -> None:
    """驻村工作队队长、第一书记甲: 队长 of the team; the first secretary's post is the
    village's."""
    record = extract(
        extractor,
        "在温宿县佳木镇托万克佳木村，自治区人社厅驻村工作队队长、第一书记艾尔肯·吐尔逊带领工作"
        "队员入户走访。",
    )
    posts = posts_of(record)
    assert posts == {("艾尔肯·吐尔逊", "自治区人社厅驻村工作队", "队长")}, posts


def test_a_region_of_the_country_is_in_no_district(extractor: Extractor) -> None:
    """二七区的华中食品城: 华中 (central China) opens the market's name; it is in no district."""
    record = extract(extractor, "在河南省郑州市二七区的华中食品城，一面面小红旗插在摊位前。")
    assert not {h for h, t in triples(record, "located_in") if t == "二七区"}, record.relations


def test_a_service_team_set_up_under_a_quoted_name(extractor: Extractor) -> None:
    """“阳光守护”青少年服务团队 is a team (服务团队 is a kind of team)."""
    record = extract(
        extractor, "浦东新区阳光社工服务中心党支部成立了“阳光守护”青少年服务团队。"
    )
    assert ("浦东新区阳光社工服务中心党支部", "阳光守护青少年服务团队") in triples(
        record, "established"
    )


def test_a_unit_word_before_a_departments_name_resumes_nothing(extractor: Extractor) -> None:
    """医院心内科党支部书记…介绍，支部…义诊32场: the branch's count, not the hospital's (医院
    opens the department's name, it resumes no name)."""
    record = extract(
        extractor,
        "近年来，四川大学华西医院党委推动党建。医院心内科党支部书记、科主任陈晓平介绍，支部开展"
        "“党员专家下基层”活动，今年已组织党员医生到成都市新都区等地义诊32场。",
    )
    assert ("心内科党支部", "other", 32) in quantities_of(record), quantities_of(record)


def test_a_body_that_guided_a_teams_setting_up_set_it_up(extractor: Extractor) -> None:
    """由团堡镇党委指导组建: 组建 is the verb (no 指导组, a guidance group), and the body set
    the team up; it does not manage it. 由乙于2020年设立: a date between."""
    record = extract(
        extractor,
        "“夕阳红”志愿服务队成立于2019年，由团堡镇党委指导组建。“李红工作室”由五老村街道党工委"
        "于2020年设立。",
    )
    assert not {o for o in names(record, "ORG") if o.endswith("指导组")}, names(record, "ORG")
    established = triples(record, "established")
    assert {
        ("团堡镇党委", "夕阳红志愿服务队"),
        ("五老村街道党工委", "李红工作室"),
    } <= established, established
    assert not triples(record, "manages"), triples(record, "manages")


def test_a_group_member_keeps_its_group(extractor: Extractor) -> None:
    """党组成员: 组成 there is no verb; the leading group is named and its member holds a
    post."""
    record = extract(extractor, "行业党委书记由市交通运输局党组成员、副局长钱卫东兼任。")
    assert "市交通运输局党组" in names(record, "ORG"), names(record, "ORG")


def test_posts_in_brackets_after_a_name(extractor: Extractor) -> None:
    """王某（X公司党委书记、董事长）: 书记 of the committee, 董事长 of the company; and what a
    speaker so labelled counts (我们…共有项目党支部38个) is the company's, not the
    speaker's."""
    record = extract(
        extractor,
        "记者：中铁建工集团第五工程有限公司有哪些特色做法？\n"
        "王志刚（中铁建工集团第五工程有限公司党委书记、董事长）：我们坚持党建引领。\n"
        "记者：项目上呢？\n王志刚（公司党委书记、董事长）：目前在建项目共有项目党支部38个。",
    )
    posts = posts_of(record)
    assert {
        ("王志刚", "中铁建工集团第五工程有限公司党委", "书记"),
        ("王志刚", "中铁建工集团第五工程有限公司", "董事长"),
    } <= posts, posts
    assert not {q for q in quantities_of(record) if q[0] == "王志刚"}, quantities_of(record)


def test_a_studio_named_after_a_community_secretary(extractor: Extractor) -> None:
    """李红社区书记工作室…李红说: the studio of 李红, a community secretary, no community
    李红社区 (兆麟社区, named after no one the piece names, is still one); “社区书记工作室”
    alone is a kind of studio."""
    record = extract(
        extractor,
        "“社区书记工作室”传帮带育新人\n在秦淮区，有一间“李红社区书记工作室”。李红说，工作室"
        "采取“师带徒”方式。在道里区兆麟社区，社区党委书记王芳说。",
    )
    assert names(record, "ORG") == {"李红社区书记工作室"}, names(record, "ORG")
    assert "李红社区" not in names(record, "PLACE"), names(record, "PLACE")
    assert "兆麟社区" in names(record, "PLACE"), names(record, "PLACE")


def test_a_joint_committee_of_villages(extractor: Extractor) -> None:
    """岩头镇联村党委: 联村 (joined villages) is no village 联; 5个村村集体经济收入合计…: the
    villages together, not the last one named."""
    record = extract(
        extractor,
        "浦江县岩头镇推动岩头村、礼张村、塘里村等5个村成立岩头镇联村党委。联村党委成立后，统筹"
        "5个村的资源，今年5个村村集体经济收入合计达到860万元。",
    )
    assert "联村" not in names(record, "PLACE"), names(record, "PLACE")
    assert "岩头镇联村党委" in names(record, "ORG"), names(record, "ORG")
    money = {q for q in quantities_of(record) if q[1] == "money_cny"}
    assert money and not {q for q in money if q[0].endswith("村")}, money


def test_a_kind_of_student_between_a_post_and_the_name(extractor: Extractor) -> None:
    """支部书记、博士研究生刘某: who the secretary is (a doctoral student), not a second post."""
    record = extract(
        extractor,
        "研究生第一党支部的党员们活跃在田间地头。支部书记、博士研究生刘思远带领党员组建服务团队。",
    )
    assert ("刘思远", "研究生第一党支部", "书记") in posts_of(record), posts_of(record)


def test_a_list_of_people_closed_by_its_count(extractor: Extractor) -> None:
    """…书记陈明等8名基层党组织书记述职，其余42名…: 等 ends no name (陈明, not 陈明等), and
    no count of the sentence is one of the listed people's."""
    record = extract(
        extractor,
        "1月15日，中共张掖市甘州区委召开述职评议会。会上，梁家墩镇党委书记李婷、区教育局党组书记"
        "陈明等8名基层党组织书记现场述职，其余42名基层党组织书记进行书面述职。",
    )
    assert "陈明" in names(record, "PERSON"), names(record, "PERSON")
    assert ("陈明", "区教育局党组", "书记") in posts_of(record), posts_of(record)
    assert not {q for q in quantities_of(record) if q[0] in {"李婷", "陈明"}}, quantities_of(
        record
    )


def test_a_department_of_organization_and_personnel(extractor: Extractor) -> None:
    """党工委委员、组织人事部部长甲: 委员 of the committee; 组织人事部 (人事部) is a kind of
    department, no name."""
    record = extract(
        extractor,
        "南通市经济技术开发区党工委实施工程。开发区党工委委员、组织人事部部长沈建国介绍。",
    )
    assert names(record, "ORG") == {"南通市经济技术开发区党工委"}, names(record, "ORG")
    assert ("沈建国", "南通市经济技术开发区党工委", "委员") in posts_of(record)


def test_the_holders_of_a_committee_set_up_named_after_it(extractor: Extractor) -> None:
    """组建了X联合党委，由甲局副部长乙任书记、丙科科长丁任副书记: both holders, each after
    their other post."""
    record = extract(
        extractor,
        "两地组织部门共同组建了飞地产业园联合党委，由景宁县委组织部副部长雷晓东任书记、鄞州区委"
        "组织部组织科科长胡丽萍任副书记。",
    )
    posts = posts_of(record)
    assert {
        ("雷晓东", "飞地产业园联合党委", "书记"),
        ("胡丽萍", "飞地产业园联合党委", "副书记"),
    } <= posts, posts


def test_a_kind_quoted_after_its_place(extractor: Extractor) -> None:
    """南营门街道新文化花园社区“大党委”: the community's body (quotes dropped from the name),
    which what follows counts."""
    record = extract(
        extractor,
        "南营门街道新文化花园社区“大党委”由社区党委、辖区8家单位党组织组成。",
    )
    assert "南营门街道新文化花园社区大党委" in names(record, "ORG"), names(record, "ORG")
    assert ("南营门街道新文化花园社区大党委", "other", 8) in quantities_of(record)


def test_the_county_after_a_speaker(extractor: Extractor) -> None:
    """科长甲说，县里还出台了《X》: the county issues it, not the speaker's section."""
    record = extract(
        extractor,
        "酉阳土家族苗族自治县实施“红色领航”人才工程。县委组织部干部监督科科长冉丽说，县里还出台了"
        "《酉阳县乡村振兴人才支持十条措施》。",
    )
    assert ("酉阳土家族苗族自治县", "酉阳县乡村振兴人才支持十条措施") in triples(
        record, "implements"
    )


def test_no_name_runs_into_a_street(extractor: Extractor) -> None:
    """西陵区学院街道: the model's 西陵区学院 ends inside the street 学院街道, no college;
    继续与街道开展共建: 与 (with) before the kind ends no street's name (no 续与街道)."""
    record = extract(
        extractor,
        "在湖北省宜昌市西陵区学院街道，一家幸福食堂每天为老人提供午餐。腾讯公司党委书记郭凯天表示，"
        "公司将继续与街道开展党建共建。",
    )
    assert "学院街道" in names(record, "PLACE"), names(record, "PLACE")
    assert not {o for o in names(record, "ORG") if o.endswith("学院")}, names(record, "ORG")
    assert not {p for p in names(record, "PLACE") if p.endswith("与街道")}, names(record, "PLACE")


def test_who_holds_the_post_after_by_is_no_subject(extractor: Extractor) -> None:
    """示范带成立了临时党委，由乙党委书记甲任书记…。示范带接待游客45万人次: not 甲's."""
    record = extract(
        extractor,
        "示范带成立了临时党委，由叶坪乡党委书记刘建平任书记，统筹推进产业发展等工作。今年以来，"
        "示范带接待游客45万人次。",
    )
    assert not {q for q in quantities_of(record) if q[0] == "刘建平"}, quantities_of(record)


def test_a_body_joining_another_after_its_way_of_working(extractor: Extractor) -> None:
    """甲以红色旅游为主线，联合乙打造X: 甲 and 乙 both carry it out."""
    record = extract(
        extractor,
        "江西省赣州市瑞金市叶坪乡以红色旅游为主线，联合沙洲坝镇打造“红都”乡村振兴示范带。",
    )
    implements = triples(record, "implements")
    assert {("叶坪乡", "红都乡村振兴示范带"), ("沙洲坝镇", "红都乡村振兴示范带")} <= implements


def test_a_branch_named_after_a_city_and_a_district(extractor: Extractor) -> None:
    """中国农业银行股份有限公司成都锦江支行: the bank is the host, not 农业银行…公司成都 (the
    places between a company and its branch are the branch's, however many)."""
    record = extract(extractor, "中国农业银行股份有限公司成都锦江支行党支部坚持党建引领。")
    orgs = names(record, "ORG")
    assert "中国农业银行股份有限公司" in orgs, orgs
    assert not {o for o in orgs if o.endswith("成都")}, orgs


def test_offices_of_a_party_committee(extractor: Extractor) -> None:
    """区委农办, 市委网信办: offices of the committee, with their heads."""
    record = extract(
        extractor, "南海区委农办主任何伟东说，全区已有224个村实现书记、主任“一肩挑”。"
    )
    assert ("何伟东", "南海区委农办", "主任") in posts_of(record), posts_of(record)
    assert ("南海区委农办", "南海区委") in triples(record, "sub_organization_of")


def test_a_quoted_venue_counted_is_a_kind(extractor: Extractor) -> None:
    """建设“小哥驿站”86个: a kind of venue counted, no venue; “红枫驿站” alone is one."""
    record = extract(
        extractor, "金水区在全区建设“小哥驿站”86个。在“红枫驿站”，快递员可以休息。"
    )
    places = names(record, "PLACE")
    assert "小哥驿站" not in places and "红枫驿站" in places, places


def test_a_joint_economic_cooperative(extractor: Extractor) -> None:
    """胜观村股份经济合作联合社: 联合社 is a kind of body (a village's joint cooperative)."""
    record = extract(extractor, "他带领村两委成立胜观村股份经济合作联合社，流转土地3200亩。")
    assert "胜观村股份经济合作联合社" in names(record, "ORG"), names(record, "ORG")
    # where the model cuts the village off, no kind is left as a name
    record = extract(extractor, "他带领村两委成立胜观村股份经济合作联合社，发展柑橘产业。")
    assert "股份经济合作联合社" not in names(record, "ORG"), names(record, "ORG")


def test_an_inner_body_written_by_its_level_only(extractor: Extractor) -> None:
    """县委组织部…阜平县委常委、组织部部长甲: the piece writes the department as 县委组织部
    only; 部长 is held there, 常委 in the county committee."""
    record = extract(
        extractor,
        "县委组织部对全县209名村党组织书记逐一建立档案。阜平县委常委、组织部部长孙玉杰表示，"
        "将选树20名优秀村党组织书记。",
    )
    posts = posts_of(record)
    assert {("孙玉杰", "阜平县委", "常委"), ("孙玉杰", "县委组织部", "部长")} <= posts, posts


def test_a_modal_and_its_verb_open_no_programs_name(extractor: Extractor) -> None:
    """我们要打响“水田坝”茶叶品牌: 要 and the verb 打响 are no part of the brand's name."""
    record = extract(extractor, "村党总支书记李宗刚说：“下一步，我们要打响‘水田坝’茶叶品牌。”")
    assert names(record, "PROGRAM") == {"水田坝茶叶品牌"}, names(record, "PROGRAM")
