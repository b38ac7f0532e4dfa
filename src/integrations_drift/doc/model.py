"""The document model: what INTEGRATIONS.md claims, with the source line of every claim.

Both document shapes (tables, and bold-category bullet lists) are read into the same model: a
bullet entry becomes a row of a synthetic table whose columns are the entry's labels.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class RefKind(StrEnum):
    PATH = "path"
    DIRECTORY = "directory"
    GLOB = "glob"
    PATH_LINE = "path-line"
    ENV = "env"
    PACKAGE = "package"
    URL = "url"
    TEXT = "text"


class Ref(BaseModel):
    """One reference found in a cell."""

    kind: RefKind
    value: str
    line_no: int | None = None  # the ``:12`` of ``path:12``
    backticked: bool = False


class Cell(BaseModel):
    text: str
    line: int
    refs: list[Ref] = Field(default_factory=list)

    def refs_of(self, *kinds: RefKind) -> list[Ref]:
        return [r for r in self.refs if r.kind in kinds]


class Role(StrEnum):
    """What a column holds, recognised from its header."""

    NAME = "name"
    LOCATION = "location"
    REQUIRED = "required"
    EXAMPLE = "example"
    SDK = "sdk"
    PURPOSE = "purpose"
    TYPE = "type"
    OTHER = "other"


RowStatus = Literal["entry", "placeholder", "none"]
TableKind = Literal["env", "service", "other"]
# The text is "acknowledged stale" when a row carries this mark: the stale rules skip such rows,
# and ``fix`` writes it instead of deleting a row unless asked to prune.
STALE_MARK = "⚠️ stale — nothing in the code uses this (integrations-drift)"
_STALE_WORD = re.compile(r"\bstale\b", re.I)
_MARK_TAIL = re.compile(r"\(integrations-drift\)", re.I)


def has_stale_mark(text: str) -> bool:
    """Whether a line of ``text`` has the word stale before ``(integrations-drift)``. Found from the
    line's last tail backwards: a `stale.*(tail)` regex reads to the line's end from every
    "stale", and a cell of 8,000 of them took a second."""
    for line in text.split("\n"):
        tails = [m.start() for m in _MARK_TAIL.finditer(line)]
        if tails and _STALE_WORD.search(line, 0, tails[-1]):
            return True
    return False


class Row(BaseModel):
    line: int
    end_line: int
    cells: list[Cell]
    status: RowStatus = "entry"

    def marked_stale(self) -> bool:
        """True when the row carries the stale mark: a human has seen the finding and kept the row."""
        return any(has_stale_mark(c.text) for c in self.cells)

    def cell(self, index: int | None) -> Cell | None:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


class Table(BaseModel):
    """A table, or a group of bullet entries read as one.

    ``section`` is the heading path (outermost first); ``group`` is the bold category label of
    a bullet list (``Payment Processing``), empty for real tables.
    """

    kind: TableKind
    shape: Literal["table", "bullets"] = "table"
    section: list[str]
    group: str = ""
    header: list[str]
    roles: list[Role]
    line: int
    end_line: int
    rows: list[Row] = Field(default_factory=list)

    @property
    def title(self) -> str:
        return self.group or (self.section[-1] if self.section else "")

    def column(self, role: Role) -> int | None:
        for i, r in enumerate(self.roles):
            if r is role:
                return i
        return None

    def entries(self) -> list[Row]:
        return [r for r in self.rows if r.status == "entry"]


class Section(BaseModel):
    title: str
    level: int
    line: int


class DocProblem(BaseModel):
    """Something the parser could not read reliably: becomes a ``malformed-doc`` finding."""

    line: int
    message: str
    fix: str


class EnvMention(BaseModel):
    """A variable name the document mentions anywhere (table, bullet or prose)."""

    name: str
    line: int


class Document(BaseModel):
    path: str
    line_count: int
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    env_mentions: list[EnvMention] = Field(default_factory=list)
    problems: list[DocProblem] = Field(default_factory=list)

    def tables_of(self, kind: TableKind) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def mentioned_env_names(self) -> set[str]:
        return {m.name for m in self.env_mentions}
