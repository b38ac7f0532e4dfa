"""npm: package.json, and package-lock.json / pnpm-lock.yaml where no package.json sits beside them.

yarn.lock is not read: it cannot tell direct dependencies from transitive ones.
"""

from __future__ import annotations

from typing import Any

import yaml

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    decode,
    type_name,
)
from integrations_drift.scan.manifests.jsonutil import load_object, string_map
from integrations_drift.scan.manifests.positions import json_key_lines

ECOSYSTEM: Ecosystem = "npm"

# Section -> development only.
_SECTIONS = {
    "dependencies": False,
    "devDependencies": True,
    "peerDependencies": False,
    "optionalDependencies": False,
}
_LOCKS = frozenset({"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml"})


def kind(path: str) -> Kind | None:
    name = basename(path)
    if name == "package.json":
        return "manifest"
    return "lock" if name in _LOCKS else None


def parse(path: str, data: bytes) -> list[Dependency]:
    name = basename(path)
    if name == "pnpm-lock.yaml":
        return _pnpm_lock(path, data)
    text, doc = load_object(data)
    if name == "package.json":
        return _sections(path, text, doc, ())
    return _package_lock(path, text, doc)


_LOCAL_SPECS = ("workspace:", "file:", "link:", "portal:")


def own_packages(path: str, data: bytes) -> list[str]:
    """The package this ``package.json`` declares: another workspace's dependency on it (``"*"``,
    a version) is the tree's own code."""
    if basename(path) != "package.json":
        return []
    try:
        _, doc = load_object(data)
    except ManifestError:
        return []
    name = doc.get("name")
    return [name] if isinstance(name, str) else []


def _real_name(name: str, spec: str) -> tuple[str, str]:
    """``"alias": "npm:real@^1"`` installs ``real``: report the package actually used."""
    if spec.startswith("npm:"):
        target = spec[4:]
        at = target.find("@", 1)
        if at > 0:
            return target[:at], target[at + 1 :]
        return target, ""
    return name, spec


def _sections(
    path: str, text: str, doc: dict[str, Any], prefix: tuple[str, ...], where: str = ""
) -> list[Dependency]:
    lines = json_key_lines(text)
    out: list[Dependency] = []
    for section, dev in _SECTIONS.items():
        for key, spec in string_map(doc, section, where).items():
            if spec.startswith(_LOCAL_SPECS):
                continue  # a package of the tree itself (a workspace member, a folder)
            name, version = _real_name(key, spec)
            line = lines.get((*prefix, section, key), 1)
            out.append(Dependency("npm", name, path, line, dev, version or None))
    return out


def _package_lock(path: str, text: str, doc: dict[str, Any]) -> list[Dependency]:
    # Only lockfileVersion 2/3 record the root package's own (direct) dependencies.
    packages = doc.get("packages")
    if packages is None:
        return []
    if not isinstance(packages, dict):
        raise ManifestError(f'"packages" is {type_name(packages)}, not an object')
    root = packages.get("")
    if root is None:
        return []
    if not isinstance(root, dict):
        raise ManifestError(f"\"packages['']\" is {type_name(root)}, not an object")
    return _sections(path, text, root, ("packages", ""), 'packages[""].')


def _pnpm_lock(path: str, data: bytes) -> list[Dependency]:
    text = decode(data)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestError(f"invalid YAML{where}") from exc
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise ManifestError("top level is not a mapping")
    # pnpm 9 (and workspaces) put the root package under importers['.']; older files at the top.
    holders = [root]
    importers = _get(root, "importers")
    if isinstance(importers, yaml.MappingNode):
        dot = _get(importers, ".")
        if isinstance(dot, yaml.MappingNode):
            holders.append(dot)
    out: list[Dependency] = []
    for holder in holders:
        for section, dev in _SECTIONS.items():
            node = _get(holder, section)
            if node is None:
                continue
            if not isinstance(node, yaml.MappingNode):
                raise ManifestError(f'"{section}" is not a mapping (line {node.start_mark.line + 1})')
            for key_node, value in node.value:
                version = _pnpm_version(value)
                name, version = _real_name(str(key_node.value), version or "")
                out.append(Dependency("npm", name, path, key_node.start_mark.line + 1, dev, version or None))
    return out


def _get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.Node):
            return v
    return None


def _pnpm_version(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.MappingNode):
        spec = _get(node, "specifier") or _get(node, "version")
        if isinstance(spec, yaml.ScalarNode):
            return str(spec.value)
    return None
