"""``init``: a first INTEGRATIONS.md in the template's table format, written from a scan.

Everything it writes is something ``check`` verifies, so ``check`` right after ``init`` reports no
drift; Purpose cells are TODOs for a person, and Example cells are shapes, never real values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

from integrations_drift.catalog import Catalog
from integrations_drift.config import Settings
from integrations_drift.doc.categories import categories
from integrations_drift.doc.template import (
    env_roles,
    env_row,
    render_document,
    required_cell,
    roles_of,
    service_row,
)
from integrations_drift.documents import DOC_NAME, join
from integrations_drift.engine import collect, config_ignores
from integrations_drift.errors import UsageError
from integrations_drift.files_io import check_writable, chosen_path, contained_path, write_file
from integrations_drift.paths import normalise, resolve_in_repo
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.evidence import Evidence
from integrations_drift.scan.parts import restrict
from integrations_drift.scan.services import reportable


def render_init(
    evidence: Evidence, env_ignore: list[str], today: dt.date | None = None, catalog: Catalog | None = None
) -> str:
    # one row per integration: MariaDB found beside MySQL's driver is one row; Sidekiq and its Redis two
    strong = reportable(evidence.services, catalog)
    service_rows: dict[str, list[list[str]]] = {}
    for cat in categories():
        roles = roles_of(cat.header)
        service_rows[cat.id] = [
            service_row(roles, ev.service.name, ev.service.kind, ev.client_location(), ev.package())
            for ev in strong
            if ev.service.category == cat.id
        ]
    roles = env_roles()
    env_rows = [
        env_row(roles, key, required_cell(all(r.has_default for r in found)))
        for key, found in operator_reads(evidence.env_refs, env_ignore).items()
    ]
    return render_document(service_rows, env_rows, (today or dt.date.today()).isoformat())


def run_init(
    root: Path, settings: Settings, output: str | None, force: bool, sub: str = ""
) -> tuple[str, Evidence]:
    """Write a first document for REPO (``sub``, the part of the repository it covers) from a scan;
    refuses to overwrite unless ``force``. ``output`` is relative to REPO; a path that leaves the
    repository is written only because the user named it (reading stays inside), and never through
    a link planted in the repository."""
    named = output if output is not None else DOC_NAME
    resolved = resolve_in_repo(root, join(sub, named))
    if resolved.escapes and output is not None and normalise(named) is None:
        typed = Path(named) if Path(named).is_absolute() else root / sub / named
        target = chosen_path(root, str(typed), "--output")
        shown = str(typed)
        doc_path = DOC_NAME
    elif resolved.escapes:
        raise UsageError(f"--output {named}: {resolved.escapes}")
    else:
        target = contained_path(root, resolved.path, "--output")
        shown = doc_path = resolved.path
    if target.exists() and not target.is_dir() and not force:
        raise UsageError(f"{shown} already exists; pass --force to overwrite it")
    check_writable(target, named, "--output")
    scanned = collect(root, settings, doc_path)
    evidence = _not_ignored(restrict(scanned.evidence, sub), settings)
    write_file(target, render_init(evidence, scanned.env_ignore, catalog=scanned.catalog), named, "--output")
    return shown, evidence


def _not_ignored(evidence: Evidence, settings: Settings) -> Evidence:
    """The evidence without what the config's ``ignore`` list silences in ``check``: ``init`` writes
    no row that ``check`` would not ask for."""
    if not settings.ignore:
        return evidence
    services = {
        key: ev
        for key, ev in evidence.services.items()
        if not config_ignores(
            settings, "undocumented-service", ev.service.name, [s.path for s in ev.app_signals()]
        )
    }
    paths: dict[str, list[str]] = defaultdict(list)
    for ref in evidence.env_refs:
        paths[ref.name].append(ref.path)
    silenced = {
        name for name, where in paths.items() if config_ignores(settings, "undocumented-env-var", name, where)
    }
    env_refs = [r for r in evidence.env_refs if r.name not in silenced]
    return dataclasses.replace(evidence, services=services, env_refs=env_refs)
