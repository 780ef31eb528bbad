"""Word and PDF input (issue 10): kg/formats.py through kg/read.py and kg/discover.py.

Word files are written with python-docx and PDFs printed by headless chromium at test time
(chromium tests skip where it is absent). The texts here are invented; the bar test reads
the seed articles from ../shared, if present, and never copies them.
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from kg.cli import app
from kg.formats import (
    ENCRYPTED,
    NO_TEXT_LAYER,
    fold_compatibility,
    join_broken_lines,
    tidy_pdf_pages,
    tighten_spaces,
)
from kg.pipeline import Extractor
from kg.read import InputError, read_document, read_stdin

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
NS = nsdecls("w")


def _has_font(pattern: str) -> bool:
    """Whether fontconfig knows a font matching ``pattern``: chromium prints characters no
    font has as empty boxes, which leave no text in the PDF to read back."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, pattern], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def _has_chinese_font() -> bool:
    return _has_font(":lang=zh")


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or not _has_chinese_font(),
    reason="headless chromium or a Chinese font is not installed (make browser cjk-font)",
)

PARAGRAPHS = [
    "柳塘村党建工作纪实",
    "近日，中共柳塘县委组织部在柳塘村召开基层党建工作推进会，县委常委、组织部部长李国梁出席会议并讲话。"
    "会议指出，要深入实施“红色引擎”工程，推动村党支部规范化建设，全县新建党群服务中心１２个、"
    "发展党员３５０名，覆盖率达到９８％。",
    "桃溪村党总支书记周海生介绍，村里成立了由老党员、退伍军人组成的志愿服务队（共４６人），"
    "开展政策宣讲、矛盾调解等服务２００余次……群众满意度明显提升。",
    "记者 王晓红",
]


def reason_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    assert "\n" not in str(info.value)
    return info.value.reason


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def print_pdf(folder: Path, paragraphs: list[str], header_footer: bool = False) -> Path:
    """A PDF of ``paragraphs`` printed by headless chromium from an HTML page."""
    page = folder / "page.html"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>基层党建报道</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    pdf = folder / "page.pdf"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={folder / 'profile'}",  # no clash with other chromium runs
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if not header_footer:
        command.insert(4, "--no-pdf-header-footer")
    # generous: a busy machine can be slow; nothing here measures time
    subprocess.run(command, capture_output=True, timeout=600, check=True)
    assert pdf.stat().st_size > 0
    return pdf


def squeeze(text: str) -> str:
    return "".join(text.split())


# ----------------------------------------------------------------------------- Word


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path: Path) -> None:
    table = [["单位", "党员数"], ["柳塘村党支部", "４６"]]
    path = make_docx(tmp_path / "a.docx", [*PARAGRAPHS[:2], "", PARAGRAPHS[2]], table)
    source = read_document(path)
    assert source.name == "a.docx" and source.path == str(path)
    blocks = source.text.split("\n\n")
    assert blocks[:3] == PARAGRAPHS[:3]  # paragraphs kept, the empty one collapsed
    assert blocks[3:] == ["单位 党员数", "柳塘村党支部 ４６"]  # a row per line


def test_docx_line_breaks_stay_and_runs_join(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("柳塘村")
    paragraph.add_run("党支部").bold = True
    paragraph.add_run().add_break()
    paragraph.add_run("书记李国梁")
    path = tmp_path / "b.docx"
    document.save(str(path))
    assert read_document(path).text == "柳塘村党支部\n书记李国梁"


def test_docx_tracked_changes_and_field_codes(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("柳塘村")
    for xml in (
        f'<w:del {NS} w:id="1" w:author="a"><w:r><w:delText>旧名</w:delText></w:r></w:del>',
        f'<w:ins {NS} w:id="2" w:author="a"><w:r><w:t>党支部</w:t></w:r></w:ins>',
        f'<w:r {NS}><w:instrText> HYPERLINK "http://x" </w:instrText></w:r>',
        f"<w:r {NS}><w:tab/><w:t>书记</w:t></w:r>",
    ):
        paragraph._p.append(parse_xml(xml))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read_document(path).text == "柳塘村党支部\t书记"  # deleted text and field codes go


def test_docx_offsets_point_into_the_extracted_text(tmp_path: Path, check_record: Any) -> None:
    source = read_document(make_docx(tmp_path / "c.docx", PARAGRAPHS))
    record = Extractor(fast=True).extract(source).to_json()
    assert record["entities"]
    check_record(record, source.text)


def test_docx_from_standard_input_is_recognized(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "d.docx", PARAGRAPHS).read_bytes()
    source = read_stdin(io.BytesIO(data), name="stdin.txt")
    assert source.text.split("\n\n") == PARAGRAPHS


def test_bad_docx_files_get_one_line(tmp_path: Path) -> None:
    not_zip = tmp_path / "plain.docx"
    not_zip.write_text("这不是 Word 文件", encoding="utf-8")
    assert reason_of(not_zip) == "not a readable Word file: not a zip package"
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(make_docx(tmp_path / "whole.docx", PARAGRAPHS).read_bytes()[:300])
    assert reason_of(truncated).startswith("not a readable Word file: ")
    # Word saves a password-protected .docx as an OLE file holding an EncryptedPackage
    locked = tmp_path / "locked.docx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + bytes(64))
    assert reason_of(locked) == ENCRYPTED
    old = tmp_path / "old.docx"
    old.write_bytes(ole + bytes(64))
    assert reason_of(old).startswith("an old binary Word file (.doc)")
    empty = make_docx(tmp_path / "empty.docx", ["", "  "])
    assert reason_of(empty) == "no text in the document"


# ----------------------------------------------------------------------------- PDF text


def test_fold_compatibility_maps_radicals_and_keeps_chinese_punctuation() -> None:
    assert fold_compatibility("⼲部⽯桥村") == "干部石桥村"  # Kangxi radicals U+2F32, U+2F6F
    assert fold_compatibility("ﬁle:///a") == "file:///a"
    kept = "，。：；！？（）【】《》“”、…①㈠Ⅱ㎡２０２３％"
    assert fold_compatibility(kept) == kept


def test_tighten_spaces_drops_spaces_beside_cjk_only() -> None:
    assert tighten_spaces("2021 年 7 月 , 关键在党。 ”") == "2021年7月,关键在党。”"
    assert tighten_spaces("全面进步 ( 广东省 )“ 两委 ”") == "全面进步(广东省)“两委”"
    assert tighten_spaces("记者  王晓红") == "记者 王晓红"  # a real space, widened
    assert tighten_spaces("“1 1 9” and Party building, too") == "“1 1 9”and Party building, too"


def test_lines_broken_inside_sentences_are_joined() -> None:
    full = "党" * 40
    lines = ["柳塘村党建工作纪实", full, "建工作推进会。", full + "，", full, "结束", "短标题"]
    assert join_broken_lines(lines) == [
        "柳塘村党建工作纪实",  # a short line without a full stop: a heading
        full + "建工作推进会。",
        full + "，" + full + "结束",
        "短标题",
    ]
    latin = ["Party building in", "the village xxxxxxxxxx is", "done."]
    assert join_broken_lines(latin) == ["Party building in", "the village xxxxxxxxxx is done."]


def test_page_furniture_is_dropped() -> None:
    body, stop = "党" * 40, "党" * 39 + "。"
    pages = [
        f"12/5/26, 11:59 AM 基层党建报道\n{body}\n{stop}\nfile:///tmp/page.html 1/3",
        f"- 2 -\n{body}\n第 2 页 共 3 页",
        f"基层党建专刊\n{stop}\n3/3",
    ]
    # page 2 ends inside a sentence that goes on at the top of page 3
    assert tidy_pdf_pages(pages) == f"{body}{stop}\n\n{body}基层党建专刊\n\n{stop}"
    repeated = [f"基层党建专刊\n{stop}\n{n}" for n in range(1, 4)]
    assert tidy_pdf_pages(repeated) == "\n\n".join([stop] * 3)  # a running head goes


def test_pdf_without_text_layer_says_ocr_first(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # what a scan without OCR looks like
    path = tmp_path / "scan.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert reason_of(path) == NO_TEXT_LAYER
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: no text layer, OCR first"


def test_corrupt_pdf_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF")
    reason = reason_of(path)
    assert reason.startswith("not a readable PDF") or reason == NO_TEXT_LAYER
    text_named_pdf = tmp_path / "notes.pdf"
    text_named_pdf.write_text("柳塘村党支部", encoding="utf-8")
    assert reason_of(text_named_pdf).startswith("not a readable PDF")


def test_explicit_unsupported_file_names_its_format(tmp_path: Path) -> None:
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + bytes(200))
    assert reason_of(sheet).startswith("unsupported format .xlsx (reads .txt, ")


# ----------------------------------------------------------------------------- chromium PDFs


@needs_chromium
def test_chromium_pdf_reads_back_as_its_paragraphs(tmp_path: Path, check_record: Any) -> None:
    long = "中共柳塘县委组织部持续推进基层党组织标准化规范化建设，" * 6 + "取得明显成效。"
    paragraphs = [*PARAGRAPHS, long]
    expected = [*PARAGRAPHS, long]
    if _has_font(":charset=2f32 2f6f"):  # Kangxi radicals in the page, where a font has them
        paragraphs.append("⼲部队伍建设⽯桥村")
        expected.append("干部队伍建设石桥村")
    source = read_document(print_pdf(tmp_path, paragraphs))
    assert source.text.split("\n\n") == expected
    record = Extractor(fast=True).extract(source).to_json()
    assert record["entities"]
    check_record(record, source.text)


@needs_chromium
def test_chromium_header_and_footer_are_dropped(tmp_path: Path) -> None:
    # commas only: a line that happens to end with "。" would end its paragraph
    long = "，".join(["桃溪村党总支坚持党建引领推动乡村振兴"] * 60) + "。"
    paragraphs = [PARAGRAPHS[0], long, long, long]
    source = read_document(print_pdf(tmp_path, paragraphs, header_footer=True))
    assert len(PdfReader(tmp_path / "page.pdf").pages) >= 2
    assert source.text.split("\n\n") == paragraphs
    assert "file:" not in source.text and "基层党建报道" not in source.text


@needs_chromium
def test_encrypted_pdf_needs_the_password_unless_only_restricted(tmp_path: Path) -> None:
    printed = print_pdf(tmp_path, PARAGRAPHS[:2])
    for user, name in (("secret", "locked.pdf"), ("", "restricted.pdf")):
        writer = PdfWriter(clone_from=printed)
        writer.encrypt(user_password=user, owner_password="owner", algorithm="AES-256")
        with (tmp_path / name).open("wb") as out:
            writer.write(out)
    assert reason_of(tmp_path / "locked.pdf") == ENCRYPTED
    assert read_document(tmp_path / "restricted.pdf").text.split("\n\n") == PARAGRAPHS[:2]


@needs_chromium
def test_folder_with_bad_files_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("\n".join(PARAGRAPHS), encoding="utf-8")
    make_docx(folder / "report.docx", PARAGRAPHS)
    shutil.copy(print_pdf(tmp_path, PARAGRAPHS), folder / "printed.pdf")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with (folder / "scan.pdf").open("wb") as out:
        writer.write(out)
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + bytes(100))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(folder), "--out", str(out), "--fast"])
    assert result.exit_code == 1, result.stderr  # done, with some inputs skipped
    lines = result.stderr.splitlines()
    assert f"error: {folder / 'scan.pdf'}: no text layer, OCR first" in lines
    assert any(
        line.startswith(f"error: {folder / 'broken.docx'}: not a readable") for line in lines
    )
    assert any(
        line.startswith(f"note: {folder / 'table.xlsx'}: skipped: unsupported") for line in lines
    )
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == ["good.txt.json", "printed.pdf.json", "report.docx.json"]


# ----------------------------------------------------------------------------- the bar


def jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is absent")
@needs_chromium
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) or ["none"])
def test_seed_as_docx_and_pdf_gives_the_same_entities(
    seed: str, tmp_path: Path, extractor: Extractor
) -> None:
    """The bar: Jaccard of (type, text) entities >= 0.95 for .docx, >= 0.90 for a PDF."""
    path = SEEDS / seed
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    docx_path = make_docx(tmp_path / f"{path.stem}.docx", paragraphs)
    pdf_path = print_pdf(tmp_path, paragraphs)

    def entities(file: Path) -> set[tuple[str, str]]:
        return {(e.type, e.text) for e in extractor.extract(read_document(file)).entities}

    from_txt = entities(path)
    assert from_txt
    docx_score = jaccard(from_txt, entities(docx_path))
    pdf_score = jaccard(from_txt, entities(pdf_path))
    print(f"{seed}: Jaccard docx {docx_score:.3f}, pdf {pdf_score:.3f}")
    assert docx_score >= 0.95
    assert pdf_score >= 0.90
