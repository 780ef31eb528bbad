"""PLACE names below county level: a name before a place suffix."""

from __future__ import annotations

import re
from typing import ClassVar

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.lexicon import SITUATED_WORDS, Lexicon
from kg.lexicon import alternation as alternation_re
from kg.recognize.base import (
    CARRIER_WORDS,
    NameScanner,
    add_candidate,
    candidates,
    common_words,
    doc_text,
    is_name_char,
    start_inside_word,
    verbal_nouns,
    verbs,
)

# what a town is known for, before 重镇 or 名镇 (工业重镇, 历史文化名镇)
_DESCRIBED_TOWN = re.compile(r"(?:工业|经济|文化|商贸|交通|历史|旅游|农业|商业|产业|制造业|军事)$")


class PlaceNameGrammar:
    """PLACE names below county level: a name of up to N characters before a place suffix.

    The name starts after the nearest gazetteer division, boundary word or mark, so
    ``甘肃省天水市秦州区杨家寺镇石马村`` gives 杨家寺镇 and 石马村 after the gazetteer
    found 甘肃省, 天水市 and 秦州区. For one-character suffixes (村, 镇, 乡, 街) the left
    edge must be clean (a mark, a boundary word or a place), which keeps ``赢得全体村干部``
    out; common words such as 乡村, 村民 and 镇街 are never read as suffixes.
    """

    SHORT_SUFFIXES = frozenset("村镇乡街")
    NUMBERED_TOWN = re.compile(r"[一二三四五六七八九十两\d][市区县]")
    STRONG_VILLAGE_AFTER = re.compile(
        r"(?:发展)?(?:有限)?公司|富民|共富|带|计划|工程|行动|战略|党建|联盟|共同体|项目|[，。、,；;”]|$"
    )
    CHAINED_EXTRA = 2  # characters a name may have beyond its suffix's limit after a place
    GOING_TO = frozenset("到至赴往")
    UNIT_AFTER_NUMBER = re.compile(r"公里|千米|米|平方|亩|个|名|户|家|条|座|处|项")
    QUOTED = re.compile(r"[“‘]([^“”‘’\n]{2,12})[”’]")
    PROGRAM_AFTER_QUOTE = re.compile(
        r"建设|创建|行动|工程|品牌|计划|活动|示范创建|评选"
        f"|为(?:{'|'.join(CARRIER_WORDS)})"  # 以“党建联村”为抓手
    )
    CLEAN_BEFORE = frozenset("，。；：！？、“‘（(\n ")
    LEVEL_CHARS = frozenset("省市区县镇乡村街")
    NOT_SUFFIX_BEFORE: ClassVar[dict[str, str]] = {
        "村": "民干级务集庄落组居容貌规史医官情",
        "乡": "村愁亲镇贤土风情",
        "镇": "街村级域",
        # 牛街乡, 新街镇, 三村镇: a town named after a street or a village, one name
        "街": "巷坊头区口乡镇串",  # 走街串巷: going round the streets
    }
    # 和平北路街道: a road written after a district's short name is part of the name
    ROAD_START = re.compile(r"[东南西北中]路|大[街道]")

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.scanner = NameScanner(lexicon, kind_names=True)
        self.gazetteer = gazetteer
        self.org_suffixes = tuple(s for s in lexicon.org_suffixes if len(s) > 1)
        self.org_suffix_re = re.compile(alternation_re(self.org_suffixes))
        self.generic = lexicon.generic_names
        self.regions = lexicon.regions
        self.verbs = verbs()
        self.action_nouns = self.verbs | verbal_nouns()
        self.common = common_words()
        self.suffixes = {s.suffix: s for s in lexicon.place_suffixes}
        self.pattern = re.compile(alternation_re(self.suffixes))
        # what the pattern finds (the longest suffix at the leftmost place, no overlaps), by
        # an automaton: twice as fast on a text
        self.suffix_words = AhoCorasick(
            sorted(s for s in self.suffixes if s),
            matchkind=MatchKind.LeftmostLongest,
            implementation=Implementation.DFA,
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        gazetteer = {
            c.end: c.start
            for c in candidates(doc)
            if c.label == "PLACE"
            # 珠江新城街道: a region followed by a word of another name is no place
            and not (
                c.rule == "region"
                and text.startswith(self.regions.get(text[c.start : c.end], ()), c.end)
            )
        }
        gazetteer_ends_from: dict[int, list[int]] = {}
        for g_end, g_start in gazetteer.items():
            gazetteer_ends_from.setdefault(g_start, []).append(g_end)
        barriers = set(gazetteer)
        gazetteer_starts = set(gazetteer.values())
        # 苏州工业园|区: a known name running on past a suffix holds the suffix
        within_known = {
            pos
            for g_end, g_start in gazetteer.items()
            for pos in range(g_start + 1, g_end)
            if g_end - g_start > 2
        }
        found: list[tuple[int, int]] = []
        found_names: set[str] = set()
        quoted_programs = {
            m.group(1)
            for m in self.QUOTED.finditer(text)
            if self.PROGRAM_AFTER_QUOTE.match(text, m.end())
        }
        place_chain_ends = set(gazetteer)
        sites: dict[tuple[int, int], bool] = {}
        dropped: set[tuple[int, int]] = set()
        one_character = self._one_character_villages(text) if "村" in text else frozenset()
        for _, m_start, end in self.suffix_words.find_matches_as_indexes(text):
            word = text[m_start:end]
            suffix = self.suffixes[word]
            if end in within_known:
                continue
            if word in self.SHORT_SUFFIXES and self._word_not_suffix(text, word, m_start, end):
                continue
            if word.endswith("站") and text.startswith("点", end):
                continue  # 建设新就业群体党群服务站点: sites of a kind, no name
            if word == "社区" and text.startswith("发展中心", end):
                continue  # 爱有戏社区发展中心: a social organization's kind, no community
            if word in self.SHORT_SUFFIXES and self._division_starts_at(
                text, m_start, gazetteer_ends_from
            ):
                continue  # 江苏镇江港务集团, 中国石化镇海炼化公司: 镇 begins 镇江, 镇海
            if end in gazetteer and self._full_division(text[gazetteer[end] : end]):
                continue  # 雄安新区 is a division of its own, not 河北 + 雄安新区
            start = self.scanner.left_edge(text, m_start, suffix.max_name, barriers, 2)
            if start > 0 and start not in barriers and is_name_char(text[start - 1]):
                # 后湖街道|百步亭花园社区: a longer name is read where a place ends before it
                longer = self.scanner.left_edge(
                    text, m_start, suffix.max_name + self.CHAINED_EXTRA, barriers, 2
                )
                # 。百步亭花园社区党委: nor where the longer name starts after a mark
                if longer in barriers or (
                    len(word) > 1  # 。焦柳线绕村而过: not for a one-character kind
                    and longer < start
                    and (longer == 0 or text[longer - 1] in self.CLEAN_BEFORE)
                    # 。充实网格和社区大党委: a conjunction joins two kinds, no longer name
                    and not any(c in "和与及同" for c in text[longer:m_start])
                ):
                    start = longer
            if m_start - start < 2 and start in gazetteer:
                # 连江口镇: a short gazetteer name (连江) is the start of a longer name
                start = self.scanner.left_edge(
                    text, m_start, suffix.max_name, barriers - {start}, 2
                )
            if (
                start > 0
                and text[start - 1] in "和与及同"
                and (
                    any(text.startswith(text[start - 1 : start + 1], s) for s, _ in found)
                    # 到和兴路街道: nothing before 和 for it to join
                    or (start > 1 and text[start - 2] in self.GOING_TO)
                )
            ):
                start -= 1  # 和顺镇 … 统筹和顺古镇: 和 opens a name the piece has named
            if m_start - start < 2 and not (
                word == "村" and m_start - start == 1 and text[start] in one_character
            ):
                continue
            if start in gazetteer and self.ROAD_START.match(text, start):
                start = self.scanner.left_edge(
                    text, m_start, suffix.max_name, barriers - {start}, 2
                )
            organ_ends = [
                m.end()
                for m in self.org_suffix_re.finditer(text, max(0, start - 5), m_start)
                if start < m.end() < m_start
                # 党组 of 党组织与社区 is no organ: 组织 is one word
                and not start_inside_word(text, m.end(), self.common)
                # 学院路街道, 学院街道: a street named after an organ
                and text[m.end() : m.end() + 1] not in ("路", "街")
            ]
            if organ_ends:
                start = organ_ends[-1]  # 管理委员会南文营社区: the name starts after an organ
                barriers.add(start)
            while start < m_start - 2 and text[start] in self.LEVEL_CHARS:
                start += 1
                barriers.add(start)
            if text[start] == "任" and text[start - 1 : start] in ("年", "月"):
                start += 1  # 2020年任红星社区党委书记: 任 appoints, it opens no name
                barriers.add(start)
            if text[start] == "驻" and start not in gazetteer_starts and m_start - start > 2:
                start += 1  # 驻花田乡何家岩村第一书记: stationed there (驻马店 is a city)
                barriers.add(start)
            if text[start] == "级" or text[start + 1 : start + 2] == "级":
                continue  # 省级示范党群服务中心: a rank, not a name
            # 三村镇: a village's name ending the town's name is part of it (checked above)
            # 竹镇镇: a town named after a place called 竹镇
            named_after = (text[m_start - 1] in "村街" and word in "镇乡") or (
                text[m_start - 1] == "镇" and word == "镇"
            )
            if word in self.SHORT_SUFFIXES and any(
                c in "镇村乡" for c in text[start : m_start - named_after]
            ):
                continue
            if (
                word in {"村", "社区", "镇", "乡"}
                and text[m_start - 1] in "省市区县级"
                and not self.NUMBERED_TOWN.match(text, m_start - 2)  # 三市镇, 二区村
                # 灌溪镇岗市村, 七星关区阿市乡: a two-character name right after its parent
                and not (
                    m_start - start == 2
                    and (
                        text[start - 1 : start] in ("镇", "乡")
                        or (
                            start in gazetteer  # right after a division
                            and text[start] not in self.LEVEL_CHARS
                            and text[start:m_start] not in self.common
                        )
                    )
                )
            ):
                continue  # 白云区村党组织, 区级社区: the villages of a district, not a name
            if not self._clean_edge(text, start, barriers):
                continue
            if text[start] == "副" and text.startswith("长", end):
                continue  # 人民政府副乡长: a post, no place named 副乡
            if text[start - 1 : start].isdigit() and self.UNIT_AFTER_NUMBER.match(text, start):
                continue  # 修建12公里通村公路: a length, no village named 公里通村
            if (
                suffix.level in {"area", "site"}
                and start in gazetteer
                and text[start - 1] not in self.LEVEL_CHARS
            ):
                # 天河中央商务区, 广州国际金融中心: a site keeps its place prefix
                start = gazetteer[start]
            name = text[start:end]
            if self._generic(name, len(word)):
                continue
            if (
                word == "村"
                and start not in barriers
                and start_inside_word(text, start, self.common)
            ):
                continue  # 这些年村里: a name whose first character ends a word starts mid-word
            if (
                word == "村"
                and self.COUNTED.search(text, max(0, start - 4), start)
                and text[start:m_start] in self.common
            ):
                continue  # 12个受灾村: a kind of village counted, no name
            if (
                word in self.AREA_WORDS
                and text[start:m_start] in self.action_nouns
                # 和兴路街道奋斗社区: a name right after its parent, or one named so before
                and start not in place_chain_ends
                and text[start:end] not in found_names
            ):
                continue  # 联系服务园区内的企业, 服务商圈: a verb and the area it serves
            if word == "村" and text[end : end + 1] == "里" and text[start:m_start] in self.verbs:
                continue  # 帮助村里发展产业: in the village, no village named 帮助村
            if word in self.POLICY_AREAS and text[start:m_start] in self.common:
                continue  # 乡村振兴示范区: a kind of area a policy makes, not a named one
            if text[start] in "他她它我你" and text[start + 1 : start + 2] in ("和", "与"):
                continue  # 他和村党委书记一起: a pronoun and 和, no village named 他和村
            if m_start - start == 1 and text[start] in "与和及同跟对向在由为被把将到":
                continue  # 工作队与村“两委”一道: a function word, no village named 与村
            if word in {"小区", "社区"} and text[m_start - 1] in "进出到回":
                continue  # 送件进小区: entering a compound, no name
            if (
                word == "村"
                and m_start - start == 3
                and text[m_start - 1] in self.SLOGAN_VERBS
                and text[start : m_start - 1] in self.common
            ):
                continue  # 产业兴村, 人才强村: a slogan, no village (新兴村, 复兴村 are names)
            if (
                text[start - 1 : start] in ("“", "‘")
                and text[end : end + 1] in ("”", "’")
                and (
                    self.PROGRAM_AFTER_QUOTE.match(text, end + 1)
                    or text[start:end] in quoted_programs
                )
            ):
                # 以“美好社区”建设为抓手: a program named in quotes (there or elsewhere in the
                # piece: a headline's “党建联村”推动…), no community
                continue
            if found and found[-1][0] == start and sites.get(found[-1]):
                found.pop()  # 时代广场大厦: one building, not a building in a square
            found.append((start, end))
            found_names.add(text[start:end])
            place_chain_ends.add(end)
            sites[(start, end)] = suffix.level == "site"
            barriers.add(end)
            if suffix.level in {"town", "village"}:
                # 东源乡, 白云湖街道: a division name at the start is part of this name
                dropped.update(
                    (start, g_end)
                    for g_end in gazetteer_ends_from.get(start, ())
                    if g_end <= m_start
                )
        if dropped:
            group = candidates(doc)
            group[:] = [
                c for c in group if not (c.label == "PLACE" and (c.start, c.end) in dropped)
            ]
        for start, end in found:
            add_candidate(doc, start, end, "PLACE", "place_grammar")
        self._sited(doc, text, gazetteer, found)
        return doc

    # 位于深圳市福田区的卓越世纪中心，入驻企业…: what 位于 and a place chain describe, named
    # alone before a mark, is a site
    SITED = re.compile(r"(?<=的)([\u4e00-\u9fffA-Za-z]{3,10})(?=[，。；、,;])")

    def _sited(
        self, doc: Doc, text: str, gazetteer: dict[int, int], found: list[tuple[int, int]]
    ) -> None:
        # where a place starts → where the longest place starting there ends
        longest: dict[int, int] = {}
        for start, end in [*((start, end) for end, start in gazetteer.items()), *found]:
            longest[start] = max(end, longest.get(start, end))
        for located in self.LOCATED.finditer(text):
            pos = located.end()
            while pos in longest:  # the place chain after 位于
                pos = longest[pos]
            if pos == located.end() or text[pos : pos + 1] != "的":
                continue
            site = self.SITED.match(text, pos + 1)
            if (
                site is None
                or self.org_suffix_re.search(site.group(1))
                or site.group(1) in self.common
                or self.scanner.boundary_ending_at(text, site.end())
            ):
                continue
            add_candidate(doc, site.start(), site.end(), "PLACE", "place_grammar")

    LOCATED = re.compile("|".join(SITUATED_WORDS))

    # a place's kind right after a division's short form: the short form is the end of one
    # name and the start of another (新丰镇|江边村), not a division
    KIND_AFTER_DIVISION = re.compile(r"[\u4e00-\u9fff]{0,2}(?:村|社区|镇|乡|街道)")

    def _division_starts_at(
        self, text: str, at: int, gazetteer_ends_from: dict[int, list[int]]
    ) -> bool:
        """A division's name of two or more characters starts at ``at`` (the one-character
        kind of a place before it is the division's first character)."""
        return any(
            g_end - at >= 2 and not self.KIND_AFTER_DIVISION.match(text, g_end)
            for g_end in gazetteer_ends_from.get(at, ())
        )

    def _full_division(self, name: str) -> bool:
        return any(d.name == name for d in self.gazetteer.lookup(name))

    def _word_not_suffix(self, text: str, word: str, start: int, end: int) -> bool:
        after = text[end : end + 1]
        before = text[start - 1 : start]
        if after and after in self.NOT_SUFFIX_BEFORE.get(word, ""):
            return True
        if word in "村街" and text.startswith(("社区", "街道"), end):
            # 钢花村社区, 长胜街社区, 坡子街街道: a community or street named after a village or
            # a street, one name
            return True
        if (
            word == "村"
            and after in ("乡", "镇")
            and text[end + 1 : end + 2] not in self.NOT_SUFFIX_BEFORE[after]
            and not text.startswith("银行", end + 1)
        ):
            # 三村镇, 太谷区任村乡: a town named after a village (村镇银行: a kind of bank;
            # 杨家村乡亲们: 乡 ends no town there)
            return True
        if word == "镇" and after == "镇":
            return True  # 竹镇镇: the first 镇 is inside the town's name
        if word == "村" and before in "强弱" and self.STRONG_VILLAGE_AFTER.match(text, end):
            return True  # 强村公司, 强村带弱村, 强村共富: a policy word, no village
        if word == "镇" and before in "重名" and _DESCRIBED_TOWN.search(text, 0, start - 1):
            return True  # 工业重镇, 历史文化名镇: an important town, no town's name
        return (
            (word == "村" and before in "乡农")
            or (word == "镇" and before == "乡")
            # 人才回乡, 返乡, 家乡, 下乡: going home or to the countryside, no township
            or (word == "乡" and before in "回返家故下还思离")
        )

    # 余村党支部, 余村村党支部, 余村位于…: a village named by one character, where the document
    # writes its Party body or committee after a mark (never 全村, 该村, 新村 …)
    ONE_CHARACTER_VILLAGE = re.compile(
        # after a mark, or after its town (天荒坪镇余村党支部)
        r"(?:^|(?<=[，。；：！？、\n“ 镇乡]))([\u4e00-\u9fff])村"
        r"(?=村?(?:党支部|党总支|党委)|村委会|村民委员会)",  # 余村村党支部: 余村's 村党支部
        re.MULTILINE,
    )
    NO_ONE_CHARACTER_NAME = frozenset(
        "全该本各每此邻新老这那其某同一二三四五六七八九十两几多村乡镇小大上下前后中外内里农山联跨"
    )

    def _one_character_villages(self, text: str) -> frozenset[str]:
        return frozenset(
            m.group(1)
            for m in self.ONE_CHARACTER_VILLAGE.finditer(text)
            if m.group(1) not in self.NO_ONE_CHARACTER_NAME
        )

    def _clean_edge(self, text: str, start: int, barriers: set[int]) -> bool:
        return (
            start == 0
            or start in barriers
            or not is_name_char(text[start - 1])
            or bool(self.scanner.boundary_ending_at(text, start))
            or text.endswith(self.org_suffixes, 0, start)
        )

    POLICY_AREAS = frozenset({"示范区"})
    AREA_WORDS = frozenset({"园区", "商圈", "片区", "小区", "社区", "街区"})
    COUNTED = re.compile(r"[\d一二两三四五六七八九十百千]+个$")
    SLOGAN_VERBS = "兴强富美治活"

    # 标准化, 示范性, 一站式, 服务型: a body that only says what kind of site it is
    # 示范社区, 先进村: a rank, no name; 空心村, 小山村: a kind of village
    MODIFIER_BODY = re.compile(
        r"[\u4e00-\u9fff]{1,3}[化性式型]|示范|先进|模范|标杆|样板|星级"
        r"|空心|空壳|贫困|薄弱|后进|软弱涣散|重点|试点|边境(?:村|乡镇|乡|镇)?|沿边(?:村|乡镇)?|明星|网红|富裕|偏远|边远|小山|山|问题"
        r"|优秀|优质|合格|达标|特色|普通|周边|邻近|相邻|其他|其它|基层(?:村|社区)?"
        r"|[十百千](?:佳|强)|第[\d一二三四五六七八九十百]+[届批次轮期]"  # 十佳村, 第三届村
        r"|楼宇|商圈|园区|小区|企业|行业"
        # 老旧院落社区, 安置社区, 涉农社区: a kind of community, by its housing or people
        r"|老旧(?:院落|小区)?|院落|安置|(?:易地扶贫)?搬迁安置|农村|城市|涉农|纯居民|开放式|无物业"
        r"|街道|社区|片区|居民区|村|镇|乡|区|市|县"  # 街道党群服务中心: the kind's own centre
        r"|嘎查"  # 嘎查村: Inner Mongolia's villages, by their kind
        r"|小城|建制|特色小"  # 小城镇治理, 建制镇, 特色小镇: a kind of town
        r"|[\u4e00-\u9fff]{1,6}之"  # 中国黄花之乡, 书法之乡: a title of honour, no township
    )

    BEFORE_A_KIND = frozenset("与跟向对在到从往把被将给及")

    def _generic(self, name: str, suffix_len: int) -> bool:
        if name[0] in "逐每":
            return True  # 逐村逐社区, 每村: one after another, no name
        if len(name) > suffix_len and name[-suffix_len - 1] in self.BEFORE_A_KIND:
            return True  # 继续与街道开展共建: 与 (with) before the kind, no name's last character
        if self.MODIFIER_BODY.fullmatch(name, 0, len(name) - suffix_len):
            return True  # 标准化党群服务中心: a kind of centre, no name
        return any(name[i:] in self.generic for i in range(len(name) - suffix_len))
