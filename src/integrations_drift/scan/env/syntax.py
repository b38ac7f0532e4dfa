"""Per-language string and call syntax, and reading one string literal (with interpolation).

Works on ``Masked.code`` (comments already blanked). Only as much syntax as needed to tell a
literal name (``"X"``) from a dynamic one (``f"X_{n}"``, ``"X_" + n``) from a parameter (``name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from integrations_drift.scan import budget

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
UPPER_NAME = re.compile(r"_*[A-Z][A-Z0-9_]*")
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
    member: re.Pattern[str] = field(default=re.compile(r"\s*(?:\?\.|\.|::|->)\s*"))  # `a.b`, `A::B`
    formatter: re.Pattern[str] | None = None  # a call whose first argument is a format string
    postfix_format: re.Pattern[str] | None = None  # `"{}_X".format(n)`, `"%s_X" % n` after a literal


@dataclass(frozen=True, slots=True)
class StringLit:
    value: str  # the text up to the first interpolation (or the whole content)
    value_pos: int
    interpolated: bool
    end: int  # just after the closing quote


def read_string(code: str, pos: int, syn: Syntax) -> StringLit | None:
    budget.check()
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
    postfix_format=re.compile(r"\s*(?:\.\s*format\s*\(|%(?!=)\s*)"),
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
    formatter=re.compile(r"fmt\s*\.\s*Sprintf\s*\("),
)
RUBY = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[\"'])"),
    quote_chars="\"'",
    interpolations=((re.compile(r"\""), ("#{",)),),
    concat=_PLUS,
    ident=re.compile(r"[a-z_]\w*"),
    formatter=re.compile(r"(?<![\w.])(?:format|sprintf)\s*\("),
)
JAVA = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>\"\"\"|\")"),
    quote_chars="\"'",
    concat=_PLUS,
    ident=_WORD,
    formatter=re.compile(r"(?<![\w.])String\s*\.\s*format\s*\("),
)
KOTLIN = replace(JAVA, interpolations=((_ANY, ("${", "$")),))
RUST = Syntax(
    string_open=re.compile(r"(?P<p>r#*|b)?(?P<q>\")"),
    quote_chars='"',
    raw_prefix=re.compile(r"^r"),
    ident=_WORD,
    formatter=re.compile(r"(?<![\w:])format!\s*\("),
)
CSHARP = Syntax(
    string_open=re.compile(r"(?P<p>\$@|@\$|\$|@)?(?P<q>\"\"\"|\")"),
    quote_chars="\"'",
    interpolations=((re.compile(r"^\$|^@\$"), ("{",)),),
    raw_prefix=re.compile(r"@"),
    concat=_PLUS,
    ident=_WORD,
    doubled_brace_escape=True,
    formatter=re.compile(r"(?<![\w.])(?:System\s*\.\s*)?[Ss]tring\s*\.\s*Format\s*\("),
)
PHP = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>[\"'])"),
    quote_chars="\"'",
    interpolations=((re.compile(r"\""), ("{$", "$")),),
    concat=re.compile(r"\s*\.(?![.=\d])"),
    ident=re.compile(r"\$[A-Za-z_]\w*"),
    member=re.compile(r"\s*(?:::|->|\?->)\s*"),
    formatter=re.compile(r"(?<![\w$>:])sprintf\s*\("),
)
ELIXIR = Syntax(
    string_open=re.compile(r"(?P<p>)(?P<q>\"\"\"|'''|\"|')"),
    quote_chars="\"'",
    interpolations=((_ANY, ("#{",)),),
    concat=re.compile(r"\s*<>"),  # "X_" <> suffix
    ident=re.compile(r"[a-z_]\w*"),
)
