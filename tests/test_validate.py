"""SHACL validation (kg.validate, ``kg validate``): built graphs conform, broken ones do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from typer.testing import CliRunner

from kg.build import BuildResult, build
from kg.cli import app
from kg.graph import DJ, ID
from kg.pipeline import Extractor
from kg.resources import data_dir
from kg.validate import GraphLoadError, load_graph, validate_graph, validate_path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> BuildResult:
    return build([str(CORPUS)], tmp_path_factory.mktemp("v") / "sample", extractor=extractor)


def test_ontology_and_shapes_parse_and_ship() -> None:
    folder = data_dir("ontology")
    ontology = Graph().parse(folder / "dangjian.ttl", format="turtle")
    shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
    for cls in ("Organization", "Person", "Program", "Place", "Document", "Sentence", "Assertion"):
        labels = {x.language for x in ontology.objects(DJ[cls], ns.RDFS.label)}
        assert labels == {"zh", "en"}, cls
    assert (DJ.Organization, ns.RDFS.subClassOf, ns.ORG.Organization) in ontology
    assert (DJ.Person, ns.RDFS.subClassOf, ns.FOAF.Person) in ontology
    assert (DJ.Program, ns.RDFS.subClassOf, ns.PROV.Plan) in ontology
    assert (DJ.Place, ns.RDFS.subClassOf, ns.DCTERMS.Location) in ontology
    assert (DJ.Assertion, ns.RDFS.subClassOf, ns.RDF.Statement) in ontology
    assert (DJ.pairedWith, ns.RDF.type, ns.OWL.SymmetricProperty) in ontology
    assert (DJ.locatedIn, ns.RDF.type, ns.OWL.TransitiveProperty) not in ontology
    assert (DJ.party_members, ns.RDF.type, DJ.Measure) in ontology
    assert len(set(shapes.subjects(ns.RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape"))))


def test_sample_graph_conforms(sample: BuildResult) -> None:
    outcome = validate_path(sample.out)
    assert outcome.conforms, outcome.violations
    assert outcome.triples > 2000


def test_seed_graph_conforms(seeds_build: BuildResult) -> None:
    outcome = validate_path(seeds_build.out / "graph.trig")  # the union of the named graphs
    assert outcome.conforms, outcome.violations


def broken_graph(sample: BuildResult) -> Graph:
    """The sample graph with one defect of each kind the shapes must catch."""
    g = load_graph(sample.out)
    assertion = next(
        a
        for a in sorted(g.subjects(ns.RDF.type, DJ.Assertion))
        if (a, ns.RDF.type, DJ.ImplicitAssertion) not in g
    )
    g.remove((assertion, ns.PROV.wasDerivedFrom, None))
    quantity = sorted(g.subjects(ns.RDF.type, DJ.Quantity))[0]
    g.set((quantity, ns.RDF.value, Literal("二百三十一")))
    orgs = sorted(g.subjects(ns.RDF.type, DJ.Organization))
    g.add((orgs[0], DJ.manages, orgs[1]))  # no assertion behind it
    g.add((orgs[2], DJ.pairedWith, orgs[3]))  # one way only, no assertion
    g.remove((orgs[4], ns.RDFS.label, None))
    post = sorted(g.subjects(ns.RDF.type, ns.ORG.Post))[0]
    g.remove((post, ns.ORG.role, None))
    sentence = sorted(g.subjects(ns.RDF.type, DJ.Sentence))[0]
    g.remove((sentence, ns.DCTERMS.isPartOf, None))
    g.add((URIRef(ID + "org/x"), ns.RDF.type, DJ.Organization))  # no label, no provenance
    return g


def test_broken_graph_does_not_conform(sample: BuildResult) -> None:
    outcome = validate_graph(broken_graph(sample))
    assert not outcome.conforms
    text = "\n".join(outcome.violations)
    expected = [
        "prov:wasDerivedFrom: an assertion needs prov:wasDerivedFrom",
        "rdf:value: a quantity needs exactly one numeric rdf:value",
        "dj:manages",
        "has no dj:Assertion behind it",
        "lacks its reverse",
        "rdfs:label: an entity needs exactly one rdfs:label",
        "org:role: a post needs exactly one org:role",
        "dcterms:isPartOf: a sentence needs dcterms:isPartOf",
        "djorg:x: an entity needs provenance",
    ]
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not in\n{text}"
    assert all(line.startswith("violation: ") for line in outcome.violations)
    assert len(outcome.violations) == len(set(outcome.violations))


def test_cli_validate(sample: BuildResult, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", str(sample.out)])
    assert ok.exit_code == 0 and ok.output.startswith("conforms:"), ok.output
    broken = tmp_path / "broken.ttl"
    broken_graph(sample).serialize(broken, format="turtle")
    bad = runner.invoke(app, ["validate", str(broken)])
    assert bad.exit_code == 1
    lines = bad.output.strip().splitlines()
    assert lines[-1].startswith("does not conform:")
    assert all(line.startswith("violation: ") for line in lines[:-1])


def test_cli_validate_unreadable(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["validate", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    empty_dir = runner.invoke(app, ["validate", str(tmp_path)])
    assert empty_dir.exit_code == 2 and "no graph.ttl" in empty_dir.output
    garbage = tmp_path / "g.ttl"
    garbage.write_text("this is not turtle <", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(garbage)])
    assert result.exit_code == 2 and "cannot parse as turtle" in result.output
    unknown = tmp_path / "g.xyz"
    unknown.write_text("", encoding="utf-8")
    assert runner.invoke(app, ["validate", str(unknown)]).exit_code == 2
    with pytest.raises(GraphLoadError):
        load_graph(garbage)
