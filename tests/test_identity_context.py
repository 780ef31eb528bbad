"""Identity by context: a bare organ name (省委, 区委组织部, 市委) is the organ its document's
places name (广东省委), joined with that organ where another document names it; where the
document does not say which (two provinces), it stays apart and the report says why.
Decision warnings reach standard error as well as the build report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build
from kg.identity import Node, Resolution, resolve_identities
from kg.records import DocumentRecord, Entity


def record(doc: str, *entities: tuple[str, str]) -> DocumentRecord:
    return DocumentRecord(doc, [Entity(text, etype) for text, etype in entities])


def node(res: Resolution, doc: str, name: str, etype: str = "ORG") -> Node:
    found = res.node_of(doc, etype, name)
    assert found is not None, (doc, name)
    return found


def test_bare_organ_is_named_by_the_place_of_its_document() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("省委", "ORG"), ("广州市", "PLACE")),
            record("b.txt", ("区委组织部", "ORG"), ("天河区", "PLACE")),
            record("c.txt", ("市委", "ORG"), ("江门市", "PLACE"), ("蓬江区", "PLACE")),
        ]
    )
    province = node(res, "a.txt", "省委")
    assert (province.label, province.qualifier, province.alt_labels) == ("广东省委", "", ["省委"])
    assert node(res, "b.txt", "区委组织部").label == "天河区委组织部"
    assert node(res, "c.txt", "市委").label == "江门市委"
    notes = {(n.doc, n.name): (n.resolved, n.reason) for n in res.context_notes}
    assert notes[("a.txt", "省委")] == ("广东省委", "the document's 省 is 广东省")
    assert notes[("b.txt", "区委组织部")] == ("天河区委组织部", "the document's 区 is 天河区")


def test_bare_organ_joins_the_organ_another_document_names() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("省委", "ORG"), ("广州市", "PLACE")),
            record("b.txt", ("中共广东省委", "ORG")),
            record("c.txt", ("区委组织部", "ORG"), ("天河区", "PLACE")),
            record("d.txt", ("广州市天河区委组织部", "ORG")),
            record("e.txt", ("省委", "ORG"), ("深圳市", "PLACE")),
        ]
    )
    committee = node(res, "b.txt", "中共广东省委")
    assert node(res, "a.txt", "省委") is committee is node(res, "e.txt", "省委")
    assert committee.docs == ["a.txt", "b.txt", "e.txt"]
    assert node(res, "c.txt", "区委组织部") is node(res, "d.txt", "广州市天河区委组织部")
    reasons = {m.b.describe(): m.reason for m in res.merges if m.rule == "place_context"}
    assert reasons["区委组织部 (c.txt)"] == (
        "区委组织部 in c.txt is 广州市天河区委组织部: the document's 区 is 天河区"
    )
    assert "the document's 省 is 广东省" in reasons["省委 (a.txt)"]


def test_a_document_of_two_provinces_keeps_its_bare_organ_apart() -> None:
    res = resolve_identities(
        [
            record("a.txt", ("省委", "ORG"), ("广东省", "PLACE"), ("浙江省", "PLACE")),
            record("b.txt", ("广东省委", "ORG"), ("广东省", "PLACE")),
        ]
    )
    alone = node(res, "a.txt", "省委")
    assert alone is not node(res, "b.txt", "广东省委")
    assert (alone.label, alone.qualifier) == ("省委", "a.txt")
    assert not [m for m in res.merges if m.rule == "place_context"]
    (note,) = res.context_notes
    assert (note.name, note.doc, note.resolved) == ("省委", "a.txt", "")
    assert "2 places of level 省 (广东省, 浙江省)" in note.reason


def test_a_province_not_named_with_the_level_word_keeps_the_bare_name() -> None:
    res = resolve_identities([record("a.txt", ("省委", "ORG"), ("广西壮族自治区", "PLACE"))])
    committee = node(res, "a.txt", "省委")
    assert (committee.label, committee.qualifier) == ("省委", "广西壮族自治区")
    (note,) = res.context_notes
    assert "not named with 省" in note.reason


TEXTS = {
    "a.txt": "广东省委召开全省基层党建工作会议，部署村党组织书记培训。\n",
    "b.txt": "近日，省委在广州市召开会议，部署基层党建工作。区委组织部在天河区开展党员培训。\n",
    "c.txt": "省委分别在广州市和杭州市召开座谈会。\n",
}


@pytest.fixture
def invented(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_build_report_says_what_context_made_of_bare_names(invented: Path, tmp_path: Path) -> None:
    result = build([str(invented)], tmp_path / "out", jobs=1)
    merges = result.report["merges"]
    (join,) = [j for j in merges["joins"] if j["rule"] == "place_context"]
    assert (join["a"], join["b"]) == ("广东省委 (a.txt)", "省委 (b.txt)")
    assert join["reason"] == "省委 in b.txt is 广东省委: the document's 省 is 广东省"
    named = {(n["doc"], n["name"]): n["resolved"] for n in merges["by_context"]}
    assert named == {("b.txt", "省委"): "广东省委", ("b.txt", "区委组织部"): "天河区委组织部"}
    (left,) = merges["unresolved"]
    assert (left["doc"], left["name"]) == ("c.txt", "省委")
    assert "do not say which 省" in left["reason"]
    markdown = (tmp_path / "out" / "build-report.md").read_text(encoding="utf-8")
    assert "| 省委 | b.txt | 广东省委 | the document's 省 is 广东省 |" in markdown
    assert "- 省委 (c.txt): not resolved" in markdown
    saved = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert saved["merges"] == merges


def test_decision_warnings_go_to_standard_error_and_the_report(
    invented: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decisions = tmp_path / "decisions.tsv"
    decisions.write_text("same\t甲不存在\t广东省委\nnot_same\t省委@b\t广东省委\n", encoding="utf-8")
    result = build([str(invented)], tmp_path / "out", decisions, jobs=1)
    expected = f"same 甲不存在 广东省委 ({decisions}:1): no entity is named 甲不存在"
    assert result.report["decisions"]["warnings"] == [expected]
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert warnings == [f"warning: {expected}"]
    markdown = (tmp_path / "out" / "build-report.md").read_text(encoding="utf-8")
    assert f"- warning: {expected}" in markdown
    (blocked,) = result.report["merges"]["blocked"]
    assert (
        blocked["rule"] == "place_context" and "not_same 省委@b 广东省委" in blocked["blocked_by"]
    )
