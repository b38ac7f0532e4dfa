"""Java and Kotlin enums that name environment variables: each constant is a read.

Two shapes are common. The constant's own name is the variable, read through ``name()``::

    enum Env { DATABASE_URL, PORT; String get() { return System.getenv(name()); } }

or a constructor argument is, stored in a field that a method reads::

    enum Setting { DB("APP_DB_URL"); private final String key;
                   Setting(String key) { this.key = key; } String get() { return System.getenv(key); } }

Kotlin spells the second with a constructor property: ``enum class Setting(val key: String)``.

A read elsewhere may name one constant (``System.getenv(Keys.TOKEN.key)``, ``Keys.TOKEN.getKey()``,
``EnvVar.TOKEN.toString()``): that constant's stored argument (or its name, for ``name()`` and an
enum without its own ``toString``) is the variable, the enum declared in any file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.fw_data import declaring_files
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.patterns import alias_set, compiled
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, NAME, Syntax, plain_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_ENUM = lazy(r"\benum\s+(?:class\s+)?([A-Za-z_]\w*)\s*(\()?")
# the read inside the enum: `System.getenv(name())`, `getenv(this.key)`
_READ = lazy(
    r"(?<![\w.])(?:(?:java\s*\.\s*lang\s*\.\s*)?System\s*\.\s*)?getenv\s*\(\s*"
    r"(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*(\(\s*\))?\s*\)"
)
_ANNOTATION = lazy(r"\s*(?:@[\w.]+\s*(?:\([^()]*\))?\s*)*")
_CONSTANT = lazy(r"([A-Za-z_]\w*)\s*(\()?")
_PARAM_NAME = lazy(r"([A-Za-z_]\w*)\s*(?::|$)")
_MAX_CONSTANTS = 1000
_HEADER_REACH = 400
_MAX_READS = 20  # reads tried per enum: its constructor is searched for each
# a read of one constant's member: getenv(Keys.TOKEN.key) / getenv(Keys.TOKEN.getKey())
_MEMBER_READ = lazy(
    r"(?<![\w.])(?:(?:java\s*\.\s*lang\s*\.\s*)?System\s*\.\s*)?getenv\s*\(\s*"
    r"(?:[a-z_]\w*\s*\.\s*)*([A-Z]\w*)\s*\.\s*([A-Z][A-Z0-9_]*)\s*\.\s*([A-Za-z_]\w*)\s*(\(\s*\))?\s*\)"
)
# a getter returning a field: `String getKey() { return key; }`, Kotlin `fun key() = key`
_GETTER = lazy(
    r"\b([A-Za-z_]\w*)\s*\(\s*\)\s*(?::\s*String\??\s*)?"
    r"(?:\{\s*return\s+(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*;?\s*\}|=\s*(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*(?:$|[;}]))",
    re.M,
)

_STORE = lazy(r"(?<![\w.])(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*;")


@dataclass
class EnumTables:
    """Across files: each enum's constants with the value of each member, and member reads."""

    # enum -> constant -> member ("key", "getKey", "toString", "name") -> value
    members: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # (enum, constant, member, path, line, has_default, is_support)
    reads: list[tuple[str, str, str, str, int, bool, bool]] = field(default_factory=list)


def collect_tables(sf: SourceFile, masked: Masked, syn: Syntax, language: str, tables: EnumTables) -> None:
    """Record the file's reads of one enum constant's member."""
    code = masked.code
    if "getenv" in code:
        fallback = compiled(language, alias_set(language)).fallback
        for m in _MEMBER_READ.finditer(code):
            if masked.in_string(m.start()):
                continue
            has_default = fallback is not None and fallback.match(code, m.end()) is not None
            line = masked.line_of(m.start())
            enum, constant, member = m.group(1), m.group(2), m.group(3)
            tables.reads.append((enum, constant, member, sf.path, line, has_default, sf.is_support))


def record_enums(masked: Masked, syn: Syntax, tables: EnumTables, wanted: set[str]) -> None:
    """The member values of the ``wanted`` enums the file declares (each enum once: a body is
    searched for its constructor and getters)."""
    code = masked.code
    for e in _enums(code, masked, syn):
        if e.name not in wanted or e.name in tables.members:
            continue
        stored = _stored_params(code, e, syn)
        body = code[e.brace : e.end]
        getters = {g.group(1): g.group(2) or g.group(3) for g in _GETTER.finditer(body)}
        own_to_string = re.search(r"\btoString\s*\(", body) is not None
        table: dict[str, dict[str, str]] = {}
        for name, _, args in _constants(code, e.brace, syn):
            values = {"name": name}
            if not own_to_string:
                values["toString"] = name
            for member, index in stored.items():
                lit = plain_string(code, args[index][0], syn) if index < len(args) else None
                if lit is not None:
                    values[member] = lit[0]
            for getter, member in getters.items():
                if member in values:
                    values[getter] = values[member]
            table[name] = values
        tables.members.setdefault(e.name, {}).update(table)


def _stored_params(code: str, e: _Enum, syn: Syntax) -> dict[str, int]:
    """Field -> constructor parameter index: Kotlin's properties, Java's `this.f = p` stores."""
    out = {name: i for i, name in enumerate(e.header) if name}
    ctor = re.compile(rf"(?<![\w.]){re.escape(e.name)}\s*\(")
    for c in ctor.finditer(code, e.brace, e.end):
        found = split_args(code, c.end(), ")", syn)
        if found is None:
            continue
        spans, after = found
        params = [_param_name(code[a:b]) for a, b in spans]
        body_at = code.find("{", after, after + 200)
        if body_at < 0:
            continue
        block = code[body_at : match_bracket(code, body_at, syn)]
        for store in _STORE.finditer(block):
            if store.group(2) in params:
                out.setdefault(store.group(1), params.index(store.group(2)))
    return out


def table_reads(tables: EnumTables, sources: list[SourceFile], source: str) -> list[EnvRef]:
    """The variables named by reads of one enum constant's member (the enum looked up in the
    files the scan passed over: a file that only declares it holds no read word)."""
    wanted = {r[0] for r in tables.reads}
    for sf in declaring_files(sources, wanted, r"enum|enum\s+class").values():
        syn = KOTLIN if sf.path.endswith((".kt", ".kts")) else JAVA
        record_enums(mask(sf.text(), "clike"), syn, tables, wanted)
    out: list[EnvRef] = []
    for enum, constant, member, path, line, has_default, support in tables.reads:
        value = tables.members.get(enum, {}).get(constant, {}).get(member)
        if value is not None and NAME.fullmatch(value):
            out.append(
                EnvRef(
                    name=value,
                    path=path,
                    line=line,
                    has_default=has_default,
                    is_support=support,
                    source=source,
                )
            )
    return out


@dataclass
class _Enum:
    name: str
    brace: int
    end: int
    header: list[str]
    reads: list[re.Match[str]] = field(default_factory=list)


def enum_reads(sf: SourceFile, masked: Masked, syn: Syntax, language: str) -> list[EnvRef]:
    code = masked.code
    if "enum" not in code or "getenv" not in code:
        return []
    kotlin = sf.path.endswith((".kt", ".kts"))
    fallback = compiled(language, alias_set(language)).fallback
    enums = _enums(code, masked, syn)
    _assign_reads(code, enums)
    out: list[EnvRef] = []
    for e in enums:
        for read in e.reads[:_MAX_READS]:
            arg, called = read.group(1), read.group(2) is not None
            has_default = fallback is not None and fallback.match(code, read.end()) is not None
            if arg == "name" and (called or kotlin) and arg not in e.header:
                out.extend(
                    make_ref(sf, masked, name, at, language, has_default=has_default)
                    for name, at, _ in _constants(code, e.brace, syn)
                )
                break
            index = _stored_params(code, e, syn).get(arg)
            if index is not None:
                for _, _, args in _constants(code, e.brace, syn):
                    at = args[index][0] if index < len(args) else -1
                    lit = plain_string(code, at, syn) if at >= 0 else None
                    if lit is not None and NAME.fullmatch(lit[0]):
                        out.append(make_ref(sf, masked, lit[0], at, language, has_default=has_default))
                break
    return out


def _enums(code: str, masked: Masked, syn: Syntax) -> list[_Enum]:
    """The enum declarations of the file, in order, with their body's extent."""
    found: list[_Enum] = []
    for m in _ENUM.finditer(code):
        if masked.in_string(m.start()):
            continue
        header: list[str] = []
        pos = m.end()
        if m.group(2):  # Kotlin's primary constructor
            args = split_args(code, m.end(), ")", syn)
            if args is None:
                continue
            header = [_param_name(code[a:b]) for a, b in args[0]]
            pos = args[1]
        brace = code.find("{", pos, pos + _HEADER_REACH)  # past `implements A, B`
        if brace < 0 or code.find(";", pos, brace) >= 0:
            continue
        found.append(_Enum(m.group(1), brace, match_bracket(code, brace, syn), header))
    return found


def _assign_reads(code: str, enums: list[_Enum]) -> None:
    """Give each read to the innermost enum around it (one sweep: nested enums stay linear)."""
    stack: list[_Enum] = []
    i = 0
    for read in _READ.finditer(code):
        pos = read.start()
        while i < len(enums) and enums[i].brace < pos:
            while stack and stack[-1].end <= enums[i].brace:
                stack.pop()
            stack.append(enums[i])
            i += 1
        while stack and stack[-1].end <= pos:
            stack.pop()
        if stack:
            stack[-1].reads.append(read)


def _param_name(text: str) -> str:
    """``val key: String`` -> ``key``; ``String key`` -> ``key``."""
    words = re.findall(r"[A-Za-z_]\w*", text.split("=", 1)[0])
    if ":" in text:
        head = text.split(":", 1)[0]
        found = _PARAM_NAME.search(head.strip() + ":")
        return found.group(1) if found else ""
    return words[-1] if words else ""


def _constants(code: str, brace: int, syn: Syntax) -> Iterator[tuple[str, int, list[tuple[int, int]]]]:
    """(name, position, argument spans) of the constants at the head of an enum's body."""
    found = split_args(code, brace + 1, "}", syn)
    if found is None:
        return
    for count, (a, b) in enumerate(found[0]):
        if count >= _MAX_CONSTANTS:
            return
        at = _ANNOTATION.match(code, a, b)
        i = at.end() if at else a
        m = _CONSTANT.match(code, i, b)
        if m is None or code.find(";", a, m.start()) >= 0:
            return
        args: list[tuple[int, int]] = []
        rest = m.end()
        if m.group(2):
            inner = split_args(code, m.end(), ")", syn)
            if inner is not None:
                args = [(s + len(code[s:e]) - len(code[s:e].lstrip()), e) for s, e in inner[0]]
                rest = inner[1]
        yield m.group(1), m.start(), args
        body = skip_ws(code, rest)
        if body < b and code[body] == "{":  # a constant's own class body
            rest = match_bracket(code, body, syn)
        if code.find(";", rest, b) >= 0:
            return
