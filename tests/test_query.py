"""The query library (kg/queries/*.rq), parameter rendering and ``kg query``.

Runs on the hand-made fixture ``tests/data/graph.ttl`` and on the graph ``kg build`` makes
of the sample corpus (``examples/corpus``), where every bundled question must give the same
answer from rdflib and from Oxigraph.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.query import (
    MissingParameterError,
    QueryLibraryError,
    bundled_queries,
    display,
    get_query,
    parse_header,
    parse_params,
    sparql_literal,
    to_markdown,
)
from kg.store import QueryResult, RdflibStore, check_query, open_store

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
TTL = DATA / "graph.ttl"
PREFIX_DJ = "https://w3id.org/dangjian-kg/ontology#"
ERROR_LINE = re.compile(r"^error: query: line \d+, column \d+: .+$")
runner = CliRunner()
REQUIRED = {
    "joint-committees",
    "who-holds-which-post",
    "programs-by-place",
    "organizations-under",
    "party-member-counts",
    "evidence",
    "everything-in-place",
    "awards",
    "established-by",
    "paired-organizations",
    "documents-summary",
    "entity-aliases",
}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


# --------------------------------------------------------------------------- library


def test_the_library_has_the_promised_questions() -> None:
    queries = bundled_queries()
    assert set(queries) >= REQUIRED
    for name, query in queries.items():
        assert query.title and query.description, name
        check_query(query.text)  # parses as it is, with its example values
        check_query(query.render(query.params))
        for param, example in query.params.items():
            assert example, (name, param)
            assert sparql_literal(example, "zh") in query.text.split("SELECT", 1)[1]


def test_parse_header() -> None:
    title, description, params = parse_header(
        "# title: T\n#description:  D \n# param: name (example: 南区联合党委)\n"
        "# param: place (example: 青川省)\nPREFIX x: <urn:x#>\n# param: late\nSELECT * {}"
    )
    assert (title, description) == ("T", "D")
    assert params == {"name": "南区联合党委", "place": "青川省"}
    with pytest.raises(QueryLibraryError, match="expected NAME"):
        parse_header("# param: name=南区联合党委\nSELECT * {}")


def test_render_replaces_the_example_literal_only() -> None:
    query = get_query("organizations-under")
    example = query.params["name"]
    text = query.render({"name": "南区联合党委"})
    assert '"南区联合党委"@zh' in text and f'"{example}"@zh' not in text
    assert f"# param: name (example: {example})" in text  # the header is left alone
    with pytest.raises(QueryLibraryError, match="no parameter 'nmae'"):
        query.render({"nmae": "x"})
    with pytest.raises(QueryLibraryError, match="no bundled query"):
        get_query("no-such-question")


@pytest.mark.parametrize("name", sorted(n for n, q in bundled_queries().items() if q.params))
def test_a_parameter_has_no_default(name: str) -> None:
    query = get_query(name)
    (param,) = query.params
    with pytest.raises(MissingParameterError) as raised:
        query.render()
    assert raised.value.param == param and raised.value.query == name
    message = str(raised.value)
    assert "\n" not in message and repr(param) in message and repr(name) in message


@pytest.mark.parametrize(
    "value",
    [
        'a"b',
        "a\\b",
        "line\nbreak",
        'x"@zh . ?s ?p ?o . #',
        "}\n} SELECT * { ?s ?p ?o",
        "\t\x00\x7f",
    ],
)
def test_hostile_values_stay_literals(value: str) -> None:
    store = RdflibStore()
    store.load(TTL)
    text = get_query("organizations-under").render({"name": value})
    check_query(text)
    assert store.query(text).rows == []  # matches no label, injects nothing


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
def test_sparql_literal_round_trips(value: str) -> None:
    import pyoxigraph as ox

    result = ox.Store().query(f"SELECT (STR({sparql_literal(value, 'zh')}) AS ?v) WHERE {{}}")
    assert next(iter(result))["v"].value == value


def test_parse_params() -> None:
    assert parse_params(["name=a=b", "place=青川省"]) == {"name": "a=b", "place": "青川省"}
    with pytest.raises(QueryLibraryError, match="NAME=VALUE"):
        parse_params(["oops"])


def test_display_and_markdown() -> None:
    assert [display(v) for v in (None, True, 3.0, 2.5, 412, "x")] == [
        "",
        "true",
        "3",
        "2.5",
        "412",
        "x",
    ]
    result = QueryResult("select", ["a", "b"], [("x|y", "line\nbreak")])
    assert to_markdown(result) == "| a | b |\n|---|---|\n| x\\|y | line break |\n"


# --------------------------------------------------------------------------- kg query


def test_list() -> None:
    result = invoke("query", "--list")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == sorted(bundled_queries())
    assert "Who holds which post where" in result.stdout
    assert "--param name=NAME (e.g. name=竹源村党总支)" in result.stdout
    assert "[--param" not in result.stdout  # no parameter is optional


def test_kg_query_starts_without_what_it_does_not_use() -> None:
    """``kg query`` answers without importing the extraction (spaCy), document reading or
    the progress bar, nor pydantic (typer 0.29 builds an adapter per option with it):
    each is time added to every question."""
    code = (
        "import sys\n"
        "from kg.cli import app\n"
        f"sys.argv = ['kg', 'query', {str(TTL)!r}, '--name', 'documents-summary']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "eager = {'spacy', 'kg.discover', 'kg.read', 'rich.progress', 'pydantic', 'kg.build'}\n"
        "print('loaded:', sorted(eager & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Documents and what the graph took from each" in done.stdout
    assert done.stdout.strip().endswith("loaded: []"), done.stdout[-300:]


def test_named_query_with_param_as_csv() -> None:
    result = invoke(
        "query",
        str(DATA),
        "--name",
        "organizations-under",
        "--param",
        "name=枫林街道党工委",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["under", "organization", "link", "parent"]
    assert {r[1] for r in rows[1:]} == {"南区联合党委", "枫林社区党委", "锦绣大厦党支部"}
    assert ["枫林街道党工委", "南区联合党委", "managed by", "枫林街道党工委"] in rows


def test_everything_in_a_province_as_json() -> None:
    result = invoke(
        "query",
        str(TTL),
        "--name",
        "everything-in-place",
        "--param",
        "place=青川省",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["variables"] == ["type", "type_label", "name", "locatedIn"]
    names = {row["name"] for row in payload["rows"]}
    kinds = {(row["type"], row["type_label"]) for row in payload["rows"]}
    assert {("Organization", "组织"), ("Place", "地点")} <= kinds
    assert {"石门村", "锦绣大厦党支部", "南区", "白石县委组织部"} <= names
    assert not names & {"海港社区", "海门市", "青川省"}  # another province, and itself


def test_evidence_as_markdown() -> None:
    result = invoke(
        "query",
        str(TTL),
        "--name",
        "evidence",
        "--param",
        "name=石门村党支部",
        "--format",
        "markdown",
    )
    assert result.exit_code == 0, result.output
    row = (
        "| 石门村党支部 | awarded | 白石市五星级基层党组织 "
        "| 石门村党支部被评为白石市五星级基层党组织。 | baishi_county.txt | fixture:awarded |"
    )
    assert row in result.stdout
    assert "| quantity:money_cny | 865000 元 |" in result.stdout


def test_table_ask_text_and_file(tmp_path: Path) -> None:
    result = invoke(
        "query",
        str(TTL),
        "SELECT ?person WHERE { ?p a dj:Person ; rdfs:label ?person } ORDER BY ?person",
    )
    assert result.exit_code == 0, result.output
    assert "周远航" in result.stdout and "王春梅" in result.stdout
    assert re.match(r"3 rows · \w+ · \d+\.\d\d s$", result.stderr.strip())  # rows · store
    assert invoke("query", str(TTL), "ASK { ?p a dj:Person }").stdout.strip() == "true"
    rq = tmp_path / "q.rq"
    rq.write_text("# count\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", "utf-8")
    result = invoke("query", str(TTL), "-f", str(rq), "--format", "csv")
    assert result.stdout.splitlines() == ["n", "621"]


def test_show_prints_the_rendered_query() -> None:
    result = invoke("query", "--show", "--name", "evidence", "--param", 'name=a"b')
    assert result.exit_code == 0
    assert '"a\\"b"@zh' in result.stdout and result.stdout.startswith("# title:")
    as_is = invoke("query", "--show", "--name", "evidence")  # to read: the file itself
    assert as_is.exit_code == 0 and as_is.stdout == get_query("evidence").text


@pytest.mark.parametrize(
    ("name", "param"), [("evidence", "name"), ("everything-in-place", "place")]
)
def test_a_question_without_its_parameter_is_one_line_and_exit_2(name: str, param: str) -> None:
    result = invoke("query", str(TTL), "--name", name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"error: question {name!r} needs --param {param}=VALUE"]


ORG_IRIS = "SELECT ?o ?class WHERE { ?o a dj:Organization , ?class } ORDER BY ?o"


def test_tables_show_readable_iris_and_json_the_exact_ones() -> None:
    table = invoke("query", str(TTL), ORG_IRIS)
    assert table.exit_code == 0, table.output
    assert "id/organization/南区联合党委" in table.stdout and "%E" not in table.stdout
    markdown = invoke("query", str(TTL), ORG_IRIS, "--format", "markdown")
    assert "id/organization/南区联合党委 |" in markdown.stdout and "%E" not in markdown.stdout
    rows = list(
        csv.reader(io.StringIO(invoke("query", str(TTL), ORG_IRIS, "--format", "csv").stdout))
    )
    assert "https://w3id.org/dangjian-kg/id/organization/南区联合党委" in {r[0] for r in rows}
    payload = json.loads(invoke("query", str(TTL), ORG_IRIS, "--format", "json").stdout)
    exact = {row["o"] for row in payload["rows"]}
    assert (
        "https://w3id.org/dangjian-kg/id/organization/%E5%8D%97%E5%8C%BA%E8%81%94%E5%90%88%E5%85%9A%E5%A7%94"
        in exact
    )
    assert {row["class"] for row in payload["rows"]} == {PREFIX_DJ + "Organization"}


def test_oxigraph_store_gives_the_same_output() -> None:
    args = ("query", str(TTL), "--name", "programs-by-place", "--format", "csv")
    rdflib_out = invoke(*args, "--store", "rdflib")
    oxigraph_out = invoke(*args, "--store", "oxigraph")
    assert rdflib_out.exit_code == oxigraph_out.exit_code == 0
    assert rdflib_out.stdout == oxigraph_out.stdout


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { ?x ?p }",
        "SELECT * WHERE {\n  ?s ?p ?o ;\n  ]\n}",
        "SELECT * { ?s x:y ?o }",
    ],
)
def test_malformed_query_is_one_line_and_exit_2(query: str) -> None:
    result = invoke("query", str(TTL), query)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and ERROR_LINE.match(lines[0]), lines


@pytest.mark.parametrize(
    "update",
    ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT", "LOAD <http://example.org/x.ttl>"],
)
def test_updates_are_refused_with_exit_2(update: str) -> None:
    result = invoke("query", str(TTL), update)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: query: ") and "read-only" in result.stderr


def test_unreadable_graph_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("<urn:a> <urn:b> \n", "utf-8")
    for target, expected in (
        (bad, f"error: {bad}: cannot parse"),
        (tmp_path / "missing.trig", "no such file"),
        (tmp_path / "x.csv", "no such file"),
    ):
        result = invoke("query", str(target), "ASK {}")
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1
        assert expected in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "nope"), "no bundled query named 'nope'"),
        (("--name", "evidence", "--param", "who=x"), "has no parameter 'who'"),
        (("ASK {}", "--name", "evidence"), "give exactly one query"),
        (("ASK {}", "--param", "name=x"), "--param only applies"),
        (("ASK {}", "--format", "xml"), "--format 'xml'"),
        (("ASK {}", "--store", "sqlite"), "--store 'sqlite'"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = invoke("query", str(TTL), *args)
    assert result.exit_code == 2
    assert message in result.stderr


# --------------------------------------------------------------------------- kg build output


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build examples/corpus`` output (the graph side of issue 3)."""
    out = tmp_path_factory.mktemp("sample-graph")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            str(REPO / "examples" / "corpus"),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    if proc.returncode != 0 and "No such command" in proc.stderr:
        pytest.skip("kg build is not available")
    assert proc.returncode == 0, proc.stderr
    return out


def test_sample_graph_answers_alike_in_both_stores(sample_graph: Path) -> None:
    stores = [open_store(sample_graph, "rdflib"), open_store(sample_graph, "oxigraph")]
    answered = 0
    for name, query in bundled_queries().items():
        text = query.render(query.params)  # the example values name sample-corpus entities
        rd, ox = (s.query(text) for s in stores)
        assert rd.variables == ox.variables
        assert rd.rows == ox.rows, name
        answered += bool(rd.rows)
    assert answered >= 10
    evidence = stores[0].query(get_query("evidence").render({"name": "竹源村党总支"})).dicts()
    assert any(
        row["predicate"] == "awarded"
        and row["document"] == "01_village_branch.txt"
        and "竹源村党总支" in str(row["sentence"])
        for row in evidence
    )
    for s in stores:
        s.close()
