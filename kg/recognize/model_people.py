"""The model's people: which of LAC's ``PER`` words are names, and how a rule's person is
cut back to the model's word edges (:class:`ModelPeople`, which
:class:`kg.recognize.model.ModelNames` extends)."""

from __future__ import annotations

import re

from kg.gazetteer import Gazetteer
from kg.lexicon import SPEECH_VERBS
from kg.recognize.base import Candidate, common_words, is_cjk
from kg.recognize.lac import LacWord


class ModelPeople:
    """The person readings of :class:`~kg.recognize.model.ModelNames`: the lexicons they read
    (surnames, common words, tails no name ends with) are set by its ``__init__``."""

    surnames: frozenset[str]
    common: frozenset[str]
    person_tails: tuple[str, ...]
    FUNCTION_TAGS: frozenset[str]
    NOT_NAME_TAGS: frozenset[str]

    # 推动监督向基层延伸, 居民区党群服务点: a preposition or a level that is also a surname,
    # then a common word, is no name unless a post or a mark stands before it (部长向文明)
    PREPOSITION_SURNAMES = frozenset("向于从和与将同以由区")
    POST_ENDS = frozenset("长记任员者师席理事官委：:")

    # 发展贡米产业, 建成贡米基地: a produce the model reads as a person
    PRODUCE_AFTER = re.compile(r"产业|基地|种植|养殖|加工|合作社")

    # what closes a name standing alone: a mark or a verb of speech (李红说, 斯琴高娃介绍)
    NAME_CLOSED = re.compile(f"[，。、：:,]|{'|'.join(SPEECH_VERBS)}")
    # 斯琴高娃介绍, 额尔德尼说: a name of four characters written for its sounds (Mongolian,
    # Tibetan), whole where NAME_CLOSED follows; 王德福常说: 常 (often) ends no name
    NOT_NAME_END = frozenset("常也就都还又再才曾已便总却亦仍正先说讲")

    def _transcribed(self, text: str, word: LacWord) -> bool:
        gazetteer = Gazetteer.load()  # 和田策勒：: two places, no name
        return (
            text[word.end - 1] not in self.NOT_NAME_END
            and bool(self.NAME_CLOSED.match(text, word.end))
            and not gazetteer.lookup(text[word.start : word.start + 2])
            and not gazetteer.lookup(text[word.end - 2 : word.end])
        )

    def _named_alone(self, text: str, name: str) -> bool:
        """The piece names ``name`` as a person on its own (李红说, 李红介绍)."""
        closed = self.NAME_CLOSED.pattern
        return re.search(f"{re.escape(name)}(?:{closed})", text) is not None

    def _person(self, text: str, word: LacWord) -> bool:
        name = text[word.start : word.end]
        if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name):
            return False
        if self.PRODUCE_AFTER.match(text, word.end):
            return False
        if name.endswith(self.person_tails):
            return False
        if (
            len(name) == 3
            and name[0] in self.PREPOSITION_SURNAMES
            and name[1:] in self.common
            and word.start > 0
            and is_cjk(text[word.start - 1])
            and text[word.start - 1] not in self.POST_ENDS
        ):
            return False
        return name[0] in self.surnames or name[:2] in self.surnames

    @staticmethod
    def _tail_misread(text: str, tail: int) -> bool:
        """The model ran a name's last character into the word after it (林志|强逐|一点评):
        what it read there is no word, and the two characters after the name are one."""
        common = common_words()
        return text[tail : tail + 2] not in common and text[tail + 1 : tail + 3] in common

    def _trim_person(
        self,
        cand: Candidate,
        people: dict[tuple[int, int], LacWord],
        edges: set[int],
        name_tails: dict[int, int],
        first_words: dict[int, LacWord],
        text: str,
    ) -> Candidate | None:
        """A rule's person whose edges are not word edges: LAC's name at the same start,
        else nothing (a name never ends inside a word)."""
        for s, e in people:
            if s == cand.start:
                if cand.end - s == 3 and name_tails.get(e) == cand.end:
                    return cand  # 万庆良: LAC's 万庆 + a one-character word 良 the rule kept
                run_on = first_words.get(e)
                if (
                    cand.end - s == 3
                    and e == cand.end - 1
                    and run_on is not None
                    and run_on.end > cand.end
                    and self._tail_misread(text, e)
                ):
                    return cand  # 林志|强逐|一点评: 强 ends the name, 逐一 is the word after
                return Candidate(s, e, "PERSON", cand.rule)
        first = first_words.get(cand.start)
        if (
            first is not None
            and first.end - first.start >= 2
            and first.tag not in {"PER", "nz"}
            # 部长|向文明: a name after a post read as one function word (p, c, d) is still
            # the name; no function word is three characters long
            and not (
                cand.rule == "post_before"
                and (first.start, first.end) == (cand.start, cand.end)
                and first.tag in self.FUNCTION_TAGS | {"d", "r"}
            )
            and (
                is_cjk(text[cand.end : cand.end + 1] or " ")
                or (first.tag in self.NOT_NAME_TAGS and first.end >= cand.end)
            )
        ):
            # 负责人宣读了, 辅导员荣誉称号: a common word running on, not a name (a name in a
            # byline stands between spaces, whatever the model calls it)
            return None
        if (
            first is not None
            and first.tag in {"v", "vn"}
            and first.end - first.start >= 2
            and first.end < cand.end
            and cand.rule == "post_before"
        ):
            return None  # 教师|成长营: a verb opening what follows a post is no name
        rest = first_words.get(first.end) if first is not None else None
        after = first_words.get(rest.end) if rest is not None else None
        if (
            cand.rule == "post_before"
            and first is not None
            and rest is not None
            and after is not None
            and first.tag == "v"
            and first.end - first.start == 1
            and rest.tag in {"n", "a"}
            and rest.end == cand.end
            and after.tag in {"n", "vn"}
        ):
            # 组织部长|谈|人才|工作, 部长|谈|新|就业: a verb and its object, no name
            return None
        if cand.start in edges and cand.end in edges:
            return cand
        if cand.rule == "post_before" and cand.end in edges:
            return cand  # 第一书记麻辉煌: the model's 书记麻 runs the post into the surname
        return None
