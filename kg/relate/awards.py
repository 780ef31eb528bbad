"""awarded: the honors an organization or a person receives."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.lexicon import SPEECH_VERBS
from kg.records import Mention, Relation
from kg.relate.common import SentenceView, _evidence
from kg.relate.cue_base import CueScanner

_PRONOUN = re.compile(r"[她他]")
# 她被评为…, not 在她的带领下，X获评…: a pronoun that owns something is not the one honored
_SUBJECT_PRONOUN = re.compile(r"[她他](?![的们])")
# 获评助人为乐类“湖南好人”, 荣获2022年度“感动临江十大人物”: a category or a year
_CATEGORY_GAP = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}类|\d{4}年度?|第[一二三四五六七八九十\d]+批)[“‘]?"  # 入选第三批“X”
)
_MARKS_ONLY = re.compile(r"[”’“‘、\s]*")  # between quoted honors in a run
_HONOR_RUN = re.compile(r"了?([\u4e00-\u9fff]{2,20})")
_HONOR_ENDS = (
    "奖",
    "标兵",
    "模范",
    "先进",
    "示范点",
    "示范校",
    "基地",
    "基地校",
    "集体",
    "个人",
    "教师",
    "党员",
    "党组织",
    "好人",
    "案例",
    "成员",
    "单位",
    "能手",
    "先锋",
    "英雄",
    "劳模",
    "辅导员",
    "红旗手",
    "功",
    "书记",
    "工作者",
    "村",
    "社区",
    "支部",  # 全国党建工作样板支部
)


# 获得省委表彰: the body after these gives the commendation
_COMMENDED_BY = re.compile(r"(?:获得|受到|得到|荣获)$")
# 甲说，今年已有15名党员…被评为: what the speaker reports is about the people counted
_SPEAKER_THEN_COUNT = re.compile(
    f"(?:{'|'.join(SPEECH_VERBS)})[，,：:]"
    r"[^，。；]{0,8}?[\d一二三四五六七八九十百千万两]+[名位个人家]"
)

# 学校建立…，已有5个党支部入选…: the ones counted right before the cue are honored, no one
# named before them (甲等5名同志被评为: 等 makes the count the list's)
_COUNTED_BEFORE_CUE = re.compile(
    r"(?<![等\d])[\d一二三四五六七八九十百千万两]+(?:名|位|个|家|所|支)[\u4e00-\u9fff]{1,10}?"
    r"(?:先后|均|都|分别|相继|已)?被?$"
)


def _unquoted_honors(text: str, pos: int, end: int) -> Iterator[tuple[str, int]]:
    """荣获全国优秀教师称号: the honor named without quotes right after the cue, cut at
    称号 or at its last honor word (奖, 标兵, 先进 …)."""
    m = _HONOR_RUN.match(text, pos, end)
    if m is None:
        return
    run = m.group(1)
    for mark in ("荣誉称号", "称号", "荣誉"):
        if mark in run:
            run = run[: run.index(mark)]
            break
    cut = max((run.rfind(w) + len(w) for w in _HONOR_ENDS if w in run), default=0)
    if cut >= 3:
        yield run[:cut], m.start(1) + cut


# 赵某是全国三八红旗手标兵: a person who "is" an honor of a named level holds it
_IS_HONORED = re.compile(
    r"是(?:一名|一位)?((?:全国|全省|全市|省级|市级|国家级)[\u4e00-\u9fff]{0,12}?"
    r"(?:标兵|劳动模范|模范|先进个人|红旗手|好人|道德模范|五一劳动奖章获得者|优秀共产党员))"
    r"(?![\u4e00-\u9fff])"
)


def _honor_run(honors: list[Mention], text: str, cue_end: int) -> list[tuple[str, int]]:
    """The honors right after a cue (or after its category: 获评助人为乐类“X”), with the
    quoted honors that follow them in a run (获评“A”“B”、“C”)."""
    run: list[tuple[str, int]] = []
    for h in honors:
        if run:
            gap = text[run[-1][1] : h.start]
            if _MARKS_ONLY.fullmatch(gap):
                run.append((h.text, h.end))
                continue
            break
        if cue_end <= h.start <= cue_end + 3 or _CATEGORY_GAP.fullmatch(text, cue_end, h.start):
            run.append((h.text, h.end))
    return run


def _is_honored(view: SentenceView, text: str) -> Iterator[Relation]:
    s = view.sentence
    for m in view.mentions:
        if m.type != "PERSON":
            continue
        honor = _IS_HONORED.match(text, m.end, s.end)
        if honor is not None:
            yield Relation(
                m.text,
                "awarded",
                honor.group(1),
                _evidence(text, m.start, honor.end(), s),
                s,
                "cue:是",
            )


# 、华容县委组织部副部长: the next member of a list of people, with their body and post
_NEXT_PERSON_GAP = re.compile(r"[、和及][^，。；,;！？!?“”]{0,24}")


def _people_listed_before(view: SentenceView, text: str, head: Mention) -> list[Mention]:
    """甲单位科长乙、丙单位副部长丁被授予…: the people of a list ending at ``head``, each
    written after their body and post."""
    people = [m for m in view.mentions if m.type == "PERSON" and m.end <= head.start]
    members = [head]
    for person in reversed(people):
        if not _NEXT_PERSON_GAP.fullmatch(text, person.end, members[-1].start):
            break
        members.append(person)
    return list(reversed(members))


def _people_listed_after(view: SentenceView, text: str, body: Mention) -> list[Mention]:
    """授予甲单位书记乙、丙单位书记丁“X”称号: the people of a list opening at ``body``, each
    written after their body and post (none where no person follows the first post)."""
    people = [m for m in view.mentions if m.type == "PERSON" and m.start >= body.end]
    if not people or not _POST_BEFORE_PERSON.fullmatch(text, body.end, people[0].start):
        return []
    members = [people[0]]
    for person in people[1:]:
        if not _NEXT_PERSON_GAP.fullmatch(text, members[-1].end, person.start):
            break
        members.append(person)
    return members


_POST_BEFORE_PERSON = re.compile(r"[\u4e00-\u9fff]{1,8}")
# the giver before, the honored one after, or 被…授予 (被公安部命名为)
_GRANTING = frozenset({"授予", "追授", "命名为"})
_GRANTING_TO = frozenset({"授予", "追授"})
_QUOTED_TITLE = re.compile(r"[“‘]([^”’\n]{2,24})[”’]")
# 授予甲等10名同志“X”称号, 授予乙等5个基层党组织“Y”称号: the count of the ones honored
_GRANTED_GAP = re.compile(
    r"(?:等[\d一二两三四五六七八九十百]+(?:名|个|位|家)[\u4e00-\u9fff]{0,6}?(?=[“‘]|$))?"
)


class AwardRelations(CueScanner):
    """awarded from cue words (荣获, 被评为 …) followed by an honor."""

    # 获评“X”的有：甲、乙: the honored are listed after the honor
    LISTED_AFTER = re.compile(
        r"[”’》]?(?:称号|荣誉称号|荣誉)?的(?:单位|集体|个人|党组织|基层党组织)?(?:有|是|为|包括)[：:]"
    )

    def _listed_after(self, view: SentenceView, text: str, title_end: int) -> list[Mention]:
        listed = self.LISTED_AFTER.match(text, title_end)
        if listed is None:
            return []
        first = next(
            (m for m in view.mentions if m.start == listed.end() and m.type in {"ORG", "PERSON"}),
            None,
        )
        return self._list_from(view, text, first) if first is not None else []

    def _granted(
        self, view: SentenceView, text: str, honors: list[Mention], cue: re.Match[str]
    ) -> Iterator[Relation]:
        """授予甲等10名同志“X”称号: the ones written right after 授予 receive the honor after
        them (the one before 授予 gives it)."""
        first = next(
            (m for m in view.mentions if m.start == cue.end() and m.type in {"ORG", "PERSON"}),
            None,
        )
        if first is None:
            return
        recipients = (
            first.type == "ORG" and _people_listed_after(view, text, first)
        ) or self._list_from(view, text, first)
        pos = _GRANTED_GAP.match(text, recipients[-1].end).end()
        quoted = _QUOTED_TITLE.match(text, pos)
        titles = (
            _honor_run(honors, text, pos)
            or ([(quoted.group(1), quoted.end())] if quoted is not None else [])
            or list(_unquoted_honors(text, pos, view.sentence.end))
        )
        for recipient in recipients:
            for title, title_end in titles:
                yield Relation(
                    recipient.text,
                    "awarded",
                    title,
                    _evidence(text, cue.start(), title_end, view.sentence),
                    view.sentence,
                    f"cue:{cue.group()}",
                )

    def _awarded(
        self,
        view: SentenceView,
        text: str,
        honors: list[Mention],
        last_person: Mention | None,
    ) -> Iterator[Relation]:
        s = view.sentence
        yield from _is_honored(view, text)
        for cue in self._cue_positions("awarded", view, text):
            cue_end = cue.end()
            if cue.group() in _GRANTING_TO and text[cue.start() - 1 : cue.start()] != "被":
                granted = list(self._granted(view, text, honors, cue))
                if granted:  # else 被甲、乙授予“X”: the one honored stands before 被
                    yield from granted
                    continue
            titles = _honor_run(honors, text, cue_end)
            giver = next((m for m in view.mentions if m.type == "ORG" and m.start == cue_end), None)
            if not titles and giver is not None:
                titles = _honor_run(honors, text, giver.end)  # 入选教育部“X”: who gives it, first
            if not titles:
                # 入选第三批全国党建工作样板支部: a batch or a category before the honor
                gap = _CATEGORY_GAP.match(text, cue_end)
                start = (
                    gap.end()
                    if gap is not None and not gap.group().endswith(("“", "‘"))
                    else cue_end
                )
                titles = list(_unquoted_honors(text, start, s.end))
            if not titles:
                continue
            head = self._head_before(view, cue.start(), {"ORG", "PERSON"})
            if head is not None and _COMMENDED_BY.search(
                text, max(s.start, head.start - 3), head.start
            ):
                # 甲获得省委表彰，被授予“X”称号: 省委 commends; 甲, before it, is honored
                head = self._head_before(view, head.start, {"ORG", "PERSON"})
            if head is not None and (
                _SPEAKER_THEN_COUNT.match(text, head.end)
                or _COUNTED_BEFORE_CUE.search(text, head.end, cue.start())
            ):
                continue  # 甲说，已有15名党员被评为“X”: the people counted, not the speaker
            first = self._list_before(view, text, head)[0] if head is not None else None
            if first is not None and text[max(s.start, first.start - 1) : first.start] == "被":
                # 她被怀化公安处评为…, 被市委、市政府授予…: the ones after 被 give the honor;
                # the honored one stands before 被
                head = self._head_before(view, first.start - 1, {"ORG", "PERSON"})
            elif cue.group() in _GRANTING and text[cue.start() - 1 : cue.start()] != "被":
                continue  # 中共中央授予…: the one before the cue gives the honor (被命名为: not)
            clause_start = text.rfind("，", s.start, cue.start()) + 1
            if (
                head is not None
                and head.type == "ORG"  # 王明说，他被评为…: he is the speaker
                and last_person is not None
                and head.end <= clause_start
                and _SUBJECT_PRONOUN.match(text, clause_start)
            ):
                head = None  # 甲党支部被评为“X”，他本人获评“Y”: the clause's own subject
            heads = self._list_before(view, text, head) if head is not None else []
            if head is not None and head.type == "PERSON":
                heads = _people_listed_before(view, text, head)
            if (
                not heads
                and last_person is not None
                and _SUBJECT_PRONOUN.search(text, s.start, cue.start())
            ):
                heads = [last_person]  # 她被评为…: the person named last
            if not heads:
                heads = self._listed_after(view, text, titles[-1][1])
            for h in heads:
                for title, title_end in titles:
                    yield Relation(
                        h.text,
                        "awarded",
                        title,
                        _evidence(text, min(h.start, cue.start()), title_end, s),
                        s,
                        f"cue:{cue.group()}",
                    )


# 授予以下50个党组织“全市先进基层党组织”称号：, 被评为“X”的名单如下：: a roll of the
# honored follows, one to a line
_ROLL_HEADER = re.compile(
    r"(?:授予|评为|命名)以下[^“”\n]{0,16}?[“‘]([^“”‘’\n]{2,30})[”’](?:荣誉|光荣)?称号[：:]\s*$"
    r"|[“‘]([^“”‘’\n]{2,30})[”’](?:荣誉|光荣)?(?:称号)?[，,]?(?:名单|的单位)如下[：:]\s*$",
    re.MULTILINE,
)
_ROLL_NUMBER = re.compile(r"\s*(?:\d{1,3}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)])?\s*")


def honor_roll(views: list[SentenceView], text: str) -> Iterator[Relation]:
    """The honor of a roll's header, for each organization or person written alone on a
    line of the roll (the roll ends at the first line that is not one name)."""
    if "以下" not in text and "如下" not in text:
        return
    by_start = {m.start: (m, view) for view in views for m in view.mentions}
    for header in _ROLL_HEADER.finditer(text):
        title = header.group(1) or header.group(2)
        pos = header.end()
        while pos < len(text):
            line_end = text.find("\n", pos + 1)
            line_end = len(text) if line_end == -1 else line_end
            line = text[pos:line_end]
            if not line.strip():
                pos = line_end
                continue
            lead = _ROLL_NUMBER.match(text, pos).end()
            found = by_start.get(lead)
            if (
                found is None
                or found[0].type not in {"ORG", "PERSON"}
                or text[found[0].end : line_end].strip(" \u3000；;，,。")
            ):
                break
            mention, view = found
            yield Relation(
                mention.text,
                "awarded",
                title,
                _evidence(text, mention.start, mention.end, view.sentence),
                view.sentence,
                "honor_roll",
            )
            pos = line_end
