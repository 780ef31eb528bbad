"""Query answers as plain Python values, the same whichever store computed them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.store.errors import ResultTooLargeError

Value = str | int | float | bool | None

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(XSD + name for name in ("decimal", "double", "float"))
_BOOLEAN = XSD + "boolean"


@dataclass(slots=True)
class QueryResult:
    """Rows of a query, values normalized to plain Python values.

    ``kind`` is ``"select"``, ``"ask"`` (``boolean`` holds the answer, one row) or
    ``"graph"`` (CONSTRUCT/DESCRIBE: one row per triple, variables subject, predicate,
    object).
    """

    kind: str
    variables: list[str]
    rows: list[tuple[Value, ...]] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict[str, Value]]:
        """The rows as ``{variable: value}`` dictionaries (in variable order)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def literal_value(lexical: str, datatype: str | None) -> Value:
    """A literal's Python value: ``int`` / ``float`` / ``bool`` for XSD numbers and
    booleans with a valid lexical form, else its lexical form as ``str``."""
    if datatype in _INTEGER_TYPES:
        with contextlib.suppress(ValueError):
            return int(lexical.strip())
    elif datatype in _FLOAT_TYPES:
        with contextlib.suppress(ValueError):
            return float(lexical.strip())
    elif datatype == _BOOLEAN and lexical.strip() in ("true", "false", "1", "0"):
        return lexical.strip() in ("true", "1")
    return lexical


def capped(items: Iterable[Any], max_rows: int | None) -> Iterator[Any]:
    """``items``, raising :class:`ResultTooLargeError` at the first one beyond the cap."""
    if max_rows is None:
        yield from items
        return
    for count, item in enumerate(items):
        if count >= max_rows:
            raise ResultTooLargeError(
                f"query: more than {max_rows:,} rows (--max-rows); add LIMIT or raise the cap"
            )
        yield item
