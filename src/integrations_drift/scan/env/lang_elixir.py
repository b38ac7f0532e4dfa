"""Elixir: ``System.get_env`` / ``System.fetch_env(!)`` (also piped), Dotenvy's ``env!``, Vapor's
environment bindings, and walks over ``System.get_env()``; ``config/*.exs`` are read like any other
source. In a module (``.ex``), a read outside every function runs at compile time (see
``_compile_time_as_support``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, elixir_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import no_finish, standard_scan
from integrations_drift.scan.env.syntax import ELIXIR, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "elixir"
FAMILY: Family = "elixir"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_IMPORT_DOTENVY = re.compile(r"^[ \t]*import[ \t]+Dotenvy\b", re.M)


def syntax_for(path: str) -> Syntax:
    return ELIXIR


def functions(code: str, path: str) -> list[FuncDef]:
    return elixir_functions(code, ELIXIR)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    aliases = {"dotenvy": ["env"] if _IMPORT_DOTENVY.search(masked.code) else []}
    refs = standard_scan(NAME, ELIXIR, functions, sf, masked, ctx, aliases)
    refs.extend(frameworks.file_reads(NAME, ELIXIR, sf, masked, ctx.frameworks))
    if refs and sf.path.endswith(".ex") and "defmodule" in masked.code:
        refs = _compile_time_as_support(refs, sf, masked)
    return refs


def _compile_time_as_support(refs: list[EnvRef], sf: SourceFile, masked: Masked) -> list[EnvRef]:
    """A module body outside every function (``use Cldr, data_dir: System.get_env("X")``, a module
    attribute ``@x System.get_env("X")``) runs when the module is compiled: the build's variable,
    evidence that keeps a row alive, never a new row."""
    bodies = [
        (masked.line_of(f.start), masked.line_of(max(f.body_start, f.body_end - 1)))
        for f in functions(masked.code, sf.path)
    ]
    return [
        replace(r, is_support=True)
        if r.path == sf.path and not r.is_support and not any(a <= r.line <= b for a, b in bodies)
        else r
        for r in refs
    ]


finish = no_finish
