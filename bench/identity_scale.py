"""How identity resolution (:func:`kg.identity.resolve_identities`) grows with the corpus.

Run it directly::

    .venv/bin/python bench/identity_scale.py                   # 1,000 and 5,000 documents
    .venv/bin/python bench/identity_scale.py --sizes 200,1000  # quicker
    .venv/bin/python bench/identity_scale.py --json

The corpus is synthetic and seeded: runs of consecutive sentences of two source articles
(``examples/corpus``, and ``../shared/corpus/seeds`` where present) per document, with the
places of each run renamed to one county of a pool of 60 (and its city and province, full
and short names), villages, towns and communities to names of a small pool, and people to
names of a pool of about 400, so that names recur across documents as in real news; a
quarter of the runs keep their original names. Every document is extracted with the rule
extractor once; then, for each size, the first documents' records are resolved, best of
``--repeat`` runs in CPU time. Printed per size: atoms, nodes, joins, seconds, atoms per
second; and between sizes the time exponent (log of the time ratio over log of the size
ratio: 1 is linear, 2 quadratic). Nothing is asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.gazetteer import Division, Gazetteer  # noqa: E402
from kg.identity import resolve_identities  # noqa: E402
from kg.pipeline import Extractor  # noqa: E402
from kg.read import read_document  # noqa: E402
from kg.records import DocumentRecord, SourceDocument  # noqa: E402
from kg.segment import split_sentences  # noqa: E402

SOURCES = (REPO / "examples" / "corpus", REPO.parent / "shared" / "corpus" / "seeds")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
LOCAL = "东南西北新和平安兴隆丰华光明团结幸福龙凤青山绿水金石"


class Generator:
    """Synthetic documents from the sentences and entity names of the source articles."""

    def __init__(self, extractor: Extractor, seed: int) -> None:
        self.rng = random.Random(seed)
        self.gazetteer = Gazetteer.load()
        self.sources: list[tuple[list[str], DocumentRecord]] = []
        for folder in SOURCES:
            for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
                doc = read_document(path)
                sentences = [s.text for s in split_sentences(doc.text) if s.text.strip()]
                self.sources.append((sentences, extractor.extract(doc)))
        counties = [
            d
            for d in self.gazetteer.divisions()
            if d.level == "county" and self._parent(d).level == "city"
        ]
        counties.sort(key=lambda d: d.code)
        self.counties = self.rng.sample(counties, 60)
        rng = self.rng
        self.people = sorted(
            {
                rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                for _ in range(400)
            }
        )
        self.local = sorted({rng.choice(LOCAL) + rng.choice(LOCAL) for _ in range(80)})

    def _parent(self, division: Division) -> Division:
        parent = self.gazetteer.parent(division)
        assert parent is not None
        return parent

    def _renaming(self, record: DocumentRecord, county: Division) -> dict[str, str]:
        city = self._parent(county)
        chosen = {"county": county, "city": city, "province": self._parent(city)}
        out: dict[str, str] = {}
        for entity in record.entities:
            for name in (entity.text, *entity.aliases):
                if len(name) < 2:
                    continue
                if entity.type == "PERSON":
                    out.setdefault(name, self.rng.choice(self.people))
                elif entity.type == "PLACE":
                    found = self.gazetteer.lookup(name)
                    if found:
                        new = chosen[found[0].level]
                        out.setdefault(name, new.name if name == found[0].name else new.short)
                    elif name.endswith(("社区", "街道")) or name[-1] in "镇乡村":
                        tail = name[-2:] if name.endswith(("社区", "街道")) else name[-1]
                        out.setdefault(name, self.rng.choice(self.local) + tail)
        return out

    def document(self, number: int) -> SourceDocument:
        county = self.rng.choice(self.counties)
        keep = self.rng.random() < 0.25
        parts = []
        for pick in self.rng.sample(range(len(self.sources)), min(2, len(self.sources))):
            sentences, record = self.sources[pick]
            start = self.rng.randrange(len(sentences))
            run = sentences[start : start + self.rng.randint(6, 14)]
            renaming = {} if keep else self._renaming(record, county)
            if renaming:
                names = sorted(renaming, key=len, reverse=True)
                pattern = re.compile("|".join(map(re.escape, names)))
                run = [pattern.sub(lambda m, r=renaming: r[m.group(0)], s) for s in run]
            parts.append("".join(run))
        return SourceDocument(f"s{number:05d}.txt", "\n".join(parts) + "\n")


def measure(records: list[DocumentRecord], repeat: int) -> dict[str, Any]:
    best = math.inf
    resolution = None
    for _ in range(repeat):
        started = time.process_time()
        resolution = resolve_identities(records)
        best = min(best, time.process_time() - started)
    assert resolution is not None
    atoms = sum(len(n.atoms) for n in resolution.nodes)
    return {
        "documents": len(records),
        "atoms": atoms,
        "nodes": len(resolution.nodes),
        "joins": len(resolution.merges),
        "seconds": best,
        "atoms_per_s": atoms / best if best else math.inf,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated document counts")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    extractor = Extractor()
    generator = Generator(extractor, args.seed)
    records = [extractor.extract(generator.document(i)) for i in range(sizes[-1])]
    rows = [measure(records[:size], args.repeat) for size in sizes]
    for before, after in itertools.pairwise(rows):
        after["exponent"] = math.log(after["seconds"] / before["seconds"]) / math.log(
            after["documents"] / before["documents"]
        )
    if args.json:
        print(json.dumps({"sources": len(generator.sources), "sizes": rows}, indent=1))
        return
    print(f"identity resolution, synthetic documents from {len(generator.sources)} articles")
    print("| documents | atoms | nodes | joins | seconds | atoms/s | exponent |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        exponent = f"{row['exponent']:.2f}" if "exponent" in row else ""
        print(
            f"| {row['documents']} | {row['atoms']} | {row['nodes']} | {row['joins']} "
            f"| {row['seconds']:.2f} | {row['atoms_per_s']:.0f} | {exponent} |"
        )


if __name__ == "__main__":
    main()
