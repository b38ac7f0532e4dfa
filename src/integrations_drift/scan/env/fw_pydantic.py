"""pydantic-settings: every field of a ``BaseSettings`` subclass is read from ``PREFIX + FIELD``.

The prefix comes from ``model_config = SettingsConfigDict(env_prefix=...)`` (or a dict literal,
or pydantic v1's inner ``class Config: env_prefix``); names are upper-cased unless
``case_sensitive=True``. ``Field(alias=...)`` / ``validation_alias=`` / v1 ``env=`` name the
variable exactly (no prefix). A field with a value, or ``Field(default...)``, has a default.
Subclasses of a settings class of the same file count too.

A field typed by a class of the project that is not a scalar (a model, another settings class, an
arbitrary object) is a section, never a variable itself: with ``env_nested_delimiter`` its model's
fields are read as ``PREFIX + FIELD + DELIMITER + SUBFIELD``, without one it is left out. Those
classes may live in other files, so such fields are settled after the scan (``finish``); a type
found nowhere is a section only when its default constructs it (``theme: Theme = Theme()``).
A field the file's own constructor calls pass (``Settings(secret=…)``, ``**{"secret": …}``) comes
from the code: pydantic-settings gives init arguments precedence over the environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import NAME, PYTHON, plain_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_CLASS = lazy(r"^([ \t]*)class[ \t]+(\w+)[ \t]*\(([^)]*)\)[ \t]*:", re.M)
_FIELD = lazy(r"(?P<name>[A-Za-z]\w*)[ \t]*:[ \t]*(?P<type>[^=\n]+?)[ \t]*(?:=[ \t]*(?P<value>\S.*))?$")
_PREFIX_KW = lazy(r"""(?:\benv_prefix\s*=|["']env_prefix["']\s*:)\s*""")
_ALIAS_KW = lazy(r"\s*(?:validation_alias|alias|env)\s*=\s*")
_DEFAULT_KW = lazy(r"\s*(?:default|default_factory)\s*=")
_KW = lazy(r"\s*\w+\s*=(?!=)")
_NOT_FIELDS = frozenset({"model_config", "Config"})
_DELIMITER_KW = lazy(r"""(?:\benv_nested_delimiter\s*=|["']env_nested_delimiter["']\s*:)\s*""")
# ``Theme``, ``Optional[Theme]``, ``Theme | None``, ``mod.Theme``: one class, maybe optional.
_CLASS_TYPE = lazy(
    r"(?:Optional\[\s*(?P<opt>[\w.]+)\s*\]|(?:None\s*\|\s*)?(?P<bare>[\w.]+)(?:\s*\|\s*None)?)\s*$"
)
# Types that are values, not sections, whatever the project calls them.
_SCALAR_BASES = frozenset(
    {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "str", "int", "float", "bool", "bytes"}
    | {"Decimal", "Path"}
)
_CALL_KW = lazy(r"\s*(?P<kw>[A-Za-z_]\w*)\s*=(?!=)|\s*\*\*\s*(?P<spread>[A-Za-z_]\w*)\s*$")
_MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class _Section:
    """A field typed by a class, settled once every file's classes are known."""

    ref: EnvRef  # the variable the field would be (``PREFIX_THEME``)
    type_name: str
    constructed: bool  # its default constructs the type
    delimiter: str
    case_sensitive: bool
    path: str  # where the settings class is


_Config = tuple[str, bool, str]  # (prefix, case_sensitive, delimiter)


@dataclass
class PydanticState:
    sections: list[_Section] = field(default_factory=list)
    # settings classes by name, with what their subclasses in other files inherit
    classes: dict[str, _Config] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)  # files read again for their subclasses


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


_CASE_KW = lazy(r"""(?:\bcase_sensitive\s*=|["']case_sensitive["']\s*:)\s*(?P<value>True|False)\b""")


def _config(code: str, body: str, offset: int) -> dict[str, str | bool]:
    """The settings a class body sets itself: env_prefix, env_nested_delimiter, case_sensitive."""
    out: dict[str, str | bool] = {}
    for key, kw in (("prefix", _PREFIX_KW), ("delimiter", _DELIMITER_KW)):
        m = kw.search(body)
        found = plain_string(code, skip_ws(code, offset + m.end()), PYTHON) if m else None
        if found:
            out[key] = found[0]
    case = _CASE_KW.search(body)
    if case:
        out["case"] = case.group("value") == "True"
    return out


def _inherited(
    name: str, own: dict[str, dict[str, str | bool]], parents: dict[str, list[str]]
) -> tuple[str, bool, str]:
    """(prefix, case_sensitive, delimiter) of a class: its own settings over its bases' (pydantic
    merges ``model_config`` down the classes)."""
    merged: dict[str, str | bool] = {}
    chain: list[str] = []
    todo = [name]
    while todo and len(chain) < 32:
        current = todo.pop(0)
        if current in own and current not in chain:
            chain.append(current)
            todo.extend(parents.get(current, ()))
    for current in reversed(chain):
        merged.update(own[current])
    return str(merged.get("prefix", "")), bool(merged.get("case", False)), str(merged.get("delimiter", ""))


def _section_type(type_text: str) -> str | None:
    """The class name of a field typed by one (maybe optional) class; None for builtins and generics."""
    m = _CLASS_TYPE.match(type_text.strip())
    name = m and (m.group("opt") or m.group("bare"))
    if not name:
        return None
    last = name.rsplit(".", 1)[-1]
    return last if last[:1].isupper() and last not in _SCALAR_BASES else None


def _passed_fields(code: str, classes: dict[str, str]) -> dict[str, set[str]]:
    """Class name -> the fields the file's constructor calls of it, or of a subclass, pass."""
    parents = {name: {b.strip().split(".")[-1] for b in bases.split(",")} for name, bases in classes.items()}
    out: dict[str, set[str]] = {}
    if not classes:
        return out
    call = re.compile(r"(?<![\w.])(?<!class )(" + "|".join(map(re.escape, classes)) + r")\s*\(")
    for m in call.finditer(code):
        split = split_args(code, m.end(), ")", PYTHON)
        if split is None:
            continue
        passed: set[str] = set()
        for a, b in split[0]:
            arg = _CALL_KW.match(code[a:b])
            if arg and arg.group("kw"):
                passed.add(arg.group("kw"))
            elif arg and arg.group("spread"):
                passed |= _dict_keys(code, arg.group("spread"))
        todo, seen = [m.group(1)], set()
        while todo:  # the class and its ancestors declared here get the fields
            name = todo.pop()
            if name in seen or name not in classes:
                continue
            seen.add(name)
            out.setdefault(name, set()).update(passed)
            todo.extend(parents[name])
    return out


def _dict_keys(code: str, var: str) -> set[str]:
    """The string keys of ``var = {...}`` in the file."""
    m = re.search(rf"^[ \t]*{re.escape(var)}[ \t]*(?::[^=\n]*)?=[ \t]*\{{", code, re.M)
    split = split_args(code, m.end(), "}", PYTHON) if m else None
    keys: set[str] = set()
    for a, _ in split[0] if split else []:
        found = plain_string(code, skip_ws(code, a), PYTHON)
        if found:
            keys.add(found[0])
    return keys


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


def settings_reads(
    sf: SourceFile,
    masked: Masked,
    source: str,
    state: PydanticState | None = None,
    known: dict[str, _Config] | None = None,
) -> list[EnvRef]:
    """The variables of the settings classes of one file: subclasses of ``BaseSettings``, of a
    settings class of the file, or of one of ``known`` (settings classes of other files)."""
    code = masked.code
    blocks = _blocks(code)
    settings_names = {"BaseSettings", *(known or {})}
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
    passed = _passed_fields(code, {b.name: b.bases for b in blocks if b.name in settings_names})
    own: dict[str, dict[str, str | bool]] = {
        name: {"prefix": c[0], "case": c[1], "delimiter": c[2]} for name, c in (known or {}).items()
    }
    own.update(
        (b.name, _config(code, code[b.header_end : b.end], b.header_end))
        for b in blocks
        if b.name in settings_names
    )
    parents = {b.name: [x.strip().split(".")[-1] for x in b.bases.split(",")] for b in blocks}
    by_name = {b.name: b for b in blocks}
    for b in blocks:
        if b.name not in settings_names or b.name == "BaseSettings":
            continue
        prefix, case_sensitive, delimiter = _inherited(b.name, own, parents)
        if state is not None:
            state.classes[b.name] = (prefix, case_sensitive, delimiter)
        for holder in (b, *_mixins(b.name, by_name, parents, settings_names)):
            refs.extend(
                _class_fields(
                    sf, masked, source, state, holder, b.name, passed, (prefix, case_sensitive, delimiter)
                )
            )
    return refs


def _mixins(
    name: str, by_name: dict[str, _Block], parents: dict[str, list[str]], settings_names: set[str]
) -> list[_Block]:
    """The classes of this file a settings class inherits fields from that are not settings classes
    themselves (``class Settings(MailOptions, BaseSettings)``, and their bases): their fields are
    read under the settings class's prefix."""
    out: list[_Block] = []
    seen = {name}
    todo = list(parents.get(name, ()))
    while todo and len(seen) < 64:
        current = todo.pop(0)
        if current in seen or current in settings_names or current not in by_name:
            continue
        seen.add(current)
        out.append(by_name[current])
        todo.extend(parents.get(current, ()))
    return out


def _class_fields(
    sf: SourceFile,
    masked: Masked,
    source: str,
    state: PydanticState | None,
    b: _Block,
    owner: str,
    passed: dict[str, set[str]],
    config: tuple[str, bool, str],
) -> list[EnvRef]:
    """The variables of the fields declared in ``b``'s body, for the settings class ``owner``."""
    code = masked.code
    prefix, case_sensitive, delimiter = config
    refs: list[EnvRef] = []
    body = code[b.header_end : b.end]
    first = re.search(r"^([ \t]*)\S", body, re.M)
    if first:
        field_indent = first.group(1)
        line_re = re.compile(rf"^{re.escape(field_indent)}(?=\S)(.*)$", re.M)
        for lm in line_re.finditer(body):
            fm = _FIELD.match(lm.group(1))
            if not fm or fm.group("name") in _NOT_FIELDS or "ClassVar" in fm.group("type"):
                continue
            if fm.group("name") in passed.get(owner, ()):
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
            ref = make_ref(
                sf, masked, var if case_sensitive else var.upper(), name_pos, source, has_default=has_default
            )
            section = _section_type(fm.group("type"))
            if section is not None and state is not None:
                constructed = bool(value and re.match(rf"(?:[\w.]+\.)?{section}\s*\(", value))
                state.sections.append(_Section(ref, section, constructed, delimiter, case_sensitive, sf.path))
                continue
            refs.append(ref)
    return refs


@dataclass(frozen=True, slots=True)
class _ClassDef:
    path: str
    bases: frozenset[str]
    fields: tuple[tuple[str, str, bool], ...]  # (name, type, has default)


def _class_defs(wanted: set[str], sources: Iterable[SourceFile]) -> dict[str, list[_ClassDef]]:
    """Every definition of the wanted classes in ``sources``, one bytes search per file."""
    found: dict[str, list[_ClassDef]] = {}
    if not wanted:
        return found
    names = b"|".join(re.escape(n.encode()) for n in sorted(wanted))
    probe = re.compile(rb"^[ \t]*class[ \t]+(?:" + names + rb")\b", re.M)
    for sf in sources:
        if not probe.search(sf.data):
            continue
        code = mask(sf.text(), "python").code
        for b in _blocks(code):
            if b.name not in wanted:
                continue
            bases = frozenset(x.strip().split(".")[-1].split("[")[0] for x in b.bases.split(",") if x.strip())
            found.setdefault(b.name, []).append(_ClassDef(sf.path, bases, _fields_of(code, b)))
    return found


def _fields_of(code: str, b: _Block) -> tuple[tuple[str, str, bool], ...]:
    body = code[b.header_end : b.end]
    first = re.search(r"^([ \t]*)\S", body, re.M)
    if not first:
        return ()
    out: list[tuple[str, str, bool]] = []
    for lm in re.finditer(rf"^{re.escape(first.group(1))}(?=\S)(.*)$", body, re.M):
        fm = _FIELD.match(lm.group(1))
        if fm and fm.group("name") not in _NOT_FIELDS and "ClassVar" not in fm.group("type"):
            out.append((fm.group("name"), fm.group("type"), fm.group("value") is not None))
    return tuple(out)


def subclasses_elsewhere(state: PydanticState, sources: Iterable[SourceFile], source: str) -> list[EnvRef]:
    """Settings classes of files that subclass a settings class of another file (a project's own
    ``class AppSettings(BaseSettings)`` and ``class MailSettings(AppSettings)`` beside it), a few
    levels down: one bytes search per file and level."""
    refs: list[EnvRef] = []
    files = [sf for sf in sources if sf.path not in state.done]
    searched: set[str] = set()
    for _ in range(_MAX_DEPTH):
        wanted = sorted(set(state.classes) - searched)
        if not wanted:
            break
        searched.update(wanted)
        names = b"|".join(re.escape(n.encode()) for n in wanted)
        probe = re.compile(rb"^[ \t]*class[ \t]+\w+[ \t]*\([^)]*?\b(?:" + names + rb")\b", re.M)
        # the subclass's file imports the base (by name, or its module: `config.ShopSettings`)
        imported = re.compile(
            rb"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\([^)]*?\b(?:"
            + names
            + rb")\b|[^\n(]*\b(?:"
            + names
            + rb")\b)|\b\w+\.(?:"
            + names
            + rb")\b",
            re.M,
        )
        for sf in files:
            if sf.path in state.done or not probe.search(sf.data) or not imported.search(sf.data):
                continue
            state.done.add(sf.path)
            masked = mask(sf.text(), "python")
            refs.extend(settings_reads(sf, masked, source, state, dict(state.classes)))
    return refs


def finish(state: PydanticState, sources: Iterable[SourceFile], source: str = "python") -> list[EnvRef]:
    """Settings classes that subclass one of another file; then settle the fields typed by a class:
    a value, a section expanded with the delimiter, or nothing."""
    sources = list(sources)
    refs = subclasses_elsewhere(state, sources, source) if state.classes else []
    if not state.sections:
        return refs
    wanted = {s.type_name for s in state.sections}
    defs = _class_defs(wanted, sources)
    # Nested sections' own classes, a few levels down.
    for _ in range(_MAX_DEPTH):
        more = {
            t
            for ds in defs.values()
            for d in ds
            for _, type_text, _ in d.fields
            if (t := _section_type(type_text)) is not None and t not in wanted
        }
        if not more:
            break
        wanted |= more
        defs.update(_class_defs(more, sources))
    for s in state.sections:
        refs.extend(_settle(s.ref, s.type_name, s.constructed, s, defs, 0))
    return refs


def _settle(
    ref: EnvRef, type_name: str, constructed: bool, s: _Section, defs: dict[str, list[_ClassDef]], depth: int
) -> list[EnvRef]:
    found = defs.get(type_name, [])
    if not found:
        return [] if constructed else [ref]
    if any(d.bases & _SCALAR_BASES for d in found):
        return [ref]
    if not s.delimiter or depth >= _MAX_DEPTH:
        return []
    same_file = [d for d in found if d.path == s.path]
    chosen = same_file[0] if same_file else found[0] if len(found) == 1 else None
    if chosen is None:
        return []
    out: list[EnvRef] = []
    for name, type_text, has_default in chosen.fields:
        sub = f"{ref.name}{s.delimiter}{name if s.case_sensitive else name.upper()}"
        sub_ref = replace(ref, name=sub, has_default=ref.has_default or has_default)
        section = _section_type(type_text)
        if section is None:
            out.append(sub_ref)
        else:
            out.extend(_settle(sub_ref, section, False, s, defs, depth + 1))
    return out
