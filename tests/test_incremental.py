"""Incremental builds and ``kg build --from-records`` (issue 11): the records under
OUT/extract are a cache keyed by the document's bytes and the extractor's version; the
output is byte-identical to a fresh build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from folders import snapshot
from typer.testing import CliRunner

from kg import record_cache
from kg.build import build, build_from_records
from kg.cli import app
from kg.pipeline import Extractor
from kg.read import InputError
from kg.record_cache import (
    RecordError,
    extractor_version,
    parse_record,
    read_record,
    record_json,
    version_of,
)
from kg.records import DocumentRecord, SourceDocument
from kg.segment import split_sentences

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
runner = CliRunner()


class CountingExtractor(Extractor):
    """The rule extractor, counting the documents it extracts."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def extract(self, source: SourceDocument) -> DocumentRecord:
        self.names.append(source.name)
        return super().extract(source)


@pytest.fixture(scope="module")
def counting() -> CountingExtractor:
    return CountingExtractor()


def corpus_copy(folder: Path) -> Path:
    shutil.copytree(CORPUS, folder)
    return folder


def test_rebuild_reuses_changes_and_drops_and_equals_a_fresh_build(
    tmp_path: Path, counting: CountingExtractor
) -> None:
    docs = corpus_copy(tmp_path / "in")
    out = tmp_path / "out"
    first = build([str(docs)], out, extractor=counting)
    assert (first.reused, first.extracted, first.dropped) == (0, 7, 0)
    counting.names.clear()
    again = build([str(docs)], out, extractor=counting)
    assert (again.reused, again.extracted, again.dropped) == (7, 0, 0) and counting.names == []

    changed = docs / "02_community_party_committee.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n桃溪村党总支书记周海生说。\n",
                       encoding="utf-8")  # fmt: skip
    added = docs / "sub" / "08_added.txt"
    added.parent.mkdir()
    added.write_text("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n", encoding="utf-8")
    (docs / "07_discipline_byline.txt").unlink()
    counting.names.clear()
    step = build([str(docs)], out, extractor=counting)
    assert (step.reused, step.extracted, step.dropped) == (5, 2, 1)
    assert sorted(counting.names) == ["02_community_party_committee.txt", "sub/08_added.txt"]
    assert not (out / "extract" / "07_discipline_byline.txt.json").exists()

    fresh = build([str(docs)], tmp_path / "fresh", extractor=counting, fresh=True)
    assert fresh.extracted == 7
    assert snapshot(out) == snapshot(tmp_path / "fresh")


def test_another_extractor_version_extracts_again(tmp_path: Path) -> None:
    one = CORPUS / "01_village_branch.txt"
    out = tmp_path / "out"
    assert build([str(one)], out, jobs=1, fast=True).extracted == 1
    assert build([str(one)], out, jobs=1, fast=True).reused == 1
    assert build([str(one)], out, jobs=1).extracted == 1  # --fast off: another extractor
    versions = {extractor_version(), extractor_version(fast=True), extractor_version("x")}
    assert len(versions) == 3
    assert version_of(Extractor(fast=True)) == extractor_version(fast=True)


def test_a_changed_lexicon_changes_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = extractor_version()
    lexicons = tmp_path / "extract"
    shutil.copytree(record_cache.data_dir("extract"), lexicons)
    monkeypatch.setattr(record_cache, "data_dir", lambda _name: lexicons)
    record_cache._installation_digest.cache_clear()
    try:
        assert extractor_version() == before  # the same files
        with (lexicons / "surnames.txt").open("a", encoding="utf-8") as handle:
            handle.write("欧阳\n")
        record_cache._installation_digest.cache_clear()
        assert extractor_version() != before
    finally:
        record_cache._installation_digest.cache_clear()


def test_a_damaged_record_in_out_is_extracted_again(
    tmp_path: Path, counting: CountingExtractor
) -> None:
    out = tmp_path / "out"
    build([str(CORPUS)], out, extractor=counting)
    before = snapshot(out)
    (out / "extract" / "03_business_district_joint_committee.txt.json").write_text("{", "utf-8")
    counting.names.clear()
    result = build([str(CORPUS)], out, extractor=counting)
    assert counting.names == ["03_business_district_joint_committee.txt"]
    assert (result.reused, result.extracted) == (6, 1) and snapshot(out) == before


def test_record_json_round_trips(counting: CountingExtractor) -> None:
    text = (CORPUS / "05_county_annual_review.txt").read_text(encoding="utf-8")
    record = counting.extract(SourceDocument("a/05.txt", text))
    data = record_json(record, split_sentences(text), sha256="ab", extractor="v1")
    cached = parse_record(json.loads(json.dumps(data, ensure_ascii=False)), "x")
    assert cached.record.to_json() == record.to_json()  # mentions keep no rule in JSON
    assert cached.record.relations == record.relations
    assert cached.record.quantities == record.quantities
    assert (cached.sha256, cached.extractor) == ("ab", "v1")
    assert record_json(cached.record, cached.sentences, sha256="ab", extractor="v1") == data
    assert any(q["rule"] for q in data["quantities"])  # the rule is kept for the graph


def test_foreign_files_are_not_records(tmp_path: Path) -> None:
    cases = {
        "gold.gold.json": '{"doc": "x.txt", "entities": [], "relations": [], "quantities": []}',
        "list.json": "[1, 2]",
        "broken.json": "{",
        "escape.json": '{"doc": "../x.txt", "entities": [], "relations": [], "quantities": [],'
        ' "sentences": []}',
        "bad_entity.json": '{"doc": "y.txt", "entities": [{"text": "A"}], "relations": [],'
        ' "quantities": [], "sentences": []}',
    }
    reasons = {
        "gold.gold.json": "without its sentences",
        "list.json": "not an extraction record",
        "broken.json": "not JSON",
        "escape.json": "not a relative document name",
        "bad_entity.json": "missing 'type'",
        "bad_type.json": "entity type 'THING'",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(RecordError) as info:
            read_record(tmp_path / name)
        assert str(info.value).startswith(f"{tmp_path / name}: "), info.value
        assert reasons[name] in str(info.value)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg extract`` of the sample corpus, as another machine would make it."""
    out = tmp_path_factory.mktemp("records") / "recs"
    result = runner.invoke(app, ["extract", str(CORPUS), "--out", str(out), "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("normal") / "g"
    result = runner.invoke(app, ["build", str(CORPUS), "--out", str(out), "-q", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_from_records_equals_a_normal_build(extracted: Path, normal: Path, tmp_path: Path) -> None:
    # the records split over two folders (two machines), one in a subfolder
    part1, part2 = tmp_path / "m1", tmp_path / "m2"
    part1.mkdir()
    shutil.copytree(extracted, part2)
    for name in ("01_village_branch.txt.json", "02_community_party_committee.txt.json"):
        shutil.move(part2 / name, part1 / name)
    out = tmp_path / "g"
    result = runner.invoke(
        app, ["build", "--from-records", str(part1), str(part2), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "7 documents (records: 7 reused, 0 extracted, 0 dropped)" in result.stderr
    assert snapshot(out) == snapshot(normal)


def test_from_records_skips_bad_files_with_one_line_each(
    extracted: Path, normal: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "recs"
    shutil.copytree(extracted, folder)
    (folder / "notes.json").write_text('{"title": "mine"}', encoding="utf-8")
    (folder / "x.gold.json").write_text(
        '{"doc": "x.txt", "entities": [], "relations": [], "quantities": []}', encoding="utf-8"
    )
    twice = tmp_path / "twice"
    twice.mkdir()
    shutil.copy(folder / "01_village_branch.txt.json", twice)
    out = tmp_path / "g"
    result = runner.invoke(
        app, ["build", "--from-records", str(folder), str(twice), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, errors
    assert any(str(folder / "notes.json") in e and "not an extraction record" in e for e in errors)
    assert any(str(folder / "x.gold.json") in e for e in errors)
    assert any(str(twice / "01_village_branch.txt.json") in e and "already read" in e
               for e in errors)  # fmt: skip
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (out / name).read_bytes() == (normal / name).read_bytes(), name
    assert snapshot(out / "extract") == snapshot(normal / "extract")


def test_from_records_errors(tmp_path: Path) -> None:
    out = tmp_path / "g"
    missing = runner.invoke(
        app, ["build", "--from-records", str(tmp_path / "no"), "--out", str(out)]
    )
    assert missing.exit_code == 2 and "not a folder of records" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.json").write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["build", "--from-records", str(empty), "--out", str(out)])
    assert result.exit_code == 2 and "a.json: not an extraction record" in result.stderr
    assert not out.exists()
    with pytest.raises(InputError, match="not a folder of records"):
        build_from_records([tmp_path / "no"], out)


def test_from_records_of_a_build_into_itself(normal: Path, tmp_path: Path) -> None:
    out = tmp_path / "g"
    shutil.copytree(normal, out)
    result = build_from_records([out / "extract"], out)
    assert result.reused == 7 and snapshot(out) == snapshot(normal)


def test_cli_says_what_was_reused(tmp_path: Path) -> None:
    docs = corpus_copy(tmp_path / "in")
    out = tmp_path / "g"
    args = ["build", str(docs), "--out", str(out), "--jobs", "1"]
    first = runner.invoke(app, args)
    assert "(records: 0 reused, 7 extracted, 0 dropped)" in first.stderr, first.output
    (docs / "01_village_branch.txt").unlink()
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert "6 documents (records: 6 reused, 0 extracted, 1 dropped)" in second.stderr
    fresh = runner.invoke(app, [*args, "--fresh"])
    assert "(records: 0 reused, 6 extracted, 0 dropped)" in fresh.stderr


def test_the_version_follows_the_extraction_code_only() -> None:
    code = {str(p.relative_to(REPO / "kg")) for p in record_cache.extraction_code()}
    assert {"pipeline.py", "relate/cues.py", "recognize/lac.py", "read.py", "records.py"} <= code
    assert not code & {"build.py", "cli.py", "graph_write.py", "render/page.py", "api.py"}


def test_the_extractor_version_covers_only_the_extraction_code() -> None:
    """A module that no extraction imports (an export, a page) must not be hashed into the
    extractor's version, or editing it would make every record look stale."""
    code = """
import sys
from pathlib import Path
import kg.pipeline, kg.read
from kg.record_cache import extraction_code
loaded = {Path(m.__file__).resolve() for n, m in list(sys.modules.items())
          if n.startswith("kg") and getattr(m, "__file__", None)}
print("\\n".join(sorted(str(p) for p in extraction_code() if p.resolve() not in loaded)))
"""
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == ""
    assert any(p.parent.name == "relate" for p in record_cache.extraction_code())


def test_the_page_is_drawn_from_the_triples_written_equal_to_its_graph_file(
    tmp_path: Path, counting: CountingExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's page reads tables fed with the triples as they are written (new and
    reused documents' parts), not a parse of graph.ttl: they hold the same rows, each
    once."""
    import kg.build
    from kg.render.read import read_tables
    from kg.render.tables import GraphTables, read_predicates

    drawn: list[GraphTables] = []
    draw = kg.build._draw_page

    def spy(tables: GraphTables, page: Path) -> list[str]:
        notes = draw(tables, page)
        drawn.append(tables)
        return notes

    monkeypatch.setattr(kg.build, "_draw_page", spy)
    docs = corpus_copy(tmp_path / "in")
    out = tmp_path / "out"
    build([str(docs)], out, extractor=counting)
    (docs / "08_added.txt").write_text("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n",
                                       encoding="utf-8")  # fmt: skip
    again = build([str(docs)], out, extractor=counting)
    assert again.graph_reused == 7 and len(drawn) == 2

    def rows(tables: GraphTables) -> dict[str, list[tuple[str, str, str]]]:
        return {p: sorted(tables.rows(p)) for p in read_predicates()}  # each row once

    parsed = rows(read_tables(out / "graph.ttl"))
    assert sum(map(len, parsed.values())) > 1000
    assert rows(drawn[1]) == parsed
    assert any(lang for _s, _o, lang in parsed[RDFS_LABEL])  # labels keep their language
