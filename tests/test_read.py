"""Tests of the READ stage (kg/read.py): decoding, NUL bytes, HTML, boilerplate removal.

All sample texts here are written for these tests; the seed corpus is only read, if present.
"""

from __future__ import annotations

import io
import pickle
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg import read
from kg.read import (
    InputError,
    InputWarning,
    boilerplate_patterns,
    decode_bytes,
    html_to_text,
    normalize_text,
    read_document,
    read_stdin,
    strip_boilerplate,
)
from kg.resources import extract_file

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
CHINESE = (
    "中共某某市委组织部召开基层党建工作会议，全市新建党组织１２个、发展党员３５０名。"
    "“两新”组织——覆盖率达９８％。"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def reason_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    return info.value.reason


# ----------------------------------------------------------------------------- errors


def test_input_error_message_and_pickle() -> None:
    err = InputError("a/b.txt", "empty file")
    assert (str(err), err.path, err.reason) == ("a/b.txt: empty file", "a/b.txt", "empty file")
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.path, again.reason) == (str(err), err.path, err.reason)


def test_read_document_missing_and_folder(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "nope.txt") == "no such file or folder"
    assert reason_of(tmp_path) == "is a folder, not a file"


# ----------------------------------------------------------------------------- encodings


def test_utf8_with_and_without_bom(tmp_path: Path) -> None:
    for i, data in enumerate((CHINESE.encode("utf-8"), CHINESE.encode("utf-8-sig"))):
        path = write(tmp_path, f"00{i}_doc.txt", data)
        doc = read_document(path)
        assert (doc.name, doc.path, doc.text) == (path.name, str(path), CHINESE)
        assert decode_bytes(data, "x") == CHINESE  # BOM gone already when decoding


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_encodings_round_trip(tmp_path: Path, encoding: str) -> None:
    text = CHINESE + "\n习近平新时代中国特色社会主义思想·党史学习教育…"
    assert decode_bytes(text.encode(encoding), "x") == text
    assert read_document(write(tmp_path, "gb.txt", text.encode(encoding))).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    data = CHINESE.encode(encoding)
    if encoding.endswith(("-le", "-be")):
        data = "\ufeff".encode(encoding) + data
    assert read_document(write(tmp_path, "u16.txt", data)).text == CHINESE


def test_big5_via_charset_normalizer() -> None:
    text = "臺灣的黨員組織發展非常迅速，這是一個繁體中文的測試句子，用於檢查編碼偵測。" * 3
    assert decode_bytes(text.encode("big5"), "x") == text


def test_gb18030_needs_plausible_chinese() -> None:
    latin = "Les élégantes étoiles créatives brillent".encode("latin-1")
    mojibake = latin.decode("gb18030")  # gb18030 accepts these bytes but makes nonsense
    assert not read._plausibly_chinese(mojibake)
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(latin, "x")
    assert read._plausibly_chinese(CHINESE)
    assert not read._plausibly_chinese(CHINESE + "\x01\x02\x03")  # control characters


@pytest.mark.parametrize(
    "data",
    [
        "Le comité a été créé en été; très élégant.".encode("latin-1"),
        bytes(range(0x80, 0x100)) * 3,
        "Café".encode("latin-1"),
    ],
)
def test_undecodable(tmp_path: Path, data: bytes) -> None:
    assert reason_of(write(tmp_path, "bad.txt", data)) == "cannot decode as UTF-8 or GB18030"


EMPTY = [b"", b"  \n\r\n\t ", b"\xef\xbb\xbf", "\u3000\u00a0\n".encode(), "\n".encode("utf-16")]


@pytest.mark.parametrize("data", EMPTY)
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert reason_of(write(tmp_path, "empty.txt", data)) == "empty file"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml",
        "正文".encode() * 10 + b"\x00" * 20 + "正文".encode() * 10,
        bytes(range(1, 9)) * 20 + b"some text",
        "".join(map(chr, range(1, 32))).encode("utf-16") * 10,
    ],
    ids=["png", "zip", "nuls", "controls", "utf16-controls"],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    assert reason_of(write(tmp_path, "bin.txt", data)) == "binary file, not text"


def test_a_pdf_by_another_name_is_read_as_a_pdf(tmp_path: Path) -> None:
    """Issue 10: the content decides (kg/formats.py); a damaged PDF says so."""
    data = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    assert reason_of(write(tmp_path, "bin.txt", data)).startswith("not a readable PDF: ")


@pytest.mark.parametrize("at", [0, 5, 9_000, 50_000], ids=["first", "early", "late", "end"])
def test_a_stray_nul_is_removed_and_said_wherever_it_is(tmp_path: Path, at: int) -> None:
    """Issue 9: a NUL byte rejected a whole document if early, was dropped silently if late."""
    text = ("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n" * 2_000)[:20_000]
    data = text.encode("utf-8")
    cut = min(at, len(data))
    while cut < len(data) and (data[cut] & 0xC0) == 0x80:
        cut += 1  # between two characters
    path = write(tmp_path, "nul.txt", data[:cut] + b"\x00" + data[cut:])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = read_document(path)
    assert doc.text == normalize_text(text)
    notes = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert notes == [f"{path}: 1 NUL byte(s) removed"]


def test_reason_for_boilerplate_only_file(tmp_path: Path) -> None:
    path = write(tmp_path, "b.txt", "分享到\n回到顶部\n".encode())
    assert reason_of(path) == "no text left after removing markup and boilerplate"


LINE_CHARS = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)]
    + [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
       if (hi, lo) < (0xD7, 0xFA)]
    + list("，。、；：？！“”‘’（）《》—…·\n\t\r")
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.text(LINE_CHARS, max_size=200),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"]))  # fmt: skip
def test_decode_round_trip_property(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    # bytes valid in both UTF-8 and GB18030 are truly ambiguous; UTF-8 wins by design
    assume(encoding not in ("gb18030", "gbk") or text.isascii() or not is_utf8(data))
    assert decode_bytes(data, "x") == text


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=100))
def test_any_utf8_text_decodes_or_is_refused_as_binary(text: str) -> None:
    try:
        assert decode_bytes(text.encode("utf-8"), "x") == text
    except InputError as err:
        assert err.reason == "binary file, not text"


# ----------------------------------------------------------------------------- normalization


def test_newlines_and_spaces_normalized(tmp_path: Path) -> None:
    raw = "第一行\r\n第二行\r第三行\u2028第四行\n\u3000\u3000党员\u00a0大会 \n\n\n\n\n末行\u200b"
    text = read_document(write(tmp_path, "n.txt", raw.encode())).text
    assert text == "第一行\n第二行\n第三行\n第四行\n党员 大会\n\n末行"
    assert normalize_text("甲\u3000乙\x07丙\ufeff") == "甲 乙丙"


def test_huge_single_line(tmp_path: Path) -> None:
    line = ("基层党组织建设abc，" * 500_000)[:5_000_000]
    doc = read_document(write(tmp_path, "huge.txt", line.encode("utf-8")))
    assert doc.text == line
    assert read_document(write(tmp_path, "huge_gb.txt", line.encode("gb18030"))).text == line


def test_read_stdin() -> None:
    doc = read_stdin(io.BytesIO(CHINESE.encode("gb18030")), name="piped.txt")
    assert (doc.name, doc.path, doc.text) == ("piped.txt", "-", CHINESE)
    html = read_stdin(io.BytesIO(b"<p>a</p><p>b</p>"), name="x.html")
    assert html.text == "a\n\nb"
    with pytest.raises(InputError, match=r"^<stdin>: empty file$"):
        read_stdin(io.BytesIO(b""))


# ----------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html><head><title>某某区党建网 - 首页</title><style>p {color: red}</style>
<script>var x = "脚本内容";</script></head>
<body>
<header><a href="/">网站首页</a></header>
<nav><ul><li>党建动态</li><li>通知公告</li></ul></nav>
<div class="breadcrumb">首页 &gt; 党建动态</div>
<div id="main-menu">菜单项</div>
<article>
  <header><h1>某某街道成立&nbsp;楼宇联合党委</h1><p class="meta">本报记者 李某</p></header>
  <p>近日，某某街道在商务楼宇成立联合党委，<br>覆盖企业３０家。</p>
  <div>党员服务中心
     同步启用。</div>
  <table><tr><td>党员</td><td>120名</td></tr></table>
  <footer>责任编辑：王某</footer>
</article>
<aside>热门文章</aside><div class="share-box">分享到微信</div>
<div class="ad-banner">广告内容</div><div class="comments">网友评论</div>
<form><input value="搜索"></form><iframe src="x"></iframe><svg><text>图形</text></svg>
<noscript>请启用脚本</noscript><div hidden>隐藏内容</div><!-- 注释 -->
<footer><p>版权所有 某某网</p><p class="copyright">Copyright 2024</p></footer>
</body></html>"""


def test_html_to_text_drops_boilerplate_elements() -> None:
    lines = html_to_text(PAGE).split("\n")
    assert [line for line in lines if line] == [
        "某某街道成立\xa0楼宇联合党委",
        "本报记者 李某",
        "近日，某某街道在商务楼宇成立联合党委，",
        "覆盖企业３０家。",
        "党员服务中心同步启用。",
        "党员 120名",
        "责任编辑：王某",
    ]
    assert "\n\n\n" not in html_to_text(PAGE)


def test_html_title_only_without_h1() -> None:
    assert html_to_text("<title>标题甲</title><h1>标题乙</h1><p>正文</p>") == "标题乙\n\n正文"
    assert html_to_text("<title> 标题甲 </title><h2>小标题</h2><p>正文</p>").split("\n\n") == [
        "标题甲", "小标题", "正文"]  # fmt: skip


def test_html_class_rule_never_drops_main_content() -> None:
    html = '<body class="has-sidebar"><div class="with-sidebar"><h1>标题</h1><p>正文</p></div>'
    assert html_to_text(html + '<div class="sidebar">侧栏</div></body>') == "标题\n\n正文"
    assert read._is_boiler_name("ad-box") and read._is_boiler_name("main_nav")
    assert not read._is_boiler_name("head-title") and not read._is_boiler_name("shared")


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page.txt"])
def test_read_document_html(tmp_path: Path, name: str) -> None:
    data = PAGE.encode("gb18030") if name.endswith(".txt") else PAGE.encode()
    text = read_document(write(tmp_path, name, data)).text
    assert text.startswith("某某街道成立 楼宇联合党委\n")  # NBSP normalized after parsing
    assert "本报记者 李某" in text and "脚本" not in text and "版权" not in text


def test_plain_text_mentioning_html_is_not_parsed(tmp_path: Path) -> None:
    raw = "文章讲到<html>标签和<p>段落。"
    assert read_document(write(tmp_path, "t.txt", raw.encode())).text == raw


# ----------------------------------------------------------------------------- boilerplate

BOILERPLATE = [
    "版权声明:本文由网友上传,观点仅代表作者本人,与本站无关。",
    "本站仅提供信息存储空间服务,不拥有所有权。",
    "首页 / 新闻 / 某某区:推进基层党建工作",
    "当前位置：首页 > 党建动态 > 正文",
    "首页>要闻>正文",
    "浏览次数:57 分类:动态",
    "阅读量",
    "阅读量：1.2万",
    "点击取消回复",
    "分享到:",
    "分享到 微信 微博",
    "扫一扫,分享到朋友圈",
    "返回",
    "顶部",
    "回到顶部",
    "顶部 回到顶部",
    "在线客服",
    "在线客服x",
    "客服",
    "上一篇:某某镇召开党员大会",
    "下一篇：某某村成立合作社",
    "Copyright © 2024 某某网 All Rights Reserved",
    "某某日报社版权所有",
    "粤ICP备12345678号",
    "【打印】【关闭】",
]
BYLINES = [
    "羊城晚报全媒体记者 张某某",
    "本报记者 李某",
    "编辑:王某",
    "责任编辑：赵某",
    "来源:某某网",
    "文/图 某某日报记者欧阳某 通讯员某某",
    "文|记者 某某 通讯员 某某区委组织部图|通讯员提供",
    "（记者 某某 通讯员 某某）",
    "某某摄",
]
CONTENT = [
    "记者了解到,全区已建成党群服务中心12个。",
    "阅读量达到新高的“学习强国”平台成为党员学习的重要阵地，全区党员积极参与。",
    "返回家乡的大学生党员成立了临时党支部。",
    "扫一扫二维码就能在党员服务中心办理组织关系转接，方便了流动党员，受到群众欢迎。",
    "党建/业务/服务三融合",
    "分类推进软弱涣散党组织整顿",
    "②",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_dropped(line: str) -> None:
    assert strip_boilerplate(f"第一段。\n{line}\n第二段。") == "第一段。\n\n第二段。"


@pytest.mark.parametrize("line", BYLINES + CONTENT)
def test_bylines_and_content_kept(line: str) -> None:
    text = f"第一段。\n  {line}\n第二段。"
    assert strip_boilerplate(text) == text


def test_dropped_lines_leave_one_paragraph_break() -> None:
    assert strip_boilerplate("甲。\n分享到\n\n返回\n顶部\n乙。\n客服") == "甲。\n\n乙。"


def test_boilerplate_removal_keeps_kept_lines_intact(tmp_path: Path) -> None:
    body = ["某某村党支部书记张某说，要把党组织建在产业链上。", "本报记者 李某", "第二段正文。"]
    raw = "\n".join(["首页 / 新闻 / 标题", "返回", body[0], body[1], "浏览次数:9", body[2],
                     "点击取消回复", "分享到", "版权声明:仅供参考。"])  # fmt: skip
    text = read_document(write(tmp_path, "p.txt", raw.encode())).text
    assert text == f"{body[0]}\n{body[1]}\n\n{body[2]}"


def test_boilerplate_file_is_loaded_and_compiles() -> None:
    path = extract_file("boilerplate.txt")
    sources = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    sources = [s for s in sources if s and not s.startswith("#")]
    assert len(boilerplate_patterns()) == len(sources) > 10
    assert [p.pattern for p in boilerplate_patterns()] == sources


def test_bad_pattern_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "boilerplate.txt", b"# comment\n\n^ok$\n(unclosed\n")
    with pytest.raises(ValueError, match=r"boilerplate\.txt:4: bad pattern"):
        list(read._compile_lines(path))


# ----------------------------------------------------------------------------- seed corpus


def test_seed_corpus_boilerplate_removed_bylines_kept() -> None:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip(f"seed corpus not found at {SEEDS}")
    for seed in seeds:
        raw_lines = [line.strip() for line in seed.read_text(encoding="utf-8").splitlines()]
        lines = read_document(seed).text.split("\n")
        for banned in ("版权声明", "浏览次数", "点击取消回复", "回到顶部", "在线客服"):
            assert not any(banned in line for line in lines), (seed.name, banned)
        assert not any(re.match(r"首页\s*/", line) for line in lines), seed.name
        for raw in raw_lines:
            if "记者" in raw or re.match(r"(编辑|来源)[:：]", raw):
                assert raw in lines, (seed.name, raw)


def test_straight_quotes_around_chinese_words_become_chinese_marks(tmp_path: Path) -> None:
    path = tmp_path / "q.txt"
    path.write_text(
        '甲县委推行"小微权力清单"制度, "A" 中文 "B".\n他说"hello"。\n单个"引号',
        encoding="utf-8",
    )
    text = read.read_document(path).text
    assert text.splitlines() == [
        '甲县委推行“小微权力清单”制度, "A" 中文 "B".',  # pairs taken in order: "A", "B"
        '他说"hello"。',
        '单个"引号',
    ]


def test_quotes_inside_html_attributes_are_left_to_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(
        '<html><body><p title="党建 活动">推行"小微权力清单"制度</p></body></html>',
        encoding="utf-8",
    )
    assert read.read_document(path).text == "推行“小微权力清单”制度"


@given(st.text(alphabet='甲乙"＂ a\n', max_size=40))
@settings(max_examples=200, deadline=None)
def test_chinese_quotes_only_swap_marks(text: str) -> None:
    out = read.chinese_quotes(text)
    assert len(out) == len(text)
    assert [c for c in out if c not in "“”"] == [
        c for c, o in zip(text, out, strict=True) if o not in "“”"
    ]
    assert out.count("“") == out.count("”")
