"""The quantities of a document: every count of a sentence with its measure and subject."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kg.gazetteer import Gazetteer
from kg.lexicon import LEVEL_PARTY_BODY_KINDS
from kg.quantities.cues import (
    counted_measure,
    noun_before_change_re,
    noun_before_re,
    scope_re,
)
from kg.quantities.numbers import (
    NUMBER,
    clean_value,
    not_a_count,
    number_with_unit,
    rules_by_unit,
    to_number,
    unit_pattern,
)
from kg.quantities.scan import numbers_by_sentence
from kg.quantities.subjects import (
    ATTENDED,
    CLAUSE_MARKS,
    COVERING,
    SUBORDINATES,
    VILLAGE_COLLECTIVE,
    DocumentNames,
    attended_event,
    just_set_up,
    not_just_set_up,
    owner_after,
    scope_subject,
    sentence_subject,
    title_person,
)
from kg.records import Mention, Quantity, RecognizedDocument
from kg.relate import SentenceView, sentence_views
from kg.relate.common import party_body_before


def extract_quantities(
    rec: RecognizedDocument, actor: str | None, views: list[SentenceView] | None = None
) -> Iterator[Quantity]:
    text = rec.source.text
    rules_of = rules_by_unit()
    unit_re = unit_pattern()
    inside = _mention_cover(rec)
    for q in _QUOTED.finditer(text):
        inside[q.start() : q.end()] = b"\x01" * (q.end() - q.start())
    carried: SentenceView | None = None  # the last sentence naming someone
    names = DocumentNames(rec)
    protagonist = title_person(rec) or actor
    views = views if views is not None else sentence_views(rec)
    numbers = numbers_by_sentence(text, views, NUMBER, number_with_unit())
    for k, view in enumerate(views):
        s = view.sentence
        for m in numbers[k]:
            m_start, m_end = m.span()
            if inside[m_start]:
                continue
            unit_m = unit_re.match(text, m_end)
            if unit_m is None:
                continue
            # the clause holding the number starts after the last clause mark before it
            last_mark = _UP_TO_LAST_CLAUSE_MARK.match(text, s.start, m_start)
            clause_start = last_mark.end() if last_mark else s.start
            if not_a_count(m, unit_m, text, s.start, clause_start):
                continue
            after = text[unit_m.end() : min(s.end, unit_m.end() + 20)]
            rule = next((r for r in rules_of[unit_m.group()] if r.noun.match(after)), None)
            if rule is None:
                continue
            measure = rule.measure
            # 新建小区党支部35个、楼栋党小组120个: a count closing its list item is of the
            # noun before it, not of the next item's kind
            if measure in {"people", "other"} or after.startswith("、"):
                noun = noun_before_re().search(
                    text, max(s.start, m_start - 10), m_start
                ) or noun_before_change_re().search(text, max(s.start, m_start - 40), m_start)
                named = counted_measure(noun.group(1), measure) if noun else measure
                # 党员主播120余人次: visits, never members however the people are called
                if not (rule.unit == "人次" and named == "party_members"):
                    measure = named
            num, mult, mult2 = m.group("num", "mult", "mult2")
            value = to_number(num, mult, mult2) * rule.factor
            if _AND_A_HALF.match(text, unit_m.end()) and mult is None:
                value += 0.5 * rule.factor  # 7个半
            if value != value or value <= 0:
                continue
            # times and days are counted about whoever acted, a person too (13次受命出征)
            persons_ok = measure in _PERSON_MEASURES or rule.unit in _ACTION_UNITS
            subject = owner_after(view.mentions, text, unit_m.end())
            if subject is None and measure == "people" and ATTENDED.match(text, unit_m.end()):
                subject = attended_event(rec, text, m_start)  # 共计60余人参加: the event's
                persons_ok = False  # those who attend are no one person's count
            if (
                subject is None
                and measure == "area_m2"
                and text.startswith("的", unit_m.end())
            ):
                # 1200平方米的青禾社区党群服务中心, …的党群服务中心“青禾驿站”: the named site
                subject = _site_after(view.mentions, text, unit_m.end() + 1)
            if (
                subject is None
                and measure in _SIZE_MEASURES
                and text.startswith("的", unit_m.end())
            ):
                continue  # 10万元的办公经费, 700平方米的社区: the size of a thing with no name
            if subject is None and COVERING.match(text, clause_start):
                # 成立了X商圈党委，覆盖商户1200余家: what the last clause named covers them;
                # 成立X商圈党委，由…兼任书记，吸纳…: the Party body the clauses go on about
                subject = next(
                    (
                        m.text
                        for m in view.mentions
                        if m.type == "ORG" and m.end == clause_start - 1
                    ),
                    None,
                )
                if subject is None:
                    body = party_body_before(view.mentions, text, clause_start)
                    subject = body.text if body is not None else None
            opening = clause_start > s.start
            if subject is None and opening and SUBORDINATES.match(text, clause_start):
                body = party_body_before(view.mentions, text, clause_start)
                subject = body.text if body is not None else None
            collective = VILLAGE_COLLECTIVE.search(text, clause_start, m_start)
            if (
                subject is None
                and collective is not None
                # 全县村集体经济收入10万元以上的村达到218个: the county's villages, counted;
                # 5个村村集体经济收入合计…: all of them, no one village
                and scope_re().search(text, clause_start, collective.start()) is None
                and _VILLAGES_COUNTED.search(text, clause_start, collective.start()) is None
            ):
                subject = names.last_named("村", m_start)  # 村集体经济收入: the village's
            if subject is None:  # 组建了“X宣讲队”，队员共有11人: X's, whatever area came before
                subject = just_set_up(view.mentions, m_start, text)
            if subject is None:
                subject = names.reference_opening(view.mentions, text, clause_start, m_start)
            if subject is None:
                subject = scope_subject(view.mentions, text, s.start, m_start, actor, names)
            if subject is None:
                subject = names.anaphor(view.mentions, text, s.start, m_start)
            if subject is None:
                subject = sentence_subject(view.mentions, m_start, text, persons_ok, names)
                if (
                    subject is None
                    and carried is not None
                    and "\n" not in text[carried.sentence.end : s.start]
                ):  # the subject of the paragraph's last sentence naming someone
                    # a reference such as 小区党支部 names its antecedent only in its own
                    # sentence: carried over, it names nothing
                    subject = sentence_subject(
                        not_just_set_up(names.without_references(carried.mentions), text),
                        carried.sentence.end,
                        text,
                        measure in _PERSON_MEASURES,
                        names,
                    )
                # with no organization, place or actor, the person is who it is about; a
                # sentence a person opens (刘建华走遍了辖区12个村, 陈根生…把自家30亩竹林入股)
                # counts the person's, not the actor's
                opener = next((m for m in view.mentions if m.start < m_start), None)
                if (
                    subject is None
                    and opener is not None
                    and opener.type == "PERSON"
                    and opener.rule != "recurring"  # (区直机|关: a name read from repetition)
                    # 王某（公司党委书记）：我们…: a speaker's label, what follows is their body's
                    and _SPEAKER_LABEL.match(text, opener.end) is None
                ):
                    subject = opener.text
                subject = subject or protagonist or sentence_subject(view.mentions, m_start, text)
            if subject and any(
                p.type == "PERSON" and p.text == subject and _LISTED.match(text, p.end, s.end)
                for p in view.mentions
            ):
                # 李婷、王刚、陈明等8名书记述职，其余42名…: the people listed are counted, and
                # no count of the sentence is one of theirs (nor the actor's, if it is listed)
                listed = text[clause_start:m_start]
                subject = actor if actor and actor not in listed else None
            populace = measure == "people" and bool(_POPULACE.search(text, clause_start, m_start))
            if subject and (measure == "area_m2" or populace):
                # 丽景街道党工委辖8个社区，面积12平方公里，常住人口11万人: the street's area and
                # people, not its committee's
                subject = _place_of_party_body(subject, names) or subject
            counted = after.split("，")[0]
            if not subject or _beyond_local(
                subject, "party_members" if "党员" in counted else measure, value
            ):  # 701万名机关和企事业单位党员: Party members all the same
                continue
            evidence_end = unit_m.end() + len(after.split("，")[0][:8])
            yield Quantity(
                subject,
                measure,
                clean_value(value),
                rule.out_unit,
                text[m_start : min(evidence_end, s.end)],
                s,
                f"unit:{rule.unit}",
            )
        if view.mentions:
            carried = view


_LISTED = re.compile(r"[^，。；,;！？\n]*?等[\d一二两三四五六七八九十百几多]")
_VILLAGES_COUNTED = re.compile(r"[\d一二两三四五六七八九十百]+个(?:行政)?村")
_SPEAKER_LABEL = re.compile(r"(?:[（(][^（）()\n]{0,30}[）)])?[：:]")


# More Party members or organizations than any division of the level has: a national
# figure the sentence gives without saying so (拥有9500多万名党员的…党), not the subject's
_LOCAL_CEILING = {
    "party_members": {"province": 12_000_000, "city": 3_000_000, "county": 600_000},
    "party_organizations": {"province": 1_000_000, "city": 150_000, "county": 30_000},
}


def _beyond_local(subject: str, measure: str, value: float) -> bool:
    ceilings = _LOCAL_CEILING.get(measure)
    if ceilings is None or value <= min(ceilings.values()):
        return False
    gazetteer = Gazetteer.load()
    divisions = gazetteer.lookup(subject)
    # an organ of a division (杭州市委组织部) has the level of the place its name opens with
    for end in range(len(subject) - 1, 1, -1):
        if divisions:
            break
        divisions = gazetteer.lookup(subject[:end])
    return bool(divisions) and value > ceilings.get(divisions[0].level, float("inf"))


def _mention_cover(rec: RecognizedDocument) -> bytearray:
    """Character positions inside entity names (八项 in 中央八项规定 is not a count)."""
    mask = bytearray(len(rec.source.text))
    for m in rec.mentions:
        mask[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mask


_AND_A_HALF = re.compile(r"半")
_QUOTED = re.compile(r"“[^“”\n]{1,30}”|‘[^‘’\n]{1,30}’|《[^《》\n]{1,60}》")
_PERSON_MEASURES = frozenset({"money_cny", "people"})
_POPULACE = re.compile(r"人口|(?:有|共有|现有)居民")  # 社区有居民1.8万人, 常住人口11万人
_PARTY_BODY_OF_PLACE = re.compile(f"(街道|社区|村|镇|乡|区|县|市)(?:{LEVEL_PARTY_BODY_KINDS})$")


def _place_of_party_body(subject: str, names: DocumentNames) -> str | None:
    """The place a place's Party body (甲街道党工委) is named after, where the document names
    it (甲街道)."""
    body = _PARTY_BODY_OF_PLACE.search(subject)
    if body is None:
        return None
    host = subject[: body.end(1)]
    places = [m.text for m in names.with_nested() if m.type == "PLACE" and host.endswith(m.text)]
    return max(places, key=len) if places else None


_ACTION_UNITS = frozenset({"次", "天"})
_SIZE_MEASURES = frozenset({"money_cny", "area_m2"})
_SITE_KIND_GAP = re.compile(r"[\u4e00-\u9fff]{0,8}?[“‘]?")


def _site_after(mentions: Sequence[Mention], text: str, pos: int) -> str | None:
    """The place named right after ``pos`` (after a kind of site and an opening quote at
    most, in the same clause): what an area written before 的 measures."""
    for m in mentions:
        if m.start < pos:
            continue
        if m.type == "PLACE" and _SITE_KIND_GAP.fullmatch(text, pos, m.start):
            return m.text
        return None
    return None


# everything up to the last clause mark (one backward scan)
_UP_TO_LAST_CLAUSE_MARK = re.compile(f"(?s:.*)[{CLAUSE_MARKS}]")
