"""After every file (``resolve.py``): pending names resolved against the constants and tables
other files define."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from integrations_drift.scan.env import tables
from integrations_drift.scan.env.call_args import match_bracket
from integrations_drift.scan.env.context import Form, Language, Pending, ScanContext
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.lexer import Masked, mask
from integrations_drift.scan.env.resolve import _from_table, _from_value
from integrations_drift.scan.env.resolve_loops import Pick
from integrations_drift.scan.env.resolve_state import (
    _WORDS,
    Definition,
    FileState,
    Named,
    Site,
    named,
    segments,
)
from integrations_drift.scan.env.syntax import (
    UPPER_NAME,
)
from integrations_drift.scan.needles import Needles
from integrations_drift.scan.types import EnvRef, SourceFile


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


def _member_of(st: FileState, owner: str, member: Definition) -> bool:
    """Whether ``member`` is written inside the literal a constant ``owner`` of the file holds
    (``KEYS = {"db": "X"}`` for ``KEYS["db"]``, ``KEYS.db``)."""
    for d in st.defs.get(owner, ()):
        found = None if d.member else tables.open_bracket(st.code, d.value_pos)
        if found is not None and found[0] < member.name_pos < match_bracket(st.code, found[0], st.syn):
            return True
    return False


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
            or (d.member and _member_of(st, segs[-2], d))
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
