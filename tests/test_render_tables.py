"""The page's reading and label placement at corpus scale (kg/render/tables.py, read.py,
layout.py): integer tables from every kind of source, the outline then the part shown,
and the sweep that finds overlapping label boxes."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.render import DJ, RenderError, page_html, select
from kg.render.layout import overlapping_pairs, separate_labels
from kg.render.read import OxigraphTriples, RdflibTriples, open_reader, open_view, read_tables
from kg.render.tables import RDFS_LABEL, GraphTables, read_predicates

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/dangjian-kg/id/"
ENTITY_CLASSES = ("Organization", "Person", "Program", "Place")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/synthetic_graph.py's graph (seeded) as Turtle: posts, programs, pairs,
    quantities, documents, sentences and one assertion per relation."""
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic_graph import generate

    path = tmp_path_factory.mktemp("tables") / "synthetic.ttl"
    generate(6000).write(path)
    return path


def row_sets(tables: GraphTables) -> dict[str, set[tuple[str, str, str]]]:
    return {p: set(tables.rows(p)) for p in read_predicates()}


# ----------------------------------------------------------------------------- tables


def test_every_source_gives_the_same_tables(synthetic: Path, tmp_path: Path) -> None:
    from_file = read_tables(synthetic)
    graph = Graph().parse(synthetic, format="turtle")
    store = ox.Store()
    store.bulk_load(path=str(synthetic), format=ox.RdfFormat.TURTLE)
    expected = row_sets(from_file)
    assert sum(len(rows) for rows in expected.values()) > 3000
    assert row_sets(GraphTables.from_triples(RdflibTriples(graph))) == expected
    assert row_sets(GraphTables.from_triples(OxigraphTriples(store))) == expected
    # a quad file with every triple in one graph and every other one again in a second:
    # each row once
    lines = graph.serialize(format="nt").splitlines()
    nquads = tmp_path / "twice.nq"
    with nquads.open("w", encoding="utf-8") as out:
        for k, line in enumerate(x for x in lines if x.strip()):
            body = line.rstrip().removesuffix(".").rstrip()
            out.write(f"{body} <{ID}graph/a> .\n")
            if k % 2:
                out.write(f"{body} <{ID}graph/b> .\n")
    quads = read_tables(nquads)
    assert row_sets(quads) == expected
    assert sum(len(c) for c in quads.columns.values()) == sum(len(r) for r in expected.values())
    # only the classes the page reads are kept of rdf:type
    assert {o for _, o, _ in from_file.rows(str(RDF.type))} <= {
        str(DJ[c])
        for c in (*ENTITY_CLASSES, "Document", "Source", "Assertion", "ImplicitAssertion")
    }


def test_labels_keep_their_language_and_others_their_least_value(tmp_path: Path) -> None:
    g = Graph()
    org = URIRef(ID + "org/a")
    g.add((org, RDF.type, DJ.Organization))
    g.add((org, RDFS.label, Literal("甲", lang="zh")))
    g.add((org, RDFS.label, Literal("甲", lang="en")))
    g.add((org, RDFS.label, Literal("乙")))
    path = tmp_path / "labels.ttl"
    g.serialize(path, format="turtle")
    rows = set(read_tables(path).rows(RDFS_LABEL))
    assert rows == {(str(org), "甲", "zh"), (str(org), "甲", "en"), (str(org), "乙", "")}
    node = open_view(path).nodes[str(org)]
    assert (node.label, node.alt_labels) == ("乙", ["甲", "甲"])  # as rdflib's view gives it
    assert open_view(g).nodes[str(org)].names == node.names


def test_an_unreadable_graph_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"broken\.ttl: cannot read the graph"):
        read_tables(bad)


# ----------------------------------------------------------------------------- the reader


def test_the_outline_filled_for_the_part_shown_gives_the_same_page(synthetic: Path) -> None:
    whole = open_view(synthetic)
    reader = open_reader(synthetic)
    outline = reader.view
    assert set(outline.nodes) == set(whole.nodes) and len(outline.edges) == len(whole.edges)
    assert all(not e.evidence for e in outline.edges)  # nothing of the evidence read yet
    for options in ({"max_nodes": 120}, {"types": ["ORG", "PLACE"], "max_nodes": 90}):
        reader = open_reader(synthetic)
        chosen, notes, capped = select(reader.view, **options)  # type: ignore[arg-type]
        reader.fill(chosen)
        expected, expected_notes, expected_capped = select(whole, **options)  # type: ignore[arg-type]
        assert capped and expected_capped and notes == expected_notes
        assert page_html(chosen, "t", notes) == page_html(expected, "t", expected_notes)
        shown = {id(e) for e in chosen.edges}
        left = [e for e in reader.view.edges if id(e) not in shown]
        assert left and all(not e.evidence for e in left)  # only what is shown was filled
        assert any(e.evidence for e in chosen.edges)
        assert any(n.quantities for n in chosen.nodes.values())
        assert any(n.docs for n in chosen.nodes.values())


# ----------------------------------------------------------------------------- labels


def brute_force_pairs(centre: np.ndarray, half: np.ndarray) -> list[tuple[int, int]]:
    n = len(centre)
    return [
        (i, j)
        for i in range(n)
        for j in range(i + 1, n)
        if (half[i] + half[j] - np.abs(centre[i] - centre[j]) > 0).all()
    ]


def test_overlapping_pairs_are_those_of_a_brute_force_search() -> None:
    rng = np.random.default_rng(11)
    for n, spread in ((2, 10.0), (60, 150.0), (300, 900.0), (250, 60.0)):
        centre = rng.uniform(0.0, spread, (n, 2))
        half = rng.uniform(1.0, 30.0, (n, 2))
        half[: n // 10, 0] = 220.0  # a few labels far wider than the rest
        centre[n // 2 : n // 2 + 3] = centre[0]  # nodes on one spot
        i, j, overlap = overlapping_pairs(centre, half)
        assert list(zip(i.tolist(), j.tolist(), strict=True)) == brute_force_pairs(centre, half)
        expected = half[i] + half[j] - np.abs(centre[i] - centre[j])
        assert (overlap == expected).all() and (overlap > 0).all()
    # boxes that touch do not overlap
    centre = np.array([[0.0, 0.0], [20.0, 0.0], [0.0, 10.0]])
    half = np.array([[10.0, 5.0], [10.0, 5.0], [10.0, 5.0]])
    assert len(overlapping_pairs(centre, half)[0]) == 0


def test_separated_labels_do_not_overlap() -> None:
    rng = np.random.default_rng(3)
    n = 400
    pos = rng.normal(0.0, 150.0, (n, 2))
    boxes = np.column_stack([rng.uniform(30.0, 160.0, n), rng.uniform(40.0, 70.0, n)])
    below = -rng.uniform(9.0, 30.0, n)
    placed = separate_labels(pos, boxes, below)
    centre = placed + np.column_stack([np.zeros(n), below + boxes[:, 1] / 2])
    assert len(overlapping_pairs(centre, boxes / 2 - 0.01)[0]) == 0
    assert (placed == separate_labels(pos, boxes, below)).all()


def test_page_stage_bench_compares_before_and_after_in_one_run() -> None:
    """bench/page_stage.py on a small graph: the same rows and positions both ways, and
    the ratios computed from figures measured in that run."""
    import json
    import subprocess

    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "page_stage.py"), "--triples", "20000", "--json"],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    figures = json.loads(run.stdout)
    tables, labels, page = figures["tables"], figures["labels"], figures["page"]
    assert tables["same_rows"] is True and tables["after"]["rows"] > 10_000
    before, after = tables["before"], tables["after"]
    assert tables["rss_ratio"] == round(before["peak_rss_mb"] / after["peak_rss_mb"], 2)
    assert labels["parts"] >= 1 and labels["max_difference_px"] == 0
    seconds = labels["before_seconds"], max(labels["after_seconds"], 1e-6)
    assert labels["ratio"] == round(seconds[0] / seconds[1], 1)
    assert page["nodes"] == page["total_nodes"] > 0 and page["peak_rss_mb"] > 0
