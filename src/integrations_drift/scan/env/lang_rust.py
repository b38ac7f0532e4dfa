"""Rust: ``std::env::var`` / ``var_os``, ``env!`` / ``option_env!``, ``dotenvy::var``."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import RUST_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import RUST, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "rust"
EXTENSIONS = frozenset({".rs"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "rust"
PREFILTER = prefilter(NAME)


def syntax_for(path: str) -> Syntax:
    return RUST


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, RUST_FUNCTIONS, RUST)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    return standard_scan(NAME, RUST, functions, sf, masked, ctx)


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    return ()
