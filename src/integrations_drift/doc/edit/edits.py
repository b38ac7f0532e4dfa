"""What can be asked of the editor: the edits, their result, and the stale mark they leave."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from integrations_drift.doc.model import STALE_MARK


class EditError(Exception):
    """An edit that cannot be applied to this text (its row or table is not where it should be)."""


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
