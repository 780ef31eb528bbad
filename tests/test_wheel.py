"""The wheel ships the package, the researcher-editable data folders and the ``kg`` command.

The wheel is built with pip (without build isolation when hatchling is importable, else with
it, which needs PyPI), then installed into a scratch folder and run from there.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def data_files(folder: str) -> set[str]:
    root = REPO / folder
    return {
        f"kg/_data/{folder}/{p.relative_to(root).as_posix()}"
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    proc = subprocess.run(
        [*command, str(REPO)], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    (path,) = out.glob("dangjian_kg-*.whl")
    return path


def test_wheel_contents(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
        shipped_suffixes = archive.read("kg/_data/extract/org_suffixes.txt")
    assert {"kg/__init__.py", "kg/cli.py", "kg/pipeline.py", "kg/read.py"} <= names
    assert "kg/_data/extract/org_suffixes.txt" in names
    assert data_files("extract") <= names  # every researcher-editable table
    assert data_files("ontology") <= names
    assert shipped_suffixes == (REPO / "extract" / "org_suffixes.txt").read_bytes()
    assert "kg = kg.cli:app" in scripts
    assert not any(n.startswith(("tests/", "examples/", "bench/")) for n in names)


def test_installed_wheel_runs_from_its_own_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kg, kg.resources as r; print(kg.__file__); print(r.data_dir('extract'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    module, extract_dir = probe.stdout.splitlines()
    assert Path(module).is_relative_to(target)
    assert Path(extract_dir) == target / "kg" / "_data" / "extract"
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", "-", "--out", str(out), "--quiet"],
        input="柳塘村党支部书记王秀峰说，村里新修了产业路。",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    record = json.loads((out / "stdin.txt.json").read_text(encoding="utf-8"))
    assert {("PERSON", "王秀峰"), ("ORG", "柳塘村党支部")} <= {
        (e["type"], e["text"]) for e in record["entities"]
    }
