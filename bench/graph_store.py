"""rdflib against Oxigraph on a synthetic graph shaped like ours, and ``kg query`` latency.

Run it directly::

    .venv/bin/python bench/graph_store.py                      # one million triples
    .venv/bin/python bench/graph_store.py --triples 100000     # smaller
    .venv/bin/python bench/graph_store.py --json               # figures as JSON
    .venv/bin/python bench/graph_store.py --sample output/graph   # kg query latency there

In one run it

1. writes a synthetic graph of about ``--triples`` triples to a temporary folder, as Turtle
   in the shape of ``kg build`` output and with the real vocabulary: places in a
   province → city → district → town → village hierarchy (``dj:locatedIn``),
   organizations (branches, town committees, district committees, joint committees) with
   ``org:subOrganizationOf`` and ``dj:manages``, persons holding ``org:Post``s, programs
   (``dj:implements``, ``dj:partOfProgram``), ``dj:established``, ``dj:pairedWith`` (both
   ways), ``dj:awarded``, quantities (``dj:quantity``), documents and sentences, one
   ``dj:Assertion`` per relation triple and ``dj:mentionedIn`` links. Names are made of
   Chinese characters; the generator is seeded, so the graph is the same every run;
2. loads it, each in a fresh process so that peak memory (``ru_maxrss``) is that of the
   load alone: rdflib's own Turtle parser, rdflib with oxrdflib's ``ox-turtle`` parser,
   and pyoxigraph's ``bulk_load`` into an on-disk store (plus the time to reopen that
   store read-only, which is what ``kg query`` does on a cached graph);
3. runs every bundled question (``kg/queries/*.rq``) on the rdflib graph and on the
   Oxigraph store, checks that both give the same rows, and prints load and query times
   with the ratios rdflib / Oxigraph;
4. times ``kg query GRAPH --name Q --format csv`` end to end (a new process each time:
   start-up, loading, query, output) for every bundled question on the sample graph
   (``--sample``; by default the test graph ``tests/data/graph.ttl``), median of
   ``--cli-repeat`` runs.

Timings are wall-clock (``time.perf_counter``), each query the best of ``--repeat`` runs
(one run for rdflib above 200 000 triples, where each takes long enough to be stable).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
DJ = "https://w3id.org/dangjian-kg/ontology#"
ID = "https://w3id.org/dangjian-kg/id/"
CHARS = (
    "青川临江白石枫林海门东南西北安平和兴华新阳光明德山水湖溪岭竹源清荷锦绣汉楚天"
    "星汇金港陆通衢岚顺昌惠锡堰武侯望蜀瑞芙蓉宁远长乐永定泰康福寿嘉禾云龙凤凰"
)
ROLES = ("书记", "副书记", "第一书记", "主任", "委员")
MEASURES = ("party_members", "party_organizations", "branches", "people", "money_cny")
UNITS = {
    "party_members": "名",
    "party_organizations": "个",
    "branches": "个",
    "people": "人",
    "money_cny": "元",
}
PROGRAM_KINDS = ("工程", "行动", "计划", "机制", "工作法")
PREFIXES = """@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""
KIND_CLASS = {
    "organization": "dj:Organization",
    "person": "dj:Person",
    "program": "dj:Program",
    "place": "dj:Place",
}
PREDICATE = {
    "manages": "dj:manages",
    "sub_organization_of": "org:subOrganizationOf",
    "located_in": "dj:locatedIn",
    "implements": "dj:implements",
    "part_of_program": "dj:partOfProgram",
    "established": "dj:established",
    "paired_with": "dj:pairedWith",
    "awarded": "dj:awarded",
    "holds_post": "org:holds",
}


# --------------------------------------------------------------------------- generator


def _word(index: int, length: int = 2) -> str:
    """A distinct string of Chinese characters for each index (base-len(CHARS) digits)."""
    out = []
    for _ in range(length):
        index, digit = divmod(index, len(CHARS))
        out.append(CHARS[digit])
    while index:
        index, digit = divmod(index, len(CHARS))
        out.append(CHARS[digit])
    return "".join(out)


def _lit(text: str, lang: str | None = "zh") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


class SyntheticGraph:
    """Accumulates triples (as Turtle terms) grouped by subject, entity by entity."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.subjects: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.count = 0
        self.entities: set[str] = set()
        self.located: set[tuple[str, str]] = set()
        self.facts: set[tuple[str, str, str]] = set()
        self.assertions = 0
        self.quantities = 0
        self.sample: dict[str, str] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.subjects[s].append((p, o))
        self.count += 1

    def entity(self, kind: str, name: str, alias: str | None = None) -> str:
        node = f"<{ID}{kind}/{quote(name, safe='')}>"
        if node not in self.entities:
            self.entities.add(node)
            self.add(node, "a", KIND_CLASS[kind])
            self.add(node, "rdfs:label", _lit(name))
            if alias:
                self.add(node, "skos:altLabel", _lit(alias))
        return node

    def fact(self, s: str, relation: str, o: str, sentence: str) -> None:
        predicate = PREDICATE[relation]
        pairs = [(s, o), (o, s)] if relation == "paired_with" else [(s, o)]
        for subj, obj in pairs:
            if (subj, predicate, obj) not in self.facts:
                self.facts.add((subj, predicate, obj))
                self.add(subj, predicate, obj)
            self.assertions += 1
            node = f"<{ID}assertion/{self.assertions:08d}>"
            self.add(node, "a", "dj:Assertion")
            self.add(node, "rdf:subject", subj)
            self.add(node, "rdf:predicate", predicate)
            self.add(node, "rdf:object", obj)
            self.add(node, "prov:wasDerivedFrom", sentence)
            self.add(node, "dj:rule", _lit(f"synthetic:{relation}", None))

    def quantity(self, subject: str, measure: str, value: int, sentence: str) -> None:
        self.quantities += 1
        node = f"<{ID}quantity/{self.quantities:08d}>"
        self.add(subject, "dj:quantity", node)
        self.add(node, "dj:measure", f"dj:{measure}")
        self.add(node, "rdf:value", str(value))
        self.add(node, "dj:unit", _lit(UNITS[measure], None))
        self.add(node, "prov:wasDerivedFrom", sentence)

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            out.write(PREFIXES)
            for subject, pairs in self.subjects.items():
                body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
                out.write(f"{subject} {body} .\n\n")


def _places(rng: random.Random, district: int) -> dict[str, Any]:
    """Names of a district's chain and of its towns and villages (deterministic)."""
    province, city = district // 60, district // 6
    return {
        "province": _word(province, 2) + "省",
        "city": _word(1000 + city, 2) + "市",
        "district": _word(5000 + district, 2) + "区",
        "towns": [_word(20000 + district * 8 + t, 2) + "镇" for t in range(8)],
        "villages": [
            [_word(200000 + (district * 8 + t) * 6 + v, 2) + "村" for v in range(6)]
            for t in range(8)
        ],
    }


def generate(target: int, seed: int = 7) -> SyntheticGraph:
    """A graph of about ``target`` triples, document by document."""
    g = SyntheticGraph(seed)
    rng = g.rng
    districts = max(4, min(600, target // 3000))
    doc = 0
    while g.count < target:
        doc += 1
        district = min(int(rng.paretovariate(1.2)) - 1, districts - 1)
        names = _places(rng, district)
        doc_node = f"<{ID}document/doc{doc:06d}.txt>"
        g.add(doc_node, "a", "dj:Document")
        g.add(doc_node, "dcterms:identifier", _lit(f"doc{doc:06d}.txt", None))
        sentence_no = 0

        def sentence(
            text: str, mentioned: list[str], doc_node: str = doc_node, doc: int = doc
        ) -> str:
            nonlocal sentence_no
            node = f"<{ID}document/doc{doc:06d}.txt/sentence/{sentence_no}>"
            sentence_no += 1
            g.add(node, "a", "dj:Sentence")
            g.add(node, "dj:text", _lit(text))
            g.add(node, "dcterms:isPartOf", doc_node)
            for entity in mentioned:
                g.add(entity, "dj:mentionedIn", node)
            return node

        t = rng.randrange(8)
        v = rng.randrange(6)
        province = g.entity("place", names["province"])
        city = g.entity("place", names["city"])
        dist = g.entity("place", names["district"], names["city"] + names["district"])
        town = g.entity("place", names["towns"][t])
        village = g.entity("place", names["villages"][t][v])
        chain = [(village, town), (town, dist), (dist, city), (city, province)]
        s = sentence(
            f"{names['villages'][t][v]}位于{names['province']}{names['city']}"
            f"{names['district']}{names['towns'][t]}。",
            [village, town, dist, city, province],
        )
        for a, b in chain:
            g.fact(a, "located_in", b, s)

        district_committee = g.entity("organization", names["district"] + "委")
        town_committee = g.entity("organization", names["towns"][t] + "党委")
        joint = g.entity("organization", names["towns"][t] + "联合党委", "联合党委")
        branches = [g.entity("organization", names["villages"][t][i] + "党支部") for i in range(6)]
        g.sample.setdefault("organizations-under", names["district"] + "委")
        g.sample.setdefault("evidence", names["towns"][t] + "党委")
        g.sample.setdefault("everything-in-place", names["province"])
        s = sentence(
            f"{names['towns'][t]}党委成立{names['towns'][t]}联合党委，下设"
            f"{len(branches)}个村党支部。",
            [town_committee, joint, *branches],
        )
        g.fact(town_committee, "established", joint, s)
        g.fact(town_committee, "manages", joint, s)
        g.fact(town_committee, "sub_organization_of", district_committee, s)
        g.fact(town_committee, "located_in", town, s)
        g.fact(district_committee, "located_in", dist, s)
        g.fact(joint, "located_in", town, s)
        for i, branch in enumerate(branches[:3]):
            g.fact(joint, "manages", branch, s)
            g.fact(branch, "sub_organization_of", town_committee, s)
            g.fact(branch, "located_in", g.entity("place", names["villages"][t][i]), s)
        g.quantity(joint, "branches", len(branches), s)
        g.quantity(joint, "party_members", rng.randrange(20, 900), s)

        person = g.entity("person", _word(rng.randrange(40000), 1) + _word(doc, 2))
        role = rng.choice(ROLES)
        post = f"<{ID}post/{quote(names['towns'][t], safe='')}/{quote(role, safe='')}/{doc}>"
        role_node = f"<{ID}role/{quote(role, safe='')}>"
        g.add(post, "a", "org:Post")
        g.add(post, "org:postIn", joint)
        g.add(post, "org:role", role_node)
        if role_node not in g.entities:
            g.entities.add(role_node)
            g.add(role_node, "a", "org:Role")
            g.add(role_node, "rdfs:label", _lit(role))
        s = sentence(f"联合党委{role}由{names['towns'][t]}党委副书记兼任。", [person, joint])
        g.fact(person, "holds_post", post, s)

        program = g.entity("program", _word(rng.randrange(3000), 3) + rng.choice(PROGRAM_KINDS))
        whole = g.entity("program", _word(rng.randrange(300), 2) + "强村行动")
        s = sentence("联合党委推行该机制，作为强村行动的重点措施。", [joint, program, whole])
        g.fact(joint, "implements", program, s)
        g.fact(program, "part_of_program", whole, s)
        g.fact(dist, "implements", whole, s)

        other = g.entity("organization", names["city"] + _word(doc % 97, 2) + "局机关党支部")
        s = sentence("该局机关党支部与村党支部结对共建。", [other, branches[v]])
        g.fact(other, "paired_with", branches[v], s)
        g.fact(other, "located_in", city, s)
        if rng.random() < 0.3:
            honor = names["city"] + "五星级基层党组织"
            s = sentence(f"村党支部被评为{honor}。", [branches[v]])
            g.fact(branches[v], "awarded", _lit(honor), s)
        s = sentence("全镇现有党员和居民若干，集体经济收入若干万元。", [town])
        for measure in ("party_members", "people", "money_cny"):
            g.quantity(town, measure, rng.randrange(100, 100000), s)
    return g


# --------------------------------------------------------------------------- children


def _rss_mb() -> float | None:
    """Peak resident memory of this process so far, in MB.

    Linux: ``VmHWM`` of /proc/self/status, which starts afresh with the new program after
    ``exec`` (``ru_maxrss`` would carry over the parent's peak). Elsewhere ``ru_maxrss``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def time_queries(store: Any, params: dict[str, dict[str, str]], repeat: int) -> dict[str, Any]:
    """Best time, row count and a digest of the sorted rows of every bundled question."""
    from kg.query import bundled_queries

    out: dict[str, Any] = {}
    store.query("ASK { ?s ?p ?o }")  # warm-up: imports, parser set-up
    for name, query in bundled_queries().items():
        text = query.render(params.get(name, {}))
        best, rows = float("inf"), []
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = store.query(text).rows
            best = min(best, time.perf_counter() - t0)
        lines = sorted(json.dumps(row, ensure_ascii=False) for row in rows)
        digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()[:12]
        out[name] = {"seconds": best, "rows": len(rows), "digest": digest}
    return out


def child(
    mode: str, graph: str, store_dir: str, params: dict[str, dict[str, str]], repeat: int
) -> dict[str, Any]:
    """Load ``graph`` one way (in this fresh process) and time the bundled queries.

    Modes: ``rdflib`` (load only), ``rdflib-ox-turtle`` and ``oxigraph`` (load and
    queries), ``oxigraph-reopen`` (open the store ``oxigraph`` left, read-only).
    """
    sys.path.insert(0, str(REPO))
    from kg.store import OxigraphStore, RdflibStore

    base = _rss_mb()
    start = time.perf_counter()
    store: Any
    if mode == "oxigraph-reopen":
        store = OxigraphStore(store_dir, read_only=True)
    elif mode == "oxigraph":
        store = OxigraphStore(store_dir)
        store.load(graph)
    else:
        store = RdflibStore(fast_parser=(mode == "rdflib-ox-turtle"))
        store.load(graph)
    load_s = time.perf_counter() - start
    out: dict[str, Any] = {
        "mode": mode,
        "load_s": load_s,
        "rss_before_mb": base,
        "peak_rss_mb": _rss_mb(),
        "triples": store.triple_count(),
        "queries": {},
    }
    if mode in ("rdflib-ox-turtle", "oxigraph"):
        out["queries"] = time_queries(store, params, repeat)
    store.close()
    return out


def run_child(
    mode: str,
    graph: Path,
    store_dir: Path,
    params: dict[str, dict[str, str]],
    repeat: int,
    timeout: float,
) -> dict[str, Any]:
    """Run :func:`child` in a new Python process and return its JSON."""
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--graph",
            str(graph),
            "--store-dir",
            str(store_dir),
            "--params",
            json.dumps(params, ensure_ascii=False),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def cli_latency(
    sample: Path, repeat: int, params: dict[str, dict[str, str]], only: list[str] | None = None
) -> dict[str, Any]:
    """Median wall time of ``kg query SAMPLE --name Q --format csv`` per bundled question
    (all of them, or those in ``only``)."""
    sys.path.insert(0, str(REPO))
    from kg.query import bundled_queries

    kg = Path(sys.executable).parent / "kg"
    command = [str(kg)] if kg.exists() else [sys.executable, "-m", "kg.cli"]
    out: dict[str, Any] = {}
    for name in bundled_queries():
        if only and name not in only:
            continue
        args = [*command, "query", str(sample), "--name", name, "--format", "csv"]
        for key, value in params.get(name, {}).items():
            args += ["--param", f"{key}={value}"]
        times, rows = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise SystemExit(f"kg query --name {name} failed: {proc.stderr}")
            rows = max(0, proc.stdout.count("\n") - 1)
        out[name] = {"seconds": statistics.median(times), "rows": rows}
    return out


# --------------------------------------------------------------------------- main


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Generate, load, query and time; return every figure."""
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-graph-"))
    try:
        t0 = time.perf_counter()
        graph = generate(args.triples)
        ttl = tmp / "graph.ttl"
        graph.write(ttl)
        gen_s = time.perf_counter() - t0
        query_params = {
            "organizations-under": {"name": graph.sample["organizations-under"]},
            "evidence": {"name": graph.sample["evidence"]},
            "everything-in-place": {"place": graph.sample["everything-in-place"]},
        }
        store_dir = tmp / "oxigraph"
        rd_repeat = 1 if args.triples > 200_000 else args.repeat
        runs: dict[str, dict[str, Any]] = {}
        for mode, repeat in (
            ("rdflib", 1),
            ("rdflib-ox-turtle", rd_repeat),
            ("oxigraph", args.repeat),
            ("oxigraph-reopen", 1),
        ):
            runs[mode] = run_child(mode, ttl, store_dir, query_params, repeat, args.timeout)
        result: dict[str, Any] = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "triples": runs["oxigraph"]["triples"],
            "triples_generated": graph.count,
            "file_bytes": ttl.stat().st_size,
            "generate_s": gen_s,
            "params": query_params,
            "load": {
                mode: {
                    "seconds": run["load_s"],
                    "peak_rss_mb": run["peak_rss_mb"],
                    "rss_before_mb": run["rss_before_mb"],
                    "triples": run["triples"],
                }
                for mode, run in runs.items()
            },
        }
        load = result["load"]
        result["load_ratios"] = {
            "rdflib_vs_oxigraph_time": _ratio(
                load["rdflib"]["seconds"], load["oxigraph"]["seconds"]
            ),
            "rdflib_ox_turtle_vs_oxigraph_time": _ratio(
                load["rdflib-ox-turtle"]["seconds"], load["oxigraph"]["seconds"]
            ),
            "rdflib_vs_rdflib_ox_turtle_time": _ratio(
                load["rdflib"]["seconds"], load["rdflib-ox-turtle"]["seconds"]
            ),
        }
        if load["rdflib"]["peak_rss_mb"] and load["oxigraph"]["peak_rss_mb"]:
            result["load_ratios"]["oxigraph_vs_rdflib_memory"] = _ratio(
                load["oxigraph"]["peak_rss_mb"], load["rdflib"]["peak_rss_mb"]
            )
        queries: dict[str, Any] = {}
        for name, rd in runs["rdflib-ox-turtle"]["queries"].items():
            ox = runs["oxigraph"]["queries"][name]
            queries[name] = {
                "rdflib_s": rd["seconds"],
                "oxigraph_s": ox["seconds"],
                "ratio": _ratio(rd["seconds"], ox["seconds"]),
                "rows": ox["rows"],
                "same_rows": rd["rows"] == ox["rows"] and rd["digest"] == ox["digest"],
            }
        result["queries"] = queries
        if not args.no_cli:
            only = [q for q in args.cli_queries.split(",") if q] if args.cli_queries else None
            sample = Path(args.sample)
            sample_params = {
                "organizations-under": {"name": args.sample_org},
                "evidence": {"name": args.sample_org},
                "everything-in-place": {"place": args.sample_place},
            }
            result["cli"] = {
                "graph": str(sample),
                "repeat": args.cli_repeat,
                "queries": cli_latency(sample, args.cli_repeat, sample_params, only),
            }
        return result
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def print_table(result: dict[str, Any]) -> None:
    """The figures as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    console.print(
        f"{result['triples']:,} triples, {result['file_bytes'] / 1e6:.1f} MB of Turtle "
        f"(generated in {result['generate_s']:.1f} s) · Python {result['python']} · "
        f"{result['cpus']} CPUs"
    )
    table = Table(title="Loading")
    for column in ("store", "seconds", "peak RSS (MB)", "triples"):
        table.add_column(column, justify="left" if column == "store" else "right")
    for mode, figures in result["load"].items():
        rss = figures["peak_rss_mb"]
        table.add_row(
            mode,
            f"{figures['seconds']:.2f}",
            f"{rss:.0f}" if rss else "–",
            f"{figures['triples']:,}",
        )
    console.print(table)
    ratios = result["load_ratios"]
    line = (
        f"load: rdflib / oxigraph {ratios['rdflib_vs_oxigraph_time']:.1f}x, "
        f"rdflib+ox-turtle / oxigraph {ratios['rdflib_ox_turtle_vs_oxigraph_time']:.1f}x, "
        f"rdflib / rdflib+ox-turtle {ratios['rdflib_vs_rdflib_ox_turtle_time']:.1f}x"
    )
    if "oxigraph_vs_rdflib_memory" in ratios:
        line += f"; memory oxigraph / rdflib {ratios['oxigraph_vs_rdflib_memory']:.2f}"
    console.print(line)
    table = Table(title="Bundled questions")
    for column in ("query", "rows", "rdflib (s)", "oxigraph (s)", "ratio", "same"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for name, q in result["queries"].items():
        table.add_row(
            name,
            str(q["rows"]),
            f"{q['rdflib_s']:.4f}",
            f"{q['oxigraph_s']:.4f}",
            f"{q['ratio']:.1f}x",
            "yes" if q["same_rows"] else "NO",
        )
    console.print(table)
    if "cli" in result:
        print_cli(result["cli"])


def print_cli(cli: dict[str, Any]) -> None:
    """The kg query latency table."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    table = Table(title=f"kg query end to end on {cli['graph']} (median of {cli['repeat']})")
    table.add_column("query")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    for name, q in cli["queries"].items():
        table.add_row(name, str(q["rows"]), f"{q['seconds']:.2f}")
    console.print(table)
    worst = max(q["seconds"] for q in cli["queries"].values())
    console.print(f"slowest kg query: {worst:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per process")
    parser.add_argument(
        "--sample",
        default=str(REPO / "tests" / "data" / "graph.ttl"),
        help="graph for the kg query latency section",
    )
    parser.add_argument(
        "--sample-org",
        default="南区联合党委",
        help="name for organizations-under and evidence on the sample",
    )
    parser.add_argument(
        "--sample-place", default="青川省", help="place for everything-in-place on the sample"
    )
    parser.add_argument("--cli-repeat", type=int, default=3)
    parser.add_argument("--no-cli", action="store_true", help="skip the kg query section")
    parser.add_argument(
        "--cli-only", action="store_true", help="only the kg query section (on --sample)"
    )
    parser.add_argument(
        "--cli-queries",
        default="",
        help="comma-separated bundled questions for the kg query section (default: all)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--graph", help=argparse.SUPPRESS)
    parser.add_argument("--store-dir", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child(args.child, args.graph, args.store_dir, json.loads(args.params), args.repeat)
        sys.stdout.write(json.dumps(result, ensure_ascii=False))
        return 0
    if args.cli_only:
        only = [q for q in args.cli_queries.split(",") if q] if args.cli_queries else None
        params = {
            "organizations-under": {"name": args.sample_org},
            "evidence": {"name": args.sample_org},
            "everything-in-place": {"place": args.sample_place},
        }
        cli = {
            "graph": args.sample,
            "repeat": args.cli_repeat,
            "queries": cli_latency(Path(args.sample), args.cli_repeat, params, only),
        }
        if args.json:
            sys.stdout.write(json.dumps({"cli": cli}, ensure_ascii=False, indent=2) + "\n")
        else:
            print_cli(cli)
        return 0
    result = bench(args)
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
