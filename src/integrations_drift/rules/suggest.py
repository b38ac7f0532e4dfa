"""Building the row a suggestion proposes, in the column order of the table it joins."""

from __future__ import annotations

from integrations_drift.doc.model import Document, Role, Row, Table
from integrations_drift.examples import example_for

ENV_TEMPLATE_HEADER = ["Variable", "Required", "Purpose", "Example"]
ENV_TEMPLATE_ROLES = [Role.NAME, Role.REQUIRED, Role.PURPOSE, Role.EXAMPLE]


def env_table(doc: Document) -> Table | None:
    """The table new variables belong in: the first real env table, else a bullet env list."""
    tables = doc.tables_of("env")
    for t in tables:
        if t.shape == "table":
            return t
    return tables[0] if tables else None


def env_row(table: Table | None, name: str, required: str, location: str) -> list[str]:
    roles = table.roles if table is not None else ENV_TEMPLATE_ROLES
    values = {
        Role.NAME: f"`{name}`",
        Role.REQUIRED: required,
        Role.PURPOSE: "TODO: what it configures",
        Role.EXAMPLE: example_for(name.rstrip("*")),
        Role.LOCATION: f"`{location}`",
    }
    return [values.get(r, "") for r in roles]


def shown_cells(table: Table, row: Row) -> list[str]:
    """A row's cells as a suggestion shows them, with Example cells left out: an example can be
    a real credential, and the report may be posted where many can read it."""
    return [
        "…" if i < len(table.roles) and table.roles[i] is Role.EXAMPLE and c.text.strip() else c.text
        for i, c in enumerate(row.cells)
    ]
