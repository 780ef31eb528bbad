"""Evaluation stage: compare predicted graphs with gold annotations, per document.

Matching follows the annotation guidelines: each document is a set of entities, a set of
relation triples and a set of quantities (duplicates removed). Names are compared after
normalization (NFKC, quotation and book-title marks and whitespace removed).

* Entities match per type when their name sets ({text} ∪ aliases) intersect, one to one
  (exact text matches first, then a maximum matching over the alias links).
* Relation heads and tails, and quantity subjects, are resolved to an entity identity: the
  canonical text of the gold entity bearing that name, else of the predicted entity bearing
  it (through its other names), else the normalized name itself. ``paired_with`` is
  symmetric, the tail of ``awarded`` is a plain string, and the ``post`` of ``holds_post`` is
  scored apart as ``post_accuracy``.
* Quantities are (subject, measure, value) with values rounded to 6 significant digits.

Scores are summed over documents (micro average), per label and overall.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from kg.records import ENTITY_TYPES, MEASURES, RELATION_TYPES

GOLD_SUFFIX = ".gold.json"
PRED_SUFFIX = ".json"
SYMMETRIC_RELATIONS = frozenset({"paired_with"})
STRING_TAIL_RELATIONS = frozenset({"awarded"})
_MARKS = re.compile(r"[“”‘’\"'《》〈〉「」『』\s]+")

Key = tuple[Any, ...]


@dataclass
class Score:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "tp": self.tp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _scores(labels: Iterable[str]) -> dict[str, Score]:
    return {label: Score() for label in labels}


@dataclass
class EvaluationReport:
    """Scores per entity type, relation and measure, summed over the evaluated documents."""

    entities: dict[str, Score] = field(default_factory=lambda: _scores(ENTITY_TYPES))
    relations: dict[str, Score] = field(default_factory=lambda: _scores(RELATION_TYPES))
    quantities: dict[str, Score] = field(default_factory=lambda: _scores(MEASURES))
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)
    post_correct: int = 0  # matched holds_post whose post agrees with the gold post
    post_total: int = 0  # matched holds_post

    @property
    def entity_overall(self) -> Score:
        return sum(self.entities.values(), Score())

    @property
    def relation_overall(self) -> Score:
        return sum(self.relations.values(), Score())

    @property
    def quantity_overall(self) -> Score:
        return sum(self.quantities.values(), Score())

    @property
    def post_accuracy(self) -> float:
        return self.post_correct / self.post_total if self.post_total else 0.0

    def groups(self) -> dict[str, tuple[dict[str, Score], Score]]:
        """Each group's per-label scores and its micro-averaged overall score."""
        return {
            "entities": (self.entities, self.entity_overall),
            "relations": (self.relations, self.relation_overall),
            "quantities": (self.quantities, self.quantity_overall),
        }

    def merge(self, other: EvaluationReport) -> EvaluationReport:
        """The sum of two reports (counts added label by label)."""

        def add(a: dict[str, Score], b: dict[str, Score]) -> dict[str, Score]:
            return {k: a.get(k, Score()) + b.get(k, Score()) for k in {**a, **b}}

        return EvaluationReport(
            entities=add(self.entities, other.entities),
            relations=add(self.relations, other.relations),
            quantities=add(self.quantities, other.quantities),
            documents=self.documents + other.documents,
            missing_predictions=self.missing_predictions + other.missing_predictions,
            post_correct=self.post_correct + other.post_correct,
            post_total=self.post_total + other.post_total,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents}
        for name, (scores, overall) in self.groups().items():
            out[name] = {label: s.to_json() for label, s in scores.items()}
            out[name]["overall"] = overall.to_json()
        out["post_accuracy"] = round(self.post_accuracy, 4)
        out["missing_predictions"] = list(self.missing_predictions)
        return out


def normalize(name: Any) -> str:
    """NFKC, then quotation/book-title marks and all whitespace removed."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", str(name or "")))


# --------------------------------------------------------------------------- loading


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: malformed JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def _stem(path: Path, suffix: str) -> str:
    return path.name[: -len(suffix)]


def load_annotations(folder: Path, suffix: str) -> dict[str, dict]:
    """All ``*{suffix}`` files of a folder, keyed by document stem (name minus suffix)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"not a directory: {folder}")
    return {_stem(p, suffix): _load(p) for p in sorted(folder.iterdir()) if p.name.endswith(suffix)}


# --------------------------------------------------------------------------- matching


@dataclass
class _Entity:
    text: str  # normalized canonical text
    names: set[str]  # normalized text and aliases


def _entities(doc: Mapping[str, Any]) -> dict[str, list[_Entity]]:
    """Entities by type, merged when type and normalized text coincide."""
    merged: dict[tuple[str, str], _Entity] = {}
    for e in doc.get("entities") or []:
        text = normalize(e.get("text"))
        if not text:
            continue
        names = {text} | {normalize(a) for a in e.get("aliases") or []} - {""}
        merged.setdefault((str(e.get("type")), text), _Entity(text, set())).names |= names
    by_type: dict[str, list[_Entity]] = {}
    for (etype, _), ent in merged.items():
        by_type.setdefault(etype, []).append(ent)
    return by_type


def _match(gold: list[_Entity], pred: list[_Entity]) -> int:
    """Size of a one-to-one matching: exact texts first, then augmenting paths over aliases."""
    links = [[g for g, ge in enumerate(gold) if pe.names & ge.names] for pe in pred]
    owner: dict[int, int] = {}  # gold index -> pred index
    gold_index = {ge.text: g for g, ge in enumerate(gold)}
    for p, pe in enumerate(pred):
        if pe.text in gold_index:
            owner[gold_index[pe.text]] = p

    def augment(p: int, seen: set[int]) -> bool:
        for g in links[p]:
            if g not in seen:
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = p
                    return True
        return False

    matched = set(owner.values())
    for p in range(len(pred)):
        if p not in matched:
            augment(p, set())
    return len(owner)


def _name_map(entities: dict[str, list[_Entity]]) -> dict[str, list[str]]:
    """Normalized name -> names of the entity bearing it (canonical first; texts win)."""
    out: dict[str, list[str]] = {}
    flat = [e for ents in entities.values() for e in ents]
    for e in flat:
        out.setdefault(e.text, [e.text, *sorted(e.names - {e.text})])
    for e in flat:
        for n in sorted(e.names):
            out.setdefault(n, [e.text, *sorted(e.names - {e.text})])
    return out


class _Resolver:
    """Maps a name to an entity identity: via gold names, else via the document's own."""

    def __init__(self, gold: dict[str, list[str]], own: dict[str, list[str]]) -> None:
        self.gold, self.own = gold, own

    def __call__(self, name: Any) -> str:
        n = normalize(name)
        if n in self.gold:
            return self.gold[n][0]
        for m in self.own.get(n, ()):
            if m in self.gold:
                return self.gold[m][0]
        return self.own[n][0] if n in self.own else n


def _value(value: Any) -> Any:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return normalize(value)
    return float(f"{v:.6g}") if math.isfinite(v) else str(v)


def _relations(doc: Mapping[str, Any], resolve: _Resolver) -> dict[Key, set[str]]:
    """Relation keys (head, relation, tail) -> the normalized posts stated with them."""
    out: dict[Key, set[str]] = {}
    for r in doc.get("relations") or []:
        rel = str(r.get("relation"))
        head = resolve(r.get("head"))
        tail = normalize(r.get("tail")) if rel in STRING_TAIL_RELATIONS else resolve(r.get("tail"))
        if rel in SYMMETRIC_RELATIONS:
            head, tail = sorted((head, tail))
        posts = out.setdefault((head, rel, tail), set())
        if r.get("post"):
            posts.add(normalize(r["post"]))
    return out


def _quantities(doc: Mapping[str, Any], resolve: _Resolver) -> set[Key]:
    return {
        (resolve(q.get("subject")), str(q.get("measure")), _value(q.get("value")))
        for q in doc.get("quantities") or []
    }


def _post_agrees(gold: set[str], pred: set[str]) -> bool:
    """Posts agree when equal (also both absent) or one contains the other."""
    return gold == pred or any(g in p or p in g for g in gold for p in pred)


def _count(scores: dict[str, Score], gold: set[Key], pred: set[Key]) -> None:
    """Add set-overlap counts per label; the label is the middle of each key."""
    for label in {k[1] for k in gold | pred}:
        g, p = {k for k in gold if k[1] == label}, {k for k in pred if k[1] == label}
        scores[label] = scores.get(label, Score()) + Score(len(g & p), len(p - g), len(g - p))


def evaluate_documents(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> EvaluationReport:
    """Score one predicted document against its gold document."""
    report = EvaluationReport(documents=1)
    gold_ents, pred_ents = _entities(gold), _entities(pred)
    for etype in gold_ents.keys() | pred_ents.keys():
        g, p = gold_ents.get(etype, []), pred_ents.get(etype, [])
        tp = _match(g, p)
        report.entities[etype] = Score(tp, len(p) - tp, len(g) - tp)

    gold_names = _name_map(gold_ents)
    gold_resolve = _Resolver(gold_names, {})
    pred_resolve = _Resolver(gold_names, _name_map(pred_ents))
    gold_rel, pred_rel = _relations(gold, gold_resolve), _relations(pred, pred_resolve)
    _count(report.relations, set(gold_rel), set(pred_rel))
    for key in gold_rel.keys() & pred_rel.keys():
        if key[1] == "holds_post":
            report.post_total += 1
            report.post_correct += _post_agrees(gold_rel[key], pred_rel[key])

    _count(report.quantities, _quantities(gold, gold_resolve), _quantities(pred, pred_resolve))
    return report


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> EvaluationReport:
    """Score every ``X.gold.json`` of gold_dir against the record of its document in
    pred_dir: ``DOC.json`` where DOC is the gold's ``doc`` (``X.txt`` → ``X.txt.json``, as
    ``kg extract`` names records), else ``X.json`` or ``X.gold.json``. Gold documents
    without a prediction count as all false negatives."""
    gold = load_annotations(Path(gold_dir), GOLD_SUFFIX)
    pred_dir = Path(pred_dir)
    if not pred_dir.is_dir():
        raise FileNotFoundError(f"not a directory: {pred_dir}")
    report = EvaluationReport()
    for stem, gold_doc in gold.items():
        path = _prediction(pred_dir, stem, gold_doc)
        if path is not None:
            report = report.merge(evaluate_documents(gold_doc, _load(path)))
        else:
            missing = evaluate_documents(gold_doc, {})
            missing.missing_predictions.append(stem)
            report = report.merge(missing)
    return report


def _prediction(pred_dir: Path, stem: str, gold_doc: Mapping[str, Any]) -> Path | None:
    doc = gold_doc.get("doc")
    inside = isinstance(doc, str) and doc and ".." not in Path(doc).parts
    names = [f"{doc}{PRED_SUFFIX}"] if inside and not Path(doc).is_absolute() else []
    names += [f"{stem}{PRED_SUFFIX}", f"{stem}{GOLD_SUFFIX}"]
    return next((pred_dir / n for n in names if (pred_dir / n).is_file()), None)


# --------------------------------------------------------------------------- display


def render_table(report: EvaluationReport) -> Table:
    """A rich table: one row per label and one overall row per group."""
    table = Table(title=f"Evaluation over {report.documents} document(s)")
    for col in ("group", "label"):
        table.add_column(col)
    for col in ("gold", "pred", "tp", "P", "R", "F1"):
        table.add_column(col, justify="right")
    for name, (scores, overall) in report.groups().items():
        rows = [*scores.items(), ("overall", overall)]
        for i, (label, s) in enumerate(rows):
            style = "bold" if label == "overall" else ("dim" if not s.gold + s.pred else None)
            table.add_row(
                name if i == 0 else "",
                label,
                *(str(n) for n in (s.gold, s.pred, s.tp)),
                *(f"{x:.3f}" for x in (s.precision, s.recall, s.f1)),
                style=style,
                end_section=label == "overall",
            )
    caption = f"holds_post post accuracy: {report.post_accuracy:.3f} ({report.post_correct}/"
    caption += f"{report.post_total} matched)"
    if report.missing_predictions:
        caption += f"; missing predictions: {', '.join(report.missing_predictions)}"
    table.caption = caption
    return table
