"""Microsoft.Extensions.Configuration, across files: the keys :mod:`fw_dotnet` collected, resolved.

A key's constants are looked up in the repository, a bound options class's public properties
(nested classes as sub-sections) become ``Section__Property`` names, and every key is spelled with
the prefixes the application registers (see :mod:`integrations_drift.scan.env.fw_dotnet`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.fw_data import declaring_files, option_list
from integrations_drift.scan.env.fw_dotnet import (
    TYPEOF_PART,
    Binding,
    DotnetState,
    KeyUse,
    Part,
    wrapped_bindings,
)
from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.env.syntax import CSHARP, NAME, read_string, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_LANGUAGE = "csharp"

_CONST = r"\b(?:const|static\s+readonly|readonly\s+static)\s+string\??\s+({names})\s*=\s*"
_CONST_HINT = lazy(rb"(?:const|readonly)\s+string\??\s+$")


_TYPE_HEADER = r"\b(?:class|record|struct|interface)\s+{type}\b[^{{;]*\{{"


# A constant's value: string literals, `nameof(X)` and other constants joined by `+`
# (`const string ConfigGlobal = ConfigPrefix + "Global";`, `const string SectionName = nameof(SmtpOptions);`).
_NAMEOF_TERM = lazy(r"\s*nameof\s*\(\s*(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\)")
_ID_TERM = lazy(r"\s*((?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*)")
_PLUS = lazy(r"\s*\+")
_EXPRESSION_END = lazy(r"\s*[;,]")
_MAX_TERMS = 8
_CONST_DEPTH = 3

Terms = tuple[Part, ...]


def _expression(text: str, pos: int) -> Terms | None:
    """The terms of a constant's initialiser at ``pos`` (a constant's name as ``Type.Name`` or
    ``Name``), or None for anything else (a call, an interpolation)."""
    terms: list[Part] = []
    i = pos
    for _ in range(_MAX_TERMS):
        lit = read_string(text, skip_ws(text, i), CSHARP)
        named = _NAMEOF_TERM.match(text, i) if lit is None else None
        m = _ID_TERM.match(text, i) if lit is None and named is None else None
        if lit is not None:
            if lit.interpolated:
                return None
            terms.append((False, lit.value))
            i = lit.end
        elif named is not None:
            terms.append((False, named.group(1)))
            i = named.end()
        elif m is not None:
            segments = [t.strip() for t in m.group(1).split(".")]
            terms.append((True, ".".join(segments[-2:])))
            i = m.end()
        else:
            return None
        plus = _PLUS.match(text, i)
        if plus is None:
            return tuple(terms) if _EXPRESSION_END.match(text, i) else None
        i = plus.end()
    return None


def _qualified(names: set[str], sources: list[SourceFile]) -> dict[str, Terms]:
    """``Type.Const`` names: the constant's initialiser as the type declares it."""
    wanted: dict[str, set[str]] = {}
    for n in names:
        t, c = n.split(".", 1)
        wanted.setdefault(t, set()).add(c)
    out: dict[str, Terms] = {}
    for t, sf in declaring_files(sources, set(wanted), "class|record|struct|interface").items():
        text = mask(sf.text(), "clike").code
        header = re.search(_TYPE_HEADER.format(type=re.escape(t)), text)
        if header is None:
            continue
        body = text[header.end() : match_bracket(text, header.end() - 1, CSHARP) - 1]
        alts = "|".join(sorted(map(re.escape, wanted[t])))
        for m in re.finditer(_CONST.format(names=alts), body):
            terms = _expression(body, m.end())
            if terms is not None:
                out.setdefault(f"{t}.{m.group(1)}", terms)
    return out


def _constants(names: set[str], sources: list[SourceFile], depth: int = 0) -> dict[str, str]:
    """Each name's value where the repository defines it as one string constant (several different
    values: unknown); a ``Type.Const`` name, as its type defines it. The constants an initialiser
    joins are looked up in turn."""
    qualified = {n for n in names if "." in n}
    found = _qualified(qualified, sources) if qualified else {}
    plain = {n.split(".", 1)[1] for n in qualified - set(found)} | (names - qualified)
    values = _plain_constants(plain, sources)
    # a qualified name its type does not define (a static class of keys elsewhere): the bare name
    found.update(
        {n: values[n.split(".", 1)[1]] for n in qualified - set(found) if n.split(".", 1)[1] in values}
    )
    exprs = {**values, **found}
    refs = {t for terms in exprs.values() for is_id, t in terms if is_id} - names
    known = _constants(refs, sources, depth + 1) if refs and depth < _CONST_DEPTH else {}
    out: dict[str, str] = {}
    for n, terms in exprs.items():
        texts = [known.get(t) if is_id else t for is_id, t in terms]
        if all(t is not None for t in texts):
            out[n] = "".join(t for t in texts if t is not None)
    return out


def _plain_constants(names: set[str], sources: list[SourceFile]) -> dict[str, Terms]:
    if not names:
        return {}
    alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    needle = re.compile(rb"(?:" + alts.encode() + rb")\s*=")  # the rare names first: a fast search
    regex = re.compile(_CONST.format(names=alts))
    values: dict[str, set[Terms]] = {}
    for sf in sources:
        if b"const" not in sf.data and b"readonly" not in sf.data:
            continue
        hits = [m.start() for m in needle.finditer(sf.data)]
        if not any(_CONST_HINT.search(sf.data, max(0, h - 40), h) for h in hits):
            continue
        text = sf.text()
        for m in regex.finditer(text):
            terms = _expression(text, m.end())
            if terms is not None:
                values.setdefault(m.group(1), set()).add(terms)
    return {n: next(iter(v)) for n, v in values.items() if len(v) == 1}


_SCALARS = frozenset(option_list(_LANGUAGE, "scalar_types"))
_MAX_DEPTH = 5
# a nested type's header (`public sealed class ProxySection {`) has the same shape: its keyword is
# no property type
_PROPERTY = lazy(
    r"\bpublic\s+(?:(?:virtual|override|required|new|sealed)\s+)*"
    r"(?!(?:class|struct|record|interface|enum|partial|static|abstract|readonly|ref|unsafe|event)\b)"
    r"(?P<type>[A-Za-z_][\w.]*(?:<[^<>;{}()]*>)?(?:\[\])?\??)\s+(?P<name>[A-Za-z_]\w*)\s*\{"
)


# `[ConfigurationKeyName("api_key")]` binds a property from another key than its name.
_KEY_NAME = lazy(
    r'\[\s*(?:property\s*:\s*)?(?:[\w.]+\.)?ConfigurationKeyName(?:Attribute)?\s*\(\s*"([^"\n]+)"\s*\)[^\]\n]*\]'
)


# `{ get; set; } = new FileStorageSettings();` (accessor bodies are blank in an own body)
_INITIALISER = lazy(r"[^{}]*\}\s*=\s*new\s+([A-Za-z_][\w.]*)\s*\(")


def _bound_type(body: str, prop: re.Match[str]) -> str:
    """The type the binder fills: the declared one, or for an interface (`IMailSettings Mail`) the
    class the property is initialised with."""
    declared = prop.group("type")
    if not _INTERFACE.fullmatch(_simple(declared)):
        return declared
    init = _INITIALISER.match(body, prop.end())
    return init.group(1) if init is not None else declared


def _key_name(body: str, prop: re.Match[str]) -> str:
    """The key a property binds: its own name, or the one its attribute gives."""
    # attributes sit right before the property: after the previous declaration ends
    start = prop.start()
    head = max(body.rfind(";", 0, start), body.rfind("}", 0, start), body.rfind("{", 0, start)) + 1
    found = None
    for m in _KEY_NAME.finditer(body, head, start):
        found = m.group(1)
    return found or prop.group("name")


# A positional record's parameter: `[property: ConfigurationKeyName("k")] string Name = "d"`
_PARAMETER = lazy(
    r"\s*(?P<attrs>(?:\[[^\[\]]*\]\s*)*)(?P<type>[A-Za-z_][\w.]*(?:<[^<>]*>)?(?:\[\])?\??)\s+(?P<name>[A-Za-z_]\w*)"
)


def _record_parameters(code: str, pos: int) -> list[tuple[str, str]]:
    """(type, key) of each parameter of a positional record: its properties."""
    found = split_args(code, pos, ")", CSHARP)
    out: list[tuple[str, str]] = []
    for a, b in found[0] if found is not None else []:
        m = _PARAMETER.match(code, a, b)
        if m is not None:
            renamed = _KEY_NAME.search(m.group("attrs"))
            out.append((m.group("type"), renamed.group(1) if renamed else m.group("name")))
    return out


def _own_body(code: str, open_brace: int) -> str:
    """A type's body with the inside of nested blocks blanked (accessors, nested types, methods);
    their braces stay, so ``Name {`` still shows a property."""
    end = match_bracket(code, open_brace, CSHARP)
    out = list(code[open_brace + 1 : end - 1])
    i = 0
    while i < len(out):
        if out[i] == "{":
            close = match_bracket(code, open_brace + 1 + i, CSHARP) - (open_brace + 1)
            for j in range(i + 1, min(close - 1, len(out))):
                if out[j] != "\n":
                    out[j] = " "
            i = max(close, i + 1)
            continue
        i += 1
    return "".join(out)


# a setter the binder may call (by default it leaves non-public ones alone)
_SETTER = lazy(r"(?<![\w])(?<!private )(?<!protected )(?<!internal )(?:set|init)\b")


def _settable(code: str, accessors: int, type_text: str) -> bool:
    """Whether the binder sets a property whose accessor block opens at ``accessors``: a scalar needs
    a public ``set`` or ``init`` (`{ get; }`, `{ get { return …; } }` are computed); a section or a
    collection is filled in place."""
    if _simple(type_text) not in _SCALARS:
        return True
    return _SETTER.search(code, accessors, match_bracket(code, accessors, CSHARP)) is not None


class _Types:
    """Type declarations of the repository, found by name on demand (one bytes search per round)."""

    def __init__(self, sources: list[SourceFile]) -> None:
        self.sources = sources
        self.found: dict[str, tuple[str, list[tuple[str, str]]]] = {}  # name -> (kind, properties)
        self.bases: dict[str, str] = {}  # name -> the class it derives from
        self.searched: set[str] = set()

    def lookup(self, names: set[str]) -> None:
        wanted = names - self.searched
        if not wanted:
            return
        self.searched |= wanted
        alts = "|".join(sorted(map(re.escape, wanted)))
        decl = re.compile(rf"\b(class|record|struct|enum)\s+({alts})\b[^{{;]*\{{")
        files = declaring_files(self.sources, wanted, "class|record|struct|enum")
        positional = re.compile(rf"\brecord\s+(?:class\s+|struct\s+)?({alts})\s*(?:<[^<>;{{}}]*>)?\s*\(")
        for sf in {id(f): f for f in files.values()}.values():
            masked = mask(sf.text(), "clike")
            params: dict[str, list[tuple[str, str]]] = {}
            for m in positional.finditer(masked.code):
                if not masked.in_string(m.start()):
                    params.setdefault(m.group(1), _record_parameters(masked.code, m.end()))
            for m in decl.finditer(masked.code):
                if m.group(2) in self.found or masked.in_string(m.start()):
                    continue
                if m.group(1) == "enum":
                    self.found[m.group(2)] = ("enum", [])
                    continue
                body = _own_body(masked.code, m.end() - 1)
                props = [
                    (_bound_type(body, p), _key_name(body, p))
                    for p in _PROPERTY.finditer(body)
                    if _settable(masked.code, m.end() - 1 + p.end(), p.group("type"))
                ]
                self.found[m.group(2)] = ("class", params.pop(m.group(2), []) + props)
                base = _BASE.search(masked.code, m.end(2), m.end() - 1)
                if base is not None and not _INTERFACE.fullmatch(base.group(1)):
                    self.bases[m.group(2)] = base.group(1)
            for name, props in params.items():  # records without a body
                self.found.setdefault(name, ("class", props))

    def properties(self, name: str) -> list[tuple[str, str]]:
        """The properties of a class with those it inherits (the base classes looked up as needed)."""
        out = list(self.found.get(name, ("", []))[1])
        seen = {name}
        while (base := self.bases.get(name)) is not None and base not in seen and len(seen) < _MAX_DEPTH:
            seen.add(base)
            self.lookup({base})
            out.extend(self.found.get(base, ("", []))[1])
            name = base
        return out


# `class SmtpSettings : ConnectionSettings, IValidatable`: the first base is the class (an `I` name
# followed by an upper-case letter is an interface by convention).
_BASE = lazy(r":\s*(?:[\w]+\.)*([A-Z]\w*)")
_INTERFACE = lazy(r"I[A-Z]\w*")


def _simple(type_text: str) -> str:
    return type_text.rstrip("?").split(".")[-1]


_COLLECTIONS = frozenset(option_list(_LANGUAGE, "collection_types"))
_GENERIC = lazy(r"([\w.]+)\s*<([^<>]*)>\??")


def _collection(type_text: str) -> bool:
    """``List<EndpointOptions>``, ``EndpointOptions[]``: bound one section per element."""
    m = _GENERIC.fullmatch(type_text)
    return type_text.rstrip("?").endswith("[]") or (m is not None and _simple(m.group(1)) in _COLLECTIONS)


def _collection_of_scalars(type_text: str) -> bool:
    """``List<string>``, ``string[]``, ``Dictionary<string, int>``: bound one key per element."""
    if type_text.rstrip("?").endswith("[]"):
        return _simple(type_text.rstrip("?")[:-2]) in _SCALARS
    m = _GENERIC.fullmatch(type_text)
    if m is None or _simple(m.group(1)) not in _COLLECTIONS:
        return False
    return all(_simple(arg.strip()) in _SCALARS for arg in m.group(2).split(","))


def _sub(key: str, name: str) -> str:
    """The key of a property under ``key`` ("" for the root: ``Configure<T>(configuration)``)."""
    return f"{key}__{name}" if key else name


def _bound_keys(bindings: list[tuple[Binding, str]], sources: list[SourceFile]) -> list[tuple[Binding, str]]:
    """(binding, key) of every leaf property the bound classes reach; a key ending in ``__`` is the
    family of a collection's elements."""
    types = _Types(sources)
    out: list[tuple[Binding, str]] = []
    level = [(b, key, b.type_name) for b, key in bindings]
    for _ in range(_MAX_DEPTH):
        types.lookup({t for _, _, t in level})
        nested: list[tuple[Binding, str, str]] = []
        for b, key, t in level:
            kind = types.found.get(t, ("", []))[0]
            if kind == "enum":
                out.append((b, key))
            for type_text, name in types.properties(t) if kind == "class" else []:
                simple = _simple(type_text)
                if simple in _SCALARS:
                    out.append((b, _sub(key, name)))
                elif _collection_of_scalars(type_text) or _collection(type_text):
                    # `Endpoints__0__Url`: a family either way
                    out.append((b, _sub(key, name) + "__"))
                elif "<" not in type_text and "[" not in type_text and simple != t:
                    nested.append((b, _sub(key, name), simple))
        if not nested:
            break
        level = nested
    return out


_VARIABLE_STYLE = lazy(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


@dataclass
class Derived:
    reads: list[EnvRef]  # PREFIX + key: read
    evidence: list[EnvRef]  # the unprefixed key, and names bound to options classes: binder evidence
    covered: set[tuple[str, int, str]]  # (path, line, prefix) of the prefix reads now spelled out


# a generic method's type parameter by convention (`T`, `TOptions`): no class of the application
_TYPE_PARAMETER = lazy(r"[A-Z]|T[A-Z]\w*")


def _part_text(part: Part, consts: dict[str, str]) -> str | None:
    is_id, text = part
    if not is_id:
        return text
    if text.startswith(TYPEOF_PART):  # `typeof(SmtpOptions).Name` outside a wrapper
        name = text[len(TYPEOF_PART) :].split(".")[-1]
        return None if _TYPE_PARAMETER.fullmatch(name) else name
    return consts.get(text)


def _joined(parts: tuple[Part, ...], consts: dict[str, str]) -> str | None:
    texts = [_part_text(p, consts) for p in parts]
    if any(not t for t in texts):
        return None
    key = "__".join(t.replace(":", "__") for t in texts if t)
    return key if NAME.fullmatch(key) else None


def derived_reads(state: DotnetState, sources: list[SourceFile], source: str) -> Derived:
    bindings = [*state.bindings, *wrapped_bindings(state)] if state.wrappers else state.bindings
    all_parts = [u.parts for u in state.uses] + [b.parts for b in bindings]
    ids = {t for parts in all_parts for is_id, t in parts if is_id and not t.startswith(TYPEOF_PART)}
    consts = _constants(ids, sources)
    out = Derived([], [], set())
    # prefixes the application registers (a test registering one reads nothing in production)
    app_prefixes = [p for p, places in state.prefixes.items() if not all(s for _, _, s in places)]
    bound = [(b, key) for b in bindings if (key := _joined(b.parts, consts) if b.parts else "") is not None]
    for b, key in _bound_keys(bound, sources):
        for prefix in ("", *app_prefixes):
            if NAME.fullmatch(prefix + key):
                out.evidence.append(
                    EnvRef(
                        prefix + key,
                        b.sf.path,
                        b.line,
                        has_default=True,
                        is_prefix=key.endswith("__"),
                        is_support=b.sf.is_support,
                        source=source,
                    )
                )
    for use in state.uses:
        key = _joined(use.parts, consts)
        if key is None:
            continue
        for prefix in app_prefixes:
            out.reads.append(_ref(use, prefix + key, source))
            out.covered.update((path, line, prefix) for path, line, _ in state.prefixes[prefix])
        # `config["OPENAI_API_KEY"]`: a key spelled as a variable is one (as Spring's `${API_KEY}`)
        (out.reads if _VARIABLE_STYLE.fullmatch(key) else out.evidence).append(_ref(use, key, source))
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
