"""What a page shows of a graph larger than its cap: the most related part, and a note
that says what was left out and how to see it.

The questions a researcher brings to the page are about organizations and the programs
they carry out, and where: so past the cap the page keeps the organizations and programs
with the most relations (their degree in the selection), each with the places it is
located in, best connected first, until the cap is reached; if room is left, the other
entities (persons, places) with the most relations fill it. Ties go by label, then IRI,
so the same graph always gives the same page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.render.view import DJ, TYPES, GraphView

#: The types the page ranks first: what most questions are about.
HUB_TYPES: tuple[str, ...] = ("ORG", "PROGRAM")
HUBS = "organizations and programs"


@dataclass
class CapChoice:
    """The nodes kept, split by why they were kept."""

    hubs: list[str] = field(default_factory=list)  # organizations and programs, best first
    places: list[str] = field(default_factory=list)  # the places of those hubs
    others: list[str] = field(default_factory=list)  # the rest, by relations, if room is left
    least_degree: int = 0  # the fewest relations of a hub kept

    @property
    def kept(self) -> set[str]:
        return {*self.hubs, *self.places, *self.others}


def degrees(view: GraphView) -> Counter[str]:
    """The number of relations each node has in the view."""
    count: Counter[str] = Counter()
    for edge in view.edges:
        count[edge.source] += 1
        count[edge.target] += 1
    return count


def most_related(view: GraphView, cap: int) -> CapChoice:
    """At most ``cap`` nodes of ``view``: organizations and programs by relations, each
    followed by its places (``dj:locatedIn`` targets), then other nodes by relations."""
    degree = degrees(view)

    def rank(key: str) -> tuple[int, str, str]:
        return (-degree[key], view.nodes[key].label, key)

    places_of: dict[str, list[str]] = defaultdict(list)
    for edge in view.edges:
        if edge.predicate == DJ.locatedIn and view.nodes[edge.target].type == "PLACE":
            places_of[edge.source].append(edge.target)
    hubs = sorted(
        (k for k, n in view.nodes.items() if n.type in HUB_TYPES and degree[k] > 0), key=rank
    )
    choice = CapChoice()
    kept: set[str] = set()
    for hub in hubs:
        if len(kept) >= cap:
            break
        kept.add(hub)
        choice.hubs.append(hub)
        choice.least_degree = degree[hub]
        for place in sorted(set(places_of[hub]), key=rank):
            if len(kept) >= cap:
                break
            if place not in kept:
                kept.add(place)
                choice.places.append(place)
    if len(kept) < cap:
        rest = sorted((k for k in view.nodes if k not in kept), key=rank)
        choice.others = rest[: cap - len(kept)]
    return choice


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def left_out(view: GraphView, kept: set[str]) -> str:
    """``"1,200 Organization, 3,400 Person"``: the nodes not kept, by type."""
    count = Counter(n.type for k, n in view.nodes.items() if k not in kept)
    return ", ".join(f"{count[t]:,} {TYPES[t].en}" for t in TYPES if count[t])


def cap_note(
    view: GraphView, shown: GraphView, choice: CapChoice, cap: int, *, filtered: bool = False
) -> str:
    """What the page shows of ``view`` (``shown``), what it leaves out, how to see that
    (``filtered``: ``view`` is a selection by type, document or focus)."""
    parts = []
    if choice.hubs:
        parts.append(
            f"the {_count(len(choice.hubs), 'organization or program', HUBS)} with the most "
            f"relations ({choice.least_degree:,} or more each)"
        )
    if choice.places:
        parts.append(f"the {_count(len(choice.places), 'place', 'places')} they are located in")
    if choice.others:
        what = "other entities" if choice.hubs else "entities"
        parts.append(f"the {len(choice.others):,} {what} with the most relations")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    kept = choice.kept
    edges_left = len(view.edges) - len(shown.edges)
    whole = "selection" if filtered else "graph"
    return (
        f"The {whole} has {len(view.nodes):,} nodes and {len(view.edges):,} edges, more than "
        f"the {cap:,} nodes a page can show: this page shows {listed} "
        f"({len(shown.nodes):,} nodes, {len(shown.edges):,} edges). Left out: "
        f"{len(view.nodes) - len(shown.nodes):,} nodes ({left_out(view, kept)}) and "
        f"{edges_left:,} edges. To see them: --focus NAME --depth N (an entity and its "
        "neighbours), --doc FILE (what one document states), --types Person,Place (some "
        "types only), or a larger --max-nodes."
    )
