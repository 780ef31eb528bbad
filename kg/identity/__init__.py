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
   a node of that long form exists (else of that form after its enclosing divisions:
   区委 of 天河区 → 中共广州市天河区委). Without one it is still named by that form (the
   node of ``省委`` in an article about 广东省 is ``广东省委``), or stays a node of its own
   document where the place is not unique; :attr:`Resolution.context_notes` says which.
6. ``place_prefix``: a name joins the one longer name made of a place and that name
   (南区联合党委 → 天河区南区联合党委; 中共 before a name counts as nothing), when the
   place belongs to the context of the short name's document (it is named there, or it
   lies within a division named there).
7. ``program_kind``: a program joins the one program made of its name and a kind word
   (三会一课 → 三会一课制度).

Joins 4 to 7 need a unique partner (all partners in one node), and are tried again until
nothing more joins, so that a join waiting for another is made whatever the order.
``not_same`` decisions block any join that would put their two names in one node;
blocked joins are logged too.

The package: :mod:`~kg.identity.atoms` (atoms, joins, nodes, generic names),
:mod:`~kg.identity.decisions` (the decisions file), :mod:`~kg.identity.places`
(divisions and each document's places), :mod:`~kg.identity.indexes` (union-find with
name indexes: every look-up costs the nodes it finds, not the atoms, so resolution is
linear in the corpus), :mod:`~kg.identity.rules` (the resolver),
:mod:`~kg.identity.resolution` (the result) and :mod:`~kg.identity.report` (its part of
the build report). Documents are read once, as a stream, and the result does not depend
on their order.

Places form one hierarchy: every division node is ``dj:locatedIn`` its parent division
(``parent_of``), up to the province, so that ``dj:locatedIn+`` reaches it from towns,
villages and organizations whose documents link them to a county or city.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from kg.gazetteer import Gazetteer
from kg.identity.atoms import (
    GAZETTEER_DOC,
    LEVEL_WORDS,
    RULES,
    ZHONGGONG,
    Atom,
    ContextNote,
    MergeRecord,
    Node,
    is_generic,
    level_word,
)
from kg.identity.decisions import Decision, Decisions, DecisionsError, NameRef
from kg.identity.places import DocContext, resolve_divisions, split_chain
from kg.identity.resolution import Resolution
from kg.identity.rules import Resolver
from kg.records import DocumentRecord

__all__ = [
    "GAZETTEER_DOC",
    "LEVEL_WORDS",
    "RULES",
    "ZHONGGONG",
    "Atom",
    "ContextNote",
    "Decision",
    "Decisions",
    "DecisionsError",
    "DocContext",
    "MergeRecord",
    "NameRef",
    "Node",
    "Resolution",
    "is_generic",
    "level_word",
    "resolve_divisions",
    "resolve_identities",
    "split_chain",
]


def resolve_identities(
    records: Iterable[DocumentRecord],
    decisions: Decisions | None = None,
    gazetteer: Gazetteer | None = None,
) -> Resolution:
    """Join the entities of all records into nodes (see the package docstring).

    ``records`` may be any iterable (a generator reading records one at a time): only
    each document's atoms and place context are kept.
    """
    # Resolution makes millions of small objects and no reference cycles: the cyclic
    # garbage collector would only rescan them (a quarter of the time at 5,000 documents).
    collecting = gc.isenabled()
    gc.disable()
    try:
        resolver = Resolver(records, decisions or Decisions(), gazetteer or Gazetteer.load())
        return resolver.run()
    finally:
        if collecting:
            gc.enable()
