"""``ORDER BY`` done in Python, where it gives the engine's order.

Oxigraph sorts solutions by comparing terms, and every comparison of two strings reads
both from RocksDB: sorting the 88 000 rows of ``programs-by-place`` on a 5 000-document
graph took 3.4 s of its 8.6 s, the 15 000 of ``entity-aliases`` 0.45 s of 0.85 s. A final
``ORDER BY`` of plain variables (``?a DESC(?b) ASC(?c)``) is therefore taken off the query
and done here on the solutions (each distinct term read once), when every key column holds
terms of one comparable kind (IRIs, plain strings, strings of one language, or numbers, besides
unbound): then the SPARQL order (unbound first, strings by code point, numbers by value) is
the order of Python's values, and Python's stable sort keeps ties in the order the engine
found them. Anything else (blank nodes, dates, mixed kinds, keys not selected, ``LIMIT``
after the ``ORDER BY``) is left to the engine.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pyoxigraph as ox

from kg.store.solutions import InternedSolutions

XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING_TYPES = frozenset((XSD + "string",))
_NUMERIC_TYPES = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "decimal", "double", "float",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
_KEY = r"(?:(?:ASC|DESC)\s*\(\s*[?$][^\s()]+\s*\)|[?$][^\s()]+)"
_FINAL_ORDER_BY = re.compile(rf"\bORDER\s+BY((?:\s*{_KEY})+)\s*\Z", re.IGNORECASE)
_ONE_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$]([^\s()]+)\s*\)?", re.IGNORECASE)

OrderKeys = list[tuple[str, bool]]  # (variable, descending)


def split_order_by(sparql: str) -> tuple[str, OrderKeys] | None:
    """``(query without its final ORDER BY, [(variable, descending), …])``, or ``None``
    when the query does not end with an ``ORDER BY`` of plain variables."""
    text = sparql.rstrip()
    match = _FINAL_ORDER_BY.search(text)
    if match is None:
        return None
    keys = [
        (key.group(2), (key.group(1) or "").upper() == "DESC")
        for key in _ONE_KEY.finditer(match.group(1))
    ]
    return text[: match.start()] + "\n", keys


def _kind_and_value(term: Any) -> tuple[str, Any] | None:
    """A term's comparable kind and Python value; ``None`` for a term sorted by rules of
    its own (blank nodes, dates, booleans …, NaN)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return "iri", term.value
    if kind is not ox.Literal:
        return None
    if term.language is not None:
        return "lang:" + term.language.lower(), term.value
    datatype = term.datatype.value
    if datatype in _STRING_TYPES:
        return "string", term.value
    if datatype in _NUMERIC_TYPES:
        is_integer = not datatype.endswith(("decimal", "double", "float"))
        try:
            number = int(term.value) if is_integer else float(term.value)
        except ValueError:
            return None
        if isinstance(number, float) and math.isnan(number):
            return None
        return "number", number
    return None


def sort_order(
    solutions: list[tuple[Any, ...]] | InternedSolutions, variables: list[str], keys: OrderKeys
) -> list[int] | None:
    """The indices of ``solutions`` (tuples of pyoxigraph terms, ``None`` for unbound) in
    the order of ``keys``, or ``None`` when Python's order could differ from the engine's.

    A term repeats down a column (a place, a program on thousands of rows): each distinct
    term's value is worked out once and replaced by its rank among the column's values
    (unbound first, reversed for ``DESC``); the ranks of all keys make one integer per row,
    and one stable sort of those integers keeps ties in the engine's order.
    """
    if not isinstance(solutions, InternedSolutions):
        solutions = InternedSolutions.of(solutions, len(variables))
    terms = solutions.terms
    composite: list[int] | None = None
    for name, descending in keys:
        if name not in variables:
            return None
        cells = solutions.columns[variables.index(name)]
        values: dict[int, Any] = {}
        kinds: set[str] = set()
        for i in set(cells):
            if terms[i] is None:
                continue
            pair = _kind_and_value(terms[i])
            if pair is None:
                return None
            kinds.add(pair[0])
            values[i] = pair[1]
        if len(kinds) > 1:
            return None
        rank_of_value = {value: rank for rank, value in enumerate(sorted(set(values.values())), 1)}
        size = len(rank_of_value) + 1
        rank = [size - 1 if descending else 0] * len(terms)  # unbound first
        for i, value in values.items():
            rank[i] = size - 1 - rank_of_value[value] if descending else rank_of_value[value]
        column = list(map(rank.__getitem__, cells))
        if composite is None:
            composite = column
        else:
            composite = [high * size + low for high, low in zip(composite, column, strict=True)]
    order = list(range(solutions.size))
    if composite is not None:
        order.sort(key=composite.__getitem__)
    return order


def sort_solutions(
    solutions: list[tuple[Any, ...]], variables: list[str], keys: OrderKeys
) -> list[tuple[Any, ...]] | None:
    """``solutions`` (tuples of pyoxigraph terms, ``None`` for unbound) in the order of
    ``keys``, or ``None`` when Python's order could differ from the engine's."""
    order = sort_order(solutions, variables, keys)
    return None if order is None else [solutions[i] for i in order]
