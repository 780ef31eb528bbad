"""Quantities: counted facts (``直接管理13个支部231名党员``) with their measure and subject.

Numbers are Arabic or Chinese numerals with an optional 万/亿 multiplier (``1.8万``,
``9.46亿元``, ``三百多``), converted with ``cn2an``. The unit and the counted noun after it
decide the measure through the table ``extract/quantity_measures.tsv``; the subject is the
nearest organization or place before the number in the sentence, else the document's
implied actor. Percentages, rates, ages, dates, averages, year-on-year changes and upper
bounds (不足, 以下) are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from kg.lexicon import table
from kg.records import Mention, Quantity, RecognizedDocument
from kg.relate import SentenceView, post_pattern, sentence_views
from kg.segment import ClauseStarts

_DIGITS = r"\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_NUMBER = re.compile(
    # the look-ahead lets the regex engine skip non-number positions at C speed
    rf"(?=[近约超逾共达计\d零〇一二两三四五六七八九十百千])"
    rf"(?P<prefix>近|约|超过|超|逾|共|达|计)?"
    rf"(?P<num>{_DIGITS}|{_CN})(?P<mult>[万亿]|万亿)?(?P<approx>多|余|余万|多万)?"
)


@dataclass(frozen=True, slots=True)
class MeasureRule:
    unit: str
    noun: re.Pattern[str]
    measure: str
    factor: float
    out_unit: str


@lru_cache(maxsize=1)
def measure_rules() -> tuple[MeasureRule, ...]:
    """Rows of ``extract/quantity_measures.tsv``: unit, noun regex, measure, factor, unit out."""
    rules = []
    for row in table("quantity_measures.tsv"):
        unit, noun, measure = row[0], row[1], row[2]
        factor = float(row[3]) if len(row) > 3 and row[3] else 1.0
        out_unit = row[4] if len(row) > 4 and row[4] else unit
        rules.append(MeasureRule(unit, re.compile(noun), measure, factor, out_unit))
    return tuple(rules)


@lru_cache(maxsize=1)
def _rules_by_unit() -> dict[str, tuple[MeasureRule, ...]]:
    """The measure rules of each unit, in table order."""
    by_unit: dict[str, list[MeasureRule]] = {}
    for rule in measure_rules():
        by_unit.setdefault(rule.unit, []).append(rule)
    return {unit: tuple(rules) for unit, rules in by_unit.items()}


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern[str]:
    units = sorted({r.unit for r in measure_rules()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, units)))


_EXCLUDE_BEFORE = re.compile(
    r"(?:不足|不到|低于|少于|以下|平均|人均|同比|增长|提高|下降|第|届|占比?|达到了?百分之)$"
)
_EXCLUDE_AFTER = re.compile(r"^(?:%|％|岁|年|月|日|号|时|分|倍|成|届|期|次会|周年|后|以上学历)")


@lru_cache(maxsize=4096)
def to_number(num: str, mult: str | None) -> float:
    """``1.8`` + ``万`` → 18000; ``三百`` → 300."""
    try:
        value = float(num) if re.fullmatch(_DIGITS, num) else float(cn2an.cn2an(num, "smart"))
    except Exception:  # cn2an raises KeyError, IndexError … on forms like 十二十二: no number
        return float("nan")
    if mult == "万":
        value *= 10_000
    elif mult == "亿":
        value *= 100_000_000
    elif mult == "万亿":
        value *= 1_000_000_000_000
    return value


def _clean(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def extract_quantities(
    rec: RecognizedDocument, actor: str | None, views: list[SentenceView] | None = None
) -> Iterator[Quantity]:
    text = rec.source.text
    rules_of = _rules_by_unit()
    unit_re = _unit_re()
    inside = _mention_cover(rec)
    for q in _QUOTED.finditer(text):
        inside[q.start() : q.end()] = b"\x01" * (q.end() - q.start())
    carried: SentenceView | None = None  # the last sentence naming someone
    clause_starts = ClauseStarts(text, _CLAUSE_MARKS)
    for view in views if views is not None else sentence_views(rec):
        s = view.sentence
        for m in _NUMBER.finditer(text, s.start, s.end):
            m_start, m_end = m.span()
            if inside[m_start]:
                continue
            unit_m = unit_re.match(text, m_end)
            if unit_m is None:
                continue
            num, mult = m.group("num", "mult")
            if num.isdigit() and text[m_start - 1 : m_start] in "0123456789.":
                continue
            if _EXCLUDE_BEFORE.search(text[max(s.start, m_start - 5) : m_start]):
                continue
            if _EXCLUDE_AFTER.match(text[m_end : m_end + 5]):
                continue
            if _FIXED_PHRASE.match(text, unit_m.end()):
                continue
            if num == "一" and mult is None:
                continue
            if _AVERAGE.search(text, max(s.start, m_start - 6), m_start):
                continue
            clause_start = max(s.start, clause_starts.before(m_start))
            if _PER_UNIT.search(text, clause_start, m_start):
                continue  # 每辆集卡…节约150元: a rate, not a count
            if _RANGE_NUMERAL.fullmatch(num):
                continue  # 四五个小时: four or five, no number
            if _NATIONAL.search(text, clause_start, m_start):
                continue  # a national figure is no local organ's count
            after = text[unit_m.end() : min(s.end, unit_m.end() + 12)]
            rule = next((r for r in rules_of[unit_m.group()] if r.noun.match(after)), None)
            if rule is None:
                continue
            measure = rule.measure
            if measure in {"people", "other"}:
                noun = _NOUN_BEFORE.search(text, max(s.start, m_start - 10), m_start)
                if noun:
                    measure = _NOUN_MEASURE[noun.group(1)]
            value = to_number(num, mult) * rule.factor
            if _AND_A_HALF.match(text, unit_m.end()) and mult is None:
                value += 0.5 * rule.factor  # 7个半
            if value != value or value <= 0:
                continue
            owner = _owner_after(view.mentions, text, unit_m.end())
            if owner is not None:
                subject: str | None = owner
            elif actor and _SCOPE.search(text, s.start, m_start):
                subject = actor
            else:
                persons_ok = measure in _PERSON_MEASURES
                subject = _subject(view.mentions, m_start, text, persons_ok)
                if (
                    subject is None
                    and carried is not None
                    and "\n" not in text[carried.sentence.end : s.start]
                ):  # the subject of the paragraph's last sentence naming someone
                    subject = _subject(carried.mentions, carried.sentence.end, text, persons_ok)
                # with no organization, place or actor, the person is who it is about
                subject = subject or actor or _subject(view.mentions, m_start, text)
            if not subject:
                continue
            evidence_end = unit_m.end() + len(after.split("，")[0][:8])
            yield Quantity(
                subject,
                measure,
                _clean(value),
                rule.out_unit,
                text[m_start : min(evidence_end, s.end)],
                s,
                f"unit:{rule.unit}",
            )
        if view.mentions:
            carried = view


def _subject(
    mentions: tuple[Mention, ...], pos: int, text: str, persons_ok: bool = True
) -> str | None:
    """The sentence's subject before ``pos``.

    Its first organization or place that is not the object of a preposition (作为, 在, 由
    …), taking the most specific place of a written chain (湖北省武汉市X商务区); an
    organization followed by a post and a person (医院主任管向东) gives the person; with
    no organization or place, the first person."""
    before = [
        m
        for m in mentions
        if m.end <= pos and m.rule != "region" and not _counted_reference(m, text)
    ]
    if before and before[0].type == "PROGRAM" and _PLAN_STATES.match(text, before[0].end):
        return before[0].text  # 《实施方案》提出…3个主题: the plan's own figures
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
            or (i > 0 and _LIST_JOINER.fullmatch(text, before[i - 1].end, m.start))
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
        ):
            return person.text
        return subject.text
    # a person alone is what money or people are counted about (捐资, 带领), rarely
    # anything else (总书记 … 三个…): then the actor is
    persons = [m for m in before if m.type == "PERSON"] if persons_ok else []
    return persons[0].text if persons else None


def _counted_reference(m: Mention, text: str) -> bool:
    """A generic reference that is itself counted (216个小区党支部) or a post's unit
    (担任小区党支部书记) is no subject; one that resumes a name (村党总支直接管理) is."""
    if _COUNTED_BEFORE.search(text, max(0, m.start - 14), m.start):
        return True
    if m.rule != "generic_ref":
        return False
    return text[m.start - 1 : m.start] in "个名家所支" or _POST.match(text, m.end) is not None


def _owner_after(mentions: tuple[Mention, ...], text: str, pos: int) -> str | None:
    """558平方米的西塔党群服务站: a count followed by 的 and a name describes that name."""
    if not text.startswith("的", pos):
        return None
    for m in mentions:
        if m.start in (pos + 1, pos + 2) and m.type in {"ORG", "PLACE"}:
            return m.text
    return None


def _mention_cover(rec: RecognizedDocument) -> bytearray:
    """Character positions inside entity names (八项 in 中央八项规定 is not a count)."""
    mask = bytearray(len(rec.source.text))
    for m in rec.mentions:
        mask[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mask


_NOUN_MEASURE = {
    "党员": "party_members",
    "党组织": "party_organizations",
    "党委": "party_organizations",
    "支部": "branches",
    "党支部": "branches",
}
_NOUN_BEFORE = re.compile(r"(党员|党组织|党委|党支部|支部)(?:共|达|约|近|有|总数|数|总计)?$")
_AVERAGE = re.compile(r"人均|平均|户均|均")
_PER_UNIT = re.compile(r"每")
_RANGE_NUMERAL = re.compile(r"[一二三四五六七八九]{2}")
_AND_A_HALF = re.compile(r"半")
_QUOTED = re.compile(r"“[^“”\n]{1,30}”|‘[^‘’\n]{1,30}’|《[^《》\n]{1,60}》")
_FIXED_PHRASE = re.compile(r"规定|原则|意识|自信|确立|维护|不摘|必须")
_POST = post_pattern()
_PERSON_MEASURES = frozenset({"money_cny", "people"})
_NATIONAL = re.compile(r"全国|我国|全球|全世界")
_CLAUSE_MARKS = "，。；！？,;!?"


_SCOPE = re.compile(r"全省|全市|全区|全县|我省|我市|我区|我县|本市|本区|本县")
_PREPOSITION = re.compile(r"(?:作为|在|由|从|对|向|据|把|将|为|与|和|同|经|到|赴|前往|至)$")
_LIST_JOINER = re.compile(r"[、和与及]")
_PLAN_STATES = re.compile(r"[”》]?(?:提出了?|明确了?|包括|涵盖|分为|共有|共)")
# 建设404个党建文化公园, 组建22支“三新”党员攻坚突击队: a name that is itself counted
_COUNTED_BEFORE = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万]+[个支名家所座处批][^，。；,;]{0,8}$"
)
