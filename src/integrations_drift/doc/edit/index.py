"""The parsed document's tables and rows, indexed for the editor."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from integrations_drift.doc.edit.edits import EditError
from integrations_drift.doc.model import Document, Row, Table


class RowAt(NamedTuple):
    table: Table
    row: Row


class DocIndex:
    """The parsed document's tables and rows, indexed once so that locating the row of each edit
    costs the same whether the document has ten rows or ten thousand."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._position = {id(t): i for i, t in enumerate(doc.tables)}
        self._titled: dict[str, list[Table]] = {}
        self._of_kind: dict[str, list[Table]] = {}
        self._rows: dict[tuple[str, int], list[RowAt]] = {}
        self._row_lines: list[list[int]] = []  # per table: the distinct lines rows start on, sorted
        self._per_line: list[Counter[int]] = []  # per table: how many rows start on each line
        self._rows_end: list[int] = []  # per table: 1-based last line of its header or rows
        for t in doc.tables:
            self._titled.setdefault(t.title, []).append(t)
            self._of_kind.setdefault(t.kind, []).append(t)
            for r in t.rows:
                self._rows.setdefault((t.title, r.line), []).append(RowAt(t, r))
            per_line = Counter(r.line for r in t.rows)
            self._per_line.append(per_line)
            self._row_lines.append(sorted(per_line))
            self._rows_end.append(max([t.line + 1, *(r.end_line for r in t.rows)]))

    def position(self, table: Table) -> int:
        """The table's index in ``Document.tables``."""
        try:
            return self._position[id(table)]
        except KeyError:
            raise EditError(f'table "{table.title}" is not in the document') from None

    def tables_of(self, kind: str) -> list[Table]:
        return self._of_kind.get(kind, [])

    def has_title(self, title: str, kind: str) -> bool:
        return any(t.kind == kind for t in self._titled.get(title, []))

    def find_table(self, title: str, doc_line: int | None, kind: str | None = None) -> Table:
        found = [t for t in self._titled.get(title, []) if kind is None or t.kind == kind]
        if doc_line is not None:
            exact = [t for t in found if t.end_line == doc_line or t.line <= doc_line <= t.end_line]
            found = exact or found
        if not found:
            raise EditError(f'no table "{title}" in the document')
        return found[0]

    def find_row(self, title: str, doc_line: int, name: str) -> RowAt:
        hits = self._rows.get((title, doc_line), [])
        if len(hits) > 1 and name:
            hits = [h for h in hits if h.row.cells and h.row.cells[0].text == name] or hits
        if not hits:
            raise EditError(f'no row at line {doc_line} in "{title}"')
        return hits[0]

    def rows_on_line(self, table: Table, line: int) -> int:
        return self._per_line[self.position(table)][line]

    def next_row_line(self, table: Table, line: int) -> int | None:
        """The first line after ``line`` that a row of ``table`` starts on."""
        lines = self._row_lines[self.position(table)]
        k = bisect_right(lines, line)
        return lines[k] if k < len(lines) else None

    def last_row_line(self, table: Table) -> int:
        lines = self._row_lines[self.position(table)]
        return lines[-1] if lines else table.line

    def rows_end(self, table: Table) -> int:
        return self._rows_end[self.position(table)]
