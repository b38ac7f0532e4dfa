"""Loops over tables (``resolve.py``): which table a loop iterates and how its variables pick names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from integrations_drift.scan.env import tables
from integrations_drift.scan.env.call_args import expr_at
from integrations_drift.scan.env.resolve_state import _VAR, _WORDS, FileState, LoopHeader
from integrations_drift.scan.env.syntax import skip_ws
from integrations_drift.scan.env.tables import Ident, Leaf, Table

_CALL_HEAD = re.compile(r"(?P<fn>[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(")
_WORD_BEFORE = re.compile(r"[A-Za-z_$][\w$.:]*!?$")
_EXPR_BEFORE = re.compile(r"[A-Za-z_$][\w$]*(?:\s*(?:\.|::|->)\s*[A-Za-z_$][\w$]*)*$")


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
    found = st.masked.innermost_open(pos, max(0, pos - 20_000))
    return found if found >= 0 else None


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
