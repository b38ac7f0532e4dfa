"""Elixir: ``System.get_env`` / ``System.fetch_env(!)`` (also piped), Dotenvy's ``env!``, and walks
over ``System.get_env()``; ``config/*.exs`` are read like any other source."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, elixir_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import no_finish, standard_scan
from integrations_drift.scan.env.syntax import ELIXIR, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "elixir"
EXTENSIONS = frozenset({".ex", ".exs"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "elixir"
PREFILTER = prefilter(NAME)

_IMPORT_DOTENVY = re.compile(r"^[ \t]*import[ \t]+Dotenvy\b", re.M)


def syntax_for(path: str) -> Syntax:
    return ELIXIR


def functions(code: str, path: str) -> list[FuncDef]:
    return elixir_functions(code, ELIXIR)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    aliases = {"dotenvy": ["env"] if _IMPORT_DOTENVY.search(masked.code) else []}
    return standard_scan(NAME, ELIXIR, functions, sf, masked, ctx, aliases)


finish = no_finish
