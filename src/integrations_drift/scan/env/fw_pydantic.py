"""pydantic-settings: every field of a ``BaseSettings`` subclass is read from ``PREFIX + FIELD``.

The prefix comes from ``model_config = SettingsConfigDict(env_prefix=...)`` (or a dict literal,
or pydantic v1's inner ``class Config: env_prefix``); names are upper-cased unless
``case_sensitive=True``. ``Field(alias=...)`` / ``validation_alias=`` / v1 ``env=`` name the
variable exactly (no prefix). A field with a value, or ``Field(default...)``, has a default.
Subclasses of a settings class of the same file count too; nested models are not expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import NAME, PYTHON, plain_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_CLASS = re.compile(r"^([ \t]*)class[ \t]+(\w+)[ \t]*\(([^)]*)\)[ \t]*:", re.M)
_FIELD = re.compile(r"(?P<name>[A-Za-z]\w*)[ \t]*:[ \t]*(?P<type>[^=\n]+?)[ \t]*(?:=[ \t]*(?P<value>\S.*))?$")
_PREFIX_KW = re.compile(r"""(?:\benv_prefix\s*=|["']env_prefix["']\s*:)\s*""")
_CASE_SENSITIVE = re.compile(r"""(?:\bcase_sensitive\s*=|["']case_sensitive["']\s*:)\s*True\b""")
_ALIAS_KW = re.compile(r"\s*(?:validation_alias|alias|env)\s*=\s*")
_DEFAULT_KW = re.compile(r"\s*(?:default|default_factory)\s*=")
_KW = re.compile(r"\s*\w+\s*=(?!=)")
_NOT_FIELDS = frozenset({"model_config", "Config"})


@dataclass(frozen=True, slots=True)
class _Block:
    name: str
    bases: str
    indent: int
    header_end: int
    end: int


def _blocks(code: str) -> list[_Block]:
    out: list[_Block] = []
    for m in _CLASS.finditer(code):
        indent = len(m.group(1).expandtabs())
        end = len(code)
        for line in re.finditer(r"^([ \t]*)\S", code[m.end() :], re.M):
            if len(line.group(1).expandtabs()) <= indent:
                end = m.end() + line.start()
                break
        out.append(_Block(m.group(2), m.group(3), indent, m.end(), end))
    return out


def _config(code: str, body: str, offset: int) -> tuple[str, bool]:
    prefix = ""
    m = _PREFIX_KW.search(body)
    if m:
        found = plain_string(code, skip_ws(code, offset + m.end()), PYTHON)
        prefix = found[0] if found else ""
    return prefix, bool(_CASE_SENSITIVE.search(body))


def _field_call(code: str, value_pos: int) -> tuple[list[tuple[str, int]], bool] | None:
    """For ``Field(...)``: (explicit variable names, has default); None when not a Field call."""
    m = re.compile(r"(?:\w+\.)?Field\s*\(").match(code, value_pos)
    if not m:
        return None
    split = split_args(code, m.end(), ")", PYTHON)
    if split is None:
        return [], False
    names: list[tuple[str, int]] = []
    has_default = False
    for i, (s, e) in enumerate(split[0]):
        kw = _ALIAS_KW.match(code, s)
        if kw:
            start = kw.end()
            choices = re.compile(r"AliasChoices\s*\(").match(code, start)
            if choices:
                inner = split_args(code, choices.end(), ")", PYTHON)
                for cs, _ in inner[0] if inner else []:
                    found = plain_string(code, skip_ws(code, cs), PYTHON)
                    if found:
                        names.append(found)
            else:
                found = plain_string(code, skip_ws(code, start), PYTHON)
                if found:
                    names.append(found)
        elif _DEFAULT_KW.match(code, s) or (i == 0 and not _KW.match(code, s) and code[s:e].strip() != "..."):
            has_default = True
    return [(n, p) for n, p in names if NAME.fullmatch(n)], has_default


def settings_reads(sf: SourceFile, masked: Masked, source: str) -> list[EnvRef]:
    code = masked.code
    blocks = _blocks(code)
    settings_names = {"BaseSettings"}
    changed = True
    while changed:  # subclasses of settings classes defined earlier or later in the file
        changed = False
        for b in blocks:
            if b.name not in settings_names and any(
                base.strip().split(".")[-1] in settings_names for base in b.bases.split(",")
            ):
                settings_names.add(b.name)
                changed = True
    refs: list[EnvRef] = []
    for b in blocks:
        if b.name not in settings_names or b.name == "BaseSettings":
            continue
        body = code[b.header_end : b.end]
        first = re.search(r"^([ \t]*)\S", body, re.M)
        if not first:
            continue
        field_indent = first.group(1)
        prefix, case_sensitive = _config(code, body, b.header_end)
        line_re = re.compile(rf"^{re.escape(field_indent)}(?=\S)(.*)$", re.M)
        for lm in line_re.finditer(body):
            fm = _FIELD.match(lm.group(1))
            if not fm or fm.group("name") in _NOT_FIELDS or "ClassVar" in fm.group("type"):
                continue
            name_pos = b.header_end + lm.start(1)
            if masked.in_string(name_pos):
                continue
            value = fm.group("value")
            has_default = value is not None
            explicit: list[tuple[str, int]] = []
            if value is not None:
                call = _field_call(code, b.header_end + lm.start(1) + fm.start("value"))
                if call is not None:
                    explicit, has_default = call
            if explicit:
                for n, p in explicit:
                    refs.append(make_ref(sf, masked, n, p, source, has_default=has_default))
                continue
            var = prefix + fm.group("name")
            refs.append(
                make_ref(
                    sf,
                    masked,
                    var if case_sensitive else var.upper(),
                    name_pos,
                    source,
                    has_default=has_default,
                )
            )
    return refs
