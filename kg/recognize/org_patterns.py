"""The patterns of the organization grammar (:class:`kg.recognize.organizations.OrgNameGrammar`):
the limits, kinds and shapes around an organization's name, kept apart from the scan that
uses them."""

from __future__ import annotations

import re
from typing import ClassVar

from kg.lexicon import SITE_KINDS


class OrgPatterns:
    """Limits, word sets and regexes the organization grammar reads as class attributes."""

    MAX_BODY = 14
    MAX_LONG_BODY = 24  # with a known name across the cap
    MAX_LINK = 10
    LEVEL_ORGANS = ("省", "市", "区", "县", "州", "镇", "乡")
    LEVEL_ORGAN = re.compile(f"(?:{'|'.join(LEVEL_ORGANS)})委")
    CHAIN_ONLY = ("党组织",)
    # 公司党委: the one company's Party committee, where no name character comes before
    BODY_REF_UNITS = (
        *("公司", "集团", "医院", "学校", "学院", "法院", "检察院", "院", "所", "行", "协会"),
        *("商会", "支队", "大队", "总队", "监狱"),
    )
    # 党支部书记甲, 检察长、党组书记乙: a Party body's kind alone, opening a clause; a
    # committee's only before a post
    BARE_COMMITTEES = frozenset({"党工委", "党委", "党组"})
    BARE_PARTY_BODIES = BARE_COMMITTEES | {"党支部"}
    POST_AFTER = re.compile(r"(?:常务|专职)?副?书记|委员|成员")
    # 该校植物保护学院, 该所党支部: 该 (本, 我) and a body's last character stand for the body
    # named before; the name starts after them
    THIS_BODY = re.compile(r"[该本我][校院所局厂站行县区市镇乡]")
    GENERIC_REF = re.compile(
        # spelled out word by word (in the order a regex would try them) so that every
        # alternative starts with a literal and the engine skips other positions fast
        "|".join(
            [
                *(
                    unit + org
                    for unit in (
                        *("村", "社区", "镇", "街道", "乡", "苏木", "嘎查", "园区", "楼宇", "小区"),
                        "商圈",
                        *("项目", "项目部", "车间", "大区", "分公司"),
                        *SITE_KINDS,
                        *BODY_REF_UNITS,
                    )
                    for org in ("党总支部", "党总支", "党支部", "党委", "党工委", "党组", "团工委")
                ),
                *("联合党委", "综合党委", "大党委", "大工委", "行业党委", "联合党支部", "街道工委"),
                *("产业党委", "产业链党委"),
                *("党总支部", "党总支", "党支部", "机关党委", "党工委", "党委", "党组"),
                *("局党组", "局党委", "厅党组", "厅党委"),
                *("党建联盟", "党建联席会", "党建联合体"),
            ]
        )
    )
    # 实验小学党总支: a school is named as the host of its Party body, or after the place
    # it serves; alone, 中小学 and 幼儿园 are mostly kinds (公民办幼儿园, 乡村学校)
    HOST_ONLY_SUFFIXES = ("中学", "小学", "学校", "幼儿园")
    # 吉林石化: a petrochemical company's unit, named by its kind, unless a company's name
    # goes on after it
    COMPANY_UNIT_SUFFIXES = frozenset({"石化"})
    COMPANY_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:分公司|有限公司|公司|集团)")
    NEEDS_LEVEL = frozenset({"局", "厅", "工委", "办公室", "党校", "人大常委会", "政协"})
    LEVEL_OWN_ORGANS = frozenset({"人大常委会", "政协"})
    # 中建六局, 中铁十一局: a company's numbered bureau needs no place level
    NUMBERED_BUREAU = re.compile(r"[\u4e00-\u9fff]{2,4}[一二三四五六七八九十]{1,3}")
    NOT_SUFFIX_BEFORE: ClassVar[dict[str, str]] = {
        "组织部": "门",
        "宣传部": "门",
        "统战部": "门",
        "委员会": "议",
        "联席会": "议",
        "联盟": "友",
        "党组": "织",
        "大学": "生子",  # 大学生, 北大学子
        "学院": "生子街路",  # 学院街道, 学院路: a street named after a college
        "集团": "化",
        "局": "长",  # 副局长 is a post
        "公安处": "长",
        "支队": "长",
        "公司": "化",
        "报社": "区会",  # 及时上报社区, 回报社会: 报 and 社区 or 社会, no newspaper
        "石化": "产行企基园工装",  # 石化产业, 石化行业: the industry
        **{f"{level}委": "员" for level in ("省", "市", "区", "县", "州", "镇", "乡")},
    }
    # 格局, 布局, 大局: common words ending in a suffix are no names
    NOT_SUFFIX_AFTER: ClassVar[dict[str, str]] = {
        "局": "格布大结全变时开当僵棋骗饭残终出入赌",
        "厅": "大餐展客舞门前歌花茶球影演会议饭",  # 服务大厅, 餐厅, 展厅: rooms, not offices
        "商会": "协",  # 议事协商会: a meeting to consult, no chamber of commerce
    }
    POST_IN_BODY = re.compile(
        r"(?:书记|主任|部长|局长|主席|院长|校长|行长|站长|队长|处长|科长|镇长|村长|区长|县长|市长"
        r"|省长)(?:兼任|担任|任|兼)?"
    )
    QUOTED_WORD_BEFORE = re.compile(r"[“‘][\u4e00-\u9fff]{1,4}[”’]$")
    LEVELS_IN_BRACKETS = re.compile(r"[（(][省市区县州旗、]+[）)]$")
    NEW_UNIT = re.compile(r"(?:社区|村|镇|街道|乡)$")
    SESSION = re.compile(r"[届次]")
    COUNT_IN_LINK = re.compile(r"[\d一二两三四五六七八九十百千]+[家个所支]")
    # 一届十次理事会: a session; 中共X市第六届委员会 (the sixth committee) a body
    SESSION_BODY = re.compile(
        r"[一二三四五六七八九十\d]+次|(?<![第一二三四五六七八九十\d])[一二三四五六七八九十\d]+届"
    )
    UNIT_WORDS = ("学校", "公司", "学院", "医院")  # the unit named before: 学校机电学院
    GENERIC_MODIFIERS = (
        "中共", "全国", "全省", "全市", "全区", "全县", "各级", "各", "省属", "市属", "县属",
        "省管", "市管", "区管", "市县两级", "两级", "模范", "机关模范", "同类型", "三级", "四级",
        "省级", "市级", "区级", "县级", "镇级", "村级", "基层", "专职", "该", "上级", "下级",
        "同级", "相关", "有关", "党员", "首个", "首家", "当地", "本地", "驻地",
        # 学校机电学院, 学院化学工程系党支部, 医院急诊科党支部, 公司变电运维中心党支部: the
        # unit named before, whose college, department or centre this is
        *UNIT_WORDS,
        # 全院教工党支部, 全校, 全镇: every one of the unit's, no name
        "全校", "全院", "全镇", "全乡", "全村", "全州", "全旗", "全盟", "全街",
        "边境", "边防", "沿边",  # 边境派出所党支部, 边防连党支部: a kind of border unit
        "其",  # 免去其X区委常委职务: his, not a word of the name
    )  # fmt: skip
