"""References: kind words and short forms that stand for a body the document names."""

from __future__ import annotations

import re

from kg.lexicon import LEGAL_FORMS, LEVEL_PARTY_BODY, SITE_KINDS
from kg.records import Mention
from kg.resolve.names import ORGAN_LEVELS, level_match

_PARTNER_BEFORE = re.compile(r"[与同跟和]$")


def antecedents(
    references: list[Mention], named: list[Mention], text: str = ""
) -> dict[Mention, Mention]:
    """For each generic reference (村党总支, 联合党委, 中心), the nearest named organization (a
    venue: place) before it whose name ends the same way (五洞村党总支, 汉兴商务区联合党委,
    东街街道党群服务中心). 支部 alone refers to
    no partner (支部与乙党支部共建。支部入选…: the first branch, not 乙)."""
    by_type: dict[str, list[Mention]] = {}
    for m in sorted(named, key=lambda m: m.start):
        by_type.setdefault(m.type, []).append(m)
    place_starts = {m.start for m in by_type.get("PLACE", [])}
    found: dict[Mention, Mention] = {}
    for ref in references:
        endings = _reference_endings(ref.text)
        matches = (
            m
            for m in reversed(by_type.get(ref.type, []))
            if m.start < ref.start
            and not (
                ref.text == "支部" and _PARTNER_BEFORE.search(text, max(0, m.start - 1), m.start)
            )
            and len(m.text) > len(ref.text)
            and m.text.endswith(endings)
            and (ref.text[0] not in ORGAN_LEVELS or level_match(m.text, ref.text))
        )
        nearest = next(matches, None)
        if nearest is not None and ref.text.startswith(_HOLDS_COLLEGES):
            # 学校党委 after 青岛科技学院党委…材料学院党委: the school, not one of its colleges
            # (a school's name opens with its place, a college's with its subject)
            placed = (m for m in matches if m.start in place_starts)
            if nearest.start not in place_starts:
                nearest = next(placed, nearest)
        if nearest is not None:
            found[ref] = nearest
    return found


_HOLDS_COLLEGES = ("学校", "全校", "校")


_COMPANY_REFERENCE = re.compile(r"^(公司|集团)(党委|党总支|党支部)$")


def _company_committee(ref: Mention, orgs: list[Mention]) -> Mention | None:
    """公司党委 in a piece on 信达生物制药（苏州）有限公司 whose committee is written 信达生物党委
    (before or after the reference): the one Party body named after the short form of the
    one company the document names."""
    kind = _COMPANY_REFERENCE.match(ref.text)
    company = _the_one_company(orgs) if kind is not None else None
    if kind is None or company is None:
        return None
    party = kind.group(2)
    bodies = {
        m.text: m
        for m in orgs
        if m.text.endswith(party)
        and len(m.text) - len(party) >= 2
        and company.startswith(m.text[: -len(party)])
    }
    return next(iter(bodies.values())) if len(bodies) == 1 else None


def company_of_reference(ref: str, named: list[Mention]) -> str | None:
    """集团党委 in a piece on one company that never names its committee: the company, which
    acts through it (集团党委推行X → 山东港湾建设集团), or None."""
    if _COMPANY_REFERENCE.match(ref) is None:
        return None
    return _the_one_company([m for m in named if m.type == "ORG"])


def _the_one_company(orgs: list[Mention]) -> str | None:
    """The name of the one company or group among ``orgs``, if there is exactly one."""
    companies = {m.text for m in orgs if m.text.endswith(("公司", "集团"))}
    return companies.pop() if len(companies) == 1 else None


# 学校党委 after 青禾大学党委: a kind of body stands for the kinds of name it covers
_UNIT_KINDS = {
    "学校": ("大学", "学院", "中学", "小学"),
    "院": ("医院", "学院", "研究院"),
    "集团": (*("集团" + form for form in LEGAL_FORMS), "集团公司"),
    "公司": LEGAL_FORMS,
    "行": tuple("银行" + form for form in LEGAL_FORMS),
    "项目": ("项目", "项目部"),  # 项目党支部 after X项目部临时党支部
    "园区": ("园区", "园", "开发区", "高新区"),  # 园区党委 after X产业园党委, X开发区党工委
    # 码头党委 after X码头公司党委: a site and the company it is
    **{
        site: (site, *(site + form for form in ("公司", *LEGAL_FORMS, "集团")))
        for site in SITE_KINDS
    },
}


def _reference_endings(ref: str) -> tuple[str, ...]:
    endings: tuple[str, ...] = (ref,)
    for unit, kinds in _UNIT_KINDS.items():
        if ref.startswith(unit):
            rest = ref[len(unit) :]
            endings = (ref, *(kind + rest for kind in kinds))
            break
    # 项目党支部 after X项目临时党支部: the temporary branch of that kind
    party = _TEMPORARY_PARTY.search(ref)
    if party is not None:
        endings += tuple(e[: -len(party.group())] + "临时" + party.group() for e in endings)
    return endings


_TEMPORARY_PARTY = re.compile(r"(?<!临时)(?:党支部|党委|党总支)$")


def _place_of_reference(ref: str, places: list[Mention], before: int) -> str | None:
    """The place a reference to its own Party body stands for where the document never
    names the body: 街道党工委 → the last street named before (红旗街道)."""
    unit = LEVEL_PARTY_BODY.fullmatch(ref)
    if unit is None:
        return None
    level = unit.group(1)
    found = [m for m in places if m.start < before and m.text.endswith(level)]
    return found[-1].text if found else None


def _named_elsewhere(
    references: list[Mention],
    resolved: dict[Mention, Mention],
    named: list[Mention],
    places: list[Mention],
) -> dict[Mention, Mention]:
    """References with no antecedent before them that name a body the document names
    elsewhere: the body of the place last named (在望湖社区，社区党委牵头… → 望湖社区党委),
    or the one company's committee (公司党委 → 信达生物党委)."""
    orgs = sorted((m for m in named if m.type == "ORG"), key=lambda m: m.start)
    by_name = {m.text: m for m in orgs}
    found: dict[Mention, Mention] = {}
    for ref in references:
        if ref in resolved:
            continue
        unit = LEVEL_PARTY_BODY.fullmatch(ref.text)
        place = _place_of_reference(ref.text, places, ref.start) if unit else None
        own = by_name.get(place + ref.text[len(unit.group(1)) :]) if unit and place else None
        own = own or _company_committee(ref, orgs)
        if own is not None:
            found[ref] = own
    return found
