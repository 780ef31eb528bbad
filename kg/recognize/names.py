"""Names from phrase patterns (gazetteer divisions, regions, named organs) and their context."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from ahocorasick_rs import AhoCorasick, Implementation
from spacy.language import Language
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.recognize.base import (
    COMMON_FREQ,
    Candidate,
    candidates,
    common_words,
    doc_text,
    jieba_dictionary,
    positions_inside,
    start_inside_word,
)


class NameRuler:
    """Names from phrase patterns (gazetteer divisions, regions, named organs) as candidates.

    What spaCy's ``PhraseMatcher`` over one token per character finds (every occurrence of
    every pattern, overlapping ones included), found on the document text by an
    Aho-Corasick automaton (``ahocorasick_rs``, a DFA over the thousands of patterns): seven
    times as fast as the matcher, and it needs no tokens, so the extractor's pipeline skips
    building them (:class:`~kg.recognize.CharSegmenter`). The matches go straight into
    :class:`Candidate` tuples. Each pattern is ``{"label", "pattern", "id"}``; the id becomes
    the candidate's rule (a division code, ``region`` or the organ's name).
    """

    def __init__(self, nlp: Language, patterns: Iterable[dict[str, str]]) -> None:
        keys: dict[str, set[tuple[str, str]]] = {}
        for pattern in patterns:
            if pattern["pattern"]:
                keys.setdefault(pattern["pattern"], set()).add((pattern["label"], pattern["id"]))
        self.phrases = list(keys)
        # per phrase, the (label, rule) pairs it stands for (a region may be a division too)
        self.keys = [tuple(sorted(keys[phrase])) for phrase in self.phrases]
        self.automaton = AhoCorasick(self.phrases, implementation=Implementation.DFA)

    def __call__(self, doc: Doc) -> Doc:
        keys = self.keys
        found = {
            Candidate(start, end, label, rule)
            for index, start, end in self.automaton.find_matches_as_indexes(
                doc_text(doc), overlapping=True
            )
            for label, rule in keys[index]
        }
        candidates(doc).extend(sorted(found))
        return doc


_BELOW_COUNTY = ("街道", "镇", "乡", "村", "社区", "街", "小区")


class GazetteerContext:
    """Keep gazetteer and organ hits that are names in this text, not common words.

    Province and city names and every full name (广州市, 白云区) are kept unless the short
    form is a common word in jieba's dictionary (振兴, 资源). A county-level short form
    (白云, 鼓楼) is kept only where the context confirms it: its full name appears in the
    document, or it touches another place name (广州白云江高镇).
    """

    COMMON_FREQ: ClassVar[int] = COMMON_FREQ
    # nz, nt: proper names; not nr, which jieba gives common words too (马鞍, 洪山)
    PROPER_TAGS: ClassVar[frozenset[str]] = frozenset({"nz", "nt"})

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.generic = lexicon.generic_names
        self.regions = lexicon.regions
        self.phrases = lexicon.place_name_phrases
        self.common = common_words()
        self.common_not_proper = frozenset(
            w for w, _, tag in jieba_dictionary() if tag not in self.PROPER_TAGS
        )
        # only division names are remembered: at most the gazetteer's names
        self._known_names: dict[str, tuple[bool, bool, frozenset[str]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        group = candidates(doc)
        text = doc_text(doc)
        places = [c for c in group if c.label == "PLACE"]
        ends: dict[int, list[str]] = {}  # where a place ends → the places ending there
        starts: dict[int, list[str]] = {}  # where a place starts → the places starting there
        for c in places:
            ends.setdefault(c.end, []).append(text[c.start : c.end])
            starts.setdefault(c.start, []).append(text[c.start : c.end])
        named = {text[c.start : c.end] for c in places}
        group[:] = [
            c
            for c in group
            if (c.label == "PLACE" and self._confirmed(c, text, ends, starts, named))
            or (c.label == "ORG" and self._organ_word(c, text))
            or c.label not in {"PLACE", "ORG"}
        ]
        self._drop_crossed(group, text, named)
        # 中山路步行街: the names the grammar found after a place that opens a road's name
        # start with the road
        kept = set(group)
        # 西安大路社区, 平江南里社区: a division's short form dropped where it opens a place the
        # grammar found after it is that place's first word
        inside_kept = positions_inside([(c.start, c.end) for c in group if c.label == "PLACE"])
        opened = {
            c.end: c.start
            for c in places
            if c not in kept
            and c.rule.isdigit()
            and c.end in starts
            and c.start not in inside_kept  # 河西区: 西区 inside it opens nothing
            and self._foreign_short_form(text[c.start : c.end], named)
        }
        if opened:
            group[:] = [
                Candidate(opened[c.start], c.end, c.label, c.rule)
                if c.start in opened and c.label == "PLACE" and c.rule.endswith("_grammar")
                else c
                for c in group
            ]
        roads = {
            c.end: c.start
            for c in places
            if c.rule != "region" and _ROAD_AFTER.match(text, c.end) and c not in kept
        }
        if roads:
            group[:] = [
                Candidate(roads[c.start], c.end, c.label, c.rule)
                if c.start in roads and c.rule.endswith("_grammar")
                else c
                for c in group
            ]
        return doc

    def _drop_crossed(self, group: list[Candidate], text: str, named: set[str]) -> None:
        """景宁|县委: a division (宁县) that starts inside a short form (景宁) whose full name
        the document writes (景宁畲族自治县) is no name there."""
        places = [c for c in group if c.label == "PLACE" and c.rule != "region"]
        crossed: set[Candidate] = set()
        for short in places:
            name = text[short.start : short.end]
            known = self._known(name)
            if known is None or known[2].isdisjoint(named) or name in known[2]:
                continue  # not a short form confirmed by its full name
            crossed.update(c for c in places if short.start < c.start < short.end < c.end)
        if crossed:
            group[:] = [c for c in group if c not in crossed]

    def _organ_word(self, span: Candidate, text: str) -> bool:
        """A named organ is a word of its own: not 民政部 in 民政部门, 团中央 in 集团中央, 县委
        in 团县委 (the Youth League's committee)."""
        return not (
            start_inside_word(text, span.start, self.common)
            or text[span.end - 1 : span.end + 1] in self.common
            or (text[span.start - 1 : span.start] == "团" and span.end - span.start == 2)
            # 中共党员, 中国共产党预备党员: a member's party, said of a person
            or (
                text[span.start : span.end] in ("中共", "中国共产党")
                and text.startswith(("党员", "预备党员"), span.end)
            )
        )

    def _confirmed(
        self,
        span: Candidate,
        text: str,
        ends: dict[int, list[str]],
        starts: dict[int, list[str]],
        named: set[str],
    ) -> bool:
        name = text[span.start : span.end]
        if name in self.generic or text.startswith(self.phrases.get(name, ()), span.end):
            return False  # 中山大学: named after a person, not the city
        if span.rule == "region":
            if start_inside_word(text, span.start, self.common) and span.start not in ends:
                return False  # 节日|本身, 浙江|南部: no region starts inside a word
            if _OPENS_INSTITUTION.match(text, span.end):
                return False  # 江苏江南农村商业银行, 西北工业大学: a word of the name
            return not text.startswith(self.regions.get(name, ()), span.end)
        known = self._known(name)
        if known is None:
            return True
        # right after a place (湖南省|长沙市) a place starts a chain, not 省长; a proper name
        # across its start (组建宁海县: 建宁) is no common word to hold it
        if (
            start_inside_word(text, span.start, self.common_not_proper)
            and span.start not in ends
            # 联合|宜都市: a word that ends where the name starts holds its first character
            # no less than the word across it (合宜)
            and text[max(0, span.start - 2) : span.start] not in self.common
        ):
            return False
        kept, needs_full_name, full_names, upper = known
        if name not in full_names and _ROAD_AFTER.match(text, span.end):
            return False  # 中山路步行街, 南京东路: a road named after a place
        if span.start in ends and self._under(name, ends[span.start]):
            return True
        if kept:
            # 长春市…西安大路社区: a city written short that only opens a place below a county
            return not self._stranger_before_local(name, starts.get(span.end, ()), named)
        if span.start in ends and any(
            upper.endswith(_BELOW_COUNTY) and not self.gazetteer.lookup(upper)
            for upper in ends[span.start]
        ):
            return False  # 友谊路街道|平江南里社区: no county short form after a street
        if span.end in starts:
            # 天津…。平江南里社区: a short form that touches the place after it (平江, Hunan)
            return not self._stranger_before_local(name, starts[span.end], named)
        if upper and _OPENS_INSTITUTION.match(text, span.end):
            return True  # 合肥聚能电物理高技术开发有限公司: a city opening a company's name
        if needs_full_name:
            # the full name is matched by the same ruler wherever it occurs
            return not full_names.isdisjoint(named)
        return True

    def _foreign_short_form(self, name: str, named: set[str]) -> bool:
        """A division's short form whose full name the text does not write (平江 with no
        平江县; not 建瓯市 in 在建瓯市, dropped for the word 在建, nor 方山 of 方山县 in
        落到实处方山…, dropped for 处方)."""
        known = self._known(name)
        return known is not None and name not in known[2] and known[2].isdisjoint(named)

    def _stranger_before_local(self, name: str, after: Iterable[str], named: set[str]) -> bool:
        """A short form whose full name the text does not write, opening a town, village or
        community, that lies in no province or city the text names: no division there."""
        return (
            self._foreign_short_form(name, named)
            and any(place.endswith(_BELOW_COUNTY) for place in after)
            and not self._in_named_region(name, named)
        )

    def _in_named_region(self, name: str, named: set[str]) -> bool:
        """Whether a division called ``name`` lies in a province or city the text names
        (True where it names none)."""
        regions = {
            d.code
            for n in named
            for d in self.gazetteer.lookup(n)
            if d.level in {"province", "city"}  # 广东 as well as 广东省
        }
        return not regions or any(
            division.code in regions
            or any(ancestor.code in regions for ancestor in self.gazetteer.ancestors(division))
            for division in self.gazetteer.lookup(name)
        )

    def _under(self, name: str, uppers: list[str]) -> bool:
        """A short form right after a place is a place of a chain (广州|白云) unless every place
        before it is a division none of whose divisions holds it (临沂|商城物流园: 商城县 is
        in Henan)."""
        above = [self.gazetteer.lookup(upper) for upper in uppers]
        if not all(above):
            # a town, a street …: no division to check against, but a county is never in the
            # chain of a place below it (田林街道|田林十二村: no 田林县 there)
            return not any(
                upper.endswith(_BELOW_COUNTY)
                for upper, divisions in zip(uppers, above, strict=True)
                if not divisions
            )
        codes = {a.code for divisions in above for a in divisions}
        return any(
            ancestor.code in codes
            for division in self.gazetteer.lookup(name)
            for ancestor in self.gazetteer.ancestors(division)
        )

    def _known(self, name: str) -> tuple[bool, bool, frozenset[str], bool] | None:
        """What the name alone decides (remembered: the same names recur): None for no
        division; else whether it is kept anywhere (a full name or a province or city,
        and no common word), whether it needs its full name in the document (a common
        word or a county short form), the full names of its divisions, and whether they
        are all provinces or cities."""
        known = self._known_names.get(name)
        if known is not None:
            return known
        divisions = self.gazetteer.lookup(name)
        if not divisions:
            return None
        common = name in self.common
        kept = not common and (
            any(d.name == name for d in divisions) or divisions[0].level in {"province", "city"}
        )
        needs_full_name = common or any(d.level == "county" for d in divisions)
        full_names = frozenset(d.name for d in divisions)
        upper = all(d.level in {"province", "city"} for d in divisions)
        known = self._known_names[name] = (kept, needs_full_name, full_names, upper)
        return known


_ROAD_AFTER = re.compile(r"[东西南北中]?(?:路|大道|大街)")
# A city's short name that jieba counts as a common word (合肥, 大连, 烟台 …) is still a
# place where it opens the name of a company or an institution: a run of name characters
# (no function word) ending in one of these kinds
_OPENS_INSTITUTION = re.compile(
    r"[^\W\d_的和与及在是为了到从向对把被等]{0,16}?"
    r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|大学|学院|医院|银行|研究院|研究所"
    r"|中学|小学|商会|协会|支行|分行|农商行|商城)"
)


def gazetteer_patterns(gazetteer: Gazetteer, lexicon: Lexicon) -> Iterable[dict[str, str]]:
    for name, divisions in gazetteer.names().items():
        yield {"label": "PLACE", "pattern": name, "id": divisions[0].code}
    for name in lexicon.regions:
        yield {"label": "PLACE", "pattern": name, "id": "region"}
        # 鲁西南地区, 华南地区: the region written with its kind is one name
        yield {"label": "PLACE", "pattern": name + "地区", "id": "region"}


def organ_patterns(lexicon: Lexicon) -> Iterable[dict[str, str]]:
    for organ in lexicon.organs:
        for name in (organ.name, *organ.aliases):
            yield {"label": organ.type, "pattern": name, "id": organ.name}
