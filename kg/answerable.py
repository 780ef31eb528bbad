"""How many gold relations a built graph answers through SPARQL.

A gold relation (head, relation, tail) of a ``*.gold.json`` file is *answerable* when one
SPARQL pattern over the graph finds it: the property of the relation (``?h dj:implements
?t``, ``?h org:subOrganizationOf ?t``, ``?p org:holds/org:postIn ?o``, ``?h dj:awarded
"honor"`` …) between a node bearing one of the head's names and a node bearing one of the
tail's names. A node's names are its ``rdfs:label`` and ``skos:altLabel``; a gold name is
its text and the aliases of the gold entity that bears it in the same document, all
compared after :func:`kg.evaluate.normalize`, as ``kg evaluate`` compares them. Implied
facts (``dj:ImplicitAssertion``) are triples like the others and count.

One query per relation type fetches every (head name, tail name) pair of its property;
the gold relations are then looked up in these sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.api import KnowledgeGraph
from kg.evaluate import (
    GOLD_SUFFIX,
    STRING_TAIL_RELATIONS,
    SYMMETRIC_RELATIONS,
    load_annotations,
    normalize,
)
from kg.graph import RELATIONS as GRAPH_RELATIONS

NAMES = "(rdfs:label|skos:altLabel)"

# The SPARQL path from a head node to its tail, per relation of the records: the graph's
# own predicates (kg.graph.RELATIONS); a post is held through its org:Post.
RELATION_PATHS: dict[str, str] = {
    relation: f"<{spec.predicate}>" + ("/org:postIn" if relation == "holds_post" else "")
    for relation, spec in GRAPH_RELATIONS.items()
}


@dataclass(frozen=True)
class GoldRelation:
    """One gold relation with every name its head and tail go by in its document."""

    doc: str
    head: str
    relation: str
    tail: str
    head_names: frozenset[str]
    tail_names: frozenset[str]

    def __str__(self) -> str:
        return f"{self.doc}: {self.head} {self.relation} {self.tail}"


@dataclass
class Answerability:
    """Gold relations found in the graph, per relation type, and the ones missed."""

    total: dict[str, int] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)
    misses: list[GoldRelation] = field(default_factory=list)

    @property
    def share(self) -> float:
        total = sum(self.total.values())
        return sum(self.answered.values()) / total if total else 0.0

    def summary(self) -> str:
        """One line overall, one per relation type, then every miss."""
        lines = [
            f"answerable: {sum(self.answered.values())}/{sum(self.total.values())}"
            f" = {self.share:.3f}"
        ]
        for rel in sorted(self.total, key=lambda r: -self.total[r]):
            got, total = self.answered.get(rel, 0), self.total[rel]
            lines.append(f"  {rel:<20} {got:>4}/{total:<4} misses {total - got}")
        lines.extend(f"  miss {m}" for m in self.misses)
        return "\n".join(lines)


def _entity_names(doc: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """Normalized name -> all normalized names of the gold entities bearing it."""
    out: dict[str, frozenset[str]] = {}
    for entity in doc.get("entities") or []:
        names = {normalize(entity.get("text"))}
        names |= {normalize(a) for a in entity.get("aliases") or []}
        names.discard("")
        for name in names:
            out[name] = out.get(name, frozenset()) | names
    return out


def gold_relations(gold_dirs: Iterable[Path]) -> list[GoldRelation]:
    """Every relation of the ``*.gold.json`` files of ``gold_dirs``, duplicates removed."""
    found: dict[tuple[str, str, str, str], GoldRelation] = {}
    for folder in gold_dirs:
        for doc in load_annotations(Path(folder), GOLD_SUFFIX).values():
            names = _entity_names(doc)
            for r in doc.get("relations") or []:
                rel = str(r.get("relation"))
                head, tail = normalize(r.get("head")), normalize(r.get("tail"))
                tail_names = (
                    frozenset({tail})
                    if rel in STRING_TAIL_RELATIONS
                    else names.get(tail, frozenset({tail}))
                )
                key = (str(doc.get("doc")), head, rel, tail)
                found.setdefault(
                    key,
                    GoldRelation(
                        key[0], head, rel, tail, names.get(head, frozenset({head})), tail_names
                    ),
                )
    return list(found.values())


def graph_pairs(kg: KnowledgeGraph, relation: str) -> set[tuple[str, str]]:
    """Every (head name, tail name) pair the graph states for ``relation``, by SPARQL."""
    path = RELATION_PATHS[relation]
    if relation in STRING_TAIL_RELATIONS:
        sparql = f"SELECT DISTINCT ?hn ?tn WHERE {{ ?h {path} ?tn . ?h {NAMES} ?hn }}"
    else:
        sparql = (
            f"SELECT DISTINCT ?hn ?tn WHERE {{ ?h {path} ?t . ?h {NAMES} ?hn . ?t {NAMES} ?tn }}"
        )
    frame = kg.query(sparql)
    if frame.empty:
        return set()
    pairs = {(normalize(h), normalize(t)) for h, t in zip(frame["hn"], frame["tn"], strict=True)}
    if relation in SYMMETRIC_RELATIONS:
        pairs |= {(t, h) for h, t in pairs}
    return pairs


def answerability(kg: KnowledgeGraph, relations: Iterable[GoldRelation]) -> Answerability:
    """Which of ``relations`` the graph answers (see the module's docstring)."""
    report = Answerability()
    pairs: dict[str, set[tuple[str, str]]] = {}
    for gold in relations:
        rel = gold.relation
        report.total[rel] = report.total.get(rel, 0) + 1
        if rel not in RELATION_PATHS:
            report.misses.append(gold)
            continue
        if rel not in pairs:
            pairs[rel] = graph_pairs(kg, rel)
        stated = pairs[rel]
        if any((h, t) in stated for h in gold.head_names for t in gold.tail_names):
            report.answered[rel] = report.answered.get(rel, 0) + 1
        else:
            report.misses.append(gold)
    return report
