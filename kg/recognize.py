"""Recognize stage: entity mentions (ORG, PERSON, PROGRAM, PLACE) as a spaCy pipeline.

The pipeline is spaCy's ``zh`` language with one token per character
(:class:`CharSegmenter`), followed by small components in the spaCy style
(``__call__(doc) -> doc``), each adding :class:`Candidate` names to the document:

* ``dj_names``: :class:`NameRuler`, a spaCy ``PhraseMatcher`` with phrase patterns for
  the administrative divisions of the gazetteer, the regions of ``extract/regions.txt``
  and the named organs of ``extract/organs.txt`` (what ``SpanRuler`` does, without a
  ``Span`` object per hit);
* ``dj_places``: :class:`PlaceNameGrammar`, names before a place suffix (镇, 村, 社区 …);
* ``dj_gazetteer_context``: :class:`GazetteerContext`, drops division names that are
  common words here (振兴, 资源) or unconfirmed county short forms;
* ``dj_orgs``: :class:`OrgNameGrammar`, place chain + body + organizational suffix, and
  generic references (村党总支) for the resolve stage;
* ``dj_programs``: :class:`ProgramRules`, quoted and book-title names, and names ending
  in a program kind word (工程, 行动, 机制 …);
* ``dj_persons``: :class:`PersonRules`, surname + given name next to a post, a title, a
  speech verb, in a byline or a photo credit, or recurring in the document;
* ``dj_outlets``: :class:`OutletRules`, the outlet of a ``来源：`` line;
* ``dj_merge``: :class:`EntityMerger`, keeps the longest non-overlapping candidates as
  ``doc.ents`` and the places and parent organizations nested inside them.

All rules run on the document text with compiled regular expressions and set look-ups;
the word lists they use are the plain files under ``extract/``. Patterns that scan the
whole text start with a plain character or a character class (never a look-around), so
that Python's ``re`` skips the positions where nothing can start at C speed;
``tests/test_fast_paths.py`` holds each such pattern to its plainer equivalent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, NamedTuple

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon, load_lexicon
from kg.lexicon import alternation as alternation_re
from kg.model_ner import ModelEntityRecognizer, merge_mentions
from kg.records import Mention, NestedMention, RecognizedDocument, Sentence, SourceDocument

CANDIDATES = "dj_candidates"
NESTED = "dj_nested"
MEASURE_WORDS = frozenset("个名家所支位项条批栋座户人次件起场年月天")
DIGITS = frozenset("0123456789多余一两几")
QUOTE_MARKS = "“”‘’\"'「」『』《》〈〉"
_OPEN_TO_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"'}


def is_name_char(ch: str) -> bool:
    """CJK ideographs and ASCII letters can be part of a name (digits cannot: 6起, 13个)."""
    return "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalpha())


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class NameScanner:
    """Finds the left edge of a name that ends at a given position.

    Scanning goes left over name characters and stops before any boundary word of
    ``extract/boundary_words.txt`` (a verb or function word cannot be part of a name),
    before non-name characters, at a barrier position (where another entity ends) or
    after ``max_len`` characters.
    """

    def __init__(self, lexicon: Lexicon, inside: frozenset[str] = frozenset()) -> None:
        cues = {
            cue
            for relation in ("implements", "established")
            for cue in lexicon.relation_cues[relation]
            if len(cue) > 1
        }
        self.boundaries = (lexicon.boundary_words - inside) | cues
        self.protected = lexicon.name_words
        self.nominal = _nominal_words()
        lengths: dict[str, set[int]] = {}
        for word in self.boundaries:
            lengths.setdefault(word[-1], set()).add(len(word))
        # lengths of the boundary words ending in each character, longest first
        self.lengths_by_last = {ch: sorted(ns, reverse=True) for ch, ns in lengths.items()}
        self.last_chars = frozenset(lengths)

    def boundary_ending_at(self, text: str, pos: int, floor: int = 0) -> int:
        """Length of the longest boundary word ending at ``pos`` (0 if none)."""
        if pos == 0 or text[pos - 1] not in self.last_chars:
            return 0
        for n in self.lengths_by_last[text[pos - 1]]:
            if pos - n >= floor and text[pos - n : pos] in self.boundaries:
                if n == 1 and text[pos - 1 : pos + 1] in self.protected:
                    continue
                # 党组织 is not 党 + 组织, 就业 is not 就 + 业: a boundary word inside a
                # common word is no boundary
                if pos - n - 1 >= 0 and text[pos - n - 1 : pos] in self.nominal:
                    continue
                if n == 1 and text[pos - 1 : pos + 1] in self.nominal:
                    continue
                return n
        return 0

    def left_edge(
        self,
        text: str,
        end: int,
        max_len: int,
        barriers: frozenset[int] | set[int] = frozenset(),
        min_len: int = 0,
    ) -> int:
        start = end
        limit = max(0, end - max_len)
        last_chars = self.last_chars
        while start > limit:
            if start != end and start in barriers:
                break
            ch = text[start - 1]
            if ch in last_chars:  # the first test of boundary_ending_at, inlined: a hot loop
                found = self.boundary_ending_at(text, start, limit)
                # 和 right before a one-character place name is part of the name (太和镇)
                if found > 1 or (found == 1 and (end - start >= min_len or ch not in "和与")):
                    break
            if not ("\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalpha())):
                break  # not is_name_char(ch)
            if ch in MEASURE_WORDS and start >= 2 and text[start - 2] in DIGITS:
                break
            start -= 1
        return start


class Candidate(NamedTuple):
    """A candidate name: character span, entity label and the rule that found it."""

    start: int
    end: int
    label: str
    rule: str


def doc_text(doc: Doc) -> str:
    """The document text, built once: spaCy rebuilds ``doc.text`` from every token."""
    text = doc.user_data.get("dj_text")
    if text is None:
        text = doc.user_data["dj_text"] = doc.text
    return text


def _add(doc: Doc, start: int, end: int, label: str, rule: str) -> None:
    if start < end:
        candidates(doc).append(Candidate(start, end, label, rule))


def candidates(doc: Doc) -> list[Candidate]:
    """The candidate names found so far, as plain tuples (Span objects are costly)."""
    found = doc.user_data.get(CANDIDATES)
    if found is None:
        found = doc.user_data[CANDIDATES] = []
    return found


class NameRuler:
    """Names from phrase patterns (gazetteer divisions, regions, named organs) as candidates.

    A spaCy ``PhraseMatcher`` over the character tokens, like ``SpanRuler`` with phrase
    patterns, but its matches go straight into :class:`Candidate` tuples: one token per
    character, so token offsets are character offsets, and no ``Span`` is built for each of
    the thousands of hits per megabyte. Each pattern is ``{"label", "pattern", "id"}``; the
    id becomes the candidate's rule (a division code, ``region`` or the organ's name).
    """

    def __init__(self, nlp: Language, patterns: Iterable[dict[str, str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.keys: dict[int, tuple[str, str]] = {}
        phrases: dict[tuple[str, str], list[str]] = {}
        for pattern in patterns:
            phrases.setdefault((pattern["label"], pattern["id"]), []).append(pattern["pattern"])
        for (label, rule), texts in phrases.items():
            key = f"{label}\t{rule}"
            self.keys[nlp.vocab.strings.add(key)] = (label, rule)
            self.matcher.add(key, [nlp.make_doc(t) for t in dict.fromkeys(texts)])

    def __call__(self, doc: Doc) -> Doc:
        keys = self.keys
        found = {Candidate(start, end, *keys[key]) for key, start, end in self.matcher(doc)}
        candidates(doc).extend(sorted(found))
        return doc


class GazetteerContext:
    """Keep gazetteer hits that are names in this text, not common words.

    Province and city names and every full name (广州市, 白云区) are kept unless the short
    form is a common word in jieba's dictionary (振兴, 资源). A county-level short form
    (白云, 鼓楼) is kept only where the context confirms it: its full name appears in the
    document, or it touches another place name (广州白云江高镇).
    """

    COMMON_FREQ = 100

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.generic = lexicon.generic_names
        self.regions = lexicon.regions
        self.common = _common_words()
        # only division names are remembered: at most the gazetteer's names
        self._known_names: dict[str, tuple[bool, bool, frozenset[str]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        group = candidates(doc)
        text = doc_text(doc)
        places = [c for c in group if c.label == "PLACE"]
        ends = {c.end for c in places}
        starts = {c.start for c in places}
        named = {text[c.start : c.end] for c in places}
        group[:] = [
            c for c in group if c.label != "PLACE" or self._confirmed(c, text, ends, starts, named)
        ]
        return doc

    def _confirmed(
        self, span: Candidate, text: str, ends: set[int], starts: set[int], named: set[str]
    ) -> bool:
        name = text[span.start : span.end]
        if name in self.generic:
            return False
        if span.rule == "region":
            return not text.startswith(self.regions.get(name, ()), span.end)
        known = self._known(name)
        if known is None:
            return True
        if start_inside_word(text, span.start, self.common):
            return False
        kept, needs_full_name, full_names = known
        if kept:
            return True
        if span.start in ends or span.end in starts:
            return True
        if needs_full_name:
            # the full name is matched by the same ruler wherever it occurs
            return not full_names.isdisjoint(named)
        return True

    def _known(self, name: str) -> tuple[bool, bool, frozenset[str]] | None:
        """What the name alone decides (remembered: the same names recur): None for no
        division; else whether it is kept anywhere (a full name or a province or city,
        and no common word), whether it needs its full name in the document (a common
        word or a county short form), and the full names of its divisions."""
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
        known = self._known_names[name] = (kept, needs_full_name, full_names)
        return known


def start_inside_word(text: str, start: int, common: frozenset[str]) -> bool:
    """示范县: a name whose first character ends a common word (示范) starts mid-word."""
    return start > 0 and text[start - 1 : start + 1] in common


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of the frequent words of jieba's dictionary."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3 and int(parts[1]) >= GazetteerContext.COMMON_FREQ:
                rows.append((parts[0], int(parts[1]), parts[2]))
    return tuple(rows)


@lru_cache(maxsize=1)
def _nominal_words() -> frozenset[str]:
    """Frequent nouns and nominal verbs (就业), place names excepted."""
    return frozenset(
        w for w, _, tag in _jieba_dictionary() if tag in {"n", "nz", "vn", "an", "nt", "nr"}
    )


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Frequent words that are not place names (振兴, 资源, 比如)."""
    return frozenset(w for w, _, tag in _jieba_dictionary() if tag != "ns")


class PlaceNameGrammar:
    """PLACE names below county level: a name of up to N characters before a place suffix.

    The name starts after the nearest gazetteer division, boundary word or mark, so
    ``甘肃省天水市秦州区杨家寺镇石马村`` gives 杨家寺镇 and 石马村 after the gazetteer
    found 甘肃省, 天水市 and 秦州区. For one-character suffixes (村, 镇, 乡, 街) the left
    edge must be clean (a mark, a boundary word or a place), which keeps ``赢得全体村干部``
    out; common words such as 乡村, 村民 and 镇街 are never read as suffixes.
    """

    SHORT_SUFFIXES = frozenset("村镇乡街")
    LEVEL_CHARS = frozenset("省市区县镇乡村街")
    NOT_SUFFIX_BEFORE: ClassVar[dict[str, str]] = {
        "村": "民干级务集庄落组居容貌规史医官情",
        "乡": "村愁亲镇贤土风情",
        "镇": "街村级域",
        "街": "巷坊头区口",
    }

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.scanner = NameScanner(lexicon)
        self.gazetteer = gazetteer
        self.org_suffixes = tuple(s for s in lexicon.org_suffixes if len(s) > 1)
        self.org_suffix_re = re.compile(alternation_re(self.org_suffixes))
        self.generic = lexicon.generic_names
        self.suffixes = {s.suffix: s for s in lexicon.place_suffixes}
        self.pattern = re.compile(alternation_re(self.suffixes))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        gazetteer = {c.end: c.start for c in candidates(doc) if c.label == "PLACE"}
        gazetteer_ends_from: dict[int, list[int]] = {}
        for g_end, g_start in gazetteer.items():
            gazetteer_ends_from.setdefault(g_start, []).append(g_end)
        barriers = set(gazetteer)
        found: list[tuple[int, int]] = []
        dropped: set[tuple[int, int]] = set()
        for match in self.pattern.finditer(text):
            word = match.group()
            suffix = self.suffixes[word]
            m_start, end = match.span()
            if word in self.SHORT_SUFFIXES and self._word_not_suffix(text, match):
                continue
            if end in gazetteer and self._full_division(text[gazetteer[end] : end]):
                continue  # 雄安新区 is a division of its own, not 河北 + 雄安新区
            start = self.scanner.left_edge(text, m_start, suffix.max_name, barriers, 2)
            if m_start - start < 2 and start in gazetteer:
                # 连江口镇: a short gazetteer name (连江) is the start of a longer name
                start = self.scanner.left_edge(
                    text, m_start, suffix.max_name, barriers - {start}, 2
                )
            if m_start - start < 2:
                continue
            organ_ends = [
                m.end()
                for m in self.org_suffix_re.finditer(text, max(0, start - 5), m_start)
                if start < m.end() < m_start
            ]
            if organ_ends:
                start = organ_ends[-1]  # 管理委员会南文营社区: the name starts after an organ
                barriers.add(start)
            while start < m_start - 2 and text[start] in self.LEVEL_CHARS:
                start += 1
                barriers.add(start)
            if word in self.SHORT_SUFFIXES and any(c in "镇村乡" for c in text[start:m_start]):
                continue
            if word in {"村", "社区", "镇", "乡"} and text[m_start - 1] in "省市区县级":
                continue  # 白云区村党组织, 区级社区: the villages of a district, not a name
            if not self._clean_edge(text, start, barriers):
                continue
            if (
                suffix.level in {"area", "site"}
                and start in gazetteer
                and text[start - 1] not in self.LEVEL_CHARS
            ):
                # 天河中央商务区, 广州国际金融中心: a site keeps its place prefix
                start = gazetteer[start]
            name = text[start:end]
            if self._generic(name, len(word)):
                continue
            found.append((start, end))
            barriers.add(end)
            if suffix.level in {"town", "village"}:
                # 东源乡, 白云湖街道: a division name at the start is part of this name
                dropped.update(
                    (start, g_end)
                    for g_end in gazetteer_ends_from.get(start, ())
                    if g_end <= m_start
                )
        if dropped:
            group = candidates(doc)
            group[:] = [
                c for c in group if not (c.label == "PLACE" and (c.start, c.end) in dropped)
            ]
        for start, end in found:
            _add(doc, start, end, "PLACE", "place_grammar")
        return doc

    def _full_division(self, name: str) -> bool:
        return any(d.name == name for d in self.gazetteer.lookup(name))

    def _word_not_suffix(self, text: str, match: re.Match[str]) -> bool:
        after = text[match.end() : match.end() + 1]
        before = text[match.start() - 1 : match.start()]
        word = match.group()
        if after and after in self.NOT_SUFFIX_BEFORE.get(word, ""):
            return True
        return (word == "村" and before in "乡农") or (word == "镇" and before == "乡")

    def _clean_edge(self, text: str, start: int, barriers: set[int]) -> bool:
        return (
            start == 0
            or start in barriers
            or not is_name_char(text[start - 1])
            or bool(self.scanner.boundary_ending_at(text, start))
            or text.endswith(self.org_suffixes, 0, start)
        )

    def _generic(self, name: str, suffix_len: int) -> bool:
        return any(name[i:] in self.generic for i in range(len(name) - suffix_len))


class OrgNameGrammar:
    """ORG names: an optional place chain, a body and an organizational suffix.

    Suffixes chain to the right (``天河区委`` + ``组织部``; ``广州城投集团`` + ``党委``);
    the longest name is the entity and every shorter name ending at a suffix inside it
    (天河区委) is a candidate too, later kept as a nested parent organization. A name
    whose body is empty or only generic words (``村党支部``, ``各级党组织``, ``省属行业党委``)
    is not an entity.
    """

    MAX_BODY = 14
    MAX_LINK = 8
    LEVEL_ORGANS = ("省", "市", "区", "县", "州", "镇", "乡")
    LEVEL_ORGAN = re.compile(f"(?:{'|'.join(LEVEL_ORGANS)})委")
    CHAIN_ONLY = ("党组织",)
    GENERIC_REF = re.compile(
        # spelled out word by word (in the order a regex would try them) so that every
        # alternative starts with a literal and the engine skips other positions fast
        "|".join(
            [
                *(
                    unit + org
                    for unit in ("村", "社区", "镇", "街道", "乡", "园区", "楼宇", "小区")
                    for org in ("党总支部", "党总支", "党支部", "党委", "党工委")
                ),
                *("联合党委", "大党委", "大工委", "行业党委", "联合党支部", "党总支部", "党总支"),
            ]
        )
    )
    DEPARTMENTS = frozenset({"组织部", "宣传部", "统战部", "办公室", "纪委", "政法委"})
    DEPARTMENT_POST = re.compile(
        r"、(?:组织部|宣传部|统战部|办公室|纪委|政法委)(?:副?部长|副?主任|副?书记)"
    )
    NEEDS_LEVEL = frozenset({"局", "工委", "办公室", "党校"})
    NOT_SUFFIX_BEFORE: ClassVar[dict[str, str]] = {
        "组织部": "门",
        "宣传部": "门",
        "统战部": "门",
        "委员会": "议",
        "联盟": "友",
        "党组": "织",
        "大学": "生",
        "学院": "生",
        "集团": "化",
        "公司": "化",
    }
    NEW_UNIT = re.compile(r"(?:社区|村|镇|街道|乡)$")
    GENERIC_MODIFIERS = (
        "中共",
        "全国",
        "全省",
        "全市",
        "全区",
        "全县",
        "各级",
        "各",
        "省属",
        "市属",
        "县属",
        "省管",
        "市管",
        "区管",
        "市县两级",
        "两级",
        "模范",
        "机关模范",
        "同类型",
        "三级",
        "四级",
        "省级",
        "市级",
        "区级",
        "县级",
        "镇级",
        "村级",
        "基层",
        "专职",
        "该",
        "上级",
        "下级",
        "同级",
        "相关",
        "有关",
        "党员",
        "首个",
        "首家",
    )

    def __init__(self, lexicon: Lexicon) -> None:
        self.scanner = NameScanner(lexicon)
        self.generic = lexicon.generic_names
        suffixes = sorted(set(lexicon.org_suffixes), key=len, reverse=True)
        chain_alt = "|".join(
            map(re.escape, sorted({*suffixes, *self.CHAIN_ONLY}, key=len, reverse=True))
        )
        self.modifier_re = re.compile(
            "|".join(map(re.escape, sorted(self.GENERIC_MODIFIERS, key=len, reverse=True)))
        )
        self.suffix_re = re.compile(
            alternation_re(suffixes, then=[f"{level}委" for level in self.LEVEL_ORGANS])
        )
        self.suffix_at = re.compile(f"(?:{chain_alt})")
        self.longest_suffix = max(len(w) for w in [*suffixes, *self.CHAIN_ONLY])
        self.generic_bodies = frozenset(
            {
                "村",
                "社区",
                "街道",
                "镇",
                "乡",
                "机关",
                "企业",
                "学校",
                "医院",
                "行业",
                "临时",
                "区域",
                "非公企业",
                "国企",
                "国有企业",
                "高校",
                "党",
                "地方",
                "两新组织",
                "两新",
                "村居",
                "镇街",
                "网格",
                "楼宇",
                "园区",
                "商圈",
                "支部",
                "党总支",
                "县",
                "市",
                "区",
                "省",
                "干部",
                "党建",
                "党务",
                "工作",
                "服务",
                "志愿",
                "驻村",
                "帮扶",
                "联合",
                "行业党委",
                "机关党委",
                "社会组织",
                "新经济组织",
                "新社会组织",
                "事业单位",
                "单位",
                "部门",
                "职能部门",
                "集体",
                "股份",
                "合作",
                "专业",
                "学生",
                "青年",
                "妇女",
                "师生",
                "公立",
                "民办",
                "公办",
                "企事业单位",
                "领域",
                "村务监督",
                "居务监督",
                "软弱涣散",
                "软弱涣散村",
                "行政村",
                "城中村",
                "农村",
                "城市",
                "乡村",
                "网格化",
            }
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        place_spans = [(c.start, c.end) for c in candidates(doc) if c.label == "PLACE"]
        place_inside: dict[int, int] = {}
        for p_start, p_end in place_spans:
            for pos in range(p_start + 1, p_end):
                place_inside[pos] = min(place_inside.get(pos, p_start), p_start)
        place_starts = {p_start for p_start, _ in place_spans}
        last_end = -1
        for match in self.suffix_re.finditer(text):
            if match.start() < last_end:
                continue
            nxt = text[match.end() : match.end() + 1]
            if nxt and nxt in self.NOT_SUFFIX_BEFORE.get(match.group(), ""):
                continue
            start = max(self._left_edge(text, match.start(), place_inside), last_end)
            body = text[start : match.start()]
            if not self._named(
                text, text[start : match.end()], body, match.group(), place_starts, start
            ):
                ref = self.GENERIC_REF.search(text, max(0, match.start() - 2), match.end())
                if ref and ref.end() == match.end():
                    # 村党总支书记沈某: a reference to the document's one named 党总支
                    _add(doc, ref.start(), ref.end(), "ORG", "generic_ref")
                continue
            start = self._strip_modifiers(text, start, match.start())
            if start >= 2 and text[start - 2 : start] == "中共":
                start -= 2
            ends = self._chain_ends(text, match.end())
            for end in ends:
                _add(doc, start, end, "ORG", "org_grammar")
            last_end = ends[-1]
        return doc

    def _strip_modifiers(self, text: str, start: int, suffix_start: int) -> int:
        """县级律师行业党委 → 律师行业党委: level and scope words are not part of a name."""
        while True:
            m = self.modifier_re.match(text, start, suffix_start)
            if m is None or m.group() == "中共" or suffix_start - m.end() <= 0:
                return start
            start = m.end()

    def _left_edge(self, text: str, suffix_start: int, place_inside: dict[int, int]) -> int:
        start = self.scanner.left_edge(text, suffix_start, self.MAX_BODY)
        # a boundary word inside a place name (联合, 和平 …) must not cut the name
        p_start = place_inside.get(start)
        if p_start is not None:
            return self.scanner.left_edge(text, p_start, self.MAX_BODY) if p_start else 0
        return start

    def _chain_ends(self, text: str, end: int) -> list[int]:
        """Ends of the chained suffixes: up to MAX_LINK name characters, then a suffix."""
        ends = [end]
        while True:
            # the nearest suffix within reach, found by one search
            m = self.suffix_at.search(text, end, end + self.MAX_LINK + self.longest_suffix)
            if m is None or m.start() > end + self.MAX_LINK:
                return ends
            pos = m.start()
            for link_end in range(end + 1, pos + 1):  # the link must be name characters
                ch = text[link_end - 1]
                if (not is_name_char(ch) and ch not in "“”‘’") or (
                    ch in self.scanner.last_chars
                    and self.scanner.boundary_ending_at(text, link_end, end)
                ):
                    return ends
            if pos > end and self.NEW_UNIT.search(text, end, pos):
                return ends
            nxt = text[m.end() : m.end() + 1]
            if nxt and nxt in self.NOT_SUFFIX_BEFORE.get(m.group(), ""):
                return ends
            end = m.end()
            ends.append(end)

    def _department_of_list(self, text: str, start: int) -> bool:
        """组织部 alone names the department of the committee listed just before it
        (蓬江区委常委、组织部部长关某)."""
        return start > 0 and self.DEPARTMENT_POST.match(text, start - 1) is not None

    def _named(
        self,
        text: str,
        name: str,
        body: str,
        suffix: str,
        place_starts: set[int],
        start: int,
    ) -> bool:
        if not body and suffix in self.DEPARTMENTS and self._department_of_list(text, start):
            return True
        if len(name) < 2 or name in self.generic:
            return False
        if self.LEVEL_ORGAN.fullmatch(suffix):
            return bool(body) or name in {"省委", "市委", "区委", "县委"}
        if suffix in self.NEEDS_LEVEL and not (body[:1] in "省市区县" or start in place_starts):
            return False
        stripped = body
        while stripped and (m := self.modifier_re.match(stripped)) is not None:
            stripped = stripped[m.end() :]
        if not stripped or stripped in self.generic_bodies:
            return False
        return not (len(stripped) == 1 and suffix in {"局", "党委", "委员会", "党组织", "集团"})


class _Coverage:
    """Which characters are already inside a found name (a mask, not a list scan)."""

    def __init__(self, size: int) -> None:
        self.mask = bytearray(size)
        self.last_end = -1

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)
        self.last_end = end

    def covers(self, pos: int) -> bool:
        return bool(self.mask[pos])


class ProgramRules:
    """PROGRAM names: quoted or book-title names and names ending in a kind word.

    ``“头雁工程”`` and ``“头雁”工程`` both give 头雁工程, and a name written before the
    quote stays with it (``镇村干部“大储备”机制``); ``《实施方案》`` gives 实施方案; a quoted
    phrase with no kind word counts when an implementing verb stands before it
    (开展“四点钟学堂”), when it is listed with other programs, or when 等 and a kind word
    follow (“三会一课”等学习制度). ``基层党建三年行动计划`` is found by its kind word 计划,
    its left edge at the verb before it, when it carries a numeral, follows an
    implementing verb or continues a list of programs. ``关于……的意见`` titles and
    ``X领导下的Y负责制`` are programs too.
    """

    MAX_QUOTED = 24
    SENTENCE_MARK = re.compile(r"[。！？!?，,]")
    CJK = re.compile(r"[\u4e00-\u9fff]")
    LIST_GAP = re.compile(r"[、和与及]?")
    MAX_UNQUOTED = 12
    MAX_PREFIX = 8
    ORG_WORD = re.compile(r"党委|党组|党支部|党总支|委员会|公司|集团|局$")
    KIND_TAIL = 14
    MEDIA = re.compile(r"(?:日报|晚报|报|网|杂志|频道|电视台|汇报)$")
    NEEDS_TITLE = frozenset({"意见", "办法"})
    NUMERAL = re.compile(r"[一二三四五六七八九十百千万两双\d]")
    NAMED_KINDS = frozenset(
        {"专项斗争", "专项行动", "专项整治", "行动计划", "条例", "负责制", "学习教育", "主题教育"}
    )
    TAIL_STOPS = frozenset("的和与及等在是为了对把将被")
    NOT_PROGRAM_AFTER = re.compile(
        r"(?:的|要求|精神|理念|思想|目标|原则|作用|意识|问题|格局|氛围|效应|效果|称号|理论)"
    )
    TITLE = re.compile(r"关于[^，。；！？\n]{2,30}?的(?:意见|通知|决定|办法|规定|指导意见)")
    LEADERSHIP = re.compile(r"(?:党委|党组织|党组|党支部)领导下?的[\u4e00-\u9fff]{2,6}负责制")
    YEARS = re.compile(r"[(（]\d{4}\s*[~～\-—–至到]\s*\d{4}年?[)）]")

    def __init__(self, lexicon: Lexicon) -> None:
        self.scanner = NameScanner(lexicon, lexicon.program_inner_words)
        self.prefix_scanner = NameScanner(lexicon)
        self.generic = lexicon.generic_names
        self.kinds = lexicon.program_suffixes
        self.verbs = tuple(sorted(lexicon.relation_cues["implements"], key=len, reverse=True))
        self.honor_re = re.compile(alternation_re(lexicon.relation_cues["awarded"]))
        # str.endswith with a tuple: one C call instead of a regex tried at every position
        self.verb_ends = tuple(v for v in self.verbs if len(v) > 1)
        self.kind_ends = tuple(self.kinds)
        self.kind_last = frozenset(kind[-1] for kind in self.kinds)
        kind_alt = "|".join(map(re.escape, self.kinds))
        self.kind_re = re.compile(alternation_re(lexicon.unquoted_program_suffixes))
        self.etc_kind = re.compile(
            rf"(?:[“‘][^”’\n]{{1,24}}[”’])*等[^，。；、\n]{{0,10}}?(?:{kind_alt})"
        )
        # led by a character class, which lets the regex engine skip other positions fast
        self.quoted = re.compile(
            rf"[“‘《](?:(?<=[“‘])([^“”‘’\n]{{1,{self.MAX_QUOTED}}})[”’]|(?<=《)([^《》\n]{{1,40}})》)"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        covered = _Coverage(len(text))
        for m in self.TITLE.finditer(text):
            _add(doc, m.start(), m.end(), "PROGRAM", "title")
            covered.add(*m.span())
        for m in self.LEADERSHIP.finditer(text):
            end = self._with_years(text, m.end())
            _add(doc, m.start(), end, "PROGRAM", "leadership")
            covered.add(m.start(), end)
        for m in self.quoted.finditer(text):
            q_start, q_end = m.span()
            if covered.covers(q_start):
                continue
            if m.group(2):
                inner_start, inner_end = m.span(2)
                label = "ORG" if self.MEDIA.search(m.group(2)) else "PROGRAM"
                _add(doc, inner_start, inner_end, label, "book_title")
                covered.add(q_start, q_end)
                continue
            inner_start, inner_end = m.span(1)
            inner = m.group(1)
            if self.SENTENCE_MARK.search(inner):
                continue
            if self._honor_cue_before(text, q_start):
                _add(doc, inner_start, self._kind_tail(text, q_end, honor=True), "HONOR", "honor")
                covered.add(q_start, q_end)
                continue
            if self.NOT_PROGRAM_AFTER.match(text, q_end):
                continue
            tail_end = self._kind_tail(text, q_end)
            if tail_end == q_end and not self.CJK.search(inner):
                continue
            if tail_end > q_end:
                start = self._prefix_start(text, q_start)
                _add(doc, start, tail_end, "PROGRAM", "quoted+kind")
                covered.add(start, tail_end)
            elif inner.endswith(self.kind_ends) and inner not in self.generic:
                _add(doc, inner_start, inner_end, "PROGRAM", "quoted_kind")
                covered.add(q_start, q_end)
            elif len(inner) >= 3 and (
                self._verb_before(text, q_start)
                or (
                    covered.last_end >= 0
                    and self.LIST_GAP.fullmatch(text, covered.last_end, q_start) is not None
                )
                or self.etc_kind.match(text, q_end)
            ):
                _add(doc, inner_start, inner_end, "PROGRAM", "verb+quoted")
                covered.add(q_start, q_end)
        last_end = -1
        for m in self.kind_re.finditer(text):
            if covered.covers(m.start()):
                continue
            start = self.scanner.left_edge(text, m.start(), self.MAX_UNQUOTED)
            name = text[start : m.end()]
            if (
                m.start() - start < 2
                or name in self.generic
                or name[:2] in {"相关", "有关", "各项"}
            ):
                continue
            if m.group() in self.NEEDS_TITLE and not name.startswith("关于"):
                continue
            if (
                start > 0
                and is_name_char(text[start - 1])
                and not (self.scanner.boundary_ending_at(text, start))
            ):
                continue  # cut by the length limit mid-word
            if not (
                self.NUMERAL.search(name)
                or m.group() in self.NAMED_KINDS
                or self._verb_before(text, start)
                or (last_end >= 0 and text[last_end:start] == "、")
            ):
                continue
            end = self._with_years(text, m.end())
            _add(doc, start, end, "PROGRAM", "kind_word")
            last_end = end
        return doc

    def _with_years(self, text: str, end: int) -> int:
        """三年行动计划(2018~2020年): a year range in brackets is part of the name."""
        m = self.YEARS.match(text, end)
        return m.end() if m else end

    def _prefix_start(self, text: str, quote_start: int) -> int:
        """镇村干部“大储备”机制: name characters right before the quote belong to the name,
        when they start cleanly (after a mark or a boundary word) and name no organization."""
        start = self.prefix_scanner.left_edge(text, quote_start, self.MAX_PREFIX)
        clean = (
            start == 0
            or not is_name_char(text[start - 1])
            or self.prefix_scanner.boundary_ending_at(text, start) > 0
        )
        prefix = text[start:quote_start]
        if quote_start - start < 2 or not clean or self.ORG_WORD.search(prefix):
            return quote_start
        return start

    def _honor_cue_before(self, text: str, pos: int) -> bool:
        return self.honor_re.search(text, max(0, pos - 6), pos) is not None

    def _kind_tail(self, text: str, pos: int, honor: bool = False) -> int:
        """End of a kind phrase right after a closing quote (“百楼百站”专项行动 → 专项行动).

        For an honor the tail runs to the next mark (“金穗杯”创新大赛三等奖)."""
        if honor:
            end = pos
            while end < len(text) and end - pos < 12 and is_name_char(text[end]):
                end += 1
            return end
        best = pos
        boundary_last = self.scanner.last_chars
        for end in range(pos + 1, min(len(text), pos + self.KIND_TAIL) + 1):
            ch = text[end - 1]
            if not "\u4e00" <= ch <= "\u9fff" or ch in self.TAIL_STOPS:
                break
            if ch in self.kind_last and text.endswith(self.kind_ends, pos, end):
                best = end
            elif (
                ch in boundary_last
                and self.scanner.boundary_ending_at(text, end, pos) > 1
                and not self.kind_re.match(text, end)
            ):
                break  # “红链计划”加快构建…: a verb ends the tail unless a kind follows it
        return best

    def _verb_before(self, text: str, pos: int) -> bool:
        return text.endswith(self.verb_ends, max(0, pos - 6), pos)


class PersonRules:
    """PERSON names: a surname and one or two given-name characters next to a post.

    ``书记马景刚`` / ``记者 赵成`` / ``编辑:王某`` (post before the name), ``习近平总书记``
    (title after the name) and ``马景刚说`` once the name is known; a byline such as
    ``记者欧阳成 香金群`` gives every space-separated name. Every later occurrence of a
    recognized name in the document is a mention too.
    """

    SPEECH = ("说", "表示", "介绍", "指出", "坦言", "感慨", "告诉")
    BYLINE_GAP = re.compile(r"[ \u3000、]+")
    PHOTO_CREDIT = re.compile(r"(?m)^[ \u3000]*([\u4e00-\u9fff]{2,4})[ \u3000]*摄[ \u3000]*$")
    SPEAKER_AFTER = r"(?=[\u4e00-\u9fff]{2,4}(?:说|表示|介绍|坦言|告诉|感慨|是))"
    SPEAKER_MARKS = "”“。，,：:！？\n"
    RECURRING_MARKS = "的，,。”：:、\n"
    NICKNAME = re.compile(r"[小老](?=[\u4e00-\u9fff](?:说|表示|介绍|告诉))")
    NOT_FIRST = frozenset("的说是在和与等为了")
    UNIT_CHARS = frozenset("省市区县镇村乡街局委")
    AFTER_NAME = frozenset("说表介指告认称等")
    NAME_END = frozenset(
        "说表介的等是在和与带也就都还告认指称率同一为对向从把被将了所副任当来去到上下中里看讲道笑领组坚积深多每作感希回却又便很已正带"
    )

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.surnames = lexicon.surnames
        posts = sorted(lexicon.posts, key=len, reverse=True)
        self.post_before = re.compile(f"{alternation_re(posts)}[ \u3000:：]*")
        self.title_after = re.compile(r"(?:总书记|同志|书记|主任|先生|女士)")
        single = "".join(sorted(s for s in self.surnames if len(s) == 1))
        firsts = "".join(sorted({s[0] for s in self.surnames}))
        # a speaker: a name at the start or right after a mark, before 说/表示 …; the
        # patterns start with the mark (a character class the regex engine skips to fast)
        # and look ahead for the name
        speaker = f"(?=[{firsts}]){self.SPEAKER_AFTER}"
        self.speaker_first = re.compile(speaker)
        self.speaker = re.compile(f"[{self.SPEAKER_MARKS}]{speaker}")
        self.recurring = re.compile(f"[{self.RECURRING_MARKS}](?=([{single}][\u4e00-\u9fff]{{2}}))")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        names: dict[str, str] = {}
        for m in self.post_before.finditer(text):
            pos = m.end()
            while True:
                name = self._name_at(text, pos)
                if not name:
                    break
                names.setdefault(name, "post_before")
                pos += len(name)
                gap = self.BYLINE_GAP.match(text, pos)
                if not gap:
                    break
                pos = gap.end()
        for m in self.title_after.finditer(text):
            for n in (3, 2):
                start = m.start() - n
                if start < 0:
                    continue
                cand = text[start : m.start()]
                before = text[start - 1] if start else "\n"
                if (is_name_char(before) and before not in "的和与") or not self._plausible(cand):
                    continue
                if self.gazetteer.lookup(cand):
                    continue
                names.setdefault(cand, "title_after")
                break
        for m in self.PHOTO_CREDIT.finditer(text) if "摄" in text else ():
            if self._plausible(m.group(1)) and not self.gazetteer.lookup(m.group(1)):
                names.setdefault(m.group(1), "photo_credit")
        for pos in self._speaker_positions(text):
            name = self._name_at(text, pos)
            if name and (
                text.startswith(self.SPEECH, pos + len(name))
                or (text[pos - 1 : pos] == "”" and text.startswith("是", pos + len(name)))
            ):
                names.setdefault(name, "speaker")
        for m in self.NICKNAME.finditer(text):
            if text[m.end()] in self.surnames:
                names.setdefault(text[m.start() : m.end() + 1], "nickname")
        recurring: dict[str, int] = {}
        for cand in self._recurring_candidates(text):
            if cand[0] in self.surnames and cand[1] not in self.NOT_FIRST:
                recurring[cand] = recurring.get(cand, 0) + 1
        common = _common_words()
        for cand, count in recurring.items():
            if (
                count >= 2
                and cand[-1] not in "村镇乡街区县市省"
                and cand[:2] not in common
                and cand[1:] not in common
                and not self.gazetteer.lookup(cand)
                and self._plausible(cand)
            ):
                names.setdefault(cand, "recurring")
        if names:
            for m in re.finditer(alternation_re(names), text):
                _add(doc, m.start(), m.end(), "PERSON", names[m.group()])
        return doc

    def _recurring_candidates(self, text: str) -> Iterator[str]:
        """Surname + two characters right after a mark, left to right, not overlapping
        (what ``(?<=[marks])([surnames]..)`` finds, at the speed of a pattern that starts
        with a character class)."""
        last_end = 0
        for m in self.recurring.finditer(text):
            if m.end() < last_end:
                continue  # overlaps the previous candidate
            cand = m.group(1)
            last_end = m.end() + len(cand)
            yield cand

    def _speaker_positions(self, text: str) -> Iterator[int]:
        """Where a speaker's name may start: the text's start or right after a mark."""
        if self.speaker_first.match(text):
            yield 0
        for m in self.speaker.finditer(text):
            yield m.end()

    def _plausible(self, cand: str) -> bool:
        if not all(map(is_cjk, cand)) or any(c in self.UNIT_CHARS for c in cand[1:]):
            return False
        if cand[:2] in self.surnames and len(cand) >= 3:
            return True
        return cand[0] in self.surnames and 2 <= len(cand) <= 3 and cand[-1] not in self.NAME_END

    def _name_at(self, text: str, pos: int) -> str:
        for surname_len in (2, 1):
            surname = text[pos : pos + surname_len]
            if len(surname) != surname_len or surname not in self.surnames:
                continue
            first = text[pos + surname_len : pos + surname_len + 1]
            if not first or not is_cjk(first) or first in self.NOT_FIRST:
                continue
            if any(c in self.UNIT_CHARS for c in text[pos + surname_len : pos + surname_len + 2]):
                continue  # 惠市组 is an office, not a person
            second = text[pos + surname_len + 1 : pos + surname_len + 2]
            after = text[pos + surname_len + 2 : pos + surname_len + 3]
            if (
                second
                and is_cjk(second)
                and (
                    second not in self.NAME_END
                    or not after
                    or not is_cjk(after)
                    or after in self.AFTER_NAME
                )
            ):
                name = surname + first + second
            else:
                name = surname + first
            if not self.gazetteer.lookup(name):
                return name
        return ""


class OutletRules:
    """News outlets named in a byline's source line (来源：金羊网) are organizations."""

    SOURCE = re.compile(
        r"(?m)^[ \u3000]*(?:稿件)?来源[:：][ \u3000]*([\u4e00-\u9fffA-Za-z]{2,16})[ \u3000]*$"
    )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for m in self.SOURCE.finditer(text) if "来源" in text else ():
            _add(doc, m.start(1), m.end(1), "ORG", "byline_source")
        return doc


class EntityMerger:
    """Choose the final entities: longest candidates first, no overlaps.

    The chosen candidates become ``doc.ents`` and ``doc.user_data["dj_chosen"]``; places
    and parent organizations nested inside a chosen entity (天河区委 and 天河区 in
    天河区委组织部) are kept, with their owner, in ``doc.user_data["dj_nested"]``.
    With ``set_ents=False`` (the extractor's choice: it reads ``dj_chosen``) ``doc.ents``
    is left alone, which saves building a ``Span`` per entity.
    """

    def __init__(self, set_ents: bool = True) -> None:
        self.set_ents = set_ents

    PRIORITY: ClassVar[dict[str, int]] = {
        "HONOR": 4,
        "PERSON": 3,
        "ORG": 2,
        "PROGRAM": 1,
        "PLACE": 0,
    }

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ordered = sorted(
            set(candidates(doc)),
            key=lambda c: (
                c.start - c.end,
                -self.PRIORITY[c.label],
                c.start,
                c.rule.endswith("_grammar"),  # a lexicon name beats the same span by grammar
                c.rule,
            ),
        )
        taken = bytearray(len(text))
        chosen: list[Candidate] = []
        rest: list[Candidate] = []
        for cand in ordered:
            if taken.find(1, cand.start, cand.end) != -1:
                rest.append(cand)
                continue
            taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
        chosen.sort()
        doc.user_data["dj_chosen"] = chosen
        # tokens outside entities keep a missing entity tag: setting "O" on every
        # character token costs as much as all the rules
        if self.set_ents:
            doc.set_ents(
                [Span(doc, c.start, c.end, label=c.label) for c in chosen], default="unmodified"
            )
        chosen_starts = [c.start for c in chosen]
        nested: dict[tuple[int, int, str], tuple[Candidate, Candidate]] = {}
        for cand in rest:
            if cand.label not in {"PLACE", "ORG"}:
                continue
            i = bisect_right(chosen_starts, cand.start) - 1
            if i < 0 or cand.end > chosen[i].end:
                continue
            owner = chosen[i]
            if owner.label not in {"ORG", "PLACE"}:
                continue
            if cand.label == "ORG" and (
                cand.start != owner.start
                or owner.label != "ORG"
                or cand.rule != "org_grammar"
                or owner.rule != "org_grammar"
                or cand.end - cand.start <= 2
            ):
                continue
            if (cand.start, cand.end) != (owner.start, owner.end):
                nested.setdefault((cand.start, cand.end, cand.label), (cand, owner))
        doc.user_data[NESTED] = [nested[k] for k in sorted(nested, key=lambda k: (k[0], -k[1]))]
        return doc


@Language.factory("dj_names")
def _make_names(nlp: Language, name: str) -> NameRuler:
    lexicon = load_lexicon()
    patterns = [*_gazetteer_patterns(Gazetteer.load(), lexicon), *_organ_patterns(lexicon)]
    return NameRuler(nlp, patterns)


@Language.factory("dj_gazetteer_context")
def _make_gazetteer_context(nlp: Language, name: str) -> GazetteerContext:
    return GazetteerContext(Gazetteer.load(), load_lexicon())


@Language.factory("dj_places")
def _make_places(nlp: Language, name: str) -> PlaceNameGrammar:
    return PlaceNameGrammar(load_lexicon(), Gazetteer.load())


@Language.factory("dj_orgs")
def _make_orgs(nlp: Language, name: str) -> OrgNameGrammar:
    return OrgNameGrammar(load_lexicon())


@Language.factory("dj_programs")
def _make_programs(nlp: Language, name: str) -> ProgramRules:
    return ProgramRules(load_lexicon())


@Language.factory("dj_persons")
def _make_persons(nlp: Language, name: str) -> PersonRules:
    return PersonRules(load_lexicon(), Gazetteer.load())


@Language.factory("dj_outlets")
def _make_outlets(nlp: Language, name: str) -> OutletRules:
    return OutletRules()


@Language.factory("dj_merge", default_config={"set_ents": True})
def _make_merge(nlp: Language, name: str, set_ents: bool) -> EntityMerger:
    return EntityMerger(set_ents)


def _gazetteer_patterns(gazetteer: Gazetteer, lexicon: Lexicon) -> Iterable[dict[str, str]]:
    for name, divisions in gazetteer.names().items():
        yield {"label": "PLACE", "pattern": name, "id": divisions[0].code}
    for name in lexicon.regions:
        yield {"label": "PLACE", "pattern": name, "id": "region"}


def _organ_patterns(lexicon: Lexicon) -> Iterable[dict[str, str]]:
    for organ in lexicon.organs:
        for name in (organ.name, *organ.aliases):
            yield {"label": organ.type, "pattern": name, "id": organ.name}


RULE_COMPONENTS = (
    "dj_names",
    "dj_places",
    "dj_gazetteer_context",
    "dj_orgs",
    "dj_programs",
    "dj_persons",
    "dj_outlets",
    "dj_merge",
)


class CharSegmenter:
    """spaCy ``zh`` character segmentation, one token per character, in linear time.

    spaCy's own ``zh`` char segmenter aligns words to the text by slicing the remaining
    text once per token, which is quadratic: a 2 MB line takes minutes. Building the
    ``Doc`` from the characters directly gives the same tokens (whitespace characters
    become tokens of their own) and ``doc.text == text``.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._orth: dict[str, int] = {}

    def __call__(self, text: str) -> Doc:
        # Words given as string-store keys skip hashing each character again (1.7x faster).
        orth = self._orth
        words = list(map(orth.get, text))
        if None in words:  # characters not seen before: add them to the string store
            for char in set(text).difference(orth):
                orth[char] = self.vocab.strings.add(char)
            words = list(map(orth.__getitem__, text))
        doc = Doc(self.vocab, words=words, spaces=[False] * len(text))
        doc.user_data["dj_text"] = text
        return doc


@lru_cache(maxsize=2)
def build_pipeline(set_ents: bool = True) -> Language:
    """The rule pipeline on spaCy's ``zh`` language with character segmentation.

    The entities are ``doc.ents`` (unless ``set_ents`` is false) and, as plain tuples,
    ``doc.user_data["dj_chosen"]``."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharSegmenter(nlp.vocab)
    nlp.max_length = 100_000_000
    for component in RULE_COMPONENTS:
        config = {"set_ents": set_ents} if component == "dj_merge" else {}
        nlp.add_pipe(component, config=config)
    return nlp


_DROP_MARKS = str.maketrans("", "", QUOTE_MARKS)


def clean_name(text: str) -> str:
    """An entity name as the gold format writes it: quotation and title marks removed."""
    return text.translate(_DROP_MARKS).strip()


def _mention(text: str, cand: Candidate) -> Mention:
    return Mention(
        cand.start, cand.end, clean_name(text[cand.start : cand.end]), cand.label, cand.rule
    )


class EntityRecognizer:
    """Text in, :class:`RecognizedDocument` out; optionally merged with a trained model's NER."""

    def __init__(self, model: str | None = None) -> None:
        self.nlp = build_pipeline(set_ents=False)
        self.model: ModelEntityRecognizer | None = None
        if model:
            self.model = ModelEntityRecognizer(model)

    def __call__(self, source: SourceDocument, sentences: list[Sentence]) -> RecognizedDocument:
        doc = self.nlp(source.text)
        text = source.text
        of_chosen = {c: _mention(text, c) for c in doc.user_data["dj_chosen"]}
        mentions = [m for m in of_chosen.values() if m.type != "HONOR"]
        honors = [m for m in of_chosen.values() if m.type == "HONOR"]
        if self.model is not None:
            mentions = merge_mentions(mentions + honors, self.model(source.text))
            mentions = [m for m in mentions if m.type != "HONOR"]
        nested = [
            NestedMention(_mention(text, cand), of_chosen[owner])
            for cand, owner in doc.user_data[NESTED]
        ]
        return RecognizedDocument(
            source, sentences, [m for m in mentions if m.text], nested, honors
        )
