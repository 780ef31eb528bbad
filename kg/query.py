"""The library of ready questions (``kg/queries/*.rq``) and the output of ``kg query``.

A bundled query is a SPARQL file whose first comment lines describe it::

    # title: Organizations under an organization, transitively
    # description: Every organization below the named one …
    # param: name (example: 汉兴商务区联合党委)

Each ``# param: NAME (example: VALUE)`` is a name the question is about, and must be
given: a question about one entity has no default entity (a default naming something of
the sample corpus would answer nothing, silently, on any other graph), so :func:`render`
raises :class:`MissingParameterError` without it. In the query body the example stands as
a literal, ``"VALUE"@zh`` (labels are Chinese-tagged), so the file runs as it is in any
SPARQL client; :func:`render` replaces that literal with the value given, written as an
escaped SPARQL literal (:func:`sparql_literal`): values are never pasted into the query
text unescaped, and can only ever stand where the example literal stood.

The answers use the words of :mod:`kg.vocabulary`: an entity's ``?type`` is its class's
name (``Organization`` …) and ``?type_label`` the Chinese one. The text formats people
read (table, Markdown, CSV) show IRIs readable (:func:`kg.vocabulary.readable_iri`); JSON
keeps the exact terms.

The name stands as a constant in a triple pattern rather than in a ``VALUES`` block, so
that the engine starts from it. Questions over the whole graph are written for Oxigraph's
on-disk store, where patterns of one group are joined by looking each binding up in
RocksDB (about 15 µs a lookup: 31 s for ``documents-summary`` on 5 000 documents):
a large pattern stands alone in a subquery, ``{ SELECT ?s ?d WHERE { ?s dcterms:isPartOf
?d } }``, which Oxigraph reads in one scan and joins by hashing (ten times faster), the
smallest first; a lookup stays a lookup where the rows to look up are few (a named entity,
its facts). ``tests/test_query_rewrites.py`` checks each against the plain formulation.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from kg.store import QueryResult, StoreError, Value
from kg.vocabulary import looks_like_iri, readable_iri

FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")
_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)")
_PARAM = re.compile(r"(?P<name>[A-Za-z_][\w-]*)\s*(?:\(\s*example\s*:\s*(?P<example>.*?)\s*\))?")


class QueryLibraryError(StoreError):
    """An unknown bundled query, an unknown parameter or a bad ``--param``."""


class MissingParameterError(QueryLibraryError):
    """A bundled question run without a value for one of its parameters."""

    def __init__(self, query: str, param: str) -> None:
        self.query = query
        self.param = param
        super().__init__(
            f"question {query!r} needs a value for its parameter {param!r}: "
            f"query_named({query!r}, {param}=...)"
        )

    def command_line(self) -> str:
        """The message in the words of ``kg query``."""
        return f"question {self.query!r} needs --param {self.param}=VALUE"


@dataclass(frozen=True, slots=True)
class BundledQuery:
    """One ready question: its name (file stem), header fields and SPARQL text.
    ``params`` maps each parameter to the example value its file runs with."""

    name: str
    title: str
    description: str
    params: dict[str, str]
    text: str

    def render(self, values: dict[str, str] | None = None) -> str:
        """The query text with each parameter bound to ``values`` (all required)."""
        return render(self, values or {})


def parse_header(text: str) -> tuple[str, str, dict[str, str]]:
    """``(title, description, params)`` from the leading ``#`` lines of a query file;
    ``params`` maps each ``# param: NAME (example: VALUE)`` to its example."""
    title = description = ""
    params: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            param = _PARAM.fullmatch(value)
            if param is None:
                raise QueryLibraryError(f"# param: {value!r}: expected NAME (example: VALUE)")
            params[param["name"]] = param["example"] or ""
    return title, description, params


def _queries_dir() -> Any:
    return resources.files("kg") / "queries"


def bundled_queries() -> dict[str, BundledQuery]:
    """All bundled questions by name, sorted by name."""
    out: dict[str, BundledQuery] = {}
    entries = sorted(_queries_dir().iterdir(), key=lambda e: e.name)
    for entry in entries:
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        title, description, params = parse_header(text)
        name = entry.name[: -len(".rq")]
        out[name] = BundledQuery(name, title, description, params, text)
    return out


def get_query(name: str) -> BundledQuery:
    """The bundled question called ``name`` (raises :class:`QueryLibraryError`)."""
    queries = bundled_queries()
    if name not in queries:
        raise QueryLibraryError(
            f"no bundled query named {name!r} (kg query --list shows {len(queries)})"
        )
    return queries[name]


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def sparql_literal(value: str, lang: str | None = None) -> str:
    """``value`` as a SPARQL string literal (``"…"`` with escapes, ``@lang`` if given)."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or 0xD800 <= ord(char) <= 0xDFFF or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    literal = '"' + "".join(out) + '"'
    return f"{literal}@{lang}" if lang else literal


def render(query: BundledQuery, values: dict[str, str]) -> str:
    """``query.text`` with each parameter's example literal replaced by its value; raises
    :class:`MissingParameterError` for a parameter without a value."""
    unknown = sorted(set(values) - set(query.params))
    if unknown:
        known = ", ".join(query.params) or "none"
        raise QueryLibraryError(
            f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {known})"
        )
    header, body = _split_header(query.text)
    for name, example in query.params.items():
        if name not in values:
            raise MissingParameterError(query.name, name)
        placeholder = sparql_literal(example, "zh")
        if not example or placeholder not in body:
            raise QueryLibraryError(
                f"query {query.name!r}: parameter {name!r} has no {placeholder} in its body"
            )
        body = body.replace(placeholder, sparql_literal(values[name], "zh"))
    return header + body


def _split_header(text: str) -> tuple[str, str]:
    """The leading comment lines of a query file, and the rest."""
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["name=南区联合党委", …]`` → ``{"name": "南区联合党委"}``."""
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryLibraryError(f"--param {item!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


# --------------------------------------------------------------------------- output


def display(value: Value) -> str:
    """A value as text: ``""`` for unbound, ``true``/``false``, integral floats without
    ``.0``, IRIs readable (:func:`kg.vocabulary.readable_iri`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if looks_like_iri(value):
        return readable_iri(str(value))
    return str(value)


def to_csv(result: QueryResult) -> str:
    """CSV with a header row of variable names (SPARQL 1.1 CSV results style)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([display(v) for v in row])
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    """``{"variables": [...], "rows": [{var: value}, ...]}`` (ASK: ``{"boolean": b}``),
    values as the graph holds them (IRIs exact, for programs)."""
    if result.kind == "ask":
        payload: dict[str, Any] = {"boolean": result.boolean}
    else:
        payload = {"variables": result.variables, "rows": result.dicts()}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _md_cell(value: Value) -> str:
    text = display(value).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.split()) if "\n" in text or "\r" in text else text


def to_markdown(result: QueryResult) -> str:
    """A GitHub Markdown table (pipes escaped, line breaks folded)."""
    lines = [
        "| " + " | ".join(result.variables) + " |",
        "|" + "|".join("---" for _ in result.variables) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


# Text made only of printable ASCII, common wide characters (CJK ideographs, CJK punctuation
# other than the combining tone marks, full-width forms) and the quote marks and dashes of
# Chinese text (one column in rich): its width is worked out from its UTF-8 length (ASCII
# one byte, all the others three) instead of character by character.
_SIMPLE_TEXT = re.compile(
    "[\x20-\x7e\u2014\u2018\u2019\u201c\u201d\u2026"
    "\u3001-\u3029\u3030-\u303e\u4e00-\u9fff\uff01-\uff60]*"
)
_NARROW_THREE_BYTES = re.compile("[\u2014\u2018\u2019\u201c\u201d\u2026]")


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal, as :func:`rich.cells.cell_len` counts them
    (Chinese two columns); the text of our graphs without a walk through its characters."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _SIMPLE_TEXT.fullmatch(text):
        extra = (len(text.encode("utf-8")) - len(text)) // 2  # two bytes more per non-ASCII
        return len(text) + extra - len(_NARROW_THREE_BYTES.findall(text))
    from rich.cells import cell_len

    return cell_len(text)


def to_table(result: QueryResult, title: str | None = None) -> TextTable:
    """The result as a table for a rich Console (see :class:`TextTable`)."""
    columns = list(zip(*result.rows, strict=True)) or [() for _ in result.variables]
    return TextTable(result.variables, [_displayed(column) for column in columns], title)


def _displayed(column: tuple[Value, ...]) -> list[str]:
    """A column's values as text, each distinct value displayed once (values repeat down
    a column). ``True`` and ``1`` are one key of a dict: a column holding both is
    displayed cell by cell."""
    kinds = set(map(type, column))
    if bool in kinds and len(kinds) > 1:
        return [display(value) for value in column]
    text = {value: display(value) for value in set(column)}
    return list(map(text.__getitem__, column))


class TextTable:
    """A table drawn like rich's default ``Table`` (heavy header box, cells folded to fit
    the console), line by line.

    rich's ``Table`` lays out every cell through its general renderer, about 1 ms a row:
    15 s for the 15 000 rows of a large graph's ``entity-aliases``, ten times the query.
    This measures each distinct cell of a column once (:func:`rich.cells.cell_len`:
    Chinese takes two columns) and writes whole lines, column by column.
    """

    def __init__(self, header: list[str], columns: list[list[str]], title: str | None) -> None:
        self.header = header
        self.columns = columns
        self.title = title
        self._measured: list[dict[str, int]] | None = None
        self._multiline: set[str] = set()
        self._natural: list[int] | None = None

    @property
    def rows(self) -> list[tuple[str, ...]]:
        """The cells row by row."""
        return list(zip(*self.columns, strict=True))

    def measured(self) -> list[dict[str, int]]:
        """Each column's distinct cells and their widths in columns (a cell of several
        lines: its widest line): cells repeat down a column, each is measured once."""
        if self._measured is None:
            measured: list[dict[str, int]] = []
            for column in self.columns:
                widths: dict[str, int] = {}
                for cell in set(column):
                    if "\n" in cell or "\r" in cell:
                        self._multiline.add(cell)
                        lines = cell.splitlines()
                        widths[cell] = max((display_width(line) for line in lines), default=0)
                    else:
                        widths[cell] = display_width(cell)
                measured.append(widths)
            self._measured = measured
        return self._measured

    def natural_widths(self) -> list[int]:
        """Each column's widest cell, header included."""
        from rich.cells import cell_len

        if self._natural is None:
            self._natural = [
                max(1, cell_len(name), *widths.values())
                for name, widths in zip(self.header, self.measured(), strict=True)
            ]
        return list(self._natural)

    def widths(self, max_width: int) -> list[int]:
        """Column widths (text only, no padding): each column's widest cell, the widest
        columns narrowed to one common cap when the table is wider than ``max_width``."""
        natural = self.natural_widths()
        room = max_width - 3 * len(natural) - 1
        if sum(natural) <= room:
            return natural
        low, high = 1, max(natural)  # the largest cap that fits
        while low < high:
            cap = (low + high + 1) // 2
            if sum(min(w, cap) for w in natural) <= room:
                low = cap
            else:
                high = cap - 1
        return [min(w, low) for w in natural]

    def plain(self, max_width: int) -> str:
        """The table as rich draws it on a console that is no terminal (a pipe, a file: no
        styles), written directly: for a large result, rich's per-segment work is most of
        the command's time."""
        from rich.cells import cell_len

        lines = [p if type(p) is str else "".join(p) for p, _ in self._lines(max_width)]
        if self.title:
            pad = max(0, (cell_len(lines[0]) - cell_len(self.title)) // 2)
            lines.insert(0, " " * pad + self.title)
        return "\n".join(lines) + "\n"

    def lines(self, max_width: int) -> list[tuple[str, bool]]:
        """``(line, is_header)`` for every line of the table."""
        return [
            (pieces if type(pieces) is str else "".join(pieces), header)
            for pieces, header in self._lines(max_width)
        ]

    def pieces(self, max_width: int) -> list[tuple[list[str], bool]]:
        """Every line of the table as its pieces (bars, cell texts, padding): pieces
        repeat from line to line, so rich measures each once (its cache), not each line."""
        return [
            ([pieces] if type(pieces) is str else pieces, header)
            for pieces, header in self._lines(max_width)
        ]

    def _lines(self, max_width: int) -> list[tuple[str | list[str], bool]]:
        """Every line of the table, as one string or as pieces, and whether it is the
        header's."""
        widths = self.widths(max_width)
        rule = ["━" * (w + 2) for w in widths]
        out: list[tuple[str | list[str], bool]] = [("┏" + "┳".join(rule) + "┓", False)]
        out += [(line, True) for line in _box_row(self.header, widths, "┃")]
        out.append(("┡" + "╇".join(rule) + "┩", False))
        out += [(line, False) for line in self._body(widths)]
        out.append(("└" + "┴".join("─" * (w + 2) for w in widths) + "┘", False))
        return out

    def _body(self, widths: list[int]) -> list[str | list[str]]:
        """The rows' lines: a row whose cells fit their columns is one string, made from
        each distinct cell padded once; a row with a cell to fold is its lines as pieces."""
        multiline = self._multiline
        drawn = []  # each column's cells padded ("": to fold)
        for column, measured, w in zip(self.columns, self.measured(), widths, strict=True):
            padded = {
                cell: f" {cell}{' ' * (w - c + 1)}" if c <= w and cell not in multiline else ""
                for cell, c in measured.items()
            }
            drawn.append(list(map(padded.__getitem__, column)))
        if not drawn:
            return []
        line_of = ("│" + "│".join(["{}"] * len(drawn)) + "│").format
        if all(map(all, drawn)):  # nothing to fold anywhere
            return list(map(line_of, *drawn))
        body: list[str | list[str]] = []
        for row, cells in zip(self.rows, zip(*drawn, strict=True), strict=True):
            if all(cells):  # one line, nothing to fold: the usual row
                body.append(line_of(*cells))
            else:
                body += _box_row(list(row), widths, "│")
        return body

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        lines = self.pieces(options.max_width)
        if self.title:
            pad = max(0, (cell_len(lines[0][0][0]) - cell_len(self.title)) // 2)
            yield Segment(" " * pad)
            yield Segment(self.title, Style(italic=True))
            yield Segment.line()
        bold = Style(bold=True)
        newline = Segment.line()
        for pieces, is_header in lines:
            for piece in pieces:
                is_text = is_header and piece.strip() not in ("", "┃")
                yield Segment(piece, bold) if is_text else Segment(piece)
            yield newline


def _box_row(cells: list[str], widths: list[int], bar: str) -> list[list[str]]:
    """The lines of one table row, as pieces: each cell folded to its column, padded by
    one space."""
    from rich.cells import cell_len

    folded = [_fold(cell, width) for cell, width in zip(cells, widths, strict=True)]
    height = max(len(parts) for parts in folded)
    lines = []
    for n in range(height):
        pieces = [bar]
        for parts, width in zip(folded, widths, strict=True):
            text = parts[n] if n < len(parts) else ""
            pieces += [" ", text, " " * (width - cell_len(text) + 1), bar]
        lines.append(pieces)
    return lines


def _fold(text: str, width: int) -> list[str]:
    """``text`` cut into pieces at most ``width`` columns wide (at line breaks first)."""
    from rich.cells import cell_len, get_character_cell_size

    pieces: list[str] = []
    for line in text.splitlines() or [""]:
        if cell_len(line) <= width:
            pieces.append(line)
            continue
        start, used = 0, 0
        for i, char in enumerate(line):
            size = get_character_cell_size(char)
            if used + size > width and i > start:
                pieces.append(line[start:i])
                start, used = i, 0
            used += size
        pieces.append(line[start:])
    return pieces


def format_result(result: QueryResult, fmt: str) -> str:
    """The result as text in ``fmt`` (csv, json, markdown; table is rendered by rich)."""
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result)
    if fmt == "markdown":
        return to_markdown(result)
    raise ValueError(f"unknown format {fmt!r}")


# --------------------------------------------------------------------------- command


def list_queries(out: TextIO | None = None) -> None:
    """Print ``name  title`` for every bundled question, with the parameters it needs
    (and an example value of each)."""
    out = out or sys.stdout
    queries = bundled_queries()
    width = max(len(n) for n in queries)
    for name, query in queries.items():
        params = "".join(f"  --param {k}=NAME (e.g. {k}={v})" for k, v in query.params.items())
        out.write(f"{name:<{width}}  {query.title}{params}\n")


def resolve_query_text(
    sparql: str | None,
    name: str | None,
    file: Path | None,
    params: list[str] | None,
    *,
    show: bool = False,
) -> tuple[str, str | None]:
    """The SPARQL text to run and its title, from exactly one of text, name or file.
    ``show``: a bundled question given no parameters is its file as it is (with its
    example values), to read rather than to run."""
    given = [x for x in (sparql, name, file) if x is not None]
    if len(given) != 1:
        raise QueryLibraryError("give exactly one query: SPARQL text, --name NAME or -f FILE.rq")
    values = parse_params(params)
    if name is not None:
        query = get_query(name)
        if show and not values:
            return query.text, query.title
        return query.render(values), query.title
    if values:
        raise QueryLibraryError("--param only applies to bundled queries (--name)")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8-sig"), None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise QueryLibraryError(f"{file}: {reason}") from exc
    assert sparql is not None
    return sparql, None


def run(
    graph: str,
    sparql: str,
    *,
    backend: str = "auto",
    timeout_s: float | None = None,
    max_rows: int | None = None,
) -> tuple[QueryResult, str, float]:
    """Load ``graph`` and run ``sparql``: ``(result, backend used, seconds)``.

    The query runs in a worker process killed at ``timeout_s`` (default
    :data:`kg.workers.DEFAULT_TIMEOUT_S`; 0 or ``None`` after an explicit 0: no limit) and
    refused beyond ``max_rows`` rows; SERVICE, FROM, FROM NAMED, LOAD and updates are
    refused before the graph is even loaded.
    """
    from kg.sparql_guard import refuse_outside_access
    from kg.store import resolve_graph_path
    from kg.workers import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_with_deadline

    refuse_outside_access(sparql)  # fail fast, before loading a large graph
    resolve_graph_path(graph)
    start = time.perf_counter()
    result, used = run_with_deadline(
        graph,
        sparql,
        backend=backend,
        timeout_s=DEFAULT_TIMEOUT_S if timeout_s is None else timeout_s,
        max_rows=DEFAULT_MAX_ROWS if max_rows is None else max_rows,
    )
    return result, used, time.perf_counter() - start
