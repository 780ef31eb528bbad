"""The researcher-editable cue words of ``extract/quantity_cues.tsv`` and the patterns made
from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import DEMONSTRATIVES, alternation, load_lexicon, table


@lru_cache(maxsize=1)
def set_up_re() -> re.Pattern[str]:
    # 组建了“X宣讲队”: the cue and a perfective 了 before the name
    return re.compile(alternation(load_lexicon().relation_cues["established"]) + "了?$")


@dataclass(frozen=True, slots=True)
class QuantityCues:
    """The rows of ``extract/quantity_cues.tsv``, by kind."""

    national: tuple[str, ...]
    scope: dict[str, tuple[str, bool]]  # 全村 → (村, fall back on the actor?)
    anaphors: tuple[str, ...]
    this_anaphors: tuple[str, ...]  # only after 该, 本 or 此 (该行, 本院)
    anaphor_ends: dict[str, tuple[str, ...]]  # the names a kind word stands for, by ending
    adjuncts: tuple[str, ...]
    noun_measure: dict[str, str]
    plan_verbs: tuple[str, ...]
    abstract: tuple[str, ...]
    object_verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def quantity_cues() -> QuantityCues:
    rows: dict[str, list[list[str]]] = {}
    for row in table("quantity_cues.tsv"):
        rows.setdefault(row[0], []).append(row[1:])
    scope = {}
    for word, value in rows.get("scope", []):
        level, *flags = value.split()
        scope[word] = (level, "actor" in flags)
    return QuantityCues(
        national=tuple(r[0] for r in rows.get("national", [])),
        scope=scope,
        anaphors=tuple(r[0] for r in rows.get("anaphor", [])),
        this_anaphors=tuple(r[0] for r in rows.get("this_anaphor", [])),
        anaphor_ends={
            r[0]: tuple(r[1].split())
            for r in rows.get("anaphor", []) + rows.get("this_anaphor", [])
            if len(r) > 1
        },
        adjuncts=tuple(r[0] for r in rows.get("adjunct", [])),
        noun_measure={r[0]: r[1] for r in rows.get("noun_before", [])},
        plan_verbs=tuple(r[0] for r in rows.get("plan_verb", [])),
        abstract=tuple(r[0] for r in rows.get("abstract", [])),
        object_verbs=tuple(r[0] for r in rows.get("object_verb", [])),
    )


@lru_cache(maxsize=1)
def national_re() -> re.Pattern[str]:
    return re.compile(alternation(quantity_cues().national))


# 党员干警97名, 党员护理员27名: members named by the work they do (a people count only)
MEMBER_ROLE = r"党员[\u4e00-\u9fff]{0,2}[员警工师生手者家长]"


@lru_cache(maxsize=1)
def noun_before_re() -> re.Pattern[str]:
    """党员共231名: the counted noun right before a count, with the verbs that may follow it."""
    nouns = alternation(quantity_cues().noun_measure)
    # 党员总数达到12.3万名: a total word, then a verb
    return re.compile(
        rf"({nouns[3:-1]}|{MEMBER_ROLE})(?:总数|人数|数量|数)?"
        r"(?:共|达到|达|约|近|有|总计|为|超过|突破)?$"
    )


def counted_measure(noun: str, measure: str) -> str:
    """The measure of a count of ``measure`` whose counted noun is ``noun``: the cues' own
    measure for a noun they list, else (a member named by their work, MEMBER_ROLE) members
    where people are counted."""
    named = quantity_cues().noun_measure.get(noun)
    if named is not None:
        return named
    return "party_members" if measure == "people" else measure


@lru_cache(maxsize=1)
def noun_before_change_re() -> re.Pattern[str]:
    """党员人数由2012年的2.1万名增加到2022年的3.2万名: the counted noun before a change, for
    the value it comes to."""
    nouns = alternation(quantity_cues().noun_measure)
    return re.compile(
        rf"({nouns[3:-1]})(?:总数|人数|数量|数)?(?:由|从)[^，。；]{{1,20}}?"
        r"(?:增加|增长|提高|提升|扩大|发展|充实|壮大|上升|减少|下降|降低)?(?:到|至)"
        r"(?:\d{4}年(?:底|末)?的?)?$"
    )


# 去年，目前…: a time word opening a clause before what the clause is about
TIME_OPENING = r"(?:去年|今年|前年|目前|如今|当年|全年|\d{4}年(?:\d{1,2}月|上半年|全年)?)，?"


@lru_cache(maxsize=1)
def anaphor_re() -> re.Pattern[str]:
    cues = quantity_cues()
    kinds = alternation(cues.anaphors)[3:-1]
    this_kinds = alternation(cues.this_anaphors)[3:-1]
    # 去年村集体经济收入…: a time word may open the clause before the kind word
    return re.compile(
        rf"(?:{TIME_OPENING})?"
        rf"(?:本|{'|'.join(DEMONSTRATIVES)})?({kinds}|(?<=[该本此])(?:{this_kinds}))"
    )


@lru_cache(maxsize=1)
def adjunct_re() -> re.Pattern[str]:
    return re.compile(r"的?(?:大力|积极|精心)?" + alternation(quantity_cues().adjuncts))


@lru_cache(maxsize=1)
def plan_verbs_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A stating verb right after a plan's name (提出了, 共), and one anywhere after it."""
    verbs = quantity_cues().plan_verbs
    right_after = re.compile(r"[”》]?" + alternation(verbs) + "了?")
    return right_after, re.compile(alternation(v for v in verbs if len(v) > 1))


@lru_cache(maxsize=1)
def abstract_re() -> re.Pattern[str]:
    return re.compile(alternation(quantity_cues().abstract))


@lru_cache(maxsize=1)
def object_verb_re() -> re.Pattern[str]:
    return re.compile(alternation(quantity_cues().object_verbs) + "$")


@lru_cache(maxsize=1)
def scope_re() -> re.Pattern[str]:
    # 全市首个, 开全市先河, 走在全省前列: a comparison with the area, not the area counted
    return re.compile(
        alternation(quantity_cues().scope) + r"(?!首|先河|前列|第一|唯一|率先|领先|之最|同类)"
    )
