"""holds_post: people and their posts (``ORG post PERSON``, lists of posts, bylines)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kg.lexicon import PARTY_BODY_END, Lexicon, alternation, load_lexicon
from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.appointments import (
    PARTY_POST,
    appointed,
    held_by,
    post_run_end,
    team_head,
    trailing_post,
    village_first_secretary,
)
from kg.relate.common import PARTY_COMMITTEE, SentenceView, _evidence, sentence_views

# kind-only bodies inside an organization, written before their post in a list of posts
# (党委副书记、纪委书记、工会主席; 区委常委、组织部部长): the posts are held in the organization
INNER_BODIES = (
    "纪委|纪工委|监委|工会|团委|妇联|居委会|村委会|组织部|宣传部|统战部|政法委|办公室|党校"
    "|组织人事部|党群工作部|党建工作部|人事部"  # 党工委委员、组织人事部部长
    "|[\u4e00-\u9fff]{0,2}科"  # 科室党支部书记、科主任, 部务委员、组织科科长: a section
    # the other bodies of a level (区委书记、区人大常委会主任)
    "|[省市区县州旗镇乡]?(?:人大常委会|人大|政协|人民政府|政府)"
)
_INNER_BODY = re.compile(f"[、兼](?:{INNER_BODIES})")
_INNER_BODY_ALONE = re.compile(f"(?:{INNER_BODIES})")
_ELECTED = re.compile(r"当选为|当选|选为|选举为|担任|出任|兼任")  # as _APPOINTED: 被推选为
_GOVERNMENT_HEAD = re.compile(r"(?:常务)?副?(?:省|市|区|县|州|盟|旗|镇|乡)长")
_LEVEL_COMMITTEE = re.compile(r"[省市区县州旗镇乡]委$")
_BYLINE_OUTLET = re.compile(r"(?:来源|稿件来源|供稿)[:：]\s*(\S{2,20})")
# the posts a source line's outlet holds (its correspondents, 通讯员, work elsewhere)
_OUTLET_POSTS = frozenset({"编辑", "责任编辑", "记者", "本报记者", "见习记者", "特约记者"})


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
    org_names = {m.text for m in rec.mentions if m.type == "ORG"}
    org_names.update(n.mention.text for n in rec.nested if n.mention.type == "ORG")
    if outlet_name not in org_names:
        outlet_name = None  # 来源：本站, 来源：网络: no outlet the piece names as a body
    for view in views if views is not None else sentence_views(rec):
        ms = view.mentions
        persons_here = [m for m in ms if m.type == "PERSON"]
        held: dict[int, Mention] = {}  # person index -> the organization of their post
        for idx, person in enumerate(ms):
            if person.type != "PERSON":
                continue
            continued = _continued_list(text, ms, idx, held, post_re, org_names)
            if continued is not None:
                org, post = continued
                held[idx] = org
                yield Relation(
                    person.text,
                    "holds_post",
                    org.text,
                    _evidence(text, org.start, person.end, view.sentence),
                    view.sentence,
                    "post_list_continued",
                    post,
                )
                continue
            # walk left over "ORG post、ORG post" and byline gaps
            pos = person.start
            j = idx - 1
            found_any = False
            inner_posts = ""
            while True:
                gap_start = ms[j].end if j >= 0 else view.sentence.start
                described = None if found_any else _KIND_OF_PERSON.search(text, gap_start, pos)
                if described is not None and _post_at_end(
                    post_re, text[gap_start : described.start()]
                ):
                    pos = described.start()  # X党支部书记、退休干部甲: who they are, no post
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
                        post, inner_posts = re.split(r"[、兼]", post, maxsplit=1)
                    head_gap = ""
                elif _UNNAMED_BODY_POST.fullmatch(head_gap):
                    # X党支部书记、街道社工站站长林某: the second post is in a body left
                    # unnamed; the first is held in X
                    first = _post_at_end(post_re, head_gap.split("、", 1)[0])
                    if first is not None and first[1] == 0:
                        post, head_gap = first[0], ""
                if j >= 0 and ms[j].type == "ORG" and head_gap == "":
                    if not inner_posts:
                        post, inner_posts = _party_posts_first(post, ms[j].text, org_names)
                    held.setdefault(idx, ms[j])
                    yield Relation(
                        person.text,
                        "holds_post",
                        ms[j].text,
                        _evidence(text, ms[j].start, person.end, view.sentence),
                        view.sentence,
                        "org_post_person",
                        post,
                    )
                    host = _named_host(ms[j].text, org_names)
                    # 县委常委、组织部部长: the post of an inner body the document names
                    # (岳阳县委组织部) is held there
                    yield from _inner_body_posts(person, ms[j], inner_posts, org_names, text, view)
                    if inner_posts and host is not None:
                        # X公司党委副书记、纪委书记、工会主席: the inner bodies' posts are the
                        # company's
                        yield Relation(
                            person.text,
                            "holds_post",
                            host,
                            _evidence(text, ms[j].start, person.end, view.sentence),
                            view.sentence,
                            "org_post_person",
                            inner_posts,
                        )
                    found_any = True
                    pos = ms[j].start
                    j -= 1
                    if pos > view.sentence.start and text[pos - 1] == "、":
                        pos -= 1
                        continue
                    break
                if (
                    outlet_name
                    and post in _OUTLET_POSTS
                    and (j < 0 or ms[j].type != "ORG" or ms[j].text == outlet_name)
                ):  # 来源：X日报 作者：记者 甲: the source line's outlet is the one named
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
        if persons_here:
            yield from village_first_secretary(text, view, org_names)
            yield from team_head(rec, view, text)
        if persons_here and any(m.type == "ORG" for m in ms):  # what each reading needs
            yield from appointed(text, view, post_re)
            yield from held_by(text, view, post_re)
            yield from _working_at(text, view)
            yield from _in_apposition(text, view, post_re, org_names)
            yield from _dateline_byline(text, view)
        # 当选为 ORG 书记 with the person in an earlier sentence
        if not persons_here and last_person is not None and _ELECTED.search(view.sentence.text):
            for k, m in enumerate(ms):
                if m.type != "ORG":
                    continue
                nxt = ms[k + 1].start if k + 1 < len(ms) else view.sentence.end
                after = text[m.end : nxt]
                pm = post_re.match(after)
                # 党支部书记由项目公司负责同志担任: who holds it is said after 由, no one here
                if pm and not text.startswith("由", m.end + pm.end()):
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


_TO_WORK_AT = re.compile(r"(?:到|在|赴|进入|来到)$")
_WORKING = re.compile(r"(?:任教|执教|从教|任职|就职|工作(?![中上会组队站室部者]))")
_TEACHING = frozenset({"任教", "执教", "从教"})


def _working_at(text: str, view: SentenceView) -> Iterator[Relation]:
    """王某被分配到X中学任教, 李某在X公司任职: a person's place of work in the sentence."""
    ms = view.mentions
    for k, org in enumerate(ms):
        if org.type != "ORG" or _TO_WORK_AT.search(text, max(0, org.start - 2), org.start) is None:
            continue
        work = _WORKING.match(text, org.end)
        person = next((m for m in reversed(ms[:k]) if m.type == "PERSON"), None)
        if work is None or person is None:
            continue
        if _CLAUSE_BREAK.search(text, person.end, org.start):
            continue  # the person of another clause
        # 在X中学任职历史老师: the post written after 任职, where there is one
        post = (
            "教师"
            if work.group() in _TEACHING
            else trailing_post(text, work.end(), view.sentence.end)
        )
        if not post:
            continue
        yield Relation(
            person.text,
            "holds_post",
            org.text,
            _evidence(text, person.start, work.end() + len(post), view.sentence),
            view.sentence,
            f"works_at:{work.group()}",
            post,
        )


_CLAUSE_BREAK = re.compile(r"[。；;！？]")
# 、退休干部, 、老党员: a kind of person written between a post and the name
_KIND_OF_PERSON = re.compile(
    r"、(?:退休|退役|返乡|老|优秀|青年|致富|驻村|大学生)?[\u4e00-\u9fff]{0,3}?"
    r"(?:干部|党员|教师|医生|村医|军人|民警|职工|大学生|能手|带头人|乡贤|代表"
    r"|研究生|博士生|硕士生|本科生|学生|农民|牧民|渔民)$"  # 支部书记、博士研究生刘某
)
_UNNAMED_BODY_POST = re.compile(r"[\u4e00-\u9fff]{1,8}、[\u4e00-\u9fff]{2,12}")


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


def _named_host(org: str, org_names: set[str]) -> str | None:
    """The body a Party body is named after (X公司 of X公司党委), where the document names it."""
    host = PARTY_BODY_END.sub("", org)
    if host == org or host in org_names:
        return host if host != org else None
    # 公司党委书记、董事长: the kind alone stands for the one body of that kind whose Party body
    # the document names (X有限公司 of X有限公司党委)
    party = org[len(host) :]
    named = [n for n in org_names if n.endswith(host) and n != host and n + party in org_names]
    return named[0] if len(named) == 1 else None


def _inner_body_posts(
    person: Mention, org: Mention, posts: str, org_names: set[str], text: str, view: SentenceView
) -> Iterator[Relation]:
    """区委常委、组织部部长: each post of an inner body (组织部) whose full name (the
    organization's and the inner body's: X区委组织部) the document names."""
    for part in re.split(r"[、兼]", posts) if posts else ():
        inner = _INNER_BODY_ALONE.match(part)
        if inner is None or inner.end() == len(part):
            continue
        # 县委 written for 岳阳县委: the one name the document gives the inner body
        full = org.text + inner.group()
        named = [n for n in org_names if n.endswith(full)]
        level = _LEVEL_COMMITTEE.search(org.text)
        if not named and level is not None and level.group() + inner.group() in org_names:
            # 阜平县委常委、组织部部长甲 where the piece writes the department 县委组织部 only
            named = [level.group() + inner.group()]
        if len(named) != 1:
            continue
        yield Relation(
            person.text,
            "holds_post",
            named[0],
            _evidence(text, org.start, person.end, view.sentence),
            view.sentence,
            "org_post_person",
            part[inner.end() :],
        )


def _party_posts_first(post: str, org: str, org_names: set[str]) -> tuple[str, str]:
    """X集团党委书记、董事长: the Party posts are the Party body's, the posts after them
    its host's (董事长 of X集团), where the host is named in the document."""
    parts = re.split(r"[、兼]", post)
    if len(parts) < 2:
        return post, ""
    if not PARTY_BODY_END.search(org):
        # 驻村工作队队长、第一书记: a first secretary's post is the village's, not the team's
        kept = [part for part in parts if part not in _VILLAGE_POSTS]
        if kept and len(kept) < len(parts):
            return "、".join(kept), ""
    host = _named_host(org, org_names)
    if host is None and not _LEVEL_COMMITTEE.search(org) and not PARTY_BODY_END.search(org):
        return post, ""
    k = next((i for i, part in enumerate(parts) if not PARTY_POST.fullmatch(part)), 0)
    if k == 0 or not all(not PARTY_POST.fullmatch(part) for part in parts[k:]):
        return post, ""
    if host is None:
        # 颍州区委副书记、区长, 学校党委书记、校长: the post of a body left unnamed (the
        # government, the school), not the committee's
        return "、".join(parts[:k]), ""
    return "、".join(parts[:k]), "、".join(parts[k:])


_VILLAGE_POSTS = frozenset({"第一书记", "驻村第一书记"})
_RETIRED_FROM = re.compile(r"(?:岗位|职位|任)上?(?:光荣)?(?:退休|退下来|离任|卸任)$")


def _post_at_end(post_re: re.Pattern[str], gap: str) -> tuple[str, int] | None:
    stripped = gap.rstrip(" \u3000:：")
    if stripped.endswith("的") and len(stripped) > 1:  # 作为X副主任的陈某
        stripped = stripped[:-1]
    retired = _RETIRED_FROM.search(stripped)
    if retired is not None:  # 从X局副局长岗位退休的陈某: the post is held there all the same
        stripped = stripped[: retired.start()]
    if stripped.endswith("助理"):  # 总经理助理
        stripped = stripped[:-2]
    for m in post_re.finditer(stripped):
        if m.end() == len(stripped):
            start = m.start()
            # 常务副区长, 专职副书记: the rank before the post is part of it
            for rank in _RANKS:
                if stripped.endswith(rank, 0, start):
                    start -= len(rank)
                    break
            return stripped[start:], start
    return None


_RANKS = ("常务", "专职", "执行")


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


def _continued_list(
    text: str,
    ms: tuple[Mention, ...] | list[Mention],
    idx: int,
    held: dict[int, Mention],
    post_re: re.Pattern[str],
    org_names: set[str],
) -> tuple[Mention, str] | None:
    """X公司党委书记甲、纪委书记乙: 乙 holds a post where 甲 does; a post of a body inside
    the organization (纪委, 工会) is held in the host of its Party committee (X公司)."""
    if idx == 0 or ms[idx - 1].type != "PERSON" or (idx - 1) not in held:
        return None
    gap = text[ms[idx - 1].end : ms[idx].start]
    if not gap.startswith(("、", "，", ",")):
        return None
    body = gap[1:].strip(" \u3000")
    m = _post_at_end(post_re, body)
    if m is None:
        return None
    prefix = body[: m[1]]
    inner = _INNER_BODY_ALONE.fullmatch(prefix) is not None
    if prefix and not inner:
        return None
    org = held[idx - 1]
    if _GOVERNMENT_HEAD.fullmatch(body) and (
        PARTY_COMMITTEE.search(org.text) or _LEVEL_COMMITTEE.search(org.text)
    ):
        return None  # 市委书记甲、市长乙: a mayor heads the government, not the committee
    # 党委书记甲、纪委书记乙 / 、院长乙: an inner body's post, or a post that is no Party post,
    # is held in the Party body's host
    host = _named_host(org.text, org_names)
    if host is not None and (inner or not PARTY_POST.fullmatch(body)):
        return Mention(org.start, org.start + len(host), host, "ORG"), body
    return org, body


_CLAUSE_CLOSE = frozenset("，,。；;")
_BRACKET_CLOSE = frozenset("）)")
# 李某，X书记; 李某 X书记 (a list); 李某（X书记）; 刘某（女）X书记
_APPOSITION_GAP = re.compile(r"[，,]|[ \u3000]+|[（(]|[（(][男女][）)][ \u3000]*")


def _in_apposition(
    text: str, view: SentenceView, post_re: re.Pattern[str], org_names: set[str]
) -> Iterator[Relation]:
    """李某，X村党支部书记，…: a post in apposition after the name (also 李某（X书记）, and
    李某 X书记 ending a line of a list); 作为X村党支部书记，李某…: a post the clause opens
    with, held by the person right after it. 王某（X公司党委书记、董事长）: the Party posts are
    the Party body's, the others its host's."""
    ms = view.mentions
    for k in range(len(ms) - 1):
        first, second = ms[k], ms[k + 1]
        if first.type == "PERSON" and second.type == "ORG":
            person, org = first, second
            gap = _APPOSITION_GAP.fullmatch(text, person.end, org.start)
            if gap is None:
                continue
        elif (
            first.type == "ORG"
            and second.type == "PERSON"
            and text[max(view.sentence.start, first.start - 2) : first.start] == "作为"
        ):
            org, person = first, second
        else:
            continue
        post = post_re.match(text, org.end)
        if post is None:
            continue
        run_end = post_run_end(text, post, post_re)  # 李某（X党委副书记、校长）: the posts run on
        after = text[run_end : run_end + 1]
        bracketed = org is second and gap is not None and gap.group() in ("（", "(")
        if not (
            (after in _BRACKET_CLOSE if bracketed else after in _CLAUSE_CLOSE)
            # 张立新 临沂市…党工委书记 (a list of names and posts): the line ends there
            or (org is second and gap is not None and not bracketed and after in ("\n", ""))
        ):
            continue
        if org is first and person.start != post.end() + 1:
            continue  # 作为…书记，李某: the person right after the comma
        evidence = _evidence(
            text, min(person.start, org.start), max(person.end, post.end()), view.sentence
        )
        held, host_posts = post.group(), ""
        if bracketed and run_end > post.end():
            held, host_posts = _party_posts_first(text[post.start() : run_end], org.text, org_names)
        yield Relation(
            person.text, "holds_post", org.text, evidence, view.sentence, "post_in_apposition",
            held,
        )  # fmt: skip
        host = _named_host(org.text, org_names) if host_posts else None
        if host is not None:
            yield Relation(
                person.text, "holds_post", host, evidence, view.sentence, "post_in_apposition",
                host_posts,
            )  # fmt: skip


# 新华社北京3月5日电（记者 张三 李四）: the reporters of a dateline hold posts at its outlet
_DATELINE = re.compile(
    r"\d{1,2}月\d{1,2}日(?:电|讯)\s*[（(](?:记者|本报记者|特约记者|通讯员)\s*([^（()）]{2,30})[）)]"
)


def _dateline_byline(text: str, view: SentenceView) -> Iterator[Relation]:
    ms = view.mentions
    for line in _DATELINE.finditer(text, view.sentence.start, view.sentence.end):
        outlet = next((m for m in reversed(ms) if m.type == "ORG" and m.end <= line.start()), None)
        if outlet is None or line.start() - outlet.end > 8:
            continue  # the outlet opens the dateline: 新华社 + 北京 + the date
        post = "通讯员" if "通讯员" in line.group(0)[: line.start(1) - line.start()] else "记者"
        for person in ms:
            if person.type == "PERSON" and line.start(1) <= person.start < line.end(1):
                yield Relation(
                    person.text,
                    "holds_post",
                    outlet.text,
                    text[outlet.start : line.end()],
                    view.sentence,
                    "dateline_byline",
                    post,
                )
