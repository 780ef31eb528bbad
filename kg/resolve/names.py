"""Which names of a document name one thing: the alias groups of the resolve stage."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from kg.gazetteer import LEVEL_CHARS, Division, Gazetteer
from kg.lexicon import LEGAL_FORMS, PARTY_BODY_END, load_lexicon
from kg.short_names import org_short_forms

# the levels an organ's short name opens with (州委组织部 of 中共黔东南州委组织部, 旗委)
ORGAN_LEVELS = LEVEL_CHARS + "州旗盟"


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def alias_groups(names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map each (name, type) to the canonical name of its entity."""
    by_type: dict[str, set[str]] = {}
    written: Counter[str] = Counter()  # how often each place name is written
    for name, etype in names:
        by_type.setdefault(etype, set()).add(name)
        if etype == "PLACE":
            written[name] += 1
    gazetteer = Gazetteer.load()
    kinds_by_last = _kinds_by_last_char(load_lexicon().program_suffixes)
    kinds = frozenset(load_lexicon().program_suffixes)
    canonical: dict[tuple[str, str], str] = {}
    for etype, group in by_type.items():
        uf = _UnionFind()
        uf.parent = {name: name for name in group}  # each name its own root, as find() makes it
        ordered = sorted(group, key=lambda n: (-len(n), n))  # ties in a fixed order, not hash order
        if etype == "PLACE":
            _join_divisions(uf, group, gazetteer, written)
            for name in group:  # 白云湖街 is 白云湖街道 written short
                if name.endswith("街") and name + "道" in group:
                    uf.union(name + "道", name)
        if etype == "ORG":
            _join_place_prefix_variants(uf, group, gazetteer)
        if etype in {"ORG", "PROGRAM"}:
            ending_with = longer_forms(ordered)
            for short in ordered:
                if len(short) < 2:
                    continue
                longer = ending_with.get(short)
                if not longer:
                    continue
                if etype == "ORG" and short[0] in ORGAN_LEVELS:
                    longer = [n for n in longer if level_match(n, short)]
                elif etype == "PROGRAM" and short in kinds and len(longer) == 1:
                    pass  # 《意见》 after 《关于…的实施意见》: the one document of that kind
                elif etype == "ORG" or len(short) < 4:
                    # a prefix that is a place, or for an organization the name of its
                    # parent (中建四局 in 中建四局X项目党支部, later written X项目党支部)
                    longer = [
                        n
                        for n in longer
                        if _place_prefixed(n[: -len(short)], gazetteer)
                        # 中共宜宾市委 and 宜宾市委: 中共 before a name is the same body
                        or (etype == "ORG" and n[: -len(short)] == "中共")
                        # (文学院 in 华中师范大学文学院学生党支部, later 文学院学生党支部)
                        or (etype == "ORG" and len(short) >= 3 and n[: -len(short)] in group)
                        # 产业链党委 after 泡菜产业链党委: the one Party body so named
                        or (etype == "ORG" and len(short) >= 5 and PARTY_BODY_END.search(short))
                    ]
                if len(longer) == 1 or (
                    longer and all(uf.find(n) == uf.find(longer[0]) for n in longer)
                ):
                    uf.union(longer[0], short)
        if etype == "ORG":  # 固始高中 is 固始县高级中学 written short
            for name in ordered:
                for form in org_short_forms(name, gazetteer):
                    if form in group:
                        uf.union(name, form)
            _join_league_short_forms(uf, group)
            _join_company_short_names(uf, group)
        if etype == "PROGRAM":
            for name in ordered:
                for kind in kinds_by_last.get(name[-1:], ()):
                    base = name.removesuffix(kind)
                    if base != name and base in group and len(base) >= 2:
                        uf.union(name, base)
        members: dict[str, list[str]] = {}
        for name in group:
            members.setdefault(uf.find(name), []).append(name)
        for names_of in members.values():
            best = names_of[0] if len(names_of) == 1 else max(names_of, key=lambda n: (len(n), n))
            for name in names_of:
                canonical[(name, etype)] = best
    return canonical


def _divisions_before(name: str, gazetteer: Gazetteer) -> tuple[int, str | None]:
    """Where the chain of division names that opens ``name`` ends, and the code of its last
    division (江苏省常州市新北区|薛家镇综合党委 → 9, 新北区's code)."""
    at, code = 0, None
    while True:
        # up to 11 characters: 克孜勒苏柯尔克孜自治州, 黔南布依族苗族自治州
        for end in range(min(len(name), at + 11), at + 1, -1):
            divisions = gazetteer.lookup(name[at:end])
            if divisions:
                at, code = end, divisions[0].code
                break
        else:
            return at, code


def _join_place_prefix_variants(uf: _UnionFind, group: set[str], gazetteer: Gazetteer) -> None:
    """江苏省常州市新北区薛家镇综合党委 and 常州新北区薛家镇综合党委: one body written with
    its place chain in two ways (the same last division, the same name after it)."""
    by_core: dict[tuple[str, str], list[str]] = {}
    for name in sorted(group):
        at, code = _divisions_before(name, gazetteer)
        # 黔南州委 and 贵州省黔南布依族苗族自治州委: the committee of one division
        if code is not None and (len(name) - at >= 4 or name.startswith("委", at)):
            by_core.setdefault((name[at:], code), []).append(name)
    for names in by_core.values():
        for other in names[1:]:
            uf.union(names[0], other)


# 三一集团有限公司 may be written 三一集团 or 三一: the group's form is tried first
_COMPANY_FORMS = (*("集团" + form for form in LEGAL_FORMS), *LEGAL_FORMS)


def _join_company_short_names(uf: _UnionFind, group: set[str]) -> None:
    """三一重工党委 is 三一重工股份有限公司党委 without its legal form: one body."""
    for name in group:
        form = next((f for f in _COMPANY_FORMS if f in name), None)
        if form is None:
            continue
        at = name.index(form)
        short = name[:at] + name[at + len(form) :]
        if at >= 2 and short in group:
            uf.union(name, short)


_LEAGUE_SHORT = re.compile(r"团([省市区县州])委")


def _join_league_short_forms(uf: _UnionFind, group: set[str]) -> None:
    """团区委 is the Youth League committee of the district the document names: the one
    League committee of that level (共青团渝北区委, written in full or not)."""
    for short in group:
        level = _LEAGUE_SHORT.fullmatch(short)
        if level is None:
            continue
        ends = level.group(1) + "委"
        full = {
            uf.find(n) for n in group if n.startswith("共青团") and n.endswith(ends) and n != short
        }
        if len(full) == 1:
            uf.union(full.pop(), short)


def longer_forms(names: Iterable[str]) -> dict[str, list[str]]:
    """Each name of two or more characters that ends another name, mapped to the names it
    ends (天河区委 → [广州市天河区委]), in the order given.

    Every name is filed under each of its proper suffixes that is a name too (only the
    lengths of the names are tried), so finding the longer forms of a name is one look-up:
    linear in the names, not quadratic."""
    names = list(names)
    known = set(names)
    lengths = sorted({len(name) for name in known if len(name) >= 2})
    ending_with: dict[str, list[str]] = {}
    for name in names:
        for length in lengths:
            if length >= len(name):
                break
            suffix = name[-length:]
            if suffix in known:
                ending_with.setdefault(suffix, []).append(name)
    return ending_with


@lru_cache(maxsize=4)
def _kinds_by_last_char(kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Program kind words (工程, 行动 …) grouped by their last character, in list order."""
    by_last: dict[str, list[str]] = {}
    for kind in kinds:
        by_last.setdefault(kind[-1], []).append(kind)
    return {char: tuple(words) for char, words in by_last.items()}


def level_match(long: str, short: str) -> bool:
    """区委 ↔ 蓬江区委: the long form ends with the short form's level and organ."""
    cut = len(long) - len(short)
    return cut > 0 and long[cut] == short[0]


def _place_prefixed(prefix: str, gazetteer: Gazetteer) -> bool:
    if not prefix:
        return False
    if gazetteer.lookup(prefix):
        return True
    if prefix.startswith("共青团"):
        return False  # 共青团重庆市渝北区委 is the Youth League's, not 渝北区委 (the Party's)
    return prefix[-1] in "省市区县州盟旗镇乡村街道" or prefix.endswith(("社区", "街道"))


def _join_divisions(
    uf: _UnionFind, group: set[str], gazetteer: Gazetteer, written: Counter[str]
) -> None:
    by_code: dict[str, list[str]] = {}
    for name in sorted(group):
        division = written_division(name, gazetteer, written)
        if division is not None:
            by_code.setdefault(division.code, []).append(name)
    for names in by_code.values():
        for other in names[1:]:
            uf.union(names[0], other)


def written_division(name: str, gazetteer: Gazetteer, written: Counter[str]) -> Division | None:
    """The division a place name stands for in a document: where the name is several
    divisions' (吉林: the province and its city), the one whose full name the document
    writes most often (吉林市 fifteen times, 吉林省 three: the city); else, and on a tie,
    the gazetteer's first (provinces before cities, full names before short forms)."""
    divisions = gazetteer.lookup(name)
    if len(divisions) < 2 or divisions[0].name == name:  # a full name is its own division
        return divisions[0] if divisions else None
    best = max(written[d.name] for d in divisions)
    return next(d for d in divisions if written[d.name] == best)
