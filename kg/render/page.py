"""The HTML page of a view: vis.js (inlined from pyvis) with our template, and writing it."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph

from kg.files import atomic_write_text
from kg.render.layout import LABEL_GAP, label_box, label_font_px, layout
from kg.render.read import open_reader
from kg.render.view import (
    MAX_NODES,
    RELATIONS,
    TYPES,
    GraphView,
    RenderError,
    ViewEdge,
    _doc_name,
    parse_types,
    select,
)

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "graph.html.j2"

# ----------------------------------------------------------------------------- the page


def script_json(data: Any) -> Markup:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&``, U+2028/9 as ``\\uXXXX``."""
    return script_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def script_text(text: str) -> Markup:
    """JSON text made safe inside ``<script>`` (the characters only occur in its strings)."""
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def _pyvis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "templates"


def _environment() -> Environment:
    """Our template first; pyvis's template folder for the vis.js files it inlines."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATE_DIR), FileSystemLoader(_pyvis_dir())]),
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    env.filters["script_text"] = script_text
    return env


def _smoothness(edges: Sequence[ViewEdge]) -> list[dict[str, Any] | bool]:
    """Straight edges, curved ones where several join the same two nodes."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out: list[dict[str, Any] | bool] = []
    for edge in edges:
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        k = seen[pair]
        seen[pair] += 1
        if k == 0:
            out.append(False)
            continue
        clockwise = (k % 2 == 1) == (edge.source == pair[0])
        out.append(
            {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": 0.25 * ((k + 1) // 2),
            }
        )
    return out


def _vis_options(nodes: int, edges: int) -> dict[str, Any]:
    big = nodes > 1500 or edges > 3000
    return {
        "autoResize": True,
        "physics": {"enabled": False, "stabilization": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 15,
                "face": "sans-serif",
                "color": "#222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "smooth": False,
            "width": 1.2,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            # vis.js draws every arrow head on every frame: on a big page they take two
            # thirds of a redraw (160 ms of 50 at 5,000 nodes and 14,000 edges), so there
            # the direction is in the hover tip and the details panel only
            "arrows": {"to": {"enabled": not big, "scaleFactor": 0.45}},
            "font": {
                "size": 10,
                "color": "#555",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
        },
    }


class GraphPage(Network):
    """A pyvis network written with our template (offline, escaped, our legend and panels)."""

    def __init__(self, heading: str) -> None:
        super().__init__(
            height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line"
        )
        self.templateEnv = _environment()
        self.template_dir = str(TEMPLATE_DIR)
        self.path = TEMPLATE

    def fill(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
        """Set the node and edge dicts at once (pyvis's add_node/add_edge check every
        earlier node and edge on each call: quadratic for a 5,000-node page)."""
        self.nodes = nodes
        self.node_ids = [n["id"] for n in nodes]
        self.node_map = {n["id"]: n for n in nodes}
        self.edges = edges

    def page_source(self, extra: dict[str, Any]) -> str:
        """The page: pyvis's generate_html with our template and ``kg`` data for it."""
        self.templateEnv.globals["kg"] = extra
        return with_script_hashes(self.generate_html())


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_HASHES_MARK = "__KG_SCRIPT_HASHES__"


def with_script_hashes(html: str) -> str:
    """Fill the page's Content-Security-Policy with the hashes of its own inline scripts,
    so that no other script (an injected one, an event handler attribute) may run."""
    hashes = sorted(
        {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()
            + "'"
            for m in _INLINE_SCRIPT.finditer(html)
        }
    )
    return html.replace(_HASHES_MARK, " ".join(hashes) or "'none'", 1)


def page_html(
    view: GraphView,
    title: str = "dangjian-kg graph",
    notes: Sequence[str] = (),
    totals: tuple[int, int] | None = None,
) -> str:
    """The HTML page of ``view`` (laid out here), with ``notes`` shown above the graph."""
    keys = sorted(view.nodes, key=lambda k: (list(TYPES).index(view.nodes[k].type), k))
    index = {k: i for i, k in enumerate(keys)}
    pairs = [(index[e.source], index[e.target]) for e in view.edges]
    degree = np.zeros(len(keys), dtype=int)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    top = max(1, int(degree.max()) if len(keys) else 1)
    sizes = [round(9 + 25 * math.sqrt(degree[i] / top), 1) for i in range(len(keys))]
    fonts = [round(label_font_px(float(degree[i]), top), 1) for i in range(len(keys))]
    # what the layout keeps apart: each node's shape and its label under it, at zoom 1
    boxes = np.array(
        [
            (max(w, 2 * sizes[i]), 2 * sizes[i] + LABEL_GAP + h)
            for i, (w, h) in enumerate(
                label_box(view.nodes[k].label, fonts[i]) for i, k in enumerate(keys)
            )
        ]
    ).reshape(-1, 2)
    below = -np.array(sizes, dtype=float)
    positions = layout(len(keys), pairs, boxes=boxes, below=below)
    doc_index = {d: i for i, d in enumerate(view.docs)}

    # sentences used by this view only, renumbered
    used: dict[int, int] = {}

    def sent(i: int) -> int:
        if i < 0:
            return -1
        if i not in used:
            used[i] = len(used)
        return used[i]

    vis_nodes: list[dict[str, Any]] = []
    for i, key in enumerate(keys):
        node = view.nodes[key]
        style = TYPES[node.type]
        vis_nodes.append(
            {
                "id": i,
                "name": node.label,  # drawn by the page's script, not by vis.js
                "fs": fonts[i],
                "shape": style.shape,
                "size": sizes[i],
                "x": round(float(positions[i][0]), 1),
                "y": round(float(positions[i][1]), 1),
                "color": {
                    "background": style.color,
                    "border": "#333333",
                    "highlight": {"background": style.color, "border": "#000000"},
                    "hover": {"background": style.color, "border": "#000000"},
                },
                "t": node.type,
                "names": node.names,
                "iri": node.iri,
                "deg": int(degree[i]),
                "hidden": bool(degree[i] == 0),  # unconnected: in the side list until shown
                "docs": [doc_index[d] for d in node.docs if d in doc_index],
                "gaz": node.from_gazetteer,
                "honors": node.honors,
                "qty": [[m, v, u, sent(s)] for m, v, u, s in node.quantities],
            }
        )
    vis_edges: list[dict[str, Any]] = []
    for i, (edge, smooth) in enumerate(zip(view.edges, _smoothness(view.edges), strict=True)):
        style = edge.style
        item: dict[str, Any] = {
            "id": i,
            "from": index[edge.source],
            "to": index[edge.target],
            "label": edge.label,
            "color": {"color": style.color, "highlight": "#000000", "hover": "#000000"},
            "r": style.key,
            "role": edge.role,
            "ev": [[sent(e.sentence), e.rule, e.snippet] for e in edge.evidence],
            "docs": sorted(doc_index[d] for d in view.edge_docs(edge) if d in doc_index),
        }
        if edge.implied:  # known only from dj:ImplicitAssertion: drawn dashed
            item["imp"] = 1
            item["dashes"] = [6, 5]
        if not style.directed:
            item["arrows"] = {"to": {"enabled": False}}
        if smooth:
            item["smooth"] = smooth
        vis_edges.append(item)
    sentences = [None] * len(used)
    for old, new in used.items():
        text, doc = view.sentences[old]
        sentences[new] = [text, doc_index.get(doc, -1)]
    present_types = {n.type for n in view.nodes.values()}
    present_relations = {e.style.key for e in view.edges}
    extra = {
        "data": {
            "title": title,
            "notes": list(notes),
            "docs": view.docs,
            "sentences": sentences,
            "types": {
                k: {
                    "zh": s.zh,
                    "en": s.en,
                    "color": s.color,
                    "shape": s.shape,
                    "count": sum(1 for n in view.nodes.values() if n.type == k),
                }
                for k, s in TYPES.items()
                if k in present_types
            },
            "relations": {
                s.key: {"zh": s.zh, "en": s.en, "curie": s.curie, "color": s.color}
                for s in RELATIONS.values()
                if s.key in present_relations
            },
            "totals": list(totals) if totals else [len(view.nodes), len(view.edges)],
            "label_gap": LABEL_GAP,
        },
        "title": title,
    }
    page = GraphPage(title)
    page.fill(vis_nodes, vis_edges)
    page.options = _vis_options(len(vis_nodes), len(vis_edges))
    return page.page_source(extra)


# ----------------------------------------------------------------------------- writing


@dataclass
class Page:
    """A page in memory: its HTML, what it shows (of how much), notes for the reader."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    notes: list[str] = field(default_factory=list)
    capped: bool = False  # the page shows only part of the selection (over the cap)


@dataclass
class RenderResult:
    """What a written page shows: where it is, how many nodes and edges (of how many)."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    notes: list[str] = field(default_factory=list)
    capped: bool = False  # the page shows only part of the selection (over the cap)


def default_output(source: Path) -> Path:
    """``DIR/graph.html`` for a build folder, ``NAME.html`` beside a graph file."""
    return source / "graph.html" if source.is_dir() else source.with_suffix(".html")


def make_page(
    source: Graph | Path | str,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] | None = None,
    doc: str | None = None,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
) -> Page:
    """The page of a graph (graph file, ``kg build`` folder, pyoxigraph store,
    :mod:`kg.store` store or rdflib graph) in memory,
    e.g. for a notebook (``IPython.display.IFrame`` or an iframe's ``srcdoc``).

    ``types`` keeps those entity types (``"ORG,PROGRAM"`` or a list), ``doc`` what one
    document names and states, ``focus`` the entities up to ``depth`` steps from the one
    so named (label or alternative label); above ``max_nodes`` the organizations and
    programs with the most relations and their places are shown and a note says what was
    left out. Raises :class:`RenderError` for an unreadable graph or an
    unknown name, type or document.
    """
    reader = open_reader(source)
    view = reader.view  # the outline: what a selection needs
    total = (len(view.nodes), len(view.edges))
    if doc is not None:  # choosing by document needs every edge's evidence
        reader.fill(view)
    chosen, notes, capped = select(view, parse_types(types), doc, focus, depth, max_nodes)
    if doc is None:  # evidence, documents and quantities of what the page shows only
        reader.fill(chosen)
    if title is None:
        parts = ["dangjian-kg graph"]
        if focus is not None:
            parts.append(f"{focus} ±{depth}")
        if doc is not None:
            parts.append(_doc_name(view, doc))
        title = " · ".join(parts)
    html = page_html(chosen, title, notes, total)
    return Page(html, len(chosen.nodes), len(chosen.edges), *total, notes, capped)


def render(
    source: Graph | Path | str,
    out: Path | str | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: str | Sequence[str] | None = None,
    doc: str | None = None,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
) -> RenderResult:
    """Write the page of a graph (file, ``kg build`` folder, or a store or rdflib graph in
    memory) to ``out``
    (default: ``DIR/graph.html`` for a folder, ``NAME.html`` beside a graph file),
    atomically. The options are those of :func:`make_page`.

    Raises :class:`RenderError` for an unreadable graph, an unknown ``focus`` name, type
    or document; nothing is written then.
    """
    if out is None:
        if not isinstance(source, str | os.PathLike):
            raise RenderError("give an output file for a graph in memory")
        out = default_output(Path(source))
    page = make_page(
        source,
        focus=focus,
        depth=depth,
        types=types,
        doc=doc,
        max_nodes=max_nodes,
        title=title,
    )
    target = Path(out)
    atomic_write_text(target, page.html)
    return RenderResult(
        target,
        page.nodes,
        page.edges,
        page.total_nodes,
        page.total_edges,
        page.notes,
        page.capped,
    )
