"""Rules found on invented pieces written like the scored ones: implementation plans, annual
reviews, circulars, work meetings, profiles, discipline commissions, campuses, parks,
pastoral banners, fishery chains. Names of bodies and people here are invented; places are
real."""

from __future__ import annotations

from extracted import extract, names, posts_of, quantities_of, triples

from kg.pipeline import Extractor


def test_kinds_joined_name_no_body(extractor: Extractor) -> None:
    """高校教师党支部 (a kind of school and a kind of member), 支持教师党支部 (支持 is a verb)
    and 民营企业党委 name no body; 红旗村党支部 does (the word before 村 names the village)."""
    record = extract(
        extractor,
        "“双带头人”让高校教师党支部强起来。学校每年划拨专项经费300万元，支持教师党支部开展"
        "“科研攻关先锋队”活动。民营企业党委书记都参加了培训。红旗村党支部书记王立平介绍了经验。",
    )
    orgs = names(record, "ORG")
    assert not orgs & {"高校教师党支部", "支持教师党支部", "教师党支部", "民营企业党委"}, orgs
    assert "红旗村党支部" in orgs, orgs


def test_the_counted_are_honored_not_the_speaker(extractor: Extractor) -> None:
    """甲介绍，…，已有5个党支部入选X: the branches counted are honored, not the speaker."""
    record = extract(
        extractor,
        "华南理工大学党委组织部部长孙立新介绍，学校建立“样板支部—标杆院系”两级创建体系，"
        "已有5个党支部入选全国党建工作样板支部。",
    )
    assert not triples(record, "awarded"), triples(record, "awarded")


def test_a_park_committee_refers_to_the_development_zone(extractor: Extractor) -> None:
    """园区党工委 after X高新技术产业开发区党工委: the zone's committee named before."""
    record = extract(
        extractor,
        "东莞松山湖高新技术产业开发区党工委坚持以党建引领非公企业发展。园区党工委副书记、"
        "管委会副主任刘建新介绍，园区成立了松山湖非公企业联合党委。",
    )
    committee = "东莞松山湖高新技术产业开发区党工委"
    assert ("刘建新", committee, "副书记") in posts_of(record), posts_of(record)
    assert (committee, "松山湖非公企业联合党委") in triples(record, "established")


def test_a_quoted_kind_of_people_before_a_team_is_no_program(extractor: Extractor) -> None:
    """建立“村务监督员”队伍: a team of people of a kind, no program."""
    record = extract(extractor, "莲花镇纪委则建立“村务监督员”队伍，聘请村务监督员126名。")
    assert not names(record, "PROGRAM"), names(record, "PROGRAM")


def test_partners_of_a_place_are_not_paired_with_each_other(extractor: Extractor) -> None:
    """华阳路街道还与乙、丙等8家单位签订共建协议: 乙 and 丙 are the street's partners, not
    each other's; where the subject is a body, it pairs with each."""
    record = extract(
        extractor,
        "华阳路街道还与长宁区房管局、上海长宁城建集团等8家单位签订共建协议。"
        "华阳路街道党工委与长宁区房管局、上海长宁城建集团签订共建协议。",
    )
    pairs = triples(record, "paired_with")
    assert ("长宁区房管局", "上海长宁城建集团") not in pairs, pairs
    assert ("华阳路街道党工委", "长宁区房管局") in pairs, pairs


def test_a_quoted_community_being_built_is_a_program(extractor: Extractor) -> None:
    """以“美好社区”建设为抓手: a program named in quotes, no community of that name."""
    record = extract(
        extractor, "上海市长宁区华阳路街道党工委以“美好社区”建设为抓手，推动基层治理创新。"
    )
    assert "美好社区" not in names(record, "PLACE")
    assert ("上海市长宁区华阳路街道党工委", "美好社区") in triples(record, "implements")


def test_the_subject_carries_out_what_it_does_with_a_partner(extractor: Extractor) -> None:
    """甲依托…，与乙结对共建，开展X: the partner a clause opens on is not the actor."""
    record = extract(
        extractor,
        "准格尔旗薛家湾镇党委依托辖区煤炭企业，与准格尔能源公司党委结对共建，开展“企地共建”活动。",
    )
    implements = triples(record, "implements")
    assert ("准格尔旗薛家湾镇党委", "企地共建活动") in implements, implements
    assert ("准格尔能源公司党委", "企地共建活动") not in implements, implements


def test_sumu_and_gacha_of_inner_mongolia(extractor: Extractor) -> None:
    """布尔陶亥苏木党委: the model reads the township as a person, yet it is the place the
    body's name opens with; 苏木党委 after it refers to it; 嘎查村 is a kind of village."""
    record = extract(
        extractor,
        "布尔陶亥苏木党委书记巴特尔介绍，苏木党委在全苏木8个嘎查推行“党支部+合作社+牧户”模式。"
        "目前，准格尔旗共有嘎查村党组织186个。",
    )
    committee = "布尔陶亥苏木党委"
    assert ("巴特尔", committee, "书记") in posts_of(record), posts_of(record)
    assert (committee, "党支部+合作社+牧户模式") in triples(record, "implements")
    assert "苏木党委" not in names(record, "ORG")
    assert "嘎查村" not in names(record, "PLACE")
    counts = quantities_of(record)
    assert ("准格尔旗", "party_organizations", 186) in counts, counts


def test_a_word_read_as_no_person_elsewhere_is_none(extractor: Extractor) -> None:
    """问需于民、问责于民: the model reads the last 于民 as a person; it read the others as
    no person, so none is."""
    record = extract(
        extractor,
        "南园社区探索形成“四问工作法”——问需于民、问计于民、问效于民、问责于民。",
    )
    assert "于民" not in names(record, "PERSON"), names(record, "PERSON")


def test_a_name_opens_at_a_quoted_kind_of_organization(extractor: Extractor) -> None:
    """开展“两新”组织党建“百企示范”行动: the name opens at the first quote, as in
    “两新”党务工作者“大储备”工程."""
    record = extract(extractor, "肇庆市开展“两新”组织党建“百企示范”行动。")
    assert ("肇庆市", "两新组织党建百企示范行动") in triples(record, "implements")


def test_an_industry_committee_refers_to_the_one_named(extractor: Extractor) -> None:
    """产业党委 after 海洋牧场产业党委: the industry committee named before."""
    record = extract(
        extractor,
        "日照市东港区委在涛雒镇成立海洋牧场产业党委。产业党委书记、涛雒镇党委书记孙海波介绍，"
        "产业党委推行“支部+企业+渔户”联营模式。",
    )
    committee = "海洋牧场产业党委"
    assert "产业党委" not in names(record, "ORG")
    assert ("孙海波", committee, "书记") in posts_of(record), posts_of(record)
    assert (committee, "支部+企业+渔户联营模式") in triples(record, "implements")


def test_a_reference_after_a_committee_ending_the_sentence_before(extractor: Extractor) -> None:
    """成立X联合党委。联合党委书记甲: the reference is 联合党委, not the 党委 ending the
    sentence before it."""
    record = extract(
        extractor,
        "琶洲街道成立琶洲互联网企业联合党委。联合党委书记陈志明介绍，联合党委下设党支部15个。",
    )
    committee = "琶洲互联网企业联合党委"
    assert ("陈志明", committee, "书记") in posts_of(record), posts_of(record)


def test_a_post_held_by_a_person_after_it(extractor: Extractor) -> None:
    """联合党委书记由街道党工委副书记甲兼任: 甲 holds both posts."""
    record = extract(
        extractor,
        "琶洲街道党工委牵头成立琶洲互联网企业联合党委，联合党委书记由街道党工委副书记陈志明兼任。"
        "方兴社区党委书记由王红担任。",
    )
    posts = posts_of(record)
    assert ("陈志明", "琶洲互联网企业联合党委", "书记") in posts, posts
    assert ("陈志明", "琶洲街道党工委", "副书记") in posts, posts
    assert ("王红", "方兴社区党委", "书记") in posts, posts


def test_a_reference_ends_the_models_word_running_on(extractor: Extractor) -> None:
    """村党总支领办X公司: the model reads 村党总支领办 as one body; the reference ends it."""
    record = extract(
        extractor,
        "长塘村党总支书记张红梅介绍，村党总支领办扬州长塘农业发展有限公司，流转土地2300亩。",
    )
    assert names(record, "ORG") == {"长塘村党总支", "扬州长塘农业发展有限公司"}, names(
        record, "ORG"
    )


def test_a_length_names_no_village(extractor: Extractor) -> None:
    """修建12公里通村公路: a length and a road to the villages, no village named 公里通村."""
    record = extract(extractor, "今年，沙坪镇修建12公里通村公路，硬化道路3条。")
    assert "公里通村" not in names(record, "PLACE"), names(record, "PLACE")


def test_a_prefecture_committee_written_short_is_the_same(extractor: Extractor) -> None:
    """黔南州委 after 贵州省黔南布依族苗族自治州委: one committee of one prefecture."""
    record = extract(
        extractor,
        "贵州省黔南布依族苗族自治州委宣传部推进“新时代农民讲习所”建设。"
        "黔南州委常委、宣传部部长王伟表示，将持续擦亮这一品牌。",
    )
    committee = "贵州省黔南布依族苗族自治州委"
    assert "黔南州委" not in names(record, "ORG"), names(record, "ORG")
    assert ("王伟", committee, "常委") in posts_of(record), posts_of(record)


def test_the_company_before_its_unit_is_no_part_of_the_name(extractor: Extractor) -> None:
    """公司变电运维中心党支部: 公司 is the company named before, not a word of the name."""
    record = extract(
        extractor,
        "国网杭州供电公司党委推行“党建+保电”机制。公司变电运维中心党支部被评为“先进基层党组织”。",
    )
    orgs = names(record, "ORG")
    assert "变电运维中心党支部" in orgs and "公司变电运维中心党支部" not in orgs, orgs


def test_a_quoted_team_before_its_captain(extractor: Extractor) -> None:
    """潮海街道“小马扎”志愿服务队队长甲: the team is named (队长 after its kind is its
    captain, not 队 + 队长)."""
    record = extract(extractor, "潮海街道“小马扎”志愿服务队队长刘秀英说，服务队有队员86名。")
    team = "潮海街道小马扎志愿服务队"
    assert ("刘秀英", team, "队长") in posts_of(record), posts_of(record)
    assert "志愿服务队" not in names(record, "ORG")


def test_the_local_border_police_station_is_a_kind(extractor: Extractor) -> None:
    """驻地边防派出所党支部: the branch of a kind of station, where the village is; a station
    named by its place (珲春边防派出所) is a body."""
    record = extract(
        extractor,
        "防川村党支部与驻地边防派出所党支部结对共建。珲春边防派出所党支部开展巡边护边。",
    )
    orgs = names(record, "ORG")
    assert not {o for o in orgs if "驻地" in o or o.startswith("边防")}, orgs
    assert "珲春边防派出所党支部" in orgs, orgs


def test_a_name_opening_with_he_after_going_to(extractor: Extractor) -> None:
    """到和兴路街道奋斗社区报到: 和 opens the street's name (nothing before it to join), and a
    community named by a verb right after its street is a place, with its committee."""
    record = extract(
        extractor,
        "王晓峰带领局机关党员到和兴路街道奋斗社区报到。奋斗社区党委书记刘敏说，"
        "报到党员累计为社区办实事260余件。",
    )
    assert {"和兴路街道", "奋斗社区"} <= names(record, "PLACE"), names(record, "PLACE")
    assert ("奋斗社区", "和兴路街道") in triples(record, "located_in")
    assert ("刘敏", "奋斗社区党委", "书记") in posts_of(record), posts_of(record)


def test_every_post_held_is_named(extractor: Extractor) -> None:
    """调任X警务区驻站, 在X中学任职历史老师: the post written after the body; where none is
    written (荣获主任党支部党支部, which a fuzzer found) there is no holds_post."""
    record = extract(
        extractor,
        "自2009年起，周海军调任怀化铁路公安处公坪警务区驻站，至今已奋战16年。"
        "袁伟如今在昆明衡水中学任职历史老师。",
    )
    posts = posts_of(record)
    assert ("周海军", "怀化铁路公安处公坪警务区", "驻站") in posts, posts
    assert ("袁伟", "昆明衡水中学", "历史老师") in posts, posts
    odd = extract(extractor, "荣获主任党支部党支部")
    assert all(r.post for r in odd.relations if r.relation == "holds_post"), odd.relations


def test_a_kind_of_person_between_a_post_and_the_name(extractor: Extractor) -> None:
    """X党支部书记、退休干部甲: who 甲 is stands between the post and the name."""
    record = extract(
        extractor,
        "湘江花园小区党支部书记、退休干部周国平带领党员成立“银发护苗队”。"
        "东湖村党支部书记、老党员李长青说。",
    )
    posts = posts_of(record)
    assert ("周国平", "湘江花园小区党支部", "书记") in posts, posts
    assert ("李长青", "东湖村党支部", "书记") in posts, posts


def test_a_quoted_practice_in_a_headline_is_no_place(extractor: Extractor) -> None:
    """潍坊市寒亭区：“党建联村”推动抱团发展 … 以“党建联村”为抓手: the same quoted name is a
    program there, so it is no village in the headline either."""
    record = extract(
        extractor,
        "潍坊市寒亭区：“党建联村”推动抱团发展\n\n"
        "潍坊市寒亭区固堤街道党工委以“党建联村”为抓手，组建片区联合党委。",
    )
    assert "党建联村" not in names(record, "PLACE"), names(record, "PLACE")
    assert ("潍坊市寒亭区固堤街道党工委", "党建联村") in triples(record, "implements")


def test_a_list_of_places_and_their_practices(extractor: Extractor) -> None:
    """沙县区“小吃党建”、永安市“林改党建”等20个案例: each place's practice, named right after
    it; 单靠社区“一家挑” alone is a figure of speech."""
    record = extract(
        extractor,
        "经评审，确定沙县区“小吃党建”、永安市“林改党建”、大田县“茶旅党建”等20个案例为"
        "全市基层党建工作优秀案例。过去，单靠社区“一家挑”，难以解决问题。",
    )
    implements = triples(record, "implements")
    expected = {("沙县区", "小吃党建"), ("永安市", "林改党建"), ("大田县", "茶旅党建")}
    assert expected <= implements, implements
    assert "一家挑" not in names(record, "PROGRAM")


def test_a_team_resumed_by_its_kind_with_its_head_and_founder(extractor: Extractor) -> None:
    """工作室负责人、退休民警甲: the studio named before and its head; 乙介绍，工作室成立于…，
    由街道党工委牵头组建: the speaker's clause is about the studio, set up by the committee."""
    record = extract(
        extractor,
        "在方松街道，“老娘舅”调解工作室远近闻名。工作室负责人、退休民警张伟国已经工作了8年。"
        "方松街道党工委副书记刘芳介绍，工作室成立于2016年，由街道党工委牵头组建。",
    )
    studio = "老娘舅调解工作室"
    assert ("张伟国", studio, "负责人") in posts_of(record), posts_of(record)
    assert ("方松街道党工委", studio) in triples(record, "established")


def test_a_platform_made_jointly(extractor: Extractor) -> None:
    """甲联合乙开发“X”数字平台: both make it (开发 is no cue word: it names too many things)."""
    record = extract(
        extractor,
        "杭州市余杭区委组织部联合区数据资源管理局开发“余杭e家”数字平台，实现一网通办。",
    )
    implements = triples(record, "implements")
    assert ("杭州市余杭区委组织部", "余杭e家") in implements, implements
    assert ("区数据资源管理局", "余杭e家") in implements, implements


def test_a_deputy_head_of_a_township_names_no_place(extractor: Extractor) -> None:
    """河口乡人民政府副乡长: 副乡长 is a post, no place named 副乡."""
    record = extract(extractor, "赵志强现任河口乡人民政府副乡长。")
    assert names(record, "PLACE") == {"河口乡"}, names(record, "PLACE")
    assert ("赵志强", "河口乡人民政府", "副乡长") in posts_of(record), posts_of(record)


def test_a_place_and_its_verb_before_a_quote_are_no_part_of_the_name(
    extractor: Extractor,
) -> None:
    """桂城街道创新“党建+网格+社工”治理模式: the street and what it does are no words of the
    program's name; the program is the street's. 经济社党支部 names no body."""
    record = extract(
        extractor,
        "南海区推行“镇街党（工）委—村（社区）党委—经济社党支部—党小组”四级组织架构；"
        "桂城街道创新“党建+网格+社工”治理模式，将辖区划分为620个网格。",
    )
    assert ("桂城街道", "党建+网格+社工治理模式") in triples(record, "implements")
    assert "经济社党支部" not in names(record, "ORG"), names(record, "ORG")


def test_an_urban_management_bureau_and_its_partners(extractor: Extractor) -> None:
    """城市管理行政执法局: 管理 is a word of the bureau's name, so the list after 与 holds it
    whole and each partner pairs with the street's committee."""
    record = extract(
        extractor,
        "陆家嘴街道党工委与上海陆家嘴（集团）有限公司党委、浦东新区城市管理行政执法局党组、"
        "中国工商银行上海市分行党委签订“四方联建”协议。",
    )
    bureau = "浦东新区城市管理行政执法局党组"
    assert bureau in names(record, "ORG"), names(record, "ORG")
    pairs = triples(record, "paired_with")
    assert ("陆家嘴街道党工委", bureau) in pairs, pairs
    assert (bureau, "中国工商银行上海市分行党委") not in pairs, pairs


def test_stationed_at_a_township_and_a_produce(extractor: Extractor) -> None:
    """驻花田乡何家岩村第一书记: 驻 opens no township's name (驻马店 is a city); 贡米产业 is
    a produce, no person; 写入公司章程 names no company."""
    record = extract(
        extractor,
        "县财政局选派的驻花田乡何家岩村第一书记李明杰，到村后带领村民发展贡米产业。"
        "公司推行“党建入章程”，把党建工作写入公司章程。河南省驻马店市驿城区党委组织学习。",
    )
    places = names(record, "PLACE")
    assert {"花田乡", "何家岩村", "驻马店市"} <= places, places
    assert ("何家岩村", "花田乡") in triples(record, "located_in")
    assert names(record, "PERSON") == {"李明杰"}, names(record, "PERSON")
    assert not {o for o in names(record, "ORG") if "写入" in o}, names(record, "ORG")


def test_a_body_resumed_by_its_kind_before_a_list_of_posts(extractor: Extractor) -> None:
    """。联盟秘书长、X副部长甲: the alliance named before is resumed before a list of posts,
    the first of them its own."""
    record = extract(
        extractor,
        "柳北区委组织部牵头成立螺蛳粉产业党建联盟。联盟秘书长、柳北区委组织部副部长韦志坚介绍，"
        "联盟推行“党建+产业+人才”模式。",
    )
    posts = posts_of(record)
    assert ("韦志坚", "螺蛳粉产业党建联盟", "秘书长") in posts, posts
    assert ("韦志坚", "柳北区委组织部", "副部长") in posts, posts


def test_a_town_named_after_a_village(extractor: Extractor) -> None:
    """太谷区任村乡党委: the town is named after a village, so there is no village 区任村;
    杨家村乡亲们 still names 杨家村."""
    record = extract(extractor, "太谷区任村乡党委书记李强说，杨家村乡亲们都来帮忙。")
    places = names(record, "PLACE")
    assert "区任村" not in places and {"任村乡", "杨家村"} <= places, places


def test_a_street_named_after_a_college(extractor: Extractor) -> None:
    """学院街道, 学院路街道: streets named after a college, no college (西陵区学院) in them."""
    record = extract(
        extractor,
        "宜昌市西陵区学院街道石板社区有居民8600人。北京市海淀区学院路街道党工委书记王刚说。",
    )
    assert {"学院街道", "学院路街道", "石板社区"} <= names(record, "PLACE")
    assert not {o for o in names(record, "ORG") if o.endswith("学院")}, names(record, "ORG")
    assert ("石板社区", "people", 8600) in quantities_of(record), quantities_of(record)


def test_a_measure_a_clause_makes_part_of_a_program(extractor: Extractor) -> None:
    """推行“A”发展模式，作为“B”的重要抓手: the clause after the comma makes A part of B; a
    quoted 讲师团 is a team of its own."""
    record = extract(
        extractor,
        "推行“支部+合作社+瑶绣”发展模式，作为“百千万工程”的重要抓手；"
        "推进“瑶乡先锋”讲师团进村入户宣讲。",
    )
    parts = triples(record, "part_of_program")
    assert ("支部+合作社+瑶绣发展模式", "百千万工程") in parts, parts
    assert "瑶乡先锋讲师团" in names(record, "ORG"), names(record, "ORG")


def test_leaders_in_a_list_set_up_the_alliance_and_its_chair(extractor: Extractor) -> None:
    """甲、乙牵头，联合丙等50家单位党组织，组建X: both leaders set it up; 。联盟理事长、乙副书记丁:
    the alliance's chair."""
    record = extract(
        extractor,
        "广州市黄埔区委组织部、区委两新工委牵头，联合广州视源电子科技股份有限公司党委等50家单位"
        "党组织，组建“黄埔红”党建联盟。联盟理事长、区委两新工委副书记陈国强介绍，联盟建立运行机制。",
    )
    founded = triples(record, "established")
    assert ("广州市黄埔区委组织部", "黄埔红党建联盟") in founded, founded
    assert ("区委两新工委", "黄埔红党建联盟") in founded, founded
    assert ("陈国强", "黄埔红党建联盟", "理事长") in posts_of(record), posts_of(record)


def test_every_speech_verb_opens_what_a_speaker_says(extractor: Extractor) -> None:
    """乙坦言，工作室成立于…，由街道党工委牵头组建: 坦言 opens a speaker's words as 介绍 does (one
    list of speech verbs, kg.lexicon.SPEECH_VERBS, for the relations and the counts)."""
    record = extract(
        extractor,
        "在方松街道，“老娘舅”调解工作室远近闻名。方松街道党工委副书记刘芳坦言，"
        "工作室成立于2016年，由街道党工委牵头组建。",
    )
    assert ("方松街道党工委", "老娘舅调解工作室") in triples(record, "established")
