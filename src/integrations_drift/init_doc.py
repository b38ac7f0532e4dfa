"""``init``: a first INTEGRATIONS.md in the template's table format, written from a scan.

Everything it writes is something ``check`` verifies, so ``check`` right after ``init`` reports no
drift; Purpose cells are TODOs for a person, and Example cells are shapes, never real values.
"""

from __future__ import annotations

import datetime as dt

from integrations_drift.catalog import Catalog
from integrations_drift.categories import categories
from integrations_drift.doc.model import Role
from integrations_drift.doc.parse import role_for
from integrations_drift.examples import example_for
from integrations_drift.rules.base import glob_match_name
from integrations_drift.rules.undocumented_env_var import DEPLOY_SOURCES, SELF_SET_SOURCES
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
    reads: dict[str, list[EnvRef]] = {}
    self_set = {r.name for r in refs if r.use == "set" and r.source in SELF_SET_SOURCES}
    for r in refs:
        if r.use != "read" or r.is_test or r.source in DEPLOY_SOURCES or r.name in self_set:
            continue
        key = f"{r.name}*" if r.is_prefix else r.name
        if r.is_prefix and len(r.name) < 3:
            continue
        if any(glob_match_name(p, key) for p in ignore):
            continue
        reads.setdefault(key, []).append(r)
    rows = []
    for key in sorted(reads):
        required = "No" if all(r.has_default for r in reads[key]) else "Yes"
        rows.append([f"`{key}`", required, "TODO: what it configures", example_for(key.rstrip("*"))])
    return rows


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
            suggested_row(ev, roles, header)
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
