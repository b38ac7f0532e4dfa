"""Go modules: ``require`` lines and blocks of go.mod.

``// indirect`` requirements are left out: no package of the module imports them (they are its
dependencies' dependencies), so they say nothing about what the application talks to. Nor are the
project's own modules that a ``replace`` points at a folder (``=> ../shared``).

go.sum is never read: a go.mod always sits beside it.
"""

from __future__ import annotations

import re

from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    decode,
    split_lines,
)

ECOSYSTEM: Ecosystem = "go"

_BLOCK_START = re.compile(r"([a-z]+)\s*\(\s*$")
_DIRECTIVE = re.compile(r"([a-z]+)\b\s*(.*)$")
_PATH = r'(?:"[^"]+"|`[^`]+`|[^\s"`]+)'
_REQUIREMENT = re.compile(rf"({_PATH})\s+(\S+)$")
_INDIRECT = re.compile(r"\s*indirect\b")


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "go.mod" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    out: list[Dependency] = []
    local: set[str] = set()  # modules a ``replace`` points at a folder
    own_module = ""
    block: str | None = None
    block_line = 0
    for number, raw in enumerate(split_lines(decode(data)), start=1):
        line, _, comment = raw.partition("//")
        line = line.strip()
        if not line:
            continue
        indirect = _INDIRECT.match(comment) is not None
        if block is not None:
            if line == ")":
                block = None
            elif block == "require":
                dep = _requirement(path, number, line)
                if not indirect:
                    out.append(dep)
            elif block == "replace":
                local.update(_local_replacement(line))
            continue
        start = _BLOCK_START.fullmatch(line)
        if start:
            block, block_line = start.group(1), number
            continue
        directive = _DIRECTIVE.fullmatch(line)
        if directive is None:
            raise ManifestError(f"unexpected text at line {number}")
        if directive.group(1) == "require" and directive.group(2).replace(" ", "") != "()":
            dep = _requirement(path, number, directive.group(2).strip())
            if not indirect:
                out.append(dep)
        elif directive.group(1) == "module":
            own_module = directive.group(2).strip().strip('"`')
        elif directive.group(1) == "replace":
            local.update(_local_replacement(directive.group(2)))
    if block is not None:
        raise ManifestError(f"unclosed {block} block opened at line {block_line}")
    # Only a module of the tree's own owner (``github.com/acme/shared => ../shared`` beside
    # ``module github.com/acme/app``) is its own code; a vendor's module pointed at a folder is
    # a fork of the vendor's client.
    owner = "/".join(own_module.split("/")[:2]) + "/" if own_module else None
    return [d for d in out if not (owner and d.name in local and d.name.startswith(owner))]


def _local_replacement(text: str) -> list[str]:
    """``X [v] => ./dir``: the module required as X is a folder of the tree itself."""
    left, arrow, right = text.partition("=>")
    target = right.strip().strip('"`')
    if not arrow or not left.split() or not target.startswith(("./", "../", "/")):
        return []
    return [left.split()[0].strip('"`')]


def _requirement(path: str, number: int, text: str) -> Dependency:
    m = _REQUIREMENT.fullmatch(text)
    if m is None:
        raise ManifestError(f"malformed require at line {number}")
    module = m.group(1).strip('"`')
    return Dependency("go", module, path, number, False, m.group(2))
