"""Optional NER layer backed by a trained spaCy pipeline (e.g. ``zh_core_web_sm``).

The rule-based extractors work on spaCy's blank ``zh`` pipeline. Users who have
installed a trained Chinese pipeline (``python -m spacy download zh_core_web_sm``)
or saved one to a folder can add its entity predictions with
:class:`ModelEntityRecognizer` and combine them with the rule mentions through
:func:`merge_mentions`, where the rules always win on overlap. Nothing here
installs or requires a model: loading fails with :class:`ModelLoadError`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import accumulate

import spacy
from spacy.language import Language

from kg.records import Mention

MODEL_LABEL_MAP: dict[str, str] = {
    "ORG": "ORG",
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}
"""Model label -> entity type of this project; labels not listed are dropped."""

# Standard components that NER never needs; names absent from a pipeline are ignored.
_EXCLUDE: tuple[str, ...] = (
    "parser",
    "tagger",
    "morphologizer",
    "lemmatizer",
    "trainable_lemmatizer",
    "attribute_ruler",
    "senter",
    "sentencizer",
    "textcat",
    "textcat_multilabel",
    "spancat",
    "entity_linker",
)
_SENTENCE_ENDS = "。！？；!?;"


class ModelLoadError(Exception):
    """A spaCy pipeline could not be loaded or has no ``ner`` component."""

    def __init__(self, name_or_path: str, reason: str) -> None:
        reason = " ".join(str(reason).split()) or "unknown error"
        super().__init__(f"cannot load spaCy model {name_or_path!r}: {reason}")


class ModelEntityRecognizer:
    """Entity mentions predicted by a trained spaCy pipeline, mapped to project types."""

    def __init__(self, name_or_path: str) -> None:
        """Load an installed pipeline package by name or a saved pipeline folder by path."""
        try:
            nlp = spacy.load(name_or_path, exclude=list(_EXCLUDE))
        except Exception as exc:  # spaCy raises OSError, ValueError, ImportError, ...
            raise ModelLoadError(name_or_path, str(exc)) from exc
        if "ner" not in nlp.pipe_names:
            raise ModelLoadError(
                name_or_path, f"pipeline has no 'ner' component (pipes: {nlp.pipe_names})"
            )
        self.nlp: Language = nlp
        meta = nlp.meta
        self.name: str = (
            f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
        )

    def __call__(self, text: str) -> list[Mention]:
        """Entity mentions of ``text`` (offsets into ``text``, rule ``model:<LABEL>``)."""
        spans = list(_chunks(text, max(1, self.nlp.max_length)))
        out: list[Mention] = []
        for (offset, _), doc in zip(spans, self.nlp.pipe(c for _, c in spans), strict=True):
            for ent in doc.ents:
                etype = MODEL_LABEL_MAP.get(ent.label_)
                if etype is None:
                    continue
                start, end = offset + ent.start_char, offset + ent.end_char
                out.append(Mention(start, end, text[start:end], etype, f"model:{ent.label_}"))
        return out


def _chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into ``(offset, chunk)`` pieces of at most ``limit`` characters.

    Whole lines are packed together; a line longer than ``limit`` is cut after the last
    sentence-final punctuation within the limit, or hard at the limit if there is none.
    """
    start, n = 0, len(text)
    while start < n:
        end = start + limit
        if end >= n:
            yield start, text[start:]
            return
        cut = text.rfind("\n", start, end) + 1
        if cut <= start:
            cut = max(text.rfind(ch, start, end) for ch in _SENTENCE_ENDS) + 1
        if cut <= start:
            cut = end
        yield start, text[start:cut]
        start = cut


def merge_mentions(
    rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention]
) -> list[Mention]:
    """All rule mentions plus the model mentions that overlap no rule mention.

    The result is sorted by ``(start, -length)``; ties keep rule mentions first.
    """
    rules = sorted(rule_mentions, key=lambda m: m.start)
    starts = [m.start for m in rules]
    max_end = list(accumulate((m.end for m in rules), max))

    def free(m: Mention) -> bool:
        i = bisect_left(starts, m.end)  # rules[:i] start before m ends
        return i == 0 or max_end[i - 1] <= m.start

    kept = [m for m in model_mentions if free(m)]
    return sorted([*rule_mentions, *kept], key=lambda m: (m.start, m.start - m.end))
