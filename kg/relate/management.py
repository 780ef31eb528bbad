"""manages and sub_organization_of from cue words: who leads, guides or manages which body
(甲党工委直接管理…，指导乙), and the named parts of a body (甲党委下设A、B, 乙隶属于丙)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.common import (
    AGENT_BEFORE,
    PARTY_COMMITTEE,
    SentenceView,
    _evidence,
    _opening_mention,
    party_body_before,
)
from kg.relate.cue_base import CueScanner


class ManagementRelations(CueScanner):
    """manages and sub_organization_of from cue words."""

    # what closes 在X的领导下 after its cue: 下, or a second cue and 下 (领导和指导下)
    FRAME_END = re.compile(r"(?:[和与及、](?:领导|指导|支持|帮助|推动))?下")
    FRAME_OPENING = re.compile(r"在(?:[\u4e00-\u9fff]{2,8}[、和与])*$")
    FRAME_GAP = re.compile(r"的?(?:[和与及、](?:领导|指导|支持|帮助|推动))?")

    def _leading_frame(
        self, view: SentenceView, text: str, head: Mention, cue: re.Match[str]
    ) -> Iterator[Relation]:
        if self.FRAME_GAP.fullmatch(text, head.end, cue.start()) is None:
            return
        heads = self._list_before(view, text, head)
        # 在学校党委、市总商会党委的领导下: a kind-only name (学校党委) may open the list
        opening = self.FRAME_OPENING.search(
            text, max(view.sentence.start, heads[0].start - 12), heads[0].start
        )
        if opening is None:
            return
        subject = _opening_mention(view, text)
        if subject is not None and subject.end > opening.start():
            # 在甲党工委的指导下，乙联合党委…: the body opening the clause after the frame
            frame = self.FRAME_END.match(text, cue.end())
            after = frame.end() if frame is not None else cue.end()
            subject = next((m for m in view.mentions if m.start >= after and m.type == "ORG"), None)
            if subject is not None and text[after : subject.start] not in ("，", ","):
                subject = None
        if subject is None or subject.type != "ORG":
            return
        for leader in heads:
            yield Relation(
                leader.text,
                "manages",
                subject.text,
                _evidence(text, subject.start, cue.end(), view.sentence),
                view.sentence,
                f"cue:在…{cue.group()}下",
            )

    # 甲工委…，并指导乙; 甲工委负责…，直接管理乙: a clause opening on the cue goes on with
    # the sentence's subject
    AND_ALSO = re.compile(r"[，,；;](?:(?:并|还|同时|并且)(?:直接|统一)?|直接|统一)$")
    #: cue words of sub_organization_of written after the child (甲隶属于乙), not the parent
    CHILD_FIRST = ("隶属", "归属")
    # 下设6个党支部，分别是A、B: a count of the kind (or two: 5个村党支部和2个社区党委),
    # then the named children
    SUB_GAP = re.compile(
        r"[于的]?|(?:[\d一二两三四五六七八九十百]+[个家][\u4e00-\u9fff]{0,8}?[和及、]?){1,3}"
        r"(?:[，,]?(?:分别是|分别为|包括|即)[：:]?|[：:])"
    )

    def _sub_organizations(
        self, rec: RecognizedDocument, view: SentenceView, text: str
    ) -> Iterator[Relation]:
        """甲党委下设A、B两个支部, 乙集团所属丙公司: each named child a sub_organization_of
        its parent; 甲隶属(于)乙 the other way round."""
        s = view.sentence
        yield from _this_bodys_part(rec, view, text)
        for cue in self._cue_positions("sub_organization_of", view, text):
            word = cue.group()
            if word == "设立":
                continue  # 设立 sets a body up (established) as often as it names a part
            before = self._head_before(view, cue.start(), {"ORG"})
            if before is not None and before.end != cue.start():
                # 成立X联合党委，由…兼任书记，下设甲、乙: a clause opening with the cue goes on
                # about the Party committee last named
                opens_clause = text[cue.start() - 1] in "，,"
                before = (
                    party_body_before(view.mentions, text, cue.start()) if opens_clause else None
                )
                if opens_clause and before is None and word in self.CHILD_FIRST:
                    # 甲公司成立于2010年，隶属于乙集团: the sentence's subject is the child
                    opening = _opening_mention(view, text)
                    before = opening if opening is not None and opening.type == "ORG" else None
            if before is None:
                continue
            after = [m for m in view.mentions if m.type == "ORG" and m.start >= cue.end()]
            if not after or not self.SUB_GAP.fullmatch(text, cue.end(), after[0].start):
                continue
            if word in self.CHILD_FIRST:
                pairs = [(before, after[0])]
            else:
                # 乙集团所属丙公司党总支: the company is the group's; 联合党委下辖甲公司党支部:
                # a Party committee's children are Party organizations
                own = (
                    (lambda m: m)
                    if _PARTY_PARENT.search(before.text)
                    else (lambda m: _own_name(rec, m))
                )
                pairs = [(own(child), before) for child in self._org_list(text, after)]
            for child, parent in pairs:
                if child.text != parent.text:
                    yield Relation(
                        child.text,
                        "sub_organization_of",
                        parent.text,
                        _evidence(
                            text, min(child.start, parent.start), max(child.end, parent.end), s
                        ),
                        s,
                        f"cue:{word}",
                    )

    MANAGED_COUNT = re.compile(
        r"[\d一二两三四五六七八九十百]+[个家][^，。；,;]{0,12}[，,](?:其中)?(?:包括|分别是|分别为|有)[：:]?"
    )

    @staticmethod
    def _goes_on(view: SentenceView, text: str, cue_start: int) -> bool:
        """甲党工委直接管理…，指导乙: a clause opening on the cue, with no body named since
        the one the sentence opens on, goes on about that body."""
        if text[cue_start - 1 : cue_start] not in ("，", ",", "；", ";"):
            return False
        opening = _opening_mention(view, text)
        return (
            opening is not None
            and opening.type == "ORG"
            and not any(
                m.type in {"ORG", "PLACE"} and opening.end <= m.start < cue_start
                for m in view.mentions
            )
        )

    def _manages(self, view: SentenceView, text: str) -> Iterator[Relation]:
        s = view.sentence
        yield from _party_body_drives_lower(view, text)
        for cue in self._cue_positions("manages", view, text):
            cue_start = cue.start()
            cue_end = cue.end()
            head = self._head_before(view, cue_start, {"ORG"})
            if self.FRAME_END.match(text, cue_end):
                # 在甲、乙的领导和指导下: they lead the sentence's subject, named before 在
                if head is not None:
                    yield from self._leading_frame(view, text, head, cue)
                continue
            if (
                self.AND_ALSO.search(text, s.start, cue_start)
                or (cue.group().startswith("直接") and text[cue_start - 1] in "，,；;")
                or self._goes_on(view, text, cue_start)
            ):
                # 甲工委管理…，并指导乙联合党委: the sentence's subject goes on acting
                opening = _opening_mention(view, text)
                head = opening if opening is not None and opening.type == "ORG" else None
                gap = ""
            elif head is None:
                continue
            else:
                gap = text[head.end : cue_start]
            if head is None:
                continue
            if text[max(s.start, head.start - 1) : head.start] in AGENT_BEFORE:
                if self.cues["established"].match(text, cue_end):
                    continue  # 由甲党委指导组建: 甲 set it up, as established says
                tail = next(
                    (m for m in view.mentions if m.start >= cue_end and m.type == "ORG"), None
                )
                subject = self._head_before(view, head.start - 1, {"ORG"})
                if text[head.start - 2 : head.start - 1] in ("，", ","):
                    # 甲党委成立于2018年，由乙党组领导: the sentence's subject is led
                    opening = _opening_mention(view, text)
                    subject = opening if opening is not None and opening.type == "ORG" else None
                    subject = None if subject is head else subject
                elif subject is not None and subject.end != head.start - 1:
                    subject = None
                if tail is None and subject is not None:
                    tail = subject  # 甲党支部由乙联合党委统一管理: 乙 manages 甲
            elif len(gap) <= 4:
                tail = next(
                    (
                        m
                        for m in view.mentions
                        if m.start >= cue_end
                        and m.type == "ORG"
                        and len(text[cue_end : m.start]) <= 6
                        # 指导各街道建立“红色物业”联盟: the body a verb after the cue makes
                        # is not the one led
                        and self.cues["established"].search(text, cue_end, m.start) is None
                    ),
                    None,
                )
            else:
                tail = None
            counted = self.MANAGED_COUNT.match(text, cue_end) if tail is None else None
            if counted is not None and len(gap) <= 4:
                # 直接管理13个支部，其中包括甲、乙: the named ones of the count
                tail = next(
                    (m for m in view.mentions if m.start == counted.end() and m.type == "ORG"),
                    None,
                )
            if tail is None:
                continue
            # 指导甲社区党委、乙社区党委开展…: every body of the list is led
            tails = self._org_list(
                text, [m for m in view.mentions if m.type == "ORG" and m.start >= tail.start]
            )
            for one in tails:
                if one.text != head.text:
                    yield Relation(
                        head.text,
                        "manages",
                        one.text,
                        _evidence(text, head.start, one.end, s),
                        s,
                        f"cue:{cue.group()}",
                    )


_LOWER_PARTY_BODY = re.compile(r"(?:党支部|党总支|党小组)$")
_DRIVES = re.compile(r"推动|督促|带领|指导|组织")


def _party_body_drives_lower(view: SentenceView, text: str) -> Iterator[Relation]:
    """X集团党委推动Y项目临时党支部…: a Party committee moving a lower Party body, written
    right after it, leads it."""
    ms = view.mentions
    for head, tail in pairwise(ms):
        if (
            head.type == "ORG"
            and tail.type == "ORG"
            and PARTY_COMMITTEE.search(head.text)
            and _LOWER_PARTY_BODY.search(tail.text)
            and tail.start - head.end <= 2
            and _DRIVES.fullmatch(text, head.end, tail.start)
        ):
            yield Relation(
                head.text,
                "manages",
                tail.text,
                _evidence(text, head.start, tail.end, view.sentence),
                view.sentence,
                f"cue:{text[head.end : tail.start]}",
            )


# 该院心血管内科党支部: a part of the body 该院 resumes (the hospital named last)
_THIS_BODY = re.compile(r"该(院|校|公司|集团|局)")
_THIS_BODY_KINDS = {
    "院": ("医院", "学院", "研究院", "卫生院"),
    "校": ("学校", "大学", "中学", "小学", "学院"),
    "公司": ("公司",),
    "集团": ("集团",),
    "局": ("局",),
}


def _this_bodys_part(rec: RecognizedDocument, view: SentenceView, text: str) -> Iterator[Relation]:
    for m in view.mentions:
        if m.type != "ORG":
            continue
        this = next(
            (
                found
                for n in (3, 2)
                if m.start >= n
                for found in (_THIS_BODY.fullmatch(text, m.start - n, m.start),)
                if found is not None
            ),
            None,
        )
        if this is None:
            continue
        kinds = _THIS_BODY_KINDS[this.group(1)]
        named = [*rec.mentions, *(n.mention for n in rec.nested)]
        parent = max(
            (
                p
                for p in named
                if p.type == "ORG" and p.end <= this.start() and p.text.endswith(kinds)
            ),
            key=lambda p: p.end,
            default=None,
        )
        if parent is not None and parent.text != m.text:
            yield Relation(
                m.text,
                "sub_organization_of",
                parent.text,
                _evidence(text, this.start(), m.end, view.sentence),
                view.sentence,
                f"this_body:{this.group()}",
            )


_PARTY_PARENT = re.compile(r"(?:党委|党工委|党总支|联合党委|大党委)$")


def _own_name(rec: RecognizedDocument, m: Mention) -> Mention:
    """The organization a name starts with (城市发展公司 in 城市发展公司党总支): the child a
    所属 or 下设 names is the body, not its Party organization."""
    inner = [
        n.mention
        for n in rec.nested
        if n.owner is m and n.mention.type == "ORG" and n.mention.start == m.start
    ]
    return min(inner, key=lambda n: n.end) if inner else m
