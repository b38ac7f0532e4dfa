"""PHP: ``getenv``, ``$_ENV``, ``$_SERVER`` (environment-like keys only), Laravel ``env()`` / ``Env::get``."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import PHP_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import PHP, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "php"
EXTENSIONS = frozenset({".php"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "php"
PREFILTER = prefilter(NAME)


def syntax_for(path: str) -> Syntax:
    return PHP


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, PHP_FUNCTIONS, PHP)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    return standard_scan(NAME, PHP, functions, sf, masked, ctx)


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    return ()
