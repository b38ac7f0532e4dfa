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
- anything else is looked up after every file has been seen (``resolve_finish.py``): constants and tables
  that other files define (``from app.keys import DB_URL``, ``import { KEYS } from "./keys"``,
  ``config.EnvDBURL`` in Go, ``Keys::DB`` in PHP), found by one bytes search per language for the
  names still wanted.

A name built from a known one and a Docker-secrets suffix (``f"{name}_FILE"``) is reported with
``twin_of`` set, so that a documented base name covers it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from integrations_drift.scan.env import tables
from integrations_drift.scan.env.call_args import NAME_CHARS, STATEMENT_END, NameArg, name_arg
from integrations_drift.scan.env.context import Form, Pending, ScanContext, Wrapper
from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.reads import Hit
from integrations_drift.scan.env.resolve_loops import Pick, _iterable_after, _iterable_before, _pick_for
from integrations_drift.scan.env.resolve_state import (
    _WORDS,
    UNKNOWN,
    Definition,
    FileState,
    LoopHeader,
    Named,
    Outcome,
    Resolution,
    Site,
    named,
    segments,
)
from integrations_drift.scan.env.syntax import UPPER_NAME, read_string, skip_ws
from integrations_drift.scan.env.tables import Leaf, Table
from integrations_drift.scan.types import EnvRef
from integrations_drift.scan.vocabulary import code_words

_GENERIC = code_words().wrappers.generic_names
_CONSTRUCTORS = code_words().wrappers.constructors
_SELF = frozenset({"self", "this", "cls", "static", "Self", "parent", "super"})
_MAX_DEPTH = 4


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
    if len(segs) > 1 and segs[-1].removesuffix("()") in _WORDS.upper_case:
        segs = segments(".".join(segs[:-1]))
        form = replace(form, upper=True)
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
        return _from_loop(ctx, st, bound, segs, form, site, depth, fallback)
    if len(segs) == 1:
        if isinstance(bound, Definition):
            found = _from_value(ctx, st, bound.value_pos, form, site, depth)
            if found.outcome is not Outcome.UNKNOWN:
                return found
        if f is not None and index is not None:
            if not site.local or f.name == site.avoid:
                return UNKNOWN
            name = _callable_name(st.code, f)
            if name is None:
                return UNKNOWN
            always = site.has_default and not _caller_default(f, site.default_ident)
            ctx.add_wrapper(st.language, Wrapper(name, index, always, st.sf.path, _local_only(f), (form,)))
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
            if len(segs) == 2 and head in _SELF:
                return _stored(ctx, st, head, last, form, site)
        elif isinstance(bound, Definition):
            return UNKNOWN  # an attribute of a local value: nothing to look up
    return _pend(ctx, st, segs, form, site, None, fallback)


def _stored(ctx: ScanContext, st: FileState, owner: str, field: str, form: Form, site: Site) -> Resolution:
    """``self.env`` that a constructor of this file stores from its parameter (``self.env = env``):
    the class is a wrapper of that parameter."""
    if not site.local:
        return UNKNOWN
    store = re.compile(
        rf"(?<![\w$])\$?{re.escape(owner.lstrip('$'))}(?:\.|->){re.escape(field)}\s*=\s*\$?([A-Za-z_][\w$]*)\s*[;\n)]"
    )
    for m in store.finditer(st.code):
        f = innermost(st.funcs, m.start())
        if f is None or f.name not in _CONSTRUCTORS:
            continue
        index = f.param_index(m.group(1))
        name = _callable_name(st.code, f)
        if index is None or name is None:
            continue
        keyword = m.group(1)
        ctx.add_wrapper(
            st.language, Wrapper(name, index, site.has_default, st.sf.path, False, (form,), keyword)
        )
        return Resolution(Outcome.WRAPPER)
    return UNKNOWN


_CLASS = re.compile(r"\bclass\s+([A-Za-z_$][\w$]*)")


def _callable_name(code: str, f: FuncDef) -> str | None:
    """How ``f`` is called: a constructor by its class (the last class header before it)."""
    if f.name not in _CONSTRUCTORS:
        return f.name
    classes = _CLASS.findall(code, 0, f.start)
    return classes[-1] if classes else None


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


def _lead(st: FileState, arg: NameArg | None) -> NameArg | None:
    """``arg`` with the value of its leading constant (``f"{PREFIX}_{name}"``) put before its
    head; None when this file gives the constant no literal value."""
    if arg is None or not arg.lead:
        return arg
    d = st.file_definition(arg.lead, member=False)
    lit = read_string(st.code, skip_ws(st.code, d.value_pos), st.syn) if d is not None else None
    if lit is not None and not lit.interpolated:
        value = lit.value
    else:
        # a parameter whose default is a word: `def load(d, prefix="APP"): … f"{prefix}_{key}"`
        f = innermost(st.funcs, arg.pos)
        index = f.param_index(arg.lead) if f is not None and d is None else None
        value = f.params[index].default_word if f is not None and index is not None else ""
    if not value or not NAME_CHARS.fullmatch(value):
        return None
    head = value + arg.head
    return replace(arg, kind="prefix", text=head, head=head, lead="")


def _from_value(ctx: ScanContext, st: FileState, pos: int, form: Form, site: Site, depth: int) -> Resolution:
    """The names a definition's value at ``pos`` gives."""
    arg = _lead(st, name_arg(st.code, pos, st.syn, STATEMENT_END))
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


def _from_loop(
    ctx: ScanContext,
    st: FileState,
    header: LoopHeader,
    segs: list[str],
    form: Form,
    site: Site,
    depth: int,
    fallback: str = "",
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
    return _table_named(ctx, st, core, header.pos, pick, form, strict, depth, fallback)


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
    ctx: ScanContext,
    st: FileState,
    expr: str,
    at: int,
    pick: Pick,
    form: Form,
    site: Site,
    depth: int,
    fallback: str = "",
) -> Resolution:
    """The table an identifier names: a local or constant of this file, else another file's; a
    parameter of the enclosing function (a settings dict passed in) names none."""
    segs = segments(expr)
    d: Definition | None = None
    if len(segs) == 1:
        f = innermost(st.funcs, at)
        if f is not None and f.param_index(segs[0]) is not None:
            return UNKNOWN
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
        fallback,
    )


# --- the read sites -------------------------------------------------------------------------------


def at_read(ctx: ScanContext, st: FileState, hit: Hit, source: str) -> list[EnvRef]:
    """The names a direct read with an identifier in its name argument reads."""
    arg = _lead(st, hit.arg)
    if arg is None:
        return []
    site = Site(
        st.sf.path,
        st.masked.line_of(hit.pos),
        st.sf.is_support,
        source,
        hit.has_default,
        False,
        hit.accepts,
        use="set" if hit.assigned else "read",
        default_ident=hit.default_ident,
    )
    prefix = arg.text if arg.kind == "prefix" else ""
    res = resolve(ctx, st, arg.ident, hit.pos, Form(arg.head, arg.tail), site, fallback=prefix)
    out = [site.ref(n) for n in res.names]
    # a table of keys that make no variable name as written (`"APP_" + key` over lower-case
    # keys) still shows the family the read belongs to
    unresolved = res.outcome in (Outcome.WRAPPER, Outcome.UNKNOWN)
    if prefix and (unresolved or (not out and res.outcome is Outcome.NAMES)):
        out.append(site.ref(Named(prefix, is_prefix=True)))
    return out


def at_call(
    ctx: ScanContext, st: FileState, wrapper: Wrapper, arg: NameArg, at: int, has_default: bool, source: str
) -> list[EnvRef]:
    """The names a call of ``wrapper`` reads when its name argument holds an identifier."""
    led = _lead(st, arg)
    if led is None:
        return []
    arg = led
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


def constant_resolver(ctx: ScanContext, st: FileState) -> Callable[[str, int, bool], list[EnvRef]]:
    """Resolves a constant that a framework's declaration names a variable by (``#[arg(env =
    DB_URL)]``, ``EnvVars: []string{envWorkers}``), given its expression, position and whether
    the declaration supplies a default."""

    def names(expr: str, at: int, has_default: bool) -> list[EnvRef]:
        site = Site(st.sf.path, st.masked.line_of(at), st.sf.is_support, st.language, has_default, True)
        return [site.ref(n) for n in resolve(ctx, st, expr, at, Form(), site).names]

    return names


def _caller_default(f: FuncDef, ident: str) -> bool:
    """Whether the read's default is a parameter of ``f`` without a value of its own
    (``def env(name, default=None): return os.getenv(name, default)``): then only a call that
    passes it gives the variable a default."""
    if not ident:
        return False
    index = f.param_index(ident)
    return index is not None and (not f.params[index].has_default or f.params[index].empty_default)
