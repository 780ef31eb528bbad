"""PERSON names: surname + given name in the contexts where names are written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.recognize.base import (
    add_candidate,
    common_words,
    doc_text,
    is_cjk,
    is_name_char,
)


class PersonRules:
    """PERSON names: a surname and one or two given-name characters next to a post.

    ``书记马景刚`` / ``记者 赵成`` / ``编辑:王某`` (post before the name), ``习近平总书记``
    (title after the name) and ``马景刚说`` once the name is known; a byline such as
    ``记者欧阳成 香金群`` gives every space-separated name. Every later occurrence of a
    recognized name in the document is a mention too.
    """

    LIST_MARKS = frozenset("、，,。；;")
    BYLINE_OPENERS = frozenset("（(、 \u3000")
    BYLINE_ROLES = frozenset({"通讯员", "记者"})
    BYLINE_CLOSERS = frozenset("）)、 \u3000")
    CLOSING_MARKS = frozenset("”’」』》")
    #: the roles a byline lists its people under: the next role, never a name
    BYLINE_WORDS = (
        "记者", "通讯员", "实习生", "见习记者", "特约记者", "摄影", "摄像", "编辑", "责任编辑",
        "作者", "审核", "校对", "供图",
    )
    SPEECH = ("说", "表示", "介绍", "指出", "坦言", "感慨", "告诉")
    BYLINE_GAP = re.compile(r"[ \u3000、]+")
    POST_GAP = re.compile(r"[ \u3000:：]*")
    PHOTO_CREDIT = re.compile(r"(?m)^[ \u3000]*([\u4e00-\u9fff]{2,4})[ \u3000]*摄[ \u3000]*$")
    SPEAKER_AFTER = r"(?=[\u4e00-\u9fff]{2,4}(?:说|表示|介绍|坦言|告诉|感慨|是))"
    SPEAKER_MARKS = "”“。，,：:！？\n"
    RECURRING_MARKS = "的，,。”：:、\n"
    NICKNAME = re.compile(r"[小老](?=[\u4e00-\u9fff](?:说|表示|介绍|告诉))")
    NOT_FIRST = frozenset("的说是在和与等为了")
    UNIT_CHARS = frozenset("省市区县镇村乡街局委部")
    AFTER_NAME = frozenset("说表介指告认称等")
    COUNT_OPENERS = frozenset("一二两三四五六七八九十百几多数０１２３４５６７８９")
    NAME_END = frozenset(
        "说表介的等是在和与带也就都还告认指称率同一为对向从把被将了所副任当来去到上下中里看讲道笑领组坚积深多每作感希回却又便很已正带参出主走陪要"
    )

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.common = common_words()
        self.surnames = lexicon.surnames
        self.rare_surnames = frozenset(s for s in lexicon.model_surnames if len(s) == 1)
        posts = sorted(lexicon.posts, key=len, reverse=True)
        # every post word, leftmost-longest and not overlapping, as the regex of the words
        # finds them; the automaton scans the text in a third of the time (the posts start
        # with common characters: 书, 党, 主 …)
        self.post_words = AhoCorasick(
            [p for p in posts if p],
            matchkind=MatchKind.LeftmostLongest,
            implementation=Implementation.DFA,  # a DFA scans the text fastest
        )
        self.title_after = re.compile(r"(?:总书记|同志|书记|主任|先生|女士)")
        single = "".join(sorted(s for s in self.surnames if len(s) == 1))
        firsts = "".join(sorted({s[0] for s in self.surnames}))
        # a speaker: a name at the start or right after a mark, before 说/表示 …; the
        # patterns start with the mark (a character class the regex engine skips to fast)
        # and look ahead for the name
        speaker = f"(?=[{firsts}]){self.SPEAKER_AFTER}"
        self.speaker_first = re.compile(speaker)
        self.speaker = re.compile(f"[{self.SPEAKER_MARKS}]{speaker}")
        self.recurring = re.compile(f"[{self.RECURRING_MARKS}](?=([{single}][\u4e00-\u9fff]{{2}}))")

    SERVED_POST = re.compile(r"副?(?:主席|主任|书记|组长|会长|理事长|秘书长|队长|站长|委员)")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        names: dict[str, str] = {}
        post_gap = self.POST_GAP
        common = self.common
        for _, post_start, post_end in self.post_words.find_matches_as_indexes(text):
            if text[post_start : post_end + 1] in common:
                continue  # 居民区党群服务点: the role word opens a longer word, no name after it
            pos = post_gap.match(text, post_end).end()
            in_byline = (
                text[post_start - 1 : post_start] in self.BYLINE_OPENERS
                and text[post_start:post_end] in self.BYLINE_ROLES
            )
            while True:
                if text.startswith(self.BYLINE_WORDS, pos):
                    break  # （记者 甲 实习生 乙）: 实习生 opens the next role
                name = (
                    # 镇长艾合买提·吐尔逊: a name joined by a middle dot is read whole first
                    self._dotted_name_at(text, pos)
                    or self._name_at(text, pos)
                    or self._marked_name_at(text, pos)
                    or self._transcribed_name_at(text, pos)
                    or (self._byline_name_at(text, pos) if in_byline else "")
                )
                if not name:
                    break
                if name[0] in "任兼" and (
                    self.SERVED_POST.match(text, pos + len(name))
                    or self.SERVED_POST.match(text, pos + 1)
                ):
                    # 书记任联盟主席, 县委书记任组长: 任 (serves as) before a post, no name
                    break
                if text[pos + len(name) : pos + len(name) + 1] in self.CLOSING_MARKS:
                    break  # “书记项目”制度: a post and a word closing a quoted name, no person
                names.setdefault(name, "post_before")
                pos += len(name)
                gap = self.BYLINE_GAP.match(text, pos)
                if not gap:
                    break
                pos = gap.end()
        for m in self.title_after.finditer(text):
            for n in (3, 2):
                start = m.start() - n
                if start < 0:
                    continue
                cand = text[start : m.start()]
                before = text[start - 1] if start else "\n"
                if (is_name_char(before) and before not in "的和与") or not self._plausible(cand):
                    continue
                if self.gazetteer.lookup(cand):
                    continue
                names.setdefault(cand, "title_after")
                break
        for m in self.PHOTO_CREDIT.finditer(text) if "摄" in text else ():
            if self._plausible(m.group(1)) and not self.gazetteer.lookup(m.group(1)):
                names.setdefault(m.group(1), "photo_credit")
        for pos in self._speaker_positions(text):
            name = self._name_at(text, pos)
            if name and (
                text.startswith(self.SPEECH, pos + len(name))
                or (text[pos - 1 : pos] == "”" and text.startswith("是", pos + len(name)))
            ):
                names.setdefault(name, "speaker")
        for m in self.NICKNAME.finditer(text):
            if text[m.end()] in self.surnames:
                names.setdefault(text[m.start() : m.end() + 1], "nickname")
        recurring: dict[str, int] = {}
        for cand in self._recurring_candidates(text):
            if cand[0] in self.surnames and cand[1] not in self.NOT_FIRST:
                recurring[cand] = recurring.get(cand, 0) + 1
        for cand, count in recurring.items():
            if (
                count >= 2
                and cand[-1] not in "村镇乡街区县市省"
                and cand[:2] not in common
                and cand[1:] not in common
                and not self.gazetteer.lookup(cand)
                and self._plausible(cand)
            ):
                names.setdefault(cand, "recurring")
        if names:
            # every occurrence, leftmost-longest and not overlapping (what the regex of the
            # names finds), by an automaton: no pattern to compile for each document
            found = AhoCorasick(list(names), matchkind=MatchKind.LeftmostLongest)
            for _, start, end in found.find_matches_as_indexes(text):
                add_candidate(doc, start, end, "PERSON", names[text[start:end]])
        return doc

    def _recurring_candidates(self, text: str) -> Iterator[str]:
        """Surname + two characters right after a mark, left to right, not overlapping
        (what ``(?<=[marks])([surnames]..)`` finds, at the speed of a pattern that starts
        with a character class)."""
        last_end = 0
        for m in self.recurring.finditer(text):
            if m.end() < last_end:
                continue  # overlaps the previous candidate
            cand = m.group(1)
            last_end = m.end() + len(cand)
            yield cand

    def _speaker_positions(self, text: str) -> Iterator[int]:
        """Where a speaker's name may start: the text's start or right after a mark."""
        if self.speaker_first.match(text):
            yield 0
        for m in self.speaker.finditer(text):
            yield m.end()

    def _plausible(self, cand: str) -> bool:
        if not all(map(is_cjk, cand)) or any(c in self.UNIT_CHARS for c in cand[1:]):
            return False
        if cand[:2] in self.surnames and len(cand) >= 3:
            return True
        return cand[0] in self.surnames and 2 <= len(cand) <= 3 and cand[-1] not in self.NAME_END

    def _byline_name_at(self, text: str, pos: int) -> str:
        """本报某地讯（通讯员津组轩）: in a byline the name needs no known surname (pen names of
        offices are common), only its closing mark."""
        for n in (3, 2):
            name = text[pos : pos + n]
            if (
                len(name) == n
                and all(map(is_cjk, name))
                and text[pos + n : pos + n + 1] in self.BYLINE_CLOSERS
                and not self.gazetteer.lookup(name)
            ):
                return name
        return ""

    # 阿不都热合曼·买买提, 扎西次仁说: names written in Chinese characters for their sounds
    # (Uyghur names joined by a middle dot, Tibetan names of four characters) have no surname
    DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}(?:[·•・][\u4e00-\u9fff]{2,8})+")
    SPOKEN_NAME = re.compile(r"[\u4e00-\u9fff]{4}(?=说|介绍|表示|告诉)")

    def _dotted_name_at(self, text: str, pos: int) -> str:
        return self._transcribed_name_at(text, pos) if self.DOTTED_NAME.match(text, pos) else ""

    def _transcribed_name_at(self, text: str, pos: int) -> str:
        """After a post: a name joined by a middle dot, or four characters before a verb of
        speech that no word of the lexicon or the gazetteer begins."""
        dotted = self.DOTTED_NAME.match(text, pos)
        if dotted is not None:
            name = self._dotted_end(text, dotted)
            name = self.SPEECH_END.sub("", name)  # 买买提介绍: the verb is no name
        else:
            spoken = self.SPOKEN_NAME.match(text, pos)
            name = spoken.group() if spoken is not None else ""
            if name[:2] in self.common or name[2:] in self.common:
                return ""  # 亲自带队说: words, no name
        if (
            not name
            or name[0] in self.NOT_FIRST  # 担任X书记的甲说: 的 opens no name
            or any(c in self.UNIT_CHARS for c in name)
            or self.gazetteer.lookup(name[:2])
        ):
            return ""
        return name

    SPEECH_END = re.compile(r"(?:说|介绍|表示|告诉|指出|强调)$")
    SPEECH_START = ("说", "介绍", "表示", "告诉", "指出", "强调")

    def _dotted_end(self, text: str, dotted: re.Match[str]) -> str:
        """买买提江·艾则孜带领队员…: the last part of a dotted name ends where a common word
        or a verb of speech starts after it."""
        start = dotted.start() + max(dotted.group().rfind(dot) for dot in "·•・") + 1
        for end in range(start + 2, dotted.end()):
            if text[end : end + 2] in self.common or text.startswith(self.SPEECH_START, end):
                return text[dotted.start() : end]
        return dotted.group()

    def _marked_name_at(self, text: str, pos: int) -> str:
        """副检察长羊健民，: after a post, a less common surname and two characters that a
        mark closes are a name too."""
        name = text[pos : pos + 3]
        if (
            len(name) == 3
            and name[0] in self.rare_surnames
            and text[pos + 3 : pos + 4] in self.LIST_MARKS
            and all(map(is_cjk, name))
            and not any(c in self.UNIT_CHARS or c in self.NOT_FIRST for c in name[1:])
            and not self.gazetteer.lookup(name)
        ):
            return name
        return ""

    def _name_at(self, text: str, pos: int) -> str:
        for surname_len in (2, 1):
            surname = text[pos : pos + surname_len]
            if len(surname) != surname_len or surname not in self.surnames:
                continue
            first = text[pos + surname_len : pos + surname_len + 1]
            if not first or not is_cjk(first) or first in self.NOT_FIRST:
                continue
            if any(c in self.UNIT_CHARS for c in text[pos + surname_len : pos + surname_len + 2]):
                continue  # 惠市组 is an office, not a person
            second = text[pos + surname_len + 1 : pos + surname_len + 2]
            after = text[pos + surname_len + 2 : pos + surname_len + 3]
            if (
                second
                and is_cjk(second)
                # 书记赵敏说，: a verb of speech before a mark ends the sentence's name
                and not (second in "说讲道" and after in "，,：:。")
                # 陈明等8名书记: 等 closes a list before its count, no name's last character
                and not (second == "等" and (after.isdigit() or after in self.COUNT_OPENERS))
                and (
                    second not in self.NAME_END
                    or not after
                    or not is_cjk(after)
                    or after in self.AFTER_NAME
                )
            ):
                name = surname + first + second
            else:
                name = surname + first
            if not self.gazetteer.lookup(name):
                return name
        return ""
