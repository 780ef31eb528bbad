"""Recognize stage: entity mentions (ORG, PERSON, PROGRAM, PLACE) as a spaCy pipeline.

The pipeline is spaCy's ``zh`` language with one token per character
(:class:`CharSegmenter`), followed by small components in the spaCy style
(``__call__(doc) -> doc``), each adding :class:`Candidate` names to the document. The
components read the text (``doc.user_data["dj_text"]``), not the tokens: the extractor's
pipeline (``set_ents=False``) builds a ``Doc`` without tokens, and only a pipeline that sets
``doc.ents`` builds one token per character.

* ``dj_names``: :class:`NameRuler`, every occurrence of the phrase patterns (what a
  ``PhraseMatcher`` finds, by an Aho-Corasick automaton over the text) for the
  administrative divisions of the gazetteer, the regions of ``extract/regions.txt`` and
  the named organs of ``extract/organs.txt``;
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
* ``dj_branch_hosts``: :class:`BranchHosts`, the parent company opening a branch's name
  (华润置地 in 华润置地杭州公司);
* ``dj_short_forms``: :class:`OrgShortForms`, the short forms of the organizations found
  (固始高中 for 固始县高级中学) where the text writes them;
* ``dj_merge``: :class:`EntityMerger`, keeps the longest non-overlapping candidates as
  ``doc.ents`` and the places and parent organizations nested inside them.

All rules run on the document text with compiled regular expressions and set look-ups;
the word lists they use are the plain files under ``extract/``. Patterns that scan the
whole text start with a plain character or a character class (never a look-around), so
that Python's ``re`` skips the positions where nothing can start at C speed;
``tests/test_fast_paths.py`` holds each such pattern to its plainer equivalent.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.gazetteer import Gazetteer
from kg.lexicon import load_lexicon
from kg.model_ner import ModelEntityRecognizer, merge_mentions
from kg.recognize.base import NESTED, Candidate, NameScanner, clean_name, is_name_char
from kg.recognize.lac import LacComponent  # noqa: F401  (registers the dj_lac factory)
from kg.recognize.merger import EntityMerger
from kg.recognize.model import ModelNames
from kg.recognize.names import GazetteerContext, NameRuler, gazetteer_patterns, organ_patterns
from kg.recognize.org_context import BranchHosts, OrgShortForms, OutletRules
from kg.recognize.organizations import OrgNameGrammar
from kg.recognize.people import PersonRules
from kg.recognize.places import PlaceNameGrammar
from kg.recognize.programs import ProgramRules
from kg.records import Mention, NestedMention, RecognizedDocument, Sentence, SourceDocument

__all__ = [
    "BranchHosts",
    "CharSegmenter",
    "EntityMerger",
    "EntityRecognizer",
    "GazetteerContext",
    "NameRuler",
    "NameScanner",
    "OrgNameGrammar",
    "OrgShortForms",
    "OutletRules",
    "PersonRules",
    "PlaceNameGrammar",
    "ProgramRules",
    "build_pipeline",
    "clean_name",
    "is_name_char",
]


@Language.factory("dj_names")
def _make_names(nlp: Language, name: str) -> NameRuler:
    lexicon = load_lexicon()
    patterns = [*gazetteer_patterns(Gazetteer.load(), lexicon), *organ_patterns(lexicon)]
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


@Language.factory("dj_model_names")
def _make_model_names(nlp: Language, name: str) -> ModelNames:
    return ModelNames(load_lexicon())


@Language.factory("dj_branch_hosts")
def _make_branch_hosts(nlp: Language, name: str) -> BranchHosts:
    return BranchHosts(load_lexicon().generic_names)


@Language.factory("dj_short_forms")
def _make_short_forms(nlp: Language, name: str) -> OrgShortForms:
    return OrgShortForms(Gazetteer.load())


@Language.factory("dj_merge", default_config={"set_ents": True})
def _make_merge(nlp: Language, name: str, set_ents: bool) -> EntityMerger:
    organs = frozenset(organ.name for organ in load_lexicon().organs)
    return EntityMerger(set_ents, organs)


_NAME_RULES = (
    "dj_names",
    "dj_places",
    "dj_gazetteer_context",
    "dj_orgs",
    "dj_programs",
    "dj_persons",
    "dj_outlets",
)
# after every name is a candidate (the model's too): names read off other names, the choice
_ON_NAMES = ("dj_branch_hosts", "dj_short_forms", "dj_merge")

RULE_COMPONENTS = (*_NAME_RULES, *_ON_NAMES)
MODEL_COMPONENTS = ("dj_lac", *_NAME_RULES, "dj_model_names", *_ON_NAMES)


class CharSegmenter:
    """spaCy ``zh`` character segmentation, one token per character, in linear time.

    spaCy's own ``zh`` char segmenter aligns words to the text by slicing the remaining
    text once per token, which is quadratic: a 2 MB line takes minutes. Building the
    ``Doc`` from the characters directly gives the same tokens (whitespace characters
    become tokens of their own) and ``doc.text == text``.
    """

    def __init__(self, vocab: Vocab, tokens: bool = True) -> None:
        """``tokens=False``: a ``Doc`` without tokens, holding the text in ``user_data`` only,
        for a pipeline whose components all read the text (no ``doc.ents`` to set)."""
        self.vocab = vocab
        self.tokens = tokens
        self._orth: dict[str, int] = {}

    def __call__(self, text: str) -> Doc:
        if not self.tokens:  # building a token per character costs a seventh of --fast
            doc = Doc(self.vocab, words=[])
            doc.user_data["dj_text"] = text
            return doc
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


@lru_cache(maxsize=4)
def build_pipeline(set_ents: bool = True, model: bool = False) -> Language:
    """The rule pipeline on spaCy's ``zh`` language with character segmentation; with
    ``model``, Baidu LAC (``dj_lac``) first and its names merged (``dj_model_names``) before
    the final choice.

    The entities are ``doc.ents`` (unless ``set_ents`` is false) and, as plain tuples,
    ``doc.user_data["dj_chosen"]``."""
    nlp = spacy.blank("zh")
    # the rules read the text, not tokens: only doc.ents (set_ents) needs the tokens
    nlp.tokenizer = CharSegmenter(nlp.vocab, tokens=set_ents)
    nlp.max_length = 100_000_000
    components = MODEL_COMPONENTS if model else RULE_COMPONENTS
    for component in components:
        config = {"set_ents": set_ents} if component == "dj_merge" else {}
        nlp.add_pipe(component, config=config)
    return nlp


def _mention(text: str, cand: Candidate) -> Mention:
    return Mention(
        cand.start, cand.end, clean_name(text[cand.start : cand.end]), cand.label, cand.rule
    )


class EntityRecognizer:
    """Text in, :class:`RecognizedDocument` out; optionally merged with a trained model's NER."""

    def __init__(self, model: str | None = None, fast: bool = False) -> None:
        self.fast = fast
        self.nlp = build_pipeline(set_ents=False, model=not fast)
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
