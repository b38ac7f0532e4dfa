"""poetry.lock and Pipfile.lock, read only where no Python manifest sits beside them.

Both list every installed package (transitive ones too): that is the best a lone lock can say.
"""

from __future__ import annotations

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    type_name,
)
from integrations_drift.scan.manifests.jsonutil import load_object
from integrations_drift.scan.manifests.pep508 import normalise
from integrations_drift.scan.manifests.positions import json_key_lines
from integrations_drift.scan.manifests.tomlutil import array, key_line, load

ECOSYSTEM: Ecosystem = "pypi"


def kind(path: str) -> Kind | None:
    return "lock" if basename(path) in ("poetry.lock", "Pipfile.lock") else None


def parse(path: str, data: bytes) -> list[Dependency]:
    return _pipfile_lock(path, data) if basename(path) == "Pipfile.lock" else _poetry_lock(path, data)


def _poetry_lock(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    out: list[Dependency] = []
    for i, package in enumerate(array(doc, ("package",)) or []):
        if not isinstance(package, dict) or not isinstance(package.get("name"), str):
            raise ManifestError(f"[[package]] {i + 1} has no name")
        version = package.get("version")
        # Poetry < 1.5 writes ``category = "dev"``; later versions list the groups instead.
        groups = package.get("groups")
        dev = package.get("category") == "dev" or (isinstance(groups, list) and "main" not in groups)
        line = key_line(lines, ("package", f"#{i}", "name"))
        out.append(
            Dependency("pypi", normalise(package["name"]), path, line, dev, str(version) if version else None)
        )
    return out


def _pipfile_lock(path: str, data: bytes) -> list[Dependency]:
    text, doc = load_object(data)
    lines = json_key_lines(text)
    out: list[Dependency] = []
    for section, dev in (("default", False), ("develop", True)):
        packages = doc.get(section, {})
        if not isinstance(packages, dict):
            raise ManifestError(f'"{section}" is {type_name(packages)}, not an object')
        for name, info in packages.items():
            version = info.get("version") if isinstance(info, dict) else None
            line = lines.get((section, name), 1)
            out.append(
                Dependency(
                    "pypi", normalise(name), path, line, dev, version if isinstance(version, str) else None
                )
            )
    return out
