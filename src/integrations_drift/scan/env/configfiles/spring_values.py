"""The keys a JVM application's own configuration file gives a value (``application.yml``,
``application.properties``, ``bootstrap.yml`` in a ``resources`` folder).

Spring Boot, Micronaut and Quarkus bind every key from the environment too (relaxed binding:
``komga.config-dir`` <- ``KOMGA_CONFIGDIR``), so each key is binder evidence like the leaf keys of
a .NET ``appsettings.json``; and a key the file gives a value needs no variable: a placeholder or
field bound to the same key elsewhere has that default (see ``frameworks.settle``). Only the base
file counts: a profile's file (``application-dev.yml``) applies when that profile is active.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode

from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.relaxed import env_names
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "spring-value"

_BASE_FILE = re.compile(r"(?:^|/)resources/(?:config/)?(?:application|bootstrap)\.(?:ya?ml|properties)$")
# `key=value`, `key: value` or `key value`; `#`/`!` lines are comments, `\` continues a line
_PROPERTY = re.compile(r"[ \t]*([A-Za-z][\w.\-]*)[ \t]*[=:]?")
_MAX_DEPTH = 12


def wants(path: str) -> bool:
    return _BASE_FILE.search(path) is not None


def scan(sf: SourceFile) -> list[EnvRef]:
    out = RefList(sf, SOURCE)
    if sf.path.endswith(".properties"):
        _scan_properties(sf.text(), out)
        return out.refs
    text = sf.text()
    # Gradle's processResources `expand()` templates escape the placeholders Spring resolves
    # (`\${app.dir}`), which YAML refuses inside double quotes
    roots = yt.compose_documents(text.replace("\\$", "$") if "\\$" in text else text)
    if any(yt.get(root, "ktor") is not None for root in roots or []):
        return []  # Ktor reads its file's `$NAME` values, and binds no key from the environment
    for root in roots or []:
        if isinstance(root, MappingNode) and not _conditional(root):
            _walk(root, [], out, 0)
    return out.refs


def _conditional(root: MappingNode) -> bool:
    """A document that applies only under a profile: ``spring.config.activate.on-profile: dev``,
    or the legacy ``spring.profiles: dev`` (``spring.profiles.active`` chooses, it is no condition)."""
    spring = yt.get(root, "spring")
    legacy = yt.get(spring, "profiles")
    return yt.get(yt.get(spring, "config"), "activate") is not None or isinstance(legacy, ScalarNode)


def _walk(node: Node, path: list[str], out: RefList, depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    for key_node, value in yt.mapping_items(node):
        key = yt.scalar(key_node)
        if key is None:
            continue
        keys = [*path, key]
        if isinstance(value, MappingNode):
            _walk(value, keys, out, depth + 1)
        elif isinstance(value, ScalarNode):
            _add(".".join(keys), yt.line_of(value), value.value, out)


def _scan_properties(text: str, out: RefList) -> None:
    continued = False
    for number, line in enumerate(text.split("\n"), start=1):
        was_continued, continued = continued, line.rstrip("\r").endswith("\\")
        stripped = line.lstrip()
        if was_continued or not stripped or stripped[0] in "#!":
            continue
        text = line.rstrip("\r").rstrip("\\")
        m = _PROPERTY.match(text)
        if m is not None:
            _add(m.group(1), number, text[m.end() :].strip() or ("x" if continued else ""), out)


def _add(key: str, line: int, value: str, out: RefList) -> None:
    for name in env_names(key):
        out.read(name, line, has_default=bool(value.strip()))
