"""Rust: ``std::env::var`` / ``var_os``, ``env!`` / ``option_env!``, ``dotenvy::var``."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import RUST_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner, no_finish
from integrations_drift.scan.env.syntax import RUST
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "rust"
EXTENSIONS = frozenset({".rs"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "rust"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_SCANNER = BraceScanner(NAME, RUST, RUST_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    refs = _SCANNER.scan(sf, masked, ctx)
    refs.extend(frameworks.file_reads(NAME, RUST, sf, masked, ctx.frameworks))
    return refs


finish = no_finish
