"""The final choice of entities among the candidates."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import ClassVar

from spacy.tokens import Doc, Span

from kg.recognize.base import (
    LEVEL_COMMITTEES,
    NESTED,
    Candidate,
    candidates,
    doc_text,
)

# 组建15个新就业群体党支部, 成立行业党委9个: a counted kind of organization, no name
_NUMERALS = "0123456789０１２３４５６７８９一二三四五六七八九十百千万两几"
_NUMERAL_CHARS = frozenset(_NUMERALS)
_NUMBER = f"[{_NUMERALS}]+[多余]?"
_COUNTED_BEFORE = re.compile(f"{_NUMBER}[个家支][“‘]?$")
_ONE_BEFORE = re.compile(f"(?<![{_NUMERALS}])[一1][个家支][“‘]$")
_COUNTED_AFTER = re.compile(f"{_NUMBER}[个家支](?![\u4e00-\u9fff])")  # not 甲、乙3个楼宇党支部


def _counted_kind(text: str, cand: Candidate) -> bool:
    start, end = cand.start, cand.end
    if cand.label == "PLACE":
        # 建设“小哥驿站”86个: a kind of venue counted, no one venue's name
        return (
            text[start - 1 : start] in ("“", "‘")
            and text[end : end + 1] in ("”", "’")
            and _COUNTED_AFTER.match(text, end + 1) is not None
        )
    if cand.label != "ORG":
        return False
    # the characters next to the name first: a regex step only where a count may be
    before = text[start - 1 : start] if start else ""
    if before in ("“", "‘"):
        before = text[start - 2 : start - 1] if start > 1 else ""
    if (
        before
        and before in "个家支"
        and _COUNTED_BEFORE.search(text, max(0, start - 8), start) is not None
        # 组建一支“骑士志愿服务队”: one body named in quotes, not a kind counted (as in
        # 引进1家农民种植专业合作社)
        and _ONE_BEFORE.search(text, max(0, start - 4), start) is None
    ):
        return True
    after = text[end : end + 1]
    return after in _NUMERAL_CHARS and _COUNTED_AFTER.match(text, end) is not None


class EntityMerger:
    """Choose the final entities: longest candidates first, no overlaps.

    The chosen candidates become ``doc.ents`` and ``doc.user_data["dj_chosen"]``; places
    and parent organizations nested inside a chosen entity (天河区委 and 天河区 in
    天河区委组织部) are kept, with their owner, in ``doc.user_data["dj_nested"]``.
    With ``set_ents=False`` (the extractor's choice: it reads ``dj_chosen``) ``doc.ents``
    is left alone, which saves building a ``Span`` per entity.
    """

    def __init__(self, set_ents: bool = True, organs: frozenset[str] = frozenset()) -> None:
        """``organs``: the names of the organs of the lexicon (the rule of their candidates),
        hosts of a Party body named after them (市国资委 in 市国资委党委)."""
        self.set_ents = set_ents
        self.organs = organs

    PRIORITY: ClassVar[dict[str, int]] = {
        "HONOR": 4,
        "PERSON": 3,
        "ORG": 2,
        "PROGRAM": 1,
        "PLACE": 0,
    }

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        priority = self.PRIORITY
        # the sort keys are distinct (a candidate is its span, label and rule), so sorting
        # (key, candidate) pairs never compares two candidates: one tuple each, no key call
        ordered = [
            keyed[-1]
            for keyed in sorted(
                [
                    (
                        c.start - c.end,
                        -priority[c.label],
                        c.start,
                        c.rule.endswith("_grammar"),  # a lexicon name beats it by grammar
                        c.rule,
                        c,
                    )
                    for c in set(candidates(doc))
                    if not _counted_kind(text, c)
                ]
            )
        ]
        taken = bytearray(len(text))
        chosen: list[Candidate] = []
        rest: list[Candidate] = []
        for cand in ordered:
            if taken.find(1, cand.start, cand.end) != -1:
                rest.append(cand)
                continue
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
        chosen = _complete_people(text, chosen, taken)
        chosen.sort()
        doc.user_data["dj_chosen"] = chosen
        # tokens outside entities keep a missing entity tag: setting "O" on every
        # character token costs as much as all the rules
        if self.set_ents:
            doc.set_ents(
                [Span(doc, c.start, c.end, label=c.label) for c in chosen], default="unmodified"
            )
        chosen_starts = [c.start for c in chosen]
        nested: dict[tuple[int, int, str], tuple[Candidate, Candidate]] = {}
        # 刘长江劳模创新工作室: a place a person's name runs into (长江 of 刘长江) is no place
        person_at = {
            i for c in (*chosen, *rest) if c.label == "PERSON" for i in range(c.start + 1, c.end)
        }
        for cand in rest:
            if cand.label not in {"PLACE", "ORG"}:
                continue
            if cand.label == "PLACE" and cand.start in person_at:
                continue
            i = bisect_right(chosen_starts, cand.start) - 1
            if i < 0 or cand.end > chosen[i].end:
                continue
            owner = chosen[i]
            if owner.label not in {"ORG", "PLACE"}:
                continue
            if (
                cand.label == "ORG"
                and not (
                    self._organ_host(text, cand, owner)
                    or cand.rule in {"joint_host", "branch_host"}
                )
                and (
                    cand.start != owner.start
                    or owner.label != "ORG"
                    or cand.rule != "org_grammar"
                    or owner.rule != "org_grammar"
                    or (
                        cand.end - cand.start <= 2
                        # 市委 in 市委组织部: a parent the name names
                        and text[cand.start : cand.end] not in LEVEL_COMMITTEES
                    )
                )
            ):
                continue
            if (
                cand.label == "PLACE"
                and owner.label == "PLACE"
                and (cand.start != owner.start or cand.rule != owner.rule)
                and cand.rule.isdigit()
                and owner.rule.isdigit()
            ):
                # a division's name holds no other division: 朝阳 (a city) opening 朝阳区 (a
                # district) is the district's own name, 沙市 in 长沙市 no name at all
                continue
            if (
                cand.label == "PLACE"
                and owner.label == "PLACE"
                and cand.rule == "region"
                and (
                    owner.rule.isdigit()
                    or owner.rule == "region"
                    # 平江南里社区: a region read across the words of a place's name
                    or (owner.rule.endswith("_grammar") and cand.start > owner.start)
                )
            ):
                # nor a region: 中原 opening 中原区 is the district's own name, 鲁西南 in
                # 鲁西南地区 the region's, 西北 in 粤东西北地区 no name
                continue
            if (cand.start, cand.end) != (owner.start, owner.end):
                nested.setdefault((cand.start, cand.end, cand.label), (cand, owner))
        keys = sorted(nested, key=lambda k: (k[0], -k[1]))
        # 吉县 inside 安吉县 inside 安吉县民政局: a place inside a nested place is no name
        # (keys run by start, longest first: a place's container comes before it)
        inner: set[tuple[int, int, str]] = set()
        reach = -1
        for k in keys:
            if k[2] == "PLACE":
                if k[1] <= reach:
                    inner.add(k)
                reach = max(reach, k[1])
        doc.user_data[NESTED] = [nested[k] for k in keys if k not in inner]
        return doc

    def _organ_host(self, text: str, cand: Candidate, owner: Candidate) -> bool:
        """省妇联 in 省妇联党组: an organ of the lexicon opening the name of its Party body (or
        of its department: 区纪委监委第三监督检查室, or of a company's unit: 中石油吉林石化)."""
        return (
            cand.rule in self.organs
            and cand.start == owner.start
            and owner.rule == "org_grammar"
            and _HOSTED_PARTY_BODY.fullmatch(text, cand.end, owner.end) is not None
        )


_HOSTED_PARTY_BODY = re.compile(
    r"(?:机关)?(?:党委|党组|党总支|党支部|党工委)"
    # 区纪委监委第三监督检查室: a department of the organ, named after it
    r"|(?:第[一二三四五六七八九十\d]+)?(?:监督检查室|审查调查室|纪检监察室|案件审理室|办公室)"
    # 中石油吉林石化, 国家电网湖北省电力公司: a company's unit, named after the company
    r"|[\u4e00-\u9fff]{2,12}(?:分公司|子公司|石化|油田|炼化|分行|支行|电力公司|供电公司)"
)


def _complete_people(text: str, chosen: list[Candidate], taken: bytearray) -> list[Candidate]:
    """A person's name cut short where the next word swallowed its last character
    (周海军用树枝 read as 周海 + 军用) is completed to the longer name the same document
    gives that person elsewhere, when the text there reads the longer name."""
    people = sorted({text[c.start : c.end] for c in chosen if c.label == "PERSON"})
    longer = {
        short: [name for name in people if len(name) > len(short) and name.startswith(short)]
        for short in people
    }
    out: list[Candidate] = []
    for c in chosen:
        names = longer.get(text[c.start : c.end]) if c.label == "PERSON" else None
        if names:
            for name in sorted(names, key=len, reverse=True):
                end = c.start + len(name)
                if text.startswith(name, c.start) and taken.find(1, c.end, end) == -1:
                    taken[c.end : end] = b"\x01" * (end - c.end)
                    c = Candidate(c.start, end, c.label, c.rule)
                    break
        out.append(c)
    return out
