"""One check run: find the document, scan the tree, run the rules, apply settings."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from integrations_drift import __version__
from integrations_drift.catalog import Catalog, CatalogError, load_catalog
from integrations_drift.config import Settings
from integrations_drift.datafiles import load
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import read_document
from integrations_drift.documents import DOC_CANDIDATES, Target, choose, find_doc
from integrations_drift.errors import UsageError
from integrations_drift.findings import Finding, Report, Severity, Summary, ToolInfo, fingerprint
from integrations_drift.git import list_files_with_blob_ids, rename_map
from integrations_drift.paths import glob_match, glob_match_name
from integrations_drift.rules import run_rules
from integrations_drift.rules.base import RuleContext
from integrations_drift.rules.mentions import mention_words
from integrations_drift.rules.services_doc import unverified as unverified_services
from integrations_drift.scan.env.operator import EnvIgnoreFile
from integrations_drift.scan.evidence import Evidence, gather
from integrations_drift.scan.filecache import FileCache, cache_folder, holds_listed
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.needles import TextFilter
from integrations_drift.scan.parts import restrict
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
from integrations_drift.treeview import PartView, TreeView, WorkTree

__all__ = ["DOC_CANDIDATES", "find_doc"]


def builtin_env_ignore() -> tuple[str, ...]:
    return load("env_ignore.yml", EnvIgnoreFile).names


@dataclass
class CheckResult:
    report: Report
    doc: Document
    files_scanned: int = 0
    warnings: list[str] = field(default_factory=list)
    unverified: list[tuple[str, int]] = field(default_factory=list)  # documented, unknown to the catalog
    suppressed: Suppressed = field(default_factory=Suppressed)  # by the baseline and inline ignores
    docs: dict[str, Document] = field(default_factory=dict)  # every document checked, by path
    doc_bytes: dict[str, bytes] = field(default_factory=dict)  # what each of them was parsed from
    silenced: list[str] = field(default_factory=list)  # why findings were dropped (for --verbose)
    support_only: list[tuple[str, str, int]] = field(default_factory=list)  # env reads in test/tooling code
    index: FileIndex | None = None  # the files of the scan (--verbose says which the filters left out)

    @property
    def documents(self) -> list[str]:
        """The documents, in the order checked, when the run checks several (else empty)."""
        return list(self.docs) if len(self.docs) > 1 else []


Progress = Callable[[str], None]


def _progress_printer() -> Progress | None:
    if not sys.stderr.isatty():
        return None

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K{msg}")
        sys.stderr.flush()

    return show


def apply_settings(
    findings: list[Finding],
    settings: Settings,
    kinds: KindFilter | None = None,
    why: list[str] | None = None,
) -> list[Finding]:
    """Per-kind severities, the config's ignore rules, and which kinds are reported at all (the
    config's ``select``/``ignore`` narrowed by the command line's). ``why`` collects a line for each
    finding dropped."""
    out: list[Finding] = []
    for f in findings:
        if not (kinds or KindFilter()).wanted(f.kind, settings):
            if why is not None:
                why.append(
                    f"not reported: {f.kind} {f.subject}: kind not selected (--select/--ignore, select)"
                )
            continue
        if f.kind in settings.severity:
            f = f.model_copy(update={"severity": settings.severity[f.kind]})
        rule = next((r for r in settings.ignore if r.kind == f.kind and _ignored(f, r.subject, r.path)), None)
        if rule is not None:
            if why is not None:
                why.append(f"not reported: {f.kind} {f.subject}: the config's ignore list ({rule.reason})")
            continue
        out.append(f)
    return out


@dataclass(frozen=True)
class KindFilter:
    """``--select``/``--ignore`` of the command line; empty means the config decides."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def wanted(self, kind: str, settings: Settings) -> bool:
        select = self.select or frozenset(settings.select)
        if select and kind not in select:
            return False
        return kind not in self.ignore


def _ignored(f: Finding, subject: str | None, path: str | None) -> bool:
    return _matches(f.subject, [loc.path for loc in f.locations], subject, path)


def _matches(found: str, paths: Sequence[str], subject: str | None, path: str | None) -> bool:
    if subject is not None and not (glob_match_name(subject, found) or glob_match(subject, found)):
        return False
    return not (path is not None and not any(glob_match(path, p) for p in paths))


def config_ignores(settings: Settings, kind: str, subject: str, paths: Sequence[str]) -> bool:
    """Whether the config's ``ignore`` list silences a ``kind`` finding about ``subject`` with
    evidence in ``paths``: ``init`` leaves out the rows ``check`` would not ask for."""
    return any(r.kind == kind and _matches(subject, paths, r.subject, r.path) for r in settings.ignore)


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


def build_index(
    root: Path,
    settings: Settings,
    baseline: BaselineSource | None = None,
    *,
    paths: list[str] | None = None,
    parts: Sequence[str] = (),
    within: Sequence[str] = (),
) -> FileIndex:
    """The files of the tree. Baseline files (the default name, the config's, ``baseline``) are never
    scanned."""
    return FileIndex.build(
        root,
        include=settings.include,
        exclude=[*settings.exclude, *scan_excludes(root, settings.baseline, baseline)],
        support=settings.support_code,
        paths=paths,
        parts=parts,
        within=within,
    )


def collect(
    root: Path,
    settings: Settings,
    doc_path: str,
    baseline: BaselineSource | None = None,
    index: FileIndex | None = None,
    docs: Sequence[Document] | None = None,
) -> Collected:
    """Scan the tree once: the file index, the catalog in force, the evidence, the env ignore list.
    With ``docs``, the evidence keeps the bytes of only the files that name a word the rules will look
    for in those documents (memory stays flat as the tree grows); without, every file's (PR mode
    rebases them)."""
    try:
        catalog = load_catalog(settings.services)
    except CatalogError as exc:
        raise UsageError(f"config error in {settings.source or 'settings'}: {exc}") from None
    if index is None:
        index = build_index(root, settings, baseline)
    progress = _progress_printer()
    keep = None
    if docs is not None:
        exact: set[str] = set()
        folded: set[str] = set()
        for doc in docs:
            words = mention_words(doc, catalog)
            exact.update(words.exact)
            folded.update(words.folded)
        keep = TextFilter(frozenset(exact), frozenset(folded))
    evidence = gather(root, index, doc_path, catalog, progress, keep)
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
    evidence: Evidence  # of the whole repository; ``own_evidence`` is this document's share
    env_ignore: list[str]
    part: str = ""  # the folder the document covers; "" is the whole repository
    nested: tuple[str, ...] = ()  # folders of other documents inside ``part``
    _own: Evidence | None = field(default=None, repr=False, compare=False)

    def own_evidence(self) -> Evidence:
        if self._own is None:
            self._own = restrict(self.evidence, self.part, self.nested)
        return self._own


@dataclass(frozen=True)
class Selection:
    """Which documents a run checks, as the command line asked."""

    doc: str | None = None  # --doc, relative to ``sub``
    sub: str = ""  # REPO relative to the repository root
    all_docs: bool = False


def scan_documents(
    root: Path,
    settings: Settings,
    selection: Selection,
    baseline: BaselineSource | None = None,
    keep_all_texts: bool = True,
    cache: bool | None = False,
) -> list[Scan]:
    """One scan of the repository, and each document chosen, parsed, with the part it covers.
    ``keep_all_texts``: whether the evidence keeps every scanned file's bytes (PR mode's rebase reads
    them) or only those the rules over these documents may read. ``cache``: whether to keep the
    per-file records in ``.integrations-drift-cache/`` (``$INTEGRATIONS_DRIFT_CACHE`` is used unless
    ``cache`` is None)."""
    folder = None if keep_all_texts or cache is None else cache_folder(root, cache)
    listing = list_files_with_blob_ids(root) if folder is not None else None
    paths = listing.paths if listing is not None else FileIndex.list_paths(root)
    if folder is not None and holds_listed(root, folder, paths):
        folder = None
    targets = choose(
        root,
        selection.sub,
        selection.doc,
        [(d.doc, d.root) for d in settings.docs],
        settings.doc,
        selection.all_docs,
        paths,
    )
    parts = [t.part for t in targets]
    index = build_index(
        root, settings, baseline, paths=paths, parts=parts, within=parts if all(parts) else ()
    )
    if folder is not None and listing is not None:
        index.cache = FileCache(folder, listing.blob_ids, [sys.version, settings.model_dump_json()])
    parsed = [(t, *_read_doc(root, t.doc)) for t in targets]
    docs = None if keep_all_texts else [doc for _, _, doc in parsed]
    scanned = collect(root, settings, targets[0].doc, baseline, index, docs)
    return [_scan_of(root, t, doc_bytes, doc, scanned) for t, doc_bytes, doc in parsed]


def _read_doc(root: Path, doc_path: str) -> tuple[bytes, Document]:
    return read_document(root / doc_path, doc_path)


def _scan_of(root: Path, target: Target, doc_bytes: bytes, doc: Document, scanned: Collected) -> Scan:
    return Scan(
        root,
        target.doc,
        doc_bytes,
        doc,
        scanned.index,
        scanned.catalog,
        scanned.evidence,
        scanned.env_ignore,
        target.part,
        target.nested,
    )


def scan_repository(
    root: Path,
    settings: Settings,
    doc_arg: str | None,
    baseline: BaselineSource | None = None,
    sub: str = "",
    keep_all_texts: bool = True,
    cache: bool = False,
) -> Scan:
    """One document (the first chosen) and its scan."""
    return scan_documents(root, settings, Selection(doc_arg, sub), baseline, keep_all_texts, cache)[0]


def evaluate(
    scan: Scan,
    settings: Settings,
    tree_view: TreeView | None = None,
    renames: Callable[[], dict[str, str]] | None = None,
    deleted: frozenset[str] = frozenset(),
    kinds: KindFilter | None = None,
    why: list[str] | None = None,
) -> list[Finding]:
    """The rules over one state of the repository (the document's part of it), settings applied,
    sorted."""
    root = scan.root
    evidence = scan.own_evidence()
    view = tree_view
    if scan.part:
        view = PartView(tree_view if tree_view is not None else WorkTree(root), scan.part)
    ctx = RuleContext(
        root=root,
        doc=scan.doc,
        files=scan.index,
        env_refs=evidence.env_refs,
        env_ignore=scan.env_ignore,
        rename_source=renames if renames is not None else (lambda: rename_map(root)),
        code_texts=evidence.code_texts,
        doc_lines=scan.doc_bytes.decode("utf-8", errors="replace").splitlines(),
        catalog=scan.catalog,
        services=evidence.services,
        tree_view=view,
        deleted=deleted,
        part=scan.part,
    )
    findings = apply_settings(run_rules(ctx), settings, kinds, why)
    if why is not None:
        why.extend(ctx.spared)
    if scan.part:
        # A document of one part: its findings are its own, told apart from another part's.
        findings = [
            f.model_copy(update={"fingerprint": fingerprint(f.kind, f.fingerprint, scan.doc_path)})
            for f in findings
        ]
    findings.sort(key=Finding.sort_key)
    return findings


def check_result(scans: Scan | list[Scan], report: Report, suppressed: Suppressed) -> CheckResult:
    """The report with what the reporters say beside it (unverified services, warnings)."""
    scans = scans if isinstance(scans, list) else [scans]
    unverified: list[tuple[str, int]] = []
    for scan in scans:
        own = scan.own_evidence()
        found = unverified_services(
            scan.doc,
            scan.catalog,
            own.services,
            packages=(d.name for d in own.deps),
            env_names={r.name for r in own.env_refs},
        )
        unverified.extend((e.name, e.row.line) for e in found)
    first = scans[0]
    app_reads = {r.name for s in scans for r in s.own_evidence().env_refs if not r.is_support}
    support_only = sorted(
        {
            (r.name, r.path, r.line)
            for s in scans
            for r in s.own_evidence().env_refs
            if r.is_support and r.use == "read" and r.name not in app_reads
        }
    )
    return CheckResult(
        support_only=support_only,
        report=report,
        doc=first.doc,
        files_scanned=first.evidence.files_scanned,
        warnings=first.evidence.warnings,
        unverified=unverified,
        suppressed=suppressed,
        docs={scan.doc_path: scan.doc for scan in scans},
        doc_bytes={scan.doc_path: scan.doc_bytes for scan in scans},
        index=first.index,
    )


def label(scans: list[Scan], per_doc: list[list[Finding]]) -> list[Finding]:
    """One list, grouped by document in the order chosen; each finding names its document when the
    run checks several."""
    if len(scans) == 1:
        return per_doc[0]
    return [
        f.model_copy(update={"doc": s.doc_path})
        for s, found in zip(scans, per_doc, strict=True)
        for f in found
    ]


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
    *,
    selection: Selection | None = None,
    kinds: KindFilter | None = None,
    cache: bool = False,
) -> CheckResult:
    """Every document chosen, checked against its part of one scan of the repository.
    ``baseline``: findings it accepts are dropped; inline ignore comments are read from the
    working tree. ``cache``: see ``scan_documents``."""
    if not root.is_dir():
        raise UsageError(f"not a directory: {root}")
    accepted = load_baseline(baseline.path, baseline.name) if baseline is not None else None
    scans = scan_documents(
        root, settings, selection or Selection(doc_arg), baseline, keep_all_texts=False, cache=cache
    )
    why: list[str] = []
    findings, suppressed = suppress_findings(
        label(scans, [evaluate(scan, settings, kinds=kinds, why=why) for scan in scans]),
        work_tree_line_reader(root),
        accepted,
        baseline.name if baseline is not None else None,
    )
    report = Report(
        tool=ToolInfo(version=__version__),
        doc=scans[0].doc_path,
        findings=findings,
        summary=summarise(findings),
    )
    result = check_result(scans, report, suppressed)
    result.silenced = why
    return result


def run_baseline(
    root: Path,
    settings: Settings,
    doc_arg: str | None,
    output: BaselineSource,
    reason: str | None,
    selection: Selection | None = None,
) -> int:
    """Accept every current finding (config and inline ignores still apply; no baseline does): write
    them to ``output``, keeping the reasons already written there. Returns how many were written."""
    result = run_check(root, settings, doc_arg, selection=selection)
    return write_baseline(output.path, result.report.findings, reason or default_reason(), output.name)
