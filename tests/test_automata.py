"""The Aho-Corasick automata of the recognizers find what the regular expressions of the
same words find (leftmost, longest, not overlapping): organizational suffixes with the
level organs (区委), place suffixes and post words, on texts made of those words and
of their pieces."""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.lexicon import alternation, load_lexicon
from kg.recognize import build_pipeline
from kg.recognize.organizations import OrgNameGrammar
from kg.recognize.people import PersonRules
from kg.recognize.places import PlaceNameGrammar


@lru_cache(maxsize=1)
def _rules() -> tuple[OrgNameGrammar, PlaceNameGrammar, PersonRules]:
    nlp = build_pipeline(set_ents=False)
    return nlp.get_pipe("dj_orgs"), nlp.get_pipe("dj_places"), nlp.get_pipe("dj_persons")


def _words() -> list[str]:
    lexicon = load_lexicon()
    words = {*lexicon.org_suffixes, *lexicon.posts, *(s.suffix for s in lexicon.place_suffixes)}
    words |= {f"{level}委" for level in OrgNameGrammar.LEVEL_ORGANS}
    pieces = {w[:cut] for w in words for cut in range(1, len(w))}
    return sorted(words | pieces | {"的", "，", " ", "：", "张三"})


TEXTS = st.lists(st.sampled_from(_words()), max_size=40).map("".join)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_org_suffix_automaton_finds_what_the_suffix_regex_finds(text: str) -> None:
    orgs, _, _ = _rules()
    assert orgs.suffix_words is not None
    assert list(orgs._suffixes(text)) == [m.span() for m in orgs.suffix_re.finditer(text)]


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_place_suffix_automaton_finds_what_the_place_regex_finds(text: str) -> None:
    _, places, _ = _rules()
    found = [(start, end) for _, start, end in places.suffix_words.find_matches_as_indexes(text)]
    assert found == [m.span() for m in places.pattern.finditer(text)]


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_post_automaton_finds_what_the_post_regex_finds(text: str) -> None:
    _, _, persons = _rules()
    posts = sorted(load_lexicon().posts, key=len, reverse=True)
    post_re = re.compile(f"{alternation(posts)}[ \u3000:：]*")
    found = [
        persons.POST_GAP.match(text, end).end()
        for _, _, end in persons.post_words.find_matches_as_indexes(text)
    ]
    assert found == [m.end() for m in post_re.finditer(text)]
