"""Word and PDF input: the text of ``.docx`` and ``.pdf`` files, before :mod:`kg.read` cleans it.

* ``docx_text``: the body of a Word file in reading order, one paragraph per block (tables:
  one line per row, cells separated by a space); running headers, footers, footnotes,
  comments, deleted revisions and text boxes are left out.
* ``pdf_text``: the text layer of a PDF, tidied the way a PDF printed from a web page needs:

  - compatibility characters folded (NFKC): Kangxi radicals such as ``⼲`` (U+2F32) become
    the ideograph ``干`` they stand for, ligatures such as ``ﬁ`` become ``fi``; full-width
    punctuation (``，：（）``), circled and squared signs (``①``, ``㎡``), ``…`` and the like
    stay as they are, as in a ``.txt`` of the same article;
  - the single spaces extractors put around CJK characters and punctuation (``2021 年 7 月
    , 关键``) go, a run of spaces becomes one;
  - lines broken inside a sentence are joined: a line that does not end a sentence and
    could not have held the first word of the next line continues on it, even across pages;
  - page furniture at the top or bottom of a page goes: page numbers (``3``, ``1/5``,
    ``第 2 页 共 5 页``), a URL alone or with a page number, a print date and time (with the
    title beside it), and lines repeated at the edge of most pages.

Problems raise :class:`FormatError` whose message is the reason, without the file name
(``kg.read`` adds it): encrypted, corrupt, or a PDF without a text layer.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

NO_TEXT_LAYER = "no text layer, OCR first"
ENCRYPTED = "encrypted (password-protected): remove the password first"


class FormatError(Exception):
    """A Word or PDF file that cannot be read; the message is the reason."""


# ----------------------------------------------------------------------------- sniffing


def looks_like_pdf(data: bytes) -> bool:
    """The PDF signature within the first KiB (readers accept junk before it)."""
    return b"%PDF-" in data[:1024]


def looks_like_docx(data: bytes) -> bool:
    """A zip package holding ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# ----------------------------------------------------------------------------- Word

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED_IN_PARAGRAPH = frozenset({
    f"{_W}txbxContent", f"{_W}del", f"{_W}moveFrom", f"{_W}footnoteReference",
    f"{_W}endnoteReference", f"{_W}commentReference", _MC_FALLBACK,
    f"{_W}instrText", f"{_W}delInstrText",
})  # fmt: skip


def docx_text(data: bytes) -> str:
    """The body text of a ``.docx`` file (see the module docstring)."""
    import docx  # python-docx; imported here so that plain-text runs never load it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise FormatError(ENCRYPTED)
        raise FormatError("an old binary Word file (.doc), not .docx: save it as .docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        reason = "not a zip package" if isinstance(exc, zipfile.BadZipFile) else _short(exc)
        raise FormatError(f"not a readable Word file: {reason}") from None
    blocks = list(_blocks(document.element.body))
    return "\n\n".join(blocks)


def _blocks(container: object) -> Iterator[str]:
    """Paragraphs and table rows of a body, cell or content control, in order."""
    for child in container:  # type: ignore[attr-defined]
        if child.tag == f"{_W}p":
            yield _paragraph(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                if _nearest(row, f"{_W}tbl") is not child:
                    continue  # a row of a nested table: read inside its cell
                cells = [
                    " ".join(b for b in _blocks(cell) if b) for cell in row if cell.tag == f"{_W}tc"
                ]
                yield " ".join(c for c in cells if c)
        elif child.tag == f"{_W}sdt":
            for content in child.iter(f"{_W}sdtContent"):
                if _nearest(content, f"{_W}sdt") is child:
                    yield from _blocks(content)


def _paragraph(paragraph: object) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):  # type: ignore[attr-defined]
        if _skipped(node, paragraph):
            continue
        tag = node.tag
        parts.append(node.text or "" if tag == f"{_W}t" else "\t" if tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _skipped(node: object, paragraph: object) -> bool:
    parent = node.getparent()  # type: ignore[attr-defined]
    while parent is not None and parent is not paragraph:
        if parent.tag in _SKIPPED_IN_PARAGRAPH:
            return True
        parent = parent.getparent()
    return False


def _nearest(node: object, tag: str) -> object:
    parent = node.getparent()  # type: ignore[attr-defined]
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


# ----------------------------------------------------------------------------- PDF


def pdf_text(data: bytes, drop_line: Callable[[str], bool] | None = None) -> str:
    """The tidied text layer of a PDF (see the module docstring)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _decrypt_without_password(reader):
                raise FormatError(ENCRYPTED)
            pages = [page.extract_text() or "" for page in reader.pages]
        except FormatError:
            raise
        except DependencyError:
            raise FormatError(ENCRYPTED) from None
        except PdfReadError as exc:
            raise FormatError(f"not a readable PDF: {_short(exc)}") from None
        except Exception as exc:  # a damaged file can fail anywhere in the parser
            raise FormatError(f"not a readable PDF: {type(exc).__name__}: {_short(exc)}") from None
    if not any(page.strip() for page in pages):
        raise FormatError(NO_TEXT_LAYER)
    return tidy_pdf_pages(pages, drop_line)


def _decrypt_without_password(reader: object) -> bool:
    """Files locked only against printing or copying open with the empty password."""
    from pypdf import PasswordType

    return reader.decrypt("") != PasswordType.NOT_DECRYPTED  # type: ignore[attr-defined]


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every recoverable flaw of a file; the user gets one line or none."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def tidy_pdf_pages(pages: list[str], drop_line: Callable[[str], bool] | None = None) -> str:
    """Fold, drop page furniture, tighten spaces and rejoin broken lines.

    ``drop_line`` (boilerplate) is asked about each line that is a paragraph by itself, as
    extracted, before its spaces are tightened (``浏览次数 :823 分类 : 新闻``).
    """
    page_lines = [[fold_compatibility(line).strip() for line in page.split("\n")] for page in pages]
    _drop_page_furniture(page_lines)
    raw = [line for page in page_lines for line in page if line]
    lines = [tighten_spaces(line) for line in raw]
    paragraphs: list[str] = []
    for group in paragraph_groups(lines):
        if len(group) == 1 and drop_line is not None and drop_line(raw[group[0]]):
            continue
        paragraphs.append(functools.reduce(_glue, (lines[i] for i in group)))
    return "\n\n".join(paragraphs)


# --- compatibility characters

# NFKC decompositions that would change what a .txt of the same text holds
_KEPT_DECOMPOSITIONS = frozenset({
    "<wide>", "<narrow>", "<circle>", "<square>", "<super>", "<sub>", "<fraction>",
    "<vertical>", "<small>",
})  # fmt: skip
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch:
        return ch
    if unicodedata.decomposition(ch).split(" ")[0] in _KEPT_DECOMPOSITIONS:
        return ch  # full-width punctuation, ①, ㎡, ²
    if _ASCII_PUNCT.search(folded) or " " in folded or unicodedata.category(ch) == "Nl":
        return ch  # … → "...", ㈠ → "(一)", ⒈ → "1.", Ⅱ → "II": texts use the original
    return folded


def fold_compatibility(text: str) -> str:
    """NFKC for what PDF text layers get wrong (Kangxi radicals, CJK compatibility
    ideographs, ligatures), keeping full-width punctuation and the signs Chinese texts use."""
    if text.isascii():
        return text
    return "".join(map(_fold_char, text))


# --- spaces

_WIDE_RANGES = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
    "\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u2460-\u24ff\u25a0-\u27bf"  # ①, ●, ★
)
_WIDE = f"[{_WIDE_RANGES}]"
_LONE_SPACE = re.compile(rf"(?<={_WIDE}) | (?={_WIDE})")  # a single space beside CJK
_SPACE_RUN = re.compile(r"[ \t]{2,}")


def tighten_spaces(line: str) -> str:
    """Drop single spaces beside CJK characters or CJK punctuation; a longer run of spaces (a
    space of the original text, widened by the extractor) becomes one space."""
    kept: list[str] = []
    for piece in _SPACE_RUN.split(line):
        kept.append(_LONE_SPACE.sub("", piece))
    return " ".join(kept)


# --- line joining

_SENTENCE_END = re.compile(r"[。！？!?；;…:：.．][\"'”’」』）)】》〉]*$")
_OPENING = "“‘(（《「『【〈"
_CLOSING = "”’)）》」』】〉、，。,.;；:：!！?？…—%"
# what layout moves to the next line as a whole: a Latin word or number, or one character
# with the punctuation that may not start or end a line beside it
_NEXT_UNIT = re.compile(rf"[A-Za-z0-9][\w.,%+-]*|[{_OPENING}]*.[{_CLOSING}]*")
# widths are estimated (CJK 2 units, others 1; browsers also space CJK from Latin and digits)
_WIDTH_SLACK = 0.06  # of the text block's width
_WIDE_IN_CJK = frozenset("…—")  # East Asian "ambiguous", set full-width in Chinese (……, ——)


def display_width(text: str) -> int:
    """Estimated width in half-em units: CJK characters 2, others 1."""
    return sum(
        2 if ch in _WIDE_IN_CJK or unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def join_broken_lines(lines: list[str]) -> list[str]:
    """Paragraphs of ``lines`` (see :func:`paragraph_groups`)."""
    return [functools.reduce(_glue, (lines[i] for i in group)) for group in paragraph_groups(lines)]


def paragraph_groups(lines: list[str]) -> list[list[int]]:
    """The indexes of the lines of each paragraph: a line continues on the next when it does
    not end a sentence and the first word of the next line would not have fitted on it."""
    if not lines:
        return []
    widths = [display_width(line) for line in lines]
    ordered = sorted(widths)
    block = ordered[-1 - len(ordered) // 20]  # the text block's width, past the widest 5%
    groups: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        groups[-1].append(index)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        ends = _SENTENCE_END.search(line)
        if following and (ends or not _wrapped(widths[index], following, block)):
            groups.append([])
    return groups


def _wrapped(width: int, following: str, block: int) -> bool:
    unit = _NEXT_UNIT.match(following)
    unit_width = display_width(unit.group()) if unit else 0
    return width + unit_width > (1 - _WIDTH_SLACK) * block


def _glue(left: str, right: str) -> str:
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"  # Latin words broken at a space
    return left + right


# --- page furniture

_FURNITURE = re.compile(
    r"^(?:"
    r"[-–—]?\s*\d{1,4}\s*[-–—]?"  # 3, - 3 -
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 1/5
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?"
    r"|(?:https?|file|ftp)://\S*(?:\s+\d{1,4}\s*/\s*\d{1,4})?"  # chromium: URL and 1/5
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s.*)?"
    r")$",
    re.IGNORECASE,
)
_EDGE = 2  # lines at the top and at the bottom of a page where furniture sits
_DIGITS = re.compile(r"\d+")


def _drop_page_furniture(pages: list[list[str]]) -> None:
    """Blank, in place, furniture among the first and last lines of each page: lines that
    look like it, and short lines opening or closing most pages (digits aside: a running
    head or foot with its page number)."""
    edges = [_edge_indexes(page) for page in pages]
    widest = max((display_width(line) for page in pages for line in page), default=0)
    running: Counter[str] = Counter()
    for page, indexes in zip(pages, edges, strict=True):
        outer = {indexes[0], indexes[-1]} if indexes else set()
        running.update(
            {_DIGITS.sub("#", page[i]) for i in outer if 2 * display_width(page[i]) <= widest}
        )
    least = max(2, (len(pages) + 1) // 2)
    repeated = {line for line, count in running.items() if count >= least}
    for page, indexes in zip(pages, edges, strict=True):
        for i in indexes:
            if _FURNITURE.match(page[i]) or _DIGITS.sub("#", page[i]) in repeated:
                page[i] = ""


def _edge_indexes(page: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line]
    return sorted(set(filled[:_EDGE] + filled[-_EDGE:]))
