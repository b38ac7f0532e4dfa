"""What can be asked of the editor: the edits, their result, and the stale mark they leave."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from integrations_drift.doc.model import Row

# The text is "acknowledged stale" when a row carries this mark: the stale rules skip such rows.
STALE_MARK = "⚠️ stale — nothing in the code uses this (integrations-drift)"
_STALE_MARK_RE = re.compile(r"\bstale\b.*\(integrations-drift\)", re.I)


class EditError(Exception):
    """An edit that cannot be applied to this text (its row or table is not where it should be)."""


def marked_stale(row: Row) -> bool:
    """True when a row carries the stale mark: a human has seen the finding and kept the row."""
    return any(_STALE_MARK_RE.search(c.text) for c in row.cells)


def has_stale_mark(text: str) -> bool:
    return bool(_STALE_MARK_RE.search(text))


@dataclass(frozen=True)
class AddRow:
    """Add a row (``cells`` in the target table's column order) to the table titled ``table``;
    ``doc_line`` is that table's end line, ``None`` when the table does not exist yet."""

    kind: Literal["env", "service"]
    table: str
    cells: tuple[str, ...]
    doc_line: int | None = None

    @property
    def name(self) -> str:
        return self.cells[0] if self.cells else ""


@dataclass(frozen=True)
class ReplaceRow:
    """Replace the row at ``doc_line`` with ``cells``; only the cells that differ are rewritten."""

    table: str
    doc_line: int
    cells: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class RemoveRow:
    table: str
    doc_line: int
    name: str = ""


@dataclass(frozen=True)
class MarkRow:
    """Keep the row and mark it visibly (idempotent: a row already marked is left alone)."""

    table: str
    doc_line: int
    name: str = ""
    mark: str = STALE_MARK


Edit = AddRow | ReplaceRow | RemoveRow | MarkRow


@dataclass
class EditResult:
    text: str
    # One entry per edit, in order: None when applied, else why it was not.
    errors: list[str | None] = field(default_factory=list)
    changed: bool = False
