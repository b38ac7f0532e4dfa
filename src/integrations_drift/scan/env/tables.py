"""Literal tables of names: lists, maps, tuples and records written in the code.

``parse`` reads a collection literal (``["A", "B"]``, ``{"A": 1}``, ``[{name: "A"}]``,
``[]string{"A"}``, ``%w[A B]``, ``mapOf("A" to 1)``, ``Map.of("A", 1)``) into a small tree of
string leaves and collections; ``pick`` walks the tree the way a loop over the table binds its
variables (keys, values, elements, tuple items, record fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import expr_at, split_args
from integrations_drift.scan.env.resolve_words import resolve_words
from integrations_drift.scan.env.syntax import Syntax, read_string, skip_ws
from integrations_drift.scan.vocabulary import any_word, code_words

_CLOSERS = {"[": "]", "{": "}", "(": ")"}
# Word lists: Ruby %w[A B] / %i[...], Elixir ~w(A B)
_RUBY_WORDS = lazy(r"(?:%[wWiI]|~[wW])(?P<open>[\[({<])")
# A key in front of its value: `"A": v`, `A: v`, `'A' => v`, `"A" to v`, `["A"] = v`, `A = v`.
_KEY_SEP = lazy(r"\s*(?::(?!:)|=>|\bto\b|=(?![=>]))\s*")
_BARE_KEY = lazy(r"\$?[A-Za-z_][\w$]*")
_SUBSCRIPT_CLOSE = lazy(r"\s*\]")
# A record built by a call or a typed literal inside a table: Var("A", default=1), Var{Name: "A"}.
_TYPED_OPEN = lazy(r"(?:new\s+)?[A-Za-z_][\w.:]*(?:<[^<>\n]{0,80}>)?\s*(?=[({])")
_MAX_DEPTH = 4
_MAX_ITEMS = 2_000


# A Go element type after `map[K]` or `[]`: `string`, `*pkg.T`, `func(string)`, `struct{}`.
_GO_TYPE = r"(?:[\w.*\[\]]|\([^()\n]{0,80}\)|\{\s*\})"


@cache
def _constructor() -> re.Pattern[str]:
    """Type or constructor in front of a literal's bracket: `[]string{`, `map[string]string{`,
    `new Set([`, `frozenset({`, `vec![`, `&[`, `new[] {`, `new string[] {`, `List.of(`."""
    words = (*code_words().walks.collection_constructors, *resolve_words().constructors)
    return re.compile(
        r"(?:&\s*(?:'static\s*)?)?"
        r"(?:(?P<type>map\[[^\]\n]{0,80}\]" + _GO_TYPE + r"*|\[\d*\]" + _GO_TYPE + r"+|new\s*\[\s*\]|vec!)\s*"
        r"|(?P<call>new\s+[\w.]+(?:<[^<>\n]{0,80}>)?\s*(?:\[\s*\]\s*)?"
        rf"|{any_word(tuple(sorted(set(words), key=len, reverse=True)))})\s*"
        r")?"
    )


_ALTERNATING = lazy(r"\bMap\s*\.\s*of$")


@dataclass(frozen=True, slots=True)
class Leaf:
    """A string literal of a table."""

    value: str
    pos: int


@dataclass(frozen=True, slots=True)
class Ident:
    """An identifier in a table (``[DB_KEY, REDIS_KEY]``): a constant to resolve where it is written."""

    expr: str
    pos: int


@dataclass(slots=True)
class Table:
    """A collection literal: its items in order, each with its key when written as a pair."""

    items: list[tuple[str | None, Node]] = field(default_factory=list)
    key_positions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_map(self) -> bool:
        return any(k is not None for k, _ in self.items)

    def keys(self) -> list[Node]:
        return [Leaf(k, p) for k, p in self.key_positions]

    def values(self) -> list[Node]:
        return [v for _, v in self.items]

    def member(self, name: str) -> Node:
        if name.isdigit():
            i = int(name)
            return self.items[i][1] if i < len(self.items) and self.items[i][0] is None else None
        return next((v for k, v in self.items if k == name), None)


Node = Leaf | Ident | Table | None


def open_bracket(code: str, pos: int) -> tuple[int, bool] | None:
    """The bracket of a collection literal starting at ``pos`` (after any constructor or type),
    and whether its items alternate key and value."""
    i = skip_ws(code, pos)
    r = _RUBY_WORDS.match(code, i)
    if r is not None:
        return r.start("open"), False
    m = _constructor().match(code, i)
    j = m.end() if m else i
    if j >= len(code) or code[j] not in _CLOSERS:
        return None
    if m is not None and m.group("call") and code[j] == "(":
        k = skip_ws(code, j + 1)
        if k < len(code) and code[k] in "[{":  # new Set([...]), frozenset({...})
            return k, False
        return j, bool(_ALTERNATING.search(m.group("call").rstrip()))
    return j, False


def parse(code: str, open_pos: int, syn: Syntax, alternating: bool = False, depth: int = 0) -> Table | None:
    """The collection whose bracket is at ``open_pos``."""
    if depth > _MAX_DEPTH:
        return None
    if open_pos >= 2 and code[open_pos - 2 : open_pos] in _WORD_LIST_OPENERS:
        return _ruby_words(code, open_pos)
    closer = _CLOSERS.get(code[open_pos])
    if closer is None:
        return None
    split = split_args(code, open_pos + 1, closer, syn)
    if split is None:
        return None
    table = Table()
    spans = split[0][:_MAX_ITEMS]
    if alternating:
        for (ks, _), (vs, ve) in zip(spans[::2], spans[1::2], strict=False):
            lit = read_string(code, skip_ws(code, ks), syn)
            if lit is not None and not lit.interpolated:
                table.items.append((lit.value, _node(code, vs, ve, syn, depth)))
                table.key_positions.append((lit.value, lit.value_pos))
        return table
    for s, e in spans:
        key, key_pos, value_at = _key(code, s, e, syn)
        table.items.append((key, _node(code, value_at, e, syn, depth)))
        if key is not None:
            table.key_positions.append((key, key_pos))
    return table


_WORD_LIST_OPENERS = frozenset({"%w", "%W", "%i", "%I", "~w", "~W"})


def _ruby_words(code: str, open_pos: int) -> Table:
    closer = {"[": "]", "(": ")", "{": "}", "<": ">"}[code[open_pos]]
    end = code.find(closer, open_pos + 1)
    body_end = end if end >= 0 else len(code)
    table = Table()
    for w in re.finditer(r"\S+", code[open_pos + 1 : body_end]):
        table.items.append((None, Leaf(w.group(), open_pos + 1 + w.start())))
    return table


def _key(code: str, s: int, e: int, syn: Syntax) -> tuple[str | None, int, int]:
    """The key of a pair item (``"A": v``, ``A: v``, ``'A' => v``, ``["A"] = v``), its position
    and where its value starts; (None, -1, start) for a plain item."""
    i = skip_ws(code, s)
    subscript = code.startswith("[", i)
    j = skip_ws(code, i + 1) if subscript else i
    lit = read_string(code, j, syn)
    if lit is not None and not lit.interpolated:
        k, k_pos, after = lit.value, lit.value_pos, lit.end
    else:
        m = _BARE_KEY.match(code, j)
        if m is None:
            return None, -1, s
        k, k_pos, after = m.group().lstrip("$"), m.start(), m.end()
    if subscript:
        close = _SUBSCRIPT_CLOSE.match(code, after)
        if close is None:
            return None, -1, s
        after = close.end()
    sep = _KEY_SEP.match(code, after)
    if sep is None or sep.end() > e:
        return None, -1, s
    return k, k_pos, sep.end()


def _node(code: str, s: int, e: int, syn: Syntax, depth: int) -> Node:
    i = skip_ws(code, s)
    rest = code[i:e].rstrip()
    lit = read_string(code, i, syn)
    if lit is not None:
        if lit.interpolated or code[lit.end : e].strip() not in ("", ".freeze"):
            return None
        return Leaf(lit.value, lit.value_pos)
    found = open_bracket(code, i)
    if found is None:
        typed = _TYPED_OPEN.match(code, i)
        if typed is not None:
            found = (typed.end(), False)
        else:
            ident = expr_at(code, i, syn)
            if ident is not None and ident[1] - i == len(rest):
                return Ident(ident[0], i)
            return None
    if found[0] >= e:
        return None
    return parse(code, found[0], syn, found[1], depth + 1)


def pick(
    table: Table, mode: str, index: int, count: int, pairs_are_index: bool, single_values: bool
) -> list[Node]:
    """The nodes a loop binds to its ``index``-th of ``count`` positional variables.

    ``mode`` comes from how the table is iterated (``.keys()``, ``Object.entries``, ``enumerate``);
    ``pairs_are_index``: two variables over a list are (index, element) in this loop form (Go
    ``range``, PHP ``as $i => $v``) rather than a destructured tuple; ``single_values``: one
    variable over a map binds the values (PHP ``foreach``) rather than the keys."""
    if table.is_map:
        if mode == "keys":
            return table.keys() if count == 1 or index == 0 else []
        if mode == "values":
            return table.values() if count == 1 or index == 1 else []
        if count == 1:
            return table.values() if single_values and mode == "elements" else table.keys()
        return table.keys() if index == 0 else table.values() if index == 1 else []
    if mode == "keys":
        return []
    if count == 1:
        return table.values()
    if mode in ("entries", "indexed") or pairs_are_index:
        return table.values() if index == 1 else []
    return [v.member(str(index)) if isinstance(v, Table) else None for v in table.values()]


def follow(nodes: list[Node], path: list[str]) -> list[Leaf | Ident]:
    """The leaves (literals, identifiers) reached from ``nodes`` through record fields / tuple
    items ``path``."""
    out: list[Leaf | Ident] = []
    for node in nodes:
        for step in path:
            node = node.member(step) if isinstance(node, Table) else None
        if isinstance(node, (Leaf, Ident)):
            out.append(node)
    return out


def walk_leaves(table: Table) -> list[Leaf | Ident]:
    """The names an environment walk compares its keys with: a map's keys, else every literal of
    a list (also inside its tuples and records) and the constants it holds."""
    if table.is_map:
        return [Leaf(k, p) for k, p in table.key_positions]
    out: list[Leaf | Ident] = []
    stack: list[Node] = list(table.values())
    while stack:
        node = stack.pop()
        if isinstance(node, (Leaf, Ident)):
            out.append(node)
        elif isinstance(node, Table):
            stack.extend(node.values())
    return sorted(out, key=lambda n: n.pos)
