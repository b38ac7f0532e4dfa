"""Shell scripts: ``$X`` / ``${X}`` / ``${X:-d}`` reads of UPPER_CASE variables the script has
not assigned itself by then (so they come from the environment): a read counts when it comes
before the script's first assignment of the name, or in that assignment's value
(``PUID=${PUID:-0}``, ``export X="${X:-d}"``).

Assignments that make a name local: ``X=``, ``export/local/readonly/declare X=``, ``local X``,
``read [-opts] X Y``, ``for X in``, ``select X in``, ``getopts spec X``, ``mapfile/readarray X``.
``${X:-d}``, ``${X-d}``, ``${X:=d}``, ``${X=d}``, ``${X:+alt}`` tolerate an unset variable (has
a default); ``${X:?msg}`` requires it. Bodies of here-documents with a quoted delimiter are
literal text and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from integrations_drift.scan.env.context import ScanContext
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.patterns import option_list, prefilter
from integrations_drift.scan.env.pipeline import no_finish
from integrations_drift.scan.env.reads import make_ref
from integrations_drift.scan.env.syntax import PYTHON, UPPER_NAME, Syntax
from integrations_drift.scan.types import EnvRef, SourceFile

NAME = "shell"
EXTENSIONS = frozenset({".sh", ".bash", ".zsh", ".ksh"})
FILENAMES: frozenset[str] = frozenset()
FAMILY: Family = "shell"
PREFILTER = prefilter(NAME)

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


def _literal_heredocs(code: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _HEREDOC.finditer(code):
        tag = m.group(1) or m.group(2) or m.group(3)
        end = re.compile(rf"^\s*{re.escape(tag)}\s*$", re.M).search(code, m.end())
        out.append((m.end(), end.start() if end else len(code)))
    return out


def scan(sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]:
    code = masked.code
    assigned = _assigned(code)
    skipped = _literal_heredocs(code)
    refs: list[EnvRef] = []
    for m in _READ.finditer(code):
        name = m.group("b") or m.group("n")
        if not UPPER_NAME.fullmatch(name) or name in _BUILTINS:
            continue
        if m.start() >= assigned.get(name, len(code) + 1):
            continue
        if masked.in_string(m.start()) or any(s <= m.start() < e for s, e in skipped):
            continue
        pos = m.start("b") if m.group("b") else m.start("n")
        refs.append(make_ref(sf, masked, name, pos, NAME, has_default=m.group("op") in _DEFAULT_OPS))
    return refs


finish = no_finish
