"""One discovery pass for ``kg extract`` and ``kg build`` (kg/discover.py): record names
relative to the input root, links, loops, special files, hidden and non-UTF-8 names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.discover import InputFile, discover, printable, record_name
from kg.read import STDIN, SUPPORTED_SUFFIXES, InputError

BAD_NAME = os.fsdecode(b"n\xff\xfe.txt")  # not UTF-8: surrogate-escaped by the OS layer


def write(folder: Path, rel: str, data: bytes = "柳塘村党支部书记李国梁说。".encode()) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def names(inputs: list[str]) -> list[str]:
    return [f.name for f in discover(inputs).files]


def test_files_folders_and_stdin_in_order(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "a.md", "b/1.html", "b/c/0.htm", "x.pdf", "b/_notes.csv", "UP.TXT"):
        write(tmp_path / "in", rel)
    single = write(tmp_path, "elsewhere/one.dat")  # a file given by name: any suffix
    found = discover([str(single), STDIN, str(tmp_path / "in")])
    assert found.files[:2] == [InputFile(str(single), "one.dat"), InputFile(STDIN, "stdin.txt")]
    assert [f.name for f in found.files[2:]] == [
        "UP.TXT",
        "a.md",
        "b/1.html",
        "b/2.txt",
        "b/c/0.htm",
        "x.pdf",
    ]
    assert found.files[5].path == os.path.join(tmp_path / "in", "b", "2.txt")
    assert not found.errors
    assert found.notes == [
        f"{tmp_path / 'in' / 'b' / '_notes.csv'}: skipped: unsupported format: .csv files are "
        "not read (only .txt, .md, .html, .htm, .docx, .pdf)"
    ]
    assert {".txt", ".htm", ".docx", ".pdf"} <= set(SUPPORTED_SUFFIXES)


def test_other_formats_in_a_folder_get_one_note_each(tmp_path: Path) -> None:
    """Issue 10: files of other formats were skipped without a word."""
    for rel in ("a.txt", "b.xlsx", "c.doc", "README", "d.DOCX", ".hidden.xlsx"):
        write(tmp_path, rel)
    found = discover([str(tmp_path)])
    assert [f.name for f in found.files] == ["a.txt", "d.DOCX"]
    reasons = {line.split(": skipped: ")[0]: line.split(": skipped: ")[1] for line in found.notes}
    assert set(reasons) == {str(tmp_path / n) for n in ("b.xlsx", "c.doc", "README")}
    assert reasons[str(tmp_path / "b.xlsx")].startswith("unsupported format: .xlsx files")
    assert reasons[str(tmp_path / "c.doc")].endswith("; save it as .docx")
    assert "without an extension" in reasons[str(tmp_path / "README")]
    assert not found.errors  # notes: the run still exits 0
    named = discover([str(tmp_path / "b.xlsx")])  # named on the command line: read, and
    assert [f.name for f in named.files] == ["b.xlsx"]  # the reader says what it is


def test_repeats_are_one_document(tmp_path: Path) -> None:
    path = str(write(tmp_path, "a.txt"))
    found = discover([path, path, str(tmp_path), STDIN, STDIN])
    assert found.files == [InputFile(path, "a.txt"), InputFile(STDIN, "stdin.txt")]
    assert not found.errors


def test_missing_input_is_raised_before_anything(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope")
    with pytest.raises(InputError) as info:
        discover([str(write(tmp_path, "a.txt")), missing])
    assert str(info.value) == f"{missing}: no such file or folder"


def test_record_names_cannot_collide(tmp_path: Path) -> None:
    """Issue 9, item 6: a/x.txt and b/x.txt, y.txt and y.md all wrote x.json / y.json."""
    for rel in ("a/x.txt", "b/x.txt", "y.txt", "y.md"):
        write(tmp_path, rel)
    found = names([str(tmp_path)])
    assert found == ["a/x.txt", "b/x.txt", "y.md", "y.txt"]
    assert len({record_name(n) for n in found}) == 4
    assert record_name("a/x.txt") == "a/x.txt.json"


def test_two_roots_with_one_name_skip_the_later_with_an_error(tmp_path: Path) -> None:
    first = write(tmp_path, "one/x.txt")
    second = write(tmp_path, "two/x.txt", "桃溪村党总支书记周海生说。".encode())
    write(tmp_path, "two/X.TXT", "不同的文件。".encode())  # only the case differs
    write(tmp_path, "two/sub/z.txt")
    found = discover([str(tmp_path / "one"), str(tmp_path / "two")])
    assert [f.name for f in found.files] == ["x.txt", "sub/z.txt"]
    assert found.files[0].path == str(first)
    assert len(found.errors) == 2
    assert any(e.startswith(f"{second}: skipped:") for e in found.errors)
    assert all(f"is taken by {first}" in e for e in found.errors)


def test_a_record_cannot_sit_where_another_needs_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "one/a.txt")
    inner = write(tmp_path, "two/a.txt.json/b.txt")
    found = discover([str(tmp_path / "one"), str(tmp_path / "two")])
    assert [f.name for f in found.files] == ["a.txt"]
    (line,) = found.errors
    assert line.startswith(f"{inner}: skipped: its record name a.txt.json/b.txt.json")


def test_dangling_links_loops_and_special_files_are_errors(tmp_path: Path) -> None:
    """Issue 9, item 5: each is skipped with one line; the good file is kept."""
    folder = tmp_path / "in"
    good = write(folder, "good.txt")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "up").symlink_to(".")
    os.mkfifo(folder / "pipe.txt")  # reading it would block the run for ever
    (folder / "linked").symlink_to(tmp_path / "elsewhere")
    write(tmp_path, "elsewhere/far.txt")
    found = discover([str(folder), str(folder / "dangling.txt")])
    far = InputFile(str(folder / "linked" / "far.txt"), "linked/far.txt")  # a linked folder
    assert found.files == [InputFile(str(good), "good.txt"), far]
    reasons = {line.split(": skipped: ")[0]: line.split(": skipped: ")[1] for line in found.errors}
    assert reasons == {
        str(folder / "dangling.txt"): "dangling symbolic link (to nowhere.txt)",
        str(folder / "pipe.txt"): "not a regular file (a FIFO, socket or device)",
        str(folder / "self.txt"): "symbolic link loop",
        str(folder / "up"): "links back to an enclosing folder (a loop)",
    }
    assert len(found.errors) == 4  # the dangling link given by name is reported once


def test_hidden_names_are_skipped_with_a_note(tmp_path: Path) -> None:
    """Issue 9: ``..x.txt`` was skipped without a word."""
    write(tmp_path, "..x.txt")
    write(tmp_path, ".git/notes.txt")
    write(tmp_path, "kept.txt")
    write(tmp_path, ".bashrc")  # not a document name at all: no line
    found = discover([str(tmp_path)])
    assert names([str(tmp_path)]) == ["kept.txt"]
    assert found.notes == [
        f"{tmp_path / '..x.txt'}: skipped: hidden file (the name starts with '.')",
        f"{tmp_path / '.git'}: skipped: hidden folder",
    ]
    assert not found.errors
    assert names([str(tmp_path / "..x.txt")]) == ["..x.txt"]  # named on the command line: read


def test_non_utf8_file_names_are_escaped(tmp_path: Path) -> None:
    """Issue 9, item 4: a file name that is not UTF-8 raised UnicodeEncodeError."""
    path = write(tmp_path, BAD_NAME)
    (found,) = discover([str(tmp_path)]).files
    assert found.path == str(path) and Path(found.path).read_bytes()
    assert found.name == "n\\xff\\xfe.txt" == found.shown[-len(found.name) :]
    found.name.encode("utf-8")  # printable and encodable everywhere
    assert printable("a\nb.txt") == "a\\x0ab.txt"
    assert printable("党建.txt") == "党建.txt"
