"""Who acts: the document's implied actor and the subject a paragraph carries on."""

from __future__ import annotations

import re
from collections import Counter

from kg.gazetteer import Gazetteer
from kg.records import RecognizedDocument
from kg.relate.common import ACTOR_TYPES, DIVISION_LEVEL, SentenceView, _opening_mention

MEETING_SAYS = re.compile(r"\s*(?:会议|大会)(?:指出|强调|要求|提出|认为|号召|明确)")


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
    this actor's (the guidelines' implied actors). A piece headed by an organization's
    name (中建六局华南分公司：…, 某某大学：…) is that organization's.
    """
    headed = _headline_organization(rec) or _profiled_organization(rec) or _headline_town(rec)
    if headed is not None:
        return headed
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
    ranked = _of_headline_level(rec, places, gazetteer)
    if ranked:
        places = ranked
    if places:
        # the same division under two names (蓬江区 / 蓬江) counts once, under the full name
        codes: Counter[str] = Counter()
        for name, count in places.items():
            codes[code_of[name]] += count
        best = codes.most_common(1)[0][0]
        tied = [code for code in codes if codes[code] == codes[best]]
        if len(tied) > 1:
            best = _chain_end(rec, tied, code_of, best)
        names = [n for n in places if code_of[n] == best]
        # the division's full name (白云区) over a short form mentioned more (白云新城's 白云)
        full = [n for n in names if any(d.name == n for d in gazetteer.lookup(n))]
        place = max(full or names, key=lambda n: (places[n], len(n)))
        return (
            _organ_of_place(rec, place, codes[best])
            or _town_of(mentioned, codes[best])
            or (_dominant_organization(rec) if places[place] == 1 else None)
            or place
        )
    counts = Counter(m.text for m in rec.mentions if m.type in ACTOR_TYPES)
    return counts.most_common(1)[0][0] if counts else None


def _chain_end(
    rec: RecognizedDocument, tied: list[str], code_of: dict[str, str], first: str
) -> str:
    """Of divisions mentioned equally often, drop those only ever written as the head of a
    chain naming another of them (温州市 of 温州市鹿城区纪委监委: 鹿城区 acts); else the
    first."""
    places = sorted(
        (m for m in (*rec.mentions, *(n.mention for n in rec.nested)) if m.type == "PLACE"),
        key=lambda m: m.start,
    )
    # 贵州 inside 贵州省: the short form read inside the full name is no mention of its own
    longest = {m.start: m.end for m in places}
    for m in places:
        longest[m.start] = max(longest[m.start], m.end)
    places = [m for m in places if m.end == longest[m.start]]
    starts = {m.start: code_of.get(m.text) for m in places}
    heads_only = {
        code
        for code in tied
        if all(
            starts.get(m.end) in tied and starts.get(m.end) != code
            for m in places
            if code_of.get(m.text) == code
        )
    }
    rest = [code for code in tied if code not in heads_only]
    return rest[0] if len(rest) == 1 else first


_HEADLINE_LEVEL = re.compile(r"[全我本](省|市|区|县)")
_HEADLINE_CHARS = 40


def _first_line(text: str) -> tuple[int, int]:
    """Where the document's first line (its headline, if it has one) starts and ends."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _of_headline_level(
    rec: RecognizedDocument, places: Counter[str], gazetteer: Gazetteer
) -> Counter[str]:
    """全市基层党建工作推进会召开, 我市3个党组织获评…: a headline speaking of the whole
    city (province, district, county) makes the divisions of that rank the candidates (衢州,
    not 柯城区 named more often in the report of the meeting)."""
    text = rec.source.text
    start, end = _first_line(text)
    if end == len(text) or end - start > _HEADLINE_CHARS:
        return Counter()  # no headline line: a paragraph speaks of 全省 in passing
    m = _HEADLINE_LEVEL.search(text, start, end)
    if m is None:
        return Counter()
    level = m.group(1)
    return Counter(
        {
            name: count
            for name, count in places.items()
            if gazetteer.lookup(name)[0].level == DIVISION_LEVEL[level]
            and (level in "省市" or name.endswith(level))
        }
    )


_LINE_AGENCY = ("局", "厅")
_HEADLINE_COLONS = ("：", ":")
# a place's Party committee, its departments and government speak for the place
_PLACE_ORGAN_ENDS = ("委", "部", "政府", "办", "党工委")


def _headline_organization(rec: RecognizedDocument) -> str | None:
    """The organization whose name opens the headline before a colon, where it is not one
    of a place's own organs (白云区委组织部：… leaves the place the actor)."""
    text = rec.source.text
    start, line_end = _first_line(text)
    for mention in rec.mentions:
        if (
            mention.start == start
            and mention.type == "ORG"
            and text[mention.end : line_end].lstrip().startswith(_HEADLINE_COLONS)
            and not mention.text.endswith(_PLACE_ORGAN_ENDS)
        ):
            return mention.text
    return None


_PROFILE = re.compile(r"(?:——|—|－|：|:)\s*(?:记|走近|探访)")
_SUBTITLE = re.compile(r"(?m)^[ \u3000]*(?:——|—|－)[ \u3000]*(?:记|走近|探访)")


def _profiled_organization(rec: RecognizedDocument) -> str | None:
    """A profile headed ——记X (网格里的“红色管家”——记甲社区党委, or a subtitle line
    ——记甲村党支部书记乙 under the headline): the organization X it profiles acts in it."""
    text = rec.source.text
    start, line_end = _first_line(text)
    profile = _PROFILE.search(text, start, line_end) or _SUBTITLE.search(
        text, start, start + _HEADLINE_CHARS * 4
    )
    if profile is None:
        return _profiled_person_body(rec, start, line_end)
    return next(
        (m.text for m in rec.mentions if m.start == profile.end() and m.type == "ORG"), None
    )


# 甲是乙卫生院副院长, 作为乙公司技术中心总监的甲: the profiled person introduced with a body
_INTRODUCED_AS = re.compile(r"(?:是|系|现任|担任|作为)$")


def _profiled_person_body(rec: RecognizedDocument, start: int, line_end: int) -> str | None:
    """A profile headed by its person (李秀英：大山里的“白衣天使”) whose first lines introduce
    them with their body (李秀英是西江镇卫生院副院长): the body acts in it."""
    text = rec.source.text
    people = sorted((m for m in rec.mentions if m.type == "PERSON"), key=lambda m: m.start)
    if not people or people[0].start != start or not text.startswith(("：", ":"), people[0].end):
        return None
    name = people[0].text
    window = text[line_end : line_end + _HEADLINE_CHARS * 5]
    places_ending = {m.end: m.start for m in rec.mentions if m.type == "PLACE"}
    for org in sorted((m for m in rec.mentions if m.type == "ORG"), key=lambda m: m.start):
        if org.start < line_end or org.start >= line_end + len(window):
            continue
        # 甲是宁夏回族自治区|银川市…社区党委书记: the places written before the body's name
        opening = org.start
        while (place := places_ending.get(opening)) is not None and place >= line_end:
            opening = place
        before = text[max(line_end, opening - 3) : opening]
        if _INTRODUCED_AS.search(before) and name in text[line_end:opening]:
            return org.text
    return None


_TOWN = ("街道", "镇", "乡")
_LOCAL = (*_TOWN, "村", "社区")


def _headline_town(rec: RecognizedDocument) -> str | None:
    """A piece headed by a place chain that ends in a street, town, village or community
    (成都市武侯区玉林街道“大工委”聚合力) is that place's, where the body names it again (on
    its own or in a body's name)."""
    pos, _ = _first_line(rec.source.text)
    places = sorted((m for m in rec.mentions if m.type == "PLACE"), key=lambda m: m.start)
    last = None
    for m in places:
        if m.start != pos:
            if m.start > pos:
                break
            continue
        last, pos = m, m.end
    if last is None or not last.text.endswith(_LOCAL):
        return None
    # named again, on its own or inside a body's name (北山街道党工委 signing the review)
    named = (*rec.mentions, *(n.mention for n in rec.nested))
    again = any(m.text == last.text and m.start > last.end for m in named)
    return last.text if again else None


def _town_of(mentioned: Counter[str], division_count: int) -> str | None:
    """A piece on one street or town (红旗街道 three times, its city and district once
    each): the town the division table does not hold, mentioned more than any division."""
    towns = [(count, name) for name, count in mentioned.items() if name.endswith(_LOCAL)]
    if not towns:
        return None
    count, name = max(towns)
    return name if count > division_count else None


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


def _dominant_organization(rec: RecognizedDocument) -> str | None:
    """A piece on one body where every place is named once (a hospital's Party committee
    named three times, 成都市 once in passing): the body, named at least three times under
    its name or its shorter forms (医院党委, 华西医院党委), acts."""
    orgs = [m.text for m in rec.mentions if m.type == "ORG"]
    counts = Counter(
        {organ: sum(1 for o in orgs if len(o) >= 3 and organ.endswith(o)) for organ in set(orgs)}
    )
    if not counts:
        return None
    (organ, count), *rest = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0])))
    if count < 3 or (rest and rest[0][1] == count and not organ.endswith(rest[0][0])):
        return None
    return organ
