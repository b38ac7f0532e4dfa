"""Spring and Micronaut in Java/Kotlin source: ``@Value("${X:default}")`` placeholders, Micronaut
``@Property(name = "app.mode")`` and ``@Requires(property = "app.mode")``, MicroProfile (Quarkus)
``@ConfigProperty(name = "app.mode", defaultValue = "x")``, and
``@ConfigurationProperties(prefix = "app.mail")`` classes.

A property key maps to environment variables the way Spring Boot documents it: dots become
underscores, dashes are removed, everything is upper-cased (``app.mail.smtp-host`` ->
``APP_MAIL_SMTPHOST``; a camelCase field ``smtpHost`` is the key ``smtp-host``). Spring also accepts
the legacy spelling with dashes turned into underscores (``APP_MAIL_SMTP_HOST``), which is
Micronaut's own mapping; both are produced.

Every property can be set that way, so a name derived from a key is binder evidence (see
``frameworks``): it keeps a documented variable from being stale, and counts as a read only where
deployment files set it. A placeholder that already is an environment name (``${DB_URL}``) is a
read as written.

A ``@ConfigurationProperties`` class binds its leaf fields; a field whose type is another class
(a static nested class, or a class elsewhere in the repository) is a section: its fields are bound
under ``prefix.field`` (``halo.security.frame-options``), and the section itself is no variable.
An enum-typed field is a leaf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.fw_data import declaring_files
from integrations_drift.scan.env.fw_data import option_list as fw_option_list
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.patterns import option_list
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.relaxed import env_names
from integrations_drift.scan.env.syntax import JAVA, KOTLIN, UPPER_NAME, Syntax, read_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

# (Kotlin use-site targets too: `@param:Value("\${app.port}")`, `@field:Value(…)`)
_VALUE = lazy(r"@(?:(?:field|param|set|get|property):)?Value\s*\(\s*(?:value\s*=\s*)?")
# Micronaut @Property(name = "k") and @Requires(property = "k"), MicroProfile @ConfigProperty(name = "k")
_PROPERTY = lazy(r"@(?:Property|ConfigProperty)\s*\(\s*name\s*=\s*|@Requires\s*\([^()]*?\bproperty\s*=\s*")
_DEFAULT_VALUE = lazy(r"\bdefaultValue\s*=")
_PLACEHOLDER = lazy(r"\$\{([^${}:]+)(:)?")
# SpEL: `#{systemEnvironment['DB_URL'] ?: 'x'}`
_SPEL_ENV = lazy(r"\bsystemEnvironment\s*\[\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\]")
_SPEL_ELVIS = lazy(r"\s*\?:")
# Spring / Micronaut @ConfigurationProperties classes, Quarkus / SmallRye @ConfigMapping interfaces
_CONFIG_PROPS = lazy(r"@(?:ConfigurationProperties|ConfigMapping)\s*\(\s*(?:(?:prefix|value)\s*=\s*)?")
_TARGET = lazy(
    r"\s*(?:@(?:\w+:)?[\w.]+(?:\s*\([^()]*\))?\s*|(?:public|private|protected|final|static|abstract|open|data|internal|sealed)\s+)*"
    r"(?:class|record|interface)\s+\w+\s*(?:<[^>]*>)?\s*"
)
_JAVA_FIELD = lazy(
    r"^\s*(?:@(?:\w+:)?[\w.]+(?:\([^()]*\))?\s*)*(?P<mods>(?:(?:private|protected|public|final|transient|volatile|static)\s+)*)"
    r"(?P<type>[\w.]+(?:<[^;=()]*>)?(?:\[\])*)\s+(?P<name>[a-z_]\w*)\s*(?P<init>=[^;]*)?;",
    re.M,
)
_KOTLIN_PROP = lazy(
    r"(?:^|[(,])\s*(?:@(?:\w+:)?[\w.]+(?:\([^()]*\))?\s*)*(?:(?:private|protected|public|internal|lateinit|override)\s+)*"
    r"(?:val|var)\s+(?P<name>[a-z_]\w*)\s*(?::\s*(?P<type>[\w.<>?, ]+?))?\s*(?P<init>=[^\n,)]+)?(?=$|[,)\n])",
    re.M,
)
# Micronaut @EachProperty("app.datasources"): one bean per named entry (`app.datasources.main.url`),
# so the prefix binds a family (APP_DATASOURCES_*)
_EACH_PROPERTY = lazy(r"@EachProperty\s*\(\s*(?:value\s*=\s*)?")
_SCALARS = frozenset(option_list("jvm", "config_property_types"))
# A map binds one property per entry (``app.headers.accept``): the field is a family of names.
_MAPS = frozenset(fw_option_list("jvm", "config_map_types"))
# A Kotlin property without a type takes its initialiser's: ``var database = Database()`` is a
# section, ``var pragmas = emptyMap<String, String>()`` a map, a literal a scalar.
_INIT_TYPE = lazy(r"=\s*([A-Z]\w*)")
_INIT_MAP = lazy(r"=\s*(?:emptyMap|mapOf|mutableMapOf|hashMapOf|linkedMapOf|sortedMapOf)\b")
_TYPE_NAME = lazy(r"[A-Z]\w*")
_MAX_DEPTH = 4


def _kebab(field_name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", field_name).lower()


@dataclass
class Found:
    """Reads (names written as environment variables) and binder evidence (names derived from keys)."""

    reads: list[EnvRef] = field(default_factory=list)
    evidence: list[EnvRef] = field(default_factory=list)


def _key_refs(
    out: Found, sf: SourceFile, masked: Masked, key: str, pos: int, source: str, has_default: bool
) -> None:
    if UPPER_NAME.fullmatch(key):
        out.reads.append(make_ref(sf, masked, key, pos, source, has_default=has_default))
        return
    for name in env_names(key):
        out.evidence.append(make_ref(sf, masked, name, pos, source, has_default=has_default))


def value_reads(sf: SourceFile, masked: Masked, syn: Syntax, source: str) -> Found:
    """``@Value("${key[:default]}")`` (Spring, Micronaut) and Micronaut ``@Property(name = "key")``."""
    code = masked.code
    out = Found()
    for m in _VALUE.finditer(code):
        if masked.in_string(m.start()):
            continue
        lit = read_string(code, m.end(), syn)
        if lit is None:
            continue
        content = code[lit.value_pos : lit.end - 1]
        for p in _SPEL_ENV.finditer(content):
            has_default = _SPEL_ELVIS.match(content, p.end()) is not None
            out.reads.append(
                make_ref(sf, masked, p.group(1), lit.value_pos + p.start(1), source, has_default=has_default)
            )
        for p in _PLACEHOLDER.finditer(content):
            key = p.group(1).strip()
            _key_refs(out, sf, masked, key, lit.value_pos + p.start(1), source, p.group(2) is not None)
    if b"@Property" in sf.data or b"@ConfigProperty" in sf.data or b"@Requires" in sf.data:
        for m in _PROPERTY.finditer(code):
            lit = read_string(code, m.end(), syn)
            if lit is None or lit.interpolated or masked.in_string(m.start()):
                continue
            call_end = match_bracket(code, code.index("(", m.start()), syn)
            has_default = _DEFAULT_VALUE.search(code, lit.end, call_end) is not None
            _key_refs(out, sf, masked, lit.value.strip(), lit.value_pos, source, has_default)
    return out


# A Spring / Micronaut Environment asked for a property by key (the file imports the type):
# `env.getProperty("app.key", "d")`, `environment.getRequiredProperty("X")`. `System.getProperty`
# reads a JVM system property instead, so the receiver must be named for the environment.
_ENV_GETTER = lazy(
    r"(?<![\w.])(?:this\s*\.\s*)?(?:\w*[eE]nv\w*|getEnvironment\s*\(\s*\))\s*\.\s*"
    r"(getProperty|getRequiredProperty)\s*\("
)
# MicroProfile Config asked by key (Quarkus, Helidon, Open Liberty): `ConfigProvider.getConfig()
# .getValue("app.key", String.class)`, `config.getOptionalValue("X", String.class)`.
_MP_GETTER = lazy(
    r"(?<![\w.])(?:this\s*\.\s*)?(?:\w*[cC]onfig\w*|ConfigProvider\s*\.\s*getConfig\s*\(\s*\))\s*\.\s*"
    r"(getValue|getOptionalValue)\s*\("
)
_CLASS_ARG = lazy(r"\s*[\w.]+\s*(?:\.\s*class|::\s*class(?:\s*\.\s*java)?)\s*$")


def environment_reads(sf: SourceFile, masked: Masked, syn: Syntax, source: str) -> Found:
    code = masked.code
    out = Found()
    getters = []
    if b"springframework.core.env." in sf.data or b"micronaut.context.env." in sf.data:
        getters.append(_ENV_GETTER.finditer(code))
    if b"org.eclipse.microprofile.config" in sf.data:
        getters.append(_MP_GETTER.finditer(code))
    for m in (m for found in getters for m in found):
        if masked.in_string(m.start()):
            continue
        found = split_args(code, m.end(), ")", syn)
        lit = read_string(code, skip_ws(code, m.end()), syn)
        if found is None or lit is None or lit.interpolated:
            continue
        args = found[0]
        # getProperty(key, default) or (key, Type.class, default); a Class alone is no default
        has_default = m.group(1) == "getOptionalValue" or (
            m.group(1) == "getProperty"
            and (len(args) >= 3 or (len(args) == 2 and _CLASS_ARG.match(code, *args[1]) is None))
        )
        _key_refs(out, sf, masked, lit.value.strip(), lit.value_pos, source, has_default)
    return out


@dataclass(frozen=True, slots=True)
class _Member:
    name: str
    pos: int
    has_default: bool
    type_name: str  # simple name; "" for scalar members


def _simple_type(text: str) -> str:
    return text.strip().rstrip("?").split("<")[0].split(".")[-1].removesuffix("[]")


def _inferred(init: str) -> str:
    if _INIT_MAP.match(init):
        return "Map"
    m = _INIT_TYPE.match(init)
    return m.group(1) if m else "String"


# An interface's accessors name its properties (@ConfigMapping: `String host();`,
# `@WithDefault("80") int port();`)
_JAVA_ACCESSOR = lazy(
    r"^\s*(?P<ann>(?:@(?:\w+:)?[\w.]+(?:\([^()]*\))?\s*)*)(?:(?:public|abstract)\s+)*"
    r"(?P<type>[\w.]+(?:<[^;=()]*>)?(?:\[\])*)\s+(?P<name>[a-z_]\w*)\s*\(\s*\)\s*;",
    re.M,
)


def _fields(body: str, kotlin: bool) -> list[_Member]:
    out: list[_Member] = []
    if kotlin:
        for m in _KOTLIN_PROP.finditer(body):
            typ = _simple_type(m.group("type") or _inferred(m.group("init") or ""))
            default = m.group("init") is not None or _BOUND_DEFAULT.search(m.group(0)) is not None
            out.append(_Member(m.group("name"), m.start("name"), default, typ))
        return out
    for m in _JAVA_ACCESSOR.finditer(body):
        default = "@WithDefault" in m.group("ann") or m.group("type").startswith("Optional")
        out.append(_Member(m.group("name"), m.start("name"), default, _simple_type(m.group("type"))))
    for m in _JAVA_FIELD.finditer(body):
        if "static" in m.group("mods"):
            continue
        typ = _simple_type(m.group("type"))
        out.append(_Member(m.group("name"), m.start("name"), m.group("init") is not None, typ))
    return out


# Spring Boot's constructor binding takes a parameter's default from `@DefaultValue("x")`
_BOUND_DEFAULT = lazy(r"@(?:(?:param|field):)?DefaultValue\b")


def _record_components(text: str) -> list[_Member]:
    out: list[_Member] = []
    offset = 0
    for part in text.split(","):
        bare = re.sub(r"@\w+(?:\([^()]*\))?", lambda m: " " * len(m.group()), part)
        words = list(re.finditer(r"[A-Za-z_][\w.]*(?:<[^<>]*>)?", bare))
        if len(words) >= 2:
            name, typ = words[-1], words[-2].group()
            default = _BOUND_DEFAULT.search(part) is not None or typ.startswith("Optional")
            out.append(_Member(name.group(), offset + name.start(), default, _simple_type(typ)))
        offset += len(part) + 1
    return out


def blank_nested(body: str, syn: Syntax) -> str:
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


def _members(code: str, pos: int, syn: Syntax, kotlin: bool) -> list[_Member]:
    """The members of the class whose header ends at ``pos`` (record components, Kotlin primary
    constructor properties, fields), with positions in ``code``."""
    members: list[_Member] = []
    if code[pos : pos + 1] == "(":
        split = split_args(code, pos + 1, ")", syn)
        end = split[1] if split else pos + 1
        ctor = code[pos + 1 : end - 1]
        found = _fields(ctor, True) if kotlin else _record_components(ctor)
        members.extend(_Member(f.name, pos + 1 + f.pos, f.has_default, f.type_name) for f in found)
        pos = end
    brace = code.find("{", pos)
    if 0 <= brace - pos < 300 and ";" not in code[pos:brace]:
        body_end = match_bracket(code, brace, syn)
        body = blank_nested(code[brace + 1 : body_end - 1], syn)
        members.extend(
            _Member(f.name, brace + 1 + f.pos, f.has_default, f.type_name) for f in _fields(body, kotlin)
        )
    return members


@dataclass(frozen=True, slots=True)
class Section:
    """A section field whose class is not in the file: resolved across the repository."""

    key: str
    type_name: str
    owner: SourceFile
    line: int
    source: str
    depth: int


@dataclass
class SpringState:
    sections: list[Section] = field(default_factory=list)


_DECLARATION = lazy(r"\b(enum\s+class|class|record|enum|interface)\s+([A-Za-z_]\w*)\s*(?:<[^>]*>)?\s*")


def _declarations(code: str) -> dict[str, tuple[str, int]]:
    """Each type declared in ``code``: ("class" | "enum", the end of its header)."""
    out: dict[str, tuple[str, int]] = {}
    for m in _DECLARATION.finditer(code):
        out.setdefault(m.group(2), ("enum" if m.group(1).startswith("enum") else "class", m.end()))
    return out


class _Binder:
    """Walks ``@ConfigurationProperties`` classes and their sections in one file's text. The refs
    go to ``owner`` at the members' positions, or, for a class of another file, at ``line`` (the
    owner's section field)."""

    def __init__(
        self, owner: SourceFile, masked: Masked, path: str, source: str, state: SpringState, out: Found
    ) -> None:
        self.owner, self.masked, self.source, self.state, self.out = owner, masked, source, state, out
        self.kotlin = path.endswith((".kt", ".kts"))
        self.syn = KOTLIN if self.kotlin else JAVA
        self.types = _declarations(masked.code)

    def bind(self, prefix: str, header_end: int, depth: int, line: int | None = None) -> None:
        for f in _members(self.masked.code, header_end, self.syn, self.kotlin):
            if self.masked.in_string(f.pos):
                continue
            key = f"{prefix}.{_kebab(f.name)}" if prefix else _kebab(f.name)
            decl = self.types.get(f.type_name) if f.type_name not in _SCALARS else None
            if f.type_name in _MAPS:
                self.leaf(key, f.pos, True, line, family=True)
            elif f.type_name in _SCALARS or (decl is not None and decl[0] == "enum"):
                self.leaf(key, f.pos, f.has_default, line)
            elif not _TYPE_NAME.fullmatch(f.type_name) or depth >= _MAX_DEPTH:
                continue
            elif decl is None:
                at = line or self.masked.line_of(f.pos)
                self.state.sections.append(Section(key, f.type_name, self.owner, at, self.source, depth + 1))
            else:
                self.bind(key, decl[1], depth + 1, line)

    def leaf(self, key: str, pos: int, has_default: bool, line: int | None, family: bool = False) -> None:
        for name in env_names(key):
            name = f"{name}_" if family else name
            if line is None:
                ref = make_ref(
                    self.owner, self.masked, name, pos, self.source, has_default=has_default, is_prefix=family
                )
            else:
                ref = EnvRef(
                    name,
                    self.owner.path,
                    line,
                    has_default=has_default,
                    is_prefix=family,
                    is_support=self.owner.is_support,
                    source=self.source,
                )
            self.out.evidence.append(ref)


def properties_reads(sf: SourceFile, masked: Masked, syn: Syntax, source: str, state: SpringState) -> Found:
    """The leaf fields of the file's ``@ConfigurationProperties`` classes, and the families of its
    ``@EachProperty`` prefixes, as binder evidence."""
    code = masked.code
    out = Found()
    binder = _Binder(sf, masked, sf.path, source, state, out)
    for m in _CONFIG_PROPS.finditer(code):
        if masked.in_string(m.start()):
            continue
        lit = read_string(code, skip_ws(code, m.end()), syn)
        if lit is None:
            continue
        target = _TARGET.match(code, match_bracket(code, code.rfind("(", m.start(), m.end()), syn))
        if target is not None:
            binder.bind(lit.value, target.end(), 0)
    for m in _EACH_PROPERTY.finditer(code):
        lit = read_string(code, skip_ws(code, m.end()), syn)
        if lit is not None and not masked.in_string(m.start()):
            binder.leaf(lit.value, lit.value_pos, True, None, family=True)
    return out


def section_reads(state: SpringState, sources: list[SourceFile]) -> list[EnvRef]:
    """The sections whose class is in another file: that class's leaf fields, at the section
    field's line (the place that binds them)."""
    out = Found()
    done: set[tuple[str, str]] = set()
    files: dict[str, SourceFile] = {}
    searched: set[str] = set()
    pending = list(state.sections)
    while pending:
        wanted = {s.type_name for s in pending} - searched
        if wanted:
            searched |= wanted
            files.update(declaring_files(sources, wanted, "class|record|enum|interface"))
        section = pending.pop()
        found = files.get(section.type_name)
        if found is None or (section.key, section.type_name) in done or section.depth > _MAX_DEPTH:
            continue
        done.add((section.key, section.type_name))
        masked = mask(found.text(), "clike")
        nested = SpringState()
        binder = _Binder(section.owner, masked, found.path, section.source, nested, out)
        decl = binder.types.get(section.type_name)
        if decl is None:
            continue
        if decl[0] == "enum":
            binder.leaf(section.key, 0, False, section.line)
        else:
            binder.bind(section.key, decl[1], section.depth, section.line)
        pending.extend(nested.sections)
    return out.evidence
