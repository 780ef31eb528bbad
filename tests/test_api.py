"""The Python API (kg/api.py): ``from kg import KnowledgeGraph``.

One build of the sample corpus serves the module. Counts are checked against SPARQL
queries written here (not the API's own), exports are read back by networkx, csv and
rdflib, and the inline page is checked for an escaped ``srcdoc`` and no network address.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
import rdflib
import rdflib.compare

from kg import KnowledgeGraph, UnknownEntityError
from kg.api import Entity
from kg.api_export import nodes_csv_path
from kg.query import MissingParameterError, QueryLibraryError, bundled_queries
from kg.store import QuerySyntaxError, StoreError, UpdateRefusedError
from kg.vocabulary import exact_iri, readable_iri

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
ENTITY_CLASSES = "dj:Organization, dj:Person, dj:Program, dj:Place"
TYPES = {"Organization": "组织", "Person": "人物", "Program": "工作项目", "Place": "地点"}
RELATIONS = (
    "dj:manages, org:subOrganizationOf, dj:locatedIn, dj:implements, dj:partOfProgram, "
    "dj:established, dj:pairedWith"
)

# rdflib warns on every triple the in-memory store's union dataset yields (kg/store.py);
# recording tens of thousands of them only slows the tests down.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    graph = KnowledgeGraph.build(CORPUS, tmp_path_factory.mktemp("api") / "graph")
    yield graph
    graph.close()


def count(graph: KnowledgeGraph, sparql: str) -> int:
    return int(graph.store.query(sparql).rows[0][0])


_COUNTS: dict[tuple[int, str], int] = {}


def cached(function: Any) -> Any:
    """Each count once per graph object (the SPARQL of relation_count takes a moment)."""

    def wrapper(graph: KnowledgeGraph) -> int:
        key = (id(graph), f"{graph.graph_file}:{function.__name__}")
        if key not in _COUNTS:
            _COUNTS[key] = function(graph)
        return _COUNTS[key]

    wrapper.__doc__ = function.__doc__
    return wrapper


@cached
def entity_count(graph: KnowledgeGraph) -> int:
    return count(
        graph,
        f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?c . FILTER(?c IN ({ENTITY_CLASSES})) }}",
    )


@cached
def relation_count(graph: KnowledgeGraph) -> int:
    """Relation triples between two entities, plus one per (person, post) via org:postIn."""
    typed = f"FILTER(?c IN ({ENTITY_CLASSES}))"
    return count(
        graph,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{
          {{ SELECT DISTINCT ?s ?p ?o WHERE {{
              ?s ?p ?o . FILTER(?p IN ({RELATIONS}))
              FILTER EXISTS {{ ?s a ?c . {typed} }} FILTER EXISTS {{ ?o a ?c . {typed} }}
          }} }}
          UNION
          {{ SELECT DISTINCT ?s ?post WHERE {{
              ?s org:holds ?post . ?post org:postIn ?o .
              FILTER EXISTS {{ ?s a ?c . {typed} }} FILTER EXISTS {{ ?o a ?c . {typed} }}
          }} }}
        }}""",
    )


# ----------------------------------------------------------------------------- import


def test_import_kg_stays_cheap() -> None:
    code = (
        "import sys, kg\n"
        "assert 'pandas' not in sys.modules and 'kg.api' not in sys.modules, 'eager'\n"
        "from kg import KnowledgeGraph\n"
        "assert KnowledgeGraph.__module__ == 'kg.api'\n"
        "assert 'KnowledgeGraph' in dir(kg)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
    with pytest.raises(AttributeError):
        _ = __import__("kg").NoSuchThing


# ----------------------------------------------------------------------------- build, load


def test_build_writes_the_folder_and_loads_it(built: KnowledgeGraph) -> None:
    assert built.folder is not None and (built.folder / "graph.ttl").is_file()
    assert built.graph_file == built.folder / "graph.ttl"
    assert built.build_result is not None and built.build_result.documents == 7
    counts = built.counts()
    assert counts["entities"] == entity_count(built) > 0
    assert counts["entities"] == sum(counts[t] for t in TYPES)
    assert counts["Organization"] > 0 and counts["Place"] > 0
    assert counts["documents"] == 7
    assert counts["relations"] == relation_count(built) > 0
    assert counts["triples"] == count(built, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def test_load_folder_and_file_agree(built: KnowledgeGraph) -> None:
    assert built.folder is not None
    with KnowledgeGraph.load(built.folder / "graph.trig") as trig:
        assert trig.counts() == built.counts()
    with pytest.raises(StoreError):
        KnowledgeGraph.load(built.folder / "missing.ttl")


def test_oxigraph_backend_agrees(
    built: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    assert built.folder is not None
    with KnowledgeGraph.load(built.folder, backend="oxigraph") as ox:
        assert ox.store.backend == "oxigraph"
        assert ox.counts() == built.counts()
        assert ox.entity("竹源村党总支") == built.entity("竹源村党总支")
        assert sorted(ox.to_networkx().edges(data=True), key=str) == sorted(
            built.to_networkx().edges(data=True), key=str
        )
        members = ox.query_named("party-member-counts")
        assert members.equals(built.query_named("party-member-counts"))


def test_build_into_a_temporary_folder(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text((CORPUS / "01_village_branch.txt").read_text(encoding="utf-8"), "utf-8")
    graph = KnowledgeGraph.build([doc])
    folder = graph.folder
    assert folder is not None and (folder / "graph.ttl").is_file()
    assert graph.entity("竹源村党总支").documents == ("a.txt",)
    graph.close()
    assert not folder.exists()


# ----------------------------------------------------------------------------- queries


def test_query_gives_typed_columns(built: KnowledgeGraph) -> None:
    members = built.query(
        """SELECT ?name ?members WHERE {
             ?o rdfs:label ?name ; dj:quantity ?q .
             ?q dj:measure dj:party_members ; rdf:value ?members .
           } ORDER BY DESC(?members)"""
    )
    assert list(members.columns) == ["name", "members"]
    assert len(members) > 0
    assert members["members"].dtype == "int64"
    assert not pd.api.types.is_numeric_dtype(members["name"])
    assert members["members"].sum() > 0  # usable as numbers

    docs = built.query(
        "SELECT ?doc (COUNT(?s) AS ?n) (AVG(?end - ?start) AS ?avg) WHERE { "
        "?d a dj:Document ; dcterms:identifier ?doc . ?s dcterms:isPartOf ?d ; "
        "dj:start ?start ; dj:end ?end } GROUP BY ?doc ORDER BY ?doc"
    )
    assert docs["n"].dtype == "int64" and docs["avg"].dtype == "float64"
    assert len(docs) == 7

    optional = built.query(
        "SELECT ?name ?members WHERE { ?o a dj:Organization ; rdfs:label ?name . "
        "OPTIONAL { ?o dj:quantity ?q . ?q dj:measure dj:party_members ; rdf:value ?members } }"
    )
    assert str(optional["members"].dtype) == "Int64"  # integers with missing values
    assert optional["members"].isna().any() and optional["members"].notna().any()

    ask = built.query('ASK { ?x rdfs:label "竹源村党总支"@zh }')
    assert list(ask.columns) == ["boolean"] and bool(ask["boolean"].iloc[0]) is True
    assert ask["boolean"].dtype == bool

    empty = built.query("SELECT ?x WHERE { ?x a dj:NoSuchClass }")
    assert list(empty.columns) == ["x"] and len(empty) == 0


def test_query_shows_readable_iris(built: KnowledgeGraph) -> None:
    sparql = 'SELECT ?o WHERE { ?o rdfs:label "竹源村党总支"@zh }'
    (readable,) = built.query(sparql)["o"]
    (exact,) = built.query(sparql, readable_iris=False)["o"]
    assert readable.endswith("/竹源村党总支") and "%" not in readable
    assert exact == exact_iri(readable) and exact.isascii() and "%E7%AB%B9" in exact
    assert readable == built.entity("竹源村党总支").iri
    # the exact form goes back into a query
    again = built.query(f"ASK {{ <{exact}> rdfs:label ?l }}")
    assert bool(again["boolean"].iloc[0]) is True


def test_malformed_and_update_queries(built: KnowledgeGraph) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        built.query("SELECT ?x WHERE { ?x a }")
    message = str(err.value)
    assert "\n" not in message and message.startswith("query: line 1, column")
    with pytest.raises(UpdateRefusedError):
        built.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_named_questions(built: KnowledgeGraph) -> None:
    questions = built.questions()
    assert list(questions["name"]) == list(bundled_queries())
    for name, question in bundled_queries().items():
        frame = built.query_named(name, **question.params)  # the example values
        assert isinstance(frame, pd.DataFrame), name
        assert frame.attrs["title"], name
        if "type" in frame.columns:
            kinds = set(zip(frame["type"], frame["type_label"], strict=True))
            assert kinds and kinds <= set(TYPES.items()), (name, kinds)
    posts = built.query_named("who-holds-which-post")
    assert {"person", "post", "organization"} <= set(posts.columns) and len(posts) > 0
    # a parameter called "name" does not clash with the question's own argument
    under = built.query_named("organizations-under", name="新郑市委两新工委")
    assert len(under) > 0 and set(under["under"]) == {"新郑市委两新工委"}
    assert len(built.query_named("organizations-under", name="没有这个组织")) == 0
    with pytest.raises(QueryLibraryError):
        built.query_named("no-such-question")
    with pytest.raises(QueryLibraryError):
        built.query_named("evidence", nom="x", name="y")


@pytest.mark.parametrize(
    ("name", "param"), [("evidence", "name"), ("everything-in-place", "place")]
)
def test_a_question_without_its_parameter_raises(
    built: KnowledgeGraph, name: str, param: str
) -> None:
    with pytest.raises(MissingParameterError) as raised:
        built.query_named(name)
    assert raised.value.param == param and isinstance(raised.value, QueryLibraryError)
    message = str(raised.value)
    assert "\n" not in message and f"parameter {param!r}" in message and repr(name) in message


# ----------------------------------------------------------------------------- entities


def test_entity_by_label_with_facts_and_evidence(built: KnowledgeGraph) -> None:
    org = built.entity("竹源村党总支")
    assert isinstance(org, Entity)
    assert org.type == "Organization" and org.type_label == "组织" and org.label == "竹源村党总支"
    assert org.iri == "https://w3id.org/dangjian-kg/id/org/竹源村党总支"
    assert built.entity(org.iri) == built.entity(exact_iri(org.iri)) == org
    assert built.find(exact_iri(org.iri)) == [org.iri]
    assert "Organization 组织" in str(org)
    assert "村党总支" in org.aliases and org.documents == ("01_village_branch.txt",)
    assert org.facts and org.outgoing and org.incoming
    for fact in org.facts:
        assert fact.sentence and fact.document.endswith(".txt"), fact
        if fact.snippet:
            assert fact.snippet in fact.sentence, fact
    holds = {f.other: f for f in org.incoming if f.relation == "org:holds"}
    assert holds["沈桂芳"].post == "书记" and "沈桂芳" in holds["沈桂芳"].sentence
    assert holds["周明远"].post == "第一书记"
    assert "湖州市五星级基层党组织" in org.honors

    # the stated outgoing relations are exactly the graph's triples from it
    iri = exact_iri(org.iri)  # the graph's own form, for SPARQL
    expected = {
        (p, label)
        for p, label in built.store.query(
            f"SELECT ?p ?label WHERE {{ <{iri}> ?p ?o . ?o rdfs:label ?label . "
            f"FILTER(?p IN ({RELATIONS})) }}"
        ).rows
    }
    stated = {
        (f.relation.replace("dj:", "https://w3id.org/dangjian-kg/ontology#"), f.other)
        for f in org.outgoing
        if not f.implicit and f.relation.startswith("dj:") and f.relation != "dj:awarded"
    }
    assert stated == {(str(p), str(label)) for p, label in expected}

    frame = org.facts_frame()
    assert len(frame) == len(org.facts) and {"sentence", "document"} <= set(frame.columns)
    assert "<table" in org._repr_html_() and org.label in str(org)


def test_entity_quantities(built: KnowledgeGraph) -> None:
    org = built.entity("汉兴商务区联合党委")
    members = [q for q in org.quantities if q.measure == "party_members"]
    assert members and all(isinstance(q.value, int) and q.unit for q in members)
    assert all(str(q.value) in q.sentence or q.sentence for q in members)
    assert {q.document for q in members} == {"03_business_district_joint_committee.txt"}
    assert len(org.quantities_frame()) == len(org.quantities)


def test_entity_by_alias_and_gazetteer_evidence(built: KnowledgeGraph) -> None:
    assert built.entity("村党总支").iri == built.entity("竹源村党总支").iri
    place = built.entity("安吉")  # an alternative label of a division
    assert place.label == "安吉县" and place.type == "Place"
    gazetteer = [f for f in place.outgoing if f.rule == "gazetteer"]
    assert gazetteer and all(f.document == "" and f.sentence for f in gazetteer)
    shared = built.entity("联合党委")  # two joint committees are called so
    assert len(shared.homonyms) == 1 and shared.homonyms[0] != shared.iri


def test_unknown_entity(built: KnowledgeGraph) -> None:
    with pytest.raises(KeyError) as err:
        built.entity("竹源村党支")
    assert isinstance(err.value, UnknownEntityError)
    assert "竹源村党总支" in err.value.suggestions
    assert str(err.value).startswith("no entity is named '竹源村党支'")
    assert "竹源村党总支" in str(err.value)
    with pytest.raises(KeyError):
        built.entity("")


def test_entities_table(built: KnowledgeGraph) -> None:
    table = built.entities()
    assert len(table) == entity_count(built)
    assert list(table.columns) == [
        "label",
        "type",
        "type_label",
        "aliases",
        "documents",
        "degree",
        "iri",
    ]
    assert set(zip(table["type"], table["type_label"], strict=True)) == set(TYPES.items())
    assert not table["iri"].str.contains("%E", regex=False).any()  # readable IRIs
    orgs = built.entities("Organization")
    assert set(orgs["type"]) == {"Organization"} and orgs["degree"].dtype == "int64"
    for same in ("organization", "组织", "ORG"):  # any case, the Chinese label, a record code
        assert built.entities(same).equals(orgs)
    with pytest.raises(ValueError, match="choose Organization, Person, Program, Place"):
        built.entities("THING")


# ----------------------------------------------------------------------------- networkx


def test_to_networkx_matches_the_graph(built: KnowledgeGraph) -> None:
    graph = built.to_networkx()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == entity_count(built)
    assert graph.number_of_edges() == relation_count(built)
    for key, data in graph.nodes(data=True):
        assert TYPES[data["type"]] == data["type_label"] and data["label"]
        assert isinstance(data["aliases"], list) and isinstance(data["documents"], list)
        assert key == readable_iri(data["iri"]) and "%E" not in key and data["iri"].isascii()
    assert set(graph.nodes) == set(built.entities()["iri"])  # frames and graph join on it
    for _, _, data in graph.edges(data=True):
        assert data["relation"].startswith(("dj:", "org:")) and data["label"]
        assert data["evidence"], data  # every relation triple has a sentence behind it
        assert len(data["evidence"]) == len(data["documents"])
    zhu = "https://w3id.org/dangjian-kg/id/org/竹源村党总支"
    assert graph.nodes[zhu]["label"] == "竹源村党总支"
    posts = {
        graph.nodes[person]["label"]: d
        for person, _, d in graph.in_edges(zhu, data=True)
        if d["relation"] == "org:holds"
    }
    assert posts["沈桂芳"]["post"] == "书记" and posts["沈桂芳"]["label"] == "书记"
    assert posts["周明远"]["post"] == "第一书记"
    graph.add_node("scratch")  # a fresh graph each time
    assert "scratch" not in built.to_networkx()


# ----------------------------------------------------------------------------- exports


def no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_export_graphml_and_gexf(built: KnowledgeGraph, tmp_path: Path) -> None:
    nodes, edges = entity_count(built), relation_count(built)
    assert built.export(tmp_path / "g.graphml") == [tmp_path / "g.graphml"]
    graphml = nx.read_graphml(tmp_path / "g.graphml")
    assert graphml.number_of_nodes() == nodes and graphml.number_of_edges() == edges
    assert built.export(tmp_path / "g.gexf") == [tmp_path / "g.gexf"]
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.number_of_nodes() == nodes and gexf.number_of_edges() == edges
    labels = {d.get("label") for _, d in gexf.nodes(data=True)}
    assert "竹源村党总支" in labels
    any_edge = next(iter(graphml.edges(data=True)))[2]
    assert isinstance(any_edge["evidence"], str) and any_edge["relation"]
    assert no_temporary_files(tmp_path)


def test_export_csv(built: KnowledgeGraph, tmp_path: Path) -> None:
    paths = built.export(tmp_path / "edges.csv")
    assert paths == [tmp_path / "edges.csv", tmp_path / "edges.nodes.csv"]
    assert nodes_csv_path(tmp_path / "edges.csv") == paths[1]
    with paths[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == relation_count(built)
    assert list(rows[0])[:5] == ["source_label", "relation", "target_label", "evidence", "document"]
    assert all(r["evidence"] and r["source_label"] and r["target_label"] for r in rows)
    with paths[1].open(encoding="utf-8-sig", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    assert len(nodes) == entity_count(built)
    assert {r["id"] for r in nodes} >= {r["source"] for r in rows} | {r["target"] for r in rows}
    assert list(nodes[0]) == ["id", "type", "type_label", "label", "aliases", "documents", "iri"]
    assert all(r["id"] == readable_iri(r["iri"]) and r["iri"].isascii() for r in nodes)
    assert {r["type"] for r in nodes} == set(TYPES)
    # pandas reads it as well
    assert len(pd.read_csv(paths[0])) == len(rows)
    assert no_temporary_files(tmp_path)


def test_export_jsonld_round_trips(built: KnowledgeGraph, tmp_path: Path) -> None:
    (path,) = built.export(tmp_path / "graph.jsonld")
    text = path.read_text(encoding="utf-8")
    assert '"dj": "https://w3id.org/dangjian-kg/ontology#"' in text
    assert '"prov"' in text and '"org"' in text and "竹源村党总支" in text
    parsed = rdflib.Graph().parse(path, format="json-ld")
    assert len(parsed) == count(built, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert built.folder is not None
    original = rdflib.Graph().parse(built.folder / "graph.ttl", format="turtle")
    assert rdflib.compare.isomorphic(parsed, original)


def test_export_is_atomic(
    built: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("previous", encoding="utf-8")

    def broken(*args: Any, **kwargs: Any) -> None:
        Path(args[1]).write_text("half a file", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        built.export(target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert no_temporary_files(tmp_path)


def test_export_formats(built: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        built.export(tmp_path / "graph.xyz")
    with pytest.raises(ValueError, match="unknown export format"):
        built.export(tmp_path / "graph.out", "pajek")
    (path,) = built.export(tmp_path / "graph.out", "GEXF")
    assert nx.read_gexf(path).number_of_nodes() == entity_count(built)


# ----------------------------------------------------------------------------- the page


class IframeParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


NETWORK = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//"""
)


def page_of(shown: Any) -> tuple[str, dict[str, str | None]]:
    markup = shown._repr_html_() if hasattr(shown, "_repr_html_") else shown.data
    parser = IframeParser()
    parser.feed(markup)
    iframes = [attrs for tag, attrs in parser.tags if tag == "iframe"]
    assert len(iframes) == 1
    assert [tag for tag, _ in parser.tags] == ["div", "iframe"]  # the page is all inside srcdoc
    return markup, iframes[0]


def test_show_inlines_an_escaped_offline_page(built: KnowledgeGraph) -> None:
    markup, iframe = page_of(built.show())
    assert "srcdoc" in iframe and "src" not in iframe
    assert iframe.get("sandbox") == "allow-scripts"
    page = iframe["srcdoc"] or ""
    assert "<html" in page and "<script" in page and "vis.Network" in page
    assert "<script" not in markup and "&lt;script" in markup  # escaped in the attribute
    assert not NETWORK.search(page), NETWORK.search(page)
    assert "竹源村党总支" in page


def test_show_focus_types_and_errors(built: KnowledgeGraph) -> None:
    _, whole = page_of(built.show())
    _, focused = page_of(built.show(focus="竹源村党总支", depth=1, height=300))
    assert len(focused["srcdoc"] or "") < len(whole["srcdoc"] or "")
    assert "height:300px" in (focused["style"] or "")
    _, orgs = page_of(built.show(types="Organization"))
    assert "竹源村党总支" in (orgs["srcdoc"] or "")
    _, same = page_of(built.show(types=["organization"]))
    assert same["srcdoc"] == orgs["srcdoc"]
    _, places = page_of(built.show(types="Place"))
    assert "竹源村党总支" not in (places["srcdoc"] or "") and "安吉县" in (places["srcdoc"] or "")
    with pytest.raises(KeyError):
        built.show(focus="没有这个组织")
    with pytest.raises(ValueError):
        built.show(types="THING")


def test_show_escapes_injected_names(tmp_path: Path) -> None:
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    escaped = evil.replace("\\", "\\\\").replace('"', '\\"')
    (tmp_path / "evil.ttl").write_text(
        "@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<urn:x:a> a dj:Organization ; rdfs:label "{escaped}"@zh ; dj:locatedIn <urn:x:b> .\n'
        '<urn:x:b> a dj:Place ; rdfs:label "某村"@zh .\n',
        encoding="utf-8",
    )
    with KnowledgeGraph.load(tmp_path / "evil.ttl") as graph:
        assert graph.entity(evil).type == "Organization"
        markup, iframe = page_of(graph.show())
        assert "<script" not in markup and "<img" not in markup
        page = iframe["srcdoc"] or ""
        assert "<script>alert(1)" not in page and "<img src=x" not in page  # escaped in the page
