"""dangjian-kg: a knowledge graph of organizations, programs and people from Chinese
texts on grassroots Party building.

``from kg import KnowledgeGraph`` gives the Python API for notebooks (:mod:`kg.api`). It is
imported on first use, so ``import kg`` (and the ``kg`` command) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import Entity, Fact, KnowledgeGraph, UnknownEntityError

__version__ = "0.1.0"
__all__ = ["Entity", "Fact", "KnowledgeGraph", "UnknownEntityError", "__version__"]

_LAZY = {
    "Entity": "kg.api",
    "Fact": "kg.api",
    "KnowledgeGraph": "kg.api",
    "UnknownEntityError": "kg.api",
}


def __getattr__(name: str) -> Any:
    """Import the API classes on first access (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
