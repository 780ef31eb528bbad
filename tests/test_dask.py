"""``kg build --dask``: extraction as tasks on a Dask ``distributed`` cluster gives the same
files, byte for byte, as the single-process build (issue 11)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from folders import snapshot
from typer.testing import CliRunner

from kg import dask_build
from kg.build import build
from kg.cli import app
from kg.dask_build import DaskUnavailable, chunk_size

distributed = pytest.importorskip("distributed", reason="needs the [dask] extra")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
runner = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single") / "g"
    build([str(CORPUS)], out, jobs=1)
    return out


def test_dask_build_is_byte_identical_to_the_single_process_build(
    cluster: distributed.LocalCluster, single: Path, tmp_path: Path
) -> None:
    with distributed.Client(cluster, timeout=120) as client:
        client.wait_for_workers(2, timeout=300)  # both take part (no timing is asserted)
        out = tmp_path / "api"
        result = build([str(CORPUS)], out, dask=client)
        assert (result.documents, result.extracted, result.reused) == (7, 7, 0)
        assert not result.errors
        assert snapshot(out) == snapshot(single)
        assert client.status == "running"  # a client given is the caller's to close
    args = ["build", str(CORPUS), "--out", str(tmp_path / "cli"), "--dask"]
    done = runner.invoke(app, [*args, cluster.scheduler_address])
    assert done.exit_code == 0, done.output
    assert "7 extracted" in done.stderr
    assert snapshot(tmp_path / "cli") == snapshot(single)


def test_dask_build_reports_bad_documents_and_reuses_records(
    cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("柳塘村党支部书记李国梁说，今年村里新修了产业路。\n", "utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    fifo = tmp_path / "pipe.txt"  # given by name: read, it would block for ever
    os.mkfifo(fifo)
    out = tmp_path / "g"
    with distributed.Client(cluster, timeout=120) as client:
        first = build([str(folder), str(fifo)], out, dask=client)
        assert first.documents == 1 and len(first.errors) == 2
        assert first.errors[0].startswith(f"{folder / 'binary.txt'}: ")
        assert first.errors[1] == f"{fifo}: {dask_build.NOT_SENT}"
        again = build([str(folder)], out, dask=client)
        assert (again.reused, again.extracted) == (1, 0)


def test_bad_scheduler_address_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_build, "CONNECT_TIMEOUT_S", 2)
    out = tmp_path / "g"
    for address in ("tcp://127.0.0.1:9", "nonsense://nowhere"):
        result = runner.invoke(app, ["build", str(CORPUS), "--out", str(out), "--dask", address])
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: --dask {address}: "), lines
        assert not out.exists()
    with pytest.raises(DaskUnavailable):
        build([str(CORPUS)], out, dask="tcp://127.0.0.1:9")


def test_chunks_keep_every_worker_busy() -> None:
    assert chunk_size(7, 2) == 1
    assert chunk_size(1000, 2) == 64
    assert chunk_size(200, 4) == 13
    assert chunk_size(0, 2) == 1


def test_a_task_needs_the_bytes_not_the_file(tmp_path: Path) -> None:
    """What a worker on another machine does: the path names the document in messages only."""
    text = (CORPUS / "01_village_branch.txt").read_bytes()
    elsewhere = str(tmp_path / "not" / "here.txt")
    chunk = [
        (elsewhere, "a/here.txt", text),
        (elsewhere + ".txt", "b.txt", b"\x89PNG\r\n\x1a\n\0\0"),
    ]
    (record, error, _notes), (nothing, why, _) = dask_build.extract_chunk(chunk, None, True)
    assert error is None and record is not None and record["doc"] == "a/here.txt"
    assert record["entities"] and record["source"]["sha256"]
    assert nothing is None and why is not None and why.startswith(f"{elsewhere}.txt: binary file")
