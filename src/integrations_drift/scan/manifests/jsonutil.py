"""Loading JSON manifests with a warning-ready error message."""

from __future__ import annotations

import json
from typing import Any

from integrations_drift.scan.manifests.common import ManifestError, decode, type_name


def load_object(data: bytes) -> tuple[str, dict[str, Any]]:
    """The text and top-level object of a JSON document."""
    text = decode(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"invalid JSON at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise ManifestError("invalid JSON: nested too deeply") from exc
    if not isinstance(doc, dict):
        raise ManifestError(f"top level is {type_name(doc)}, not an object")
    return text, doc


def string_map(doc: dict[str, Any], key: str, where: str = "") -> dict[str, str]:
    """``doc[key]`` as a name -> version mapping (empty when absent)."""
    value = doc.get(key)
    if value is None:
        return {}
    label = f'"{where}{key}"'
    if not isinstance(value, dict):
        raise ManifestError(f"{label} is {type_name(value)}, not an object")
    for name, version in value.items():
        if not isinstance(version, str):
            raise ManifestError(f'{label}: version of "{name}" is {type_name(version)}, not a string')
    return value
