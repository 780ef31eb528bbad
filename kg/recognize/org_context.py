"""ORG names read off other names and lines, once the grammar has found its names: news
outlets of a byline's source line, organizations written in short where the document gives
their full names, the companies whose branches are named after them and a place, and kind
words alone that refer to a body named before."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.recognize.base import (
    ACTING_AFTER_KIND,
    CLAUSE_OPENING,
    HEAD_AFTER_KIND,
    Candidate,
    add_candidate,
    candidates,
    doc_text,
    is_name_char,
)
from kg.short_names import org_short_forms


class OutletRules:
    """News outlets named in a byline's source line (来源：金羊网) are organizations."""

    SOURCE = re.compile(
        r"(?m)^[ \u3000]*(?:稿件)?来源[:：][ \u3000]*([\u4e00-\u9fffA-Za-z]{2,16})[ \u3000]*$"
    )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for m in self.SOURCE.finditer(text) if "来源" in text else ():
            add_candidate(doc, m.start(1), m.end(1), "ORG", "byline_source")
        return doc


class OrgShortForms:
    """An organization written in short (固始高中) where the document also gives its full
    name (河南省信阳市固始县高级中学): every place the text writes one of the full names'
    short forms (:func:`kg.short_names.org_short_forms`) becomes a candidate; the merger
    prefers it, the longer name, to the place it opens (固始)."""

    RULE = "short_form"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        group = candidates(doc)
        names = {text[c.start : c.end] for c in group if c.label == "ORG"}
        forms = sorted({f for name in names for f in org_short_forms(name, self.gazetteer)} - names)
        if forms:  # one pass over the text for all of them, however many names it has
            automaton = AhoCorasick(forms)
            for _, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
                add_candidate(doc, start, end, "ORG", self.RULE)
        return doc


class BranchHosts:
    """A company's branch named after it and a place (华润置地杭州公司, 国家电网江苏公司,
    招商银行广州分行, 华为广州研发中心): the name before the place is the parent company, nested
    in the branch's name (a ``branch_host`` candidate), even where it has no suffix of its own."""

    RULE = "branch_host"
    BRANCH_SUFFIXES = frozenset(
        {"公司", "分公司", "分行", "支行", "研发中心", "研究院", "分院", "营业部", "办事处"}
    )

    def __init__(self, generic: frozenset[str]) -> None:
        self.generic = generic

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        group = candidates(doc)
        division_starts: dict[int, set[int]] = {}  # a division's end → where such ones start
        for c in group:
            if c.label == "PLACE" and c.rule.isdigit():
                division_starts.setdefault(c.end, set()).add(c.start)
        place_starts = {c.start for c in group if c.label == "PLACE"}
        hosts = set()
        for org in group:
            if org.label != "ORG" or org.start in place_starts:
                continue  # 广东江门公司: no company before the place
            for suffix in self.BRANCH_SUFFIXES:
                if not text.endswith(suffix, org.start, org.end):
                    continue
                for start in division_starts.get(org.end - len(suffix), ()):
                    while start > org.start and division_starts.get(start):
                        start = min(division_starts[start])  # …公司成都|锦江支行: the chain's
                    brand = text[org.start : start]
                    if (
                        len(brand) >= 2
                        and brand not in self.generic
                        and all(is_name_char(ch) for ch in brand)
                    ):
                        hosts.add((org.start, start))
        for start, end in sorted(hosts):
            add_candidate(doc, start, end, "ORG", self.RULE)
        return doc


# 。中心总面积1200平方米, ，驿站设有…: a venue's kind opening a clause, about the venue named so
_BARE_VENUE = re.compile(
    CLAUSE_OPENING
    + r"(中心|驿站|基地|服务站)"
    + r"(?=总面积|建筑面积|面积|占地|设有|设置|运行|建成|投入使用|共|累计|已|自|先后|还|年均|每年)",
    re.MULTILINE,
)
_BARE_BRANCH = re.compile(CLAUSE_OPENING + r"支部(?=[\u4e00-\u9fff])", re.MULTILINE)
_BARE_BODY = re.compile(
    CLAUSE_OPENING
    + r"(学院|公司|集团|医院|学校|项目部|协会|商会|联盟|宣讲团|服务队|突击队|工作队|先锋队|志愿队"
    + r"|巡察组|巡视组|督导组|工作组)"
    + f"(?:{ACTING_AFTER_KIND}|{HEAD_AFTER_KIND})",
    re.MULTILINE,
)


def bare_references(doc: Doc, text: str, found: Iterable[Candidate]) -> None:
    """A kind word alone opening a clause refers to the body of that kind named before it
    among ``found`` (the grammar's names): 。支部实施X and ，该支部入选 to the Party branch,
    ，学院还与乙党委签订共建协议 to the college; 。中心总面积… to the venue (a place)."""
    found = list(found)
    branches = [
        c.end
        for c in found
        if c.label == "ORG" and c.rule != "generic_ref" and text.endswith("支部", 0, c.end)
    ]
    for bare in _BARE_BRANCH.finditer(text):
        if any(end <= bare.start() for end in branches):
            add_candidate(doc, bare.start(), bare.end(), "ORG", "generic_ref")
    for pattern, label in ((_BARE_VENUE, "PLACE"), (_BARE_BODY, "ORG")):
        for bare in pattern.finditer(text):
            kind = bare.group(1)
            if any(
                c.label == label and c.end <= bare.start() and text.endswith(kind, 0, c.end)
                for c in found
            ):
                add_candidate(doc, bare.start(1), bare.end(1), label, "generic_ref")


# 新文化花园社区“大党委”: a kind of body quoted right after the place it belongs to
_QUOTED_KIND = re.compile(r"“(大党委|联合党委|综合党委|大工委|联合党支部|党建联盟|党建联合体)”")


def quoted_kinds(doc: Doc, text: str, found: Iterable[Candidate]) -> None:
    """A body's kind quoted right after a place (南营门街道新文化花园社区“大党委”) names
    that place's body, the place chain written before it included; the quotes are dropped
    from the name as from every name."""
    places = {c.end: c.start for c in found if c.label == "PLACE"}
    for kind in _QUOTED_KIND.finditer(text):
        start = places.get(kind.start())
        if start is None:
            continue
        while start in places:  # 南营门街道|新文化花园社区: the chain's first place
            start = places[start]
        add_candidate(doc, start, kind.end(), "ORG", "org_grammar")
