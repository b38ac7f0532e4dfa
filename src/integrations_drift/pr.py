"""PR mode: the drift a change introduces.

The head is checked in full, as in a plain run. The base is not scanned again: its evidence is the
head's, less what the changed files contributed at head, plus what the changed files held at base
(read from git in one process). The files whose wrapper calls may depend on a changed file are
re-scanned too. So the extra cost of PR mode grows with the change, not with the repository.
Findings are matched by fingerprint: ``new`` (absent at base), ``existing`` (present at both), and
``resolved`` (present at base, gone at head).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from integrations_drift import __version__
from integrations_drift.catalog import Catalog
from integrations_drift.config import Settings
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import bounded_document
from integrations_drift.engine import (
    DOC_CANDIDATES,
    CheckResult,
    KindFilter,
    Scan,
    Selection,
    check_result,
    evaluate,
    label,
    scan_documents,
    summarise,
    suppress_findings,
)
from integrations_drift.findings import Finding, Report, ToolInfo
from integrations_drift.git import Change, GitRepo, TreeEntry, rename_map
from integrations_drift.rules.mentions import mention_words
from integrations_drift.scan.evidence import rebase
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.needles import TextFilter
from integrations_drift.suppress import BaselineSource, load_baseline, work_tree_line_reader
from integrations_drift.treeview import GitTreeView


def run_pr_check(
    root: Path,
    settings: Settings,
    doc_arg: str | None,
    base_ref: str,
    head_ref: str | None,
    scope: str,
    baseline: BaselineSource | None = None,
    *,
    selection: Selection | None = None,
    kinds: KindFilter | None = None,
    cache: bool = False,
) -> tuple[CheckResult, list[Finding]]:
    """Findings labelled new/existing, the resolved ones, and the findings that count for --fail-on.

    Inline ignores (read from the head) and the baseline apply to the head's findings, as in a
    plain run."""
    accepted = load_baseline(baseline.path, baseline.name) if baseline is not None else None
    with GitRepo(root) as git, tempfile.TemporaryDirectory(prefix="integrations-drift-") as tmp:
        base = git.commit_of(base_ref, "base")
        head = git.commit_of(head_ref or "HEAD", "head")
        changes = git.changes(base, head)
        head_root = root
        if not git.worktree_matches(head):
            head_root = Path(tmp)
            git.export(head, head_root)
        # The per-file cache needs blob ids of the work tree: an exported head has none (and the
        # export may differ from the blobs where attributes rewrite files), so it is scanned in full.
        scans = scan_documents(
            head_root,
            settings,
            selection or Selection(doc_arg),
            baseline,
            keep_all_texts=False,
            cache=cache if head_root == root else None,
        )
        diff_renames = {c.old_path: c.path for c in changes if c.status == "R" and c.old_path}
        deleted = frozenset(c.path for c in changes if c.status == "D")
        head_findings = label(
            scans,
            [
                evaluate(
                    scan,
                    settings,
                    renames=lambda: {**rename_map(root), **diff_renames},
                    deleted=deleted,
                    kinds=kinds,
                )
                for scan in scans
            ],
        )
        base_findings = label(
            scans,
            [
                _base_findings(git, base, changes, scan, settings, root, kinds, [s.doc for s in scans])
                for scan in scans
            ],
        )
        head_findings, suppressed = suppress_findings(
            head_findings, work_tree_line_reader(head_root), accepted, baseline.name if baseline else None
        )
    base_fps = {f.fingerprint for f in base_findings}
    head_fps = {f.fingerprint for f in head_findings}
    labelled = [
        f.model_copy(update={"change": "existing" if f.fingerprint in base_fps else "new"})
        for f in head_findings
    ]
    resolved = [f for f in base_findings if f.fingerprint not in head_fps]
    counted = labelled if scope == "all" else [f for f in labelled if f.change == "new"]
    report = Report(
        tool=ToolInfo(version=__version__),
        doc=scans[0].doc_path,
        mode="pr",
        base=base,
        head=head,
        findings=labelled,
        resolved=resolved,
        summary=summarise(labelled),
    )
    result = check_result(scans, report, suppressed)
    return result, counted


def _base_doc_path(
    tree: dict[str, TreeEntry], changes: list[Change], doc_path: str, part: str = ""
) -> str | None:
    """Where the document was at base: the same path, the path the change moved it from, or the
    first of the usual places."""
    if doc_path in tree:
        return doc_path
    for c in changes:
        if c.status == "R" and c.path == doc_path and c.old_path in tree:
            return c.old_path
    return None if part else next((p for p in DOC_CANDIDATES if p in tree), None)


def _base_findings(
    git: GitRepo,
    base: str,
    changes: list[Change],
    head: Scan,
    settings: Settings,
    root: Path,
    kinds: KindFilter | None = None,
    heads: Sequence[Document] = (),
) -> list[Finding]:
    """The findings at base, from the head's scan with the changed files swapped back. ``heads``:
    every document the head scan was made for (its kept files name their words)."""
    doc_path = head.doc_path
    tree = git.tree(base)
    modes = {p: e.mode for p, e in tree.items()}
    wanted = {c.old_path or c.path for c in changes if c.status != "A"}
    base_doc = _base_doc_path(tree, changes, doc_path, head.part)
    if base_doc is not None:
        wanted.add(base_doc)
    read = git.blobs([tree[p].sha for p in sorted(wanted) if p in tree])
    base_read = {p: read[tree[p].sha] for p in wanted if p in tree and tree[p].sha in read}
    if base_doc is None or base_doc not in base_read:
        return []  # the change adds the document: everything in it is new
    # Parsed under the head's name, so findings about the document match across a move.
    doc_bytes, doc = bounded_document(base_read[base_doc], doc_path)
    evidence = rebase(
        head.evidence,
        head.index,
        head.catalog,
        head_changed={c.path for c in changes if c.status != "D"},
        base_changed={c.old_path or c.path for c in changes if c.status != "A"},
        base_read=base_read,
        doc_path=doc_path,
        read=_head_reader(head),
        base_words=_words_not_kept(doc, head.catalog, heads),
    )
    cache: dict[str, bytes | None] = {}

    def read_path(path: str) -> bytes | None:
        if path in base_read:
            return base_read[path]
        if path not in cache:
            entry = tree.get(path)
            cache[path] = git.blobs([entry.sha]).get(entry.sha) if entry is not None else None
        return cache[path]

    base_index = FileIndex(root=root, all_paths=sorted(tree), support=head.index.support)
    state = Scan(
        root,
        doc_path,
        doc_bytes,
        doc,
        base_index,
        head.catalog,
        evidence,
        head.env_ignore,
        head.part,
        head.nested,
    )
    return evaluate(state, settings, tree_view=GitTreeView(modes, read_path), renames=dict, kinds=kinds)


def _head_reader(head: Scan) -> Callable[[str], bytes | None]:
    """A head file's bytes, read again (only files the head scan read are asked for)."""
    return head.index.read_bytes


def _words_not_kept(base_doc: Document, catalog: Catalog, heads: Sequence[Document]) -> TextFilter | None:
    """The base document's words, when some are not among the head documents' (the head scan kept
    only the files that name one of those); None when the kept files already hold every file the
    base's rules may read."""
    base = mention_words(base_doc, catalog)
    exact: set[str] = set()
    folded: set[str] = set()
    for doc in heads:
        words = mention_words(doc, catalog)
        exact |= words.exact
        folded |= words.folded
    if base.exact <= exact and base.folded <= folded:
        return None
    return TextFilter(base.exact, base.folded)
