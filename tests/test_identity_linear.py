"""Linear identity resolution (kg.identity) gives the joins of the rules as first written.

The reference below applies the same rules the plain way: every atom scans every atom for
its partners, and every check of a ``not_same`` decision scans the members of both nodes
(quadratic, fine for small inputs). The resolver must give the same nodes, the same joins
(rule, atoms, reason, in the same order), the same blocked joins and the same warnings,
on generated corpora (hypothesis), on the sample corpus and on the seeds; and the same
result whatever the order of the documents and of their entities.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.gazetteer import Gazetteer
from kg.identity import (
    GAZETTEER_DOC,
    ZHONGGONG,
    Atom,
    Decisions,
    MergeRecord,
    Resolution,
    is_generic,
    resolve_identities,
)
from kg.identity.places import place_prefixed
from kg.identity.rules import Resolver
from kg.lexicon import load_lexicon
from kg.pipeline import Extractor
from kg.read import read_document
from kg.records import DocumentRecord, Entity

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GAZETTEER = Gazetteer.load()

Partners = tuple[list[int], Callable[[Atom], str]]


class ReferenceResolver:
    """The rules by scanning: atoms, places and scopes from :class:`Resolver`, nothing of
    its indexes or union-find."""

    def __init__(self, records: Sequence[DocumentRecord], decisions: Decisions) -> None:
        self.base = Resolver(records, decisions, GAZETTEER)
        self.atoms = self.base.atoms
        self.decisions = decisions
        self.forbidden = [d for d in decisions.items if d.verdict == "not_same"]
        self.parent = list(range(len(self.atoms)))
        self.merges: list[MergeRecord] = []
        self.blocked: list[MergeRecord] = []
        self.warnings: list[str] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            i = self.parent[i]
        return i

    def members(self, i: int) -> list[Atom]:
        root = self.find(i)
        return [a for j, a in enumerate(self.atoms) if self.find(j) == root]

    def join(self, rule: str, a: int, b: int, reason: str) -> bool:
        if self.find(a) == self.find(b):
            return False
        record = MergeRecord(rule, self.atoms[a], self.atoms[b], reason)
        if rule != "researcher":
            ga, gb = self.members(a), self.members(b)
            for d in self.forbidden:
                if (any(d.a.matches(x) for x in ga) and any(d.b.matches(y) for y in gb)) or (
                    any(d.b.matches(x) for x in ga) and any(d.a.matches(y) for y in gb)
                ):
                    self.blocked.append(MergeRecord(rule, record.a, record.b, reason, str(d)))
                    return False
        self.parent[self.find(b)] = self.find(a)
        self.merges.append(record)
        return True

    def run(self) -> ReferenceResolver:
        n = range(len(self.atoms))
        atoms, base = self.atoms, self.base
        for d in self.decisions.items:
            if d.verdict != "same":
                continue
            joined = False
            for etype in ("ORG", "PERSON", "PROGRAM", "PLACE"):
                left = [i for i in n if atoms[i].type == etype and d.a.matches(atoms[i])]
                right = [i for i in n if atoms[i].type == etype and d.b.matches(atoms[i])]
                if left and right:
                    for other in (*left[1:], *right):
                        self.join("researcher", left[0], other, f"decision {d.where()}")
                    joined = True
            if not joined:
                unknown = [str(r) for r in (d.a, d.b) if not any(r.matches(a) for a in atoms)]
                why = (
                    f"no entity is named {' or '.join(unknown)}"
                    if unknown
                    else "no entities of one type have both names"
                )
                self.warnings.append(f"{d}: {why}")
        for d in self.forbidden:
            unknown = [str(r) for r in (d.a, d.b) if not any(r.matches(a) for a in atoms)]
            if unknown:
                self.warnings.append(f"{d}: no entity is named {' or '.join(unknown)}")
            elif any(
                any(d.a.matches(x) for x in self.members(i))
                and any(d.b.matches(y) for y in self.members(i))
                for i in n
            ):
                self.warnings.append(f"{d}: contradicts a same decision")
        # same name (generic names within their place or document), then divisions
        keys: dict[tuple[str, ...], list[int]] = {}
        for i in n:
            atom = atoms[i]
            if atom.doc == GAZETTEER_DOC:
                continue
            if is_generic(atom):
                scope = base._scope(atom)
            elif atom.type == "PLACE":
                division = base.division.get(atom)
                scope = ("division", division.code if division else "")
            else:
                scope = ("", "")
            keys.setdefault((atom.type, atom.name, *scope), []).append(i)
        for (_t, name, kind, where), group in sorted(keys.items()):
            said = f"same name, both said of {where}" if kind in {"place", "doc"} else "same name"
            for other in group[1:]:
                self.join("same_name", group[0], other, f"{said}: {name}")
        codes = sorted({d.code for d in base.division.values()})
        for code in codes:
            group = [i for i in n if (d := base.division.get(atoms[i])) and d.code == code]
            group.sort(key=lambda i: (atoms[i].doc == GAZETTEER_DOC, i))
            name = base.division[atoms[group[0]]].name
            for other in group[1:]:
                self.join("division", group[0], other, f"same division {name} ({code})")
        self.apply("alias", self.alias_partners)
        self.apply("place_context", self.context_partners)
        self.apply("place_prefix", self.prefix_partners)
        self.apply("program_kind", self.program_partners)
        return self

    def apply(self, rule: str, partners_of: Callable[[int], Partners | None]) -> None:
        pending = [(i, p) for i in range(len(self.atoms)) if (p := partners_of(i))]
        while pending:
            waiting, joined = [], False
            for i, (partners, reason) in pending:
                if len({self.find(j) for j in partners}) != 1:
                    waiting.append((i, (partners, reason)))
                    continue
                target = min(partners)
                joined |= self.join(rule, target, i, reason(self.atoms[target]))
            if not joined:
                break
            pending = waiting

    def alias_partners(self, i: int) -> Partners | None:
        atom = self.atoms[i]
        if atom.doc == GAZETTEER_DOC or is_generic(atom):
            return None
        owners = [
            j
            for j, o in enumerate(self.atoms)
            if o.type == atom.type and atom.name in o.aliases and o.doc != atom.doc
        ]
        if not owners:
            return None
        return (owners, lambda o: f"{atom.name} is an alias of {o.name} in {o.doc}")

    def context_partners(self, i: int) -> Partners | None:
        atom = self.atoms[i]
        found = self.base.context_forms(atom)
        if found is None:
            return None
        tiers, word, base = found
        targets: list[int] = []
        for forms in tiers:  # the plain forms first, the forms after enclosing divisions next
            targets = targets or [
                j
                for j, t in enumerate(self.atoms)
                if t.type == atom.type and not is_generic(t) and set(forms) & set(t.names)
            ]

        def reason(t: Atom) -> str:
            return f"{atom.name} in {atom.doc} is {t.name}: the document's {word} is {base}"

        return (targets, reason) if targets else None

    def prefixable(self, atom: Atom) -> bool:
        return atom.doc != GAZETTEER_DOC and not is_generic(atom) and atom not in self.base.division

    def prefix_partners(self, i: int) -> Partners | None:
        atom = self.atoms[i]
        if not self.prefixable(atom) or atom.type == "PERSON":
            return None
        if len(atom.name) < 3 and atom.type != "PLACE":
            return None
        context = self.base.context[atom.doc]
        partners: list[int] = []
        reasons: dict[str, str] = {}
        for j, long in enumerate(self.atoms):
            bare = long.name.removeprefix(ZHONGGONG)
            if long.type != atom.type or not self.prefixable(long) or long.name == atom.name:
                continue
            if len(atom.name) < 2 or not bare.endswith(atom.name):
                continue
            prefix = bare[: len(bare) - len(atom.name)]
            if not prefix:
                reasons[long.name] = f"{long.name} is {atom.name} with {ZHONGGONG} before it"
            elif place_prefixed(prefix, GAZETTEER):
                place = context.place_of_prefix(prefix, GAZETTEER)
                if place is None:
                    continue
                reasons[long.name] = (
                    f"{long.name} is {prefix} + {atom.name}, and {place} is a place of {atom.doc}"
                )
            else:
                continue
            partners.append(j)
        return (partners, lambda t: reasons[t.name]) if partners else None

    def program_partners(self, i: int) -> Partners | None:
        atom = self.atoms[i]
        if atom.type != "PROGRAM" or len(atom.name) < 2:
            return None
        longer = {atom.name + kind for kind in load_lexicon().program_suffixes}
        partners = [j for j, p in enumerate(self.atoms) if p.type == "PROGRAM" and p.name in longer]

        def reason(t: Atom) -> str:
            return f"{t.name} is {atom.name} with the kind word {t.name[len(atom.name) :]}"

        return (partners, reason) if partners else None

    def partition(self) -> set[frozenset[Atom]]:
        groups: dict[int, set[Atom]] = {}
        for i, atom in enumerate(self.atoms):
            groups.setdefault(self.find(i), set()).add(atom)
        return {frozenset(g) for g in groups.values()}


def partition(res: Resolution) -> set[frozenset[Atom]]:
    return {frozenset(node.atoms) for node in res.nodes}


def assert_same_as_reference(
    records: Sequence[DocumentRecord], decisions: Decisions | None = None
) -> Resolution:
    decisions = decisions or Decisions()
    res = resolve_identities(records, decisions, GAZETTEER)
    ref = ReferenceResolver(records, decisions).run()
    assert partition(res) == ref.partition()
    assert res.merges == ref.merges
    assert res.blocked == ref.blocked
    assert res.warnings == ref.warnings
    return res


# ----------------------------------------------------------------------------- generated

PLACES = ["广东省", "广东", "广州市", "天河区", "天河", "海珠区", "浙江省", "杭州市", "西湖区"]
PLACES += ["江门市", "蓬江区", "猎德村", "城区", "南区", "溪岭镇", "北京市"]
ORG_CORES = ["南区联合党委", "联合党委", "省委", "区委", "市委", "区委组织部", "省纪委监委"]
ORG_CORES += ["组织部", "村党总支", "锡西联合党委", "商圈党委"]
ORG_HEADS = ["", "", "", "中共", "天河区", "广州市天河区", "海珠区", "广东省", "中共广东省"]
ORG_HEADS += ["蓬江区", "江门市", "猎德村", "西湖区", "中共杭州市西湖区", "浙江省"]
ORGS = sorted({head + core for head in ORG_HEADS for core in ORG_CORES})
PROGRAMS = ["三会一课", "三会一课制度", "红色引擎", "红色引擎工程", "党建引领", "党建引领行动"]
PEOPLE = ["王伟", "李娜", "张伟"]
NAMES = {"PLACE": PLACES, "ORG": ORGS, "PROGRAM": PROGRAMS, "PERSON": PEOPLE}


@st.composite
def entities(draw: st.DrawFn) -> Entity:
    etype = draw(st.sampled_from(["PLACE", "PLACE", "ORG", "ORG", "ORG", "PROGRAM", "PERSON"]))
    name = draw(st.sampled_from(NAMES[etype]))
    aliases = draw(st.lists(st.sampled_from(NAMES[etype]), max_size=2, unique=True))
    return Entity(name, etype, [a for a in aliases if a != name])


@st.composite
def corpora(draw: st.DrawFn) -> list[DocumentRecord]:
    docs = []
    for number in range(draw(st.integers(1, 6))):
        found = draw(st.lists(entities(), max_size=8, unique_by=lambda e: (e.text, e.type)))
        docs.append(DocumentRecord(f"d{number}.txt", found))
    return docs


@st.composite
def decision_files(draw: st.DrawFn) -> Decisions:
    lines = []
    for _ in range(draw(st.integers(0, 3))):
        verdict = draw(st.sampled_from(["same", "not_same"]))
        etype = draw(st.sampled_from(["ORG", "PLACE", "PROGRAM"]))
        names = [draw(st.sampled_from(NAMES[etype])) for _ in range(2)]
        refs = [n + draw(st.sampled_from(["", "", "@d0.txt", "@d1"])) for n in names]
        lines.append("\t".join([verdict, *refs]))
    return Decisions.parse("\n".join(lines))


relaxed = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(corpora())
def test_same_joins_as_the_reference(records: list[DocumentRecord]) -> None:
    assert_same_as_reference(records)


@relaxed
@given(corpora(), decision_files())
def test_same_joins_as_the_reference_with_decisions(
    records: list[DocumentRecord], decisions: Decisions
) -> None:
    assert_same_as_reference(records, decisions)


@relaxed
@given(corpora(), decision_files(), st.randoms(use_true_random=False))
def test_document_and_entity_order_do_not_matter(
    records: list[DocumentRecord], decisions: Decisions, rng: random.Random
) -> None:
    first = resolve_identities(records, decisions, GAZETTEER)
    shuffled = [DocumentRecord(r.doc, rng.sample(r.entities, len(r.entities))) for r in records]
    rng.shuffle(shuffled)
    second = resolve_identities(iter(shuffled), decisions, GAZETTEER)  # streamed
    assert key_by_atom(first) == key_by_atom(second)
    assert first.merges == second.merges and first.blocked == second.blocked
    assert first.warnings == second.warnings
    assert first.context_notes == second.context_notes


def key_by_atom(res: Resolution) -> dict[Atom, tuple[str, str, str]]:
    return {a: (n.type, n.label, n.qualifier) for n in res.nodes for a in n.atoms}


def test_a_join_that_waits_for_another() -> None:
    # 恩平市委 comes first in name order; its two long forms are one node only once
    # 江门市恩平市委 has joined 中共江门市恩平市委 (the 中共 rule): a second pass joins it
    records = [
        DocumentRecord("a.txt", [Entity("恩平市委", "ORG"), Entity("江门市", "PLACE")]),
        DocumentRecord("b.txt", [Entity("中共江门市恩平市委", "ORG")]),
        DocumentRecord("c.txt", [Entity("江门市恩平市委", "ORG")]),
    ]
    res = assert_same_as_reference(records)
    assert len({frozenset(n.atoms) for n in res.nodes if n.type == "ORG"}) == 1
    assert [m.b.name for m in res.merges] == ["江门市恩平市委", "恩平市委"]


# ----------------------------------------------------------------------------- real text


@pytest.fixture(scope="module")
def rule_extractor() -> Extractor:
    return Extractor()


def extract_folder(folder: Path, extractor: Extractor) -> list[DocumentRecord]:
    return [extractor.extract(read_document(p)) for p in sorted(folder.glob("*.txt"))]


def test_sample_corpus_same_as_reference(rule_extractor: Extractor) -> None:
    records = extract_folder(REPO / "examples" / "corpus", rule_extractor)
    assert len(records) >= 5
    assert_same_as_reference(records)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")
def test_seeds_same_as_reference(rule_extractor: Extractor) -> None:
    records = extract_folder(SEEDS, rule_extractor)
    res = assert_same_as_reference(records)
    assert res.merges  # the seeds share organizations and places
