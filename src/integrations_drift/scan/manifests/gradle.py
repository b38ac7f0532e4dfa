"""Gradle: dependency declarations in build.gradle / build.gradle.kts and version catalogs
(``*.versions.toml``). Declarations through a catalog (``libs.x``) are found in the catalog itself."""

from __future__ import annotations

import re
from typing import Any

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
_WRAPPER = r"(?:(?:platform|enforcedPlatform|testFixtures)\s*\(\s*)?"
_STRING_FORM = re.compile(
    _CONFIGURATION
    + r"\s*\(?\s*"
    + _WRAPPER
    + r"(?P<q>[\"'])(?P<coord>[^\"'\s:]+:[^\"'\s:]+(?::[^\"'\s]*)?)(?P=q)"
)
_MAP_FORM = re.compile(
    _CONFIGURATION + r"\s*\(?\s*group\s*[:=]\s*(?P<q1>[\"'])(?P<group>[^\"']+)(?P=q1)\s*,\s*"
    r"name\s*[:=]\s*(?P<q2>[\"'])(?P<name>[^\"']+)(?P=q2)"
    r"(?:\s*,\s*version\s*[:=]\s*(?P<q3>[\"'])(?P<version>[^\"']*)(?P=q3))?"
)
_COMMENT_OR_STRING = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", re.S)


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
    return "test" in m.group("conf").lower()


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
