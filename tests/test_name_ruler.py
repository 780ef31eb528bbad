"""The name ruler's Aho-Corasick automaton finds what spaCy's PhraseMatcher finds, and the
extractor's pipeline reads the text without building a token per character."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import PhraseMatcher

from kg.gazetteer import Gazetteer
from kg.lexicon import alternation, load_lexicon
from kg.recognize import CharSegmenter, build_pipeline
from kg.recognize.base import Candidate
from kg.recognize.names import NameRuler, gazetteer_patterns, organ_patterns

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "corpus"
PATTERNS = [
    {"label": "PLACE", "pattern": "广州", "id": "4401"},
    {"label": "PLACE", "pattern": "广州市", "id": "4401"},
    {"label": "PLACE", "pattern": "州市", "id": "x"},
    {"label": "PLACE", "pattern": "天河", "id": "region"},
    {"label": "PLACE", "pattern": "天河", "id": "440106"},  # one phrase, two rules
    {"label": "ORG", "pattern": "天河区委", "id": "天河区委"},
]


@cache
def blank(role: str) -> spacy.language.Language:
    """One blank Chinese pipeline per ``role`` (the reference, the ruler's, the documents'),
    made once: a new one costs 30 ms, and the generated tests make hundreds."""
    nlp = spacy.blank("zh")
    if role == "reference":
        nlp.tokenizer = CharSegmenter(nlp.vocab)
    return nlp


def phrase_matcher_candidates(patterns: list[dict[str, str]], text: str) -> list[Candidate]:
    """The reference: a PhraseMatcher over one token per character."""
    nlp = blank("reference")
    matcher = PhraseMatcher(nlp.vocab)
    keys: dict[int, tuple[str, str]] = {}
    for p in patterns:
        key = f"{p['label']}\t{p['id']}"
        keys[nlp.vocab.strings.add(key)] = (p["label"], p["id"])
        matcher.add(key, [nlp.make_doc(p["pattern"])])
    doc = nlp.make_doc(text)
    return sorted({Candidate(s, e, *keys[k]) for k, s, e in matcher(doc)})


def ruler_candidates(ruler: NameRuler, text: str) -> list[Candidate]:
    doc = CharSegmenter(blank("documents").vocab, tokens=False)(text)
    return ruler(doc).user_data["dj_candidates"]


def test_overlapping_matches_and_shared_phrases() -> None:
    ruler = NameRuler(spacy.blank("zh"), PATTERNS)
    text = "广州市天河区委和天河，广州。"
    found = ruler_candidates(ruler, text)
    assert found == phrase_matcher_candidates(PATTERNS, text)
    assert Candidate(0, 3, "PLACE", "4401") in found and Candidate(1, 3, "PLACE", "x") in found
    assert {c.rule for c in found if text[c.start : c.end] == "天河"} == {"region", "440106"}


@given(st.text(alphabet="广州市天河区委和，。 \n", max_size=40))
@settings(max_examples=200, deadline=None)
def test_same_as_phrase_matcher_on_any_text(text: str) -> None:
    ruler = NameRuler(blank("ruler"), PATTERNS)
    assert ruler_candidates(ruler, text) == phrase_matcher_candidates(PATTERNS, text)


def test_same_as_phrase_matcher_with_the_real_patterns_on_the_sample_corpus() -> None:
    lexicon = load_lexicon()
    patterns = [*gazetteer_patterns(Gazetteer.load(), lexicon), *organ_patterns(lexicon)]
    ruler = NameRuler(spacy.blank("zh"), patterns)
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.glob("*.txt"))]
    assert texts
    for text in texts:
        found = ruler_candidates(ruler, text)
        assert found, "the sample articles name places"
        assert found == phrase_matcher_candidates(patterns, text)


def test_extractor_pipeline_builds_no_tokens_and_finds_the_same_entities() -> None:
    text = (SAMPLE / "01_village_branch.txt").read_text(encoding="utf-8")
    with_tokens = build_pipeline(set_ents=True)(text)
    without = build_pipeline(set_ents=False)(text)
    assert len(with_tokens) == len(text) and len(without) == 0
    assert without.user_data["dj_text"] == text
    assert without.user_data["dj_chosen"] == with_tokens.user_data["dj_chosen"]
    assert without.user_data["dj_nested"] == with_tokens.user_data["dj_nested"]


@pytest.mark.parametrize(
    "words",
    [
        ["党委书记", "党委委员", "党委", "书记", "党"],
        ["村", "社区", "社区居委会", "街道", "镇", "a.b", "(x)"],
    ],
)
def test_trie_alternation_matches_like_the_longest_first_alternation(words: list[str]) -> None:
    flat = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    trie = re.compile(alternation(words))
    text = "党委书记、党委委员和党委会，党的书记在社区居委会与社区、街道镇a.b(x)党委"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    # backtracking into the alternation gives the shorter words, longest first
    for tail, whole in (("委员", "党委委员"), ("居委会", "社区居委会"), ("书记", "党委书记")):
        by_trie = re.fullmatch(f"(?:{alternation(words)}){tail}", whole)
        by_flat = re.fullmatch(f"(?:{flat.pattern}){tail}", whole)
        assert (by_trie is None) == (by_flat is None)
