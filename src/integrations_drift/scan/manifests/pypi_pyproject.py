"""pyproject.toml: PEP 621 ``[project]``, PEP 735 ``[dependency-groups]``, Poetry, PDM and uv tables."""

from __future__ import annotations

from typing import Any

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    is_dev_name,
    type_name,
)
from integrations_drift.scan.manifests.pep508 import normalise, parse_requirement, with_extras
from integrations_drift.scan.manifests.positions import Path, TomlLines
from integrations_drift.scan.manifests.tomlutil import array, key_line, load, table

ECOSYSTEM: Ecosystem = "pypi"


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "pyproject.toml" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    out: list[Dependency] = []

    def requirements(where: Path, dev: bool) -> None:
        out.extend(requirement_array(path, doc, lines, where, dev))

    requirements(("project", "dependencies"), False)
    for group in table(doc, ("project", "optional-dependencies")) or {}:
        requirements(("project", "optional-dependencies", group), is_dev_name(group))
    for group in table(doc, ("dependency-groups",)) or {}:
        requirements(("dependency-groups", group), is_dev_name(group))
    for group in table(doc, ("tool", "pdm", "dev-dependencies")) or {}:
        requirements(("tool", "pdm", "dev-dependencies", group), True)
    requirements(("tool", "uv", "dev-dependencies"), True)

    out.extend(poetry_table(path, doc, lines, ("tool", "poetry", "dependencies"), False))
    out.extend(poetry_table(path, doc, lines, ("tool", "poetry", "dev-dependencies"), True))
    for group in table(doc, ("tool", "poetry", "group")) or {}:
        where = ("tool", "poetry", "group", group, "dependencies")
        out.extend(poetry_table(path, doc, lines, where, is_dev_name(group)))
    return out


def requirement_array(
    path: str, doc: dict[str, Any], lines: TomlLines, where: Path, dev: bool
) -> list[Dependency]:
    """An array of PEP 508 strings; tables in it (``{include-group = ...}``) are skipped."""
    items = array(doc, where)
    if not items:
        return []
    item_lines = lines.item_lines(where)
    # Item lines come from the same text in the same order, so positions pair up one to one.
    fallback = key_line(lines, where)
    out: list[Dependency] = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            continue
        if not isinstance(item, str):
            raise ManifestError(f"{'.'.join(where)}: item {i + 1} is {type_name(item)}, not a string")
        found = parse_requirement(item)
        if found is None:
            continue
        line = item_lines[i] if len(item_lines) == len(items) else fallback
        out.extend(with_extras(Dependency("pypi", found[0], path, line, dev, found[1]), item))
    return out


def poetry_table(
    path: str, doc: dict[str, Any], lines: TomlLines, where: Path, dev: bool
) -> list[Dependency]:
    """A Poetry/Pipenv style ``name = "spec"`` or ``name = {version = ...}`` table."""
    deps = table(doc, where)
    if deps is None:
        return []
    out: list[Dependency] = []
    for name, spec in deps.items():
        if name.lower() == "python":
            continue  # the interpreter constraint, not a package
        version = _version(spec, where, name)
        out.append(Dependency("pypi", normalise(name), path, key_line(lines, (*where, name)), dev, version))
    return out


def _version(spec: object, where: Path, name: str) -> str | None:
    # Several constraints for different markers come as a list of tables; the first one will do.
    if isinstance(spec, list) and spec and all(isinstance(s, dict) for s in spec):
        spec = spec[0]
    if isinstance(spec, dict):
        spec = spec.get("version")
        if spec is None:
            return None  # git / path / url dependency
    if not isinstance(spec, str):
        raise ManifestError(f'{".".join(where)}: "{name}" is {type_name(spec)}, not a version or table')
    spec = spec.strip()
    return None if spec in ("", "*") else spec
