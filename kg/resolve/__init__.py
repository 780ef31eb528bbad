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
from itertools import islice

from kg.gazetteer import Gazetteer
from kg.lexicon import LEGAL_FORMS, alternation, load_lexicon
from kg.records import DocumentRecord, Entity, Mention, Quantity, RecognizedDocument, Relation
from kg.resolve.names import alias_groups, longer_forms
from kg.resolve.references import (
    _named_elsewhere,
    _place_of_reference,
    antecedents,
    company_of_reference,
)

__all__ = ["alias_groups", "longer_forms", "resolve"]

_PLACE_MAY_ACT = frozenset({"implements", "established"})


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
            head = head or company_of_reference(rel.head, named)
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
        if subject is None and (company := company_of_reference(q.subject, named)):
            subject = by_name.get(company, company)  # 集团党委成立临时党支部15个
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
    r"([\u4e00-\u9fff]{2,8}?)" + alternation([*LEGAL_FORMS, "分公司", "公司", "分行", "支行"])
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
