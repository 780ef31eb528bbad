"""Seeded synthetic corpora for the scale benchmarks (``bench/build_scale.py``).

Document *i* depends only on the seed and *i*, so the corpora of several sizes are nested.
Each document (about 1,500 characters) is made of runs of consecutive sentences of the
sample corpus (``examples/corpus``) and, where present, of ``../shared/corpus/*/*.txt``.
The names their gold files list are replaced: divisions of the gazetteer by one county (and
its city and province, full or short form as the source had them), drawn with a skewed
weight so that counties recur; villages, towns, communities and streets by names of a pool
kept per county; people by the county's pool of officials or, one time in three, a fresh
invented name; organizations named without a place get the county's short name; digits of
counts and amounts become other digits; a sentence that names nothing gets a lead naming a
time or a place. Names thus recur across documents as in real news (identity resolution has
real work) while identical sentences stay rare (the LAC cache gives no size an edge).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

SEED = 20261205
DOC_CHARS = 1500
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉海波宁斌鹏飞玲燕晓春林峰琳"
LOCAL = "东南西北新和平安兴隆丰华光明团结幸福龙凤青山绿水金石桥河湾塘溪岭坪岗源泉林竹梅桃李"
LOCAL_TAILS = ("社区", "街道", "镇", "乡", "村")
NUMBER = re.compile(r"\d+(?![\d年月日号])")  # counts and amounts, not dates
LEADS = (  # put before a sentence that names nothing, so that it is rarely repeated verbatim
    "今年{month}月以来，", "{year}年，", "在{county}{local}，", "据{county}委组织部介绍，",
    "{short}{local}党委负责人表示，", "{year}年{month}月，{county}{local}",
)


@dataclass
class Source:
    """One source article: its sentences, the regex of its names and what each name is."""

    name: str
    sentences: list[str]
    pattern: re.Pattern[str] | None
    inner: re.Pattern[str] | None  # the names other than organizations'
    kinds: dict[str, tuple[str, str]]  # name -> (kind, level or tail)


def source_folders() -> list[tuple[Path, list[Path]]]:
    """(corpus folder, gold folders) pairs: the sample corpus, then ../shared where present."""
    pairs = [(REPO / "examples" / "corpus", [REPO / "examples" / "gold"])]
    shared_gold = [SHARED / "gold", SHARED / "gold" / "dev"]
    for folder in sorted((SHARED / "corpus").glob("*")) if SHARED.is_dir() else []:
        if folder.is_dir():
            pairs.append((folder, shared_gold))
    return pairs


def gold_names(gold_folders: Sequence[Path]) -> dict[str, list[tuple[str, str]]]:
    """Document name -> [(name, type)] from the gold files (text and aliases)."""
    names: dict[str, list[tuple[str, str]]] = {}
    for folder in gold_folders:
        for path in sorted(folder.glob("*.gold.json")) if folder.is_dir() else []:
            gold = json.loads(path.read_text(encoding="utf-8"))
            found = names.setdefault(gold["doc"], [])
            for entity in gold.get("entities", []):
                for text in (entity["text"], *entity.get("aliases", [])):
                    found.append((text, entity["type"]))
    return names


class CorpusGenerator:
    """Seeded synthetic documents; ``document(i)`` depends only on the seed and ``i``."""

    def __init__(self, seed: int = SEED) -> None:
        from kg.gazetteer import Gazetteer
        from kg.read import read_document
        from kg.segment import split_sentences

        self.seed = seed
        self.gazetteer = Gazetteer.load()
        self.sources: list[Source] = []
        for corpus, gold_folders in source_folders():
            names = gold_names(gold_folders)
            for path in sorted(corpus.glob("*.txt")):
                text = read_document(path).text
                sentences = [s.text.strip() for s in split_sentences(text) if s.text.strip()]
                self.sources.append(self._source(path.name, sentences, names.get(path.name, [])))
        counties = [d for d in self.gazetteer.divisions() if d.level == "county"]
        counties = [d for d in counties if self._chain(d) is not None]
        rng = random.Random(seed)
        rng.shuffle(counties)
        self.counties = counties
        # Zipf-like weights: a few counties in many documents, most in a few
        self.weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(counties))))

    def _chain(self, county: Any) -> dict[str, Any] | None:
        city = self.gazetteer.parent(county)
        province = self.gazetteer.parent(city) if city is not None else None
        if city is None or province is None or city.level != "city":
            return None
        return {"county": county, "city": city, "province": province}

    def _source(self, name: str, sentences: list[str], names: list[tuple[str, str]]) -> Source:
        kinds: dict[str, tuple[str, str]] = {}
        for text, entity_type in names:
            if len(text) < 2 or text in kinds:
                continue
            if entity_type == "PERSON":
                kinds[text] = ("person", "")
            elif entity_type == "PLACE":
                for division in self.gazetteer.lookup(text)[:1]:
                    kinds[text] = ("division", division.level)
                    if division.short != division.name and len(division.short) >= 2:
                        kinds.setdefault(division.short, ("division-short", division.level))
                tail = next((t for t in LOCAL_TAILS if text.endswith(t)), None)
                if text not in kinds and tail is not None and len(text) > len(tail) + 1:
                    kinds[text] = ("local", tail)
            elif entity_type == "ORG" and len(text) >= 4:
                kinds[text] = ("org", "")
        return Source(name, sentences, alternation(kinds),
                      alternation([n for n, (kind, _) in kinds.items() if kind != "org"]), kinds)

    def _pool(self, county: Any, size: int, make: Any) -> list[str]:
        rng = random.Random(f"{self.seed}:{county.code}:{make.__name__}")
        return [make(rng) for _ in range(size)]

    def document(self, number: int) -> str:
        rng = random.Random(f"{self.seed}:doc:{number}")
        county = rng.choices(self.counties, cum_weights=self.weights)[0]
        chain = self._chain(county)
        assert chain is not None
        officials = self._pool(county, 24, invented_person)
        locals_ = self._pool(county, 12, invented_local)
        chosen: dict[str, str] = {}

        def rename(match: re.Match[str], source: Source) -> str:
            name = match.group(0)
            if name not in chosen:
                kind, detail = source.kinds[name]
                if kind == "person":
                    new = rng.choice(officials) if rng.random() < 2 / 3 else invented_person(rng)
                elif kind == "division":
                    new = chain[detail].name
                elif kind == "division-short":
                    new = chain[detail].short
                elif kind == "local":
                    new = rng.choice(locals_) + detail
                else:  # an organization: its places and people renamed, or the county's
                    inner = source.inner
                    new = name if inner is None else inner.sub(lambda m: rename(m, source), name)
                    new = new if new != name else chain["county"].short + name
                chosen[name] = new
            return chosen[name]

        paragraphs: list[str] = []
        length = 0
        while length < DOC_CHARS:
            source = rng.choice(self.sources)
            start = rng.randrange(len(source.sentences))
            run: list[str] = []
            target = min(rng.randint(400, 900), max(DOC_CHARS - length, 150))
            for sentence in itertools.islice(itertools.cycle(source.sentences), start, None):
                renamed = sentence
                if source.pattern is not None:
                    renamed = source.pattern.sub(lambda m, s=source: rename(m, s), sentence)
                if renamed == sentence and len(sentence) >= 12:
                    renamed = rng.choice(LEADS).format(
                        month=rng.randint(1, 12), year=rng.randint(2012, 2025),
                        county=county.name, short=county.short,
                        local=rng.choice(locals_) + rng.choice(LOCAL_TAILS),
                    ) + renamed  # fmt: skip
                sentence = renamed
                run.append(NUMBER.sub(lambda m: other_number(rng, m.group(0)), sentence))
                if sum(map(len, run)) >= target or len(run) >= len(source.sentences):
                    break
            paragraphs.append("".join(run))
            length += len(paragraphs[-1])
        return "\n".join(paragraphs) + "\n"


def alternation(names: Sequence[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``names``, longest first."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def other_number(rng: random.Random, digits: str) -> str:
    """A random number of as many digits (no leading zero unless it is one digit)."""
    first = str(rng.randrange(1 if len(digits) > 1 else 0, 10))
    return first + "".join(str(rng.randrange(10)) for _ in digits[1:])


def invented_person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def invented_local(rng: random.Random) -> str:
    return rng.choice(LOCAL) + rng.choice(LOCAL)


def doc_name(number: int) -> str:
    return f"d{number:07d}.txt"


def write_corpus(generator: CorpusGenerator, pool: Path, folder: Path, count: int) -> None:
    """``folder`` holds documents 0..count-1 and no other, linked from ``pool`` (where each
    is written once)."""
    pool.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {doc_name(number) for number in range(count)}
    for extra in folder.glob("*.txt"):
        if extra.name not in wanted:
            extra.unlink()
    for number in range(count):
        name = doc_name(number)
        source = pool / name
        if not source.exists():
            source.write_text(generator.document(number), encoding="utf-8")
        if not (folder / name).exists():
            try:
                os.link(source, folder / name)
            except OSError:
                shutil.copyfile(source, folder / name)


def sentence_stats(folder: Path) -> dict[str, Any]:
    """Documents, mean characters a document and the share of distinct sentences."""
    from kg.segment import split_sentences

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    sentences = [s.text for text in texts for s in split_sentences(text) if s.text.strip()]
    return {
        "documents": len(texts),
        "mean_chars": sum(map(len, texts)) / max(len(texts), 1),
        "sentences": len(sentences),
        "distinct_sentence_share": len(set(sentences)) / max(len(sentences), 1),
    }
