"""Rules found on invented pieces about Party building in institutions and sectors not
probed before (hospitals, courts and procuratorates, cooperatives, river chiefs, rural
banks, law firms, science parks, mines, ports, veterans' stations, border villages, state
construction groups). Names of bodies and people here are invented; places are real."""

from __future__ import annotations

from extracted import extract, names, posts_of, quantities_of, triples

from kg.pipeline import Extractor


def test_a_chief_of_grassroots_governance_is_a_second_post(extractor: Extractor) -> None:
    """水南村党支部书记、村级河长甲: 河长 is a post (of a body left unnamed), so the first post
    is still the branch's."""
    record = extract(extractor, "南平市水南村党支部书记、村级河长黄永辉每周巡河两次。")
    assert ("黄永辉", "南平市水南村党支部", "书记") in posts_of(record), posts_of(record)


def test_a_coal_mine_is_a_body_and_its_kind_refers_to_it(extractor: Extractor) -> None:
    """大柳塔煤矿党委 … 矿党委书记甲: 煤矿 ends a body's name, and 矿党委 is the mine's
    committee named before."""
    record = extract(
        extractor,
        "陕西省神木市大柳塔煤矿党委坚持安全第一。矿党委书记薛振华告诉记者，"
        "矿党委实施“党建+安全”工程。今年，大柳塔煤矿共有党员760名。",
    )
    mine, committee = "陕西省神木市大柳塔煤矿", "陕西省神木市大柳塔煤矿党委"
    assert mine in names(record, "ORG")
    assert (committee, mine) in triples(record, "sub_organization_of")
    assert ("薛振华", committee, "书记") in posts_of(record), posts_of(record)
    assert (committee, "党建+安全工程") in triples(record, "implements")
    assert (mine, "party_members", 760) in quantities_of(record), quantities_of(record)


def test_a_site_kind_refers_to_the_company_of_the_site(extractor: Extractor) -> None:
    """码头党委 after 前湾集装箱码头公司党委: the wharf's kind stands for the wharf company's
    committee, and is no body of its own."""
    record = extract(
        extractor,
        "青岛港集团前湾集装箱码头公司党委书记孙玉刚介绍，码头党委下设8个党支部。",
    )
    committee = "青岛港集团前湾集装箱码头公司党委"
    assert "码头党委" not in names(record, "ORG")
    assert (committee, "branches", 8) in quantities_of(record), quantities_of(record)


def test_a_park_is_resumed_by_its_kind(extractor: Extractor) -> None:
    """园区党委书记甲, 园区新建…18个: the park committee named before (X产业园党委)."""
    record = extract(
        extractor,
        "合肥市创新产业园党委聚焦科技型企业。园区党委书记许海峰介绍，园区实行“楼宇党建”模式。"
        "今年，园区新建两新组织党组织18个，发展党员35名。",
    )
    committee = "合肥市创新产业园党委"
    assert ("许海峰", committee, "书记") in posts_of(record), posts_of(record)
    counts = quantities_of(record)
    assert (committee, "party_organizations", 18) in counts, counts
    assert (committee, "party_members", 35) in counts, counts


def test_kinds_of_bodies_and_places_name_nothing(extractor: Extractor) -> None:
    """A rank in quotes, a residents' body, a court, a cooperative, a rural bank, a science
    park, a place of residence and a site's own branch are kinds, no names."""
    record = extract(
        extractor,
        "法院党组以党建促审判执行。农民专业合作社里的党支部。农商银行党建助力乡村振兴。"
        "科创园区里的党群服务中心。市直机关党员干部到居住地社区报到。"
        "东岳村党支部从软弱涣散村党组织变成了县级“五星”党支部。"
        "今年在辖区26个住宅小区成立业主委员会党支部。依托站内党支部，开展服务活动。",
    )
    found = {e.text for e in record.entities}
    for kind in (
        "法院党组",
        "农民专业合作社",
        "农商银行",
        "科创园区",
        "居住地社区",
        "五星党支部",
        "业主委员会党支部",
        "站内党支部",
    ):
        assert kind not in found, (kind, found)
    assert "东岳村党支部" in names(record, "ORG")


def test_members_named_by_their_work_are_party_members(extractor: Extractor) -> None:
    """党员干警97名, 党员护理员27名 count members; 党员先锋岗86个 counts posts, not members."""
    record = extract(
        extractor,
        "绵阳市涪城区人民法院共有党员干警97名。静安区养老服务中心党支部吸纳党员护理员27名。"
        "大柳塔煤矿党委在井下设立党员先锋岗86个。",
    )
    counts = quantities_of(record)
    assert ("绵阳市涪城区人民法院", "party_members", 97) in counts, counts
    assert ("静安区养老服务中心党支部", "party_members", 27) in counts, counts
    assert not {c for c in counts if c[2] == 86 and c[1] == "party_members"}, counts


def test_putting_into_a_team_ends_the_name_before_it(extractor: Extractor) -> None:
    """所里把党员律师编入社区法律服务队: 编入 is no part of the team's name."""
    record = extract(extractor, "所里把党员律师编入社区法律服务队，今年已参与调解纠纷140余件。")
    assert not {o for o in names(record, "ORG") if "编入" in o}, names(record, "ORG")


def test_a_demonstrative_and_a_body_character_resume_the_body(extractor: Extractor) -> None:
    """该行已累计发放4.6亿元: the bank named before, not the county of the sentence before."""
    record = extract(
        extractor,
        "江西省赣州市于都县农村商业银行党委实施“党建+金融”工程，与全县23个乡镇党委开展共建。"
        "该行党委书记钟明华介绍，全行开展“金融夜校”活动。"
        "在于都县梓山镇，村民发展富硒蔬菜产业。截至今年9月末，该行已累计发放贷款4.6亿元。",
    )
    counts = quantities_of(record)
    assert ("江西省赣州市于都县农村商业银行", "money_cny", 460000000) in counts, counts


def test_a_village_the_model_reads_as_a_person_stays_in_the_name(
    extractor: Extractor,
) -> None:
    """托克扎克镇|阿亚格曼干村|驻村工作队: a village the rules found after a town, that the
    model reads as a person, is the team's place; 村工作队 alone names nothing."""
    record = extract(
        extractor,
        "新疆维吾尔自治区喀什地区疏附县托克扎克镇阿亚格曼干村驻村工作队由自治区人民检察院选派。",
    )
    teams = {o for o in names(record, "ORG") if o.endswith("驻村工作队")}
    assert teams and all("阿亚格曼干村" in t for t in teams), names(record, "ORG")
    assert "阿亚格曼干村" in names(record, "PLACE")
    record = extract(extractor, "阿亚格曼干村驻村工作队由自治区人民检察院选派。")
    assert "村工作队" not in names(record, "ORG")


def test_a_bureaus_group_is_the_bureau(extractor: Extractor) -> None:
    """中国铁建十二局集团: one company, no bureau inside it; 中建六局党委 still sits in
    中建六局."""
    record = extract(
        extractor, "中国铁建十二局集团第三工程有限公司党委书记张三说。中建六局党委书记李四说。"
    )
    orgs = names(record, "ORG")
    assert "中国铁建十二局" not in orgs, orgs
    group = "中国铁建十二局集团"
    assert (group + "第三工程有限公司", group) in triples(record, "sub_organization_of")
    assert ("中建六局党委", "中建六局") in triples(record, "sub_organization_of")


def test_a_project_branch_is_the_project_departments(extractor: Extractor) -> None:
    """项目党支部书记甲 after X项目部临时党支部; 项目部设立…12个: the project department's."""
    record = extract(
        extractor,
        "中国铁建十二局集团第三工程有限公司雄安新区项目部临时党支部成立以来，把支部建在项目上。"
        "项目党支部书记、项目经理高文斌介绍，项目部设立党员先锋岗12个。",
    )
    department = "中国铁建十二局集团第三工程有限公司雄安新区项目部"
    assert ("高文斌", department + "临时党支部", "书记") in posts_of(record), posts_of(record)
    assert (department, "other", 12) in quantities_of(record), quantities_of(record)


def test_a_committees_kind_before_a_post_is_the_one_named(extractor: Extractor) -> None:
    """检察长、党组书记甲: the procuratorate's leading group named before; 按照“党委领导…”
    speaks of every committee and names none."""
    record = extract(
        extractor,
        "石家庄市长安区人民检察院党组开展“一支部一品牌”创建活动。"
        "检察长、党组书记赵明辉介绍，院党组建立双向考核机制。"
        "联盟按照“党委领导、行业联动”的原则，贯彻“四共”方针。",
    )
    posts = posts_of(record)
    assert ("赵明辉", "石家庄市长安区人民检察院党组", "书记") in posts, posts
    assert not {e.text for e in record.entities if e.text == "党委"}


def test_a_body_opened_by_a_place_read_whole_elsewhere_keeps_it(extractor: Extractor) -> None:
    """沅陵县借母溪乡… 借母溪乡党委书记甲: the place the model read whole once opens the
    committee's name, its first character no verb (借)."""
    record = extract(
        extractor,
        "杨光明是湖南省怀化市沅陵县借母溪乡借母溪村的老支书。借母溪乡党委书记邓建军说，"
        "杨光明是全乡党员干部学习的榜样。",
    )
    assert ("邓建军", "借母溪乡党委", "书记") in posts_of(record), posts_of(record)
    assert "母溪乡党委" not in names(record, "ORG")


def test_counted_places_name_no_body(extractor: Extractor) -> None:
    """两镇党委: the committees of two towns, none named."""
    record = extract(extractor, "两镇党委将在岸线巡护、生态修复等方面开展合作。")
    assert "两镇党委" not in {e.text for e in record.entities}


def test_a_ceremony_ends_the_name_after_it(extractor: Extractor) -> None:
    """签约仪式|雁塔李和村党委: a ceremony written right before a body is no part of its name."""
    record = extract(
        extractor,
        "西安市雁塔区李和村党委举行党建联建签约仪式雁塔李和村党委负责人表示，将以联建促发展。",
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if "仪式" in o}, orgs
