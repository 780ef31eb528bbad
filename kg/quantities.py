"""Quantities: counted facts (``直接管理13个支部231名党员``) with their measure and subject.

Numbers are Arabic or Chinese numerals with an optional 万/亿 multiplier (``1.8万``,
``9.46亿元``, ``三百多``, ``30余万``, ``近千``), converted with ``cn2an``. The unit and the
counted noun after it decide the measure through the table ``extract/quantity_measures.tsv``.
The subject is, in order: a name the count describes (``558平方米的西塔党群服务站``), the
area a scope word names (``全村`` → the village named before it), a name a clause-opening
kind word resumes (``商圈`` → ``新街口商圈``), the sentence's first organization or place
that is no preposition's object, no frame (``在X的带领下``), no verb's object and no item the
count enumerates, else the paragraph's last one, else the person a title is about, else the
document's implied actor. Percentages, rates, ages, dates, averages, year-on-year changes,
bounds (不足, 以上…的), dimensions, starting values of a change, national figures and
political formulas (``两个作用``) are not quantities. The cue words are researcher-editable
rows of ``extract/quantity_cues.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import cn2an

from kg.gazetteer import Gazetteer
from kg.lexicon import alternation, load_lexicon, table
from kg.quantity_scan import numbers_by_sentence
from kg.records import Mention, Quantity, RecognizedDocument
from kg.relate import SentenceView, post_pattern, sentence_views

_DIGITS = r"\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_NUMBER = re.compile(
    # the look-ahead lets the regex engine skip non-number positions at C speed
    rf"(?=[近约超逾共达计上\d零〇一二两三四五六七八九十百千])"
    rf"(?P<prefix>近|约|超过|超|逾|共|达|计|上(?=[百千万]))?"
    # 近万名, 上千人: a bare 百/千/万 counts only after an approximating prefix
    rf"(?P<num>{_DIGITS}|{_CN}|万)(?P<mult>[万亿]|万亿)?(?P<approx>多|余)?(?P<mult2>[万亿])?"
)
_BARE_ROUND = frozenset({"百", "千", "万"})


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


@lru_cache(maxsize=1)
def _number_with_unit() -> re.Pattern[str] | None:
    """The numbers of :data:`_NUMBER` a unit follows, found by the regex engine alone: most
    numbers (一 in 统一, 进一步) have none, and each costs a step of the Python loop.

    The number is matched as ``_NUMBER`` matches it (an atomic group: no shorter number is
    tried when no unit follows it), so it skips the same text: a number starting inside a
    number ends where it ends, before the same characters. The unit is looked for within the
    sentence only, which finds what a look-up past it finds when the sentence ends at a mark
    or a space (:func:`kg.quantity_scan.ends_cleanly`) and every unit is written in Chinese
    characters."""
    units = {r.unit for r in measure_rules()}
    if not all(unit and all("\u4e00" <= c <= "\u9fff" for c in unit) for unit in units):
        return None
    return re.compile(f"(?>{_NUMBER.pattern})(?={_unit_re().pattern})")


# 宽2米、长1.8公里的便民路: a dimension, not a count (全长, 总长 may be a count)
_EXCLUDE_BEFORE = re.compile(
    r"(?:不足|不到|低于|少于|以下|平均|人均|同比|增长|提高|下降|第|届|占比?|达到了?百分之"
    r"|(?<![全总])[宽长])$"
)
_EXCLUDE_AFTER = re.compile(r"(?:%|％|岁|年|月|日|号|时|分|倍|成|届|期|次会|周年|后|以上学历)")


_MULTIPLIER = {None: 1, "": 1, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}


@lru_cache(maxsize=4096)
def to_number(num: str, mult: str | None, mult2: str | None = None) -> float:
    """``1.8`` + ``万`` → 18000; ``三百`` → 300; ``千`` → 1000; ``30`` (余) ``万`` → 300000."""
    if num in _BARE_ROUND:
        value = float(cn2an.cn2an("一" + num, "smart"))
    else:
        try:
            value = float(num) if re.fullmatch(_DIGITS, num) else float(cn2an.cn2an(num, "smart"))
        except Exception:  # cn2an raises KeyError, IndexError … on forms like 十二十二: no number
            return float("nan")
    return value * _MULTIPLIER[mult] * _MULTIPLIER[mult2]


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
    names = _DocumentNames(rec)
    protagonist = _title_person(rec) or actor
    views = views if views is not None else sentence_views(rec)
    numbers = numbers_by_sentence(text, views, _NUMBER, _number_with_unit())
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
            if _not_a_count(m, unit_m, text, s.start, clause_start):
                continue
            after = text[unit_m.end() : min(s.end, unit_m.end() + 20)]
            rule = next((r for r in rules_of[unit_m.group()] if r.noun.match(after)), None)
            if rule is None:
                continue
            measure = rule.measure
            if measure in {"people", "other"}:
                noun = _noun_before_re().search(text, max(s.start, m_start - 10), m_start)
                if noun:
                    measure = _cues().noun_measure[noun.group(1)]
            num, mult, mult2 = m.group("num", "mult", "mult2")
            value = to_number(num, mult, mult2) * rule.factor
            if _AND_A_HALF.match(text, unit_m.end()) and mult is None:
                value += 0.5 * rule.factor  # 7个半
            if value != value or value <= 0:
                continue
            # times and days are counted about whoever acted, a person too (13次受命出征)
            persons_ok = measure in _PERSON_MEASURES or rule.unit in _ACTION_UNITS
            subject = _owner_after(view.mentions, text, unit_m.end())
            if subject is None and measure == "people" and _ATTENDED.match(text, unit_m.end()):
                subject = _attended_event(rec, text, m_start)  # 共计60余人参加: the event's
                persons_ok = False  # those who attend are no one person's count
            if (
                subject is None
                and measure in _SIZE_MEASURES
                and text.startswith("的", unit_m.end())
            ):
                continue  # 10万元的办公经费, 700平方米的社区: the size of a thing with no name
            if subject is None and _COVERING.match(text, clause_start):
                # 成立了X商圈党委，覆盖商户1200余家: what the last clause named covers them
                subject = next(
                    (
                        m.text
                        for m in view.mentions
                        if m.type == "ORG" and m.end == clause_start - 1
                    ),
                    None,
                )
            if subject is None and _VILLAGE_COLLECTIVE.search(text, clause_start, m_start):
                subject = names.last_named("村", m_start)  # 村集体经济收入: the village's
            if subject is None:
                subject = _scope_subject(view.mentions, text, s.start, m_start, actor, names)
            if subject is None:
                subject = names.anaphor(view.mentions, text, s.start, m_start)
            if subject is None:
                subject = _subject(view.mentions, m_start, text, persons_ok, names)
                if (
                    subject is None
                    and carried is not None
                    and "\n" not in text[carried.sentence.end : s.start]
                ):  # the subject of the paragraph's last sentence naming someone
                    # a reference such as 小区党支部 names its antecedent only in its own
                    # sentence: carried over, it names nothing
                    subject = _subject(
                        _not_just_set_up(names.without_references(carried.mentions), text),
                        carried.sentence.end,
                        text,
                        measure in _PERSON_MEASURES,
                        names,
                    )
                # with no organization, place or actor, the person is who it is about
                subject = subject or protagonist or _subject(view.mentions, m_start, text)
            counted = after.split("，")[0]
            if not subject or _beyond_local(
                subject, "party_members" if "党员" in counted else measure, value
            ):  # 701万名机关和企事业单位党员: Party members all the same
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


def _not_just_set_up(mentions: tuple[Mention, ...], text: str) -> tuple[Mention, ...]:
    """The mentions but a body the sentence sets up (成立X): the subject of what follows in
    its own sentence, not of the next one's counts."""
    set_up = _set_up_re()
    return tuple(m for m in mentions if not set_up.search(text, max(0, m.start - 5), m.start))


@lru_cache(maxsize=1)
def _set_up_re() -> re.Pattern[str]:
    return re.compile(alternation(load_lexicon().relation_cues["established"]) + "$")


def _not_a_count(
    m: re.Match[str], unit_m: re.Match[str], text: str, sentence_start: int, clause_start: int
) -> bool:
    """Numbers that state no count: rates, ages, dates, averages, ranks, bounds, fixed
    phrases, national figures, the starting value of a change, a single one."""
    m_start, m_end = m.span()
    num, mult, mult2 = m.group("num", "mult", "mult2")
    if num.isdigit() and text[m_start - 1 : m_start] in "0123456789.":
        return True
    if num in _BARE_ROUND and m.group("prefix") is None:
        return True  # 万名党员进社区: a slogan's round number
    if num in {"一", "1"} and mult is None and mult2 is None:
        return True
    if unit_m.group() == "元" and not num[0].isdigit() and mult is None and mult2 is None:
        return True  # 三元里, 城乡二元结构: words, not money (money is written in digits)
    if not num[0].isdigit() and _abstract_re().match(text, unit_m.end()):
        return True  # 两个作用, 四个方面: a formula, not a count
    if _RANGE_NUMERAL.fullmatch(num):
        return True  # 四五个小时: four or five, no number
    if _EXCLUDE_BEFORE.search(text[max(sentence_start, m_start - 5) : m_start]):
        return True
    if _EXCLUDE_AFTER.match(text, m_end):
        return True
    if _FIXED_PHRASE.match(text, unit_m.end()) or _BOUND_AFTER.match(text, unit_m.end()):
        return True  # 有3名以上党员的企业: a threshold
    if _AVERAGE.search(text, max(sentence_start, m_start - 6), m_start):
        return True
    per = _PER_UNIT.search(text, clause_start, m_start)
    if per and not (
        _PER_YEAR.match(text, per.start()) and (m.group("prefix") or m.group("approx"))
    ):  # 每辆集卡…节约150元, 每年推荐两名: a rate, not a count; 每年投入近6000万元: a total
        return True
    if _national_re().search(text, clause_start, m_start):
        return True  # a national figure is no local organ's count
    national = _national_re().match(text, sentence_start)
    if national and not _NATIONAL_RANK.match(text, national.end()):
        return True  # 全国累计选派…, 同近200万名乡镇干部: the whole sentence is national
    clause_end = _CLAUSE_END.search(text, unit_m.end())
    return bool(
        _CHANGE_FROM.search(text, clause_start, m_start)
        and _CHANGE_TO.search(text, unit_m.end(), clause_end.start() if clause_end else len(text))
    )  # 从最初的十余人充实到近百人: the starting value of a change


def _subject(
    mentions: tuple[Mention, ...],
    pos: int,
    text: str,
    persons_ok: bool = True,
    names: _DocumentNames | None = None,
) -> str | None:
    """The sentence's subject before ``pos``.

    Its first organization or place that is not the object of a preposition (作为, 在, 由
    …), taking the most specific place of a written chain (湖北省武汉市X商务区); an
    organization followed by a post and a person (医院主任管向东) gives the person; with
    no organization or place, the first person. An organization framing the clause (在X的
    带领下) is no subject either."""
    before = [
        m
        for m in mentions
        if m.end <= pos and m.rule != "region" and not _counted_reference(m, text)
    ]
    if before and before[0].type == "PROGRAM" and _plan_states(before[0], pos, text):
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
            or _adjunct_re().match(text, m.end)
            or _object_verb_re().search(text, max(0, m.start - 4), m.start)
            or (i > 0 and _LIST_JOINER.fullmatch(text, before[i - 1].end, m.start))
            or _enumerated(before, i, pos, text)
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
        return names.full(subject, text) if names is not None else subject.text
    # a person alone is what money or people are counted about (捐资, 带领), rarely
    # anything else (总书记 … 三个…): then the actor is
    persons = (
        [m for m in before if m.type == "PERSON" and not _adjunct_re().match(text, m.end)]
        if persons_ok
        else []
    )
    return persons[0].text if persons else None


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
    return text[m.start - 1 : m.start] in "个名家所支" or _POST.match(text, m.end) is not None


def _title_person(rec: RecognizedDocument) -> str | None:
    """谭松明：自筹资金资助19名大学生 — a title opening on a person and a colon: the article
    is about that person, who is then whom its counts with no subject are about."""
    text = rec.source.text
    first = next((m for m in rec.mentions), None)
    if first is None or first.type != "PERSON" or text[: first.start].strip():
        return None
    return first.text if text[first.end : first.end + 1] in {"：", ":"} else None


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


_AVERAGE = re.compile(r"人均|平均|户均|均")
_PER_UNIT = re.compile(r"每")
_PER_YEAR = re.compile(r"每年")
_RANGE_NUMERAL = re.compile(r"[一二三四五六七八九]{2}")
_AND_A_HALF = re.compile(r"半")
_QUOTED = re.compile(r"“[^“”\n]{1,30}”|‘[^‘’\n]{1,30}’|《[^《》\n]{1,60}》")
_FIXED_PHRASE = re.compile(r"规定|原则|意识|自信|确立|维护|不摘|必须")
_BOUND_AFTER = re.compile(r"以上[^，。；,;]{0,10}的|及以上")
_POST = post_pattern()
_PERSON_MEASURES = frozenset({"money_cny", "people"})
_ATTENDED = re.compile(r"(?:左右|以上)?(?:参加|出席|参与|到场|参会|观摩)")


def _attended_event(rec: RecognizedDocument, text: str, pos: int) -> str | None:
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
_ACTION_UNITS = frozenset({"次", "天"})
# 全国首个…, 全国先进基层党组织…: a rank or honor in the nation, not a national figure
_NATIONAL_RANK = re.compile(r"首|先进|示范|优秀|文明|模范|重点|第|百强|十佳|唯一|率先|领先")
_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")
_SIZE_MEASURES = frozenset({"money_cny", "area_m2"})
_CLAUSE_MARKS = "，。；！？,;!?"
# everything up to the last clause mark (one backward scan)
_UP_TO_LAST_CLAUSE_MARK = re.compile(f"(?s:.*)[{_CLAUSE_MARKS}]")
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n]")
_CLAUSE_MARK = re.compile(f"[{_CLAUSE_MARKS}]")
_CHANGE_FROM = re.compile(r"(?:从|由)(?:最初|原来|原先|过去|以前|当初)?的?$")
_CHANGE_TO = re.compile(
    r"(?:增加|增长|提高|提升|扩大|发展|充实|壮大|上升|减少|下降|降低)?(?:到|至)"
)
_PREPOSITION = re.compile(r"(?:作为|在|由|从|对|向|据|把|将|为|与|和|同|经|到|赴|前往|至)$")
_LIST_JOINER = re.compile(r"[、和与及]")
_SENTENCE_OPENING = re.compile(r"(?:^|[。！？；;\n])(?:我市|我区|我县|我省|该)?[《“]?$")
# 建设404个党建文化公园, 组建22支“三新”党员攻坚突击队: a name that is itself counted
_COUNTED_BEFORE = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万]+[个支名家所座处批][^，。；,;]{0,8}$"
)


@dataclass(frozen=True, slots=True)
class _Cues:
    """The rows of ``extract/quantity_cues.tsv``, by kind."""

    national: tuple[str, ...]
    scope: dict[str, tuple[str, bool]]  # 全村 → (村, fall back on the actor?)
    anaphors: tuple[str, ...]
    adjuncts: tuple[str, ...]
    noun_measure: dict[str, str]
    plan_verbs: tuple[str, ...]
    abstract: tuple[str, ...]
    object_verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    rows: dict[str, list[list[str]]] = {}
    for row in table("quantity_cues.tsv"):
        rows.setdefault(row[0], []).append(row[1:])
    scope = {}
    for word, value in rows.get("scope", []):
        level, *flags = value.split()
        scope[word] = (level, "actor" in flags)
    return _Cues(
        national=tuple(r[0] for r in rows.get("national", [])),
        scope=scope,
        anaphors=tuple(r[0] for r in rows.get("anaphor", [])),
        adjuncts=tuple(r[0] for r in rows.get("adjunct", [])),
        noun_measure={r[0]: r[1] for r in rows.get("noun_before", [])},
        plan_verbs=tuple(r[0] for r in rows.get("plan_verb", [])),
        abstract=tuple(r[0] for r in rows.get("abstract", [])),
        object_verbs=tuple(r[0] for r in rows.get("object_verb", [])),
    )


@lru_cache(maxsize=1)
def _national_re() -> re.Pattern[str]:
    return re.compile(alternation(_cues().national))


@lru_cache(maxsize=1)
def _noun_before_re() -> re.Pattern[str]:
    """党员共231名: the counted noun right before a count, with the verbs that may follow it."""
    nouns = alternation(_cues().noun_measure)
    # 党员总数达到12.3万名: a total word, then a verb
    return re.compile(
        rf"({nouns[3:-1]})(?:总数|人数|数量|数)?(?:共|达到|达|约|近|有|总计|为|超过|突破)?$"
    )


@lru_cache(maxsize=1)
def _anaphor_re() -> re.Pattern[str]:
    kinds = alternation(_cues().anaphors)
    # 去年村集体经济收入…: a time word may open the clause before the kind word
    return re.compile(
        rf"(?:(?:去年|今年|前年|目前|如今|当年|全年)，?)?(?:该|本|这个|这家|此)?({kinds[3:-1]})"
    )


@lru_cache(maxsize=1)
def _adjunct_re() -> re.Pattern[str]:
    return re.compile(r"的?(?:大力|积极|精心)?" + alternation(_cues().adjuncts))


@lru_cache(maxsize=1)
def _plan_verbs_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A stating verb right after a plan's name (提出了, 共), and one anywhere after it."""
    verbs = _cues().plan_verbs
    right_after = re.compile(r"[”》]?" + alternation(verbs) + "了?")
    return right_after, re.compile(alternation(v for v in verbs if len(v) > 1))


def _plan_states(plan: Mention, pos: int, text: str) -> bool:
    """《实施方案》提出…3个主题: the plan states the figures before ``pos``."""
    right_after, anywhere = _plan_verbs_re()
    if right_after.match(text, plan.end):
        return True
    opening = _SENTENCE_OPENING.search(text[max(0, plan.start - 4) : plan.start])
    return bool(opening and anywhere.search(text, plan.end, pos))


@lru_cache(maxsize=1)
def _abstract_re() -> re.Pattern[str]:
    return re.compile(alternation(_cues().abstract))


@lru_cache(maxsize=1)
def _object_verb_re() -> re.Pattern[str]:
    return re.compile(alternation(_cues().object_verbs) + "$")


@lru_cache(maxsize=1)
def _scope_re() -> re.Pattern[str]:
    return re.compile(alternation(_cues().scope))


def _scope_subject(
    mentions: tuple[Mention, ...],
    text: str,
    start: int,
    pos: int,
    actor: str | None,
    names: _DocumentNames | None = None,
) -> str | None:
    """全村21个经济社 → the village named last before 全村 in the sentence; 全省/全市 … with
    no such name → the document's implied actor."""
    scopes = list(_scope_re().finditer(text, start, pos))
    if not scopes:
        return None
    scope = scopes[-1]
    level, actor_fallback = _cues().scope[scope.group()]
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
    if names is not None and scope.group().startswith("该"):
        # 小朱湾村…。该村通过…，发展民宿15家: 该 resumes the last such name of the text
        earlier = names.last_named(level, scope.start())
        if earlier is not None:
            return earlier
    return actor if actor_fallback else None


_VILLAGE_COLLECTIVE = re.compile(r"村集体|村里|村内|全村|该村|本村")
_COVERING = re.compile(r"(?:共|累计)?(?:覆盖|涵盖|辐射|吸纳|联系|服务)")


class _DocumentNames:
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
        self.anaphor_re = _anaphor_re()
        # the names one after the other, each closed by NUL: str.find looks for a name
        # holding a given one in C, instead of a Python loop over the names
        self._joined = "".join(name + "\0" for name in self.names)
        self._offsets: list[int] = []
        offset = 0
        for name in self.names:
            self._offsets.append(offset)
            offset += len(name) + 1
        self._minus_lengths = [-len(name) for name in self.names]

    def last_named(self, kind: str, pos: int) -> str | None:
        """The last place or organization before ``pos`` whose name ends with ``kind``."""
        named = [
            m.text
            for m in self.with_nested()
            if m.end <= pos and m.text.endswith(kind) and len(m.text) > len(kind)
        ]
        return named[-1] if named else None

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
        return tuple(m for m in mentions if m.rule != "generic_ref" or m.text in self.named)

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
            if any(m.start <= a.start() < m.end for m in mentions):
                continue
            if _subject(mentions, a.start(), text, persons_ok=False) is not None:
                return None
            kind = a.group(1)
            named = [
                m
                for m in self.with_nested()
                if m.end <= a.start()
                and m.text.endswith(kind)
                and len(m.text) > len(kind)
                and not _NUMERAL.fullmatch(text[m.start - 1 : m.start])  # 30|亩竹林入股合作社
            ]
            return named[-1].text if named else None
        return None
