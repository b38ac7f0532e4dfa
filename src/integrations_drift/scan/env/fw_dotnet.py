"""Microsoft.Extensions.Configuration: keys read from ``IConfiguration`` are environment variables.

``AddEnvironmentVariables("APP_")`` makes every configuration key ``A:B`` readable as the variable
``APP_A__B`` (``__`` stands for the section separator ``:``, which no shell allows in a name). The
keys are read as

- ``configuration["A:B"]``, ``configuration.GetValue<T>("A:B"[, default])``,
- ``configuration.GetSection("A")["B"]`` / ``.GetSection("A").GetValue<T>("B")`` /
  ``.GetSection("A:B").Value``, and a section kept in a local (``var s = config.GetSection("A")``),
- ``configuration.GetConnectionString("Db")``: the key ``ConnectionStrings:Db``,

on a receiver declared with a configuration type (``IConfiguration configuration``) or a
``Configuration`` member (``builder.Configuration``). A key may be a literal or a string constant of
the repository (``const string FfmpegPathKey = "ffmpeg"``), resolved across files.

A section bound to an options class (``services.Configure<SmtpOptions>(config.GetSection("Smtp"))``,
``GetSection("Smtp").Get<SmtpOptions>()`` / ``.Bind(options)``, ``AddOptions<T>().BindConfiguration``,
``ConfigurationBinder.Bind(section, instance)``) binds the class's public properties, nested classes
as sub-sections: ``Smtp__Host``, ``GlobalSettings__Mail__Smtp__Host``. Those names are binder
evidence (with and without a registered prefix): every property could be set so, and the project
tells operators which ones in its deployment files. .NET matches configuration keys without regard
to case, so the spelling a deployment file uses is the one reported.

With a prefix registered by the application (not only by tests) each key is a read of
``PREFIX + key``, and the prefix alone is no longer reported (its variables are known). The
unprefixed name (the default host reads unprefixed variables too) is binder evidence: a read only
where deployment files set it.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.fw_data import option_list
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.syntax import (
    CSHARP,
    NAME,
    plain_string,
    read_string,
    skip_ws,
)
from integrations_drift.scan.types import SourceFile

_LANGUAGE = "csharp"
_ADD_ENV = lazy(r"AddEnvironmentVariables\s*\(")
_PREFIX_KW = lazy(r"\s*prefix\s*:\s*")
_GENERIC = r"(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)?>)?"
_SECTION = lazy(r"\s*\??\.\s*(?:GetSection|GetRequiredSection)\s*\(")
_GETTERS = option_list(_LANGUAGE, "value_getters")
_OPTIONAL_GETTERS = frozenset(option_list(_LANGUAGE, "optional_value_getters"))
_GET_VALUE = lazy(rf"\s*\??\.\s*({'|'.join(map(re.escape, _GETTERS))})\s*{_GENERIC}\s*\(")
_CONNECTION = lazy(r"\s*\??\.\s*GetConnectionString\s*\(")
_VALUE = lazy(r"\s*\??\.\s*Value\b(?!\s*\()")
_INDEX = lazy(r"\s*\??\[")
_TYPEOF = lazy(r"\s*typeof\s*\(")
_IDENT = lazy(
    r"\s*(?P<nameof>nameof\s*\(\s*)?(?:[A-Za-z_]\w*\s*\.\s*)*?(?:(?P<type>[A-Za-z_]\w*)\s*\.\s*)?"
    r"(?P<id>[A-Za-z_]\w*)\s*\)?\s*$"
)
_TYPE_NAME = lazy(r"\s*typeof\s*\(\s*([A-Za-z_]\w*)\s*\)\s*\.\s*Name\s*")
TYPEOF_PART = "typeof:"  # a key part `typeof(X).Name`: the name of X, or of a wrapper call's type
# `Name<Type>(`: a generic method's declaration (a type before it) or call
_GENERIC_CALL = lazy(r"\b([A-Z]\w*)\s*<\s*([A-Za-z_][\w.]*)\s*>\s*\(")
_GENERIC_GATE = lazy(rb"\w\s*<\s*[A-Za-z_][\w.]*\s*>\s*\(")
_NOT_A_TYPE = frozenset({"return", "await", "new", "throw", "yield", "else", "in", "is", "as", "case"})
_PARAM_NAME = lazy(r"([A-Za-z_]\w*)\s*(?:=[^,]*)?$")
_BODY_START = lazy(r"[^;{]*?(\{|=>)")
# `var s = ` before a configuration expression, its receiver maybe a member (`builder.Configuration`)
_LOCAL = lazy(
    r"(?:\bvar|\bIConfigurationSection\??)\s+([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_]\w*\s*\??\.\s*){0,4}$"
)
_FALLBACK = lazy(r"\s*\?\?")
# a presence test: `string.IsNullOrWhiteSpace(builder.Configuration["X"])`
_PRESENCE_TEST = lazy(r"\bIsNullOr(?:Empty|WhiteSpace)\s*\(\s*[\w.]*$")
_BEFORE_LIMIT = 200
_SECTION_DEPTH = 4
_LOCAL_LIMIT = 80
_STATEMENT_LIMIT = 2000
_HEADER_LIMIT = 400
_GET_TYPED = lazy(
    r"\s*\??\.\s*Get\s*<\s*([A-Za-z_][\w.]*)\s*>\s*\(\s*\)|\s*\??\.\s*Get\s*\(\s*typeof\s*\(\s*([A-Za-z_][\w.]*)\s*\)\s*\)"
)
_BIND = lazy(r"\s*\??\.\s*Bind\s*\(")
_CONFIGURE = lazy(r"\bConfigure\s*<\s*([A-Za-z_][\w.]*)\s*>\s*\(")
_ADD_OPTIONS = lazy(r"\bAddOptions\s*<\s*([A-Za-z_][\w.]*)\s*>\s*\(\s*\)")
_BIND_CONFIGURATION = lazy(r"\.\s*(?:BindConfiguration|Bind)\s*\(")
_STATIC_BIND = lazy(r"\bConfigurationBinder\s*\.\s*Bind\s*\(")
_STATEMENT_END = lazy(r";")
_DOTTED = lazy(r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*")
_ARGS_LIMIT = 4096
_BINDS_OPTIONS = lazy(rb"Configure\s*<|AddOptions\s*<|ConfigurationBinder")

Part = tuple[bool, str]  # (is a constant's name, text)


@dataclass(frozen=True, slots=True)
class KeyUse:
    parts: tuple[Part, ...]
    sf: SourceFile
    line: int
    has_default: bool


@dataclass(frozen=True, slots=True)
class Binding:
    """A section bound to an options class."""

    parts: tuple[Part, ...]
    type_name: str
    sf: SourceFile
    line: int


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A generic method of the repository that binds its type argument (``GetOptions<T>(this
    IConfiguration c, string section) => c.GetSection(section).Get<T>()``): ``parts`` name the
    section, a constant's name among ``params`` standing for the argument a call passes there."""

    params: tuple[str, ...]  # the parameters a call passes (an extension's `this` left out)
    type_param: str
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Call:
    """``Name<Type>(…)``: maybe a call of a binding wrapper (its arguments read once it is one)."""

    name: str
    type_name: str
    sf: SourceFile
    open_pos: int  # the call's opening parenthesis in the masked text
    line: int


@dataclass
class DotnetState:
    prefixes: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)  # -> (path, line, support)
    uses: list[KeyUse] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    wrappers: dict[str, Wrapper] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)


_TYPES = "|".join(map(re.escape, option_list(_LANGUAGE, "config_types")))
_DECLARED = lazy(rf"(?:{_TYPES})\??\s+([A-Za-z_]\w*)\b")


def _word_before(code: str, pos: int) -> bool:
    return pos > 0 and (code[pos - 1].isalnum() or code[pos - 1] == "_")


# A configuration made in place: `var config = new ConfigurationBuilder()…Build();`, or a builder
# kept in a local and built later (`var config = builder.Build();`).
_NEW_BUILDER = lazy(r"\b(?:var|IConfiguration\w*)\s+([A-Za-z_]\w*)\s*=\s*new\s+ConfigurationBuilder\s*\(")
_BUILD_CALL = lazy(r"\.\s*Build\s*\(\s*\)\s*$")
_LOCAL_CALL = lazy(r"\bvar\s+([A-Za-z_]\w*)\s*=\s*(?:await\s+)?([A-Za-z_]\w*)\s*(\.\s*Build\s*)?\(")
# an alias of a configuration member: `var configuration = builder.Configuration;`
_ALIAS = r"\bvar\s+([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_]\w*\s*\??\.\s*){{1,4}}(?:{members})\s*;"
# a method declared to return the configuration: `static IConfigurationRoot Load(string[] args)`
_RETURNS_CONFIG = lazy(rf"(?:{_TYPES})\??\s+([A-Za-z_]\w*)\s*(?:<[^<>()]*>\s*)?\(")


def _made_locals(code: str) -> set[str]:
    """Locals holding a configuration the file builds or gets from its own method."""
    made: set[str] = set()
    builders: set[str] = set()
    for m in _NEW_BUILDER.finditer(code):
        end = code.find(";", m.end(), m.end() + _STATEMENT_LIMIT)
        statement = code[m.end() : end] if end >= 0 else ""
        (made if _BUILD_CALL.search(statement) else builders).add(m.group(1))
    members = "|".join(map(re.escape, option_list(_LANGUAGE, "config_members")))
    made.update(m.group(1) for m in re.finditer(_ALIAS.format(members=members), code))
    makers = {m.group(1) for m in _RETURNS_CONFIG.finditer(code)}
    for m in _LOCAL_CALL.finditer(code):
        if (m.group(3) is None and m.group(2) in makers) or (m.group(3) and m.group(2) in builders):
            made.add(m.group(1))
    return made


def _receivers(sf: SourceFile, code: str) -> re.Pattern[str]:
    names = set(option_list(_LANGUAGE, "config_members"))
    if b"IConfiguration" in sf.data or b"ConfigurationManager" in sf.data:
        names.update(m.group(1) for m in _DECLARED.finditer(code))
    if b"Configuration" in sf.data:
        names.update(_made_locals(code))
    alts = "|".join(sorted(map(re.escape, names)))
    # literal-first (fast); a name that merely ends one (``ServerConfiguration``) is skipped by the caller
    return re.compile(rf"(?:{alts})\b(?=\s*\??(?:\[|\.\s*(?:Get|Bind)))")


def _key(code: str, start: int, end: int) -> Part | None:
    """A key argument: a literal, the name of a constant (``Keys.Ffmpeg``), or ``nameof(X)``;
    ``typeof(T).Name`` is the name of a generic method's type argument."""
    type_name = _TYPE_NAME.fullmatch(code, start, end)
    if type_name is not None:
        return (True, TYPEOF_PART + type_name.group(1))
    lit = read_string(code, skip_ws(code, start), CSHARP)
    if lit is not None:
        return (False, lit.value) if not lit.interpolated and not code[lit.end : end].strip() else None
    m = _IDENT.match(code[start:end])
    if m is None:
        return None
    if m.group("nameof"):
        return (False, m.group("id"))  # nameof(MailSettings) is the text "MailSettings"
    # a qualified constant (MailSettings.SectionName) is looked up in its type: every options
    # class may have a SectionName of its own
    return (True, f"{m.group('type')}.{m.group('id')}" if m.group("type") else m.group("id"))


def _args(br: Brackets, code: str, after_open: int) -> tuple[list[tuple[int, int]], int] | None:
    """The argument spans of the bracket just before ``after_open``, and the position after its
    closer (looked up: one pass over the file's brackets, not a scan per call)."""
    spans = br.args(code, after_open - 1, CSHARP, limit=_ARGS_LIMIT)
    return None if spans is None else (spans, br.end(after_open - 1))


def _chain(code: str, pos: int, br: Brackets) -> tuple[list[Part], bool, bool, int] | None:
    """From just after a receiver: (key parts, reaches a value, has a default, end)."""
    parts: list[Part] = []
    i = pos
    while True:
        m = _SECTION.match(code, i)
        if m:
            args = _args(br, code, m.end())
            key = _key(code, *args[0][0]) if args and args[0] else None
            if args is None or key is None:
                return None
            parts.append(key)
            i = args[1]
            continue
        m = _GET_VALUE.match(code, i)
        if m:
            args = _args(br, code, m.end())
            if args is None or not args[0]:
                return None
            spans = args[0]
            if _TYPEOF.match(code, spans[0][0]):
                spans = spans[1:]
            key = _key(code, *spans[0]) if spans else None
            if key is None:
                return None
            return [*parts, key], True, len(spans) >= 2 or m.group(1) in _OPTIONAL_GETTERS, args[1]
        m = _CONNECTION.match(code, i)
        if m:
            args = _args(br, code, m.end())
            key = _key(code, *args[0][0]) if args and args[0] else None
            if args is None or key is None:
                return None
            return [*parts, (False, "ConnectionStrings"), key], True, False, args[1]
        m = _INDEX.match(code, i)
        if m:
            args = _args(br, code, m.end())
            key = _key(code, *args[0][0]) if args and len(args[0]) == 1 else None
            if args is None or key is None:
                return None
            return [*parts, key], True, False, args[1]
        m = _VALUE.match(code, i)
        if m and parts:
            return parts, True, False, m.end()
        return (parts, False, False, i) if parts else None


class _Sections:
    """Locals holding a section (``var s = config.GetSection("A")``), by name; a name assigned in
    several methods means, at each use, the section of the assignment before it."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[tuple[int, list[Part]]]] = {}

    def add(self, name: str, pos: int, parts: list[Part]) -> None:
        insort(self._by_name.setdefault(name, []), (pos, parts), key=lambda e: e[0])

    def names(self) -> set[str]:
        return set(self._by_name)

    def at(self, name: str, pos: int) -> list[Part] | None:
        found = self._by_name.get(name, [])
        i = bisect_right(found, pos, key=lambda e: e[0])
        return found[i - 1][1] if i else None


def collect(sf: SourceFile, masked: Masked, state: DotnetState) -> None:
    """Record the file's prefixes and key reads."""
    code = masked.code
    adds = [m for m in _ADD_ENV.finditer(code) if not masked.in_string(m.start())]
    receivers = _receivers(sf, code)
    uses = [
        m
        for m in receivers.finditer(code)
        if not _word_before(code, m.start()) and not masked.in_string(m.start())
    ]
    binds = _BINDS_OPTIONS.search(sf.data) is not None
    generic = _GENERIC_GATE.search(sf.data) is not None
    if not adds and not uses and not binds:
        if generic:  # only calls: a file without configuration declares no wrapper
            _generic_calls(sf, masked, state)
        return
    br = Brackets(masked)
    first_binding = len(state.bindings)
    for m in adds:
        args = _args(br, code, m.end())
        if not args or not args[0]:
            continue
        s = args[0][0][0]
        kw = _PREFIX_KW.match(code, s)
        lit = plain_string(code, skip_ws(code, kw.end() if kw else s), CSHARP)
        if lit is not None and NAME.fullmatch(lit[0]):
            state.prefixes.setdefault(lit[0], []).append((sf.path, masked.line_of(lit[1]), sf.is_support))
    sections = _Sections()
    for m in uses:
        _use(sf, masked, m.end(), [], state, sections, m.start(), br)
    done: set[str] = set()
    for _ in range(_SECTION_DEPTH):  # a section of a section: `var tokens = identity.GetSection("Tokens")`
        fresh = sections.names() - done
        if not fresh:
            break
        done |= fresh
        local = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(fresh))) + r")\b(?!\s*=[^=])")
        for m in local.finditer(code):
            base = sections.at(m.group(1), m.start())
            if base is not None and not masked.in_string(m.start()):
                _use(sf, masked, m.end(), base, state, sections, m.start(), br)
    if binds:
        _option_bindings(sf, masked, receivers, state, br, sections)
    if generic:
        _generic_methods(sf, masked, state, br, first_binding)


def wrapped_bindings(state: DotnetState) -> list[Binding]:
    """The bindings the calls of binding wrappers make: ``configuration.GetOptions<SmtpOptions>("Smtp")``."""
    out: list[Binding] = []
    masks: dict[str, tuple[Masked, Brackets]] = {}
    for call in state.calls:
        w = state.wrappers.get(call.name)
        if w is None:
            continue
        if call.sf.path not in masks:
            masked = mask(call.sf.text(), "clike")
            masks[call.sf.path] = (masked, Brackets(masked))
        masked, br = masks[call.sf.path]
        spans = br.args(masked.code, call.open_pos, CSHARP, limit=_ARGS_LIMIT) or []
        args = dict(zip(w.params, spans, strict=False))
        parts: list[Part] = []
        for is_id, text in w.parts:
            if is_id and text == TYPEOF_PART + w.type_param:
                parts.append((False, call.type_name.split(".")[-1]))
            elif is_id and text in args:
                key = _key(masked.code, *args[text])
                if key is None:
                    break
                parts.append(key)
            elif is_id and text in w.params:
                break  # an argument the call leaves to its default
            else:
                parts.append((is_id, text))
        else:
            out.append(Binding(tuple(parts), call.type_name.split(".")[-1], call.sf, call.line))
    return out


def _generic_calls(sf: SourceFile, masked: Masked, state: DotnetState) -> list[re.Match[str]]:
    """Record the file's generic calls (maybe of a binding wrapper); return its generic method
    declarations (``Name<T>(`` after a type)."""
    code = masked.code
    declarations: list[re.Match[str]] = []
    for m in _GENERIC_CALL.finditer(code):
        if masked.in_string(m.start()):
            continue
        j = m.start() - 1
        while j >= 0 and code[j] in " \t\r\n":
            j -= 1
        word = re.search(r"[A-Za-z_]\w*$", code[max(0, j - 20) : j + 1]) if j >= 0 else None
        if j >= 0 and (code[j] in ">?]" or (word is not None and word.group() not in _NOT_A_TYPE)):
            declarations.append(m)
        else:
            state.calls.append(Call(m.group(1), m.group(2), sf, m.end() - 1, masked.line_of(m.start())))
    return declarations


def _generic_methods(sf: SourceFile, masked: Masked, state: DotnetState, br: Brackets, first: int) -> None:
    """Generic calls, and the file's generic methods that bind their type argument: the file's
    bindings of that argument become the wrapper's."""
    code = masked.code
    own = state.bindings[first:]
    bound_types = {b.type_name for b in own}
    for m in _generic_calls(sf, masked, state):
        if m.group(2) not in bound_types:
            continue
        line = masked.line_of(m.start())
        spans = br.args(code, m.end() - 1, CSHARP, limit=_ARGS_LIMIT)
        after = br.end(m.end() - 1)
        body = _BODY_START.match(code, after, min(len(code), after + _HEADER_LIMIT))
        if spans is None or body is None:
            continue
        if body.group(1) == "{":
            last = masked.line_of(br.end(body.end() - 1))
        else:
            stop = code.find(";", body.end(), body.end() + _STATEMENT_LIMIT)
            last = masked.line_of(stop if stop >= 0 else body.end())
        params = [code[a:b].strip() for a, b in spans]
        names = tuple(p.group(1) for t in params if (p := _PARAM_NAME.search(t)) is not None)
        if params and params[0].startswith("this "):
            names = names[1:]
        for b in own:
            if b.type_name == m.group(2) and line <= b.line <= last:
                state.wrappers.setdefault(m.group(1), Wrapper(names, m.group(2), b.parts))
                state.bindings.remove(b)


def _use(
    sf: SourceFile,
    masked: Masked,
    pos: int,
    base: list[Part],
    state: DotnetState,
    sections: _Sections,
    start: int,
    br: Brackets,
) -> None:
    code = masked.code
    found = _chain(code, pos, br)
    if found is None:
        pair = _BIND.match(code, pos)
        args = _args(br, code, pair.end()) if pair and not base else None
        if args and len(args[0]) == 2:  # configuration.Bind("Smtp", options)
            key, type_name = _key(code, *args[0][0]), _type_of(code, *args[0][1])
            if key is not None and type_name:
                state.bindings.append(Binding((key,), type_name.split(".")[-1], sf, masked.line_of(start)))
            return
        if not base:
            # the whole configuration: configuration.Get<AppSettings>(), configuration.Bind(settings)
            typed = _GET_TYPED.match(code, pos)
            type_name = (typed.group(1) or typed.group(2)) if typed else None
            if args and len(args[0]) == 1:
                type_name = _type_of(code, *args[0][0])
            if type_name:
                state.bindings.append(Binding((), type_name.split(".")[-1], sf, masked.line_of(start)))
            return
        found = ([], False, False, pos)  # a local section itself: s.Bind(options)
    parts, leaf, has_default, end = found
    if leaf:
        line_start = code.rfind("\n", max(0, start - _BEFORE_LIMIT), start) + 1
        has_default = (
            has_default
            or _FALLBACK.match(code, end) is not None
            or _PRESENCE_TEST.search(code, max(line_start, start - _BEFORE_LIMIT), start) is not None
        )
        state.uses.append(KeyUse((*base, *parts), sf, masked.line_of(start), has_default))
        return
    full = (*base, *parts)
    typed = _GET_TYPED.match(code, end)
    bind = _BIND.match(code, end) if typed is None else None
    type_name = (typed.group(1) or typed.group(2)) if typed else None
    if bind:
        args = _args(br, code, bind.end())
        type_name = _type_of(code, *args[0][0]) if args and len(args[0]) == 1 else None
    if type_name:
        state.bindings.append(Binding(full, type_name.split(".")[-1], sf, masked.line_of(start)))
        return
    local = _LOCAL.search(code, max(0, start - _LOCAL_LIMIT), start)
    if parts and local and not code.startswith(".", skip_ws(code, end)):
        sections.add(local.group(1), start, list(full))


def _type_of(code: str, start: int, end: int) -> str | None:
    """The class of the instance an argument passes: ``new T()`` or a name declared with a type."""
    arg = code[start:end].strip()
    new = re.match(r"new\s+([A-Za-z_][\w.]*)\s*[({]", arg)
    if new:
        return new.group(1)
    if not re.fullmatch(r"[A-Za-z_]\w*", arg):
        return None
    ident = re.escape(arg)
    m = re.search(rf"\b{ident}\s*=\s*new\s+([A-Za-z_][\w.]*)\s*[({{]", code) or re.search(
        rf"\b([A-Z][\w.]*)\??\s+{ident}\b\s*[;,)=]", code
    )
    return m.group(1) if m else None


def _section_in(
    code: str, start: int, end: int, receivers: re.Pattern[str], br: Brackets, sections: _Sections
) -> list[Part] | None:
    """The section a configuration expression within [start, end) names (``config.GetSection("A")``,
    or a local holding one)."""
    arg = code[start:end].strip()
    if arg in sections.names():
        return sections.at(arg, start)
    m = receivers.search(code, start, end)
    found = _chain(code, m.end(), br) if m else None
    if found is None or found[1] or found[3] > end:
        return None
    return found[0]


def _is_receiver(arg: str, receivers: re.Pattern[str]) -> bool:
    """Whether an argument is the configuration itself (``config``, ``builder.Configuration``)."""
    if not _DOTTED.fullmatch(arg):
        return False
    probe = arg + ".Get"
    return any(m.end() == len(arg) for m in receivers.finditer(probe))


def _option_bindings(
    sf: SourceFile,
    masked: Masked,
    receivers: re.Pattern[str],
    state: DotnetState,
    br: Brackets,
    sections: _Sections,
) -> None:
    """``Configure<T>(section)``, ``AddOptions<T>().Bind(section)`` / ``.BindConfiguration("A")``,
    ``ConfigurationBinder.Bind(section, instance)``."""
    code = masked.code

    def add(parts: list[Part] | None, type_name: str | None, pos: int) -> None:
        if parts and type_name:
            state.bindings.append(Binding(tuple(parts), type_name.split(".")[-1], sf, masked.line_of(pos)))

    for m in _CONFIGURE.finditer(code):
        args = _args(br, code, m.end())
        if not args or not args[0] or masked.in_string(m.start()):
            continue
        if len(args[0]) == 2 and _is_receiver(code[args[0][0][0] : args[0][0][1]].strip(), receivers):
            # an extension taking the configuration and a section key: Configure<T>(config, "Smtp")
            (s1, _) = args[0][1]
            lit = plain_string(code, skip_ws(code, s1), CSHARP)
            add([(False, lit[0])] if lit else None, m.group(1), m.start())
            continue
        if len(args[0]) == 1 and _is_receiver(code[args[0][0][0] : args[0][0][1]].strip(), receivers):
            # the whole configuration: Configure<AppSettings>(Configuration) binds root keys
            state.bindings.append(Binding((), m.group(1).split(".")[-1], sf, masked.line_of(m.start())))
            continue
        add(_section_in(code, args[0][0][0], args[0][0][1], receivers, br, sections), m.group(1), m.start())
    for m in _ADD_OPTIONS.finditer(code):
        stop = _STATEMENT_END.search(code, m.end())
        b = _BIND_CONFIGURATION.search(code, m.end(), stop.start() if stop else len(code))
        args = _args(br, code, b.end()) if b else None
        if b is None or not args or not args[0] or masked.in_string(m.start()):
            continue
        s0, e0 = args[0][0]
        parts: list[Part] | None = None
        if "BindConfiguration" in b.group():
            key = _key(code, s0, e0)  # "Smtp", SmtpOptions.SectionName, nameof(SmtpOptions)
            parts = [key] if key is not None else None
        add(parts or _section_in(code, s0, e0, receivers, br, sections), m.group(1), m.start())
    for m in _STATIC_BIND.finditer(code):
        args = _args(br, code, m.end())
        if args and len(args[0]) == 2 and not masked.in_string(m.start()):
            (s0, e0), (s1, e1) = args[0]
            add(_section_in(code, s0, e0, receivers, br, sections), _type_of(code, s1, e1), m.start())
