"""Loading TOML manifests, with typed access that turns wrong shapes into a warning."""

from __future__ import annotations

import tomllib
from typing import Any

from integrations_drift.scan.manifests.common import ManifestError, decode, type_name
from integrations_drift.scan.manifests.positions import Path, TomlLines


def load(data: bytes) -> tuple[dict[str, Any], TomlLines]:
    text = decode(data)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"invalid TOML: {exc}") from exc
    return doc, TomlLines(text)


def table(doc: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The table at ``path`` (None when absent); an existing non-table is a ManifestError."""
    node: Any = doc
    for i, key in enumerate(path):
        if not isinstance(node, dict):
            raise ManifestError(f"[{'.'.join(path[:i])}] is {type_name(node)}, not a table")
        node = node.get(key)
        if node is None:
            return None
    if not isinstance(node, dict):
        raise ManifestError(f"{'.'.join(path)} is {type_name(node)}, not a table")
    return node


def array(doc: dict[str, Any], path: Path) -> list[Any] | None:
    parent = table(doc, path[:-1])
    value = None if parent is None else parent.get(path[-1])
    if value is None:
        return None
    if not isinstance(value, list):
        raise ManifestError(f"{'.'.join(path)} is {type_name(value)}, not an array")
    return value


def key_line(lines: TomlLines, path: Path) -> int:
    """Line of ``path``, else of its nearest recorded parent (a last resort, never expected)."""
    for end in range(len(path), 0, -1):
        found = lines.line(path[:end])
        if found is not None:
            return found
    return 1
