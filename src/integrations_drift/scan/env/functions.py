"""Function definitions (name, parameters, body extent), as far as wrapper and env-walk detection
need them: which function encloses a read, and which of its parameters carries the name.

Headers are found with one regex per language; bodies end at the matching brace, at the end of
an indented block (Python), at the ``end`` aligned with ``def`` (Ruby), or at the end of the
expression (arrow functions, ``= expr`` bodies).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from integrations_drift.lazy_re import LazyPattern, lazy
from integrations_drift.scan.env.call_args import match_bracket, split_args
from integrations_drift.scan.env.syntax import Syntax, read_string, skip_ws


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    has_default: bool
    empty_default: bool = False  # the default is "no value" (None, nil, null, undefined)
    default_word: str = ""  # a default that is a literal word (`prefix="APP"`): the word


@dataclass(frozen=True, slots=True)
class FuncDef:
    name: str
    params: tuple[Param, ...]
    start: int  # the header
    body_start: int
    body_end: int
    private: bool = False  # callable only inside its own file (Elixir defp)
    params_at: int = -1  # the parameter list's `(` (brace languages)

    def param_index(self, ident: str) -> int | None:
        return next((i for i, p in enumerate(self.params) if p.name == ident), None)


def innermost(funcs: list[FuncDef], pos: int) -> FuncDef | None:
    """The function whose body holds ``pos`` and starts last (of two starting there, the later
    in ``funcs``)."""
    if len(funcs) <= _SCAN_FEW:
        best: FuncDef | None = None
        for f in funcs:
            if f.body_start <= pos < f.body_end and (best is None or f.body_start >= best.body_start):
                best = f
        return best
    return _nesting(funcs).innermost(pos)


# Up to this many functions a walk over all of them is cheapest; past it, every read of a file
# asking for its function would make the file's reads times its functions.
_SCAN_FEW = 16


class _Nesting:
    """The bodies by start, each with the body it was opened inside: the bodies holding a
    position are the last body starting at or before it and the ones it was opened inside, so a
    lookup walks the depth of the nesting, not the file."""

    def __init__(self, funcs: list[FuncDef]) -> None:
        self.funcs = funcs
        self.order = sorted(funcs, key=lambda f: f.body_start)  # stable: ties keep their order
        self.starts = [f.body_start for f in self.order]
        self.parent: list[int] = []
        open_bodies: list[int] = []
        for i, f in enumerate(self.order):
            while open_bodies and self.order[open_bodies[-1]].body_end <= f.body_start:
                open_bodies.pop()
            self.parent.append(open_bodies[-1] if open_bodies else -1)
            open_bodies.append(i)

    def innermost(self, pos: int) -> FuncDef | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        while i >= 0 and self.order[i].body_end <= pos:
            i = self.parent[i]
        return self.order[i] if i >= 0 else None


# The files being resolved (a file's list of functions is made once and never changed); a few,
# since one file's reads may look into another's.
_NESTINGS: list[_Nesting] = []
_NESTINGS_KEPT = 4


def _nesting(funcs: list[FuncDef]) -> _Nesting:
    for n in _NESTINGS:
        if n.funcs is funcs and len(n.order) == len(funcs):
            return n
    made = _Nesting(funcs)
    _NESTINGS.insert(0, made)
    del _NESTINGS[_NESTINGS_KEPT:]
    return made


# Words that look like a call before `(` but never name a function.
_KEYWORDS = frozenset(
    "if for while switch catch return new else throw case do try typeof await yield function"
    " synchronized foreach elseif using lock fixed sizeof nameof when match loop unsafe".split()
)
_IDENT = lazy(r"[A-Za-z_$][\w$]*")
_SELF = frozenset({"self", "cls", "&self", "&mut self", "mut self", "this"})


_NO_VALUE = frozenset({"none", "nil", "null", "undefined"})


_WORD_LITERAL = lazy(r"""(["'])(\w+)\1""")


def _param(text: str, style: str) -> Param | None:
    t = re.sub(r"@\w+(?:\([^)]*\))?", " ", text).strip()
    if not t or (t.startswith(("*", "&", "{", "[")) and style != "rust"):
        return None
    default = "=" in re.sub(r"=>|==|[<>!]=", "", t)
    head, _, value = (part.strip() for part in t.partition("="))
    empty = default and value.lower() in _NO_VALUE
    if style == "php":
        m = re.search(r"\$(\w+)", head)
        return Param(m.group(1), default, empty) if m else None
    if style == "rust":
        name = head.split(":", 1)[0].strip()
        name = re.sub(r"^(?:&\s*)?(?:mut\s+)?", "", name)
        return None if name in _SELF or not _IDENT.fullmatch(name) else Param(name, False)
    if style in ("python", "js", "ruby", "go"):
        if style == "ruby" and re.match(r"\w+:", head):
            return None  # keyword argument: not positional
        head = head.removeprefix("...")
        if style == "js":  # a TypeScript parameter property: `private readonly env: Env`
            head = re.sub(r"^(?:(?:public|private|protected|readonly|override)\s+)+", "", head)
        m = _IDENT.match(head)
        if not m or m.group() in _SELF:
            return None
        optional = style == "js" and head[m.end() :].lstrip().startswith("?")
        word = _WORD_LITERAL.fullmatch(value) if default else None
        return Param(
            m.group(), default or optional, empty or (optional and not default), word.group(2) if word else ""
        )
    # JVM / C#: "final String key", Kotlin "key: String".
    if ":" in head:
        m = _IDENT.search(re.sub(r"^\s*(?:val|var|vararg)\s+", "", head.split(":", 1)[0]))
    else:
        words = _IDENT.findall(head)
        m = _IDENT.match(words[-1]) if words else None
    return Param(m.group(), default) if m else None


def _params(code: str, open_paren: int, syn: Syntax, style: str) -> tuple[tuple[Param, ...], int] | None:
    found = split_args(code, open_paren + 1, ")", syn)
    if found is None:
        return None
    spans, end = found
    out: list[Param] = []
    for text in _joined_generics(code, spans) if style == "js" else (code[s:e] for s, e in spans):
        p = _param(text, style)
        if p is not None:
            out.append(p)
    return tuple(out), end


def _joined_generics(code: str, spans: list[tuple[int, int]]) -> list[str]:
    """TypeScript parameters, the commas of a generic type (``Record<string, string>``) rejoined."""
    out: list[str] = []
    open_angles = 0
    for s, e in spans:
        text = code[s:e]
        if open_angles > 0 and out:
            out[-1] += "," + text
        else:
            out.append(text)
        open_angles = max(0, open_angles + text.count("<") - text.count(">") + text.count("=>"))
    return out


def expression_end(code: str, pos: int, syn: Syntax) -> int:
    """End of an expression body: a `;` or `,` or unmatched closer at depth 0, or a line break
    after content when the next line does not continue the expression."""
    depth = 0
    i = pos
    n = len(code)
    seen = False
    while i < n:
        c = code[i]
        if c in syn.quote_chars:
            lit = read_string(code, i, syn)
            i = lit.end if lit else i + 1
            seen = True
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ";,":
            return i
        elif depth == 0 and c == "\n" and seen:
            nxt = code[skip_ws(code, i) : skip_ws(code, i) + 1]
            if nxt not in tuple(".?:|&+-*/") or not nxt:
                return i
        if not c.isspace():
            seen = True
        i += 1
    return n


def _brace_or_expr(code: str, pos: int, syn: Syntax, expr_arrows: tuple[str, ...]) -> tuple[int, int] | None:
    """Body after a parameter list: skip a return type / throws clause up to `{` or an arrow."""
    i = pos
    n = len(code)
    limit = min(n, pos + 400)
    while i < limit:
        c = code[i]
        if c == "{":
            return i + 1, match_bracket(code, i, syn)
        if c == ";":
            return None
        for arrow in expr_arrows:
            if code.startswith(arrow, i) and not code.startswith("==", i):
                j = skip_ws(code, i + len(arrow))
                if j < n and code[j] == "{":
                    return j + 1, match_bracket(code, j, syn)
                return j, expression_end(code, j, syn)
        if c == "(":
            i = match_bracket(code, i, syn)
            continue
        i += 1
    return None


@dataclass(frozen=True, slots=True)
class BraceLanguage:
    """Header regexes (each ending at the parameter list's `(`, with a `name` group) and the body
    forms the language allows after the parameters."""

    headers: re.Pattern[str]
    style: str
    arrows: tuple[str, ...] = ()


def brace_functions(code: str, lang: BraceLanguage, syn: Syntax) -> list[FuncDef]:
    out: list[FuncDef] = []
    for m in lang.headers.finditer(code):
        name = next((v for k, v in m.groupdict().items() if k.startswith("name") and v), None)
        if not name or name in _KEYWORDS:
            continue
        single = m.groupdict().get("single")
        if single:  # JS `x => ...` without parentheses
            params: tuple[Param, ...] = (Param(single, False),)
            after = m.end()
            arrows: tuple[str, ...] = ("=>",)
        else:
            parsed = _params(code, m.end() - 1, syn, lang.style)
            if parsed is None:
                continue
            params, after = parsed
            arrows = lang.arrows
        body = _brace_or_expr(code, after, syn, arrows)
        if body is None:
            continue
        opened = -1 if single else m.end() - 1
        out.append(FuncDef(name, params, m.start(), body[0], body[1], params_at=opened))
    return out


def _line_starts(code: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", code))]


def _indent_block_end(code: str, starts: list[int], header_line: int, indent: int, ruby_end: bool) -> int:
    for ln in range(header_line + 1, len(starts)):
        s = starts[ln]
        e = starts[ln + 1] - 1 if ln + 1 < len(starts) else len(code)
        line = code[s:e]
        stripped = line.lstrip()
        if not stripped:
            continue
        ind = len(line) - len(stripped)
        if ind <= indent:
            if ruby_end and ind == indent and re.match(r"end\b", stripped):
                return e
            return s
    return len(code)


_PY_DEF = lazy(r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(", re.M)
_PY_LAMBDA = lazy(r"^[ \t]*(\w+)[ \t]*=[ \t]*lambda\b([^:\n]*):", re.M)


def python_functions(code: str, syn: Syntax) -> list[FuncDef]:
    starts = _line_starts(code)
    out: list[FuncDef] = []
    for m in _PY_DEF.finditer(code):
        parsed = _params(code, m.end() - 1, syn, "python")
        if parsed is None:
            continue
        params, after = parsed
        colon = code.find(":", after)
        if colon < 0:
            continue
        line = bisect.bisect_right(starts, colon) - 1
        end = _indent_block_end(code, starts, line, len(m.group(1).expandtabs()), False)
        out.append(FuncDef(m.group(2), params, m.start(), colon + 1, end))
    for m in _PY_LAMBDA.finditer(code):
        params = tuple(p for p in (_param(t, "python") for t in m.group(2).split(",")) if p)
        out.append(FuncDef(m.group(1), params, m.start(), m.end(), expression_end(code, m.end(), syn)))
    return out


_RB_DEF = lazy(r"^([ \t]*)def[ \t]+(?:self\.)?(\w+[?!]?)(?:[ \t]*\(([^)]*)\)|[ \t]+([^\n=;]*))?", re.M)


# A lambda held by a local variable, called `f.call("X")` / `f.("X")`: `f = ->(k) { ENV[k] }`,
# `f = lambda { |k| ENV[k] }`, Elixir `f = fn k -> System.get_env(k) end`. Its body is the rest
# of its line, or the indented block up to its `end`.
_RB_LAMBDA = lazy(
    r"^([ \t]*)(\w+)[ \t]*=[ \t]*(?:->[ \t]*\(([^()\n]*)\)|->[ \t]*(\w+)|(?:lambda|proc)[ \t]*"
    r"(?:\{|do)[ \t]*\|([^|\n]*)\|)",
    re.M,
)
_EX_LAMBDA = lazy(
    r"^([ \t]*)([a-z_]\w*)[ \t]*=[ \t]*fn[ \t]+([a-z_]\w*(?:[ \t]*,[ \t]*[a-z_]\w*)*)[ \t]*->", re.M
)


def _lambdas(code: str, pattern: re.Pattern[str] | LazyPattern[str], style: str) -> list[FuncDef]:
    starts: list[int] | None = None
    out: list[FuncDef] = []
    for m in pattern.finditer(code):
        raw = next((g for g in m.groups()[2:] if g is not None), "")
        params = tuple(p for p in (_param(t, style) for t in raw.split(",")) if p)
        eol = code.find("\n", m.end())
        eol = len(code) if eol < 0 else eol
        end = eol
        if not re.search(r"\bend\b|\}", code[m.end() : eol]):
            starts = starts if starts is not None else _line_starts(code)
            line = bisect.bisect_right(starts, m.start()) - 1
            end = _indent_block_end(code, starts, line, len(m.group(1).expandtabs()), True)
        out.append(FuncDef(m.group(2), params, m.start(), m.end(), end, private=True))
    return out


def ruby_functions(code: str) -> list[FuncDef]:
    starts = _line_starts(code)
    out: list[FuncDef] = _lambdas(code, _RB_LAMBDA, "ruby") if "->" in code or "lambda" in code else []
    for m in _RB_DEF.finditer(code):
        raw = m.group(3) if m.group(3) is not None else (m.group(4) or "")
        params = tuple(p for p in (_param(t, "ruby") for t in raw.split(",")) if p)
        rest = code[m.end() : code.find("\n", m.end()) if "\n" in code[m.end() :] else len(code)]
        endless = re.match(r"\s*=(?!=)", rest)
        if endless:
            body_start = m.end() + endless.end()
            out.append(FuncDef(m.group(2), params, m.start(), body_start, m.end() + len(rest)))
            continue
        line = bisect.bisect_right(starts, m.start()) - 1
        end = _indent_block_end(code, starts, line, len(m.group(1).expandtabs()), True)
        out.append(FuncDef(m.group(2), params, m.start(), m.end(), end))
    return out


_EX_DEF = lazy(r"^([ \t]*)def(p|macrop?)?[ \t]+([a-z_]\w*[?!]?)([ \t]*\()?", re.M)
_EX_DO = lazy(r",\s*do:|\bdo\b(?!:)")
_EX_NEXT_DEF = lazy(r"\n[ \t]*def")  # a bodiless head (defaults only) ends before the next def
_EX_PARAM = lazy(r"\s*([a-z_]\w*)\s*(\\\\)?[\s\S]*")


def _elixir_param(text: str) -> Param:
    """A parameter that is a plain variable (``name``, ``opts \\\\ []``); a pattern (``nil``,
    ``%{} = m``, ``"x"``) keeps its place under an empty name, so indexes stay right."""
    m = _EX_PARAM.fullmatch(text)
    if m is None or m.group(1) in ("nil", "true", "false", "when"):
        return Param("", False)
    rest = text[m.end(1) :].strip()
    if rest and not rest.startswith("\\\\"):
        return Param("", False)
    default = text[m.end(2) :].strip() if m.group(2) else ""
    return Param(m.group(1), m.group(2) is not None, default == "nil")


def elixir_functions(code: str, syn: Syntax) -> list[FuncDef]:
    """``def``/``defp``/``defmacro`` with a ``do ... end`` block (ending at the ``end`` aligned with
    the header, as ``mix format`` lays code out) or a ``, do:`` expression."""
    starts = _line_starts(code)
    out: list[FuncDef] = _lambdas(code, _EX_LAMBDA, "ruby") if "fn " in code else []
    for m in _EX_DEF.finditer(code):
        after = m.end()
        name, private = m.group(3), (m.group(2) or "").endswith("p")
        params: tuple[Param, ...] = ()
        if m.group(4):
            found = split_args(code, after, ")", syn)
            if found is None:
                continue
            params = tuple(_elixir_param(code[s:e]) for s, e in found[0])
            after = found[1]
        limit = min(len(code), after + 400)
        nxt = _EX_NEXT_DEF.search(code, after, limit)
        do = _EX_DO.search(code, after, nxt.start() if nxt else limit)
        if do is None:
            continue
        if do.group().startswith(","):
            body_start = skip_ws(code, do.end())
            body_end = expression_end(code, body_start, syn)
            out.append(FuncDef(name, params, m.start(), body_start, body_end, private))
            continue
        line = bisect.bisect_right(starts, m.start()) - 1
        end = _indent_block_end(code, starts, line, len(m.group(1).expandtabs()), True)
        out.append(FuncDef(name, params, m.start(), do.end(), end, private))
    return out


_ID = r"[A-Za-z_$][\w$]*"
# Type parameters, one level of nesting: <K extends keyof Env>, <T extends Record<string, V>>.
_TPARAMS = r"<(?:[^<>()]|<[^<>()]*>)*>"

JS_FUNCTIONS = BraceLanguage(
    headers=re.compile(
        rf"\bfunction\b\s*\*?\s*(?P<name1>{_ID})\s*(?:{_TPARAMS})?\s*\("
        rf"|\b(?:const|let|var)\s+(?P<name2>{_ID})\s*(?::[^=;\n]*)?=\s*(?:async\s+)?(?:function\b\s*\*?\s*(?:{_ID})?\s*)?(?:{_TPARAMS})?\s*\("
        rf"|\b(?:const|let|var)\s+(?P<name3>{_ID})\s*=\s*(?:async\s+)?(?P<single>{_ID})\s*(?==>)"
        rf"|(?<![\w$.])(?P<name4>{_ID})\s*:\s*(?:async\s+)?(?:function\b\s*)?\("
        rf"|^[ \t]*(?:(?:export|public|private|protected|static|async|override|readonly)\s+)*"
        rf"(?P<name5>{_ID})\s*(?:{_TPARAMS})?\s*\((?=[^()]*\)\s*(?::[^{{;]*)?\{{)"
        # an anonymous default export, named for it: `export default (env) => …`,
        # `module.exports = function (env)`
        rf"|\b(?:export\s+(?P<name6>default)|module\s*\.\s*(?P<name7>exports)\s*=)\s*(?:async\s+)?(?:function\b\s*\*?\s*)?\(",
        re.M,
    ),
    style="js",
    arrows=("=>",),
)

GO_FUNCTIONS = BraceLanguage(
    headers=re.compile(
        r"\bfunc\s*(?:\([^)]*\)\s*)?(?P<name1>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\("
        r"|\b(?P<name2>[A-Za-z_]\w*)\s*:?=\s*func\s*\("
    ),
    style="go",
)

JVM_FUNCTIONS = BraceLanguage(
    headers=re.compile(
        r"\bfun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(?P<name1>[A-Za-z_]\w*)\s*\("
        r"|(?<![\w.])(?!(?:return|new|else|throw|case)\b)[\w$]+(?:<[^>()]*>)?(?:\[\])*\??\s+(?P<name2>[A-Za-z_]\w*)\s*\("
    ),
    style="jvm",
    arrows=("=>", "="),
)

RUST_FUNCTIONS = BraceLanguage(
    headers=re.compile(r"\bfn\s+(?P<name1>[A-Za-z_]\w*)\s*(?:<[^>]*>)?\s*\("),
    style="rust",
)

PHP_FUNCTIONS = BraceLanguage(
    headers=re.compile(r"\bfunction\s+&?\s*(?P<name1>[A-Za-z_]\w*)\s*\("),
    style="php",
)

CSHARP_FUNCTIONS = BraceLanguage(
    headers=re.compile(
        r"(?<![\w.])(?!(?:return|new|else|throw|case|await)\b)[\w$]+(?:<[^>()]*>)?(?:\[\])*\??\s+(?P<name1>[A-Za-z_]\w*)\s*\("
    ),
    style="jvm",
    arrows=("=>",),
)
