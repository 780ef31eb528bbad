"""A researcher's decisions file: which names are, or are not, the same entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.identity.atoms import Atom


class DecisionsError(ValueError):
    """A malformed decisions file: ``str(err)`` names the file and line."""


@dataclass(frozen=True)
class NameRef:
    """A name in a decisions file, optionally tied to one document: ``名称@NAME.txt``."""

    name: str
    doc: str | None = None

    @classmethod
    def parse(cls, text: str) -> NameRef:
        name, sep, doc = text.strip().rpartition("@")
        if sep and name and doc:
            return cls(name.strip(), doc.strip())
        return cls(text.strip())

    def matches(self, atom: Atom) -> bool:
        if self.name not in atom.names:
            return False
        if self.doc is None:
            return True
        return self.doc in (atom.doc, Path(atom.doc).stem)

    def __str__(self) -> str:
        return self.name if self.doc is None else f"{self.name}@{self.doc}"


@dataclass(frozen=True)
class Decision:
    """One line of a decisions file."""

    verdict: str  # "same" or "not_same"
    a: NameRef
    b: NameRef
    line: int
    source: str = ""

    def where(self) -> str:
        return f"{self.source or 'decisions'}:{self.line}"

    def __str__(self) -> str:
        return f"{self.verdict} {self.a} {self.b} ({self.where()})"


@dataclass
class Decisions:
    """A researcher's decisions: which names are, or are not, the same entity.

    A plain UTF-8 file, one decision a line, three tab-separated columns::

        # comments start with #
        same        省纪委监委      广东省纪委监委
        not_same    南区联合党委     天河区南区联合党委
        not_same    城区@001_x.txt   城区@004_y.txt

    A name matches every entity that has it as its name or an alias; ``名称@DOC`` limits
    it to one document (file name, with or without extension). ``same`` joins the
    entities of one type named so; ``not_same`` keeps them apart whatever the automatic
    rules say. Decisions win over every automatic rule.
    """

    items: list[Decision] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, source: str = "decisions") -> Decisions:
        items: list[Decision] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            cells = [c.strip() for c in line.split("\t")] if "\t" in line else line.split()
            cells = [c for c in cells if c]
            if len(cells) != 3:
                raise DecisionsError(
                    f"{source}:{number}: expected 'same|not_same<TAB>name<TAB>name', got {raw!r}"
                )
            verdict = cells[0].lower().replace("-", "_")
            if verdict not in {"same", "not_same"}:
                raise DecisionsError(
                    f"{source}:{number}: unknown decision {cells[0]!r} (use same or not_same)"
                )
            items.append(
                Decision(verdict, NameRef.parse(cells[1]), NameRef.parse(cells[2]), number, source)
            )
        return cls(items)

    @classmethod
    def load(cls, path: Path) -> Decisions:
        """Read a decisions file; :class:`DecisionsError` if it is missing or malformed."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DecisionsError(f"{path}: cannot read decisions file ({exc})") from exc
        return cls.parse(text, str(path))
