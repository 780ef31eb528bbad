"""Short forms of organization names: 固始县高级中学 is also written 固始高中.

News shortens an organization's kind (高级中学 → 高中, 人民检察院 → 检察院, the kinds of
``extract/org_short_kinds.tsv``) and the place that opens its name (固始县 → 固始, the
gazetteer's short form); a Youth League committee drops the places above its own level
(共青团重庆市渝北区委 → 共青团渝北区委). The recognize stage takes such a form as a name
where a document writes it beside the full name; the resolve stage makes it an alias of the
full name.
"""

from __future__ import annotations

from functools import lru_cache

from kg.gazetteer import Gazetteer, short_form
from kg.lexicon import table

MIN_LENGTH = 4  # 高中 or 政府 alone, or with one character before it, names nothing
YOUTH_LEAGUE = "共青团"
LEVEL_COMMITTEE_ENDS = ("省委", "市委", "区委", "县委", "州委")


@lru_cache(maxsize=1)
def shorter_kinds() -> dict[str, tuple[str, ...]]:
    """Each kind of ``extract/org_short_kinds.tsv`` and its shorter kinds, longest kind
    first."""
    rows = {row[0]: tuple(row[1].split()) for row in table("org_short_kinds.tsv") if len(row) > 1}
    return dict(sorted(rows.items(), key=lambda item: -len(item[0])))


def _closing_place(prefix: str, gazetteer: Gazetteer) -> str | None:
    """The longest division name that ends ``prefix`` (固始县 in 河南省信阳市固始县; 安吉县,
    not 吉县, in 湖州市安吉县)."""
    for start in range(len(prefix) - 1):
        tail = prefix[start:]
        if any(d.name == tail for d in gazetteer.lookup(tail)):
            return tail
    return None


@lru_cache(maxsize=1 << 16)  # the recognizer and resolve ask for the same names
def org_short_forms(name: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The short forms of an organization's name, in a fixed order: its kind shortened,
    and the place before the kind cut to its own level and to its short name
    (河南省信阳市固始县高级中学 → …, 固始县高中, 固始高中, 固始高级中学). Empty where the
    name ends in no kind of the list or nothing stands before the kind."""
    if name.startswith(YOUTH_LEAGUE) and name.endswith(LEVEL_COMMITTEE_ENDS):
        # 共青团重庆市渝北区委 → 共青团渝北区委: the League's committee of its own level
        place = _closing_place(name[len(YOUTH_LEAGUE) : -1], gazetteer)
        form = YOUTH_LEAGUE + place + "委" if place is not None else name
        return (form,) if form != name else ()
    kinds = shorter_kinds()
    kind = next((k for k in kinds if name.endswith(k) and len(name) > len(k)), None)
    if kind is None:
        return ()
    prefix = name[: -len(kind)]
    prefixes = [prefix]
    place = _closing_place(prefix, gazetteer)
    if place is not None:
        prefixes += [place, short_form(place)]
    forms = [p + k for p in dict.fromkeys(prefixes) for k in (kind, *kinds[kind])]
    return tuple(f for f in dict.fromkeys(forms) if f != name and len(f) >= MIN_LENGTH)
