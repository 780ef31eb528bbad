"""Numbers with a unit, sentence by sentence, found by one scan of a document's text.

:mod:`kg.quantities` looks for its counts sentence by sentence; a scan of each sentence
costs a step of the Python loop for every number, most of which (一 in 统一) have no unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.relate import SentenceView

SENTENCE_END_MARKS = frozenset("。！？!?”’」』）)，,；;、")


def numbers_by_sentence(
    text: str,
    views: list[SentenceView],
    number_re: re.Pattern[str],
    with_unit: re.Pattern[str] | None,
) -> list[Iterable[re.Match[str]]]:
    """The numbers of each sentence a unit may follow, in order.

    Where the sentences are in text order and each ends cleanly, one scan of the text by
    ``with_unit``: no number runs over a mark or a space, so the scan finds the
    numbers of each sentence as a scan of that sentence would, and it skips the many numbers
    with no unit (一 in 统一) at C speed. Else each sentence on its own, by ``number_re`` where
    it ends inside a run of characters."""
    ends = [view.sentence.end for view in views]

    def one_by_one() -> list[Iterable[re.Match[str]]]:
        return [
            (with_unit if with_unit and ends_cleanly(text, end) else number_re).finditer(
                text, view.sentence.start, end
            )
            for view, end in zip(views, ends, strict=True)
        ]

    length = len(text)
    if (
        with_unit is None
        or ends != sorted(ends)
        or not all(
            end >= length or text[end].isspace() or text[end - 1] in SENTENCE_END_MARKS
            for end in ends
        )
    ):
        return one_by_one()
    by_sentence: list[Iterable[re.Match[str]]] = [() for _ in views]
    found: list[re.Match[str]] = []
    k = -1
    for m in with_unit.finditer(text):
        start, end = m.span()
        while k + 1 < len(views) and views[k + 1].sentence.start <= start:
            k += 1
            found = []
        if k < 0 or end > ends[k]:
            if (
                k < 0
                or start < ends[k]
                or (k + 1 < len(views) and end > views[k + 1].sentence.start)
            ):
                return one_by_one()  # a number across a sentence's edge: no such sentences
            continue  # between the sentences given
        if not found:
            by_sentence[k] = found
        found.append(m)
    return by_sentence


def ends_cleanly(text: str, end: int) -> bool:
    """The sentence ends at the text's end, before a space or after a mark, not cut
    inside a run of characters (a sentence too long for :mod:`kg.segment`)."""
    return end >= len(text) or text[end].isspace() or text[end - 1] in SENTENCE_END_MARKS
