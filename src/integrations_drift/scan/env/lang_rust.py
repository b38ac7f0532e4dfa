"""Rust: ``std::env::var`` / ``var_os``, ``env!`` / ``option_env!``, ``dotenvy::var``."""

from __future__ import annotations

from integrations_drift.scan.env.functions import RUST_FUNCTIONS
from integrations_drift.scan.env.lexer import Family
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner, no_finish
from integrations_drift.scan.env.syntax import RUST

NAME = "rust"
EXTENSIONS = frozenset({".rs"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "rust"
PREFILTER = prefilter(NAME)

_SCANNER = BraceScanner(NAME, RUST, RUST_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions
scan = _SCANNER.scan
finish = no_finish
