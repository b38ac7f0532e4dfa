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


def parse(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    out: list[Dependency] = []
    for name, dev in _TABLES.items():
        out.extend(_table(path, doc, lines, (name,), dev))
    for cfg in table(doc, ("target",)) or {}:
        for name, dev in _TABLES.items():
            out.extend(_table(path, doc, lines, ("target", cfg, name), dev))
    out.extend(_table(path, doc, lines, ("workspace", "dependencies"), False))
    return out


def _table(path: str, doc: dict[str, Any], lines: TomlLines, where: Path, dev: bool) -> list[Dependency]:
    deps = table(doc, where)
    out: list[Dependency] = []
    for key, spec in (deps or {}).items():
        name, version = key, None
        if isinstance(spec, str):
            version = spec
        elif isinstance(spec, dict):
            # ``alias = { package = "real-name" }``: the crate pulled in is the real name.
            if isinstance(spec.get("package"), str):
                name = spec["package"]
            if isinstance(spec.get("version"), str):
                version = spec["version"]
        else:
            raise ManifestError(f'{".".join(where)}: "{key}" is {type_name(spec)}, not a version or table')
        out.append(Dependency("crates", name, path, key_line(lines, (*where, key)), dev, version))
    return out
