"""PHP: ``getenv``, ``$_ENV``, ``$_SERVER`` (environment-like keys only), Laravel ``env()`` / ``Env::get``;
framework packages that read their own settings (see ``data/env_frameworks.yml``)."""

from __future__ import annotations

from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import PHP_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import BraceScanner, no_finish
from integrations_drift.scan.env.syntax import PHP
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "php"
FAMILY: Family = "php"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_SCANNER = BraceScanner(NAME, PHP, PHP_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    refs = list(_SCANNER.scan(sf, masked, ctx))
    refs.extend(frameworks.file_reads(NAME, PHP, sf, masked, ctx.frameworks))
    return refs


finish = no_finish
