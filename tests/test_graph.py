"""Records → RDF (kg.graph, kg.graph_write): the terms of the issue, IRIs, and the
deterministic, streaming writer."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns

from kg.graph import (
    DJ,
    ID,
    DocumentInput,
    KnowledgeGraph,
    Triple,
    build_graph,
    doc_iri,
    encode,
    entity_iri,
    number_literal,
    object_n3,
    rdflib_triple,
    sentence_iri,
)
from kg.graph_write import (
    SortedTriples,
    iri_text,
    term_text,
    to_trig,
    to_turtle,
    write_graph,
)
from kg.identity import Node, resolve_identities
from kg.records import DocumentRecord, Entity, Mention, Quantity, Relation, Sentence
from kg.segment import split_sentences

TEXT = (
    "广州市天河区南区联合党委成立于2019年。"
    "南区联合党委书记李明介绍，联合党委共有党员231名。"
    "南区联合党委与猎德社区党委结对共建。"
    "南区联合党委被评为“广州市先进基层党组织”。"
    "深入实施“红棉先锋”工程。"
    "南区联合党委位于天河区。"
)
ENTITIES = [
    ("天河区南区联合党委", "ORG", ["南区联合党委", "联合党委"]),
    ("猎德社区党委", "ORG", []),
    ("李明", "PERSON", []),
    ("红棉先锋工程", "PROGRAM", []),
    ("广州市", "PLACE", []),
    ("天河区", "PLACE", []),
]


def make_doc(doc: str = "南区.txt", text: str = TEXT) -> DocumentInput:
    """A hand-made record over ``text`` (mentions found by string search)."""
    sentences = split_sentences(text)
    record = DocumentRecord(doc)
    for name, etype, aliases in ENTITIES:
        entity = Entity(name, etype, list(aliases))
        for form in (name, *aliases):
            for match in re.finditer(re.escape(form), text):
                if all(not (m.start <= match.start() < m.end) for m in entity.mentions):
                    entity.mentions.append(Mention(match.start(), match.end(), form, etype))
        record.entities.append(entity)

    def sent(fragment: str) -> Sentence:
        return next(s for s in sentences if fragment in s.text)

    def rel(
        head: str, relation: str, tail: str, fragment: str, rule: str, post: str | None = None
    ) -> Relation:
        return Relation(head, relation, tail, fragment, sent(fragment), rule, post)

    record.relations += [
        rel(
            "李明",
            "holds_post",
            "天河区南区联合党委",
            "南区联合党委书记李明",
            "org_post_person",
            "书记",
        ),
        rel(
            "天河区南区联合党委",
            "paired_with",
            "猎德社区党委",
            "与猎德社区党委结对共建",
            "cue:结对共建",
        ),
        rel("天河区南区联合党委", "awarded", "广州市先进基层党组织", "被评为", "cue:被评为"),
        rel("天河区南区联合党委", "implements", "红棉先锋工程", "深入实施", "implied_actor:实施"),
        rel("天河区南区联合党委", "located_in", "天河区", "位于天河区", "cue:位于"),
        rel("天河区", "located_in", "广州市", "广州市天河区", "place_chain"),
    ]
    record.quantities.append(
        Quantity("天河区南区联合党委", "party_members", 231, "名", "231名", sent("231名"), "unit")
    )
    return DocumentInput(record, sentences)


@pytest.fixture(scope="module")
def built() -> tuple[KnowledgeGraph, Graph]:
    doc = make_doc()
    resolution = resolve_identities([doc.record])
    kg = build_graph([doc], resolution)
    return kg, kg.to_rdflib()


def ask(graph: Graph, query: str) -> bool:
    prefixes = (
        "PREFIX dj: <https://w3id.org/dangjian-kg/ontology#>\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    )
    result = graph.query(prefixes + query)
    return bool(result.askAnswer)


def test_iris_are_readable_percent_encoded_and_stable() -> None:
    org = Node("ORG", "南区联合党委", "", ())
    iri = entity_iri(org)
    assert iri == ID + "org/%E5%8D%97%E5%8C%BA%E8%81%94%E5%90%88%E5%85%9A%E5%A7%94"
    assert unquote(iri) == ID + "org/南区联合党委"
    assert entity_iri(Node("ORG", "省委", "广东省", ())) == (
        ID + "org/" + encode("省委") + "/" + encode("广东省")
    )
    assert doc_iri("a b.txt") == ID + "doc/a%20b.txt"
    assert sentence_iri("a.txt", 3) == ID + "doc/a.txt/sentence/3"
    assert encode("a/b~c") == "a%2Fb%7Ec"


def test_entities_have_labels_alt_labels_and_mentions(built: tuple[KnowledgeGraph, Graph]) -> None:
    _, g = built
    assert ask(
        g,
        'ASK { ?o a dj:Organization ; rdfs:label "天河区南区联合党委"@zh ; '
        'skos:altLabel "南区联合党委"@zh , "联合党委"@zh ; dj:mentionedIn ?s . '
        "?s a dj:Sentence ; dj:text ?t ; dcterms:isPartOf ?d . ?d a dj:Document ; "
        'dcterms:identifier "南区.txt" . FILTER(CONTAINS(?t, "南区联合党委")) }',
    )
    assert ask(g, 'ASK { ?p a dj:Person ; rdfs:label "李明"@zh }')
    assert ask(g, 'ASK { ?p a dj:Program ; rdfs:label "红棉先锋工程"@zh }')
    assert ask(g, 'ASK { ?p a dj:Place ; rdfs:label "天河区"@zh ; dj:adcode "440106" }')
    labels = list(g.objects(None, ns.RDFS.label))
    assert all(isinstance(x, Literal) for x in labels)


def test_posts_the_w3c_org_way(built: tuple[KnowledgeGraph, Graph]) -> None:
    _, g = built
    assert ask(
        g,
        'ASK { ?person rdfs:label "李明"@zh ; org:holds ?post . ?post a org:Post ; '
        'org:postIn ?org ; org:role ?role . ?role a org:Role ; rdfs:label "书记"@zh . '
        '?org rdfs:label "天河区南区联合党委"@zh }',
    )


def test_quantities(built: tuple[KnowledgeGraph, Graph]) -> None:
    _, g = built
    assert ask(
        g,
        'ASK { ?e rdfs:label "天河区南区联合党委"@zh ; dj:quantity ?q . '
        '?q a dj:Quantity ; dj:measure dj:party_members ; rdf:value 231 ; dj:unit "名" ; '
        "prov:wasDerivedFrom ?s . ?s a dj:Sentence }",
    )
    (value,) = list(g.objects(None, ns.RDF.value))
    assert isinstance(value, Literal) and value.datatype == ns.XSD.integer


def test_relations_with_one_assertion_per_triple_and_sentence(
    built: tuple[KnowledgeGraph, Graph],
) -> None:
    _, g = built
    assert ask(
        g,
        "ASK { ?a a dj:Assertion ; rdf:subject ?s ; rdf:predicate dj:locatedIn ; "
        'rdf:object ?o ; prov:wasDerivedFrom ?sent ; dj:rule "cue:位于" . '
        '?s dj:locatedIn ?o ; rdfs:label "天河区南区联合党委"@zh . ?sent dj:text ?t . '
        'FILTER(CONTAINS(?t, "位于天河区")) }',
    )
    for s, p, o in g.triples((None, None, None)):
        if p in {DJ.locatedIn, DJ.pairedWith, DJ.awarded, ns.ORG.holds}:
            assertions = set(g.subjects(ns.RDF.subject, s)) & set(g.subjects(ns.RDF.object, o))
            assert any((a, ns.RDF.predicate, p) in g for a in assertions), (s, p, o)


def test_paired_with_both_ways_and_awarded_a_literal(built: tuple[KnowledgeGraph, Graph]) -> None:
    _, g = built
    assert ask(
        g,
        "ASK { ?a dj:pairedWith ?b . ?b dj:pairedWith ?a . "
        '?a rdfs:label "天河区南区联合党委"@zh . ?b rdfs:label "猎德社区党委"@zh }',
    )
    assert ask(g, 'ASK { ?o dj:awarded "广州市先进基层党组织"@zh }')


def test_implied_relation_is_a_triple_with_an_implicit_assertion(
    built: tuple[KnowledgeGraph, Graph],
) -> None:
    _, g = built
    # the plain pattern sees the implied fact …
    assert ask(g, 'ASK { ?s dj:implements ?o . ?o rdfs:label "红棉先锋工程"@zh }')
    # … its assertion says it was inferred, and by which rule …
    assert ask(
        g,
        "ASK { ?s dj:implements ?o . "
        "?a a dj:Assertion , dj:ImplicitAssertion ; rdf:subject ?s ; "
        'rdf:predicate dj:implements ; rdf:object ?o ; dj:rule "implied_actor:实施" . '
        '?o rdfs:label "红棉先锋工程"@zh }',
    )
    # … and the filter of docs/sparql.md leaves it out, keeping the stated facts
    stated_only = (
        "SELECT ?s ?o WHERE { ?s dj:implements ?o . FILTER EXISTS { "
        "?a rdf:subject ?s ; rdf:predicate dj:implements ; rdf:object ?o . "
        "FILTER NOT EXISTS { ?a a dj:ImplicitAssertion } } }"
    )
    assert list(g.query(stated_only, initNs={"dj": DJ, "rdf": ns.RDF})) == []
    assert ask(
        g,
        "ASK { ?s dj:locatedIn ?o . FILTER EXISTS { "
        "?a rdf:subject ?s ; rdf:predicate dj:locatedIn ; rdf:object ?o . "
        "FILTER NOT EXISTS { ?a a dj:ImplicitAssertion } } }",
    )


def test_gazetteer_links_reach_the_province(built: tuple[KnowledgeGraph, Graph]) -> None:
    kg, g = built
    assert ask(
        g,
        'ASK { ?org rdfs:label "天河区南区联合党委"@zh ; dj:locatedIn+ ?gd . '
        '?gd rdfs:label "广东省"@zh ; prov:wasDerivedFrom ?src . ?src a dj:Source }',
    )
    assert ask(
        g,
        'ASK { ?a rdf:predicate dj:locatedIn ; dj:rule "gazetteer" ; prov:wasDerivedFrom ?src . '
        "?src a dj:Source }",
    )
    # the gazetteer's links live in the default graph, a document's facts in its own
    named = {g_ for *_, g_ in kg.quads()}
    assert named == {None, URIRef(doc_iri("南区.txt"))}


def test_no_blank_nodes(built: tuple[KnowledgeGraph, Graph]) -> None:
    kg, _ = built
    for s, p, o, _g in kg.quads():
        assert isinstance(s, URIRef) and isinstance(p, URIRef)
        assert isinstance(o, URIRef | Literal)


def test_turtle_and_trig_round_trip(built: tuple[KnowledgeGraph, Graph]) -> None:
    kg, _ = built
    turtle = to_turtle(kg)
    parsed = Graph().parse(data=turtle, format="turtle")
    assert set(parsed) == {rdflib_triple(t) for t in kg.triples()}
    dataset = Dataset()
    dataset.parse(data=to_trig(kg), format="trig")
    quads = {
        (s, p, o, None if str(c) == "urn:x-rdflib:default" else c)
        for s, p, o, c in dataset.quads((None, None, None, None))
    }
    assert quads == set(kg.quads())


def test_output_is_deterministic() -> None:
    first = [make_doc("a.txt"), make_doc("b.txt")]
    second = [make_doc("a.txt"), make_doc("b.txt")]
    kg1 = build_graph(first, resolve_identities([d.record for d in first]))
    kg2 = build_graph(second, resolve_identities([d.record for d in second]))
    assert to_turtle(kg1) == to_turtle(kg2)
    assert to_trig(kg1) == to_trig(kg2)


def test_literals_are_escaped() -> None:
    assert term_text(Literal('他说"好"\n\\', lang="zh")) == '"他说\\"好\\"\\n\\\\"@zh'
    assert term_text(Literal(231, datatype=ns.XSD.integer)) == "231"
    assert term_text(Literal("x")) == '"x"'
    assert term_text(ns.PROV.wasDerivedFrom) == "prov:wasDerivedFrom"
    assert term_text(ns.SKOS.altLabel) == "skos:altLabel"
    assert iri_text(sentence_iri("a.txt", 1)).startswith("<https://")


def test_relations_with_unknown_or_mistyped_ends_are_dropped() -> None:
    doc = make_doc()
    sentence = doc.sentences[0]
    doc.record.relations += [
        Relation("李明", "implements", "红棉先锋工程", "x", sentence, "cue:x"),
        Relation("无名", "located_in", "天河区", "x", sentence, "cue:x"),
    ]
    kg = build_graph([doc], resolve_identities([doc.record]))
    reasons = sorted(d["reason"] for d in kg.dropped)
    assert reasons == ["head is a PERSON", "head is not an entity"]


IMPLIED_IMPLEMENTS = """
SELECT ?place ?program WHERE {
  ?place dj:implements ?program .
  ?a a dj:ImplicitAssertion ; rdf:subject ?place ; rdf:predicate dj:implements ;
     rdf:object ?program ; dj:rule ?rule .
  FILTER(STRSTARTS(?rule, "implied_actor"))
}
"""
STATED_IMPLEMENTS = """
SELECT ?place ?program WHERE {
  ?place dj:implements ?program .
  FILTER EXISTS {
    ?a rdf:subject ?place ; rdf:predicate dj:implements ; rdf:object ?program .
    FILTER NOT EXISTS { ?a a dj:ImplicitAssertion }
  }
}
"""


def test_sample_corpus_implied_facts_answer_the_plain_pattern_and_filter_out(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On examples/corpus: an implied dj:implements is a triple (the plain pattern finds
    it), the filter of docs/sparql.md leaves it out, and the graph passes the shapes."""
    from pathlib import Path

    from kg.build import build
    from kg.pipeline import Extractor
    from kg.validate import validate_path

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    result = build([str(corpus)], tmp_path_factory.mktemp("implied") / "g", extractor=Extractor())
    g = Graph().parse(result.out / "graph.ttl", format="turtle")
    ns_ = {"dj": DJ, "rdf": ns.RDF}
    implied = {tuple(row) for row in g.query(IMPLIED_IMPLEMENTS, initNs=ns_)}
    plain = {
        tuple(row) for row in g.query("SELECT ?s ?o WHERE { ?s dj:implements ?o }", initNs=ns_)
    }
    stated = {tuple(row) for row in g.query(STATED_IMPLEMENTS, initNs=ns_)}
    assert implied, "the sample corpus has implied dj:implements facts"
    assert implied <= plain
    only_implied = implied - stated
    assert only_implied and not only_implied & stated
    assert stated and stated <= plain and plain == stated | implied
    outcome = validate_path(result.out / "graph.trig")
    assert outcome.conforms, outcome.violations


# ----------------------------------------------------------------------------- the writer


def test_streamed_files_equal_the_in_memory_graph_with_runs_on_disk(tmp_path: Path) -> None:
    """``write_graph`` (triples streamed, sorted in runs on disk past ``limit``) writes the
    bytes of the in-memory writer and the same counts; Oxigraph reads what it wrote."""
    docs = [make_doc("a.txt"), make_doc("b c.txt"), make_doc("z.txt")]
    docs.append(make_doc("a.txt", TEXT.replace("红棉先锋", "先锋")))  # one graph, two records
    resolution = resolve_identities([d.record for d in docs])
    kg = build_graph(docs, resolution)
    ttl, trig = tmp_path / "g.ttl", tmp_path / "g.trig"
    written = write_graph(docs, resolution, ttl, trig, limit=7)
    assert ttl.read_text(encoding="utf-8") == to_turtle(kg)
    assert trig.read_text(encoding="utf-8") == to_trig(kg)
    assert written.stats.summary() == kg.stats()
    assert written.stats.summary()["named_graphs"] == 3
    assert written.dropped == kg.dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.trig", "g.ttl"], "runs removed"
    from_ttl, from_trig = ox.Store(), ox.Store()
    from_ttl.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    from_trig.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    assert len(from_ttl) == written.stats.triples
    assert len(from_trig) == written.stats.quads == len(set(kg.quads()))
    union = {(q.subject, q.predicate, q.object) for q in from_trig}
    assert union == {(q.subject, q.predicate, q.object) for q in from_ttl}


def test_sorted_triples_merges_its_runs(tmp_path: Path) -> None:
    rng = random.Random(7)
    words = ["甲", "乙", "a", "b\n", 'c"', ""]
    triples: list[Triple] = [
        (rng.choice(words), rng.choice(words), rng.randint(0, 1), rng.choice(words), "|")
        for _ in range(500)
    ]
    sorter = SortedTriples(tmp_path, limit=40)
    for start in range(0, len(triples), 10):
        sorter.extend(triples[start : start + 10])
    assert len(list(tmp_path.iterdir())) >= 5, "runs were written to disk"
    assert list(sorter) == sorted(set(triples))
    sorter.close()
    assert not list(tmp_path.iterdir())


def test_the_text_of_the_files() -> None:
    """The layout both writers promise: subjects by IRI, ``a`` first, predicates by IRI,
    objects IRIs first then by lexical form, prefixed names where the local part allows,
    bare numbers, escaped strings, one block per named graph."""
    e, g = ID + "org/" + encode("甲"), doc_iri("a.txt")
    s, q = sentence_iri("a.txt", 3), ID + "quantity/abc"
    dj, rdfs, skos = str(DJ), str(ns.RDFS), str(ns.SKOS)
    kg = KnowledgeGraph(
        {
            (e, "", 0, dj + "Organization", ""),
            (e, rdfs + "label", 1, "甲", "zh|"),
            (e, skos + "altLabel", 1, "乙", "zh|"),
            (e, skos + "altLabel", 1, 'a"b', "zh|"),
        },
        {
            g: {
                (g, "", 0, dj + "Document", ""),
                (s, dj + "text", 1, "x\ny", "|"),
                (s, dj + "index", 1, "3", "|" + str(ns.XSD.integer)),
                (q, str(ns.RDF.value), 1, "0.5", "|" + str(ns.XSD.decimal)),
            }
        },
    )
    entity = (
        "djorg:%E7%94%B2\n"
        "    a dj:Organization ;\n"
        '    rdfs:label "甲"@zh ;\n'
        '    skos:altLabel "a\\"b"@zh,\n'
        '        "乙"@zh .\n'
    )
    turtle = to_turtle(kg)
    assert turtle.startswith("@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .\n")
    assert turtle.split("\n\n", 1)[1] == (
        "djdoc:a.txt\n    a dj:Document .\n\n"
        f"<{s}>\n"
        "    dj:index 3 ;\n"
        '    dj:text "x\\ny" .\n\n' + entity + "\ndjq:abc\n    rdf:value 0.5 .\n"
    )
    assert to_trig(kg).split("\n\n", 1)[1] == (
        entity + "\ndjdoc:a.txt {\n    djdoc:a.txt\n        a dj:Document .\n\n"
        f"    <{s}>\n"
        "        dj:index 3 ;\n"
        '        dj:text "x\\ny" .\n\n'
        "    djq:abc\n        rdf:value 0.5 .\n}\n"
    )


@pytest.mark.parametrize("value", [231, 231.0, 0.5, 1e-07, 2.5e-05, 0.1 + 0.2, 123456789.123])
def test_numbers_are_the_literals_rdflib_made(value: float) -> None:
    kind, lexical, suffix = number_literal(value)
    if isinstance(value, float) and not value.is_integer():
        expected = Literal(Decimal(repr(value)), datatype=ns.XSD.decimal)
    else:
        expected = Literal(int(value), datatype=ns.XSD.integer)
    assert (kind, lexical, suffix) == (1, str(expected), f"|{expected.datatype}")


@pytest.mark.parametrize("text", ["先进党组织", 'a"b', "a\nb", 'x"""y\n', "a\\b", 'end"'])
def test_assertion_hashes_see_the_objects_as_rdflib_does(text: str) -> None:
    assert object_n3(1, text, "zh|") == Literal(text, lang="zh").n3()
    assert object_n3(0, ID + "org/x", "") == URIRef(ID + "org/x").n3()
    turtle = to_turtle(KnowledgeGraph({(ID + "org/x", str(DJ.awarded), 1, text, "zh|")}))
    (parsed,) = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert parsed.object == ox.Literal(text, language="zh")
