"""The build report (``build-report.json`` and ``build-report.md``): documents, errors,
entities by type, relation triples by predicate, assertions, merges, decisions, relations
left out; sorted, no time stamps, from the counts taken while the graph was written."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from kg.graph import DocumentInput
from kg.graph_write import WrittenGraph
from kg.identity import Decisions, Resolution
from kg.identity.report import merges_markdown, merges_section


def make_report(
    docs: Sequence[DocumentInput],
    errors: Sequence[str],
    resolution: Resolution,
    graph: WrittenGraph,
    decisions: Decisions,
    decisions_file: str | None,
) -> dict[str, Any]:
    """The build report as JSON-ready data (sorted, no time stamps), from the counts taken
    while the graph was written."""
    stats = graph.stats.summary()
    entities = Counter(n.type for n in resolution.nodes)
    return {
        "documents": [
            {
                "doc": d.record.doc,
                "entities": len(d.record.entities),
                "relations": len(d.record.relations),
                "quantities": len(d.record.quantities),
            }
            for d in docs
        ],
        "errors": list(errors),
        "entities": {t: entities.get(t, 0) for t in ("ORG", "PERSON", "PROGRAM", "PLACE")},
        "entities_in_several_documents": sum(1 for n in resolution.nodes if len(n.docs) > 1),
        "places_from_gazetteer_only": sum(1 for n in resolution.nodes if n.from_gazetteer_only),
        "relation_triples": stats["relation_triples"],
        "assertions": stats["assertions"],
        "quantities": sum(len(d.record.quantities) for d in docs),
        "triples": stats["triples"],
        "named_graphs": stats["named_graphs"],
        "instances": stats["instances"],
        "merges": merges_section(resolution),
        "decisions": {
            "file": decisions_file,
            "same": sum(1 for d in decisions.items if d.verdict == "same"),
            "not_same": sum(1 for d in decisions.items if d.verdict == "not_same"),
            "warnings": list(resolution.warnings),
        },
        "dropped_relations": graph.dropped,
    }


def render_report(report: dict[str, Any]) -> str:
    """The build report as Markdown."""
    lines = ["# Build report", ""]
    docs = report["documents"]
    lines.append(
        f"{len(docs)} documents, {report['triples']} triples, "
        f"{report['named_graphs']} named graphs, {len(report['errors'])} errors."
    )
    lines += ["", "## Documents", "", "| document | entities | relations | quantities |"]
    lines.append("|---|---|---|---|")
    for d in docs:
        lines.append(f"| {d['doc']} | {d['entities']} | {d['relations']} | {d['quantities']} |")
    if report["errors"]:
        lines += ["", "## Errors", ""] + [f"- {e}" for e in report["errors"]]
    lines += ["", "## Entities (one node per real-world entity)", "", "| type | nodes |"]
    lines.append("|---|---|")
    lines += [f"| {t} | {n} |" for t, n in report["entities"].items()]
    lines += [
        "",
        f"{report['entities_in_several_documents']} entities are named in several documents; "
        f"{report['places_from_gazetteer_only']} enclosing divisions come from the gazetteer "
        "only.",
        "",
        "## Relation triples",
        "",
        "| predicate | triples |",
        "|---|---|",
    ]
    lines += [f"| {p} | {n} |" for p, n in report["relation_triples"].items()]
    a = report["assertions"]
    lines += [
        "",
        f"Assertions: {a['total']} ({a['explicit']} stated by a sentence naming both ends, "
        f"{a['implicit']} implicit, {a['gazetteer']} from the gazetteer). "
        f"Quantities: {report['quantities']}.",
        "",
    ]
    lines += merges_markdown(report["merges"])
    decisions = report["decisions"]
    if decisions["file"]:
        lines += [
            "",
            f"Decisions: {decisions['file']} ({decisions['same']} same, "
            f"{decisions['not_same']} not_same).",
        ]
        lines += [f"- warning: {w}" for w in decisions["warnings"]]
    dropped = report["dropped_relations"]
    if dropped:
        lines += ["", "## Relations left out", "", "| document | head | relation | tail | why |"]
        lines.append("|---|---|---|---|---|")
        lines += [
            f"| {d['doc']} | {d['head']} | {d['relation']} | {d['tail']} | {d['reason']} |"
            for d in dropped
        ]
    return "\n".join(lines) + "\n"


def write_text_synced(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8, ``\\n`` line ends) and sync it to disk."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


_INDENT = re.compile(rb"^(?:  )+", re.MULTILINE)


def json_text(data: Any) -> bytes:
    """``json.dumps(data, ensure_ascii=False, indent=1)`` and a newline, as UTF-8, made by
    orjson (ten times as fast; its two-space indent halved: no string holds a raw newline)."""
    return b"".join(json_chunks(data))


_CHUNK = 1 << 20


def json_chunks(data: Any) -> Iterator[bytes]:
    """:func:`json_text` in pieces of about a megabyte: the report of a large corpus is
    hundreds of megabytes, and re-indenting it whole would hold millions of pieces at once."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except TypeError:  # what orjson does not write (an integer past 64 bits, say)
        yield (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        return
    start = 0
    while start < len(text):
        end = text.find(b"\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        yield _INDENT.sub(_halved, text[start:end])
        start = end
    yield b"\n"


def _halved(match: re.Match[bytes]) -> bytes:
    return b" " * (len(match.group(0)) // 2)


def write_json_synced(path: Path, data: Any) -> None:
    """Write :func:`json_text` of ``data`` to ``path`` and sync it to disk."""
    with path.open("wb") as handle:
        for chunk in json_chunks(data):
            handle.write(chunk)
        handle.flush()
        os.fsync(handle.fileno())
