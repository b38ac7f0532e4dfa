"""Cells and rows as the table and bullet readers build them."""

from __future__ import annotations

from collections.abc import Sequence

from integrations_drift.doc.cells import classify_cell, is_none_entry, is_placeholder
from integrations_drift.doc.model import Cell, Role


def make_cell(text: str, line: int, role: Role) -> Cell:
    return Cell(text=text, line=line, refs=classify_cell(text, role))


def row_status(cells: Sequence[Cell], name_index: int | None) -> str:
    non_empty = [c.text for c in cells if c.text.strip()]
    if not non_empty:
        return "none"
    name = cells[name_index].text if name_index is not None and name_index < len(cells) else non_empty[0]
    if is_placeholder(name) or all(is_placeholder(t) for t in non_empty):
        return "placeholder"
    if not name.strip() or is_none_entry(name):
        return "none"
    return "entry"
