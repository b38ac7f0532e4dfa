"""Environment variables set or read by configuration files (not program source).

``scan_config_file`` is called for every file of the tree, so it decides by name first, then by a
bytes check, and decodes and parses only the files that pass both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yaml.nodes import Node

from integrations_drift.scan.env.configfiles import (
    appsettings,
    compose,
    dockerfile,
    dotenv,
    kubernetes,
    nextjs,
    nuxt,
    placeholders,
    platforms,
    readme,
    spring_values,
    workflow,
)
from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.kinds import classify
from integrations_drift.scan.types import EnvRef, SourceFile

__all__ = ["scan_config_file"]


@dataclass(frozen=True, slots=True)
class _Scanner:
    wants: Callable[[bytes], bool]
    scan: Callable[[SourceFile], list[EnvRef]]


def _wants_yaml(data: bytes) -> bool:
    return (
        placeholders.wants_erb(data)
        or placeholders.wants_symfony(data)
        or kubernetes.wants(data)
        or kubernetes.wants_env_data(data)
        or _wants_compose_by_content(data)
        or placeholders.wants_substitution(data)
    )


def _wants_compose_by_content(data: bytes) -> bool:
    return b"services" in data and (b"image" in data or b"build" in data)


def _scan_yaml(sf: SourceFile) -> list[EnvRef]:
    """A YAML file without a telling name: ERB-templated config, Symfony configuration, a Kubernetes
    manifest, a compose file, or an application's configuration with ``${X}`` substitutions."""
    if placeholders.wants_erb(sf.data):
        return placeholders.scan_erb(sf)
    if placeholders.wants_symfony(sf.data):
        return placeholders.scan_symfony(sf)
    text = sf.text()
    if kubernetes.wants(sf.data) and b"{{" in sf.data:
        return kubernetes.scan_template(sf, text)
    roots = yt.compose_documents(text)
    if roots is None:
        return []
    if any(kubernetes.is_manifest(root) for root in roots):
        return kubernetes.scan_nodes(sf, roots)
    if _wants_compose_by_content(sf.data) and compose.looks_like_compose(roots):
        return compose.scan_nodes(sf, text, roots)
    if placeholders.wants_substitution(sf.data) and any(_app_config(root) for root in roots):
        return placeholders.scan_substitution(sf)
    return []


# Sections of a Dropwizard application's configuration (its server and logging factories), which
# nearly every such file sets: a YAML file without them is not what the application starts with
_APP_CONFIG_KEYS = frozenset({"server", "logging"})


def _app_config(root: Node) -> bool:
    return any(key in _APP_CONFIG_KEYS for key, _ in yt.keyed(root))


def _scan_spring(sf: SourceFile) -> list[EnvRef]:
    """Placeholders, and the keys of the application's own configuration file."""
    refs = placeholders.scan_spring(sf) if placeholders.wants_spring(sf.data) else []
    if spring_values.wants(sf.path):
        refs.extend(spring_values.scan(sf))
    return refs


_SCANNERS: dict[str, _Scanner] = {
    "workflow": _Scanner(workflow.wants, workflow.scan),
    "dockerfile": _Scanner(dockerfile.wants, dockerfile.scan),
    "compose": _Scanner(compose.wants, compose.scan),
    "dotenv": _Scanner(dotenv.wants, dotenv.scan),
    "spring": _Scanner(lambda data: True, _scan_spring),
    "appsettings": _Scanner(appsettings.wants, appsettings.scan),
    "hocon": _Scanner(placeholders.wants_spring, placeholders.scan_hocon),
    "procfile": _Scanner(placeholders.wants_procfile, placeholders.scan_procfile),
    "fly": _Scanner(platforms.wants_fly, platforms.scan_fly),
    "netlify": _Scanner(platforms.wants_netlify, platforms.scan_netlify),
    "vercel": _Scanner(platforms.wants_json_env, platforms.scan_vercel),
    "app_json": _Scanner(platforms.wants_json_env, platforms.scan_app_json),
    "serverless": _Scanner(platforms.wants_serverless, platforms.scan_serverless),
    "node_config": _Scanner(platforms.wants_node_config, platforms.scan_node_config),
    "nextjs": _Scanner(nextjs.wants, nextjs.scan),
    "nuxt": _Scanner(nuxt.wants, nuxt.scan),
    "helm_values": _Scanner(kubernetes.wants_env_lists, lambda sf: kubernetes.scan_env_lists(sf, "helm")),
    "kustomize": _Scanner(kubernetes.wants_kustomize, kubernetes.scan_kustomize),
    "render": _Scanner(kubernetes.wants_env_lists, lambda sf: kubernetes.scan_env_lists(sf, "render")),
    "systemd": _Scanner(platforms.wants_systemd, platforms.scan_systemd),
    "readme": _Scanner(readme.wants, readme.scan),
    "yaml": _Scanner(_wants_yaml, _scan_yaml),
    "erb_template": _Scanner(placeholders.wants_erb, placeholders.scan_erb),
}


def scan_config_file(sf: SourceFile) -> list[EnvRef]:
    """The env refs of one configuration file, sorted by line; [] for any other file.

    Never raises on malformed content: a file that cannot be parsed yields nothing.
    """
    kind = classify(sf.path)
    scanner = _SCANNERS.get(kind) if kind is not None else None
    if scanner is None or not scanner.wants(sf.data):
        return []
    refs = scanner.scan(sf)
    return sorted(set(refs), key=lambda r: (r.line, r.name, r.use))
