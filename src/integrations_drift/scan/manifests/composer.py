"""PHP: composer.json ``require`` / ``require-dev``; composer.lock where no composer.json sits beside it."""

from __future__ import annotations

import re

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    type_name,
)
from integrations_drift.scan.manifests.jsonutil import load_object, string_map
from integrations_drift.scan.manifests.positions import json_key_lines

ECOSYSTEM: Ecosystem = "composer"

# The PHP runtime, its libraries and Composer itself: platform requirements, not packages. An
# extension (``ext-pgsql``, ``ext-ldap``, ``ext-redis``) stays: it may be a service's client.
_PLATFORM = re.compile(
    r"php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|lib-.+|composer(?:-plugin-api|-runtime-api)?", re.I
)


def kind(path: str) -> Kind | None:
    name = basename(path)
    if name == "composer.json":
        return "manifest"
    return "lock" if name == "composer.lock" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    text, doc = load_object(data)
    lines = json_key_lines(text)
    out: list[Dependency] = []
    if basename(path) == "composer.lock":
        for section, dev in (("packages", False), ("packages-dev", True)):
            packages = doc.get(section, [])
            if not isinstance(packages, list):
                raise ManifestError(f'"{section}" is {type_name(packages)}, not an array')
            for i, package in enumerate(packages):
                if not isinstance(package, dict) or not isinstance(package.get("name"), str):
                    raise ManifestError(f'"{section}" entry {i + 1} has no name')
                version = package.get("version")
                line = lines.get((section, f"#{i}", "name"), 1)
                out.append(
                    Dependency(
                        "composer",
                        package["name"],
                        path,
                        line,
                        dev,
                        version if isinstance(version, str) else None,
                    )
                )
        return out
    for section, dev in (("require", False), ("require-dev", True)):
        for name, version in string_map(doc, section).items():
            if not _PLATFORM.fullmatch(name):
                out.append(Dependency("composer", name, path, lines.get((section, name), 1), dev, version))
    return out
