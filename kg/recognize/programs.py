"""PROGRAM names: quoted and book-title names, names ending in a program kind word."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.lexicon import INTO_WORDS, LISTING_WORDS, WORK_NOUNS, Lexicon, word_list
from kg.lexicon import alternation as alternation_re
from kg.recognize.base import (
    ACTING_AFTER_KIND,
    CARRIER_WORDS,
    CLAUSE_OPENING,
    HEAD_AFTER_KIND,
    Coverage,
    NameScanner,
    add_candidate,
    candidates,
    doc_text,
    is_cjk,
    is_name_char,
    verbal_nouns,
    verbs,
)
from kg.recognize.program_again import quoted_core_again, this_team, written_again
from kg.recognize.program_patterns import ProgramPatterns


class ProgramRules(ProgramPatterns):
    """PROGRAM names: quoted or book-title names and names ending in a kind word.

    ``“头雁工程”`` and ``“头雁”工程`` both give 头雁工程, and a name written before the
    quote stays with it (``镇村干部“大储备”机制``); ``《实施方案》`` gives 实施方案; a quoted
    phrase with no kind word counts when an implementing verb stands before it
    (开展“四点钟学堂”), when it is listed with other programs, or when 等 and a kind word
    follow (“三会一课”等学习制度). ``基层党建三年行动计划`` is found by its kind word 计划,
    its left edge at the verb before it, when it carries a numeral, follows an
    implementing verb or continues a list of programs. ``关于……的意见`` titles and
    ``X领导下的Y负责制`` are programs too.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.scanner = NameScanner(lexicon, lexicon.program_inner_words)
        self.prefix_scanner = NameScanner(lexicon)
        self.generic = lexicon.generic_names
        self.generic_bodies = lexicon.generic_bodies
        self.posts = tuple(lexicon.posts)
        self.not_programs = frozenset(word_list("not_programs.txt"))
        self.kinds = lexicon.program_suffixes
        self.verbs = tuple(sorted(lexicon.relation_cues["implements"], key=len, reverse=True))
        self.honor_re = re.compile(alternation_re(lexicon.relation_cues["awarded"]))
        # str.endswith with a tuple: one C call instead of a regex tried at every position
        self.verb_ends = tuple(v for v in self.verbs if len(v) > 1)
        self.verb_re = re.compile("|".join(map(re.escape, self.verb_ends)))
        self.listed_practices = re.compile(
            f"(?:{self.verb_re.pattern})"
            r"((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10})等[\u4e00-\u9fff]{0,6}"
            r"(?:制度|机制|模式|工作法)"
        )
        # the end of such a list, led by a literal the regex engine scans for at C speed: the
        # pattern above, led by a verb, is tried at every position (1.5% of --fast)
        self.listed_practices_end = re.compile(
            r"、[\u4e00-\u9fff]{2,10}等[\u4e00-\u9fff]{0,6}(?:制度|机制|模式|工作法)"
        )
        # 通过网格员“敲门问需”: a practice is also what something is done through
        self.practice_verb_re = re.compile("|".join(map(re.escape, (*self.verb_ends, "通过"))))
        self.kind_ends = tuple(self.kinds)
        stops = re.escape("".join(sorted(self.TAIL_STOPS)))
        self.tail_run = re.compile(f"[^\\x00-\\u4dff\\ua000-\\U0010ffff{stops}]*")
        self.kind_last = frozenset(kind[-1] for kind in self.kinds)
        self.any_kind = re.compile(alternation_re(self.kinds))
        kind_alt = "|".join(map(re.escape, self.kinds))
        self.kind_re = re.compile(alternation_re(lexicon.unquoted_program_suffixes))
        self.whole_kinds = tuple(lexicon.unquoted_program_suffixes)
        # “银发先锋”志愿服务队: a team named by a quote (not 队伍, 队员, 队长)
        self.PARTY_BODY_END = re.compile(r"(?:党委|党总支|党支部)$")
        self.COUNTED_KIND = re.compile(r"[一二两三四五六七八九十\d]{1,2}[项大个类条]")
        self.plain_actions = verbs() | verbal_nouns()
        teams = alternation_re(lexicon.team_suffixes)
        # 该宣讲团, 。议事会由…组成: a team's kind standing for the team named before
        self.this_team = re.compile(
            f"该({teams})|{CLAUSE_OPENING}({teams})(?:{ACTING_AFTER_KIND}|{HEAD_AFTER_KIND})",
            re.MULTILINE,
        )
        # not 队伍, 队员, 服务团队: 队长 after a team's kind is its captain (服务队队长)
        self.team_after = re.compile(
            f"([\u4e00-\u9fff]{{0,4}}?)(?:{alternation_re(lexicon.team_suffixes)})"
            "(?![伍员长]|队(?![长员]))"
        )
        self.boundary_words = lexicon.boundary_words
        self.team_suffixes = lexicon.team_suffixes
        self.generic_bodies = lexicon.generic_bodies
        self.body_kinds = (*lexicon.org_suffixes, *lexicon.team_suffixes)
        self.etc_kind = re.compile(
            rf"(?:[“‘][^”’\n]{{1,24}}[”’])*等[^，。；、\n]{{0,10}}?(?:{kind_alt})"
        )
        # led by a character class, which lets the regex engine skip other positions fast
        self.quoted = re.compile(
            rf"[“‘《](?:(?<=[“‘])([^“”‘’\n]{{1,{self.MAX_QUOTED}}})[”’]|(?<=《)([^《》\n]{{1,60}})》)"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        covered = Coverage(len(text))
        for m in self.TITLE.finditer(text):
            add_candidate(doc, m.start(), m.end(), "PROGRAM", "title")
            covered.add(*m.span())
        for m in self.LEADERSHIP.finditer(text):
            end = self._with_years(text, m.end())
            add_candidate(doc, m.start(), end, "PROGRAM", "leadership")
            covered.add(m.start(), end)
        honor_end = -1
        place_before: dict[int, int] = {}  # the end of each place → its earliest start
        place_after: dict[int, int] = {}  # the start of each place → its latest end
        for c in candidates(doc):
            if c.label == "PLACE" and c.start < place_before.get(c.end, c.end):
                place_before[c.end] = c.start
            if c.label == "PLACE" and c.end > place_after.get(c.start, c.start):
                place_after[c.start] = c.end
        owner_ends = {c.end for c in candidates(doc) if c.label in {"PLACE", "ORG"}}
        for m in self.quoted.finditer(text):
            q_start, q_end = m.span()
            if covered.covers(q_start):
                continue
            if m.group(2):
                inner_start, inner_end = m.span(2)
                label = "ORG" if self.MEDIA.search(m.group(2)) else "PROGRAM"
                add_candidate(doc, inner_start, inner_end, label, "book_title")
                covered.add(q_start, q_end)
                continue
            inner_start, inner_end = m.span(1)
            inner = m.group(1)
            if self.SENTENCE_MARK.search(inner) or self._chain_of_bodies(inner):
                continue
            if self._honor_cue_before(text, q_start) or (
                # 获评“A”“B”、“C”: the rest of a run of quoted honors
                honor_end >= 0 and text[honor_end:q_start] in ("", "、")
            ):
                honor_end = self._kind_tail(text, q_end, honor=True)
                add_candidate(doc, inner_start, honor_end, "HONOR", "honor")
                honor_end = max(honor_end, q_end)
                covered.add(q_start, q_end)
                continue
            honor_end = -1
            founded = self.FOUNDED_FUND.search(text, max(0, q_start - 3), q_start)
            if founded and inner.endswith("基金"):
                add_candidate(doc, inner_start, inner_end, "ORG", "quoted_fund")
                covered.add(q_start, q_end)
                continue
            team = self.team_after.match(text, q_end)
            if (
                team is not None
                and not self._holds_boundary_word(team.group(1))
                and not self.TEAMS_COUNTED.search(team.group(1))  # “A”“B”两支服务队
                and inner not in self.generic_bodies  # 县级“五星”党支部: a rank, no name
                and not inner.endswith(self.team_suffixes)  # “红心先锋队”党员突击队
                # “双带头人”教师党支部: a kind of Party branch (“红帆”联合党委 is one body)
                and not (team.group(1) and self.PARTY_BODY_END.search(team.group()))
                # “四个一”机关模范党支部创建: a program kind after the team names a program
                and self._kind_tail(text, q_end) <= team.end()
            ):
                # 柳青街道“小巷管家”志愿服务队: the place written before the team is its own
                team_start = place_before.get(q_start, inner_start)
                while team_start in place_before:
                    team_start = place_before[team_start]
                add_candidate(doc, team_start, team.end(), "ORG", "quoted_team")
                covered.add(q_start, team.end())
                continue
            if (
                team is None
                and inner.endswith(self.TEAM_NAME_ENDS)
                and inner.endswith(self.team_suffixes)
                and len(inner) >= 4
                and inner not in self.generic
                and not self._kind_of_team(inner)  # “社区书记工作室”: every secretary's
                and self._kind_tail(text, q_end) == q_end  # “周三议事会”制度: a program
                # “街道党工委—社区党委—楼栋党小组”: a chain of levels, not a team
                and not self.LEVEL_CHAIN.search(inner)
            ):
                # 建立“法律服务团”, 成立“乡贤参事会”: a team named in quotes is a body
                add_candidate(doc, inner_start, inner_end, "ORG", "quoted_team")
                covered.add(q_start, q_end)
                continue
            if self.NOT_PROGRAM_AFTER.match(text, q_end) and not (
                # “领航计划”的重要内容: a name ending in its kind is a program all the same
                inner.endswith(self.kind_ends) and inner not in self.generic
            ):
                continue
            tail_end = self._kind_tail(text, q_end)
            if text[q_start - 1 : q_start] in ("”", "’", "、") and self.COUNTED_KIND.match(
                text, q_end
            ):
                # “A”“B”两项行动: the kind of a list of names, no one's tail (“两个维护”十项制度机制
                # is one name)
                tail_end = q_end
            if (
                self.VENUE.search(inner)
                and len(inner) >= 3
                and tail_end == q_end
                # 建设“红色驿站”28个, 为10个“暖心驿站”授牌: a kind of site built many times is
                # a brand, no place
                and not self.COUNTED.match(text, q_end)
                and not self.COUNTED_BEFORE.search(text, max(0, q_start - 6), q_start)
                # 成了居民的“暖心驿站”: what something has become, a figure of speech
                and not self.BECAME_FIGURE.search(text, max(0, q_start - 12), q_start)
            ):
                # 打造“睦邻会客厅”: a named venue is a place (“红棉驿站”服务品牌: a program)
                add_candidate(doc, inner_start, inner_end, "PLACE", "quoted_venue")
                covered.add(q_start, q_end)
                continue
            if tail_end == q_end and not self.CJK.search(inner):
                continue
            if self.MANNER.fullmatch(inner) and text.endswith(self.VERB_KINDS, q_end, tail_end):
                continue  # 提供“一站式”服务: a manner of serving, no program
            if tail_end > q_end:
                start = self._prefix_start(text, q_start)
                chain_start = place_before.get(q_start)
                while chain_start in place_before:
                    chain_start = place_before[chain_start]
                if chain_start is not None and chain_start <= start:
                    start = q_start  # 北京市朝阳区“吹哨报到”改革: the place carries it out
                place_end = next(
                    (e for e in range(q_start - 1, start, -1) if place_before.get(e, -1) >= start),
                    None,
                )
                if place_end is not None and text[place_end:q_start] in self.plain_actions:
                    start = q_start  # 桂城街道创新“X”治理模式: a place and what it does
                if start < q_start and text.endswith(self.whole_kinds, start, q_start):
                    # 党史学习教育“六学”活动: a program written before the quote holds it
                    add_candidate(doc, start, q_start, "PROGRAM", "program_before_quote")
                    start = q_start + 1  # after the mark, as a quoted name starts
                add_candidate(doc, start, tail_end, "PROGRAM", "quoted+kind")
                covered.add(start, tail_end)
            elif (
                inner.endswith(self.kind_ends) or self.VERSION.search(inner)
            ) and inner not in self.generic:
                add_candidate(doc, inner_start, inner_end, "PROGRAM", "quoted_kind")
                covered.add(q_start, q_end)
            elif (
                len(inner) >= 2
                # “两新”组织, “两委”干部: a quoted word before a kind of people or
                # organization modifies it and names no program
                and self.FORMULA_NOT_BEFORE.match(text, q_end) is None
                and inner not in self.generic  # “行业党建”: a field of work, no program
                # 全面推行“清单化”: a manner (清单化, 常态化, 一站式), no program
                and not self.MANNER.fullmatch(inner)
                # 推动“有形覆盖”向“有效覆盖”转变: a state changed from, no program
                and self.CHANGED_STATE.match(text, q_end) is None
            ) and (
                self._numbered_formula(text, inner, q_end)
                or self._verb_before(text, q_start)
                or self._part_frame(text, q_start, q_end)
                or self._practice_name(text, inner, q_start, q_end)
                or self._owned_practice(text, inner, q_start, q_end, owner_ends)
                or self._framed_practice(text, q_start, q_end)
                or (
                    covered.last_end >= 0
                    and self.LIST_GAP.fullmatch(text, covered.last_end, q_start) is not None
                )
                or self.etc_kind.match(text, q_end)
                or self.PRACTICE_AFTER.match(text, q_end)
                or self.PLATFORM_AFTER.match(text, q_end)
            ):
                add_candidate(doc, inner_start, inner_end, "PROGRAM", "verb+quoted")
                covered.add(q_start, q_end)
        last_end = -1
        for m in self.kind_re.finditer(text):
            if covered.covers(m.start()):
                continue
            # 国际热核聚变实验堆（ITER）计划: a name with its acronym in brackets is a proper name
            acronym = (
                self.ACRONYM_BEFORE.search(text, max(0, m.start() - 14), m.start())
                if text[m.start() - 1 : m.start()] in ("）", ")")
                else None
            )
            body_end = acronym.start() if acronym is not None else m.start()
            start = self.scanner.left_edge(text, body_end, self.MAX_UNQUOTED)
            # 白云区均禾街|基层党建五项措施: the measures of the place a chain names, not a
            # name holding the chain (广东省加强基层党建三年行动计划 keeps its province)
            chained = [start]
            while place_after.get(chained[-1], body_end) < body_end:
                chained.append(place_after[chained[-1]])
            after_place = len(chained) > 2
            if after_place:
                start = chained[-1]
            rounds = self.ROUNDS.match(text, start, body_end)
            if rounds is not None:
                start = rounds.end()  # 实施两轮基层党组织建设三年行动计划: how many, no name
            name = text[start : m.end()]
            if (
                body_end - start < 2
                or name in self.generic
                or name[:2] in {"相关", "有关", "各项"}
            ):
                continue
            if m.group() in self.NEEDS_TITLE and not name.startswith("关于"):
                continue
            if m.group() in ("活动", "行动") and text[start:body_end] in self.plain_actions:
                continue  # 开展宣讲活动: an activity of a kind, no name (述职制度 is one)
            if (
                start > 0
                and not after_place
                and is_name_char(text[start - 1])
                and not (self.scanner.boundary_ending_at(text, start))
            ):
                continue  # cut by the length limit mid-word
            if not (
                self.NUMERAL.search(name)
                or acronym is not None
                or m.group() in self.NAMED_KINDS
                or self._verb_before(text, start)
                or (last_end >= 0 and text[last_end:start] == "、")
            ):
                continue
            end = self._with_years(text, m.end())
            quoted = self.QUOTED_MODIFIER.search(text, max(0, start - 12), start)
            if quoted is not None:
                start = quoted.start() + 1  # “两新”组织党建百日攻坚行动: the kind it is for
            add_candidate(doc, start, end, "PROGRAM", "kind_word")
            last_end = end
        # 实行红色物业、红色合伙人等共建联动制度: the named practices a kind of measure lists
        listed = self.listed_practices_end.search(text) is not None
        for m in self.listed_practices.finditer(text) if listed else ():
            pos = m.start(1)
            for item in m.group(1).split("、"):
                if not covered.covers(pos) and item not in self.generic:
                    add_candidate(doc, pos, pos + len(item), "PROGRAM", "listed_practice")
                pos += len(item) + 1
        quoted_core_again(doc, text)
        written_again(doc, text)
        this_team(doc, text, self.this_team)
        return doc

    def _with_years(self, text: str, end: int) -> int:
        """三年行动计划(2018~2020年): a year range in brackets is part of the name."""
        m = self.YEARS.match(text, end)
        return m.end() if m else end

    FRAME_BEFORE = re.compile(r"[以将把]$")
    # 以“X”为抓手; 将“X”纳入Y: what a measure is carried by, or what is made part of one
    FRAME_AFTER = re.compile(
        f"(?:建设|创建|工作)?为(?:{'|'.join(CARRIER_WORDS)})|(?:纳入|列入|融入|写入)"
    )

    def _framed_practice(self, text: str, q_start: int, q_end: int) -> bool:
        """以“网格连心”为抓手, 将“擂台比武”纳入…: what a measure is carried by, or what is
        made part of one, is a practice."""
        return (
            self.FRAME_BEFORE.search(text, max(0, q_start - 1), q_start) is not None
            and self.FRAME_AFTER.match(text, q_end) is not None
        )

    def _holds_boundary_word(self, gap: str) -> bool:
        """A verb or function word in the few characters between a quote and a kind word."""
        return any(
            gap[i:j] in self.boundary_words
            for i in range(len(gap))
            for j in range(i + 1, len(gap) + 1)
        )

    PLACE_KINDS = frozenset(
        {"社区", "村", "小区", "街道", "镇", "乡", "基层", "一线", "网格", "楼栋"}
    )
    # teams named in quotes (“法律服务团”, “乡贤参事会”), not practices named after a body
    # (“党组织领办合作社”, “一商圈一大党委”)
    TEAM_NAME_ENDS = ("团", "队", "参事会", "理事会", "议事会", "工作室", "调解室", "小组")
    LEVEL_CHAIN = re.compile(r"[—―－\-→]")
    TEAMS_COUNTED = re.compile(r"(?<!第)[一二两三四五六七八九十\d]+[支个]")

    def _chain_of_bodies(self, inner: str) -> bool:
        """“街道党工委—社区党委—楼栋党小组”: the levels of an organization, named by kind."""
        parts = self.LEVEL_CHAIN.split(inner)
        return len(parts) > 1 and all(p.endswith(self.body_kinds) for p in parts)

    MODAL = frozenset("要将会能可应须已正也还再都就又")

    def _prefix_start(self, text: str, quote_start: int) -> int:
        """镇村干部“大储备”机制: name characters right before the quote belong to the name,
        when they start cleanly (after a mark or a boundary word) and name no organization."""
        start = self.prefix_scanner.left_edge(text, quote_start, self.MAX_PREFIX)
        clean = (
            start == 0
            or not is_name_char(text[start - 1])
            or self.prefix_scanner.boundary_ending_at(text, start) > 0
        )
        prefix = text[start:quote_start]
        if quote_start - start < 2 or not clean or self.ORG_WORD.search(prefix):
            return quote_start
        if prefix in self.verb_ends or prefix in self.plain_actions:
            return quote_start  # 开发“甲”小程序: the verb opening the sentence makes it
        if prefix[0] in self.MODAL and (
            prefix[1:] in self.verb_ends or prefix[1:] in self.plain_actions
        ):
            return quote_start  # 我们要打响“水田坝”茶叶品牌: a modal and its verb
        if prefix in self.PLACE_KINDS and text[start - 1 : start] in "到在进赴向回入下":
            return quote_start  # 到社区“双报到”: where they go, no part of the name
        if self.LEVEL_ONLY.fullmatch(prefix):
            return quote_start  # 推行村级“小微权力清单”制度: the level it works at
        quoted = self.QUOTED_WORD_BEFORE.search(text, max(0, start - 8), start)
        if quoted is not None and self.verb_re.search(
            text, max(0, quoted.start() - 4), quoted.start()
        ):
            return quoted.start()  # 实施“两新”党务工作者“大储备”工程: the first quote opens it
        return start

    def _honor_cue_before(self, text: str, pos: int) -> bool:
        """An honor's cue in the six characters before ``pos``, or further back before the
        honor's category (获评助人为乐类“湖南好人”)."""
        near = pos - 6
        for cue in self.honor_re.finditer(text, max(0, pos - 12), pos):  # mostly none
            if self.NOT_HONOR_CUE.match(text, cue.start()):
                continue
            if (
                cue.group() in ("命名为", "确定为")
                and "被" not in text[max(0, cue.start() - 10) : cue.start()]
            ):
                continue  # 将项目命名为“X工程”: a name given, no honor (被…命名为 is one)
            if cue.start() >= near or self.HONOR_CATEGORY.fullmatch(text, cue.end(), pos):
                return True
        return False

    # 征求意见, 采取措施: a kind word that is the object of a verb before it
    OBJECT_KIND = re.compile(
        r"(?:征求|听取|收集|提出|反馈|吸纳|采纳|采取|研究|汇总)(?:意见|建议|措施|办法)$"
    )

    def _kind_of_team(self, inner: str) -> bool:
        """A team's kind after a kind of body or person only (社区书记|工作室)."""
        suffix = max((t for t in self.team_suffixes if inner.endswith(t)), key=len, default="")
        return bool(suffix) and inner[: -len(suffix)] in self.generic_bodies

    def _kind_tail(self, text: str, pos: int, honor: bool = False) -> int:
        """End of a kind phrase right after a closing quote (“百楼百站”专项行动 → 专项行动).

        For an honor the tail runs to the next mark (“金穗杯”创新大赛三等奖)."""
        if honor:
            end = pos
            while end < len(text) and end - pos < 12 and is_name_char(text[end]):
                if text[end] == "等" and text.startswith(self.AFTER_ETC, end + 1):
                    break  # “A”等荣誉称号: 等 ends the honor (not 三等奖)
                if text[end] == "的":
                    break  # 获评“A”的有：…: the particle ends the honor
                end += 1
            for word in self.HONOR_WORDS:  # “全国先进基层党组织”称号: the honor, not 称号
                if text.endswith(word, pos, end):
                    return end - len(word)
            return end
        best = pos
        boundary_last = self.scanner.last_chars
        # the tail runs over Chinese characters but the stop words (one regex step)
        run_end = self.tail_run.match(text, pos, pos + self.KIND_TAIL).end()
        if run_end == pos or self.any_kind.search(text, pos, run_end) is None:
            return pos  # no kind word in reach: what the walk below would find
        for end in range(pos + 1, run_end + 1):
            ch = text[end - 1]
            if ch in self.kind_last and text.endswith(self.kind_ends, pos, end):
                if (
                    text.endswith(self.VERB_KINDS, pos, end)
                    and is_cjk(text[end : end + 1])
                    and text[end] not in self.NO_OBJECT
                ):
                    # “党建+科技”模式服务企业: 服务 serves, it names no kind here (but
                    # “红色代办”服务由…推出, 服务延伸到小区: no object follows)
                    continue
                if self.OBJECT_KIND.search(text, pos, end):
                    continue  # “两委”挨家挨户上门征求意见: opinions asked for, no policy
                best = end
            elif (
                ch in boundary_last
                and self.scanner.boundary_ending_at(text, end, pos) > 1
                and not self.kind_re.match(text, end)
            ):
                break  # “红链计划”加快构建…: a verb ends the tail unless a kind follows it
        return best

    def _numbered_formula(self, text: str, inner: str, q_end: int) -> bool:
        """A quoted numbered formula (“三个一批”, “四下基层”, “1+N”) names a program, unless
        it names a kind of organization or people (“两新”组织, “两委”干部) or a post."""
        return (
            self.NUMERAL.search(inner) is not None
            and self.CJK.search(inner) is not None
            and not inner.endswith(self.posts)
            and inner not in self.not_programs
            and self.BIG_NUMERAL.match(inner) is None
            and self.FORMULA_NOT_BEFORE.match(text, q_end) is None
            and self._verb_in_clause(text, q_end - len(inner) - 2)
        )

    # 甲区“A”、乙市“B”等20个案例: a list of the practices of places, each after its place
    OWNED_LIST_AFTER = re.compile(
        r"、[^，。；“”]{0,12}[“‘]|等(?:[\d一二三四五六七八九十百]+[个项])?(?:经验|做法|案例|品牌|典型)"
    )

    def _owned_practice(
        self, text: str, inner: str, q_start: int, q_end: int, owner_ends: set[int]
    ) -> bool:
        """沙县区“小吃党建”、永安市“林改党建”等20个案例: a quoted name of a practice right
        after the place or body whose practice it is, in a list of such (单靠社区“一家挑”
        alone is a figure of speech; 方兴社区“大党委” is a body)."""
        return (
            q_start in owner_ends
            and self.OWNED_LIST_AFTER.match(text, q_end) is not None
            and 3 <= len(inner) <= 8
            and self.CJK.search(inner) is not None
            and inner not in self.not_programs
            and inner not in self.generic
            and not inner.endswith(self.body_kinds)
        )

    def _practice_name(self, text: str, inner: str, q_start: int, q_end: int) -> bool:
        """A short quoted name of a practice with an implementing verb earlier in its clause
        (通过网格员“敲门问需”, 推进把“支部建在小区上”), unless a kind of people or
        organization follows it (“双报到”党员)."""
        return (
            3 <= len(inner) <= 8
            and self.CJK.search(inner) is not None
            and inner not in self.not_programs
            and inner not in self.generic
            and self.FORMULA_NOT_BEFORE.match(text, q_end) is None
            # 成为推动企业发展的“红色引擎”: the verb governs the words before 的, not the quote
            and text[q_start - 1 : q_start] != "的"
            and self._verb_in_clause(text, q_start, reach=12, verbs=self.practice_verb_re)
        )

    def _verb_in_clause(
        self, text: str, pos: int, reach: int = 200, verbs: re.Pattern[str] | None = None
    ) -> bool:
        """An implementing verb (开展, 实行, 践行 …) earlier in the clause before ``pos``."""
        floor = max(0, pos - reach)
        last_mark = self.UP_TO_LAST_CLAUSE_MARK.match(text, floor, pos)
        start = last_mark.end() if last_mark else floor
        return (verbs or self.verb_re).search(text, start, pos) is not None

    def _verb_before(self, text: str, pos: int) -> bool:
        return text.endswith(self.verb_ends, max(0, pos - 6), pos)

    PARTS_BEFORE = re.compile(f"(?:{'|'.join(LISTING_WORDS)})[:：]?$")  # not 分为: stages
    INTO_AFTER = re.compile(f"(?:{'|'.join(WORK_NOUNS)})?(?:{'|'.join((*INTO_WORDS, '作为'))})")
    BASIS_AFTER = re.compile(f"(?:{'|'.join(WORK_NOUNS)})?的?基础上")
    PART_OF_QUOTED = re.compile(r"(?:行动|工程)?(?:是|作为|成为)[“‘]")

    def _part_frame(self, text: str, q_start: int, q_end: int) -> bool:
        """A quoted name framed as a program's part or ground: X包括“A”, 把“A”建设纳入…,
        在“A”工作的基础上, “A”是“B”的具体举措."""
        before = text[max(0, q_start - 3) : q_start]
        return (
            self.PARTS_BEFORE.search(before) is not None
            or self.PART_OF_QUOTED.match(text, q_end) is not None
            or (before.endswith(("把", "将")) and self.INTO_AFTER.match(text, q_end) is not None)
            or (before.endswith("在") and self.BASIS_AFTER.match(text, q_end) is not None)
        )
