"""Code that walks the whole environment and picks names out of it.

``for k, v in os.environ.items(): if k in KNOWN`` reads every name of ``KNOWN``. Deliberately
narrow: only UPPER_SNAKE string literals count, and only from ``case``/``when`` labels and match
arms, comparisons against a key-like variable, prefix tests, and literal collections that the
walk's scope (its function, else its indented block) mentions by name: the file's own, or
another module's when the scope looks a key up in it (``KNOWN_VARS.has(k)``). Prefix tests,
binary prefix patterns (``"APP_" <> rest``) and names ending in ``_`` in such a table
(``{"MYAPP_", "DOTNET_"}`` with ``StartsWith``) take every variable with the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env import resolve, resolve_state, tables
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.resolve_words import resolve_words
from integrations_drift.scan.env.syntax import Syntax, plain_string, read_string
from integrations_drift.scan.types import EnvRef
from integrations_drift.scan.vocabulary import any_word, code_words

_UPPER = lazy(r"[A-Z][A-Z0-9_]*")
_PREFIX = lazy(r"[A-Z][A-Z0-9]*_[A-Z0-9_]*")
_CASE = lazy(r"\b(?:case|when)\b([^:\n]*?)(?::|\bthen\b|$)", re.M)
_ARM = lazy(r"((?:\"[^\"\n]*\"|'[^'\n]*')(?:\s*[|,]\s*(?:\"[^\"\n]*\"|'[^'\n]*'))*)\s*(?:=>|->)")
# Elixir clauses over the environment's {name, value} pairs: fn {"APP_MODE", v} -> v end
_PAIR_ARM = lazy(r"\{\s*(\"[^\"\n]*\")\s*,\s*[a-z_]\w*\s*\}\s*->")
_WORDS = code_words().walks  # data/code_words.yml, "walks"
_KEYISH = any_word(_WORDS.key_variables)
_COMPARE_AFTER = lazy(rf"\b{_KEYISH}\b\s*(?:===?|!==?|\beq\b)\s*(?=[\"'`])")
_COMPARE_BEFORE = lazy(rf"\s*(?:===?|!==?)\s*{_KEYISH}\b")
# A binary prefix pattern: Elixir's {"APP_" <> name, value} takes every variable with the prefix.
_BINARY_PREFIX = lazy(r"\s*<>\s*[a-z_]")
_STARTS = lazy(rf"\b{any_word(_WORDS.prefix_tests)}\s*\(\s*(?:[\w.$\[\]]+\s*,\s*)?(?=[\"'`])")
# ... or a constant of the file holding it: `key.startswith(PREFIX)` with `PREFIX = "APP_"`
_STARTS_CONSTANT = lazy(
    rf"\b{any_word(_WORDS.prefix_tests)}\s*\(\s*(?:[\w.$\[\]]+\s*,\s*)?(?P<c>[A-Za-z_]\w*)\s*[,)]"
)
_COLLECTION = lazy(
    r"(?<![\w.$])(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]{0,80})?(?::=|=)(?!=)\s*"
    r"(?:map\[[^\]]*\][\w.*\[\]]*\s*|\[\][\w.*]+\s*|new\s+[\w.<>, ]+\s*\(\s*|"
    rf"{any_word(_WORDS.collection_constructors)}\s*\(\s*)?"
    r"(?P<open>[\[{(])"
)
# A table named in a lookup of the walk's key: `KNOWN[key]`, `KNOWN.has(k)`, `k in KNOWN`,
# `in_array($k, KNOWN)`; a table no literal of this file defines is looked up in other files.
_LOOKUP = lazy(
    rf"(?<![\w$.])(?P<t>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*(?:\[|\.\s*{any_word(resolve_words().walk_lookups)}\s*\()"
    r"|(?:\bin\s+|\b(?:in_array|array_key_exists)\s*\([^,()]*,\s*)(?P<t2>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)"
)
_TOKEN = lazy(r"[A-Za-z_$][\w$]*")
# The environment handed whole to a helper whose result is kept: `env := envMap(os.Environ()`.
_KEPT = lazy(r"(?<![\w.$])(?P<v>[A-Za-z_$][\w$]*)\s*(?::=|=)\s*[A-Za-z_$][\w$.]*\s*\(\s*$")


def _scope(code: str, funcs: list[FuncDef], pos: int) -> tuple[int, int]:
    f = innermost(funcs, pos)
    if f is not None:
        return f.body_start, f.body_end
    line_start = code.rfind("\n", 0, pos) + 1
    head = code[line_start:pos]
    indent = len(head) - len(head.lstrip())
    i = code.find("\n", pos)
    while i >= 0:
        nxt = code.find("\n", i + 1)
        line = code[i + 1 : nxt if nxt >= 0 else len(code)]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            return line_start, i
        i = nxt
    return line_start, len(code)


def _literals(masked: Masked, syn: Syntax, start: int, end: int) -> list[tuple[str, int, int]]:
    """(value, value position, end) of the plain string literals within [start, end)."""
    out: list[tuple[str, int, int]] = []
    for s, _ in masked.spans_between(start, end):
        lit = read_string(masked.code, s, syn)
        if lit is not None and not lit.interpolated:
            out.append((lit.value, lit.value_pos, lit.end))
    return out


def _collections(st: resolve_state.FileState) -> dict[str, list[tables.Leaf | tables.Ident]]:
    """The literal collections of a file by the name they are assigned to."""
    code = st.code
    opens: dict[str, set[tuple[int, bool]]] = {}
    for m in _COLLECTION.finditer(code):
        if not st.masked.in_string(m.start()):
            opens.setdefault(m.group("name"), set()).add((m.start("open"), False))
    for name, defs in st.defs.items():
        for d in defs:
            found = tables.open_bracket(code, d.value_pos)
            if found is not None:
                opens.setdefault(name, set()).add(found)
    out: dict[str, list[tables.Leaf | tables.Ident]] = {}
    for name, places in opens.items():
        for open_pos, alternating in sorted(places):
            table = tables.parse(code, open_pos, st.syn, alternating)
            if table is not None:
                leaves = tables.walk_leaves(table)
                if leaves:
                    out.setdefault(name, []).extend(leaves)
    return out


def _kept_lookups(st: resolve_state.FileState, pos: int, start: int, end: int) -> list[tuple[str, int]]:
    """Literal keys looked up in what a helper made of the whole environment: `env["X"]`."""
    code = st.code
    line_start = code.rfind("\n", 0, pos) + 1
    m = _KEPT.search(code[line_start:pos])
    if m is None:
        return []
    var = re.escape(m.group("v"))
    lookup = re.compile(rf"(?<![\w.$]){var}\s*(?:\[|\.\s*{any_word(_WORDS.key_lookups)}\s*\()\s*(?=[\"'`])")
    out: list[tuple[str, int]] = []
    for lm in lookup.finditer(code, pos, end):
        if st.masked.in_string(lm.start()):
            continue
        lit = plain_string(code, lm.end(), st.syn)
        if lit is not None and _UPPER.fullmatch(lit[0]):
            out.append((lit[0], lit[1]))
    return out


def _param_default(st: resolve_state.FileState, pos: int, param: str) -> tuple[str, int] | None:
    """The literal default of the walk's function's parameter: `def load(prefix="APP_")`."""
    f = innermost(st.funcs, pos)
    if f is None or f.param_index(param) is None:
        return None
    given = re.compile(rf"(?<![\w$.]){re.escape(param)}\s*(?::[^=,()\n]*)?=\s*")
    found = given.search(st.code, f.start, f.body_start)
    return plain_string(st.code, found.end(), st.syn) if found is not None else None


def table_reads(
    ctx: ScanContext, st: resolve_state.FileState, walk_starts: Iterable[int], source: str
) -> list[EnvRef]:
    code = st.code
    masked, syn, sf = st.masked, st.syn, st.sf
    found: dict[tuple[str, int, bool], None] = {}
    known: dict[str, list[tables.Leaf | tables.Ident]] | None = None
    refs: list[EnvRef] = []
    for pos in walk_starts:
        start, end = _scope(code, st.funcs, pos)
        scope = code[start:end]
        for value, vpos in _kept_lookups(st, pos, start, end):
            found[(value, vpos, False)] = None
        for m in _CASE.finditer(scope):
            for value, vpos, _ in _literals(masked, syn, start + m.start(1), start + m.end(1)):
                if _UPPER.fullmatch(value):
                    found[(value, vpos, False)] = None
        for m in (*_ARM.finditer(scope), *_PAIR_ARM.finditer(scope)):
            for value, vpos, _ in _literals(masked, syn, start + m.start(1), start + m.end(1)):
                if _UPPER.fullmatch(value):
                    found[(value, vpos, False)] = None
        for m in _COMPARE_AFTER.finditer(scope):
            lit = plain_string(code, start + m.end(), syn)
            if lit is not None and _UPPER.fullmatch(lit[0]):
                found[(lit[0], lit[1], False)] = None
        for value, vpos, lit_end in _literals(masked, syn, start, end):
            if _UPPER.fullmatch(value) and _COMPARE_BEFORE.match(code, lit_end):
                found[(value, vpos, False)] = None
            elif _PREFIX.fullmatch(value) and _BINARY_PREFIX.match(code, lit_end):
                found[(value, vpos, True)] = None
        for m in _STARTS.finditer(scope):
            lit = plain_string(code, start + m.end(), syn)
            if lit is not None and _PREFIX.fullmatch(lit[0]):
                found[(lit[0], lit[1], True)] = None
        for m in _STARTS_CONSTANT.finditer(scope):
            d = st.file_definition(m.group("c"), member=False)
            lit = plain_string(code, d.value_pos, syn) if d is not None else None
            if lit is None:
                lit = _param_default(st, pos, m.group("c"))
            if lit is not None and _PREFIX.fullmatch(lit[0]):
                found[(lit[0], start + m.start("c"), True)] = None
        if known is None:
            known = _collections(st)
        tokens = set(_TOKEN.findall(scope))
        for token in tokens & known.keys():
            for leaf in known[token]:
                if isinstance(leaf, tables.Leaf):
                    if _UPPER.fullmatch(leaf.value):
                        found[(leaf.value, leaf.pos, leaf.value.endswith("_"))] = None
                else:
                    refs.extend(resolve.walk_constant(ctx, st, leaf.expr, leaf.pos, source))
        for m in _LOOKUP.finditer(scope):
            token = m.group("t") or m.group("t2") or ""
            if token and token.split(".")[0] not in known and token[:1].isupper():
                resolve.walk_table(ctx, st, token, start + m.start(), source)
    refs.extend(make_ref(sf, masked, name, p, source, is_prefix=prefix) for name, p, prefix in found)
    return refs
