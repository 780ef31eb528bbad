"""sub_organization_of and manages stated between two organizations by a copula or a
preposition rather than a cue word before the child: 甲是乙的下属支部, 甲的上级党组织是乙,
甲归口乙管理, 乙对甲实行统一管理."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from kg.records import Relation
from kg.relate.common import SentenceView, _evidence

_MANAGING = r"(?:实行|进行|实施)?(?:统一|直接|集中)?(?:管理|领导)"
# the gap between two names, what follows the second, the relation, whether the first heads it
_LINKS: tuple[tuple[re.Pattern[str], re.Pattern[str], str, bool], ...] = (
    (re.compile(r"是"), re.compile(r"的(?:下属|所属|直属)"), "sub_organization_of", True),
    (re.compile(r"的上级党组织(?:是|为)"), re.compile(""), "sub_organization_of", True),
    (re.compile(r"归口"), re.compile(_MANAGING), "manages", False),
    (re.compile(r"对"), re.compile(_MANAGING), "manages", True),
)


def stated_links(view: SentenceView, text: str) -> Iterator[Relation]:
    """甲是乙的下属支部 and 甲的上级党组织是乙: 甲 sub_organization_of 乙; 甲归口乙管理: 乙
    manages 甲; 乙对甲实行统一管理: 乙 manages 甲."""
    orgs = [m for m in view.mentions if m.type == "ORG"]
    for first, second in pairwise(orgs):
        for gap, after, relation, first_heads in _LINKS:
            if gap.fullmatch(text, first.end, second.start) and after.match(text, second.end):
                head, tail = (first, second) if first_heads else (second, first)
                yield Relation(
                    head.text,
                    relation,
                    tail.text,
                    _evidence(text, first.start, second.end, view.sentence),
                    view.sentence,
                    f"stated:{gap.pattern}",
                )
                break
