"""The patterns of the program rules (:class:`kg.recognize.programs.ProgramRules`): the
words and shapes around a program's name, kept apart from the scan that uses them."""

from __future__ import annotations

import re


class ProgramPatterns:
    """Limits, word sets and regexes the program rules read as class attributes."""

    MAX_QUOTED = 24
    SENTENCE_MARK = re.compile(r"[。！？!?，,]")
    CJK = re.compile(r"[\u4e00-\u9fff]")
    LIST_GAP = re.compile(r"[、和与及]?")
    MAX_UNQUOTED = 12
    MAX_PREFIX = 8
    ORG_WORD = re.compile(r"党委|党组|党支部|党总支|委员会|公司|集团|局$")
    KIND_TAIL = 10  # “五帮五促”联系指导基层党建工作制度: past this the quote alone is the name
    MEDIA = re.compile(r"(?:日报|晚报|报|网|杂志|频道|电视台|汇报)$")
    NEEDS_TITLE = frozenset({"意见", "办法"})
    NUMERAL = re.compile(r"[一二三四五六七八九十百千万两双\d]")
    NAMED_KINDS = frozenset(
        {"专项斗争", "专项行动", "专项整治", "行动计划", "条例", "负责制", "学习教育", "主题教育"}
    )
    TAIL_STOPS = frozenset("的和与及等在是为了对把将被让使")  # “X”让学习教育…: 让 ends it
    BIG_NUMERAL = re.compile(r"[一二三四五六七八九十百千万\d]+大")
    FORMULA_NOT_BEFORE = re.compile(r"组织|干部|成员|班子|党员|人员|单位|书记|主任|党务工作者|队伍")
    # 将“小巷管家”做法推广, 民科园“三链三聚”做法: a quoted name of a practice
    PRACTICE_AFTER = re.compile(r"(?:的)?(?:做法|经验|好做法|好经验)")
    # “阳光村务”监督平台, “红色云端”小程序: a named platform or app is a program
    PLATFORM_AFTER = re.compile(
        r"(?:[\u4e00-\u9fff]{0,2}(?:监督|服务|信息|智慧|管理|数字|网络|线上|网上|云|数据|学习|办事"
        r"|互动|议事|监管))?平台|[\u4e00-\u9fff]{0,2}(?:小程序|APP|App|app|客户端|公众号)"
    )
    MANNER = re.compile(r"[\u4e00-\u9fff]{1,3}[化式]")
    LEVEL_ONLY = re.compile(r"[省市县区镇乡村街校院厂]级")
    CHANGED_STATE = re.compile(r"向[“‘][^”’]{1,12}[”’](?:转变|转化|转型|迈进|跃升|升级)")
    QUOTED_MODIFIER = re.compile(r"[“‘][\u4e00-\u9fff]{1,6}[”’](?:组织|企业)$")
    HONOR_WORDS = ("光荣称号", "荣誉称号", "称号", "荣誉", "殊荣", "名单")
    AFTER_ETC = ("光荣", "荣誉", "称号", "奖项", "多项", "表彰")
    VERB_KINDS = ("服务",)  # kind words that are verbs too, when an object follows
    NO_OBJECT = frozenset("由在被将把已正也都还要可能与和及是等延覆")
    NOT_PROGRAM_AFTER = re.compile(
        r"(?:的|要求|精神|理念|思想|目标|原则|作用|意识|问题|格局|氛围|效应|效果|称号|理论)"
    )
    # 关于甲等同志职务任免的通知: a notice of appointments is no program
    TITLE = re.compile(
        r"关于(?![^，。；！？\n]{0,30}?(?:职务|任免|任职|免职))[^，。；！？\n]{2,30}?的(?:(?:实施|指导|若干)?意见|通知|决定|(?:实施)?办法|规定"
        r"|(?:实施|工作)方案|(?:若干)?措施)"
    )
    LEADERSHIP = re.compile(r"(?:党委|党组织|党组|党支部)领导下?的[\u4e00-\u9fff]{2,6}负责制")
    # 发起创立“谭氏助学基金”: a fund set up under a quoted name is a body
    FOUNDED_FUND = re.compile(r"(?:成立|创立|创办|设立|发起)了?$")
    VENUE = re.compile(
        r"(?:会客厅|客厅|亭|驿站|书房|书屋|广场|公园|阵地|长廊|小屋|之家"
        r"|党群服务中心|党群服务站|教育基地)$"
    )
    # 实施“两新”党务工作者“大储备”工程, 开展“两新”组织党建“百企示范”行动
    QUOTED_WORD_BEFORE = re.compile(r"[“‘][\u4e00-\u9fff]{1,4}[”’](?:组织)?$")
    ROUNDS = re.compile(r"[一二两三四五六七八九十\d]+[轮批届期]")
    BECAME_FIGURE = re.compile(r"(?:(?:成了|成为|变成|当好|是)[^，。；“”]{0,8}的|成为|成了|变成)$")
    ACRONYM_BEFORE = re.compile(r"[（(][A-Z][A-Za-z0-9\-]{1,10}[）)]$")
    # 28个, 十余处: a count of sites, written after the quote or before it
    COUNT = r"(?:[0-9０-９]+|[一二三四五六七八九十百千两]+)余?[个座处家间所]"
    COUNTED = re.compile(COUNT)
    COUNTED_BEFORE = re.compile(COUNT + "$")
    # 记者获悉，…“X”: 获 of 获悉 (learned), 获知 and 获取 gives no honor
    NOT_HONOR_CUE = re.compile(r"获[悉知取益]")
    # everything up to the last clause mark (one backward scan)
    UP_TO_LAST_CLAUSE_MARK = re.compile(r"(?s:.*)[，。；：！？,;:!?\n]")
    # …类“X”, 2022年度“X”, 第三批“X”
    HONOR_CATEGORY = re.compile(r"[\u4e00-\u9fff]{2,6}类|\d{4}年度?|第[一二三四五六七八九十\d]+批")
    VERSION = re.compile(r"[\u4e00-\u9fff]\s*\d+\.\d+$")  # “垂直社区2.0”: a named version
    YEARS = re.compile(r"[(（]\d{4}\s*[~～\-—–至到]\s*\d{4}年?[)）]")
