"""What every rule receives, and the shape every rule module has.

A rule module holds ``KIND``, ``DEFAULT_SEVERITY``, a docstring with a passing and a failing
example, and ``check(ctx)`` yielding findings (severity already the default; the engine applies
overrides, ignores and the baseline).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from integrations_drift.catalog import Catalog
from integrations_drift.doc.model import Document
from integrations_drift.paths import glob_match
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.services import ServiceEvidence
from integrations_drift.scan.types import EnvRef
from integrations_drift.treeview import TreeView, WorkTree


@dataclass
class RuleContext:
    root: Path
    doc: Document
    files: FileIndex
    env_refs: list[EnvRef]
    env_ignore: list[str]
    rename_source: Callable[[], dict[str, str]] = dict
    doc_lines: list[str] = field(default_factory=list)
    catalog: Catalog | None = None
    tree_view: TreeView | None = None
    deleted: frozenset[str] = frozenset()  # paths the change under review deletes (PR mode)
    services: dict[str, ServiceEvidence] = field(default_factory=dict)
    code_texts: dict[str, bytes] = field(default_factory=dict)  # scanned non-document files

    def env_ignored(self, name: str) -> bool:
        return any(glob_match_name(p, name) for p in self.env_ignore)

    @property
    def tree(self) -> TreeView:
        return self.tree_view if self.tree_view is not None else WorkTree(self.root)

    @cached_property
    def renames(self) -> dict[str, str]:
        """Old path → new path from git history; asked for only when a location is missing."""
        return self.rename_source()

    @cached_property
    def all_paths(self) -> frozenset[str]:
        return frozenset(self.files.all_paths)

    @cached_property
    def all_dirs(self) -> frozenset[str]:
        dirs: set[str] = set()
        for p in self.files.all_paths:
            parts = p.split("/")
            for i in range(1, len(parts)):
                dirs.add("/".join(parts[:i]))
        return frozenset(dirs)

    @cached_property
    def by_basename(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.files.all_paths:
            out.setdefault(p.rsplit("/", 1)[-1], []).append(p)
        return out

    def glob_matches(self, pattern: str) -> bool:
        return any(glob_match(pattern, p) for p in self.files.all_paths)


def glob_match_name(pattern: str, name: str) -> bool:
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return pattern == name


COMMENT_LINE = re.compile(rb"^\s*(#|//|/\*|\*|--|;|<!--|REM\b)")


def named_in_code(
    texts: dict[str, bytes], words: list[str], *, ignore_case: bool = False, underscore_joins: bool = True
) -> str | None:
    """The first ``path:line`` whose code (not a comment line) names one of ``words`` as a whole word.

    The safety net of the ``stale-*`` rules: a variable or service still named in code is used in
    some shape the scanners do not know, and calling it stale would be a false alarm.
    ``underscore_joins``: whether ``_`` is part of a word (yes for variable names; no for service
    names, so ``redis`` is named in ``REDIS_URL``).
    """
    if not words:
        return None
    edge = rb"A-Za-z0-9_" if underscore_joins else rb"A-Za-z0-9"
    alternatives = b"|".join(re.escape(w.encode()) for w in words)
    pattern = re.compile(
        rb"(?<![" + edge + rb"])(?:" + alternatives + rb")(?![" + edge + rb"])", re.I if ignore_case else 0
    )
    needles = [w.encode() for w in words]
    for path, data in texts.items():
        if not ignore_case and not any(n in data for n in needles):
            continue
        for m in pattern.finditer(data):
            start = data.rfind(b"\n", 0, m.start()) + 1
            if not COMMENT_LINE.match(data[start : m.start()]):
                line = data.count(b"\n", 0, m.start()) + 1
                return f"{path}:{line}"
    return None
