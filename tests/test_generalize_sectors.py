"""Rules found on invented pieces about Party building in more sectors (a scenic area, a
rural bank, an industrial park's chains, a court, property management, lawyers, social
organizations, a police station, a power company, village work teams). Names of bodies and
people here are invented; places are real."""

from __future__ import annotations

from extracted import extract, names, quantities_of, triples

from kg.pipeline import Extractor


def test_an_adverb_after_a_body_ends_it_before_a_joint_committee(extractor: Extractor) -> None:
    """局党组还与景区联合党委签订协议: 还 goes on with the clause; it ends no joint body's host."""
    record = extract(
        extractor,
        "武陵源区文化旅游广电体育局党组还与景区联合党委签订共建协议，共同实施“文明旅游提升工程”。",
    )
    orgs = names(record, "ORG")
    assert "武陵源区文化旅游广电体育局党组" in orgs
    assert not {name for name in orgs if "党组还" in name}, orgs
    assert ("武陵源区文化旅游广电体育局党组", "文明旅游提升工程") in triples(record, "implements")


def test_a_quoted_chain_of_levels_is_no_team_and_no_program(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "历下区构建“街道党工委—社区党委—小区党支部—楼栋党小组”四级组织体系，"
        "形成“镇党委-村党支部-党小组”工作链条。",
    )
    found = {e.text for e in record.entities}
    assert not {name for name in found if "—" in name or "-" in name}, found


def test_a_legal_form_ends_the_same_companys_name(extractor: Extractor) -> None:
    """甲银行股份有限公司 and 乙集团有限公司 are one company each, not a bank or a group
    and then a company in it."""
    record = extract(
        extractor,
        "江西赣州农村商业银行股份有限公司党委深入推进“党建+金融”工作。"
        "山东明德物业管理集团有限公司党委与燕山社区党委签订联建协议。",
    )
    orgs = names(record, "ORG")
    assert {"江西赣州农村商业银行股份有限公司", "山东明德物业管理集团有限公司"} <= orgs
    assert not {"江西赣州农村商业银行", "山东明德物业管理集团"} & orgs, orgs
    aliases = {a for e in record.entities for a in e.aliases}
    assert not {"股份有限公司", "有限公司"} & aliases, aliases


def test_more_kinds_of_body_end_names(extractor: Extractor) -> None:
    """政法委员会 (not 政法委 and a rest), 律师事务所, a social work service centre."""
    record = extract(
        extractor,
        "该支部被中共四川省委政法委员会授予“全省政法系统先进基层党组织”称号。"
        "广东华商律师事务所党委创新“党建+公益法律服务”模式。"
        "宁波市海曙区善园社会工作服务中心党支部实施“银龄守护”项目。",
    )
    orgs = names(record, "ORG")
    assert {
        "中共四川省委政法委员会",
        "广东华商律师事务所",
        "宁波市海曙区善园社会工作服务中心",
    } <= orgs, orgs
    assert "中共四川省委政法委" not in orgs
    subs = triples(record, "sub_organization_of")
    assert ("广东华商律师事务所党委", "广东华商律师事务所") in subs
    assert ("中共四川省委政法委员会", "中共四川省委") in subs


def test_a_two_character_town_with_a_city_character_after_its_district(
    extractor: Extractor,
) -> None:
    """七星关区阿市乡新营村: 阿市乡 is a township of the district, not the townships of a
    city; 市区社区 and 城区社区 after a city are still no names."""
    record = extract(
        extractor,
        "由贵州省人民检察院派驻七星关区阿市乡新营村的第一书记赵鹏说，村里发展蔬菜产业。"
        "广州市市区社区和城区社区都在推进。",
    )
    places = names(record, "PLACE")
    assert {"阿市乡", "新营村"} <= places, places
    assert {("阿市乡", "七星关区"), ("新营村", "阿市乡")} <= triples(record, "located_in")
    assert not {"市区社区", "城区社区"} & places


def test_this_banks_committee_is_the_banks(extractor: Extractor) -> None:
    """该行党委, 行党委: the bank named before (its name ends in its legal form)."""
    record = extract(
        extractor,
        "江西赣州农村商业银行股份有限公司党委深入推进“党建+金融”工作。"
        "该行党委书记、董事长刘志强表示，行党委制定出台了"
        "《关于党建引领普惠金融高质量发展的实施意见》。",
    )
    committee = "江西赣州农村商业银行股份有限公司党委"
    assert ("刘志强", committee) in triples(record, "holds_post")
    assert (committee, "关于党建引领普惠金融高质量发展的实施意见") in triples(record, "implements")


def test_a_units_leading_group_refers_to_the_one_named_before(extractor: Extractor) -> None:
    """院党组 is the court's leading group spoken of again, not a body named 院党组."""
    record = extract(
        extractor,
        "四川省成都市中级人民法院党组开展“党建+审判”品牌创建活动。"
        "院党组出台《关于加强新时代基层党支部建设的实施办法》。",
    )
    assert "院党组" not in names(record, "ORG")
    assert (
        "四川省成都市中级人民法院党组",
        "关于加强新时代基层党支部建设的实施办法",
    ) in triples(record, "implements")


def test_a_joint_meeting_is_no_body(extractor: Extractor) -> None:
    record = extract(extractor, "高新区党工委定期召开产业链党建联席会议。")
    assert not {n for n in names(record, "ORG") if n.endswith("联席会")}


def test_a_clause_without_a_subject_counts_for_the_body_just_set_up(
    extractor: Extractor,
) -> None:
    record = extract(
        extractor,
        "区委组织部牵头成立武陵源景区联合党委，统筹管理景区内12个党支部、186名党员。"
        "街道党工委组建平安商圈联合党委，现有党员58名。",
    )
    found = quantities_of(record)
    assert {
        ("武陵源景区联合党委", "branches", 12),
        ("武陵源景区联合党委", "party_members", 186),
        ("平安商圈联合党委", "party_members", 58),
    } <= found, found
    assert not {q for q in found if q[0] == "区委组织部"}


def test_a_border_detachment_and_the_villages_of_pastoral_areas(extractor: Extractor) -> None:
    """边境管理支队 (管理 inside the name), and 苏木 / 嘎查, the township and village of
    Inner Mongolia's pastoral areas."""
    record = extract(
        extractor,
        "市委组织部联合满洲里边境管理支队党委，推行“党政军警民”合力强边固防机制。"
        "在新巴尔虎左旗甘珠尔苏木巴音塔拉嘎查，牧民收入增加。",
    )
    assert ("满洲里边境管理支队党委", "满洲里边境管理支队") in triples(
        record, "sub_organization_of"
    )
    assert {("甘珠尔苏木", "新巴尔虎左旗"), ("巴音塔拉嘎查", "甘珠尔苏木")} <= triples(
        record, "located_in"
    )


def test_a_branch_before_its_secretary_is_no_person(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "华中科技大学机械科学与工程学院智能制造教工党支部入选样板支部。"
        "支部书记、学院副院长陈志刚教授是“双带头人”教师党支部书记。",
    )
    assert names(record, "PERSON") == {"陈志刚"}


def test_kinds_of_township_body_and_a_party_organization_name_no_body(
    extractor: Extractor,
) -> None:
    """下辖12个基层分院党支部 counts branches; 乡镇卫生院 is a kind of clinic; 医共体党组织
    is the alliance's Party organization, not a leading group (党组) of a body 医共体."""
    record = extract(
        extractor,
        "长兴县人民医院医共体党委下辖12个基层分院党支部，每月到乡镇卫生院坐诊，"
        "推动医共体党组织与乡镇党委开展联建。",
    )
    orgs = names(record, "ORG")
    assert not {"分院党支部", "乡镇卫生院", "医共体党组", "医共体"} & orgs, orgs
    assert ("长兴县人民医院医共体党委", "branches", 12) in quantities_of(record)


def test_a_city_after_a_word_that_ends_where_it_starts(extractor: Extractor) -> None:
    """联合宜都市: 联合 ends where 宜都市 starts, so 合宜 across the start holds nothing."""
    record = extract(
        extractor,
        "夷陵区牵头，联合宜都市、枝江市、当阳市组建“长江大保护”党建联盟，成员单位达到38家。",
    )
    assert {"夷陵区", "宜都市", "枝江市", "当阳市"} <= names(record, "PLACE")
    assert ("夷陵区", "长江大保护党建联盟") in triples(record, "established")
    assert ("长江大保护党建联盟", "other", 38) in quantities_of(record)


def test_a_kind_of_community_by_its_housing_is_no_name(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "金牛区抚琴街道西南街社区是典型的老旧院落社区，居民1.2万人。"
        "近年来，社区党委推行“院落党支部+自治小组”治理模式。"
        "易地扶贫搬迁安置社区和涉农社区同步推进，村党组织书记担任村民委员会主任。",
    )
    assert names(record, "PLACE") == {"金牛区", "抚琴街道", "西南街社区"}
    assert "村民委员会" not in names(record, "ORG")
    assert ("西南街社区", "院落党支部+自治小组治理模式") in triples(record, "implements")


def test_the_means_a_program_is_made_with_is_not_its_owner(extractor: Extractor) -> None:
    """依托区委党校开办“头雁学堂”，累计培训…: the party school is the means, not who runs the
    course or whose trainees are counted."""
    record = extract(
        extractor,
        "望城区建立村党组织书记“擂台比武”机制。"
        "同时，依托区委党校开办“头雁学堂”，累计培训村干部1300余人次。",
    )
    assert not {pair for pair in triples(record, "implements") if pair[0] == "区委党校"}
    assert not {q for q in quantities_of(record) if q[0] == "区委党校"}


def test_a_villages_kind_of_cooperative_is_no_name(extractor: Extractor) -> None:
    record = extract(extractor, "东阳镇党委推动全镇28个村成立村集体经济合作社。")
    assert "村集体经济合作社" not in names(record, "ORG")
    assert not triples(record, "established")


def test_a_former_post_in_a_bodys_leading_group(extractor: Extractor) -> None:
    """甲局原党组书记: 原 (former) qualifies the post; 局原党组 is no body."""
    record = extract(
        extractor, "一、昆明市五华区城市管理局原党组书记、局长杨某某违规收受礼品礼金问题。"
    )
    orgs = names(record, "ORG")
    assert "昆明市五华区城市管理局" in orgs
    assert not {name for name in orgs if "原党组" in name}, orgs


def test_a_party_body_in_a_list_is_no_host_of_a_joint_one(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "与会人员先后观摩了三一重工股份有限公司党委、长沙市天心区楷林商务中心楼宇联合党委等现场。",
    )
    orgs = names(record, "ORG")
    assert {"三一重工股份有限公司党委", "长沙市天心区楷林商务中心楼宇联合党委"} <= orgs, orgs
    assert not {name for name in orgs if "、" in name}


def test_a_companys_name_without_its_legal_form_is_the_same_company(
    extractor: Extractor,
) -> None:
    record = extract(
        extractor,
        "与会人员观摩了三一重工股份有限公司党委。"
        "三一重工党委书记、董事长向文波介绍，公司党委实施“党建+创新”工程。",
    )
    committee = next(e for e in record.entities if e.text == "三一重工股份有限公司党委")
    assert "三一重工党委" in committee.aliases
    assert ("向文波", "三一重工股份有限公司党委") in triples(record, "holds_post")


def test_a_speaker_of_a_level_body_reports_about_the_place_named(
    extractor: Extractor,
) -> None:
    """社区党委书记甲介绍，…共收集居民诉求520件, where the piece names the community and not
    its committee: the community's figure, not the district's."""
    record = extract(
        extractor,
        "江西省赣州市章贡区解放街道厚德路社区有无物业小区17个。\n\n"
        "社区党委书记黄丽萍介绍，社区推行“居民点单、支部派单、党员接单”服务机制，"
        "今年以来共收集居民诉求520件。\n\n章贡区委组织部负责人表示，将在全区推广。",
    )
    assert ("厚德路社区", "other", 520) in quantities_of(record)


def test_the_date_of_an_appointment_between_the_person_and_the_post(
    extractor: Extractor,
) -> None:
    """李某2018年当选X书记, 王某于2020年任Y书记: the date stands between; 任 after a date
    appoints, it opens no name."""
    record = extract(
        extractor,
        "退役军人李振华2018年当选河南省周口市郸城县宁平镇郭庄村党支部书记。"
        "王芳于2020年任红星社区党委书记。",
    )
    posts = triples(record, "holds_post")
    assert ("李振华", "河南省周口市郸城县宁平镇郭庄村党支部") in posts
    assert ("王芳", "红星社区党委") in posts
    assert "红星社区" in names(record, "PLACE")
    assert not {e.text for e in record.entities if e.text.startswith("任")}


def test_an_honor_after_the_body_that_gives_it(extractor: Extractor) -> None:
    """入选教育部“X”: the giver stands between the cue and the honor."""
    record = extract(extractor, "甲村党支部入选中组部“全国党建示范点”名单。")
    assert ("甲村党支部", "全国党建示范点") in triples(record, "awarded")


def test_kinds_and_verbs_that_end_no_name(extractor: Extractor) -> None:
    """研究生党支部 is a kind of branch; 长江新区 is a district, not in a river; 助推 ends a
    program's kind tail."""
    record = extract(
        extractor,
        "妇联组织“破难行动”助推基层妇联改革。清华大学化学系党委推动研究生党支部建在课题组上。"
        "在湖北省武汉市长江新区，项目党支部组建突击队。",
    )
    assert "破难行动" in names(record, "PROGRAM")
    assert not {n for n in names(record, "PROGRAM") if n.endswith("改革")}
    assert "研究生党支部" not in names(record, "ORG")
    located = triples(record, "located_in")
    assert ("长江新区", "武汉市") in located
    assert ("长江新区", "长江") not in located


def test_the_area_after_a_venue_just_built_is_the_venues(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "今年以来，海淀区委社会工作部在中关村软件园建成互联网企业党群服务中心，面积达2600平方米。",
    )
    assert ("互联网企业党群服务中心", "area_m2", 2600) in quantities_of(record)


def test_an_appointment_notice(extractor: Extractor) -> None:
    """同志任, 同志为: 同志 ends a name and 为 appoints after it; 发展和改革委员会 keeps its 和;
    委员、常委、书记 are all held; 党组成员 is a post; posts in brackets run on after 、."""
    record = extract(
        extractor,
        "经研究决定：\n\n张建军同志任中共商南县委委员、常委、书记；\n\n"
        "李红梅同志为商洛市商州区大赵峪街道党工委书记；\n\n"
        "王立新同志任商洛市发展和改革委员会党组成员、副主任。\n\n"
        "赵国庆（商洛学院党委副书记、校长）参加会议。",
    )
    orgs = names(record, "ORG")
    assert not {name for name in orgs if "同志" in name}, orgs
    assert "商洛市发展和改革委员会党组" in orgs
    posts = {(r.head, r.tail): r.post for r in record.relations if r.relation == "holds_post"}
    assert "书记" in (posts.get(("张建军", "中共商南县委")) or "")
    assert posts.get(("李红梅", "商洛市商州区大赵峪街道党工委")) == "书记"
    assert posts.get(("王立新", "商洛市发展和改革委员会党组")) == "成员"
    assert posts.get(("赵国庆", "商洛学院党委")) == "副书记"


def test_a_value_after_an_average_is_an_average_too(extractor: Extractor) -> None:
    """人均年收入不足3000元，如今已超过1.5万元: the clause after goes on about the average."""
    record = extract(
        extractor,
        "三河村党支部书记告诉记者，过去村里人均年收入不足3000元，如今已超过1.5万元。",
    )
    assert not record.quantities


def test_a_district_named_as_a_model_and_a_rank_among_committees(
    extractor: Extractor,
) -> None:
    """被…确定为“X” honors (把…确定为“X工程” names a program); 重点商圈联合党委 is the main
    districts' committees, no name."""
    record = extract(
        extractor,
        "目前，北京路商圈联合党委已被广东省委组织部确定为“全省城市基层党建示范点”。"
        "力争2025年前实现重点商圈联合党委全覆盖。区委把党建工作确定为“一把手工程”。",
    )
    assert ("北京路商圈联合党委", "全省城市基层党建示范点") in triples(record, "awarded")
    assert "重点商圈联合党委" not in names(record, "ORG")
    assert "一把手工程" in names(record, "PROGRAM")


def test_names_that_hold_a_conjunction_or_a_middle_dot(extractor: Extractor) -> None:
    """文化和旅游局 stays whole though the model reads 和 alone; 和 opens a place the piece
    has named (和顺镇 … 和顺古镇); a Uyghur name after a post is read whole."""
    record = extract(
        extractor,
        "腾冲市和顺镇党委坚持“党建+旅游”发展思路，组建和顺古镇旅游行业党支部，"
        "与腾冲市文化和旅游局党组开展联建。"
        "托克扎克镇党委副书记、镇长艾合买提·吐尔逊介绍，镇党委实施“能人回引”工程。",
    )
    orgs = names(record, "ORG")
    assert {"腾冲市文化和旅游局党组", "和顺古镇旅游行业党支部"} <= orgs, orgs
    assert "和顺古镇" in names(record, "PLACE")
    assert "艾合买提·吐尔逊" in names(record, "PERSON")
    assert ("艾合买提·吐尔逊", "托克扎克镇党委") in triples(record, "holds_post")


def test_quoted_teams_counted_before_their_kind(extractor: Extractor) -> None:
    """组建“A”“B”两支志愿服务队: the count belongs to no team's name."""
    record = extract(extractor, "社区组建“银龄守护”“童心护航”两支志愿服务队，志愿者达到260人。")
    assert not {n for n in names(record, "ORG") if "两支" in n}


def test_a_speaker_whose_report_opens_on_their_own_unit(extractor: Extractor) -> None:
    """社区党委书记甲说，社区联合乙、丙组建…，志愿者达到260人: the community acts and counts,
    not the first body it works with."""
    record = extract(
        extractor,
        "重庆市渝中区解放碑街道较场口社区党委推出服务项目。\n\n"
        "社区党委书记冉丽说，社区联合重庆市第一人民医院党委、渝中区实验小学党支部，"
        "组建志愿服务队，志愿者达到260人。",
    )
    assert ("重庆市渝中区解放碑街道较场口社区党委", "people", 260) in quantities_of(record)


def test_a_headlines_verb_ends_a_programs_kind_tail(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "“红色管家”解锁物业服务新模式\n\n茶子山社区党委在辖区9个小区推行“红色管家”机制。",
    )
    assert names(record, "PROGRAM") == {"红色管家机制"}


def test_a_one_character_village_after_its_town(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "浙江省湖州市安吉县天荒坪镇余村党支部书记汪玉成说，村集体经济收入达到2000万元。"
        "共有100余村参加。",
    )
    assert ("余村", "天荒坪镇") in triples(record, "located_in")
    assert ("余村", "money_cny", 20000000) in quantities_of(record)


def test_an_honor_roll_one_name_to_a_line(extractor: Extractor) -> None:
    """授予以下…“X”称号： and “X”名单如下： head a roll; every line that is one name is
    honored; the roll ends at the first line that is not."""
    record = extract(
        extractor,
        "为表彰先进，市委决定，授予以下3个党组织“全市先进基层党组织”称号：\n"
        "宜兴市丁蜀镇西望村党委\n无锡市第二人民医院党委\n"
        "中共无锡市滨湖区委党校机关党支部\n"
        "希望江阴市华士镇华西村党委等再接再厉。\n\n"
        "经评选，以下单位被评为“全省五星级党组织”，名单如下：\n\n"
        "1.宜兴市丁蜀镇西望村党委\n2.江阴市华士镇华西村党委\n",
    )
    awarded = triples(record, "awarded")
    assert {
        ("宜兴市丁蜀镇西望村党委", "全市先进基层党组织"),
        ("无锡市第二人民医院党委", "全市先进基层党组织"),
        ("中共无锡市滨湖区委党校机关党支部", "全市先进基层党组织"),
        ("宜兴市丁蜀镇西望村党委", "全省五星级党组织"),
        ("江阴市华士镇华西村党委", "全省五星级党组织"),
    } <= awarded, awarded
    assert ("江阴市华士镇华西村党委", "全市先进基层党组织") not in awarded


def test_a_group_stationed_at_a_body(extractor: Extractor) -> None:
    """市纪委监委驻市国资委纪检监察组: the commission's group stationed at 市国资委; 市纪委监委驻
    市国资委 is no body, and 市国资委党委 is 市国资委's committee."""
    record = extract(
        extractor,
        "市纪委监委驻市国资委纪检监察组聚焦“关键少数”，开展专项监督检查。"
        "市国资委党委严格落实“第一议题”制度。",
    )
    orgs = names(record, "ORG")
    assert {"市纪委监委驻市国资委纪检监察组", "市国资委", "市国资委党委"} <= orgs, orgs
    assert "市纪委监委驻市国资委" not in orgs
    assert ("市国资委党委", "市国资委") in triples(record, "sub_organization_of")


def test_a_strong_village_company_is_no_village(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "村党委联合周边5个村党组织组建“强村公司”——嘉兴市南湖区凤桥联丰强村发展有限公司，"
        "2023年实现营业收入1200万元。",
    )
    assert not {n for n in names(record, "PLACE") if n.endswith("强村")}
    assert ("嘉兴市南湖区凤桥联丰强村发展有限公司", "南湖区") in triples(record, "located_in")


def test_a_places_area_and_people_are_not_its_committees(extractor: Extractor) -> None:
    """丽景街道党工委辖8个社区，面积12平方公里，常住人口11万人: the street's area and people."""
    record = extract(
        extractor,
        "宁夏回族自治区银川市兴庆区丽景街道党工委辖8个社区，面积12平方公里，常住人口11万人。"
        "区委组织部下拨党费专项资金320万元，用于支持社区党群服务中心建设。",
    )
    found = quantities_of(record)
    assert {("丽景街道", "area_m2", 12000000), ("丽景街道", "people", 110000)} <= found, found
    assert "社区党群服务中心" not in names(record, "PLACE")


def test_a_subsidiarys_place_and_legal_form_are_no_alias(extractor: Extractor) -> None:
    """中国移动通信集团广东有限公司深圳分公司: neither 广东有限公司… nor 深圳分公司 names it alone;
    临床科室党支部 is a kind of branch."""
    record = extract(
        extractor,
        "中国移动通信集团广东有限公司深圳分公司党委以“党建+5G”为抓手，组建5G党员攻坚队18支。"
        "四川大学华西医院党委坚持把党支部建在科室上，实现临床科室党支部全覆盖。",
    )
    aliases = {a for e in record.entities for a in e.aliases}
    assert not {a for a in aliases if a.startswith("广东有限公司")}, aliases
    assert "临床科室党支部" not in names(record, "ORG")


def test_a_sentence_a_person_opens_counts_for_the_person(extractor: Extractor) -> None:
    """刘建华走遍了辖区12个村: the person's count, not the county's (the document's actor)."""
    record = extract(
        extractor,
        "在江西省九江市修水县公安局渣津派出所，有一位老民警刘建华。\n\n"
        "28年来，刘建华走遍了辖区12个村、3.6万户家庭，调解矛盾纠纷2000余起。",
    )
    found = quantities_of(record)
    assert ("刘建华", "other", 2000) in found, found
    assert not {q for q in found if q[0] == "修水县"}


def test_the_places_before_a_body_after_a_copula(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "今年58岁的杨光明是云南省怒江傈僳族自治州福贡县匹河怒族乡卫生院党支部书记、院长。",
    )
    assert ("杨光明", "怒江傈僳族自治州福贡县匹河怒族乡卫生院党支部") in triples(
        record, "holds_post"
    )


def test_a_research_office_is_a_body(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "湖南省长沙市开福区委宣传部联合区委党史研究室，在全区开展“寻访红色足迹”主题活动。",
    )
    assert "区委党史研究室" in names(record, "ORG")
    assert ("区委党史研究室", "寻访红色足迹主题活动") in triples(record, "implements")


def test_talking_about_a_compound_names_none(extractor: Extractor) -> None:
    record = extract(extractor, "居民们都会聚到小区议事厅，商量小区里的大事小情。")
    assert not names(record, "PLACE")


def test_a_name_read_from_repetition_opens_no_persons_count() -> None:
    """Without the model, 吉林石 (of 吉林石化, written twice) is read as a name from its
    repetition; a count in a sentence it opens stays the document actor's."""
    record = extract(
        Extractor(fast=True),
        "吉林市委书记胡斌表示，吉林市高质量发展稳步向前。\n\n"
        "吉林石化启动转型升级项目，在166公顷土地上展开转型。吉林石化乙烯产能跻身全国前列。",
    )
    assert not {q for q in record.quantities if q.subject == "吉林石"}


def test_a_division_crossing_a_confirmed_short_form_is_no_name(extractor: Extractor) -> None:
    """景宁县委: 宁县 (a county of Gansu) starts inside 景宁, the short form of 景宁畲族自治县,
    which the document writes; the committee is in 景宁畲族自治县."""
    record = extract(
        extractor,
        "浙江省丽水市景宁畲族自治县与宁波市鄞州区合作共建产业飞地。"
        "景宁县委组织部副部长雷晓东介绍，由鄞州区经济和信息化局党组书记担任联合党委书记。",
    )
    assert "宁县" not in names(record, "PLACE")
    assert ("景宁县委组织部", "景宁畲族自治县") in triples(record, "located_in")
    assert "鄞州区经济和信息化局党组" in names(record, "ORG")


def test_a_street_youth_league_committee_referred_to_again(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "福田区梅林街道团工委书记黄敏说，街道团工委还与辖区12家企业团组织签订共建协议，"
        "建立“青年之家”3个。",
    )
    assert "街道团工委" not in names(record, "ORG")
    assert ("福田区梅林街道团工委", "青年之家") in triples(record, "implements")


def test_one_body_written_with_its_place_chain_in_two_ways(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "近日，江苏省常州市新北区薛家镇综合党委挂牌成立。"
        "常州新北区薛家镇综合党委书记顾敏说，薛家镇综合党委下设党支部6个。",
    )
    committee = next(e for e in record.entities if e.text == "江苏省常州市新北区薛家镇综合党委")
    assert {"常州新北区薛家镇综合党委", "薛家镇综合党委"} <= set(committee.aliases)
    assert ("顾敏", "江苏省常州市新北区薛家镇综合党委") in triples(record, "holds_post")


def test_a_school_of_two_disciplines_and_partners_after_an_adverb(
    extractor: Extractor,
) -> None:
    """常州大学机械与轨道交通学院 is one school; 甲还与乙、丙签订联建协议 pairs 甲 with each."""
    record = extract(
        extractor,
        "薛家镇党委还与常州大学机械与轨道交通学院党委、常州市第一人民医院党委签订党建联建协议。",
    )
    assert "常州大学机械与轨道交通学院党委" in names(record, "ORG")
    assert triples(record, "paired_with") == {
        ("薛家镇党委", "常州大学机械与轨道交通学院党委"),
        ("薛家镇党委", "常州市第一人民医院党委"),
    }


def test_a_venue_something_has_become_is_a_figure_of_speech(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "“家门口”的党群服务站成了居民的“暖心驿站”。社区还打造了“睦邻会客厅”。",
    )
    assert names(record, "PLACE") == {"睦邻会客厅"}


def test_a_verb_reaching_past_a_names_length_still_ends_it(extractor: Extractor) -> None:
    """担任火卖村第一书记: 担任 starts before the longest a village's name may be, and still
    ends the name (火卖村); the first secretary is one of the village's named Party body."""
    record = extract(
        extractor,
        "广西壮族自治区百色市乐业县同乐镇火卖村党支部书记黄兰说，产业发展起来了。"
        "乐业县委组织部选派县林业局干部罗华担任火卖村第一书记。",
    )
    assert "火卖村" in names(record, "PLACE")
    posts = {(r.head, r.tail): r.post for r in record.relations if r.relation == "holds_post"}
    assert posts.get(("罗华", "广西壮族自治区百色市乐业县同乐镇火卖村党支部")) == "第一书记"


def test_a_street_and_its_short_form_and_counted_rounds(extractor: Extractor) -> None:
    """白云湖街 is 白云湖街道 written short; 两轮 counts rounds of a plan, no part of its name;
    党群服务站点 are sites of a kind; 党执政大厦 is a metaphor."""
    record = extract(
        Extractor(fast=True),
        "组织白云湖街道、海苑社区相关人员赴外地学习，白云湖街海苑社区成效明显。"
        "广东接续实施两轮基层党组织建设三年行动计划。集中建设新就业群体党群服务站点。"
        "筑牢党执政大厦的深厚地基。",
    )
    street = next(e for e in record.entities if e.text == "白云湖街道")
    assert "白云湖街" in street.aliases
    assert not {n for n in names(record, "PROGRAM") if n.startswith("两轮")}
    assert not {n for n in names(record, "PLACE") if "服务站" in n or "大厦" in n}


def test_a_town_named_with_a_verb_opening_a_clause_about_it(extractor: Extractor) -> None:
    """打通镇是…, 打通镇辖8个村: a town named 打通 (which the model reads as the verb 打 and a
    place 通镇); its counts are its own."""
    record = extract(extractor, "打通镇是綦江区的工业重镇，辖8个村、2个社区，有党员1850名。")
    assert "打通镇" in names(record, "PLACE")
    assert ("打通镇", "party_members", 1850) in quantities_of(record)
    record = extract(extractor, "每年培训村党组织书记。")
    assert not names(record, "PLACE")


def test_a_place_chain_the_model_reads_across_and_an_offices_number(
    extractor: Extractor,
) -> None:
    """望奎县厢白满族乡厢白头村: the model reads 乡厢 as one word, but the chain goes on after
    乡; 组织二处处长 numbers an office, it counts nothing."""
    record = extract(
        extractor,
        "黑龙江省绥化市望奎县厢白满族乡厢白头村是一个满族村。"
        "福建省委组织部组织二处处长林建国表示，经费纳入预算。",
    )
    assert ("厢白头村", "厢白满族乡") in triples(record, "located_in")
    assert not {q for q in quantities_of(record) if q[2] == 2}


def test_a_communitys_residents_are_the_communitys(extractor: Extractor) -> None:
    record = extract(
        extractor,
        "湖北省宜昌市夷陵区小溪塔街道桥边社区党委书记余红介绍，社区有居民1.8万人。"
        "今年以来，社区党委组织开展“邻里节”活动32场，参与居民8000余人次。",
    )
    found = quantities_of(record)
    assert ("桥边社区", "people", 18000) in found, found
    assert ("宜昌市夷陵区小溪塔街道桥边社区党委", "people", 8000) in found


def test_a_sentence_opening_on_a_place_chain_is_about_its_last_place(
    extractor: Extractor,
) -> None:
    """贵州省遵义市汇川区高坪街道以党建为引领。通过推行“X”工作法，…: the street acts; the short
    forms read inside the full names (贵州 of 贵州省) are no mentions that break the tie."""
    record = extract(
        extractor,
        "贵州省遵义市汇川区高坪街道以党建为引领。"
        "通过推行“三事分流”工作法，街道累计解决群众诉求2300余件。",
    )
    assert ("高坪街道", "三事分流工作法") in triples(record, "implements")


def test_a_clause_on_a_quoted_alliance_just_set_up_by_its_kind(extractor: Extractor) -> None:
    """组建“大学城党建联盟”，联盟成员单位达到45家: the clause opens on the alliance's kind."""
    record = extract(
        extractor,
        "2023年，江苏省南京市栖霞区仙林街道党工委联合南京大学仙林校区党委，"
        "组建“大学城党建联盟”，联盟成员单位达到45家。",
    )
    assert ("大学城党建联盟", "other", 45) in quantities_of(record)


def test_a_community_of_a_size_or_type_is_no_name(extractor: Extractor) -> None:
    record = extract(extractor, "这是一个有着5.6万居民的大型社区，也是新型社区。")
    assert not names(record, "PLACE")


def test_kinds_of_branch_by_sector_or_members_are_no_names(extractor: Extractor) -> None:
    """物业行业党支部 (no place named), 离退休干部党支部, 律师事务所 are kinds; a sector's
    committee with its place (深圳市律师行业党委) is a name."""
    record = extract(
        extractor,
        "街道党工委推动辖区32家物业企业成立物业行业党支部。"
        "各级党组织要把离退休干部党支部建设作为重要内容。"
        "广东省深圳市律师行业党委推动建立律师事务所党组织420个。",
    )
    orgs = names(record, "ORG")
    assert not {"物业行业党支部", "离退休干部党支部", "律师事务所"} & orgs, orgs
    assert "广东省深圳市律师行业党委" in orgs
