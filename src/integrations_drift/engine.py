"""One check run: find the document, scan the tree, run the rules, apply settings."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from integrations_drift import __version__
from integrations_drift.catalog import Catalog, CatalogError, load_catalog
from integrations_drift.config import Settings
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import parse_document
from integrations_drift.errors import UsageError
from integrations_drift.files_io import write_atomically
from integrations_drift.findings import Finding, Report, Severity, Summary, ToolInfo
from integrations_drift.git import rename_map
from integrations_drift.init_doc import render_init
from integrations_drift.paths import glob_match, resolve_in_repo
from integrations_drift.rules import run_rules
from integrations_drift.rules.base import RuleContext, glob_match_name
from integrations_drift.rules.services_doc import documented_services
from integrations_drift.scan.evidence import Evidence, gather
from integrations_drift.scan.files import FileIndex

DOC_CANDIDATES = ("INTEGRATIONS.md", ".planning/codebase/INTEGRATIONS.md", "docs/INTEGRATIONS.md")
DATA_DIR = Path(__file__).parent / "data"


@cache
def builtin_env_ignore() -> tuple[str, ...]:
    data = yaml.safe_load((DATA_DIR / "env_ignore.yml").read_text(encoding="utf-8"))
    return tuple(str(n) for n in data["names"])


def find_doc(root: Path, explicit: str | None) -> str:
    if explicit:
        resolved = resolve_in_repo(root, explicit)
        if resolved.escapes:
            raise UsageError(f"--doc {explicit}: {resolved.escapes}")
        if not resolved.exists or resolved.is_dir:
            raise UsageError(f"document not found: {explicit} (run 'integrations-drift init' to write one)")
        return resolved.path
    for candidate in DOC_CANDIDATES:
        resolved = resolve_in_repo(root, candidate)
        if resolved.exists and not resolved.is_dir and not resolved.escapes:
            return candidate
    raise UsageError(
        f"no INTEGRATIONS.md in {root} (looked for {', '.join(DOC_CANDIDATES)}); "
        "run 'integrations-drift init' to write one, or pass --doc"
    )


@dataclass
class CheckResult:
    report: Report
    doc: Document
    files_scanned: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    unverified: list[tuple[str, int]] = field(default_factory=list)  # documented, unknown to the catalog


Progress = Callable[[str], None]


def _progress_printer() -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K{msg}")
        sys.stderr.flush()

    return show


def apply_settings(findings: list[Finding], settings: Settings) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if f.kind in settings.severity:
            f = f.model_copy(update={"severity": settings.severity[f.kind]})
        if any(_ignored(f, rule.subject, rule.path) for rule in settings.ignore if rule.kind == f.kind):
            continue
        out.append(f)
    return out


def _ignored(f: Finding, subject: str | None, path: str | None) -> bool:
    if subject is not None and not (glob_match_name(subject, f.subject) or glob_match(subject, f.subject)):
        return False
    return not (path is not None and not any(glob_match(path, loc.path) for loc in f.locations))


def summarise(findings: Iterable[Finding]) -> Summary:
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    return Summary(
        error=counts[Severity.ERROR], warning=counts[Severity.WARNING], notice=counts[Severity.NOTICE]
    )


def env_ignore_list(settings: Settings) -> list[str]:
    names = list(settings.env.ignore)
    if settings.env.builtin_ignore:
        names.extend(builtin_env_ignore())
    return names


def collect(root: Path, settings: Settings, doc_path: str) -> tuple[FileIndex, Catalog, Evidence, list[str]]:
    """Scan the tree once: the file index, the catalog in force, the evidence, the env ignore list."""
    try:
        catalog = load_catalog(settings.services)
    except CatalogError as exc:
        raise UsageError(f"config error in {settings.source or 'settings'}: {exc}") from None
    index = FileIndex.build(
        root, include=settings.include, exclude=settings.exclude, support=settings.support_code
    )
    progress = _progress_printer()
    evidence = gather(root, index, doc_path, catalog, progress)
    if progress is not None:
        progress("")
    return index, catalog, evidence, env_ignore_list(settings)


def run_init(root: Path, settings: Settings, output: str, force: bool) -> tuple[str, Evidence]:
    """Write a first document from a scan; refuses to overwrite unless ``force``."""
    resolved = resolve_in_repo(root, output)
    if resolved.escapes:
        raise UsageError(f"--output {output}: {resolved.escapes}")
    target = root / resolved.path
    if target.exists() and not force:
        raise UsageError(f"{resolved.path} already exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise UsageError(f"--output {output}: directory {target.parent.relative_to(root)} does not exist")
    _, catalog, evidence, env_ignore = collect(root, settings, resolved.path)
    text = render_init(evidence, catalog, env_ignore)
    write_atomically(target, text)
    return resolved.path, evidence


def run_check(root: Path, settings: Settings, doc_arg: str | None = None) -> CheckResult:
    started = time.monotonic()
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    doc_path = find_doc(root, doc_arg or settings.doc)
    doc_bytes = (root / doc_path).read_bytes()
    doc = parse_document(doc_bytes, doc_path)
    index, catalog, evidence, env_ignore = collect(root, settings, doc_path)
    ctx = RuleContext(
        root=root,
        doc=doc,
        files=index,
        env_refs=evidence.env_refs,
        env_ignore=env_ignore,
        rename_source=lambda: rename_map(root),
        code_texts=evidence.code_texts,
        doc_lines=doc_bytes.decode("utf-8", errors="replace").splitlines(),
        catalog=catalog,
        services=evidence.services,
    )
    findings = apply_settings(run_rules(ctx), settings)
    findings.sort(key=Finding.sort_key)
    report = Report(
        tool=ToolInfo(version=__version__),
        doc=doc_path,
        findings=findings,
        summary=summarise(findings),
    )
    unverified = [(e.name, e.row.line) for e in documented_services(doc, catalog) if e.service is None]
    return CheckResult(
        report=report,
        doc=doc,
        files_scanned=evidence.files_scanned,
        skipped=dict(index.skipped),
        seconds=time.monotonic() - started,
        warnings=evidence.warnings,
        unverified=unverified,
    )
