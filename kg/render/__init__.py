"""Interactive graph pages: ``kg render`` (and ``kg build``'s ``DIR/graph.html``) with pyvis.

:func:`render` reads a graph (a ``kg build`` folder, ``.ttl``, ``.trig``, ``.nt``, ``.nq``,
``.jsonld`` or ``.rdf``, read with pyoxigraph by :mod:`kg.render.read`, never into an
rdflib graph; or a pyoxigraph store, a :mod:`kg.store` store or an rdflib graph in
memory), keeps the entity nodes
(``dj:Organization``, ``dj:Person``, ``dj:Program``, ``dj:Place``) and the relation
triples between them, and writes one self-contained HTML page:

* nothing is fetched: vis.js (bundled with pyvis) is inlined (``cdn_resources="in_line"``)
  through our own template ``kg/templates/graph.html.j2``, which replaces pyvis's (that
  one links Bootstrap from a CDN in every mode);
* node colour and shape per type, with a legend; node size by degree; edge labels in
  Chinese, the English relation name on hover; hovering a node shows its names, type and
  documents, hovering or clicking an edge shows the evidence sentences and documents;
* a search box (any name: ``rdfs:label`` or ``skos:altLabel``), filters by type and by
  document;
* the layout is computed here (:func:`layout`: Fruchterman-Reingold from a radial
  start, networkx's up to 500 nodes and a vectorised grid variant with scipy's k-d tree
  above, each connected part on its own, the parts packed side by side) and vis.js
  physics is off, so even a 5,000-node page draws at once and never keeps moving;
  above :data:`MAX_NODES` the page shows the organizations and programs with the most
  relations and their places (:mod:`kg.render.cap`) and says what it left out;
* every text reaches the page as JSON inside a ``<script type="application/json">``
  block with ``<``, ``>`` and ``&`` escaped (``\\u003c`` …), and the page's script puts
  text into the DOM with ``textContent`` only, so a name like ``<script>`` shows as text;
  the page's Content-Security-Policy allows no network source and only its own scripts
  (by hash), so an injected script or event handler would not run either.

``select`` narrows a view to types, one document, or the ego graph of a named entity
(``focus``/``depth``) before layout. Pages are written atomically (temporary file, then
``os.replace``) and are byte-identical for the same graph and options.
"""

from kg.render.layout import EDGE_LENGTH, layout
from kg.render.page import (
    GraphPage,
    Page,
    RenderResult,
    default_output,
    make_page,
    page_html,
    render,
    script_json,
    script_text,
    with_script_hashes,
)
from kg.render.view import (
    DJ,
    MAX_NODES,
    RELATIONS,
    TYPES,
    GraphView,
    RenderError,
    ViewEdge,
    ViewNode,
    find_nodes,
    graph_file,
    graph_view,
    largest_part,
    load_graph,
    parse_types,
    select,
)

__all__ = [
    "DJ",
    "EDGE_LENGTH",
    "MAX_NODES",
    "RELATIONS",
    "TYPES",
    "GraphPage",
    "GraphView",
    "Page",
    "RenderError",
    "RenderResult",
    "ViewEdge",
    "ViewNode",
    "default_output",
    "find_nodes",
    "graph_file",
    "graph_view",
    "largest_part",
    "layout",
    "load_graph",
    "make_page",
    "page_html",
    "parse_types",
    "render",
    "script_json",
    "script_text",
    "select",
    "with_script_hashes",
]
