"""Shell scripts: ``$X`` / ``${X}`` / ``${X:-d}`` reads of UPPER_CASE variables the script has
not assigned itself by then (so they come from the environment): a read counts when it comes
before the script's first assignment of the name, or in that assignment's value
(``PUID=${PUID:-0}``, ``export X="${X:-d}"``).

Assignments that make a name local: ``X=``, ``export/local/readonly/declare X=``, ``local X``,
``read [-opts] X Y``, ``for X in``, ``select X in``, ``getopts spec X``, ``mapfile/readarray X``.
``${X:-d}``, ``${X-d}``, ``${X:=d}``, ``${X=d}``, ``${X:+alt}`` tolerate an unset variable (has
a default); ``${X:?msg}`` requires it. Bodies of here-documents with a quoted delimiter are
literal text and skipped.

A function body runs when it is called, usually after the top-level code that follows its
definition: a read inside one is the script's own value when the script assigns the name anywhere
(``QDRANT_PID=$!`` after ``_term() { kill "$QDRANT_PID"; }``).

Indirect expansion ``${!var}`` reads the variables ``var`` holds: the words of a ``for var in``
loop (or of the array it walks), or the value of its assignment, which may add a suffix
(``envFile="${secret}_FILE"`` reads the ``<NAME>_FILE`` twins); ``${!APP_*}`` reads the APP_ family.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env import frameworks, fw_data
from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import option_list, prefilter
from integrations_drift.scan.env.pipeline import no_finish
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import PYTHON, UPPER_NAME, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "shell"
FAMILY: Family = "shell"
PREFILTER = fw_data.with_prefilter(NAME, prefilter(NAME))

_BUILTINS = frozenset(option_list(NAME, "builtins"))
_READ = re.compile(
    r"(?<!\\)\$(?:\{(?P<len>#)?(?P<b>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-=+?])?|(?P<n>[A-Za-z_][A-Za-z0-9_]*))"
)
_CMD = r"(?:^|[;&|({]|\bthen\b|\bdo\b|\belse\b|\bif\b|\bwhile\b|\buntil\b)\s*"
_ASSIGN = re.compile(
    rf"{_CMD}(?:(?:export|local|readonly|declare|typeset)(?:\s+-\w+)*\s+)?(?P<name>[A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=",
    re.M,
)
_DECLARE_LIST = re.compile(
    rf"{_CMD}(?:local|declare|typeset|readonly)(?:\s+-\w+)*((?:\s+[A-Za-z_]\w*(?:=\S*)?)+)", re.M
)
# Every bare word of a read command may be a target; option arguments are rarely UPPER_CASE words.
_READ_CMD = re.compile(rf"{_CMD}(?:read|mapfile|readarray)\b([^;&|<\n]*)", re.M)
_LOOP = re.compile(r"\b(?:for|select)\s+([A-Za-z_]\w*)\s+in\b|\bgetopts\s+\S+\s+([A-Za-z_]\w*)")
_HEREDOC = re.compile(r"<<-?\s*(?:'(\w+)'|\"(\w+)\"|\\(\w+))[^\n]*\n")
_DEFAULT_OPS = frozenset({":-", "-", ":=", "=", ":+", "+"})


def syntax_for(path: str) -> Syntax:
    return PYTHON  # unused: shell reads are not name arguments of calls


def functions(code: str, path: str) -> list[FuncDef]:
    return []


def _value_end(code: str, pos: int) -> int:
    """End of the shell word starting at ``pos`` (an assignment's value): the first unquoted blank,
    ``;``, ``&``, ``|`` or line break outside ``${...}`` / ``$(...)`` / quotes."""
    depth = 0
    quote = ""
    i = pos
    n = len(code)
    while i < n:
        c = code[i]
        if c == "\\":
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            elif quote == '"' and c == "$" and code.startswith(("${", "$("), i):
                depth += 1
                i += 2
                continue
            elif quote == '"' and depth and c in "})":
                depth -= 1
        elif c in "'\"`":
            quote = c
        elif c == "$" and code.startswith(("${", "$("), i):
            depth += 1
            i += 2
            continue
        elif depth and c in "})":
            depth -= 1
        elif depth and c in "({":
            depth += 1
        elif not depth and (c.isspace() or c in ";&|)"):
            return i
        i += 1
    return n


def _assigned(code: str) -> dict[str, int]:
    """Each name the script assigns, with the position from which the script's own value counts:
    the end of its first assignment. Reads before that point (including the assigned value itself,
    as in ``X=${X:-d}``) see the inherited environment."""
    first: dict[str, int] = {}

    def note(name: str, pos: int) -> None:
        if pos < first.get(name, len(code) + 1):
            first[name] = pos

    for m in _ASSIGN.finditer(code):
        note(m.group("name"), _value_end(code, m.end()))
    for m in _DECLARE_LIST.finditer(code):
        for d in re.finditer(r"([A-Za-z_]\w*)(=\S*)?", m.group(1)):
            note(d.group(1), m.start(1) + d.end())
    for m in _READ_CMD.finditer(code):
        for w in re.finditer(r"(?<![-\w$])[A-Za-z_]\w*", m.group(1)):
            note(w.group(), m.end())
    for m in _LOOP.finditer(code):
        note(m.group(1) or m.group(2), m.end())
    return first


_FUNC_HEAD = re.compile(
    r"^[ \t]*(?:function[ \t]+[A-Za-z_][\w-]*(?:[ \t]*\(\s*\))?|[A-Za-z_][\w-]*[ \t]*\(\s*\))\s*\{", re.M
)


def _function_bodies(masked: Masked) -> list[tuple[int, int]]:
    """The bodies of the script's top-level functions, by brace count outside strings."""
    code = masked.code
    out: list[tuple[int, int]] = []
    pos = 0
    while (m := _FUNC_HEAD.search(code, pos)) is not None:
        depth, i = 1, m.end()
        while i < len(code) and depth:
            c = code[i]
            if (c == "{" or c == "}") and not masked.in_string(i):
                depth += 1 if c == "{" else -1
            i += 1
        out.append((m.end(), i))
        pos = max(i, m.end())
    return out


def _literal_heredocs(code: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _HEREDOC.finditer(code):
        tag = m.group(1) or m.group(2) or m.group(3)
        end = re.compile(rf"^\s*{re.escape(tag)}\s*$", re.M).search(code, m.end())
        out.append((m.end(), end.start() if end else len(code)))
    return out


# Indirect expansion: `${!name}` reads the variable whose name `name` holds; `${!APP_*}` lists the
# variables starting with APP_.
_INDIRECT = re.compile(r"(?<!\\)\$\{!(?P<v>[A-Za-z_]\w*)(?P<family>[*@])?\}")
_ARRAY = re.compile(
    rf"{_CMD}(?:(?:local|declare|typeset|readonly)(?:\s+-\w+)*\s+)?(?P<name>[A-Za-z_]\w*)=\(", re.M
)
_FOR = re.compile(r"\bfor\s+(?P<v>[A-Za-z_]\w*)\s+in\s+(?P<words>[^;\n]*)")
_SHELL_WORD = re.compile(r"""'([^'\n]*)'|"((?:\\.|[^"\\\n])*)"|([^\s;'"]+)""")
_VAR_REF = re.compile(r"\$\{?(?P<v>[A-Za-z_]\w*)(?P<all>\[[@*]\])?\}?")
_TWINS = ("_FILE",)
_MAX_DEPTH = 3


def _words(text: str) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        for m in _SHELL_WORD.finditer(text)
    ]


def _array_end(code: str, pos: int) -> int:
    """The position of the `)` closing an array assignment opened just before ``pos``."""
    quote = ""
    i = pos
    while i < len(code):
        c = code[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == ")":
            return i
        i += 1
    return len(code)


class _Indirect:
    """The names a variable holds where ``${!var}`` expands it: from a ``for var in …`` loop
    (over words or an array), or from its assignment (``envFile="${secret}_FILE"``)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.loops = [(m.start(), m.group("v"), m.group("words")) for m in _FOR.finditer(code)]
        self.assigns = [(m.start("name"), m.group("name"), m.end()) for m in _ASSIGN.finditer(code)]
        self.arrays = {m.group("name"): (m.start("name"), m.end()) for m in _ARRAY.finditer(code)}

    def names(self, var: str, at: int, tail: str = "", depth: int = 0) -> list[tuple[str, str]]:
        """(name, base) pairs: ``base`` is the name a ``_FILE`` twin stands for."""
        if depth > _MAX_DEPTH:
            return []
        loop = max(((p, w) for p, v, w in self.loops if v == var and p < at), default=None)
        assign = max(((p, e) for p, n, e in self.assigns if n == var and p < at), default=None)
        if loop is not None and (assign is None or loop[0] > assign[0]):
            return [
                (w + tail, w if tail in _TWINS else "")
                for w in self._loop_words(loop[1])
                if UPPER_NAME.fullmatch(w)
            ]
        if assign is None:
            return []
        value = "".join(_words(self.code[assign[1] : _value_end(self.code, assign[1])]))
        ref = _VAR_REF.match(value)
        if ref is not None and not ref.group("all") and re.fullmatch(r"[A-Za-z0-9_]*", value[ref.end() :]):
            return self.names(ref.group("v"), assign[0], value[ref.end() :] + tail, depth + 1)
        return [(value + tail, value if tail in _TWINS else "")] if UPPER_NAME.fullmatch(value) else []

    def _loop_words(self, text: str) -> list[str]:
        out: list[str] = []
        for w in _words(text):
            ref = _VAR_REF.fullmatch(w)
            if ref is not None and ref.group("v") in self.arrays:
                _, start = self.arrays[ref.group("v")]
                out.extend(_words(self.code[start : _array_end(self.code, start)]))
            elif ref is None:
                out.append(w)
        return out


def _indirect_reads(sf: SourceFile, masked: Masked, skipped: list[tuple[int, int]]) -> list[EnvRef]:
    code = masked.code
    refs: list[EnvRef] = []
    resolver: _Indirect | None = None
    for m in _INDIRECT.finditer(code):
        if masked.in_string(m.start()) or any(s <= m.start() < e for s, e in skipped):
            continue
        if m.group("family"):
            if UPPER_NAME.fullmatch(m.group("v")):
                refs.append(
                    make_ref(sf, masked, m.group("v"), m.start("v"), NAME, has_default=True, is_prefix=True)
                )
            continue
        resolver = resolver or _Indirect(code)
        for name, base in resolver.names(m.group("v"), m.start()):
            refs.append(make_ref(sf, masked, name, m.start("v"), NAME, has_default=bool(base), twin_of=base))
    return refs


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    code = masked.code
    assigned = _assigned(code)
    skipped = _literal_heredocs(code)
    bodies = _function_bodies(masked) if "(" in code or "function" in code else []
    body = 0
    refs: list[EnvRef] = []
    for m in _READ.finditer(code):
        name = m.group("b") or m.group("n")
        if not UPPER_NAME.fullmatch(name) or name in _BUILTINS:
            continue
        if m.start() >= assigned.get(name, len(code) + 1):
            continue
        while body < len(bodies) and bodies[body][1] <= m.start():
            body += 1
        if name in assigned and body < len(bodies) and bodies[body][0] <= m.start():
            continue
        if masked.in_string(m.start()) or any(s <= m.start() < e for s, e in skipped):
            continue
        pos = m.start("b") if m.group("b") else m.start("n")
        refs.append(make_ref(sf, masked, name, pos, NAME, has_default=m.group("op") in _DEFAULT_OPS))
    if "${!" in code:
        refs.extend(_indirect_reads(sf, masked, skipped))
    refs.extend(frameworks.file_reads(NAME, PYTHON, sf, masked, ctx.frameworks))
    return refs


finish = no_finish
