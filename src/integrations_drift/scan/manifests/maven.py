"""Maven: pom.xml ``<dependency>`` entries in ``<dependencies>`` and ``<dependencyManagement>``
(also inside profiles). Plugin dependencies are build tooling and are left out.

Only what the module itself puts on its classpath is strong evidence. Test scope, an imported BOM
(``<scope>import</scope>``), an ``<optional>`` dependency (a feature left to whoever depends on the
module, or a development aid such as devtools) and a ``<dependencyManagement>`` entry (a version
pin that a module may or may not use) are development dependencies: evidence, never a row."""

from __future__ import annotations

import re

from integrations_drift.scan.manifests.common import Dependency, Ecosystem, Kind, ManifestError, basename
from integrations_drift.scan.manifests.xmltree import Node, parse_xml

ECOSYSTEM: Ecosystem = "maven"

_PROPERTY = re.compile(r"\$\{([^}]+)\}")
# scopes whose artifact is not on the running module's classpath
_NOT_THE_MODULES = frozenset({"test", "import"})


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "pom.xml" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    root = parse_xml(data)
    if root.tag != "project":
        raise ManifestError(f"root element is <{root.tag}>, not <project>")
    properties = _properties(root)
    out: list[Dependency] = []
    for holder in [
        root,
        *[p for ps in root.children_named("profiles") for p in ps.children_named("profile")],
    ]:
        lists = [(deps, False) for deps in holder.children_named("dependencies")]
        for management in holder.children_named("dependencyManagement"):
            lists.extend((deps, True) for deps in management.children_named("dependencies"))
        for deps, managed in lists:
            for dep in deps.children_named("dependency"):
                found = _dependency(path, dep, properties, managed)
                if found is not None:
                    out.append(found)
    return out


def _properties(root: Node) -> dict[str, str]:
    props = {f"project.{k}": v for k in ("groupId", "artifactId", "version") if (v := root.child_text(k))}
    parent = root.child("parent")
    if parent is not None and (v := parent.child_text("version")):
        props.setdefault("project.version", v)
        props["project.parent.version"] = v
    for section in root.children_named("properties"):
        for prop in section.children:
            props[prop.tag] = prop.text.strip()
    return props


def _dependency(path: str, dep: Node, properties: dict[str, str], managed: bool) -> Dependency | None:
    group, artifact = dep.child_text("groupId"), dep.child_text("artifactId")
    if not group or not artifact:
        return None  # not a valid coordinate; Maven itself would reject it

    def resolve(value: str) -> str:
        # One level of ``${...}`` substitution covers the usual ``<x.version>`` properties.
        return _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), value)

    version = dep.child_text("version")
    artifact_node = dep.child("artifactId")
    line = artifact_node.line if artifact_node is not None else dep.line
    scope = (dep.child_text("scope") or "").strip().lower()
    optional = (dep.child_text("optional") or "").strip().lower() == "true"
    dev = managed or optional or scope in _NOT_THE_MODULES
    return Dependency(
        "maven",
        f"{resolve(group)}:{resolve(artifact)}",
        path,
        line,
        dev,
        resolve(version) if version else None,
    )
