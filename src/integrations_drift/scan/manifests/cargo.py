"""Rust: Cargo.toml dependency tables (Cargo.lock is not read: a Cargo.toml always sits beside it)."""

from __future__ import annotations

from typing import Any

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    type_name,
)
from integrations_drift.scan.manifests.positions import Path, TomlLines
from integrations_drift.scan.manifests.tomlutil import key_line, load, table

ECOSYSTEM: Ecosystem = "crates"

# Table name -> development only. Underscore spellings are Cargo's older, still accepted forms.
_TABLES = {
    "dependencies": False,
    "dev-dependencies": True,
    "dev_dependencies": True,
    "build-dependencies": False,
    "build_dependencies": False,
}


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "Cargo.toml" else None


def own_packages(path: str, data: bytes) -> list[str]:
    """The crate this manifest builds (``[package] name``): a sibling's ``{ workspace = true }``
    dependency on it is the tree's own code."""
    try:
        doc, _ = load(data)
        package = table(doc, ("package",))
    except ManifestError:
        return []
    name = (package or {}).get("name")
    return [name] if isinstance(name, str) else []


def parse(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    out: list[Dependency] = []
    for name, dev in _TABLES.items():
        out.extend(_table(path, doc, lines, (name,), dev))
    for cfg in table(doc, ("target",)) or {}:
        for name, dev in _TABLES.items():
            out.extend(_table(path, doc, lines, ("target", cfg, name), dev))
    out.extend(_table(path, doc, lines, ("workspace", "dependencies"), False))
    out.extend(_features(path, doc, lines))
    return out


def _features(path: str, doc: dict[str, Any], lines: TomlLines) -> list[Dependency]:
    """The crate features a package's own ``[features]`` turn on (``postgres = ["diesel/postgres",
    "sqlx?/postgres"]``), as ``crate/feature``: one database crate serves several databases, and
    its feature says which."""
    out: list[Dependency] = []
    for key, enables in (table(doc, ("features",)) or {}).items():
        if not isinstance(enables, list):
            continue
        line = key_line(lines, ("features", key))
        for item in enables:
            if isinstance(item, str) and "/" in item and not item.startswith("dep:"):
                crate, _, feature = item.partition("/")
                out.append(Dependency("crates", f"{crate.rstrip('?')}/{feature}", path, line, False, None))
    return out


def _table(path: str, doc: dict[str, Any], lines: TomlLines, where: Path, dev: bool) -> list[Dependency]:
    deps = table(doc, where)
    out: list[Dependency] = []
    for key, spec in (deps or {}).items():
        name, version = key, None
        if isinstance(spec, str):
            version = spec
        elif isinstance(spec, dict):
            if "path" in spec:
                continue  # the tree's own crate (a workspace member), not a package from outside
            # ``alias = { package = "real-name" }``: the crate pulled in is the real name.
            if isinstance(spec.get("package"), str):
                name = spec["package"]
            if isinstance(spec.get("version"), str):
                version = spec["version"]
        else:
            raise ManifestError(f'{".".join(where)}: "{key}" is {type_name(spec)}, not a version or table')
        line = key_line(lines, (*where, key))
        out.append(Dependency("crates", name, path, line, dev, version))
        # `sqlx = { features = ["postgres"] }`: which of the crate's backends the package builds
        features = spec.get("features") if isinstance(spec, dict) else None
        for feature in features if isinstance(features, list) else ():
            if isinstance(feature, str) and "/" not in feature:
                out.append(Dependency("crates", f"{name}/{feature}", path, line, dev, version))
    return out
