"""Graph pages (kg/render.py, ``kg render``, ``kg build``'s graph.html), without a browser.

The page's data is read back out of its ``<script type="application/json">`` blocks and
compared with what SPARQL finds in the graph; the offline, escaping and cap promises are
checked on the HTML itself. tests/test_browser.py opens the same pages in chromium.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from typer.testing import CliRunner

from kg import files
from kg.build import BuildResult, build
from kg.cli import app
from kg.pipeline import Extractor
from kg.render import (
    DJ,
    MAX_NODES,
    RenderError,
    graph_view,
    layout,
    load_graph,
    make_page,
    page_html,
    render,
    script_json,
    select,
)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
ID = "https://w3id.org/dangjian-kg/id/"
INJECTIONS = (
    "<script>alert(1)</script>",
    '" onmouseover="window.__xss=1" x="',
    "</script><script>window.__xss=2</script>",
    '<img src=x onerror="window.__xss=3">',
    "'; window.__xss=4; '",
    "<!-- <script>window.__xss=5</script>",
    "&lt;b&gt;&amp; {{ 7*7 }} \u2028\u2029",
)
runner = CliRunner()


# ----------------------------------------------------------------------------- helpers


class PageParser(HTMLParser):
    """Tags with their attributes, and the text of every ``<script>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in is not None:
            self.scripts.append((self._in, "".join(self._text)))
            self._in = None


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def page_data(html: str) -> dict[str, Any]:
    """The JSON blocks of a page by id (kg-data, kg-nodes, kg-edges, kg-options)."""
    blocks = {
        attrs.get("id"): json.loads(text)
        for attrs, text in parse_page(html).scripts
        if attrs.get("type") == "application/json"
    }
    assert set(blocks) == {"kg-data", "kg-nodes", "kg-edges", "kg-options"}
    return blocks


def expected_counts(graph: Graph) -> tuple[int, int]:
    """Entity nodes, and relation edges as the page draws them (one per post held, one
    per pair for the symmetric dj:pairedWith), counted on the graph itself."""
    classes = (DJ.Organization, DJ.Person, DJ.Program, DJ.Place)
    entities = {s for c in classes for s in graph.subjects(RDF.type, c)}
    edges: set[tuple[Any, ...]] = set()
    for p in (
        DJ.manages,
        ORG.subOrganizationOf,
        DJ.locatedIn,
        DJ.implements,
        DJ.partOfProgram,
        DJ.established,
    ):
        edges |= {(s, p, o) for s, o in graph.subject_objects(p) if s != o}
    for s, post in graph.subject_objects(ORG.holds):
        edges |= {(s, post, o) for o in graph.objects(post, ORG.postIn) if s != o}
    edges |= {tuple(sorted((s, o))) for s, o in graph.subject_objects(DJ.pairedWith) if s != o}
    ends = [(e[0], e[-1]) for e in edges]
    assert all(a in entities and b in entities for a, b in ends)
    return len(entities), len(edges)


def injected_graph() -> Graph:
    """A small dj graph whose names, document name, sentences, role, honor and unit are
    all injection attempts."""
    g = Graph()
    doc = URIRef(ID + "doc/x")
    g.add((doc, RDF.type, DJ.Document))
    g.add((doc, DCTERMS.identifier, Literal('<img src=x onerror="window.__xss=9">.txt')))
    sentence = URIRef(ID + "doc/x/sentence/0")
    g.add((sentence, RDF.type, DJ.Sentence))
    g.add((sentence, DJ.text, Literal("".join(INJECTIONS))))
    g.add((sentence, DCTERMS.isPartOf, doc))
    place = URIRef(ID + "place/p")
    g.add((place, RDF.type, DJ.Place))
    g.add((place, RDFS.label, Literal("<b>地点</b>", lang="zh")))
    g.add((place, DJ.mentionedIn, sentence))
    for i, name in enumerate(INJECTIONS):
        org = URIRef(f"{ID}org/{i}")
        g.add((org, RDF.type, DJ.Organization))
        g.add((org, RDFS.label, Literal(name, lang="zh")))
        g.add((org, SKOS.altLabel, Literal(f"{name}别名{i}", lang="zh")))
        g.add((org, DJ.mentionedIn, sentence))
        g.add((org, DJ.awarded, Literal(name, lang="zh")))
        g.add((org, DJ.locatedIn, place))
        a = URIRef(f"{ID}assertion/{i}")
        for p, o in (
            (RDF.type, DJ.Assertion),
            (RDF.subject, org),
            (RDF.predicate, DJ.locatedIn),
            (RDF.object, place),
            (PROV.wasDerivedFrom, sentence),
            (DJ.rule, Literal(name)),
            (DJ.evidence, Literal(name)),
        ):
            g.add((a, p, o))
        q = URIRef(f"{ID}quantity/{i}")
        g.add((org, DJ.quantity, q))
        for p, o in (
            (RDF.type, DJ.Quantity),
            (DJ.measure, DJ.party_members),
            (RDF.value, Literal(i + 1, datatype=XSD.integer)),
            (DJ.unit, Literal(name)),
            (PROV.wasDerivedFrom, sentence),
        ):
            g.add((q, p, o))
    person = URIRef(ID + "person/x")
    g.add((person, RDF.type, DJ.Person))
    g.add((person, RDFS.label, Literal(INJECTIONS[0] + "人", lang="zh")))
    post = URIRef(ID + "org/0/post/x")
    role = URIRef(ID + "role/x")
    g.add((post, RDF.type, ORG.Post))
    g.add((post, ORG.postIn, URIRef(ID + "org/0")))
    g.add((post, ORG.role, role))
    g.add((role, RDFS.label, Literal(INJECTIONS[1], lang="zh")))
    g.add((person, ORG.holds, post))
    return g


def chain_graph(parts: list[int]) -> Graph:
    """Organizations in separate chains of the given lengths (dj:manages along each)."""
    g = Graph()
    for c, size in enumerate(parts):
        previous = None
        for i in range(size):
            node = URIRef(f"{ID}org/c{c}n{i}")
            g.add((node, RDF.type, DJ.Organization))
            g.add((node, RDFS.label, Literal(f"组织{c}-{i}", lang="zh")))
            if previous is not None:
                g.add((previous, DJ.manages, node))
            previous = node
    return g


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([str(CORPUS)], tmp_path_factory.mktemp("render") / "graph", extractor=Extractor())


@pytest.fixture(scope="module")
def sample_graph(sample: BuildResult) -> Graph:
    return Graph().parse(sample.out / "graph.ttl", format="turtle")


# ----------------------------------------------------------------------------- the sample page


def test_build_writes_the_page_with_every_node_and_edge(
    sample: BuildResult, sample_graph: Graph
) -> None:
    html = (sample.out / "graph.html").read_text(encoding="utf-8")
    blocks = page_data(html)
    nodes, edges = expected_counts(sample_graph)
    assert nodes > 100 and edges > 80
    assert (len(blocks["kg-nodes"]), len(blocks["kg-edges"])) == (nodes, edges)
    assert blocks["kg-data"]["totals"] == [nodes, edges]
    assert not blocks["kg-data"]["notes"] and not sample.page_notes
    assert not list(sample.out.parent.glob(".graph.build-*"))


def test_kg_render_gives_the_build_page_from_ttl_and_trig(
    sample: BuildResult, tmp_path: Path
) -> None:
    built = (sample.out / "graph.html").read_bytes()
    for name in ("graph.ttl", "graph.trig"):
        out = render(sample.out / name, tmp_path / f"{name}.html")
        assert out.path.read_bytes() == built, name
    result = runner.invoke(app, ["render", str(sample.out), "-o", str(tmp_path / "cli.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.html").read_bytes() == built
    assert "→" in result.stderr and "nodes" in result.stderr


def test_page_content_types_labels_evidence(sample: BuildResult, sample_graph: Graph) -> None:
    blocks = page_data((sample.out / "graph.html").read_text(encoding="utf-8"))
    data, nodes, edges = blocks["kg-data"], blocks["kg-nodes"], blocks["kg-edges"]
    assert set(data["types"]) == {"ORG", "PERSON", "PROGRAM", "PLACE"}
    shapes = {(t["color"], t["shape"]) for t in data["types"].values()}
    assert len(shapes) == 4  # a colour and a shape per type, in the legend data
    for node in nodes:
        style = data["types"][node["t"]]
        assert node["shape"] == style["shape"] and node["color"]["background"] == style["color"]
        assert node["name"] == node["names"][0] and "label" not in node  # the page draws it
    # size grows with degree
    by_degree = sorted(nodes, key=lambda n: n["deg"])
    assert by_degree[0]["size"] < by_degree[-1]["size"]
    assert all(a["size"] <= b["size"] for a, b in itertools.pairwise(by_degree))
    # every name of the graph (labels and altLabels) is searchable on the page
    names = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in sample_graph.objects(None, p)}
    page_names = {name for n in nodes for name in n["names"]}
    assert page_names <= names and len(page_names) >= len(nodes)
    alt = {
        str(o)
        for s in sample_graph.subjects(RDF.type, DJ.Organization)
        for o in sample_graph.objects(s, SKOS.altLabel)
    }
    assert alt and alt <= page_names
    # Chinese edge labels, English names for the hover, evidence with documents
    assert {e["r"] for e in edges} <= set(data["relations"])
    assert all(re.search(r"[\u4e00-\u9fff]", e["label"]) for e in edges)
    assert data["relations"]["locatedIn"] == {
        "zh": "位于",
        "en": "located in",
        "curie": "dj:locatedIn",
        "color": data["relations"]["locatedIn"]["color"],
    }
    stated = [e for e in edges if e["docs"]]
    assert len(stated) > len(edges) / 2
    for edge in stated:
        assert edge["ev"]
        for sentence, _rule, _snippet in edge["ev"]:
            text, doc = data["sentences"][sentence]
            assert text and (doc == -1 or data["docs"][doc].endswith(".txt"))
    assert data["docs"] == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_page_is_offline(sample: BuildResult) -> None:
    html = (sample.out / "graph.html").read_text(encoding="utf-8")
    parsed = parse_page(html)
    assert not [t for t, _ in parsed.tags if t in {"link", "iframe", "object", "embed", "img"}]
    external = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data", "formaction"):
            value = attrs.get(name)
            assert value is None or not external.match(value), (tag, name, value)
    # nothing anywhere in the markup or the CSS points outside: no src=/href= to a host, no
    # url(http…) or @import; http(s) occurs only in the data (IRIs), the SVG namespace and
    # vis.js's licence comments
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html
    for host in ("cdnjs", "jsdelivr", "unpkg", "googleapis", "bootstrap"):
        assert host not in html.lower(), host
    # the scripts are inline, and the policy lets nothing else load
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    assert "vis.Network" in html and "vis-network" in html
    policy = next(a["content"] for t, a in parsed.tags if a.get("http-equiv"))
    assert policy is not None and "default-src 'none'" in policy
    assert "connect-src 'none'" in policy


def test_only_the_pages_own_scripts_may_run(sample: BuildResult) -> None:
    html = (sample.out / "graph.html").read_text(encoding="utf-8")
    parsed = parse_page(html)
    policy = next(a["content"] for t, a in parsed.tags if a.get("http-equiv")) or ""
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy))
    code = [text for attrs, text in parsed.scripts if "type" not in attrs]
    assert len(code) == 2  # vis.js and the page's own script
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert digest in allowed
    assert len(allowed) == len(code) and "unsafe-inline" not in policy.split("style-src")[0]


# ----------------------------------------------------------------------------- escaping


def test_injected_names_stay_text(tmp_path: Path) -> None:
    result = render(injected_graph(), tmp_path / "x.html")
    html = result.path.read_text(encoding="utf-8")
    parsed = parse_page(html)
    # the markup is exactly the template's: no tag or attribute came from the data
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert len(scripts) == 6 and len(parsed.scripts) == 6
    assert not any(t in {"img", "b"} for t, _ in parsed.tags)
    assert not any(k.startswith("on") or k == "x" for _, attrs in parsed.tags for k in attrs)
    for needle in ("<script>alert", "</script><script>window", "<img src=x", "<!--", "\u2028"):
        assert needle not in html
    # and the data reads back exactly
    blocks = page_data(html)
    names = {name for n in blocks["kg-nodes"] for name in n["names"]}
    assert set(INJECTIONS) <= names
    assert blocks["kg-data"]["docs"] == ['<img src=x onerror="window.__xss=9">.txt']
    assert blocks["kg-data"]["sentences"][0][0] == "".join(INJECTIONS)
    roles = {e["label"] for e in blocks["kg-edges"] if e["r"] == "holds"}
    assert roles == {INJECTIONS[1]}
    honors = {h for n in blocks["kg-nodes"] for h in n["honors"]}
    assert honors == set(INJECTIONS)
    title = render(injected_graph(), tmp_path / "t.html", title=INJECTIONS[0]).path
    assert "<script>alert" not in title.read_text(encoding="utf-8")


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = str(script_json({"a": "</script><!--<b>&\u2028\u2029"}))
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"a": "</script><!--<b>&\u2028\u2029"}


# ----------------------------------------------------------------------------- selection


def test_focus_by_label_or_alt_label_and_depth(sample_graph: Graph, tmp_path: Path) -> None:
    view = graph_view(sample_graph)
    graph = view.to_networkx()
    center = max(
        (k for k, n in view.nodes.items() if n.alt_labels), key=lambda k: (graph.degree(k), k)
    )
    node = view.nodes[center]
    for depth in (1, 2):
        by_label, _, _ = select(view, focus=node.label, depth=depth)
        by_alt, _, _ = select(view, focus=node.alt_labels[0], depth=depth)
        expected = set(nx.ego_graph(graph, center, radius=depth))
        assert set(by_label.nodes) == set(by_alt.nodes) == expected
        assert all(e.source in expected and e.target in expected for e in by_label.edges)
    page = render(sample_graph, tmp_path / "ego.html", focus=node.alt_labels[0], depth=1)
    assert page.nodes == len(nx.ego_graph(graph, center, radius=1))
    assert node.label in page.path.read_text(encoding="utf-8")


def test_unknown_focus_type_or_document_is_an_error(sample_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "none.html"
    with pytest.raises(RenderError, match="no entity is named"):
        render(sample_graph, out, focus="没有这个组织")
    with pytest.raises(RenderError, match="names containing it"):
        render(sample_graph, out, focus="党委")
    with pytest.raises(RenderError, match="choose among"):
        render(sample_graph, out, types="ORG,TEAM")
    with pytest.raises(RenderError, match="no document named"):
        render(sample_graph, out, doc="nope.txt")
    assert not out.exists()
    with pytest.raises(RenderError, match="no such file"):
        render(tmp_path / "missing", out)
    (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(RenderError, match="cannot read the graph"):
        load_graph(tmp_path / "bad.ttl")


def test_types_and_document_filters(sample_graph: Graph) -> None:
    view = graph_view(sample_graph)
    orgs, _, _ = select(view, types=["ORG", "PROGRAM"])
    assert {n.type for n in orgs.nodes.values()} == {"ORG", "PROGRAM"}
    assert len(orgs.nodes) == sum(1 for n in view.nodes.values() if n.type in {"ORG", "PROGRAM"})
    doc = view.docs[0]
    one, _, _ = select(view, doc=Path(doc).stem)  # with or without the extension
    assert one.nodes and len(one.nodes) < len(view.nodes)
    stated = {x for e in one.edges if doc in one.edge_docs(e) for x in (e.source, e.target)}
    for key, node in one.nodes.items():
        assert doc in node.docs or key in stated
    for edge in one.edges:
        assert doc in one.edge_docs(edge) or not one.edge_docs(edge)


def synthetic_file(tmp_path: Path, triples: int = 20_000) -> Path:
    """bench/synthetic_graph.py's graph (seeded: the same every run) as Turtle."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from synthetic_graph import generate

    path = tmp_path / "synthetic.ttl"
    generate(triples).write(path)
    return path


def test_cap_keeps_the_most_related_organizations_and_programs(tmp_path: Path) -> None:
    path = synthetic_file(tmp_path)
    whole = graph_view(Graph().parse(path, format="turtle"))
    assert len(whole.nodes) > 600
    degree: dict[str, int] = dict.fromkeys(whole.nodes, 0)
    for e in whole.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    result = render(path, tmp_path / "capped.html", max_nodes=300)
    assert result.capped and result.nodes == 300
    kept = {n["iri"] for n in page_data(result.path.read_text("utf-8"))["kg-nodes"]}
    hubs = [k for k in kept if whole.nodes[k].type in {"ORG", "PROGRAM"}]
    dropped = [k for k, n in whole.nodes.items() if k not in kept and n.type in {"ORG", "PROGRAM"}]
    # the rule: organizations and programs by relations, then their places, nothing else
    assert hubs and dropped
    assert min(degree[k] for k in hubs) >= max(degree[k] for k in dropped)
    located = {e.target for e in whole.edges if e.predicate == DJ.locatedIn and e.source in kept}
    others = kept - set(hubs)
    assert others and all(whole.nodes[k].type == "PLACE" for k in others)
    assert others <= located
    # the note: what is shown, what is left out (by type) and how to see it
    note = result.notes[0]
    assert f"The graph has {len(whole.nodes):,} nodes" in note
    assert f"{len(hubs):,} organizations and programs with the most relations" in note
    assert f"Left out: {len(whole.nodes) - 300:,} nodes" in note
    persons = sum(1 for n in whole.nodes.values() if n.type == "PERSON")
    assert f"{persons:,} Person" in note
    assert all(option in note for option in ("--focus", "--doc", "--types", "--max-nodes"))
    data = page_data(result.path.read_text("utf-8"))["kg-data"]
    assert data["notes"] == result.notes and data["totals"] == [len(whole.nodes), len(whole.edges)]
    # deterministic: the same page again, and from the graph in rdflib or in pyoxigraph
    again = render(path, tmp_path / "again.html", max_nodes=300)
    assert again.path.read_bytes() == result.path.read_bytes()
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    from_store = render(store, tmp_path / "store.html", max_nodes=300)
    assert from_store.path.read_bytes() == result.path.read_bytes()


def test_cap_on_chains_and_below_it(tmp_path: Path) -> None:
    graph = chain_graph([60, 40, 5])
    result = render(graph, tmp_path / "c.html", max_nodes=80)
    assert result.capped and (result.nodes, result.total_nodes) == (80, 105)
    assert "more than the 80 nodes" in result.notes[0]
    kept = page_data(result.path.read_text("utf-8"))["kg-nodes"]
    assert all(n["names"][0].split("-")[1] not in {"0"} for n in kept)  # chain ends: 1 relation
    assert not render(graph, tmp_path / "e.html").capped and MAX_NODES == 5000


def test_pages_from_pyoxigraph_stores_equal_the_build_page(
    sample: BuildResult, tmp_path: Path
) -> None:
    from kg.store import open_store

    built = (sample.out / "graph.html").read_bytes()
    memory = ox.Store()
    memory.bulk_load(path=str(sample.out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert render(memory, tmp_path / "ox.html").path.read_bytes() == built
    quads = ox.Store()  # named graphs, no union default graph: each triple once anyway
    quads.bulk_load(path=str(sample.out / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert render(quads, tmp_path / "quads.html").path.read_bytes() == built
    with open_store(sample.out / "graph.trig", "memory") as store:
        assert render(store, tmp_path / "store.html").path.read_bytes() == built
    with pytest.raises(RenderError, match="give an output file"):
        render(memory)


def test_crowded_parts_still_keep_labels_apart() -> None:
    """A part too crowded for pushing apart (two hubs of 900 leaves each, and a chain
    through them) is packed in rows: still no two boxes overlap."""
    edges = [(0, k) for k in range(2, 902)] + [(1, k) for k in range(902, 1802)]
    edges += [(k, k + 1) for k in range(2, 1801, 7)] + [(0, 1)]
    boxes = np.tile([70.0, 40.0], (1802, 1))
    pos = layout(1802, edges, boxes=boxes, below=np.full(1802, -10.0))
    from scipy.spatial import cKDTree

    low = pos + np.array([-35.0, -10.0])
    pairs = cKDTree(low).query_pairs(90.0, output_type="ndarray")
    gap = np.abs(low[pairs[:, 0]] - low[pairs[:, 1]])
    assert not ((gap[:, 0] < 70 - 1e-6) & (gap[:, 1] < 40 - 1e-6)).any()
    assert (pos == layout(1802, edges, boxes=boxes, below=np.full(1802, -10.0))).all()


def load_graph_from(page: Path) -> Graph:
    """The entity nodes and edges of a page, back as a dj graph (for connectivity)."""
    blocks = page_data(page.read_text(encoding="utf-8"))
    g = Graph()
    iris = {n["id"]: URIRef(n["iri"]) for n in blocks["kg-nodes"]}
    for n in blocks["kg-nodes"]:
        g.add((iris[n["id"]], RDF.type, DJ.Organization))
        g.add((iris[n["id"]], RDFS.label, Literal(n["name"], lang="zh")))
    for e in blocks["kg-edges"]:
        g.add((iris[e["from"]], DJ.manages, iris[e["to"]]))
    return g


def test_cli_render_defaults_notes_and_errors(sample: BuildResult, tmp_path: Path) -> None:
    graph_file = tmp_path / "chains.ttl"
    chain_graph([30, 10]).serialize(graph_file, format="turtle")
    result = runner.invoke(app, ["render", str(graph_file), "--max-nodes", "20"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "chains.html").is_file()  # beside the graph file
    assert "note: The graph has 40 nodes" in result.stderr
    bad = runner.invoke(app, ["render", str(graph_file), "--focus", "无名", "-o", "x.html"])
    assert bad.exit_code == 2 and "error: no entity is named" in bad.stderr
    bad = runner.invoke(app, ["render", str(graph_file), "--types", "ORG,X"])
    assert bad.exit_code == 2 and "--types X" in bad.stderr
    bad = runner.invoke(app, ["render", str(tmp_path / "nothing")])
    assert bad.exit_code == 2
    ego = runner.invoke(
        app,
        [
            "render",
            str(graph_file),
            "--focus",
            "组织0-5",
            "--depth",
            "2",
            "-o",
            str(tmp_path / "ego.html"),
            "--types",
            "ORG",
        ],
    )
    assert ego.exit_code == 0, ego.output
    assert len(page_data((tmp_path / "ego.html").read_text("utf-8"))["kg-nodes"]) == 5


# ----------------------------------------------------------------------------- writing, layout


def test_write_is_atomic(
    sample_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "page.html"
    out.write_text("previous page", encoding="utf-8")

    def fail(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        render(sample_graph, out)
    assert out.read_text(encoding="utf-8") == "previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
    monkeypatch.undo()
    render(sample_graph, out)
    assert out.stat().st_mode & 0o644 == 0o644


def test_layout_is_finite_spread_and_deterministic() -> None:
    tree = nx.random_labeled_tree(700, seed=3)  # above 500 nodes: the k-d tree variant
    edges = [*tree.edges(), (700, 701), (702, 703), (703, 704)]
    pos = layout(706, edges)
    assert pos.shape == (706, 2) and bool((abs(pos) < 1e6).all())
    assert len({(round(x), round(y)) for x, y in pos}) > 690  # no pile of nodes on one spot
    again = layout(706, edges)
    assert (pos == again).all()
    lengths = [float(((pos[a] - pos[b]) ** 2).sum() ** 0.5) for a, b in edges]
    assert 20 < sorted(lengths)[len(lengths) // 2] < 400  # edges of readable length


def test_make_page_in_memory_for_notebooks(sample_graph: Graph, tmp_path: Path) -> None:
    page = make_page(sample_graph, types="ORG")
    blocks = page_data(page.html)
    assert page.nodes == len(blocks["kg-nodes"]) and not page.capped
    assert {n["t"] for n in blocks["kg-nodes"]} == {"ORG"}
    assert (page.total_nodes, page.total_edges) == expected_counts(sample_graph)
    assert list(tmp_path.iterdir()) == []


def test_implied_edges_are_dashed(sample: BuildResult, sample_graph: Graph) -> None:
    """An edge is dashed exactly when every assertion behind it is a dj:ImplicitAssertion."""
    blocks = page_data((sample.out / "graph.html").read_text(encoding="utf-8"))
    nodes = {n["id"]: n["iri"] for n in blocks["kg-nodes"]}
    implicit = set(sample_graph.subjects(RDF.type, DJ.ImplicitAssertion))
    stated: set[tuple[str, str]] = set()
    for a in sample_graph.subjects(RDF.type, DJ.Assertion):
        if a not in implicit and (a, RDF.predicate, DJ.implements) in sample_graph:
            s_, o = sample_graph.value(a, RDF.subject), sample_graph.value(a, RDF.object)
            stated.add((str(s_), str(o)))
    implements = [e for e in blocks["kg-edges"] if e["r"] == "implements"]
    dashed = [e for e in implements if e.get("imp")]
    assert dashed and len(dashed) < len(implements)
    for edge in implements:
        pair = (nodes[edge["from"]], nodes[edge["to"]])
        assert bool(edge.get("imp")) == (pair not in stated), pair
        assert bool(edge.get("dashes")) == bool(edge.get("imp"))
    assert all(e["ev"] for e in dashed)  # the implied fact keeps its evidence and rule
    assert all(any(r.startswith("implied_actor") for _, r, _ in e["ev"]) for e in dashed)


def test_unconnected_nodes_start_hidden(sample: BuildResult) -> None:
    blocks = page_data((sample.out / "graph.html").read_text(encoding="utf-8"))
    nodes = blocks["kg-nodes"]
    assert any(n["deg"] == 0 for n in nodes)
    assert all(n["hidden"] == (n["deg"] == 0) for n in nodes)
    # they sit below every connected node, out of the initial view
    lowest = max(n["y"] for n in nodes if n["deg"])
    assert all(n["y"] > lowest for n in nodes if n["deg"] == 0)


def label_overlaps(nodes: list[dict[str, Any]]) -> int:
    """Pairs of label boxes (the page's geometry at zoom 1) that overlap by over 1 px."""
    from kg.render.layout import LABEL_GAP, LABEL_PAD, label_box

    boxes = []
    for n in nodes:
        w, h = label_box(n["name"], n["fs"])
        w, h = w - 2 * LABEL_PAD, h - 2 * LABEL_PAD
        top = n["y"] + n["size"] + LABEL_GAP + LABEL_PAD
        boxes.append((n["x"] - w / 2, top, w, h))
    xs = np.array(boxes)
    from scipy.spatial import cKDTree

    centre = xs[:, :2] + xs[:, 2:] / 2
    pairs = cKDTree(centre).query_pairs(float(np.hypot(*xs[:, 2:].max(axis=0))))
    bad = 0
    for i, j in pairs:
        dx = min(xs[i, 0] + xs[i, 2], xs[j, 0] + xs[j, 2]) - max(xs[i, 0], xs[j, 0])
        dy = min(xs[i, 1] + xs[i, 3], xs[j, 1] + xs[j, 3]) - max(xs[i, 1], xs[j, 1])
        bad += dx > 1 and dy > 1
    return bad


def test_layout_keeps_labels_apart_at_zoom_one(sample: BuildResult) -> None:
    """Every label fits beside every other at zoom 1 (so zoomed in, all can be drawn)."""
    blocks = page_data((sample.out / "graph.html").read_text(encoding="utf-8"))
    connected = [n for n in blocks["kg-nodes"] if n["deg"]]
    assert len(connected) > 50 and label_overlaps(connected) == 0
    big = page_html(graph_view(tree_graph(5000)))
    nodes = page_data(big)["kg-nodes"]
    assert len(nodes) == 5000 and label_overlaps(nodes) == 0


def tree_graph(size: int, seed: int = 5) -> Graph:
    """Organizations in one random tree of ``size`` nodes (dj:manages), names of 3-9
    characters."""
    rng = np.random.default_rng(seed)
    chars = "东南西北中安和平兴华新城山河湖江海林竹石桥溪岭泉云青红金银光明长乐福寿"
    g = Graph()
    for i in range(size):
        node = URIRef(f"{ID}org/t{i}")
        name = "".join(rng.choice(list(chars), int(rng.integers(2, 8)))) + f"{i}党委"
        g.add((node, RDF.type, DJ.Organization))
        g.add((node, RDFS.label, Literal(name, lang="zh")))
        if i:
            parent = URIRef(f"{ID}org/t{int(rng.integers(0, i))}")
            g.add((parent, DJ.manages, node))
    return g


def test_render_bench_compares_before_and_after_in_one_run() -> None:
    """bench/render_speed.py --only-scale on a small graph: both ways give the same page,
    and the ratios are computed from figures measured in that run."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "render_speed.py"), "--only-scale",
         "--triples", "20000", "--no-redraw", "--json"],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    figures = json.loads(run.stdout)
    assert figures["triples"] >= 20_000 and figures["same_page"] is True
    before, after = figures["before"], figures["after"]
    assert before["nodes"] == after["nodes"] > 0 and after["peak_rss_mb"] > 0
    assert figures["time_ratio"] == round(before["seconds"] / after["seconds"], 2)
