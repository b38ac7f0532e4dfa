"""Ruby: ``ENV["X"]``, ``ENV.fetch`` (default with a second argument or a block), ``ENV.key?``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, ruby_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import no_finish, standard_scan
from integrations_drift.scan.env.syntax import RUBY, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "ruby"
FAMILY: Family = "ruby"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_ENV_ALIAS = re.compile(r"(?<![\w.@$])([a-z_]\w*)\s*=\s*(?:::)?ENV\b(?!\s*[\[.])")


def syntax_for(path: str) -> Syntax:
    return RUBY


def functions(code: str, path: str) -> list[FuncDef]:
    return ruby_functions(code)


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    extra = ctx.extra_aliases.get(sf.path, {}).get("env", [])
    aliases = {"env": [m.group(1) for m in _ENV_ALIAS.finditer(masked.code)] + extra}
    refs = standard_scan(NAME, RUBY, functions, sf, masked, ctx, aliases)
    refs.extend(frameworks.file_reads(NAME, RUBY, sf, masked, ctx.frameworks))
    return refs


finish = no_finish
