"""Schemas validated against ``process.env``: envalid ``cleanEnv``, AdonisJS ``Env.create``, zod
``z.object(...).parse``, joi ``Joi.object({...}).validate`` (also NestJS's ``validationSchema``),
yup ``object().validateSync``, t3-env ``createEnv({server, client, shared})``. Every key of the
schema object is a read; a ``.default(`` / ``.optional(`` / ``{ default: }`` in its validator
means it has a default (a joi or yup key is optional unless ``.required()``). A schema declared in
one file and validated in another is looked up by its name in the files that declare it.
t3-env's ``runtimeEnv`` may give a key another variable (``TEAM_ID: process.env.SSO_TEAM_ID``):
the schema key then stands for that variable. A class-validator class the environment is turned
into (``plainToInstance(EnvironmentVariables, config)``, NestJS's ``validate``) names a variable
with each UPPER_CASE field; ``?``, an initialiser or ``@IsOptional()`` means it has a default."""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.functions import expression_end
from integrations_drift.scan.env.lexer import Family, Masked, mask
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import JS, NAME, read_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

# envalid `cleanEnv(process.env, {...})`, znv `parseEnv(process.env, {...})`, envsafe `envsafe({...})`
_CLEAN_ENV = lazy(
    r"\b(?:cleanEnv|parseEnv)\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(?=\{)|\benvsafe\s*\(\s*(?=\{)"
)
# the same with the schema named: `cleanEnv(process.env, validators)`
_CLEAN_ENV_NAMED = lazy(
    r"\b(?:cleanEnv|parseEnv)\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(?P<name>[A-Za-z_$][\w$]*)\s*[,)]"
)
# A JSON schema of the environment (@fastify/env, env-schema): the keys of its `properties`,
# optional unless listed in `required` or without a `default`
_JSON_SCHEMA_LIBS = lazy(r"""["'](?:@fastify/env|fastify-env|env-schema)["']""")
_PROPERTIES = lazy(r"\bproperties\s*:\s*(?=\{)")
_UPPER_KEY = lazy(r"[A-Z][A-Z0-9_]*")
_REQUIRED_LIST = lazy(r"\brequired\s*:\s*\[([^\[\]]*)\]")
_CREATE_ENV = lazy(r"\bcreateEnv\s*\(\s*(?=\{)")
# AdonisJS: `Env.create(new URL("../", import.meta.url), { PORT: Env.schema.number() })`,
# v5 `Env.rules({...})`
# (the text after a parenthesised part belongs to that part, so no two runs compete for it)
_ADONIS_ENV = lazy(r"\bEnv\s*\.\s*(?:create\s*\(\s*[^,()]*(?:\([^()]*\)[^,()]*)?,\s*|rules\s*\(\s*)(?=\{)")
_SCHEMA_OBJECT = lazy(
    r"(?:\b(?:const|let|var)\s+(?P<var>[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*)?"
    r"(?:\bz\s*\.\s*object|\b(?P<lib>[Jj]oi|[Yy]up)\s*\.\s*object)\s*\(\s*(?:\)\s*\.\s*keys\s*\(\s*)?(?=\{)"
)
# joi and yup keys are optional unless required
_REQUIRED = lazy(r"\.\s*(?:required|exist)\s*\(")
# validating methods; joi's `.prefs(...)` / `.options(...)` may come between the schema and the call
_VALIDATE = (
    r"(?:\s*\.\s*(?:prefs|options|unknown)\s*\([^()\n]*\))*\s*\.\s*"
    r"(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateAsync|validateSync|cast)\s*\(\s*"
)
# a schema named where the environment is validated against it: NestJS ConfigModule's
# `validationSchema: schema`, joi's `Joi.attempt(process.env, schema)`
_VALIDATED_BY_NAME = r"\bvalidationSchema\s*:\s*(?P<a>[A-Za-z_$][\w$]*)(?![\w$.(])"
_INLINE_VALIDATED = lazy(r"\bvalidationSchema\s*:\s*$")
# ... of NestJS's ConfigModule only: Formik's `useFormik({ validationSchema: schema })` checks a form
_NEST_CONFIG = lazy(r"\bConfigModule\b")
_T3_SECTIONS = frozenset({"server", "client", "shared"})
_T3_RUNTIME = frozenset({"runtimeEnv", "runtimeEnvStrict", "experimental__runtimeEnv"})
_HAS_DEFAULT = lazy(r"\.\s*(?:default|optional|nullish|catch)\s*\(|\b(?:default|devDefault)\s*:")
_PLAIN_TO = lazy(r"\bplainTo(?:Instance|Class)\s*\(\s*(?P<cls>[A-Za-z_$][\w$]*)\s*,")
# a field of the class body at its own depth: modifiers, the name, then a type, initialiser or end
_FIELD = lazy(
    r"(?m)^[ \t]*(?:@[\w$.]+(?:\([^()\n]*\))?[ \t]*)*(?:(?:public|readonly|declare|private|protected)[ \t]+)*"
    r"(?P<name>[A-Z][A-Z0-9_]*)[ \t]*(?P<opt>[?!]?)[ \t]*(?P<after>[:=;\n])"
)
_OPTIONAL_DECORATOR = lazy(r"@\s*IsOptional\s*\(|@\s*ValidateIf\s*\(")
_SPREAD = lazy(r"\s*\.\.\.")
_MAX_SPREAD_DEPTH = 2
_KEY = lazy(r"\s*(?:(?P<id>[A-Za-z_$][\w$]*)|(?=[\"'`]))")


def _entries(code: str, open_pos: int, depth: int = 0) -> list[tuple[str, int, str]]:
    """(key, key position, value text) of the object literal whose `{` is at ``open_pos``, with
    those of an object spread into it (``...(cloud && { X: str() })``)."""
    split = split_args(code, open_pos + 1, "}", JS)
    if split is None:
        return []
    out: list[tuple[str, int, str]] = []
    for s, e in split[0]:
        spread = _SPREAD.match(code, s)
        if spread is not None:
            inner = code.find("{", spread.end(), e)
            if inner >= 0 and depth < _MAX_SPREAD_DEPTH:
                out.extend(_entries(code, inner, depth + 1))
            continue
        m = _KEY.match(code, s)
        if not m:
            continue
        if m.group("id"):
            key, pos, after = m.group("id"), m.start("id"), m.end()
        else:
            lit = read_string(code, m.end(), JS)
            if lit is None or lit.interpolated:
                continue
            key, pos, after = lit.value, lit.value_pos, lit.end
        colon = skip_ws(code, after)
        if colon < e and code[colon] == ":":
            out.append((key, pos, code[colon + 1 : e]))
    return out


def _schema_refs(
    sf: SourceFile,
    masked: Masked,
    open_pos: int,
    source: str,
    renamed: dict[str, str] | None = None,
    optional_unless_required: bool = False,
) -> list[EnvRef]:
    renamed = renamed or {}
    return [
        make_ref(
            sf,
            masked,
            renamed.get(key, key),
            pos,
            source,
            has_default=bool(_HAS_DEFAULT.search(value))
            or (optional_unless_required and not _REQUIRED.search(value)),
        )
        for key, pos, value in _entries(masked.code, open_pos)
        if NAME.fullmatch(key)
    ]


def _runtime_names(code: str, entries: list[tuple[str, int, str]], env_expr: str) -> dict[str, str]:
    """Schema key -> the variable ``runtimeEnv`` reads for it, where the two differ."""
    read = re.compile(
        rf"\s*(?:{env_expr})\s*(?:\??\.\s*(?P<dot>[A-Za-z_$][\w$]*)|(?:\?\.)?\[\s*([\"'`])(?P<key>\w+)\2\s*\])"
    )
    out: dict[str, str] = {}
    for key, pos, _ in entries:
        if key not in _T3_RUNTIME:
            continue
        inner = skip_ws(code, code.find(":", pos) + 1)
        if code[inner : inner + 1] != "{":
            continue
        for name, _, value in _entries(code, inner):
            m = read.match(value)
            found = m and (m.group("dot") or m.group("key"))
            if found and found != name and NAME.fullmatch(found):
                out[name] = found
    return out


# Methods that make a schema from another: parsing the new one reads the old one's keys.
_DERIVE = (
    r"(?:transform|extend|merge|refine|superRefine|pipe|strict|strip|passthrough"
    r"|partial|required|readonly|catchall|and)"
)
_MAX_DERIVED = 8


def _derived(code: str, var: str) -> dict[str, tuple[str, int]]:
    """``var`` and the schemas made from it (``const full = base.extend({...}).transform(...)``):
    name -> (the schema it is made from, the position of its ``extend({`` object or -1)."""
    found: dict[str, tuple[str, int]] = {var: ("", -1)}
    todo = [var]
    while todo and len(found) < _MAX_DERIVED:
        name = todo.pop()
        pattern = (
            rf"(?<![\w$.])(?:const|let|var)\s+(?P<d>[A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?="
            rf"\s*{re.escape(name)}\s*\.\s*(?P<how>{_DERIVE})\s*\((?P<obj>\s*\{{)?"
        )
        for m in re.finditer(pattern, code):
            if m.group("d") not in found:
                extended = (
                    m.end("obj") - 1 if m.group("obj") and m.group("how") in ("extend", "merge") else -1
                )
                found[m.group("d")] = (name, extended)
                todo.append(m.group("d"))
    return found


def _parsed_objects(code: str, var: str, parse: str, validated: set[str]) -> list[int]:
    """The object literals whose keys are read when ``var``, or a schema made from it, parses the
    environment (or is among the ``validated`` names): the base's own object (``-1``) and the
    ``extend`` objects on the way."""
    derived = _derived(code, var)
    out: set[int] = set()
    for name in derived:
        if name not in validated and not re.search(rf"(?<![\w$.]){re.escape(name)}\s*{parse}", code):
            continue
        while name:
            parent, extended = derived[name]
            out.add(extended)
            name = parent
    return sorted(out)


def class_fields(sf: SourceFile, masked: Masked, name: str, source: str) -> list[EnvRef] | None:
    """The UPPER_CASE fields of the file's class ``name`` (None: no such class here)."""
    code = masked.code
    head = re.search(rf"\bclass\s+{re.escape(name)}\b[^{{;]*\{{", code)
    if head is None:
        return None
    open_pos = head.end() - 1
    close = match_bracket(code, open_pos, JS) - 1
    refs: list[EnvRef] = []
    depth, at, last = 0, open_pos + 1, open_pos + 1
    for m in _FIELD.finditer(code, open_pos + 1, close):
        for c in code[at : m.start()]:  # the depth inside the body, carried from match to match
            depth += (c in "({[") - (c in ")}]")
        at = m.start()
        if depth != 0:
            continue
        optional = m.group("opt") == "?" or m.group("after") == "="
        if not optional and m.group("after") == ":":
            end = code.find("\n", m.end())
            optional = "=" in code[m.end() : end if end >= 0 else close]
        optional = optional or _OPTIONAL_DECORATOR.search(code, last, m.start("name")) is not None
        refs.append(make_ref(sf, masked, m.group("name"), m.start("name"), source, has_default=optional))
        last = m.end()
    return refs


def _json_schema_refs(sf: SourceFile, masked: Masked, source: str) -> list[EnvRef]:
    code = masked.code
    required = {
        lit.strip().strip("\"'`") for m in _REQUIRED_LIST.finditer(code) for lit in m.group(1).split(",")
    }
    refs: list[EnvRef] = []
    for m in _PROPERTIES.finditer(code):
        if masked.in_string(m.start()):
            continue
        for key, pos, value in _entries(code, m.end()):
            if _UPPER_KEY.fullmatch(key):  # route schemas of the same file have lower-case fields
                optional = key not in required or re.search(r"\bdefault\s*:", value) is not None
                refs.append(make_ref(sf, masked, key, pos, source, has_default=optional))
    return refs


def _object_named(code: str, name: str) -> int | None:
    """Where the object literal a file-level ``const name = {`` holds opens."""
    m = re.search(rf"\b(?:const|let|var)\s+{re.escape(name)}\s*(?::[^=;]+)?=\s*(?=\{{)", code)
    return m.end() if m is not None else None


def _parse_pattern(env_expr: str) -> str:
    """A validating call on the environment, right after the schema's name."""
    return rf"{_VALIDATE}(?:\{{\s*\.\.\.\s*)?(?:{env_expr}|import\s*\.\s*meta\s*\.\s*env)\s*[,)}}]"


def _validated_names(code: str, env_expr: str) -> set[str]:
    attempt = rf"\b[Jj]oi\s*\.\s*(?:attempt|assert)\s*\(\s*(?:{env_expr})\s*,\s*(?P<b>[A-Za-z_$][\w$]*)"
    either = rf"{_VALIDATED_BY_NAME}|{attempt}" if _NEST_CONFIG.search(code) else attempt
    return {m.group("a") or m.group("b") for m in re.finditer(either, code)}


def _schema_objects(
    sf: SourceFile, masked: Masked, parse: str, validated: set[str], source: str
) -> tuple[list[EnvRef], set[str]]:
    """The reads of the file's schema objects that validate the environment, and the names of
    every schema the file declares."""
    code = masked.code
    refs: list[EnvRef] = []
    declared: set[str] = set()
    nest = _NEST_CONFIG.search(code) is not None
    for m in _SCHEMA_OBJECT.finditer(code):
        if masked.in_string(m.start()):
            continue
        paren = code.rfind("(", m.start(), m.end())
        close = match_bracket(code, paren, JS)
        chained = re.match(rf"(?:\s*\.\s*\w+\s*\([^()]*\))*{parse}", code[close : close + 400])
        inline = nest and _INLINE_VALIDATED.search(code, max(0, m.start() - 40), m.start()) is not None
        var = m.group("var")
        if var is not None:
            declared.add(var)
        objects = _parsed_objects(code, var, parse, validated) if var is not None else []
        if (chained or inline) and -1 not in objects:
            objects.insert(0, -1)
        lenient = m.group("lib") is not None
        for obj in objects:
            refs.extend(
                _schema_refs(
                    sf, masked, m.end() if obj < 0 else obj, source, optional_unless_required=lenient
                )
            )
    return refs, declared


def schema_reads(
    sf: SourceFile,
    masked: Masked,
    env_expr: str,
    source: str,
    elsewhere: set[str] | None = None,
    elsewhere_schemas: set[str] | None = None,
) -> list[EnvRef]:
    """``env_expr``: a regex for the env object (``process.env`` and its aliases); ``elsewhere``
    receives the environment classes another file defines, ``elsewhere_schemas`` the names of the
    schemas validated here and declared in another file."""
    code = masked.code
    refs: list[EnvRef] = []
    classes = {m.group("cls") for m in _PLAIN_TO.finditer(code) if not masked.in_string(m.start())}
    for cls in sorted(classes):
        fields = class_fields(sf, masked, cls, source)
        if fields is not None:
            refs.extend(fields)
        elif elsewhere is not None:
            elsewhere.add(cls)
    for m in (*_CLEAN_ENV.finditer(code), *_ADONIS_ENV.finditer(code)):
        if not masked.in_string(m.start()):
            refs.extend(_schema_refs(sf, masked, m.end(), source))
    named: set[str] = set()
    for m in _CLEAN_ENV_NAMED.finditer(code):
        if masked.in_string(m.start()):
            continue
        open_pos = _object_named(code, m.group("name"))
        if open_pos is not None:
            refs.extend(_schema_refs(sf, masked, open_pos, source))
        else:
            named.add(m.group("name"))
    for m in _CREATE_ENV.finditer(code):
        if masked.in_string(m.start()):
            continue
        entries = _entries(code, m.end())
        renamed = _runtime_names(code, entries, env_expr)
        for key, pos, _ in entries:
            if key in _T3_SECTIONS:
                inner = skip_ws(code, code.find(":", pos) + 1)
                if code[inner : inner + 1] == "{":
                    refs.extend(_schema_refs(sf, masked, inner, source, renamed))
    if _JSON_SCHEMA_LIBS.search(code):
        refs.extend(_json_schema_refs(sf, masked, source))
    parse = _parse_pattern(env_expr)
    validated = _validated_names(code, env_expr)
    found, declared = _schema_objects(sf, masked, parse, validated, source)
    refs.extend(found)
    if elsewhere_schemas is not None:
        used = validated | {
            m.group(1)
            for m in re.finditer(rf"(?<![\w$.])([A-Za-z_$][\w$]*){parse}", code)
            if not masked.in_string(m.start())
        }
        elsewhere_schemas.update((used - declared) | named)
    return refs


def schemas_elsewhere(
    names: set[str], files: Iterable[SourceFile], family: Family, source: str
) -> list[EnvRef]:
    """The keys of schemas validated against the environment in one file and declared in another:
    only the files whose bytes declare such a schema are read."""
    if not names:
        return []
    alts = b"|".join(re.escape(n.encode()) for n in sorted(names))
    gate = re.compile(rb"\b(?:const|let|var)\s+(?:" + alts + rb")\b")
    refs: list[EnvRef] = []
    for sf in files:
        if gate.search(sf.data) is None:
            continue
        masked = mask(sf.text(), family)
        found, declared = _schema_objects(sf, masked, r"(?!)", names, source)
        refs.extend(found)
        for name in sorted(names - declared):  # a plain object of validators (envalid, znv)
            open_pos = _object_named(masked.code, name)
            if open_pos is not None:
                refs.extend(_schema_refs(sf, masked, open_pos, source))
    return refs


def classes_elsewhere(
    names: set[str], files: Iterable[SourceFile], family: Family, source: str
) -> list[EnvRef]:
    """The fields of environment classes converted in one file and defined in another: only the
    files whose bytes declare such a class are read."""
    if not names:
        return []
    alts = b"|".join(re.escape(n.encode()) for n in sorted(names))
    gate = re.compile(rb"\bclass\s+(?:" + alts + rb")\b")
    refs: list[EnvRef] = []
    for sf in files:
        if gate.search(sf.data) is None:
            continue
        masked = mask(sf.text(), family)
        for name in sorted(names):
            refs.extend(class_fields(sf, masked, name, source) or [])
    return refs


_DECORATOR = lazy(r"\s*@\s*[A-Za-z_$][\w$.]*\s*")
_DECORATED_FIELD = lazy(
    r"\s*(?:(?:public|private|protected|readonly|static|declare|override)\s+)*"
    r"[A-Za-z_$][\w$]*\s*[?!]?\s*(?::[^=;\n]+)?=(?![=>])\s*"
)


def optional_initialisers(masked: Masked) -> list[tuple[int, int]]:
    """The lines of class field initialisers that ``@IsOptional()`` (or ``@ValidateIf``) marks
    optional: ``@IsOptional() @IsUrl() public URL = environment.URL;`` reads URL with a default."""
    code = masked.code
    out: list[tuple[int, int]] = []
    for m in _OPTIONAL_DECORATOR.finditer(code):
        if masked.in_string(m.start()):
            continue
        split = split_args(code, m.end(), ")", JS)
        pos = split[1] if split is not None else -1
        while pos >= 0:  # the decorators that follow, each with its arguments
            d = _DECORATOR.match(code, pos)
            if d is None:
                break
            pos = d.end()
            if code.startswith("(", pos):
                after = split_args(code, pos + 1, ")", JS)
                pos = after[1] if after is not None else -1
        field = _DECORATED_FIELD.match(code, pos) if pos >= 0 else None
        if field is not None:
            end = expression_end(code, field.end(), JS)
            out.append((masked.line_of(field.end()), masked.line_of(max(field.end(), end - 1))))
    return out
