"""C#: ``Environment.GetEnvironmentVariable("X")`` (a second argument is the target scope, not a default)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data, fw_dotnet, fw_dotnet_derive
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import CSHARP_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner
from integrations_drift.scan.env.syntax import CSHARP
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "csharp"
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
    fw_dotnet.collect(sf, masked, frameworks.state_of(ctx.frameworks, fw_dotnet.DotnetState))
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    state = ctx.frameworks
    dotnet = frameworks.state_of(state, fw_dotnet.DotnetState)
    found = fw_dotnet_derive.derived_reads(dotnet, state.sources.get(NAME, []), NAME)
    state.superseded.update((p, line, n, True) for p, line, n in found.covered)
    return [*found.reads, *frameworks.as_evidence(state, found.evidence)]
