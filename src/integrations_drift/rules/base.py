"""What every rule receives, and what a rule is.

A rule module holds a docstring with a passing and a failing example, ``check(ctx)`` yielding
findings (severity the rule's default; the engine applies overrides, ignores and the baseline), and
``RULE``: the typed record the registry in :mod:`integrations_drift.rules` collects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from integrations_drift.catalog import Catalog
from integrations_drift.doc.model import Document
from integrations_drift.findings import (
    Finding,
    FindingKind,
    Location,
    Severity,
    Suggestion,
    SuggestionAction,
    fingerprint,
)
from integrations_drift.paths import glob_match
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.lines import LineIndex
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
    spared: list[str] = field(default_factory=list)  # stale findings the safety net held back, why
    part: str = ""  # the folder a nested document covers; its paths may be relative to it

    def spared_by_mention(
        self,
        kind: str,
        subject: str,
        words: list[str],
        *,
        ignore_case: bool = False,
        underscore_joins: bool = True,
    ) -> bool:
        """``named_in_code`` for a ``stale-*`` rule, noting where the mention was (for ``--verbose``)."""
        where = named_in_code(
            self.code_texts, words, ignore_case=ignore_case, underscore_joins=underscore_joins
        )
        if where is None:
            return False
        self.spare(kind, subject, where)
        return True

    def spare(self, kind: str, subject: str, where: str) -> None:
        """Note, for ``--verbose``, that a ``stale-*`` finding was not reported because ``subject`` is
        still named in code at ``where``."""
        self.spared.append(f"not reported: {kind} {subject}: still named in code at {where} (safety net)")

    def env_ignored(self, name: str) -> bool:
        exact, prefixes = self._env_ignore_sets
        return name in exact or name.startswith(prefixes)

    @cached_property
    def _env_ignore_sets(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The ignore list as a set of names and a tuple of prefixes (``glob_match_name``'s two
        shapes), so each documented row costs one lookup, not a walk of the list."""
        exact = frozenset(p for p in self.env_ignore if not p.endswith("*"))
        return exact, tuple(p[:-1] for p in self.env_ignore if p.endswith("*"))

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


@dataclass(frozen=True)
class Rule:
    """One finding kind as the tool checks it: everything other lists of kinds derive from."""

    kind: FindingKind
    default_severity: Severity
    check: Callable[[RuleContext], Iterable[Finding]]
    doc: str
    # The suggestions' actions; ``adds`` names the table kind an add-row goes to; a ``stale`` rule's
    # remove-row is a mark unless ``fix --prune``: a human may know better.
    actions: tuple[SuggestionAction, ...] = ()
    adds: Literal["env", "service"] | None = None
    stale: bool = False

    @property
    def summary(self) -> str:
        """The docstring's first line, after ``kind:``."""
        return self.doc.strip().splitlines()[0].split(":", 1)[-1].strip()

    def finding(
        self,
        subject: str,
        message: str,
        *,
        locations: Sequence[Location],
        identity: Sequence[str],
        fix: str,
        doc_line: int | None = None,
        suggestion: Suggestion | None = None,
    ) -> Finding:
        """A finding of this rule at its default severity; ``identity`` is what the fingerprint is
        built from (what the finding is about, never a line number)."""
        return Finding(
            kind=self.kind,
            severity=self.default_severity,
            subject=subject,
            message=message,
            locations=list(locations),
            doc_line=doc_line,
            fingerprint=fingerprint(self.kind, *identity),
            suggestion=suggestion,
            fix=fix,
        )


WORD = re.compile(rb"[A-Za-z0-9_]+")
_FEWWORDS = 8  # up to this many words, a substring test per file skips most files cheaply


def names_in_code(texts: dict[str, bytes], words: Iterable[str]) -> dict[str, str]:
    """``named_in_code`` for many variable names at once: the first ``path:line`` of each name
    named in code, found by one pass over the words of the code rather than one per name (a
    document of 20,000 rows made 20,000 passes over every file)."""
    wanted = {w for w in words if WORD.fullmatch(w.encode())}
    found: dict[str, str] = {}
    if len(wanted) <= _FEWWORDS:
        for w in wanted:
            where = named_in_code(texts, [w])
            if where is not None:
                found[w] = where
        return found
    encoded = {w.encode(): w for w in wanted}
    for path, data in texts.items():
        lines: LineIndex | None = None
        searched = line_start = 0
        checked = marker_end = -1  # the line whose comment marker is known, and where it ends
        for m in WORD.finditer(data):
            word = encoded.get(m.group())
            if word is None or word in found:
                continue
            # The line's start and its comment marker are found once per line, not per word.
            newline = data.rfind(b"\n", searched, m.start())
            searched = m.start()
            if newline >= 0:
                line_start = newline + 1
            if checked != line_start:
                checked = line_start
                marker = _COMMENT_AT.match(data, line_start)
                marker_end = marker.end() if marker else -1
            if 0 <= marker_end <= m.start():
                continue
            lines = lines or LineIndex(data)
            found[word] = f"{path}:{lines.line_of(m.start())}"
    return found


_COMMENT_AT = re.compile(rb"[ \t\r\f\v]*(?:#|//|/\*|\*|--|;|<!--|REM\b)")


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
