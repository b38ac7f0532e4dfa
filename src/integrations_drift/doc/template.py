"""The INTEGRATIONS.md template in one place: section headings, table shapes, and the rows that
``init``, ``fix`` and suggestions write. Rows are built from plain values, so the template knows
nothing of how they were found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from integrations_drift.doc.categories import categories, env_section
from integrations_drift.doc.columns import role_for
from integrations_drift.doc.model import Document, Role, Table
from integrations_drift.examples import example_for

ENV_PURPOSE = "TODO: what it configures"
SERVICE_PURPOSE = "TODO: what it is used for"
NOT_DETECTED = "Not detected"
TITLE = "# External Integrations"
PURPOSE_LINE = "> **Purpose**: Document all external services, APIs, databases, and third-party integrations."
FOOTER = "*This document maps external service dependencies. Update when adding new integrations.*"


def roles_of(header: Iterable[str]) -> list[Role]:
    return [role_for(h) for h in header]


def env_roles() -> list[Role]:
    return roles_of(env_section().header)


def env_table(doc: Document) -> Table | None:
    """The table new variables belong in: the first real env table, else a bullet env list."""
    tables = doc.tables_of("env")
    for t in tables:
        if t.shape == "table":
            return t
    return tables[0] if tables else None


def required_cell(every_read_has_default: bool) -> str:
    """What the Required column says: "No" when every read supplies a default."""
    return "No" if every_read_has_default else "Yes"


def env_row(roles: Sequence[Role], name: str, required: str, location: str | None = None) -> list[str]:
    """The row for variable ``name`` in a table whose columns have ``roles``."""
    values = {
        Role.NAME: f"`{name}`",
        Role.REQUIRED: required,
        Role.PURPOSE: ENV_PURPOSE,
        Role.EXAMPLE: example_for(name.rstrip("*")),
        Role.LOCATION: f"`{location}`" if location else "",
    }
    return [values.get(r, "") for r in roles]


def service_row(
    roles: Sequence[Role], name: str, kind: str | None, location: str | None, package: str | None
) -> list[str]:
    """The row for a service in a table whose columns have ``roles``. A table without a location
    column (the template's Third-Party APIs) gets none: another column (Rate Limits) is no place
    for a path."""
    values = {
        Role.NAME: name,
        Role.TYPE: kind or "",
        Role.PURPOSE: SERVICE_PURPOSE,
        Role.LOCATION: f"`{location}`" if location else "",
        Role.SDK: f"`{package}`" if package else "",
    }
    return [values.get(r, "") for r in roles]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_head(header: Sequence[str]) -> list[str]:
    """A table's header and separator lines in the template's style."""
    widths = [max(3, len(h)) for h in header]
    return ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table in the template's style; an empty one says "Not detected"."""
    lines = table_head(header)
    for row in rows or [[NOT_DETECTED] + [""] * (len(header) - 1)]:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines


def render_document(service_rows: dict[str, list[list[str]]], env_rows: list[list[str]], day: str) -> str:
    """A whole document: every category's table (rows by category id, in the category's header
    order), then the Environment Variables table."""
    out = [TITLE, "", PURPOSE_LINE, f"> **Generated**: {day}", f"> **Last Updated**: {day}", ""]
    for cat in categories():
        out.extend([f"## {cat.heading}", ""])
        if cat.subheading:
            out.extend([f"### {cat.subheading}", ""])
        out.extend(table_lines(cat.header, service_rows.get(cat.id, [])))
        out.append("")
    env = env_section()
    out.extend(["---", "", f"## {env.heading}", ""])
    out.extend(table_lines(env.header, env_rows))
    out.extend(["", "---", "", FOOTER, ""])
    return "\n".join(out)
