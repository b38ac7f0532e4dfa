"""``init``: a first INTEGRATIONS.md in the template's table format, written from a scan.

Everything it writes is something ``check`` verifies, so ``check`` right after ``init`` reports no
drift; Purpose cells are TODOs for a person, and Example cells are shapes, never real values.
"""

from __future__ import annotations

import datetime as dt

from integrations_drift.catalog import Catalog
from integrations_drift.categories import categories
from integrations_drift.doc.columns import role_for
from integrations_drift.doc.model import Role
from integrations_drift.examples import example_for
from integrations_drift.rules.undocumented_env_var import operator_reads, required_cell
from integrations_drift.rules.undocumented_service import suggested_row
from integrations_drift.scan.evidence import Evidence
from integrations_drift.scan.types import EnvRef


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(3, len(h)) for h in header]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row in rows or [["Not detected"] + [""] * (len(header) - 1)]:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines


def _env_rows(refs: list[EnvRef], ignore: list[str]) -> list[list[str]]:
    return [
        [f"`{key}`", required_cell(found), "TODO: what it configures", example_for(key.rstrip("*"))]
        for key, found in operator_reads(refs, ignore).items()
    ]


def render_init(
    evidence: Evidence, catalog: Catalog, env_ignore: list[str], today: dt.date | None = None
) -> str:
    day = (today or dt.date.today()).isoformat()
    out = [
        "# External Integrations",
        "",
        "> **Purpose**: Document all external services, APIs, databases, and third-party integrations.",
        f"> **Generated**: {day}",
        f"> **Last Updated**: {day}",
        "",
    ]
    strong = [ev for ev in evidence.services.values() if ev.strong]
    for cat in categories():
        header = list(cat.header)
        roles = [role_for(h) for h in header]
        rows = [
            suggested_row(ev, roles)
            for ev in sorted(strong, key=lambda e: e.service.name.lower())
            if ev.service.category == cat.id
        ]
        out.append(f"## {cat.heading}")
        out.append("")
        if cat.subheading:
            out.extend([f"### {cat.subheading}", ""])
        out.extend(_table(header, rows))
        out.append("")
    out.extend(["---", "", "## Environment Variables", ""])
    env_header = ["Variable", "Required", "Purpose", "Example"]
    assert [role_for(h) for h in env_header][:2] == [Role.NAME, Role.REQUIRED]
    out.extend(_table(env_header, _env_rows(evidence.env_refs, env_ignore)))
    out.extend(
        [
            "",
            "---",
            "",
            "*This document maps external service dependencies. Update when adding new integrations.*",
            "",
        ]
    )
    return "\n".join(out)
