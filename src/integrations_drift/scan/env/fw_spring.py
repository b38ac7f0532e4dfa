"""Spring in Java/Kotlin source: ``@Value("${X:default}")`` placeholders and
``@ConfigurationProperties(prefix = "app.mail")`` classes.

A property key maps to an environment variable the way Spring Boot documents it: dots become
underscores, dashes are removed, everything is upper-cased (``app.mail.smtp-host`` ->
``APP_MAIL_SMTPHOST``; a camelCase field ``smtpHost`` is the key ``smtp-host``). A placeholder
that already is a variable name (``${DB_URL}``) is reported as written.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.patterns import option_list
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import NAME, Syntax, match_bracket, read_string, skip_ws, split_args
from integrations_drift.scan.types import EnvRef, SourceFile

_VALUE = re.compile(r"@Value\s*\(\s*(?:value\s*=\s*)?")
_PLACEHOLDER = re.compile(r"\$\{([^${}:]+)(:)?")
_CONFIG_PROPS = re.compile(r"@ConfigurationProperties\s*\(\s*(?:(?:prefix|value)\s*=\s*)?")
_TARGET = re.compile(
    r"\s*(?:@\w+(?:\s*\([^()]*\))?\s*|(?:public|private|protected|final|static|abstract|open|data|internal|sealed)\s+)*"
    r"(?:class|record)\s+\w+\s*(?:<[^>]*>)?\s*"
)
_JAVA_FIELD = re.compile(
    r"^\s*(?:@\w+(?:\([^()]*\))?\s*)*(?P<mods>(?:(?:private|protected|public|final|transient|volatile|static)\s+)*)"
    r"(?P<type>[\w.]+(?:<[^;=()]*>)?(?:\[\])*)\s+(?P<name>[a-z_]\w*)\s*(?P<init>=[^;]*)?;",
    re.M,
)
_KOTLIN_PROP = re.compile(
    r"(?:^|[(,])\s*(?:@\w+(?:\([^()]*\))?\s*)*(?:(?:private|protected|public|internal|lateinit|override)\s+)*"
    r"(?:val|var)\s+(?P<name>[a-z_]\w*)\s*(?::\s*(?P<type>[\w.<>?, ]+?))?\s*(?P<init>=[^\n,)]+)?(?=$|[,)\n])",
    re.M,
)
_SCALARS = frozenset(option_list("jvm", "config_property_types"))


def env_name(key: str) -> str | None:
    if NAME.fullmatch(key):
        return key
    if "[" in key:
        return None
    name = key.replace(".", "_").replace("-", "").upper()
    return name if NAME.fullmatch(name) else None


def _kebab(field_name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", field_name).lower()


def value_reads(sf: SourceFile, masked: Masked, syn: Syntax, source: str) -> list[EnvRef]:
    code = masked.code
    refs: list[EnvRef] = []
    for m in _VALUE.finditer(code):
        if masked.in_string(m.start()):
            continue
        lit = read_string(code, m.end(), syn)
        if lit is None:
            continue
        content = code[lit.value_pos : lit.end - 1]
        for p in _PLACEHOLDER.finditer(content):
            name = env_name(p.group(1).strip())
            if name:
                refs.append(
                    make_ref(
                        sf,
                        masked,
                        name,
                        lit.value_pos + p.start(1),
                        source,
                        has_default=p.group(2) is not None,
                    )
                )
    return refs


def _fields(body: str, kotlin: bool) -> list[tuple[str, int, bool]]:
    out: list[tuple[str, int, bool]] = []
    if kotlin:
        for m in _KOTLIN_PROP.finditer(body):
            typ = (m.group("type") or "String").strip().rstrip("?").split("<")[0].split(".")[-1]
            if typ in _SCALARS:
                out.append((m.group("name"), m.start("name"), m.group("init") is not None))
        return out
    for m in _JAVA_FIELD.finditer(body):
        typ = m.group("type").split("<")[0].split(".")[-1].removesuffix("[]")
        if "static" in m.group("mods") or typ not in _SCALARS:
            continue
        out.append((m.group("name"), m.start("name"), m.group("init") is not None))
    return out


def _record_components(text: str) -> list[tuple[str, int, bool]]:
    out: list[tuple[str, int, bool]] = []
    offset = 0
    for part in text.split(","):
        bare = re.sub(r"@\w+(?:\([^()]*\))?", lambda m: " " * len(m.group()), part)
        words = list(re.finditer(r"[A-Za-z_]\w*", bare))
        if len(words) >= 2:
            out.append((words[-1].group(), offset + words[-1].start(), False))
        offset += len(part) + 1
    return out


def _blank_nested(body: str, syn: Syntax) -> str:
    """The class body with nested blocks blanked, so only its own members remain."""
    out = list(body)
    i = 0
    while i < len(body):
        if body[i] == "{":
            end = match_bracket(body, i, syn)
            for j in range(i, min(end, len(body))):
                if out[j] != "\n":
                    out[j] = " "
            i = end
            continue
        i += 1
    return "".join(out)


def properties_reads(sf: SourceFile, masked: Masked, syn: Syntax, kotlin: bool, source: str) -> list[EnvRef]:
    code = masked.code
    refs: list[EnvRef] = []
    for m in _CONFIG_PROPS.finditer(code):
        if masked.in_string(m.start()):
            continue
        lit = read_string(code, skip_ws(code, m.end()), syn)
        if lit is None:
            continue
        prefix = lit.value
        target = _TARGET.match(code, match_bracket(code, code.rfind("(", m.start(), m.end()), syn))
        if target is None:
            continue
        members: list[tuple[str, int, bool]] = []
        pos = target.end()
        if code[pos : pos + 1] == "(":  # record components / Kotlin primary constructor
            split = split_args(code, pos + 1, ")", syn)
            end = split[1] if split else pos + 1
            ctor = code[pos + 1 : end - 1]
            found = _fields(ctor, True) if kotlin else _record_components(ctor)
            members.extend((n, pos + 1 + p, d) for n, p, d in found)
            pos = end
        brace = code.find("{", pos)
        if 0 <= brace - pos < 300 and ";" not in code[pos:brace]:
            body_end = match_bracket(code, brace, syn)
            body = _blank_nested(code[brace + 1 : body_end - 1], syn)
            members.extend((n, brace + 1 + p, d) for n, p, d in _fields(body, kotlin))
        for field_name, p, has_default in members:
            name = env_name(f"{prefix}.{_kebab(field_name)}") if prefix else env_name(_kebab(field_name))
            if name and not masked.in_string(p):
                refs.append(make_ref(sf, masked, name, p, source, has_default=has_default))
    return refs
