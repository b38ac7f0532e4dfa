"""C#: ``Environment.GetEnvironmentVariable("X")`` (a second argument is the target scope, not a default)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import CSHARP_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner
from integrations_drift.scan.env.syntax import CSHARP
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "csharp"
EXTENSIONS = frozenset({".cs", ".csx"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "clike"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_USING_STATIC = re.compile(r"\busing\s+static\s+(?:global::)?System\s*\.\s*Environment\s*;")


def _aliases(code: str) -> dict[str, list[str]]:
    return {"getvar": ["GetEnvironmentVariable"] if _USING_STATIC.search(code) else []}


_SCANNER = BraceScanner(NAME, CSHARP, CSHARP_FUNCTIONS, _aliases)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    refs = _SCANNER.scan(sf, masked, ctx)
    refs.extend(frameworks.file_reads(NAME, CSHARP, sf, masked, ctx.frameworks))
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    return frameworks.finish(NAME, ctx.frameworks)
