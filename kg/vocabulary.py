"""The words users see for the graph's things: entity types and readable IRIs.

Entity types are named as the ontology names its classes (``ontology/dangjian.ttl``):
``Organization``, ``Person``, ``Program``, ``Place``, with the class's Chinese label
(组织, 人物, 工作项目, 地点) for display. Those are the words of :mod:`kg.api`, of the
networkx graphs and of the bundled questions (``?type``, ``?type_label``). The short codes
of the extraction records and gold files (``ORG``, ``PERSON``, ``PROGRAM``, ``PLACE``, see
docs/annotation.md) are accepted as input and mean the same classes.

The graph's IRIs are ASCII: the Chinese in them is percent-encoded
(``…/id/org/%E5%8D%97%E5%8C%BA…``). :func:`readable_iri` gives the IRI form of the same
identifier (RFC 3987, section 3.2: percent-encoded UTF-8 sequences of non-ASCII
characters decoded, every ASCII escape such as ``%2F`` kept), which is what tables and
DataFrames show; :func:`exact_iri` turns it back into the term stored in the graph, the
form a SPARQL query must use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

__all__ = [
    "ENTITY_TYPES",
    "EntityType",
    "exact_iri",
    "looks_like_iri",
    "parse_entity_type",
    "readable_iri",
]

_DJ = "https://w3id.org/dangjian-kg/ontology#"


@dataclass(frozen=True, slots=True)
class EntityType:
    """One entity class: its IRI, its name (the class's local name and English label),
    its Chinese label and the code the extraction records use for it."""

    iri: str
    name: str
    label: str
    record_code: str


#: The entity classes by IRI, in the order tables list them.
ENTITY_TYPES: dict[str, EntityType] = {
    t.iri: t
    for t in (
        EntityType(_DJ + "Organization", "Organization", "组织", "ORG"),
        EntityType(_DJ + "Person", "Person", "人物", "PERSON"),
        EntityType(_DJ + "Program", "Program", "工作项目", "PROGRAM"),
        EntityType(_DJ + "Place", "Place", "地点", "PLACE"),
    )
}


def parse_entity_type(text: str) -> EntityType:
    """The entity type named ``text``: its name in any case (``Organization``,
    ``organization``), its Chinese label (``组织``), its record code (``ORG``) or its
    IRI. Raises :class:`ValueError` naming the choices."""
    wanted = text.strip()
    for entity_type in ENTITY_TYPES.values():
        names = (entity_type.name.lower(), entity_type.record_code.lower())
        if wanted.lower() in names or wanted in (entity_type.label, entity_type.iri):
            return entity_type
    choices = ", ".join(t.name for t in ENTITY_TYPES.values())
    raise ValueError(f"unknown type {text!r} (choose {choices})")


_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ASCII_ESCAPE = re.compile(r"%[0-7][0-9A-Fa-f]")


def looks_like_iri(value: object) -> bool:
    """Whether ``value`` is a string shaped like an absolute IRI (a scheme, a colon, no
    spaces): query results give IRIs as plain strings."""
    return isinstance(value, str) and ":" in value and _IRI.match(value) is not None


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _printable(char: str) -> bool:
    """Characters RFC 3987 lets an IRI hold as they are (no controls, no bidi marks, no
    private use or unassigned code points), less white space, which no reader could see."""
    return unicodedata.category(char) not in {"Cc", "Cf", "Co", "Cn", "Cs", "Zs", "Zl", "Zp"}


def _decode_run(run: str) -> str:
    escapes = [run[i : i + 3] for i in range(0, len(run), 3)]
    octets = [int(e[1:], 16) for e in escapes]
    out: list[str] = []
    i = 0
    while i < len(octets):
        size = _utf8_length(octets[i])
        if size and i + size <= len(octets):
            try:
                char = bytes(octets[i : i + size]).decode("utf-8")
            except UnicodeDecodeError:
                char = ""
            if char and _printable(char):
                out.append(char)
                i += size
                continue
        out.append(escapes[i])  # ASCII escapes and broken sequences stay encoded
        i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def readable_iri(iri: str) -> str:
    """``iri`` with its percent-encoded non-ASCII characters decoded (``…/org/南区联合党委``
    for ``…/org/%E5%8D%97…``); escapes of ASCII characters (``%2F``, ``%20``) stay, so the
    result names the same resource and :func:`exact_iri` gives ``iri`` back."""
    if "%" not in iri:
        return iri
    if not _ASCII_ESCAPE.search(iri):  # the usual case: only Chinese is escaped
        try:
            text = unquote(iri, errors="strict")
        except UnicodeDecodeError:
            text = ""
        if text and text.isprintable():  # refuses what _printable refuses, in C
            return text
    return _ESCAPES.sub(lambda m: _decode_run(m.group(0)), iri)


def exact_iri(iri: str) -> str:
    """The stored (ASCII) form of an IRI that :func:`readable_iri` decoded: every
    non-ASCII character percent-encoded as UTF-8, everything else unchanged."""
    if iri.isascii():
        return iri
    return "".join(c if c.isascii() else quote(c, safe="") for c in iri)
