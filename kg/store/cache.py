"""The cache of on-disk Oxigraph stores: one per graph file, reused while it is unchanged."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kg.store.errors import StoreError
from kg.store.files import resolve_graph_path
from kg.store.oxigraph import OxigraphStore

#: The file in a cache entry that says which graph file it holds.
SOURCE_FILE = "kg-source.json"
#: How a cache entry's store is laid out: "compacted" stores are compacted after loading
#: (an entry made otherwise is made again).
STORE_LAYOUT = "compacted"


def cache_root() -> Path:
    """Where loaded Oxigraph stores are kept: ``$KG_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/dangjian-kg/oxigraph`` (``~/.cache/…``). Safe to delete."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dangjian-kg" / "oxigraph"


def _stamp(file: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    stat = file.stat()
    return {
        "source": str(file.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "pyoxigraph": getattr(ox, "__version__", ""),
        "layout": STORE_LAYOUT,
    }


def cached_store_location(path: str | os.PathLike[str]) -> Path:
    """An Oxigraph store holding the graph at ``path``, built if missing or stale.

    The store is built in a temporary folder beside the cache entry and renamed into place
    when complete, so a crash never leaves a half-loaded store; an entry for an older
    version of the same file is replaced.
    """
    file = resolve_graph_path(path)
    stamp = _stamp(file)
    root = cache_root()
    key = hashlib.sha256(stamp["source"].encode()).hexdigest()[:20]
    entry = root / key
    if _is_current(entry, stamp):
        return entry
    try:
        root.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f"{key}.building-", dir=root))
    except OSError as exc:
        raise StoreError(f"{root}: cannot create the store cache: {exc.strerror}") from exc
    try:
        store = OxigraphStore(building / "store")
        try:
            store.load(file)
            store.optimize()
            count = store.triple_count()
        finally:
            store.close()
        (building / "store" / SOURCE_FILE).write_text(
            json.dumps({"stamp": stamp, "triples": count}, ensure_ascii=False),
            encoding="utf-8",
        )
        if _is_current(entry, stamp):  # another process finished first: use its store
            return entry
        stale = None
        if entry.exists():
            stale = root / f"{key}.stale-{os.getpid()}"
            entry.rename(stale)
        (building / "store").rename(entry)
        if stale is not None:
            shutil.rmtree(stale, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return entry


def cached_triple_count(entry: Path) -> int | None:
    """The triple count recorded in a cache entry, if readable."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return int(json.loads((entry / SOURCE_FILE).read_text(encoding="utf-8"))["triples"])
    return None


def _is_current(entry: Path, stamp: dict[str, Any]) -> bool:
    """Whether the cache entry holds the file described by ``stamp``."""
    meta = entry / SOURCE_FILE
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return bool(json.loads(meta.read_text(encoding="utf-8")).get("stamp") == stamp)
    return False
