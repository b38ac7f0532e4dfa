"""Python: ``os.environ`` / ``os.getenv`` and their aliases, django-environ, pydantic-settings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from integrations_drift.scan.env import frameworks, fw_data, fw_pydantic
from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, python_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.syntax import PYTHON, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "python"
FAMILY: Family = "python"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_FROM_OS = re.compile(r"^[ \t]*from[ \t]+os[ \t]+import[ \t]+(\([^)]*\)|[^\n]+)", re.M)
_IMPORT_OS_AS = re.compile(r"^[ \t]*import[ \t]+os[ \t]+as[ \t]+(\w+)", re.M)
_ENVIRON_ALIAS = re.compile(
    r"(?<![\w.])(\w+)[ \t]*(?::[^=\n]+)?=[ \t]*(?:\w+[ \t]*\.[ \t]*)?environ\b(?![ \t]*[.\[(])"
)
_GETENV_ALIAS = re.compile(r"(?<![\w.])(\w+)[ \t]*=[ \t]*(?:\w+[ \t]*\.[ \t]*)?getenv\b(?![ \t]*\()")
# Alias assignments are searched only on the few lines that can hold one.
_ALIAS_LINE = re.compile(r"^[^\n]*?=[^\n]*?(?:environ|getenv|Env)\b[^\n]*", re.M)
_DJENV = re.compile(r"(?<![\w.])(\w+)[ \t]*=[ \t]*(?:environ[ \t]*\.[ \t]*)?Env[ \t]*\(")
_USES_DJANGO_ENVIRON = re.compile(r"\benviron\s*\.\s*Env\b|^\s*from\s+environ\s+import\b[^\n]*\bEnv\b", re.M)


def syntax_for(path: str) -> Syntax:
    return PYTHON


def functions(code: str, path: str) -> list[FuncDef]:
    return python_functions(code, PYTHON)


def _aliases(code: str, extra: Mapping[str, list[str]] | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {k: list((extra or {}).get(k, [])) for k in ("environ", "getenv", "djenv")}
    for m in _FROM_OS.finditer(code):
        for item in m.group(1).strip("()").split(","):
            parts = item.split()
            if not parts:
                continue
            key = parts[0]
            local = parts[2] if len(parts) == 3 and parts[1] == "as" else key
            if key in ("environ", "getenv"):
                found[key].append(local)
    for m in _IMPORT_OS_AS.finditer(code):
        found["environ"].append(f"{m.group(1)}.environ")
        found["getenv"].append(f"{m.group(1)}.getenv")
    for line in _ALIAS_LINE.findall(code):
        found["environ"].extend(m.group(1) for m in _ENVIRON_ALIAS.finditer(line))
        found["getenv"].extend(m.group(1) for m in _GETENV_ALIAS.finditer(line))
        if "Env" in line and _USES_DJANGO_ENVIRON.search(code):
            found["djenv"].extend(m.group(1) for m in _DJENV.finditer(line))
    return found


_SCHEME_DEFAULT = re.compile(r"\s*(?P<name>[A-Za-z_]\w*)\s*=\s*\(\s*[\w.]+\s*,")


def _scheme_defaults(code: str) -> set[str]:
    """Names django-environ's scheme gives a default: ``env = environ.Env(DEBUG=(bool, False))``."""
    out: set[str] = set()
    for m in _DJENV.finditer(code):
        split = split_args(code, m.end(), ")", PYTHON)
        for a, b in split[0] if split else []:
            found = _SCHEME_DEFAULT.match(code, a, b)
            if found:
                out.add(found.group("name"))
    return out


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    # Alias discovery runs on code only: an alias mentioned in a docstring is no alias.
    aliases = _aliases(masked.code, ctx.extra_aliases.get(sf.path))
    refs = standard_scan(NAME, PYTHON, functions, sf, masked, ctx, aliases)
    if aliases["djenv"]:
        defaults = _scheme_defaults(masked.code)
        refs = [replace(r, has_default=True) if r.name in defaults else r for r in refs]
    if b"BaseSettings" in sf.data:
        refs.extend(
            fw_pydantic.settings_reads(
                sf, masked, NAME, frameworks.state_of(ctx.frameworks, fw_pydantic.PydanticState)
            )
        )
    refs.extend(frameworks.file_reads(NAME, PYTHON, sf, masked, ctx.frameworks))
    return refs


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    state = frameworks.state_of(ctx.frameworks, fw_pydantic.PydanticState)
    return fw_pydantic.finish(state, ctx.frameworks.sources.get(NAME, ()))
