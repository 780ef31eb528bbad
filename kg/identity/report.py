"""The identity part of the build report: joins by rule, the joins and why, joins that
researcher decisions blocked, and what generic organ names (省委, 区委组织部) were
resolved to by their documents' places, or why not."""

from __future__ import annotations

from typing import Any

from kg.identity.resolution import Resolution

# Joins too many and too plain to list one by one.
_UNLISTED_RULES = {"same_name", "division"}


def merges_section(resolution: Resolution) -> dict[str, Any]:
    """The ``merges`` section of ``build-report.json``."""
    return {
        "by_rule": resolution.merge_summary(),
        "joins": [m.to_json() for m in resolution.merges],
        "blocked": [m.to_json() for m in resolution.blocked],
        "by_context": [n.to_json() for n in resolution.context_notes if n.resolved],
        "unresolved": [n.to_json() for n in resolution.context_notes if not n.resolved],
    }


def merges_markdown(section: dict[str, Any]) -> list[str]:
    """The ``## Merges`` part of ``build-report.md``."""
    lines = ["## Merges", "", "| rule | joins |", "|---|---|"]
    lines += [f"| {r} | {n} |" for r, n in section["by_rule"].items()]
    joins = [j for j in section["joins"] if j["rule"] not in _UNLISTED_RULES]
    if joins:
        lines += ["", "| rule | joined | with | why |", "|---|---|---|---|"]
        lines += [f"| {j['rule']} | {j['b']} | {j['a']} | {j['reason']} |" for j in joins]
    blocked = section["blocked"]
    if blocked:
        lines += ["", "### Joins blocked by researcher decisions", ""]
        lines += [f"- {j['b']} / {j['a']} ({j['rule']}): {j['blocked_by']}" for j in blocked]
    named = section.get("by_context", [])
    if named:
        lines += [
            "",
            "### Generic names resolved by their document's places",
            "",
            "| name | document | is | why |",
            "|---|---|---|---|",
        ]
        lines += [f"| {n['name']} | {n['doc']} | {n['resolved']} | {n['reason']} |" for n in named]
    unresolved = section.get("unresolved", [])
    if unresolved:
        lines += ["", "### Generic names left unresolved", ""]
        lines += [f"- {n['name']} ({n['doc']}): {n['reason']}" for n in unresolved]
    return lines
