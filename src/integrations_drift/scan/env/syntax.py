"""Reading one argument of a call: string literals (with interpolation), argument lists, names.

Works on ``Masked.code`` (comments already blanked). Only as much syntax as needed to tell a
literal name (``"X"``) from a dynamic one (``f"X_{n}"``, ``"X_" + n``) from a parameter (``name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UPPER_NAME = re.compile(r"_*[A-Z][A-Z0-9_]*")
_HEAD = re.compile(r"[A-Za-z0-9_]*")
_WS = re.compile(r"\s*")
_SCAN_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class Syntax:
    """The string and call syntax of one language, as far as name arguments need it."""

    string_open: re.Pattern[str]  # groups: p (prefix letters), q (opening quote)
    quote_chars: str  # characters that open a string when skipping over an argument
    # (prefix-or-quote test, markers): a literal whose prefix/quote passes the test interpolates at
    # the markers; a marker ending in "{" opens a nested expression.
    interpolations: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()
    raw_prefix: re.Pattern[str] | None = None  # prefixes without backslash escapes
    raw_quotes: str = ""
    concat: re.Pattern[str] | None = None  # after a literal: the name continues dynamically
    ident: re.Pattern[str] = field(default=re.compile(r"[A-Za-z_$][\w$]*"))
    doubled_brace_escape: bool = False  # "{{" is a literal brace (Python f-strings, C#)


@dataclass(frozen=True, slots=True)
class StringLit:
    value: str  # the text up to the first interpolation (or the whole content)
    value_pos: int
    interpolated: bool
    end: int  # just after the closing quote


def read_string(code: str, pos: int, syn: Syntax) -> StringLit | None:
    m = syn.string_open.match(code, pos)
    if not m:
        return None
    prefix, quote = m.group("p") or "", m.group("q")
    start = m.end()
    close = quote
    if prefix.startswith("r") and "#" in prefix:  # Rust raw string r#"..."#
        close = '"' + "#" * prefix.count("#")
    raw = quote in syn.raw_quotes or bool(syn.raw_prefix and syn.raw_prefix.search(prefix))
    markers: tuple[str, ...] = ()
    for test, ms in syn.interpolations:
        if test.search(prefix + quote):
            markers = ms
            break
    cut: int | None = None
    depth = 0
    i = start
    limit = min(len(code), start + _SCAN_LIMIT)
    while i < limit:
        c = code[i]
        if depth:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            i += 1
            continue
        if code.startswith(close, i):
            value_end = cut if cut is not None else i
            return StringLit(code[start:value_end], start, cut is not None, i + len(close))
        if c == "\\" and not raw:
            i += 2
            continue
        if markers:
            if syn.doubled_brace_escape and code.startswith("{{", i):
                i += 2
                continue
            hit = next((mk for mk in markers if code.startswith(mk, i)), None)
            if hit is not None:
                if cut is None:
                    cut = i
                i += len(hit)
                if hit.endswith("{"):
                    depth = 1
                continue
        i += 1
    return None


def plain_string(code: str, pos: int, syn: Syntax) -> tuple[str, int] | None:
    """(value, value position) of the literal at ``pos`` when it does not interpolate."""
    lit = read_string(code, pos, syn)
    return (lit.value, lit.value_pos) if lit is not None and not lit.interpolated else None


def skip_ws(code: str, pos: int) -> int:
    m = _WS.match(code, pos)
    return m.end() if m else pos


def split_args(code: str, pos: int, closer: str, syn: Syntax) -> tuple[list[tuple[int, int]], int] | None:
    """Split the arguments from ``pos`` (just inside the bracket) to the matching ``closer``.

    Returns the non-empty argument spans and the position after the closer, or None when the
    bracket is not closed within reach.
    """
    depth = 0
    start = i = pos
    spans: list[tuple[int, int]] = []
    limit = min(len(code), pos + _SCAN_LIMIT)
    while i < limit:
        c = code[i]
        if c in syn.quote_chars:
            lit = read_string(code, i, syn)
            i = lit.end if lit else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if c != closer:
                    return None
                spans.append((start, i))
                return [s for s in spans if code[s[0] : s[1]].strip()], i + 1
            depth -= 1
        elif c == "," and depth == 0:
            spans.append((start, i))
            start = i + 1
        i += 1
    return None


def match_bracket(code: str, open_pos: int, syn: Syntax) -> int:
    """Position just after the bracket matching ``code[open_pos]`` (or the end of the text)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    closer = pairs[code[open_pos]]
    found = split_args(code, open_pos + 1, closer, syn)
    if found is not None:
        return found[1]
    # Long bodies: count brackets only, skipping strings.
    depth = 0
    i = open_pos
    n = len(code)
    while i < n:
        c = code[i]
        if c in syn.quote_chars:
            lit = read_string(code, i, syn)
            i = lit.end if lit else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


@dataclass(frozen=True, slots=True)
class NameArg:
    """The first argument of a read: a literal name, a literal prefix, or a parameter identifier."""

    kind: str  # "name" | "prefix" | "param"
    text: str
    pos: int


def name_arg(code: str, pos: int, syn: Syntax) -> NameArg | None:
    i = skip_ws(code, pos)
    lit = read_string(code, i, syn)
    if lit is not None:
        concat = syn.concat.match(code, lit.end) if syn.concat else None
        if not lit.interpolated and concat is None:
            return NameArg("name", lit.value, lit.value_pos) if NAME.fullmatch(lit.value) else None
        head_m = _HEAD.match(lit.value)
        head = head_m.group() if head_m else ""
        rest = lit.value[len(head) :]
        if not head or head[0].isdigit() or (rest and rest[0] not in "%{$#"):
            return None
        return NameArg("prefix", head, lit.value_pos)
    m = syn.ident.match(code, i)
    if m and re.match(r"\s*[,)\]]", code[m.end() : m.end() + 64]):
        return NameArg("param", m.group().lstrip("$"), m.start())
    return None


def kwarg_present(code: str, spans: list[tuple[int, int]], names: tuple[str, ...]) -> bool:
    if not names:
        return False
    pat = re.compile(rf"\s*(?:{'|'.join(map(re.escape, names))})\s*[=:](?!=)")
    return any(pat.match(code, s) for s, _ in spans)


# --- the languages' syntaxes -------------------------------------------------------------------

_ANY = re.compile("")
_WORD = re.compile(r"[A-Za-z_]\w*")  # identifiers without JS's `$`
_PLUS = re.compile(r"\s*\+(?!\+)")  # "X_" + n

PYTHON = Syntax(
    string_open=re.compile(r"(?P<p>[rRbBuUfF]{0,2})(?P<q>\"\"\"|'''|\"|')"),
    quote_chars="\"'",
    interpolations=((re.compile(r"[fF]"), ("{",)),),
    raw_prefix=re.compile(r"[rR]"),
    concat=re.compile(r"\s*(?:\+|%(?!=)|\.\s*format\s*\()"),
    ident=_WORD,
    doubled_brace_escape=True,
)
JS = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[`'\"])"),
    quote_chars="`'\"",
    interpolations=((re.compile(r"`"), ("${",)),),
    concat=_PLUS,
)
GO = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[`\"])"),
    quote_chars="`\"'",
    raw_quotes="`",
    concat=_PLUS,
    ident=_WORD,
)
RUBY = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[\"'])"),
    quote_chars="\"'",
    interpolations=((re.compile(r"\""), ("#{",)),),
    concat=_PLUS,
    ident=re.compile(r"[a-z_]\w*"),
)
JAVA = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>\"\"\"|\")"),
    quote_chars="\"'",
    concat=_PLUS,
    ident=_WORD,
)
KOTLIN = replace(JAVA, interpolations=((_ANY, ("${", "$")),))
RUST = Syntax(
    string_open=re.compile(r"(?P<p>r#*|b)?(?P<q>\")"),
    quote_chars='"',
    raw_prefix=re.compile(r"^r"),
    ident=_WORD,
)
CSHARP = Syntax(
    string_open=re.compile(r"(?P<p>\$@|@\$|\$|@)?(?P<q>\"\"\"|\")"),
    quote_chars="\"'",
    interpolations=((re.compile(r"^\$|^@\$"), ("{",)),),
    raw_prefix=re.compile(r"@"),
    concat=_PLUS,
    ident=_WORD,
    doubled_brace_escape=True,
)
PHP = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[\"'])"),
    quote_chars="\"'",
    interpolations=((re.compile(r"\""), ("{$", "$")),),
    concat=re.compile(r"\s*\.(?![.=\d])"),
    ident=re.compile(r"\$[A-Za-z_]\w*"),
)
ELIXIR = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>\"\"\"|'''|\"|')"),
    quote_chars="\"'",
    interpolations=((_ANY, ("#{",)),),
    concat=re.compile(r"\s*<>"),  # "X_" <> suffix
    ident=re.compile(r"[a-z_]\w*"),
)
