"""Relate stage: relations of the closed set between entity mentions.

Plain functions in the textacy style, each taking the recognized document and yielding
:class:`~kg.records.Relation` records with surface names (the resolve stage maps them to
canonical names):

* :func:`nesting_relations`: located_in and sub_organization_of read off long names
  (天河区委组织部 → 天河区委 → 天河区) and off written place chains (清远英德市连江口镇);
* :func:`post_relations`: holds_post from ``ORG + post + PERSON`` (石马村党支部书记马景刚)
  and bylines;
* :func:`cue_relations`: the other relations from cue words of ``extract/relation_cues.tsv``
  standing between two entities of the right types within one sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon, alternation, load_lexicon
from kg.records import Mention, RecognizedDocument, Relation, Sentence

ACTOR_TYPES = frozenset({"ORG", "PLACE"})
# kind-only bodies inside an organization, written before their post in a list of posts
# (党委副书记、纪委书记、工会主席; 区委常委、组织部部长): the posts are held in the organization
INNER_BODIES = "纪委|纪工委|监委|工会|团委|妇联|居委会|村委会|组织部|宣传部|统战部|政法委|办公室"
_INNER_BODY = re.compile(f"[、兼](?:{INNER_BODIES})")
_MARKS = re.compile(r"[“”‘’《》〈〉「」]")
_CLAUSE_MARKS = "，,；;：:。！？!?"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
# everything up to the last clause mark (one backward scan instead of one per mark)
_UP_TO_LAST_CLAUSE_MARK = re.compile(f"(?s:.*)[{_CLAUSE_MARKS}]")
_LIST_GAP = re.compile(r"^[、和与及\s]*$")
_ELECTED = re.compile(r"当选为|当选|担任|出任|兼任")
_BYLINE_OUTLET = re.compile(r"(?:来源|稿件来源|供稿)[:：]\s*(\S{2,20})")


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


def nesting_relations(
    rec: RecognizedDocument, views: list[SentenceView] | None = None
) -> Iterator[Relation]:
    """located_in / sub_organization_of from names inside long names and place chains."""
    text = rec.source.text
    by_owner: dict[tuple[int, int], list[Mention]] = {}
    owners: dict[tuple[int, int], Mention] = {}
    for nested in rec.nested:
        key = (nested.owner.start, nested.owner.end)
        by_owner.setdefault(key, []).append(nested.mention)
        owners[key] = nested.owner
    for key, parts in by_owner.items():
        owner = owners[key]
        sentence = rec.sentence_at(owner.start)
        evidence = _evidence(text, owner.start, owner.end, sentence)
        places = _outermost(p for p in parts if p.type == "PLACE")
        orgs = sorted(
            (p for p in parts if p.type == "ORG" and p.start == owner.start), key=lambda m: m.end
        )
        yield from _chain(places, sentence, evidence)
        if owner.type == "ORG":
            chain = [*orgs, owner]
            for child, parent in zip(chain[1:], chain[:-1], strict=True):
                if child.text != parent.text:
                    yield Relation(
                        child.text,
                        "sub_organization_of",
                        parent.text,
                        evidence,
                        sentence,
                        "nested_name",
                    )
            for org in chain:
                inner = [p for p in places if p.end <= org.end]
                if inner and inner[-1].text != org.text:
                    yield Relation(
                        org.text, "located_in", inner[-1].text, evidence, sentence, "place_prefix"
                    )
        elif owner.type == "PLACE" and places and places[-1].end < owner.end:
            yield Relation(
                owner.text, "located_in", places[-1].text, evidence, sentence, "place_prefix"
            )
    for view in views if views is not None else sentence_views(rec):
        run: list[Mention] = []
        for m in view.mentions:
            if m.type == "PLACE" and run and run[-1].end == m.start:
                run.append(m)
                continue
            if len(run) > 1:
                yield from _chain(
                    run, view.sentence, _evidence(text, run[0].start, run[-1].end, view.sentence)
                )
            run = [m] if m.type == "PLACE" else []
        if len(run) > 1:
            yield from _chain(
                run, view.sentence, _evidence(text, run[0].start, run[-1].end, view.sentence)
            )


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


def _lower_level(upper: Mention, lower: Mention) -> bool:
    """中山佛山云浮 is a list of cities, not a chain: a division must sit below the one
    before it; a place the gazetteer does not know (a town, a village) sits below any."""
    gazetteer = Gazetteer.load()
    up, low = gazetteer.lookup(upper.text), gazetteer.lookup(lower.text)
    if not low:
        return True
    if not up:
        return False
    return _LEVEL_RANK[low[0].level] > _LEVEL_RANK[up[0].level]


def _outermost(places: Iterable[Mention]) -> list[Mention]:
    """Places not inside a longer place (蓬江 inside 蓬江区 is the same name), by position."""
    ordered = sorted(places, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in ordered:
        if out and m.end <= out[-1].end:
            continue
        out.append(m)
    return out


def _chain(places: Sequence[Mention], sentence: Sentence, evidence: str) -> Iterator[Relation]:
    for upper, lower in pairwise(places):
        if upper.end == lower.start and upper.text != lower.text and _lower_level(upper, lower):
            yield Relation(lower.text, "located_in", upper.text, evidence, sentence, "place_chain")


def post_relations(
    rec: RecognizedDocument,
    views: list[SentenceView] | None = None,
    lexicon: Lexicon | None = None,
) -> Iterator[Relation]:
    """holds_post: ``ORG post PERSON``, lists of posts, and bylines with a source line."""
    post_re = post_pattern(lexicon)
    text = rec.source.text
    outlet = _BYLINE_OUTLET.search(text)
    outlet_name = outlet.group(1) if outlet else None
    last_person: Mention | None = None
    for view in views if views is not None else sentence_views(rec):
        ms = view.mentions
        persons_here = [m for m in ms if m.type == "PERSON"]
        for idx, person in enumerate(ms):
            if person.type != "PERSON":
                continue
            # walk left over "ORG post、ORG post" and byline gaps
            pos = person.start
            j = idx - 1
            found_any = False
            while True:
                gap_start = ms[j].end if j >= 0 else view.sentence.start
                gap = text[gap_start:pos]
                m = _post_at_end(post_re, gap)
                if m is None:
                    break
                post, post_start = m
                head_gap = text[gap_start : gap_start + post_start].strip(" \u3000")
                if head_gap and _post_list_prefix(post_re).fullmatch(head_gap):
                    # 党委副书记、常务副书记: every post of the list is held there; with an inner
                    # body (区委常委、组织部部长) the first post is the organization's own
                    post = gap.strip(" \u3000:：")
                    if _INNER_BODY.search(head_gap):
                        post = re.split(r"[、兼]", post, maxsplit=1)[0]
                    head_gap = ""
                if j >= 0 and ms[j].type == "ORG" and head_gap == "":
                    yield Relation(
                        person.text,
                        "holds_post",
                        ms[j].text,
                        _evidence(text, ms[j].start, person.end, view.sentence),
                        view.sentence,
                        "org_post_person",
                        post,
                    )
                    found_any = True
                    pos = ms[j].start
                    j -= 1
                    if pos > view.sentence.start and text[pos - 1] == "、":
                        pos -= 1
                        continue
                    break
                if (j < 0 or ms[j].type != "ORG") and outlet_name and post in {"编辑", "责任编辑"}:
                    yield Relation(
                        person.text,
                        "holds_post",
                        outlet_name,
                        view.sentence.text,
                        view.sentence,
                        "byline_source",
                        post,
                    )
                break
            # a byline: "记者欧阳成 香金群" — later names share the first one's post and outlet
            if not found_any and idx > 0 and ms[idx - 1].type == "PERSON":
                gap = text[ms[idx - 1].end : person.start]
                if gap.strip(" \u3000、") == "":
                    for rel in list(_last_post(rec, view, ms[idx - 1], post_re)):
                        yield Relation(
                            person.text,
                            "holds_post",
                            rel[0],
                            view.sentence.text,
                            view.sentence,
                            "byline_list",
                            rel[1],
                        )
        # 当选为 ORG 书记 with the person in an earlier sentence
        if not persons_here and last_person is not None and _ELECTED.search(view.sentence.text):
            for k, m in enumerate(ms):
                if m.type != "ORG":
                    continue
                nxt = ms[k + 1].start if k + 1 < len(ms) else view.sentence.end
                after = text[m.end : nxt]
                pm = post_re.match(after)
                if pm:
                    yield Relation(
                        last_person.text,
                        "holds_post",
                        m.text,
                        _evidence(text, m.start, m.end + pm.end(), view.sentence),
                        view.sentence,
                        "elected_as",
                        pm.group(),
                    )
        if persons_here:
            last_person = persons_here[-1]


def post_pattern(lexicon: Lexicon | None = None) -> re.Pattern[str]:
    """Any post word of the lexicon (书记, 主任 …; not titles such as 同志), longest first."""
    lexicon = lexicon or load_lexicon()
    return _longest_first(frozenset(p for p, kind in lexicon.posts.items() if kind == "post"))


@lru_cache(maxsize=4)
def _longest_first(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(alternation(words))


@lru_cache(maxsize=4)
def _post_list_prefix(post_re: re.Pattern[str]) -> re.Pattern[str]:
    """What may stand between an organization and the last post of a list of posts."""
    return re.compile(
        rf"(?:(?:{INNER_BODIES})?(?:常务|专职|执行|高级)?(?:{post_re.pattern})(?:助理)?[、兼])+"
        rf"(?:{INNER_BODIES})?"
    )


def _post_at_end(post_re: re.Pattern[str], gap: str) -> tuple[str, int] | None:
    stripped = gap.rstrip(" \u3000:：")
    if stripped.endswith("助理"):  # 总经理助理
        stripped = stripped[:-2]
    for m in post_re.finditer(stripped):
        if m.end() == len(stripped):
            return m.group(), m.start()
    return None


def _last_post(
    rec: RecognizedDocument, view: SentenceView, person: Mention, post_re: re.Pattern[str]
) -> Iterator[tuple[str, str]]:
    ms = view.mentions
    idx = ms.index(person)
    text = rec.source.text
    if idx == 0:
        return
    org = ms[idx - 1]
    m = _post_at_end(post_re, text[org.end : person.start])
    if org.type == "ORG" and m and text[org.end : org.end + m[1]].strip() == "":
        yield org.text, m[0]


_PRONOUN = re.compile(r"[她他]")
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


class CueMatcher:
    """Relations from cue words between two entities in one clause or sentence."""

    MEASURE_AFTER = re.compile(r"[”’》]?的?(?:重点|重要|主要|核心)?(?:措施|内容|抓手|举措|载体)")
    LIST_CUE = re.compile(r"[”’》]?[，,]?\s*(?:即|包括|推出|分为|涵盖)[:：]?")
    POSSESSIVE_GAP = re.compile(r"[\u4e00-\u9fff]{0,6}[“‘《]?")
    GAP_VERB = re.compile(r"形成|成为|作为|列入|纳入|编入|获评|入选|被|是|为")
    PLAN_VERB = re.compile(r"(?:提出|坚持|明确|要求|强调|部署|特别注重|聚焦)")
    PAIR_GAP = re.compile(r"\s*[与和同跟、]\s*")
    AS_GAP = re.compile(r"作为.{0,6}")
    CUE_GAP = re.compile(r"[^，。；]{0,12}")
    ON_BASIS = re.compile(r"的?基础上")

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon or load_lexicon()
        self.cues = {
            rel: re.compile(alternation(words)) for rel, words in lexicon.relation_cues.items()
        }

    def __call__(
        self,
        rec: RecognizedDocument,
        actor: str | None,
        views: list[SentenceView] | None = None,
    ) -> Iterator[Relation]:
        text = rec.source.text
        honors = sorted(rec.honors, key=lambda m: m.start)
        last_person: Mention | None = None  # whom 她/他 refers to
        paragraph_actor: str | None = None
        last_end = 0
        for view in views if views is not None else sentence_views(rec):
            if "\n" in text[last_end : view.sentence.start]:
                paragraph_actor = None
            last_end = view.sentence.end
            types = {m.type for m in view.mentions}
            if "PROGRAM" in types:
                yield from self._implements(rec, view, _acting(paragraph_actor, actor))
                yield from self._part_of(view, text)
            if "ORG" in types:
                yield from self._established(view, text, actor)
                yield from self._paired(view, text)
                yield from self._manages(view, text)
            if types & {"ORG", "PERSON"} or _PRONOUN.search(
                text, view.sentence.start, view.sentence.end
            ):
                yield from self._awarded(view, text, honors, last_person)
            persons = [m for m in view.mentions if m.type == "PERSON"]
            if persons:
                last_person = persons[-1]
            paragraph_actor = _sentence_subject(view, text) or paragraph_actor

    def _cue_positions(
        self, relation: str, view: SentenceView, text: str
    ) -> Iterator[re.Match[str]]:
        """Cue words of ``relation`` inside the sentence (offsets in the document text)."""
        # only the few sentences holding the right entity types are searched; a cue inside
        # a name (实施 in 《实施方案》) is no cue
        mentions = view.mentions
        for cue in self.cues[relation].finditer(text, view.sentence.start, view.sentence.end):
            at = cue.start()
            for m in mentions:  # a loop, not any(): this runs for every cue word
                if m.start <= at < m.end:
                    break
            else:
                yield cue

    @staticmethod
    def _head_before(view: SentenceView, pos: int, types: set[str]) -> Mention | None:
        """Nearest mention of the right type before ``pos`` in the sentence."""
        best = None
        for m in view.mentions:
            if m.end <= pos and m.type in types:
                best = m
        return best

    @staticmethod
    def _list_after(view: SentenceView, text: str, pos: int, types: set[str]) -> list[Mention]:
        """Mentions of the right type after ``pos`` in the same clause, with list members."""
        clause_end = view.sentence.end
        m_end = _CLAUSE_END.search(text, pos, view.sentence.end)
        if m_end:
            clause_end = m_end.start()
        out = [
            m for m in view.mentions if pos <= m.start and m.end <= clause_end and m.type in types
        ]
        # 、-separated lists may cross a comma-free clause only
        return out

    @staticmethod
    def _list_before(view: SentenceView, text: str, head: Mention) -> list[Mention]:
        """``A、B和C`` ending at ``head``: every member of the list."""
        members = [head]
        ms = [m for m in view.mentions if m.end <= head.start]
        for m in reversed(ms):
            if m.type != head.type or not _LIST_GAP.match(text[m.end : members[-1].start]):
                break
            members.append(m)
        return list(reversed(members))

    def _implements(
        self, rec: RecognizedDocument, view: SentenceView, actor: str | None
    ) -> Iterator[Relation]:
        text = rec.source.text
        s = view.sentence
        done: set[str] = set()
        # 江门市委基层党建“十大专项行动”, 和记黄埔党委“六大全面融合”工作模式: a program
        # written right after its organization is that organization's
        ms = view.mentions
        for owner, program in pairwise(ms):
            if (
                owner.type in {"ORG", "PLACE"}
                and program.type == "PROGRAM"
                and program.text not in done
                and self.POSSESSIVE_GAP.fullmatch(text, owner.end, program.start)
                and not self.cues["implements"].search(text, owner.end, program.start)
                and not self.GAP_VERB.search(text, owner.end, program.start)
            ):
                done.add(program.text)
                yield Relation(
                    owner.text,
                    "implements",
                    program.text,
                    _evidence(text, owner.start, program.end, s),
                    s,
                    "possessive",
                )
        last_program = max((m.start for m in ms if m.type == "PROGRAM"), default=-1)
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
            heads = self._list_before(view, text, head) if head else []
            plan = None if heads else _plan_subject(view, text)
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
            names = [h.text for h in heads] or ([actor] if actor else [])
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

    def _established(self, view: SentenceView, text: str, actor: str | None) -> Iterator[Relation]:
        s = view.sentence
        for cue in self._cue_positions("established", view, text):
            pos = cue.end()
            tails = self._list_after(view, text, pos, {"ORG"})[:1]
            if not tails or tails[0].rule == "generic_ref":
                continue  # 成立社区党委: a new committee, not the one named before
            head = self._head_before(view, cue.start(), {"ORG", "PLACE"})
            name = head.text if head else actor
            if not name:
                continue
            for tail in self._list_before(view, text, tails[0])[-1:]:
                if tail.text != name:
                    yield Relation(
                        name,
                        "established",
                        tail.text,
                        _evidence(text, head.start if head else pos, tail.end, s),
                        s,
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
        for cue in self._cue_positions("awarded", view, text):
            cue_end = cue.end()
            titles = [(h.text, h.end) for h in honors if cue_end <= h.start <= cue_end + 3] or list(
                _unquoted_honors(text, cue_end, s.end)
            )
            if not titles:
                continue
            head = self._head_before(view, cue.start(), {"ORG", "PERSON"})
            if head is not None and text[max(s.start, head.start - 1) : head.start] == "被":
                # 她被怀化公安处评为…: the one after 被 gives the honor; the honored one
                # stands before 被
                head = self._head_before(view, head.start - 1, {"ORG", "PERSON"})
            heads = self._list_before(view, text, head) if head is not None else []
            if (
                not heads
                and last_person is not None
                and _PRONOUN.search(text, s.start, cue.start())
            ):
                heads = [last_person]  # 她被评为…: the person named last
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

    def _paired(self, view: SentenceView, text: str) -> Iterator[Relation]:
        """Every pair of a list of named organizations (A、B和C) in a sentence with a pairing
        cue (结对, 共建, 联建), before the cue (A与B结对共建) or after it (联建由A、B…发起)."""
        s = view.sentence
        orgs = [m for m in view.mentions if m.type == "ORG"]
        done: set[tuple[str, str]] = set()
        for cue in self._cue_positions("paired_with", view, text):
            cue_start = cue.start()
            before = [m for m in orgs if m.end <= cue_start]
            after = [m for m in orgs if m.start >= cue.end()]
            groups = [self._list_before(view, text, before[-1])] if before else []
            if after:
                groups.append(self._org_list(text, after))
            for members in groups:
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        if a.text == b.text or (a.text, b.text) in done:
                            continue
                        done.add((a.text, b.text))
                        yield Relation(
                            a.text,
                            "paired_with",
                            b.text,
                            _evidence(text, min(a.start, cue_start), max(b.end, cue.end()), s),
                            s,
                            f"cue:{cue.group()}",
                        )

    def _org_list(self, text: str, orgs: list[Mention]) -> list[Mention]:
        """``A、B和C`` starting with the first organization: every member of the list."""
        members = [orgs[0]]
        for m in orgs[1:]:
            if not self.PAIR_GAP.fullmatch(text[members[-1].end : m.start]):
                break
            members.append(m)
        return members

    def _part_of(self, view: SentenceView, text: str) -> Iterator[Relation]:
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

        for a, b in pairwise(programs):
            between = _MARKS.sub("", text[a.end : b.start])
            if self.AS_GAP.fullmatch(between) and self.MEASURE_AFTER.match(text, b.end):
                yield rel(a, b, "cue:作为")
            elif text[a.end : b.start] in ("“", "‘"):
                yield rel(b, a, "nested_program")  # 党史学习教育“六学”活动
        for i, whole in enumerate(programs):
            cue = self.LIST_CUE.match(text, whole.end)
            if cue is None:
                continue
            for part in programs[i + 1 :]:
                gap = text[cue.end() : part.start] if part is programs[i + 1] else None
                if gap is not None and not self.CUE_GAP.fullmatch(gap):
                    break
                yield rel(part, whole, f"cue:{cue.group().strip('，,：: ')}")
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
                self.ON_BASIS.match(text, a.end, a.end + 4)
                and text[max(s.start, a.start - 1) : a.start] == "在"
            ):
                head = next((p for p in programs if p.start > a.end), None)
                if head is not None:
                    yield rel(head, a, "cue:基础上")

    def _manages(self, view: SentenceView, text: str) -> Iterator[Relation]:
        s = view.sentence
        for cue in self._cue_positions("manages", view, text):
            cue_start = cue.start()
            cue_end = cue.end()
            head = self._head_before(view, cue_start, {"ORG"})
            if head is None:
                continue
            gap = text[head.end : cue_start]
            if text[max(s.start, head.start - 1) : head.start] == "由":
                tail = next(
                    (m for m in view.mentions if m.start >= cue_end and m.type == "ORG"), None
                )
            elif len(gap) <= 4:
                tail = next(
                    (
                        m
                        for m in view.mentions
                        if m.start >= cue_end
                        and m.type == "ORG"
                        and len(text[cue_end : m.start]) <= 6
                    ),
                    None,
                )
            else:
                tail = None
            if tail is not None and tail.text != head.text:
                yield Relation(
                    head.text,
                    "manages",
                    tail.text,
                    _evidence(text, head.start, tail.end, s),
                    s,
                    f"cue:{cue.group()}",
                )


_PLAN_STATES = re.compile(r"[”》]?(?:提出|明确|坚持|要求|强调|规定|部署)")


def _opening_mention(view: SentenceView, text: str) -> Mention | None:
    """The first mention that opens the sentence or one of its clauses (为加强…,党中央…)."""
    for m in view.mentions:
        before = text[view.sentence.start : m.start].rstrip(" \u3000“《")
        if not before or before[-1] in "，,":
            return m
    return None


def _plan_subject(view: SentenceView, text: str) -> Mention | None:
    """A plan opening the sentence, or its first clause with a name, with what it states
    (为加强…,《实施方案》提出…)."""
    m = _opening_mention(view, text)
    if m is not None and m.type == "PROGRAM" and _PLAN_STATES.match(text, m.end) is not None:
        return m
    return None


def _acting(paragraph_actor: str | None, actor: str | None) -> str | None:
    """The paragraph's subject acts, unless it is one of the document's place's own bodies
    (区直机关工委 in a district's review, 白云区委组织部): then the place does."""
    if paragraph_actor is None or actor is None:
        return paragraph_actor or actor
    own_body = actor in paragraph_actor or (
        actor[-1:] in "省市区县镇乡" and paragraph_actor[:1] == actor[-1:]
    )
    return actor if own_body else paragraph_actor


def _sentence_subject(view: SentenceView, text: str) -> str | None:
    """An organization or place that opens the sentence or its first clause with a name
    (为加强…,党中央作出…): later sentences of the paragraph with no actor of their own
    carry on its measures."""
    m = _opening_mention(view, text)
    if (
        m is not None
        and m.type in ACTOR_TYPES
        and m.rule != "generic_ref"
        and text[m.end : m.end + 1] != "的"
    ):
        return m.text
    return None


def implied_actor(rec: RecognizedDocument) -> str | None:
    """The document's main actor: the most mentioned administrative division, counting
    the divisions inside organization names (顺昌县 in 顺昌县委组织部); else the most
    mentioned organization.

    Measures listed with no subject (a city's plan, a district's annual review) are
    this actor's (the guidelines' implied actors).
    """
    gazetteer = Gazetteer.load()
    mentioned = Counter(
        m.text for m in (*rec.mentions, *(n.mention for n in rec.nested)) if m.type == "PLACE"
    )
    code_of = {}
    for name in mentioned:
        divisions = gazetteer.lookup(name)
        if divisions:
            code_of[name] = divisions[0].code
    places = Counter({name: count for name, count in mentioned.items() if name in code_of})
    if places:
        # the same division under two names (蓬江区 / 蓬江) counts once, under the full name
        codes: Counter[str] = Counter()
        for name, count in places.items():
            codes[code_of[name]] += count
        best = codes.most_common(1)[0][0]
        names = [n for n in places if code_of[n] == best]
        # the division's full name (白云区) over a short form mentioned more (白云新城's 白云)
        full = [n for n in names if any(d.name == n for d in gazetteer.lookup(n))]
        place = max(full or names, key=lambda n: (places[n], len(n)))
        return _organ_of_place(rec, place, codes[best]) or place
    counts = Counter(m.text for m in rec.mentions if m.type in ACTOR_TYPES)
    return counts.most_common(1)[0][0] if counts else None


_LINE_AGENCY = ("局", "厅")


def _organ_of_place(rec: RecognizedDocument, place: str, place_count: int) -> str | None:
    """An article about one of the place's line agencies (金华市民政局 in a piece on its
    work): the bureau named with the place, mentioned at least three times and half as
    often as the place itself, is the actor rather than the place. A Party committee or
    its departments (县委组织部) speak for the place and leave it the actor."""
    orgs = [m.text for m in rec.mentions if m.type == "ORG"]
    # 浙江省金华市民政局, 金华市民政局, 市民政局: one organ under its shorter forms
    counts = Counter(
        {
            organ: sum(1 for o in orgs if len(o) >= 3 and organ.endswith(o))
            for organ in set(orgs)
            if place in organ and organ.endswith(_LINE_AGENCY)
        }
    )
    if not counts:
        return None
    organ, count = max(counts.items(), key=lambda item: (item[1], len(item[0])))
    return organ if count >= 3 and 2 * count >= place_count else None


@lru_cache(maxsize=1)
def _cue_matcher() -> CueMatcher:
    return CueMatcher()


def relate(
    rec: RecognizedDocument, actor: str | None, views: list[SentenceView] | None = None
) -> list[Relation]:
    """All relations of one document, duplicates (same triple and sentence) removed."""
    views = views if views is not None else sentence_views(rec)
    seen: set[tuple[str, str, str, int]] = set()
    out: list[Relation] = []
    for rel in (
        *nesting_relations(rec, views),
        *post_relations(rec, views),
        *_cue_matcher()(rec, actor, views),
    ):
        key = (rel.head, rel.relation, rel.tail, rel.sentence.index)
        if rel.head == rel.tail or key in seen:
            continue
        seen.add(key)
        out.append(rel)
    return out
