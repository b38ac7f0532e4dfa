"""A tree to check documented locations against: the working tree, or a commit's tree in git.

Both answer the same questions without ever reading outside the repository: a path with ``..``
or an absolute path is refused, and a symbolic link whose target leaves the tree is reported.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from integrations_drift.paths import Resolved, normalise, resolve_in_repo

SYMLINK_MODE = "120000"


class TreeView(Protocol):
    def resolve(self, raw: str) -> Resolved: ...

    def line_count(self, path: str) -> int | None: ...


class WorkTree:
    def __init__(self, root: Path) -> None:
        self.root = root

    def resolve(self, raw: str) -> Resolved:
        return resolve_in_repo(self.root, raw)

    def line_count(self, path: str) -> int | None:
        try:
            with open(self.root / path, "rb") as fh:
                return sum(1 for _ in fh)
        except OSError:
            return None


class GitTreeView:
    """A commit's tree: ``paths`` maps each file to its mode; ``read`` gives a file's bytes."""

    def __init__(self, modes: dict[str, str], read: Callable[[str], bytes | None]) -> None:
        self.modes = modes
        self.read = read
        dirs: set[str] = set()
        for p in modes:
            parts = p.split("/")
            for i in range(1, len(parts)):
                dirs.add("/".join(parts[:i]))
        self.dirs = dirs

    def resolve(self, raw: str) -> Resolved:
        rel = normalise(raw)
        if rel is None:
            return Resolved(raw, exists=False, escapes="absolute path or '..' leaves the repository")
        if rel == "" or rel in self.dirs:
            return Resolved(rel, exists=True, is_dir=True)
        mode = self.modes.get(rel)
        if mode is None:
            return Resolved(rel, exists=False)
        if mode == SYMLINK_MODE:
            target = (self.read(rel) or b"").decode("utf-8", "replace")
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            if target.startswith("/") or joined == ".." or joined.startswith("../"):
                return Resolved(rel, exists=False, escapes="a symbolic link leads outside the repository")
            return Resolved(
                rel, exists=joined in self.modes or joined in self.dirs, is_dir=joined in self.dirs
            )
        return Resolved(rel, exists=True)

    def line_count(self, path: str) -> int | None:
        data = self.read(path)
        if data is None:
            return None
        return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


class PartView:
    """A nested document's paths: relative to the folder it covers, else to the repository root."""

    def __init__(self, inner: TreeView, part: str) -> None:
        self.inner = inner
        self.part = part

    def resolve(self, raw: str) -> Resolved:
        rel = normalise(raw)
        if rel:
            local = self.inner.resolve(f"{self.part}/{rel}")
            if local.exists or local.escapes:
                return local
        return self.inner.resolve(raw)

    def line_count(self, path: str) -> int | None:
        return self.inner.line_count(path)
