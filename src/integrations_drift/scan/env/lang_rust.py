"""Rust: ``std::env::var`` / ``var_os`` (also imported by ``use``), ``env!`` / ``option_env!``
(build-time: evidence only), ``dotenvy::var``, settings tables built by ``macro_rules!``, and
structs deserialized from the environment (figment, envy, config-rs)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from integrations_drift.scan.env import (
    frameworks,
    fw_cli,
    fw_data,
    fw_rust_macros,
    fw_rust_serde,
    resolve,
    resolve_state,
)
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import RUST_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner
from integrations_drift.scan.env.syntax import RUST
from integrations_drift.scan.rust_tests import rust_test_code_spans
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "rust"
FAMILY: Family = "rust"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

# `use std::env::var;`, `use std::env::{self, var_os};`, `use dotenvy::var as env_var;`
_USE = re.compile(
    r"\buse\s+(?:::)?(?:std\s*::\s*env|dotenvy|dotenv)\s*::\s*(\{[^{}]*\}|\w+(?:\s+as\s+\w+)?)\s*;"
)
_USE_ITEM = re.compile(r"^(var|var_os)(?:\s+as\s+(\w+))?$")


def _aliases(code: str) -> dict[str, list[str]]:
    found: list[str] = []
    for m in _USE.finditer(code):
        for item in m.group(1).strip("{}").split(","):
            u = _USE_ITEM.match(item.strip())
            if u is not None:
                found.append(u.group(2) or u.group(1))
    return {"var": found}


_SCANNER = BraceScanner(NAME, RUST, RUST_FUNCTIONS, _aliases)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    refs = _SCANNER.scan(sf, masked, ctx)
    state = ctx.frameworks
    file_state = resolve_state.FileState(NAME, RUST, sf, masked, lambda: functions(masked.code, sf.path))
    constant = resolve.constant_resolver(ctx, file_state)
    refs.extend(frameworks.file_reads(NAME, RUST, sf, masked, state, constant))
    refs.extend(fw_cli.clap_reads(sf, masked, NAME, constant))
    if b"macro_rules" in sf.data:
        fw_rust_macros.collect(sf, masked, frameworks.state_of(state, fw_rust_macros.MacroState))
    if b"Env" in sf.data or b"envy" in sf.data or b"Environment" in sf.data:
        fw_rust_serde.collect(sf, masked, frameworks.state_of(state, fw_rust_serde.SerdeState))
    return _mark_test_code(sf, refs)


def _mark_test_code(sf: SourceFile, refs: list[EnvRef]) -> list[EnvRef]:
    """Reads inside test modules, test functions and ``#[cfg(test)]`` items are test code."""
    if sf.is_support or not refs:
        return refs
    spans = rust_test_code_spans(sf.data)
    if not spans:
        return refs
    lines = [(sf.data.count(b"\n", 0, s) + 1, sf.data.count(b"\n", 0, e) + 1) for s, e in spans]
    return [replace(r, is_support=True) if any(a <= r.line <= b for a, b in lines) else r for r in refs]


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    # Settings tables built by macros: their reads go through wrappers, known only now.
    files = ctx.frameworks.sources.get(NAME, ())
    refs = fw_rust_macros.reads(ctx, NAME, files)
    serde_state = frameworks.state_of(ctx.frameworks, fw_rust_serde.SerdeState)
    serde = fw_rust_serde.reads(serde_state, files, ctx.masked, ctx.frameworks.superseded)
    refs.extend(serde.reads)
    refs.extend(frameworks.as_evidence(ctx.frameworks, serde.evidence))
    return refs
