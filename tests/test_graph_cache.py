"""The graph files' cache (issue 11, incremental builds): each document's part of graph.ttl
and graph.trig is reused by the next build of the same OUT while its record and the
identities its names resolve to are unchanged; the output is byte-identical to a fresh
build. ``--jobs 2`` draws the page in a forked process, with the same output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from folders import snapshot

from kg import build as build_module
from kg import build_report, graph_cache
from kg.batch import ForkedCall
from kg.build import build, records_of
from kg.build_report import json_text
from kg.graph import DocumentInput
from kg.graph_cache import CACHE_DIR, identity_signature
from kg.graph_write import write_graph
from kg.identity import resolve_identities
from kg.pipeline import Extractor
from kg.records import DocumentRecord, Entity

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"


@pytest.fixture(scope="module")
def sample_docs(
    tmp_path_factory: pytest.TempPathFactory, extractor: Extractor
) -> list[DocumentInput]:
    """The sample corpus's documents as a build reads them back (with their digests)."""
    out = tmp_path_factory.mktemp("sample") / "out"
    build([str(CORPUS)], out, extractor=extractor)
    return records_of([out / "extract"], tmp_path_factory.mktemp("copy")).docs


def graph_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("g.ttl", "g.trig")}


def test_rebuilds_reuse_the_parts_and_equal_a_fresh_build(
    tmp_path: Path, extractor: Extractor
) -> None:
    docs = tmp_path / "in"
    shutil.copytree(CORPUS, docs)
    out = tmp_path / "out"
    first = build([str(docs)], out, extractor=extractor)
    assert first.graph_reused == 0
    kept = sorted(p.name for p in (out / CACHE_DIR).iterdir())
    assert len([n for n in kept if n.endswith(".pickle")]) == 7
    assert len([n for n in kept if n.endswith(".trig")]) == 7

    again = build([str(docs)], out, extractor=extractor)
    assert again.graph_reused == 7
    assert snapshot(out) == snapshot(tmp_path / "out") and again.report == first.report

    changed = docs / "02_community_party_committee.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n桃溪村党总支书记周海生说。\n",
                       encoding="utf-8")  # fmt: skip
    added = docs / "08_added.txt"
    added.write_text("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n", encoding="utf-8")
    (docs / "07_discipline_byline.txt").unlink()
    step = build([str(docs)], out, extractor=extractor)
    assert (step.reused, step.extracted, step.dropped) == (5, 2, 1)
    assert 1 <= step.graph_reused <= 5, "the unchanged documents whose identities held"

    fresh = build([str(docs)], tmp_path / "fresh", extractor=extractor, fresh=True)
    assert fresh.graph_reused == 0
    assert snapshot(out) == snapshot(tmp_path / "fresh")
    names = {p.name for p in (out / CACHE_DIR).iterdir()}
    assert len(names) == 2 * 7 + 1, "one pickle and one TriG a document, and the version"


def test_a_document_whose_identities_changed_is_made_again(
    tmp_path: Path, sample_docs: list[DocumentInput]
) -> None:
    """A document added whose entity shares a name with one of the first document's and
    has another name as well: the first document's part is made again (its node has one
    name more), the others' reused; the files are those of a build without any cache."""
    first = sample_docs[0].record
    entity = next(e for e in first.entities if e.type == "ORG")
    other = Entity(entity.text, "ORG", [*entity.aliases, "另一个名字党委"], list(entity.mentions))
    extra = DocumentInput(
        DocumentRecord("zz_extra.txt", [other]), sample_docs[0].sentences, "extra-digest"
    )
    few, every = sample_docs, [*sample_docs, extra]
    small, whole = (
        resolve_identities([d.record for d in few]),
        resolve_identities([d.record for d in every]),
    )
    changed = [
        d.record.doc
        for d in few
        if identity_signature(d.record, small) != identity_signature(d.record, whole)
    ]
    assert changed == [first.doc]
    write_graph(few, small, tmp_path / "g.ttl", tmp_path / "g.trig", cache=tmp_path / "c1")
    (tmp_path / "cached").mkdir()
    (tmp_path / "plain").mkdir()
    cached = write_graph(
        every, whole, tmp_path / "cached" / "g.ttl", tmp_path / "cached" / "g.trig",
        cache=tmp_path / "c2", previous=tmp_path / "c1",
    )  # fmt: skip
    plain = write_graph(every, whole, tmp_path / "plain" / "g.ttl", tmp_path / "plain" / "g.trig")
    assert cached.reused == len(few) - len(changed)
    assert plain.reused == 0
    assert graph_files(tmp_path / "cached") == graph_files(tmp_path / "plain")
    assert cached.stats.summary() == plain.stats.summary()
    assert cached.dropped == plain.dropped


def test_damaged_entries_and_another_version_are_made_again(
    tmp_path: Path, sample_docs: list[DocumentInput], monkeypatch: pytest.MonkeyPatch
) -> None:
    resolution = resolve_identities([d.record for d in sample_docs])
    (tmp_path / "a").mkdir()
    write_graph(sample_docs, resolution, tmp_path / "a" / "g.ttl", tmp_path / "a" / "g.trig",
                cache=tmp_path / "c1")  # fmt: skip
    pickles = sorted((tmp_path / "c1").glob("*.pickle"))
    pickles[0].write_bytes(b"not a pickle")
    pickles[1].write_bytes(pickles[1].read_bytes()[:20])
    (tmp_path / "b").mkdir()
    damaged = write_graph(
        sample_docs, resolution, tmp_path / "b" / "g.ttl", tmp_path / "b" / "g.trig",
        cache=tmp_path / "c2", previous=tmp_path / "c1",
    )  # fmt: skip
    assert damaged.reused == len(sample_docs) - 2
    assert graph_files(tmp_path / "b") == graph_files(tmp_path / "a")

    monkeypatch.setattr(graph_cache, "cache_version", lambda: "another version")
    (tmp_path / "c").mkdir()
    other = write_graph(
        sample_docs, resolution, tmp_path / "c" / "g.ttl", tmp_path / "c" / "g.trig",
        cache=tmp_path / "c3", previous=tmp_path / "c2",
    )  # fmt: skip
    assert other.reused == 0
    assert graph_files(tmp_path / "c") == graph_files(tmp_path / "a")


def test_jobs_2_draws_the_page_in_a_forked_process_with_the_same_output(
    tmp_path: Path, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    class CountedCall(ForkedCall):
        def __init__(self, function: object, *args: object) -> None:
            calls.append(getattr(function, "__name__", ""))
            super().__init__(function, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "ForkedCall", CountedCall)
    one = build([str(CORPUS)], tmp_path / "1", extractor=extractor, jobs=1)
    assert calls == []
    two = build([str(CORPUS)], tmp_path / "2", extractor=extractor, jobs=2)
    assert calls == ["_draw_page"]
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "2")
    assert one.page_notes == two.page_notes and one.report == two.report


def _fails(message: str) -> None:
    raise ValueError(message)


def test_forked_call_gives_back_the_value_or_the_exception() -> None:
    assert ForkedCall(sorted, [3, 1, 2]).result() == [1, 2, 3]
    with pytest.raises(ValueError, match="no page"):
        ForkedCall(_fails, "no page").result()


def test_json_text_is_that_of_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {
        "documents": [
            {"doc": "a b.txt", "entities": 3},
            {"doc": '引号"与\\反斜杠\n\t\x01', "n": -1},
        ],
        "empty": [],
        "nothing": {},
        "nested": {"x": [[], [{}], [1, [2, [3]]]], "none": None, "yes": True, "no": False},
        "text": "党支部 \u2028 \x7f é",
    }
    assert json_text(data) == (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    assert json_text({"big": 2**70}) == (json.dumps({"big": 2**70}, indent=1) + "\n").encode()
    # written in pieces (a large report): cut at line ends, each re-indented alone
    many = {"rows": [{"doc": f"{i}.txt", "names": ["党支部"] * (i % 4)} for i in range(300)]}
    monkeypatch.setattr(build_report, "_CHUNK", 64)
    assert len(list(build_report.json_chunks(many))) > 10
    assert json_text(many) == (json.dumps(many, ensure_ascii=False, indent=1) + "\n").encode()


def _sleeps() -> None:
    import time

    time.sleep(600)


def test_a_forked_call_can_be_cancelled() -> None:
    call = ForkedCall(_sleeps)
    process = call._process
    assert process is not None and process.is_alive()
    call.cancel()
    assert not process.is_alive()


def test_records_held_by_a_build_share_their_names() -> None:
    """A build holds every record until the graph is written: equal names, read from two
    JSON files or from two mentions, become one string object (and nothing else changes)."""
    from kg.record_cache import parse_record

    def record_json(doc: str) -> dict:
        name = "".join(["东湖", "街道党工委"])  # made at run time: not a shared constant
        return {
            "doc": doc,
            "entities": [
                {"text": name, "type": "ORG", "aliases": ["街道党工委"],
                 "mentions": [{"start": 0, "end": 7, "text": "东湖街道党工委"}]},
            ],
            "relations": [],
            "quantities": [],
            "sentences": [{"index": 0, "start": 0, "end": 8, "text": "东湖街道党工委。"}],
        }  # fmt: skip

    one, two = (parse_record(json.loads(json.dumps(record_json(d))), d) for d in "ab")
    before = one.record.to_json()
    first = DocumentInput(one.record, one.sentences)
    second = DocumentInput(two.record, two.sentences)
    a, b = first.record.entities[0], second.record.entities[0]
    assert a.text == b.text and a.text is b.text
    assert a.mentions[0].text is a.text and a.aliases[0] is b.aliases[0]
    assert first.record.to_json() == before
