"""holds_post from appointments: 甲担任乙书记, 甲是乙教授，也是丙书记, a first secretary
sent to a village, a team's head named after the team (called by :mod:`kg.relate.posts`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.common import HELD_BY, SentenceView, _evidence

# the posts of a Party body (书记, 委员, 常委, 成员), which a run of posts is made of
PARTY_POST = re.compile(r"(?:常务|专职)?副?书记|(?:组织|宣传|纪检)?委员|常委|成员")


# 王某担任X村党支部书记, 邹某调任X公安处Y警务区: a person appointed to a post in a body
_APPOINTED = re.compile(
    # 李某2018年当选X村党支部书记, 王某于2020年3月任X: the date of the appointment between
    r"(?:[^，。；,;：:]{0,4}?|于?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|初|起)?)"
    r"(?:现任|担任|出任|兼任|调任|升任|转任|任命为|当选为|当选|推选为|选举为|选为|任|同志为)$"
)
_COPULA = re.compile(r"[，,]?(?:也|就|正|还)?(?:是|系)$")  # 她叫李某，是X党委书记
_APPOINTED_AFTER_BIO = re.compile(
    r"(?:[，,][^，。；,;：:]{1,12}){0,5}[，,]"
    # 今年45岁的李华，2018年起担任X党支部书记: a year and 起 before 担任
    r"(?:现任|现为|现系|现是|\d{4}年(?:\d{1,2}月)?(?:起|以来|开始)?(?:担任|出任))$"
)


# 调任X警务区驻站，: a post written after the body without a post word, up to the clause end
_TRAILING_POST = re.compile(r"[\u4e00-\u9fff]{1,6}(?=[，。；、,;！？!?]|$)")


def trailing_post(text: str, pos: int, end: int) -> str | None:
    """The few characters from ``pos`` to the clause's end, where that is all there is."""
    m = _TRAILING_POST.match(text, pos, end)
    return m.group() if m else None


def appointed(text: str, view: SentenceView, post_re: re.Pattern[str]) -> Iterator[Relation]:
    ms = view.mentions
    for k, person in enumerate(ms[:-1]):
        if person.type != "PERSON":
            continue
        at = next((j for j in range(k + 1, len(ms)) if ms[j].type == "ORG"), None)
        if at is None:
            continue
        org = ms[at]
        # 杨某是云南省|怒江…卫生院党支部书记: the places written before the body are its name's
        written = org.start
        while at - 1 > k and ms[at - 1].type == "PLACE" and ms[at - 1].end == written:
            at -= 1
            written = ms[at].start
        post = post_re.match(text, org.end)
        if (
            _APPOINTED.fullmatch(text, person.end, written) is None
            and (
                # 李某，女，1978年出生，现为X党委书记: the clauses of a short biography between
                _APPOINTED_AFTER_BIO.fullmatch(text, person.end, written) is None
                or any(m.type == "PERSON" and person.end <= m.start < org.start for m in ms)
            )
            # 张某是X党支部书记: a post after the organization says what 是 makes them
            and (post is None or _COPULA.fullmatch(text, person.end, written) is None)
        ):
            continue
        held = [(org, post)]
        # 张某是甲大学教授，也是乙党支部书记: the next post the clause goes on to
        while post is not None:
            nxt = next((j for j in range(at + 1, len(ms)) if ms[j].type == "ORG"), None)
            if nxt is None or _ALSO_POST.fullmatch(text, post.end(), ms[nxt].start) is None:
                break
            at, org = nxt, ms[nxt]
            post = post_re.match(text, org.end)
            if post is not None:
                held.append((org, post))
        for org, post in held:
            named = (
                _party_post_run(text, post, post_re)
                if post
                else trailing_post(text, org.end, view.sentence.end)
            )
            if not named:
                continue  # a post is part of the fact: none written, none stated
            yield Relation(
                person.text,
                "holds_post",
                org.text,
                _evidence(
                    text, person.start, post.end() if post else org.end + len(named), view.sentence
                ),
                view.sentence,
                "appointed",
                named,
            )


# the posts of the run may go on (教授、博士生导师) before the clause
_ALSO_POST = re.compile(
    r"(?:、[\u4e00-\u9fff]{2,6}){0,3}[，,](?:也|还|同时|并)?(?:是|系|担任|兼任)"
    r"(?:学院|学校|医院|公司)?"  # 也是学院教工第三党支部书记: the unit named before's
)


# 联合党委书记由街道党工委副书记甲兼任: the post, then who holds it (and their other post)
_HOLDS_AFTER = re.compile(r"(?:兼任|担任|出任)")
_POST_WORD = re.compile(r"(?:一职|职务)?")


def held_by(text: str, view: SentenceView, post_re: re.Pattern[str]) -> Iterator[Relation]:
    """X书记由甲兼任: a body's post, then 由 and the person who holds it."""
    ms = view.mentions
    for k, org in enumerate(ms):
        if org.type != "ORG":
            continue
        post = post_re.match(text, org.end)
        by = _POST_WORD.match(text, post.end()).end() if post else org.end  # X书记一职由甲担任
        if post is None and text[by : by + 2] in ("，由", ",由"):
            by += 1  # 组建了X联合党委，由甲任书记: the clause after the body goes on about it
        if not text.startswith("由", by):
            continue
        person = next((m for m in ms[k + 1 :] if m.type == "PERSON"), None)
        if person is None or HELD_BY.fullmatch(text, by, person.start) is None:
            continue
        holds = _HOLDS_AFTER.match(text, person.end)
        if post is None:
            # 临时党支部由项目经理甲任书记, 由甲任书记、乙任副书记: the post after its holder
            yield from _posts_named_after(text, view, org, person, post_re)
            continue
        if holds is not None:
            yield _held_by(text, view, person, org, post.group(), holds.end())


def _held_by(
    text: str, view: SentenceView, person: Mention, org: Mention, post: str, end: int
) -> Relation:
    evidence = _evidence(text, org.start, end, view.sentence)
    return Relation(person.text, "holds_post", org.text, evidence, view.sentence, "held_by", post)


def _posts_named_after(
    text: str, view: SentenceView, org: Mention, person: Mention, post_re: re.Pattern[str]
) -> Iterator[Relation]:
    people = {m.start: m for m in view.mentions if m.type == "PERSON"}
    while person is not None:
        holds = _HOLDS_NAMED.match(text, person.end)
        post = post_re.match(text, holds.end()) if holds else None
        if post is None or not _POST_CLOSED.match(text, post.end()):
            return
        yield _held_by(text, view, person, org, post.group(), post.end())
        # 由甲任书记、乙任副书记, 由甲任书记、丙局科长乙任副书记: the next holder of the list
        after = post.end() + 1
        person = (
            next(
                (
                    m
                    for start, m in sorted(people.items())
                    if after <= start <= after + 16 and _HELD_BY_GAP.fullmatch(text, after, start)
                ),
                None,
            )
            if text[post.end() : after] == "、"
            else None
        )


_HOLDS_NAMED = re.compile(r"(?:兼任|担任|出任|任)")
_HELD_BY_GAP = re.compile(r"[^，。；,;：:、]{0,16}")
_POST_CLOSED = re.compile(r"[，。；、,;]|$")  # 任书记，/、/。: the post ends there


def post_run_end(text: str, post: re.Match[str], post_re: re.Pattern[str]) -> int:
    """Where a run of posts joined by 、 (委员、常委、书记) that starts with ``post`` ends."""
    end = post.end()
    while text[end : end + 1] == "、" and (following := post_re.match(text, end + 1)):
        end = following.end()
    return end


def _party_post_run(text: str, post: re.Match[str], post_re: re.Pattern[str]) -> str:
    """张某任X县委委员、常委、书记: the Party posts of a run, each of them (书记 among them);
    a post of another kind after them is not the Party body's."""
    parts = text[post.start() : post_run_end(text, post, post_re)].split("、")
    party = list(itertools.takewhile(PARTY_POST.fullmatch, parts))
    return "、".join(party) if len(party) > 1 else post.group()


_FIRST_SECRETARY_AFTER = re.compile(r"(?:担任|任)?(?:驻村)?第一书记")
_VILLAGE_BODY = ("党支部", "党总支", "党委")
# 选派干部甲到乙村担任第一书记: sent to the village
_SENT_TO = re.compile(r"(?:被(?:选派|派驻|派)?)?(?:到|赴|前往)")


def village_first_secretary(
    text: str, view: SentenceView, org_names: set[str]
) -> Iterator[Relation]:
    """罗某担任火卖村第一书记, 选派甲到X县Y镇乙村担任驻村第一书记: the first secretary sent to a
    village holds the post in its Party body (火卖村党支部), where the document names that
    body."""
    ms = view.mentions
    for k, person in enumerate(ms[:-1]):
        if person.type != "PERSON" or ms[k + 1].type != "PLACE":
            continue
        gap = text[person.end : ms[k + 1].start]
        if _APPOINTED.fullmatch(gap) is None and _SENT_TO.fullmatch(gap) is None:
            continue
        j = k + 1  # the village ends the chain of places written there
        while j + 1 < len(ms) and ms[j + 1].type == "PLACE" and ms[j + 1].start == ms[j].end:
            j += 1
        village = ms[j]
        if not village.text.endswith(("村", "社区")):
            continue
        post = _FIRST_SECRETARY_AFTER.match(text, village.end)
        ends = tuple(village.text + body for body in _VILLAGE_BODY)
        bodies = sorted(n for n in org_names if n.endswith(ends))
        if post is None or not bodies:
            continue
        yield Relation(
            person.text,
            "holds_post",
            bodies[0],
            _evidence(text, person.start, post.end(), view.sentence),
            view.sentence,
            "first_secretary",
            "第一书记",
        )


_TEAM_HEAD = re.compile(r"(?:队长|团长)")


def team_head(rec: RecognizedDocument, view: SentenceView, text: str) -> Iterator[Relation]:
    """…有一支“银发先锋队”。队长陈根生…: a head named at the start of a sentence heads the
    body named last before it, where that body is a team."""
    start = view.sentence.start
    head = _TEAM_HEAD.match(text, start)
    person = view.mentions[0] if view.mentions else None
    if head is None or person is None or person.type != "PERSON" or person.start != head.end():
        return
    last = max(
        (m for m in rec.mentions if m.type == "ORG" and m.end <= start),
        key=lambda m: m.start,
        default=None,
    )
    # 队长 heads a 队, 团长 a 团 (the team lexicon holds 党委 and 联盟 too)
    if last is not None and last.text.endswith(head.group()[0]):
        yield Relation(
            person.text, "holds_post", last.text,
            _evidence(text, start, person.end, view.sentence), view.sentence,
            "team_head", head.group(),
        )  # fmt: skip
