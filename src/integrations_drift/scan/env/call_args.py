"""Reading one argument of a call: argument lists, matching brackets, and the name argument.

Works on ``Masked.code`` (comments already blanked). Only as much syntax as needed to tell a
literal name (``"X"``) from a dynamic one (``f"X_{n}"``, ``"X_" + n``) from a parameter (``name``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from integrations_drift.scan import budget
from integrations_drift.scan.env.resolve_words import resolve_words
from integrations_drift.scan.env.syntax import (
    _SCAN_LIMIT,
    NAME,
    StringLit,
    Syntax,
    read_string,
    skip_ws,
)

_HEAD = re.compile(r"[A-Za-z0-9_]*")


def split_args(code: str, pos: int, closer: str, syn: Syntax) -> tuple[list[tuple[int, int]], int] | None:
    """Split the arguments from ``pos`` (just inside the bracket) to the matching ``closer``.

    Returns the non-empty argument spans and the position after the closer, or None when the
    bracket is not closed within reach.
    """
    table = _table(code, syn) if pos > 0 and code[pos - 1] in "([{" else None
    entry = table.get(pos - 1) if table is not None else None
    if entry is None:  # not an opener the file's one pass saw as code: walk from here
        found = _walk_brackets(code, pos, min(len(code), pos + _SCAN_LIMIT), syn, closer)
    else:
        close, commas = entry
        if close < 0 or close >= pos + _SCAN_LIMIT or code[close] != closer:
            return None
        bounds = [pos - 1, *commas, close]
        found = [(bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)], close + 1
    if found is None:
        return None
    spans, end = found
    return [s for s in spans if _NON_SPACE.search(code, s[0], s[1])], end


def match_bracket(code: str, open_pos: int, syn: Syntax) -> int:
    """Position just after the bracket matching ``code[open_pos]`` (or the end of the text)."""
    entry = _table(code, syn).get(open_pos)
    if entry is not None:
        return entry[0] + 1 if entry[0] >= 0 else len(code)
    pairs = {"(": ")", "[": "]", "{": "}"}
    found = split_args(code, open_pos + 1, pairs[code[open_pos]], syn)
    if found is not None:
        return found[1]
    # Long bodies (or mismatched closers): count brackets only, to the end of the text.
    whole = _walk_brackets(code, open_pos + 1, len(code), syn, None)
    return whole[1] if whole is not None else len(code)


def _walk_brackets(
    code: str, pos: int, limit: int, syn: Syntax, closer: str | None
) -> tuple[list[tuple[int, int]], int] | None:
    """One pass from ``pos`` to the bracket that closes at depth 0, skipping string literals: the
    top-level comma-separated spans and the position after that bracket. With ``closer`` a
    different closing bracket there is a mismatch (None); without, any closing bracket ends it."""
    depth = 0
    start = i = pos
    spans: list[tuple[int, int]] = []
    while i < limit:
        budget.check()
        c = code[i]
        if c in syn.quote_chars and not _escaped(code, i):
            lit = read_string(code, i, syn)
            i = lit.end if lit else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if closer is not None and c != closer:
                    return None
                spans.append((start, i))
                return spans, i + 1
            depth -= 1
        elif c == "," and depth == 0:
            spans.append((start, i))
            start = i + 1
        i += 1
    return None


def _escaped(code: str, i: int) -> bool:
    """A quote after a backslash opens no literal, as in the lexer: a line of ``"\\"\\"…`` that never
    closes would otherwise be read from every quote to the scan limit."""
    return i > 0 and code[i - 1] == "\\"


_NON_SPACE = re.compile(r"\S")
# Per text: opener position -> (position of the bracket closing it or -1, its top-level commas).
_BracketTable = dict[int, tuple[int, list[int]]]
_TABLES: OrderedDict[tuple[int, int], tuple[str, _BracketTable]] = OrderedDict()
_TABLES_KEPT = 8
_INTERESTING: dict[str, re.Pattern[str]] = {}


def _table(code: str, syn: Syntax) -> _BracketTable:
    """The bracket table of ``code``, made by one pass and kept for the few texts in use, so each
    call's arguments cost their own length and not a walk over the rest of the file."""
    key = (id(code), id(syn))
    kept = _TABLES.get(key)
    if kept is not None and kept[0] is code:
        _TABLES.move_to_end(key)
        return kept[1]
    table = _build_table(code, syn)
    _TABLES[key] = (code, table)
    if len(_TABLES) > _TABLES_KEPT:
        _TABLES.popitem(last=False)
    return table


def _build_table(code: str, syn: Syntax) -> _BracketTable:
    """One walk over ``code`` skipping string literals as ``_walk_brackets`` does: a closing
    bracket closes the innermost open one whatever its kind (the walk counts depth only)."""
    pattern = _INTERESTING.get(syn.quote_chars)
    if pattern is None:
        pattern = re.compile("[" + re.escape("()[]{}," + syn.quote_chars) + "]")
        _INTERESTING[syn.quote_chars] = pattern
    table: _BracketTable = {}
    stack: list[tuple[int, list[int]]] = []
    i, n = 0, len(code)
    while i < n:
        budget.check()
        m = pattern.search(code, i)
        if m is None:
            break
        i = m.start()
        c = code[i]
        if c in syn.quote_chars and not _escaped(code, i):
            lit = read_string(code, i, syn)
            i = lit.end if lit else i + 1
            continue
        if c in "([{":
            stack.append((i, []))
        elif c == ",":
            if stack:
                stack[-1][1].append(i)
        elif stack:
            opened, commas = stack.pop()
            table[opened] = (i, commas)
        i += 1
    for opened, commas in stack:
        table[opened] = (-1, commas)
    return table


@dataclass(frozen=True, slots=True)
class NameArg:
    """The name argument of a read: a literal name, a literal prefix, or an identifier expression.

    ``kind`` is "name" (``text`` is the name), "prefix" (``text`` is the literal head of a name
    built at run time), "param" (``text`` is a bare identifier: a parameter, a local, a constant
    or a loop variable) or "expr" (``text`` is a qualified identifier such as ``cfg.KEY`` or
    ``item.name``, segments joined with dots). A dynamic name made of one identifier between
    literal parts records them: ``ident`` is that identifier (the ``text`` itself for "param" and
    "expr"), ``head`` and ``tail`` the literal text around it (``f"{name}_FILE"``: tail ``_FILE``).
    """

    kind: str  # "name" | "prefix" | "param" | "expr"
    text: str
    pos: int
    ident: str = ""
    head: str = ""
    tail: str = ""
    # a constant whose value starts the name, before ``head`` (``f"{PREFIX}_{name}"``,
    # ``PREFIX + "_" + name``): the reader looks it up in the file before anything else
    lead: str = ""


_ARG_END = re.compile(r"\s*[,)\]]")
# The value of a constant or local ends its statement: a line break, `;`, `,` or a closer.
STATEMENT_END = re.compile(r"[ \t]*(?:\.\s*freeze\b|\bas\s+const\b|!)?[ \t]*(?:[;,)\]}\n]|$)")
_SEGMENT = re.compile(r"\$?[A-Za-z_][\w$]*")
_SUBSCRIPT = re.compile(r"\[\s*(?:(?P<i>\d+)|[\"'](?P<k>[A-Za-z_][\w$]*)[\"'])\s*\]")
_CALL = re.compile(r"\s*\(\s*\)")
_REF_PREFIX = re.compile(r"(?:[&*@]\s*)*")  # &key, *key, Elixir @attribute
# One placeholder of a format string: `{}`, `{0}`, `{key}`, `{key:>8}`, `%s`, `%v`.
_PLACEHOLDER = re.compile(r"\{(?P<n>\w*)(?::[^{}]*)?\}|%[sv]")


def expr_at(code: str, pos: int, syn: Syntax) -> tuple[str, int] | None:
    """An identifier expression at ``pos`` (``name``, ``cfg.KEY``, ``Keys::DB``, ``$this->key``,
    ``item["name"]``, ``&key``, ``key.as_str()``): its segments joined with dots (a call's
    segment keeps its ``()``), and the position after it."""
    i = _REF_PREFIX.match(code, pos).end()  # type: ignore[union-attr]
    m = _SEGMENT.match(code, i)
    if m is None:
        return None
    parts = [m.group().lstrip("$")]
    i = m.end()
    while True:
        call = _CALL.match(code, i)
        if call is not None:
            parts[-1] += "()"
            i = call.end()
        sub = _SUBSCRIPT.match(code, i)
        if sub is not None:
            parts.append(sub.group("i") or sub.group("k"))
            i = sub.end()
            continue
        sep = syn.member.match(code, i)
        if sep is None:
            break
        nxt = _SEGMENT.match(code, sep.end())
        if nxt is None:
            break
        parts.append(nxt.group().lstrip("$"))
        i = nxt.end()
    return ".".join(parts), i


def _ident_arg(expr: str, pos: int, head: str, tail: str, kind: str = "") -> NameArg:
    kind = kind or ("param" if "." not in expr and not expr.endswith(")") else "expr")
    return NameArg(kind, expr, pos, expr, head, tail)


_IDENT = re.compile(r"[A-Za-z_]\w*")
_LEAD = re.compile(r"\{([A-Za-z_]\w*)\}")


def _plain(expr: str) -> bool:
    """An identifier, or one upper-cased (``key.upper()``): a name a leading constant can go before."""
    _, _, call = expr.partition(".")
    return not call or (call.endswith("()") and "." not in call and call[:-2] in resolve_words().upper_case)


def _dynamic(head: str, expr: str | None, tail: str, pos: int) -> NameArg | None:
    """A name built from ``head`` + (the value of ``expr``) + ``tail``; ``head`` may start with
    ``{CONSTANT}``, the constant whose value leads the name."""
    lead = _LEAD.match(head)
    if lead is not None:
        rest = head[lead.end() :]
        if expr is None or not _plain(expr) or not NAME_CHARS.fullmatch(rest):
            return None
        return NameArg("param", expr, pos, expr, rest, tail, lead.group(1))
    if head and not NAME_CHARS.fullmatch(head):
        return None
    if expr is None:
        return NameArg("prefix", head, pos) if head and not head[0].isdigit() else None
    if not head:
        return _ident_arg(expr, pos, "", tail)
    if head[0].isdigit():
        return None
    return NameArg("prefix", head, pos, expr, head, tail)


NAME_CHARS = re.compile(r"[A-Za-z0-9_]*")


def _literal_tail(code: str, pos: int, syn: Syntax) -> tuple[str, int]:
    """``+ "_FILE"`` after an identifier: the literal and the position after it (else "" and pos)."""
    concat = syn.concat.match(code, pos) if syn.concat else None
    if concat is None:
        return "", pos
    lit = read_string(code, skip_ws(code, concat.end()), syn)
    if lit is None or lit.interpolated or not NAME_CHARS.fullmatch(lit.value):
        return "", pos
    return lit.value, lit.end


def template_parts(code: str, pos: int, syn: Syntax) -> tuple[str, str | None, str] | None:
    """(head, expression, tail) of an interpolating literal at ``pos`` with exactly one simple
    interpolated identifier expression (``f"{name}_FILE"``, `` `${k}_URL` ``, ``"#{name}_X"``);
    the expression is None when it is not a plain identifier expression."""
    m = syn.string_open.match(code, pos)
    if not m:
        return None
    prefix, quote = m.group("p") or "", m.group("q")
    markers = next((ms for test, ms in syn.interpolations if test.search(prefix + quote)), ())
    if not markers:
        return None
    start = i = m.end()
    limit = min(len(code), start + 2_000)
    pieces: list[str] = []
    exprs: list[str] = []
    lit_start = start
    while i < limit:
        if code.startswith(quote, i):
            pieces.append(code[lit_start:i])
            if len(exprs) == 2 and not pieces[0] and _IDENT.fullmatch(exprs[0]) and exprs[1]:
                return f"{{{exprs[0]}}}{pieces[1]}", exprs[1], pieces[2]
            if len(exprs) != 1:
                return None
            return pieces[0], exprs[0] or None, pieces[1]
        c = code[i]
        if c == "\\":
            i += 2
            continue
        if syn.doubled_brace_escape and code.startswith("{{", i):
            i += 2
            continue
        hit = next((mk for mk in markers if code.startswith(mk, i)), None)
        if hit is None:
            i += 1
            continue
        pieces.append(code[lit_start:i])
        j = i + len(hit)
        if hit.endswith("{"):
            close = code.find("}", j, limit)
            if close < 0:
                return None
            inner = code[j:close].strip()
            found = expr_at(inner, 0, syn)
            exprs.append(found[0] if found and found[1] == len(inner) else "")
            i = close + 1
        else:
            found = expr_at(code, j, syn) if code[j : j + 1].isalpha() or code[j : j + 1] == "_" else None
            if found is None:
                return None
            word = found[0].split(".", 1)[0]
            exprs.append(word)
            i = j + len(word)
            if hit.startswith("{"):  # PHP "{$name}"
                if not code.startswith("}", i):
                    return None
                i += 1
        lit_start = i
    return None


def _formatted(code: str, open_end: int, syn: Syntax, ends: re.Pattern[str], pos: int) -> NameArg | None:
    """``format!("{key}_FILE")``, ``fmt.Sprintf("%s_FILE", key)``: a format string with one
    placeholder, filled by an inline name or the next argument."""
    split = split_args(code, open_end, ")", syn)
    if split is None or not ends.match(code, split[1]) or not split[0]:
        return None
    spans, _ = split
    lit = read_string(code, skip_ws(code, spans[0][0]), syn)
    if lit is None or lit.interpolated:
        return None
    return _fill_format(code, lit, spans[1:], syn)


def _fill_format(code: str, lit: StringLit, args: list[tuple[int, int]], syn: Syntax) -> NameArg | None:
    holes = list(_PLACEHOLDER.finditer(lit.value))
    if len(holes) != 1:
        return None
    hole = holes[0]
    head, tail = lit.value[: hole.start()], lit.value[hole.end() :]
    inline = hole.groupdict().get("n") or ""
    expr: str | None = None
    if inline and not inline.isdigit():
        expr = inline
    elif len(args) == 1:
        found = expr_at(code, skip_ws(code, args[0][0]), syn)
        if found is not None and not code[found[1] : args[0][1]].strip():
            expr = found[0]
    if not NAME_CHARS.fullmatch(tail):
        return None
    return _dynamic(head, expr, tail, lit.value_pos)


def name_arg(code: str, pos: int, syn: Syntax, ends: re.Pattern[str] = _ARG_END) -> NameArg | None:
    i = skip_ws(code, pos)
    fm = syn.formatter.match(code, i) if syn.formatter else None
    if fm is not None:
        return _formatted(code, fm.end(), syn, ends, i)
    lit = read_string(code, i, syn)
    if lit is not None:
        concat = syn.concat.match(code, lit.end) if syn.concat else None
        if not lit.interpolated and concat is None:
            return NameArg("name", lit.value, lit.value_pos) if NAME.fullmatch(lit.value) else None
        if lit.interpolated and concat is None:
            parts = template_parts(code, i, syn)
            if parts is not None and ends.match(code, lit.end):
                head, expr, tail = parts
                if NAME_CHARS.fullmatch(tail):
                    return _dynamic(head, expr, tail, lit.value_pos)
        if concat is not None and not lit.interpolated:
            post = syn.postfix_format.match(code, lit.end) if syn.postfix_format else None
            if post is not None:
                if post.group().rstrip().endswith("("):
                    split = split_args(code, post.end(), ")", syn)
                    if split is not None and ends.match(code, split[1]):
                        return _fill_format(code, lit, split[0], syn)
                else:
                    found = expr_at(code, post.end(), syn)
                    if found is not None and ends.match(code, found[1]):
                        return _fill_format(code, lit, [(post.end(), found[1])], syn)
            else:
                found = expr_at(code, skip_ws(code, concat.end()), syn)
                if found is not None:
                    tail, end = _literal_tail(code, found[1], syn)
                    if ends.match(code, end):
                        return _dynamic(lit.value, found[0], tail, lit.value_pos)
        head_m = _HEAD.match(lit.value)
        head = head_m.group() if head_m else ""
        rest = lit.value[len(head) :]
        if not head or head[0].isdigit() or (rest and rest[0] not in "%{$#"):
            return None
        return NameArg("prefix", head, lit.value_pos)
    found = expr_at(code, i, syn)
    if found is not None:
        tail, end = _literal_tail(code, found[1], syn)
        if ends.match(code, end):
            return _ident_arg(found[0], i, "", tail)
        if _IDENT.fullmatch(found[0]):
            return _led(code, found[0], tail, end, i, syn, ends)
    return None


def _led(
    code: str, lead: str, head: str, pos: int, at: int, syn: Syntax, ends: re.Pattern[str]
) -> NameArg | None:
    """``PREFIX + "_" + name`` (``PREFIX + name``): a constant, an optional literal, an identifier."""
    concat = syn.concat.match(code, pos) if syn.concat else None
    if concat is None:
        return None
    found = expr_at(code, skip_ws(code, concat.end()), syn)
    if found is None or not _plain(found[0]):
        return None
    tail, end = _literal_tail(code, found[1], syn)
    return _dynamic(f"{{{lead}}}{head}", found[0], tail, at) if ends.match(code, end) else None


def kwarg_present(code: str, spans: list[tuple[int, int]], names: tuple[str, ...]) -> bool:
    if not names:
        return False
    pat = re.compile(rf"\s*(?:{'|'.join(map(re.escape, names))})\s*[=:](?!=)")
    return any(pat.match(code, s) for s, _ in spans)


_KEYWORD_ARG = re.compile(r"\s*[A-Za-z_]\w*\s*=(?![=>])")


def positional_count(code: str, spans: list[tuple[int, int]]) -> int:
    """How many arguments come before the first keyword argument (``name=value``): a keyword
    argument such as ``cast=bool`` is not the positional default."""
    for i, (s, _) in enumerate(spans):
        if _KEYWORD_ARG.match(code, s):
            return i
    return len(spans)
