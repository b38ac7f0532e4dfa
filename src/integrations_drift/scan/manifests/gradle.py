"""Gradle: dependency declarations in build.gradle / build.gradle.kts and version catalogs
(``*.versions.toml``). Declarations through a catalog (``libs.x``) are found in the catalog itself;
an entry whose every use is a test or BOM declaration is a development dependency there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    ManifestError,
    basename,
    decode,
    line_at,
    type_name,
)
from integrations_drift.scan.manifests.tomlutil import key_line, load, table

ECOSYSTEM: Ecosystem = "maven"

_CONFIGURATION = (
    r"\b(?P<conf>[a-z][A-Za-z0-9]*(?:Implementation|Api|CompileOnly|CompileOnlyApi|RuntimeOnly|AnnotationProcessor)"
    r"|implementation|api|compileOnly|compileOnlyApi|runtimeOnly|annotationProcessor|kapt[A-Za-z]*|ksp[A-Za-z]*"
    r"|compile|runtime|testCompile|testRuntime|developmentOnly|providedCompile|providedRuntime)"
)
# platform()/enforcedPlatform() import a BOM: version pins, no artifact on the classpath
_WRAPPER = r"(?:(?P<wrap>platform|enforcedPlatform|testFixtures)\s*\(\s*)?"
_BOM_WRAPPERS = frozenset({"platform", "enforcedPlatform"})
_STRING_FORM = lazy(
    _CONFIGURATION
    + r"\s*\(?\s*"
    + _WRAPPER
    + r"(?P<q>[\"'])(?P<coord>[^\"'\s:]+:[^\"'\s:]+(?::[^\"'\s]*)?)(?P=q)"
)
_MAP_FORM = lazy(
    _CONFIGURATION + r"\s*\(?\s*group\s*[:=]\s*(?P<q1>[\"'])(?P<group>[^\"']+)(?P=q1)\s*,\s*"
    r"name\s*[:=]\s*(?P<q2>[\"'])(?P<name>[^\"']+)(?P=q2)"
    r"(?:\s*,\s*version\s*[:=]\s*(?P<q3>[\"'])(?P<version>[^\"']*)(?P=q3))?"
)
# A catalog entry used through its accessor: `testImplementation(libs.redis.jedis)`
_CATALOG_USE = lazy(
    _CONFIGURATION + r"\s*\(?\s*" + _WRAPPER + r"(?P<accessor>[a-z][A-Za-z0-9]*(?:\s*\.\s*[A-Za-z0-9_]+)+)"
)
_ACCESSOR_PARTS = lazy(r"[-_.]")
_COMMENT_OR_STRING = lazy(r"//[^\n]*|/\*.*?\*/|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.S)


def kind(path: str) -> Kind | None:
    name = basename(path)
    return (
        "manifest"
        if name in ("build.gradle", "build.gradle.kts") or name.endswith(".versions.toml")
        else None
    )


def parse(path: str, data: bytes) -> list[Dependency]:
    if basename(path).endswith(".versions.toml"):
        return _catalog(path, data)
    text = _mask_comments(decode(data))
    found: list[tuple[int, Dependency]] = []
    for m in _STRING_FORM.finditer(text):
        group, artifact, *rest = m.group("coord").split(":")
        version = rest[0].split("@", 1)[0] if rest else None
        dep = Dependency(
            "maven", f"{group}:{artifact}", path, line_at(text, m.start("coord")), _dev(m), version or None
        )
        found.append((m.start(), dep))
    for m in _MAP_FORM.finditer(text):
        dep = Dependency(
            "maven",
            f"{m['group']}:{m['name']}",
            path,
            line_at(text, m.start("group")),
            _dev(m),
            m["version"] or None,
        )
        found.append((m.start(), dep))
    return [dep for _, dep in sorted(found, key=lambda pair: pair[0])]


def _dev(m: re.Match[str]) -> bool:
    # testImplementation, androidTestImplementation, integrationTestRuntimeOnly, kaptTest, ...
    # developmentOnly (Spring Boot's devtools) is left out of the packaged application
    conf = m.group("conf").lower()
    return "test" in conf or conf == "developmentonly" or m.groupdict().get("wrap") in _BOM_WRAPPERS


def _mask_comments(text: str) -> str:
    """Comments blanked out (newlines kept, so offsets still map to lines); strings untouched."""

    def blank(m: re.Match[str]) -> str:
        s = m.group()
        return s if s[0] in "\"'" else re.sub(r"[^\n]", " ", s)

    return _COMMENT_OR_STRING.sub(blank, text)


def _catalog(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    versions = table(doc, ("versions",)) or {}
    out: list[Dependency] = []
    for alias, spec in (table(doc, ("libraries",)) or {}).items():
        coord, version = _library(alias, spec, versions)
        out.append(Dependency("maven", coord, path, key_line(lines, ("libraries", alias)), False, version))
    return out


def _library(alias: str, spec: Any, versions: dict[str, Any]) -> tuple[str, str | None]:
    if isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) < 2:
            raise ManifestError(f'libraries.{alias}: "{spec}" is not group:artifact[:version]')
        return f"{parts[0]}:{parts[1]}", (parts[2] if len(parts) > 2 else None) or None
    if not isinstance(spec, dict):
        raise ManifestError(f"libraries.{alias} is {type_name(spec)}, not a string or table")
    module = spec.get("module")
    if isinstance(module, str) and ":" in module:
        coord = module
    elif isinstance(spec.get("group"), str) and isinstance(spec.get("name"), str):
        coord = f"{spec['group']}:{spec['name']}"
    else:
        raise ManifestError(f"libraries.{alias} has neither module nor group and name")
    version = spec.get("version")
    if isinstance(version, dict):
        # ``version.ref = "x"`` points into [versions]; a rich version table has ``strictly``/``require``.
        ref = version.get("ref")
        version = (
            versions.get(ref) if isinstance(ref, str) else version.get("strictly") or version.get("require")
        )
        if isinstance(version, dict):
            version = version.get("strictly") or version.get("require")
    return coord, version if isinstance(version, str) else None


def _catalog_root(path: str) -> str:
    # gradle/libs.versions.toml is the `libs` catalog; settings may declare others the same way
    return basename(path).removesuffix(".versions.toml")


def _accessor(root: str, alias: str) -> str:
    return ".".join([root, *(p.lower() for p in _ACCESSOR_PARTS.split(alias) if p)])


def settle_catalogs(deps: list[Dependency], files: Mapping[str, bytes]) -> list[Dependency]:
    """Catalog entries that the build files of ``files`` use only in test (or BOM) declarations are
    development dependencies; an entry no declaration names keeps what the catalog says."""
    used: dict[str, bool] = {}  # accessor -> some use puts it on the application's classpath
    lines: dict[tuple[str, int], str] = {}  # (catalog, line) -> accessor of the entry there
    for path, data in files.items():
        if basename(path).endswith(".versions.toml"):
            try:
                doc, text_lines = load(data)
            except ManifestError:
                continue
            root = _catalog_root(path)
            for alias in table(doc, ("libraries",)) or {}:
                lines[(path, key_line(text_lines, ("libraries", alias)))] = _accessor(root, alias)
            continue
        text = _mask_comments(decode(data))
        for m in _CATALOG_USE.finditer(text):
            accessor = re.sub(r"\s+", "", m.group("accessor")).lower()
            used[accessor] = used.get(accessor, False) or not _dev(m)
    out: list[Dependency] = []
    for dep in deps:
        entry = lines.get((dep.path, dep.line))
        if entry is not None and used.get(entry) is False:
            dep = replace(dep, dev=True)
        out.append(dep)
    return out
