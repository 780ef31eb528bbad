"""Where the nodes of a page go: a force-directed layout computed in Python.

Each connected part is laid out on its own: ForceAtlas2 (networkx's
``forceatlas2_layout``, from a radial start) up to :data:`FA2_MAX_NODES` nodes, above it
a Fruchterman-Reingold variant whose repulsion is limited to neighbours found with a k-d
tree (networkx's ForceAtlas2 is quadratic: 17 s for 2,000 nodes). Then a label pass
pushes apart nodes whose label boxes (the page draws each label under its node, see
:func:`label_font_px`) overlap at zoom 1, and the parts are packed in rows, largest first,
with a margin. Nodes without an edge go to a grid of their own below (the page hides them
until asked)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np

#: Ideal edge length of the layout, in vis.js pixels at zoom 1.
EDGE_LENGTH = 110.0
#: Largest connected part laid out with networkx's ForceAtlas2.
FA2_MAX_NODES = 600
#: Screen size of a node label, in pixels: from the least to the best connected node
#: (the page's script uses the same numbers, passed in its data).
LABEL_FONT_PX = (12.0, 17.0)
#: Room kept around a label box, in pixels at zoom 1.
LABEL_PAD = 3.0
#: Pixels between a node's edge and the top of its label.
LABEL_GAP = 2.0
#: Label separation stops pushing when this many rounds removed under 5% of the overlaps
#: (then :func:`place_free` packs the part in rows), in a part of more than
#: :data:`CROWDED_NODES` nodes with more than :data:`CROWDED` overlaps left.
STALL_ROUNDS = 10
CROWDED = 100
CROWDED_NODES = 1500


def label_font_px(degree: float, top: float) -> float:
    """The font size the page draws a label in, by degree (best connected largest)."""
    low, high = LABEL_FONT_PX
    return low + (high - low) * math.sqrt(max(degree, 0.0) / max(top, 1.0))


def label_box(text: str, font_px: float) -> tuple[float, float]:
    """Width and height (pixels) of a label: CJK characters one em, others about 0.6 em
    (a little more than the browser's own measure, so that the gaps hold)."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.62 for ch in text)
    return ems * font_px + 2 * LABEL_PAD, font_px * 1.3 + 2 * LABEL_PAD


# ----------------------------------------------------------------------------- layout


def _radial_start(n: int, adjacency: list[list[int]]) -> np.ndarray:
    """Positions of a radial tree drawing of a breadth-first tree from the hub (node 0 is
    not special: the best-connected node is the root). Wedges follow subtree sizes."""
    root = max(range(n), key=lambda i: (len(adjacency[i]), -i))
    parent = [-1] * n
    depth = [0] * n
    order = [root]
    seen = [False] * n
    seen[root] = True
    for node in order:  # grows while iterating: breadth-first
        for nxt in adjacency[node]:
            if not seen[nxt]:
                seen[nxt] = True
                parent[nxt], depth[nxt] = node, depth[node] + 1
                order.append(nxt)
    children: list[list[int]] = [[] for _ in range(n)]
    for node in order[1:]:
        children[parent[node]].append(node)
    size = [1] * n
    for node in reversed(order[1:]):
        size[parent[node]] += size[node]
    per_depth = np.bincount(depth)
    radius = np.zeros(len(per_depth))
    for d in range(1, len(per_depth)):
        radius[d] = max(radius[d - 1] + 1.0, per_depth[d] / (2 * math.pi))
    pos = np.zeros((n, 2))
    wedge = {root: (0.0, 2 * math.pi)}
    for node in order:
        lo, hi = wedge[node]
        angle = (lo + hi) / 2
        pos[node] = radius[depth[node]] * np.array([math.cos(angle), math.sin(angle)])
        total = sum(size[c] for c in children[node])
        start = lo
        for child in children[node]:
            span = (hi - lo) * size[child] / total
            wedge[child] = (start, start + span)
            start += span
    return pos


def _force_layout(n: int, edges: np.ndarray, adjacency: list[list[int]]) -> np.ndarray:
    """Fruchterman-Reingold in numpy from a radial start; repulsion between all pairs up
    to 400 nodes, else within a radius found with a k-d tree (the grid variant)."""
    from scipy.spatial import cKDTree

    pos = _radial_start(n, adjacency)
    pos = pos + np.random.default_rng(7).normal(0.0, 0.05, pos.shape)
    iterations = 80 if n <= 1000 else 60
    temperature = max(1.0, math.sqrt(n) * 0.3)
    cutoff = 3.0
    u, v = edges[:, 0], edges[:, 1]
    # x and y as separate 1-D arrays: the same arithmetic as on (n, 2) arrays, bit for bit,
    # without the strided copies (this loop is most of the layout of a 5,000-node page)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for step in range(iterations):
        if n <= 400:
            i, j = np.triu_indices(n, 1)
        else:
            pairs = cKDTree(np.column_stack([x, y])).query_pairs(cutoff, output_type="ndarray")
            i, j = pairs[:, 0], pairs[:, 1]
        dx, dy = x[i] - x[j], y[i] - y[j]
        dist2 = np.maximum(dx * dx + dy * dy, 1e-4)
        push_x, push_y = dx / dist2, dy / dist2  # k² / d along the unit vector, k = 1
        disp_x = np.bincount(i, push_x, n) - np.bincount(j, push_x, n)
        disp_y = np.bincount(i, push_y, n) - np.bincount(j, push_y, n)
        dx, dy = x[u] - x[v], y[u] - y[v]
        dist = np.sqrt(dx * dx + dy * dy)
        pull_x, pull_y = dx * dist, dy * dist  # d² / k along the unit vector
        disp_x -= np.bincount(u, pull_x, n) - np.bincount(v, pull_x, n)
        disp_y -= np.bincount(u, pull_y, n) - np.bincount(v, pull_y, n)
        length = np.maximum(np.sqrt(disp_x * disp_x + disp_y * disp_y), 1e-9)
        limit = temperature * (1 - step / iterations) + 0.01
        scale = np.minimum(length, limit) / length
        x += disp_x * scale
        y += disp_y * scale
    pos = np.column_stack([x, y])
    return pos


def _component_layout(nodes: list[int], edges: list[tuple[int, int]]) -> np.ndarray:
    """Positions of one connected part, scaled so that the median edge has length 1."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    local = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(local[a], local[b]) for a, b in edges], dtype=int)
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs:
        adjacency[a].append(b)
        adjacency[b].append(a)
    for row in adjacency:
        row.sort()
    hub = max(range(n), key=lambda i: (len(adjacency[i]), -i))
    if len(adjacency[hub]) == n - 1 and len(edges) == n - 1:  # a star: hub in the middle
        pos = np.zeros((n, 2))
        leaves = [i for i in range(n) if i != hub]
        radius = max(1.0, len(leaves) / (2 * math.pi) * 0.9)
        for k, leaf in enumerate(leaves):
            angle = 2 * math.pi * k / len(leaves)
            pos[leaf] = (radius * math.cos(angle), radius * math.sin(angle))
        return pos
    if n <= FA2_MAX_NODES:
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(map(tuple, pairs.tolist()))
        start = _radial_start(n, adjacency)
        start = start + np.random.default_rng(7).normal(0.0, 0.05, start.shape)
        placed = nx.forceatlas2_layout(
            graph,
            pos={i: start[i].copy() for i in range(n)},
            max_iter=150,
            scaling_ratio=2.0,
            gravity=1.0,
            seed=7,
        )
        pos = np.array([placed[i] for i in range(n)], dtype=float)
    else:
        pos = _force_layout(n, pairs, adjacency)
    lengths = np.sqrt(((pos[pairs[:, 0]] - pos[pairs[:, 1]]) ** 2).sum(axis=1))
    median = float(np.median(lengths)) if len(lengths) else 1.0
    return (pos - pos.mean(axis=0)) / (median if median > 1e-9 else 1.0)


def overlapping_pairs(
    centre: np.ndarray, half: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs ``(i, j)``, ``i < j``, in order, of boxes (centres, half sizes) that
    overlap on both axes, and by how much on each (``n × 2``).

    Sweep and prune, vectorised: sorted by their low edge along the axis that gives fewer
    candidates, each box meets the boxes whose low edge falls inside it (a ``searchsorted``
    per box), and only those are tested on the other axis. A k-d tree over the centres
    needs the radius of the largest box and tests every pair within it: 5.5 million pairs
    per round for a crowded part of 4,820 nodes, where this tests 1.2 million.
    """
    n = len(centre)
    best: tuple[int, int, np.ndarray, np.ndarray] | None = None
    for axis in (0, 1):
        low = centre[:, axis] - half[:, axis]
        order = np.argsort(low, kind="stable")
        high = centre[order, axis] + half[order, axis]
        # a hair of slack: the exact test below decides, this only must not miss a pair
        inside = np.searchsorted(low[order], high + np.abs(high) * 1e-12 + 1e-9, side="left")
        count = np.maximum(inside - np.arange(1, n + 1), 0)
        total = int(count.sum())
        if best is None or total < best[0]:
            best = (total, axis, order, count)
    assert best is not None
    total, axis, order, count = best
    # box p (in sweep order) meets boxes p + 1 … p + count[p]
    second = np.arange(total) + np.repeat(np.arange(1, n + 1) - (np.cumsum(count) - count), count)
    across, size = centre[order, 1 - axis], half[order, 1 - axis]
    # np.repeat where the index is ``first`` (runs of one box): cheaper than a gather
    gap = np.abs(np.repeat(across, count) - across[second])
    near = gap < np.repeat(size, count) + size[second] + 1e-9
    a, b = np.repeat(order, count)[near], order[second[near]]
    # in order of (i, j): the moves of a round add up in one order, whatever the sweep
    ranked = np.sort(np.minimum(a, b) * n + np.maximum(a, b))
    i = ranked // n
    j = ranked - i * n
    x, y, w, h = (np.ascontiguousarray(c) for c in (*centre.T, *half.T))
    overlap_x = w[i] + w[j] - np.abs(x[i] - x[j])
    overlap_y = h[i] + h[j] - np.abs(y[i] - y[j])
    hit = (overlap_x > 0) & (overlap_y > 0)
    return i[hit], j[hit], np.column_stack([overlap_x[hit], overlap_y[hit]])


def separate_labels(
    pos: np.ndarray,
    boxes: np.ndarray,
    below: np.ndarray,
    rounds: int = 1000,
) -> np.ndarray:
    """Move nodes apart until no two label boxes overlap at zoom 1.

    ``boxes`` holds each label's width and height, ``below`` how far under its node's
    centre the label starts (the node's radius). A label's box is then
    ``[x - w/2, x + w/2] × [y + below, y + below + h]``. Each round finds the
    overlapping pairs (:func:`overlapping_pairs`) and moves the two nodes apart along the
    axis of the smaller overlap, half each.
    """
    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    half = boxes / 2
    lift = np.column_stack([np.zeros(n), below + half[:, 1]])
    history: list[int] = []
    for _ in range(rounds):
        centre = pos + lift
        i, j, overlap = overlapping_pairs(centre, half)
        if not len(i):
            return pos
        history.append(len(i))
        stalled = len(history) > STALL_ROUNDS and history[-1] > 0.95 * history[-1 - STALL_ROUNDS]
        if stalled and n > CROWDED_NODES and history[-1] > CROWDED:
            break  # crowded (hubs with hundreds of neighbours): pushing no longer helps
        if n > CROWDED_NODES and len(history) == STALL_ROUNDS and history[-1] > n:
            # more overlapping pairs than nodes after the first rounds: it will stall, as
            # measured (127,700 pairs for 4,785 nodes, 45,000 after 120 rounds of 0.14 s)
            break
        # each pair moves apart along the axis of its smaller overlap, half each (x and y
        # as 1-D arrays: the same sums as on (n, 2) arrays, bit for bit)
        along_y = overlap[:, 1] < overlap[:, 0]
        sign = np.sign(np.where(along_y, centre[i, 1] - centre[j, 1], centre[i, 0] - centre[j, 0]))
        tied = sign == 0
        sign[tied] = np.where(i[tied] < j[tied], -1.0, 1.0)
        step = sign * (np.where(along_y, overlap[:, 1], overlap[:, 0]) / 2 + 0.5)
        step_x, step_y = np.where(along_y, 0.0, step), np.where(along_y, step, 0.0)
        root = np.sqrt(np.maximum(np.bincount(i, minlength=n) + np.bincount(j, minlength=n), 1))
        pos[:, 0] += (np.bincount(i, step_x, n) - np.bincount(j, step_x, n)) / root
        pos[:, 1] += (np.bincount(i, step_y, n) - np.bincount(j, step_y, n)) / root
    return place_free(pos, boxes, below)


def place_free(pos: np.ndarray, boxes: np.ndarray, below: np.ndarray) -> np.ndarray:
    """The nodes in rows, in the order of the drawing, where no two boxes overlap.

    For parts too crowded for :func:`separate_labels` (hubs with hundreds of
    neighbours): the nodes are cut into rows by their height in the drawing, each row
    ordered by x and packed left to right with the width of each box, each row as high as
    its tallest box, so that what was near stays near and every label has its place.
    """
    n = len(pos)
    area = float((boxes[:, 0] * boxes[:, 1]).sum())
    width = max(math.sqrt(area * 1.6), float(boxes[:, 0].max()))
    per_row = max(1, round(width / float(np.median(boxes[:, 0]))))
    by_height = sorted(range(n), key=lambda k: (float(pos[k, 1]), float(pos[k, 0]), k))
    out = np.zeros((n, 2))
    top = 0.0
    for start in range(0, n, per_row):
        row = sorted(by_height[start : start + per_row], key=lambda k: (float(pos[k, 0]), k))
        x = 0.0
        for k in row:
            out[k] = (x + boxes[k, 0] / 2, top - below[k])
            x += float(boxes[k, 0])
        top += float(boxes[row, 1].max())
    return out


def layout(
    n: int,
    edges: Sequence[tuple[int, int]],
    edge_length: float = EDGE_LENGTH,
    boxes: np.ndarray | None = None,
    below: np.ndarray | None = None,
) -> np.ndarray:
    """Positions (n × 2, vis.js pixels) of nodes ``0..n-1``: each connected part laid out
    on its own and its labels pulled apart (``boxes``: width and height of each label at
    zoom 1, ``below``: its offset under the node), the parts packed in rows, largest
    first, nodes without an edge in a grid below them."""
    if boxes is None:
        boxes = np.zeros((n, 2))
    if below is None:
        below = np.zeros(n)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    parts = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    pieces: list[tuple[list[int], np.ndarray]] = []
    singles: list[int] = []
    for part in parts:
        if len(part) == 1:
            singles.append(part[0])
            continue
        sub_edges = sorted({(min(a, b), max(a, b)) for a, b in graph.subgraph(part).edges()})
        pos = _component_layout(part, sub_edges) * edge_length
        pieces.append((part, separate_labels(pos, boxes[part], below[part])))
    out = np.zeros((n, 2))
    margin = edge_length * 0.8

    def extent(nodes: list[int], pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        half = boxes[nodes, 0] / 2
        low = np.column_stack([pos[:, 0] - half, pos[:, 1] + below[nodes]]).min(axis=0)
        high = np.column_stack([pos[:, 0] + half, pos[:, 1] + below[nodes] + boxes[nodes, 1]])
        return low, high.max(axis=0)

    boxed = []
    for nodes, pos in pieces:
        low, high = extent(nodes, pos)
        boxed.append((nodes, pos - low, high - low + margin))
    area = sum(float(w * h) for *_, (w, h) in boxed)
    width = max(max((float(size[0]) for *_, size in boxed), default=0.0), math.sqrt(area) * 1.4)
    x = y = row_height = 0.0
    for nodes, pos, (w, h) in boxed:
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out[nodes] = pos + np.array([x, y])
        x += float(w)
        row_height = max(row_height, float(h))
    connected_bottom = y + row_height
    if singles:  # a grid under the drawing, each cell as wide as the widest label
        cell_w = max(float(boxes[singles, 0].max()), edge_length * 0.8)
        cell_h = max(float((boxes[singles, 1] + below[singles]).max()), edge_length * 0.4) + 8
        columns = max(1, math.ceil(math.sqrt(len(singles) * cell_h / cell_w * 2)))
        if boxed:
            columns = max(columns, int(width // cell_w) or 1)
        for k, node in enumerate(singles):
            out[node] = (k % columns * cell_w, connected_bottom + margin + k // columns * cell_h)
    if n:
        shown = [k for nodes, _ in pieces for k in nodes] or singles
        out -= (out[shown].min(axis=0) + out[shown].max(axis=0)) / 2
    return out
