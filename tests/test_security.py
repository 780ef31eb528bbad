"""No query touches anything but the graph; ``kg query`` stops at its deadline.

The query checker (:mod:`kg.sparql_guard` via :func:`kg.store.check_query`) is fuzzed
with hypothesis: whatever the text, it raises nothing but :class:`kg.store.StoreError`.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.sparql_guard import (
    OutsideAccessError,
    _parse_tree_feature,
    check_access,
    expand_codepoints,
    refuse_outside_access,
)
from kg.store import RdflibStore, StoreError, UpdateRefusedError, check_query, open_store

REPO = Path(__file__).resolve().parents[1]
TTL = REPO / "tests" / "data" / "graph.ttl"
CROSS_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

REFUSED = [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:47001/x> { ?s ?p ?o } }", "SERVICE"),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT ?o FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT ?o FROM NAMED <http://x/> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED"),
    ("PREFIX a: <http://a/>\nASK FROM<http://x/> { ?s ?p ?o }", "FROM"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://x/> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://x/> { ?s ?p ?q } } }", "SERVICE"),
    ("SELECT * FROM:g WHERE { ?s ?p ?o }", "FROM"),  # rdflib reads FROM, then :g
]
ALLOWED = [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> FROM <file:///etc/passwd>",
    'PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:SERVICE ?o . ?s ex:from """FROM <x:y>""" }',
    "SELECT ?SERVICE ?FROM WHERE { ?SERVICE ?FROM ?o }",
    'SELECT * WHERE { ?s ?p "x"@from }',
]


@pytest.mark.parametrize(("query", "feature"), REFUSED)
def test_outside_access_is_refused(query: str, feature: str) -> None:
    with pytest.raises(OutsideAccessError) as info:
        check_query(query)
    assert info.value.feature == feature
    assert str(info.value).startswith(f"query: {feature} is refused")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("query", ALLOWED)
def test_the_words_in_strings_comments_and_names_are_not_refused(query: str) -> None:
    check_query(query)


def test_the_tokenizer_alone_refuses_a_keyword_written_as_a_prefix() -> None:
    with pytest.raises(OutsideAccessError):
        refuse_outside_access("SELECT * FROM:g WHERE { ?s ?p ?o }")
    refuse_outside_access("SELECT * WHERE { ?s ex:from ?o }")  # a name after its prefix


def test_rdflibs_parse_tree_finds_the_same() -> None:
    assert _parse_tree_feature(REFUSED[0][0]) == "SERVICE"
    assert _parse_tree_feature(REFUSED[3][0]) == "FROM"
    assert _parse_tree_feature(REFUSED[4][0]) == "FROM NAMED"
    assert _parse_tree_feature("LOAD <http://x/>") == "LOAD"
    assert _parse_tree_feature(ALLOWED[0]) is None


def test_codepoint_escapes_are_expanded() -> None:
    assert expand_codepoints("\\u0053ERVICE \\U00000046ROM") == "SERVICE FROM"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.setblocking(False)
        yield sock


def test_no_store_reaches_a_listener(listener: socket.socket) -> None:
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{target}>",
    ]
    for backend in ("memory", "oxigraph"):
        with open_store(TTL, backend, cache=False) as store:
            for query in queries:
                with pytest.raises((OutsideAccessError, UpdateRefusedError)):
                    store.query(query)
    runner = CliRunner()
    for query in queries:
        result = runner.invoke(app, ["query", str(TTL), query, "--store", "memory"])
        assert result.exit_code == 2 and result.stderr.startswith("error: query: ")
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_from_a_file_returns_nothing_of_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:s> <urn:p> "TOP-SECRET-4711" .\n', "utf-8")
    query = f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"
    for store in ("memory", "oxigraph"):
        result = CliRunner().invoke(app, ["query", str(TTL), query, "--store", store])
        assert result.exit_code == 2
        assert "TOP-SECRET" not in result.stdout + result.stderr
        assert len(result.stderr.splitlines()) == 1
    # Even a store asked directly, past the checker, does not load FROM graphs.
    store = RdflibStore()
    store.load(TTL)
    rows = store._run(query).rows
    assert all("TOP-SECRET" not in str(row) for row in rows)


def test_kg_query_stops_at_its_deadline() -> None:
    result = CliRunner().invoke(app, ["query", str(TTL), CROSS_4, "--timeout", "1"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "error: query: stopped at the time limit of 1 s (--timeout); "
        "add LIMIT or narrow the patterns\n"
    )


ONE_SHOT_METHODS = """
import threading, time
from kg.workers import one_shot_context
print(one_shot_context().get_start_method())
thread = threading.Thread(target=time.sleep, args=(0.5,))
thread.start()
print(one_shot_context().get_start_method())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_kg_query_forks_its_worker_only_from_a_single_thread() -> None:
    methods = subprocess.run(
        [sys.executable, "-c", ONE_SHOT_METHODS], capture_output=True, text=True, check=True
    ).stdout.split()
    assert methods == ["fork", "spawn"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_a_forked_worker_answers_and_stops_at_its_deadline() -> None:
    """``kg query`` as a command (one thread: its worker is forked)."""
    command = [sys.executable, "-m", "kg.cli", "query", str(TTL)]
    answered = subprocess.run(
        [*command, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.startswith("n\n") and int(answered.stdout.split()[1]) > 100
    stopped = subprocess.run([*command, CROSS_4, "--timeout", "1"], capture_output=True, text=True)
    assert stopped.returncode == 2 and stopped.stdout == ""
    assert stopped.stderr.startswith("error: query: stopped at the time limit of 1 s")


def test_kg_query_caps_the_rows() -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    result = CliRunner().invoke(app, ["query", str(TTL), query, "--max-rows", "100"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: query: more than 100 rows (--max-rows)")


SPARQLISH = st.lists(
    st.sampled_from(
        [
            "SELECT",
            "ASK",
            "CONSTRUCT",
            "WHERE",
            "SERVICE",
            "FROM",
            "NAMED",
            "LOAD",
            "{",
            "}",
            "?s",
            "?p",
            "?o",
            "<http://x/>",
            "'SERVICE'",
            '"""',
            "#",
            "\n",
            ".",
            ";",
            "PREFIX",
            "ex:",
            "ex:SERVICE",
            "\\u0053",
            "ERVICE",
            "(",
            ")",
            "@en",
            "_:b",
            "OPTIONAL",
            "UNION",
            "FILTER",
            "INSERT",
            "DATA",
            "<",
            ">",
            "'",
            '"',
            "\\",
        ]
    ),
    max_size=25,
).map(" ".join)


# Tokens written next to each other with nothing between: names ending or starting in a
# refused word, and refused words against brackets, colons and dots.
ADJACENT = st.lists(
    st.sampled_from(
        [
            "SELECT * ",
            "ASK ",
            "WHERE ",
            "{",
            "}",
            " ",
            "\n",
            "FROM",
            "from",
            "SERVICE",
            "NAMED",
            "WITH",
            " <http://x/>",
            "<x:y>",
            ":",
            "ex:",
            "prov:wasDerivedFrom",
            "dj:pairedWith",
            "?x",
            "$y",
            "?",
            "-",
            ".",
            "_",
            "1",
            "a",
            "# c\n",
            "'s'",
        ]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), SPARQLISH, ADJACENT))
@example(REFUSED[0][0])
@example(REFUSED[2][0])
@example("SELECT * WHERE { SERVICE")
@example("SELECT * WHERE { ?s ?p '''unterminated")
@example("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((")
@example("\x00\ud800\\U0011FFFF\\u")
@example(CROSS_4)
@example("SELECT * FROM:g WHERE { ?s ?p ?o }")
@example("SELECT * WHERE { ?s prov:wasDerivedFrom ?o . SERVICE <http://x/> { ?a ?b ?c } }")
@example("SELECT ?x WHERE { ?s dj:a.FROM ?o }")
def test_the_checker_only_raises_its_own_errors(text: str) -> None:
    from kg.store.sparql import may_reach_outside

    with contextlib.suppress(StoreError):
        check_query(text)
    # Whatever the full check (rdflib's parse tree) refuses, the tokenizer refuses too, and
    # the quick filter that decides whether the full check runs at all lets it through.
    try:
        check_access(text)
    except (OutsideAccessError, UpdateRefusedError):
        with pytest.raises((OutsideAccessError, UpdateRefusedError)):
            refuse_outside_access(text)
        assert may_reach_outside(text)
    except StoreError:
        pass
