"""Load the researcher-editable word lists under ``extract/``.

Every list is a plain UTF-8 file: ``#`` starts a comment, blank lines are ignored,
entries are separated by whitespace (or by tabs where a line has columns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.resources import extract_file


def _lines(path: Path) -> list[str]:
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line)
    return out


# 十八洞村地处湖南省…双龙镇, 位于深圳市福田区的卓越世纪中心: the words that say where something
# is, read by the recognizers (a site), the relations (located_in) and the counts (whose)
SITUATED_WORDS = ("位于", "地处", "坐落于", "坐落在")

# The frames that make a program a part (or the ground) of another, read by the recognizer
# (a quoted name in such a frame is a program) and by the relations (part_of_program):
# B包括“A1”“A2”, 把“A”建设纳入“B”, 在“A”工作的基础上
LISTING_WORDS = ("包括", "涵盖", "即", "下设")
INTO_WORDS = ("纳入", "列入", "融入", "写入")
WORK_NOUNS = ("建设", "工作", "活动")  # the generic noun a quoted name may have after it

# 社区党委, 街道党工委: a level's own Party body written by its kind alone, read by the
# resolve stage (the place named before stands for it) and the counts (whose figure a
# speaker of that body reports); group 1 is the level
LEVEL_PARTY_BODY_KINDS = "党总支部|党总支|党支部|党委|党工委|工委"
LEVEL_PARTY_BODY = re.compile(f"(街道|社区|村|镇|乡)(?:{LEVEL_PARTY_BODY_KINDS})")
# 甲还与乙签订协议: the adverbs between a subject and the 与 of its partner (the clause goes
# on: 甲 acts, and a name never ends in one)
PARTNER_ADVERBS = (
    "还",
    "也",
    "又",
    "亦",
    "并",
    "已",
    "已经",
    "同时",
    "主动",
    "积极",
    "先后",
    "率先",
    "长期",
)
# the words that point back at what was named before (该党支部, 这个党支部, 此项目), read by
# the recognizer (a kind after one refers) and the counts (whose figure it is)
DEMONSTRATIVES = ("该", "此", "这个", "这一", "这家", "那个")
# the verbs that open what a speaker says (甲介绍，…), read by the relations (whose clause a
# name opens) and the counts (whose figure a speaker gives)
SPEECH_VERBS = ("介绍", "表示", "强调", "指出", "坦言", "告诉记者", "说")
# the kinds of workplace whose Party body the document writes by the kind alone (矿党委 after
# 大柳塔煤矿党委, 码头党委 after 前湾码头公司党委), read by the recognizer and the resolve stage
SITE_KINDS = ("码头", "矿", "厂", "港", "站", "馆", "庭")
# 东风汽车集团有限公司: the legal forms that close a company's name (longest first), read by
# the organization grammar, the nesting relations and the resolve stage
LEGAL_FORMS = ("股份有限责任公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司")
# 甲公司党委, 乙村党总支部: the kinds of Party body that close a body's name
PARTY_BODY_END = re.compile(r"(?:党委|党工委|党组|党总支部?|党支部)$")


def alternation(words: Iterable[str], then: Iterable[str] = ()) -> str:
    """A regex matching the longest of ``words`` at a position, then any of ``then`` (in order).

    The words are written as a trie (党委书记|党委委员 → 党委(?:书记|委员)), which matches
    exactly what the longest-first alternation of the words matches, backtracking included:
    the words matching at one position are prefixes of one another and the trie tries them
    longest first. Python's ``re`` tries the alternatives of a group one after the other, so
    the trie saves the attempts at every word sharing a first character with the text (1.2-1.5x
    faster on the post and suffix lists). Every alternative starts with a plain character,
    which lets ``re`` skip the positions where none can start at C speed."""
    trie: dict[str, dict] = {}
    for word in words:
        if word:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}  # a word ends here
    return "(?:" + "|".join([*_trie_branches(trie), *map(re.escape, then)]) + ")"


def _trie_branches(node: dict[str, dict]) -> list[str]:
    """The alternatives below one trie node: a character, then what may follow it."""
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        rest = _trie_branches(child)
        if not rest:
            tail = ""
        elif "" in child:  # a word ends at this character: what follows is optional
            tail = "(?:" + "|".join(rest) + ")?"
        else:
            tail = rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")"
        branches.append(re.escape(char) + tail)
    return branches


def word_list(filename: str) -> tuple[str, ...]:
    """All whitespace-separated words of one list file, in file order."""
    return tuple(w for line in _lines(extract_file(filename)) for w in line.split())


def table(filename: str) -> list[list[str]]:
    """Rows of a tab-separated list file."""
    return [[cell.strip() for cell in line.split("\t")] for line in _lines(extract_file(filename))]


@dataclass(frozen=True)
class PlaceSuffix:
    suffix: str
    max_name: int
    level: str


@dataclass(frozen=True)
class Organ:
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Every word list the rules use, loaded once."""

    org_suffixes: tuple[str, ...]
    place_suffixes: tuple[PlaceSuffix, ...]
    program_suffixes: tuple[str, ...]
    unquoted_program_suffixes: tuple[str, ...]
    boundary_words: frozenset[str]
    name_words: frozenset[str]
    program_inner_words: frozenset[str]
    generic_names: frozenset[str]
    surnames: frozenset[str]
    posts: dict[str, str]
    organs: tuple[Organ, ...]
    relation_cues: dict[str, tuple[str, ...]]
    regions: dict[str, tuple[str, ...]]
    not_person_tails: tuple[str, ...] = ()
    model_surnames: frozenset[str] = frozenset()
    model_org_suffixes: tuple[str, ...] = ()
    model_place_suffixes: tuple[str, ...] = ()
    team_suffixes: tuple[str, ...] = ()
    org_name_words: tuple[str, ...] = ()
    place_name_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind_qualifiers: frozenset[str] = frozenset()
    generic_bodies: frozenset[str] = frozenset()

    @property
    def organ_names(self) -> frozenset[str]:
        """Every name and alias of the named organs (organizations only)."""
        return frozenset(
            n for organ in self.organs if organ.type == "ORG" for n in (organ.name, *organ.aliases)
        )

    @property
    def max_boundary_len(self) -> int:
        return max(len(w) for w in self.boundary_words)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read all lists under ``extract/`` (cached)."""
    organs = []
    for filename in ("organs.txt", "known_programs.txt"):
        for row in table(filename):
            aliases = tuple(a for a in row[2].split(",") if a) if len(row) > 2 else ()
            organs.append(Organ(row[0], row[1], aliases))
    return Lexicon(
        org_suffixes=tuple(sorted(word_list("org_suffixes.txt"), key=len, reverse=True)),
        place_suffixes=tuple(
            PlaceSuffix(r[0], int(r[1]), r[2]) for r in table("place_suffixes.txt")
        ),
        program_suffixes=tuple(
            sorted((r[0] for r in table("program_suffixes.txt")), key=len, reverse=True)
        ),
        unquoted_program_suffixes=tuple(
            sorted(
                (r[0] for r in table("program_suffixes.txt") if r[1:] == ["any"]),
                key=len,
                reverse=True,
            )
        ),
        boundary_words=frozenset(word_list("boundary_words.txt")),
        name_words=frozenset(word_list("name_words.txt")),
        program_inner_words=frozenset(word_list("program_inner_words.txt")),
        generic_names=frozenset(word_list("generic_names.txt")),
        surnames=frozenset(word_list("surnames.txt")),
        posts={r[0]: r[1] for r in table("person_roles.txt")},
        organs=tuple(organs),
        relation_cues={r[0]: tuple(r[1].split()) for r in table("relation_cues.tsv")},
        regions={r[0]: tuple(r[1].split()) if len(r) > 1 else () for r in table("regions.txt")},
        not_person_tails=word_list("person_name_tails.txt"),
        model_surnames=frozenset(word_list("model_surnames.txt")),
        model_org_suffixes=word_list("model_org_suffixes.txt"),
        model_place_suffixes=word_list("model_place_suffixes.txt"),
        team_suffixes=tuple(sorted(word_list("team_suffixes.txt"), key=len, reverse=True)),
        org_name_words=word_list("org_name_words.txt"),
        place_name_phrases={r[0]: tuple(r[1].split()) for r in table("place_name_phrases.txt")},
        kind_qualifiers=frozenset(word_list("kind_qualifiers.txt")),
        generic_bodies=frozenset(word_list("generic_bodies.txt")),
    )
