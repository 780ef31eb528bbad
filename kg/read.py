"""READ stage: decode input files and reduce them to clean text.

(Finding the files of a run is :mod:`kg.discover`.)

Every document goes through the same steps, in this order:

1. ``decode_bytes``: UTF-8 (BOM or not), UTF-16/32 with BOM, GB18030/GBK when the result is
   plausibly Chinese, a few other CJK encodings via charset-normalizer; binary files refused.
2. ``normalize_text``: newlines become ``\\n``, NBSP/ideographic and other odd spaces become
   ``" "``, control and zero-width characters go, lines are trimmed, blank runs collapsed.
3. ``html_to_text`` for ``.html``/``.htm`` files or content that starts like an HTML page.
4. ``strip_boilerplate``: whole lines matching ``extract/boilerplate.txt`` are dropped.
5. ``chinese_quotes``: straight double quotes around Chinese words become “ and ”, in pairs
   on each line, so that quoted names read as in texts written with Chinese marks.

Word (``.docx``) and PDF (``.pdf``, or content that starts like either) files take their
text from :mod:`kg.formats` instead of steps 1 and 3 (a PDF's text is also tidied there:
compatibility characters, spaces, broken lines, page furniture).

The returned ``SourceDocument.text`` is final: all character offsets computed by later stages
refer to it. Problems with an input raise ``InputError`` with a one-line message; changes worth
knowing about that do not stop the reading (NUL bytes removed) are issued as
:class:`InputWarning` (``warnings.warn``), which ``kg extract`` and ``kg build`` print as notes.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import BinaryIO

import charset_normalizer
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kg import formats
from kg.records import SourceDocument
from kg.resources import extract_file

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
DOCX_SUFFIX = ".docx"
PDF_SUFFIX = ".pdf"
STDIN = "-"
STDIN_LABEL = "<stdin>"  # how standard input is named in error messages


class InputError(Exception):
    """A problem with one input, meant for the user: ``str(err) == f"{path}: {reason}"``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (type(self), (self.path, self.reason))  # picklable across processes


class InputWarning(UserWarning):
    """Something changed in a document while reading it, e.g. NUL bytes removed."""


# ----------------------------------------------------------------------------- discovery


def discover_inputs(inputs: Sequence[str]) -> list[str]:
    """The paths :func:`kg.discover.discover` finds in ``inputs`` (what it skips is dropped:
    the commands use ``discover`` itself, which says why)."""
    from kg.discover import discover  # kg.discover builds on this module

    return [file.path for file in discover(list(inputs)).files]


# ----------------------------------------------------------------------------- reading


def read_document(
    path: str | Path, name: str | None = None, shown: str | None = None
) -> SourceDocument:
    """Read one file into a ``SourceDocument`` whose text is clean (see module docstring).

    ``name`` is the document's name (its record name, default: the file name); ``shown``
    is how messages name the file (default: the path).
    """
    file = Path(path)
    source = shown if shown is not None else str(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file or folder") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as err:
        raise InputError(source, (err.strerror or str(err)).lower()) from None
    text = _clean(data, source, suffix=file.suffix.lower())
    return SourceDocument(name=name if name is not None else file.name, text=text, path=source)


def read_stdin(stream: BinaryIO | None = None, name: str = "stdin.txt") -> SourceDocument:
    """Read standard input (or ``stream``) as one document called ``name``."""
    data = (stream if stream is not None else sys.stdin.buffer).read()
    text = _clean(data, STDIN_LABEL, suffix=Path(name).suffix.lower())
    return SourceDocument(name=name, text=text, path=STDIN)


def _clean(data: bytes, source: str, suffix: str) -> str:
    if suffix == PDF_SUFFIX or formats.looks_like_pdf(data):
        return _clean_layout(partial(formats.pdf_text, drop_line=is_boilerplate), data, source)
    if suffix == DOCX_SUFFIX or formats.looks_like_docx(data):
        return _clean_layout(formats.docx_text, data, source)
    try:
        decoded = decode_bytes(data, source)
    except InputError as err:
        if err.reason == _BINARY and suffix and suffix not in SUPPORTED_SUFFIXES:
            supported = ", ".join(SUPPORTED_SUFFIXES)
            raise InputError(source, f"unsupported format {suffix} (reads {supported})") from None
        raise
    nuls = decoded.count("\x00")
    if nuls:  # stray NULs in a text file (a damaged copy): removed wherever they are, and said
        warnings.warn(InputWarning(f"{source}: {nuls} NUL byte(s) removed"), stacklevel=3)
    text = normalize_text(decoded)
    if not text.strip():
        raise InputError(source, "empty file")
    if suffix in HTML_SUFFIXES or _HTML_START.match(text):
        text = normalize_text(html_to_text(text))
    text = strip_boilerplate(text)
    if not text:
        raise InputError(source, "no text left after removing markup and boilerplate")
    return chinese_quotes(text)


def _clean_layout(to_text: Callable[[bytes], str], data: bytes, source: str) -> str:
    """A Word or PDF file: its text, then the steps of a text file after decoding."""
    if not data:
        raise InputError(source, "empty file")
    try:
        text = normalize_text(to_text(data))
    except formats.FormatError as err:
        raise InputError(source, str(err)) from None
    if not text:
        raise InputError(source, "no text in the document")
    text = strip_boilerplate(text)
    if not text:
        raise InputError(source, "no text left after removing boilerplate")
    return chinese_quotes(text)


# ----------------------------------------------------------------------------- decoding

_BINARY_MAGIC = (
    b"%PDF-", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0", b"\x7fELF", b"Rar!", b"7z\xbc\xaf", b"BZh",
)  # fmt: skip
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)  # fmt: skip
_CJK_FALLBACK_ENCODINGS = frozenset({
    "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
})  # fmt: skip
_BINARY = "binary file, not text"
_UNDECODABLE = "cannot decode as UTF-8 or GB18030"


def decode_bytes(data: bytes, source: str) -> str:
    """Decode file content; raise ``InputError(source, ...)`` for binary or unknown bytes."""
    for bom, codec in _UTF_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # the codec consumes the BOM
            except UnicodeDecodeError:
                break
            if _control_share(text[:8192]) > 0.1:
                raise InputError(source, _BINARY)
            return text
    if _looks_binary(data[:8192]):
        raise InputError(source, _BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausibly_chinese(text):
            return text
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding in _CJK_FALLBACK_ENCODINGS:
        try:
            text = data.decode(best.encoding)
        except UnicodeDecodeError:
            pass
        else:
            if _control_share(text) < 0.01:
                return text
    raise InputError(source, _UNDECODABLE)


def _looks_binary(head: bytes) -> bool:
    """Known magic numbers, or over 10% control bytes (NUL included) in the head."""
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 0.1 * len(head)


def _control_share(text: str) -> float:
    return len(_CONTROL_CHARS.findall(text)) / max(len(text), 1)


def _plausibly_chinese(text: str) -> bool:
    """True if the non-ASCII characters look like Chinese text, not mojibake."""
    sample = text[:200_000]
    if _control_share(sample) > 0.01:
        return False
    non_ascii = [ch for ch in sample if ord(ch) > 0x7F]
    if not non_ascii:
        return True
    return sum(map(_common_chinese, non_ascii)) >= 0.8 * len(non_ascii)


@lru_cache(maxsize=65536)
def _common_chinese(ch: str) -> bool:
    """In GB2312 (common hanzi, CJK punctuation, full-width forms) or any punctuation/space."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return unicodedata.category(ch)[0] in "PZ"
    return True


# ----------------------------------------------------------------------------- normalization

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # NBSP, ideographic, ...
_SPACES = re.compile(f"[{_ODD_SPACES}]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_STRAIGHT_QUOTE = re.compile('["＂]')
_HAN = re.compile("[\u4e00-\u9fff]")


def chinese_quotes(text: str) -> str:
    """Straight double quotes around Chinese words written as Chinese quotation marks
    (推行"小微权力清单"制度 → 推行“小微权力清单”制度): the rules read names in those."""
    if '"' not in text and "＂" not in text:
        return text
    return "\n".join(_chinese_quotes(line) for line in text.split("\n"))


def _chinese_quotes(line: str) -> str:
    """The straight quotes of a line taken in pairs, first with second, third with fourth;
    a pair around a Chinese character becomes “ and ” (an odd one out stays as it is)."""
    marks = [m.start() for m in _STRAIGHT_QUOTE.finditer(line)]
    chars = list(line)
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        if _HAN.search(line, opening + 1, closing):
            chars[opening], chars[closing] = "“", "”"
    return "".join(chars)


def normalize_text(text: str) -> str:
    """Unify newlines and spaces, drop invisible characters, trim lines, collapse blank runs."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", _NEWLINES.sub("\n", text)))
    text = "\n".join(line.strip(" \t") for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


# ----------------------------------------------------------------------------- HTML

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "template", "object", "select", "button",
})  # fmt: skip
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
    "main", "ul", "ol", "dl", "dt", "dd", "table", "blockquote", "pre", "figure",
    "figcaption", "hr", "address", "center", "caption",
})  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})  # never dropped for class/id
_BOILER_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumbs", "footer",
    "comment", "comments", "share", "sharing", "copyright", "sidebar", "advert",
    "advertisement", "ads",
})  # fmt: skip
_NAME_SPLIT = re.compile(r"[-_\s]+")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_CJK}])")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: one line per block, boilerplate elements left out."""
    tree = LexborHTMLParser(html)
    parts: list[str] = []
    has_h1 = False
    stack: list[tuple[LexborNode, bool] | str] = [(tree.body, False)] if tree.body else []
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, in_article = item
        tag = node.tag or ""
        if tag == "-text":
            raw = node.text_content or ""
            parts.append(_HTML_SPACE.sub(" ", _CJK_LINE_BREAK.sub("", raw)))
            continue
        if tag.startswith("-") or _dropped(node, tag, in_article):
            continue  # comments, doctype, boilerplate
        has_h1 = has_h1 or tag == "h1"
        sep = "\n" if tag in _BLOCK_TAGS else " " if tag in _CELL_TAGS else ""
        parts.append(sep)
        stack.append(sep)
        inside = in_article or tag in ("article", "main")
        stack.extend((child, inside) for child in reversed(list(node.iter(include_text=True))))
    text = "\n".join(line.strip() for line in "".join(parts).split("\n"))
    title = tree.css_first("title")
    if not has_h1 and title is not None and title.text().strip():
        text = _HTML_SPACE.sub(" ", title.text()).strip() + "\n\n" + text
    return _BLANK_RUNS.sub("\n\n", re.sub(r" {2,}", " ", text)).strip("\n")


def _dropped(node: LexborNode, tag: str, in_article: bool) -> bool:
    if tag in ("header", "footer"):
        return not in_article  # an <article>'s own header holds its title and byline
    if tag in _DROP_TAGS or "hidden" in node.attributes:
        return True
    if tag in _KEEP_TAGS:
        return False
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower()
    if not any(_is_boiler_name(name) for name in names.split()):
        return False
    return node.css_first("h1, article, main") is None  # never lose the main content


def _is_boiler_name(name: str) -> bool:
    words = [w for w in _NAME_SPLIT.split(name) if w]
    return bool(words) and (words[0] == "ad" or any(w in _BOILER_WORDS for w in words))


# ----------------------------------------------------------------------------- boilerplate


def strip_boilerplate(text: str) -> str:
    """Drop whole lines matching ``extract/boilerplate.txt``; other lines stay untouched."""
    kept = ["" if is_boilerplate(line) else line for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n")


def is_boilerplate(line: str) -> bool:
    """Whether a line matches a pattern of ``extract/boilerplate.txt`` (spaces around it aside)."""
    stripped = line.strip()
    return any(pattern.search(stripped) for pattern in boilerplate_patterns())


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of ``extract/boilerplate.txt`` (one regex per line, # comments)."""
    path = extract_file("boilerplate.txt")
    return tuple(_compile_lines(path))


def _compile_lines(path: Path) -> Iterator[re.Pattern[str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        source = line.strip()
        if not source or source.startswith("#"):
            continue
        try:
            yield re.compile(source, re.IGNORECASE)
        except re.error as err:
            raise ValueError(f"{path}:{number}: bad pattern {source!r}: {err}") from None
