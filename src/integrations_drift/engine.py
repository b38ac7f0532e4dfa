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
from integrations_drift.config import Settings
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import parse_document
from integrations_drift.errors import UsageError
from integrations_drift.findings import Finding, Report, Severity, Summary, ToolInfo
from integrations_drift.git import rename_map
from integrations_drift.paths import glob_match, resolve_in_repo
from integrations_drift.rules import run_rules
from integrations_drift.rules.base import RuleContext, glob_match_name
from integrations_drift.scan.env import scan_env
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.types import SourceFile

DOC_CANDIDATES = ("INTEGRATIONS.md", ".planning/codebase/INTEGRATIONS.md", "docs/INTEGRATIONS.md")
DOC_SUFFIXES = (".md", ".mdx", ".markdown", ".rst", ".adoc", ".txt")
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


Progress = Callable[[str], None]


def _progress_printer() -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K{msg}")
        sys.stderr.flush()

    return show


def _counting(
    files: Iterable[SourceFile],
    doc_path: str,
    keep: dict[str, bytes],
    counter: list[int],
    progress: Progress | None,
) -> Iterable[SourceFile]:
    last = time.monotonic()
    for sf in files:
        counter[0] += 1
        if sf.path != doc_path and not sf.path.lower().endswith(DOC_SUFFIXES):
            keep[sf.path] = sf.data
        if progress is not None and time.monotonic() - last > 0.25:
            progress(f"scanning: {counter[0]} files")
            last = time.monotonic()
        yield sf


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


def run_check(root: Path, settings: Settings, doc_arg: str | None = None) -> CheckResult:
    started = time.monotonic()
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    doc_path = find_doc(root, doc_arg or settings.doc)
    doc_bytes = (root / doc_path).read_bytes()
    doc = parse_document(doc_bytes, doc_path)
    index = FileIndex.build(
        root, include=settings.include, exclude=settings.exclude, support=settings.support_code
    )
    progress = _progress_printer()
    texts: dict[str, bytes] = {}
    counter = [0]
    env = scan_env(_counting(index.source_files(), doc_path, texts, counter, progress))
    if progress is not None:
        progress("")
    env_ignore = list(settings.env.ignore)
    if settings.env.builtin_ignore:
        env_ignore.extend(builtin_env_ignore())
    ctx = RuleContext(
        root=root,
        doc=doc,
        files=index,
        env_refs=env.refs,
        env_ignore=env_ignore,
        rename_source=lambda: rename_map(root),
        code_texts=texts,
        doc_lines=doc_bytes.decode("utf-8", errors="replace").splitlines(),
    )
    findings = apply_settings(run_rules(ctx), settings)
    findings.sort(key=Finding.sort_key)
    report = Report(
        tool=ToolInfo(version=__version__),
        doc=doc_path,
        findings=findings,
        summary=summarise(findings),
    )
    return CheckResult(
        report=report,
        doc=doc,
        files_scanned=counter[0],
        skipped=dict(index.skipped),
        seconds=time.monotonic() - started,
    )
