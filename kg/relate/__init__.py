"""Relate stage: relations of the closed set between entity mentions.

Plain functions in the textacy style, each taking the recognized document and yielding
:class:`~kg.records.Relation` records with surface names (the resolve stage maps them to
canonical names), one module per family:

* :mod:`kg.relate.nesting`: located_in and sub_organization_of read off long names
  (天河区委组织部 → 天河区委 → 天河区) and off written place chains (清远英德市连江口镇);
* :mod:`kg.relate.posts`: holds_post from ``ORG + post + PERSON`` (石马村党支部书记马景刚)
  and bylines, with :mod:`kg.relate.appointments` for appointments (甲担任乙书记), first
  secretaries sent to villages and teams' heads;
* :mod:`kg.relate.cues`: the other relations from cue words of ``extract/relation_cues.tsv``
  standing between two entities of the right types within one sentence, by family:
  :mod:`~kg.relate.programs` (implements, part_of_program), :mod:`~kg.relate.organizations`
  (established, paired_with), :mod:`~kg.relate.management` (manages, sub_organization_of)
  and :mod:`~kg.relate.awards` (awarded);
* :mod:`kg.relate.actor`: the document's implied actor and the subject a paragraph carries on.
"""

from __future__ import annotations

from functools import lru_cache

from kg.records import RecognizedDocument, Relation
from kg.relate.actor import implied_actor
from kg.relate.awards import honor_roll
from kg.relate.common import ACTOR_TYPES, SentenceView, _evidence, sentence_views
from kg.relate.cues import CueMatcher
from kg.relate.nesting import nesting_relations
from kg.relate.posts import INNER_BODIES, post_pattern, post_relations

__all__ = [
    "ACTOR_TYPES",
    "INNER_BODIES",
    "CueMatcher",
    "SentenceView",
    "_evidence",
    "implied_actor",
    "nesting_relations",
    "post_pattern",
    "post_relations",
    "relate",
    "sentence_views",
]


@lru_cache(maxsize=1)
def _cue_matcher() -> CueMatcher:
    return CueMatcher()


def relate(
    rec: RecognizedDocument, actor: str | None, views: list[SentenceView] | None = None
) -> list[Relation]:
    """All relations of one document, duplicates (same triple and sentence) removed."""
    views = views if views is not None else sentence_views(rec)
    seen: set[tuple[str, str, str, int]] = set()
    out: list[Relation] = []
    for rel in (
        *nesting_relations(rec, views),
        *post_relations(rec, views),
        *honor_roll(views, rec.source.text),
        *_cue_matcher()(rec, actor, views),
    ):
        key = (rel.head, rel.relation, rel.tail, rel.sentence.index)
        if rel.head == rel.tail or key in seen:
            continue
        seen.add(key)
        out.append(rel)
    return out
