"""Locate the researcher-editable data folders (`extract/`, `ontology/`).

In a wheel they ship as ``kg/_data/<name>``; in a source checkout (editable install,
tests) they sit beside the ``kg`` package at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding the shipped data files called ``name``."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} is missing from the installation")


def extract_file(filename: str) -> Path:
    """Path of one file under ``extract/``."""
    return data_dir("extract") / filename
