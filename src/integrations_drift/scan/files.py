"""The files a scan looks at: ``git ls-files`` (or a walk of a plain folder) minus vendored,
generated, binary and oversized files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from integrations_drift.git import list_files
from integrations_drift.paths import glob_match, resolve_in_repo
from integrations_drift.scan.filecache import QUIET, SKIP, FileCache, Record
from integrations_drift.scan.pathclass import (
    is_build_script,
    is_support_path,
    is_test_path,
    is_tooling_script,
)
from integrations_drift.scan.roles import TreeRoles
from integrations_drift.scan.roles_readers import tree_roles
from integrations_drift.scan.types import SourceFile, Unread
from integrations_drift.scan.vocabulary import path_vocabulary

__all__ = ["FileIndex", "is_prose", "is_support_path", "is_test_path", "is_tooling_script"]

MAX_FILE_BYTES = 2 * 1024 * 1024

# Someone else's code or a build product (data/paths.yml).
VENDORED_DIRS = path_vocabulary().vendored_dirs
_BUNDLED_PACKAGES = path_vocabulary().bundled_python_packages


def bundled_python_dirs(paths: Sequence[str]) -> tuple[str, ...]:
    """Folders (``lib/``) that hold copies of third-party Python packages: two or more of the
    well-known ones as packages (``lib/certifi/__init__.py``) or modules (``lib/six.py``). The
    tree's root is never one."""
    seen: dict[str, set[str]] = {}
    for path in paths:
        if not path.endswith(".py"):
            continue
        folder, _, name = path.rpartition("/")
        if name == "__init__.py":
            folder, _, name = folder.rpartition("/")
        else:
            name = name[:-3]
        if folder and name in _BUNDLED_PACKAGES:
            seen.setdefault(folder, set()).add(name)
    return tuple(sorted(f"{folder}/" for folder, names in seen.items() if len(names) >= 2))


GENERATED_NAME = re.compile(
    r"(\.min\.(js|css|mjs)|\.bundle(\.[\w-]+)?\.js|\.map|-lock\.json|\.lock|\.pb\.go|_pb2\.py|\.generated\.\w+|\.snap)$"
)
BINARY_SUFFIXES = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".ico",
        ".bmp",
        ".tiff",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".jar",
        ".war",
        ".class",
        ".so",
        ".dylib",
        ".dll",
        ".exe",
        ".bin",
        ".o",
        ".a",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".mov",
        ".avi",
        ".webm",
        ".wav",
        ".ogg",
        ".sqlite",
        ".db",
        ".pyc",
        ".pyo",
        ".whl",
        ".egg",
        ".psd",
        ".ai",
        ".sketch",
        ".fig",
        ".heic",
        ".avif",
    ]
)
PROSE_NAME = re.compile(r"\.(md|mdx|markdown|rst|adoc|txt)$", re.I)


def is_prose(path: str) -> bool:
    """Documentation: it names services and variables without using them."""
    return PROSE_NAME.search(path) is not None


def _walk(root: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in VENDORED_DIRS)
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            out.append(rel.replace(os.sep, "/"))
    return sorted(out)


@dataclass
class LeftOut:
    """How many paths one filter left out, and the first few of them."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, path: str, keep: int = 3) -> None:
        self.count += 1
        if len(self.examples) < keep:
            self.examples.append(path)


@dataclass
class FileIndex:
    """All files of the tree (for location checks) and the subset worth scanning."""

    root: Path
    all_paths: list[str]
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    support: Sequence[str] = ()
    roles: TreeRoles = field(default_factory=TreeRoles)
    # Folders that documents cover: a file is classed (test, tooling) by its path inside the
    # deepest one holding it, so a service kept under ``examples/`` is not all example code.
    parts: Sequence[str] = ()
    # When every document covers a folder, only those folders and the top-level files (shared
    # manifests) are worth reading: ``check services/api`` does not read the rest of a monorepo.
    within: Sequence[str] = ()
    # Files read while finding the roles, handed to the scan instead of being read again.
    _early: dict[str, bytes] = field(default_factory=dict, repr=False)
    _scannable: list[str] | None = field(default=None, repr=False)
    _bundled: tuple[str, ...] | None = field(default=None, repr=False)
    # is_support_path by path: asked of each file by the scanners and the rules alike
    _support_paths: dict[str, bool] = field(default_factory=dict, repr=False)
    # What earlier runs found about files whose bytes the work tree still holds (by blob id).
    cache: FileCache | None = field(default=None, repr=False)

    @staticmethod
    def list_paths(root: Path) -> list[str]:
        """Every file of the tree: git's list (ignore rules apply), or a walk of a plain folder."""
        paths = list_files(root)
        return _walk(root) if paths is None else paths

    @classmethod
    def build(
        cls,
        root: Path,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        support: Sequence[str] = (),
        *,
        paths: list[str] | None = None,
        parts: Sequence[str] = (),
        within: Sequence[str] = (),
    ) -> FileIndex:
        if paths is None:
            paths = cls.list_paths(root)
        index = cls(
            root=root,
            all_paths=paths,
            include=include,
            exclude=exclude,
            support=support,
            parts=sorted({p for p in parts if p}, key=len, reverse=True),
            within=tuple(f"{w}/" for w in within),
        )
        index.roles = tree_roles(index.scannable_paths(), index._read_early)
        return index

    def bundled_dirs(self) -> tuple[str, ...]:
        """``bundled_python_dirs`` of ``all_paths``, worked out once."""
        if self._bundled is None:
            self._bundled = bundled_python_dirs(self.all_paths)
        return self._bundled

    def scannable_paths(self) -> list[str]:
        """``all_paths`` that are worth scanning, worked out once."""
        if self._scannable is None:
            self._scannable = [p for p in self.all_paths if self.scannable(p)]
        return self._scannable

    def _read_early(self, path: str) -> bytes | None:
        if path not in self._early:
            sf = self.read(path)
            if sf is None:
                return None
            self._early[path] = sf.data
        return self._early[path]

    def is_support(self, path: str, data: bytes | bool = b"") -> bool:
        """Test or tooling code: by its path, unless an image, compose service or Procfile runs it
        (start-up code); also what a test runner or ``#[cfg(test)]`` loads (test code), what only
        development runners run, and shell scripts no image runs (see ``scan/roles.py``).
        ``data``: the file's bytes, or whether they start with a shell shebang."""
        if self.roles.is_startup(path):
            return False
        return (
            self.roles.is_test(path)
            or self.is_support_path(path)
            or is_build_script(path)
            or self.roles.is_tooling(path, data)
        )

    def local(self, path: str) -> str:
        """``path`` inside the deepest documented part holding it (the path itself outside all)."""
        for part in self.parts:  # deepest first
            if path.startswith(part + "/"):
                return path[len(part) + 1 :]
        return path

    def is_support_path(self, path: str) -> bool:
        """Test or tooling code by its path alone (inside its part), or by the config's globs."""
        found = self._support_paths.get(path)
        if found is None:
            found = self._support_paths[path] = is_support_path(self.local(path)) or any(
                glob_match(g, path) for g in self.support
            )
        return found

    def scannable(self, path: str) -> bool:
        """Whether a path is worth scanning at all: not vendored, generated, binary or filtered out."""
        parts = path.split("/")
        if self.within and len(parts) > 1 and not path.startswith(tuple(self.within)):
            return False
        if any(p in VENDORED_DIRS for p in parts[:-1]) or path.startswith(self.bundled_dirs()):
            return False
        name = parts[-1]
        if GENERATED_NAME.search(name) or os.path.splitext(name)[1].lower() in BINARY_SUFFIXES:
            return False
        if self.include and not any(glob_match(g, path) for g in self.include):
            return False
        return not (self.exclude and any(glob_match(g, path) for g in self.exclude))

    def left_out(self, exclude: Sequence[str]) -> dict[str, LeftOut]:
        """Paths the scan skips because of a vendored folder, the include globs or ``exclude`` (the
        config's, without the baseline files the index also excludes), tested in ``scannable``'s
        order, by reason: counts and the first few, for ``--verbose``."""
        found: dict[str, LeftOut] = {}
        for path in self.all_paths:
            parts = path.split("/")
            if self.within and len(parts) > 1 and not path.startswith(tuple(self.within)):
                continue  # outside every document's part: not the filters' doing
            if any(p in VENDORED_DIRS for p in parts[:-1]) or path.startswith(self.bundled_dirs()):
                reason = "vendored"
            elif self.include and not any(glob_match(g, path) for g in self.include):
                reason = "include"
            elif exclude and any(glob_match(g, path) for g in exclude):
                reason = "exclude"
            else:
                continue
            found.setdefault(reason, LeftOut()).add(path)
        return found

    def source_file(self, path: str, data: bytes) -> SourceFile | None:
        """``data`` as a file to scan, or None when it is too large or binary."""
        if len(data) > MAX_FILE_BYTES or b"\0" in data[:8192]:
            return None
        return SourceFile(path=path, data=data, is_support=self.is_support(path, data))

    def read(self, path: str) -> SourceFile | None:
        """Read one file, refusing links that leave the tree, binaries and oversized files."""
        data = self.read_bytes(path)
        return self.source_file(path, data) if data is not None else None

    def read_bytes(self, path: str) -> bytes | None:
        """``read``'s bytes, without classing the file (binaries are not refused here)."""
        full = self.root / path
        try:
            # Only a link can lead out of the tree; resolving every path would cost a realpath
            # (a syscall per directory level) for each of tens of thousands of files.
            if full.is_symlink():
                resolved = resolve_in_repo(self.root, path)
                if resolved.escapes or not resolved.exists:
                    return None
            if not full.is_file():
                return None
            if full.stat().st_size > MAX_FILE_BYTES:
                return None
            return full.read_bytes()
        except OSError:
            return None

    def read_again(self, path: str) -> bytes:
        sf = self.read(path)
        return sf.data if sf is not None else b""

    def source_files(self) -> Iterator[SourceFile]:
        """The files worth scanning, read; a file the cache knows every gate rejects is yielded
        unread (``Unread``), one it knows is binary or oversized not at all."""
        cache = self.cache
        for path in self.scannable_paths():
            early = self._early.pop(path, None)
            if early is None and cache is not None:
                rec = cache.get(path)
                if rec is not None and rec.kind == SKIP:
                    continue
                if rec is not None and rec.kind == QUIET:
                    support = self.is_support(path, rec.shebang)
                    if support == rec.support:
                        yield Unread(path, support, self.read_again, rec.lang)
                        continue
                    cache.forget(path)  # its role changed: what was quiet may not be
            data = early if early is not None else self.read_bytes(path)
            if data is None:
                continue
            sf = self.source_file(path, data)
            if sf is None:
                if cache is not None:
                    cache.put(path, Record(SKIP, "", False, False))
                continue
            yield sf
