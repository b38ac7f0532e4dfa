"""What a suggestion may show of an existing row."""

from __future__ import annotations

from integrations_drift.doc.model import Role, Row, Table
from integrations_drift.findings import Suggestion


def shown_cells(table: Table, row: Row) -> list[str]:
    """A row's cells as a suggestion shows them, with Example cells left out: an example can be
    a real credential, and the report may be posted where many can read it."""
    return [
        "…" if i < len(table.roles) and table.roles[i] is Role.EXAMPLE and c.text.strip() else c.text
        for i, c in enumerate(row.cells)
    ]


def remove_row(table: Table, row: Row) -> Suggestion:
    """The suggestion to remove ``row`` from ``table`` (shown as :func:`shown_cells` shows it)."""
    return Suggestion(
        action="remove-row", table=table.title, doc_line=row.line, cells=shown_cells(table, row)
    )
