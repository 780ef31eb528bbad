"""ORG names: place chain + body + organizational suffix (the names read off other names and
lines: :mod:`kg.recognize.org_context`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.lexicon import LEGAL_FORMS, PARTNER_ADVERBS, PARTY_BODY_END, Lexicon
from kg.lexicon import alternation as alternation_re
from kg.recognize.base import (
    EVERY_ONE,
    LEVEL_CHARACTERS,
    LEVEL_COMMITTEES,
    NameScanner,
    add_candidate,
    candidates,
    doc_text,
    is_cjk,
    is_name_char,
    positions_inside,
    verbs,
)
from kg.recognize.org_context import bare_references, quoted_kinds
from kg.recognize.org_patterns import OrgPatterns


class OrgNameGrammar(OrgPatterns):
    """ORG names: an optional place chain, a body and an organizational suffix.

    Suffixes chain to the right (``天河区委`` + ``组织部``; ``广州城投集团`` + ``党委``);
    the longest name is the entity and every shorter name ending at a suffix inside it
    (天河区委) is a candidate too, later kept as a nested parent organization. A name
    whose body is empty or only generic words (``村党支部``, ``各级党组织``, ``省属行业党委``)
    is not an entity.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.scanner = NameScanner(lexicon, org_names=True, kind_names=True)
        self.generic = lexicon.generic_names
        self.unnamed = self.generic | {""}
        self.verbs = verbs()
        suffixes = sorted(
            {*lexicon.org_suffixes, *self.HOST_ONLY_SUFFIXES}, key=lambda w: (-len(w), w)
        )
        chain_alt = "|".join(
            map(re.escape, sorted({*suffixes, *self.CHAIN_ONLY}, key=lambda w: (-len(w), w)))
        )
        # 由镇党委指导组建: a kind ending in 组 before 建 or 织 is the verb (组建, 组织); not 成
        # (党组成员, 工作组成员)
        self.NOT_SUFFIX_BEFORE = {
            **self.NOT_SUFFIX_BEFORE,
            **{w: self.NOT_SUFFIX_BEFORE.get(w, "") + "建织" for w in suffixes if w[-1] == "组"},
        }
        self.modifier_re = re.compile(
            "|".join(map(re.escape, sorted(self.GENERIC_MODIFIERS, key=len, reverse=True)))
        )
        # 社区委员会 is 社 + 区委员会, not 社 + 区委 + 员会: the longer reading comes first
        level_organs = [
            *(f"{level}委员会" for level in self.LEVEL_ORGANS),
            *(f"{level}委" for level in self.LEVEL_ORGANS),
        ]
        self.suffix_re = re.compile(alternation_re(suffixes, then=level_organs))
        # the same matches by an automaton, 2-3x faster on a text: the regex takes the longest
        # suffix at a position, else a level organ (区委), which is the longest match there
        # too unless a suffix is a level character alone (区 before 区委)
        self.suffix_words: AhoCorasick | None = None
        if not set(suffixes) & set(self.LEVEL_ORGANS):
            self.suffix_words = AhoCorasick(
                sorted({*suffixes, *level_organs}),
                matchkind=MatchKind.LeftmostLongest,
                implementation=Implementation.DFA,
            )
        self.suffix_at = re.compile(f"(?:{chain_alt})")
        # 联合党支部 …: the suffixes of a body that joins the bodies named before it
        self.joint_suffixes = tuple(w for w in suffixes if w.startswith("联合"))
        self.longest_suffix = max(len(w) for w in [*suffixes, *self.CHAIN_ONLY])
        self.generic_bodies = lexicon.generic_bodies

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = candidates(doc)
        place_spans = [(c.start, c.end) for c in found if c.label == "PLACE"]
        place_inside = positions_inside(place_spans)
        known_inside = positions_inside([(c.start, c.end) for c in found])  # 国家税务总局|绍兴市…
        place_starts = {p_start for p_start, _ in place_spans}
        # where a body's name may start with a level's place or a known body before it
        # (国家税务总局绍兴市柯桥区税务局)
        level_starts = place_starts | {c.start for c in found if c.label == "ORG"}
        place_ends = {p_end for _, p_end in place_spans}
        # 和兴路街道奋斗社区: places named right after the place they are in
        chained = frozenset(text[s:e] for s, e in place_spans if s in place_ends)
        last_start = last_end = 0
        for suffix_start, suffix_end in self._suffixes(text):
            if suffix_start < last_end:
                continue
            suffix = text[suffix_start:suffix_end]
            nxt = text[suffix_end : suffix_end + 1]
            if nxt and nxt in self.NOT_SUFFIX_BEFORE.get(suffix, ""):
                continue
            before = text[suffix_start - 1] if suffix_start else ""
            if before and before in self.NOT_SUFFIX_AFTER.get(suffix, ""):
                continue
            if suffix in self.COMPANY_UNIT_SUFFIXES and self.COMPANY_AFTER.match(text, suffix_end):
                continue  # 中国石化|湖北石化公司: the company's name goes on to its kind
            if self.BRACKETED_COMPANY.match(text, suffix_end):
                continue  # 烟草专卖局（分公司）党支部: the name goes on past the brackets
            if self.QUOTED_SITE_AFTER.match(text, suffix_end):
                continue  # 设立“红色商会”服务站: the quote names a site, no body
            start = self._name_start(
                text, suffix_start, place_inside, place_ends, last_end, known_inside
            )
            if start is None:
                continue
            joined = self.DISCIPLINES_JOINED.search(text, max(0, start - 10), start)
            if joined is not None and joined.end() == last_end:
                # 常州大学机械与轨道交通学院: a school named by two disciplines, in the
                # university named just before
                start = last_start
            # 报到单位山东省财政厅机关党委: a kind of body before a place is no part of the name
            for generic in (2, 3, 4):
                if start + generic in place_starts and text[start : start + generic] in (
                    self.generic_bodies
                ):
                    start += generic
                    break
            body = text[start:suffix_start]
            if not self._named(
                text, text[start:suffix_end], body, suffix, level_starts, start, chained
            ):
                # the reference ending with the suffix (X党委。联合党委: not the 党委 before)
                ref = next(
                    (
                        m
                        for ref_start in range(max(0, suffix_start - 3), suffix_start + 1)
                        if (m := self.GENERIC_REF.fullmatch(text, ref_start, suffix_end))
                    ),
                    None,
                )
                if (
                    ref
                    # 成立项目公司党支部: a kind of company after a name character is no
                    # reference; ，公司党委书记 is
                    and not (
                        text.startswith(self.BODY_REF_UNITS, ref.start())
                        and ref.start() > 0
                        and is_name_char(text[ref.start() - 1])
                        and not self.THIS_BODY.match(text, ref.start() - 1)
                    )
                    # 党支部 alone refers where it opens a clause (。党支部书记甲); 在机关党支部中
                    # speaks of a kind
                    and not (
                        ref.group() in self.BARE_PARTY_BODIES
                        and ref.start() > 0
                        and is_cjk(text[ref.start() - 1])
                    )
                    # 检察长、党组书记乙: a committee's kind alone is its own only before a
                    # post (按照“党委领导…”的原则 speaks of every one)
                    and not (
                        ref.group() in self.BARE_COMMITTEES
                        and not self.POST_AFTER.match(text, ref.end())
                    )
                ):
                    # 村党总支书记沈某: a reference to the document's one named 党总支
                    add_candidate(doc, ref.start(), ref.end(), "ORG", "generic_ref")
                continue
            written_start = start
            start = self._strip_modifiers(text, start, suffix_start)
            if self._quoted_formula(text, start, suffix_end):
                continue  # 推行“一商圈一大党委”: a numbered formula names a practice
            if start >= 2 and text[start - 2 : start] == "中共":
                start -= 2
            ends = self._chain_ends(text, suffix_end)
            if suffix in self.HOST_ONLY_SUFFIXES and not (
                (len(ends) > 1 and PARTY_BODY_END.search(text, 0, ends[1]))
                # 塔石镇中学, 下司马镇中心小学: a school named after its place is a name
                # (全市中小学 is a kind)
                or (start in place_starts and not text.endswith("中", start, suffix_start))
            ):
                continue
            department_end = self._department_end(text, ends[-1])
            if department_end:
                ends.append(department_end)
            joint_end = next((e for e in ends if text.endswith(self.joint_suffixes, start, e)), 0)
            if joint_end:
                joint_suffix = next(
                    j for j in self.joint_suffixes if text.endswith(j, 0, joint_end)
                )
                hosts = self._joint_hosts(text, start, joint_end - len(joint_suffix), place_inside)
                # the first body may be the name found just before (塔河市福利中心和…)
                if hosts and hosts[0][0] >= last_start:
                    for host_start, host_end in hosts:
                        add_candidate(doc, host_start, host_end, "ORG", "joint_host")
                    start = hosts[0][0]
            stationed = text.find("驻", start + 2, suffix_start)
            if stationed != -1 and len(ends) > 1:
                # 市纪委监委驻市国资委纪检监察组: the commission's group stationed at 市国资委;
                # the commission and where the group is stationed are no body together
                add_candidate(doc, stationed + 1, ends[0], "ORG", "org_grammar")
                ends = ends[1:]
            for end in ends:
                if text.startswith("集团", end) and text.endswith("局", start, end):
                    continue  # 中铁十一局集团: the bureau's group is the bureau, no body in it
                if start != written_start and (
                    text[start:end] in self.generic or self.GENERIC_REF.fullmatch(text, start, end)
                ):
                    continue  # 全院集团党委, 边境派出所: a scope word before a kind, no name
                add_candidate(doc, start, end, "ORG", "org_grammar")
            last_start, last_end = start, ends[-1]
        bare_references(doc, text, found)
        quoted_kinds(doc, text, found)
        return doc

    def _joint_hosts(
        self, text: str, start: int, suffix_start: int, place_inside: dict[int, int]
    ) -> list[tuple[int, int]]:
        """市福利中心和护理院联合党支部: the bodies a joint body's name joins, first to last
        (none unless two or more are named)."""
        hosts = [(start, suffix_start)]
        while start > 1 and text[start - 1] in "和与、":
            host_start = self._left_edge(text, start - 1, place_inside)
            if not self._host_name(text[host_start : start - 1]):
                break
            hosts.insert(0, (host_start, start - 1))
            start = host_start
        if len(hosts) < 2 or not self._host_name(text[hosts[-1][0] : hosts[-1][1]]):
            return []
        return hosts

    def _host_name(self, name: str) -> bool:
        # 局党组还与景区联合党委: an adverb after a body is the clause going on, not a host
        return (
            len(name) >= 2
            and name not in self.generic
            and all(map(is_name_char, name))
            and not name.endswith(PARTNER_ADVERBS)
            # 甲公司党委、乙楼宇联合党委: a Party body in a list is no host of a joint one
            and not PARTY_BODY_END.search(name)
        )

    FORMULA = re.compile(
        r"[一二两三四五六七八九十](?:[^一二两三四五六七八九十]{1,4}[一二两三四五六七八九十])+"
    )

    def _quoted_formula(self, text: str, start: int, end: int) -> bool:
        """A quoted name made of numbered parts (“一商圈一大党委”, “一村一支部”)."""
        return (
            text[start - 1 : start] in ("“", "‘")
            and text[end : end + 1] in ("”", "’")
            and self.FORMULA.match(text, start, end) is not None
        )

    def _suffixes(self, text: str) -> Iterable[tuple[int, int]]:
        """The spans of the organizational suffixes of the text, in order, not overlapping."""
        if self.suffix_words is None:
            spans: Iterable[tuple[int, int]] = (m.span() for m in self.suffix_re.finditer(text))
        else:
            spans = ((s, e) for _, s, e in self.suffix_words.find_matches_as_indexes(text))
        # “助残联盟”: a kind ending in 联 (残联) before 盟 is the 联 of 联盟, the longer kind
        return ((e - 1, e + 1) if text[e - 1 : e + 1] == "联盟" else (s, e) for s, e in spans)

    def _strip_modifiers(self, text: str, start: int, suffix_start: int) -> int:
        """县级律师行业党委 → 律师行业党委: level and scope words are not part of a name."""
        while True:
            m = self.modifier_re.match(text, start, suffix_start)
            if m is None or m.group() == "中共" or suffix_start - m.end() <= 0:
                return start
            if m.group() in self.UNIT_WORDS and text.startswith(("党", "路", "街"), m.end()):
                # 学校党委组织部: the school's own Party bodies keep the word; 学院路 is a name
                return start
            start = m.end()

    # 设立“红色商会”服务站: a quoted name before a site's kind names the site
    QUOTED_SITE_AFTER = re.compile(r"[”’](?:服务站|工作站|服务点|联络站|服务中心|驿站)")
    # 烟草专卖局（分公司）党支部: a bureau's name that goes on past its bracketed company
    BRACKETED_COMPANY = re.compile(r"[（(](?:分公司|公司)[）)][\u4e00-\u9fff]")
    # 顺丰速运（集团）有限公司: a bracketed kind inside a registered name;
    # 立讯精密工业（昆山）有限公司: a kind or a city in brackets inside a registered name;
    # 烟草专卖局（分公司）党支部: the bureau that is also a company (kind: group 1)
    BRACKETED_KIND = re.compile(
        r"[（(](?:(集团|控股|中国|股份|分公司|公司|分局)|[\u4e00-\u9fff]{2,3}?[省市]?)[）)]$"
    )

    def _name_start(
        self,
        text: str,
        suffix_start: int,
        place_inside: dict[int, int],
        place_ends: set[int],
        floor: int,
        known_inside: dict[int, int],
    ) -> int | None:
        """Where the name ending in the suffix at ``suffix_start`` starts (not before
        ``floor``), or None where what is written there names no one body."""
        start = max(self._left_edge(text, suffix_start, place_inside, known_inside), floor)
        if start > 0 and self.THIS_BODY.match(text, start - 1):
            start += 1
        if text[start - 1 : start] in ("年", "月") and text.startswith(("度", "任"), start):
            start += 1  # 2023年度乡镇党委, 2020年任甲社区党委书记: 度 ends the year, 任 appoints
        # 惠州“两新”组织党建学院: a quoted word after a place is inside the name, with the
        # word it modifies (组织 is a boundary word elsewhere)
        word = self.scanner.boundary_ending_at(text, start)
        modified = start - word if word > 1 else start
        quoted = self.QUOTED_WORD_BEFORE.search(text, max(0, modified - 6), modified)
        if quoted is not None and quoted.start() in place_ends:
            start = max(self._left_edge(text, quoted.start(), place_inside), floor)
        if EVERY_ONE.search(text, max(0, start - 4), start):
            return None  # 各商户党支部, 各县市区委组织部: every one's, no name
        posts = [
            m.end()
            for m in self.POST_IN_BODY.finditer(text, start, suffix_start)
            # 兴国县长冈乡: 县长 across a place's end is no post
            if not any(m.start() < end < m.end() for end in place_ends)
        ]
        if posts:
            start = posts[-1]  # 由街道党工委书记任联盟主席: no post is part of a name
        if self.LEVELS_IN_BRACKETS.search(text, max(0, start - 8), start):
            return None  # 县（市、区）委组织部, 各县（市、区）党委: the organs of several levels
        return start

    def _left_edge(
        self,
        text: str,
        suffix_start: int,
        place_inside: dict[int, int],
        known_inside: dict[int, int] | None = None,
    ) -> int:
        start = self.scanner.left_edge(text, suffix_start, self.MAX_BODY)
        appointed = text.rfind("任中共", start, suffix_start)
        if appointed >= 0:
            start = appointed + 1  # 王某任中共X县委组织部副部长: the body starts at 中共
        if (
            known_inside is not None
            and start == suffix_start - self.MAX_BODY
            and start > 0
            and is_name_char(text[start - 1])
        ):
            # the length cap cut a word (国家税务总局绍兴市柯桥区税务局党委): the name known
            # across the cut starts the body, else the first place after the cut does
            known = known_inside.get(start)
            if known is not None and known >= suffix_start - self.MAX_LONG_BODY:
                return known
            return next(
                (i for i in range(start, suffix_start) if place_inside.get(i + 1) == i), start
            )
        bracket = self.BRACKETED_KIND.search(text, max(0, start - 5), start)
        if (
            bracket is not None
            and bracket.start() > 0
            and is_name_char(text[bracket.start() - 1])
            # a kind or a place in the brackets, not a byline's name (电（王五）宜都市委)
            and (
                bracket.group(1) is not None
                or bool(Gazetteer.load().lookup(text[bracket.start() + 1 : bracket.end() - 1]))
            )
        ):
            start = self.scanner.left_edge(text, bracket.start(), self.MAX_BODY)
        # a boundary word inside a place name (联合, 和平 …) must not cut the name
        p_start = place_inside.get(start)
        if p_start is not None:
            return self.scanner.left_edge(text, p_start, self.MAX_BODY) if p_start else 0
        # nor one inside a body's name known before (国家市场监督管理总局|党组)
        known = known_inside.get(start) if known_inside is not None else None
        if known is not None and known >= suffix_start - self.MAX_LONG_BODY:
            return known
        return start

    # 医院重症医学科主任, 海关监控二科科长: a department of the body, named before its head's post
    DEPARTMENT = re.compile(  # 工务段线路车间主任, 线路工区工长: a workshop or a work area too
        r"[\u4e00-\u9fff]{1,6}?(?:科|车间|工区)(?=副?主任|副?科长|护士长|主治医师|医师|医生|副?工长)"
    )

    PARTY_DEPARTMENT = re.compile(
        r"(?:组织|宣传|统战|干部|人事|党建|综合)[一二三四五六七八九十]?科"  # 组织科, 组织一科
    )

    def _department_end(self, text: str, end: int) -> int:
        """The end of a department named right after an organization (0 if none)."""
        m = self.DEPARTMENT.match(text, end)
        if m is None:
            return 0
        if self.PARTY_DEPARTMENT.fullmatch(m.group()):
            return m.end()  # 组织科: 组织 is a boundary word, but not here
        for link_end in range(end + 1, m.end()):  # no boundary word inside the department
            if text[link_end - 1] in self.scanner.last_chars and self.scanner.boundary_ending_at(
                text, link_end, end
            ):
                return 0
        return m.end()

    def _chain_ends(self, text: str, end: int) -> list[int]:
        """Ends of the chained suffixes: up to MAX_LINK name characters, then a suffix."""
        ends = [end]
        while True:
            # the nearest suffix within reach, found by one search
            m = self.suffix_at.search(text, end, end + self.MAX_LINK + self.longest_suffix)
            if m is None or m.start() > end + self.MAX_LINK:
                return ends
            pos = m.start()
            if pos > end and text[end] in "和与及":
                return ends  # 甲临时党支部和平塘…临时党支部: two bodies, however 和 reads on
            if text[end:pos] == "原":
                return ends  # 甲局原党组书记: a former post in the body's leading group
            if self._quoted_name_in(text[end : m.start()]):
                # 被评为“甲县五星级党支部”“乙市先进基层党组织”, 授予甲党委“五星级党组织”称号:
                # a quoted name after the body is another name
                return ends
            for link_end in range(end + 1, pos + 1):  # the link must be name characters
                ch = text[link_end - 1]
                if (not is_name_char(ch) and ch not in "“”‘’") or (
                    ch in self.scanner.last_chars
                    and self.scanner.boundary_ending_at(text, link_end, end)
                ):
                    return ends
            if pos > end and (
                self.NEW_UNIT.search(text, end, pos) or self.SESSION.search(text, end, pos)
            ):
                return ends  # 商会一届十次理事会: a meeting of the body, not a body in it
            if pos > end and self.COUNT_IN_LINK.search(text, end, pos):
                return ends  # 甲、乙、丙医院三家单位党组织: the bodies counted, no body in one
            nxt = text[m.end() : m.end() + 1]
            if nxt and nxt in self.NOT_SUFFIX_BEFORE.get(m.group(), ""):
                return ends
            if m.group() == "公司" and text[end:pos] in self.LEGAL_FORMS:
                # 甲银行股份有限公司, 乙集团有限公司: the legal form ends the same body's name
                end = ends[-1] = m.end()
                continue
            end = m.end()
            ends.append(end)

    LEGAL_FORMS = tuple(form.removesuffix("公司") for form in LEGAL_FORMS)

    @staticmethod
    def _quoted_name_in(link: str) -> bool:
        """Two quoted names one after the other (“甲县五星级党支部”“乙市先进基层党组织”), or a
        quote opened before the suffix and not closed, with words inside it (甲党委“五星级
        党组织”称号; 甲产业联盟“大党委” is one name)."""
        if "”“" in link or "’‘" in link:
            return True
        for opening, closing in (("“", "”"), ("‘", "’")):
            i = link.rfind(opening)
            if 0 <= i < len(link) - 1 and closing not in link[i:]:
                return True
        return False

    def _named(
        self,
        text: str,
        name: str,
        body: str,
        suffix: str,
        level_starts: set[int],
        start: int,
        chained: frozenset[str] = frozenset(),
    ) -> bool:
        if len(name) < 2 or name in self.generic or self.SESSION_BODY.search(body):
            return False  # 一届十次理事会: a session, not a body
        if name[:1] in "村镇乡" and name[1:] in self.generic:
            return False  # 村集体经济合作社: the kind of a village's body
        if body.endswith("行业") and start not in level_starts:
            return False  # 成立物业行业党支部: a sector's kind of branch, no place or body named
        if "届" in body and body.partition("第")[0] in self.unnamed:
            return False  # 第一届委员会, 联盟第一届委员会: whose committee is left unnamed
        if "某" in body:
            return False  # 杭州某互联网企业党委: a body left unnamed
        if body[2:] in self.UNIT_KINDS and body[:2] in self.verbs and body not in chained:
            # 提起村党支部书记: a verb before the kind, no village named 提起村 (奋斗社区, named
            # right after its street in the piece, is one)
            return False
        if self.LEVEL_ORGAN.fullmatch(suffix):
            return bool(body) or name in LEVEL_COMMITTEES
        if suffix in self.LEVEL_OWN_ORGANS and body in LEVEL_CHARACTERS:
            return True  # 市人大常委会, 县政协: the level's own organ, as 市委 is
        if (
            suffix in self.NEEDS_LEVEL
            and not (body[:1] in "省市区县" or start in level_starts)
            and not (suffix == "局" and self.NUMBERED_BUREAU.fullmatch(body))
        ):
            return False
        stripped = body
        while stripped and (m := self.modifier_re.match(stripped)) is not None:
            stripped = stripped[m.end() :]
        if not stripped or stripped in self.generic_bodies or self._kinds_joined(stripped):
            return False
        # 所党支部, 院党委: a one-character body is the kind of unit, no name
        return not (len(stripped) == 1 and suffix in self.ONE_CHARACTER_KINDS)

    # 红旗村, 示范社区: the word before a place's kind may name the place
    PLACE_LAST = ("村", "镇", "乡", "街道", "县", "市", "区", "省")

    def _kinds_joined(self, body: str) -> bool:
        """高校教师, 民营企业, 机关离退休: two or three kinds joined name no body (unless
        the last is a place's kind, which the words before it may name)."""
        if body.endswith(self.PLACE_LAST):
            return False
        words = {0: 0}  # end of a reading from the start → the fewest kinds it takes
        for start in range(len(body)):
            if start in words:
                for end in range(start + 2, min(len(body), start + 6) + 1):
                    if body[start:end] in self.generic_bodies:
                        words[end] = min(words.get(end, 9), words[start] + 1)
        return 2 <= words.get(len(body), 9) <= 3

    UNIT_KINDS = frozenset({"村", "社区", "镇", "乡", "街道", "小区"})
    DISCIPLINES_JOINED = re.compile(r"(?:大学|学院)(?=[\u4e00-\u9fff]{1,6}与$)")
    ONE_CHARACTER_KINDS = frozenset(
        {"局", "党委", "党组", "委员会", "党组织", "集团", "党支部", "党总支", "党总支部"}
    )
