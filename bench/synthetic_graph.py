"""A synthetic graph shaped like ``kg build`` output, for ``bench/graph_store.py``.

Turtle with the real vocabulary: places in a province → city → district → town → village
hierarchy (``dj:locatedIn``), organizations (branches, town committees, district
committees, joint committees) with ``org:subOrganizationOf`` and ``dj:manages``, persons
holding ``org:Post``s, programs (``dj:implements``, ``dj:partOfProgram``),
``dj:established``, ``dj:pairedWith`` (both ways), ``dj:awarded``, quantities
(``dj:quantity``), documents and sentences, one ``dj:Assertion`` per relation triple and
``dj:mentionedIn`` links. Names are made of Chinese characters; the generator is seeded, so
the graph is the same every run.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

DJ = "https://w3id.org/dangjian-kg/ontology#"
ID = "https://w3id.org/dangjian-kg/id/"
CHARS = (
    "青川临江白石枫林海门东南西北安平和兴华新阳光明德山水湖溪岭竹源清荷锦绣汉楚天"
    "星汇金港陆通衢岚顺昌惠锡堰武侯望蜀瑞芙蓉宁远长乐永定泰康福寿嘉禾云龙凤凰"
)
ROLES = ("书记", "副书记", "第一书记", "主任", "委员")
MEASURES = ("party_members", "party_organizations", "branches", "people", "money_cny")
UNITS = {
    "party_members": "名",
    "party_organizations": "个",
    "branches": "个",
    "people": "人",
    "money_cny": "元",
}
PROGRAM_KINDS = ("工程", "行动", "计划", "机制", "工作法")
PREFIXES = """@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""
KIND_CLASS = {
    "organization": "dj:Organization",
    "person": "dj:Person",
    "program": "dj:Program",
    "place": "dj:Place",
}
PREDICATE = {
    "manages": "dj:manages",
    "sub_organization_of": "org:subOrganizationOf",
    "located_in": "dj:locatedIn",
    "implements": "dj:implements",
    "part_of_program": "dj:partOfProgram",
    "established": "dj:established",
    "paired_with": "dj:pairedWith",
    "awarded": "dj:awarded",
    "holds_post": "org:holds",
}


# --------------------------------------------------------------------------- generator


def _word(index: int, length: int = 2) -> str:
    """A distinct string of Chinese characters for each index (base-len(CHARS) digits)."""
    out = []
    for _ in range(length):
        index, digit = divmod(index, len(CHARS))
        out.append(CHARS[digit])
    while index:
        index, digit = divmod(index, len(CHARS))
        out.append(CHARS[digit])
    return "".join(out)


def _lit(text: str, lang: str | None = "zh") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


class SyntheticGraph:
    """Accumulates triples (as Turtle terms) grouped by subject, entity by entity."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.subjects: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.count = 0
        self.entities: set[str] = set()
        self.located: set[tuple[str, str]] = set()
        self.facts: set[tuple[str, str, str]] = set()
        self.assertions = 0
        self.quantities = 0
        self.sample: dict[str, str] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.subjects[s].append((p, o))
        self.count += 1

    def entity(self, kind: str, name: str, alias: str | None = None) -> str:
        node = f"<{ID}{kind}/{quote(name, safe='')}>"
        if node not in self.entities:
            self.entities.add(node)
            self.add(node, "a", KIND_CLASS[kind])
            self.add(node, "rdfs:label", _lit(name))
            if alias:
                self.add(node, "skos:altLabel", _lit(alias))
        return node

    def fact(self, s: str, relation: str, o: str, sentence: str) -> None:
        predicate = PREDICATE[relation]
        pairs = [(s, o), (o, s)] if relation == "paired_with" else [(s, o)]
        for subj, obj in pairs:
            if (subj, predicate, obj) not in self.facts:
                self.facts.add((subj, predicate, obj))
                self.add(subj, predicate, obj)
            self.assertions += 1
            node = f"<{ID}assertion/{self.assertions:08d}>"
            self.add(node, "a", "dj:Assertion")
            self.add(node, "rdf:subject", subj)
            self.add(node, "rdf:predicate", predicate)
            self.add(node, "rdf:object", obj)
            self.add(node, "prov:wasDerivedFrom", sentence)
            self.add(node, "dj:rule", _lit(f"synthetic:{relation}", None))

    def quantity(self, subject: str, measure: str, value: int, sentence: str) -> None:
        self.quantities += 1
        node = f"<{ID}quantity/{self.quantities:08d}>"
        self.add(subject, "dj:quantity", node)
        self.add(node, "dj:measure", f"dj:{measure}")
        self.add(node, "rdf:value", str(value))
        self.add(node, "dj:unit", _lit(UNITS[measure], None))
        self.add(node, "prov:wasDerivedFrom", sentence)

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            out.write(PREFIXES)
            for subject, pairs in self.subjects.items():
                body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
                out.write(f"{subject} {body} .\n\n")


def _places(rng: random.Random, district: int) -> dict[str, Any]:
    """Names of a district's chain and of its towns and villages (deterministic)."""
    province, city = district // 60, district // 6
    return {
        "province": _word(province, 2) + "省",
        "city": _word(1000 + city, 2) + "市",
        "district": _word(5000 + district, 2) + "区",
        "towns": [_word(20000 + district * 8 + t, 2) + "镇" for t in range(8)],
        "villages": [
            [_word(200000 + (district * 8 + t) * 6 + v, 2) + "村" for v in range(6)]
            for t in range(8)
        ],
    }


def generate(target: int, seed: int = 7) -> SyntheticGraph:
    """A graph of about ``target`` triples, document by document."""
    g = SyntheticGraph(seed)
    rng = g.rng
    districts = max(4, min(600, target // 3000))
    doc = 0
    while g.count < target:
        doc += 1
        district = min(int(rng.paretovariate(1.2)) - 1, districts - 1)
        names = _places(rng, district)
        doc_node = f"<{ID}document/doc{doc:06d}.txt>"
        g.add(doc_node, "a", "dj:Document")
        g.add(doc_node, "dcterms:identifier", _lit(f"doc{doc:06d}.txt", None))
        sentence_no = 0
        assertions_before, quantities_before = g.assertions, g.quantities
        entities_mentioned: set[str] = set()

        def sentence(
            text: str,
            mentioned: list[str],
            doc_node: str = doc_node,
            doc: int = doc,
            entities_mentioned: set[str] = entities_mentioned,
        ) -> str:
            nonlocal sentence_no
            node = f"<{ID}document/doc{doc:06d}.txt/sentence/{sentence_no}>"
            sentence_no += 1
            g.add(node, "a", "dj:Sentence")
            g.add(node, "dj:text", _lit(text))
            g.add(node, "dcterms:isPartOf", doc_node)
            for entity in mentioned:
                g.add(entity, "dj:mentionedIn", node)
            entities_mentioned.update(mentioned)
            return node

        t = rng.randrange(8)
        v = rng.randrange(6)
        province = g.entity("place", names["province"])
        city = g.entity("place", names["city"])
        dist = g.entity("place", names["district"], names["city"] + names["district"])
        town = g.entity("place", names["towns"][t])
        village = g.entity("place", names["villages"][t][v])
        chain = [(village, town), (town, dist), (dist, city), (city, province)]
        s = sentence(
            f"{names['villages'][t][v]}位于{names['province']}{names['city']}"
            f"{names['district']}{names['towns'][t]}。",
            [village, town, dist, city, province],
        )
        for a, b in chain:
            g.fact(a, "located_in", b, s)

        district_committee = g.entity("organization", names["district"] + "委")
        town_committee = g.entity("organization", names["towns"][t] + "党委")
        joint = g.entity("organization", names["towns"][t] + "联合党委", "联合党委")
        branches = [g.entity("organization", names["villages"][t][i] + "党支部") for i in range(6)]
        g.sample.setdefault("organizations-under", names["district"] + "委")
        g.sample.setdefault("evidence", names["towns"][t] + "党委")
        g.sample.setdefault("everything-in-place", names["province"])
        s = sentence(
            f"{names['towns'][t]}党委成立{names['towns'][t]}联合党委，下设"
            f"{len(branches)}个村党支部。",
            [town_committee, joint, *branches],
        )
        g.fact(town_committee, "established", joint, s)
        g.fact(town_committee, "manages", joint, s)
        g.fact(town_committee, "sub_organization_of", district_committee, s)
        g.fact(town_committee, "located_in", town, s)
        g.fact(district_committee, "located_in", dist, s)
        g.fact(joint, "located_in", town, s)
        for i, branch in enumerate(branches[:3]):
            g.fact(joint, "manages", branch, s)
            g.fact(branch, "sub_organization_of", town_committee, s)
            g.fact(branch, "located_in", g.entity("place", names["villages"][t][i]), s)
        g.quantity(joint, "branches", len(branches), s)
        g.quantity(joint, "party_members", rng.randrange(20, 900), s)

        person = g.entity("person", _word(rng.randrange(40000), 1) + _word(doc, 2))
        role = rng.choice(ROLES)
        post = f"<{ID}post/{quote(names['towns'][t], safe='')}/{quote(role, safe='')}/{doc}>"
        role_node = f"<{ID}role/{quote(role, safe='')}>"
        g.add(post, "a", "org:Post")
        g.add(post, "org:postIn", joint)
        g.add(post, "org:role", role_node)
        if role_node not in g.entities:
            g.entities.add(role_node)
            g.add(role_node, "a", "org:Role")
            g.add(role_node, "rdfs:label", _lit(role))
        s = sentence(f"联合党委{role}由{names['towns'][t]}党委副书记兼任。", [person, joint])
        g.fact(person, "holds_post", post, s)

        program = g.entity("program", _word(rng.randrange(3000), 3) + rng.choice(PROGRAM_KINDS))
        whole = g.entity("program", _word(rng.randrange(300), 2) + "强村行动")
        s = sentence("联合党委推行该机制，作为强村行动的重点措施。", [joint, program, whole])
        g.fact(joint, "implements", program, s)
        g.fact(program, "part_of_program", whole, s)
        g.fact(dist, "implements", whole, s)

        other = g.entity("organization", names["city"] + _word(doc % 97, 2) + "局机关党支部")
        s = sentence("该局机关党支部与村党支部结对共建。", [other, branches[v]])
        g.fact(other, "paired_with", branches[v], s)
        g.fact(other, "located_in", city, s)
        if rng.random() < 0.3:
            honor = names["city"] + "五星级基层党组织"
            s = sentence(f"村党支部被评为{honor}。", [branches[v]])
            g.fact(branches[v], "awarded", _lit(honor), s)
        s = sentence("全镇现有党员和居民若干，集体经济收入若干万元。", [town])
        for measure in ("party_members", "people", "money_cny"):
            g.quantity(town, measure, rng.randrange(100, 100000), s)
        # what kg build counts for each document (the documents-summary question reads it)
        g.add(doc_node, "dj:sentenceCount", str(sentence_no))
        g.add(doc_node, "dj:factCount", str(g.assertions - assertions_before))
        g.add(doc_node, "dj:quantityCount", str(g.quantities - quantities_before))
        g.add(doc_node, "dj:entityCount", str(len(entities_mentioned)))
    return g
