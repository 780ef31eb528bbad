"""Whom or what a count is about: the name it describes, the area a scope word names, the
name a kind word resumes, the sentence's subject, the event attended."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import chain

from kg.lexicon import LEVEL_PARTY_BODY, SITUATED_WORDS, SPEECH_VERBS
from kg.quantities.cues import (
    TIME_OPENING,
    adjunct_re,
    anaphor_re,
    object_verb_re,
    plan_verbs_re,
    quantity_cues,
    scope_re,
    set_up_re,
)
from kg.records import Mention, RecognizedDocument
from kg.relate import post_pattern
from kg.relate.common import HELD_BY, of_another_level


def not_just_set_up(mentions: tuple[Mention, ...], text: str) -> tuple[Mention, ...]:
    """The mentions but a body the sentence sets up (成立X): the subject of what follows in
    its own sentence, not of the next one's counts."""
    set_up = set_up_re()
    return tuple(m for m in mentions if not set_up.search(text, max(0, m.start - 5), m.start))


# 甲介绍，…; 甲接受本报专访时表示，…: what the person says follows
_SAID = re.compile(
    r"(?:(?:接受|在)[^，。；,;：:]{1,12}时)?"
    f"(?:{'|'.join(SPEECH_VERBS)})[，,：:]"
)


def sentence_subject(
    mentions: tuple[Mention, ...],
    pos: int,
    text: str,
    persons_ok: bool = True,
    names: DocumentNames | None = None,
) -> str | None:
    """The sentence's subject before ``pos``.

    Its first organization or place that is not the object of a preposition (作为, 在, 由
    …), taking the most specific place of a written chain (湖北省武汉市X商务区); an
    organization followed by a post and a person (医院主任管向东) gives the person; with
    no organization or place, the first person. An organization framing the clause (在X的
    带领下) is no subject either."""
    # 科长孙丽介绍，…追回资金356万元: what a speaker reports is about what they name after
    frame_end, speaker = max(
        (
            (said.end(), m)
            for m in mentions
            if m.type == "PERSON" and m.end <= pos
            for said in (_SAID.match(text, m.end),)
            if said is not None and said.end() <= pos
        ),
        default=(0, None),
        key=lambda frame: frame[0],
    )
    if speaker is not None and _OWN_UNIT_OPENS.match(text, frame_end):
        # 社区党委书记甲说，社区联合乙、丙组建…: the speaker's own unit acts
        body = _speaker_body(mentions, speaker, text, names)
        if body is not None:
            return body
    before = [
        m
        for m in mentions
        if frame_end <= m.start
        and m.end <= pos
        and m.rule != "region"
        and not _counted_reference(m, text)
    ]
    if before and before[0].type == "PROGRAM" and _plan_states(before[0], pos, text):
        return before[0].text  # 《实施方案》提出…3个主题: the plan's own figures
    owner = _clause_owner(before, pos, text)
    if owner is not None:
        if names is None or (owner.rule == "generic_ref" and names.ambiguous(owner.text)):
            return owner.text
        return names.full(owner, text)
    i = 0
    while i < len(before):
        m = before[i]
        j = i + 1
        if m.type in {"ORG", "PLACE"}:
            while (
                j < len(before)
                and before[j].start == before[j - 1].end
                and before[j].type
                in {
                    "ORG",
                    "PLACE",
                }
            ):
                j += 1
        if (
            m.type not in {"ORG", "PLACE"}
            or _PREPOSITION.search(text, max(0, m.start - 2), m.start)
            or _framing(m, before[j:], text)
            or object_verb_re().search(text, max(0, m.start - 4), m.start)
            or (i > 0 and _LIST_JOINER.fullmatch(text, before[i - 1].end, m.start))
            or _enumerated(before, i, pos, text)
            # 村党支部领办的X合作社年产值…: the body that runs the one the sentence is about
            or (
                j < len(before)
                and before[j].type in {"ORG", "PLACE"}
                and _RUNS_THE.fullmatch(text, before[j - 1].end, before[j].start) is not None
            )
        ):
            i = j  # 到上海、苏州和杭州: the rest of a preposition's list is its object too
            continue
        subject = before[j - 1]
        person = next((p for p in before[j:] if p.type == "PERSON"), None)
        if (
            persons_ok
            and subject.type == "ORG"
            and person is not None
            and person.start - subject.end <= 12
            and _POST.search(text, subject.end, person.start)
            and not text.startswith("由", subject.end)  # 宣讲团由部长甲任团长: 甲 leads it
        ):
            return person.text
        if names is None or (subject.rule == "generic_ref" and names.ambiguous(subject.text)):
            return subject.text  # 宣讲团 of two named teams: the one named last, as resolved
        return names.full(subject, text)
    if speaker is not None:
        # 小区党支部书记王红梅说，今年共解决诉求150件: a speaker naming nothing speaks of the
        # body of their post
        body = _speaker_body(mentions, speaker, text, names)
        if body is not None:
            return body
    # a person alone is what money or people are counted about (捐资, 带领), rarely
    # anything else (总书记 … 三个…): then the actor is
    persons = (
        [
            m
            for m in before
            if m.type == "PERSON"
            and not adjunct_re().match(text, m.end)
            # 由叶坪乡党委书记刘建平任书记: the one 由 names holds a post, no subject
            and not HELD_BY.search(text, max(0, m.start - 18), m.start)
        ]
        if persons_ok
        else []
    )
    return persons[0].text if persons else None


_RUNS_THE = re.compile(
    r"(?:领办|创办|主办|兴办|开办|牵头成立|成立|组建|建立|打造|培育|引进|指导|管理)(?:的|起来的)"
)


# 社区联合…, 村里…: a level's bare word opening what a speaker reports
_OWN_UNIT_OPENS = re.compile(r"(?:社区|村|街道|镇|乡)(?:里|还|又|也|先后|联合|牵头|通过|共)")


def _speaker_body(
    mentions: tuple[Mention, ...], speaker: Mention, text: str, names: DocumentNames | None
) -> str | None:
    """The body of the speaker's post (小区党支部书记王红梅说): its full name, or for a kind
    word the body or place of that kind named before."""
    body = next(
        (
            m
            for m in reversed(mentions)
            if m.type == "ORG"
            and m.end <= speaker.start
            and speaker.start - m.end <= 12
            and _POST.search(text, m.end, speaker.start)
        ),
        None,
    )
    if body is not None and body.rule != "generic_ref":
        return names.full(body, text) if names is not None else body.text
    if body is None or names is None:
        return None
    # 街道党工委书记: a kind word speaks of the body so named before, if there is one
    named = names.last_named(body.text, body.start)
    unit = LEVEL_PARTY_BODY.fullmatch(body.text)
    if named is None and unit is not None:
        # 社区党委书记甲介绍, in a piece that names the community only: the community
        named = names.last_named(unit.group(1), body.start)
    return named


# ，支部现有党员19名: a later clause opening on a body that has what is counted
_HAS = re.compile(r"(?:现有|共有|拥有|下设|设有|下辖|现辖)")


def just_set_up(mentions: tuple[Mention, ...], pos: int, text: str) -> str | None:
    """The body the clause before sets up, where the clause of the count at ``pos`` opens
    on what it has or is made of (组建了“X”，队员共有11人)."""
    before = [m for m in mentions if m.end <= pos]
    owner = _clause_owner(before, pos, text, set_up_only=True)
    return owner.text if owner is not None else None


def _clause_owner(
    before: list[Mention], pos: int, text: str, *, set_up_only: bool = False
) -> Mention | None:
    """The body or place opening the clause of the count after a comma, when a verb of
    having follows it (甲党委书记乙兼任丙党支部书记，支部现有党员19名: 丙党支部's members;
    其中，南京市有45个，苏州市有38个: each city's); else the body or venue the clause
    before sets up, when this clause opens on what it manages, has or measures."""
    clause_start = max(text.rfind(mark, 0, pos) for mark in "，；") + 1
    if clause_start == 0 or text.rfind("。", 0, pos) >= clause_start:
        return None
    owner = next(
        (
            m
            for m in before
            if (
                m.start == clause_start
                and m.type in {"ORG", "PLACE"}
                and (_HAS.match(text, m.end) or text.startswith("有", m.end))
            )
        ),
        None,
    )
    if owner is not None and not set_up_only:
        return owner
    # 甲牵头成立乙联合党委，统筹管理12个党支部: a clause with no subject of its own goes on
    # about the body just set up (this one's leading verb or noun says so, after the body's
    # kind, as in ，联盟成员单位达到45家); 建成X党群服务中心，面积达2600平方米: about the venue
    set_up = next(
        (
            m
            for m in reversed(before)
            if m.end < clause_start
            and text[m.end : clause_start - 1] in ("", "”", "’")
            and m.type in {"ORG", "PLACE"}
            and set_up_re().search(text, max(0, m.start - 6), m.start - _opening_mark(m, text))
        ),
        None,
    )
    if set_up is None:
        return None
    opening = clause_start + next(
        (k for k in (4, 3, 2) if set_up.text.endswith(text[clause_start : clause_start + k])),
        0,
    )
    if set_up.type == "ORG" and _SET_UP_BODY_HAS.match(text, opening):
        return set_up
    return set_up if _AREA_OPENING.match(text, opening) else None


# what a body just set up manages, covers, has or is made of (…联盟，成员单位达到38家;
# …服务队，队员共360人)
_SET_UP_BODY_HAS = re.compile(
    r"(?:统筹|直接|负责)?(?:管理|覆盖|联系|吸纳|涵盖)|(?:成员|会员)(?:单位|企业)?|(?:队|团)员|"
    + _HAS.pattern
)


_AREA_OPENING = re.compile(r"(?:总|建筑|占地|使用)?面积|占地")


_OWNING = ("所属", "下属", "旗下")


def _framing(m: Mention, after: list[Mention], text: str) -> bool:
    """在X的带领下, X所属Y: X frames the clause or owns its subject, and is not its subject;
    but X owns what is counted where no name follows (X党委下属党组织73个)."""
    adjunct = adjunct_re().match(text, m.end)
    if adjunct is None:
        return False
    return not adjunct.group().endswith(_OWNING) or any(
        o.type in {"ORG", "PLACE"} and o.start >= adjunct.end() for o in after
    )


def _opening_mark(m: Mention, text: str) -> int:
    """1 where a quote mark opens the name (组建“长江大保护”党建联盟), else 0."""
    return 1 if text[m.start - 1 : m.start] in ("“", "‘") else 0


def _enumerated(before: list[Mention], i: int, pos: int, text: str) -> bool:
    """玄武、秦淮、鼓楼3个行政区, 汕头等6个地市: the names a count enumerates are what it
    counts, not who counts them."""
    k = i
    while k + 1 < len(before) and _LIST_JOINER.fullmatch(text, before[k].end, before[k + 1].start):
        k += 1
    tail = text[before[k].end : pos]
    return tail == "等" or (tail == "" and k > i)


def _counted_reference(m: Mention, text: str) -> bool:
    """A generic reference that is itself counted (216个小区党支部) or a post's unit
    (担任小区党支部书记) is no subject; one that resumes a name (村党总支直接管理) is."""
    if _COUNTED_BEFORE.search(text, max(0, m.start - 14), m.start):
        return True
    if m.rule != "generic_ref":
        return False
    if text[m.start - 2 : m.start] in ("这个", "那个", "这家"):
        return False  # 这个党支部成立于…: the body named before
    return text[m.start - 1 : m.start] in "个名家所支" or _POST.match(text, m.end) is not None


def title_person(rec: RecognizedDocument) -> str | None:
    """谭松明：自筹资金资助19名大学生 — a title opening on a person and a colon: the article
    is about that person, who is then whom its counts with no subject are about."""
    text = rec.source.text
    first = next((m for m in rec.mentions), None)
    if first is None or first.type != "PERSON" or text[: first.start].strip():
        return None
    return first.text if text[first.end : first.end + 1] in {"：", ":"} else None


# 的 after a count, or what the people counted make up (由12名老党员组成的)
_DESCRIBED = re.compile(r"(?:[^，。；,;]{0,12}?(?:组成|构成))?的")


def owner_after(mentions: tuple[Mention, ...], text: str, pos: int) -> str | None:
    """558平方米的西塔党群服务站: a count followed by 的 and a name describes that name;
    由12名老党员组成的“银发先锋”志愿服务队: the people counted make up that body."""
    described = _DESCRIBED.match(text, pos)
    if described is None:
        return None
    end = described.end()
    kinds = {"ORG", "PLACE"} if end == pos + 1 else {"ORG"}
    for m in mentions:
        if m.start in (end, end + 1) and m.type in kinds:
            return m.text
    return None


_POST = post_pattern()
ATTENDED = re.compile(r"(?:左右|以上)?(?:参加|出席|参与|到场|参会|观摩)")


def attended_event(rec: RecognizedDocument, text: str, pos: int) -> str | None:
    """The event the people counted as attending attended: the first program of the last
    sentence before ``pos`` in its paragraph that names one (“甲”暨“乙”启动仪式举行。…
    共计60余人参加: 甲)."""
    paragraph_start = text.rfind("\n", 0, pos) + 1
    events = [
        m
        for m in rec.mentions
        if m.type == "PROGRAM" and paragraph_start <= m.start and m.end <= pos
    ]
    if not events:
        return None
    last = rec.sentence_at(max(events, key=lambda m: m.end).start)
    return min((m for m in events if m.start >= last.start), key=lambda m: m.start).text


_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")
CLAUSE_MARKS = "，。；！？,;!?"
_CLAUSE_MARK = re.compile(f"[{CLAUSE_MARKS}]")
_PREPOSITION = re.compile(
    rf"(?:作为|在|由|从|对|向|据|把|将|为|与|和|同|经|到|赴|前往|至|依托|借助|凭借|利用"
    rf"|{'|'.join(SITUATED_WORDS)})$"
)
_LIST_JOINER = re.compile(r"[、和与及]")
_SENTENCE_OPENING = re.compile(r"(?:^|[。！？；;\n])(?:我市|我区|我县|我省|该)?[《“]?$")
# 建设404个党建文化公园, 组建22支“三新”党员攻坚突击队: a name that is itself counted
_COUNTED_BEFORE = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万]+[个支名家所座处批][^，。；,;]{0,8}$"
)


def _plan_states(plan: Mention, pos: int, text: str) -> bool:
    """《实施方案》提出…3个主题: the plan states the figures before ``pos``."""
    right_after, anywhere = plan_verbs_re()
    if right_after.match(text, plan.end):
        return True
    opening = _SENTENCE_OPENING.search(text[max(0, plan.start - 4) : plan.start])
    return bool(opening and anywhere.search(text, plan.end, pos))


def scope_subject(
    mentions: tuple[Mention, ...],
    text: str,
    start: int,
    pos: int,
    actor: str | None,
    names: DocumentNames | None = None,
) -> str | None:
    """全村21个经济社 → the village named last before 全村 in the sentence; 全省/全市 … with
    no such name → the document's implied actor, or "" where the actor is of another level
    (the count is of an area the document does not name)."""
    scopes = [
        scope
        for scope in scope_re().finditer(text, start, pos)
        # 负责全区社会组织党建工作，…直接管理党支部56个: the area a body works for, not
        # the one counted
        if not _SCOPE_AS_OBJECT.search(text, max(start, scope.start() - 2), scope.start())
    ]
    if not scopes:
        return None
    scope = scopes[-1]
    level, actor_fallback = quantity_cues().scope[scope.group()]
    named = [
        m
        for m in mentions
        if m.end <= scope.start() and m.type in {"ORG", "PLACE"} and m.text.endswith(level)
    ]
    if not named and names is not None:  # 西山乡党委…全乡23个村: the place inside the name
        named = [
            m
            for m in names.with_nested()
            if start <= m.start
            and m.end <= scope.start()
            and m.type == "PLACE"
            and m.text.endswith(level)
        ]
    if named:
        return named[-1].text
    if names is not None and (scope.group().startswith("该") or not actor_fallback):
        # 小朱湾村…。该村通过…，发展民宿15家: 该 resumes the last such name of the text, and
        # so does 全镇 (全镇23个行政村: the town the document is about)
        earlier = names.last_named(level, scope.start())
        if earlier is not None:
            return earlier
    if not actor_fallback or actor is None:
        return None
    # 我市2个基层党组织 in a document whose actor is 中共湖南省委: the count is a city's, and
    # no city is named: "" (no subject, and none to look for)
    if not of_another_level(actor, level):
        return actor
    earlier = names.last_named(level, scope.start()) if names is not None else None
    return earlier or ""  # 全市 in a district's document: the city named before, if any


_TIME_OPENING = re.compile(TIME_OPENING)
_PARTY_KIND_OPENING = re.compile(r"(党支部|支部|党总支|党委)(?:共有|现有|有)")
_SCOPE_AS_OBJECT = re.compile(r"(?:负责|统筹|指导|覆盖|服务|面向|辐射|带动|联系|协调|管理)$")
VILLAGE_COLLECTIVE = re.compile(r"村集体|村里|村内|全村|该村|本村")
COVERING = re.compile(r"(?:目前|现|现已|已|目前已)?(?:共|累计)?(?:覆盖|涵盖|辐射|吸纳|联系|服务)")
# 成立X联合党委，由…兼任书记，下设…9个党支部: the Party committee named before has them
SUBORDINATES = re.compile(r"(?:共|现)?(?:下设|下辖)")


class DocumentNames:
    """The organization and place names of a document, to complete a name cut short
    (香兰镇|中学生 → 香兰镇中学) and to resume a name from its kind word (商圈 → X商圈)."""

    def __init__(self, rec: RecognizedDocument) -> None:
        self._rec = rec
        self._with_nested: list[Mention] | None = None
        self.mentions = sorted(
            (m for m in rec.mentions if m.type in {"ORG", "PLACE"}), key=lambda m: m.start
        )
        self.names = sorted({m.text for m in self.mentions}, key=lambda n: (-len(n), n))
        self.named = frozenset(m.text for m in rec.mentions if m.rule != "generic_ref")
        self.anaphor_re = anaphor_re()
        # the names one after the other, each closed by NUL: str.find looks for a name
        # holding a given one in C, instead of a Python loop over the names
        self._joined = "".join(name + "\0" for name in self.names)
        self._offsets: list[int] = []
        offset = 0
        for name in self.names:
            self._offsets.append(offset)
            offset += len(name) + 1
        self._minus_lengths = [-len(name) for name in self.names]

    def last_named(self, kind: str, pos: int, *, names_only: bool = False) -> str | None:
        """The last place or organization before ``pos`` whose name ends with ``kind``
        (``names_only``: no reference such as 党支部 that names no body alone)."""
        named = [
            m.text
            for m in self.with_nested()
            if m.end <= pos
            and m.text.endswith(kind)
            and len(m.text) > len(kind)
            and (not names_only or self.is_name(m))
        ]
        return named[-1] if named else None

    def ambiguous(self, kind: str) -> bool:
        """Two or more names of the document end with ``kind`` (a reference such as 宣讲团),
        none of them the end of another (幸社区大党委 is 和幸社区大党委's)."""
        ending = [name for name in self.names if name.endswith(kind) and name != kind]
        longest = [n for n in ending if not any(o != n and o.endswith(n) for o in ending)]
        return len(longest) > 1

    def with_nested(self) -> list[Mention]:
        """The organizations and places with those named inside longer names (云舍村 in
        云舍村党支部, X有限公司 in X有限公司党支部), by start (made when first asked)."""
        if self._with_nested is None:
            nested = (n.mention for n in self._rec.nested if n.mention.type in {"ORG", "PLACE"})
            self._with_nested = sorted(
                [*self.mentions, *nested], key=lambda m: (m.start, m.end - m.start)
            )
        return self._with_nested

    def without_references(self, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
        """The mentions but generic references (小区党支部) that are no name of the document."""
        return tuple(m for m in mentions if self.is_name(m))

    def is_name(self, m: Mention) -> bool:
        """``m`` is a name of the document, not a generic reference (小区党支部) alone."""
        return m.rule != "generic_ref" or m.text in self.named

    def full(self, m: Mention, text: str) -> str:
        """The longest name of the document that the text at ``m`` continues into: the first
        name, longest first, holding ``m``'s name where the text at ``m`` goes on with it."""
        names, offsets, joined = self.names, self._offsets, self._joined
        longer = bisect_left(self._minus_lengths, -len(m.text))  # names longer than m's
        end = offsets[longer] if longer < len(names) else len(joined)
        pos = 0
        while 0 <= (found := joined.find(m.text, pos, end)) < end:
            i = bisect_right(offsets, found) - 1
            name = names[i]
            if text.startswith(name[found - offsets[i] :], m.start):
                return name
            pos = offsets[i] + len(name) + 1  # the first occurrence in a name is the one
        return m.text

    def reference_opening(
        self, mentions: tuple[Mention, ...], text: str, clause_start: int, pos: int
    ) -> str | None:
        """…成立退役军人党支部，目前支部共有党员64名: a reference to a body (支部) opening the
        clause, after a time word or not, is what the clause counts."""
        opened = _TIME_OPENING.match(text, clause_start, pos)
        at = opened.end() if opened else clause_start
        for m in mentions:
            if m.start <= at < m.end:
                if m.type != "ORG" or m.rule != "generic_ref" or m.end >= pos:
                    return None
                # the only body of the clause (not 村党支部领办的X合作社…)
                alone = not any(
                    o.type in {"ORG", "PLACE"} and m.end <= o.start < pos for o in mentions
                )
                return self.last_named(m.text, m.start, names_only=True) if alone else None
        kind = _PARTY_KIND_OPENING.match(text, at, pos)
        return self.last_named(kind.group(1), at, names_only=True) if kind else None

    def anaphor(self, mentions: tuple[Mention, ...], text: str, start: int, pos: int) -> str | None:
        """A kind word opening a clause before ``pos`` with no organization or place before
        it in the sentence: the last name before it ending with that kind word."""
        # only a kind word opening a clause counts, and none can hold a clause mark: the
        # words found at the clause openings are the ones a scan of the text would find there
        openings = chain((start,), (mark.end() for mark in _CLAUSE_MARK.finditer(text, start, pos)))
        for opening in openings:
            a = self.anaphor_re.match(text, opening, pos)
            if a is None:
                continue
            if any(m.start <= a.start(1) < m.end for m in mentions):
                continue  # 2023年，医院党委…: the kind word opens a name, no anaphor
            if any(m.start == a.end(1) and m.type == "ORG" and self.is_name(m) for m in mentions):
                continue  # 医院心内科党支部书记…: the unit of the body named before, no anaphor
            if sentence_subject(mentions, a.start(), text, persons_ok=False) is not None:
                return None
            kind = a.group(1)
            ends = quantity_cues().anaphor_ends.get(kind, (kind,))
            named = [
                m
                for m in self.with_nested()
                if m.end <= a.start()
                and m.text.endswith(ends)
                and self.is_name(m)  # 园区党委: a reference, no name of its own
                and len(m.text) > len(kind)
                and not _NUMERAL.fullmatch(text[m.start - 1 : m.start])  # 30|亩竹林入股合作社
            ]
            return named[-1].text if named else None
        return None
