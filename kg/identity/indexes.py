"""Union-find over atoms that knows, for every indexed name, which nodes hold it.

The rules ask one question over and over: "do all the atoms with these names belong to
one node, and which is the first of them?" Scanning the atoms for it makes resolution
quadratic (a name said in every document is scanned by every document). Here each atom is
filed once under the keys it is looked up by (a rule and a name); each key counts its
atoms per node root, and a join moves the counts of the node with fewer keys to the other
one (small to large: a count moves O(log n) times). The question then costs the number of
distinct nodes under the keys asked, and stops at the second one.

``not_same`` decisions work the same way: each node carries the decision sides its atoms
match, so checking a join costs the decisions that concern the two nodes.

Atoms are numbered by their position in the sorted list of atoms, so that the first atom
under a key is the smallest number.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from kg.identity.decisions import Decision

Key = Hashable


class Groups:
    """Nodes under construction over atoms ``0 … n-1`` (their docs given), with keyed
    name indexes."""

    def __init__(self, docs: Sequence[str]) -> None:
        self.docs = docs
        self.parent: list[int] = list(range(len(docs)))
        self._keys_of: list[dict[Key, int] | None] = [None] * len(docs)
        self._roots_of: dict[Key, dict[int, int]] = {}
        self._atoms_of: dict[Key, list[int]] = {}
        self._by_doc: dict[Key, dict[str, list[int]]] = {}
        self._sides: dict[int, set[tuple[int, int]]] = {}
        self.forbidden: list[Decision] = []

    # -- building the indexes (before any join)

    def file(self, key: Key, atom: int) -> None:
        """File ``atom`` under ``key`` (atoms in increasing order)."""
        atoms = self._atoms_of.get(key)
        if atoms is None:
            self._atoms_of[key] = [atom]
            self._roots_of[key] = {atom: 1}
        else:
            atoms.append(atom)
            roots = self._roots_of[key]
            roots[atom] = roots.get(atom, 0) + 1
        keys = self._keys_of[atom]
        if keys is None:
            self._keys_of[atom] = {key: 1}
        else:
            keys[key] = keys.get(key, 0) + 1

    def atoms_of(self, key: Key) -> list[int]:
        """The atoms filed under ``key``, in increasing order."""
        return self._atoms_of.get(key, [])

    def has(self, key: Key) -> bool:
        return key in self._atoms_of

    def in_doc(self, key: Key, doc: str) -> list[int]:
        """The atoms filed under ``key`` that come from ``doc``."""
        by_doc = self._by_doc.get(key)
        if by_doc is None:
            by_doc = self._by_doc[key] = {}
            for atom in self._atoms_of.get(key, []):
                by_doc.setdefault(self.docs[atom], []).append(atom)
        return by_doc.get(doc, [])

    def forbid(self, decisions: Sequence[Decision], matching: Iterable[tuple[int, int, int]]):
        """``not_same`` decisions, and which atoms match side 0 or 1 of decision i."""
        self.forbidden = list(decisions)
        for atom, index, side in matching:
            self._sides.setdefault(self.find(atom), set()).add((index, side))

    # -- union-find

    def find(self, atom: int) -> int:
        parent = self.parent
        root = atom
        while parent[root] != root:
            root = parent[root]
        while parent[atom] != root:
            parent[atom], atom = root, parent[atom]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keys_a, keys_b = self._keys_of[ra], self._keys_of[rb]
        if len(keys_a or ()) < len(keys_b or ()):  # the node with more keys stays the root
            ra, rb, keys_a, keys_b = rb, ra, keys_b, keys_a
        self.parent[rb] = ra
        if keys_b:
            if keys_a is None:
                keys_a = self._keys_of[ra] = {}
            for key, count in keys_b.items():
                roots = self._roots_of[key]
                del roots[rb]
                roots[ra] = roots.get(ra, 0) + count
                keys_a[key] = keys_a.get(key, 0) + count
            self._keys_of[rb] = None
        sides = self._sides.pop(rb, None)
        if sides:
            self._sides.setdefault(ra, set()).update(sides)

    # -- questions

    def unique_root(self, keys: Sequence[Key], excluded: Sequence[int] = ()) -> bool:
        """Whether the atoms under ``keys``, less ``excluded`` (each filed under one of the
        keys), all belong to one node; False when there are none."""
        drop: dict[int, int] = {}
        for atom in excluded:
            root = self.find(atom)
            drop[root] = drop.get(root, 0) + 1
        found: set[int] = set()
        for root, count in drop.items():
            if sum(self._roots_of[k].get(root, 0) for k in keys) > count:
                found.add(root)
        for key in keys:
            for root in self._roots_of.get(key, ()):
                if root not in drop and root not in found:
                    found.add(root)
                    if len(found) > 1:
                        return False
        return len(found) == 1

    def first(self, keys: Iterable[Key], excluded: Sequence[int] = ()) -> int | None:
        """The smallest atom under ``keys`` that is not ``excluded``."""
        best: int | None = None
        for key in keys:
            for atom in self._atoms_of.get(key, ()):
                if atom not in excluded:
                    if best is None or atom < best:
                        best = atom
                    break
        return best

    def blocker(self, a: int, b: int) -> Decision | None:
        """The first ``not_same`` decision that joining ``a``'s and ``b``'s nodes breaks."""
        if not self._sides:
            return None
        sa = self._sides.get(self.find(a), set())
        sb = self._sides.get(self.find(b), set())
        if not sa or not sb:
            return None
        for index in sorted({i for i, _ in sa} & {i for i, _ in sb}):
            if ((index, 0) in sa and (index, 1) in sb) or ((index, 1) in sa and (index, 0) in sb):
                return self.forbidden[index]
        return None

    def contradicted(self, index: int) -> bool:
        """Whether some node holds both sides of ``not_same`` decision ``index``."""
        return any((index, 0) in s and (index, 1) in s for s in self._sides.values())
