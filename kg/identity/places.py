"""Places: which administrative division a place name of a document is, and the places
each document is about (its context), which generic names and place prefixes refer to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.gazetteer import SHORT_FORM_STOPLIST, Division, Gazetteer
from kg.identity.atoms import Atom

# Characters that end a place name (for place prefixes that are not divisions).
_PLACE_END = "省市区县镇乡村旗盟州街"
_PLACE_END_WORDS = ("社区", "街道", "商圈", "园区", "新区", "片区", "街区")


def split_chain(name: str, gazetteer: Gazetteer) -> list[str] | None:
    """Split a name written as consecutive division names (广州市天河区 → 广州市, 天河区).

    Returns the parts (fewest possible) or ``None`` when the name is not such a chain.
    """
    found = _split_chain(name, gazetteer)
    return list(found) if found is not None else None


@lru_cache(maxsize=1 << 16)
def _split_chain(name: str, gazetteer: Gazetteer) -> tuple[str, ...] | None:
    n = len(name)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        head = best[i]
        if head is None:
            continue
        for j in range(i + 2, n + 1):
            if gazetteer.lookup(name[i:j]):
                candidate = [*head, name[i:j]]
                current = best[j]
                if current is None or len(candidate) < len(current):
                    best[j] = candidate
    last = best[n]
    return tuple(last) if last is not None else None


def _division_candidates(name: str, gazetteer: Gazetteer) -> list[Division]:
    found = gazetteer.lookup(name)
    if found:
        return found
    parts = split_chain(name, gazetteer)
    if parts and len(parts) > 1:
        last = gazetteer.resolve_chain(parts)[-1]
        return [last] if last is not None else []
    return []


def _support(candidate: Division, other: Division, gazetteer: Gazetteer) -> int:
    if candidate.code == other.code:
        return 0
    if other in gazetteer.ancestors(candidate) or candidate in gazetteer.ancestors(other):
        return 2
    return 1 if candidate.code[:2] == other.code[:2] else 0


def resolve_divisions(atoms: Sequence[Atom], gazetteer: Gazetteer) -> dict[Atom, Division]:
    """The administrative division each place atom of one document is, where it is one.

    Candidates come from the gazetteer (full names, short forms, or a written chain such
    as 广州市天河区). Each is scored against the candidates of the document's other
    places (2 for an ancestor or descendant, 1 for the same province); the best is kept
    if it is a province, has support, or the document names no other division. Names
    that are common words (城区, 新区: the gazetteer's short-form stoplist) are divisions
    only where the document also names their city.
    """
    places = [a for a in atoms if a.type == "PLACE"]
    candidates: dict[Atom, list[Division]] = {}
    for atom in places:
        found: list[Division] = []
        for name in atom.names:
            for division in _division_candidates(name, gazetteer):
                if division not in found:
                    found.append(division)
            if found:
                break
        if found:
            candidates[atom] = found
    # A common word (城区, 新区) is a division only next to its own city.
    plain_codes = {
        d.code
        for atom, ds in candidates.items()
        if atom.name not in SHORT_FORM_STOPLIST
        for d in ds
    }
    for atom in [a for a in candidates if a.name in SHORT_FORM_STOPLIST]:
        kept = [c for c in candidates[atom] if c.parent_code in plain_codes]
        if kept:
            candidates[atom] = kept
        else:
            del candidates[atom]
    out: dict[Atom, Division] = {}
    for atom, found in candidates.items():
        pool = [d for other, ds in candidates.items() if other != atom for d in ds]
        scored = [
            (sum(_support(c, d, gazetteer) for d in pool), -i, c) for i, c in enumerate(found)
        ]
        score, _, best = max(scored, key=lambda item: (item[0], item[1]))
        if best.level == "province" or score > 0 or not pool:
            out[atom] = best
    return out


@lru_cache(maxsize=1 << 16)
def place_prefixed(prefix: str, gazetteer: Gazetteer) -> bool:
    """Whether ``prefix`` reads as a place name (a division, a chain of them, 某某街 …)."""
    if len(prefix) < 2:
        return False
    if gazetteer.lookup(prefix) or split_chain(prefix, gazetteer):
        return True
    return prefix[-1] in _PLACE_END or prefix.endswith(_PLACE_END_WORDS)


@dataclass
class DocContext:
    """The places one document is about: names, divisions named, their ancestors."""

    names: set[str] = field(default_factory=set)
    places: list[Atom] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)
    ancestors: list[Division] = field(default_factory=list)
    _codes: set[str] | None = field(default=None, repr=False)
    _named: set[str] | None = field(default=None, repr=False)

    @classmethod
    def of(
        cls, atoms: Sequence[Atom], divisions: dict[Atom, Division], gazetteer: Gazetteer
    ) -> DocContext:
        context = cls()
        for atom in atoms:
            if atom.type == "PLACE":
                context.places.append(atom)
                context.names.update(atom.names)
        for division in divisions.values():
            if division not in context.divisions:
                context.divisions.append(division)
        for division in list(context.divisions):
            for ancestor in gazetteer.ancestors(division):
                if ancestor not in context.divisions and ancestor not in context.ancestors:
                    context.ancestors.append(ancestor)
        for division in (*context.divisions, *context.ancestors):
            context.names.update({division.name, division.short})
        return context

    def codes(self) -> set[str]:
        return {d.code for d in (*self.divisions, *self.ancestors)}

    def level_places(self, word: str) -> list[str]:
        """Full names of the document's places of one level (its 省, its 区 …)."""
        if word in {"省", "市", "区", "县"}:
            levels = {"省": {"province"}, "市": {"city", "county"}}.get(word, {"county"})

            def fits(d: Division) -> bool:
                if word == "省":
                    return d.level == "province"
                return d.level in levels and d.name.endswith(word)

            named = sorted({d.name for d in self.divisions if fits(d)})
            return named or sorted({d.name for d in self.ancestors if fits(d)})
        return sorted({a.name for a in self.places if a.name.endswith(word)})

    def place_of_prefix(self, prefix: str, gazetteer: Gazetteer) -> str | None:
        """The place ``prefix`` names when it belongs to this document's context, else None:
        it is named here, or it is (or lies within) a division named here."""
        parts, chain = _prefix_chain(prefix, gazetteer)
        for part in parts:
            if part in self.names:
                return part
        if not chain:
            return None
        if self._codes is None:
            self._codes = self.codes()
            self._named = {d.code for d in self.divisions}
        assert self._named is not None
        for name, code, above in chain:
            if code in self._codes or not self._named.isdisjoint(above):
                return name
        return None


@lru_cache(maxsize=1 << 16)
def _prefix_chain(
    prefix: str, gazetteer: Gazetteer
) -> tuple[tuple[str, ...], tuple[tuple[str, str, frozenset[str]], ...]]:
    """A place prefix as its parts (广州市天河区 → 广州市, 天河区) and the divisions they
    are, each with the codes of the divisions above it."""
    parts = tuple(split_chain(prefix, gazetteer) or [prefix])
    chain = tuple(
        (d.name, d.code, frozenset(a.code for a in gazetteer.ancestors(d)))
        for d in gazetteer.resolve_chain(list(parts))
        if d is not None
    )
    return parts, chain
