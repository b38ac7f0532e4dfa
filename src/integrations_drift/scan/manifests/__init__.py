"""Declared dependencies: the strongest evidence of which external services a repository uses.

Every ecosystem module (``npm``, ``pypi_*``, ``golang``, ...) offers the same two functions:
``kind(path)`` says whether a path is one of its manifests or lock files, and ``parse(path, data)``
returns the dependencies it declares or raises ``ManifestError``. This package picks the files,
applies the lock-file rule and turns every failure into one warning line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from integrations_drift.scan.files import VENDORED_DIRS
from integrations_drift.scan.manifests import (
    cargo,
    composer,
    golang,
    gradle,
    hex,
    maven,
    npm,
    nuget,
    pypi_locks,
    pypi_pipenv,
    pypi_pyproject,
    pypi_requirements,
    pypi_setupcfg,
    rubygems,
)
from integrations_drift.scan.manifests.common import Dependency, Ecosystem, Kind, ManifestError, Reader
from integrations_drift.scan.vocabulary import path_vocabulary

__all__ = [
    "Dependency",
    "Ecosystem",
    "ManifestScan",
    "manifest_paths",
    "read_manifest",
    "scan_manifests",
]

READERS: tuple[Reader, ...] = (
    npm,
    pypi_requirements,
    pypi_pyproject,
    pypi_pipenv,
    pypi_setupcfg,
    pypi_locks,
    golang,
    rubygems,
    cargo,
    maven,
    gradle,
    composer,
    nuget,
    hex,
)

# Someone else's code or build output: its manifests say nothing about this repository.
_SKIPPED_DIRS = VENDORED_DIRS | path_vocabulary().manifest_skipped_dirs


@dataclass
class ManifestScan:
    deps: list[Dependency] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _reader(path: str) -> tuple[Reader, Kind] | None:
    for reader in READERS:
        kind = reader.kind(path)
        if kind is not None:
            return reader, kind
    return None


def _skipped(path: str) -> bool:
    return any(part in _SKIPPED_DIRS for part in path.split("/")[:-1])


def manifest_paths(all_paths: Sequence[str]) -> list[str]:
    """The manifests to read, sorted; a lock file only where it is the sole record of its ecosystem
    in the repository (a manifest lists direct dependencies, a lock mostly transitive ones: beside
    any manifest of its ecosystem, a lock's extra packages are someone else's dependencies)."""
    found: dict[str, tuple[Ecosystem, Kind]] = {}
    for path in all_paths:
        if path in found or _skipped(path):
            continue
        match = _reader(path)
        if match is not None:
            found[path] = (match[0].ECOSYSTEM, match[1])
    has_manifest = {ecosystem for ecosystem, kind in found.values() if kind == "manifest"}
    return sorted(
        path
        for path, (ecosystem, kind) in found.items()
        if kind == "manifest" or ecosystem not in has_manifest
    )


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def read_manifest(path: str, data: bytes) -> tuple[list[Dependency], list[str]]:
    """Dependencies declared in one file and at most one warning; never raises."""
    match = _reader(path)
    if match is None:
        return [], []
    try:
        # Readers go table by table; callers want the file's own order.
        deps = [d for d in match[0].parse(path, data) if d.name.strip()]
        return sorted(deps, key=lambda d: d.line), []
    except ManifestError as exc:
        return [], [f"{path}: {exc} — skipped"]
    except Exception as exc:  # a reader bug must not end the whole scan
        return [], [f"{path}: could not be read ({type(exc).__name__}) — skipped"]


def scan_manifests(all_paths: Sequence[str], read: Callable[[str], bytes | None]) -> ManifestScan:
    scan = ManifestScan()
    # Packages the tree builds itself (workspace members): a dependency on one is its own code.
    own: set[tuple[Ecosystem, str]] = set()
    gradle_files: dict[str, bytes] = {}
    for path in manifest_paths(all_paths):
        try:
            data = read(path)
        except OSError as exc:
            scan.warnings.append(f"{path}: unreadable ({exc.strerror or type(exc).__name__}) — skipped")
            continue
        if data is None:
            continue  # refused or unreadable: the caller has already said why
        deps, warnings = read_manifest(path, data)
        scan.deps.extend(deps)
        scan.warnings.extend(warnings)
        match = _reader(path)
        declares = getattr(match[0], "own_packages", None) if match is not None else None
        if match is not None and declares is not None:
            own.update((match[0].ECOSYSTEM, name) for name in declares(path, data))
        if gradle.kind(path) is not None:
            gradle_files[path] = data  # a catalog's entries are settled by the build files' uses
    if own:
        scan.deps = [d for d in scan.deps if (d.ecosystem, d.name) not in own]
    if any(p.endswith(".versions.toml") for p in gradle_files):
        scan.deps = gradle.settle_catalogs(scan.deps, gradle_files)
    return scan
