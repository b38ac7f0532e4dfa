"""Command-line parsers with an environment fallback, and loaders that read a whole prefix.

The shapes are data (``data/env_frameworks.yml``): urfave/cli ``EnvVars`` (v1, v2, v3), kingpin
``.Envar``, click / typer ``envvar=``, ConfigArgParse ``env_var=``, commander ``.env()``, oclif /
convict ``env:``, clap's builder ``.env()``; prefixes from click's ``auto_envvar_prefix``, yargs
``.env("APP")``, ff ``WithEnvVarPrefix``, config-rs ``Environment::with_prefix`` and envy
``prefixed``. A flag's variable is optional unless the flag is declared required: the command line
or the flag's default stands in for it.

clap's derive attributes are code: ``#[arg(env = "X")]`` names ``X``; a bare ``#[arg(env)]`` is the
field's name in SCREAMING_SNAKE_CASE (clap's default for environment names), skipped in files that
change that casing (``rename_all_env``) or rename the argument (``id`` / ``name``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import expr_at
from integrations_drift.scan.env.fw_data import NamePattern, compiled, requirements
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import (
    NAME,
    RUST,
    UPPER_NAME,
    Syntax,
    plain_string,
    read_string,
    skip_ws,
)
from integrations_drift.scan.types import EnvRef, SourceFile

# Resolves a constant standing for a variable's name: (expression, position, has_default) -> reads.
ConstantResolver = Callable[[str, int, bool], list[EnvRef]]

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_ATTR_LIMIT = 8192  # an attribute's arguments, help text included
_SCOPE_OPENER = {"brace": "{", "call": "("}
_CHAIN_LINES = 12
_CHAIN_REACH = 800  # characters either side: a minified line is not one chain


def _literal(code: str, start: int, end: int, syn: Syntax) -> tuple[str, int] | None:
    """The string literal that is the whole of code[start:end] (not ``"APP_" + name``)."""
    lit = read_string(code, skip_ws(code, start), syn)
    if lit is None or lit.interpolated or code[lit.end : end].strip():
        return None
    return lit.value, lit.value_pos


def _literals(code: str, spans: list[tuple[int, int]], syn: Syntax) -> list[tuple[str, int]]:
    found = (_literal(code, s, e, syn) for s, e in spans)
    return [f for f in found if f is not None]


def _constants(code: str, spans: list[tuple[int, int]], syn: Syntax) -> list[tuple[str, int]]:
    """The identifier expressions that are the whole of a span (``envWorkers``, ``keys.Token``)."""
    out: list[tuple[str, int]] = []
    for s, e in spans:
        at = skip_ws(code, s)
        found = expr_at(code, at, syn)
        if found is not None and not found[0].endswith(")") and not code[found[1] : e].strip():
            out.append((found[0], at))
    return out


def _values(
    code: str, end: int, pat: NamePattern, syn: Syntax, brackets: Brackets
) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    """The literal names after a match ending at ``end``, the constants standing for names, and
    how many arguments the bracket held."""
    opened = code[end - 1 : end]
    i = end - 1 if opened in _OPENERS else skip_ws(code, end)
    if code[i : i + 1] in _OPENERS:
        spans = brackets.args(code, i, syn)
        if spans is None:
            return [], [], 0
        taken = spans[:1] if pat.take == "first" else spans
        found = _literals(code, taken, syn)
        return found, _constants(code, taken, syn) if len(found) < len(taken) else [], len(spans)
    lit = read_string(code, i, syn)
    if lit is None or lit.interpolated or (syn.concat is not None and syn.concat.match(code, lit.end)):
        return [], [], 1
    return [(lit.value, lit.value_pos)], [], 1


def _split(values: list[tuple[str, int]], sep: str | None) -> list[tuple[str, int]]:
    if sep is None:
        return values
    out: list[tuple[str, int]] = []
    for text, pos in values:
        offset = 0
        for part in text.split(sep):
            lead = len(part) - len(part.lstrip())
            out.append((part.strip(), pos + offset + lead))
            offset += len(part) + len(sep)
    return out


def _line_start(code: str, pos: int) -> int:
    return code.rfind("\n", 0, pos) + 1


def _continues(code: str, nl: int) -> bool:
    """Whether the line break at ``nl`` is inside a builder chain: the line before it ends with
    ``.`` (Go) or the line after it starts with one."""
    before = code[max(0, nl - 200) : nl].rstrip(" \t")
    after = code[nl + 1 : nl + 200].lstrip(" \t")
    return before.endswith(".") or after.startswith(".")


def _chain(code: str, start: int, end: int) -> tuple[int, int]:
    """The builder chain around [start, end), across the line breaks that continue it (a few
    lines at most: a flag's chain is short, and a long run of ``.`` lines is not one flag)."""
    s = _line_start(code, start)
    for _ in range(_CHAIN_LINES):
        if s == 0 or not _continues(code, s - 1):
            break
        s = _line_start(code, s - 1)
    e = code.find("\n", end)
    for _ in range(_CHAIN_LINES):
        if e < 0 or not _continues(code, e):
            break
        e = code.find("\n", e + 1)
    e = len(code) if e < 0 else e
    return max(s, start - _CHAIN_REACH), min(e, end + _CHAIN_REACH)


def _has_default(
    code: str,
    m: re.Match[str],
    pat: NamePattern,
    args: int,
    required: re.Pattern[str] | None,
    brackets: Brackets,
) -> bool:
    if pat.default != "flag":
        return pat.default == "always" or (pat.default == "args" and args >= 2)
    if required is None and pat.defaulted is None:
        return True
    span = brackets.enclosing(m.start(), _SCOPE_OPENER[pat.scope]) if pat.scope != "chain" else None
    if span is None and pat.scope != "brace":
        span = _chain(code, m.start(), m.end())
    if pat.defaulted is not None:
        return span is not None and re.search(pat.defaulted, code[span[0] : span[1]]) is not None
    return span is None or required is None or required.search(code, span[0], span[1]) is None


def cli_reads(
    language: str, sf: SourceFile, masked: Masked, syn: Syntax, constant: ConstantResolver | None = None
) -> list[EnvRef]:
    """Names and prefixes of the language's framework patterns in one file; a constant in a
    name's place goes to ``constant``."""
    code = masked.code
    excluded = frozenset(
        pid for pid, raw, lexed in requirements(language) if not raw.search(sf.data) or not lexed.search(code)
    )
    comp = compiled(language, excluded)
    if comp.regex is None:
        return []
    refs: list[EnvRef] = []
    matches: list[tuple[re.Match[str], int]] = []
    for m in comp.regex.finditer(code):
        group = m.lastgroup
        if group is None or masked.in_string(m.start()):
            continue
        index = int(group[1:])
        if group[0] == "n":
            matches.append((m, index))
            continue
        prefix_pat = comp.prefixes[index]
        lit = plain_string(code, skip_ws(code, m.end()), syn)
        prefix = prefix_pat.prefix_of(lit[0]) if lit is not None else ""
        if lit is not None and NAME.fullmatch(prefix):
            refs.append(make_ref(sf, masked, prefix, lit[1], language, has_default=True, is_prefix=True))
    if not matches:
        return refs
    brackets = Brackets(masked, [m.start() for m, _ in matches])
    for m, index in matches:
        pat = comp.names[index]
        values, constants, args = _values(code, m.end(), pat, syn, brackets)
        if not (values or constants) or (pat.max_args is not None and args > pat.max_args):
            continue
        has_default = _has_default(code, m, pat, args, comp.required, brackets)
        for name, pos in _split(values, pat.split):
            if NAME.fullmatch(name) and (not pat.upper or UPPER_NAME.fullmatch(name)):
                refs.append(make_ref(sf, masked, name, pos, language, has_default=has_default))
        if constant is not None and pat.split is None:
            for expr, pos in constants:
                refs.extend(constant(expr, pos, has_default))
    return refs


# --- clap derive -----------------------------------------------------------------------------------

_CLAP_ATTR = lazy(r"#\[\s*(?:arg|clap|structopt)\s*\(")
_ENV_VALUE = lazy(r"\s*env\s*=\s*")
_BARE_ENV = lazy(r"\s*env\s*$")
_CONST_PATH = lazy(r"(?:[A-Za-z_]\w*\s*::\s*)*[A-Za-z_]\w*\s*$")
_RENAMED = lazy(r"\s*(?:id|name)\s*=")
_CLAP_DEFAULT = lazy(r"\s*(?:default_values?(?:_t|_os|_os_t|_ts)?|default_missing_value\w*)\s*=")
_CLAP_REQUIRED = lazy(r"\s*required\s*=\s*true\b")
_ATTR = lazy(r"\s*#\s*\[")
_VISIBILITY = lazy(r"\s*pub\s*(?:\([^()]*\))?")
_FIELD = lazy(r"\s*(?:r#)?([A-Za-z_]\w*)\s*:\s*")
_OPTIONAL_TYPE = lazy(r"(?:(?:std\s*::\s*)?option\s*::\s*)?(?:Option|Vec)\s*<|bool\b", re.I)


def _field_after(code: str, pos: int, brackets: Brackets) -> tuple[str, int, str] | None:
    """(field name, its position, the start of its type) of the field after its attributes."""
    i = pos
    for _ in range(64):
        a = _ATTR.match(code, i)
        if not a:
            break
        i = brackets.end(a.end() - 1)
    v = _VISIBILITY.match(code, i)
    if v:
        i = v.end()
    f = _FIELD.match(code, i)
    if not f:
        return None
    return f.group(1), f.start(1), code[f.end() : f.end() + 40]


@dataclass
class _ClapField:
    name: str
    pos: int
    type_text: str
    names: list[tuple[str, int]] = field(default_factory=list)
    constants: list[tuple[str, int]] = field(default_factory=list)  # `env = DB_URL`: (expression, position)
    bare: bool = False
    renamed: bool = False
    defaulted: bool = False
    required: bool = False


def clap_reads(
    sf: SourceFile, masked: Masked, source: str, constant: ConstantResolver | None = None
) -> list[EnvRef]:
    """clap / structopt fields read from the environment: ``env = "X"``, a bare ``env`` (the
    field's name), or ``env = X`` naming a constant (given to ``constant``)."""
    if b"clap" not in sf.data and b"structopt" not in sf.data:
        return []
    code = masked.code
    casing_changed = b"rename_all_env" in sf.data
    fields: dict[int, _ClapField] = {}  # by the field's position: a field may carry several attributes
    brackets = Brackets(masked)
    for m in _CLAP_ATTR.finditer(code):
        if masked.in_string(m.start()):
            continue
        spans = brackets.args(code, m.end() - 1, RUST, limit=_ATTR_LIMIT)
        found = _field_after(code, brackets.end(m.start() + 1), brackets) if spans is not None else None
        if spans is None or found is None:
            continue
        f = fields.setdefault(found[1], _ClapField(*found))
        for s, e in spans:
            text = code[s:e]
            value = _ENV_VALUE.match(text)
            if value:
                lit = plain_string(code, s + value.end(), RUST)
                if lit is not None:
                    f.names.append(lit)
                elif _CONST_PATH.match(code, s + value.end(), e):
                    found_expr = expr_at(code, s + value.end(), RUST)
                    if found_expr is not None:
                        f.constants.append((found_expr[0], s + value.end()))
            elif _BARE_ENV.match(text):
                f.bare = True
            f.renamed = f.renamed or bool(_RENAMED.match(text))
            f.defaulted = f.defaulted or bool(_CLAP_DEFAULT.match(text))
            f.required = f.required or bool(_CLAP_REQUIRED.match(text))
    refs: list[EnvRef] = []
    for f in fields.values():
        has_default = not f.required and (f.defaulted or bool(_OPTIONAL_TYPE.match(f.type_text)))
        names = list(f.names)
        if f.bare and not f.renamed and not casing_changed:
            names.append((f.name.upper(), f.pos))
        refs.extend(
            make_ref(sf, masked, n, p, source, has_default=has_default) for n, p in names if NAME.fullmatch(n)
        )
        if constant is not None:
            for expr, p in f.constants:
                refs.extend(constant(expr, p, has_default))
    return refs
