"""The ``kg`` command: extract and evaluate through typer's CliRunner and one real process.

All Chinese sample texts are written for these tests; the villages, towns and people in them
are made up, the provinces, cities and districts are real.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from click.testing import Result
from folders import snapshot
from spacy.training import Example
from typer.testing import CliRunner

from kg import batch, files
from kg.cli import app
from kg.read import read_document

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
GOLD = REPO / "examples" / "gold"
SUMMARY = re.compile(
    r"(\d+) documents, (\d+) entities, (\d+) relations, (\d+) quantities, (\d+) errors"
)

runner = CliRunner()


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    return runner.invoke(app, list(args), input=input)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def entity_set(record: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["type"], e["text"]) for e in record["entities"]}


def all_names(record: dict[str, Any]) -> set[str]:
    return {n for e in record["entities"] for n in (e["text"], *e["aliases"])}


def triples(record: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(r["head"], r["relation"], r["tail"]) for r in record["relations"]}


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def corpus_stems() -> set[str]:
    return {p.stem for p in CORPUS.glob("*.txt")}


def corpus_names() -> set[str]:
    return {p.name for p in CORPUS.glob("*.txt")}


# ----------------------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("corpus") / "extract"
    return out, invoke("extract", str(CORPUS), "--out", str(out))


def test_extract_writes_one_valid_record_per_document(
    corpus_run: tuple[Path, Result], check_record: Any
) -> None:
    out, result = corpus_run
    assert result.exit_code == 0, result.output
    assert len(corpus_stems()) >= 7
    assert {p.name for p in out.iterdir()} == {f"{name}.json" for name in corpus_names()}
    for source in sorted(CORPUS.glob("*.txt")):
        record = load(out / f"{source.name}.json")
        assert record["doc"] == source.name
        assert record["entities"] and record["relations"] and record["quantities"]
        check_record(record, read_document(source).text)


def test_summary_line_counts_what_was_written(corpus_run: tuple[Path, Result]) -> None:
    out, result = corpus_run
    assert result.stdout == ""
    match = SUMMARY.search(result.stderr)
    assert match is not None, result.stderr
    documents, entities, relations, quantities, errors = map(int, match.groups())
    records = [load(p) for p in out.glob("*.json")]
    assert documents == len(records) == len(corpus_stems())
    assert errors == 0
    assert entities == sum(len(r["entities"]) for r in records) > 0
    assert relations == sum(len(r["relations"]) for r in records) > 0
    assert quantities == sum(len(r["quantities"]) for r in records) > 0
    assert str(out) in result.stderr


def test_quiet_run_is_silent_and_deterministic(
    corpus_run: tuple[Path, Result], tmp_path: Path
) -> None:
    first, _ = corpus_run
    result = invoke("extract", str(CORPUS), "--out", str(tmp_path), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""
    for path in first.glob("*.json"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_real_process_extracts_the_corpus(tmp_path: Path, check_record: Any) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "extract",
            "examples/corpus",
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    assert {p.stem for p in out.glob("*.json")} == corpus_names()
    first = sorted(CORPUS.glob("*.txt"))[0]
    check_record(load(out / f"{first.name}.json"), read_document(first).text)


def test_output_files_honour_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = invoke(
            "extract",
            "-",
            "--out",
            str(tmp_path),
            "--quiet",
            input="柳塘村党支部书记李国梁说。".encode(),
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert (tmp_path / "stdin.txt.json").stat().st_mode & 0o777 == 0o644


# ----------------------------------------------------------------------------- bad inputs

GOOD = "柳塘村党支部书记李国梁说，今年村里新修了产业路。\n"
GB18030_TEXT = "浙江省杭州市西湖区桃溪村党总支书记周海生介绍，村里建起了共享菜园。\n"
BOM_TEXT = "杭州市余杭区梅岭村党支部书记吴秀英说，大家的日子越过越好。\n"
HTML_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>石桥村新闻</title></head><body>
<nav><a href="/">首页</a> <a href="/news">新闻中心</a> <a href="/x">红星镇党委</a></nav>
<div class="breadcrumb">首页 &gt; 新闻 &gt; 正文</div>
<article>
<h1>石桥村：党建引领美丽乡村建设</h1>
<p>本报记者 张建民</p>
<p>浙江省杭州市临安区石桥村党支部书记郑国华说，今年全村新建了文化礼堂。</p>
</article>
<footer><p>版权所有 © 2024 红星日报社 未经授权禁止转载</p><p>浙ICP备12345678号</p></footer>
<p>Copyright 2024 红旗网 All Rights Reserved</p>
</body></html>
"""
BIG_HEAD = "柳塘村党支部书记李国梁说，"
BIG_BODY = "党员干部深入群众，为群众办实事解难题，"
BIG_TAIL = "最后，桃源镇党委书记赵永康表示要继续努力。"
BAD = {  # file name → a word its error line must contain
    "b_empty.txt": "empty",
    "c_binary.txt": "binary",
    "d_latin1.txt": "decode",
}
GOOD_FILES = ("a_good.txt", "e_gb18030.txt", "f_bom.txt", "g_page.html", "h_big.txt")


def write_bad_folder(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200 + b"IHDR")
    latin1 = "Caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu \xe0 la fa\xe7on.\n" * 30
    data = latin1.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    (folder / "d_latin1.txt").write_bytes(data)
    (folder / "e_gb18030.txt").write_bytes(GB18030_TEXT.encode("gb18030"))
    (folder / "f_bom.txt").write_bytes(b"\xef\xbb\xbf" + BOM_TEXT.encode("utf-8"))
    (folder / "g_page.html").write_text(HTML_PAGE, encoding="utf-8")
    repeats = (2_000_000 - len((BIG_HEAD + BIG_TAIL).encode())) // len(BIG_BODY.encode()) + 1
    big = (BIG_HEAD + BIG_BODY * repeats + BIG_TAIL).encode("utf-8")
    assert len(big) >= 2_000_000 and b"\n" not in big
    (folder / "h_big.txt").write_bytes(big)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    base = tmp_path_factory.mktemp("bad")
    folder, out = base / "in", base / "out"
    write_bad_folder(folder)
    return folder, out, invoke("extract", str(folder), "--out", str(out))


def test_bad_files_are_reported_and_skipped(bad_run: tuple[Path, Path, Result]) -> None:
    folder, _, result = bad_run
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == len(BAD), result.stderr
    for name, reason in BAD.items():
        (line,) = [line for line in lines if name in line]
        assert str(folder / name) in line and reason in line, line
    match = SUMMARY.search(result.stderr)
    assert match is not None
    assert int(match.group(1)) == len(GOOD_FILES)
    assert int(match.group(5)) == len(BAD)


def test_outputs_only_for_good_files(bad_run: tuple[Path, Path, Result], check_record: Any) -> None:
    folder, out, _ = bad_run
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.json" for n in GOOD_FILES
    )  # nothing for the bad files, no temp files left behind
    for name in GOOD_FILES:
        record = load(out / f"{name}.json")
        assert record["doc"] == name
        check_record(record, read_document(folder / name).text)


def test_gb18030_and_bom_files_are_read(bad_run: tuple[Path, Path, Result]) -> None:
    _, out, _ = bad_run
    gb = load(out / "e_gb18030.txt.json")
    assert {("PLACE", "桃溪村"), ("PERSON", "周海生"), ("PLACE", "西湖区")} <= entity_set(gb)
    assert any(h == "周海生" and r == "holds_post" for h, r, _ in triples(gb))
    bom = load(out / "f_bom.txt.json")
    assert {("PLACE", "梅岭村"), ("PERSON", "吴秀英"), ("PLACE", "杭州市")} <= entity_set(bom)
    starts = [m["start"] for e in bom["entities"] for m in e["mentions"]]
    assert min(starts) == 0  # the BOM is not part of the text


def test_html_keeps_byline_and_drops_boilerplate(bad_run: tuple[Path, Path, Result]) -> None:
    _, out, _ = bad_run
    record = load(out / "g_page.html.json")
    entities = entity_set(record)
    assert ("PERSON", "张建民") in entities  # 本报记者 张建民
    assert ("PERSON", "郑国华") in entities
    assert ("PLACE", "石桥村") in entities
    names = "".join(all_names(record))
    for boiler in ("红星镇党委", "红星日报社", "红旗网"):
        assert boiler not in names
    pieces = [r["evidence"] for r in record["relations"]]
    pieces += [r["sentence"]["text"] for r in record["relations"]]
    pieces += [q["evidence"] for q in record["quantities"]]
    assert pieces
    for piece in pieces:
        assert not re.search(r"版权|转载|copyright|rights reserved|ICP|首页", piece, re.I), piece


def test_two_megabyte_line_completes(bad_run: tuple[Path, Path, Result]) -> None:
    folder, out, _ = bad_run
    text = read_document(folder / "h_big.txt").text
    record = load(out / "h_big.txt.json")
    entities = {(e["type"], e["text"]): e for e in record["entities"]}
    assert ("PERSON", "李国梁") in entities
    tail = entities[("PERSON", "赵永康")]["mentions"][-1]
    assert tail["end"] > len(text) - len(BIG_TAIL)
    assert text[tail["start"] : tail["end"]] == "赵永康"
    assert ("赵永康", "holds_post", "桃源镇党委") in triples(record)


# ----------------------------------------------------------------------------- stdin and paths


def test_dash_reads_standard_input(tmp_path: Path, check_record: Any) -> None:
    text = "2023年，桃溪村党总支书记周海生带领党员修通了产业路。"
    result = invoke("extract", "-", "--out", str(tmp_path), "--quiet", input=text.encode())
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["stdin.txt.json"]
    record = load(tmp_path / "stdin.txt.json")
    assert record["doc"] == "stdin.txt"
    assert ("PERSON", "周海生") in entity_set(record)
    check_record(record, text)


def test_empty_standard_input_is_an_error(tmp_path: Path) -> None:
    result = invoke("extract", "-", "--out", str(tmp_path / "out"), input=b"  \n")
    assert result.exit_code == 2  # nothing extracted
    assert error_lines(result) == ["error: <stdin>: empty file"]
    assert not (tmp_path / "out").exists()


def test_missing_input_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_folder"
    result = invoke("extract", str(CORPUS), str(missing), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert str(missing) in lines[0] and "no such file" in lines[0]
    assert not (tmp_path / "out").exists()


def test_folder_without_documents_exits_2(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    result = invoke("extract", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1


# ----------------------------------------------------------------------------- atomic writes


class _HalfWriter:
    """A file handle that writes half of what it is given, then fails like a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


class _FailingOs:
    """``os`` for kg.files only, with one function made to fail."""

    def __init__(self, fail: str) -> None:
        self.fail = fail
        self.failures = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = os.fdopen(fd, *args, **kwargs)
        if self.fail != "write":
            return handle
        self.failures += 1
        return _HalfWriter(handle)

    def replace(self, src: str, dst: str) -> None:
        if self.fail == "replace":
            self.failures += 1
            raise OSError(errno.EIO, "Input/output error")
        os.replace(src, dst)


@pytest.mark.parametrize("fail", ["write", "replace"])
def test_failed_write_keeps_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: str
) -> None:
    source = tmp_path / "in" / "doc.txt"
    source.parent.mkdir()
    out = tmp_path / "out"
    source.write_text("柳塘村党支部书记李国梁说。", encoding="utf-8")
    assert invoke("extract", str(source), "--out", str(out), "--quiet").exit_code == 0
    before = (out / "doc.txt.json").read_bytes()
    source.write_text("桃溪村党总支书记周海生说，村里建起了共享菜园。", encoding="utf-8")
    failing = _FailingOs(fail)
    monkeypatch.setattr(files, "os", failing)
    result = invoke("extract", str(source), "--out", str(out), "--quiet")
    assert failing.failures == 1
    assert result.exit_code != 0
    assert [p.name for p in out.iterdir()] == ["doc.txt.json"]  # no temp file left
    assert (out / "doc.txt.json").read_bytes() == before
    monkeypatch.undo()
    assert invoke("extract", str(source), "--out", str(out), "--quiet").exit_code == 0
    assert "周海生" in (out / "doc.txt.json").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- evaluate


def test_evaluate_json_scores(corpus_run: tuple[Path, Result]) -> None:
    out, _ = corpus_run
    result = invoke("evaluate", "--gold", str(GOLD), "--pred", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == len(corpus_stems())
    assert report["missing_predictions"] == []
    for group in ("entities", "relations", "quantities"):
        overall = report[group]["overall"]
        assert 0.0 <= overall["f1"] <= 1.0
        assert 0.0 <= overall["precision"] <= 1.0 and 0.0 <= overall["recall"] <= 1.0
        assert overall["tp"] <= min(overall["gold"], overall["pred"])
    assert report["entities"]["overall"]["f1"] > 0.5  # the rules find most sample entities


def test_evaluate_table(corpus_run: tuple[Path, Result]) -> None:
    out, _ = corpus_run
    result = invoke("evaluate", "--gold", str(GOLD), "--pred", str(out))
    assert result.exit_code == 0
    assert "overall" in result.stdout and "holds_post" in result.stdout


def test_evaluate_missing_gold_exits_2(corpus_run: tuple[Path, Result], tmp_path: Path) -> None:
    out, _ = corpus_run
    missing = tmp_path / "no_gold"
    result = invoke("evaluate", "--gold", str(missing), "--pred", str(out), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0]


# ----------------------------------------------------------------------------- --model

MODEL_ORG = "诺瓦斯塔"  # no organization suffix: only a trained model can know it
MODEL_DOC = "李华加入了诺瓦斯塔。\n诺瓦斯塔的员工在杭州市工作。"
MODEL_TRAIN: list[tuple[str, list[tuple[str, str]]]] = [
    ("李华加入了诺瓦斯塔。", [("李华", "PERSON"), ("诺瓦斯塔", "ORG")]),
    ("诺瓦斯塔的员工在杭州市工作。", [("诺瓦斯塔", "ORG"), ("杭州市", "GPE")]),
    ("王芳来自宁波市。", [("王芳", "PERSON"), ("宁波市", "GPE")]),
    ("刘洋就职于诺瓦斯塔。", [("刘洋", "PERSON"), ("诺瓦斯塔", "ORG")]),
    ("今年共有三百人参加。", []),
    # 杭州市 labelled here as in the second example: with the two at odds the loss never
    # falls below the threshold and all 300 updates are run
    (MODEL_DOC, [("李华", "PERSON"), ("诺瓦斯塔", "ORG"), ("杭州市", "GPE")]),
]


def _spans(text: str, ents: list[tuple[str, str]]) -> Iterator[tuple[int, int, str]]:
    for name, label in ents:
        for match in re.finditer(re.escape(name), text):
            yield match.start(), match.end(), label


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank ``zh`` pipeline whose ``ner`` has learnt MODEL_TRAIN by heart."""
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("zh")
    nlp.add_pipe("ner")
    examples = [
        Example.from_dict(nlp.make_doc(text), {"entities": list(_spans(text, ents))})
        for text, ents in MODEL_TRAIN
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(300):
        losses: dict[str, float] = {}
        nlp.update(examples, sgd=optimizer, drop=0.0, losses=losses)
        if losses["ner"] < 1e-3:
            break
    assert {e.text for e in nlp(MODEL_DOC).ents} >= {MODEL_ORG}
    path = tmp_path_factory.mktemp("model") / "tiny_zh"
    nlp.to_disk(path)
    return path


def test_model_adds_entities_the_rules_miss(
    tiny_model: Path, tmp_path: Path, check_record: Any
) -> None:
    plain = invoke(
        "extract", "-", "--out", str(tmp_path / "rules"), "--quiet", input=MODEL_DOC.encode()
    )
    assert plain.exit_code == 0, plain.output
    assert MODEL_ORG not in all_names(load(tmp_path / "rules" / "stdin.txt.json"))
    with_model = invoke(
        "extract",
        "-",
        "--out",
        str(tmp_path / "model"),
        "--quiet",
        "--model",
        str(tiny_model),
        input=MODEL_DOC.encode(),
    )
    assert with_model.exit_code == 0, with_model.output
    record = load(tmp_path / "model" / "stdin.txt.json")
    assert ("ORG", MODEL_ORG) in entity_set(record)
    (org,) = [e for e in record["entities"] if e["text"] == MODEL_ORG]
    assert len(org["mentions"]) == 2
    check_record(record, MODEL_DOC)


def test_bad_model_path_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "no_model_here"
    result = invoke("extract", str(CORPUS), "--out", str(tmp_path / "out"), "--model", str(missing))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: cannot load spaCy model") and str(missing) in lines[0]
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- issue 9 and 8


def wait_until(condition: Any, what: str, limit: float = 300.0) -> None:
    """Poll ``condition`` (a guard against a hung run, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


def test_unparsable_numeral_and_non_utf8_name_do_not_sink_a_run(tmp_path: Path) -> None:
    """Issue 9, item 4: 十二十二 raised KeyError in cn2an; a non-UTF-8 name raised
    UnicodeEncodeError."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "zz.txt").write_text("村党支部有十二十二名党员。", encoding="utf-8")
    (folder / os.fsdecode(b"n\xff.txt")).write_text(GOOD, encoding="utf-8")
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke("extract", str(folder), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.txt.json", "n\\xff.txt.json", "zz.txt.json"]
    assert load(out / "n\\xff.txt.json")["doc"] == "n\\xff.txt"
    assert load(out / "zz.txt.json")["doc"] == "zz.txt"


def test_nothing_extracted_exits_2(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = invoke("extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {tmp_path / 'in' / 'empty.txt'}: empty file"]
    assert not (tmp_path / "out").exists()


def test_dangling_link_and_hidden_file_are_said(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "..x.txt").write_text(GOOD, encoding="utf-8")
    result = invoke("extract", str(folder), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert error_lines(result) == [
        f"error: {folder / 'gone.txt'}: skipped: dangling symbolic link (to nowhere.txt)"
    ]
    assert f"note: {folder / '..x.txt'}: skipped: hidden file" in result.stderr
    assert [p.name for p in out.iterdir()] == ["a.txt.json"]


def test_stale_temporary_files_are_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = [out / ".x.txt.json.abcd_123.tmp", out / "sub" / ".y.md.json.zzzz9999.tmp"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke("extract", "-", "--out", str(out), "-q", input=GOOD.encode())
    assert result.exit_code == 0, result.output
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "stdin.txt.json", "sub"]


def test_a_locked_output_folder_stops_a_second_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with files.output_lock(out):
        result = invoke("extract", "-", "--out", str(out), input=GOOD.encode())
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert str(out) in line and "another kg extract or kg build is writing" in line
    assert list(out.iterdir()) == []
    assert invoke("extract", "-", "--out", str(out), "-q", input=GOOD.encode()).exit_code == 0


def test_jobs_2_writes_the_same_bytes_as_jobs_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8, item 3: worker processes; the output does not depend on their number. A
    bad file in a worker is one error line."""
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    (folder / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    pools: list[int] = []
    real_pool = batch._pool

    def counting_pool(*args: Any) -> Iterator[Any]:
        pools.append(args[-1])
        return real_pool(*args)

    monkeypatch.setattr(batch, "_pool", counting_pool)
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = invoke("extract", str(folder), "--out", str(out), "--jobs", jobs, "--fast")
        assert result.exit_code == 1, result.output
        assert error_lines(result) == [f"error: {folder / 'zz_binary.txt'}: binary file, not text"]
        runs[jobs] = snapshot(out)
    assert pools == [2]  # one pool, of two workers, for --jobs 2 only
    assert len(runs["1"]) == len(corpus_names())
    assert runs["1"] == runs["2"]


@pytest.mark.parametrize("fast", [True, False])
def test_fast_flag_reaches_the_extractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    made: list[bool] = []

    class Spy(batch.Extractor):
        def __init__(self, model: str | None = None, fast: bool = False) -> None:
            made.append(fast)
            super().__init__(model, fast=fast)

    monkeypatch.setattr(batch, "Extractor", Spy)
    args = ["extract", "-", "--out", str(tmp_path), "-q", "--jobs", "1"]
    result = invoke(*args, *(["--fast"] if fast else []), input=GOOD.encode())
    assert result.exit_code == 0, result.output
    assert made == [fast]


def _ctrl_c_as_in_a_terminal() -> None:
    """A shell starts a background job (``pytest … &``) with SIGINT ignored, and the
    command run here would inherit that and ignore Ctrl-C: give it the default back."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signal_states(pid: int) -> None:
    """Print each thread's signal masks (pending, blocked, ignored, caught) from /proc."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            lines = (task / "status").read_text().splitlines()
            print(task.name, [x for x in lines if x.startswith(("Sig", "ShdPnd"))])


def _threads_blocking_sigint(pid: int) -> dict[int, bool]:
    """Whether each thread of ``pid`` blocks SIGINT (the SigBlk mask of /proc)."""
    blocking = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:
            continue  # a thread that ended meanwhile
        mask = int(next(x for x in status.splitlines() if x.startswith("SigBlk:")).split()[1], 16)
        blocking[int(task.name)] = bool(mask & (1 << (signal.SIGINT - 1)))
    return blocking


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_ctrl_c_ends_the_workers(tmp_path: Path) -> None:
    """A FIFO given by name blocks its worker for ever: only Ctrl-C can end this run."""
    first, fifo, out = tmp_path / "a.txt", tmp_path / "pipe.txt", tmp_path / "out"
    first.write_text(GOOD, encoding="utf-8")
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "kg.cli", "extract", str(first), str(fifo)]
    proc = subprocess.Popen(
        [*command, "--out", str(out), "--jobs", "2", "--fast", "-q"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # a stuck run shows where it is
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    workers: set[int] = set()
    try:
        wait_until(lambda: (out / "a.txt.json").exists() or proc.poll() is not None, "a record")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        workers = _children(proc.pid)
        assert len(workers) >= 2
        blocking = _threads_blocking_sigint(proc.pid)  # only this thread can take Ctrl-C
        assert (
            blocking[proc.pid] is False
            and len(blocking) >= 2
            and all(blocks for tid, blocks in blocking.items() if tid != proc.pid)
        ), blocking
        proc.send_signal(signal.SIGINT)
        try:
            status = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            _signal_states(proc.pid)
            proc.send_signal(signal.SIGABRT)  # the fault handler prints every thread's stack
            proc.wait()
            status = None
        assert status == 130, proc.stderr.read() if proc.stderr else ""
        assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
        wait_until(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), "workers")
    finally:
        for pid in [proc.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()


def test_evaluate_scores_several_gold_folders_apart_and_together(tmp_path: Path) -> None:
    import json as _json

    from typer.testing import CliRunner

    from kg.cli import app

    repo = Path(__file__).resolve().parents[1]
    pred = tmp_path / "pred"
    runner = CliRunner()
    assert (
        runner.invoke(
            app,
            [
                "extract",
                str(repo / "examples" / "corpus"),
                "--out",
                str(pred),
                "--quiet",
                "--fast",
                "--jobs",
                "1",
            ],
        ).exit_code
        == 0
    )
    gold_a, gold_b = tmp_path / "a", tmp_path / "b"
    gold_a.mkdir()
    gold_b.mkdir()
    for i, path in enumerate(sorted((repo / "examples" / "gold").glob("*.gold.json"))):
        (gold_a if i % 2 else gold_b).joinpath(path.name).write_text(
            path.read_text("utf-8"), "utf-8"
        )
    result = runner.invoke(
        app,
        ["evaluate", "--gold", str(gold_a), "--gold", str(gold_b), "--pred", str(pred), "--json"],
    )
    assert result.exit_code == 0, result.output
    scores = _json.loads(result.stdout)
    assert set(scores) == {str(gold_a), str(gold_b), "together"}
    parts = [scores[str(gold_a)], scores[str(gold_b)]]
    assert scores["together"]["documents"] == sum(p["documents"] for p in parts)


# --------------------------------------------------------------------------- kg query


def kg_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build`` of one sample article (rules only), as a real process."""
    out = tmp_path_factory.mktemp("query-build") / "out"
    article = str(CORPUS / "01_village_branch.txt")
    proc = kg_process("build", article, "--out", str(out), "--fast", "--quiet")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize(("name", "param"), [("evidence", "name"), ("organizations-under", "name")])
def test_query_question_without_its_parameter_is_one_line_exit_2(
    small_build: Path, name: str, param: str
) -> None:
    proc = kg_process("query", str(small_build), "--name", name)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"error: question {name!r} needs --param {param}=VALUE"]
    given = kg_process(
        "query", str(small_build), "--name", name, "--param", f"{param}=竹源村党总支"
    )
    assert given.returncode == 0, given.stderr


def test_query_table_shows_types_and_readable_iris(small_build: Path) -> None:
    aliases = kg_process("query", str(small_build), "--name", "entity-aliases")
    assert aliases.returncode == 0, aliases.stderr
    assert "type_label" in aliases.stdout and "Organization" in aliases.stdout
    assert "组织" in aliases.stdout and "ORG " not in aliases.stdout
    own = kg_process(
        "query",
        str(small_build),
        'SELECT ?o WHERE { ?o rdfs:label "竹源村党总支"@zh }',
        "--format",
        "markdown",
    )
    assert own.returncode == 0, own.stderr
    assert own.stdout.splitlines()[2] == "| https://w3id.org/dangjian-kg/id/org/竹源村党总支 |"


INTERRUPTED_WHILE_WRITING = """
import sys
import kg.record_cache
from kg.cli import app


def interrupted(*args, **kwargs):
    raise KeyboardInterrupt  # Ctrl-C while the first record is being written


kg.record_cache.write_cached_record = interrupted
sys.argv = ["kg", "extract", *sys.argv[1:]]
app()
"""


OPTIONS = ("--jobs", "2", "--fast", "-q", "--out")


def test_ctrl_c_between_two_records_ends_the_workers(tmp_path: Path) -> None:
    """Ctrl-C that lands while a record is written (not while waiting for a worker): the
    workers are ended all the same, and the command does not wait at exit for the one
    blocked for ever on a FIFO."""
    first, fifo, out = tmp_path / "a.txt", tmp_path / "pipe.txt", tmp_path / "out"
    first.write_text(GOOD, encoding="utf-8")
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_WHILE_WRITING, *map(str, (first, fifo)), *OPTIONS, out],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.wait(timeout=120) == 130
        assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:  # stuck: end it and its workers
            for pid in [*_children(proc.pid), proc.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_the_progress_bar_thread_leaves_ctrl_c_to_the_main_thread() -> None:
    from kg.cli import _progress

    before = set(_threads_blocking_sigint(os.getpid()))
    with _progress(True) as progress:
        progress.add_task("extracting", total=2)
        started = {
            tid: blocks
            for tid, blocks in _threads_blocking_sigint(os.getpid()).items()
            if tid not in before
        }
    assert started and all(started.values()), started
    assert not _threads_blocking_sigint(os.getpid())[os.getpid()]
