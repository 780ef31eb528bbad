"""The build job (kg.build, ``kg build``): files, byte-identical rebuilds, interrupted
builds, the provenance bar and the gold-relation lookup on the seed articles."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.plugins.sparql import prepareQuery
from typer.testing import CliRunner

import kg.build as build_module
from kg.build import BuildResult, build
from kg.cli import app
from kg.graph import DJ, RELATION_PREDICATES
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


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path → bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> BuildResult:
    out = tmp_path_factory.mktemp("sample") / "graph"
    return build([str(CORPUS)], out, extractor=extractor)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> BuildResult:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent")
    out = tmp_path_factory.mktemp("seeds") / "graph"
    return build([str(SEEDS)], out, extractor=extractor)


def graph_of(result: BuildResult) -> Graph:
    return Graph().parse(result.out / "graph.ttl", format="turtle")


# ----------------------------------------------------------------------------- files


def test_build_writes_graph_extracts_and_report(sample: BuildResult) -> None:
    out = sample.out
    for name in FILES:
        assert (out / name).is_file(), name
    extracts = sorted(p.name for p in (out / "extract").glob("*.json"))
    assert extracts == sorted(p.stem + ".json" for p in CORPUS.glob("*.txt"))
    assert sample.documents == 7 and not sample.errors
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert [d["doc"] for d in report["documents"]] == sorted(p.name for p in CORPUS.glob("*.txt"))
    assert set(report["entities"]) == {"ORG", "PERSON", "PROGRAM", "PLACE"}
    assert report["relation_triples"]["dj:locatedIn"] > 0
    assert report["triples"] == len(graph_of(sample))
    assert "## Merges" in (out / "build-report.md").read_text(encoding="utf-8")
    assert not list(out.parent.glob(".graph.build-*")), "temporary folder left behind"


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

    monkeypatch.setattr(build_module, "to_trig", fail)
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
    with pytest.raises(KeyboardInterrupt):
        build([str(CORPUS)], out, extractor=extractor)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_rebuild_with_fewer_documents_replaces_the_extracts(
    tmp_path: Path, extractor: Extractor
) -> None:
    out = tmp_path / "out"
    build([str(CORPUS)], out, extractor=extractor)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build([str(CORPUS / "01_village_branch.txt")], out, extractor=extractor)
    assert [p.name for p in (out / "extract").iterdir()] == ["01_village_branch.json"]
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
    for a in g.subjects(ns.RDF.type, DJ.Assertion):
        if a in implicit:
            continue
        key = (g.value(a, ns.RDF.subject), g.value(a, ns.RDF.predicate), g.value(a, ns.RDF.object))
        by_triple.setdefault(key, []).append(a)
    checked = gazetteer_only = 0
    for s, p, o in g:
        if p not in RELATION_PREDICATES:
            continue
        assertions = by_triple.get((s, p, o), [])
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
