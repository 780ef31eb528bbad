"""Write the small hand-made test graph ``graph.ttl`` / ``graph.trig`` beside this file.

The names are invented (青川省, 临江市南区, 南区联合党委 …) and the shape follows the
vocabulary fixed by issue 3 (dj:, org:, prov:, skos:, dcterms:, rdfs:), so that the
bundled queries can be tested before, and independently of, ``kg build``. Run it again
after editing the facts below: ``python tests/data/make_graph.py``. The output is
deterministic (sorted by rdflib's Turtle serializer).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, XSD

DJ = Namespace("https://w3id.org/dangjian-kg/ontology#")
ID = "https://w3id.org/dangjian-kg/id/"
HERE = Path(__file__).resolve().parent

CLASSES = {"ORG": DJ.Organization, "PERSON": DJ.Person, "PROGRAM": DJ.Program, "PLACE": DJ.Place}
KINDS = {"ORG": "organization", "PERSON": "person", "PROGRAM": "program", "PLACE": "place"}

# name → (type, aliases)
ENTITIES: dict[str, tuple[str, list[str]]] = {
    "青川省": ("PLACE", []),
    "临江市": ("PLACE", []),
    "南区": ("PLACE", ["临江市南区"]),
    "枫林街道": ("PLACE", []),
    "枫林社区": ("PLACE", []),
    "锦绣大厦": ("PLACE", []),
    "白石市": ("PLACE", []),
    "白石县": ("PLACE", []),
    "石门镇": ("PLACE", []),
    "石门村": ("PLACE", []),
    "东海省": ("PLACE", []),
    "海门市": ("PLACE", []),
    "海港社区": ("PLACE", []),
    "南区联合党委": ("ORG", ["联合党委"]),
    "枫林街道党工委": ("ORG", ["街道党工委"]),
    "枫林社区党委": ("ORG", []),
    "锦绣大厦党支部": ("ORG", []),
    "临江市财政局机关党支部": ("ORG", []),
    "白石县委": ("ORG", []),
    "白石县委组织部": ("ORG", ["县委组织部"]),
    "石门镇党委": ("ORG", []),
    "石门村党支部": ("ORG", []),
    "石门镇项目联合党委": ("ORG", []),
    "石门镇一标段临时党支部": ("ORG", []),
    "石门村竹产业合作社": ("ORG", []),
    "海港社区党委": ("ORG", []),
    "林晓岚": ("PERSON", []),
    "王春梅": ("PERSON", []),
    "周远航": ("PERSON", []),
    "红色管家服务机制": ("PROGRAM", ["红色管家"]),
    "强村行动": ("PROGRAM", []),
    "石门共富工程": ("PROGRAM", []),
}

# document → sentences; each sentence: (text, relations, quantities)
# relation: (head, relation, tail[, post]); quantity: (subject, measure, value, unit)
DOCS: dict[str, list[tuple[str, list[tuple[str, ...]], list[tuple[str, str, object, str]]]]] = {
    "linjiang_nanqu.txt": [
        (
            "枫林社区位于青川省临江市南区枫林街道。",
            [
                ("枫林社区", "located_in", "枫林街道"),
                ("枫林街道", "located_in", "南区"),
                ("南区", "located_in", "临江市"),
                ("临江市", "located_in", "青川省"),
            ],
            [],
        ),
        (
            "2021年，枫林街道党工委成立南区联合党委，由街道党工委副书记林晓岚兼任联合党委书记。",
            [
                ("枫林街道党工委", "established", "南区联合党委"),
                ("林晓岚", "holds_post", "南区联合党委", "书记"),
                ("林晓岚", "holds_post", "枫林街道党工委", "副书记"),
                ("南区联合党委", "located_in", "南区"),
                ("枫林街道党工委", "located_in", "枫林街道"),
            ],
            [],
        ),
        (
            "联合党委由枫林街道党工委直接领导，下设锦绣大厦党支部、枫林社区党委，"
            "目前直接管理17个支部、412名党员。",
            [
                ("枫林街道党工委", "manages", "南区联合党委"),
                ("锦绣大厦党支部", "sub_organization_of", "南区联合党委"),
                ("枫林社区党委", "sub_organization_of", "南区联合党委"),
                ("南区联合党委", "manages", "枫林社区党委"),
            ],
            [("南区联合党委", "branches", 17, "个"), ("南区联合党委", "party_members", 412, "名")],
        ),
        (
            "南区联合党委推行“红色管家”服务机制。",
            [("南区联合党委", "implements", "红色管家服务机制")],
            [],
        ),
        (
            "锦绣大厦党支部位于南区枫林街道锦绣大厦。",
            [("锦绣大厦党支部", "located_in", "锦绣大厦"), ("锦绣大厦", "located_in", "枫林街道")],
            [],
        ),
        (
            "枫林社区党委书记王春梅说，社区党委共有党员230名。",
            [
                ("王春梅", "holds_post", "枫林社区党委", "书记"),
                ("枫林社区党委", "located_in", "枫林社区"),
            ],
            [("枫林社区党委", "party_members", 230, "名")],
        ),
        (
            "临江市财政局机关党支部与枫林社区党委结对共建。",
            [
                ("临江市财政局机关党支部", "paired_with", "枫林社区党委"),
                ("临江市财政局机关党支部", "located_in", "临江市"),
            ],
            [],
        ),
    ],
    "baishi_county.txt": [
        (
            "2023年，青川省白石市白石县全县现有基层党组织1286个、党员2.36万名。",
            [("白石县", "located_in", "白石市"), ("白石市", "located_in", "青川省")],
            [
                ("白石县", "party_organizations", 1286, "个"),
                ("白石县", "party_members", 23600, "名"),
            ],
        ),
        (
            "全县深入推进“强村行动”，把“石门共富工程”作为“强村行动”的重点措施。",
            [("白石县", "implements", "强村行动"), ("石门共富工程", "part_of_program", "强村行动")],
            [],
        ),
        (
            "石门镇石门村党支部实施“石门共富工程”，党员参与率95.5%，村集体经济收入达到86.5万元。",
            [
                ("石门村党支部", "implements", "石门共富工程"),
                ("石门村", "located_in", "石门镇"),
                ("石门村党支部", "located_in", "石门村"),
            ],
            [("石门村党支部", "other", 95.5, "%"), ("石门村党支部", "money_cny", 865000, "元")],
        ),
        (
            "白石县委组织部选派周远航担任石门村党支部第一书记。",
            [
                ("周远航", "holds_post", "石门村党支部", "第一书记"),
                ("白石县委组织部", "sub_organization_of", "白石县委"),
                ("白石县委组织部", "located_in", "白石县"),
                ("白石县委", "located_in", "白石县"),
            ],
            [],
        ),
        (
            "石门村党支部隶属石门镇党委，石门镇党委在白石县委领导下开展工作。",
            [
                ("石门村党支部", "sub_organization_of", "石门镇党委"),
                ("白石县委", "manages", "石门镇党委"),
                ("石门镇", "located_in", "白石县"),
                ("石门镇党委", "located_in", "石门镇"),
            ],
            [],
        ),
        (
            "石门村党支部被评为白石市五星级基层党组织。",
            [("石门村党支部", "awarded", "白石市五星级基层党组织")],
            [],
        ),
        (
            "石门镇党委牵头组建石门村竹产业合作社和石门镇项目联合党委，"
            "联合党委统筹管理石门镇一标段临时党支部。",
            [
                ("石门镇党委", "established", "石门村竹产业合作社"),
                ("石门镇党委", "established", "石门镇项目联合党委"),
                ("石门镇党委", "manages", "石门镇项目联合党委"),
                ("石门镇项目联合党委", "manages", "石门镇一标段临时党支部"),
                ("石门镇项目联合党委", "located_in", "石门镇"),
            ],
            [],
        ),
    ],
    "haimen_pairing.txt": [
        (
            "东海省海门市海港社区党委与临江市财政局机关党支部结对，学习南区联合党委“红色管家”经验。",
            [
                ("海港社区党委", "paired_with", "临江市财政局机关党支部"),
                ("海港社区", "located_in", "海门市"),
                ("海门市", "located_in", "东海省"),
                ("海港社区党委", "located_in", "海港社区"),
                ("海港社区党委", "implements", "红色管家服务机制"),
            ],
            [],
        ),
        (
            "海港社区党委书记王春梅荣获海门市优秀党务工作者称号。",
            [
                ("王春梅", "holds_post", "海港社区党委", "书记"),
                ("王春梅", "awarded", "海门市优秀党务工作者"),
            ],
            [],
        ),
    ],
}

PREDICATES = {
    "manages": DJ.manages,
    "sub_organization_of": ORG.subOrganizationOf,
    "located_in": DJ.locatedIn,
    "implements": DJ.implements,
    "part_of_program": DJ.partOfProgram,
    "established": DJ.established,
    "paired_with": DJ.pairedWith,
    "awarded": DJ.awarded,
    "holds_post": ORG.holds,
}


def iri(*parts: str) -> URIRef:
    """A readable, percent-encoded IRI under the fixture's id namespace."""
    return URIRef(ID + "/".join(quote(p, safe="") for p in parts))


def entity(name: str) -> URIRef:
    return iri(KINDS[ENTITIES[name][0]], name)


def build() -> tuple[Graph, Dataset]:
    """The merged graph and the dataset with one named graph per document."""
    dataset = Dataset()
    merged = Graph()
    for g in (merged, dataset):
        for prefix, ns in (
            ("dj", DJ),
            ("org", ORG),
            ("prov", PROV),
            ("skos", SKOS),
            ("dcterms", DCTERMS),
            ("foaf", FOAF),
        ):
            g.bind(prefix, ns)

    def add(graph: Graph, triple: tuple) -> None:
        graph.add(triple)
        merged.add(triple)

    for name, (etype, aliases) in ENTITIES.items():
        node = entity(name)
        merged.add((node, RDF.type, CLASSES[etype]))
        merged.add((node, RDFS.label, Literal(name, lang="zh")))
        for alias in aliases:
            merged.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    for doc, sentences in DOCS.items():
        graph = dataset.graph(iri("graph", doc))
        doc_node = iri("document", doc)
        add(graph, (doc_node, RDF.type, DJ.Document))
        add(graph, (doc_node, DCTERMS.identifier, Literal(doc)))
        for index, (text, relations, quantities) in enumerate(sentences):
            sent = iri("document", doc, "sentence", str(index))
            add(graph, (sent, RDF.type, DJ.Sentence))
            add(graph, (sent, DJ.text, Literal(text, lang="zh")))
            add(graph, (sent, DCTERMS.isPartOf, doc_node))
            for name in ENTITIES:
                if name in text or any(a in text for a in ENTITIES[name][1]):
                    add(graph, (entity(name), DJ.mentionedIn, sent))
            for rel in relations:
                head, relation, tail = rel[:3]
                subject, predicate = entity(head), PREDICATES[relation]
                if relation == "holds_post":
                    post = iri("post", tail, rel[3])
                    role = iri("role", rel[3])
                    obj: URIRef | Literal = post
                    add(graph, (post, RDF.type, ORG.Post))
                    add(graph, (post, ORG.postIn, entity(tail)))
                    add(graph, (post, ORG.role, role))
                    add(graph, (post, RDFS.label, Literal(tail + rel[3], lang="zh")))
                    add(graph, (role, RDF.type, ORG.Role))
                    add(graph, (role, RDFS.label, Literal(rel[3], lang="zh")))
                elif relation == "awarded":
                    obj = Literal(tail, lang="zh")
                else:
                    obj = entity(tail)
                triples = [(subject, predicate, obj)]
                if relation == "paired_with":
                    triples.append((obj, predicate, subject))
                for s, p, o in triples:
                    add(graph, (s, p, o))
                    key = hashlib.sha1(f"{s}|{p}|{o}|{sent}".encode()).hexdigest()[:16]
                    assertion = iri("assertion", key)
                    add(graph, (assertion, RDF.type, DJ.Assertion))
                    add(graph, (assertion, RDF.subject, s))
                    add(graph, (assertion, RDF.predicate, p))
                    add(graph, (assertion, RDF.object, o))
                    add(graph, (assertion, PROV.wasDerivedFrom, sent))
                    add(graph, (assertion, DJ.rule, Literal(f"fixture:{relation}")))
            for qi, (subject, measure, value, unit) in enumerate(quantities):
                q = iri("quantity", doc, str(index), str(qi))
                datatype = XSD.integer if isinstance(value, int) else XSD.decimal
                add(graph, (entity(subject), DJ.quantity, q))
                add(graph, (q, DJ.measure, DJ[measure]))
                add(graph, (q, RDF.value, Literal(str(value), datatype=datatype)))
                add(graph, (q, DJ.unit, Literal(unit)))
                add(graph, (q, PROV.wasDerivedFrom, sent))
    # Entity descriptions (type, labels) go to the default graph of the dataset.
    for name in ENTITIES:
        for triple in merged.triples((entity(name), None, None)):
            if triple[1] in (RDF.type, RDFS.label, SKOS.altLabel):
                dataset.add(triple)
    return merged, dataset


def _nt_lines(graph: Graph) -> list[str]:
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line)


def trig(dataset: Dataset) -> str:
    """TriG with sorted N-Triples lines per graph (rdflib's own TriG order varies)."""
    blocks = ["{", *("    " + line for line in _nt_lines(dataset.default_graph)), "}"]
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if graph.identifier == dataset.default_graph.identifier or not len(graph):
            continue
        blocks += [f"<{graph.identifier}> {{", *("    " + line for line in _nt_lines(graph)), "}"]
    return "\n".join(blocks) + "\n"


def main() -> None:
    merged, dataset = build()
    (HERE / "graph.ttl").write_text(merged.serialize(format="turtle"), encoding="utf-8")
    (HERE / "graph.trig").write_text(trig(dataset), encoding="utf-8")
    print(f"{len(merged)} triples → {HERE / 'graph.ttl'}, {HERE / 'graph.trig'}")


if __name__ == "__main__":
    main()
