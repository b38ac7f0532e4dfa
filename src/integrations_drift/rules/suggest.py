"""What a suggestion may show of an existing row."""

from __future__ import annotations

from integrations_drift.doc.model import Role, Row, Table


def shown_cells(table: Table, row: Row) -> list[str]:
    """A row's cells as a suggestion shows them, with Example cells left out: an example can be
    a real credential, and the report may be posted where many can read it."""
    return [
        "…" if i < len(table.roles) and table.roles[i] is Role.EXAMPLE and c.text.strip() else c.text
        for i, c in enumerate(row.cells)
    ]
