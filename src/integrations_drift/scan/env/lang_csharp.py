"""C#: ``Environment.GetEnvironmentVariable("X")`` (a second argument is the target scope, not a default)."""

from __future__ import annotations

import re

from integrations_drift.scan.env.functions import CSHARP_FUNCTIONS
from integrations_drift.scan.env.lexer import Family
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner, no_finish
from integrations_drift.scan.env.syntax import CSHARP

NAME = "csharp"
EXTENSIONS = frozenset({".cs", ".csx"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "clike"
PREFILTER = prefilter(NAME)

_USING_STATIC = re.compile(r"\busing\s+static\s+(?:global::)?System\s*\.\s*Environment\s*;")


def _aliases(code: str) -> dict[str, list[str]]:
    return {"getvar": ["GetEnvironmentVariable"] if _USING_STATIC.search(code) else []}


_SCANNER = BraceScanner(NAME, CSHARP, CSHARP_FUNCTIONS, _aliases)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions
scan = _SCANNER.scan
finish = no_finish
