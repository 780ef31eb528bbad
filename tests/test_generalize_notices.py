"""Rules found on invented pieces in the genres of official notices: statistical bulletins,
appointment notices, Party congresses, inspection feedback, speeches, democratic reviews,
deputies' rooms, rolls of honour and interviews. Names of bodies and people here are
invented; places are real."""

from __future__ import annotations

from extracted import extract, names, posts_of, triples

from kg.pipeline import Extractor


def test_a_term_of_office_is_no_part_of_a_name(extractor: Extractor) -> None:
    """新一届乡党委, 上届乡党委: the term (新一届, 上届) names no township and opens no body."""
    record = extract(
        extractor,
        "3月18日，柯城区石室乡召开党员代表大会，选举产生新一届乡党委领导班子。全体代表听取了"
        "吴建军代表上届乡党委所作的工作报告。",
    )
    places = names(record, "PLACE")
    orgs = names(record, "ORG")
    assert not {p for p in places if "届" in p}, places
    assert not {o for o in orgs if "届" in o or "代表" in o}, orgs
    assert "石室乡" in places, places


def test_a_deputies_room_of_no_name_is_no_body(extractor: Extractor) -> None:
    """党代表工作室 (every district has them) names no body; 樟潭街道党代表工作室 does."""
    record = extract(
        extractor,
        "党代表工作室成为群众家门口的“连心桥”\n“有事找党代表，现在方便多了。”在衢江区樟潭"
        "街道党代表工作室，居民郑大伯竖起了大拇指。2024年以来，衢江区委组织部在全区建立党代表"
        "工作室56个。樟潭街道党工委副书记李文斌介绍，街道党代表工作室建立了“收集—交办—反馈”"
        "闭环机制。",
    )
    rooms = {o for o in names(record, "ORG") if "党代表工作室" in o}
    assert rooms == {"衢江区樟潭街道党代表工作室"}, rooms


def test_a_notice_of_appointments_is_no_program(extractor: Extractor) -> None:
    """关于甲等同志职务任免的通知 is no program; 关于加强…的通知 is."""
    record = extract(
        extractor,
        "中共江山市委关于周明远等同志职务任免的通知\n任命周明远同志为中共江山市贺村镇委员会"
        "书记。江山市委印发了关于加强村级组织建设的通知。",
    )
    programs = names(record, "PROGRAM")
    assert not {p for p in programs if "任免" in p}, programs
    assert "关于加强村级组织建设的通知" in programs, programs


def test_a_verb_after_a_post_in_a_headline_is_no_name(extractor: Extractor) -> None:
    """部长谈新就业群体党建: 谈 (talks about) and its object are no person."""
    record = extract(
        extractor,
        "龙游县委组织部部长谈新就业群体党建\n问：龙游县有哪些探索？答：龙游县委组织部部长"
        "陈思远：我们在全县成立了快递行业党委。",
    )
    people = names(record, "PERSON")
    assert "谈新" not in people, people
    assert ("陈思远", "龙游县委组织部", "部长") in posts_of(record), posts_of(record)


def test_a_post_and_de_before_a_name_leave_the_name_whole(extractor: Extractor) -> None:
    """担任X党委书记的甲说: the name after 的 is 甲, and 甲 holds the post."""
    record = extract(
        extractor, "担任新塘边社区党委书记的毛丽君说，社区党委将持续深化“红色物业”建设。"
    )
    people = names(record, "PERSON")
    assert "毛丽君" in people, people
    assert not {p for p in people if p.startswith("的")}, people
    assert ("毛丽君", "新塘边社区党委", "书记") in posts_of(record), posts_of(record)


def test_a_kind_of_town_is_no_town(extractor: Extractor) -> None:
    """小城镇治理, 特色小镇, 建制镇 name no town; 林城镇 and 信息港小镇 do."""
    record = extract(
        extractor,
        "江山市清湖街道：党建引领小城镇治理\n全市建设特色小镇和建制镇。林城镇党委与信息港小镇"
        "党群服务中心结对共建。",
    )
    places = names(record, "PLACE")
    assert not places & {"小城镇", "特色小镇", "建制镇", "小城", "建制"}, places
    assert {"林城镇", "信息港小镇"} <= places, places


def test_people_granted_an_honor_after_their_bodies_and_posts(extractor: Extractor) -> None:
    """授予甲单位书记乙、丙单位书记丁“X”称号: the people are honored, not their bodies."""
    record = extract(
        extractor,
        "日前，浙江省委决定，授予常山县球川镇党委书记叶建平、常山县辉埠镇宋畈村党支部书记"
        "周秀英“浙江省优秀共产党员”称号。",
    )
    awarded = triples(record, "awarded")
    assert {("叶建平", "浙江省优秀共产党员"), ("周秀英", "浙江省优秀共产党员")} <= awarded, awarded
    assert not {head for head, _ in awarded} & names(record, "ORG"), awarded


def test_two_counts_before_the_named_children(extractor: Extractor) -> None:
    """下辖5个村党支部和2个社区党委，分别是A、B…: every child named is the committee's."""
    record = extract(
        extractor,
        "清湖街道党工委下辖5个村党支部和2个社区党委，分别是清湖村党支部、清泉村党支部、"
        "新塘边社区党委和清湖社区党委。",
    )
    children = {
        child for child, parent in triples(record, "sub_organization_of")
        if parent == "清湖街道党工委"
    }  # fmt: skip
    assert children == {"清湖村党支部", "清泉村党支部", "新塘边社区党委", "清湖社区党委"}, children


def test_a_post_held_by_one_named_after_yi_zhi(extractor: Extractor) -> None:
    """X党支部书记一职由退役军人甲担任: 甲 holds the post."""
    record = extract(
        extractor, "清湖村党支部书记一职由退役军人祝海斌担任，他带领村民发展民宿经济。"
    )
    assert ("祝海斌", "清湖村党支部", "书记") in posts_of(record), posts_of(record)


def test_a_quoted_service_launched_by_a_body(extractor: Extractor) -> None:
    """“红色代办”服务由X牵头推出: 服务 with no object after it is the program's kind, and
    the body after 由 carries it out."""
    record = extract(
        extractor,
        "“红色代办”服务由虎山街道党工委牵头推出，整合街道便民服务中心资源，组建党员代办员队伍。",
    )
    assert any("红色代办" in p for p in names(record, "PROGRAM")), names(record, "PROGRAM")
    assert {o for o, p in triples(record, "implements") if "红色代办" in p} == {
        "虎山街道党工委"
    }, triples(record, "implements")


def test_a_brigade_or_prison_committee_named_again(extractor: Extractor) -> None:
    """支队党委 and 监狱党委 stand for the brigade's and the prison's committee named before;
    监狱长 and 政治教导员 are posts, so the secretary's post before them is kept."""
    record = extract(
        extractor,
        "衢州市消防救援支队党委坚持“支部建在站上”。支队党委推行“党建+实战”工作模式。"
        "浙江省第四监狱党委深入开展“红色狱警”培育工程。监狱党委书记、监狱长孙国庆说，要把支部"
        "建在监区上。柯城区消防救援大队党委书记、政治教导员吴海涛介绍了经验。",
    )
    orgs = names(record, "ORG")
    assert not orgs & {"支队党委", "监狱党委"}, orgs
    assert ("衢州市消防救援支队党委", "党建+实战工作模式") in triples(record, "implements")
    posts = posts_of(record)
    assert ("孙国庆", "浙江省第四监狱党委", "书记") in posts, posts
    assert ("吴海涛", "柯城区消防救援大队党委", "书记") in posts, posts


def test_an_alliance_whose_name_holds_a_short_kind(extractor: Extractor) -> None:
    """“助残联盟”: 残联 (a federation's short kind) inside it does not end the name."""
    record = extract(
        extractor,
        "常山县残联党支部联合常山县人民医院党委成立“助残联盟”，为残疾人提供康复服务。",
    )
    orgs = names(record, "ORG")
    assert "助残联盟" in orgs, orgs
    assert "助残联" not in orgs, orgs
    assert ("常山县残联党支部", "助残联盟") in triples(record, "established")


def test_a_federation_written_again_by_its_short_kind(extractor: Extractor) -> None:
    """常山县残联 after 常山县残疾人联合会 is the same body (残联: the short kind)."""
    record = extract(
        extractor, "常山县残疾人联合会召开会议。常山县残联理事长毛建新说，要做好助残服务。"
    )
    assert names(record, "ORG") == {"常山县残疾人联合会"}, names(record, "ORG")
    assert ("毛建新", "常山县残疾人联合会", "理事长") in posts_of(record), posts_of(record)


def test_a_bureau_that_is_also_a_company_names_one_branch(extractor: Extractor) -> None:
    """江山市烟草专卖局（分公司）党支部: the bracketed kind is inside the branch's name, and the
    branch is no bare 党支部 standing for another one."""
    record = extract(
        extractor,
        "近年来，江山市烟草专卖局（分公司）党支部以“红色引擎”党建品牌创建为抓手。支部与江山市"
        "大陈乡大陈村党支部结对共建。",
    )
    orgs = names(record, "ORG")
    assert "江山市烟草专卖局（分公司）党支部" in orgs, orgs
    assert not {o for o in orgs if o.startswith("（")}, orgs
    assert ("江山市烟草专卖局（分公司）党支部", "红色引擎党建品牌创建") in triples(
        record, "implements"
    ), triples(record, "implements")


def test_a_review_headed_by_a_street_and_signed_by_its_committee(extractor: Extractor) -> None:
    """西湖区北山街道…工作总结, signed 北山街道党工委: the street acts in the measures with no
    subject, not the district before it in the headline."""
    record = extract(
        extractor,
        "西湖区北山街道2025年度基层党建工作总结\n今年以来，我们坚持以党建引领基层治理。\n"
        "一是实施“红色根脉强基工程”，新建党群服务驿站6个；二是深化“双报到”机制。\n"
        "北山街道党工委\n2025年12月20日",
    )
    actors = {o for o, p in triples(record, "implements") if p.startswith("红色根脉")}
    assert actors == {"北山街道"}, triples(record, "implements")


def test_a_reporter_under_a_source_line(extractor: Extractor) -> None:
    """来源：衢州日报 作者：记者 甲 通讯员 乙 编辑：丙: the reporter and the editor hold posts at
    the outlet; the correspondent works elsewhere."""
    record = extract(
        extractor,
        "来源：衢州日报  作者：记者 方晓 通讯员 徐亮  编辑：吴佳  发布时间：2026-03-12 09:30\n"
        "柯城区府山街道“5G+智慧党建”平台上线。",
    )
    posts = posts_of(record)
    assert {("方晓", "衢州日报", "记者"), ("吴佳", "衢州日报", "编辑")} <= posts, posts
    assert not {p for p in posts if p[0] == "徐亮"}, posts


def test_a_school_named_after_its_place(extractor: Extractor) -> None:
    """下司马镇中心小学, 塔石镇中学: a school named after the place it serves is a body, with the
    model or without it; 全市中小学 is a kind of school, no body."""
    text = (
        "次仁卓玛是西藏自治区日喀则市亚东县下司马镇中心小学校长。余卫东曾任塔石镇中学校长。"
        "全市中小学和幼儿园开展主题教育。"
    )
    for reader in (extractor, Extractor(fast=True)):
        orgs = names(extract(reader, text), "ORG")
        assert {"西藏自治区日喀则市亚东县下司马镇中心小学", "塔石镇中学"} <= orgs, orgs
        assert not {o for o in orgs if o.endswith(("中小学", "幼儿园"))}, orgs
    posts = posts_of(extract(extractor, text))  # a Tibetan name needs the model
    assert ("次仁卓玛", "西藏自治区日喀则市亚东县下司马镇中心小学", "校长") in posts, posts


def test_he_himself_honored_after_his_branch(extractor: Extractor) -> None:
    """…党支部被评为“X”，他本人获评“Y”: the clause's pronoun is honored with Y, not the branch
    named in the clause before; 负责人表示，她荣获…: she is, not the speaker's body."""
    record = extract(
        extractor,
        "“共产党员就要在关键时刻顶得上去。”张国梁说。他所在的研发中心党支部被评为“上海市先进"
        "基层党组织”，他本人获评“全国劳动模范”。",
    )
    awarded = triples(record, "awarded")
    assert ("张国梁", "全国劳动模范") in awarded, awarded
    assert not {h for h, t in awarded if t == "全国劳动模范" and h != "张国梁"}, awarded


def test_a_profiled_person_acts_through_her_body(extractor: Extractor) -> None:
    """李秀英：… (a profile headed by its person), 李秀英是X卫生院副院长: what she sets up with
    no body named is her hospital's, not the prefecture's the piece names most."""
    record = extract(
        extractor,
        "李秀英：大山里的“白衣天使”\n在贵州省黔东南苗族侗族自治州雷山县西江镇卫生院，提起李秀英，"
        "村民们无不竖起大拇指。\n今年52岁的李秀英是西江镇卫生院副院长、主治医师。2018年，她牵头"
        "成立了“苗岭健康”志愿服务队。",
    )
    founders = {h for h, t in triples(record, "established") if t.startswith("苗岭健康")}
    assert founders == {"黔东南苗族侗族自治州雷山县西江镇卫生院"}, triples(record, "established")


def test_a_place_a_persons_name_runs_into_is_no_place(extractor: Extractor) -> None:
    """“刘长江劳模创新工作室”: 长江 of 刘长江 is no place the studio is in."""
    record = extract(
        extractor,
        "凌晨3点，宜昌供电公司带电作业班班长刘长江又一次接到抢修任务。他创建的“刘长江劳模创新"
        "工作室”，累计完成技术革新项目56项。",
    )
    assert "长江" not in names(record, "PLACE"), names(record, "PLACE")
    assert not {o for o, p in triples(record, "located_in") if p == "长江"}


def test_a_community_named_after_a_person(extractor: Extractor) -> None:
    """兆麟社区 (named after a hero; the model reads 兆麟 as a person) is a place."""
    record = extract(
        extractor, "“以前找社区办事要跑好几趟，现在网格员上门就能办。”兆麟社区居民王大妈说。"
    )
    assert "兆麟社区" in names(record, "PLACE"), names(record, "PLACE")


def test_ren_after_a_person_opens_no_name(extractor: Extractor) -> None:
    """王建华任花田乡人民政府副乡长: 任 (serves as) after the name opens no township (任花田乡)
    and no body; the person holds the post."""
    record = extract(extractor, "2021年，王建华任花田乡人民政府副乡长。")
    assert "花田乡" in names(record, "PLACE"), names(record, "PLACE")
    assert ("王建华", "花田乡人民政府", "副乡长") in posts_of(record), posts_of(record)


def test_a_quoted_site_named_like_a_body_is_no_body(extractor: Extractor) -> None:
    """设立“红色商会”服务站: the quote names a service station, not a chamber of commerce set
    up."""
    record = extract(extractor, "区工商联党组在商会设立“红色商会”服务站，为会员企业提供政策咨询。")
    assert "红色商会" not in names(record, "ORG"), names(record, "ORG")
    assert not triples(record, "established"), triples(record, "established")


def test_no_county_short_form_right_after_a_street(extractor: Extractor) -> None:
    """友谊路街道平江南里社区: 平江 (a county of Hunan, written short) cannot follow a street of
    Tianjin; nor is it a county where it opens a sentence (。平江南里社区党委), touching only
    the community, in a piece that names Tianjin and no city of Hunan. The community's name
    starts with it, and holds no region (江南) either."""
    record = extract(
        extractor, "天津市河西区友谊路街道平江南里社区有居民楼36栋。平江南里社区党委书记杜丽华说。"
    )
    places = names(record, "PLACE")
    assert not places & {"平江", "江南", "南里社区"}, places
    assert "平江南里社区" in places, places
    assert ("平江南里社区", "友谊路街道") in triples(record, "located_in")


def test_more_kinds_of_team(extractor: Extractor) -> None:
    """“海上110”应急救援队, “老娘舅”调解队: teams set up under a quoted name are bodies."""
    record = extract(
        extractor,
        "三沙镇党委组建了“海上110”应急救援队，累计救助遇险渔民230余人。金川社区党委成立了"
        "“老娘舅”调解队。",
    )
    orgs = names(record, "ORG")
    assert {"海上110应急救援队", "老娘舅调解队"} <= orgs, orgs
    assert ("三沙镇党委", "海上110应急救援队") in triples(record, "established")


def test_a_source_line_that_names_no_body_gives_no_post(extractor: Extractor) -> None:
    """来源：金羊网黑龙江省滚动… (the source run into the text): no body is named, so the editor
    holds no post there; every post is held in a body of the record."""
    record = extract(
        extractor,
        "来源：金羊网黑龙江省滚动实施基层党建三年行动计划 作者：记者 方晓 编辑：梁建\n"
        "柯城区府山街道平台上线。",
    )
    orgs = {e.text for e in record.entities if e.type == "ORG"}
    assert all(r.tail in orgs for r in record.relations if r.relation == "holds_post")
    assert not {p for p in posts_of(record) if p[0] in {"方晓", "梁建"}}, posts_of(record)


def test_a_title_of_honour_is_no_township(extractor: Extractor) -> None:
    """“中国黄花之乡”, 书法之乡: X之乡 is a title of honour, no township; 之江村 is a village."""
    record = extract(
        extractor, "云州区是“中国黄花之乡”，全区黄花种植面积达到17万亩。之江村党支部书记王明说。"
    )
    places = names(record, "PLACE")
    assert not {p for p in places if p.endswith("之乡")}, places
    assert "之江村" in places, places


def test_a_profiled_person_whose_body_follows_its_places(extractor: Extractor) -> None:
    """马丽娟是宁夏回族自治区银川市…社区党委书记: the places before the body's name are part of
    the introduction; the team she sets up is her committee's, not the region's."""
    record = extract(
        extractor,
        "马丽娟：让“小巷总理”成为居民的贴心人\n马丽娟是宁夏回族自治区银川市兴庆区丽景街道"
        "丽子园社区党委书记。\n2019年，她牵头组建了“丽子园红色管家”志愿服务队。",
    )
    founders = {h for h, t in triples(record, "established") if t.startswith("丽子园红色管家")}
    assert founders == {"银川市兴庆区丽景街道丽子园社区党委"}, triples(record, "established")


def test_posts_of_the_elected_and_of_work_areas(extractor: Extractor) -> None:
    """被村民推选为X书记 is a post; 工务段线路工区工长 and 线路车间主任 are held in the work area
    and the workshop of the body named before."""
    record = extract(
        extractor,
        "1982年，刘振国被村民推选为永安村党支部书记。杨建华是中国铁路成都局集团有限公司贵阳工务段"
        "线路工区工长。李明是贵阳工务段线路车间主任。",
    )
    posts = posts_of(record)
    assert ("刘振国", "永安村党支部", "书记") in posts, posts
    assert (
        "杨建华", "中国铁路成都局集团有限公司贵阳工务段线路工区", "工长"
    ) in posts, posts  # fmt: skip
    assert any(p[0] == "李明" and p[1].endswith("线路车间") and p[2] == "主任" for p in posts)


def test_a_name_of_four_characters_written_for_its_sounds(extractor: Extractor) -> None:
    """斯琴高娃介绍 (Mongolian), 吉克阿哈说 (Yi): the model's four characters are the whole name;
    王德福常说: 常 (often) ends no name."""
    record = extract(
        extractor,
        "苏木党委书记斯琴高娃介绍，今年新建党群服务站3个。三河村党支部书记吉克阿哈说，要把事办好。"
        "王德福常说，要把事办好。",
    )
    people = names(record, "PERSON")
    assert {"斯琴高娃", "吉克阿哈", "王德福"} <= people, people
    assert not people & {"斯琴高", "吉克阿", "王德福常"}, people


def test_elected_the_sentence_after_the_name(extractor: Extractor) -> None:
    """刘振国是…老支书。1982年，他被村民推选为永安村党支部书记: 推选为 elects as 当选为 does,
    for the person named before the sentence too."""
    record = extract(
        extractor,
        "72岁的刘振国是黄河口镇永安村的老支书。1982年，他被村民推选为永安村党支部书记，一干就是"
        "35年。",
    )
    assert ("刘振国", "永安村党支部", "书记") in posts_of(record), posts_of(record)
