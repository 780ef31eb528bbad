"""The statistical model's names merged with the rules' candidates.

``dj_lac`` (:mod:`kg.recognize.lac`) stores Baidu LAC's words as ``(start, end, tag)`` in
``doc.user_data["dj_lac"]``. :class:`ModelNames` (``dj_model_names``, just before the
merger) lets the rules and the model each do what they do best, as measured on the dev
articles (README, "Rules and model"):

* people: LAC's ``PER`` words that look like a Chinese name (a surname, two to four
  characters, no title or kinship word) become candidates; a rule's person whose edge
  falls inside a LAC word (王宏说, 张明刚 of 张明刚刚) is cut back to LAC's name, or
  dropped;
* organizations: LAC's ``ORG`` words that end in an organizational suffix, or name a
  known organ, are candidates (西永海关监控二科, 吉林化纤集团); one the model ran into the
  body it works with is cut at the verb 联合 (人事局联合机关党委);
* places: LAC's ``LOC`` words that end in a venue or facility suffix (港, 站, 岛) are
  candidates; others are left to the gazetteer, which knows them better.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc

from kg.lexicon import PARTY_BODY_END, Lexicon, alternation
from kg.recognize.base import (
    EVERY_ONE,
    Candidate,
    candidates,
    common_words,
    doc_text,
    is_cjk,
)
from kg.recognize.lac import USER_DATA_KEY, LacWord, word_boundaries
from kg.recognize.model_people import ModelPeople
from kg.recognize.org_patterns import OrgPatterns

PERSON_RULE = "lac_person"


def lac_words(doc: Doc) -> Sequence[LacWord]:
    return doc.user_data.get(USER_DATA_KEY) or ()


class ModelNames(ModelPeople):
    """Adds the model's people, organizations and venues; trims the rules' people."""

    # LAC tags that never start or continue a name: verbs, prepositions, conjunctions,
    # particles, adverbs, pronouns, and people
    EDGE_TAGS = frozenset({"v", "vd", "p", "c", "u", "xc", "d", "r", "PER"})
    VERB_TAGS = frozenset({"v", "vd", "d"})
    SPEECH = frozenset("说讲称道赞笑问答")
    QUOTED_METHOD = re.compile(r"[”’](?:的)?(?:方式|模式|形式|方法|做法|路子|思路|理念|机制)")
    # 张红作讲话, 李明作动员讲话: 作 (gives) before a speech, not a name's last character
    GIVES_A_SPEECH = re.compile(
        r"作(?:[\u4e00-\u9fff]{0,4}(?:讲话|报告|发言|部署|总结|点评|辅导|表态|批示|交流|说明))"
    )
    NOT_NAME_TAGS = frozenset({"v", "vd", "vn", "p", "c", "d", "u", "r"})
    DOCTRINE = re.compile(r"新时代|[\u4e00-\u9fff]{2,4}思想")
    FUNCTION_TAGS = frozenset({"p", "c", "u", "xc"})  # edges even when one character long
    NAME_TAGS = frozenset({"LOC", "ORG", "PER", "nz"})
    # nouns, verbs, adjectives, adverbs: not 区内 (s, a place word) or 县里 (f)
    COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "vd", "a", "an", "ad", "d"})
    # one-character words LAC splits off a three-character name (万庆|良, 周冰|之)
    NAME_TAIL_TAGS = frozenset({"a", "n", "nz", "u", "an"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.surnames = lexicon.surnames | lexicon.model_surnames
        self.common = common_words()
        self.person_tails = lexicon.not_person_tails
        self.org_suffixes = tuple(sorted(lexicon.model_org_suffixes, key=len, reverse=True))
        self.kinds = frozenset({*lexicon.org_suffixes, *lexicon.model_org_suffixes})
        scopes = (w for w in OrgPatterns.GENERIC_MODIFIERS if w not in ("中共", "党员"))
        self.scope_re = re.compile(alternation(sorted(scopes, key=len, reverse=True)))
        self.place_suffixes = tuple(sorted(lexicon.model_place_suffixes, key=len, reverse=True))
        self.organs = lexicon.organ_names
        self.generic = lexicon.generic_names
        # 街区, 小区: a kind of unit the model calls an organization, hosting no named body
        self.generic_bodies = lexicon.generic_bodies
        # 文化和旅游局: the kinds of office whose names hold 和 are words of names too
        joined_kinds = (w for w in lexicon.org_suffixes if "和" in w)
        self.org_name_words = (*lexicon.org_name_words, *joined_kinds)
        party = [x for x in lexicon.org_suffixes if x.startswith(("党", "联合党", "临时党"))]
        # 医共体党组织: 党组 of 党组织 is no leading group
        self.party_suffix = re.compile(alternation(party) + "(?!织)")

    def __call__(self, doc: Doc) -> Doc:
        words = lac_words(doc)
        if not words:
            return doc
        text = doc_text(doc)
        found = candidates(doc)
        people: dict[tuple[int, int], LacWord] = {}
        # 问需于民、问责于民: a word the model reads as no person elsewhere in the piece
        others = {
            text[w.start : w.end]
            for w in words
            if w.tag != "PER"
            and w.end - w.start == 2
            and text[w.start] in self.PREPOSITION_SURNAMES
        }
        for w in words:
            if w.tag != "PER" or text[w.start : w.end] in others:
                continue
            if w.end - w.start > 2 and (
                text[w.end - 1] in self.SPEECH or self.GIVES_A_SPEECH.match(text, w.end - 1)
            ):
                w = LacWord(w.start, w.end - 1, w.tag)  # 王宏说 is 王宏 + 说, 张红作讲话 张红 + 作
            elif (
                w.end - w.start == 4
                and text[w.start : w.start + 2] not in self.surnames
                and not self._transcribed(text, w)
            ):
                w = LacWord(w.start, w.end - 1, w.tag)  # 王德福常: no given name of three
            if self._person(text, w):
                people[(w.start, w.end)] = w
        edges = word_boundaries(words)
        first_words = {w.start: w for w in words}
        name_tails = {
            w.start: w.end
            for w in words
            if w.end - w.start == 1
            and w.tag in self.NAME_TAIL_TAGS
            and text[w.start] not in "的地得了着过"
        }
        kept: list[Candidate] = []
        starts = [w.start for w in words]
        # 甲和乙联合党支部: the rules found the bodies it joins; 和 is no left edge there
        joint_starts = {c.start for c in found if c.rule == "joint_host"}
        # 李东|社区: where a place the rules found runs on past a word the model calls a person
        # (a place inside a person's name is none: 建华 of 王建华)
        inside_people = {i for w in words if w.tag == "PER" for i in range(w.start + 1, w.end)}
        place_ends: dict[int, int] = {}
        for c in found:
            if c.label == "PLACE" and c.start not in inside_people:
                place_ends[c.start] = max(c.end, place_ends.get(c.start, 0))
        # 勐满镇…，勐满|边境派出所: a town's name without its level, read as a verb, is the
        # town again where a body's name opens with it
        place_stems: set[str] = set()
        for c in found:
            level = self.TOWN_SUFFIX.search(text, c.start, c.end) if c.label == "PLACE" else None
            if level is not None and level.start() - c.start >= 2:
                place_stems.add(text[c.start : level.start()])
        trims = {
            cand: self._trim_left(text, cand, words, starts, place_ends, place_stems)
            for cand in found
            if cand.label in {"ORG", "PLACE"}
            and cand.rule.endswith("_grammar")
            and cand.start not in joint_starts
        }
        # 米市巷街道打铁关社区…改造后的打铁关社区: a place the model leaves whole once keeps
        # its first character wherever it is written (打 is no verb there)
        whole = {
            text[c.start : c.end]
            for c, trimmed in trims.items()
            if trimmed == c and c.label == "PLACE"
        }
        whole_starts = tuple(whole)
        for cand in found:
            if (
                cand.label == "PLACE"
                and cand.end not in place_ends  # 厢白满族乡|厢白头村: a chain goes on there
                and self._ends_inside_a_common_word(cand, words, starts)
            ):
                continue  # 一边用乡音: 乡 of the word 乡音 ends no place name
            if cand.label == "PLACE" and self._verb_before_suffix(cand, words, starts, text):
                continue  # 每年培训村党组织书记: 培训 governs 村…, it names no village
            trimmed = trims.get(cand, cand)
            if trimmed != cand and not (
                trimmed is not None
                and trimmed.start - cand.start == 1
                and (
                    text[cand.start : cand.end] in whole
                    # 沅陵县借母溪乡…借|母溪乡党委: so does a body's name the place opens
                    or (cand.label == "ORG" and text.startswith(whole_starts, cand.start))
                )
            ):
                cand = trimmed
                if cand is None:
                    continue
            if (
                cand.label == "PERSON"
                and (cand.start, cand.end) not in people
                # 买买提江·艾则孜: a name written for its sounds, joined by a dot, stays whole
                and not any(dot in text[cand.start : cand.end] for dot in "·•・")
            ):
                if text.endswith(self.person_tails, cand.start, cand.end):
                    continue
                cand = self._trim_person(cand, people, edges, name_tails, first_words, text)
                if cand is None:
                    continue
            kept.append(cand)
        kept.extend(Candidate(s, e, "PERSON", PERSON_RULE) for s, e in people)
        # 习近平新时代中国特色社会主义思想: a name inside the name of a body of thought
        kept = [c for c in kept if c.label != "PERSON" or not self.DOCTRINE.match(text, c.end)]
        # The model's organizations and places fill gaps only: where the rules found a
        # name, their chain grammar cuts it better than one long model word.
        taken = bytearray(len(text))
        for c in kept:
            if c.label != "PLACE" and c.rule != "generic_ref":
                taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        # 村党总支|领办X公司: a reference the rules found ends the model's word that runs on
        ref_ends = {c.end: c.start for c in kept if c.rule == "generic_ref"}
        place_edges = {c.start for c in kept if c.label == "PLACE"}
        place_edges |= {c.end for c in kept if c.label == "PLACE"}
        programs = {text[c.start : c.end] for c in kept if c.label == "PROGRAM"}
        departments = self._department_tails(text, kept)
        place_spans = [(c.start, c.end) for c in kept if c.label == "PLACE"]
        for w in self._unjoined(text, words):
            if w.tag not in {"ORG", "LOC"} or taken.find(1, w.start, w.end) != -1:
                continue
            name = text[w.start : w.end]
            if name in self.generic or name in self.generic_bodies or self._scope_kind(name):
                continue  # 边防派出所, 街区(党委), 边境派出所: a kind of body, no name
            if name in programs:
                continue  # 设立“时间银行”服务站: a program the rules found, no body
            if w.tag == "ORG" and any(s < w.end < e or s < w.start < e for s, e in place_spans):
                continue  # 西陵区学院|街道: a model body ending inside a place the rules found
            if any(w.start <= ref_ends.get(end, -1) for end in range(w.start + 1, w.end)):
                continue
            if w.tag == "ORG" and name in departments:
                # 镜湖区委老干部局…老干部局实施: a department written without its body is the
                # department named before, no name of its own
                kept.append(Candidate(w.start, w.end, "ORG", "generic_ref"))
                continue
            if w.start > 0 and text[w.start - 1] in "“‘" and self.QUOTED_METHOD.match(text, w.end):
                continue  # 以“飞地抱团”方式: a quoted way of working, no body
            party = self.party_suffix.match(text, w.end) if w.tag == "ORG" else None
            if party is not None and taken.find(1, w.end, party.end()) == -1:
                # 东方建设集团 + 党委: the host's Party organization, the host nested in it
                kept.append(Candidate(w.start, party.end(), "ORG", "org_grammar"))
                kept.append(Candidate(w.start, w.end, "ORG", "org_grammar"))
            elif (
                w.tag == "ORG"
                and self._organization(name)
                # 各街道办事处, 各县市区委组织部: every one's office, no name
                and not EVERY_ONE.search(text, max(0, w.start - 4), w.start)
            ):
                kept.append(Candidate(w.start, w.end, "ORG", "lac_org"))
            elif (
                w.tag == "LOC"
                and name.endswith(self.place_suffixes)
                and len(name) > 2
                and name not in self.generic
                and name[1:2] != "级"  # 省级示范…: a rank, not a name
            ):
                kept.append(Candidate(w.start, w.end, "PLACE", "lac_place"))
        found[:] = kept
        return doc

    JOINED = "联合"
    TOWN_SUFFIX = re.compile(r"(?:街道|镇|乡)$")
    PLACE_PREDICATE = re.compile(r"是|辖|位于|地处|现有|共有|下辖|总面积|面积")
    # 支持|社区党群服务中心: a verb cut off leaves a level's own kind of centre, no name
    LEVELS_OWN_SITE = re.compile(r"(?:社区|村|街道|镇|乡|乡镇|镇街)(?:党群服务中心|党群服务站)")

    def _unjoined(self, text: str, words: Sequence[LacWord]) -> Iterator[LacWord]:
        """The words, with an organization the model ran into the body it works with cut
        off (人事局|联合|机关党委, 市财政局|联合|税务局: 联合 is the verb) and 联合 off the
        start of a body (联合|区妇联); 联合会 and 联合党委 are kinds, not the verb."""
        joined = self.JOINED
        for w in words:
            if w.tag != "ORG" or text.startswith("联合国", w.start):
                yield w
                continue
            name = text[w.start : w.end]
            at = name.find(joined, 1)
            if at > 0 and self._organization(name[:at]):
                yield self._name_word_start(text, LacWord(w.start, w.start + at, w.tag))
                w = LacWord(w.start + at, w.end, w.tag)
                name = name[at:]
            if name.startswith(joined):
                rest = name[len(joined) :]
                # a bare kind of office (税务局) is no name; 区妇联 is the district's
                if not self._organization(rest) or (
                    len(rest) < 4 and rest[0] not in "省市县区镇乡"
                ):
                    continue
                w = LacWord(w.start + len(joined), w.end, w.tag)
            yield w

    def _name_word_start(self, text: str, word: LacWord) -> LacWord:
        """``word`` widened left over a word of organizations' names the model split
        (组织|人事局: 组织人事 of extract/org_name_words.txt)."""
        for name_word in self.org_name_words:
            for back in range(1, len(name_word)):
                if word.start - back >= 0 and text.startswith(name_word, word.start - back):
                    return LacWord(word.start - back, word.end, word.tag)
        return word

    def _trim_left(
        self,
        text: str,
        cand: Candidate,
        words: Sequence[LacWord],
        starts: list[int],
        place_ends: dict[int, int],
        place_stems: set[str] | frozenset[str] = frozenset(),
    ) -> Candidate | None:
        """Cut a name's left edge after the last verb, function word or person inside it
        (调研了X社区党委, 周海军调任X公安处); the last two characters, the suffix, stay. In an
        organization's name, a word that is a town's name without its level (``place_stems``)
        is no edge."""
        if (
            cand.label == "PLACE"
            and text[cand.start - 1 : cand.start] in ("", "，", "。", "；", "：", "\n")
            and self.PLACE_PREDICATE.match(text, cand.end)
        ):
            return cand  # 。打通镇是…: a place opening a clause about it holds no verb
        place_chain_ends = set(place_ends.values())
        i = max(0, bisect_right(starts, cand.start) - 1)
        first = words[i] if words else None
        if (
            cand.label == "PLACE"
            and first is not None
            and first.tag in {"v", "vn"}
            and first.start <= cand.start
            and first.end >= cand.end
        ):
            return None  # 扎根山乡: one verb to the model
        new_start = cand.start
        inner = self._inside_name_words(text, cand)
        while i < len(words) - 1 and words[i].start < cand.end - 2:
            w, after = words[i], words[i + 1]
            if (
                new_start < w.end <= cand.end - 2
                and w.end not in inner
                and w.tag in self.EDGE_TAGS
                and (cand.label != "ORG" or text[w.start : w.end] not in place_stems)
                # 该校植物|保护学院: a pronoun read into the name's first word is no edge
                and not (w.tag == "r" and w.start < cand.start)
                # 宁都县|杨依种|养专业合作社: a person read right after the place a body's name
                # opens with is part of that name; 李东|社区大党委: so is one that opens a
                # place the rules found (李东社区) or is one (布尔陶亥苏木|党委), or is one
                # after a place of the name (托克扎克镇|阿亚格曼干村|驻村工作队)
                and not (
                    w.tag == "PER"
                    and cand.label == "ORG"
                    and (
                        place_ends.get(w.start, 0) >= w.end
                        or (
                            i > 0
                            and words[i - 1].tag == "LOC"
                            and words[i - 1].end == w.start
                            and (
                                words[i - 1].start <= cand.start
                                or place_ends.get(w.start, 0) == w.end
                            )
                        )
                    )
                )
                # 甸柳街道|甸柳|一居社区, 西陵街道|胜利|四路社区: a person or a verb to the model
                # opening a place named right after a place is that place's first word
                and not (
                    w.tag in {"PER", "v"}
                    and cand.label == "PLACE"
                    and w.start == cand.start
                    and cand.start in place_chain_ends
                )
                and (
                    w.end - w.start > 1
                    or w.tag in self.FUNCTION_TAGS
                    or (
                        w.tag == "v"
                        and after.tag in {"LOC", "PER"}  # 调至黄金坳
                        # 金湖街道|上|冯村: a name's first character read as a verb after a
                        # place is the place chain's next name (上冯村), not 上 (go to)
                        and not (
                            w.end - w.start == 1
                            and i > 0
                            and words[i - 1].tag == "LOC"
                            and words[i - 1].end == w.start
                        )
                    )
                    # 王建华|任|花田乡人民政府: 任 (serves as) after a person opens no name
                    or (
                        text[w.start : w.end] == "任"
                        and i > 0
                        and words[i - 1].tag == "PER"
                        and words[i - 1].end == w.start
                        and after.tag in {"LOC", "ORG"}
                    )
                )
                # a verb inside a name (联合党委, 城市更新公司) is no edge unless a name follows;
                # a place name holds no verb (扎根山乡, 上报街道)
                and (
                    w.tag not in self.VERB_TAGS
                    or after.tag in self.NAME_TAGS
                    or (cand.label == "PLACE" and w.tag == "v" and w.end - w.start > 1)
                    # 选优配强党支部: a name opening with a verb before a bare kind word is none
                    or (
                        w.tag == "v"
                        and w.start <= cand.start
                        and w.end - w.start > 1
                        and after.end == cand.end
                    )
                )
            ):
                new_start, cut = w.end, w
            i += 1
        if new_start == cand.start:
            return cand
        rest = text[new_start : cand.end]
        if rest in self.generic or (cand.label == "PLACE" and self.LEVELS_OWN_SITE.fullmatch(rest)):
            # 改建|党群服务中心: a verb cut off leaves the kind alone, no name; but a two-character
            # name cut off (结|和|村党支部) is the model misreading the name
            misread = (new_start - cand.start == 2 and cut.end - cut.start == 1) or (
                # 兆麟|社区: a place named after a person (a hero, a founder) is still a place,
                # unless the piece names the person alone too (李红社区书记工作室…李红说: the
                # studio of 李红, community secretary)
                cand.label == "PLACE"
                and cut.tag == "PER"
                and cut.start == cand.start
                and len(rest) >= 2
                and not self._named_alone(text, text[cut.start : cut.end])
            )
            return cand if misread and cut.tag not in self.VERB_TAGS else None
        if cand.end - new_start < 4 and not (
            cand.label == "PLACE" and text[cut.start : cut.end] == "任" and len(rest) >= 3
        ):  # 王建华任|花田乡: the place after 任 keeps its three characters
            return None
        return Candidate(new_start, cand.end, cand.label, cand.rule)

    def _inside_name_words(self, text: str, cand: Candidate) -> set[int]:
        """Positions inside the words of organizations' names in ``cand`` (经济和社会组织:
        和 is no edge there)."""
        inner: set[int] = set()
        for word in self.org_name_words:
            at = text.find(word, cand.start, cand.end)
            while at != -1:
                inner.update(range(at + 1, at + len(word)))
                at = text.find(word, at + 1, cand.end)
        return inner

    def _verb_before_suffix(
        self, cand: Candidate, words: Sequence[LacWord], starts: list[int], text: str
    ) -> bool:
        """A place by the grammar whose one-character suffix (村, 乡, 镇) the model reads as a
        noun of its own, right after a verb of two characters or more; not where the place is
        what the clause is about (打通镇是…, 打通镇辖8个村: a town named 打通)."""
        if not cand.rule.endswith("_grammar") or self.PLACE_PREDICATE.match(text, cand.end):
            return False
        i = bisect_right(starts, cand.end - 1) - 1
        if i < 1:
            return False
        suffix, before = words[i], words[i - 1]
        return (
            suffix.start == cand.end - 1
            and suffix.end == cand.end
            and suffix.tag == "n"
            and before.end == suffix.start
            and before.tag == "v"
            and before.end - before.start > 1
        )

    def _ends_inside_a_common_word(
        self, cand: Candidate, words: Sequence[LacWord], starts: list[int]
    ) -> bool:
        """A place by the grammar whose last character opens a common word of two
        characters or more (a noun, a verb …; not a name, 区内 or 县里)."""
        if not cand.rule.endswith("_grammar"):
            return False
        i = bisect_right(starts, cand.end - 1) - 1
        if i < 0:
            return False
        w = words[i]
        return (
            w.start == cand.end - 1
            and w.end > cand.end
            and w.tag in self.COMMON_WORD_TAGS
        )

    def _scope_kind(self, name: str) -> bool:
        """边境派出所, 边防连, 全院教工: a scope word (OrgPatterns.GENERIC_MODIFIERS) before a
        kind alone."""
        m = self.scope_re.match(name)
        if m is None:
            return False
        rest = name[m.end() :]
        return len(rest) <= 1 or rest in self.generic or rest in self.kinds

    @staticmethod
    def _department_tails(text: str, kept: list[Candidate]) -> set[str]:
        """The departments of bodies the rules named (老干部局 of 镜湖区委老干部局, whose
        body 镜湖区委 is named inside it): what is written after a body inside a longer
        name."""
        orgs = [c for c in kept if c.label == "ORG" and c.rule != "generic_ref"]
        starts_ends = {(c.start, c.end) for c in orgs}
        tails: set[str] = set()
        for c in orgs:
            for end in range(c.start + 2, c.end - 1):
                if (c.start, end) in starts_ends:
                    tails.add(text[end : c.end])
        return tails

    def _organization(self, name: str) -> bool:
        if len(name) < 3 or not is_cjk(name[0]) or name in self.generic:
            return False
        if PARTY_BODY_END.sub("", name) in self.generic_bodies:
            return False  # 两镇党委, 业委会党支部: the body of a kind, none named
        return name in self.organs or name.endswith(self.org_suffixes)
