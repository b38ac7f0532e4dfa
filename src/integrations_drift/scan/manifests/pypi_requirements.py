"""pip requirement files: requirements*.txt, requirements/*.txt, constraints*.txt (and pip-tools .in).

Includes (``-r``/``-c``) are not followed: every such file in the tree is read on its own.
"""

from __future__ import annotations

import re

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    basename,
    decode,
    is_dev_name,
    split_lines,
)
from integrations_drift.scan.manifests.pep508 import normalise, parse_requirement, with_extras

ECOSYSTEM: Ecosystem = "pypi"

_NAME = re.compile(r"(?:.*[-_.])?(?:requirements|constraints)(?:[-_.].*)?\.(?:txt|in)", re.I)
_COMMENT = re.compile(r"(^|\s+)#.*$")
_EGG = re.compile(r"#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
# Per-requirement options (``--hash=...``) follow the requirement itself.
_TRAILING_OPTIONS = re.compile(r"\s+--?[A-Za-z].*$")
_EDITABLE = re.compile(r"^(?:-e|--editable)(?:\s+|=)(.*)$")


def kind(path: str) -> Kind | None:
    name = basename(path)
    parent = path.rsplit("/", 2)[-2] if "/" in path else ""
    if _NAME.fullmatch(name):
        return "manifest"
    if parent.lower() == "requirements" and name.lower().endswith((".txt", ".in")):
        return "manifest"
    return None


def _is_dev_file(path: str) -> bool:
    # requirements-dev.txt, dev-requirements.txt, requirements/test.txt, constraints.lint.txt ...
    return is_dev_name(basename(path).rsplit(".", 1)[0])


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line, joined text) with backslash continuations joined and comments removed."""
    out: list[tuple[int, str]] = []
    start, parts = 0, list[str]()
    for number, raw in enumerate(split_lines(text), start=1):
        if not parts:
            start = number
            if raw.lstrip().startswith("#"):
                continue
        if raw.endswith("\\"):
            parts.append(raw[:-1])
            continue
        parts.append(raw)
        out.append((start, _COMMENT.sub("", " ".join(parts)).strip()))
        parts = []
    if parts:
        out.append((start, _COMMENT.sub("", " ".join(parts)).strip()))
    return out


def parse(path: str, data: bytes) -> list[Dependency]:
    dev = _is_dev_file(path)
    out: list[Dependency] = []
    for line, text in logical_lines(decode(data)):
        found = requirement_line(text)
        if found is not None:
            out.extend(with_extras(Dependency("pypi", found[0], path, line, dev, found[1]), text))
    return out


def requirement_line(text: str) -> tuple[str, str | None] | None:
    """Name and version of one logical requirements line, or None for options, paths and blanks."""
    editable = _EDITABLE.match(text)
    if editable:
        text = editable.group(1).strip()
    elif text.startswith("-"):
        return None  # -r, -c, --index-url, ...: not a dependency
    if "://" in text or text.startswith((".", "/", "~")) or editable:
        # A URL, VCS reference or local path: only ``#egg=`` names the project.
        if "@" in text.split("://", 1)[0] and not editable:
            pass  # ``name @ https://...`` is a plain PEP 508 requirement
        else:
            egg = _EGG.search(text)
            return (normalise(egg.group(1)), None) if egg else None
    return parse_requirement(_TRAILING_OPTIONS.sub("", text))
