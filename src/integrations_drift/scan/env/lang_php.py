"""PHP: ``getenv``, ``$_ENV``, ``$_SERVER`` (environment-like keys only), Laravel ``env()`` / ``Env::get``."""

from __future__ import annotations

from integrations_drift.scan.env.functions import PHP_FUNCTIONS
from integrations_drift.scan.env.lexer import Family
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner, no_finish
from integrations_drift.scan.env.syntax import PHP

NAME = "php"
EXTENSIONS = frozenset({".php"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "php"
PREFILTER = prefilter(NAME)

_SCANNER = BraceScanner(NAME, PHP, PHP_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions
scan = _SCANNER.scan
finish = no_finish
