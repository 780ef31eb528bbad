"""Shared pieces of the recognizers: candidates on the Doc, the name scanner, word lists."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc

from kg.lexicon import DEMONSTRATIVES, Lexicon

CANDIDATES = "dj_candidates"
NESTED = "dj_nested"
# and 后 of a generation (80后村党支部书记: the secretary born in the 1980s)
MEASURE_WORDS = frozenset("个名家所支位项条批栋座户人次件起场年月天后")
DIGITS = frozenset("0123456789多余一两几")
QUOTE_MARKS = "“”‘’\"'「」『』《》〈〉"
OPEN_TO_CLOSE = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"'}


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

    def __init__(
        self,
        lexicon: Lexicon,
        inside: frozenset[str] = frozenset(),
        org_names: bool = False,
        kind_names: bool = False,
    ) -> None:
        """``inside``: boundary words that may be inside the names scanned for;
        ``org_names``: the names are organizations' (建设 in 华兴建设工程有限公司 is no
        boundary); ``kind_names``: the names end in a kind of organization or place, and the
        words that qualify a kind (少数, 村级: ``extract/kind_qualifiers.txt``) stop them."""
        cues = {
            cue
            for relation in ("implements", "established")
            for cue in lexicon.relation_cues[relation]
            if len(cue) > 1
        }
        self.boundaries = (lexicon.boundary_words - inside) | cues
        if kind_names:
            self.boundaries |= lexicon.kind_qualifiers
        self.protected = lexicon.name_words
        self.org_name_words = lexicon.org_name_words if org_names else ()
        # 社会组织 (of 上城区社会组织综合党委), 经济和社会组织: name words with a boundary word
        # inside or at the end, with the length of what stands before it
        self.org_name_inner: dict[str, tuple[tuple[str, int], ...]] = {}
        for word in self.org_name_words:
            for boundary in self.boundaries:
                at = word.find(boundary, 1)
                if at > 0:
                    found = self.org_name_inner.get(boundary, ())
                    self.org_name_inner[boundary] = (*found, (word, at))
        self.nominal = nominal_words()
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
                # 管理局 is not 管理 + 局: nor is a boundary word the start of a common word
                if text[pos - n : pos + 1] in self.nominal:
                    continue
                if self.org_name_words and text.startswith(self.org_name_words, pos - n):
                    continue  # 建设 in 华兴建设工程有限公司 is part of the name
                if any(
                    text.startswith(word, pos - n - before)
                    for word, before in self.org_name_inner.get(text[pos - n : pos], ())
                ):
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
                found = self.boundary_ending_at(text, start)
                # 和 right before a one-character place name is part of the name (太和镇)
                if found > 1 or (found == 1 and (end - start >= min_len or ch not in "和与")):
                    break
            if ch in "记访" and start >= 2 and text[start - 2] in "—―-－":
                break  # ——记X医院党委, ——访X组织部部长: the subtitle names X, not 记X
            if not ("\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalpha())):
                if "0" <= ch <= "9" and start != end:
                    # T3航站楼, G20: digits after a letter are part of the name; so are digits
                    # before one (5G产业园, 4S店)
                    run = start - 1
                    while run > limit and "0" <= text[run - 1] <= "9":
                        run -= 1
                    if run > limit and text[run - 1].isascii() and text[run - 1].isalpha():
                        start = run
                        continue
                    if text[start].isascii() and text[start].isalpha():
                        start = run
                        continue
                break  # not is_name_char(ch)
            if ch in MEASURE_WORDS and start >= 2 and text[start - 2] in DIGITS:
                run = start - 2
                while run > 0 and text[run - 1] in DIGITS:
                    run -= 1
                if text[run - 1 : run] != "第":
                    break  # 13个: a count (第一人民医院: an ordinal, part of the name)
            start -= 1
        return start


# 各商户党支部, 各县市区委组织部, 每个社区: what follows is every one's, no name
EVERY_ONE = re.compile(r"(?:各(?:级|[省市区县]{1,3})?|每个)$")

#: what a body's kind opening a clause does when it stands for the body named before
ACTING_AFTER_KIND = (
    r"(?=还|也|又|并|先后|积极|主动|与|同|坚持|始终|联合|建立|推行|推出|实施|开展|组建|成立|打造"
    r"|荣获|获评|被评为|入选|由|已|实行|落实|推进|探索|出台|制定|启动|举办|共|累计|现有|下设|设有"
    r"|将)"
)
#: what a measure is taken as (以“X”为抓手): a program, read by the program rules and the
#: place grammar (以“美好社区”建设为抓手 names no community)
CARRIER_WORDS = ("抓手", "载体", "引领", "牵引", "突破口", "切入点", "主线", "依托", "统领")
#: the post of a body's head written right after its kind (。学院常务副院长张某介绍,
#: 。工作室负责人甲)
HEAD_AFTER_KIND = (
    r"(?=(?:常务|执行)?副?(?:院长|校长|董事长|总经理|主任|会长|理事长|秘书长|行长|所长|组长|队长|团长)"
    r"[\u4e00-\u9fff、]|负责人)"
)
#: where such a kind opens a clause, alone or after a demonstrative (one lookbehind each:
#: a lookbehind has one width)
CLAUSE_OPENING = (
    r"(?:(?<=[，。；！？：\n])"
    + "".join(rf"|(?<=[，。；！？：\n]{word})" for word in DEMONSTRATIVES)
    + "|^)"
)
# the levels a one-character organ name opens with (市委, 县政协)
LEVEL_CHARACTERS = frozenset("省市区县州")

# the level committees (市委 …): a name of two characters, a parent inside a longer name
LEVEL_COMMITTEES = frozenset({"省委", "市委", "区委", "县委", "州委"})


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


def add_candidate(doc: Doc, start: int, end: int, label: str, rule: str) -> None:
    if start < end:
        candidates(doc).append(Candidate(start, end, label, rule))


def candidates(doc: Doc) -> list[Candidate]:
    """The candidate names found so far, as plain tuples (Span objects are costly)."""
    found = doc.user_data.get(CANDIDATES)
    if found is None:
        found = doc.user_data[CANDIDATES] = []
    return found


COMMON_FREQ = 100


def start_inside_word(text: str, start: int, common: frozenset[str]) -> bool:
    """示范县: a name whose first character ends a common word (示范) starts mid-word."""
    return start > 0 and text[start - 1 : start + 1] in common


@lru_cache(maxsize=1)
def jieba_dictionary() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of the frequent words of jieba's dictionary."""
    # the file only: importing jieba takes 0.3 s (its _compat imports pkg_resources)
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed", name="jieba")
    folder = Path(next(iter(spec.submodule_search_locations)))
    text = (folder / "dict.txt").read_text(encoding="utf-8")
    # one regex over the file instead of a split per line (349,046 lines: 0.2 s, not 0.4)
    return tuple(
        (word, int(freq), tag)
        for word, freq, tag in _DICT_LINE.findall(text)
        if int(freq) >= COMMON_FREQ
    )


_DICT_LINE = re.compile(
    rf"^(\S+)[ \t]+([1-9]\d{{{len(str(COMMON_FREQ)) - 1},}})[ \t]+(\S+)[ \t]*\r?$", re.MULTILINE
)
"""A line of jieba's dictionary (word, frequency, tag) whose frequency has as many digits as
:data:`COMMON_FREQ` or more: most lines are rarer words, passed over by the regex."""


@lru_cache(maxsize=1)
def nominal_words() -> frozenset[str]:
    """Frequent nouns and nominal verbs (就业), place names excepted."""
    return frozenset(
        w for w, _, tag in jieba_dictionary() if tag in {"n", "nz", "vn", "an", "nt", "nr"}
    )


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    """Frequent verbs (帮助, 扎根)."""
    return frozenset(w for w, _, tag in jieba_dictionary() if tag == "v")


@lru_cache(maxsize=1)
def verbal_nouns() -> frozenset[str]:
    """Frequent verbs used as nouns (服务, 管理, 建设)."""
    return frozenset(w for w, _, tag in jieba_dictionary() if tag == "vn")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Frequent words that are not place names (振兴, 资源, 比如)."""
    return frozenset(w for w, _, tag in jieba_dictionary() if tag != "ns")


def positions_inside(spans: list[tuple[int, int]]) -> dict[int, int]:
    """Each position strictly inside a span → the earliest start of a span holding it (spans
    filed from the last start to the first, so the earliest is written last)."""
    inside: dict[int, int] = {}
    for start, end in sorted(spans, reverse=True):
        inside.update(dict.fromkeys(range(start + 1, end), start))
    return inside


class Coverage:
    """Which characters are already inside a found name (a mask, not a list scan)."""

    def __init__(self, size: int) -> None:
        self.mask = bytearray(size)
        self.last_end = -1

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)
        self.last_end = end

    def covers(self, pos: int) -> bool:
        return bool(self.mask[pos])


_DROP_MARKS = str.maketrans("", "", QUOTE_MARKS)
_ANY_MARK = re.compile(f"[{re.escape(QUOTE_MARKS)}]")


def clean_name(text: str) -> str:
    """An entity name as the gold format writes it: quotation and title marks removed."""
    # most names hold no mark: str.translate walks every character through a dict
    return (text.translate(_DROP_MARKS) if _ANY_MARK.search(text) else text).strip()
