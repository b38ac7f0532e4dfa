"""Where the repository is and which documents a run checks, each with the part of the tree it covers.

REPO may be any folder of a work tree: the repository is its git top, and every path is relative to
that top. A document covers its part of the tree (a folder, ``""`` for the whole repository) less the
parts of documents nested below it; files at the top of the repository that declare dependencies
count for every part (a monorepo's shared manifests).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from integrations_drift.errors import UsageError
from integrations_drift.git import work_tree_top
from integrations_drift.paths import normalise, resolve_in_repo

DOC_NAME = "INTEGRATIONS.md"
DOC_CANDIDATES = (DOC_NAME, ".planning/codebase/INTEGRATIONS.md", "docs/INTEGRATIONS.md")
# Folders a document may live in while it describes the folder above them.
DOC_FOLDERS = (".planning/codebase", "docs")


@dataclass(frozen=True)
class Workspace:
    """The repository (``root``, its top) and the folder the command was pointed at (``sub``)."""

    root: Path
    sub: str = ""  # REPO relative to ``root``, posix; "" at the top
    git: bool = False


def locate(arg: str) -> Workspace:
    """REPO as a workspace: a folder inside a git work tree belongs to that work tree."""
    folder = Path(arg)
    if not folder.exists():
        raise UsageError(f"repository not found: {arg}")
    if not folder.is_dir():
        raise UsageError(f"not a directory: {arg}")
    folder = folder.resolve()
    top = work_tree_top(folder)
    if top is None:
        return Workspace(folder)
    top = top.resolve()
    rel = os.path.relpath(folder, top)
    if rel == "." or rel.startswith(".."):
        return Workspace(top if rel == "." else folder, "", git=rel == ".")
    return Workspace(top, rel.replace(os.sep, "/"), git=True)


@dataclass(frozen=True)
class Target:
    """One document and the part of the tree it is checked against."""

    doc: str  # repository-relative
    part: str = ""  # the folder it covers, repository-relative; "" is the whole repository
    nested: tuple[str, ...] = ()  # parts of other documents below ``part``: not this document's


def join(sub: str, rel: str) -> str:
    return posixpath.join(sub, rel) if sub else rel


def in_part(path: str, part: str) -> bool:
    return not part or path == part or path.startswith(part + "/")


def default_part(doc: str) -> str:
    """The folder a document describes: its own, or the one above ``docs/`` or ``.planning/codebase/``."""
    folder = posixpath.dirname(doc)
    for inner in DOC_FOLDERS:
        if folder == inner:
            return ""
        if folder.endswith("/" + inner):
            return folder[: -len(inner) - 1]
    return folder


def _existing_doc(root: Path, rel: str, option: str) -> str:
    resolved = resolve_in_repo(root, rel)
    if resolved.escapes:
        raise UsageError(f"{option} {rel}: {resolved.escapes}")
    if not resolved.exists or resolved.is_dir:
        raise UsageError(f"document not found: {rel} (run 'integrations-drift init' to write one)")
    return resolved.path


def find_doc(root: Path, explicit: str | None, sub: str = "") -> str:
    """The document named (relative to ``sub``), else the first of the usual places under ``sub``."""
    if explicit:
        rel = normalise(join(sub, explicit))
        return _existing_doc(root, rel if rel is not None else explicit, "--doc")
    for candidate in DOC_CANDIDATES:
        resolved = resolve_in_repo(root, join(sub, candidate))
        if resolved.exists and not resolved.is_dir and not resolved.escapes:
            return resolved.path
    where = root / sub if sub else root
    raise UsageError(
        f"no INTEGRATIONS.md in {where} (looked for {', '.join(DOC_CANDIDATES)}); "
        "run 'integrations-drift init' to write one, or pass --doc"
    )


def discover(paths: Iterable[str], sub: str = "") -> list[str]:
    """Every ``INTEGRATIONS.md`` among the repository's files (git's ignore rules already applied)."""
    return sorted(p for p in paths if posixpath.basename(p) == DOC_NAME and in_part(p, sub))


def with_nested(pairs: Sequence[tuple[str, str]]) -> list[Target]:
    """Targets whose ``nested`` lists the parts of the others that lie inside their own."""
    seen: set[str] = set()
    out: list[Target] = []
    parts = sorted({part for _, part in pairs})
    for doc, part in pairs:
        if doc in seen:
            raise UsageError(f"document {doc} is named twice")
        seen.add(doc)
        inner = tuple(p for p in parts if p != part and in_part(p, part))
        out.append(Target(doc, part, inner))
    return out


def choose(
    root: Path,
    sub: str,
    doc_arg: str | None,
    configured: Sequence[tuple[str, str | None]],
    configured_doc: str | None,
    all_docs: bool,
    paths: Sequence[str],
) -> list[Target]:
    """The documents a run checks: ``--doc`` (relative to REPO), else every ``INTEGRATIONS.md`` under
    REPO (``--all-docs``), else the config's ``docs`` inside REPO (or the innermost one holding it),
    else the config's ``doc``, else the usual places under REPO. ``configured`` paths are relative to
    the repository root."""
    if doc_arg:
        return [Target(find_doc(root, doc_arg, sub), sub)]
    if all_docs:
        found = discover(paths, sub)
        if not found:
            where = sub or "the repository"
            raise UsageError(f"--all-docs: no {DOC_NAME} in {where}")
        return with_nested([(doc, default_part(doc)) for doc in found])
    if configured:
        pairs: list[tuple[str, str]] = []
        for doc, part in configured:
            rel = _existing_doc(root, doc, "docs:")
            folder = normalise(part) if part is not None else default_part(rel)
            if folder is None:
                raise UsageError(f"docs: root {part}: absolute path or '..' leaves the repository")
            pairs.append((rel, folder))
        inside = [(d, p) for d, p in pairs if in_part(p, sub)]
        if not inside:
            holding = [(d, p) for d, p in pairs if in_part(sub, p)]
            deepest = max((p for _, p in holding), key=len, default=None)
            inside = [(d, p) for d, p in holding if p == deepest]
        if inside:
            return with_nested(inside)
    if configured_doc and not sub:
        return [Target(_existing_doc(root, configured_doc, "doc:"), "")]
    # REPO without a document of its own: the nearest folder above it that has one.
    folder = sub
    while folder:
        try:
            return [Target(find_doc(root, None, folder), folder)]
        except UsageError:
            folder = posixpath.dirname(folder)
    try:
        return [Target(find_doc(root, configured_doc, ""), "")]
    except UsageError:
        return [Target(find_doc(root, None, sub), sub)]
