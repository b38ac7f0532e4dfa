"""A small lexer that tells code from comments and string literals, per language family.

The env-read patterns run on ``Masked.code``: comments are blanked (newlines kept, so offsets and
line numbers still match the file) and string literals are kept but recorded in ``string_spans``,
so a pattern that starts inside a string ("call os.getenv('X') first") is recognised as prose.
Strings that interpolate code (JS template literals, Ruby ``"#{...}"``, Python f-strings, shell
double quotes) are treated as code, since an env read inside them is real.

One compiled regex per family walks comments and strings only; the regex engine skips code in C,
so this stays a single cheap pass over each file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from integrations_drift.lazy_re import lazy

Family = Literal["python", "clike", "jslike", "go", "rust", "ruby", "elixir", "shell", "php", "hash", "none"]

# A quote right after a backslash opens no literal (outside a literal it is an escaped character):
# without that rule a line of `"\"\"\"…` that never closes was tried from every quote, each
# attempt reading to the end of the line, and one 200 kB line took minutes.
_DQ = r'(?<!\\)"(?:\\.|[^"\\\n])*"'
_SQ = r"(?<!\\)'(?:\\.|[^'\\\n])*'"
_BLOCK = r"/\*[\s\S]*?(?:\*/|\Z)"
_LINE = r"//[^\n]*"
_HASH_LINE = r"#[^\n]*"


def _delimited(close: str) -> str:
    """The rest of a literal up to ``close`` (backslash escapes and newlines allowed), or to the end
    of the text when it never closes: every attempt succeeds, so the pass stays linear."""
    c = re.escape(close)
    return rf"(?:\\.|[^{c}\\])*(?:{c}|\Z)"


# Elixir: strings, charlists and heredocs may span lines; sigils take eight delimiters (upper-case
# sigils may have longer names); ``?"`` and ``?#`` are character literals, not a quote or a comment.
_EX_HEREDOC = r"\"\"\"[\s\S]*?(?:\"\"\"|\Z)|'''[\s\S]*?(?:'''|\Z)"
_EX_SIGIL_BODY = "|".join(
    re.escape(o) + _delimited(c) for o, c in ('""', "''", "()", "[]", "{}", "<>", "//", "||")
)
_EX_LITERAL = (
    rf"~(?:[a-z]|[A-Z][A-Z0-9]*)(?:{_EX_HEREDOC}|{_EX_SIGIL_BODY})[a-zA-Z]*"
    rf"|{_EX_HEREDOC}|\"{_delimited(chr(34))}|'{_delimited(chr(39))}"
    r"|(?<![\w!?])\?(?:\\.|[^\\\s])"
)

# Each pattern has exactly two groups: (comment) | (string).
_FAMILY_RE: dict[str, re.Pattern[str]] = {
    "python": re.compile(
        rf"({_HASH_LINE})|((?:\b[rRbBuUfF]{{1,2}})?(?:\"\"\"[\s\S]*?(?:\"\"\"|\Z)|'''[\s\S]*?(?:'''|\Z)|{_DQ}|{_SQ}))"
    ),
    # Java, Kotlin, C#, Scala, Groovy, Swift, C: text blocks and verbatim strings included.
    "clike": re.compile(
        rf"({_LINE}|{_BLOCK})|(\"\"\"[\s\S]*?(?:\"\"\"|\Z)|\$?@\"(?:\"\"|[^\"])*\"|\$?{_DQ}|{_SQ})"
    ),
    # JavaScript/TypeScript: template literals stay code (they interpolate); see _mask_js.
    "jslike": re.compile(rf"({_LINE}|{_BLOCK})|({_DQ}|{_SQ})"),
    "go": re.compile(rf"({_LINE}|{_BLOCK})|(`[^`]*`|{_DQ}|{_SQ})"),
    "rust": re.compile(rf"({_LINE}|{_BLOCK})|(r#*\"[\s\S]*?\"#*|{_DQ})"),
    "ruby": re.compile(
        rf"((?:^|(?<=\s))#[^{{\n][^\n]*|(?:^|(?<=\s))#$|^=begin[\s\S]*?^=end)|({_DQ}|{_SQ})", re.M
    ),
    "elixir": re.compile(rf"({_HASH_LINE})|({_EX_LITERAL})"),
    # Shell: a comment starts a word; double quotes expand variables, so only single quotes are strings.
    "shell": re.compile(r"((?:^|(?<=[\s;]))#[^\n]*)|('[^']*')", re.M),
    "php": re.compile(rf"({_LINE}|{_BLOCK}|(?:^|(?<=\s))#(?!\[)[^\n]*)|({_DQ}|{_SQ})", re.M),
    # YAML, TOML, .properties, .env, Dockerfile: '#' comments at line start or after whitespace.
    "hash": re.compile(r"((?:^|(?<=\s))#[^\n]*)|(\Z\A)", re.M),
}

_INTERPOLATING = {
    "python": re.compile(r"^[rRbBuU]?[fF]|^[fF][rR]"),
    "ruby": re.compile(r'^".*#\{', re.S),
    "clike": re.compile(r"^\$\""),  # C# $"..." interpolation
    # Elixir: strings, charlists, heredocs and lower-case sigils interpolate ``#{...}``.
    "elixir": re.compile(r"^(?:[\"']|~[a-z]).*#\{", re.S),
}


@dataclass(frozen=True, slots=True)
class Masked:
    code: str
    string_spans: tuple[tuple[int, int], ...]
    _starts: tuple[int, ...]
    _newlines: tuple[int, ...]

    def in_string(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self.string_spans[i][0] <= pos < self.string_spans[i][1]

    def string_start(self, pos: int) -> int:
        """The start of the string literal containing ``pos``, else -1."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.string_spans[i][0] if i >= 0 and pos < self.string_spans[i][1] else -1

    def innermost_open(self, pos: int, stop: int) -> int:
        """The innermost bracket left open at ``pos``, scanning backwards over code (not strings)
        no further than ``stop``; -1 when there is none within reach."""
        code, depth, i = self.code, 0, pos
        while i >= stop:
            inside = self.string_start(i)
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
        return -1

    def spans_between(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """The string literals that start within [start, end)."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return self.string_spans[i:j]

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self._newlines, pos - 1) + 1 if pos > 0 else 1


def _newline_offsets(text: str) -> tuple[int, ...]:
    offsets = list(accumulate(len(line) + 1 for line in text.split("\n")))
    return tuple(o - 1 for o in offsets[:-1])


# Only literals starting with one of these characters can interpolate (prefix letters, C# "$",
# Ruby double quotes): the regex test is skipped for all others.
_INTERP_FIRST = {
    "python": frozenset("rRbBuUfF"),
    "ruby": frozenset('"'),
    "clike": frozenset("$"),
    "elixir": frozenset("\"'~"),
}
_NOT_NEWLINE = lazy(r"[^\n]")


# JavaScript template literals: their text is neither code nor a comment (`https://${host}` holds no
# `//` comment, `it's ${x}` no quote), their `${...}` interpolations are code, to any depth.
_JS_TOP = lazy(rf"({_LINE}|{_BLOCK})|({_DQ}|{_SQ})|(`)")
_JS_INTERP = lazy(rf"({_LINE}|{_BLOCK})|({_DQ}|{_SQ})|(`)|([{{}}])")
# possessive: the text is read once, and a lone backslash at the end still ends it
_JS_TEMPLATE_TEXT = lazy(r"(?:[^`\\$]++|\\[\s\S]|\$(?!\{))*+(`|\$\{|\\?\Z)")


def _mask_js(text: str) -> Masked:
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    depths: list[int] = []  # per open interpolation: the braces opened inside it
    last = pos = 0
    n = len(text)

    def template_text(at: int) -> int:
        t = _JS_TEMPLATE_TEXT.match(text, at)
        assert t is not None  # every part is optional: it always matches
        if t.group(1) == "${":
            depths.append(0)
        return t.end()

    while pos < n:
        m = (_JS_INTERP if depths else _JS_TOP).search(text, pos)
        if m is None:
            break
        if m.group(1) is not None:
            pieces.append(text[last : m.start()])
            comment = m.group(1)
            pieces.append(_NOT_NEWLINE.sub(" ", comment) if "\n" in comment else " " * len(comment))
            last = pos = m.end()
        elif m.group(2) is not None:
            spans.append((m.start(), m.end()))
            pos = m.end()
        elif m.group(3) is not None:
            pos = template_text(m.end())
        elif m.group(4) == "{":
            depths[-1] += 1
            pos = m.end()
        elif depths[-1] > 0:
            depths[-1] -= 1
            pos = m.end()
        else:  # the interpolation's own `}`: back to the template's text
            depths.pop()
            pos = template_text(m.end())
    pieces.append(text[last:])
    return Masked("".join(pieces), tuple(spans), tuple(s for s, _ in spans), _newline_offsets(text))


def mask(text: str, family: Family) -> Masked:
    """Blank the comments of ``text`` and record where its string literals are."""
    if family == "jslike":
        return _mask_js(text)
    pattern = _FAMILY_RE.get(family)
    if pattern is None:
        return Masked(text, (), (), _newline_offsets(text))
    interp = _INTERPOLATING.get(family)
    first = _INTERP_FIRST.get(family, frozenset())
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for m in pattern.finditer(text):
        if m.group(1) is not None:
            pieces.append(text[last : m.start()])
            comment = m.group(1)
            nl = "\n" in comment
            pieces.append(_NOT_NEWLINE.sub(" ", comment) if nl else " " * len(comment))
            last = m.end()
        elif m.group(2):
            lit = m.group(2)
            if interp is not None and lit[0] in first and interp.search(lit):
                continue
            spans.append((m.start(), m.end()))
    pieces.append(text[last:])
    code = "".join(pieces)
    return Masked(code, tuple(spans), tuple(s for s, _ in spans), _newline_offsets(text))
