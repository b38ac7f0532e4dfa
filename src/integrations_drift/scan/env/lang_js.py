"""JavaScript / TypeScript: ``process.env`` (and aliases, destructuring), ``import.meta.env``,
``Deno.env``, ``Bun.env``, and envalid / zod / t3-env schemas."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import accumulate

from integrations_drift.scan.env import exports, frameworks, fw_data, fw_jsschema, fw_nest
from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import JS_FUNCTIONS
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import prefilter, spec
from integrations_drift.scan.env.pipeline import BraceScanner
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import JS, read_string, skip_ws
from integrations_drift.scan.env.syntax import NAME as VAR_NAME
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "js"
FAMILY: Family = "jslike"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_ID = r"[A-Za-z_$][\w$]*"
_PROCESS_MODULE = r"""(?:require\s*\(\s*["'](?:node:)?process["']\s*\)|process)"""
_ENV_ALIAS = re.compile(
    rf"\b(?:const|let|var)\s+({_ID})\s*(?::[^=;\n]+)?=\s*{_PROCESS_MODULE}\s*\.\s*env\b(?!\s*(?:\?\.|\.|\[))"
)
# A copy holding the whole environment among other entries: `{ ...defaults, ...process.env }`,
# `Object.assign({}, parsed, process.env)`; the object is found from the spread backwards.
_ENV_COPIED = re.compile(
    r"(?:\.\.\.\s*|(?<=[(,])\s*(?<![\w$.]))process\s*\.\s*env\b(?!\s*(?:\?\.|\.|\[))\s*(?=[,)}])"
)
_COPY_TARGET = re.compile(
    rf"(?:\b(?:const|let|var)\s+|(?<![\w$.]))({_ID})\s*(?::[^=;\n]+)?=\s*(?:Object\s*\.\s*assign\s*\(\s*|Object\s*\.\s*freeze\s*\(\s*)?$"
)
_COPY_REACH = 4000  # characters back to the copy's opening bracket
# A parameter defaulting to the environment: `function load(env = process.env)`; a TypeScript
# parameter property (`constructor(private readonly env = process.env)`) is also `this.env`.
_PARAM_DEFAULT = re.compile(r"=\s*process\s*\.\s*env\b(?=\s*[,)])")
_MODIFIERS = r"(?:(?:public|private|protected|readonly|override)\s+)"
_PARAM_BEFORE = re.compile(rf"[(,]\s*({_MODIFIERS}*)({_ID})\s*(?::[^=,()\n]+)?$")
# The environment's own type names the object: `(env: NodeJS.ProcessEnv) =>`, `typeof process.env`.
ENV_TYPE = r"(?:NodeJS\s*\.\s*ProcessEnv|typeof\s+process\s*\.\s*env)(?![\w$.\[<|&])"
_PARAM_TYPED = re.compile(rf"[(,]\s*({_MODIFIERS}*)({_ID})\s*\??\s*:\s*{ENV_TYPE}")
# A class keeping the object in a field (`private env = process.env`, `this.env = env`): `this.env`.
_FIELD_ENV = re.compile(
    rf"(?m)^[ \t]*{_MODIFIERS}*({_ID})\s*(?::[^=;\n]+)?=\s*process\s*\.\s*env\s*(?:as\s+[^;\n]+)?(?=[;\n])"
)
_THIS_FIELD = re.compile(rf"\bthis\s*\.\s*({_ID})\s*=\s*({_ID}(?:\s*\.\s*env)?)\s*(?=[;\n])")
_DESTRUCTURE_PROCESS = re.compile(
    rf"\b(?:const|let|var)\s*\{{([^{{}}]*)\}}\s*=\s*{_PROCESS_MODULE}(?![\w$.])"
)
# SvelteKit's runtime environment module is process.env by another name
_IMPORT_PROCESS_NAMED = re.compile(
    r"""\bimport\s*\{([^{}]*)\}\s*from\s*["'](?:(?:node:)?process|\$env/dynamic/(?:private|public))["']"""
)
# SvelteKit's build-time module: each imported name is a variable
_IMPORT_STATIC_ENV = re.compile(
    r"""\bimport\s*\{([^{}]*)\}\s*from\s*["']\$env/static/(?:private|public)["']"""
)
_IMPORT_ITEM = re.compile(rf"\s*(?:type\s+)?({_ID})")
_PROCESS_ALIAS = re.compile(
    rf"""\bimport\s+(?:\*\s+as\s+)?({_ID})\s+from\s*["'](?:node:)?process["']"""
    rf"""|\b(?:const|let|var)\s+({_ID})\s*=\s*require\s*\(\s*["'](?:node:)?process["']\s*\)"""
)
_ENV_ENTRY = re.compile(rf"^\s*env\b(?:\s*(?::|\bas\b)\s*({_ID}))?\s*$")
_DESTRUCTURE = re.compile(r"\b(?:const|let|var)\s*(?=\{)")
_SCHEMA_HINT = re.compile(
    rb"cleanEnv|createEnv|parseEnv|envsafe|@fastify/env|fastify-env|env-schema|Env\s*\.\s*(?:create|rules)\s*\(|z\s*\.\s*object|[Jj]oi\s*\.|[Yy]up\s*\.|validationSchema|plainTo(?:Instance|Class)\s*\("
    rb"|(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|validateSync)\s*\(\s*(?:\{\s*\.\.\.\s*)?process\s*\.\s*env"
)
_IMPORT_META = re.compile(r"import\s*\.\s*meta\b")
# Bundler constants on import.meta.env (Vite's BASE_URL, MODE, ...): the read pattern's exclusions.
_META_BUILTINS = re.compile(
    next((p.exclude for p in spec(NAME).reads if p.id == "import-meta-env" and p.exclude), r"(?!)")
)

_SCANNER = BraceScanner(NAME, JS, JS_FUNCTIONS)
syntax_for = _SCANNER.syntax_for
functions = _SCANNER.functions


def finish(ctx: ScanContext) -> Iterable[EnvRef]:
    """Environment classes converted, and schemas validated, in one file and declared in another."""
    files = ctx.frameworks.sources.get(NAME, ())
    return [
        *fw_jsschema.classes_elsewhere(ctx.env_classes, files, FAMILY, NAME),
        *fw_jsschema.schemas_elsewhere(ctx.env_schemas, files, FAMILY, NAME),
    ]


def _open_before(masked: Masked, pos: int) -> int:
    """The innermost bracket left open at ``pos`` (-1: none within reach)."""
    return masked.innermost_open(pos - 1, max(0, pos - _COPY_REACH))


def _copies(masked: Masked) -> list[str]:
    """Names given a copy of the environment: ``environment = { ...parsed, ...process.env }``."""
    code = masked.code
    out: list[str] = []
    for m in _ENV_COPIED.finditer(code):
        if masked.in_string(m.start()):
            continue
        opened = _open_before(masked, m.start())
        if opened < 0:
            continue
        if code[opened] == "{":
            if not code.startswith("...", m.start()):
                continue
            head = opened
        elif code[opened] == "(" and re.search(
            r"Object\s*\.\s*assign\s*$", code[max(0, opened - 40) : opened]
        ):
            head = opened + 1
        else:
            continue
        t = _COPY_TARGET.search(code, max(0, head - 200), head)
        if t is not None and t.group(1) not in out:
            out.append(t.group(1))
    return out


def _aliases(
    code: str, extra: Mapping[str, list[str]] | None = None, masked: Masked | None = None
) -> dict[str, list[str]]:
    env: list[str] = [m.group(1) for m in _ENV_ALIAS.finditer(code)]
    if masked is not None and "process" in code:
        env += [c for c in _copies(masked) if c not in env]
    for m in _PARAM_DEFAULT.finditer(code):
        p = _PARAM_BEFORE.search(code, code.rfind("\n", 0, m.start()) + 1, m.start())
        if p is not None:
            env += [p.group(2), f"this.{p.group(2)}"] if p.group(1) else [p.group(2)]
    for p in _PARAM_TYPED.finditer(code):
        env += [p.group(2), f"this.{p.group(2)}"] if p.group(1) else [p.group(2)]
    env += (extra or {}).get("env", [])
    if "this" in code:
        env += _fields(code, env)
    for m in (*_DESTRUCTURE_PROCESS.finditer(code), *_IMPORT_PROCESS_NAMED.finditer(code)):
        for item in m.group(1).split(","):
            e = _ENV_ENTRY.match(item)
            if e:
                env.append(e.group(1) or "env")
    process = [a for m in _PROCESS_ALIAS.finditer(code) for a in m.groups() if a and a != "process"]
    env += _held(code, env)
    return {"env": env, "process": process}


def _fields(code: str, env: list[str]) -> list[str]:
    """``this.<field>`` where a class keeps the object: ``private env = process.env`` (a class
    field), ``this.env = process.env`` or ``this.env = env`` of an alias (the constructor's
    parameter)."""
    out = [f"this.{m.group(1)}" for m in _FIELD_ENV.finditer(code)]
    for m in _THIS_FIELD.finditer(code):
        value = re.sub(r"\s+", "", m.group(2))
        if value == "process.env" or value in env:
            out.append(f"this.{m.group(1)}")
    return [a for a in out if a not in env]


def _held(code: str, env: list[str]) -> list[str]:
    """Locals given the object by another spelling: ``const cfg = getConfig()`` when ``getConfig()``
    returns it (an imported accessor), ``const e = env``."""
    if not env:
        return []
    alts = "|".join(re.escape(a[:-2]) + r"\s*\(\s*\)" if a.endswith("()") else re.escape(a) for a in env)
    held = re.compile(
        rf"\b(?:const|let|var)\s+({_ID})\s*(?::[^=;\n]+)?=\s*(?:await\s+)?(?<![\w$.])(?:{alts})(?![\w$]|\s*(?:\?\.|[.\[(]))"
    )
    return [m.group(1) for m in held.finditer(code) if m.group(1) not in env]


def _env_expr(aliases: dict[str, list[str]]) -> str:
    alts = [r"process\s*(?:\?\.|\.)\s*env", r"import\s*\.\s*meta\s*\.\s*env", r"Bun\s*\.\s*env"]
    alts += [re.escape(a[:-2]) + r"\s*\(\s*\)" if a.endswith("()") else re.escape(a) for a in aliases["env"]]
    alts += [rf"{re.escape(p)}\s*\.\s*env" for p in aliases["process"]]
    # not a member of something else, but may follow a spread: `{ ...process.env }`
    return "(?:" + "|".join(rf"(?<![\w$])(?:(?<!\.)|(?<=\.\.\.)){a}(?![\w$])" for a in alts) + ")"


def _destructured(sf: SourceFile, masked: Masked, env_expr: re.Pattern[str]) -> list[EnvRef]:
    """``const { A, B: b, C = "d" } = process.env``: A, B, C are reads; C has a default."""
    code = masked.code
    refs: list[EnvRef] = []
    for m in _DESTRUCTURE.finditer(code):
        if masked.in_string(m.start()):
            continue
        split = split_args(code, m.end() + 1, "}", JS)
        if split is None:
            continue
        spans, end = split
        rhs = re.compile(r"\s*(?::[^=;]+)?=\s*").match(code, end)
        if not rhs or not env_expr.match(code, rhs.end()):
            continue
        refs += _pattern_refs(sf, masked, spans, _IMPORT_META.match(code, rhs.end()) is not None)
    if "ProcessEnv" in code or "typeof process" in code:
        refs += _typed_patterns(sf, masked)
    return refs


_PATTERN_PARAM = re.compile(r"[(,]\s*(?=\{)")
_PATTERN_TYPE = re.compile(rf"\s*\??\s*:\s*{ENV_TYPE}")


def _typed_patterns(sf: SourceFile, masked: Masked) -> list[EnvRef]:
    """``({ DATABASE_URL, PORT = "3000" }: NodeJS.ProcessEnv) =>``: a parameter of the
    environment's type, destructured, reads each key."""
    code = masked.code
    refs: list[EnvRef] = []
    for m in _PATTERN_PARAM.finditer(code):
        if masked.in_string(m.start()):
            continue
        split = split_args(code, m.end() + 1, "}", JS)
        if split is not None and _PATTERN_TYPE.match(code, split[1]):
            refs += _pattern_refs(sf, masked, split[0], False)
    return refs


def pattern_reads(sf: SourceFile, masked: Masked, start: int, end: int) -> list[EnvRef]:
    """The keys of the object pattern ``code[start:end]`` (a destructured parameter the
    environment is passed to) as reads; none when it is not an object pattern."""
    code = masked.code
    i = skip_ws(code, start)
    if i >= end or code[i] != "{":
        return []
    split = split_args(code, i + 1, "}", JS)
    return [] if split is None else _pattern_refs(sf, masked, split[0], False)


def _pattern_refs(
    sf: SourceFile, masked: Masked, spans: list[tuple[int, int]], from_meta: bool
) -> list[EnvRef]:
    code = masked.code
    refs: list[EnvRef] = []
    for s, e in spans:
        i = skip_ws(code, s)
        if code.startswith("...", i):
            continue
        lit = read_string(code, i, JS)
        if lit is not None:
            key, pos = lit.value, lit.value_pos
        else:
            km = re.compile(_ID).match(code, i)
            if not km:
                continue
            key, pos = km.group(), km.start()
        if not VAR_NAME.fullmatch(key) or (from_meta and _META_BUILTINS.fullmatch(key)):
            continue
        has_default = re.search(r"(?<![=!<>])=(?![=>])", code[pos + len(key) : e]) is not None
        refs.append(make_ref(sf, masked, key, pos, NAME, has_default=has_default))
    return refs


exports.register_pattern_reader(NAME, pattern_reads)


def _static_imports(sf: SourceFile, masked: Masked) -> list[EnvRef]:
    """``import { DATABASE_URL, SECRET as s } from "$env/static/private"``: DATABASE_URL, SECRET."""
    refs: list[EnvRef] = []
    for m in _IMPORT_STATIC_ENV.finditer(masked.code):
        offset = m.start(1)
        for item in m.group(1).split(","):
            i = _IMPORT_ITEM.match(item)
            if i and VAR_NAME.fullmatch(i.group(1)):
                refs.append(make_ref(sf, masked, i.group(1), offset + i.start(1), NAME))
            offset += len(item) + 1
    return refs


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    aliases = _aliases(masked.code, ctx.extra_aliases.get(sf.path), masked)
    refs = _SCANNER.scan(sf, masked, ctx, aliases)
    env_expr = _env_expr(aliases)
    env_re = re.compile(env_expr + r"\s*(?![\s.\[?])")
    refs.extend(_destructured(sf, masked, env_re))
    if b"$env/static/" in sf.data:
        refs.extend(_static_imports(sf, masked))
    if _SCHEMA_HINT.search(sf.data):
        refs.extend(fw_jsschema.schema_reads(sf, masked, env_expr, NAME, ctx.env_classes, ctx.env_schemas))
    refs.extend(frameworks.file_reads(NAME, JS, sf, masked, ctx.frameworks))
    refs.extend(fw_nest.reads(sf, masked, NAME))
    if b"@IsOptional" in sf.data or b"@ValidateIf" in sf.data:
        refs = _optional_fields(masked, refs)
    return refs


def _optional_fields(masked: Masked, refs: list[EnvRef]) -> list[EnvRef]:
    """A read in the initialiser of a field that a decorator marks optional has a default."""
    spans = sorted(fw_jsschema.optional_initialisers(masked))
    starts = [a for a, _ in spans]
    # the furthest line any span starting at or before the i-th reaches: a line lies in a span
    # when that of the last span starting at or before it reaches it (one lookup, not every span)
    reach = list(accumulate((b for _, b in spans), max))
    out: list[EnvRef] = []
    for r in refs:
        i = bisect_right(starts, r.line) - 1
        if not r.has_default and r.use == "read" and i >= 0 and reach[i] >= r.line:
            r = replace(r, has_default=True)
        out.append(r)
    return out
