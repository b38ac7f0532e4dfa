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
the repository (``const string FfmpegPathKey = "ffmpeg"``), resolved across files. A section only
bound to an options class (``GetSection("A").Bind(o)``) names no variable here.

With a prefix registered by the application (not only by tests) each key is a read of
``PREFIX + key``, and the prefix alone is no longer reported (its variables are known). The
unprefixed name (the default host reads unprefixed variables too) is binder evidence: a read only
where deployment files set it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from integrations_drift.scan.env.fw_data import option_list
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.syntax import CSHARP, NAME, plain_string, read_string, skip_ws, split_args
from integrations_drift.scan.types import EnvRef, SourceFile

_LANGUAGE = "csharp"
_ADD_ENV = re.compile(r"\bAddEnvironmentVariables\s*\(")
_PREFIX_KW = re.compile(r"\s*prefix\s*:\s*")
_GENERIC = r"(?:<[^<>()]*(?:<[^<>()]*>[^<>()]*)?>)?"
_SECTION = re.compile(r"\s*\??\.\s*(?:GetSection|GetRequiredSection)\s*\(")
_GET_VALUE = re.compile(rf"\s*\??\.\s*GetValue\s*{_GENERIC}\s*\(")
_CONNECTION = re.compile(r"\s*\??\.\s*GetConnectionString\s*\(")
_VALUE = re.compile(r"\s*\??\.\s*Value\b(?!\s*\()")
_INDEX = re.compile(r"\s*\??\[")
_TYPEOF = re.compile(r"\s*typeof\s*\(")
_IDENT = re.compile(r"\s*(?:nameof\s*\(\s*)?(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\)?\s*$")
_LOCAL = re.compile(r"(?:\bvar|\bIConfigurationSection\??)\s+([A-Za-z_]\w*)\s*=\s*$")
_FALLBACK = re.compile(r"\s*\?\?")

Part = tuple[bool, str]  # (is a constant's name, text)


@dataclass(frozen=True, slots=True)
class KeyUse:
    parts: tuple[Part, ...]
    sf: SourceFile
    line: int
    has_default: bool


@dataclass
class DotnetState:
    prefixes: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)  # -> (path, line, support)
    uses: list[KeyUse] = field(default_factory=list)


def _receivers(code: str) -> re.Pattern[str]:
    types = "|".join(map(re.escape, option_list(_LANGUAGE, "config_types")))
    names = {m.group(1) for m in re.finditer(rf"\b(?:{types})\??\s+([A-Za-z_]\w*)\b", code)}
    names.update(option_list(_LANGUAGE, "config_members"))
    alts = "|".join(sorted(map(re.escape, names)))
    return re.compile(rf"(?<![\w])(?:{alts})\b(?!\s*(?:\(|=(?!=)))")


def _key(code: str, start: int, end: int) -> Part | None:
    """A key argument: a literal, or the name of a constant (``Keys.Ffmpeg``, ``nameof(X)``)."""
    lit = read_string(code, skip_ws(code, start), CSHARP)
    if lit is not None:
        return (False, lit.value) if not lit.interpolated and not code[lit.end : end].strip() else None
    m = _IDENT.match(code[start:end])
    return (True, m.group(1)) if m else None


def _call_args(code: str, pos: int) -> tuple[list[tuple[int, int]], int] | None:
    return split_args(code, pos, ")", CSHARP)


def _chain(code: str, pos: int) -> tuple[list[Part], bool, bool, int] | None:
    """From just after a receiver: (key parts, reaches a value, has a default, end)."""
    parts: list[Part] = []
    i = pos
    while True:
        m = _SECTION.match(code, i)
        if m:
            args = _call_args(code, m.end())
            key = _key(code, *args[0][0]) if args and args[0] else None
            if args is None or key is None:
                return None
            parts.append(key)
            i = args[1]
            continue
        m = _GET_VALUE.match(code, i)
        if m:
            args = _call_args(code, m.end())
            if args is None or not args[0]:
                return None
            spans = args[0]
            if _TYPEOF.match(code, spans[0][0]):
                spans = spans[1:]
            key = _key(code, *spans[0]) if spans else None
            if key is None:
                return None
            return [*parts, key], True, len(spans) >= 2, args[1]
        m = _CONNECTION.match(code, i)
        if m:
            args = _call_args(code, m.end())
            key = _key(code, *args[0][0]) if args and args[0] else None
            if args is None or key is None:
                return None
            return [*parts, (False, "ConnectionStrings"), key], True, False, args[1]
        m = _INDEX.match(code, i)
        if m:
            args = split_args(code, m.end(), "]", CSHARP)
            key = _key(code, *args[0][0]) if args and len(args[0]) == 1 else None
            if args is None or key is None:
                return None
            return [*parts, key], True, False, args[1]
        m = _VALUE.match(code, i)
        if m and parts:
            return parts, True, False, m.end()
        return (parts, False, False, i) if parts else None


def collect(sf: SourceFile, masked: Masked, state: DotnetState) -> None:
    """Record the file's prefixes and key reads."""
    code = masked.code
    for m in _ADD_ENV.finditer(code):
        if masked.in_string(m.start()):
            continue
        args = split_args(code, m.end(), ")", CSHARP)
        if not args or not args[0]:
            continue
        s = args[0][0][0]
        kw = _PREFIX_KW.match(code, s)
        lit = plain_string(code, skip_ws(code, kw.end() if kw else s), CSHARP)
        if lit is not None and NAME.fullmatch(lit[0]):
            state.prefixes.setdefault(lit[0], []).append((sf.path, masked.line_of(lit[1]), sf.is_support))
    receivers = _receivers(code)
    sections: dict[str, list[Part]] = {}
    for m in receivers.finditer(code):
        if masked.in_string(m.start()):
            continue
        _use(sf, masked, m.end(), [], state, sections, m.start())
    if sections:
        local = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sections)) + r")\b(?!\s*=[^=])")
        for m in local.finditer(code):
            if not masked.in_string(m.start()):
                _use(sf, masked, m.end(), sections[m.group(1)], state, {}, m.start())


def _use(
    sf: SourceFile,
    masked: Masked,
    pos: int,
    base: list[Part],
    state: DotnetState,
    sections: dict[str, list[Part]],
    start: int,
) -> None:
    code = masked.code
    found = _chain(code, pos)
    if found is None:
        return
    parts, leaf, has_default, end = found
    if leaf:
        has_default = has_default or _FALLBACK.match(code, end) is not None
        state.uses.append(KeyUse((*base, *parts), sf, masked.line_of(start), has_default))
        return
    local = _LOCAL.search(code, max(0, start - 80), start)
    if local and not code.startswith(".", skip_ws(code, end)):
        sections[local.group(1)] = [*base, *parts]


_CONST = r"\b(?:const|static\s+readonly|readonly\s+static)\s+string\??\s+({names})\s*=\s*"


def _constants(names: set[str], sources: list[SourceFile]) -> dict[str, str]:
    """Each name's value where the repository defines it as one string constant (several different
    values: unknown)."""
    if not names:
        return {}
    needles = [n.encode() for n in names]
    regex = re.compile(_CONST.format(names="|".join(sorted(map(re.escape, names)))))
    values: dict[str, set[str]] = {}
    for sf in sources:
        if b"string" not in sf.data or not any(n in sf.data for n in needles):
            continue
        text = sf.text()
        for m in regex.finditer(text):
            lit = read_string(text, m.end(), CSHARP)
            after = text[lit.end : lit.end + 40].lstrip()[:1] if lit is not None else ""
            if lit is not None and not lit.interpolated and after and after in ";,":
                values.setdefault(m.group(1), set()).add(lit.value)
    return {n: next(iter(v)) for n, v in values.items() if len(v) == 1}


@dataclass
class Derived:
    reads: list[EnvRef]  # PREFIX + key: read
    evidence: list[EnvRef]  # the unprefixed key: binder evidence
    covered: set[tuple[str, int, str]]  # (path, line, prefix) of the prefix reads now spelled out


def derived_reads(state: DotnetState, sources: list[SourceFile], source: str) -> Derived:
    consts = _constants({t for u in state.uses for is_id, t in u.parts if is_id}, sources)
    out = Derived([], [], set())
    for use in state.uses:
        texts = [consts.get(t) if is_id else t for is_id, t in use.parts]
        if any(t is None or not t for t in texts):
            continue
        key = "__".join(t.replace(":", "__") for t in texts if t is not None)
        if not NAME.fullmatch(key):
            continue
        for prefix, places in state.prefixes.items():
            if all(support for _, _, support in places):
                continue  # registered by tests only
            out.reads.append(_ref(use, prefix + key, source))
            out.covered.update((path, line, prefix) for path, line, _ in places)
        out.evidence.append(_ref(use, key, source))
    return out


def _ref(use: KeyUse, name: str, source: str) -> EnvRef:
    return EnvRef(
        name=name,
        path=use.sf.path,
        line=use.line,
        has_default=use.has_default,
        is_support=use.sf.is_support,
        source=source,
    )
