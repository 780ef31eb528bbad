"""kg.batch's worker pool: forked workers give what one process gives, with the model, and
do not outlive their parent."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg import batch
from kg.discover import discover
from kg.pipeline import Extractor
from kg.recognize.lac import LacAnalyzer

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"
LINUX_PROC = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")


def wait_until(condition: Callable[[], bool], what: str, limit: float = 300.0) -> None:
    """Poll ``condition`` (a guard against a hung run, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


def test_default_mode_in_two_workers_equals_one_process() -> None:
    """With the LAC model (each forked worker opens its own ONNX session): the same records,
    sentences and notes, in the same order."""
    files = discover([str(CORPUS)]).files
    assert len(files) >= 3
    alone = list(batch.extract_all(files, jobs=1))
    pooled = list(batch.extract_all(files, jobs=2))
    assert [o.file for o in pooled] == [o.file for o in alone]
    assert all(o.record is not None for o in alone)
    assert [o.record.to_json() for o in pooled if o.record] == [
        o.record.to_json() for o in alone if o.record
    ]
    assert [o.sentences for o in pooled] == [o.sentences for o in alone]
    assert [o.notes for o in pooled] == [o.notes for o in alone]


def test_linux_workers_are_forked_with_the_extractor_built_once() -> None:
    context = batch._start_context()
    if sys.platform.startswith("linux"):
        assert context.get_start_method() == "fork"
    else:
        assert context.get_start_method() == "spawn"


def test_prepared_analyzer_shares_tables_and_opens_its_session_later() -> None:
    analyzer = LacAnalyzer()
    analyzer.prepare()
    assert analyzer._session is None and analyzer._model is not None
    words = analyzer.analyze("张三在北京市工作。")
    assert analyzer._session is not None and analyzer._model is None  # ORT holds the weights
    analyzer.forget_session()
    assert analyzer.analyze("张三在北京市工作。") == words  # reads the model again


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


@LINUX_PROC
def test_forked_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL leaves the parent no chance to end its workers: they must not linger (they
    would hold whatever the parent had open, such as the output folder's lock)."""
    first, fifo = tmp_path / "a.txt", tmp_path / "pipe.txt"
    first.write_text("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n", encoding="utf-8")
    os.mkfifo(fifo)  # blocks the worker that opens it, for ever
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        from pathlib import Path
        from kg import batch
        from kg.discover import discover
        files = discover([{str(first)!r}, {str(fifo)!r}]).files
        for outcome in batch.extract_all(files, jobs=2, fast=True):
            Path({str(ready)!r}).write_text("x")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    workers: set[int] = set()
    try:
        wait_until(lambda: ready.exists() or proc.poll() is not None, "the first outcome")
        assert proc.poll() is None
        workers = _children(proc.pid)
        assert len(workers) >= 2
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        wait_until(lambda: not any(_alive(w) for w in workers), "the workers to end")
    finally:
        for pid in [proc.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()


def test_a_bad_model_fails_in_this_process_before_any_worker_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[int] = []
    monkeypatch.setattr(batch, "ProcessPoolExecutor",
                        lambda *args, **kwargs: started.append(1))  # never reached

    class Broken(Extractor):
        def __init__(self, model: str | None = None, fast: bool = False) -> None:
            raise OSError("no such model")

    monkeypatch.setattr(batch, "Extractor", Broken)
    if batch._start_context().get_start_method() != "fork":
        pytest.skip("spawned workers build their extractor themselves")
    files = discover([str(CORPUS)]).files
    with pytest.raises(OSError, match="no such model"):
        list(batch.extract_all(files, jobs=2))
    assert started == []
