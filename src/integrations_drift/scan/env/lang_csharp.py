"""C#: ``Environment.GetEnvironmentVariable("X")`` (a second argument is the target scope, not a default)."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import CSHARP_FUNCTIONS, FuncDef, brace_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import CSHARP, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "csharp"
EXTENSIONS = frozenset({".cs", ".csx"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "clike"
PREFILTER = prefilter(NAME)


def syntax_for(path: str) -> Syntax:
    return CSHARP


def functions(code: str, path: str) -> list[FuncDef]:
    return brace_functions(code, CSHARP_FUNCTIONS, CSHARP)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    return standard_scan(NAME, CSHARP, functions, sf, masked, ctx)


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    return ()
