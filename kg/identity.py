"""Cross-document entity resolution: one node per real-world entity.

Each entity of each document's record is an :class:`Atom` (document, type, canonical
name, aliases); enclosing administrative divisions that no document names are atoms of
the gazetteer. Atoms are joined into nodes by these rules, in this order, and every join
is logged as a :class:`MergeRecord` (rule, the two names with their documents, why):

1. ``researcher``: ``same`` lines of a decisions file (see :class:`Decisions`).
2. ``same_name``: the same canonical name and type. Generic organization names that
   depend on where they are said (省委, 区人社局, 村党总支, 组织部) only join when their
   documents share the place they refer to (see below); a place name only joins the same
   name read as the same division (or, for both, as none).
3. ``division``: places that are the same administrative division of the gazetteer
   (广东 / 广东省 / 广东省广州市's 广州市 …). A place name is read as a division only when
   the other places of its document support that reading (a county of Shanxi in an
   article about Zhejiang is not taken); provinces always are.
4. ``alias``: a canonical name that another document uses as an alias of a longer name.
5. ``place_context``: a generic name starting with a level word (省, 市, 区, 县, 镇, 乡,
   村, 街道, 社区) joins the long form made of its document's one place of that level and
   the rest of the name (省纪委监委 in an article about Guangdong → 广东省纪委监委), where
   a node of that long form exists. Without one it stays a node of its own, scoped by that
   place (``省委`` of 广东省), or by its document where the place is not unique.
6. ``place_prefix``: a name joins the one longer name made of a place and that name
   (南区联合党委 → 天河区南区联合党委; 中共 before a name counts as nothing), when the
   place belongs to the context of the short name's document (it is named there, or it
   lies within a division named there).
7. ``program_kind``: a program joins the one program made of its name and a kind word
   (三会一课 → 三会一课制度).

Joins 4, 6 and 7 need a unique partner. ``not_same`` decisions block any join that would
put their two names in one node; blocked joins are logged too.

Places form one hierarchy: every division node is ``dj:locatedIn`` its parent division
(``parent_of``), up to the province, so that ``dj:locatedIn+`` reaches it from towns,
villages and organizations whose documents link them to a county or city.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.gazetteer import SHORT_FORM_STOPLIST, Division, Gazetteer
from kg.lexicon import load_lexicon
from kg.records import DocumentRecord

GAZETTEER_DOC = ""
"""The ``doc`` of atoms that come from the gazetteer rather than from a document."""

# Level words a generic organization name can start with, longest first.
LEVEL_WORDS: tuple[str, ...] = ("街道", "社区", "省", "市", "区", "县", "镇", "乡", "村")
# Words starting with a level character that are not a level (乡村振兴…, 区域化…).
_NOT_LEVEL: tuple[str, ...] = ("乡村", "区域", "村民委员会", "市场主体", "县域", "省级", "市级")
# Characters that end a place name (for place prefixes that are not divisions).
_PLACE_END = "省市区县镇乡村旗盟州街"
_PLACE_END_WORDS = ("社区", "街道", "商圈", "园区", "新区", "片区", "街区")
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


# ----------------------------------------------------------------------------- records


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


class DecisionsError(ValueError):
    """A malformed decisions file: ``str(err)`` names the file and line."""


@dataclass(frozen=True)
class NameRef:
    """A name in a decisions file, optionally tied to one document: ``名称@NAME.txt``."""

    name: str
    doc: str | None = None

    @classmethod
    def parse(cls, text: str) -> NameRef:
        name, sep, doc = text.strip().rpartition("@")
        if sep and name and doc:
            return cls(name.strip(), doc.strip())
        return cls(text.strip())

    def matches(self, atom: Atom) -> bool:
        if self.name not in atom.names:
            return False
        if self.doc is None:
            return True
        return self.doc in (atom.doc, Path(atom.doc).stem)

    def __str__(self) -> str:
        return self.name if self.doc is None else f"{self.name}@{self.doc}"


@dataclass(frozen=True)
class Decision:
    """One line of a decisions file."""

    verdict: str  # "same" or "not_same"
    a: NameRef
    b: NameRef
    line: int
    source: str = ""

    def where(self) -> str:
        return f"{self.source or 'decisions'}:{self.line}"

    def __str__(self) -> str:
        return f"{self.verdict} {self.a} {self.b} ({self.where()})"


@dataclass
class Decisions:
    """A researcher's decisions: which names are, or are not, the same entity.

    A plain UTF-8 file, one decision a line, three tab-separated columns::

        # comments start with #
        same        省纪委监委      广东省纪委监委
        not_same    南区联合党委     天河区南区联合党委
        not_same    城区@001_x.txt   城区@004_y.txt

    A name matches every entity that has it as its name or an alias; ``名称@DOC`` limits
    it to one document (file name, with or without extension). ``same`` joins the
    entities of one type named so; ``not_same`` keeps them apart whatever the automatic
    rules say. Decisions win over every automatic rule.
    """

    items: list[Decision] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, source: str = "decisions") -> Decisions:
        items: list[Decision] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            cells = [c.strip() for c in line.split("\t")] if "\t" in line else line.split()
            cells = [c for c in cells if c]
            if len(cells) != 3:
                raise DecisionsError(
                    f"{source}:{number}: expected 'same|not_same<TAB>name<TAB>name', got {raw!r}"
                )
            verdict = cells[0].lower().replace("-", "_")
            if verdict not in {"same", "not_same"}:
                raise DecisionsError(
                    f"{source}:{number}: unknown decision {cells[0]!r} (use same or not_same)"
                )
            items.append(
                Decision(verdict, NameRef.parse(cells[1]), NameRef.parse(cells[2]), number, source)
            )
        return cls(items)

    @classmethod
    def load(cls, path: Path) -> Decisions:
        """Read a decisions file; :class:`DecisionsError` if it is missing or malformed."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DecisionsError(f"{path}: cannot read decisions file ({exc})") from exc
        return cls.parse(text, str(path))


# ----------------------------------------------------------------------------- helpers


class _Groups:
    """Union-find over atoms, with member sets and not-same constraints."""

    def __init__(self, atoms: Iterable[Atom], forbidden: Sequence[Decision]) -> None:
        self.parent: dict[Atom, Atom] = {}
        self.members: dict[Atom, set[Atom]] = {}
        for atom in atoms:
            self.parent[atom] = atom
            self.members[atom] = {atom}
        self.forbidden = forbidden

    def find(self, atom: Atom) -> Atom:
        root = atom
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[atom] != root:
            self.parent[atom], atom = root, self.parent[atom]
        return root

    def blocker(self, a: Atom, b: Atom) -> Decision | None:
        ga, gb = self.members[self.find(a)], self.members[self.find(b)]
        for decision in self.forbidden:
            in_a = any(decision.a.matches(x) for x in ga)
            in_b = any(decision.b.matches(x) for x in gb)
            if in_a and in_b:
                return decision
            if any(decision.b.matches(x) for x in ga) and any(decision.a.matches(x) for x in gb):
                return decision
        return None

    def union(self, a: Atom, b: Atom) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if (len(self.members[ra]), rb) < (len(self.members[rb]), ra):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)


def split_chain(name: str, gazetteer: Gazetteer) -> list[str] | None:
    """Split a name written as consecutive division names (广州市天河区 → 广州市, 天河区).

    Returns the parts (fewest possible) or ``None`` when the name is not such a chain.
    """
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
    return best[n]


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


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    lexicon = load_lexicon()
    return frozenset(lexicon.org_suffixes) | lexicon.generic_names


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


def _place_prefixed(prefix: str, gazetteer: Gazetteer) -> bool:
    if len(prefix) < 2:
        return False
    if gazetteer.lookup(prefix) or split_chain(prefix, gazetteer):
        return True
    return prefix[-1] in _PLACE_END or prefix.endswith(_PLACE_END_WORDS)


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


# ----------------------------------------------------------------------------- resolution


@dataclass
class _DocContext:
    """The places one document is about: names, divisions named, their ancestors."""

    names: set[str] = field(default_factory=set)
    places: list[Atom] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)
    ancestors: list[Division] = field(default_factory=list)

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


@dataclass
class Resolution:
    """The nodes of the corpus and how each document's names map to them."""

    nodes: list[Node]
    merges: list[MergeRecord] = field(default_factory=list)
    blocked: list[MergeRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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


class _Resolver:
    def __init__(
        self, records: Sequence[DocumentRecord], decisions: Decisions, gazetteer: Gazetteer
    ) -> None:
        self.gazetteer = gazetteer
        self.decisions = decisions
        self.kinds = load_lexicon().program_suffixes
        self.atoms: list[Atom] = []
        self.context: dict[str, _DocContext] = {}
        self.division: dict[Atom, Division] = {}
        self.merges: list[MergeRecord] = []
        self.blocked: list[MergeRecord] = []
        self.warnings: list[str] = []
        self._collect(records)
        forbidden = [d for d in decisions.items if d.verdict == "not_same"]
        self.groups = _Groups(self.atoms, forbidden)

    # -- atoms and contexts

    def _collect(self, records: Sequence[DocumentRecord]) -> None:
        seen: set[Atom] = set()
        codes: set[str] = set()
        for record in records:
            doc_atoms: list[Atom] = []
            for entity in record.entities:
                aliases = tuple(a for a in dict.fromkeys(entity.aliases) if a != entity.text)
                atom = Atom(entity.type, entity.text, record.doc, aliases)
                if atom not in seen:
                    seen.add(atom)
                    doc_atoms.append(atom)
            self.atoms.extend(doc_atoms)
            divisions = resolve_divisions(doc_atoms, self.gazetteer)
            self.division.update(divisions)
            context = _DocContext()
            for atom in doc_atoms:
                if atom.type == "PLACE":
                    context.places.append(atom)
                    context.names.update(atom.names)
            for division in divisions.values():
                if division not in context.divisions:
                    context.divisions.append(division)
            for division in list(context.divisions):
                for ancestor in self.gazetteer.ancestors(division):
                    if ancestor not in context.divisions and ancestor not in context.ancestors:
                        context.ancestors.append(ancestor)
            for division in (*context.divisions, *context.ancestors):
                context.names.update({division.name, division.short})
            self.context[record.doc] = context
            codes.update(d.code for d in divisions.values())
        # Enclosing divisions no document names become atoms of the gazetteer.
        for code in sorted(codes):
            division = self.gazetteer.get(code)
            assert division is not None
            for ancestor in self.gazetteer.ancestors(division):
                if ancestor.code in codes:
                    continue
                codes.add(ancestor.code)
                atom = Atom("PLACE", ancestor.name, GAZETTEER_DOC)
                self.atoms.append(atom)
                self.division[atom] = ancestor

    # -- joining

    def join(self, rule: str, a: Atom, b: Atom, reason: str) -> bool:
        if self.groups.find(a) == self.groups.find(b):
            return False
        blocker = self.groups.blocker(a, b) if rule != "researcher" else None
        if blocker is not None:
            self.blocked.append(MergeRecord(rule, a, b, reason, str(blocker)))
            return False
        self.groups.union(a, b)
        self.merges.append(MergeRecord(rule, a, b, reason))
        return True

    def _unique_root(self, atoms: list[Atom]) -> Atom | None:
        """The first of ``atoms`` if they all belong to one node, else None."""
        roots = {self.groups.find(a) for a in atoms}
        return min(atoms) if len(roots) == 1 else None

    def run(self) -> Resolution:
        self._researcher_same()
        self._same_name()
        self._divisions()
        self._aliases()
        self._place_context()
        self._place_prefix()
        self._program_kind()
        return self._nodes()

    def _researcher_same(self) -> None:
        for decision in self.decisions.items:
            if decision.verdict != "same":
                continue
            joined = False
            for etype in ("ORG", "PERSON", "PROGRAM", "PLACE"):
                left = sorted(a for a in self.atoms if a.type == etype and decision.a.matches(a))
                right = sorted(a for a in self.atoms if a.type == etype and decision.b.matches(a))
                if left and right:
                    for other in (*left[1:], *right):
                        self.join("researcher", left[0], other, f"decision {decision.where()}")
                    joined = True
            if not joined:
                self.warnings.append(f"{decision}: no entities of one type have both names")
        for decision in self.decisions.items:
            if decision.verdict == "not_same" and any(
                any(decision.a.matches(x) for x in members)
                and any(decision.b.matches(y) for y in members)
                for members in self.groups.members.values()
            ):
                self.warnings.append(f"{decision}: contradicts a same decision")

    def _scope(self, atom: Atom) -> tuple[str, str]:
        """Where a generic name's referent is fixed: its level place, else its document."""
        word = level_word(atom.name)
        if word is not None:
            places = self.context[atom.doc].level_places(word)
            if len(places) == 1:
                return ("place", places[0])
        return ("doc", atom.doc)

    def _same_name(self) -> None:
        by_key: dict[tuple[str, str, str, str], list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            if atom.doc == GAZETTEER_DOC:
                continue
            if is_generic(atom):
                scope = self._scope(atom)
            elif atom.type == "PLACE":
                # a place read as a division only joins places read as the same one
                division = self.division.get(atom)
                scope = ("division", division.code if division else "")
            else:
                scope = ("", "")
            by_key[(atom.type, atom.name, *scope)].append(atom)
        for (_etype, name, kind, where), atoms in sorted(by_key.items()):
            reason = f"same name, both said of {where}" if kind in {"place", "doc"} else "same name"
            first = atoms[0]
            for other in atoms[1:]:
                self.join("same_name", first, other, f"{reason}: {name}")

    def _divisions(self) -> None:
        by_code: dict[str, list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            division = self.division.get(atom)
            if division is not None:
                by_code[division.code].append(atom)
        for code, atoms in sorted(by_code.items()):
            atoms.sort(key=lambda a: (a.doc == GAZETTEER_DOC, a))
            division = self.division[atoms[0]]
            for other in atoms[1:]:
                self.join("division", atoms[0], other, f"same division {division.name} ({code})")

    def _aliases(self) -> None:
        alias_of: dict[tuple[str, str], list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            for alias in atom.aliases:
                alias_of[(atom.type, alias)].append(atom)
        for atom in self.atoms:
            if atom.doc == GAZETTEER_DOC or is_generic(atom):
                continue
            owners = [o for o in alias_of.get((atom.type, atom.name), []) if o.doc != atom.doc]
            if not owners:
                continue
            owner = self._unique_root(owners)
            if owner is None:
                continue
            self.join(
                "alias",
                owner,
                atom,
                f"{atom.name} is an alias of {owner.name} in {owner.doc}",
            )

    def _name_index(self) -> dict[tuple[str, str], list[Atom]]:
        """(type, name or alias) → atoms of non-generic names having it."""
        index: dict[tuple[str, str], list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            if is_generic(atom):
                continue
            for name in atom.names:
                index[(atom.type, name)].append(atom)
        return index

    def _place_context(self) -> None:
        index = self._name_index()
        for atom in self.atoms:
            if atom.doc == GAZETTEER_DOC or not is_generic(atom):
                continue
            word = level_word(atom.name)
            if word is None:
                continue
            places = self.context[atom.doc].level_places(word)
            if len(places) != 1:
                continue
            rest = atom.name[len(word) :]
            base = places[0]
            long_names = [base + rest]
            if not base.endswith(word):
                long_names.append(base + atom.name)  # 天河 + 区委, for a short-form place
            targets = [
                t
                for long in long_names
                for t in (
                    *index.get((atom.type, long), []),
                    *index.get((atom.type, ZHONGGONG + long), []),
                )
            ]
            if not targets:
                continue
            target = self._unique_root(targets)
            if target is None:
                continue
            self.join(
                "place_context",
                target,
                atom,
                f"{atom.name} in {atom.doc} is {target.name}: the document's {word} is {base}",
            )

    def _prefix_in_context(self, prefix: str, doc: str) -> str | None:
        """The place of ``prefix`` when it belongs to ``doc``'s context, else None."""
        context = self.context[doc]
        parts = split_chain(prefix, self.gazetteer) or [prefix]
        for part in parts:
            if part in context.names:
                return part
        chain = self.gazetteer.resolve_chain(parts)
        codes = context.codes()
        for division in chain:
            if division is None:
                continue
            if division.code in codes:
                return division.name
            if any(
                a.code in {d.code for d in context.divisions}
                for a in self.gazetteer.ancestors(division)
            ):
                return division.name
        return None

    def _place_prefix(self) -> None:
        by_suffix: dict[tuple[str, str], list[tuple[Atom, str]]] = defaultdict(list)
        for atom in self.atoms:
            if atom.doc == GAZETTEER_DOC or is_generic(atom) or atom in self.division:
                continue
            bare = atom.name.removeprefix(ZHONGGONG)
            for cut in range(0, len(bare) - 1):
                by_suffix[(atom.type, bare[cut:])].append((atom, bare[:cut]))
        for atom in self.atoms:
            if atom.doc == GAZETTEER_DOC or is_generic(atom) or atom in self.division:
                continue
            if atom.type == "PERSON" or (len(atom.name) < 3 and atom.type != "PLACE"):
                continue
            partners: list[Atom] = []
            reasons: dict[Atom, str] = {}
            for long, prefix in by_suffix.get((atom.type, atom.name), []):
                if long == atom or long.name == atom.name:
                    continue
                if not prefix:
                    reasons[long] = f"{long.name} is {atom.name} with {ZHONGGONG} before it"
                    partners.append(long)
                    continue
                if not _place_prefixed(prefix, self.gazetteer):
                    continue
                place = self._prefix_in_context(prefix, atom.doc)
                if place is None:
                    continue
                partners.append(long)
                reasons[long] = (
                    f"{long.name} is {prefix} + {atom.name}, and {place} is a place of {atom.doc}"
                )
            if not partners:
                continue
            target = self._unique_root(partners)
            if target is None:
                continue
            self.join("place_prefix", target, atom, reasons[target])

    def _program_kind(self) -> None:
        by_name: dict[str, list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            if atom.type == "PROGRAM":
                by_name[atom.name].append(atom)
        for atom in self.atoms:
            if atom.type != "PROGRAM" or len(atom.name) < 2:
                continue
            partners = [long for kind in self.kinds for long in by_name.get(atom.name + kind, [])]
            if not partners:
                continue
            target = self._unique_root(partners)
            if target is None:
                continue
            self.join(
                "program_kind",
                target,
                atom,
                f"{target.name} is {atom.name} with the kind word {target.name[len(atom.name) :]}",
            )

    # -- nodes

    def _nodes(self) -> Resolution:
        groups: dict[Atom, list[Atom]] = defaultdict(list)
        for atom in self.atoms:
            groups[self.groups.find(atom)].append(atom)
        nodes: list[Node] = []
        for members in groups.values():
            members.sort(key=lambda a: (a.doc == GAZETTEER_DOC, a.doc, a.name, a.aliases))
            nodes.append(self._node(members))
        self._disambiguate(nodes)
        nodes.sort(key=lambda n: (n.type, n.label, n.qualifier))
        return Resolution(nodes, self.merges, self.blocked, self.warnings)

    def _node(self, members: list[Atom]) -> Node:
        etype = members[0].type
        names = tuple(dict.fromkeys(n for a in members for n in a.names))
        divisions = sorted(
            {d.code: d for a in members if (d := self.division.get(a)) is not None}.values(),
            key=lambda d: d.code,
        )
        division = divisions[0] if divisions else None
        qualifier = ""
        specific = [a for a in members if not is_generic(a)]
        if division is not None:
            label = division.name
            homonyms = [d for d in self.gazetteer.lookup(label) if d.name == label]
            if len(homonyms) > 1:
                qualifier = division.code
        elif specific:
            label = max((a.name for a in specific), key=lambda n: (len(n), n))
        else:
            label = max((a.name for a in members), key=lambda n: (len(n), n))
            qualifier = self._scope(members[0])[1]
        if label not in names:
            names = (label, *names)
        return Node(etype, label, qualifier, tuple(members), division, names)

    @staticmethod
    def _disambiguate(nodes: list[Node]) -> None:
        """Nodes that would share an IRI (a not_same decision on one name) get a suffix."""
        by_key: dict[tuple[str, str, str], list[Node]] = defaultdict(list)
        for node in nodes:
            by_key[(node.type, node.label, node.qualifier)].append(node)
        for same in by_key.values():
            if len(same) < 2:
                continue
            for node in same:
                first = node.atoms[0]
                tail = first.doc or "gazetteer"
                node.qualifier = "/".join(
                    p for p in (node.qualifier, tail, _short_hash(repr(node.atoms))) if p
                )


def resolve_identities(
    records: Sequence[DocumentRecord],
    decisions: Decisions | None = None,
    gazetteer: Gazetteer | None = None,
) -> Resolution:
    """Join the entities of all records into nodes (see the module docstring)."""
    resolver = _Resolver(records, decisions or Decisions(), gazetteer or Gazetteer.load())
    return resolver.run()
