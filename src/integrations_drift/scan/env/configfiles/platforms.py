"""Hosting platform files that set variables for the deployed app: fly.toml ``[env]``, netlify.toml
``[build.environment]``, vercel.json and Heroku app.json ``env``, serverless.yml ``environment``
(plus its ``${env:X}`` reads of the deploying shell)."""

from __future__ import annotations

from collections.abc import Callable

from yaml.nodes import Node

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.configfiles import yamltree as yt
from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

_TOML_TABLE = lazy(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_TOML_ARRAY_TABLE = lazy(r"^\s*\[\[")
_TOML_KEY = lazy(r"""^\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\s*=""")
_TOML_INLINE_ENV = lazy(r"^\s*(?:env|environment)\s*=\s*\{([^\n]*)\}")
_TOML_INLINE_KEY = lazy(r"""(?:^|,)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\s*=""")
_TOML_MULTILINE = lazy(r'"""|\'\'\'')

_SERVERLESS_ENV = lazy(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\s*(,)?")


def _fly_table(table: str) -> bool:
    return table == "env"


def _netlify_table(table: str) -> bool:
    parts = [p.strip().strip("\"'") for p in table.split(".")]
    return parts == ["build", "environment"] or (
        len(parts) >= 3 and parts[0] == "context" and parts[-1] == "environment"
    )


def _netlify_inline_parent(table: str) -> bool:
    return table == "build" or (table.startswith("context.") and not table.endswith(".environment"))


def _scan_toml(
    sf: SourceFile, source: str, env_table: Callable[[str], bool], inline_parent: Callable[[str], bool]
) -> list[EnvRef]:
    """Keys of the tables ``env_table`` accepts, and of ``environment = {...}`` in ``inline_parent`` ones."""
    out = RefList(sf, source)
    table = ""
    in_multiline = False
    for number, line in enumerate(sf.text().split("\n"), start=1):
        if in_multiline:
            in_multiline = len(_TOML_MULTILINE.findall(line)) % 2 == 0
            continue
        if _TOML_ARRAY_TABLE.match(line):
            table = "[[array]]"
        elif (t := _TOML_TABLE.match(line)) is not None:
            table = t.group(1)
        elif env_table(table) and (k := _TOML_KEY.match(line)) is not None:
            out.set(k.group(2), number)
        elif inline_parent(table) and (inline := _TOML_INLINE_ENV.match(line)) is not None:
            for k in _TOML_INLINE_KEY.finditer(inline.group(1)):
                out.set(k.group(2), number)
        in_multiline = len(_TOML_MULTILINE.findall(line)) % 2 == 1
    return out.refs


def wants_fly(data: bytes) -> bool:
    return b"env" in data


def scan_fly(sf: SourceFile) -> list[EnvRef]:
    return _scan_toml(sf, "fly", _fly_table, lambda table: table == "")


def wants_netlify(data: bytes) -> bool:
    return b"environment" in data


def scan_netlify(sf: SourceFile) -> list[EnvRef]:
    return _scan_toml(sf, "netlify", _netlify_table, _netlify_inline_parent)


def _json_roots(sf: SourceFile) -> tuple[str, list[Node]] | None:
    # JSON is YAML's flow style, and composing it keeps the line of every key. Tabs are JSON
    # whitespace but not YAML indentation; raw tabs cannot occur inside JSON strings, so swapping
    # them for spaces changes nothing else (and keeps offsets).
    text = sf.text().replace("\t", " ")
    roots = yt.compose_documents(text)
    return None if roots is None else (text, roots)


def wants_json_env(data: bytes) -> bool:
    return b'"env"' in data


def scan_vercel(sf: SourceFile) -> list[EnvRef]:
    parsed = _json_roots(sf)
    out = RefList(sf, "vercel")
    for root in parsed[1] if parsed else []:
        out.set_keys(yt.get(root, "env"))
        out.set_keys(yt.get(yt.get(root, "build"), "env"))
    return out.refs


def scan_app_json(sf: SourceFile) -> list[EnvRef]:
    parsed = _json_roots(sf)
    out = RefList(sf, "app-json")
    for root in parsed[1] if parsed else []:
        out.set_keys(yt.get(root, "env"))
    return out.refs


# node-config's mapping of configuration keys to variables: every string value names one
# (`{"__name": "X", "__format": "json"}` too); the configuration's defaults stand in when unset.
_NODE_CONFIG_OPTIONS = frozenset({"__format"})


def wants_node_config(data: bytes) -> bool:
    return b":" in data


def scan_node_config(sf: SourceFile) -> list[EnvRef]:
    parsed = _json_roots(sf)
    out = RefList(sf, "node-config")
    for root in parsed[1] if parsed else []:
        for mapping in yt.all_mappings(root):
            for key, value in yt.mapping_items(mapping):
                name = yt.scalar(value)
                if name is not None and yt.scalar(key) not in _NODE_CONFIG_OPTIONS:
                    out.read(name, yt.line_of(value), has_default=True)
    return out.refs


def wants_serverless(data: bytes) -> bool:
    return b"environment" in data or b"${env:" in data


def scan_serverless(sf: SourceFile) -> list[EnvRef]:
    text = sf.text()
    roots = yt.compose_documents(text)
    if roots is None:
        return []
    out = RefList(sf, "serverless")
    for root in roots:
        out.set_keys(yt.get(yt.get(root, "provider"), "environment"))
        for _, function in yt.mapping_items(yt.get(root, "functions")):
            out.set_keys(yt.get(function, "environment"))
    for m, line in yt.matches_in_values(text, roots, _SERVERLESS_ENV, "${env:"):
        out.read(m.group(1), line, has_default=bool(m.group(2)))
    return out.refs


# systemd: ``Environment=A=1 "B=two words"`` sets each assignment of the line. Each token is
# matched where it starts, so the line is read once.
_SYSTEMD_LINE = lazy(r"^\s*Environment\s*=(.*)$")
_SYSTEMD_ASSIGNMENT = lazy(r"""(?:^|\s)["']?([A-Za-z_][A-Za-z0-9_]*)=""")


def wants_systemd(data: bytes) -> bool:
    return b"Environment" in data


def scan_systemd(sf: SourceFile) -> list[EnvRef]:
    out = RefList(sf, "systemd")
    for number, line in enumerate(sf.text().split("\n"), start=1):
        m = _SYSTEMD_LINE.match(line)
        if m is not None:
            for a in _SYSTEMD_ASSIGNMENT.finditer(m.group(1)):
                out.set(a.group(1), number)
    return out.refs
