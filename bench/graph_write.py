"""How graph writing (identity + graph + Turtle/TriG + report) grows with the corpus.

Run it directly::

    .venv/bin/python bench/graph_write.py                    # 1,000 and 5,000 documents
    .venv/bin/python bench/graph_write.py --sizes 200,1000   # quicker
    .venv/bin/python bench/graph_write.py --json

The documents are those of ``bench/identity_scale.py`` (seeded runs of sentences of the
sample articles and ``../shared/corpus/seeds`` where present, places and people renamed),
extracted once with the rule extractor. Then, for each size, two child processes (so that
each peak RSS is its own) take the same records from a pickle and resolve identities, then:

* ``streamed``: what ``kg build`` runs (:func:`kg.build.write_graph_files`: each triple
  made once as plain strings, sorted in bounded runs on disk, Turtle, TriG and the report
  written from the sorted stream);
* ``in memory`` (the baseline, measured in the same run): the whole graph held at once
  (:func:`kg.graph.build_graph`, ``to_turtle``, ``to_trig``, ``KnowledgeGraph.stats``).

Printed per size: triples, seconds of each (identity apart), documents/s, peak RSS and
the RSS after identity resolution, streamed/in-memory ratios, whether the two wrote the
same bytes; between sizes the time exponent (1 is linear). Nothing is asserted: timings
depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

FILES = ("graph.ttl", "graph.trig")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


def child(mode: str, records: Path, size: int, out: Path) -> dict[str, Any]:
    """One measurement in this process (run as ``--child``)."""
    from kg.identity import Decisions

    with records.open("rb") as handle:  # one pickle per document: load only these
        docs = [pickle.load(handle) for _ in range(size)]
    from kg.build import resolve, source_label, write_graph_files

    decisions = Decisions()
    started = time.perf_counter()
    resolution = resolve(docs, decisions)
    identity = time.perf_counter() - started
    after_identity = _rss_mb()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if mode == "streamed":
        report, _reused = write_graph_files(out, docs, [], resolution, decisions, None)
        triples = report["triples"]
    else:
        from kg.graph import build_graph
        from kg.graph_write import to_trig, to_turtle

        kg = build_graph(docs, resolution, source_label())
        triples = kg.stats()["triples"]
        (out / "graph.ttl").write_text(to_turtle(kg), encoding="utf-8")
        (out / "graph.trig").write_text(to_trig(kg), encoding="utf-8")
    seconds = time.perf_counter() - started
    return {
        "triples": triples,
        "identity_s": identity,
        "seconds": seconds,
        "rss_after_identity_mb": after_identity,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def make_records(size: int, seed: int, path: Path) -> int:
    """Generate and extract ``size`` documents; pickle them as ``DocumentInput``s, one by one."""
    from identity_scale import Generator

    from kg.graph import DocumentInput
    from kg.pipeline import Extractor
    from kg.segment import split_sentences

    extractor = Extractor()
    generator = Generator(extractor, seed)
    with path.open("wb") as handle:
        for number in range(size):
            source = generator.document(number)
            doc = DocumentInput(extractor.extract(source), split_sentences(source.text))
            pickle.dump(doc, handle, pickle.HIGHEST_PROTOCOL)
    return len(generator.sources)


def measure(mode: str, records: Path, size: int, out: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, str(records), str(size), str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} at {size} documents failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated document counts")
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, records, size, out = args.child
        print(json.dumps(child(mode, Path(records), int(size), Path(out))))
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-graph-") as work:
        folder = Path(work)
        records = folder / "records.pickle"
        sources = make_records(sizes[-1], args.seed, records)
        for size in sizes:
            streamed = measure("streamed", records, size, folder / f"s{size}")
            memory = measure("memory", records, size, folder / f"m{size}")
            same = all(
                (folder / f"s{size}" / name).read_bytes()
                == (folder / f"m{size}" / name).read_bytes()
                for name in FILES
            )
            rows.append(
                {
                    "documents": size,
                    "streamed": streamed,
                    "in_memory": memory,
                    "documents_per_s": size / streamed["seconds"],
                    "time_ratio": streamed["seconds"] / memory["seconds"],
                    "peak_rss_ratio": streamed["peak_rss_mb"] / memory["peak_rss_mb"],
                    "identical": same,
                }
            )
    for before, after in itertools.pairwise(rows):
        after["exponent"] = math.log(
            after["streamed"]["seconds"] / before["streamed"]["seconds"]
        ) / math.log(after["documents"] / before["documents"])
    if args.json:
        print(json.dumps({"sources": sources, "sizes": rows}, indent=1))
        return
    print(f"graph writing, synthetic documents from {sources} articles (identity apart)")
    print(
        "| documents | triples | streamed s | docs/s | peak RSS MB | RSS after identity MB "
        "| in-memory s | in-memory peak MB | time ratio | RSS ratio | same bytes | exponent |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for row in rows:
        s, m = row["streamed"], row["in_memory"]
        exponent = f"{row['exponent']:.2f}" if "exponent" in row else ""
        print(
            f"| {row['documents']} | {s['triples']} | {s['seconds']:.2f} "
            f"| {row['documents_per_s']:.0f} | {s['peak_rss_mb']:.0f} "
            f"| {s['rss_after_identity_mb']:.0f} | {m['seconds']:.2f} | {m['peak_rss_mb']:.0f} "
            f"| {row['time_ratio']:.2f} | {row['peak_rss_ratio']:.2f} "
            f"| {'yes' if row['identical'] else 'NO'} | {exponent} |"
        )


if __name__ == "__main__":
    main()
