"""Refuse SPARQL that would reach beyond the loaded graph, before anything is evaluated.

A query may only read the graph it is run on. Refused, with one line:

* ``SERVICE`` (federation: the engine would open an HTTP connection to any host),
* ``FROM`` and ``FROM NAMED`` (rdflib loads those IRIs: ``file:///…`` or ``http://…``),
* ``LOAD`` and every other SPARQL update (the graph is read-only).

Two independent checks, both without evaluating anything:

1. a SPARQL tokenizer (:func:`tokens`): comments, string literals, IRIs, variables,
   prefixed names and language tags are recognized as such, so the word ``SERVICE`` in a
   comment, a string or ``ex:SERVICE`` is not refused, and a bare keyword token can only be
   the keyword. ``\\uXXXX`` escapes are expanded first, as SPARQL parsers do
   (``\\u0053ERVICE`` is ``SERVICE``);
2. rdflib's SPARQL parser (pyparsing, no evaluation): when it can parse the text, its parse
   tree is searched for ``ServiceGraphPattern`` and dataset clauses; when it parses as an
   update, the update is refused. Texts rdflib cannot parse (Oxigraph-only syntax) rely on
   the tokenizer alone.

Only then may a text reach an engine (whose own parser reports syntax errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kg.store import StoreError, UpdateRefusedError
from kg.store.sparql import GUARDED_WORDS, UPDATE_WORDS  # one list for the filter and here

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
               |'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |\"(?:[^\"\\\n\r]|\\.)*\"
               |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<bnode>_:[\w.\-]*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w.:\-%]|\\.)*)
    | (?P<word>\w+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class OutsideAccessError(StoreError):
    """A query that would read or fetch something other than the loaded graph."""

    def __init__(self, feature: str) -> None:
        self.feature = feature
        super().__init__(
            f"query: {feature} is refused: a query may only read the loaded graph "
            "(no SERVICE, FROM, FROM NAMED or LOAD)"
        )


def expand_codepoints(text: str) -> str:
    """``text`` with ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced, as SPARQL parsers do."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _CODEPOINT.sub(replace, text)


def tokens(sparql: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for each token of ``sparql`` (escapes expanded), without spaces and
    comments. Kinds: string, iri, var, bnode, lang, pname, word, other."""
    for match in _TOKEN.finditer(expand_codepoints(sparql)):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group(0)


def keywords(sparql: str) -> list[str]:
    """The bare words of ``sparql`` (keywords, function names), upper-cased, in order. The
    prefix of a prefixed name counts as a word when it is one this module refuses: rdflib
    reads ``FROM:g`` as FROM followed by ``:g`` (a parser may read any refused word so)."""
    words = []
    for kind, text in tokens(sparql):
        if kind == "word":
            words.append(text.upper())
        elif kind == "pname" and text.split(":", 1)[0].upper() in GUARDED_WORDS:
            words.append(text.split(":", 1)[0].upper())
    return words


def refuse_outside_access(sparql: str) -> None:
    """Raise :class:`OutsideAccessError` or :class:`UpdateRefusedError` if ``sparql`` uses
    SERVICE, FROM, FROM NAMED, LOAD or any update keyword (tokenizer check only: linear
    time, cheap enough to run before a query is queued)."""
    words = keywords(sparql)
    for index, word in enumerate(words):
        if word == "SERVICE":
            raise OutsideAccessError("SERVICE")
        if word == "FROM":
            named = index + 1 < len(words) and words[index + 1] == "NAMED"
            raise OutsideAccessError("FROM NAMED" if named else "FROM")
        if word in UPDATE_WORDS:
            raise UpdateRefusedError(word)


def check_access(sparql: str) -> None:
    """The full check: the tokenizer (:func:`refuse_outside_access`), then rdflib's parse
    tree where rdflib can parse the text. Raises only :class:`StoreError` subclasses."""
    refuse_outside_access(sparql)
    feature = _parse_tree_feature(sparql)
    if feature in UPDATE_WORDS:
        raise UpdateRefusedError(feature)
    if feature:
        raise OutsideAccessError(feature)


def _parse_tree_feature(sparql: str) -> str | None:
    """What rdflib's parse tree of ``sparql`` shows reaching beyond the graph, if anything
    (``None`` also when rdflib cannot parse the text)."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree: Any = parseQuery(sparql)
    except ParseBaseException:
        tree = None
    except Exception:  # RecursionError on deep nesting, rdflib's own errors
        return None
    if tree is not None:
        return _find_outside_access(tree)
    if not any(kind != "other" for kind, _ in tokens(sparql)):
        return None  # rdflib reads an empty text as an empty update
    try:
        update: Any = parseUpdate(sparql)
    except Exception:
        return None
    for request in update.get("request", []) or []:
        name = str(getattr(request, "name", "")).upper()
        return next((word for word in UPDATE_WORDS if name.startswith(word)), "INSERT")
    return None


def _find_outside_access(node: Any, depth: int = 0) -> str | None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 500:
        return None
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return "SERVICE"
        if node.name == "DatasetClause":
            return "FROM NAMED" if "named" in node else "FROM"
        children: Any = node.values()
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        children = node
    else:
        return None
    for child in children:
        found = _find_outside_access(child, depth + 1)
        if found:
            return found
    return None
