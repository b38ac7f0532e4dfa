"""Code that walks the whole environment and picks names out of it.

``for k, v in os.environ.items(): if k in KNOWN`` reads every name of ``KNOWN``. Deliberately
narrow: only UPPER_SNAKE string literals count, and only from ``case``/``when`` labels and match
arms, comparisons against a key-like variable, prefix tests, and literal collections of the same
file that the walk's scope (its function, else its indented block) mentions by name; prefix tests
and binary prefix patterns (``"APP_" <> rest``) take every variable with the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import Syntax, match_bracket, plain_string, read_string
from integrations_drift.scan.types import EnvRef, SourceFile
from integrations_drift.scan.vocabulary import any_word, code_words

_UPPER = re.compile(r"[A-Z][A-Z0-9_]*")
_PREFIX = re.compile(r"[A-Z][A-Z0-9]*_[A-Z0-9_]*")
_CASE = re.compile(r"\b(?:case|when)\b([^:\n]*?)(?::|\bthen\b|$)", re.M)
_ARM = re.compile(r"((?:\"[^\"\n]*\"|'[^'\n]*')(?:\s*[|,]\s*(?:\"[^\"\n]*\"|'[^'\n]*'))*)\s*(?:=>|->)")
# Elixir clauses over the environment's {name, value} pairs: fn {"APP_MODE", v} -> v end
_PAIR_ARM = re.compile(r"\{\s*(\"[^\"\n]*\")\s*,\s*[a-z_]\w*\s*\}\s*->")
_WORDS = code_words().walks  # data/code_words.yml, "walks"
_KEYISH = any_word(_WORDS.key_variables)
_COMPARE_AFTER = re.compile(rf"\b{_KEYISH}\b\s*(?:===?|!==?|\beq\b)\s*(?=[\"'`])")
_COMPARE_BEFORE = re.compile(rf"\s*(?:===?|!==?)\s*{_KEYISH}\b")
# A binary prefix pattern: Elixir's {"APP_" <> name, value} takes every variable with the prefix.
_BINARY_PREFIX = re.compile(r"\s*<>\s*[a-z_]")
_STARTS = re.compile(rf"\b{any_word(_WORDS.prefix_tests)}\s*\(\s*(?:[\w.$\[\]]+\s*,\s*)?(?=[\"'`])")
_COLLECTION = re.compile(
    r"(?<![\w.$])(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]{0,80})?(?::=|=)(?!=)\s*"
    r"(?:map\[[^\]]*\][\w.*\[\]]*\s*|\[\][\w.*]+\s*|new\s+[\w.<>, ]+\s*\(\s*|"
    rf"{any_word(_WORDS.collection_constructors)}\s*\(\s*)?"
    r"(?P<open>[\[{(])"
)
_RUBY_WORDS = re.compile(r"(?<![\w.$])(?P<name>[A-Za-z_]\w*)\s*=\s*%[wW][\[(](?P<words>[^\])]*)[\])]")
_TOKEN = re.compile(r"[A-Za-z_$][\w$]*")


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


def _collections(masked: Masked, syn: Syntax) -> dict[str, list[tuple[str, int]]]:
    code = masked.code
    out: dict[str, list[tuple[str, int]]] = {}
    for m in _COLLECTION.finditer(code):
        if masked.in_string(m.start()):
            continue
        open_pos = m.start("open")
        close = match_bracket(code, open_pos, syn)
        lits = _literals(masked, syn, open_pos, close)
        keyed = [lit for lit in lits if re.match(r"\s*(?::(?!:)|=>)", code[lit[2] : lit[2] + 8])]
        chosen = keyed or lits
        names = [(v, p) for v, p, _ in chosen if _UPPER.fullmatch(v)]
        if not lits:  # JS/TS objects with bare keys
            names = [
                (k.group(1), k.start(1))
                for k in re.finditer(r"[{,]\s*([A-Z][A-Z0-9_]*)\s*:(?!:)", code[open_pos:close])
            ]
            names = [(n, p + open_pos) for n, p in names]
        if names:
            out.setdefault(m.group("name"), []).extend(names)
    for m in _RUBY_WORDS.finditer(code):
        words = [(w.group(), m.start("words") + w.start()) for w in re.finditer(r"\S+", m.group("words"))]
        upper = [(w, p) for w, p in words if _UPPER.fullmatch(w)]
        if upper:
            out.setdefault(m.group("name"), []).extend(upper)
    return out


def table_reads(
    sf: SourceFile, masked: Masked, syn: Syntax, walk_starts: Iterable[int], funcs: list[FuncDef], source: str
) -> list[EnvRef]:
    code = masked.code
    found: dict[tuple[str, int, bool], None] = {}
    tables: dict[str, list[tuple[str, int]]] | None = None
    for pos in walk_starts:
        start, end = _scope(code, funcs, pos)
        scope = code[start:end]
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
        if tables is None:
            tables = _collections(masked, syn)
        if tables:
            for token in set(_TOKEN.findall(scope)) & tables.keys():
                for value, vpos in tables[token]:
                    found[(value, vpos, False)] = None
    return [make_ref(sf, masked, name, p, source, is_prefix=prefix) for name, p, prefix in found]
