"""The result of identity resolution: nodes, and how each document's names map to them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.identity.atoms import RULES, ContextNote, MergeRecord, Node


@dataclass
class Resolution:
    """The nodes of the corpus and how each document's names map to them.

    ``context_notes`` says, for each generic organ name (省委, 区委组织部), which named
    organ its document's places made of it, or why none (two provinces …).
    """

    nodes: list[Node]
    merges: list[MergeRecord] = field(default_factory=list)
    blocked: list[MergeRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    context_notes: list[ContextNote] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_atom: dict[tuple[str, str, str], Node] = {}
        self._by_name: dict[tuple[str, str], list[Node]] = defaultdict(list)
        self._by_division: dict[str, Node] = {}
        for node in self.nodes:
            if node.division is not None:
                self._by_division.setdefault(node.division.code, node)
            for atom in node.atoms:
                self._by_atom[(atom.doc, atom.type, atom.name)] = node
                for name in atom.names:
                    if node not in self._by_name[(atom.doc, name)]:
                        self._by_name[(atom.doc, name)].append(node)

    def node_of(self, doc: str, etype: str, name: str) -> Node | None:
        """The node of the entity of ``doc`` with this type and canonical name."""
        return self._by_atom.get((doc, etype, name))

    def find(self, doc: str, name: str, types: Sequence[str] = ()) -> Node | None:
        """The node that ``name`` (canonical name or alias) designates in ``doc``.

        Where the name belongs to entities of several types, the first of ``types``
        that has one wins; with no match among ``types``, any type does.
        """
        found = self._by_name.get((doc, name), [])
        for etype in types:
            for node in found:
                if node.type == etype:
                    return node
        return found[0] if found else None

    def parent_of(self, node: Node) -> Node | None:
        """The node of the division directly above a division node."""
        if node.division is None or node.division.parent_code is None:
            return None
        return self._by_division.get(node.division.parent_code)

    def merge_summary(self) -> dict[str, int]:
        """Joins per rule, in rule order."""
        counts = {rule: 0 for rule in RULES}
        for merge in self.merges:
            counts[merge.rule] += 1
        return counts
