"""Shared by the per-language scanner tests: scan small files, compare exact reads."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import is_test_path
from integrations_drift.scan.types import EnvRef, SourceFile

Row = tuple[str, str, int, bool, bool]


def _refs(files: dict[str, str]) -> list[EnvRef]:
    """Scan ``files`` (dedented), each marked as test code or not by its path, as the file index does."""
    return scan_env(SourceFile(p, dedent(t).encode(), is_test_path(p)) for p, t in files.items()).refs


def reads_from(source: str, files: dict[str, str]) -> set[Row]:
    """(name, path, line, has_default, is_prefix) of every reference the ``source`` scanner made."""
    return {(r.name, r.path, r.line, r.has_default, r.is_prefix) for r in _refs(files) if r.source == source}


def marked(files: dict[str, str]) -> list[tuple[str, str, int, bool]]:
    """(name, path, line, is_support) of every reference, in the scan's order (by path, then line)."""
    return [(r.name, r.path, r.line, r.is_support) for r in _refs(files)]
