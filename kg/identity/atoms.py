"""The pieces of a resolution: atoms (one entity as one document knows it), merge records,
nodes, and the words that make an organization name generic (省委, 村党总支, 组织部)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from kg.gazetteer import Division
from kg.lexicon import load_lexicon

GAZETTEER_DOC = ""
"""The ``doc`` of atoms that come from the gazetteer rather than from a document."""

# Level words a generic organization name can start with, longest first.
LEVEL_WORDS: tuple[str, ...] = ("街道", "社区", "省", "市", "区", "县", "镇", "乡", "村")
# Words starting with a level character that are not a level (乡村振兴…, 区域化…).
_NOT_LEVEL: tuple[str, ...] = ("乡村", "区域", "村民委员会", "市场主体", "县域", "省级", "市级")
ZHONGGONG = "中共"

RULES: tuple[str, ...] = (
    "researcher",
    "same_name",
    "division",
    "alias",
    "place_context",
    "place_prefix",
    "program_kind",
)


@dataclass(frozen=True, order=True)
class Atom:
    """One entity as one document (or the gazetteer) knows it."""

    type: str
    name: str
    doc: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name, then the aliases."""
        return (self.name, *self.aliases)

    def describe(self) -> str:
        """``南区联合党委 (000_x.txt)`` or ``广东省 (gazetteer)``."""
        return f"{self.name} ({self.doc or 'gazetteer'})"


@dataclass(frozen=True)
class MergeRecord:
    """One join of two atoms' nodes (or one join a researcher decision blocked)."""

    rule: str
    a: Atom
    b: Atom
    reason: str
    blocked_by: str = ""

    def to_json(self) -> dict[str, str]:
        out = {
            "rule": self.rule,
            "a": self.a.describe(),
            "b": self.b.describe(),
            "type": self.a.type,
            "reason": self.reason,
        }
        if self.blocked_by:
            out["blocked_by"] = self.blocked_by
        return out


@dataclass(frozen=True)
class ContextNote:
    """A generic organ name (省委, 区委组织部) and what its document's places made of it:
    the named organ (``resolved``), or nothing and why (``resolved`` empty)."""

    name: str
    doc: str
    resolved: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "doc": self.doc,
            "resolved": self.resolved,
            "reason": self.reason,
        }


@dataclass(eq=False)
class Node:
    """One real-world entity: its type, canonical label, other names and atoms.

    Nodes compare (and hash) by identity: one object per entity of a resolution.
    """

    type: str
    label: str
    qualifier: str
    atoms: tuple[Atom, ...]
    division: Division | None = None
    names: tuple[str, ...] = ()

    @property
    def alt_labels(self) -> list[str]:
        """Every other name the entity appears under, sorted."""
        return sorted({n for n in self.names if n != self.label})

    @property
    def docs(self) -> list[str]:
        """The documents that name the entity, sorted."""
        return sorted({a.doc for a in self.atoms if a.doc != GAZETTEER_DOC})

    @property
    def from_gazetteer_only(self) -> bool:
        """True for enclosing divisions that no document names."""
        return all(a.doc == GAZETTEER_DOC for a in self.atoms)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return frozenset(lexicon.org_suffixes) | lexicon.generic_names


@lru_cache(maxsize=65536)
def level_word(name: str) -> str | None:
    """The level word a generic organization name starts with (省委 → 省), or None."""
    if name.startswith(_NOT_LEVEL):
        return None
    for word in LEVEL_WORDS:
        if name.startswith(word) and len(name) > len(word):
            return word
    return None


def is_generic(atom: Atom) -> bool:
    """Organization names that depend on where they are said: 省委, 村党总支, 组织部."""
    if atom.type != "ORG":
        return False
    return level_word(atom.name) is not None or atom.name in _generic_words()


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
