"""How fast graph pages render: ``kg render`` in Python and the page in headless chromium.

Run it directly (or ``make bench-render``)::

    .venv/bin/python bench/render_speed.py                # seeds, sample, 5,000 and 6,000 nodes
    .venv/bin/python bench/render_speed.py --json         # the figures as JSON
    .venv/bin/python bench/render_speed.py --repeat 5     # best of 5 browser loads

It measures, for each page,

1. ``python``: :func:`kg.render.render` from a ``kg build`` folder (or a graph in memory
   for the synthetic ones) to the written page: reading the graph, layout, HTML;
2. ``browser``: from ``page.goto`` of the ``file://`` page to the first frame vis.js has
   drawn (the page sets ``window.__kgReady`` on vis.js's first ``afterDrawing``; physics
   is off, so the first frame is the final layout), in Debian's chromium driven headless
   by Playwright, every network request blocked; best of ``--repeat`` loads, each in a new
   tab; ``ready_ms`` is the page's own ``performance.now()`` at that frame.

3. ``redraw``: on the synthetic page above the cap, the page's own redraw time in
   chromium (``network.redraw()``, median of 7), at rest and while moving (vis.js's drag
   state: edges hidden);
4. ``scale``: ``kg render`` of a graph of ``--triples`` triples (default 1,000,000, made by
   ``bench/synthetic_graph.py``, seeded) before and after the page read graphs through
   pyoxigraph: *before* parses the file into an rdflib graph and reads the view from it
   (the old path), *after* reads it with pyoxigraph's streaming parser into the page's
   tables; both then select, lay out and write the same page. Each runs in a process of
   its own, so its peak RSS is its own; the ratios are printed.

The page stage at corpus scale (reading the graph into tables, label placement), before
and after: ``bench/page_stage.py``.

Pages: the five seed articles (``../shared/corpus/seeds``, built with ``kg build`` when
present), the sample corpus (``examples/corpus``), and two synthetic graphs with the dj
vocabulary (a place hierarchy with an organization per place, posts, programs, one
assertion and sentence per relation): 5,000 entity nodes (at the cap: rendered whole) and
6,000 (above it: the page shows the largest connected part, cut to 5,000 nodes, and says
so; the message is printed). Nothing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from kg.render import DJ, render

if TYPE_CHECKING:
    from playwright.sync_api import Route

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SAMPLE = REPO / "examples" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ID = "https://w3id.org/dangjian-kg/id/"
CHARS = "东南西北中安和平兴华新城山河湖江海林竹石桥溪岭泉云青红金银光明长乐福寿"
LEVELS = ("省", "市", "区", "镇", "村")


def _name(rng: random.Random, length: int = 2) -> str:
    return "".join(rng.choice(CHARS) for _ in range(length))


def synthetic_graph(entities: int, seed: int = 1) -> Graph:
    """A dj graph of about ``entities`` entity nodes: places (province → city → district →
    town → village, ``dj:locatedIn``), a party organization in each (``dj:locatedIn`` its
    place, ``org:subOrganizationOf`` the one above), a secretary for a third of them
    (``org:holds`` a post), programs implemented by some (``dj:implements``); every
    relation has an assertion whose sentence names both ends."""
    rng = random.Random(seed)
    g = Graph()
    doc = URIRef(ID + "doc/synthetic.txt")
    g.add((doc, RDF.type, DJ.Document))
    g.add((doc, DCTERMS.identifier, Literal("synthetic.txt")))
    count = {"entities": 0, "sentences": 0}
    labels: dict[URIRef, str] = {}

    def entity(kind: str, cls: URIRef, label: str) -> URIRef:
        iri = URIRef(f"{ID}{kind}/{count['entities']}")
        count["entities"] += 1
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label, lang="zh")))
        labels[iri] = label
        return iri

    def relation(s: URIRef, p: URIRef, o: URIRef, shown: URIRef | None = None) -> None:
        g.add((s, p, o))
        index = count["sentences"]
        count["sentences"] += 1
        sentence = URIRef(f"{doc}/sentence/{index}")
        text = f"{labels[s]}与{labels.get(shown or o, '')}相关工作稳步推进。"
        g.add((sentence, RDF.type, DJ.Sentence))
        g.add((sentence, DJ.text, Literal(text)))
        g.add((sentence, DJ["index"], Literal(index, datatype=XSD.integer)))
        g.add((sentence, DCTERMS.isPartOf, doc))
        for node in (s, shown or o):
            g.add((node, DJ.mentionedIn, sentence))
        a = URIRef(f"{ID}assertion/{index}")
        g.add((a, RDF.type, DJ.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, sentence))
        g.add((a, DJ.rule, Literal("synthetic")))

    programs = [entity("program", DJ.Program, f"“{_name(rng)}”工程") for _ in range(60)]
    queue: list[tuple[URIRef | None, URIRef | None, int]] = [(None, None, 0)]
    fanout = (5, 6, 5, 6, 8)  # provinces, cities per province, districts per city …
    while queue and count["entities"] < entities:
        parent_place, parent_org, level = queue.pop(0)
        for _ in range(fanout[level]):
            if count["entities"] >= entities:
                break
            place = entity("place", DJ.Place, _name(rng) + LEVELS[level])
            if parent_place is not None:
                relation(place, DJ.locatedIn, parent_place)
            org = entity("org", DJ.Organization, labels[place] + "党委")
            relation(org, DJ.locatedIn, place)
            if parent_org is not None:
                relation(org, ORG.subOrganizationOf, parent_org)
            if rng.random() < 0.33 and count["entities"] < entities:
                person = entity("person", DJ.Person, rng.choice("王李张刘陈杨黄赵") + _name(rng))
                post = URIRef(f"{org}/post/secretary")
                g.add((post, RDF.type, ORG.Post))
                g.add((post, ORG.postIn, org))
                relation(person, ORG.holds, post, shown=org)
            if rng.random() < 0.25:
                relation(org, DJ.implements, rng.choice(programs))
            if level + 1 < len(LEVELS):
                queue.append((place, org, level + 1))
    return g


def _only(url: str) -> Callable[[Route], None]:
    """A route handler that lets the page itself load and aborts every other request."""

    def handle(route: Route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    return handle


def _browser_times(pages: list[Path], repeat: int) -> dict[str, dict[str, Any]]:
    """Best load of each page in headless chromium, network blocked; empty when there is
    no chromium or no Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: no browser figures", file=sys.stderr)
        return {}
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: no browser figures", file=sys.stderr)
        return {}
    out: dict[str, dict[str, Any]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        for path in pages:
            url = path.resolve().as_uri()
            best: dict[str, Any] | None = None
            for _ in range(repeat):
                page = context.new_page()
                page.route("**/*", _only(url))
                errors: list[str] = []
                page.on("pageerror", lambda e, errs=errors: errs.append(str(e)))
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_function("() => window.__kgReady !== undefined", timeout=120_000)
                seconds = time.perf_counter() - start
                figures = {
                    "seconds": round(seconds, 3),
                    "ready_ms": round(page.evaluate("window.__kgReady"), 1),
                    "nodes": page.evaluate("kg.nodes.length"),
                    "edges": page.evaluate("kg.edges.length"),
                    "errors": errors,
                }
                page.close()
                if best is None or figures["seconds"] < best["seconds"]:
                    best = figures
            assert best is not None
            out[str(path)] = best
        browser.close()
    return out


REDRAW_JS = """() => {
  const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };
  const median = (f) => { const ts = []; for (let i = 0; i < 7; i++) ts.push(time(f));
    ts.sort((a, b) => a - b); return ts[3]; };
  kg.fit();
  const rest = median(() => kg.network.redraw());
  kg.network.renderer.dragging = true;
  const moving = median(() => kg.network.redraw());
  kg.network.renderer.dragging = false;
  return {rest_ms: rest, moving_ms: moving};
}"""


def redraw_times(path: Path) -> dict[str, float]:
    """Redraw of a page in headless chromium, at rest and while moving (milliseconds)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not CHROMIUM.exists():
        return {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        url = path.resolve().as_uri()
        page.route("**/*", _only(url))
        page.goto(url)
        page.wait_for_function("() => window.__kgReady !== undefined", timeout=300_000)
        figures: dict[str, float] = page.evaluate(REDRAW_JS)
        browser.close()
    return {k: round(v, 1) for k, v in figures.items()}


def _render_child(how: str, graph: str, out: str) -> None:
    """In a process of its own: render ``graph`` the old or the new way; print JSON."""
    start = time.perf_counter()
    if how == "before":
        from rdflib import Graph as RdflibGraph

        source: Any = RdflibGraph().parse(graph, format="turtle")
    else:
        source = graph
    result = render(source, out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak_mb, 1),
                "nodes": result.nodes,
                "total_nodes": result.total_nodes,
            }
        )
    )


def scale_figures(triples: int, root: Path, *, redraw: bool = True) -> dict[str, Any]:
    """``kg render`` of a synthetic graph of ``triples`` triples, before and after."""
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic_graph import generate

    graph = root / f"synthetic-{triples}.ttl"
    made = generate(triples)
    made.write(graph)
    out: dict[str, Any] = {"triples": made.count}
    for how in ("before", "after"):
        page = root / f"scale-{how}.html"
        child = subprocess.run(
            [sys.executable, __file__, "--child", how, str(graph), str(page)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        out[how] = json.loads(child.stdout.strip().splitlines()[-1])
        out[how]["bytes"] = page.stat().st_size
    out["same_page"] = (root / "scale-before.html").read_bytes() == (
        root / "scale-after.html"
    ).read_bytes()
    out["time_ratio"] = round(out["before"]["seconds"] / out["after"]["seconds"], 2)
    out["rss_ratio"] = round(out["before"]["peak_rss_mb"] / out["after"]["peak_rss_mb"], 2)
    out["redraw"] = redraw_times(root / "scale-after.html") if redraw else {}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="browser loads per page (best)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="size of the before/after graph (0: none)"
    )
    parser.add_argument("--no-redraw", action="store_true", help="no browser redraw figures")
    parser.add_argument("--only-scale", action="store_true", help="only the before/after figures")
    parser.add_argument("--child", nargs=3, metavar=("HOW", "GRAPH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _render_child(*args.child)
        return 0
    if args.only_scale:
        with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
            figures = scale_figures(args.triples, Path(tmp), redraw=not args.no_redraw)
        print(json.dumps(figures, indent=1) if args.json else format_scale(figures))
        return 0

    from kg.build import build
    from kg.pipeline import Extractor

    results: dict[str, dict[str, Any]] = {}
    pages: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        root = Path(tmp)
        extractor = Extractor()
        corpora = {"sample": SAMPLE}
        if SEEDS.is_dir():
            corpora = {"seeds": SEEDS, **corpora}
        else:
            print(f"{SEEDS} is absent: no seed figures", file=sys.stderr)
        for name, corpus in corpora.items():
            out = root / name
            build([str(corpus)], out, extractor=extractor)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                result = render(out, out / "graph.html")
                best = min(best, time.perf_counter() - start)
            results[name] = {
                "python_seconds": round(best, 3),
                "nodes": result.nodes,
                "edges": result.edges,
                "bytes": (out / "graph.html").stat().st_size,
                "notes": result.notes,
            }
            pages[name] = out / "graph.html"
        for size in (5000, 6000):
            name = f"synthetic-{size}"
            graph = synthetic_graph(size)
            start = time.perf_counter()
            result = render(graph, root / f"{name}.html")
            results[name] = {
                "python_seconds": round(time.perf_counter() - start, 3),
                "nodes": result.nodes,
                "edges": result.edges,
                "total_nodes": result.total_nodes,
                "total_edges": result.total_edges,
                "bytes": (root / f"{name}.html").stat().st_size,
                "notes": result.notes,
            }
            pages[name] = root / f"{name}.html"
        scale = scale_figures(args.triples, root) if args.triples else None
        browser = _browser_times(list(pages.values()), args.repeat)
        for name, path in pages.items():
            if str(path) in browser:
                results[name]["browser"] = browser[str(path)]
    if args.json:
        print(json.dumps({**results, "scale": scale}, ensure_ascii=False, indent=1))
        return 0
    for name, r in results.items():
        b = r.get("browser", {})
        line = (
            f"{name:15} {r['nodes']:5} nodes {r['edges']:5} edges  page {r['bytes'] / 1e6:.2f} MB"
            f"  python {r['python_seconds']:.2f} s"
        )
        if b:
            line += (
                f"  chromium {b['seconds']:.2f} s to first frame (ready at {b['ready_ms']:.0f} ms)"
            )
            if b["errors"]:
                line += f"  ERRORS {b['errors']}"
        print(line)
        for note in r["notes"]:
            print(f"{'':15} note: {note}")
    if scale:
        print(format_scale(scale))
    return 0


def format_scale(figures: dict[str, Any]) -> str:
    """The before/after lines."""
    before, after = figures["before"], figures["after"]
    lines = [
        f"kg render of {figures['triples']:,} triples ({after['total_nodes']:,} entities, "
        f"page of {after['nodes']:,}):",
        f"  before (rdflib graph)     {before['seconds']:7.1f} s  peak RSS "
        f"{before['peak_rss_mb']:7.0f} MB",
        f"  after  (pyoxigraph read)  {after['seconds']:7.1f} s  peak RSS "
        f"{after['peak_rss_mb']:7.0f} MB",
        f"  ratio before/after: time {figures['time_ratio']:.1f}x, peak RSS "
        f"{figures['rss_ratio']:.1f}x; same page: {figures['same_page']}",
    ]
    redraw = figures.get("redraw")
    if redraw:
        lines.append(
            f"  redraw at the cap in chromium: {redraw['rest_ms']:.0f} ms at rest, "
            f"{redraw['moving_ms']:.0f} ms while moving (median of 7)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
