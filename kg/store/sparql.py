"""What every query goes through before an engine sees it, and how its errors read.

:func:`refuse` runs in front of every query: lone surrogates, updates, empty texts and
anything beyond the graph (SERVICE, FROM, FROM NAMED, LOAD: :mod:`kg.sparql_guard`) are
refused. :func:`check_query` adds the syntax check, for callers that hand the text to an
engine themselves (the endpoint); the stores get syntax errors from their own parse instead
of parsing twice. Syntax errors carry the line and column of rdflib's parser (pyparsing
points at the token where the query stops making sense) or, where it gives none, of
Oxigraph's.
"""

from __future__ import annotations

import re
from typing import Any

from kg.store.errors import QuerySyntaxError, UpdateRefusedError, one_line

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "dj": "https://w3id.org/dangjian-kg/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

UPDATE_WORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
)
"""The update keywords the guard refuses (:mod:`kg.sparql_guard` reads them from here)."""
GUARDED_WORDS = UPDATE_WORDS | {"SERVICE", "FROM"}
"""Every word the guard refuses (FROM NAMED is refused at its FROM)."""
# The guard's tokenizer and
# rdflib's parser both compare upper-cased text, after \u escapes are expanded: a text
# without a backslash whose upper-cased form holds none of these words anywhere (not even in
# a string, an IRI or a name) gives them nothing to refuse, so their parse (milliseconds)
# is skipped.
_GUARDED_SORTED = tuple(sorted(GUARDED_WORDS))
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
# Blank lines and whole-line comments at the start of a text: a comment runs to the first
# line break (\r or \n, SPARQL's EOL); any other character stops the match.
_LEADING_COMMENTS = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*")
# Variables and the local part of prefixed names, in ASCII: both parsers read a name to its
# last name character, so a word inside one (prov:wasDerivedFrom, dj:pairedWith, ?fromDoc)
# is no keyword. Only the part after the colon goes: in ``FROM:g`` the word stays.
_NAMES = re.compile(r"[?$][A-Za-z0-9_]+|:[A-Za-z0-9_][A-Za-z0-9_-]*")
_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _body_start(sparql: str) -> int:
    """Offset of the first keyword after comments and PREFIX/BASE declarations."""
    pos = 0
    while match := _PROLOGUE.match(sparql, pos):
        if match.end() == pos:
            break
        pos = match.end()
    return pos


def update_keyword(sparql: str) -> str | None:
    """The update keyword (``INSERT`` …) that ``sparql`` starts with after its prologue."""
    word = re.match(r"[A-Za-z]+", sparql[_body_start(sparql) :])
    if word and word.group(0).upper() in UPDATE_WORDS:
        return word.group(0).upper()
    return None


def may_reach_outside(sparql: str) -> bool:
    """Whether the guard of :mod:`kg.sparql_guard` has anything to look at in ``sparql``.

    The comment lines a text starts with (a bundled question's title and description,
    where "with" and "from" are common words) are not looked at: before the first token
    nothing can be open, and a comment ends at the first ``\\n`` or ``\\r``, as in the
    SPARQL grammar and Oxigraph's parser. Nor are variables and the local parts of prefixed
    names (``prov:wasDerivedFrom``): they are removed, and what was on either side joins,
    which can only find more words, never fewer."""
    if "\\" in sparql:
        return True
    body = sparql[_LEADING_COMMENTS.match(sparql).end() :]  # type: ignore[union-attr]
    upper = _NAMES.sub("", body).upper()
    return any(word in upper for word in _GUARDED_SORTED)


def refuse(sparql: str) -> None:
    """Refuse lone surrogates, updates, empty texts and SERVICE, FROM, FROM NAMED and LOAD
    (:func:`kg.sparql_guard.check_access`), without evaluating anything."""
    try:
        sparql.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = sparql[: exc.start]
        line, column = before.count("\n") + 1, exc.start - (before.rfind("\n") + 1) + 1
        raise QuerySyntaxError(line, column, "not valid Unicode text (a lone surrogate)") from None
    keyword = update_keyword(sparql)
    if keyword:
        raise UpdateRefusedError(keyword)
    if _body_start(sparql) >= len(sparql):
        raise QuerySyntaxError(1, 1, "empty query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if may_reach_outside(sparql):
        from kg.sparql_guard import check_access

        check_access(sparql)


def check_query(sparql: str) -> None:
    """Refuse updates and anything beyond the graph (:func:`refuse`), then reject malformed
    queries (with line and column).

    The syntax check parses the text on an empty in-memory Oxigraph store, so it comes after
    the refusals (it would run SERVICE).
    """
    refuse(sparql)
    import pyoxigraph as ox

    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc)) from None


def syntax_error(sparql: str, oxigraph_message: str) -> QuerySyntaxError:
    """The error for a query Oxigraph rejected with ``oxigraph_message``.

    Oxigraph reports the furthest point any alternative reached, often the end of the
    query; pyparsing (rdflib) points at the token where the query stops making sense, so
    its position is preferred when it has one.
    """
    return _rdflib_syntax_error(sparql) or _oxigraph_syntax_error(oxigraph_message, sparql)


def _rdflib_syntax_error(sparql: str) -> QuerySyntaxError | None:
    """rdflib's position for a query Oxigraph rejected, or ``None`` if it has none."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseBaseException as exc:
        return pyparsing_error(sparql, exc)
    except Exception:
        return None
    return None


def pyparsing_error(sparql: str, exc: Any) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` at the position of a pyparsing exception."""
    lines = sparql.splitlines() or [""]
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    near = line[exc.col - 1 :].strip()
    near = near if len(near) <= 24 else near[:24] + "…"
    where = f"near '{near}'" if near else "at the end of the line"
    return QuerySyntaxError(exc.lineno, exc.col, f"syntax error {where}")


def _clean_expected(message: str) -> str:
    """Oxigraph's "expected one of …" without character classes, or a short summary."""
    message = one_line(message, 10_000)
    if "Prefix not found" in message:
        return "unknown prefix (declare it with PREFIX)"
    match = re.match(r"expected (?:one of )?(.*)", message)
    if not match:
        return one_line(message)
    words = [w for w in re.findall(r"(?:^|, )([A-Za-z][A-Za-z_]*)(?=,|$)", match.group(1))]
    if words:
        return "expected " + (words[0] if len(words) == 1 else "one of " + ", ".join(words))
    return "unexpected character or end of query"


def _oxigraph_syntax_error(message: str, sparql: str = "") -> QuerySyntaxError:
    match = _OX_ERROR.match(message)
    if not match:
        return QuerySyntaxError(1, 1, one_line(message))
    line, column, text = int(match[1]), int(match[2]), _clean_expected(match[3])
    if text.startswith("unknown prefix"):
        # Oxigraph points just past the prefixed name: point at its start instead.
        lines = sparql.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.%-]*$", before)
        if pname:
            column = pname.start() + 1
            text = f"unknown prefix '{pname.group(1) or ''}:' (declare it with PREFIX)"
    return QuerySyntaxError(line, column, text)
