"""Python: ``os.environ`` / ``os.getenv`` and their aliases, django-environ, pydantic-settings."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from integrations_drift.scan.env import frameworks, fw_data, fw_pydantic
from integrations_drift.scan.env.call_args import kwarg_present, split_args
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, python_functions
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import option_list, prefilter
from integrations_drift.scan.env.pipeline import standard_scan
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import PYTHON, Syntax, plain_string
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
# `env = os.environ.get` (or `environ.get` imported from os): called like `os.getenv`
_ENVIRON_GET_ALIAS = re.compile(
    r"(?<![\w.])(\w+)[ \t]*=[ \t]*(os[ \t]*\.[ \t]*)?environ[ \t]*\.[ \t]*get\b(?![ \t]*\()"
)
# Alias assignments are searched only on the few lines that can hold one.
_ALIAS_LINE = re.compile(r"^[^\n]*?=[^\n]*?(?:environ|getenv|Env)\b[^\n]*", re.M)
# django-environ's `environ.Env()` and environs' `Env()` / `FileAwareEnv()`: `env("X")`, `env.int("X", 3)`
_DJENV = re.compile(r"(?<![\w.])(\w+)[ \t]*=[ \t]*(?:environs?[ \t]*\.[ \t]*)?(?:FileAware)?Env[ \t]*\(")
_USES_DJANGO_ENVIRON = re.compile(
    r"\benvirons?\s*\.\s*(?:FileAware)?Env\b|^\s*from\s+environs?\s+import\b[^\n]*\b(?:FileAware)?Env\b", re.M
)
# python-decouple: `from decouple import config` (or a `Config`/`AutoConfig` instance) reads `config("X")`
_FROM_DECOUPLE = re.compile(r"^[ \t]*from[ \t]+decouple[ \t]+import[ \t]+(\([^)]*\)|[^\n]+)", re.M)
# Starlette's `config = Config(".env")`: `config("X", cast=bool, default=False)`
_FROM_STARLETTE_CONFIG = re.compile(r"^[ \t]*from[ \t]+starlette\.config[ \t]+import\b[^\n]*\bConfig\b", re.M)
_DECOUPLE_INSTANCE = re.compile(
    r"^[ \t]*(\w+)[ \t]*=[ \t]*(?:decouple[ \t]*\.[ \t]*)?(?:Auto)?Config[ \t]*\(", re.M
)


def syntax_for(path: str) -> Syntax:
    return PYTHON


def functions(code: str, path: str) -> list[FuncDef]:
    return python_functions(code, PYTHON)


_ALIAS_KEYS = ("environ", "getenv", "djenv", "decouple", "starlette_config")


def _aliases(code: str, extra: Mapping[str, list[str]] | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {k: list((extra or {}).get(k, [])) for k in _ALIAS_KEYS}
    for m in _FROM_OS.finditer(code):
        for item in m.group(1).strip("()").split(","):
            parts = item.split()
            if not parts:
                continue
            key = parts[0]
            local = parts[2] if len(parts) == 3 and parts[1] == "as" else key
            if key in ("environ", "getenv"):
                found[key].append(local)
    for m in _FROM_DECOUPLE.finditer(code):
        for item in m.group(1).strip("()").split(","):
            parts = item.split()
            if parts and parts[0] == "config":
                found["decouple"].append(parts[2] if len(parts) == 3 and parts[1] == "as" else "config")
    if found["decouple"] or "decouple" in code:
        found["decouple"].extend(m.group(1) for m in _DECOUPLE_INSTANCE.finditer(code))
    if _FROM_STARLETTE_CONFIG.search(code):
        found["starlette_config"].extend(m.group(1) for m in _DECOUPLE_INSTANCE.finditer(code))
    for m in _IMPORT_OS_AS.finditer(code):
        found["environ"].append(f"{m.group(1)}.environ")
        found["getenv"].append(f"{m.group(1)}.getenv")
    for line in _ALIAS_LINE.findall(code):
        found["environ"].extend(m.group(1) for m in _ENVIRON_ALIAS.finditer(line))
        found["getenv"].extend(m.group(1) for m in _GETENV_ALIAS.finditer(line))
        found["getenv"].extend(
            m.group(1)
            for m in _ENVIRON_GET_ALIAS.finditer(line)
            if m.group(2) or "environ" in found["environ"]
        )
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


_PREFIXED = re.compile(
    r"^([ \t]*)with[ \t]+(\w+)[ \t]*\.[ \t]*prefixed[ \t]*\([ \t]*(['\"])(\w+)\3[ \t]*\)[ \t]*:", re.M
)


def _block_end(lines: list[str], first: int, depth: int) -> int:
    """The last line of the block that starts at line ``first`` (1-based): the lines indented
    deeper than ``depth`` (blank lines included) before the first one that is not."""
    last = first - 1
    for line in itertools.islice(lines, first - 1, None):
        text = line.lstrip(" \t")
        if text and len(line[: len(line) - len(text)].expandtabs()) <= depth:
            break
        last += 1
    return last


def _prefixed_blocks(masked: Masked, names: list[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, prefix) of each environs ``with env.prefixed("APP_"):`` block."""
    lines: list[str] | None = None
    out: list[tuple[int, int, str]] = []
    for m in _PREFIXED.finditer(masked.code):
        if m.group(2) not in names:
            continue
        if lines is None:
            lines = masked.code.split("\n")
        first = masked.line_of(m.start()) + 1
        out.append((first, _block_end(lines, first, len(m.group(1).expandtabs())), m.group(4)))
    return out


def _apply_prefixes(refs: list[EnvRef], blocks: list[tuple[int, int, str]]) -> list[EnvRef]:
    """A read inside ``with env.prefixed("APP_"):`` reads ``APP_<NAME>`` (nested blocks join)."""
    out: list[EnvRef] = []
    for r in refs:
        prefix = "".join(p for a, b, p in blocks if a <= r.line <= b)
        out.append(replace(r, name=prefix + r.name) if prefix and r.use == "read" else r)
    return out


_PREFIX_KW = re.compile(r"\s*prefix\s*=\s*")


def _instance_prefixes(refs: list[EnvRef], masked: Masked, names: list[str]) -> list[EnvRef]:
    """environs' ``env = Env(prefix="APP_")``: the instance's reads read ``APP_<NAME>``."""
    code = masked.code
    lines: dict[int, str] = {}
    for m in _DJENV.finditer(code):
        if m.group(1) not in names or masked.in_string(m.start()):
            continue
        split = split_args(code, m.end(), ")", PYTHON)
        for a, b in split[0] if split else []:
            kw = _PREFIX_KW.match(code, a, b)
            lit = plain_string(code, kw.end(), PYTHON) if kw is not None else None
            if lit is None or not lit[0]:
                continue
            call = re.compile(rf"(?<![\w.]){re.escape(m.group(1))}\s*(?:\.\s*\w+\s*)?\(")
            for c in call.finditer(code, m.end()):
                lines.setdefault(masked.line_of(c.start()), lit[0])
    if not lines:
        return refs
    return [
        replace(r, name=lines[r.line] + r.name)
        if r.line in lines and r.use == "read" and not r.is_prefix and not r.name.startswith(lines[r.line])
        else r
        for r in refs
    ]


def _url_default_reads(sf: SourceFile, masked: Masked, names: list[str]) -> list[EnvRef]:
    """django-environ's URL getters called without a variable name read their default variable:
    ``env.db()`` is ``DATABASE_URL``, ``env.cache()`` ``CACHE_URL``."""
    defaults = dict(item.split("=", 1) for item in option_list(NAME, "djenv_default_vars"))
    alias = "|".join(re.escape(n) for n in names)
    methods = "|".join(defaults)
    call = re.compile(rf"(?<![\w.])(?:{alias})\s*\.\s*({methods})\s*\(\s*(\)|\w+\s*=(?!=))")
    out: list[EnvRef] = []
    for m in call.finditer(masked.code):
        if masked.in_string(m.start()):
            continue
        split = split_args(masked.code, masked.code.index("(", m.end(1)) + 1, ")", PYTHON)
        has_default = split is not None and kwarg_present(masked.code, split[0], ("default",))
        out.append(make_ref(sf, masked, defaults[m.group(1)], m.start(), NAME, has_default=has_default))
    return out


_QUALIFIED_READ = re.compile(r"(?<![\w.])os\s*\.\s*(?:environ|getenv)\b")


def _unshadowed(refs: list[EnvRef], masked: Masked, aliases: Mapping[str, list[str]]) -> list[EnvRef]:
    """Drop the reads through an imported ``environ`` / ``getenv`` inside a function that has a
    parameter of that name: a WSGI application's ``environ`` is the request, not the environment."""
    bare = {a for key in ("environ", "getenv") for a in aliases[key] if a.isidentifier()}
    if not bare or not refs:
        return refs
    shadows: list[tuple[int, int, re.Pattern[str]]] = []
    for f in python_functions(masked.code, PYTHON):
        names = sorted(p.name for p in f.params if p.name in bare)
        if names:
            use = re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, names))})\s*[.\[(]")
            shadows.append((masked.line_of(f.body_start), masked.line_of(f.body_end), use))
    if not shadows:
        return refs
    lines = masked.code.split("\n")
    out: list[EnvRef] = []
    for r in refs:
        text = lines[r.line - 1] if 0 < r.line <= len(lines) else ""
        shadowed = any(a <= r.line <= b and use.search(text) for a, b, use in shadows)
        if not shadowed or _QUALIFIED_READ.search(text):
            out.append(r)
    return out


# Flask-style configuration classes for development, test and CI runs: `class DevelopmentConfig(Config)`
_DEV_CLASS = re.compile(
    r"^([ \t]*)class[ \t]+(?:(?:Dev|Development|Local|Test|Testing|Debug|CI)(?:Config|Settings|Configuration)"
    r"|(?:Config|Settings)(?:Dev|Development|Local|Test|Testing|CI))\b",
    re.M,
)


def _in_dev_classes(refs: list[EnvRef], masked: Masked) -> list[EnvRef]:
    """Reads in the body of a development, test or CI configuration class are tooling's: the
    class configures a developer's run, not the deployed application."""
    code = masked.code
    lines: list[str] | None = None
    spans: list[tuple[int, int]] = []
    for m in _DEV_CLASS.finditer(code):
        if masked.in_string(m.start(1)):
            continue
        if lines is None:
            lines = code.split("\n")
        first = masked.line_of(m.start()) + 1
        spans.append((first, _block_end(lines, first, len(m.group(1).expandtabs()))))
    if not spans:
        return refs
    return [replace(r, is_support=True) if any(a <= r.line <= b for a, b in spans) else r for r in refs]


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    # Alias discovery runs on code only: an alias mentioned in a docstring is no alias.
    aliases = _aliases(masked.code, ctx.extra_aliases.get(sf.path))
    refs = standard_scan(NAME, PYTHON, functions, sf, masked, ctx, aliases)
    extra = ctx.extra_aliases.get(sf.path)
    # Only the file's own imports can be shadowed: an alias from elsewhere is a parameter that is
    # handed the environment.
    refs = _unshadowed(refs, masked, _aliases(masked.code) if extra else aliases)
    if aliases["djenv"]:
        defaults = _scheme_defaults(masked.code)
        refs = [replace(r, has_default=True) if r.name in defaults else r for r in refs]
        if "prefixed" in masked.code:
            refs = _apply_prefixes(refs, _prefixed_blocks(masked, aliases["djenv"]))
        if "prefix" in masked.code:
            refs = _instance_prefixes(refs, masked, aliases["djenv"])
        refs.extend(_url_default_reads(sf, masked, aliases["djenv"]))
    if b"class " in sf.data:
        refs = _in_dev_classes(list(refs), masked)
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
    return fw_pydantic.finish(state, ctx.frameworks.sources.get(NAME, ()), NAME)
