"""Query results as pandas DataFrames, for :class:`kg.api.KnowledgeGraph`."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from kg.vocabulary import looks_like_iri, readable_iri

if TYPE_CHECKING:
    import pandas as pd

    from kg.store import QueryResult


def _column(values: list[Any]) -> Any:
    """A pandas Series with a numeric dtype when every bound value is a number."""
    import pandas as pd

    present = [v for v in values if v is not None]
    missing = len(present) < len(values)
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean" if missing else bool)
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        with contextlib.suppress(OverflowError, TypeError, ValueError):
            return pd.Series(values, dtype="Int64" if missing else "int64")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype=float)
    if present and all(isinstance(v, str) for v in present):
        return pd.Series(values)
    return pd.Series(values, dtype=object)


def result_frame(result: QueryResult, *, readable_iris: bool = True) -> pd.DataFrame:
    """A :class:`~kg.store.QueryResult` as a DataFrame: one column per variable, integer
    columns (``int64``, or ``Int64`` when some rows leave it unbound) where every value is
    an integer literal, ``float64`` where every value is numeric, ``bool``/``boolean`` for
    booleans, text otherwise (IRIs as strings, readable unless ``readable_iris`` is false;
    unbound as missing)."""
    import pandas as pd

    def values(i: int) -> list[Any]:
        column = [row[i] for row in result.rows]
        if not readable_iris:
            return column
        # IRIs repeat down a column: decode each distinct one once
        escaped = {v for v in column if isinstance(v, str) and "%" in v}
        decoded = {v: readable_iri(v) for v in escaped if looks_like_iri(v)}
        if not decoded:
            return column
        return [decoded.get(v, v) if isinstance(v, str) else v for v in column]

    # Arrays, not Series: a DataFrame made of Series aligns their indexes, which took half
    # of the time of a small query (bench/store_overhead.py).
    data = {name: _column(values(i)).array for i, name in enumerate(result.variables)}
    frame = pd.DataFrame(data, columns=list(result.variables))
    if not result.rows:
        frame = frame.astype(object)
    return frame
