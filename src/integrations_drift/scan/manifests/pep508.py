"""Python requirement strings (PEP 508) reduced to a normalised name and a version specifier."""

from __future__ import annotations

import re
from dataclasses import replace

from integrations_drift.scan.manifests.common import Dependency

_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)", re.S)


def normalise(name: str) -> str:
    """PyPI's canonical form: ``Foo_Bar.baz`` and ``foo-bar-baz`` are the same project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> tuple[str, str | None] | None:
    """(normalised name, version specifier or None); None when ``text`` is not a requirement."""
    m = _REQUIREMENT.match(text)
    if not m:
        return None
    rest = m.group(3).strip()
    # Anything else after the name (a path, a URL scheme) means this is not a requirement.
    if rest and rest[0] not in "<>=!~;@(":
        return None
    if rest.startswith("@"):
        return normalise(m.group(1)), None
    spec = rest.split(";", 1)[0].strip()
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1].strip()
    return normalise(m.group(1)), spec or None


def with_extras(dep: Dependency, requirement: str) -> list[Dependency]:
    """``dep`` and one ``name/extra`` dependency per extra it asks for (``django-storages[azure]``
    is also ``django-storages/azure``): an extra often selects the service a package talks to."""
    m = _REQUIREMENT.match(requirement)
    extras = m.group(2)[1:-1].split(",") if m and m.group(2) else []
    return [dep, *(replace(dep, name=f"{dep.name}/{normalise(e.strip())}") for e in extras if e.strip())]
