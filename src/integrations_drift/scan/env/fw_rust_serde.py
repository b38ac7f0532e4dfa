"""Rust configuration loaders that deserialize the environment into a serde struct.

figment (``Env::prefixed("APP_")``, ``Env::raw()``, ``.split("__")``, ``.only(&[...])``), envy
(``envy::from_env::<T>()``, ``envy::prefixed("APP_")``) and config-rs
(``Environment::with_prefix("APP").separator("__")``) read one variable per leaf field of the
struct the loader's result is deserialized into: ``PREFIX`` + the field's name (or its
``#[serde(rename)]``) upper-cased. A field whose type is another struct of the project is a
section: its own fields follow after the split separator (``APP_DB__URL``), or at the same level
when the field is ``#[serde(flatten)]``; without a separator a section is not settable from the
environment. A section itself is never a variable. ``Option<T>`` and ``#[serde(default)]`` (on the
field or the struct) make a variable optional.

The struct is the type named where the file deserializes: ``.extract::<T>()``,
``let c: T = ….extract()``, ``from_env::<T>()``, ``try_deserialize::<T>()``, or the return type of
the function doing it (``Self`` is the ``impl`` around it), Rocket's ``AdHoc::config::<T>()``, or
figment defaults of the same struct (``Serialized::defaults(T::default())``). A loader whose
struct is not named in its own file stays a prefix (``APP_*``).

Where the file also merges a configuration file (``Toml::file``, config-rs ``File::with_name``), the
environment only overrides it: every field could be set so and operators are told to set some, so
the names are binder evidence (as Spring's relaxed binding is), reads where a deployment file sets
them. Names spelled out by ``.only(&[...])`` are reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.syntax import NAME, RUST
from integrations_drift.scan.types import EnvRef, SourceFile

# Literal-first (`Env…`, `envy`): the regex engine then skips ahead to candidates.
_LOADER = lazy(
    r"(?:(?P<figment>Env\s*::\s*(?:prefixed\s*\(\s*(?:\"(?P<fp>[^\"\n]*)\"\s*\)|(?P<fdyn>[^\s)\"]))|raw\s*\(\s*\)))"
    r"|(?P<configrs>Environment\s*::\s*(?:with_prefix\s*\(\s*\"(?P<cp>[^\"\n]*)\"\s*\)|default\s*\(\s*\)|new\s*\(\s*\))))"
)
_ENVY = lazy(r"envy\s*::\s*(?:prefixed\s*\(\s*\"(?P<ep>[^\"\n]*)\"\s*\)\s*\.\s*)?from_env\b")
_WORD_BEFORE = lazy(r"[\w$]")
# A configuration file merged with the environment (figment providers, config-rs `File`); defaults
# embedded in the code (`Toml::string(DEFAULTS)`) are no file an operator edits.
_FILE_SOURCE = lazy(
    r"\b(?:Toml|Yaml|Json|Json5|Ron|Ini|Hjson)\s*::\s*(?:file|file_exact|from_path)\b"
    # no word boundary before File: config-rs's File is often imported under another name
    # (`File as ConfigFile`); a FileFormat names a file source however it is built
    r"|File\s*::\s*(?:with_name|from|new|from_str)\b"
    r"|\bFileFormat\s*::\s*(?:Toml|Yaml|Json|Json5|Ron|Ini)\b"
)


_PROVIDER_SLOT = lazy(r"\b(?:merge|join|adjoin|admerge|add_source|from)\s*\(\s*(?:[\w:]*::\s*)?$")
_CHAIN = 400  # how far a loader's builder chain may reach (`.split("__")`, `.only(...)`)
_SPLIT = lazy(r"\.\s*(?P<kind>split|separator|prefix_separator)\s*\(\s*\"(?P<sep>[^\"\n]*)\"\s*\)")
_ONLY = lazy(r"\.\s*only\s*\(\s*&?\s*\[")
_STRING = lazy(r"\"(?P<s>[^\"\n]*)\"")
_TURBOFISH = lazy(
    r"\b(?:extract|extract_lossy|from_env|try_deserialize|AdHoc\s*::\s*config)\s*::\s*<\s*(?P<t>[A-Za-z_][\w:]*)\s*>"
    # figment's defaults of the same struct: `Serialized::defaults(Config::default())`
    r"|\bSerialized\s*::\s*defaults\s*\(\s*(?P<d>[A-Za-z_][\w:]*)\s*::\s*default\s*\(\s*\)"
)
_LET = lazy(
    r"\blet\s+(?:mut\s+)?\w+\s*:\s*(?P<t>[A-Za-z_][\w:]*)\s*=[^;]{0,400}?\b(?:extract|from_env|try_deserialize)\s*\("
)
_BARE_CALL = lazy(r"\.\s*(?:extract|try_deserialize)\s*\(\s*\)|\bfrom_env\s*\(\s*\)")
_FN = lazy(r"\bfn\s+\w+[^{;]{0,400}")  # a function's header, up to its body
_RETURNS = lazy(r"->\s*(?:[\w:]*Result\s*<\s*)?(?P<t>Self|[A-Z]\w*)")
_IMPL = lazy(r"\bimpl\b(?:\s*<[^>{]{0,200}>)?\s+(?:[\w:<>]+\s+for\s+)?(?P<t>[A-Za-z_]\w*)")
_ATTR = lazy(r"\s*#\s*\[")
_VISIBILITY = lazy(r"\s*pub\s*(?:\([^()]*\))?")
_FIELD = lazy(r"\s*(?:r#)?(?P<name>[A-Za-z_]\w*)\s*:\s*")
_RENAME = lazy(r"\brename\s*=\s*\"(?P<to>[^\"\n]*)\"")
_SERDE = lazy(r"\s*#\s*\[\s*serde\s*\(")
_BUILDER_DEFAULT = lazy(r"\s*#\s*\[\s*builder\s*\([^\]]*\bdefault\b")  # derive_builder's default
_ALIAS = lazy(r"\balias\s*=\s*\"(?P<a>[^\"\n]*)\"")
_WORD = lazy(r"\b(?P<w>flatten|default|skip|skip_deserializing)\b")
_WRAPPING = lazy(r"(?:(?:std|alloc)\s*::\s*\w+\s*::\s*)?(?P<w>Option|Arc|Box|Rc)\s*<\s*")
_BASE = lazy(r"(?:[\w]+\s*::\s*)*(?P<base>[A-Za-z_]\w*)")
_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Loader:
    path: str
    pos: int
    line: int
    is_support: bool
    prefix: str
    sep: str  # the section separator; "" when sections are not read
    only: tuple[str, ...]  # figment `.only(&[...])`: just these keys
    targets: tuple[str, ...]  # the structs the file deserializes into
    prefix_ref: str  # the prefix the prefix loaders report for it, superseded by its fields
    layered: bool  # a configuration file is merged too: the environment only overrides it


@dataclass
class SerdeState:
    loaders: list[Loader] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Field:
    name: str  # the key (its rename, if any)
    pos: int
    type_base: str
    optional: bool
    flatten: bool
    aliases: tuple[str, ...]  # `#[serde(alias = "old")]`: also accepted, evidence for a documented row


def _targets(code: str, masked: Masked) -> tuple[str, ...]:
    found: list[str] = [
        m.group("t") or m.group("d") for m in _TURBOFISH.finditer(code) if not masked.in_string(m.start())
    ]
    found += [m.group("t") for m in _LET.finditer(code) if not masked.in_string(m.start())]
    bare = [m.start() for m in _BARE_CALL.finditer(code) if not masked.in_string(m.start())]
    if bare:
        returns: list[
            tuple[int, str]
        ] = []  # every function's header: the nearest one before a call is its function
        for f in _FN.finditer(code):
            r = _RETURNS.search(code, f.start(), f.end())
            returns.append((f.start(), r.group("t") if r is not None else ""))
        impls = [(m.start(), m.group("t")) for m in _IMPL.finditer(code)]
        for at in bare:
            k = bisect_left(returns, (at, "")) - 1
            if k >= 0:
                start, t = returns[k]
                if t == "Self":
                    j = bisect_left(impls, (start, "")) - 1
                    t = impls[j][1] if j >= 0 else ""
                found.append(t)
    return tuple(dict.fromkeys(t.rsplit("::", 1)[-1] for t in found if t and t != "Self"))


def collect(sf: SourceFile, masked: Masked, state: SerdeState) -> None:
    """Record the environment loaders of a file and the structs it deserializes into."""
    code = masked.code
    found = sorted(
        (
            m
            for regex in (_LOADER, _ENVY)
            for m in regex.finditer(code)
            if not masked.in_string(m.start()) and not (m.start() and _WORD_BEFORE.match(code, m.start() - 1))
        ),
        key=lambda m: m.start(),
    )
    pending: list[tuple[re.Match[str], str, str, tuple[str, ...], str, tuple[str, ...]]] = []
    for k, m in enumerate(found):
        envy = m.re is _ENVY.compiled
        if not envy and m.group("fdyn") is not None:
            continue
        # Without a prefix the shape is common (`Environment::default()` of another type): only a
        # provider handed to a configuration builder counts.
        unprefixed = not envy and m.group("fp") is None and m.group("cp") is None
        if unprefixed and _PROVIDER_SLOT.search(code, max(0, m.start() - 80), m.start()) is None:
            continue
        # The loader's own builder chain: up to the statement's end or the next loader.
        stop = min(len(code), m.end() + _CHAIN, found[k + 1].start() if k + 1 < len(found) else len(code))
        semi = code.find(";", m.end(), stop)
        chain = code[m.end() : semi if semi >= 0 else stop]
        seps = {s.group("kind"): s.group("sep") for s in _SPLIT.finditer(chain)}
        only: tuple[str, ...] = ()
        o = _ONLY.search(chain)
        if o is not None:
            close = chain.find("]", o.end())
            only = tuple(
                x.group("s") for x in _STRING.finditer(chain, o.end(), close if close >= 0 else len(chain))
            )
        if envy:
            prefix, sep = m.group("ep") or "", ""
            reported = prefix
        elif m.group("figment") is not None:
            prefix, sep = m.group("fp") or "", seps.get("split", "")
            reported = prefix
        else:
            sep = seps.get("separator", "")
            head = m.group("cp") or ""
            prefix = (head + seps.get("prefix_separator", sep or "_")).upper() if head else ""
            reported = head.upper() if not head or head.endswith("_") else head.upper() + "_"
        # `envy::from_env::<T>()`: the struct is named in the loader's own chain.
        own = tuple(
            (t.group("t") or t.group("d")).rsplit("::", 1)[-1]
            for t in _TURBOFISH.finditer(code, m.start(), m.end() + len(chain))
        )
        pending.append((m, prefix, sep, only, reported, own))
    if not pending:
        return
    claimed = {t for *_, own in pending for t in own}
    rest = tuple(t for t in _targets(code, masked) if t not in claimed)
    layered = _FILE_SOURCE.search(code) is not None
    for m, prefix, sep, only, reported, own in pending:
        groups = ("ep",) if m.re is _ENVY.compiled else ("fp", "cp")
        lit = next((m.start(g) for g in groups if m.group(g) is not None), m.start())
        state.loaders.append(
            Loader(
                sf.path,
                m.start(),
                masked.line_of(lit),
                sf.is_support,
                prefix,
                sep,
                only,
                own or rest,
                reported,
                layered and m.re is not _ENVY.compiled,
            )
        )


def _fields(code: str, masked: Masked, open_pos: int) -> tuple[list[_Field], bool]:
    """The fields of the struct body at ``open_pos``, and whether the body closes."""
    split = split_args(code, open_pos + 1, "}", RUST)
    if split is None:
        return [], False
    out: list[_Field] = []
    for s, e in split[0]:
        i, attrs, built_default = s, "", False
        for _ in range(64):
            a = _ATTR.match(code, i, e)
            if a is None:
                break
            close = match_bracket(code, a.end() - 1, RUST)
            if _SERDE.match(code, a.start(), close):
                attrs += code[a.end() : close]
            elif _BUILDER_DEFAULT.match(code, a.start(), close):
                built_default = True
            i = close
        v = _VISIBILITY.match(code, i, e)
        i = v.end() if v else i
        f = _FIELD.match(code, i, e)
        if f is None:
            continue
        words = {w.group("w") for w in _WORD.finditer(attrs)}
        if words & {"skip", "skip_deserializing"}:
            continue
        rename = _RENAME.search(attrs)
        inner = code[f.end() : e].strip()
        optional = False
        for _ in range(4):  # `Option<Arc<Section>>`: the section is what the pointers hold
            w = _WRAPPING.match(inner)
            if w is None:
                break
            optional = optional or w.group("w") == "Option"
            inner = inner[w.end() :]
        base = _BASE.match(inner)
        out.append(
            _Field(
                rename.group("to") if rename else f.group("name"),
                f.start("name"),
                base.group("base") if base else "",
                optional or built_default or "default" in words,
                "flatten" in words,
                tuple(x.group("a") for x in _ALIAS.finditer(attrs)),
            )
        )
    return out, True


class _Structs:
    """The project's structs, looked up by name in the files that mention them."""

    def __init__(self, files: Iterable[SourceFile], masked: dict[str, Masked]) -> None:
        self._files = list(files)
        self._masked = masked
        self._cache: dict[str, tuple[SourceFile, Masked, list[_Field], bool] | None] = {}

    def get(self, name: str) -> tuple[SourceFile, Masked, list[_Field], bool] | None:
        if name in self._cache:
            return self._cache[name]
        self._cache[name] = None
        needle = re.compile(rf"\bstruct\s+{re.escape(name)}\b".encode())
        for sf in self._files:
            if not needle.search(sf.data):
                continue
            masked = self._masked.get(sf.path)
            if masked is None:
                masked = self._masked[sf.path] = mask(sf.text(), "rust")
            code = masked.code
            for m in re.finditer(rf"\bstruct\s+{re.escape(name)}\s*(?:<[^>{{]{{0,200}}>\s*)?\{{", code):
                if masked.in_string(m.start()):
                    continue
                fields, ok = _fields(code, masked, m.end() - 1)
                if not ok:
                    continue
                attrs = code[max(0, m.start() - 300) : m.start()]
                defaulted = bool(
                    re.search(
                        r"#\s*\[\s*serde\s*\([^)\]]*\bdefault\b[^)\]]*\)\s*\]\s*(?:#\s*\[[^\]]*\]\s*|pub\s*(?:\([^()]*\))?\s*)*$",
                        attrs,
                    )
                )
                self._cache[name] = (sf, masked, fields, defaulted)
                return self._cache[name]
        return None


@dataclass
class SerdeReads:
    reads: list[EnvRef] = field(default_factory=list)
    # Names of a struct also read from a configuration file: the environment is one way to set
    # each, and operators are told to use only some (binder evidence, as for Spring's relaxed
    # binding): they keep a documented row alive, and are reads where a deployment file sets them.
    evidence: list[EnvRef] = field(default_factory=list)


def reads(
    state: SerdeState,
    files: Iterable[SourceFile],
    masked: dict[str, Masked],
    superseded: set[tuple[str, int, str, bool]],
) -> SerdeReads:
    """One variable per leaf field of the struct each loader fills."""
    out = SerdeReads()
    if not state.loaders:
        return out
    structs = _Structs(files, masked)
    flattened: dict[tuple[str, str, str], list[EnvRef]] = {}  # one walk per struct, prefix and split
    for loader in state.loaders:
        found: list[EnvRef] = []
        resolved = False
        if loader.only:  # names the code spells out: reads
            for key in loader.only:
                name = (loader.prefix + key).upper()
                if NAME.fullmatch(name):
                    out.reads.append(
                        EnvRef(
                            name,
                            loader.path,
                            loader.line,
                            has_default=True,
                            is_support=loader.is_support,
                            source="rust",
                        )
                    )
                    resolved = True
        else:
            for target in loader.targets:
                walk = (target, loader.prefix, loader.sep)
                if walk not in flattened:
                    flattened[walk] = _flatten(structs, target, loader.prefix, loader.sep, False, 0, set())
                    found.extend(flattened[walk])
                resolved = resolved or bool(flattened[walk])
        # A layered loader keeps its family (`APP_*`): any field may be set so, and the fields
        # themselves are only evidence.
        if resolved and loader.prefix_ref and not loader.layered:
            superseded.add((loader.path, loader.line, loader.prefix_ref, True))
        (out.evidence if loader.layered else out.reads).extend(found)
    return out


def _flatten(
    structs: _Structs, name: str, prefix: str, sep: str, optional: bool, depth: int, seen: set[str]
) -> list[EnvRef]:
    entry = structs.get(name)
    if entry is None or depth > _DEPTH or name in seen:
        return []
    sf, masked, fields, defaulted = entry
    out: list[EnvRef] = []
    for f in fields:
        opt = optional or defaulted or f.optional
        if f.type_base and f.type_base != name and structs.get(f.type_base) is not None:
            if f.flatten:
                out.extend(_flatten(structs, f.type_base, prefix, sep, opt, depth + 1, seen | {name}))
            elif sep:
                out.extend(
                    _flatten(
                        structs,
                        f.type_base,
                        prefix + f.name.upper() + sep,
                        sep,
                        opt,
                        depth + 1,
                        seen | {name},
                    )
                )
            continue
        if f.flatten:  # a map or an enum spread over the keys: no variable of its own
            continue
        for key in (f.name, *f.aliases):
            var = (prefix + key).upper()
            if NAME.fullmatch(var):
                out.append(
                    EnvRef(
                        var,
                        sf.path,
                        masked.line_of(f.pos),
                        has_default=opt,
                        is_support=sf.is_support or key != f.name,
                        source="rust",
                    )
                )
    return out
