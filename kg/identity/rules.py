"""The resolver: atoms of every document, then the joining rules in order, then nodes.

Documents are read one at a time (only their atoms and place context are kept). Every
rule looks names up in the indexes of :class:`~kg.identity.indexes.Groups` (filed once
per atom) rather than scanning atoms, and visits atoms in sorted order (by type and name,
so one name group after the other), which makes the result independent of the order of
the documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from kg.gazetteer import Division, Gazetteer
from kg.identity.atoms import (
    GAZETTEER_DOC,
    ZHONGGONG,
    Atom,
    ContextNote,
    MergeRecord,
    Node,
    is_generic,
    level_word,
    short_hash,
)
from kg.identity.decisions import Decisions
from kg.identity.indexes import Groups, Key
from kg.identity.places import DocContext, place_prefixed, resolve_divisions
from kg.identity.resolution import Resolution
from kg.lexicon import load_lexicon
from kg.records import DocumentRecord

# Keys of the name indexes: (rule, type, name).
_ALIAS = "alias"  # atoms having the name as an alias
_NAMED = "named"  # non-generic atoms having the name (or alias): place_context targets
_LONG = "long"  # atoms place_prefix may join a shorter name to, by canonical name
_PROGRAM = "program"  # programs by canonical name
_ANY = "any"  # every atom by every name (for decisions)


@dataclass(frozen=True)
class _Partner:
    """Where an atom's partners are filed (less its own document's atoms, for aliases) and
    how to say why it joins the first of them."""

    keys: list[Key]
    excluded: Sequence[int]
    reason: Callable[[Atom], str]


PartnerRule = Callable[[Atom], "_Partner | None"]


class Resolver:
    """Atoms are numbered by their place in the sorted list ``atoms``; the union-find and
    the indexes work on those numbers."""

    def __init__(
        self, records: Iterable[DocumentRecord], decisions: Decisions, gazetteer: Gazetteer
    ) -> None:
        self.gazetteer = gazetteer
        self.decisions = decisions
        self.kinds = load_lexicon().program_suffixes
        self.atoms: list[Atom] = []
        self.context: dict[str, DocContext] = {}
        self.division: dict[Atom, Division] = {}
        self.merges: list[MergeRecord] = []
        self.blocked: list[MergeRecord] = []
        self.warnings: list[str] = []
        self.context_notes: list[ContextNote] = []
        self._collect(records)
        self.atoms.sort(key=lambda a: (a.type, a.name, a.doc, a.aliases))  # = Atom order, faster
        self.generic = [is_generic(a) for a in self.atoms]
        self.groups = self._index()

    # -- atoms and contexts

    def _collect(self, records: Iterable[DocumentRecord]) -> None:
        codes: set[str] = set()
        for record in records:
            seen: set[Atom] = set()
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
            self.context[record.doc] = DocContext.of(doc_atoms, divisions, self.gazetteer)
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

    def _index(self) -> Groups:
        groups = Groups([a.doc for a in self.atoms])
        for i, atom in enumerate(self.atoms):
            generic = self.generic[i]
            for name in atom.names:
                groups.file((_ANY, name), i)
                if not generic:
                    groups.file((_NAMED, atom.type, name), i)
            for alias in atom.aliases:
                groups.file((_ALIAS, atom.type, alias), i)
            if self._may_be_prefixed(i):
                groups.file((_LONG, atom.type, atom.name), i)
            if atom.type == "PROGRAM":
                groups.file((_PROGRAM, atom.name), i)
        forbidden = [d for d in self.decisions.items if d.verdict == "not_same"]
        groups.forbid(
            forbidden,
            [
                (i, index, side)
                for index, decision in enumerate(forbidden)
                for side, ref in enumerate((decision.a, decision.b))
                for i in groups.atoms_of((_ANY, ref.name))
                if ref.matches(self.atoms[i])
            ],
        )
        return groups

    def _may_be_prefixed(self, i: int) -> bool:
        atom = self.atoms[i]
        return atom.doc != GAZETTEER_DOC and not self.generic[i] and atom not in self.division

    # -- joining

    def join(self, rule: str, a: int, b: int, reason: str) -> bool:
        if self.groups.find(a) == self.groups.find(b):
            return False
        blocker = self.groups.blocker(a, b) if rule != "researcher" else None
        record = MergeRecord(rule, self.atoms[a], self.atoms[b], reason)
        if blocker is not None:
            self.blocked.append(replace(record, blocked_by=str(blocker)))
            return False
        self.groups.union(a, b)
        self.merges.append(record)
        return True

    def run(self) -> Resolution:
        self._researcher_same()
        self._same_name()
        self._divisions()
        self._aliases()
        self._place_context()
        self._place_prefix()
        self._program_kind()
        self._note_contexts()
        return self._nodes()

    def _researcher_same(self) -> None:
        for decision in self.decisions.items:
            if decision.verdict != "same":
                continue
            sides = [
                [i for i in self.groups.atoms_of((_ANY, ref.name)) if ref.matches(self.atoms[i])]
                for ref in (decision.a, decision.b)
            ]
            joined = False
            for etype in ("ORG", "PERSON", "PROGRAM", "PLACE"):
                left, right = ([i for i in s if self.atoms[i].type == etype] for s in sides)
                if left and right:
                    for other in (*left[1:], *right):
                        self.join("researcher", left[0], other, f"decision {decision.where()}")
                    joined = True
            if not joined:
                unknown = [
                    str(r) for r, s in zip((decision.a, decision.b), sides, strict=True) if not s
                ]
                if unknown:
                    why = f"no entity is named {' or '.join(unknown)}"
                else:
                    why = "no entities of one type have both names"
                self.warnings.append(f"{decision}: {why}")
        for index, decision in enumerate(self.groups.forbidden):
            unknown = [
                str(ref)
                for ref in (decision.a, decision.b)
                if not any(
                    ref.matches(self.atoms[i]) for i in self.groups.atoms_of((_ANY, ref.name))
                )
            ]
            if unknown:
                self.warnings.append(f"{decision}: no entity is named {' or '.join(unknown)}")
            elif self.groups.contradicted(index):
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
        by_key: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
        for i, atom in enumerate(self.atoms):
            if atom.doc == GAZETTEER_DOC:
                continue
            if self.generic[i]:
                scope = self._scope(atom)
            elif atom.type == "PLACE":
                # a place read as a division only joins places read as the same one
                division = self.division.get(atom)
                scope = ("division", division.code if division else "")
            else:
                scope = ("", "")
            by_key[(atom.type, atom.name, *scope)].append(i)
        for (_etype, name, kind, where), atoms in sorted(by_key.items()):
            reason = f"same name, both said of {where}" if kind in {"place", "doc"} else "same name"
            first = atoms[0]
            for other in atoms[1:]:
                self.join("same_name", first, other, f"{reason}: {name}")

    def _divisions(self) -> None:
        by_code: dict[str, list[int]] = defaultdict(list)
        for i, atom in enumerate(self.atoms):
            division = self.division.get(atom)
            if division is not None:
                by_code[division.code].append(i)
        for code, atoms in sorted(by_code.items()):
            atoms.sort(key=lambda i: (self.atoms[i].doc == GAZETTEER_DOC, i))
            division = self.division[self.atoms[atoms[0]]]
            for other in atoms[1:]:
                self.join("division", atoms[0], other, f"same division {division.name} ({code})")

    def _apply(self, rule: str, partner_of: PartnerRule) -> None:
        """Join each atom to its partner where all its partners are one node.

        Joins only ever make partners more unique, never less: atoms whose partners are
        still several nodes are tried again after a pass that joined something, until a
        pass joins nothing (a join that waits for another is made even when the other
        comes later in name order). Atoms are visited in sorted order, so the result does
        not depend on the order of the documents.
        """
        pending = [
            (i, p) for i, atom in enumerate(self.atoms) if (p := partner_of(atom)) is not None
        ]
        while pending:
            waiting: list[tuple[int, _Partner]] = []
            joined = False
            for i, partner in pending:
                if not self.groups.unique_root(partner.keys, partner.excluded):
                    waiting.append((i, partner))
                    continue
                target = self.groups.first(partner.keys, partner.excluded)
                assert target is not None
                reason = partner.reason(self.atoms[target])
                joined |= self.join(rule, target, i, reason)
            if not joined:
                break
            pending = waiting

    def _aliases(self) -> None:
        def partner_of(atom: Atom) -> _Partner | None:
            if atom.doc == GAZETTEER_DOC or is_generic(atom):
                return None
            key = (_ALIAS, atom.type, atom.name)
            if not self.groups.has(key):
                return None
            here = self.groups.in_doc(key, atom.doc)
            if len(here) == len(self.groups.atoms_of(key)):
                return None  # an alias in its own document only
            return _Partner(
                [key],
                here,
                lambda owner: f"{atom.name} is an alias of {owner.name} in {owner.doc}",
            )

        self._apply("alias", partner_of)

    def context_forms(self, atom: Atom) -> tuple[list[list[str]], str, str] | None:
        """The names a generic organ name of a document may stand for, its level word and
        the place of that level, where the document names a single one: for 区委组织部 in
        an article about 天河区, first 天河区委组织部 (and with 中共 before it), then,
        where no entity has those, the same with the enclosing divisions before it
        (广州市天河区委组织部, 广东省广州市天河区委组织部 …)."""
        word = level_word(atom.name)
        if atom.doc == GAZETTEER_DOC or not is_generic(atom) or word is None:
            return None
        context = self.context[atom.doc]
        places = context.level_places(word)
        if len(places) != 1:
            return None
        base = places[0]
        long_names = [base + atom.name[len(word) :]]
        if not base.endswith(word):
            long_names.append(base + atom.name)  # 天河 + 区委, for a short-form place
        heads: list[str] = []
        for division in (*context.divisions, *context.ancestors):
            if division.name == base:
                above = [d.name for d in reversed(self.gazetteer.ancestors(division))]
                heads = ["".join(above[i:]) for i in range(len(above))]
                break
        tiers = [long_names, [h + long for long in long_names for h in heads]]
        with_zhonggong = [[n for form in tier for n in (form, ZHONGGONG + form)] for tier in tiers]
        return with_zhonggong, word, base

    def _place_context(self) -> None:
        def partner_of(atom: Atom) -> _Partner | None:
            found = self.context_forms(atom)
            if found is None:
                return None
            tiers, word, base = found
            for forms in tiers:
                keys = [key for n in forms if self.groups.has(key := (_NAMED, atom.type, n))]
                if keys:
                    break
            else:
                return None
            return _Partner(
                keys,
                (),
                lambda target: (
                    f"{atom.name} in {atom.doc} is {target.name}: the document's {word} is {base}"
                ),
            )

        self._apply("place_context", partner_of)

    def _place_prefix(self) -> None:
        # distinct long names by each of their suffixes: (type, suffix) → {long name: prefix}
        by_suffix: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for i, atom in enumerate(self.atoms):
            if not self._may_be_prefixed(i):
                continue
            bare = atom.name.removeprefix(ZHONGGONG)
            for cut in range(0, len(bare) - 1):
                by_suffix[(atom.type, bare[cut:])].setdefault(atom.name, bare[:cut])

        def partner_of(atom: Atom) -> _Partner | None:
            if atom.doc == GAZETTEER_DOC or is_generic(atom) or atom in self.division:
                return None
            if atom.type == "PERSON" or (len(atom.name) < 3 and atom.type != "PLACE"):
                return None
            longer = by_suffix.get((atom.type, atom.name))
            if not longer:
                return None
            reasons: dict[str, str] = {}
            context = self.context[atom.doc]
            for long, prefix in longer.items():
                if long == atom.name:
                    continue
                if not prefix:
                    reasons[long] = f"{long} is {atom.name} with {ZHONGGONG} before it"
                    continue
                if not place_prefixed(prefix, self.gazetteer):
                    continue
                place = context.place_of_prefix(prefix, self.gazetteer)
                if place is not None:
                    reasons[long] = (
                        f"{long} is {prefix} + {atom.name}, and {place} is a place of {atom.doc}"
                    )
            if not reasons:
                return None
            keys = [(_LONG, atom.type, long) for long in reasons]
            return _Partner(keys, (), lambda target: reasons[target.name])

        self._apply("place_prefix", partner_of)

    def _program_kind(self) -> None:
        def partner_of(atom: Atom) -> _Partner | None:
            if atom.type != "PROGRAM" or len(atom.name) < 2:
                return None
            keys = [
                key for kind in self.kinds if self.groups.has(key := (_PROGRAM, atom.name + kind))
            ]
            if not keys:
                return None
            return _Partner(
                keys,
                (),
                lambda target: (
                    f"{target.name} is {atom.name} with the kind word "
                    f"{target.name[len(atom.name) :]}"
                ),
            )

        self._apply("program_kind", partner_of)

    # -- generic organ names by context

    def _named_organ(self, atom: Atom) -> tuple[str, str] | None:
        """The named organ a generic name stands for in its document, and the place that
        names it: 省委 in an article about 广东省 → (广东省委, 广东省); None where the
        document names no single place of that level, or that place is not named with the
        level word (北京市 for 省)."""
        word = level_word(atom.name)
        if word is None or atom.doc == GAZETTEER_DOC:
            return None
        places = self.context[atom.doc].level_places(word)
        if len(places) != 1 or not places[0].endswith(word):
            return None
        return places[0] + atom.name[len(word) :], places[0]

    def _note_contexts(self) -> None:
        """What each generic organ name of a document was resolved to, or why not."""
        for i, atom in enumerate(self.atoms):
            if not self.generic[i] or atom.doc == GAZETTEER_DOC:
                continue
            word = level_word(atom.name)
            if word is None:
                continue
            named = self._named_organ(atom)
            if named is not None:
                reason = f"the document's {word} is {named[1]}"
                self.context_notes.append(ContextNote(atom.name, atom.doc, named[0], reason))
            else:
                reason = f"not resolved, a node of this document: {self._no_place(word, atom)}"
                self.context_notes.append(ContextNote(atom.name, atom.doc, "", reason))

    def _no_place(self, word: str, atom: Atom) -> str:
        context = self.context[atom.doc]
        places = context.level_places(word)
        if len(places) > 1:
            return f"the document names {len(places)} places of level {word} ({', '.join(places)})"
        if len(places) == 1:
            return f"its {word} is {places[0]}, which is not named with {word}"
        names = sorted({a.name for a in context.places})
        if not names:
            return "the document names no place"
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        return f"the document's places ({shown}) do not say which {word}"

    # -- nodes

    def _nodes(self) -> Resolution:
        groups: dict[int, list[Atom]] = defaultdict(list)
        for i, atom in enumerate(self.atoms):
            groups[self.groups.find(i)].append(atom)
        nodes: list[Node] = []
        for members in groups.values():
            members.sort(key=lambda a: (a.doc == GAZETTEER_DOC, a.doc, a.name, a.aliases))
            nodes.append(self._node(members))
        self._disambiguate(nodes)
        nodes.sort(key=lambda n: (n.type, n.label, n.qualifier))
        return Resolution(nodes, self.merges, self.blocked, self.warnings, self.context_notes)

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
            generic = max(members, key=lambda a: (len(a.name), a.name))
            named = self._named_organ(generic)
            if named is not None:
                label = named[0]  # 省委 of a document about 广东省: 广东省委
            else:
                label = generic.name
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
                    p for p in (node.qualifier, tail, short_hash(repr(node.atoms))) if p
                )
