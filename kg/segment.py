"""Segment stage: split a document's text into sentences.

Sentences end at 。！？!? (with any closing quotes or brackets that follow) and at line
breaks. A run of text with no end mark longer than ``MAX_SENTENCE`` characters (a huge
line) is cut at the last comma, or hard at the limit, so later stages stay linear.
"""

from __future__ import annotations

import re

from kg.records import Sentence

MAX_SENTENCE = 600
# led by a character class, which lets the regex engine skip other positions fast
_END = re.compile(r"[。！？!?\n](?:(?<=\n)\n*|[。！？!?]*[”’」』）)]*)")
_SOFT_BREAK = re.compile(r"[，,；;、]")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their character spans; blank stretches are skipped."""
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        # nearly every sentence is short: one call, not two
        (_emit_one if end - start <= MAX_SENTENCE else _emit)(text, start, end, sentences)
        start = end
    _emit(text, start, len(text), sentences)
    return sentences


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cut = max((m.end() for m in _SOFT_BREAK.finditer(window)), default=MAX_SENTENCE)
        _emit_one(text, start, start + cut, out)
        start += cut
    _emit_one(text, start, end, out)


def _emit_one(text: str, start: int, end: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    left = piece.lstrip()
    if left:
        body = left.rstrip()
        start += len(piece) - len(left)
        out.append(Sentence(len(out), start, start + len(body), body))
