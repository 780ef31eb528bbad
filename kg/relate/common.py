"""What every family of relations reads: sentences with their mentions, evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.gazetteer import LEVEL_CHARS, Gazetteer
from kg.lexicon import PARTNER_ADVERBS
from kg.records import Mention, RecognizedDocument, Sentence

ACTOR_TYPES = frozenset({"ORG", "PLACE"})
_MARKS = re.compile(r"[“”‘’《》〈〉「」]")
_CLAUSE_MARKS = "，,；;：:。！？!?"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
# everything up to the last clause mark (one backward scan instead of one per mark)
_UP_TO_LAST_CLAUSE_MARK = re.compile(f"(?s:.*)[{_CLAUSE_MARKS}]")
# a Party committee's name ends so; what stands before it is its host (X公司党委 → X公司)
PARTY_COMMITTEE = re.compile(r"(?:党委|党工委|党总支|党组)$")
#: 由乙领导, 受乙领导: the body after these is the agent, not the subject; 隶属于乙: the
#: parent, not the subject either
AGENT_BEFORE = ("由", "受", "隶属于", "隶属", "归属于", "归口")


#: 由项目经理甲…: 由 and what stands before the person it names, in one clause
HELD_BY = re.compile(r"由[^，。；,;：:]{0,16}$")


def party_body_before(mentions: Sequence[Mention], text: str, pos: int) -> Mention | None:
    """The Party committee the clause at ``pos`` goes on about (成立X联合党委，由…兼任书记，
    下设…): the last one named before it, not one that only leads or appoints (由Y领导)."""
    bodies = [
        m
        for m in mentions
        if m.type == "ORG"
        and m.end <= pos
        and PARTY_COMMITTEE.search(m.text)
        and not text.endswith(AGENT_BEFORE, 0, m.start)
    ]
    return bodies[-1] if bodies else None


# 甲还与乙…: an adverb and 与 before the body the subject works with
PARTNER_WITH = f"(?:{'|'.join(PARTNER_ADVERBS)})(?:与|和|同|跟)"
NEAR_WORDS = r"(?:辖区内?|驻区|沿线|周边|附近|邻近|当地)的?"
NEIGHBOURING = f"(?:{NEAR_WORDS})?"  # 与辖区内的乙, 与沿线的乙: the partner is nearby
# ，与乙结对共建, ；还与沿线的乙: a clause opening on its partner (the subject is the sentence's)
CLAUSE_WITH = re.compile(rf"[，,；;](?:{PARTNER_WITH}|与|同|跟){NEIGHBOURING}$")
_LIST_GAP = re.compile(r"^[、和与及\s]+$")  # adjacent names (临沂市罗庄区) are one chain


@dataclass(slots=True, unsafe_hash=True)
class SentenceView:
    """One sentence with the top-level mentions inside it, in text order."""

    sentence: Sentence
    mentions: tuple[Mention, ...]


def sentence_views(rec: RecognizedDocument) -> list[SentenceView]:
    views: list[SentenceView] = []
    mentions = sorted(rec.mentions, key=lambda m: m.start)
    i = 0
    for sentence in rec.sentences:
        while i < len(mentions) and mentions[i].start < sentence.start:
            i += 1
        inside = []
        j = i
        while j < len(mentions) and mentions[j].end <= sentence.end:
            inside.append(mentions[j])
            j += 1
        views.append(SentenceView(sentence, tuple(inside)))
        i = j
    return views


def _evidence(text: str, start: int, end: int, sentence: Sentence) -> str:
    """The shortest clause-aligned piece of the sentence covering [start, end)."""
    s_text = sentence.text
    lo = max(0, start - sentence.start)
    hi = min(len(s_text), end - sentence.start)
    before = _UP_TO_LAST_CLAUSE_MARK.match(s_text, 0, lo)
    lo = before.end() if before else 0
    after = _CLAUSE_END.search(s_text, hi)
    hi = after.start() if after else len(s_text)
    return s_text[lo:hi].strip() or s_text


def _opening_mention(view: SentenceView, text: str) -> Mention | None:
    """The first mention that opens the sentence or one of its clauses (为加强…,党中央…)."""
    start = view.sentence.start
    ms = view.mentions
    for k, m in enumerate(ms):
        # what comes before it, but spaces, opening marks and 该 (该行业党委 refers to a
        # body named before): nothing, or a comma
        i = m.start
        while i > start and text[i - 1] in " \u3000“《该":
            i -= 1
        if i == start or text[i - 1] in "，,":
            # 贵州省遵义市汇川区高坪街道以…: a chain of places opens on its last place
            while (
                m.type == "PLACE"
                and k + 1 < len(ms)
                and ms[k + 1].type == "PLACE"
                and ms[k + 1].start == m.end
            ):
                k += 1
                m = ms[k]
            return m
    return None


def topic_place(view: SentenceView, text: str) -> Mention | None:
    """The place or body a sentence opens on with 在 before its first comma (在安顺市西秀区，…):
    what the sentence then says is done, without naming who does it, is done there."""
    start = view.sentence.start
    if text[start : start + 1] != "在":
        return None
    pos, last = start + 1, None
    for m in view.mentions:
        if m.start < pos:
            continue  # a name inside the last one (西秀区 of 安顺市西秀区)
        if m.start != pos or m.type not in {"ORG", "PLACE"}:
            break
        pos, last = m.end, m
    return last if last is not None and text[pos : pos + 1] in "，," else None


# 该村, 该区, 全区: "this village/district", "the whole district" opening the sentence or a
# clause
_THIS_AREA = re.compile(
    r"(?:^|[，,；;])(?:目前|如今|近年来|今年|去年|下一步|\d{4}年)?[，,]?"
    r"(?:[该全](街道|社区|村|镇|乡|区|县|市|省)|(村|社区|镇|乡|县|区|市)里"
    # 街道牵头成立X: the street named before acts, where a verb follows the bare level word
    r"|(街道|社区|镇|乡|园区|开发区|新区)(?=牵头|联合|成立|组建|建立|设立|推行|开展|实施|探索|打造"
    r"|出台|制定|坚持|依托|通过|还|先后|已|将|共|累计|积极|创新|率先))"
)


_CLAUSE_MARK = re.compile(r"[，,；;]")
# 全区将深化X，实施Y: the area is the subject of the clauses after it too
# 全市各级党组织深入实施X，推行Y: the whole area's bodies are the subject of the clauses after
_AREA_ACTS = ("将", "要", "还将", "也将", "继续", "各级", "上下")
# 社区 is no 区 (district), 小镇 no 镇
_NOT_LEVEL = {"区": ("社区", "小区", "园区", "景区", "街区", "片区", "商务区"), "镇": ("小镇",)}


def resumed_area(
    rec: RecognizedDocument,
    view: SentenceView,
    text: str,
    pos: int,
    after: int | None = None,
    actor: str | None = None,
) -> str | None:
    """The place 该村/该区/全区 … before ``pos`` in the sentence (and after ``after``) resumes:
    the last place before it in the document whose name ends with that level (小朱湾村 …
    该村通过…). With none named, "" where ``actor`` is of another level (全县 in a
    province's document: a county the document does not name acts), else None."""
    start = view.sentence.start if after is None else max(view.sentence.start, after)
    openings = list(_THIS_AREA.finditer(text[start:pos]))
    if not openings:
        return None
    this = openings[-1]
    group = next(g for g in (1, 2, 3) if this.group(g))  # 该区 / 村里 / 街道牵头
    level, at = this.group(group), start + this.start(group)
    if (
        text[at - 1] == "全"
        and not text.startswith(_AREA_ACTS, at + len(level))
        and _CLAUSE_MARK.search(text, at, pos)
    ):
        return None  # 全区…实现全覆盖，深入推进X: 全区 names the whole area in its clause only
    if text[at - 1] == "全" and level in "省市":
        # 江山市委组织部负责人表示，全市…: the city the sentence has named before is meant
        in_sentence = [
            m
            for m in (*view.mentions, *(n.mention for n in rec.nested))
            if m.type == "PLACE"
            and view.sentence.start <= m.start
            and m.end <= at
            and m.text.endswith(level)
        ]
        if in_sentence:
            return max(in_sentence, key=lambda m: m.end).text
        whole = _whole_division(rec, DIVISION_LEVEL[level], at)
        if whole is not None:
            return whole
    best: Mention | None = None
    for m in (*rec.mentions, *(n.mention for n in rec.nested)):  # 锦江区 of 锦江区委组织部 too
        if (
            m.type == "PLACE"
            and m.end <= at
            and m.text.endswith(level)
            and not m.text.endswith(_NOT_LEVEL.get(level, ()))
            and len(m.text) > len(level)
            and (best is None or m.end > best.end)
        ):
            best = m
    if best is not None:
        return _own_committee(rec, best.text, at) if group == 3 else best.text
    return "" if of_another_level(actor, level) else None


# the gazetteer's rank of the division a level word speaks of (全市: a prefecture)
DIVISION_LEVEL = {"省": "province", "市": "city", "区": "county", "县": "county"}


def _whole_division(rec: RecognizedDocument, level: str, before: int) -> str | None:
    """全市 in a piece on 衢州 that also names 江山市 (a county-level city): the division of
    that rank the document names most before ``before`` (the first, on a tie), whatever its
    name ends with (广东 for 全省)."""
    gazetteer = Gazetteer.load()
    counts: dict[str, int] = {}
    for m in sorted(rec.mentions, key=lambda m: m.start):
        if m.type != "PLACE" or m.end > before:
            continue
        divisions = gazetteer.lookup(m.text)
        if divisions and divisions[0].level == level:
            counts[m.text] = counts.get(m.text, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _own_committee(rec: RecognizedDocument, place: str, before: int) -> str:
    """街道先后成立了X where the document has named 玉林街道党工委: the street's committee."""
    names = (f"{place}党工委", f"{place}党委")
    own = [
        m.text
        for m in rec.mentions
        if m.type == "ORG" and m.end <= before and m.text.endswith(names)
    ]
    return own[-1] if own else place


def of_another_level(name: str | None, level: str) -> bool:
    """Whether ``name`` says it is of another administrative level than ``level`` (中共湖南省委
    and 市), by its last level character; a name that says none (浙江) is of any."""
    own = next((c for c in reversed(name or "") if c in LEVEL_CHARS), level)
    return level in LEVEL_CHARS and own != level
