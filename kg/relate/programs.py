"""implements and part_of_program: who runs a program, and the parts of a program."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from kg.gazetteer import Gazetteer
from kg.lexicon import INTO_WORDS, LISTING_WORDS, WORK_NOUNS
from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.common import (
    _MARKS,
    CLAUSE_WITH,
    PARTNER_WITH,
    SentenceView,
    _evidence,
    _opening_mention,
    resumed_area,
    topic_place,
)
from kg.relate.cue_base import CueScanner

_INNER_TITLE = re.compile(r"〈([^〈〉《》\n]{2,40})〉")
_LAWS = ("法", "条例", "法典")
_CARRYING_OUT = re.compile(r"(?:关于)?(?:贯彻落实|贯彻|落实|执行|实施)$")


def _opening_place(prefix: str, rec: RecognizedDocument) -> str | None:
    """The place a title's opening words name in full (惠州市 in 惠州市贯彻落实…), as the
    document names it elsewhere (惠州): a relation names only the document's entities."""
    gazetteer = Gazetteer.load()
    divisions = gazetteer.lookup(prefix) if prefix else []
    if not divisions:
        return None
    code = divisions[0].code
    places = (*rec.mentions, *(n.mention for n in rec.nested))
    return next(
        (
            m.text
            for m in places
            if m.type == "PLACE" and any(d.code == code for d in gazetteer.lookup(m.text))
        ),
        None,
    )


class ProgramRelations(CueScanner):
    """implements and part_of_program from cue words and from how programs are written."""

    MEASURE_AFTER = re.compile(
        r"[”’》]?的?(?:一[项个大])?(?:重点|重要|主要|核心|具体|关键)?(?:措施|内容|抓手|举措|载体"
        r"|组成部分|任务)"
    )
    LIST_CUE = re.compile(
        rf"[”’》]?[，,]?\s*(?:{'|'.join((*LISTING_WORDS, '推出', '分为'))})[:：]?"
    )
    POSSESSIVE_GAP = re.compile(r"[\u4e00-\u9fff]{0,6}[“‘《]?")
    GAP_VERB = re.compile(r"形成|成为|作为|列入|纳入|编入|获评|入选|被|是|为")
    PLAN_VERB = re.compile(
        r"(?:还|也|并|同时|进一步)?(?:提出|坚持|明确|要求|强调|部署|特别注重|聚焦)"
    )
    AS_GAP = re.compile(r"[，,]?(?:作为|是|成为|列为)[^，。；,;]{0,8}")  # 推行A，作为B的抓手
    AS_OPENING = re.compile(r"作为[^，。；,;“”‘’《》]{0,16}[“‘《]?$")
    JOINT_ACTION = re.compile(r"(?:还|也|又|再|共同)?(?:联合|会同|携手|联手|协同)$")
    CUE_GAP = re.compile(r"[^，。；]{0,12}")
    AMONG = re.compile(r"[，,]其中")
    ON_BASIS = re.compile(f"[”’》]?(?:{'|'.join(WORK_NOUNS)})?的?基础上")
    IN_PLACE = re.compile(r"[”’》]?(?:已|已经|正|先后|率先)?在")
    CARRIED_OUT = re.compile(
        r"(?:全面|全域|全|逐步|率先)?(?:铺开|推开|推广|实施|落地|开展|试行|施行)"
    )
    BY_ACTOR = re.compile(r"[”’》]?(?:将|已|统一)?由")
    CARRIED_OUT_BY = re.compile(
        r"(?:负责|牵头|具体|统一)?(?:组织)?"
        r"(?:实施|开展|推进|落实|推行|推出|打造|发起|创建|建立|搭建|探索|试行|开发|研发)"
    )
    # 甲以红色旅游为主线，联合乙打造X: a way of working between the body and 联合
    LEAD_GAP = re.compile(
        r"(?:牵头|带头|主导|以[^，。；,;]{1,12}为(?:主线|抓手|引领|载体|依托|契机|重点|纽带))?[，,]?"
    )
    UMBRELLA_BEFORE = re.compile(r"以[“‘《]?$")
    UMBRELLA_AFTER = re.compile(r"[”’》]?为(?:统领|总揽|龙头|总抓手)")
    INTO_GAP = re.compile(
        f"(?:{'|'.join(WORK_NOUNS)})?(?:被|也|还|一并)?(?:{'|'.join(INTO_WORDS)})(?:到)?"
    )
    VISIT = re.compile(r"(?:调研|考察|视察|走访|检查|督导)")
    SOURCE_BEFORE = re.compile(r"(?:从|据|向)$")
    SOURCE_AFTER = re.compile(r"(?:相关负责人)?(?:了解到|获悉|得知|介绍|透露|获知)")
    TOPIC_GAP = re.compile(r"[，,][“‘《]?")
    TOPIC_CLAUSE = re.compile(r"[，,][^，,；;。：:]*")
    # 甲还与乙签订协议，开展X: 乙 is whom 甲 works with; 甲 acts
    PARTNER_BEFORE = re.compile(PARTNER_WITH + "$")
    INSTRUMENT = re.compile(r"(?:发挥|依托|借助|利用|凭借|用好|用活)[^，。；,;]{0,4}$")

    def _implements(
        self,
        rec: RecognizedDocument,
        view: SentenceView,
        actor: str | None,
        carried_plan: Mention | None = None,
    ) -> Iterator[Relation]:
        """``carried_plan``: the plan an earlier sentence of the paragraph opened on with what
        it states (《措施》明确，…。实施“X”…: X is one of its measures)."""
        text = rec.source.text
        s = view.sentence
        done: set[str] = set()
        # 江门市委基层党建“十大专项行动”, 和记黄埔党委“六大全面融合”工作模式: a program
        # written right after its organization is that organization's; “红色领航”工程在青山区
        # 全面铺开: a program carried out in a place written after it is the place's
        ms = view.mentions
        for first, second in pairwise(ms):
            if (
                first.type in {"ORG", "PLACE"}
                and second.type == "PROGRAM"
                and self.POSSESSIVE_GAP.fullmatch(text, first.end, second.start)
                and not self.cues["implements"].search(text, first.end, second.start)
                and not self.GAP_VERB.search(text, first.end, second.start)
                # 依托区委党校开办“X”: the means is no owner of what is made with it
                and not self.INSTRUMENT.search(text, max(s.start, first.start - 6), first.start)
            ):
                owner, program, rule = first, second, "possessive"
            elif (
                first.type == "PROGRAM"
                and second.type in {"ORG", "PLACE"}
                and self.IN_PLACE.fullmatch(text, first.end, second.start)
                and self.CARRIED_OUT.match(text, second.end)
            ):
                owner, program, rule = second, first, "carried_out_in"
            elif (
                first.type == "PROGRAM"
                and second.type == "ORG"
                and self.BY_ACTOR.fullmatch(text, first.end, second.start)
                and self.CARRIED_OUT_BY.match(text, second.end)
            ):
                # “强村富民”计划由甲县委组织部负责实施: 由 names who carries it out
                owner, program, rule = second, first, "carried_out_by"
            else:
                continue
            if program.text in done:
                continue
            done.add(program.text)
            # 甲与乙“X”启动仪式: the program of a list of organizations is each one's
            owners = self._list_before(view, text, owner) if rule == "possessive" else [owner]
            if rule == "possessive":  # 甲联合乙开发“X”平台: the one joined makes it with 甲
                owners = self._joint_actors(view, text, owners) + owners
            for one in owners:
                yield Relation(
                    one.text,
                    "implements",
                    program.text,
                    _evidence(text, min(one.start, first.start), second.end, s),
                    s,
                    rule,
                )
        topic = topic_place(view, text)
        if topic is not None:
            # 在西秀区，“党建+积分”管理模式已覆盖全区: the program the clause after the topic
            # opens on is carried out there
            program = next((m for m in ms if m.start > topic.end), None)
            if (
                program is not None
                and program.type == "PROGRAM"
                and program.text not in done
                and self.TOPIC_GAP.fullmatch(text, topic.end, program.start)
                # a quoted program: 西部陆海新通道开通以来 names no measure of the place
                and any(c in "“‘《" for c in text[program.start - 1 : program.start + 1])
            ):
                done.add(program.text)
                yield Relation(
                    topic.text,
                    "implements",
                    program.text,
                    _evidence(text, topic.start, program.end, s),
                    s,
                    "topic_place",
                )
        # the mentions are in text order: the last program starts last
        last_program = next((m.start for m in reversed(ms) if m.type == "PROGRAM"), -1)
        for cue in self._cue_positions("implements", view, text):
            pos = cue.end()
            if pos > last_program:
                continue  # no program after this cue
            tails = [
                t for t in self._list_after(view, text, pos, {"PROGRAM"}) if t.text not in done
            ]
            if not tails:
                continue
            head = self._head_before(view, cue.start(), {"ORG", "PLACE"})
            if head is not None:
                head = self._not_an_object(view, text, head)
            if head is not None and self.INSTRUMENT.search(
                text, max(s.start, head.start - 6), head.start
            ):
                # 甲党支部以…为依托，发挥“X”突击队作用，深化Y: X is a means; the
                # organization opening the sentence acts
                opening = _opening_mention(view, text)
                head = (
                    opening
                    if opening is not None
                    and opening.type in {"ORG", "PLACE"}
                    and opening.end <= head.start
                    else None
                )
            if (
                head is not None
                and self.SOURCE_BEFORE.search(text, max(s.start, head.start - 3), head.start)
                and self.SOURCE_AFTER.match(text, head.end)
            ):
                head = None  # 记者从X了解到，…开展Y: the source of the news, not the actor
            if (
                head is not None
                and text[head.start - 1 : head.start] in {"在", "到", "赴"}
                and self.VISIT.match(text, head.end)
            ):
                # 省委书记甲在乙市调研时强调，要深化X: the visitor's body speaks, not the place
                visitor = self._head_before(view, head.start, {"ORG"})
                head = visitor if visitor is not None and visitor.end < head.start else None
            elif head is not None:
                head = self._acting_before_at(view, text, head, {"ORG", "PLACE"})
            if head is not None and (
                partner := self.PARTNER_BEFORE.search(
                    text, max(s.start, head.start - 4), head.start
                )
            ):
                subject = self._head_before(view, partner.start(), {"ORG", "PLACE"})
                if subject is not None and subject.end == partner.start():
                    head = subject
            elif head is not None and CLAUSE_WITH.search(
                text, max(s.start, head.start - 12), head.start
            ):
                # 甲依托…，与乙结对共建，开展X: the partner a clause opens on acts with the
                # sentence's subject, which carries it out
                opening = _opening_mention(view, text)
                if (
                    opening is not None
                    and opening.type in {"ORG", "PLACE"}
                    and opening.end < head.start
                ):
                    head = opening
            if head is not None:
                head = self._clause_subject(view, text, head, cue.start())
            heads = self._list_before(view, text, head) if head else []
            heads = self._joint_actors(view, text, heads) + heads
            heads += self._partners_after(view, text, heads, cue.start())
            if not heads:
                heads = self._after_purpose(view, text, cue.start())
            plan = None if heads else plan_subject(view, text) or carried_plan
            if plan is not None:
                # 《实施方案》提出…开展“X”活动: the plan's measures are parts of the plan
                for tail in tails:
                    done.add(tail.text)
                    if tail.text != plan.text:
                        yield Relation(
                            tail.text,
                            "part_of_program",
                            plan.text,
                            _evidence(text, plan.start, tail.end, s),
                            s,
                            f"plan_states:{cue.group()}",
                        )
                continue
            # 书记甲表示，全区将深化X: the area the clause opens on, not the speaker's body
            resumed = resumed_area(
                rec, view, text, cue.start(), after=heads[-1].end if heads else None, actor=actor
            )
            if resumed == "":
                continue  # 全县开展X in a province's document: a county it does not name
            if resumed is not None:
                heads = []
            if (
                not heads
                and resumed is None
                and topic is not None
                and self.TOPIC_CLAUSE.fullmatch(text, topic.end, cue.start())
            ):
                resumed = topic.text  # 在西秀区，各村推行X: the topic's, in the clause after it
            names = [h.text for h in heads] or [n for n in (resumed or actor,) if n]
            for tail in tails:
                done.add(tail.text)
                for name in names:
                    start = heads[0].start if heads else cue.start()
                    yield Relation(
                        name,
                        "implements",
                        tail.text,
                        _evidence(text, start, tail.end, s),
                        s,
                        f"cue:{cue.group()}" if heads else f"implied_actor:{cue.group()}",
                    )

    PURPOSE = re.compile(r"\s*[为為]了?(?=[\u4e00-\u9fff“])")

    @staticmethod
    def _after_purpose(view: SentenceView, text: str, cue_start: int) -> list[Mention]:
        """为推动X，甲党工委选派…: the sentence opens on a purpose, and the body or place the
        clause after it opens on carries out what the purpose names (the longest name
        there: the committee, not the place its name opens with)."""
        sentence = view.sentence
        if not ProgramRelations.PURPOSE.match(text, sentence.start):
            return []
        comma = text.find("，", cue_start, sentence.end)
        if comma < 0:
            return []
        opening = [
            m for m in view.mentions if m.start == comma + 1 and m.type in {"ORG", "PLACE"}
        ]
        return [max(opening, key=lambda m: m.end)] if opening else []

    JOINED_AFTER = re.compile(r"(?:联合|会同|携手|联手)")
    WITH_AFTER = re.compile(r"[与和同]")
    TOGETHER = re.compile(r"(?:共同|一起|一道|联合)$")

    def _partners_after(
        self, view: SentenceView, text: str, heads: list[Mention], cue_start: int
    ) -> list[Mention]:
        """The bodies written right after the one acting that act with it: 甲联合乙，…推行X;
        甲与乙签订协议，共同打造X (共同 before the cue)."""
        if len(heads) != 1:
            return []
        head = heads[0]
        joined = self.JOINED_AFTER.match(text, head.end)
        if joined is None and not (
            self.WITH_AFTER.match(text, head.end)
            and self.TOGETHER.search(text, max(view.sentence.start, cue_start - 2), cue_start)
        ):
            return []
        after = [m for m in view.mentions if m.start >= head.end + 1 and m.end <= cue_start]
        if not after or after[0].type != "ORG" or after[0].start > head.end + 2:
            return []
        return [m for m in self._list_from(view, text, after[0]) if m.end <= cue_start]

    def _joint_actors(
        self, view: SentenceView, text: str, heads: list[Mention]
    ) -> list[Mention]:
        """甲党委联合乙局、丙协会开展X: the organizations one joins (联合, 会同, 携手) act
        too; a chain of them (甲联合乙会同丙) all act."""
        out: list[Mention] = []
        while heads:
            joint = self.JOINT_ACTION.search(text, view.sentence.start, heads[0].start)
            if joint is None:
                break
            before = self._head_before(view, joint.start(), {"ORG", "PLACE"})
            # 甲党工委牵头，联合乙、丙开展X: the body that leads acts too
            if before is None or not self.LEAD_GAP.fullmatch(text, before.end, joint.start()):
                break
            heads = self._list_before(view, text, before)
            out = heads + out
        return out

    def _part_of(
        self, view: SentenceView, text: str, rec: RecognizedDocument | None = None
    ) -> Iterator[Relation]:
        """part_of_program: 把A作为B的重点措施; B“A”活动 (a program named inside another);
        B，推出/即/包括 A1、A2 (the measures of a program); 《B》提出 … A (a plan's
        measures); 在A的基础上 … B."""
        s = view.sentence
        programs = [m for m in view.mentions if m.type == "PROGRAM"]

        def rel(part: Mention, whole: Mention, rule: str) -> Relation:
            start, end = min(part.start, whole.start), max(part.end, whole.end)
            return Relation(
                part.text, "part_of_program", whole.text, _evidence(text, start, end, s), s, rule
            )

        for whole in programs:
            # 《惠州市贯彻落实〈X行动计划〉实施方案》: a plan that carries out the one it quotes
            inner = _INNER_TITLE.search(text, whole.start, whole.end)
            if inner is None or inner.group(1).endswith(_LAWS):
                continue  # 《X省实施〈Y组织法〉办法》: a law's regulation is no part of a program
            evidence = _evidence(text, whole.start, whole.end, s)
            yield Relation(
                whole.text, "part_of_program", inner.group(1), evidence, s, "nested_title"
            )
            # the place that names itself before 贯彻落实〈X〉 carries X out
            opening = text[whole.start : inner.start()].lstrip("《")
            carrying = _CARRYING_OUT.search(opening)
            place = (
                _opening_place(opening[: carrying.start()], rec) if carrying and rec else None
            )
            if place:
                yield Relation(
                    place, "implements", inner.group(1), evidence, s,
                    f"nested_title:{carrying.group()}",
                )  # fmt: skip
        for a, b in pairwise(programs):
            between = _MARKS.sub("", text[a.end : b.start])
            if self.AS_GAP.fullmatch(between) and self.MEASURE_AFTER.match(text, b.end):
                yield rel(a, b, "cue:作为")
            elif text[a.end : b.start] in ("“", "‘"):
                yield rel(b, a, "nested_program")  # 党史学习教育“六学”活动
            elif self.INTO_GAP.fullmatch(between):
                yield rel(a, b, "cue:纳入")  # 将“擂台比武”纳入基层党建三年行动计划
        for i, whole in enumerate(programs):
            # 作为“B”的一项重点举措，该区实施了“A”: the next program the sentence names
            if (
                i + 1 < len(programs)
                and self.AS_OPENING.search(text, max(s.start, whole.start - 20), whole.start)
                and (measure := self.MEASURE_AFTER.match(text, whole.end))
                and text[measure.end() : measure.end() + 1] in "，,"
                and programs[i + 1].start > measure.end()
            ):
                yield rel(programs[i + 1], whole, "cue:作为")
        for i, whole in enumerate(programs):
            cue = self.LIST_CUE.match(text, whole.end)
            if cue is None:
                continue
            parts: list[Mention] = []
            for part in programs[i + 1 :]:
                gap = text[cue.end() : part.start] if part is programs[i + 1] else None
                if gap is not None and not self.CUE_GAP.fullmatch(gap):
                    break
                parts.append(part)
            word = cue.group().strip("，,：:”’》 ")
            if word == "推出" and len(parts) < 2:
                continue  # 实施“A”，推出“B”: two measures; 推出 A1、A2 lists A's parts
            for part in parts:
                yield rel(part, whole, f"cue:{cue.group().strip('，,：: ')}")
        for i, whole in enumerate(programs):
            # 以“红色头雁”工程为统领，配套实施A和B: the programs under the umbrella are its parts
            if self.UMBRELLA_AFTER.match(text, whole.end) and self.UMBRELLA_BEFORE.search(
                text, max(s.start, whole.start - 2), whole.start
            ):
                for part in programs[i + 1 :]:
                    yield rel(part, whole, "cue:为统领")
        first = programs[0] if programs else None
        if (
            first is not None
            and first.start - s.start <= 3
            and self.PLAN_VERB.match(_MARKS.sub("", text[first.end : first.end + 8]))
        ):
            for part in programs[1:]:
                yield rel(part, first, "plan_subject")
        for a in programs:
            if (
                self.ON_BASIS.match(text, a.end, a.end + 8)
                and text[max(s.start, a.start - 2) : a.start].rstrip("“‘《").endswith("在")
            ):
                head = next((p for p in programs if p.start > a.end), None)
                if head is not None:
                    yield rel(head, a, "cue:基础上")
        for whole, part in pairwise(programs):
            # 实施“B”工程，其中“A”行动…: the program named right after 其中 is a part of B
            if self.AMONG.fullmatch(_MARKS.sub("", text[whole.end : part.start])):
                yield rel(part, whole, "cue:其中")


_PLAN_STATES = re.compile(r"[”》]?(?:还|也|并|同时|进一步)?(?:提出|明确|坚持|要求|强调|规定|部署)")


def plan_subject(view: SentenceView, text: str) -> Mention | None:
    """A plan opening the sentence, or its first clause with a name, with what it states
    (为加强…,《实施方案》提出…)."""
    m = _opening_mention(view, text)
    if m is not None and m.type == "PROGRAM" and _PLAN_STATES.match(text, m.end) is not None:
        return m
    return None
