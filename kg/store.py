"""One query interface over two RDF stores: rdflib in memory, Oxigraph on disk.

``open_store(path)`` loads a graph file (``.ttl``, ``.nt``, ``.trig``, ``.nq``) or a
``kg build`` folder (``graph.ttl``, else ``graph.trig``) into a :class:`GraphStore` and
returns it. Small graphs go to :class:`RdflibStore` (in memory, nothing written to disk);
graphs above :data:`AUTO_OXIGRAPH_BYTES` go to :class:`OxigraphStore`, a pyoxigraph
(RocksDB) store filled with ``bulk_load`` and kept in a cache folder
(:func:`cache_root`), so that the next query on the same, unchanged file opens it
read-only at once instead of loading it again. ``backend="rdflib"`` or ``"oxigraph"``
forces a choice.

Both stores answer :meth:`GraphStore.query` with a :class:`QueryResult` whose values are
plain Python values (IRIs and plain or language-tagged literals as ``str``, numeric
literals as ``int`` or ``float``, booleans as ``bool``, unbound as ``None``), so the same
query gives the same rows whichever store runs it.

Quad files (TriG, N-Quads, one named graph per document) keep their named graphs for
``GRAPH ?g { … }``; the default graph is the union of all graphs, without duplicates, in
both stores.

Queries are read-only: updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …) raise
:class:`UpdateRefusedError`; malformed queries raise :class:`QuerySyntaxError` carrying the
line and column reported by the parser.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Self

Value = str | int | float | bool | None
Backend = Literal["auto", "rdflib", "oxigraph"]

BACKENDS: tuple[str, ...] = ("auto", "rdflib", "oxigraph")
#: Graph files above this size (all loaded files together) go to Oxigraph under "auto".
#: Our Turtle takes about 80 bytes per triple, so this is about 60 000 triples: the size
#: at which rdflib needs about a second to parse (see docs/sparql.md).
AUTO_OXIGRAPH_BYTES: int = 5_000_000
#: Files a ``kg build`` folder may hold, in order of preference.
GRAPH_FILES: tuple[str, ...] = ("graph.ttl", "graph.trig", "graph.nt", "graph.nq")
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

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    _XSD + name
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
_FLOAT_TYPES = frozenset(_XSD + name for name in ("decimal", "double", "float"))
_BOOLEAN = _XSD + "boolean"
# (suffix → (kind, rdflib format, oxrdflib format, pyoxigraph format name))
_FORMATS: dict[str, tuple[str, str, str, str]] = {
    ".ttl": ("triples", "turtle", "ox-turtle", "TURTLE"),
    ".turtle": ("triples", "turtle", "ox-turtle", "TURTLE"),
    ".nt": ("triples", "nt", "ox-ntriples", "N_TRIPLES"),
    ".trig": ("quads", "trig", "ox-trig", "TRIG"),
    ".nq": ("quads", "nquads", "ox-nquads", "N_QUADS"),
}
_UPDATE_WORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
)
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)


class StoreError(Exception):
    """A graph that cannot be loaded or a query that cannot be run (one-line message)."""


class QuerySyntaxError(StoreError):
    """A malformed query, with the 1-based line and column the parser reported."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column, self.message = line, column, message
        super().__init__(f"query: line {line}, column {column}: {message}")


class ResultTooLargeError(StoreError):
    """An answer beyond the caller's cap on rows (or, on the endpoint, bytes)."""


def _capped(items: Iterable[Any], max_rows: int | None) -> Iterator[Any]:
    """``items``, raising :class:`ResultTooLargeError` at the first one beyond the cap."""
    for count, item in enumerate(items):
        if max_rows is not None and count >= max_rows:
            raise ResultTooLargeError(
                f"query: more than {max_rows:,} rows (--max-rows); add LIMIT or raise the cap"
            )
        yield item


class UpdateRefusedError(StoreError):
    """A SPARQL update sent to the read-only query interface."""

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword
        super().__init__(
            f"query: {keyword} is a SPARQL update; the graph is read-only "
            "(only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run)"
        )


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


# --------------------------------------------------------------------------- files


def resolve_graph_path(path: str | os.PathLike[str]) -> Path:
    """The graph file to load: ``path`` itself, or the first of :data:`GRAPH_FILES` in it.

    Raises :class:`StoreError` (naming the path) when there is nothing readable.
    """
    p = Path(path)
    if p.is_dir():
        for name in GRAPH_FILES:
            if (p / name).is_file():
                return p / name
        raise StoreError(f"{p}: no {' or '.join(GRAPH_FILES[:2])} in this folder")
    if not p.exists():
        raise StoreError(f"{p}: no such file or folder")
    if p.suffix.lower() not in _FORMATS:
        raise StoreError(f"{p}: unknown graph format (expected {', '.join(sorted(_FORMATS))})")
    try:
        with p.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise StoreError(f"{p}: {exc.strerror or exc}") from exc
    return p


def _format(path: Path) -> tuple[str, str, str, str]:
    return _FORMATS[path.suffix.lower()]


def choose_backend(path: str | os.PathLike[str], backend: str = "auto") -> str:
    """``"rdflib"`` or ``"oxigraph"`` for the graph at ``path`` (a file or a folder)."""
    if backend not in BACKENDS:
        raise StoreError(f"unknown store {backend!r} (choose {', '.join(BACKENDS)})")
    if backend != "auto":
        return backend
    size = resolve_graph_path(path).stat().st_size
    return "oxigraph" if size > AUTO_OXIGRAPH_BYTES else "rdflib"


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- queries


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
    if word and word.group(0).upper() in _UPDATE_WORDS:
        return word.group(0).upper()
    return None


_OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _clean_expected(message: str) -> str:
    """Oxigraph's "expected one of …" without character classes, or a short summary."""
    message = _one_line(message, 10_000)
    if "Prefix not found" in message:
        return "unknown prefix (declare it with PREFIX)"
    match = re.match(r"expected (?:one of )?(.*)", message)
    if not match:
        return _one_line(message)
    words = [w for w in re.findall(r"(?:^|, )([A-Za-z][A-Za-z_]*)(?=,|$)", match.group(1))]
    if words:
        return "expected " + (words[0] if len(words) == 1 else "one of " + ", ".join(words))
    return "unexpected character or end of query"


def check_query(sparql: str) -> None:
    """Refuse updates and anything beyond the graph (SERVICE, FROM, FROM NAMED, LOAD: see
    :mod:`kg.sparql_guard`), then reject malformed queries (with line and column).

    The syntax check runs the text on an empty in-memory Oxigraph store, so it comes after
    the refusals (it would run SERVICE); both stores report the same errors.
    """
    from kg.sparql_guard import check_access

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
    check_access(sparql)
    import pyoxigraph as ox

    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        # Oxigraph reports the furthest point any alternative reached, often the end of
        # the query; pyparsing (rdflib) points at the token where the query stops making
        # sense, so its position is preferred when it has one.
        raise _rdflib_syntax_error(sparql) or _syntax_error(str(exc), sparql) from None


def _rdflib_syntax_error(sparql: str) -> QuerySyntaxError | None:
    """rdflib's position for a query Oxigraph rejected, or ``None`` if it has none."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
    except ParseBaseException as exc:
        return _pyparsing_error(sparql, exc)
    except Exception:
        return None
    return None


def _pyparsing_error(sparql: str, exc: Any) -> QuerySyntaxError:
    lines = sparql.splitlines() or [""]
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    near = line[exc.col - 1 :].strip()
    near = near if len(near) <= 24 else near[:24] + "…"
    where = f"near '{near}'" if near else "at the end of the line"
    return QuerySyntaxError(exc.lineno, exc.col, f"syntax error {where}")


def _syntax_error(message: str, sparql: str = "") -> QuerySyntaxError:
    match = _OX_ERROR.match(message)
    if not match:
        return QuerySyntaxError(1, 1, _one_line(message))
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


# --------------------------------------------------------------------------- stores


class GraphStore(ABC):
    """A loaded RDF graph that answers read-only SPARQL queries."""

    backend: str = ""

    def __init__(self) -> None:
        self.sources: list[Path] = []

    @abstractmethod
    def load(self, path: str | os.PathLike[str]) -> None:
        """Load a graph file, or the graph file of a ``kg build`` folder."""

    @abstractmethod
    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        """Run a checked query (at most ``max_rows`` rows)."""

    @abstractmethod
    def triple_count(self) -> int:
        """Number of distinct triples in the default (union) graph."""

    def query(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes of
        :data:`PREFIXES` need no declaration. More than ``max_rows`` rows raise
        :class:`ResultTooLargeError` (rows are read lazily, so the cap bounds memory)."""
        check_query(sparql)
        return self._run(sparql, max_rows)

    @abstractmethod
    def close(self) -> None:
        """Release the store (and its temporary folder, if any)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {', '.join(map(str, self.sources)) or 'empty'}>"


class RdflibStore(GraphStore):
    """An in-memory rdflib graph (parsed with oxrdflib's fast parsers when installed)."""

    backend = "rdflib"

    def __init__(self, *, fast_parser: bool = True) -> None:
        super().__init__()
        from rdflib import Dataset

        # Always a dataset (default graph = union of all graphs), so that GRAPH ?g { … }
        # works (and finds nothing in a Turtle file) as it does in Oxigraph.
        self._graph = Dataset(default_union=True)
        self._fast = fast_parser and _has_oxrdflib()
        import rdflib.plugins.sparql

        # Never let rdflib load a FROM / FROM NAMED IRI (file or URL), even if a query
        # got past check_query.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

    def load(self, path: str | os.PathLike[str]) -> None:
        file = resolve_graph_path(path)
        kind, rdflib_format, ox_format, _ = _format(file)
        target = self._graph if kind == "quads" else self._graph.default_graph
        try:
            with _quiet_rdflib():
                target.parse(str(file), format=ox_format if self._fast else rdflib_format)
        except Exception as exc:  # rdflib raises many parser-specific types
            raise StoreError(f"{file}: cannot parse: {_one_line(exc)}") from exc
        self.sources.append(file)

    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        from pyparsing import ParseBaseException

        try:
            with _quiet_rdflib():
                return self._evaluate(sparql, max_rows)
        except ParseBaseException as exc:
            raise _pyparsing_error(sparql, exc) from None
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"query: {_one_line(exc)}") from exc

    def _evaluate(self, sparql: str, max_rows: int | None) -> QueryResult:
        result = self._graph.query(sparql, initNs=PREFIXES)
        if result.type == "ASK":
            answer = bool(result.askAnswer)
            return QueryResult("ask", ["boolean"], [(answer,)], answer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            triples = _capped(result.graph, max_rows)
            rows = [tuple(_rdflib_value(t) for t in triple) for triple in triples]
            return QueryResult("graph", ["subject", "predicate", "object"], rows)
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_rdflib_value(term) for term in row) for row in _capped(result, max_rows)]
        return QueryResult("select", variables, rows)

    def triple_count(self) -> int:
        return len(self._graph)

    def close(self) -> None:
        from rdflib import Dataset

        self._graph = Dataset(default_union=True)


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib 7 warns about its own use of deprecated Dataset methods: silence that."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _has_oxrdflib() -> bool:
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        return False
    return True


def _rdflib_value(term: Any) -> Value:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return literal_value(str(term), str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


class OxigraphStore(GraphStore):
    """A pyoxigraph (RocksDB) store on disk, filled with ``bulk_load``.

    ``location=None`` makes a temporary folder removed by :meth:`close`;
    ``read_only=True`` opens an existing store (several processes may read it at once).
    """

    backend = "oxigraph"

    def __init__(
        self, location: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__()
        import pyoxigraph as ox

        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if location is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-oxigraph-")
            location = self._tmp.name
        self.location = Path(location)
        try:
            self._store: Any = (
                ox.Store.read_only(str(self.location))
                if read_only
                else ox.Store(str(self.location))
            )
        except OSError as exc:
            raise StoreError(f"{self.location}: cannot open store: {_one_line(exc)}") from exc
        self._count: int | None = None

    def load(self, path: str | os.PathLike[str]) -> None:
        import pyoxigraph as ox

        file = resolve_graph_path(path)
        kind, _, _, ox_format = _format(file)
        fmt = getattr(ox.RdfFormat, ox_format)
        try:
            if kind == "triples":
                self._store.bulk_load(path=str(file), format=fmt)
            else:
                self._store.bulk_extend(_with_union(ox.parse(path=str(file), format=fmt)))
        except (SyntaxError, ValueError, OSError) as exc:
            raise StoreError(f"{file}: cannot parse: {_one_line(exc)}") from exc
        self._count = None
        self.sources.append(file)

    def _run(self, sparql: str, max_rows: int | None = None) -> QueryResult:
        import pyoxigraph as ox

        try:
            result = self._store.query(sparql, prefixes=PREFIXES)
            if isinstance(result, ox.QueryBoolean):
                answer = bool(result)
                return QueryResult("ask", ["boolean"], [(answer,)], answer)
            if isinstance(result, ox.QueryTriples):
                rows = [
                    (_ox_value(t.subject), _ox_value(t.predicate), _ox_value(t.object))
                    for t in _capped(result, max_rows)
                ]
                return QueryResult("graph", ["subject", "predicate", "object"], rows)
            variables = [v.value for v in result.variables]
            rows = [
                tuple(_ox_value(solution[i]) for i in range(len(variables)))
                for solution in _capped(result, max_rows)
            ]
        except SyntaxError as exc:
            raise _syntax_error(str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise StoreError(f"query: {_one_line(exc)}") from exc
        return QueryResult("select", variables, rows)

    def triple_count(self) -> int:
        if self._count is None:
            result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._count = int(next(iter(result))[0].value)
        return self._count

    def close(self) -> None:
        self._store = None
        gc.collect()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _with_union(quads: Iterable[Any]) -> Iterator[Any]:
    """Each quad, and for a named graph also its triple in the default graph."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _ox_value(term: Any) -> Value:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


# --------------------------------------------------------------------------- the cache


def cache_root() -> Path:
    """Where loaded Oxigraph stores are kept: ``$KG_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/dangjian-kg/oxigraph`` (``~/.cache/…``). Safe to delete."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dangjian-kg" / "oxigraph"


def _stamp(file: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    stat = file.stat()
    return {
        "source": str(file.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "pyoxigraph": getattr(ox, "__version__", ""),
    }


def cached_store_location(path: str | os.PathLike[str]) -> Path:
    """An Oxigraph store holding the graph at ``path``, built if missing or stale.

    The store is built in a temporary folder beside the cache entry and renamed into place
    when complete, so a crash never leaves a half-loaded store; an entry for an older
    version of the same file is replaced.
    """
    file = resolve_graph_path(path)
    stamp = _stamp(file)
    root = cache_root()
    key = hashlib.sha256(stamp["source"].encode()).hexdigest()[:20]
    entry = root / key
    if _is_current(entry, stamp):
        return entry
    try:
        root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f"{key}.building-", dir=root))
    except OSError as exc:
        raise StoreError(f"{root}: cannot create the store cache: {exc.strerror}") from exc
    try:
        store = OxigraphStore(building / "store")
        try:
            store.load(file)
            count = store.triple_count()
        finally:
            store.close()
        (building / "store" / "kg-source.json").write_text(
            json.dumps({"stamp": stamp, "triples": count}, ensure_ascii=False),
            encoding="utf-8",
        )
        if _is_current(entry, stamp):  # another process finished first: use its store
            return entry
        stale = None
        if entry.exists():
            stale = root / f"{key}.stale-{os.getpid()}"
            entry.rename(stale)
        (building / "store").rename(entry)
        if stale is not None:
            shutil.rmtree(stale, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return entry


def _is_current(entry: Path, stamp: dict[str, Any]) -> bool:
    """Whether the cache entry holds the file described by ``stamp``."""
    meta = entry / "kg-source.json"
    with contextlib.suppress(OSError, ValueError):
        return bool(json.loads(meta.read_text(encoding="utf-8")).get("stamp") == stamp)
    return False


def open_store(
    path: str | os.PathLike[str], backend: str = "auto", *, cache: bool = True
) -> GraphStore:
    """Load the graph at ``path`` (file or ``kg build`` folder) into the chosen store.

    With ``cache`` (the default) the Oxigraph store is kept under :func:`cache_root`
    and reused while the file is unchanged; without it a temporary store is made.
    """
    chosen = choose_backend(path, backend)
    if chosen == "rdflib":
        store: GraphStore = RdflibStore()
        store.load(path)
        return store
    if not cache:
        store = OxigraphStore()
        try:
            store.load(path)
        except BaseException:
            store.close()
            raise
        return store
    location = cached_store_location(path)
    store = OxigraphStore(location, read_only=True)
    store.sources.append(resolve_graph_path(path))
    with contextlib.suppress(OSError, ValueError, KeyError):
        store._count = int(
            json.loads((location / "kg-source.json").read_text(encoding="utf-8"))["triples"]
        )
    return store
