"""established and paired_with: relations between organizations (manages and
sub_organization_of are in :mod:`kg.relate.management`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.common import (
    _CLAUSE_MARK,
    _UP_TO_LAST_CLAUSE_MARK,
    CLAUSE_WITH,
    NEAR_WORDS,
    NEIGHBOURING,
    PARTNER_WITH,
    SentenceView,
    _evidence,
    _opening_mention,
    resumed_area,
)
from kg.relate.cue_base import CueScanner

# cues that also pair bodies (A与B共建…): they set up only the body written right after them
_ADJACENT_ONLY = frozenset({"共建"})


class OrganizationRelations(CueScanner):
    """established and paired_with from cue words."""

    def _established(
        self, rec: RecognizedDocument, view: SentenceView, text: str, actor: str | None
    ) -> Iterator[Relation]:
        s = view.sentence
        for cue in self._cue_positions("established", view, text):
            pos = cue.end()
            if text.startswith(self.CEREMONY, pos):
                continue  # X联盟揭牌仪式在乙举行: the ceremony's place, nothing set up there
            tails = self._list_after(view, text, pos, {"ORG"})[:1]
            if not tails:
                yield from self._established_by(view, text, cue)
                yield from self._established_under(view, text, cue)
                continue
            if tails[0].rule == "generic_ref":
                continue  # 成立社区党委: a new committee, not the one named before
            if cue.group() in _ADJACENT_ONLY and text[pos : tails[0].start] not in ("", "“", "了"):
                continue  # 共建“一带一路”……X党委: 共建 sets up only the body it is written before
            head = self._head_before(view, cue.start(), {"ORG", "PLACE"})
            if head is not None:
                head = self._not_an_object(view, text, head)
            if head is not None and head.type == "PLACE":
                # 永嘉县在江北街道设立X: the area written before 在 sets it up, as a body does
                head = self._acting_before_at(view, text, head, {"ORG", "PLACE"})
            if head is not None:
                head = self._clause_subject(view, text, head, cue.start())
            # 村里还组建了X, 该区成立X: the area the clause opens on, after any body named
            resumed = resumed_area(
                rec, view, text, cue.start(), after=head.end if head else None, actor=actor
            )
            if resumed == "":
                continue  # 全县组建X in a province's document: a county it does not name
            if resumed is not None:
                head = None
            name = head.text if head else resumed or actor
            if not name or (head is None and self._unnamed_list_before(view, text, cue.start())):
                continue  # 海关、铁路、港口成立X: bodies with no name set it up, not the actor
            if head is None and resumed is None:
                opening = _opening_mention(view, text)
                if opening is not None and opening.type == "PERSON" and opening.end <= cue.start():
                    continue  # 同年，谭松明…发起创立“X基金”: a person sets it up, no body
            # 甲、乙联合组建X, 甲与乙共同成立X: every body of the list sets it up
            founders = self._list_before(view, text, head) if head else []
            leader = self._leader(view, text, founders[0]) if founders else None
            if leader is not None:
                # 甲牵头，联合乙、丙，组建X: the one who leads sets it up (甲、丁牵头: each)
                founders = self._list_before(view, text, leader)
            names = [f.text for f in founders] or [name]
            # 成立了A、B等社会组织8个: every body of the list after the cue is set up
            for tail in self._list_from(view, text, tails[0]):
                for one in names:
                    if tail.text == one:
                        continue
                    yield Relation(
                        one,
                        "established",
                        tail.text,
                        _evidence(text, founders[0].start if founders else pos, tail.end, s),
                        s,
                        f"cue:{cue.group()}",
                    )

    CEREMONY = ("仪式", "典礼", "大会", "活动")
    JOINED_BY = re.compile(r"(?:牵头)?[，,]?(?:联合|会同|协同|携手|联手)$")

    def _leader(self, view: SentenceView, text: str, first: Mention) -> Mention | None:
        """The body a list of bodies is joined by (甲牵头，联合乙、丙; 甲推行X，联合乙、丙: the
        sentence's subject, where 联合 opens a clause): None if none."""
        joined = self.JOINED_BY.search(text, view.sentence.start, first.start)
        if joined is None:
            return None
        leader = self._head_before(view, joined.start(), {"ORG", "PLACE"})
        if leader is not None and leader.end == joined.start():
            return leader
        if text[joined.start()] not in "，,":
            return None
        subject = _opening_mention(view, text)
        if subject is None or subject.type not in {"ORG", "PLACE"}:
            return None
        return subject if subject.end < joined.start() else None

    @staticmethod
    def _unnamed_list_before(view: SentenceView, text: str, pos: int) -> bool:
        clause = _UP_TO_LAST_CLAUSE_MARK.match(text, view.sentence.start, pos)
        return "、" in text[clause.end() if clause else view.sentence.start : pos]

    # 由甲于2020年指导组建: a date, and the way the body had it set up
    PASSIVE_GAP = re.compile(
        r"(?:于\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?)?(?:牵头|共同|联合|负责|指导|推动)?(?:发起)?"
    )

    def _established_by(
        self, view: SentenceView, text: str, cue: re.Match[str]
    ) -> Iterator[Relation]:
        """联盟是…由甲、乙牵头筹建的: the bodies after 由 set up the sentence's subject."""
        head = self._head_before(view, cue.start(), {"ORG"})
        if head is None:
            return
        if self.PASSIVE_GAP.fullmatch(text, head.end, cue.start()) is not None:
            heads = self._list_before(view, text, head)
        else:
            # 该联盟由甲牵头，联合乙、丙…共同组建: the one who leads it sets it up
            heads = [
                m
                for m in view.mentions
                if m.type == "ORG"
                and m.end < cue.start()
                and text[m.start - 1 : m.start] == "由"
                and text.startswith("牵头", m.end)
            ][:1]
        if not heads or text[heads[0].start - 1 : heads[0].start] != "由":
            return
        subject = _opening_mention(view, text)
        said = list(self.SAID.finditer(text, view.sentence.start, heads[0].start))
        if said:
            speech = said[-1]
            # 甲副书记乙介绍，工作室成立于…，由甲牵头组建: what the speaker's clause is about
            subject = next((m for m in view.mentions if m.start == speech.end()), None)
        if subject is None or subject.type != "ORG" or subject.end >= heads[0].start:
            return
        for by in heads:
            yield Relation(
                by.text,
                "established",
                subject.text,
                _evidence(text, subject.start, cue.end(), view.sentence),
                view.sentence,
                f"cue:由…{cue.group()}",
            )

    SET_UP_GAP = re.compile(r"(?:先后|相继|陆续|分别|正式|也|都)*")
    SET_UP_END = re.compile(r"(?:了|起来)?(?:[，。；,;！？!?\n]|$)")
    UNDER = re.compile(r"的(?:大力)?(?:推动|指导|支持|帮助|牵头|带领|领导|推进|统筹)下[，,]?")

    def _established_under(
        self, view: SentenceView, text: str, cue: re.Match[str]
    ) -> Iterator[Relation]:
        """在甲的推动下，乙、丙先后成立: the one under whose push the bodies were set up set
        them up."""
        head = self._head_before(view, cue.start(), {"ORG"})
        if (
            head is None
            or self.SET_UP_GAP.fullmatch(text, head.end, cue.start()) is None
            or self.SET_UP_END.match(text, cue.end()) is None  # 乙成立了8个支部: 乙 sets up
        ):
            return
        bodies = self._list_before(view, text, head)
        promoter = self._head_before(view, bodies[0].start, {"ORG", "PLACE"})
        if (
            promoter is None
            or text[promoter.start - 1 : promoter.start] != "在"
            or self.UNDER.fullmatch(text, promoter.end, bodies[0].start) is None
        ):
            return
        for body in bodies:
            yield Relation(
                promoter.text,
                "established",
                body.text,
                _evidence(text, promoter.start - 1, cue.end(), view.sentence),
                view.sentence,
                f"cue:在…下{cue.group()}",
            )

    PAIRED_OBJECT_GAP = re.compile(r"(?:帮扶|共建|联系)?")

    def _paired(self, view: SentenceView, text: str) -> Iterator[Relation]:
        """Every pair of a list of named organizations (A、B和C) in a sentence with a pairing
        cue (结对, 共建, 联建), before the cue (A与B结对共建) or after it (联建由A、B…发起)."""
        s = view.sentence
        orgs = [m for m in view.mentions if m.type == "ORG"]
        done: set[tuple[str, str]] = set()
        for cue in self._paired_cues(view, text):
            cue_start = cue.start()
            rule = "pairing_program" if cue.re is self.PAIRED_PROGRAM else f"cue:{cue.group()}"
            before = [m for m in orgs if m.end <= cue_start]
            after = [m for m in orgs if m.start >= cue.end()]
            groups = [self._list_before(view, text, before[-1])] if before else []
            first = before.index(groups[0][0]) if groups else 0
            if first > 0 and self.ADVERB_WITH.fullmatch(
                text, before[first - 1].end, before[first].start
            ):
                # 医院党委还与乙(、丙)签订共建协议, 甲与辖区的乙共建: 甲 with each of them
                groups = [[before[first - 1], *groups[0]]]
            if (
                groups
                and first == 0
                and len(groups[0]) > 1
                and self.SUBJECT_WITH.search(
                    text, max(s.start, groups[0][0].start - 8), groups[0][0].start
                )
            ):
                # 华阳路街道还与乙、丙等8家单位共建: the partners of a subject that is no
                # organization, not of each other
                groups = []
            if (
                groups
                and len(groups[0]) == 1
                and CLAUSE_WITH.search(
                    text, max(s.start, groups[0][0].start - 8), groups[0][0].start
                )
            ):
                # 甲开展X活动，与乙结对共建: a clause opening on 与 pairs the sentence's subject
                subject = _opening_mention(view, text)
                if (
                    subject is not None
                    and subject.type == "ORG"
                    and subject.end < groups[0][0].start
                ):
                    groups = [[subject, groups[0][0]]]
            if before and _CLAUSE_MARK.search(text, before[-1].end, cue_start):
                # 甲、乙召开推进会，推动企业党组织结对共建: the pairing is of others
                groups = []
            if after and cue.re is not self.PAIRED_PROGRAM:
                groups.append(self._org_list(text, after))
                if (
                    len(groups) == 2
                    and len(groups[0]) == 1
                    and groups[0][0].end == cue_start
                    and self.PAIRED_OBJECT_GAP.fullmatch(text, cue.end(), after[0].start)
                ):
                    # 甲结对帮扶乙(、丙): the body before the cue with each it takes as its object
                    groups = [[groups[0][0], b] for b in groups[1]]
            for members in groups:
                pairs = self._pairs_of(text, members)
                each = self.WITH_EACH.search(text, s.start, members[0].start)
                hub = self._head_before(view, each.start(), {"ORG"}) if each else None
                if hub is not None and hub.end == each.start():
                    # 甲分别与乙、丙联建: 甲 with each of them, not 乙 with 丙
                    pairs = [(hub, b) for b in members]
                for a, b in pairs:
                    if a.text == b.text or (a.text, b.text) in done:
                        continue
                    done.add((a.text, b.text))
                    yield Relation(
                        a.text,
                        "paired_with",
                        b.text,
                        _evidence(text, min(a.start, cue_start), max(b.end, cue.end()), s),
                        s,
                        rule,
                    )

    @staticmethod
    def _pairs_of(text: str, members: list[Mention]) -> list[tuple[Mention, Mention]]:
        """Every two of a list (A、B和C结对共建), but across its one 与 where a list stands on
        a side of it (A、B、C与D结对共建: each of A, B, C with D, not A with B)."""
        joins = [
            i
            for i in range(1, len(members))
            if any(w in text[members[i - 1].end : members[i].start] for w in "与同跟")
        ]
        if len(members) > 2 and len(joins) == 1:
            k = joins[0]
            return [(a, b) for a in members[:k] for b in members[k:]]
        return [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]

    # 甲还与乙, 甲与沿线的乙: 甲 and its partner, however the list before 乙 reads
    ADVERB_WITH = re.compile(f"{PARTNER_WITH}{NEIGHBOURING}|(?:与|同|跟|和){NEAR_WORDS}")
    SUBJECT_WITH = re.compile(rf"[\u4e00-\u9fff](?:{PARTNER_WITH}|与|同|跟){NEIGHBOURING}$")
    WITH_EACH = re.compile(rf"分别(?:与|和|同|跟){NEIGHBOURING}$")

    # 甲与乙“检企共建阳光工程”启动, 甲与乙开展“结对共建”活动: a program named for the
    # pairing, written right after the organizations that carry it out together
    PAIRED_PROGRAM = re.compile(
        r"(?:共同|联合)?(?:开展|实施|推进|启动|签订|签署|举办|举行)?了?[“‘《]?"
    )

    def _paired_cues(self, view: SentenceView, text: str) -> Iterator[re.Match[str]]:
        """The pairing cues of the sentence, and the openings of the programs whose names
        hold one that two or more organizations written right before carry out."""
        yield from self._cue_positions("paired_with", view, text)
        previous: Mention | None = None
        for m in view.mentions:
            if (
                m.type == "PROGRAM"
                and previous is not None
                and previous.type == "ORG"
                and self.cues["paired_with"].search(m.text)
                and len(self._list_before(view, text, previous)) > 1
            ):
                gap = self.PAIRED_PROGRAM.fullmatch(text, previous.end, m.start)
                if gap is not None:
                    yield gap
            previous = m
