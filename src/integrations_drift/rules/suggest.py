"""What a suggestion may show of an existing row."""

from __future__ import annotations

from integrations_drift.doc.model import Role, Row, Table
from integrations_drift.findings import Suggestion
from integrations_drift.secrets import shown


def shown_cell(table: Table, index: int, text: str) -> str:
    """A cell as a suggestion shows it: an Example cell left out, a credential in any other cell
    hidden. An example can be a real credential, and the report may be posted where many can read
    it; ``fix`` leaves a cell alone when the suggestion holds its shown form."""
    return shown(text, example=index < len(table.roles) and table.roles[index] is Role.EXAMPLE)


def shown_cells(table: Table, row: Row) -> list[str]:
    """A row's cells as :func:`shown_cell` shows them."""
    return [shown_cell(table, i, c.text) for i, c in enumerate(row.cells)]


def remove_row(table: Table, row: Row) -> Suggestion:
    """The suggestion to remove ``row`` from ``table`` (shown as :func:`shown_cells` shows it)."""
    return Suggestion(
        action="remove-row", table=table.title, doc_line=row.line, cells=shown_cells(table, row)
    )
