"""Resolve stage: one entity per thing within a document, with its other names.

Mentions with the same name and type are one entity. Names are then joined as aliases
when the document links them:

* a gazetteer division under its full and short names (广东省 / 广东);
* a level short form and its one named long form (区委 → 蓬江区委; 省纪委监委 →
  广东省纪委监委), when the document has exactly one long form;
* an organization or program name and the same name with a place or qualifier before it
  (南区联合党委 → 天河区南区联合党委), when that long form is unique;
* a quoted program and the same name with its kind word (三会一课 → 三会一课制度);
* an organization and its short form (固始高中 → 固始县高级中学, :mod:`kg.short_names`).

The canonical name is the longest. Relations and quantities are rewritten to canonical
names and deduplicated.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from kg.gazetteer import LEVEL_CHARS, Division, Gazetteer
from kg.lexicon import load_lexicon
from kg.records import DocumentRecord, Entity, Mention, Quantity, RecognizedDocument, Relation
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
                    longer = [n for n in longer if _level_match(n, short)]
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
                        or (etype == "ORG" and len(short) >= 5 and _PARTY_END.search(short))
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
        for end in range(min(len(name), at + 8), at + 1, -1):
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
        if code is not None and len(name) - at >= 4:
            by_core.setdefault((name[at:], code), []).append(name)
    for names in by_core.values():
        for other in names[1:]:
            uf.union(names[0], other)


_LEGAL_FORMS = ("集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司")


def _join_company_short_names(uf: _UnionFind, group: set[str]) -> None:
    """三一重工党委 is 三一重工股份有限公司党委 without its legal form: one body."""
    for name in group:
        form = next((f for f in _LEGAL_FORMS if f in name), None)
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


def _level_match(long: str, short: str) -> bool:
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
    found: dict[Mention, Mention] = {}
    for ref in references:
        endings = _reference_endings(ref.text)
        for m in reversed(by_type.get(ref.type, [])):
            if m.start >= ref.start:
                continue
            if ref.text == "支部" and _PARTNER_BEFORE.search(text, max(0, m.start - 1), m.start):
                continue
            if (
                len(m.text) > len(ref.text)
                and m.text.endswith(endings)
                and (ref.text[0] not in ORGAN_LEVELS or _level_match(m.text, ref.text))
            ):
                found[ref] = m
                break
    return found


_COMPANY_REFERENCE = re.compile(r"^(公司|集团)(党委|党总支|党支部)$")


def _company_committee(ref: Mention, orgs: list[Mention]) -> Mention | None:
    """公司党委 in a piece on 信达生物制药（苏州）有限公司 whose committee is written 信达生物党委
    (before or after the reference): the one Party body named after the short form of the
    one company the document names."""
    kind = _COMPANY_REFERENCE.match(ref.text)
    if kind is None:
        return None
    companies = {m.text for m in orgs if m.text.endswith(("公司", "集团"))}
    if len(companies) != 1:
        return None
    (company,) = companies
    party = kind.group(2)
    bodies = {
        m.text: m
        for m in orgs
        if m.text.endswith(party)
        and len(m.text) - len(party) >= 2
        and company.startswith(m.text[: -len(party)])
    }
    return next(iter(bodies.values())) if len(bodies) == 1 else None


# 学校党委 after 青禾大学党委: a kind of body stands for the kinds of name it covers
_UNIT_KINDS = {
    "学校": ("大学", "学院", "中学", "小学"),
    "院": ("医院", "学院", "研究院"),
    "集团": ("集团有限公司", "集团股份有限公司", "集团有限责任公司", "集团公司"),
    "公司": ("有限公司", "股份有限公司", "有限责任公司"),
    "行": ("银行股份有限公司", "银行有限公司", "银行有限责任公司"),
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


_PARTY_END = re.compile(r"(?:党委|党工委|党总支|党支部|党组)$")
_TEMPORARY_PARTY = re.compile(r"(?<!临时)(?:党支部|党委|党总支)$")


_PLACE_MAY_ACT = frozenset({"implements", "established"})
_REFERENCE_UNIT = re.compile(r"^(街道|社区|村|镇|乡)(?:党总支部|党总支|党支部|党委|党工委|工委)$")


def _place_of_reference(ref: str, places: list[Mention], before: int) -> str | None:
    """The place a reference to its own Party body stands for where the document never
    names the body: 街道党工委 → the last street named before (红旗街道)."""
    unit = _REFERENCE_UNIT.match(ref)
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
        unit = _REFERENCE_UNIT.match(ref.text)
        place = _place_of_reference(ref.text, places, ref.start) if unit else None
        own = by_name.get(place + ref.text[len(unit.group(1)) :]) if unit and place else None
        own = own or _company_committee(ref, orgs)
        if own is not None:
            found[ref] = own
    return found


# 深圳市腾讯计算机系统有限公司（以下简称“腾讯公司”）: the short name the text declares
_DECLARED_SHORT = re.compile(
    r"[）)》”]?[（(](?:以下)?简称[“\"《]{0,2}([^“”\"《》（）()]{2,16})[”\"》]{0,2}[）)]"
)


def _join_declared_short_names(
    canonical: dict[tuple[str, str], str], named: list[Mention], text: str
) -> None:
    """A name followed by （以下简称“X”） is also known as X: X's entity joins the name's."""
    if "简称" not in text:
        return
    ends = {m.end: m for m in named}  # (a closing mark after the name opens the match)
    for declared in _DECLARED_SHORT.finditer(text):
        full = ends.get(declared.start())
        short = (declared.group(1), full.type) if full is not None else None
        if full is None or short not in canonical:
            continue
        target, joined = canonical[(full.text, full.type)], canonical[short]
        for key, canon in canonical.items():
            if canon == joined and key[1] == full.type:
                canonical[key] = target


def resolve(
    rec: RecognizedDocument, relations: list[Relation], quantities: list[Quantity]
) -> DocumentRecord:
    """Entities with aliases and mentions; relations and quantities on canonical names."""
    all_mentions: list[Mention] = [*rec.mentions, *(n.mention for n in rec.nested)]
    references = [m for m in all_mentions if m.rule == "generic_ref"]
    named = [m for m in all_mentions if m.rule != "generic_ref"]
    canonical = alias_groups((m.text, m.type) for m in named)
    _join_declared_short_names(canonical, named, rec.source.text)
    by_name: dict[str, str] = {}
    for (name, _etype), canon in canonical.items():
        by_name.setdefault(name, canon)
    entities: dict[tuple[str, str], Entity] = {}
    spans_seen: set[tuple[str, str, int, int]] = set()

    def add(m: Mention, canon: str) -> None:
        mtype, text = m.type, m.text
        entity = entities.get((canon, mtype))
        if entity is None:
            entity = entities[canon, mtype] = Entity(canon, mtype)
        if text != canon and text not in entity.aliases:
            entity.aliases.append(text)
        key = (canon, mtype, m.start, m.end)
        if key not in spans_seen:
            spans_seen.add(key)
            entity.mentions.append(m)

    for m in sorted(named, key=lambda m: (m.start, m.end)):
        add(m, canonical[(m.text, m.type)])
    # 村党总支 after 五洞村党总支: a generic reference names its nearest antecedent
    in_sentence: dict[tuple[int, str], str] = {}
    generic = {m.text for m in references}
    resolved = antecedents(references, named, rec.source.text)
    places = sorted((m for m in named if m.type == "PLACE"), key=lambda m: m.start)
    resolved.update(_named_elsewhere(references, resolved, named, places))
    targets: dict[str, set[str]] = {}
    for ref, antecedent in resolved.items():
        canon = canonical[(antecedent.text, antecedent.type)]
        targets.setdefault(ref.text, set()).add(canon)
        in_sentence[(rec.sentence_at(ref.start).index, ref.text)] = canon
    for ref, antecedent in resolved.items():
        if len(targets[ref.text]) == 1:  # an alias only where it always names the same one
            add(ref, canonical[(antecedent.text, antecedent.type)])

    def name_of(name: str, sentence: int) -> str | None:
        if name in generic and name not in by_name:
            return in_sentence.get((sentence, name))
        return by_name.get(name, name)

    seen_rel: set[tuple[str, str, str]] = set()
    out_relations: list[Relation] = []
    for rel in relations:
        head = name_of(rel.head, rel.sentence.index)
        if head is None and rel.relation in _PLACE_MAY_ACT:
            # 街道党工委探索推行X in a street's piece that never names its committee: the
            # street does
            # (在五马街道，街道党工委组建…: the place may open the sentence itself)
            written_at = rel.sentence.start + max(0, rel.sentence.text.find(rel.head))
            head = _place_of_reference(rel.head, places, written_at)
            head = by_name.get(head, head) if head is not None else None
        tail = rel.tail if rel.relation == "awarded" else name_of(rel.tail, rel.sentence.index)
        key = (head, rel.relation, tail)
        if head is None or tail is None or head == tail or key in seen_rel:
            continue
        seen_rel.add(key)
        if (head, tail) != (rel.head, rel.tail):
            rel = rel.between(head, tail)
        out_relations.append(rel)
    seen_q: set[tuple[str, str, float | int, int]] = set()
    out_quantities: list[Quantity] = []
    for q in quantities:
        subject = name_of(q.subject, q.sentence.index)
        qkey = (subject, q.measure, q.value, q.sentence.index)
        if subject is None or qkey in seen_q:
            continue
        seen_q.add(qkey)
        out_quantities.append(q if subject == q.subject else q.about(subject))
    _own_level_aliases(entities.values(), all_mentions)
    _quoted_aliases(entities.values(), rec.source.text)
    ordered = sorted(entities.values(), key=lambda e: (e.mentions[0].start, e.type))
    return DocumentRecord(rec.source.name, ordered, out_relations, out_quantities)


def _own_level_aliases(entities: Iterable[Entity], mentions: list[Mention]) -> None:
    """An organization written after a place chain or a parent organization is also known by
    its own-level form (GUIDELINES): 河南省信阳市固始县高级中学 → 固始县高级中学 (from its
    most specific place), X公安局Y公安处Z派出所 → Z派出所 (after its last parent). A
    registered name after one region (惠州日报) keeps no such alias."""
    lexicon = load_lexicon()
    generic = lexicon.generic_names | frozenset(lexicon.org_suffixes)
    entities = list(entities)
    taken = Counter(name for e in entities for name in (e.text, *e.aliases))
    own_of: dict[int, set[str]] = {}
    inner = sorted(
        (m for m in mentions if m.type in {"PLACE", "ORG"}), key=lambda m: (m.start, -m.end)
    )
    starts = [m.start for m in inner]
    for entity in entities:
        if entity.type != "ORG":
            continue
        for m in entity.mentions:
            own = _own_level(m, islice(inner, bisect_left(starts, m.start), None))
            if (
                own
                and own != entity.text
                and own not in entity.aliases
                and own not in generic
                and len(own) >= 4
                and not _place_and_legal_form(own)
            ):
                own_of.setdefault(id(entity), set()).add(own)
    claims = Counter(own for owns in own_of.values() for own in owns)
    for entity in entities:
        if id(entity) not in own_of:
            continue
        for own in sorted(own_of[id(entity)]):
            # an own-level form two organizations share (有限公司) or another's name is no alias
            if claims[own] == 1 and taken[own] == 0:
                entity.aliases.append(own)


_LEGAL_FORM_AFTER_PLACE = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:分公司|有限公司|股份有限公司|有限责任公司|公司|分行|支行)"
)


def _place_and_legal_form(own: str) -> bool:
    """中国移动通信集团广东有限公司 → 广东有限公司(深圳分公司): a subsidiary's place and legal
    form name nothing."""
    m = _LEGAL_FORM_AFTER_PLACE.match(own)
    return m is not None and bool(Gazetteer.load().lookup(m.group(1)))


def _own_level(org: Mention, after: Iterable[Mention]) -> str | None:
    """The own-level form of one mention: ``after`` holds the place and organization mentions
    from the mention's start on."""
    places: list[Mention] = []
    parent_end = -1
    chain_end = org.start
    for m in after:
        if m.start >= org.end:
            break
        if m.end >= org.end or m is org:
            continue
        if m.type == "PLACE" and m.start == chain_end:
            places.append(m)
            chain_end = m.end
        elif m.type == "ORG" and m.start == org.start and m.rule != "branch_host":
            # (a branch without its company, 杭州公司 in 华润置地杭州公司, names no one)
            parent_end = max(parent_end, m.end)
    if parent_end > 0 and org.end - parent_end >= 4:
        return org.text[parent_end - org.start :]
    if len(places) >= 2:
        return org.text[places[-1].start - org.start :]
    return None


_QUOTED_PART = re.compile(r"[“‘]([^“”‘’]{2,})[”’]")


def _quoted_aliases(entities: Iterable[Entity], text: str) -> None:
    """A program written as a quoted name and a kind (“行风热线”工作品牌) is also known by
    the quoted name alone (行风热线), unless that names something else."""
    entities = list(entities)
    taken = {name for e in entities for name in (e.text, *e.aliases)}
    for entity in entities:
        if entity.type != "PROGRAM":
            continue
        for m in entity.mentions:
            written = text[max(0, m.start - 1) : m.end + 1]
            quoted = _QUOTED_PART.search(written)
            if quoted is None:
                continue
            inner = quoted.group(1)
            if inner != m.text and m.text.startswith(inner) and inner not in taken:
                entity.aliases.append(inner)
                taken.add(inner)
