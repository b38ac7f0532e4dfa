"""docker compose: ``environment:`` entries are sets for the container; ``${X}`` interpolation is a
read of the host environment by compose itself."""

from __future__ import annotations

import re

from yaml.nodes import Node

from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "compose"

# ``$$`` is compose's escape for a literal dollar and is consumed first so ``$$X`` is not a read.
_INTERPOLATION = re.compile(
    r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])|(?=\}))|([A-Za-z_][A-Za-z0-9_]*))"
)
# ``:-``/``-`` substitute a default and ``:+``/``+`` an alternative: an unset variable is fine.
_OPTIONAL_OPERATORS = frozenset({":-", "-", ":+", "+"})


def wants(data: bytes) -> bool:
    return b"environment" in data or b"$" in data


def looks_like_compose(roots: list[Node]) -> bool:
    """A top-level ``services:`` mapping of mappings with ``image:`` or ``build:`` (and no k8s ``kind``)."""
    for root in roots:
        if yt.get(root, "kind") is not None:
            continue
        for _, service in yt.mapping_items(yt.get(root, "services")):
            if yt.get(service, "image") is not None or yt.get(service, "build") is not None:
                return True
    return False


def _environment_sets(out: RefList, environment: Node | None) -> None:
    out.set_keys(environment)
    for item in yt.sequence_items(environment):
        entry = yt.scalar(item)
        if entry is not None:
            out.set(entry.partition("=")[0], yt.line_of(item))


def add_interpolation_reads(out: RefList, text: str, roots: list[Node]) -> None:
    for m, line in yt.matches_in_values(text, roots, _INTERPOLATION, "$"):
        name = m.group(1) or m.group(3)
        if name:
            out.read(name, line, has_default=m.group(2) in _OPTIONAL_OPERATORS)


def scan_nodes(sf: SourceFile, text: str, roots: list[Node]) -> list[EnvRef]:
    out = RefList(sf, SOURCE)
    for root in roots:
        for _, service in yt.mapping_items(yt.get(root, "services")):
            _environment_sets(out, yt.get(service, "environment"))
    add_interpolation_reads(out, text, roots)
    return out.refs


def scan(sf: SourceFile) -> list[EnvRef]:
    text = sf.text()
    roots = yt.compose_documents(text)
    return [] if roots is None else scan_nodes(sf, text, roots)
