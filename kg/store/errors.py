"""The errors of :mod:`kg.store`: every one is a :class:`StoreError` with a one-line message."""

from __future__ import annotations


class StoreError(Exception):
    """A graph that cannot be loaded or a query that cannot be run (one-line message)."""


class QuerySyntaxError(StoreError):
    """A malformed query, with the 1-based line and column the parser reported."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column, self.message = line, column, message
        super().__init__(f"query: line {line}, column {column}: {message}")


class ResultTooLargeError(StoreError):
    """An answer beyond the caller's cap on rows (or, on the endpoint, bytes)."""


class UpdateRefusedError(StoreError):
    """A SPARQL update sent to the read-only query interface."""

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword
        super().__init__(
            f"query: {keyword} is a SPARQL update; the graph is read-only "
            "(only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run)"
        )


def one_line(text: object, limit: int = 300) -> str:
    """``text`` on one line (whitespace folded), cut at ``limit`` characters."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
