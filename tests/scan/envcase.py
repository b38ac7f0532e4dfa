"""Shared by the per-language scanner tests: scan small files, compare exact reads."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.scan.env import scan_env
from integrations_drift.scan.files import is_test_path
from integrations_drift.scan.types import SourceFile

Row = tuple[str, str, int, bool, bool]


def reads_from(source: str, files: dict[str, str]) -> set[Row]:
    """(name, path, line, has_default, is_prefix) of every reference the ``source`` scanner made."""
    scan = scan_env(SourceFile(p, dedent(t).encode(), is_test_path(p)) for p, t in files.items())
    return {(r.name, r.path, r.line, r.has_default, r.is_prefix) for r in scan.refs if r.source == source}
