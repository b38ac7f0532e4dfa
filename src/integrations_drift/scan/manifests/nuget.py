"""NuGet: ``PackageReference`` in project files, central ``PackageVersion`` in Directory.Packages.props,
and the older packages.config."""

from __future__ import annotations

from integrations_drift.scan.manifests.common import Dependency, Ecosystem, Kind, basename
from integrations_drift.scan.manifests.xmltree import parse_xml

ECOSYSTEM: Ecosystem = "nuget"

_PROJECT_SUFFIXES = (".csproj", ".fsproj", ".vbproj")
_PROPS = frozenset({"directory.packages.props", "directory.build.props", "packages.config"})


def kind(path: str) -> Kind | None:
    name = basename(path).lower()
    return "manifest" if name.endswith(_PROJECT_SUFFIXES) or name in _PROPS else None


def parse(path: str, data: bytes) -> list[Dependency]:
    out: list[Dependency] = []
    is_packages_config = basename(path).lower() == "packages.config"
    for node in parse_xml(data).walk():
        if node.tag in ("PackageReference", "PackageVersion", "GlobalPackageReference"):
            # ``Update=`` only adjusts an item declared elsewhere, so only ``Include=`` declares.
            include = node.attrs.get("Include", "").strip()
            version = (
                node.attrs.get("Version") or node.attrs.get("VersionOverride") or node.child_text("Version")
            )
            for name in filter(None, (n.strip() for n in include.split(";"))):
                out.append(Dependency("nuget", name, path, node.line, False, version or None))
        elif is_packages_config and node.tag == "package" and node.attrs.get("id"):
            dev = node.attrs.get("developmentDependency", "").lower() == "true"
            version = node.attrs.get("version")
            out.append(Dependency("nuget", node.attrs["id"].strip(), path, node.line, dev, version or None))
    return out
