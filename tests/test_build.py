"""The build job (kg.build, ``kg build``): files, byte-identical rebuilds, interrupted
builds, the provenance bar and the gold-relation lookup on the seed articles."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from folders import snapshot
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.plugins.sparql import prepareQuery
from typer.testing import CliRunner

import kg.build as build_module
from kg import batch, files
from kg.build import BuildResult, NothingBuilt, build
from kg.cli import app
from kg.graph import DJ, RELATION_PREDICATES, SOURCE_IRI
from kg.pipeline import Extractor
from kg.records import DocumentRecord, SourceDocument

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SEED_GOLD = REPO.parent / "shared" / "gold"

# Share of the seeds' gold relations found in the seeds' graph by label as asserted
# triples (measured 0.497; 0.655 counting implicit assertions; the target is
# 0.65). A floor against regressions, not the bar.
SEED_LOOKUP_FLOOR = 0.50
MARKS = re.compile("[“”‘’\"'「」『』《》〈〉]")
FILES = ("graph.ttl", "graph.trig", "build-report.json", "build-report.md")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> BuildResult:
    out = tmp_path_factory.mktemp("sample") / "graph"
    return build([str(CORPUS)], out, extractor=extractor)


@pytest.fixture(scope="module")
def seeds(seeds_build: BuildResult) -> BuildResult:
    return seeds_build


def graph_of(result: BuildResult) -> Graph:
    return Graph().parse(result.out / "graph.ttl", format="turtle")


# ----------------------------------------------------------------------------- files


def test_build_writes_graph_extracts_and_report(sample: BuildResult) -> None:
    out = sample.out
    for name in FILES:
        assert (out / name).is_file(), name
    extracts = sorted(p.name for p in (out / "extract").glob("*.json"))
    assert extracts == sorted(p.name + ".json" for p in CORPUS.glob("*.txt"))
    assert sample.documents == 7 and not sample.errors
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert [d["doc"] for d in report["documents"]] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert set(report["entities"]) == {"ORG", "PERSON", "PROGRAM", "PLACE"}
    assert report["relation_triples"]["dj:locatedIn"] > 0
    assert report["triples"] == len(graph_of(sample))
    assert "## Merges" in (out / "build-report.md").read_text(encoding="utf-8")
    assert not list(out.parent.glob(".graph.build-*")), "temporary folder left behind"


def test_report_counts_are_those_of_the_written_graph(sample: BuildResult) -> None:
    """The report's counts, taken while the graph was streamed to disk, are those an
    rdflib graph of the written file gives."""
    g = graph_of(sample)
    report = json.loads((sample.out / "build-report.json").read_text(encoding="utf-8"))
    assertions = set(g.subjects(ns.RDF.type, DJ.Assertion))
    implicit = set(g.subjects(ns.RDF.type, DJ.ImplicitAssertion))
    gazetteer = assertions & set(g.subjects(ns.PROV.wasDerivedFrom, SOURCE_IRI))
    assert report["assertions"] == {
        "total": len(assertions),
        "explicit": len(assertions) - len(implicit) - len(gazetteer),
        "implicit": len(implicit),
        "gazetteer": len(gazetteer),
    }
    assert implicit and gazetteer
    classes = Counter(g.qname(o) for o in g.objects(None, ns.RDF.type))
    assert report["instances"] == dict(sorted(classes.items()))
    relations = Counter(g.qname(p) for _, p, _ in g if p in RELATION_PREDICATES)
    assert report["relation_triples"] == dict(sorted(relations.items()))
    assert report["triples"] == len(g) and report["named_graphs"] == 7


def test_trig_has_one_named_graph_per_document(sample: BuildResult) -> None:
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(sample.out / "graph.trig", format="trig")
    names = {str(c) for *_, c in dataset.quads((None, None, None, None))}
    docs = {str(d) for d in graph_of(sample).subjects(ns.RDF.type, DJ.Document)}
    assert names - {"urn:x-rdflib:default"} == docs and len(docs) == 7
    union = {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    assert union == set(graph_of(sample))


def test_rebuild_is_byte_identical(
    sample: BuildResult, tmp_path: Path, extractor: Extractor
) -> None:
    before = snapshot(sample.out)
    again = build([str(CORPUS)], tmp_path / "again", extractor=extractor)
    assert snapshot(again.out) == before
    build([str(CORPUS)], sample.out, extractor=extractor)  # over itself
    assert snapshot(sample.out) == before


def test_interrupted_build_leaves_the_last_good_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: Extractor
) -> None:
    out = tmp_path / "out"
    build([str(CORPUS)], out, extractor=extractor)
    before = snapshot(out)

    def fail(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "write_graph", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        build([str(CORPUS / "01_village_branch.txt")], out, extractor=extractor)
    assert snapshot(out) == before
    monkeypatch.undo()

    calls = {"n": 0}
    real = extractor.extract

    def interrupt(source: SourceDocument) -> DocumentRecord:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(source)

    monkeypatch.setattr(extractor, "extract", interrupt)
    with pytest.raises(KeyboardInterrupt):  # fresh: reusing the records would extract none
        build([str(CORPUS)], out, extractor=extractor, fresh=True)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_rebuild_with_fewer_documents_replaces_the_extracts(
    tmp_path: Path, extractor: Extractor
) -> None:
    out = tmp_path / "out"
    build([str(CORPUS)], out, extractor=extractor)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build([str(CORPUS / "01_village_branch.txt")], out, extractor=extractor)
    assert [p.name for p in (out / "extract").iterdir()] == ["01_village_branch.txt.json"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


# ----------------------------------------------------------------------------- the bar


def names_of(g: Graph, node: URIRef) -> set[str]:
    return {str(x) for p in (ns.RDFS.label, ns.SKOS.altLabel) for x in g.objects(node, p)}


def check_provenance(g: Graph) -> tuple[int, int]:
    """Assert the issue's bar; return (triples checked on sentences, gazetteer-only).

    Every relation triple has a (non-implicit) dj:Assertion whose sentence text contains a
    name of its subject and of its object (the honor itself for dj:awarded, the post's
    organization for org:holds). Links between divisions whose only assertion is the
    gazetteer's have no sentence: they must come from the dj:Source, between places.
    """
    implicit = set(g.subjects(ns.RDF.type, DJ.ImplicitAssertion))
    by_triple: dict[tuple[object, object, object], list[URIRef]] = {}
    implied: set[tuple[object, object, object]] = set()  # triples with implicit assertions
    for a in g.subjects(ns.RDF.type, DJ.Assertion):
        key = (g.value(a, ns.RDF.subject), g.value(a, ns.RDF.predicate), g.value(a, ns.RDF.object))
        if a in implicit:
            implied.add(key)
        else:
            by_triple.setdefault(key, []).append(a)
    checked = gazetteer_only = 0
    for s, p, o in g:
        if p not in RELATION_PREDICATES:
            continue
        assertions = by_triple.get((s, p, o), [])
        if not assertions and (s, p, o) in implied:
            continue  # an implied fact (issue 8, item 6): typed dj:ImplicitAssertion
        assert assertions, f"no assertion for {s} {p} {o}"
        texts = [
            MARKS.sub("", str(g.value(src, DJ.text)))
            for a in assertions
            for src in g.objects(a, ns.PROV.wasDerivedFrom)
            if (src, ns.RDF.type, DJ.Sentence) in g
        ]
        if not texts:
            rules = {str(r) for a in assertions for r in g.objects(a, DJ.rule)}
            assert rules == {"gazetteer"}, (s, p, o, rules)
            assert p == DJ.locatedIn and (o, ns.RDF.type, DJ.Place) in g
            gazetteer_only += 1
            continue
        subject_names = names_of(g, s)
        if p == DJ.awarded:
            object_names = {str(o)}
        elif p == ns.ORG.holds:
            object_names = names_of(g, g.value(o, ns.ORG.postIn))
        else:
            object_names = names_of(g, o)
        assert any(
            any(n in t for n in subject_names) and any(n in t for n in object_names) for t in texts
        ), (s, p, o, texts)
        checked += 1
    return checked, gazetteer_only


def test_every_relation_triple_has_a_sentence_naming_both_ends(sample: BuildResult) -> None:
    checked, gazetteer_only = check_provenance(graph_of(sample))
    assert checked > 80
    print(f"sample: {checked} relation triples on sentences, {gazetteer_only} from the gazetteer")


def test_seed_graph_relation_triples_have_sentences_naming_both_ends(seeds: BuildResult) -> None:
    checked, gazetteer_only = check_provenance(graph_of(seeds))
    assert checked > 100
    print(f"seeds: {checked} relation triples on sentences, {gazetteer_only} from the gazetteer")


# ----------------------------------------------------------------------------- gold lookup

_PREFIXES = """PREFIX dj: <https://w3id.org/dangjian-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_NAMED = "?s rdfs:label|skos:altLabel ?sname . ?o rdfs:label|skos:altLabel ?oname . "
LOOKUP = {
    "triple": prepareQuery(_PREFIXES + "ASK { " + _NAMED + "?s ?p ?o }"),
    "post": prepareQuery(_PREFIXES + "ASK { " + _NAMED + "?s org:holds/org:postIn ?o }"),
    "honor": prepareQuery(_PREFIXES + "ASK { ?s rdfs:label|skos:altLabel ?sname ; dj:awarded ?o }"),
    "implicit": prepareQuery(
        _PREFIXES + "ASK { " + _NAMED + "?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?x . "
        "OPTIONAL { ?x org:postIn ?post } FILTER(?x = ?o || ?post = ?o) }"
    ),
    "implicit_honor": prepareQuery(
        _PREFIXES + "ASK { ?s rdfs:label|skos:altLabel ?sname . "
        "?a rdf:subject ?s ; rdf:predicate dj:awarded ; rdf:object ?o }"
    ),
}
PREDICATE = {
    "manages": DJ.manages,
    "sub_organization_of": ns.ORG.subOrganizationOf,
    "located_in": DJ.locatedIn,
    "holds_post": ns.ORG.holds,
    "implements": DJ.implements,
    "part_of_program": DJ.partOfProgram,
    "established": DJ.established,
    "paired_with": DJ.pairedWith,
    "awarded": DJ.awarded,
}


def lookup_gold(g: Graph, gold_dir: Path) -> tuple[int, int, int]:
    """(gold relations, found as triples, found as triples or implicit assertions).

    Each gold relation is looked up by the names of its ends (the gold entity's text and
    aliases) as rdfs:label or skos:altLabel: ``?s p ?o`` (``org:holds/org:postIn`` for
    holds_post, the honor literal for awarded; paired_with is in the graph both ways).
    """

    def ask(kind: str, **bindings: object) -> bool:
        return bool(g.query(LOOKUP[kind], initBindings=bindings).askAnswer)

    total = found = found_any = 0
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        names: dict[str, list[str]] = {}
        for entity in gold["entities"]:
            group = [entity["text"], *entity["aliases"]]
            for name in group:
                names.setdefault(name, group)
        for rel in gold["relations"]:
            total += 1
            kind = rel["relation"]
            heads = [Literal(n, lang="zh") for n in names.get(rel["head"], [rel["head"]])]
            if kind == "awarded":
                honor = Literal(rel["tail"], lang="zh")
                pairs = [{"sname": h, "o": honor} for h in heads]
                hit = any(ask("honor", **b) for b in pairs)
                hit_any = hit or any(ask("implicit_honor", **b) for b in pairs)
            else:
                tails = [Literal(n, lang="zh") for n in names.get(rel["tail"], [rel["tail"]])]
                pairs = [
                    {"sname": h, "oname": t, "p": PREDICATE[kind]} for h in heads for t in tails
                ]
                query = "post" if kind == "holds_post" else "triple"
                hit = any(ask(query, **b) for b in pairs)
                hit_any = hit or any(ask("implicit", **b) for b in pairs)
            found += hit
            found_any += hit_any
    return total, found, found_any


def test_gold_relations_found_in_the_seed_graph(seeds: BuildResult) -> None:
    if not SEED_GOLD.is_dir():
        pytest.skip("../shared/gold is absent")
    total, found, found_any = lookup_gold(graph_of(seeds), SEED_GOLD)
    share, share_any = found / total, found_any / total
    print(
        f"gold relations found in the seeds' graph: {found}/{total} = {share:.3f} as triples; "
        f"{found_any}/{total} = {share_any:.3f} counting implicit assertions (target 0.65)"
    )
    assert share >= SEED_LOOKUP_FLOOR, f"{share:.3f} < {SEED_LOOKUP_FLOOR}"
    # the bar: a SPARQL look-up finds 65% of the gold relations, stated or implied
    assert share_any >= 0.65, f"{share_any:.3f} < 0.65"


def test_gold_lookup_on_the_sample_corpus(sample: BuildResult) -> None:
    total, found, found_any = lookup_gold(graph_of(sample), REPO / "examples" / "gold")
    print(f"sample gold relations found: {found}/{total} as triples, {found_any} with implicit")
    assert found / total >= 0.40


# ----------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_build(tmp_path: Path) -> None:
    files = [str(CORPUS / "01_village_branch.txt"), str(CORPUS / "05_county_annual_review.txt")]
    result = runner.invoke(app, ["build", *files, "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and "0 errors" in result.output
    assert (tmp_path / "g" / "graph.ttl").is_file()
    quiet = runner.invoke(app, ["build", *files, "--out", str(tmp_path / "q"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_cli_build_with_decisions(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.tsv"
    decisions.write_text("# mine\nsame\t竹源村党总支\t溪岭镇党委\n", encoding="utf-8")
    out = tmp_path / "g"
    args = ["build", str(CORPUS / "01_village_branch.txt"), "--out", str(out), "-q"]
    result = runner.invoke(app, [*args, "--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["merges"]["by_rule"]["researcher"] == 1
    assert report["decisions"]["same"] == 1


def test_cli_build_errors(tmp_path: Path) -> None:
    out = tmp_path / "g"
    missing = runner.invoke(app, ["build", str(tmp_path / "none.txt"), "--out", str(out)])
    assert missing.exit_code == 2 and "no such file" in missing.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("perhaps\tA\tB\n", encoding="utf-8")
    args = ["build", str(CORPUS / "01_village_branch.txt"), "--out", str(out)]
    result = runner.invoke(app, [*args, "--decisions", str(bad)])
    assert result.exit_code == 2 and "bad.tsv:1" in result.output
    assert not out.exists()
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "01_village_branch.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 1 and "empty.txt" in result.output
    assert (out / "graph.ttl").is_file()
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert len(report["errors"]) == 1 and len(report["documents"]) == 1


# ----------------------------------------------------------------------------- docs/graph.md


def docs_queries() -> list[str]:
    text = (REPO / "docs" / "graph.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, flags=re.DOTALL)
    prefixes, queries = blocks[0], blocks[1:]
    assert "PREFIX dj:" in prefixes and len(queries) >= 15
    return [prefixes + q for q in queries]


def test_docs_queries_answer_on_the_sample_graph(sample: BuildResult) -> None:
    from rdflib import Dataset

    g = graph_of(sample)
    dataset = Dataset()
    dataset.parse(sample.out / "graph.trig", format="trig")
    for query in docs_queries():
        target = dataset if "GRAPH ?g" in query else g
        rows = list(target.query(query))
        assert rows, f"no answer on the sample graph:\n{query}"


# ----------------------------------------------------------------------------- issue 9 and 8

GOOD = "柳塘村党支部书记李国梁说，今年村里新修了产业路。\n"


def bad_kinds(folder: Path) -> dict[str, str]:
    """One file of each kind issue 9 found; returns the error line expected of each bad one."""
    folder.mkdir(parents=True)
    (folder / "zz_numeral.txt").write_text("村党支部有十二十二名党员。\n" + GOOD, encoding="utf-8")
    (folder / os.fsdecode(b"name\xff.txt")).write_text(GOOD, encoding="utf-8")
    (folder / "nul_early.txt").write_bytes(b"\x00" + GOOD.encode())
    (folder / "..hidden.txt").write_text(GOOD, encoding="utf-8")
    for rel in ("a/x.txt", "b/x.txt", "y.txt", "y.md"):
        (folder / rel).parent.mkdir(exist_ok=True)
        (folder / rel).write_text(GOOD.replace("李国梁", "李" + rel[0]), encoding="utf-8")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return {
        "dangling.txt": f"{folder / 'dangling.txt'}: skipped: dangling symbolic link",
        "binary.txt": f"{folder / 'binary.txt'}: binary file, not text",
    }


def test_build_of_seeds_and_bad_kinds_builds_the_good_ones(tmp_path: Path) -> None:
    """Issue 9's bar: the good files are built, one line per bad file, exit 1."""
    folder, out = tmp_path / "in", tmp_path / "g"
    expected = bad_kinds(folder)
    shutil.copy(CORPUS / "01_village_branch.txt", folder)
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(expected)
    for line in expected.values():
        assert any(e.startswith(f"error: {line}") for e in errors), (line, errors)
    assert f"note: {folder / '..hidden.txt'}: skipped: hidden file" in result.stderr
    assert f"note: {folder / 'nul_early.txt'}: 1 NUL byte(s) removed" in result.stderr
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    docs = [d["doc"] for d in report["documents"]]
    assert docs == ["01_village_branch.txt", "a/x.txt", "b/x.txt", "name\\xff.txt",
                    "nul_early.txt", "y.md", "y.txt", "zz_numeral.txt"]  # fmt: skip
    records = sorted(str(p.relative_to(out / "extract")) for p in (out / "extract").rglob("*.*"))
    assert records == sorted(f"{d}.json" for d in docs)
    g = graph_of(BuildResult(out, len(docs)))
    identifiers = {str(o) for o in g.objects(None, ns.DCTERMS.identifier)}
    assert set(docs) <= identifiers
    iris = {str(d) for d in g.subjects(ns.RDF.type, DJ.Document)}
    assert len(iris) == len(docs)  # a/x.txt and b/x.txt, y.txt and y.md: four documents
    assert any(iri.endswith("/doc/a%2Fx.txt") for iri in iris)


def test_any_exception_in_one_document_is_one_error(tmp_path: Path, extractor: Extractor) -> None:
    """Issue 9, item 4: one bad document ended the build with a traceback."""
    real = extractor.extract

    def fragile(source: SourceDocument) -> DocumentRecord:
        if source.name.startswith("03_"):
            raise KeyError(1)
        return real(source)

    patched = Extractor.__new__(Extractor)
    patched.__dict__.update(extractor.__dict__)
    patched.extract = fragile  # type: ignore[method-assign]
    result = build([str(CORPUS)], tmp_path / "g", extractor=patched)
    assert result.documents == 6
    assert result.errors == [
        f"{CORPUS / '03_business_district_joint_committee.txt'}: extraction failed: KeyError: 1"
    ]
    assert (tmp_path / "g" / "graph.ttl").is_file()


def test_dangling_link_does_not_stop_the_build(tmp_path: Path) -> None:
    """Issue 9, item 5: a dangling symlink stopped ``kg build`` with exit 2."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "01_village_branch.txt", folder)
    (folder / "gone.txt").symlink_to("nowhere.txt")
    args = ["build", str(folder), "--out", str(tmp_path / "g"), "-q", "--jobs", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "gone.txt: skipped: dangling symbolic link" in result.stderr
    assert (tmp_path / "g" / "graph.ttl").is_file()


def test_nothing_built_keeps_the_last_graph_and_exits_2(
    tmp_path: Path, extractor: Extractor
) -> None:
    out = tmp_path / "g"
    build([str(CORPUS / "01_village_branch.txt")], out, extractor=extractor)
    before = snapshot(out)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"%PDF-1.7\n")
    with pytest.raises(NothingBuilt) as info:
        build([str(folder)], out, extractor=extractor)
    assert len(info.value.errors) == 2
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"error: {info.value}"
    assert snapshot(out) == before
    fresh = tmp_path / "fresh"
    assert runner.invoke(app, ["build", str(folder), "--out", str(fresh)]).exit_code == 2
    assert not fresh.exists()


def test_stale_build_folders_are_removed_and_a_lock_guards_the_output(
    tmp_path: Path, extractor: Extractor
) -> None:
    out = tmp_path / "g"
    stale = tmp_path / ".g.build-abcd_123"
    (stale / "extract").mkdir(parents=True)
    other = tmp_path / ".graph2.build-abcd_123"  # another output's: not ours to remove
    other.mkdir()
    one = [str(CORPUS / "01_village_branch.txt")]
    with files.output_lock(out), pytest.raises(files.OutputLocked, match="another kg"):
        build(one, out, extractor=extractor)
    assert stale.is_dir() and not (out / "graph.ttl").exists()
    build(one, out, extractor=extractor)
    assert not stale.exists() and other.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "g"]
    with files.output_lock(out):
        result = runner.invoke(app, ["build", *one, "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2 and "another kg extract or kg build" in result.stderr


def test_build_jobs_2_is_byte_identical_to_jobs_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8, item 3: the graph does not depend on the number of worker processes."""
    pools: list[int] = []
    real_pool = batch._pool

    def counting_pool(*args: object) -> object:
        pools.append(len(args[0]))  # type: ignore[arg-type]
        return real_pool(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_pool", counting_pool)
    for jobs in ("1", "2"):
        result = runner.invoke(
            app, ["build", str(CORPUS), "--out", str(tmp_path / jobs), "-q", "--jobs", jobs]
        )
        assert result.exit_code == 0, result.output
    assert pools == [7]
    assert snapshot(tmp_path / "1") == snapshot(tmp_path / "2")


def test_build_fast_flag_reaches_the_extractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[bool] = []

    class Spy(Extractor):
        def __init__(self, model: str | None = None, fast: bool = False) -> None:
            made.append(fast)
            super().__init__(model, fast=fast)

    monkeypatch.setattr(batch, "Extractor", Spy)
    one = str(CORPUS / "01_village_branch.txt")
    for flag in ([], ["--fast"]):
        args = ["build", one, "--out", str(tmp_path / "g"), "-q", *flag]
        assert runner.invoke(app, args).exit_code == 0
    assert made == [False, True]


def test_the_division_table_is_credited_to_its_distribution() -> None:
    """The source's label names the distribution that installs the table's package, found
    by a look-up of its metadata (and by the scan of every distribution as before)."""
    from importlib import metadata

    from kg.gazetteer import table_path

    package = table_path().parent.parent.name
    every = metadata.packages_distributions()  # the scan, once
    assert build_module._distributions_of(package) == every[package]
    assert build_module.source_label().startswith(f"adcodes.csv of {every[package][0]} ")
    for other in ("yaml", "numpy"):  # PyYAML is not named like its package
        assert build_module._distributions_of(other) == every[other]
    assert build_module._distributions_of("no_such_package_here") == ["no_such_package_here"]
