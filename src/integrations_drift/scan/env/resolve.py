"""Names that are not a literal where they are read.

A read (or a call of a project wrapper) whose name argument is an identifier expression is
resolved where it stands, nearest binding first:

- a loop variable bound to the items of a table (``for name in NAMES: os.getenv(name)``,
  ``NAMES.forEach((k) => process.env[k])``, ``for _, k := range []string{...}``): the table's
  names, picked as the loop binds them (keys, values, tuple items, record fields ``item.name``);
- a local or a constant of the same file (``key = "X"``, ``const KEY = "X"``, ``static final
  String KEY = "X"``), whose value is read the way a name argument is (it may itself be built:
  ``let key_file = format!("{key}_FILE")``);
- a parameter of the enclosing function: the function is a wrapper (``wrappers.py``), with the
  literal parts around the parameter kept as its form (``name + "_FILE"``);
- anything else is looked up after every file has been seen (``finish``): constants and tables
  that other files define (``from app.keys import DB_URL``, ``import { KEYS } from "./keys"``,
  ``config.EnvDBURL`` in Go, ``Keys::DB`` in PHP), found by one bytes search per language for the
  names still wanted.

A name built from a known one and a Docker-secrets suffix (``f"{name}_FILE"``) is reported with
``twin_of`` set, so that a documented base name covers it.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Literal

from integrations_drift.scan.env import tables
from integrations_drift.scan.env.context import Form, Language, Pending, ScanContext, Wrapper
from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.reads import Hit
from integrations_drift.scan.env.resolve_words import LanguageWords, Loop, import_patterns, resolve_words
from integrations_drift.scan.env.syntax import (
    NAME,
    STATEMENT_END,
    UPPER_NAME,
    NameArg,
    Syntax,
    expr_at,
    name_arg,
    skip_ws,
)
from integrations_drift.scan.env.tables import Ident, Leaf, Table
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.types import EnvRef, EnvUse, SourceFile
from integrations_drift.scan.vocabulary import code_words

_WORDS = resolve_words()
TWIN_SUFFIXES = _WORDS.twin_suffixes
_GENERIC = code_words().wrappers.generic_names
_SELF = frozenset({"self", "this", "cls", "static", "Self", "parent", "super"})
_MAX_DEPTH = 4
_LINES_BACK = 80  # how far before a read (outside any function) a binding may be
_FOLLOWING = 240  # a comprehension's loop may follow its read (`[os.getenv(k) for k in K]`)
_CALL_HEAD = re.compile(r"(?P<fn>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(")
_WORD_BEFORE = re.compile(r"[A-Za-z_$][\w$.:]*!?$")
_EXPR_BEFORE = re.compile(r"[A-Za-z_$][\w$]*(?:\s*(?:\.|::|->)\s*[A-Za-z_$][\w$]*)*$")
_VAR = re.compile(r"\$?[A-Za-z_]\w*")


class Outcome(Enum):
    NAMES = "names"  # resolved to names (possibly none that fit)
    WRAPPER = "wrapper"  # a parameter: the function became a wrapper
    PENDING = "pending"  # left for the cross-file pass
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    is_prefix: bool = False
    twin_of: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """The read being resolved: where it is, and what it takes."""

    path: str
    line: int
    is_support: bool
    source: str
    has_default: bool
    strict: bool  # only UPPER_CASE names (wrapper arguments, tables)
    accepts: Callable[[str], bool] | None = None
    avoid: str = ""  # the wrapper being followed: a call inside it does not make it its own wrapper
    local: bool = True  # may register wrappers and leave names for the cross-file pass
    use: EnvUse = "read"

    def ref(self, named: Named) -> EnvRef:
        return EnvRef(
            name=named.name,
            path=self.path,
            line=self.line,
            use=self.use,
            has_default=self.has_default or bool(named.twin_of),  # a twin stands in for its base
            is_prefix=named.is_prefix,
            is_support=self.is_support,
            source=self.source,
            twin_of=named.twin_of,
        )


def named(form: Form, value: str, *, strict: bool, is_prefix: bool = False) -> Named | None:
    """The variable read when ``value`` (a name, or a prefix) is put into ``form``."""
    check = UPPER_NAME if strict else NAME
    if is_prefix:
        prefix = form.head + value
        return Named(prefix, is_prefix=True) if prefix and UPPER_NAME.match(prefix) else None
    if not check.fullmatch(value):
        return None
    name = form.head + value + form.tail
    twin = value if not form.head and form.tail in TWIN_SUFFIXES else ""
    return Named(name, twin_of=twin) if NAME.fullmatch(name) else None


def segments(expr: str) -> list[str]:
    """The segments of an identifier expression, less trailing calls that keep a value as it is."""
    segs = expr.split(".")
    while len(segs) > 1 and segs[-1].removesuffix("()") in _WORDS.passthrough:
        segs.pop()
    return segs


@dataclass(frozen=True, slots=True)
class Definition:
    name_pos: int
    value_pos: int
    exported: bool
    member: bool


@dataclass(frozen=True, slots=True)
class LoopHeader:
    pos: int
    vars: str
    iter_pos: int  # where the iterable starts (-1: it ends at ``pos``)
    spec: Loop


@dataclass
class FileState:
    """One file as the resolver needs it; the expensive parts are computed on first use."""

    language: str
    syn: Syntax
    sf: SourceFile
    masked: Masked
    find_functions: Callable[[], list[FuncDef]]
    _funcs: list[FuncDef] | None = None
    _defs: dict[str, list[Definition]] | None = None
    _loops: dict[str, list[LoopHeader]] | None = None
    _line_starts: list[int] | None = None
    _declared: dict[str, bool] = field(default_factory=dict)
    _imported: dict[str, bool] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.masked.code

    @property
    def words(self) -> LanguageWords:
        return _WORDS.languages.get(self.language) or LanguageWords()

    @property
    def funcs(self) -> list[FuncDef]:
        if self._funcs is None:
            self._funcs = self.find_functions()
        return self._funcs

    @property
    def defs(self) -> dict[str, list[Definition]]:
        if self._defs is None:
            out: dict[str, list[Definition]] = defaultdict(list)
            for d in self.words.definitions:
                for m in d.regex.finditer(self.code):
                    if self.masked.in_string(m.start()):
                        continue
                    out[m.group("name").lstrip("$")].append(
                        Definition(m.start("name"), m.end(), d.exported, d.member)
                    )
            for found in out.values():
                found.sort(key=lambda d: d.name_pos)
            self._defs = dict(out)
        return self._defs

    @property
    def loops(self) -> dict[str, list[LoopHeader]]:
        """Loop headers by the variables they bind."""
        if self._loops is None:
            out: dict[str, list[LoopHeader]] = defaultdict(list)
            for spec in self.words.loops:
                for m in spec.regex.finditer(self.code):
                    if self.masked.in_string(m.start()):
                        continue
                    iter_pos = m.start("iter") if spec.iterable == "after" else -1
                    header = LoopHeader(m.start(), m.group("vars") or "", iter_pos, spec)
                    names = [v.lstrip("$") for v in _VAR.findall(header.vars)] or [spec.implicit]
                    for var in names:
                        if var:
                            out[var].append(header)
            for found in out.values():
                found.sort(key=lambda h: h.pos)
            self._loops = dict(out)
        return self._loops

    def line_start_before(self, pos: int, lines: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.code))]
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return self._line_starts[max(0, i - lines)]

    def scope_start(self, pos: int) -> int:
        f = innermost(self.funcs, pos)
        return f.start if f is not None else self.line_start_before(pos, _LINES_BACK)

    def binding(self, var: str, at: int, wide: bool = False) -> LoopHeader | Definition | None:
        """The nearest loop header or local assignment that binds ``var`` before ``at`` in the
        enclosing function (``wide``: in the lines before it, whatever the functions found say),
        else a loop of a comprehension just after it."""
        start = self.line_start_before(at, _LINES_BACK) if wide else self.scope_start(at)
        best: LoopHeader | Definition | None = None
        best_pos = -1
        loops = self.loops.get(var, [])
        i = bisect.bisect_left(loops, at, key=lambda h: h.pos) - 1  # the last header before `at`
        if i >= 0 and loops[i].pos >= start:
            best, best_pos = loops[i], loops[i].pos
        defs = self.defs.get(var, [])
        j = bisect.bisect_left(defs, at, key=lambda d: d.name_pos) - 1
        while j >= 0 and defs[j].name_pos > best_pos and defs[j].name_pos >= start:
            d = defs[j]
            if not d.member and d.value_pos <= at:
                best, best_pos = d, d.name_pos
                break
            j -= 1
        if best is None and i + 1 < len(loops):
            h = loops[i + 1]
            if at < h.pos <= at + _FOLLOWING and h.iter_pos >= 0:
                best = h
        return best

    def file_definition(self, name: str, *, member: bool) -> Definition | None:
        """A constant of this file (an exported definition; ``member``: object members too)."""
        found = [d for d in self.defs.get(name, ()) if d.exported and (member or not d.member)]
        return found[0] if found else None

    def declares(self, type_name: str) -> bool:
        """Whether this file declares a class, object, enum, module or namespace ``type_name``."""
        found = self._declared.get(type_name)
        if found is None:
            kinds = r"class|object|enum|struct|interface|module|namespace|record|trait|type|impl"
            found = re.search(rf"\b(?:{kinds})\s+{re.escape(type_name)}\b", self.code) is not None
            self._declared[type_name] = found
        return found

    def imports(self, name: str) -> bool:
        """Whether this file imports ``name`` by name (or a module by that name)."""
        found = self._imported.get(name)
        if found is None:
            found = name.encode() in self.sf.data and any(
                p.search(self.code) for p in import_patterns(self.language, name)
            )
            self._imported[name] = found
        return found


@dataclass
class Resolution:
    """What resolving one identifier gave."""

    outcome: Outcome
    names: list[Named] = field(default_factory=list)


UNKNOWN = Resolution(Outcome.UNKNOWN)


def resolve(
    ctx: ScanContext,
    st: FileState,
    expr: str,
    at: int,
    form: Form,
    site: Site,
    depth: int = 0,
    fallback: str = "",
) -> Resolution:
    """Resolve identifier expression ``expr`` written at ``at`` in ``st``'s file."""
    if depth > _MAX_DEPTH:
        return UNKNOWN
    segs = segments(expr)
    head = segs[0]
    # EnvVar.DATABASE_URL.name(): an enum constant's own name.
    if len(segs) >= 2 and segs[-1] in _WORDS.enum_name and UPPER_NAME.fullmatch(segs[-2]) and len(segs) >= 3:
        return _names(form, [segs[-2]], site)
    bound = st.binding(head, at) if head not in _SELF else None
    f = innermost(st.funcs, at)
    index = f.param_index(head) if f is not None and len(segs) == 1 else None
    if bound is None and index is None and head not in _SELF:
        bound = st.binding(head, at, wide=True)
    if isinstance(bound, LoopHeader):
        return _from_loop(ctx, st, bound, segs, form, site, depth)
    if len(segs) == 1:
        if isinstance(bound, Definition):
            found = _from_value(ctx, st, bound.value_pos, form, site, depth)
            if found.outcome is not Outcome.UNKNOWN:
                return found
        if f is not None and index is not None:
            if not site.local or f.name == site.avoid:
                return UNKNOWN
            ctx.add_wrapper(
                st.language, Wrapper(f.name, index, site.has_default, st.sf.path, _local_only(f), (form,))
            )
            return Resolution(Outcome.WRAPPER)
        d = st.file_definition(head, member=False)
        if d is not None and (bound is None or d.name_pos != getattr(bound, "name_pos", -1)):
            return _from_value(ctx, st, d.value_pos, form, site, depth)
    else:
        last = segs[-1]
        qualifier = segs[-2]
        if head in _SELF or st.declares(qualifier) or (len(segs) == 2 and _local_object(st, qualifier, at)):
            d = st.file_definition(last, member=True)
            if d is not None:
                return _from_value(ctx, st, d.value_pos, form, site, depth)
        elif isinstance(bound, Definition):
            return UNKNOWN  # an attribute of a local value: nothing to look up
    return _pend(ctx, st, segs, form, site, None, fallback)


def _local_only(f: FuncDef) -> bool:
    """A private function (Elixir ``defp``), or one named too generically to follow into other files."""
    return f.private or f.name in _GENERIC


def _local_object(st: FileState, name: str, at: int) -> bool:
    """``KEYS.DB`` where ``KEYS`` is an object literal of this file."""
    d = st.file_definition(name, member=False)
    return d is not None and tables.open_bracket(st.code, d.value_pos) is not None


def _pend(
    ctx: ScanContext,
    st: FileState,
    segs: list[str],
    form: Form,
    site: Site,
    table: tuple[str, int, int, bool, bool, tuple[str, ...]] | None,
    fallback: str,
) -> Resolution:
    if not site.local or segs[0] in _SELF:
        return UNKNOWN
    ctx.pending.append(
        Pending(
            st.language,
            site.path,
            site.line,
            site.is_support,
            ".".join(segs),
            form,
            site.has_default,
            site.strict,
            table,
            fallback,
            origin=st.sf.path,
            origin_imports=_imports_of(st, segs),
            source=site.source,
            use=site.use,
        )
    )
    return Resolution(Outcome.PENDING)


def _imports_of(st: FileState, segs: list[str]) -> bool:
    """Whether the file imports the identifier (or its qualifier) by name."""
    return st.imports(segs[0])


def _names(form: Form, values: Iterable[str], site: Site, is_prefix: bool = False) -> Resolution:
    out: list[Named] = []
    for v in values:
        n = named(form, v, strict=site.strict, is_prefix=is_prefix)
        if n is not None and (site.accepts is None or n.is_prefix or site.accepts(n.name)):
            out.append(n)
    return Resolution(Outcome.NAMES, out)


def _from_value(ctx: ScanContext, st: FileState, pos: int, form: Form, site: Site, depth: int) -> Resolution:
    """The names a definition's value at ``pos`` gives."""
    arg = name_arg(st.code, pos, st.syn, STATEMENT_END)
    if arg is None:
        return UNKNOWN
    if arg.kind == "name":
        return _names(form, [arg.text], site)
    if not arg.ident:
        return _names(form, [arg.text], site, is_prefix=True)
    found = resolve(
        ctx,
        st,
        arg.ident,
        pos,
        form.around(arg.head, arg.tail),
        site,
        depth + 1,
        arg.text if arg.kind == "prefix" else "",
    )
    if found.outcome is Outcome.UNKNOWN and arg.kind == "prefix":
        return _names(form, [arg.text], site, is_prefix=True)
    return found


# --- loops over tables ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pick:
    """How a loop takes names from its table: mode, which positional variable, how many, the
    loop form's pair and single-variable conventions, and the field path after the variable."""

    mode: str
    index: int
    count: int
    pairs_are_index: bool
    single_values: bool
    path: tuple[str, ...]

    def leaves(self, table: Table) -> list[Leaf | Ident]:
        if self.mode == "walk":
            return tables.walk_leaves(table)
        nodes = tables.pick(
            table, self.mode, self.index, self.count, self.pairs_are_index, self.single_values
        )
        return tables.follow(nodes, list(self.path))


def _bindings(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional variables and object-destructured ones (local name -> field) of a loop header."""
    t = text.strip().strip("()[]&|").strip()
    t = re.sub(r"^(?:var|val|let|const|mut)\s+", "", t)
    if t.startswith("{") or "{" in t:
        inner = t[t.find("{") + 1 : t.rfind("}") if "}" in t else len(t)]
        fields: dict[str, str] = {}
        for part in inner.split(","):
            bits = [b.strip() for b in re.split(r"[:=]", part, maxsplit=2)]
            if bits and bits[0]:
                local = bits[1] if len(bits) > 1 and part.count(":") and _VAR.fullmatch(bits[1]) else bits[0]
                fields[local] = bits[0]
        return [], fields
    parts = [p.strip().lstrip("$&").strip("()[] ") for p in re.split(r",|=>", t)]
    parts = [re.sub(r"^(?:mut|ref|final|var|val)\s+|\s*:.*$", "", p) for p in parts]
    parts = [p.split()[-1] if p.split() else p for p in parts]
    return [p for p in parts if p], {}


def _pick_for(header: LoopHeader, segs: list[str], mode: str) -> Pick | None:
    positional, fields = _bindings(header.vars)
    var, rest = segs[0], tuple(segs[1:])
    spec = header.spec
    if var in fields:
        return Pick(mode, 0, 1, spec.pairs == "index", spec.single == "values", (fields[var], *rest))
    if not positional and spec.implicit == var:
        return Pick(mode, 0, 1, spec.pairs == "index", spec.single == "values", rest)
    if var not in positional:
        return None
    return Pick(
        mode, positional.index(var), len(positional), spec.pairs == "index", spec.single == "values", rest
    )


def _mode(current: str, word: str) -> str:
    found = _WORDS.iteration.mode_of(word.replace(" ", ""))
    if found is None or found == "same":
        return current
    return found if current == "elements" else current


def _iterable_after(st: FileState, pos: int) -> tuple[str, Table | str | None]:
    """(mode, the table or the identifier expression naming it) of an iterable starting at ``pos``."""
    code = st.code
    mode = "elements"
    i = skip_ws(code, pos)
    for _ in range(4):
        if code.startswith(("&", "*"), i):
            i = skip_ws(code, i + 1)
            continue
        m = _CALL_HEAD.match(code, i)
        if m is None:
            break
        word = re.sub(r"\s+", "", m.group("fn"))
        if _WORDS.iteration.mode_of(word) is None:
            break
        mode = _mode(mode, word)
        i = skip_ws(code, m.end())
    found = tables.open_bracket(code, i)
    if found is not None:
        table = tables.parse(code, found[0], st.syn, found[1])
        return mode, table
    e = expr_at(code, i, st.syn)
    if e is None:
        return mode, None
    segs = e[0].split(".")
    while len(segs) > 1 and _WORDS.iteration.mode_of(segs[-1].removesuffix("()")) is not None:
        mode = _mode(mode, segs.pop().removesuffix("()"))
    return mode, ".".join(segs)


def open_before(st: FileState, close: int) -> int | None:
    """The bracket matching the closer at ``close``, scanning backwards over code (not strings)."""
    return enclosing_open(st, close - 1) if st.code[close : close + 1] in ")]}" else None


def enclosing_open(st: FileState, pos: int) -> int | None:
    """The innermost bracket left open at ``pos``, scanning backwards over code (not strings)."""
    code = st.code
    depth = 0
    i = pos
    stop = max(0, pos - 20_000)
    while i >= stop:
        inside = st.masked.string_start(i)
        if inside >= 0:
            i = inside - 1
            continue
        c = code[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                return i
            depth -= 1
        i -= 1
    return None


def _iterable_before(st: FileState, end: int) -> tuple[str, Table | str | None]:
    """(mode, table or identifier expression) of an iterable that ends at ``end`` (the callback
    forms: ``NAMES.forEach(...)``, ``Object.keys(M).map(...)``, ``%w[A B].each do |k|``)."""
    code = st.code
    mode = "elements"
    j = end
    for _ in range(6):
        k = j - 1
        while k >= 0 and code[k] in " \t\r\n":
            k -= 1
        if k < 0:
            return mode, None
        c = code[k]
        if c == ")":
            open_pos = open_before(st, k)
            if open_pos is None:
                return mode, None
            w = _WORD_BEFORE.search(code, max(0, open_pos - 120), open_pos)
            if w is None:
                return mode, None
            word = w.group().rstrip("!")
            last = word.rsplit(".", 1)[-1]
            inner = code[open_pos + 1 : k].strip()
            dot = w.start() + word.rfind(".") if "." in word else w.start() - 1
            if not inner and _WORDS.iteration.mode_of(last) is not None and code[dot : dot + 1] == ".":
                mode = _mode(mode, last)
                j = dot
                continue
            if inner and _WORDS.iteration.mode_of(word) is not None:
                found_mode, core = _iterable_after(st, open_pos + 1)
                return _mode(mode, word) if found_mode == "elements" else found_mode, core
            found = tables.open_bracket(code, w.start())
            if found is not None:
                return mode, tables.parse(code, found[0], st.syn, found[1])
            return mode, None
        if c in "]}":
            open_pos = open_before(st, k)
            if open_pos is None:
                return mode, None
            return mode, tables.parse(code, open_pos, st.syn)
        e = _EXPR_BEFORE.search(code, max(0, k - 200), k + 1)
        if e is None:
            return mode, None
        text = re.sub(r"\s+", "", e.group()).replace("::", ".").replace("->", ".")
        segs = [s for s in text.split(".") if s]
        while len(segs) > 1 and _WORDS.iteration.mode_of(segs[-1]) is not None:
            mode = _mode(mode, segs.pop())
        return mode, ".".join(segs) if segs else None
    return mode, None


def _from_loop(
    ctx: ScanContext, st: FileState, header: LoopHeader, segs: list[str], form: Form, site: Site, depth: int
) -> Resolution:
    mode, core = (
        _iterable_after(st, header.iter_pos) if header.iter_pos >= 0 else _iterable_before(st, header.pos)
    )
    pick = _pick_for(header, segs, mode)
    if pick is None or core is None:
        return UNKNOWN
    strict = replace(site, strict=True)
    if isinstance(core, Table):
        return _from_table(ctx, st, core, pick, form, strict, depth)
    return _table_named(ctx, st, core, header.pos, pick, form, strict, depth)


def _from_table(
    ctx: ScanContext, st: FileState, table: Table, pick: Pick, form: Form, site: Site, depth: int
) -> Resolution:
    out: list[Named] = []
    for leaf in pick.leaves(table):
        if isinstance(leaf, Leaf):
            out.extend(_names(form, [leaf.value], site).names)
        else:
            remote = replace(site, local=False)
            out.extend(resolve(ctx, st, leaf.expr, leaf.pos, form, remote, depth + 1).names)
    return Resolution(Outcome.NAMES, out)


def _table_named(
    ctx: ScanContext, st: FileState, expr: str, at: int, pick: Pick, form: Form, site: Site, depth: int
) -> Resolution:
    """The table an identifier names: a local or constant of this file, else another file's."""
    segs = segments(expr)
    d: Definition | None = None
    if len(segs) == 1:
        bound = st.binding(segs[0], at)
        d = bound if isinstance(bound, Definition) else st.file_definition(segs[0], member=False)
    elif segs[0] in _SELF or st.declares(segs[-2]):
        d = st.file_definition(segs[-1], member=True)
    if d is not None:
        found = tables.open_bracket(st.code, d.value_pos)
        if found is None:
            return UNKNOWN
        table = tables.parse(st.code, found[0], st.syn, found[1])
        return _from_table(ctx, st, table, pick, form, site, depth) if table is not None else UNKNOWN
    return _pend(
        ctx,
        st,
        segs,
        form,
        site,
        (pick.mode, pick.index, pick.count, pick.pairs_are_index, pick.single_values, pick.path),
        "",
    )


# --- the read sites -------------------------------------------------------------------------------


def at_read(ctx: ScanContext, st: FileState, hit: Hit, source: str) -> list[EnvRef]:
    """The names a direct read with an identifier in its name argument reads."""
    arg = hit.arg
    assert arg is not None
    site = Site(
        st.sf.path,
        st.masked.line_of(hit.pos),
        st.sf.is_support,
        source,
        hit.has_default,
        False,
        hit.accepts,
        use="set" if hit.assigned else "read",
    )
    prefix = arg.text if arg.kind == "prefix" else ""
    res = resolve(ctx, st, arg.ident, hit.pos, Form(arg.head, arg.tail), site, fallback=prefix)
    out = [site.ref(n) for n in res.names]
    if prefix and res.outcome in (Outcome.WRAPPER, Outcome.UNKNOWN):
        out.append(site.ref(Named(prefix, is_prefix=True)))
    return out


def at_call(
    ctx: ScanContext, st: FileState, wrapper: Wrapper, arg: NameArg, at: int, has_default: bool, source: str
) -> list[EnvRef]:
    """The names a call of ``wrapper`` reads when its name argument holds an identifier."""
    site = Site(
        st.sf.path,
        st.masked.line_of(arg.pos),
        st.sf.is_support,
        source,
        has_default,
        True,
        avoid=wrapper.name,
    )
    out: list[EnvRef] = []
    prefix = arg.text if arg.kind == "prefix" else ""
    for form in wrapper.forms:
        res = resolve(
            ctx,
            st,
            arg.ident,
            at,
            form.around(arg.head, arg.tail),
            site,
            fallback=form.head + prefix if prefix else "",
        )
        out.extend(site.ref(n) for n in res.names)
        if prefix and res.outcome in (Outcome.WRAPPER, Outcome.UNKNOWN):
            n = named(form, prefix, strict=True, is_prefix=True)
            if n is not None:
                out.append(site.ref(n))
    return out


def _walk_site(st: FileState, at: int, source: str) -> Site:
    return Site(st.sf.path, st.masked.line_of(at), st.sf.is_support, source, False, True)


_WALK_TABLE = ("walk", 0, 1, False, False, ())


def walk_constant(ctx: ScanContext, st: FileState, expr: str, at: int, source: str) -> list[EnvRef]:
    """A constant in a table that an environment walk compares its keys with."""
    site = _walk_site(st, at, source)
    return [site.ref(n) for n in resolve(ctx, st, expr, at, Form(), site).names]


def walk_table(ctx: ScanContext, st: FileState, expr: str, at: int, source: str) -> None:
    """A table of another module that an environment walk looks its keys up in."""
    _pend(ctx, st, segments(expr), Form(), _walk_site(st, at, source), _WALK_TABLE, "")


# --- after every file: names other files define -------------------------------------------------


def _module_dir(path: str) -> str:
    return os.path.dirname(path)


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _shares_directory(language: str) -> bool:
    """Whether the files of one directory see each other's names (a Go package, a Java package)."""
    words = _WORDS.languages.get(language)
    return words is not None and words.shared_directory


def _constant_cased(name: str) -> bool:
    return bool(UPPER_NAME.fullmatch(name)) and any(c.isalpha() for c in name)


def finish(
    ctx: ScanContext, languages: Mapping[str, Language], files: Mapping[str, Sequence[SourceFile]]
) -> list[EnvRef]:
    """Resolve the pending names against the constants and tables of every file of their language."""
    refs: list[EnvRef] = []
    by_language: dict[str, list[Pending]] = defaultdict(list)
    for p in ctx.pending:
        by_language[p.language].append(p)
    ctx.pending = []
    for language, items in by_language.items():
        lang = languages.get(language)
        if lang is None:
            continue
        scopes = [(p, _scope_of(p)) for p in items]
        searched = [p for p, scope in scopes if scope is not False]
        refs.extend(r for p, scope in scopes if scope is False for r in _unresolved(p))
        wanted: dict[str, set[str] | None] = {}  # name -> the directories to search (None: all)
        for p, scope in scopes:
            name = segments(p.expr)[-1]
            if scope is False or (name in wanted and wanted[name] is None):
                continue
            wanted[name] = None if scope is None else (wanted.get(name) or set()) | scope
        states = _defining_files(ctx, lang, files.get(language, ()), wanted)
        for p in searched:
            refs.extend(_resolve_pending(ctx, p, states))
    return refs


def _scope_of(p: Pending) -> set[str] | Literal[False] | None:
    """Where a pending name may be defined: anywhere (None), in its own directory, or nowhere it
    could be told apart from a local (False: a lower-case name neither imported nor shared)."""
    segs = segments(p.expr)
    if p.origin_imports:
        return None
    if len(segs) > 1:
        # `Keys.DB`, `Keys::DB`: a class, module or namespace; not `args.name` of a local value
        return None if segs[-2][:1].isupper() else False
    if _constant_cased(segs[-1]):
        return None
    if _shares_directory(p.language):
        return {_module_dir(p.origin)}
    return False


def _unresolved(p: Pending) -> list[EnvRef]:
    if not p.fallback:
        return []
    site = Site(p.path, p.line, p.is_support, p.source, p.has_default, p.strict, local=False, use=p.use)
    n = named(Form(), p.fallback, strict=False, is_prefix=True)
    return [site.ref(n)] if n is not None else []


def _defining_files(
    ctx: ScanContext, lang: Language, files: Sequence[SourceFile], wanted: Mapping[str, set[str] | None]
) -> dict[str, list[tuple[FileState, Definition]]]:
    """Every exported definition of a wanted name, by name, with its file. A file is decoded only
    when its bytes hold a wanted name in a definition-like place (``NAME =``, ``NAME:``,
    ``NAME Type =``, ``define('NAME',``)."""
    if not wanted:
        return {}
    alts = b"|".join(re.escape(n.encode()) for n in sorted(wanted, key=len, reverse=True))
    needle = re.compile(rb"(?<![\w$])(?:" + alts + rb")(?:['\"]?[ \t]*(?::|=|,)|[ \t]+[\w.*\[\]&]+[ \t]*=)")
    anywhere = any(d is None for d in wanted.values())
    dirs = set().union(*(d for d in wanted.values() if d is not None))
    out: dict[str, list[tuple[FileState, Definition]]] = defaultdict(list)
    names = Needles(wanted)
    for sf in files:
        if not anywhere and _module_dir(sf.path) not in dirs:
            continue
        if not names.any_in(sf.data) or not needle.search(sf.data):
            continue
        masked = ctx.masked.get(sf.path)
        if masked is None:
            masked = mask(sf.text(), lang.FAMILY)
        st = FileState(lang.NAME, lang.syntax_for(sf.path), sf, masked, _lazy_functions(lang, sf, masked))
        for name in wanted.keys() & st.defs.keys():
            scope = wanted[name]
            if scope is not None and _module_dir(sf.path) not in scope:
                continue
            out[name].extend((st, d) for d in st.defs[name] if d.exported)
    return out


def _lazy_functions(lang: Language, sf: SourceFile, masked: Masked) -> Callable[[], list[FuncDef]]:
    return lambda: lang.functions(masked.code, sf.path)


def _resolve_pending(
    ctx: ScanContext, p: Pending, states: Mapping[str, list[tuple[FileState, Definition]]]
) -> list[EnvRef]:
    segs = segments(p.expr)
    last = segs[-1]
    candidates = [(st, d) for st, d in states.get(last, ()) if st.sf.path != p.origin]
    if len(segs) == 1:
        candidates = [(st, d) for st, d in candidates if not d.member]
    else:
        q = _norm(segs[-2])
        preferred = [
            (st, d)
            for st, d in candidates
            if q in (_norm(_stem(st.sf.path)), _norm(os.path.basename(_module_dir(st.sf.path))))
            or st.declares(segs[-2])
        ]
        candidates = preferred or [(st, d) for st, d in candidates if not d.member]
    site = Site(p.path, p.line, p.is_support, p.source, p.has_default, p.strict, local=False, use=p.use)
    results: dict[tuple[str, ...], list[Named]] = {}
    for st, d in candidates:
        if p.table is not None:
            found = tables.open_bracket(st.code, d.value_pos)
            table = tables.parse(st.code, found[0], st.syn, found[1]) if found else None
            if table is None:
                continue
            res = _from_table(ctx, st, table, Pick(*p.table), p.form, site, 1)
        else:
            res = _from_value(ctx, st, d.value_pos, p.form, site, 1)
        if res.names:
            results[tuple(sorted(n.name for n in res.names))] = res.names
    if len(results) == 1:
        return [site.ref(n) for n in next(iter(results.values()))]
    return _unresolved(p)
