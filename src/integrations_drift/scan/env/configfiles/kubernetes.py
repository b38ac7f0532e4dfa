"""Kubernetes manifests: ``containers[].env[].name`` sets a variable for the container.

``envFrom`` names a ConfigMap or Secret, not variables: the upper-case data keys of those are the
sets. Helm templates are not
YAML until rendered, so they get a line-based reading of ``env:`` blocks instead.
"""

from __future__ import annotations

from yaml.nodes import Node

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.env.configfiles.kinds import table
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "kubernetes"
HELM_SOURCE = "helm"

# Every pod-spec-like key, wherever it nests (Deployment, CronJob, Knative, Argo, List items...).
_CONTAINER_KEYS = frozenset({"containers", "initContainers", "ephemeralContainers"})

_ENV_KEY = lazy(r"^(\s*(?:-\s+)?)env:\s*(?:#.*)?$")
_NAME_ITEM = lazy(r"""^(\s*)-\s+name:\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2\s*(?:#.*)?$""")
_TEMPLATE_ONLY = lazy(r"^\s*\{\{.*\}\}\s*$")


def wants(data: bytes) -> bool:
    return b"apiVersion" in data and b"kind" in data and b"env" in data


def is_manifest(root: Node) -> bool:
    return yt.get(root, "apiVersion") is not None and yt.get(root, "kind") is not None


def scan_nodes(sf: SourceFile, roots: list[Node]) -> list[EnvRef]:
    out = RefList(sf, SOURCE)
    for root in roots:
        if not is_manifest(root):
            continue
        scan_env_data(out, root)
        for mapping in yt.all_mappings(root):
            for key, containers in yt.mapping_items(mapping):
                if yt.scalar(key) in _CONTAINER_KEYS:
                    _container_env(out, containers)
    return out.refs


def _container_env(out: RefList, containers: Node) -> None:
    for container in yt.sequence_items(containers):
        for entry in yt.sequence_items(yt.get(container, "env")):
            name_node = yt.get(entry, "name")
            name = yt.scalar(name_node)
            if name is not None and name_node is not None:
                out.set(name, yt.line_of(name_node))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def scan_template(sf: SourceFile, text: str) -> list[EnvRef]:
    """``- name: X`` items of ``env:`` blocks, read line by line (template directives skipped)."""
    out = RefList(sf, HELM_SOURCE)
    key_col = -1  # column of the open ``env:`` key, -1 when outside one
    item_col = -1
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if key_col >= 0:
            if not stripped or stripped.startswith("#") or _TEMPLATE_ONLY.match(line):
                continue
            col = _indent(line)
            # A sequence may sit at the key's own column ("compact" style), so only '-' may stay there.
            if col < key_col or (col == key_col and not stripped.startswith("-")):
                key_col = -1
            else:
                m = _NAME_ITEM.match(line)
                if m is not None and item_col in (-1, len(m.group(1))):
                    item_col = len(m.group(1))
                    out.set(m.group(3), number)
                continue
        m = _ENV_KEY.match(line)
        if m is not None:
            key_col, item_col = len(m.group(1)), -1
    return out.refs


# A ConfigMap or Secret handed to a container with ``envFrom`` sets one variable per data key; a
# key mounted as a file instead is a file name ("nginx.conf"), never an upper-case identifier.
_ENV_DATA_KINDS = frozenset({"ConfigMap", "Secret"})
_ENV_DATA_KEYS = ("data", "stringData")
_ENV_DATA_NAME = lazy(r"[A-Z_][A-Z0-9_]*")


def wants_env_data(data: bytes) -> bool:
    return b"apiVersion" in data and (b"ConfigMap" in data or b"Secret" in data)


def scan_env_data(out: RefList, root: Node) -> None:
    if yt.scalar(yt.get(root, "kind")) not in _ENV_DATA_KINDS:
        return
    for field in _ENV_DATA_KEYS:
        for name, key in yt.keyed(yt.get(root, field)):
            if _ENV_DATA_NAME.fullmatch(name):
                out.set(name, yt.line_of(key))


_UPPER = lazy(r"[A-Z][A-Z0-9_]*")


def wants_env_lists(data: bytes) -> bool:
    return b"nv" in data


def scan_env_lists(sf: SourceFile, source: str) -> list[EnvRef]:
    """Helm values and render.yaml: every list under an env-list key (``env:``, ``extraEnv:``,
    ``envVars:``) of ``{name|key: X, value: …}`` entries sets X, at any depth (per-component
    sections of a chart's values). A map under such a key (``env: {URLS__BASEURL: …}``, which the
    chart's template turns into entries with ``range $key, $val := .Values.env``) sets each of its
    UPPER_CASE keys."""
    roots = yt.compose_documents(sf.text())
    out = RefList(sf, source)
    keys = table().env_list_keys
    for root in roots or []:
        for mapping in yt.all_mappings(root):
            for key, value in yt.mapping_items(mapping):
                if yt.scalar(key) not in keys:
                    continue
                for env_name, env_node in yt.keyed(value):
                    if _UPPER.fullmatch(env_name):
                        out.set(env_name, yt.line_of(env_node))
                for entry in yt.sequence_items(value):
                    name_node = yt.get(entry, "name") or yt.get(entry, "key")
                    name = yt.scalar(name_node)
                    if name is not None and name_node is not None:
                        out.set(name, yt.line_of(name_node))
    return out.refs


_LITERAL = lazy(r"([A-Za-z_][A-Za-z0-9_]*)=")


def wants_kustomize(data: bytes) -> bool:
    return b"Generator" in data and b"literals" in data


def scan_kustomize(sf: SourceFile) -> list[EnvRef]:
    """``configMapGenerator``/``secretGenerator`` ``literals: [NAME=value]`` make a ConfigMap whose
    keys are variables once a container takes it with ``envFrom`` (its ``envs:`` files are dotenv
    files, read as such)."""
    out = RefList(sf, SOURCE)
    for root in yt.compose_documents(sf.text()) or []:
        for field in ("configMapGenerator", "secretGenerator"):
            for generator in yt.sequence_items(yt.get(root, field)):
                for item in yt.sequence_items(yt.get(generator, "literals")):
                    m = _LITERAL.match(yt.scalar(item) or "")
                    if m is not None:
                        out.set(m.group(1), yt.line_of(item))
    return out.refs
