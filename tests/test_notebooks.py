"""The notebooks under notebooks/ run top to bottom on the sample corpus, offline.

Each notebook is executed with nbclient in a ``python3`` kernel of this interpreter (a
kernel spec written for the test points at ``sys.executable``, so a user-wide ``python3``
kernel of another Python cannot be picked up), from notebooks/ as Jupyter would, and the
quickstart also from the repository root. Besides "no cell raised", each test checks
outputs that only a working notebook produces, and that matplotlib neither warned nor
logged about a missing glyph or font (a chart with boxes for its text): a cell added
before the notebook's own records every warning and every matplotlib log record in the
kernel, and one added after them prints the record. The committed notebooks carry no
outputs.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAMES = ("01-quickstart.ipynb", "02-sparql-questions.ipynb", "03-network-analysis.ipynb")
# Run before the notebook's cells: every warning and matplotlib log record (WARNING and up)
# is kept in a list, whatever the notebook's own filters (its warnings are still shown).
RECORDER = """\
import logging as _logging
import warnings as _warnings

_kg_test_record = []
_kg_test_show = _warnings.showwarning


def _kg_test_showwarning(message, category, filename, lineno, file=None, line=None):
    _kg_test_record.append(f"{category.__name__}: {message}")
    _kg_test_show(message, category, filename, lineno, file, line)


class _KgTestHandler(_logging.Handler):
    def emit(self, record):
        _kg_test_record.append(f"{record.name}: {record.getMessage()}")


_warnings.simplefilter("always")
_warnings.showwarning = _kg_test_showwarning
_logging.getLogger("matplotlib").addHandler(_KgTestHandler(_logging.WARNING))
"""
REPORTER = 'import json as _json\nprint("KG-TEST-RECORD " + _json.dumps(_kg_test_record))'
REPORT_LINE = re.compile(r"^KG-TEST-RECORD (.*)$", re.MULTILINE)
GLYPH_TROUBLE = re.compile(r"Glyph \d+ .*missing from|findfont:|missing from (the )?font", re.I)


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A ``python3`` kernel spec for this interpreter, first on the Jupyter path, and
    private Jupyter/IPython folders (no user profile or kernel can interfere)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "data" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (dangjian-kg tests)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(root / "data"))
    patch.setenv("JUPYTER_DATA_DIR", str(root / "data"))
    patch.setenv("JUPYTER_RUNTIME_DIR", str(root / "runtime"))
    patch.setenv("IPYTHONDIR", str(root / "ipython"))
    patch.setenv("MPLCONFIGDIR", str(root / "matplotlib"))
    patch.delenv("MPLBACKEND", raising=False)
    yield
    patch.undo()


def run_notebook(name: str, cwd: Path) -> tuple[Any, float]:
    """Execute ``notebooks/NAME`` with ``cwd`` as its working folder; fail on any error and
    on any warning or log record about a missing glyph or font."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER))
    nb.cells.append(nbformat.v4.new_code_cell(REPORTER))
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        startup_timeout=60,
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{name}: {cell.source[:80]!r}: {errors[0].get('ename')}"
        assert cell.execution_count is not None, f"{name}: a cell did not run"
    reporter = nb.cells.pop()
    nb.cells.pop(0)
    report = REPORT_LINE.search(text_of(reporter))
    assert report, text_of(reporter)
    trouble = [m for m in json.loads(report.group(1)) if GLYPH_TROUBLE.search(m)]
    if trouble and any("CJK font: none" in text_of(c) for c in nb.cells if "outputs" in c):
        pytest.skip(f"{name}: no CJK font is installed (Debian: fonts-noto-cjk)")
    assert not trouble, f"{name}: matplotlib could not draw some text: {trouble[:3]}"
    return nb, seconds


def tagged(nb: Any, tag: str) -> Any:
    """The one code cell carrying ``tag``."""
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"no single cell tagged {tag}"
    return cells[0]


def text_of(cell: Any) -> str:
    """Everything a cell printed or displayed as text (streams and text/plain)."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


def html_outputs(cell: Any) -> list[str]:
    return [o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_hide_no_warnings(name: str) -> None:
    """A notebook that silenced matplotlib's glyph warnings would hide a garbled chart."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"filterwarnings|simplefilter|catch_warnings|logging\.disable", code)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_quickstart(kernel_env: None) -> None:
    nb, seconds = run_notebook("01-quickstart.ipynb", NOTEBOOKS)
    counts = text_of(tagged(nb, "counts"))
    entities = re.search(r"(\d+) entities \((\d+) organizations", counts)
    assert entities, counts
    assert int(entities.group(1)) > 0 and int(entities.group(2)) > 0
    assert re.search(r"[1-9]\d* relations", counts), counts
    members = text_of(tagged(nb, "members"))
    assert "'members': dtype('int64')" in members or "'members': Int64Dtype()" in members
    entity = "\n".join(html_outputs(tagged(nb, "entity")))
    assert "汉兴商务区联合党委" in entity and "dj:implements" in entity
    pages = [h for c in nb.cells if c.cell_type == "code" for h in html_outputs(c)]
    frames = [h for h in pages if "<iframe srcdoc=" in h]
    assert len(frames) == 2, "show() twice: the whole graph and one neighbourhood"
    assert seconds < 60, seconds


def test_quickstart_from_repository_root(kernel_env: None) -> None:
    nb, _ = run_notebook("01-quickstart.ipynb", REPO)
    assert re.search(r"[1-9]\d* entities", text_of(tagged(nb, "counts")))


def test_sparql_questions(kernel_env: None) -> None:
    from kg.query import bundled_queries

    nb, seconds = run_notebook("02-sparql-questions.ipynb", NOTEBOOKS)
    cell = tagged(nb, "answers")
    frames = [h for h in html_outputs(cell) if 'class="dataframe' in h]
    names = list(bundled_queries())
    assert len(frames) == len(names), "one DataFrame per bundled question"
    shown = "\n".join(o.data.get("text/markdown", "") for o in cell.outputs if "data" in o)
    for name in names:
        assert f"`{name}`" in shown, name
    summary = re.search(r"(\d+) questions run, (\d+) with answers", text_of(cell))
    assert summary and int(summary.group(1)) == len(names), text_of(cell)
    assert int(summary.group(2)) > len(names) // 2, "most questions answer on the sample"
    tables = "\n".join(html_outputs(cell))
    assert "<th>type_label</th>" in tables and "组织" in tables and "Organization" in tables
    missing = text_of(tagged(nb, "missing"))
    assert "question 'evidence' needs a value for its parameter 'name'" in missing
    assert seconds < 60, seconds


def test_network_analysis(kernel_env: None) -> None:
    nb, seconds = run_notebook("03-network-analysis.ipynb", NOTEBOOKS)
    graph = text_of(tagged(nb, "graph"))
    sizes = re.search(r"MultiDiGraph with (\d+) nodes and (\d+) edges", graph)
    assert sizes and int(sizes.group(1)) > 0 and int(sizes.group(2)) > 0, graph
    assert re.search(r"most central organization: \S+", text_of(tagged(nb, "centrality")))
    communities = re.search(
        r"(\d+) communities, modularity (0\.\d+)", text_of(tagged(nb, "communities"))
    )
    assert communities and int(communities.group(1)) > 1 and float(communities.group(2)) > 0
    assert html_outputs(tagged(nb, "programs")), "the programs-by-place table"
    chart = tagged(nb, "chart")
    images = [o for o in chart.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, "one inline bar chart"
    assert seconds < 60, seconds
    font = re.search(r"CJK font: (\S.*?)(?: for the Chinese|$)", text_of(tagged(nb, "font")))
    assert font, text_of(tagged(nb, "font"))
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    assert font.group(1) in installed
    if any(name.startswith("Noto Sans CJK") for name in installed):
        assert font.group(1).startswith("Noto Sans CJK"), "Noto Sans CJK where present"
