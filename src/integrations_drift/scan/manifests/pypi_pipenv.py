"""Pipenv's Pipfile: ``[packages]`` and ``[dev-packages]``."""

from __future__ import annotations

from integrations_drift.scan.manifests.common import Dependency, Ecosystem, Kind, basename
from integrations_drift.scan.manifests.pypi_pyproject import poetry_table
from integrations_drift.scan.manifests.tomlutil import load

ECOSYSTEM: Ecosystem = "pypi"


def kind(path: str) -> Kind | None:
    return "manifest" if basename(path) == "Pipfile" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    doc, lines = load(data)
    return [
        *poetry_table(path, doc, lines, ("packages",), False),
        *poetry_table(path, doc, lines, ("dev-packages",), True),
    ]
