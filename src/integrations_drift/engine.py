"""One check run: find the document, scan the tree, run the rules, apply settings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from integrations_drift import __version__
from integrations_drift.catalog import Catalog, CatalogError, load_catalog
from integrations_drift.config import Settings
from integrations_drift.datafiles import load
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import read_document
from integrations_drift.errors import UsageError
from integrations_drift.findings import Finding, Report, Severity, Summary, ToolInfo
from integrations_drift.git import rename_map
from integrations_drift.paths import glob_match, glob_match_name, resolve_in_repo
from integrations_drift.rules import run_rules
from integrations_drift.rules.base import RuleContext
from integrations_drift.rules.services_doc import unverified as unverified_services
from integrations_drift.scan.env.operator import EnvIgnoreFile
from integrations_drift.scan.evidence import Evidence, gather
from integrations_drift.scan.files import FileIndex
from integrations_drift.suppress import (
    Baseline,
    BaselineSource,
    LineReader,
    Suppressed,
    apply_baseline,
    apply_inline_ignores,
    default_reason,
    load_baseline,
    scan_excludes,
    work_tree_line_reader,
    write_baseline,
)
from integrations_drift.treeview import TreeView

DOC_CANDIDATES = ("INTEGRATIONS.md", ".planning/codebase/INTEGRATIONS.md", "docs/INTEGRATIONS.md")


def builtin_env_ignore() -> tuple[str, ...]:
    return load("env_ignore.yml", EnvIgnoreFile).names


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
    warnings: list[str] = field(default_factory=list)
    unverified: list[tuple[str, int]] = field(default_factory=list)  # documented, unknown to the catalog
    suppressed: Suppressed = field(default_factory=Suppressed)  # by the baseline and inline ignores


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


@dataclass
class Collected:
    """What one scan of the tree yields."""

    index: FileIndex
    catalog: Catalog
    evidence: Evidence
    env_ignore: list[str]


def collect(
    root: Path, settings: Settings, doc_path: str, baseline: BaselineSource | None = None
) -> Collected:
    """Scan the tree once: the file index, the catalog in force, the evidence, the env ignore list.
    Baseline files (the default name, the config's, ``baseline``) are never scanned."""
    try:
        catalog = load_catalog(settings.services)
    except CatalogError as exc:
        raise UsageError(f"config error in {settings.source or 'settings'}: {exc}") from None
    index = FileIndex.build(
        root,
        include=settings.include,
        exclude=[*settings.exclude, *scan_excludes(root, settings.baseline, baseline)],
        support=settings.support_code,
    )
    progress = _progress_printer()
    evidence = gather(root, index, doc_path, catalog, progress)
    if progress is not None:
        progress("")
    return Collected(index, catalog, evidence, env_ignore_list(settings))


@dataclass
class Scan:
    """One state of the repository, read and scanned: what the rules run over."""

    root: Path
    doc_path: str
    doc_bytes: bytes
    doc: Document
    index: FileIndex
    catalog: Catalog
    evidence: Evidence
    env_ignore: list[str]


def scan_repository(
    root: Path, settings: Settings, doc_arg: str | None, baseline: BaselineSource | None = None
) -> Scan:
    doc_path = find_doc(root, doc_arg or settings.doc)
    doc_bytes, doc = read_document(root / doc_path, doc_path)
    scanned = collect(root, settings, doc_path, baseline)
    return Scan(
        root, doc_path, doc_bytes, doc, scanned.index, scanned.catalog, scanned.evidence, scanned.env_ignore
    )


def evaluate(
    scan: Scan,
    settings: Settings,
    tree_view: TreeView | None = None,
    renames: Callable[[], dict[str, str]] | None = None,
    deleted: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The rules over one state of the repository, settings applied, sorted."""
    root = scan.root
    ctx = RuleContext(
        root=root,
        doc=scan.doc,
        files=scan.index,
        env_refs=scan.evidence.env_refs,
        env_ignore=scan.env_ignore,
        rename_source=renames if renames is not None else (lambda: rename_map(root)),
        code_texts=scan.evidence.code_texts,
        doc_lines=scan.doc_bytes.decode("utf-8", errors="replace").splitlines(),
        catalog=scan.catalog,
        services=scan.evidence.services,
        tree_view=tree_view,
        deleted=deleted,
    )
    findings = apply_settings(run_rules(ctx), settings)
    findings.sort(key=Finding.sort_key)
    return findings


def check_result(scan: Scan, report: Report, suppressed: Suppressed) -> CheckResult:
    """The report with what the reporters say beside it (unverified services, warnings)."""
    found = unverified_services(
        scan.doc,
        scan.catalog,
        scan.evidence.services,
        packages=(d.name for d in scan.evidence.deps),
        env_names={r.name for r in scan.evidence.env_refs},
    )
    unverified = [(e.name, e.row.line) for e in found]
    return CheckResult(
        report=report,
        doc=scan.doc,
        files_scanned=scan.evidence.files_scanned,
        warnings=scan.evidence.warnings,
        unverified=unverified,
        suppressed=suppressed,
    )


def suppress_findings(
    findings: list[Finding],
    read_line: LineReader,
    baseline: Baseline | None = None,
    baseline_name: str | None = None,
) -> tuple[list[Finding], Suppressed]:
    """Drop findings ignored inline (comments read through ``read_line``), then those the baseline
    accepts; order is kept."""
    findings, inline = apply_inline_ignores(findings, read_line)
    suppressed = Suppressed(inline=inline, baseline_name=baseline_name)
    if baseline is not None:
        findings, suppressed.accepted, suppressed.stale = apply_baseline(findings, baseline)
    return findings, suppressed


def run_check(
    root: Path,
    settings: Settings,
    doc_arg: str | None = None,
    baseline: BaselineSource | None = None,
) -> CheckResult:
    """``baseline``: findings it accepts are dropped; inline ignore comments are read from the
    working tree."""
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    accepted = load_baseline(baseline.path, baseline.name) if baseline is not None else None
    scan = scan_repository(root, settings, doc_arg, baseline)
    findings, suppressed = suppress_findings(
        evaluate(scan, settings),
        work_tree_line_reader(root),
        accepted,
        baseline.name if baseline is not None else None,
    )
    report = Report(
        tool=ToolInfo(version=__version__),
        doc=scan.doc_path,
        findings=findings,
        summary=summarise(findings),
    )
    return check_result(scan, report, suppressed)


def run_baseline(
    root: Path, settings: Settings, doc_arg: str | None, output: BaselineSource, reason: str | None
) -> int:
    """Accept every current finding (config and inline ignores still apply; no baseline does): write
    them to ``output``, keeping the reasons already written there. Returns how many were written."""
    result = run_check(root, settings, doc_arg)
    return write_baseline(output.path, result.report.findings, reason or default_reason(), output.name)
