"""One vocabulary (kg/vocabulary.py): type words from the ontology, readable IRIs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.query import bundled_queries
from kg.store import open_store
from kg.vocabulary import (
    ENTITY_TYPES,
    exact_iri,
    looks_like_iri,
    parse_entity_type,
    readable_iri,
)

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "dangjian.ttl"
FIXTURE = REPO / "tests" / "data" / "graph.ttl"
FIXTURE_PARAMS = {
    "organizations-under": {"name": "枫林街道党工委"},
    "evidence": {"name": "石门村党支部"},
    "everything-in-place": {"place": "青川省"},
}


def ontology_names() -> dict[str, tuple[str, str]]:
    """Class IRI → (English label, Chinese label), as the ontology states them."""
    graph = Graph().parse(ONTOLOGY)
    out: dict[str, tuple[str, str]] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        labels = {label.language: str(label) for label in graph.objects(cls, RDFS.label)}
        out[str(cls)] = (labels.get("en", ""), labels.get("zh", ""))
    return out


def test_type_words_are_the_ontologys() -> None:
    names = ontology_names()
    for iri, entity_type in ENTITY_TYPES.items():
        assert names[iri] == (entity_type.name, entity_type.label)
        assert iri.endswith("#" + entity_type.name)


def test_bundled_answers_use_the_type_words() -> None:
    words = {(t.name, t.label) for t in ENTITY_TYPES.values()}
    store = open_store(FIXTURE)
    seen: set[tuple[str, str]] = set()
    try:
        for name, query in bundled_queries().items():
            result = store.query(query.render(FIXTURE_PARAMS.get(name, {})))
            if "type" not in result.variables:
                continue
            assert "type_label" in result.variables, name
            for row in result.dicts():
                if row["type"]:
                    seen.add((str(row["type"]), str(row["type_label"])))
    finally:
        store.close()
    assert seen and seen <= words
    assert len(seen) >= 3  # organizations, places and people at least


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Organization", "Organization"),
        ("organization", "Organization"),
        ("组织", "Organization"),
        ("ORG", "Organization"),
        ("person", "Person"),
        ("工作项目", "Program"),
        ("https://w3id.org/dangjian-kg/ontology#Place", "Place"),
    ],
)
def test_parse_entity_type(text: str, name: str) -> None:
    assert parse_entity_type(text).name == name


def test_unknown_type_names_the_choices() -> None:
    with pytest.raises(ValueError, match="choose Organization, Person, Program, Place"):
        parse_entity_type("Thing")


def test_readable_iri_decodes_the_chinese_only() -> None:
    encoded = "https://w3id.org/dangjian-kg/id/org/" + quote("南区联合党委", safe="")
    assert readable_iri(encoded) == "https://w3id.org/dangjian-kg/id/org/南区联合党委"
    doc = "https://w3id.org/dangjian-kg/id/doc/" + quote("a/竹源 村.txt", safe="")
    assert readable_iri(doc) == "https://w3id.org/dangjian-kg/id/doc/a%2F竹源%20村.txt"
    for kept in ("urn:x:%E5%8D", "urn:x:%C0%80", "urn:x:%E2%80%8F", "urn:x:%zz", "urn:plain"):
        assert readable_iri(kept) == kept  # broken, overlong, a bidi mark, no escape


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20))
def test_readable_and_exact_iris_round_trip(name: str) -> None:
    stored = "https://w3id.org/dangjian-kg/id/org/" + quote(name, safe="")
    readable = readable_iri(stored)
    assert exact_iri(readable) == stored
    assert unquote(readable) == unquote(stored) == "https://w3id.org/dangjian-kg/id/org/" + name
    assert not any(c.isspace() for c in readable)  # white space stays escaped


def test_looks_like_iri() -> None:
    assert looks_like_iri("https://w3id.org/x/%E5%8D%97")
    assert looks_like_iri(str(URIRef("urn:x:y")))
    assert not looks_like_iri("南区联合党委 https://x")
    assert not looks_like_iri("2021年")
    assert not looks_like_iri(42)
