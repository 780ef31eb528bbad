"""located_in and sub_organization_of read off long names and written place chains."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise

from kg.gazetteer import Gazetteer
from kg.lexicon import LEGAL_FORMS, SITUATED_WORDS, alternation, load_lexicon
from kg.records import Mention, RecognizedDocument, Relation, Sentence
from kg.relate.common import SentenceView, _evidence, sentence_views

_LEGAL_FORM = re.compile(alternation(LEGAL_FORMS))


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
            # 东风汽车集团|有限公司: a name and its legal form are one company, not two
            chain = [
                org
                for org, longer in zip(chain, [*chain[1:], None], strict=True)
                if longer is None or not _LEGAL_FORM.fullmatch(text, org.end, longer.end)
            ]
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
            for host in parts:  # 甲和乙联合党支部: the joint body of each
                if host.type == "ORG" and host.rule == "joint_host" and host.text != owner.text:
                    yield Relation(
                        owner.text, "sub_organization_of", host.text, evidence, sentence,
                        "joint_host",
                    )  # fmt: skip
            for org in chain:
                inner = _most_specific([p for p in places if p.end <= org.end])
                if inner is not None and inner.text != org.text:
                    yield Relation(
                        org.text, "located_in", inner.text, evidence, sentence, "place_prefix"
                    )
        elif (
            owner.type == "PLACE"
            and places
            and places[-1].end < owner.end
            and not _short_form_of(places[-1], owner)
        ):
            yield Relation(
                owner.text, "located_in", places[-1].text, evidence, sentence, "place_prefix"
            )
    # the place a name opens (王上村 of 王上村党支部), by the name's span
    leading_places = {
        (n.owner.start, n.owner.end): n.mention
        for n in rec.nested
        if n.mention.type == "PLACE" and n.mention.start == n.owner.start
    }
    for view in views if views is not None else sentence_views(rec):
        runs: list[list[Mention]] = []
        for m in view.mentions:
            if m.type == "PLACE" and runs and runs[-1] and runs[-1][-1].end == m.start:
                runs[-1].append(m)
            else:
                runs.append([m] if m.type == "PLACE" else [])
        runs = [run for run in runs if run]
        for run in runs:
            # 湖南省|湘西土家族苗族自治州花垣县…党支部, 萧山区|信息港小镇党群服务中心: the chain
            # goes on into the name after it, by the place that opens that name
            opened = next(
                (
                    leading_places[(m.start, m.end)]
                    for m in view.mentions
                    if m.start == run[-1].end and (m.start, m.end) in leading_places
                ),
                None,
            )
            if opened is not None:
                run = [*run, opened]
            last = run[-1]
            inner = leading_places.get((last.start, last.end))
            if (
                len(run) > 1
                and inner is not None
                and last.text.endswith(_SITE_KINDS)
                and not _short_form_of(inner, last)
            ):
                run = [*run[:-1], inner]  # (钦州港 is a port of its own, in 广西)
            if len(run) > 1:
                yield from _chain(
                    run, view.sentence, _evidence(text, run[0].start, run[-1].end, view.sentence)
                )
        yield from _chains_apart(runs, text, view.sentence)
        yield from _governed(view, text, leading_places)
        yield from _stated_place_of(view, text)
        yield from _situated(view, runs, text)
        yield from _set_up_at(view, runs, text)


def _situated(
    view: SentenceView, runs: Sequence[Sequence[Mention]], text: str
) -> Iterator[Relation]:
    """十八洞村位于(地处)湖南省…花垣县双龙镇: what is named before 位于 is in the chain's last
    place."""
    run_at = {run[0].start: run for run in runs}
    for m in view.mentions:
        situated = _SITUATED.match(text, m.end) if m.type in {"PLACE", "ORG"} else None
        if situated is None:
            continue
        run = run_at.get(situated.end())
        # 位于汉兴国际大厦三楼的X: the chain only locates what comes after it
        if (
            run is not None
            and run[-1].text != m.text
            and _CLAUSE_END.match(text, _PART_OF_AREA.match(text, run[-1].end).end())
        ):
            yield Relation(
                m.text,
                "located_in",
                run[-1].text,
                _evidence(text, m.start, run[-1].end, view.sentence),
                view.sentence,
                "located_at",
            )


@lru_cache(maxsize=1)
def _set_up_re() -> re.Pattern[str]:
    """The cue words of ``established`` (成立, 组建, 揭牌 …), after 正式 or 揭牌 at most,
    and whether the clause ends right after them."""
    cues = alternation(load_lexicon().relation_cues["established"])
    return re.compile(rf"(?:正式|揭牌)?{cues}了?(?=(?P<end>[，。；,;]|$))?")


def _set_up_at(
    view: SentenceView, runs: Sequence[Sequence[Mention]], text: str
) -> Iterator[Relation]:
    """在甲街道成立乙党委, 乙党委在甲街道揭牌成立: the body set up is in the place (the
    chain's last) where it was set up."""
    pairs = list(pairwise(view.mentions))
    following, preceding = dict(pairs), {after: before for before, after in pairs}
    for run in runs:
        first, last = run[0], run[-1]
        if text[first.start - 1 : first.start] != "在":
            continue
        set_up = _set_up_re().match(text, last.end)
        if set_up is None:
            continue
        if set_up.group("end") is not None:
            # 乙党委在甲街道揭牌成立: the body before 在
            body = preceding.get(first)
            if body is None or body.end != first.start - 1:
                continue
        else:
            body = following.get(last)
            if body is None or body.start != set_up.end():
                continue
        if body.type == "ORG":
            yield Relation(
                body.text,
                "located_in",
                last.text,
                _evidence(text, min(body.start, first.start - 1), max(body.end, set_up.end()),
                          view.sentence),
                view.sentence,
                f"cue:在…{set_up.group()}",
            )  # fmt: skip


def _governed(
    view: SentenceView, text: str, leading_places: dict[tuple[int, int], Mention]
) -> Iterator[Relation]:
    """五泉镇下辖的王上村(党支部): the village named after 下辖 is in the town before it; so
    is every place of a list after 辖 (瓯北街道辖江北村、江南村等12个村)."""
    mentions = view.mentions
    for i, (upper, after) in enumerate(pairwise(mentions)):
        if upper.type != "PLACE" or not _GOVERNED.fullmatch(text, upper.end, after.start):
            continue
        listed = [after]
        for prev, nxt in pairwise(mentions[i + 1 :]):
            if prev is not listed[-1] or not _LIST_MARK.fullmatch(text, prev.end, nxt.start):
                break
            listed.append(nxt)
        for one in listed:
            lower = one if one.type == "PLACE" else leading_places.get((one.start, one.end))
            if lower is not None and _lower_level(upper, lower):
                yield Relation(
                    lower.text,
                    "located_in",
                    upper.text,
                    _evidence(text, upper.start, one.end, view.sentence),
                    view.sentence,
                    "governed_by",
                )


def _stated_place_of(view: SentenceView, text: str) -> Iterator[Relation]:
    """桥头镇是永嘉县的工业重镇, 天荒坪镇隶属于安吉县, 天荒坪镇归安吉县管辖: the place is in
    the one after the copula; 安吉县的天荒坪镇: the place after 的 is in the one before."""
    places = [m for m in view.mentions if m.type == "PLACE"]
    for first, second in pairwise(places):
        gap = text[first.end : second.start]
        if (gap == "是" and _PLACE_OF.match(text, second.end)) or _BELONGS.fullmatch(gap):
            lower, upper, rule = first, second, f"stated:{gap}"
        elif gap == "的" and text[first.start - 1 : first.start] != "是":
            lower, upper, rule = second, first, "stated:的"  # (是X的Y: the copula's)
        else:
            continue
        if _lower_level(upper, lower):
            yield Relation(
                lower.text,
                "located_in",
                upper.text,
                _evidence(text, first.start, second.end, view.sentence),
                view.sentence,
                rule,
            )


_BELONGS = re.compile(r"隶属于?|属于|归")


# 是永嘉县的工业重镇, 是瓯北街道的一个村: a place of a kind the sentence names
_PLACE_OF = re.compile(
    r"的[\u4e00-\u9fff]{0,6}?(?:镇|乡|村|街道|社区|县|区|市)(?![\u4e00-\u9fff])"
)
_LOCATED_AT = re.compile(r"位于$")
_SITUATED = re.compile("|".join(SITUATED_WORDS))
_LIST_MARK = re.compile(r"[、和及与]")
_CLAUSE_END = re.compile(r"[，。；、,;（(]|$")
# 位于瓯北街道东部, 地处大凉山腹地: a part of the area named last is still in it
_PART_OF_AREA = re.compile(
    r"(?:[东西南北]{1,2}[部侧面]|中部|境内|腹地|城区|郊区|附近|一带|中心|核心区)?"
)
_GOVERNED = re.compile(r"(?:下辖|所辖|管辖|辖)的?")


def _chains_apart(
    runs: Sequence[Sequence[Mention]], text: str, sentence: Sentence
) -> Iterator[Relation]:
    """Place chains the text links without writing them together: 位于江苏南京市栖霞区的仙林街道
    (the place after 的 is in the chain before it), and 上海长宁区X街道、徐汇区Y街道 (the
    chain's top holds the next district of the list too)."""
    listed: Sequence[Mention] | None = None  # the chain whose top holds the list's members
    for first, second in pairwise(runs):
        gap = text[first[-1].end : second[0].start]
        if len(first) >= 2:
            listed = first
        if gap == "的" and _LOCATED_AT.search(text, max(0, first[0].start - 2), first[0].start):
            yield Relation(
                second[0].text,
                "located_in",
                first[-1].text,
                _evidence(text, first[0].start - 2, second[0].end, sentence),
                sentence,
                "located_at",
            )
        elif (
            listed is not None
            and _LIST_MARK.fullmatch(gap)
            and _same_level(listed[1], second[0])
            and _may_hold(listed[0], second[0])
        ):
            yield Relation(
                second[0].text,
                "located_in",
                listed[0].text,
                _evidence(text, listed[0].start, second[0].end, sentence),
                sentence,
                "place_list",
            )
        else:
            listed = None


_TOWN_LEVEL = ("街道", "镇", "乡")


def _same_level(a: Mention, b: Mention) -> bool:
    """Two districts, or two towns the division table does not hold (蒋王街道、汊河街道)."""
    gazetteer = Gazetteer.load()
    la, lb = gazetteer.lookup(a.text), gazetteer.lookup(b.text)
    if la or lb:
        return bool(la and lb) and la[0].level == lb[0].level
    return a.text.endswith(_TOWN_LEVEL) and b.text.endswith(_TOWN_LEVEL)


def _may_hold(upper: Mention, lower: Mention) -> bool:
    """The division table allows ``lower`` inside ``upper`` (广州市天河区、朝阳区: 朝阳区 is
    Beijing's or Changchun's, not Guangzhou's)."""
    gazetteer = Gazetteer.load()
    lowers = gazetteer.lookup(lower.text)
    if not lowers:
        return bool(gazetteer.lookup(upper.text))  # a town sits below any county
    tops = {d.code for d in gazetteer.lookup(upper.text)}
    return any(tops & {a.code for a in gazetteer.ancestors(d)} for d in lowers)


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


# the kinds of a venue or a station, named after the place it serves
_SITE_KINDS = ("中心", "站", "驿站", "基地", "阵地", "之家", "广场", "馆")


def _short_form_of(inner: Mention, place: Mention) -> bool:
    """吉林 opening 吉林省 is the province's own short name (though 吉林 is a city too)."""
    return inner.start == place.start and any(
        d.name == place.text for d in Gazetteer.load().lookup(inner.text)
    )


def _lower_level(upper: Mention, lower: Mention) -> bool:
    """中山佛山云浮 is a list of cities, not a chain: a division must sit below the one
    before it; a place the gazetteer does not know (a town, a village) sits below any."""
    if lower.rule == "region":
        return False  # 二七区的华中食品城: a region of the country sits in no division
    gazetteer = Gazetteer.load()
    up, low = gazetteer.lookup(upper.text), gazetteer.lookup(lower.text)
    if not low:
        return True
    if not up:
        return False
    return _LEVEL_RANK[low[0].level] > _LEVEL_RANK[up[0].level]


def _most_specific(places: Sequence[Mention]) -> Mention | None:
    """The last place of a name's places, unless one follows another it does not sit below
    (昆明衡水中学: a school in 昆明 named after 衡水): then the one before it."""
    if not places:
        return None
    current = places[0]
    for place in places[1:]:
        if place.start == current.end and not _lower_level(current, place):
            break
        current = place
    return current


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
