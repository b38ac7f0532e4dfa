"""Go struct tags across nested structs: the prefixes a parent puts in front of its fields' names.

``env:"X"`` on a field is found by the read patterns; what they cannot see is the struct it sits in
being a field of another one that adds a prefix:

- caarlos0/env ``envPrefix:"DB_"``, kong ``envprefix:"DB_"`` and cleanenv ``env-prefix:"DB_"``: the
  text is put in front as is;
- go-flags ``env-namespace:"DB"`` on a group: the namespace and ``_`` (nested groups join theirs);
- a nested struct field without a prefix tag passes its parent's prefixes on unchanged.

Structs are collected from every file that has tags, by name (the last part of ``pkg.Type``) or, for
an inline ``struct { ... }`` field, by position. A struct reached only through prefixed fields is
read only under those prefixes, so its bare ``X`` is dropped; one that is also used on its own keeps
it. Kong's ``env:"A,B"`` lists several names: the others are added here.

The call that fills a struct may put a prefix in front of every name it reads (a root prefix):
caarlos0/env ``env.ParseWithOptions(&cfg, env.Options{Prefix: "APP_"})`` and sethvargo/go-envconfig
``PrefixLookuper("APP_", …)`` read only the prefixed names; kelseyhightower/envconfig
``envconfig.Process("app", &cfg)`` reads ``APP_<NAME>`` and still falls back to a tagged bare name.
The target is the struct type of ``&cfg`` (``var cfg Config``, ``cfg := &Config{}``, ``new(Config)``
or a parameter ``cfg *Config`` of the same file); when it cannot be told, the prefix goes to the
structs of the call's folder that no other struct of it holds. sethvargo's ``env:",prefix=DB_"``
on a field is its parent prefix, and its ``default=`` option a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.fw_syntax import Brackets
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.syntax import NAME, UPPER_NAME
from integrations_drift.scan.types import EnvRef, SourceFile

_STRUCT = lazy(r"\b(?:type|var)\s+([A-Za-z_]\w*)\s+struct\s*\{")
_INLINE = lazy(r"\bstruct\s*\{")
_TAG_ITEM = lazy(r'([\w-]+):"([^"]*)"')
_FIELD_HEAD = lazy(r"\s*([A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)*\s+(?=\S)")
_TYPE_NAME = lazy(r"[\s*]*(?:[A-Za-z_]\w*\s*\.\s*)?([A-Za-z_]\w*)\s*(?=`|$)")
_MAX_DEPTH = 16  # structs nested deeper are read as if at the top
_MAX_PREFIXES = 32  # prefixes one struct is read under, at most
_SEGMENT_MARK = lazy(r"[{\n;`]")
_DEFAULT_KEYS = ("envDefault", "default", "env-default")
# A name with a placeholder where a number or key goes (`APP_LINK_#_URL`, `APP_{N}_HOST`).
_PLACEHOLDER_HEAD = lazy(r"([A-Z][A-Z0-9]*_(?:[A-Z0-9]+_)*)[^A-Za-z0-9_]")
# caarlos0/env options that follow the name in the same tag (``env:"PORT,required"``).
_CONCAT_PREFIX_KEYS = ("envPrefix", "envprefix", "env-prefix")
_NAMESPACE_KEYS = ("env-namespace",)
_FLAG_KEYS = frozenset({"long", "short", "help"})
_REQUIRED_KEYS = frozenset({"required", "arg"})  # kong positional arguments are required


@dataclass(frozen=True, slots=True)
class _Name:
    name: str
    line: int
    has_default: bool
    first: bool  # the tag's first name: the read patterns report it already
    is_prefix: bool = False  # the head of a name with a placeholder (`APP_LINK_#_URL`)


@dataclass(frozen=True, slots=True)
class _Plain:
    """An exported field without an env tag: kelseyhightower/envconfig reads it by its own name."""

    name: str
    type_name: str
    line: int
    split_words: bool
    has_default: bool


@dataclass(frozen=True, slots=True)
class _Edge:
    child: str  # struct key
    prefix: str  # put in front of the child's names


@dataclass
class _Struct:
    sf: SourceFile
    names: list[_Name] = field(default_factory=list)
    edges: list[_Edge] = field(default_factory=list)
    plain: list[_Plain] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Root:
    folder: str  # of the file that makes the call
    target: str | None  # struct type name, when the file shows it
    prefix: str
    keeps_bare: bool  # the bare name is still read (kelseyhightower's fallback to the tag)


@dataclass
class GoTagState:
    structs: dict[str, _Struct] = field(default_factory=dict)  # key -> struct (first definition wins)
    roots: list[_Root] = field(default_factory=list)


_IDENT = r"(?:[A-Za-z_]\w*\s*\.\s*)?([A-Za-z_]\w*)"
# The argument a struct is passed as: `&cfg`, `cfg`, `&Config{}` / `&pkg.Config{`.
_TARGET = r"&?\s*(?:(?P<lit>(?:[A-Za-z_]\w*\s*\.\s*)?[A-Za-z_]\w*)\s*\{|(?P<var>[A-Za-z_]\w*)\b(?!\s*[.(\[]))"
_KELSEY = lazy(
    r'(?<![\w.])envconfig\s*\.\s*(?:Process|MustProcess)\s*\(\s*(?:"(?P<prefix>[A-Za-z0-9_]*)"|(?P<const>[A-Za-z_]\w*))'
    r"\s*,\s*" + _TARGET
)
_CAARLOS = lazy(
    r"(?<![\w.])env\s*\.\s*ParseWithOptions\s*\(\s*" + _TARGET + r"[^;\n]{0,200}?\benv\s*\.\s*Options\s*\{"
    r'[^{}]{0,400}?(?<![\w.])Prefix\s*:\s*"(?P<prefix>[A-Za-z0-9_]*)"'
)
_PREFIX_LOOKUPER = lazy(r'(?<![\w.])envconfig\s*\.\s*PrefixLookuper\s*\(\s*"(?P<prefix>[A-Za-z0-9_]*)"')
_SETHVARGO_TARGETS = (
    lazy(r"(?<![\w.])Target\s*:\s*" + _TARGET),
    lazy(r"(?<![\w.])envconfig\s*\.\s*ProcessWith\s*\(\s*[A-Za-z_]\w*\s*,\s*" + _TARGET),
)
_VAR_TYPE = (
    r"\bvar\s+{v}\s+\*?" + _IDENT,
    r"(?<![\w.]){v}\s*:?=\s*&?\s*" + _IDENT + r"\s*\{{",
    r"(?<![\w.]){v}\s*:?=\s*new\s*\(\s*" + _IDENT + r"\s*\)",
    r"[(,]\s*{v}\s+\*?" + _IDENT + r"\s*[,)]",
)


def _tag(segment: str) -> tuple[dict[str, str], int] | None:
    """The struct tag closing a field's text: its key/value pairs and where it starts."""
    text = segment.rstrip()
    if not text.endswith("`"):
        return None
    start = text.rfind("`", 0, len(text) - 1)
    if start < 0:
        return None
    return {k: v for k, v in _TAG_ITEM.findall(text[start + 1 : -1])}, start


def _segments(code: str, start: int, end: int, brackets: Brackets) -> list[tuple[int, int]]:
    """The fields of a struct body [start, end): one per line, an inline struct's body (skipped
    over, not scanned) included."""
    out: list[tuple[int, int]] = []
    seg = pos = start
    while True:
        m = _SEGMENT_MARK.search(code, pos, end)
        if m is None:
            break
        i = m.start()
        c = m.group()
        if c == "{":
            pos = brackets.end(i)
            continue
        if c == "`":
            close = code.find("`", i + 1, end)
            pos = end if close < 0 else close + 1
            continue
        if code[seg:i].strip():
            out.append((seg, i))
        seg = pos = i + 1
    if code[seg:end].strip():
        out.append((seg, end))
    return out


def _parse(
    sf: SourceFile, masked: Masked, key: str, open_brace: int, state: GoTagState, brackets: Brackets
) -> None:
    """Record a struct and, one after another, the inline structs of its fields."""
    code = masked.code
    work = [(key, open_brace)]
    while work:
        key, open_brace = work.pop()
        struct = state.structs.setdefault(key, _Struct(sf))
        if struct.sf is not sf:
            continue
        for s, e in _segments(code, open_brace + 1, brackets.end(open_brace) - 1, brackets):
            seg = code[s:e]
            found = _tag(seg)
            tags, tag_at = found if found else ({}, len(seg))
            inline = _INLINE.search(seg, 0, tag_at)
            child: str | None = None
            if inline:
                child = f"{sf.path}:{s + inline.start()}"
                work.append((child, s + inline.end() - 1))
            else:
                head = _FIELD_HEAD.match(seg)
                type_text = seg[head.end() if head else 0 : tag_at].strip() or seg[:tag_at].strip()
                t = _TYPE_NAME.fullmatch(" " + type_text) if type_text else None
                if t and not tags.get("env", "").split(",")[0].strip():
                    child = t.group(1)
                untagged = not ({"env", "envconfig"} & tags.keys()) and tags.get("ignored") != "true"
                if head is not None and head.group(1)[:1].isupper() and type_text and untagged:
                    struct.plain.append(
                        _Plain(
                            head.group(1),
                            t.group(1) if t else "",
                            masked.line_of(s + head.start(1)),
                            tags.get("split_words") == "true",
                            "default" in tags,
                        )
                    )
            options = [p.strip() for p in tags.get("env", "").split(",")[1:]]
            prefix = next((tags[k] for k in _CONCAT_PREFIX_KEYS if k in tags), "")
            prefix = next((o[len("prefix=") :] for o in options if o.startswith("prefix=")), prefix)
            namespace = next((tags[k] for k in _NAMESPACE_KEYS if k in tags), "")
            if namespace:
                prefix = f"{namespace}_{prefix}"
            env = tags.get("env", "")
            if not env.split(",")[0].strip():
                env = tags.get("envconfig", "")
            if child is not None and (prefix or not env):
                struct.edges.append(_Edge(child, prefix))
            if env and found:
                line = masked.line_of(s + found[1])
                has_default = any(k in tags for k in _DEFAULT_KEYS)
                has_default = has_default or any(o.startswith("default=") for o in options)
                # a go-flags / kong option is a command-line flag too: it stands in unless required
                flag = bool(_FLAG_KEYS & tags.keys()) and not _REQUIRED_KEYS & tags.keys()
                has_default = has_default or flag
                parts = [p.strip() for p in env.split(",")]
                for i, part in enumerate(parts):
                    if (i == 0 and NAME.fullmatch(part)) or (i > 0 and UPPER_NAME.fullmatch(part)):
                        struct.names.append(_Name(part, line, has_default, i == 0))
                    elif i == 0 and (head := _PLACEHOLDER_HEAD.match(part)) is not None:
                        struct.names.append(_Name(head.group(1), line, True, False, is_prefix=True))


def collect(sf: SourceFile, masked: Masked, state: GoTagState) -> None:
    """Record the structs of one Go file and the prefixed calls that fill them."""
    brackets = Brackets(masked)
    for m in _STRUCT.finditer(masked.code):
        if not masked.in_string(m.start()):
            _parse(sf, masked, m.group(1), m.end() - 1, state, brackets)
    _collect_roots(sf, masked, state)


def _target_type(code: str, m: re.Match[str]) -> str | None:
    """The struct type a call's target argument has, when this file shows it."""
    if m.group("lit"):
        return m.group("lit").rsplit(".", 1)[-1].strip()
    var = m.group("var")
    for shape in _VAR_TYPE:
        t = re.search(shape.format(v=re.escape(var)), code)
        if t:
            return t.group(1)
    return None


def _collect_roots(sf: SourceFile, masked: Masked, state: GoTagState) -> None:
    code = masked.code
    if "envconfig" not in code and "ParseWithOptions" not in code:
        return
    folder = sf.path.rpartition("/")[0]

    def add(m: re.Match[str], prefix: str, keeps_bare: bool) -> None:
        if prefix and NAME.fullmatch(prefix) and not masked.in_string(m.start()):
            state.roots.append(_Root(folder, _target_type(code, m), prefix, keeps_bare))

    for m in _KELSEY.finditer(code):
        p = m.group("prefix")
        if m.group("const"):
            # `envconfig.Process(prefix, &c)` with `prefix = "app"` in the same file
            d = re.search(rf'(?<![\w.]){m.group("const")}\s*(?:string\s*)?=\s*"([A-Za-z0-9_]*)"', code)
            p = d.group(1) if d else ""
        add(m, f"{p.upper()}_" if p else "", True)
    for m in _CAARLOS.finditer(code):
        add(m, m.group("prefix"), False)
    found = _PREFIX_LOOKUPER.finditer(code)
    lookupers = {m.group("prefix") for m in found if not masked.in_string(m.start())}
    if len(lookupers) == 1:
        (prefix,) = lookupers
        for regex in _SETHVARGO_TARGETS:
            for m in regex.finditer(code):
                add(m, prefix, False)


def _prefixes(state: GoTagState) -> dict[str, set[str]]:
    """Every struct reached through a prefix: the full prefixes its names are read under ("" for
    a use without one)."""
    incoming: dict[str, list[tuple[str, str]]] = {}
    for key, st in state.structs.items():
        for edge in st.edges:
            if edge.child in state.structs and edge.child != key:
                incoming.setdefault(edge.child, []).append((key, edge.prefix))
    roots = _root_prefixes(state, incoming)
    memo: dict[str, set[str]] = {}

    def of(key: str, seen: frozenset[str]) -> set[str]:
        if key in memo:
            return memo[key]
        parents = incoming.get(key, [])
        if (not parents and key not in roots) or key in seen or len(seen) >= _MAX_DEPTH:
            return {""}
        out = {q + p for parent, p in parents for q in of(parent, seen | {key})}
        out.update(roots.get(key, ()))
        memo[key] = set(sorted(out)[:_MAX_PREFIXES])
        return memo[key]

    return {key: of(key, frozenset()) for key in {*incoming, *roots}}


def _root_prefixes(state: GoTagState, incoming: dict[str, list[tuple[str, str]]]) -> dict[str, set[str]]:
    """The prefixes the filling calls put in front of their target structs ("" for a bare name
    still read)."""
    out: dict[str, set[str]] = {}
    for root in state.roots:
        if root.target is not None:
            targets = [root.target] if root.target in state.structs else []
        else:
            targets = [
                key
                for key, st in state.structs.items()
                if key not in incoming and st.sf.path.rpartition("/")[0] == root.folder
            ]
        for key in targets:
            out.setdefault(key, set()).update({root.prefix, ""} if root.keeps_bare else {root.prefix})
    return out


_GATHER = lazy(r"[^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+")
_ACRONYM = lazy(r"([A-Z]+)([A-Z][^A-Z]+)")


def _split_words(name: str) -> str:
    """kelseyhightower/envconfig's ``split_words``: ``TLSCertFile`` -> ``TLS_CERT_FILE``."""
    words: list[str] = []
    for w in _GATHER.findall(name):
        m = _ACRONYM.fullmatch(w)
        words.extend([m.group(1), m.group(2)] if m else [w])
    return "_".join(words).upper()


def _plain_reads(state: GoTagState, source: str) -> list[EnvRef]:
    """The untagged fields of the structs ``envconfig.Process("app", &c)`` fills: ``APP_<FIELD>``."""
    refs: list[EnvRef] = []
    for root in state.roots:
        if not root.keeps_bare or root.target is None or root.target not in state.structs:
            continue
        st = state.structs[root.target]
        for f in st.plain:
            if f.type_name in state.structs:
                continue  # a nested struct: its own fields are the variables
            name = root.prefix + (_split_words(f.name) if f.split_words else f.name.upper())
            if NAME.fullmatch(name):
                refs.append(
                    EnvRef(
                        name=name,
                        path=st.sf.path,
                        line=f.line,
                        has_default=f.has_default,
                        is_support=st.sf.is_support,
                        source=source,
                    )
                )
    return refs


def derived_reads(state: GoTagState, source: str) -> tuple[list[EnvRef], set[tuple[str, int, str]]]:
    """The names under their parents' prefixes (and kong's further names), and the bare first
    names (path, line, name) that no use of their struct reads."""
    refs: list[EnvRef] = []
    dropped: set[tuple[str, int, str]] = set()
    prefixes = _prefixes(state)
    for key, st in state.structs.items():
        full = prefixes.get(key, {""})
        for n in st.names:
            for q in sorted(full):
                if q == "" and n.first:
                    continue
                name = q + n.name
                if NAME.fullmatch(name):
                    refs.append(
                        EnvRef(
                            name=name,
                            path=st.sf.path,
                            line=n.line,
                            has_default=n.has_default,
                            is_prefix=n.is_prefix,
                            is_support=st.sf.is_support,
                            source=source,
                        )
                    )
            if n.first and "" not in full:
                dropped.add((st.sf.path, n.line, n.name))
    refs.extend(_plain_reads(state, source))
    return refs, dropped
