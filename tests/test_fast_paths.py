"""The extractor's fast paths give exactly what their plain versions give.

Each speed-up of the extraction (issue 2's speed target) replaced a simple construct with a
faster one: a regex that starts with a look-behind by one that starts with a character
class, ``dataclasses.replace`` by a constructor, a ``Doc`` built from strings by one built
from string-store keys. These tests hold each fast path to its plain version on generated
text, so that a later edit cannot make them drift apart.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields, replace

import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.lexicon import alternation
from kg.recognize import (
    CharSegmenter,
    OrgNameGrammar,
    PersonRules,
    ProgramRules,
    build_pipeline,
    is_name_char,
)
from kg.records import Quantity, Relation, Sentence
from kg.relate import _evidence
from kg.resolve import longer_forms
from kg.segment import _END

BLANK_VOCAB = spacy.blank("zh").vocab  # shared: a new pipeline costs 30 ms an example
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


def _person_rules() -> PersonRules:
    return build_pipeline().get_pipe("dj_persons")


def _program_rules() -> ProgramRules:
    return build_pipeline().get_pipe("dj_programs")


# ---------------------------------------------------------------- CharSegmenter


@given(st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_char_segmenter_gives_one_token_per_character_for_any_text(text: str) -> None:
    segmenter = CharSegmenter(BLANK_VOCAB)  # a new segmenter: its cache starts empty
    for _ in range(2):  # the second call reads the characters from its cache
        doc = segmenter(text)
        assert [t.text for t in doc] == list(text)
        assert doc.text == text
        assert doc.user_data["dj_text"] == text


def test_char_segmenter_learns_characters_it_has_not_seen() -> None:
    segmenter = CharSegmenter(spacy.blank("zh").vocab)
    assert [t.text for t in segmenter("党支部")] == ["党", "支", "部"]
    rare = "𠀀㐀😀\u3000党"  # CJK extension B and A, an emoji, an ideographic space
    doc = segmenter(rare)
    assert [t.text for t in doc] == list(rare)
    assert [t.orth for t in doc] == [doc.vocab.strings[c] for c in rare]


# ---------------------------------------------------------------- regexes


SENTENCE_TEXT = st.text(st.one_of(CJK, st.sampled_from("。！？!?”’」』）)\n ，a1")), max_size=80)


@given(SENTENCE_TEXT)
@settings(max_examples=300, deadline=None)
def test_sentence_end_pattern_matches_the_plain_alternation(text: str) -> None:
    plain = re.compile(r"[。！？!?]+[”’」』）)]*|\n+")
    assert [m.span() for m in _END.finditer(text)] == [m.span() for m in plain.finditer(text)]


QUOTED_TEXT = st.text(st.one_of(CJK, st.sampled_from("“”‘’《》\n，。")), max_size=80)


@given(QUOTED_TEXT)
@settings(max_examples=300, deadline=None)
def test_quoted_name_pattern_matches_the_plain_alternation(text: str) -> None:
    rules = _program_rules()
    plain = re.compile(rf"[“‘]([^“”‘’\n]{{1,{rules.MAX_QUOTED}}})[”’]|《([^《》\n]{{1,40}})》")
    ours = [(m.span(), m.groups()) for m in rules.quoted.finditer(text)]
    assert ours == [(m.span(), m.groups()) for m in plain.finditer(text)]


def _name_text() -> st.SearchStrategy[str]:
    rules = _person_rules()
    surnames = sorted(s for s in rules.surnames if len(s) == 1)[:40]
    pieces = st.one_of(
        st.sampled_from(surnames),
        st.sampled_from(list(PersonRules.RECURRING_MARKS + PersonRules.SPEAKER_MARKS)),
        st.sampled_from(["说", "表示", "是", "介绍"]),
        CJK,
    )
    return st.lists(pieces, max_size=40).map("".join)


@given(_name_text())
@example("，王的李四说，张三")  # 王的李 overlaps 李四说, which a look-behind pattern skips
@settings(max_examples=300, deadline=None)
def test_recurring_name_candidates_match_the_look_behind_pattern(text: str) -> None:
    rules = _person_rules()
    single = "".join(sorted(s for s in rules.surnames if len(s) == 1))
    plain = re.compile(f"(?<=[{PersonRules.RECURRING_MARKS}])([{single}][\u4e00-\u9fff]{{2}})")
    assert list(rules._recurring_candidates(text)) == [m.group(1) for m in plain.finditer(text)]


@given(_name_text())
@settings(max_examples=300, deadline=None)
def test_speaker_positions_match_the_look_behind_pattern(text: str) -> None:
    rules = _person_rules()
    firsts = "".join(sorted({s[0] for s in rules.surnames}))
    plain = re.compile(
        f"(?:^|(?<=[{PersonRules.SPEAKER_MARKS}]))(?=[{firsts}]){PersonRules.SPEAKER_AFTER}",
        re.M,
    )
    assert list(rules._speaker_positions(text)) == [m.end() for m in plain.finditer(text)]


ORG_CHARS = st.sampled_from("党委支部书记社区村")
WORDS = st.lists(st.text(ORG_CHARS, min_size=1, max_size=4), max_size=12)


@given(WORDS, st.text(st.sampled_from("党委支部书记社区村，"), max_size=60))
@settings(max_examples=300, deadline=None)
def test_alternation_finds_the_longest_word_at_each_position(words: list[str], text: str) -> None:
    if not words:
        return
    pattern = re.compile(alternation(words))
    for m in pattern.finditer(text):
        here = [w for w in words if text.startswith(w, m.start())]
        assert m.group() == max(here, key=len)


def test_alternation_tries_then_words_in_their_order_after_the_words() -> None:
    pattern = re.compile(alternation(["书记"], then=["党委", "党委书记"]))
    assert pattern.match("党委书记").group() == "党委"  # order kept, not the longest
    assert pattern.match("书记员").group() == "书记"
    assert pattern.match("支部") is None


# ---------------------------------------------------------------- records


@pytest.mark.parametrize("record_type", [Relation, Quantity])
def test_record_copies_equal_dataclasses_replace(record_type: type) -> None:
    """Every field is carried over: one added later and forgotten fails here."""
    values = {f.name: f"value of {f.name}" for f in fields(record_type)}
    record = record_type(**values)
    if record_type is Relation:
        assert record.between("甲", "乙") == replace(record, head="甲", tail="乙")
    else:
        assert record.about("甲") == replace(record, subject="甲")


# ---------------------------------------------------------------- pipeline


def test_extractor_pipeline_skips_doc_ents_but_chooses_the_same_entities() -> None:
    text = "近日，杭州市西湖区委组织部召开推进会，书记张明说要开展“红色领航”行动。"
    with_ents = build_pipeline()(text)
    without = build_pipeline(set_ents=False)(text)
    chosen = [(c.start, c.end, c.label) for c in with_ents.user_data["dj_chosen"]]
    assert chosen == [(c.start, c.end, c.label) for c in without.user_data["dj_chosen"]]
    assert [(e.start, e.end, e.label_) for e in with_ents.ents] == chosen
    assert list(without.ents) == []


def test_name_ruler_candidates_carry_the_pattern_id_as_their_rule() -> None:
    doc = build_pipeline()("广州市天河区召开会议，珠三角各市参加。")
    text = doc.user_data["dj_text"]
    found = {(text[c.start : c.end], c.rule) for c in doc.user_data["dj_candidates"]}
    assert ("广州市", "440100") in found
    assert ("天河区", "440106") in found
    assert ("珠三角", "region") in found


def test_gazetteer_context_remembers_only_division_names() -> None:
    nlp = build_pipeline()
    context = nlp.get_pipe("dj_gazetteer_context")
    text = "白云区和甲乙丙丁镇、戊己庚辛村的党员来到广州市。"
    first = nlp(text).user_data["dj_chosen"]
    remembered = set(context._known_names)
    assert nlp(text).user_data["dj_chosen"] == first  # the same choice from memory
    assert {"白云区", "广州市"} <= remembered
    assert not any(name.endswith(("镇", "村")) for name in remembered)


def _chain_ends_one_position_at_a_time(rules: OrgNameGrammar, text: str, end: int) -> list[int]:
    """The plain version: try the suffix pattern at every position of the link."""
    ends = [end]
    while True:
        best = None
        for gap in range(rules.MAX_LINK + 1):
            pos = end + gap
            if pos >= len(text) or (
                gap and not is_name_char(text[pos - 1]) and text[pos - 1] not in "“”‘’"
            ):
                break
            if gap and rules.scanner.boundary_ending_at(text, pos, end):
                break
            m = rules.suffix_at.match(text, pos)
            if m and gap and text[end] in "和与及":
                break  # 甲临时党支部和平塘…临时党支部: two bodies
            if m and gap and (
                rules.NEW_UNIT.search(text, end, pos) or rules.SESSION.search(text, end, pos)
            ):
                break
            if m and gap and rules._quoted_name_in(text[end:pos]):
                break  # 甲党委“五星级党组织”: a quoted name of its own
            if m:
                nxt = text[m.end() : m.end() + 1]
                if not (nxt and nxt in rules.NOT_SUFFIX_BEFORE.get(m.group(), "")):
                    best = m.end()
                break
        if best is None:
            return ends
        end = best
        ends.append(end)


CHAIN_PIECES = st.one_of(
    st.sampled_from(["党委", "党支部", "委员会", "组织部", "联合党委", "党组织", "村", "社区"]),
    st.sampled_from(["第一", "和", "的", "“", "”", "，", "门", "议", "办公室", "宣传部"]),
    CJK,
)


@given(st.lists(CHAIN_PIECES, max_size=12).map("".join), st.integers(0, 12))
@example("市委组织部办公室党支部", 2)
@example("和议党委", 0)  # a link opening with 和 joins no suffix (found by the search)
@settings(max_examples=400, deadline=None)
def test_org_suffix_chain_matches_trying_every_position(text: str, end: int) -> None:
    rules = build_pipeline().get_pipe("dj_orgs")
    end = min(end, len(text))
    assert rules._chain_ends(text, end) == _chain_ends_one_position_at_a_time(rules, text, end)


@given(st.lists(st.text(ORG_CHARS, min_size=1, max_size=6), unique=True, max_size=20))
@settings(max_examples=300, deadline=None)
def test_longer_forms_are_the_names_ending_with_each_name(names: list[str]) -> None:
    index = longer_forms(names)
    for short in names:
        expected = [n for n in names if len(n) > len(short) and n.endswith(short)]
        if len(short) >= 2:
            assert index.get(short, []) == expected


CLAUSE_MARKS = "，,；;：:。！？!?"
EVIDENCE_TEXT = st.text(st.one_of(CJK, st.sampled_from(CLAUSE_MARKS)), min_size=1, max_size=60)


@given(EVIDENCE_TEXT, st.data())
@settings(max_examples=300, deadline=None)
def test_evidence_starts_after_the_last_clause_mark_before_the_span(
    sentence_text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(sentence_text) - 1))
    end = data.draw(st.integers(start + 1, len(sentence_text)))
    sentence = Sentence(0, 100, 100 + len(sentence_text), sentence_text)
    text = " " * 100 + sentence_text
    lo = max(sentence_text.rfind(mark, 0, start) for mark in CLAUSE_MARKS) + 1
    after = re.compile(f"[{CLAUSE_MARKS}]").search(sentence_text, end)
    hi = after.start() if after else len(sentence_text)
    expected = sentence_text[lo:hi].strip() or sentence_text
    assert _evidence(text, 100 + start, 100 + end, sentence) == expected


def test_jieba_dictionary_read_by_one_regex_is_read_line_by_line() -> None:
    """The frequent words of jieba's dictionary, read with one regex over the file, are those
    a split of each line gives."""
    from pathlib import Path

    import jieba

    from kg.recognize.base import COMMON_FREQ, jieba_dictionary

    plain = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3 and int(parts[1]) >= COMMON_FREQ:
                plain.append((parts[0], int(parts[1]), parts[2]))
    assert len(plain) > 30_000
    assert jieba_dictionary() == tuple(plain)
    # found without importing jieba (0.3 s of every extractor's start)
    code = (
        "import sys\nfrom kg.recognize.base import jieba_dictionary\n"
        "assert len(jieba_dictionary()) > 30_000\nprint('jieba' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
