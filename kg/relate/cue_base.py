"""Cue words of ``extract/relation_cues.tsv`` found in a sentence, and the mentions
before and after them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.lexicon import SPEECH_VERBS, Lexicon, alternation, load_lexicon
from kg.records import Mention
from kg.relate.common import (
    _CLAUSE_END,
    _CLAUSE_MARK,
    _LIST_GAP,
    SentenceView,
    _opening_mention,
)

_LIST_SEPARATORS = re.compile(r"[、和与及\s]")
_ITEM_MARK = re.compile(r"[、：:；;，,](?=[^、：:；;，,]*$)")  # the last mark: an item starts
_NO_QUOTES = str.maketrans("", "", "“”‘’")
# 甲、乙、丙三家单位党组织与丁结对共建: the list counted, then its partner
_COUNTED_BEFORE_PARTNER = re.compile(
    r"等?[\d一二两三四五六七八九十]+[家个所]单?位?(?:党组织|党委|党支部)?\s*[与和同跟]"
)


class CueScanner:
    """The cue words of each relation, and where to look around them."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon or load_lexicon()
        self.generic = lexicon.generic_names
        self.cues = {
            rel: re.compile(alternation(words)) for rel, words in lexicon.relation_cues.items()
        }

    def _acting_before_at(
        self, view: SentenceView, text: str, head: Mention, kinds: set[str]
    ) -> Mention:
        """青禾区在花园村开展X, 甲党工委在乙片区设立了X: the body written right before 在
        acts where it says, not the place after 在."""
        if text[head.start - 1 : head.start] != "在":
            return head
        subject = self._head_before(view, head.start - 1, kinds)
        if subject is not None and subject.end == head.start - 1:
            return subject
        if text[head.start - 2 : head.start - 1] in ("，", ","):
            # 甲党委坚持…，在乙协会中推行X: the body the sentence opens on
            opening = _opening_mention(view, text)
            if opening is not None and opening.type in kinds and opening.end < head.start - 1:
                return opening
        return head

    MAKING = ("建设", "培育")  # verbs of making that are no cue words (打造, 组建 … are)

    def _not_an_object(self, view: SentenceView, text: str, head: Mention) -> Mention | None:
        """实施X工程：建设“甲驿站”、组建“乙服务队”、开设“丙课堂”: a name a cue word of its own
        list item governs (建设甲, 组建乙) is what is set up, not who acts after it; the body
        the sentence opens on acts, if any."""
        mark = _ITEM_MARK.search(text, max(view.sentence.start, head.start - 12), head.start)
        if mark is None or mark.group() not in "、：:":
            return head  # a clause's body after a comma is its subject (or _clause_subject's)
        item_start = mark.end()
        before = text[item_start : head.start]
        governed = any(
            self.cues[relation].search(before) for relation in ("implements", "established")
        ) or any(verb in before for verb in self.MAKING)
        if not governed:
            return head
        opening = _opening_mention(view, text)
        if opening is not None and opening.type in {"ORG", "PLACE"} and opening.end < item_start:
            return opening
        return None

    def _clause_subject(
        self, view: SentenceView, text: str, head: Mention, cue_start: int
    ) -> Mention | None:
        """甲党支部领办成立乙合作社，采取X模式: a body that a verb of an earlier clause
        governs (乙) is not the subject of the clause with the cue; the body the sentence
        opens on is. None where the body is what a speaker's clause is about (表示，将推动甲…，
        打造X): the clause's subject is then the document's or the area's."""
        if not _CLAUSE_MARK.search(text, head.end, cue_start):
            return head
        breaks = list(_CLAUSE_MARK.finditer(text, view.sentence.start, head.start))
        clause_start = breaks[-1].end() if breaks else view.sentence.start
        # a chain of names before the body (瑶海区|泉梅社区) still opens the clause
        ends = {m.end: m.start for m in view.mentions if m.start >= clause_start}
        pos = head.start
        while pos in ends and ends[pos] < pos:
            pos = ends[pos]
        if not text[clause_start:pos].strip(" \u3000“"):
            return head  # the body opens its clause: its subject
        speaker = self._speakers_body(view, text, clause_start)
        if speaker is not None:
            return speaker
        opening = _opening_mention(view, text)
        if (
            opening is not None
            and opening.type in {"ORG", "PLACE"}
            and opening.start < head.start
            and opening.start >= clause_start
        ):
            return opening
        clause_end = _CLAUSE_MARK.search(text, head.end, cue_start)
        if self.SAYS.search(
            text, max(view.sentence.start, clause_start - 3), clause_start
        ) and not self.SAYS.search(text, head.end, clause_end.end() if clause_end else cue_start):
            # 区委书记表示，将推动“甲驿站”提档升级，打造“乙”: what the speaker's clause is
            # about is no actor of the next one (甲党委负责人表示，…: the speaker's body is)
            return None
        return head

    SAID = re.compile(f"(?:{'|'.join(SPEECH_VERBS)})[:：，,]")  # 甲介绍，…
    SAYS = re.compile(SAID.pattern + "$")

    def _speakers_body(self, view: SentenceView, text: str, clause_start: int) -> Mention | None:
        """甲局局长乙表示，将推广丙经验，实施X: in what a speaker says, the body of the
        speaker's post (the organization opening the speaker's clause) acts."""
        says = self.SAYS.search(text, max(view.sentence.start, clause_start - 3), clause_start)
        if says is None:
            return None
        speaker = self._head_before(view, says.start(), {"PERSON"})
        if speaker is None or speaker.end != says.start():
            return None
        breaks = list(_CLAUSE_MARK.finditer(text, view.sentence.start, speaker.start))
        opens = breaks[-1].end() if breaks else view.sentence.start
        return next(
            (m for m in view.mentions if opens <= m.start < speaker.start and m.type == "ORG"),
            None,
        )

    def _cue_positions(
        self, relation: str, view: SentenceView, text: str
    ) -> Iterator[re.Match[str]]:
        """Cue words of ``relation`` inside the sentence (offsets in the document text)."""
        # only the few sentences holding the right entity types are searched; a cue inside
        # a name (实施 in 《实施方案》) is no cue
        mentions = view.mentions
        for cue in self.cues[relation].finditer(text, view.sentence.start, view.sentence.end):
            at = cue.start()
            for m in mentions:  # a loop, not any(): this runs for every cue word
                if m.start <= at < m.end:
                    break
            else:
                yield cue

    @staticmethod
    def _head_before(view: SentenceView, pos: int, types: set[str]) -> Mention | None:
        """Nearest mention of the right type before ``pos`` in the sentence."""
        best = None
        for m in view.mentions:
            if m.end <= pos and m.type in types:
                best = m
        return best

    @staticmethod
    def _list_after(view: SentenceView, text: str, pos: int, types: set[str]) -> list[Mention]:
        """Mentions of the right type after ``pos`` in the same clause, with list members."""
        clause_end = view.sentence.end
        m_end = _CLAUSE_END.search(text, pos, view.sentence.end)
        if m_end:
            clause_end = m_end.start()
        out = [
            m for m in view.mentions if pos <= m.start and m.end <= clause_end and m.type in types
        ]
        # 、-separated lists may cross a comma-free clause only
        return out

    PAIR_GAP = re.compile(r"\s*[与和同跟、]\s*")

    def _org_list(self, text: str, orgs: list[Mention]) -> list[Mention]:
        """``A、B和C`` starting with the first organization: every member of the list."""
        members = [orgs[0]]
        for m in orgs[1:]:
            if not self.PAIR_GAP.fullmatch(text[members[-1].end : m.start]):
                break
            members.append(m)
        return members

    def _list_before(self, view: SentenceView, text: str, head: Mention) -> list[Mention]:
        """``A、B和C`` ending at ``head``: every member of the list."""
        members = [head]
        ms = [m for m in view.mentions if m.end <= head.start]
        for m in reversed(ms):
            if m.type != head.type or not self._list_gap(text[m.end : members[-1].start]):
                break
            members.append(m)
        return list(reversed(members))

    def _list_from(self, view: SentenceView, text: str, first: Mention) -> list[Mention]:
        """``A、B和C`` starting at ``first``: every member of the list."""
        members = [first]
        for m in view.mentions:
            if m.start < members[-1].end:
                continue
            if m.type != first.type or not self._list_gap(text[members[-1].end : m.start]):
                break
            members.append(m)
        return members

    def _list_gap(self, gap: str) -> bool:
        """What may stand between two members of a list: marks and conjunctions, and
        kind-only names that are no entities (县总工会、团县委、县妇联)."""
        if _LIST_GAP.match(gap) or _COUNTED_BEFORE_PARTNER.fullmatch(gap):
            return True
        # “甲”“乙”“丙”, “甲”、“乙”: quoted names one after the other
        core = gap.translate(_NO_QUOTES)
        if core != gap and (not core or _LIST_GAP.match(core)):
            return True
        pieces = _LIST_SEPARATORS.split(gap.strip())
        return len(pieces) >= 2 and all(not p or p in self.generic for p in pieces)
