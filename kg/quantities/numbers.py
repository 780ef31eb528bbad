"""Numbers and units: Arabic or Chinese numerals with an optional 万/亿 multiplier, converted
with ``cn2an``; the measure a unit and its counted noun give (``extract/quantity_measures.tsv``);
the numbers that state no count (rates, ages, dates, averages, bounds, national figures)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from kg.lexicon import table
from kg.quantities.cues import abstract_re, national_re

# 1,280: a thousands separator is part of the number
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?"  # ３．２: full-width too
# 一万二千: a Chinese numeral may hold 万 before more digits (else 万 is the multiplier)
_CN = r"[零〇一二两三四五六七八九十百千]+(?:万[零〇一二两三四五六七八九十百千]+)?"
NUMBER = re.compile(
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
def rules_by_unit() -> dict[str, tuple[MeasureRule, ...]]:
    """The measure rules of each unit, in table order."""
    by_unit: dict[str, list[MeasureRule]] = {}
    for rule in measure_rules():
        by_unit.setdefault(rule.unit, []).append(rule)
    return {unit: tuple(rules) for unit, rules in by_unit.items()}


@lru_cache(maxsize=1)
def unit_pattern() -> re.Pattern[str]:
    units = sorted({r.unit for r in measure_rules()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, units)))


@lru_cache(maxsize=1)
def number_with_unit() -> re.Pattern[str] | None:
    """The numbers of :data:`NUMBER` a unit follows, found by the regex engine alone: most
    numbers (一 in 统一, 进一步) have none, and each costs a step of the Python loop.

    The number is matched as ``NUMBER`` matches it (an atomic group: no shorter number is
    tried when no unit follows it), so it skips the same text: a number starting inside a
    number ends where it ends, before the same characters. The unit is looked for within the
    sentence only, which finds what a look-up past it finds when the sentence ends at a mark
    or a space (:func:`kg.quantities.scan.ends_cleanly`) and every unit is written in Chinese
    characters."""
    units = {r.unit for r in measure_rules()}
    if not all(unit and all("\u4e00" <= c <= "\u9fff" for c in unit) for unit in units):
        return None
    return re.compile(f"(?>{NUMBER.pattern})(?={unit_pattern().pattern})")


# 3至5名, 3—5名: the upper end of a range, after its lower end
_RANGE_BEFORE = re.compile(r"[\d零〇一二两三四五六七八九十百千万.]+(?:至|到|~|～|－|—{1,2}|-)$")
# 宽2米、长1.8公里的便民路: a dimension, not a count (全长, 总长 may be a count)
_EXCLUDE_BEFORE = re.compile(
    r"(?:不足|不到|低于|少于|以下|平均|人均|同比|增长|提高|下降|第|届|占比?|达到了?百分之"
    r"|(?<![全总])[宽长])$"
)
# 收入全部超过80万元, 一律达到50万元: a bar each one passes, not a count (全部12个村 is one;
# 均 is an average's word, below); the verb may be read as the number's prefix
_EACH_BAR = re.compile(
    r"(?:(?:全部|全都|都)(?:达到|突破|超过|超|达|逾|在|高于|不低于|保持在?)"
    r"|一律(?:达到|突破|超过|超|达|逾|在|高于|不低于|保持在?)?)$"
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
            value = (
                float(num.replace(",", "").replace("．", "."))
                if re.fullmatch(_DIGITS, num)
                else float(cn2an.cn2an(num, "smart"))
            )
        except Exception:  # cn2an raises KeyError, IndexError … on forms like 十二十二: no number
            return float("nan")
    return value * _MULTIPLIER[mult] * _MULTIPLIER[mult2]


def clean_value(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def not_a_count(
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
    if not num[0].isdigit() and abstract_re().match(text, unit_m.end()):
        return True  # 两个作用, 四个方面: a formula, not a count
    if _RANGE_NUMERAL.fullmatch(num):
        return True  # 四五个小时: four or five, no number
    if _RANGE_BEFORE.search(text, max(sentence_start, m_start - 12), m_start):
        return True  # 兼职网格员3至5名: a range, no one number
    if _EXCLUDE_BEFORE.search(text[max(sentence_start, m_start - 5) : m_start]):
        return True
    if _EACH_BAR.search(text, max(sentence_start, m.start("num") - 7), m.start("num")):
        return True
    if _EXCLUDE_AFTER.match(text, m_end):
        return True
    if _FIXED_PHRASE.match(text, unit_m.end()) or _BOUND_AFTER.match(text, unit_m.end()):
        return True  # 有3名以上党员的企业: a threshold
    if unit_m.group() == "处" and text.startswith(("处长", "副处长", "长", "负责人"), unit_m.end()):
        return True  # 组织二处处长: an office's number, no count
    if unit_m.group() == "个" and _DURATION_AFTER.match(text, unit_m.end()):
        return True  # 巡察时间约2个月, 3个工作日: a length of time, no count
    if _AVERAGE.search(text, max(sentence_start, m_start - 6), m_start) or _PER_HEAD.search(
        text, clause_start, m_start
    ):  # 村民人均可支配收入达到2.6万元: an average, however far before
        return True
    if _VALUE_GOES_ON.fullmatch(text, clause_start, m.start("num")) and _PER_HEAD.search(
        text, _previous_clause_start(text, sentence_start, clause_start), clause_start
    ):  # 人均年收入不足3000元，如今已超过1.5万元: the average the clause before names
        return True
    if _COMPARED.search(text, clause_start, m_start):
        return True  # 比上年净增3.2万名: a change over a year, no count
    per = _PER_UNIT.search(text, clause_start, m_start)
    if per and not (
        _PER_YEAR.match(text, per.start()) and (m.group("prefix") or m.group("approx"))
    ):  # 每辆集卡…节约150元, 每年推荐两名: a rate, not a count; 每年投入近6000万元: a total
        return True
    if national_re().search(text, clause_start, m_start):
        return True  # a national figure is no local organ's count
    national = national_re().match(text, sentence_start)
    if national and not _NATIONAL_RANK.match(text, national.end()):
        return True  # 全国累计选派…, 同近200万名乡镇干部: the whole sentence is national
    clause_end = _CLAUSE_END.search(text, unit_m.end())
    return bool(
        _CHANGE_FROM.search(text, clause_start, m_start)
        and _CHANGE_TO.search(text, unit_m.end(), clause_end.start() if clause_end else len(text))
    )  # 从最初的十余人充实到近百人: the starting value of a change


# a clause that names nothing before its value: it goes on about the clause before
_VALUE_GOES_ON = re.compile(
    r"(?:如今|现在|目前|今年|去年|\d{4}年(?:底|末)?)?[，,]?(?:已经?|则|又)?"
    r"(?:超过|达到|增加到|增长到|增至|提高到|提升到|突破|达)?(?:了)?(?:近|约|超|逾)?"
)


def _previous_clause_start(text: str, sentence_start: int, clause_start: int) -> int:
    marks = (text.rfind(mark, sentence_start, clause_start - 1) for mark in "，,；;")
    return max(sentence_start - 1, *marks) + 1


_AVERAGE = re.compile(r"人均|平均|户均|均")
_PER_HEAD = re.compile(r"[人户村家]均")
_COMPARED = re.compile(r"[比较](?:上年|去年|上一年|前一年|年初|上年同期|去年同期)")
_PER_UNIT = re.compile(r"每")
_PER_YEAR = re.compile(r"每年")
_RANGE_NUMERAL = re.compile(r"[一二三四五六七八九]{2}")
_FIXED_PHRASE = re.compile(r"规定|原则|意识|自信|确立|维护|不摘|必须")
_BOUND_AFTER = re.compile(r"以上[^，。；,;]{0,10}的|及以上")
_DURATION_AFTER = re.compile(r"月|多月|工作日|小时|星期|季度|年头|春秋|寒暑")
# 全国首个…, 全国先进基层党组织…: a rank or honor in the nation, not a national figure
_NATIONAL_RANK = re.compile(r"首|先进|示范|优秀|文明|模范|重点|第|百强|十佳|唯一|率先|领先")
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n]")
_CHANGE_FROM = re.compile(
    r"(?:从|由)(?:最初|原来|原先|过去|以前|当初|\d{4}年(?:底|初|末)?)?的?$"  # 由2012年的2.1万名
)
_CHANGE_TO = re.compile(
    r"(?:增加|增长|提高|提升|扩大|发展|充实|壮大|上升|减少|下降|降低)?(?:到|至)"
)
