"""Graph pages in a real browser: Debian's chromium, headless, driven by Playwright.

The browser is ``/usr/bin/chromium`` (``make test`` installs it with apt-get where it is
missing; Playwright never downloads one) and every network request is aborted: the pages
must work from their single file. Skipped, with the reason, without chromium or Playwright.

``KG_SCREENSHOT=docs/graph.png pytest tests/test_browser.py -k screenshot`` (or
``make screenshot``) saves the sample graph's picture for the README.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS
from test_render import (
    INJECTIONS,
    chain_graph,
    expected_counts,
    injected_graph,
    synthetic_file,
    tree_graph,
)

from kg.build import BuildResult, build
from kg.pipeline import Extractor
from kg.render import DJ, graph_view, render, select

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

try:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Dialog,
        Page,
        Request,
        Route,
        sync_playwright,
    )
except ImportError:  # pragma: no cover - depends on the machine
    pytestmark = pytest.mark.skip(
        reason="playwright is not installed (pip install -e '.[dev]'; make test does it)"
    )
else:
    if not CHROMIUM.exists():
        pytestmark = pytest.mark.skip(
            reason=f"{CHROMIUM} is missing (make test installs it: apt-get install chromium)"
        )


@dataclass
class Opened:
    """A page and everything it did: console errors, page errors, dialogs, requests."""

    page: Page
    url: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([str(CORPUS)], tmp_path_factory.mktemp("browser") / "graph", extractor=Extractor())


@pytest.fixture(scope="module")
def sample_graph(sample: BuildResult) -> Graph:
    return Graph().parse(sample.out / "graph.ttl", format="turtle")


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    contexts = []

    def open_(path: Path) -> Opened:
        context = browser.new_context(
            viewport={"width": 1400, "height": 900}, service_workers="block"
        )
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page, path.resolve().as_uri())

        def route(route: Route) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:  # the network is off: everything but the page itself is refused
                opened.blocked.append(route.request.url)
                route.abort()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                opened.errors.append(message.text)

        def dialog(d: Dialog) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        def request(r: Request) -> None:
            opened.requests.append(r.url)

        context.route("**/*", route)
        page.on("console", console)
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        page.on("dialog", dialog)
        page.on("request", request)
        page.goto(opened.url)
        page.wait_for_function("() => window.__kgReady !== undefined", timeout=30_000)
        return opened

    yield open_
    for context in contexts:
        context.close()


def next_frame(opened: Opened, action: str) -> None:
    """Run ``action`` in the page, then wait until vis.js has drawn a frame after it (the
    page counts its frames): a condition, never a fixed time. Conditions are functions
    (``() => …``): the page's CSP forbids eval, which Playwright uses for bare strings."""
    before = opened.js(f"(() => {{ const n = kg.frames(); {action}; return n; }})()")
    opened.page.wait_for_function(f"() => kg.frames() > {before}", timeout=60_000)


def overlapping_labels(boxes: list[dict[str, float]], tolerance: float = 2.0) -> list[Any]:
    """Pairs of drawn label boxes that overlap by more than ``tolerance`` pixels both ways."""
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > tolerance and dy > tolerance:
                bad.append((a["text"], b["text"]))
    return bad


def node_id(opened: Opened, iri: str) -> int:
    return opened.js(f"kg.nodes.get({{filter: n => n.iri === {json.dumps(iri)}}})[0].id")


def hover_node(opened: Opened, ident: int) -> None:
    """Move the mouse onto a node (its position on screen, from vis.js)."""
    box = opened.page.locator("#mynetwork").bounding_box()
    assert box is not None
    point = opened.js(f"kg.network.canvasToDOM(kg.network.getPositions([{ident}])[{ident}])")
    opened.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])


# ----------------------------------------------------------------------------- the sample page

INSIDE = """(() => { const c = document.getElementById('mynetwork');
  const w = c.clientWidth, h = c.clientHeight, pos = kg.network.getPositions(
    kg.network.body.nodeIndices);
  return Object.keys(pos).filter(id => { const p = kg.network.canvasToDOM(pos[id]);
    return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h; }).length; })()"""


def test_sample_page_loads_offline_with_every_node(
    open_page: Any, sample: BuildResult, sample_graph: Graph
) -> None:
    opened = open_page(sample.out / "graph.html")
    assert opened.errors == [] and opened.dialogs == []
    assert opened.blocked == [] and set(opened.requests) == {opened.url}
    nodes, edges = expected_counts(sample_graph)
    assert opened.js("[kg.nodes.length, kg.edges.length]") == [nodes, edges]
    connected = opened.js("kg.nodes.get({filter: n => n.deg > 0}).length")
    assert 0 < connected < nodes  # the sample has unconnected nodes: off the canvas
    drawn = opened.js(
        "[Object.keys(kg.network.body.nodes).length,"
        " kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]"
    )
    assert drawn == [nodes, connected, edges]
    # after the initial fit every node on the canvas lies inside the drawing area
    assert opened.js(INSIDE) == connected
    assert opened.js("document.getElementById('kg-status').textContent").startswith(
        f"显示 {connected} / {nodes} 个节点"
    )


def test_search_box_focuses_a_node_by_any_name(
    open_page: Any, sample: BuildResult, sample_graph: Graph
) -> None:
    opened = open_page(sample.out / "graph.html")
    target = min(
        s
        for s in sample_graph.subjects(RDF.type, DJ.Organization)
        if (s, SKOS.altLabel, None) in sample_graph
    )
    alt = min(str(o) for o in sample_graph.objects(target, SKOS.altLabel))
    expected = node_id(opened, str(target))
    opened.page.fill("#kg-search", alt)
    opened.page.press("#kg-search", "Enter")
    assert opened.js("kg.network.getSelectedNodes()") == [expected]
    label = opened.js(f"kg.nodes.get({expected}).name")
    assert opened.page.text_content("#kg-details h3") == label
    opened.page.wait_for_function("() => !kg.animating()", timeout=60_000)  # the focus animation
    view, node = opened.js(
        f"[kg.network.getViewPosition(), kg.network.getPositions([{expected}])[{expected}]]"
    )
    assert abs(view["x"] - node["x"]) < 2 and abs(view["y"] - node["y"]) < 2
    opened.page.fill("#kg-search", "没有这个名称")
    opened.page.press("#kg-search", "Enter")
    assert "未找到" in (opened.page.text_content("#kg-search-msg") or "")
    assert opened.errors == []


def test_filters_by_type_and_document(
    open_page: Any, sample: BuildResult, sample_graph: Graph
) -> None:
    opened = open_page(sample.out / "graph.html")
    visible = "kg.nodes.get({filter: n => !n.hidden}).length"
    total = opened.js("kg.nodes.get({filter: n => n.deg > 0}).length")  # unconnected: hidden
    places = opened.js("kg.nodes.get({filter: n => n.t === 'PLACE' && n.deg > 0}).length")
    opened.page.uncheck("input[data-type=PLACE]")
    assert opened.js(visible) == total - places
    assert (
        opened.js(
            "kg.edges.get({filter: e => !e.hidden && e.r === 'locatedIn'})"
            ".filter(e => kg.nodes.get(e.to).t === 'PLACE').length"
        )
        == 0
    )
    opened.page.check("input[data-type=PLACE]")
    view = graph_view(sample_graph)
    connected = {k for e in view.edges for k in (e.source, e.target)}
    doc = view.docs[0]
    chosen, _, _ = select(view, doc=doc)
    opened.page.select_option("#kg-doc", label=doc)
    assert opened.js(visible) == len(set(chosen.nodes) & connected)
    assert opened.js("kg.edges.get({filter: e => !e.hidden}).length") == len(chosen.edges)
    opened.page.click("#kg-reset")
    assert opened.js(visible) == total


def test_hover_and_click_show_names_and_evidence(open_page: Any, sample: BuildResult) -> None:
    opened = open_page(sample.out / "graph.html")
    ident = opened.js(
        "kg.nodes.get().filter(n => n.names.length > 1 && n.docs.length && n.deg > 0)"
        ".sort((a, b) => b.size - a.size)[0].id"
    )
    opened.js(f"kg.network.focus({ident}, {{scale: 1.5}})")
    hover_node(opened, ident)
    opened.page.wait_for_selector("#kg-tip:not([hidden])")
    tip = opened.page.text_content("#kg-tip") or ""
    names = opened.js(f"kg.nodes.get({ident}).names")
    assert all(name in tip for name in names) and "文档 Documents" in tip
    opened.page.mouse.down()
    opened.page.mouse.up()
    assert opened.js("kg.network.getSelectedNodes()") == [ident]
    # click an edge from the details panel: its evidence shows there
    opened.page.locator("#kg-details li button").first.click()
    assert "Evidence" in (opened.page.text_content("#kg-details") or "")
    # hover an edge stated in a document: Chinese label, English name, sentence, document
    data = opened.js("JSON.parse(document.getElementById('kg-data').textContent)")
    edge = opened.js("kg.edges.get({filter: e => e.docs.length && !e.smooth})[0]")
    mid = opened.js(
        f"(() => {{ const p = kg.network.getPositions([{edge['from']}, {edge['to']}]);"
        f" const a = p[{edge['from']}], b = p[{edge['to']}];"
        " return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}; })()"
    )
    opened.js(f"kg.network.moveTo({{position: {json.dumps(mid)}, scale: 1.5}})")
    opened.page.mouse.move(0, 0)
    box = opened.page.locator("#mynetwork").bounding_box()
    assert box is not None
    at = opened.js(f"kg.network.canvasToDOM({json.dumps(mid)})")
    opened.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    opened.page.wait_for_selector("#kg-tip:not([hidden])")
    tip = opened.page.text_content("#kg-tip") or ""
    relation = data["relations"][edge["r"]]
    sentence, doc = data["sentences"][edge["ev"][0][0]]
    assert relation["zh"] in tip and relation["en"] in tip and relation["curie"] in tip
    assert sentence in tip and data["docs"][doc] in tip
    opened.page.mouse.down()
    opened.page.mouse.up()
    assert opened.js("kg.network.getSelectedEdges()") == [edge["id"]]
    details = opened.page.text_content("#kg-details") or ""
    assert sentence in details and data["docs"][doc] in details
    assert opened.errors == []


def test_capped_page_says_so(open_page: Any, tmp_path: Path) -> None:
    result = render(chain_graph([40, 20]), tmp_path / "capped.html", max_nodes=30)
    opened = open_page(result.path)
    assert opened.js("kg.nodes.length") == 30
    notes = opened.page.locator("#kg-notes")
    assert notes.is_visible() and "more than the 30 nodes" in (notes.text_content() or "")
    assert opened.errors == []


def test_capped_synthetic_page_names_its_hubs(open_page: Any, tmp_path: Path) -> None:
    """Past the cap: the note says what was left out and how to see it, and the kept
    organizations and programs are labelled without overlaps."""
    result = render(synthetic_file(tmp_path), tmp_path / "hubs.html", max_nodes=300)
    opened = open_page(result.path)
    assert opened.js("kg.nodes.length") == 300
    note = opened.page.locator("#kg-notes").text_content() or ""
    assert "Left out:" in note and "--focus" in note and "--types" in note
    boxes = check_labels(opened, 10)
    types = opened.js("Object.fromEntries(kg.nodes.get().map(n => [n.id, n.t]))")
    assert {types[str(b["id"])] for b in boxes} & {"ORG", "PROGRAM"}
    assert opened.errors == []


# ----------------------------------------------------------------------------- injection


def test_injected_names_run_no_script(open_page: Any, tmp_path: Path) -> None:
    result = render(injected_graph(), tmp_path / "injected.html")
    opened = open_page(result.path)
    for ident in opened.js("kg.nodes.getIds()"):  # hover and click every node
        next_frame(opened, f"kg.network.focus({ident}, {{scale: 1.5, animation: false}})")
        hover_node(opened, ident)
        opened.page.wait_for_selector("#kg-tip:not([hidden])")
        opened.page.mouse.down()
        opened.page.mouse.up()
        assert opened.js("kg.network.getSelectedNodes()") == [ident]
        buttons = opened.page.locator("#kg-details li button")
        if buttons.count():
            buttons.first.click()  # an edge of it: its evidence in the panel
    shown = ""
    for ident in opened.js("kg.edges.getIds()"):
        opened.js(f"kg.showEdge({ident})")
        shown += opened.page.text_content("#kg-details") or ""
    assert "".join(INJECTIONS) in shown  # the evidence sentence, as text
    opened.page.fill("#kg-search", INJECTIONS[0])
    opened.page.press("#kg-search", "Enter")
    selected = opened.js("kg.network.getSelectedNodes()")
    assert selected == opened.js(
        f"kg.nodes.get({{filter: n => n.name === {json.dumps(INJECTIONS[0])}}}).map(n => n.id)"
    )
    assert INJECTIONS[0] in (opened.page.text_content("#kg-details") or "")
    options = opened.js("Array.from(document.querySelectorAll('#kg-doc option'), o => o.text)")
    assert '<img src=x onerror="window.__xss=9">.txt' in options
    assert opened.js("window.__xss") is None
    assert opened.dialogs == [] and opened.errors == []
    assert opened.js("document.querySelectorAll('img, [onmouseover], [onerror], [x]').length") == 0
    assert opened.js("document.scripts.length") == 6
    assert opened.blocked == []


# ----------------------------------------------------------------------------- screenshot


def test_screenshot(open_page: Any, sample: BuildResult, tmp_path: Path) -> None:
    opened = open_page(sample.out / "graph.html")
    # the best-connected organization selected, its names, documents and relations shown
    ident = opened.js(
        "kg.nodes.get({filter: n => n.t === 'ORG'}).sort((a, b) => b.deg - a.deg)[0].id"
    )
    next_frame(opened, f"kg.network.selectNodes([{ident}]); kg.showNode({ident})")
    target = Path(os.environ.get("KG_SCREENSHOT") or tmp_path / "graph.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    png = opened.page.screenshot(path=str(target))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1400, 900)


# ----------------------------------------------------------------------------- labels


def check_labels(opened: Opened, at_least: int) -> list[dict[str, Any]]:
    """Labels drawn at the initial zoom: enough, on connected nodes, none overlapping."""
    boxes: list[dict[str, Any]] = opened.js("kg.labels()")
    assert len(boxes) >= at_least, len(boxes)
    assert overlapping_labels(boxes) == []
    shown = set(opened.js("kg.network.body.nodeIndices"))
    assert {b["id"] for b in boxes} <= shown
    names = opened.js("Object.fromEntries(kg.nodes.get().map(n => [n.id, n.name]))")
    assert all(b["text"] == names[str(b["id"])] and b["w"] > 0 for b in boxes)
    # the best-connected nodes are labelled first
    best = opened.js("kg.nodes.get().sort((a, b) => b.deg - a.deg || a.id - b.id)[0].id")
    assert best in {b["id"] for b in boxes}
    return boxes


def check_zoomed_in(opened: Opened) -> None:
    """Zoomed in to 1.5 around the best-connected node, every node in view has its label."""
    best = opened.js("kg.nodes.get().sort((a, b) => b.deg - a.deg || a.id - b.id)[0].id")
    next_frame(opened, f"kg.network.focus({best}, {{scale: 1.5, animation: false}})")
    boxes = opened.js("kg.labels()")
    in_view = opened.js(
        """(() => { const c = document.getElementById('mynetwork');
        const w = c.clientWidth, h = c.clientHeight;
        const ids = kg.network.body.nodeIndices, pos = kg.network.getPositions(ids);
        return ids.filter(id => { const p = kg.network.canvasToDOM(pos[id]);
          return p.x > 80 && p.y > 10 && p.x < w - 80 && p.y < h - 40; }); })()"""
    )
    assert in_view and set(in_view) <= {b["id"] for b in boxes}
    assert overlapping_labels(boxes) == []


def check_unconnected(opened: Opened) -> None:
    """No unconnected node on the canvas; the side list holds them all; the toggle shows
    them and the legend counts what is shown."""
    isolated = set(opened.js("kg.nodes.get({filter: n => n.deg === 0}).map(n => n.id)"))
    on_canvas = set(opened.js("kg.network.body.nodeIndices"))
    assert isolated and not isolated & on_canvas
    listed = opened.js(
        "Array.from(document.querySelectorAll('#kg-isolated-list [data-node]'),"
        " b => Number(b.dataset.node))"
    )
    assert sorted(listed) == sorted(isolated)
    total = opened.js("kg.nodes.length")
    orgs = opened.js("kg.nodes.get({filter: n => n.t === 'ORG'}).length")
    shown_orgs = opened.js("kg.nodes.get({filter: n => n.t === 'ORG' && n.deg > 0}).length")
    count = "document.querySelector('#kg-types [data-count=ORG]').textContent"
    assert opened.js(count) == f"({shown_orgs} / {orgs})"
    next_frame(opened, "document.getElementById('kg-isolated').click()")
    assert len(opened.js("kg.network.body.nodeIndices")) == total
    assert opened.js(count) == f"({orgs} / {orgs})"
    assert opened.js(INSIDE) == total  # the view was fitted to what is shown
    assert overlapping_labels(opened.js("kg.labels()")) == []


def test_sample_page_labels_and_unconnected_nodes(open_page: Any, sample: BuildResult) -> None:
    opened = open_page(sample.out / "graph.html")
    check_labels(opened, 30)
    check_unconnected(opened)
    check_zoomed_in(opened)
    assert opened.errors == []


def test_seeds_page_reads_like_a_map(open_page: Any, seeds_build: BuildResult) -> None:
    opened = open_page(seeds_build.out / "graph.html")
    check_labels(opened, 30)
    check_unconnected(opened)
    check_zoomed_in(opened)
    assert opened.errors == []


def test_five_thousand_nodes_draw_labels_without_overlap(open_page: Any, tmp_path: Path) -> None:
    result = render(tree_graph(5000), tmp_path / "big.html")
    assert result.nodes == 5000 and not result.capped
    opened = open_page(result.path)
    assert len(opened.js("kg.network.body.nodeIndices")) == 5000
    check_labels(opened, 10)
    check_zoomed_in(opened)
    assert opened.errors == []


def test_document_view_and_dashed_implied_edges(
    open_page: Any, sample: BuildResult, sample_graph: Graph
) -> None:
    opened = open_page(sample.out / "graph.html")
    dashed = opened.js("kg.edges.get({filter: e => e.imp}).map(e => [e.id, !!e.dashes])")
    assert dashed and all(d for _, d in dashed)
    assert opened.js("document.querySelector('[data-count=implied]').textContent") == (
        f"({len(dashed)})"
    )
    view = graph_view(sample_graph)
    doc = max(view.docs, key=lambda d: len(select(view, doc=d)[0].edges))
    chosen, _, _ = select(view, doc=doc)
    anywhere = {k for e in view.edges for k in (e.source, e.target)}
    connected = set(chosen.nodes) & anywhere  # unconnected nodes stay in the side list
    assert {k for e in chosen.edges for k in (e.source, e.target)} <= connected
    opened.page.select_option("#kg-doc", label=doc)
    opened.page.wait_for_function(
        f"() => kg.network.body.nodeIndices.length === {len(connected)}", timeout=60_000
    )
    next_frame(opened, "kg.network.redraw()")
    assert opened.js(INSIDE) == len(connected)  # fitted to the document's subgraph
    shown = opened.js("kg.network.body.nodeIndices.map(id => kg.nodes.get(id).iri)")
    assert set(shown) == connected
    assert overlapping_labels(opened.js("kg.labels()")) == []
    assert opened.errors == []
