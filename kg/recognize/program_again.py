"""Programs and teams written again: a quoted name's core quoted again, a quoted program
written again without its marks, and a team's kind standing for the team named before.
These passes run after :class:`~kg.recognize.programs.ProgramRules` has found the names."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.recognize.base import Candidate, add_candidate, candidates

QUOTED_CORE = re.compile(r"[“‘]([^“”‘’]{2,30})[”’]")


def quoted_core_again(doc: Doc, text: str) -> None:
    """推行“时间银行”志愿服务模式 … 设立“时间银行”服务站: the quoted name of a program is
    the program wherever it is quoted again, though its last word (银行) ends bodies' names."""
    found = candidates(doc)
    cores = {
        m.group(1)
        for c in found
        if c.label == "PROGRAM" and c.rule == "quoted+kind"
        for m in QUOTED_CORE.finditer(text, max(0, c.start - 1), c.end)
    }
    if not cores:
        return
    found[:] = [
        Candidate(c.start, c.end, "PROGRAM", "program_again")
        if c.label == "ORG"
        and text[c.start : c.end] in cores
        and text[c.start - 1 : c.start] in "“‘"
        and text[c.end : c.end + 1] in "”’"
        else c
        for c in found
    ]


def this_team(doc: Doc, text: str, pattern: re.Pattern[str]) -> None:
    """该宣讲团成立于2019年, 。议事会由…组成: 该 and a team's kind, or the kind opening a
    clause and acting, refer to the team of that kind named before (“红色宣讲团”)."""
    teams = [
        (c.end, text[c.start : c.end])
        for c in candidates(doc)
        if c.label == "ORG" and c.rule != "generic_ref"
    ]
    for m in pattern.finditer(text):
        group = 1 if m.group(1) else 2
        kind = m.group(group)
        if any(end <= m.start() and name.endswith(kind) for end, name in teams):
            add_candidate(doc, m.start(group), m.end(group), "ORG", "generic_ref")


QUOTED_RULES = frozenset({"verb+quoted", "quoted_kind", "quoted+kind"})


def written_again(doc: Doc, text: str) -> None:
    """A program named in quotation marks and written again without them (推行“积分制”
    … 推广积分制管理): each later occurrence is a mention too."""
    found = candidates(doc)
    names = {
        text[c.start : c.end]
        for c in found
        if c.label == "PROGRAM" and c.rule in QUOTED_RULES and c.end - c.start >= 3
    }
    if not names:
        return
    taken = bytearray(len(text))
    for c in found:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    for name in sorted(names, key=len, reverse=True):
        at = text.find(name)
        while at != -1:
            end = at + len(name)
            if taken.find(1, at, end) == -1:
                add_candidate(doc, at, end, "PROGRAM", "program_again")
                taken[at:end] = b"\x01" * len(name)
            at = text.find(name, end)
