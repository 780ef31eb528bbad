"""Fuzzing (hypothesis) of reading, numerals, discovery, extraction and build: whatever the
bytes, names or text, a document is read or refused with an InputError, extracted without
an exception, and a build either builds the good documents or says that nothing was built.
The inputs of issue 9 are explicit examples."""

from __future__ import annotations

import io
import json
import os
import tempfile
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.build import NothingBuilt, build
from kg.discover import discover, record_name
from kg.pipeline import Extractor
from kg.quantities import to_number
from kg.read import InputError, InputWarning, read_stdin
from kg.records import SourceDocument

UTF_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
GOOD = "柳塘村党支部书记李国梁说，今年村里新修了产业路。\n"


def fuzz(examples: int) -> settings:
    """No deadline (the machine may be loaded); fixtures here are read-only."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


# Text in the genre: cue words, suffixes and numerals the rules look for, and noise around
GENRE_PIECES = [
    "村", "党支部", "党委", "党总支", "书记", "主任", "社区", "街道", "镇", "县", "市", "省",
    "名", "个", "人", "党员", "万元", "亿", "十二", "十二十二", "两百", "三百多", "1.8", "０",
    "有", "的", "了", "在", "和", "与", "被评为", "荣获", "成立", "开展", "“", "”", "《", "》",
    "。", "，", "、", "；", "\n", " ", "\t", "\x00", "\u200b", "\u3000", "李国梁", "周海生",
    "e", "<p>", "</p>", "<html>", "&amp;", "\ufeff", "\ud7ff", "𠀀", "来源：", "记者 ", "编辑：",
    "由", "任", "学院", "全院", "集团党委", "隶属于", "领办的", "支部共有", "队长、第一书记",
    "指导组建", "党组成员", "（", "）：", "社区书记工作室", "李红",
]  # fmt: skip
genre_text = st.lists(st.sampled_from(GENRE_PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def fast_extractor() -> Extractor:
    return Extractor(fast=True)


def no_controls(text: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text)


# ----------------------------------------------------------------------------- reading


@fuzz(300)
@given(data=st.binary(max_size=3000) | genre_text.map(lambda t: t.encode("utf-8")))
@example(data=b"\x00" + GOOD.encode())  # an early NUL rejected the whole document
@example(data=GOOD.encode() * 500 + b"\x00")  # a late NUL was dropped silently
@example(data=GOOD.encode("utf-16-le"))  # UTF-16 without a BOM
@example(data=b"\xef\xbb\xbf")
@example(data="村党支部有十二十二名党员。".encode("gb18030"))
def test_reading_any_bytes_gives_clean_text_or_an_input_error(data: bytes) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            doc = read_stdin(io.BytesIO(data))
        except InputError as exc:
            assert str(exc).startswith("<stdin>: ") and exc.reason
            return
    assert doc.text and doc.text == doc.text.strip("\n")
    assert no_controls(doc.text) and "\x00" not in doc.text
    doc.text.encode("utf-8")  # no lone surrogates
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    if not data.startswith(UTF_BOMS):  # in UTF-16/32 zero bytes are part of the characters
        assert bool(said) == (b"\x00" in data)  # NULs removed, wherever they are, are said


# ----------------------------------------------------------------------------- numerals


@fuzz(300)
@given(num=st.text("零〇一二两三四五六七八九十百千万亿点负", min_size=1, max_size=8),
       mult=st.sampled_from([None, "万", "亿", "万亿"]))  # fmt: skip
@example(num="十二十二", mult=None)  # cn2an raised KeyError: 1
@example(num="二十十二", mult="万")
def test_numerals_cn2an_cannot_parse_are_not_numbers(num: str, mult: str | None) -> None:
    value = to_number(num, mult)
    assert isinstance(value, float)


# ----------------------------------------------------------------------------- extraction


@fuzz(150)
@given(text=genre_text)
@example(text="村党支部有十二十二名党员。")
@example(text="十二十二")
@example(text="柳塘村党支部书记李国梁说，村里有十二十二名党员、两百多户。")
# a source line run into the text: its editor's post was held in no body of the record
@example(text="来源：金羊网黑龙江省滚动实施 编辑：梁建\n柯城区府山街道平台上线。")
# a scope word stripped before a kind (全院|集团党委) left a name that was the alias of a body
@example(text="甲集团党委介绍，集团党委书记说。全院集团党委获评。")
def test_extraction_of_any_genre_text_never_raises(
    fast_extractor: Extractor, check_record: Any, text: str
) -> None:
    text = text.replace("\x00", "")  # the reader's job; extraction gets clean text
    if not text.strip():
        return
    record = fast_extractor.extract(SourceDocument("f.txt", text)).to_json()
    json.dumps(record, ensure_ascii=False).encode("utf-8")
    check_record(record, text)


# ----------------------------------------------------------------------------- discovery

NAME_CHARS = st.sampled_from([*"ab.x-_ 党建 ", "\udcff", "\udc80", "\n", "é"])
file_name = st.tuples(
    st.text(NAME_CHARS, min_size=1, max_size=6), st.sampled_from([".txt", ".md", ".TXT", ".pdf"])
).map("".join)


@fuzz(60)
@given(names=st.lists(file_name, max_size=6, unique=True), nested=st.booleans())
@example(names=["..x.txt", "y.txt", "y.md", os.fsdecode(b"n\xff.txt")], nested=False)
def test_discovery_accounts_for_every_document_file(names: list[str], nested: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        made: list[Path] = []
        for i, name in enumerate(names):
            if name in {".", ".."} or "/" in name:
                continue
            path = root / (f"d{i % 2}" if nested else "") / name
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.write_text(GOOD, encoding="utf-8")
            except OSError:
                continue  # e.g. a name too long for the file system
            made.append(path)
        root.mkdir(exist_ok=True)
        found = discover([str(root)])
        documents = [p for p in made if p.name.lower().endswith((".txt", ".md", ".pdf"))]
        said = len(found.files) + len(found.errors) + len(found.notes)
        assert said == len(documents)  # nothing skipped in silence
        records = [record_name(f.name) for f in found.files]
        assert len({r.casefold() for r in records}) == len(records)
        for file in found.files:
            file.name.encode("utf-8")  # printable record names
            assert Path(file.path).is_file()
        for line in found.errors + found.notes:
            line.encode("utf-8")


# ----------------------------------------------------------------------------- build


@fuzz(12)
@given(
    contents=st.lists(
        st.one_of(
            genre_text.map(lambda t: t.encode("utf-8")),
            st.sampled_from(
                [b"", b"\x89PNG\r\n\x1a\n\x00\x00", GOOD.encode(), b"\x00" + GOOD.encode()]
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
@example(contents=["村党支部有十二十二名党员。".encode(), b""])
def test_build_builds_the_good_documents_or_nothing(
    fast_extractor: Extractor, contents: list[bytes]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "g"
        folder.mkdir()
        for i, data in enumerate(contents):
            (folder / f"{i}.txt").write_bytes(data)
        try:
            result = build([str(folder)], out, extractor=fast_extractor)
        except NothingBuilt as nothing:
            assert len(nothing.errors) == len(contents)
            assert not out.exists()
            return
        assert result.documents + len(result.errors) == len(contents)
        records = sorted(p.name for p in (out / "extract").iterdir())
        assert len(records) == result.documents
        assert (out / "graph.ttl").stat().st_size > 0
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["g", "in"]  # nothing left over
