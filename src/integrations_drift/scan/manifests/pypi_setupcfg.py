"""setuptools' setup.cfg: ``[options]`` install_requires / tests_require and ``[options.extras_require]``."""

from __future__ import annotations

import configparser
import re

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    decode,
    is_dev_name,
    split_lines,
)
from integrations_drift.scan.manifests.pep508 import parse_requirement, with_extras

ECOSYSTEM: Ecosystem = "pypi"

_SECTION = re.compile(r"\[([^\]]+)\]")
_KEY = re.compile(r"([^=:\s][^=:]*?)\s*[=:]\s*(.*)")
# A ';' in a one-line list separates requirements unless what follows is an environment marker.
_MARKER_START = re.compile(r"\s*(?:python_|sys_platform|platform_|implementation_|os_name|extra\b)")


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "setup.cfg" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    text = decode(data)
    try:
        configparser.ConfigParser(interpolation=None, strict=False).read_string(text)
    except configparser.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ManifestError(f"invalid setup.cfg: {first}") from exc
    out: list[Dependency] = []
    for (section, key), line, value in _values(text):
        dev: bool
        if section == "options" and key == "install_requires":
            dev = False
        elif section == "options" and key == "tests_require":
            dev = True
        elif section == "options.extras_require":
            dev = is_dev_name(key)
        else:
            continue
        for requirement in _split(value):
            found = parse_requirement(requirement)
            if found is not None:
                out.extend(with_extras(Dependency("pypi", found[0], path, line, dev, found[1]), requirement))
    return out


def _values(text: str) -> list[tuple[tuple[str, str], int, str]]:
    """((section, key), line, one line of the value) for every physical line of every value."""
    out: list[tuple[tuple[str, str], int, str]] = []
    section = ""
    current: tuple[str, str] | None = None
    for number, raw in enumerate(split_lines(text), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if raw[0] in " \t":
            if current is not None:
                out.append((current, number, stripped))
            continue
        header = _SECTION.fullmatch(stripped)
        if header:
            section, current = header.group(1).strip(), None
            continue
        key = _KEY.fullmatch(stripped)
        if key is None:
            current = None
            continue
        current = (section, key.group(1).strip().lower())
        if key.group(2).strip():
            out.append((current, number, key.group(2).strip()))
    return out


def _split(value: str) -> list[str]:
    value = re.sub(r"\s+#.*$", "", value).strip()
    if not value or value.startswith(("file:", "attr:")):
        return []
    parts: list[str] = []
    for piece in value.split(";"):
        if parts and _MARKER_START.match(piece):
            parts[-1] += ";" + piece
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]
