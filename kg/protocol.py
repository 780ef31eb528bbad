"""The answer to one SPARQL 1.1 Protocol query, computed in a worker of ``kg serve``.

:func:`answer` checks the query (:func:`kg.store.check_query`: no SERVICE, FROM, FROM
NAMED, LOAD or update, valid syntax), runs it on the read-only Oxigraph store and writes
the result in the format the client asked for (``Accept``, else a ``format``/``output``
parameter, else JSON for solutions and Turtle for graphs), stopping with
:class:`~kg.store.ResultTooLargeError` as soon as the answer outgrows its byte cap.
"""

from __future__ import annotations

from typing import Any

#: ``format=`` / ``output=`` parameter values (as SPARQLWrapper and YASGUI send them).
_RESULT_NAMES = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
_GRAPH_NAMES = {
    "turtle": "TURTLE",
    "ttl": "TURTLE",
    "nt": "N_TRIPLES",
    "ntriples": "N_TRIPLES",
    "n-triples": "N_TRIPLES",
    "xml": "RDF_XML",
    "rdfxml": "RDF_XML",
    "rdf+xml": "RDF_XML",
    "json-ld": "JSON_LD",
    "jsonld": "JSON_LD",
}


class _CappedBuffer:
    """A write-only byte buffer that refuses to grow beyond ``cap`` bytes."""

    def __init__(self, cap: int | None) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.cap = cap
        self.overflowed = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.cap is not None and self.size > self.cap:
            self.overflowed = True
            raise OSError("answer above the byte cap")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def parse_accept(header: str | None) -> list[str]:
    """The media types of an ``Accept`` header, best first (``q=0`` left out)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(kind: str, accept: str | None, name: str | None) -> Any:
    """The pyoxigraph format for a result of ``kind`` (``"results"`` or ``"graph"``)."""
    import pyoxigraph as ox

    factory: Any = ox.QueryResultsFormat if kind == "results" else ox.RdfFormat
    for media in parse_accept(accept):
        if media == "application/json" and kind == "results":
            return ox.QueryResultsFormat.JSON
        if "*" in media:
            break
        found = factory.from_media_type(media)
        if found is not None and (kind == "results" or media != "text/plain"):
            return found
    names = _RESULT_NAMES if kind == "results" else _GRAPH_NAMES
    if name and name.lower() in names:
        return getattr(factory, names[name.lower()])
    return ox.QueryResultsFormat.JSON if kind == "results" else ox.RdfFormat.TURTLE


def answer(
    store: Any, sparql: str, accept: str | None, max_bytes: int | None, name: str | None = None
) -> tuple[str, bytes]:
    """``(content type, body)`` of ``sparql`` run on the pyoxigraph ``store``."""
    import pyoxigraph as ox

    from kg.store import PREFIXES, ResultTooLargeError, StoreError, check_query

    check_query(sparql)
    buffer = _CappedBuffer(max_bytes)
    try:
        result = store.query(sparql, prefixes=PREFIXES)
        kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        fmt = choose_format(kind, accept, name)
        result.serialize(buffer, fmt)
    except OSError as exc:
        if buffer.overflowed:
            raise ResultTooLargeError(
                f"query: the answer is larger than {max_bytes:,} bytes (--max-bytes); "
                "add LIMIT or narrow the patterns"
            ) from None
        raise StoreError(f"query: {' '.join(str(exc).split())[:300]}") from exc
    except (ValueError, RuntimeError) as exc:
        raise StoreError(f"query: {' '.join(str(exc).split())[:300]}") from exc
    media = fmt.media_type
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/json")):
        media += "; charset=utf-8"
    return media, buffer.getvalue()
