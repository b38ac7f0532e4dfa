"""Running a language's fused read patterns over one masked file."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from integrations_drift.scan import budget
from integrations_drift.scan.env.call_args import (
    NameArg,
    kwarg_present,
    name_arg,
    positional_count,
    split_args,
)
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.patterns import CompiledReads
from integrations_drift.scan.env.syntax import NAME, UPPER_NAME, Syntax, skip_ws
from integrations_drift.scan.types import EnvRef, SourceFile

_ASSIGNMENT = re.compile(r"\s*=(?![=>~])")
HitKind = Literal["name", "prefix", "param", "expr"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One read: ``text`` is the variable name, its literal prefix, or (kinds "param" and "expr")
    the identifier expression passed as the name, resolved later (a parameter makes the enclosing
    function a wrapper; a constant, a local or a loop over a table gives the names). ``arg`` is
    the whole name argument of a call or subscript read; ``accepts`` tells whether a name the
    identifier resolves to is one this read pattern reports."""

    kind: HitKind
    text: str
    pos: int
    has_default: bool
    arg: NameArg | None = None
    upper_only: bool = False
    exclude: str | None = None
    assigned: bool = False  # `os.environ[KEY] = …`: a set, not a read
    compile_time: bool = False  # the compiler reads it while building: evidence, never a row
    # the identifier passed as the default (``os.getenv(name, default)``): inside a wrapper, the
    # default is the caller's only when the parameter has a value of its own
    default_ident: str = ""

    def accepts(self, name: str) -> bool:
        if self.upper_only and not UPPER_NAME.fullmatch(name):
            return False
        return self.exclude is None or re.fullmatch(self.exclude, name) is None

    @property
    def dynamic(self) -> bool:
        """Whether an identifier is part of the name (to be resolved)."""
        return self.arg is not None and bool(self.arg.ident)


def find_reads(masked: Masked, reads: CompiledReads, syn: Syntax, spans: list[tuple[int, int]]) -> list[Hit]:
    """Reads within ``spans`` (the windows around trigger words)."""
    if reads.regex is None:
        return []
    code = masked.code
    hits: list[Hit] = []
    matches = (m for s, e in spans for m in reads.regex.finditer(code, s, e))
    for m in matches:
        budget.check()
        outer = m.lastgroup
        if outer is None:
            continue
        pat = reads.patterns[outer]
        _, anchor = reads.group(m, outer, "anchor")
        if not pat.in_strings and masked.in_string(anchor if anchor >= 0 else m.start()):
            continue
        arg: NameArg | None = None
        default_ident = ""
        if pat.arg is None:
            name, pos = reads.group(m, outer, "name")
            if name is None or not NAME.fullmatch(name):
                continue
            dflt, _ = reads.group(m, outer, "default")
            kind: HitKind = "name"
            text = name
            has_default = pat.always_default or dflt is not None
            end = m.end()
        else:
            arg = name_arg(code, m.end(), syn)
            if arg is None:
                continue
            kind, text, pos = arg.kind, arg.text, arg.pos  # type: ignore[assignment]
            if pat.upper_only and kind in ("name", "prefix") and not UPPER_NAME.fullmatch(text):
                continue
            closer = ")" if pat.arg == "call" else "]"
            opened = code[m.end() - 1 : m.end()] in "(["
            split = split_args(code, m.end(), closer, syn) if opened else None
            spans, end = split if split else ([], skip_ws(code, m.end()))
            has_default = (
                pat.always_default
                or (pat.default_args is not None and positional_count(code, spans) >= pat.default_args)
                or kwarg_present(code, spans[1:], pat.default_kw)
            )
            if pat.default_args is not None and len(spans) >= pat.default_args:
                s, e = spans[pat.default_args - 1]
                ident = _IDENT_ARG.fullmatch(code, s, e)
                default_ident = ident.group(1) if ident else ""
        if pat.exclude is not None and kind == "name" and re.fullmatch(pat.exclude, text):
            continue
        if not has_default and pat.fallback and reads.fallback is not None:
            has_default = reads.fallback.match(code, end) is not None
        if (
            not has_default
            and pat.fallback
            and reads.fallback_before is not None
            and (reads.required_check is None or reads.required_check.match(code, end) is None)
        ):
            start = anchor if pat.arg is None and anchor >= 0 else m.start()
            line_start = code.rfind("\n", max(0, start - _BEFORE_LIMIT), start) + 1
            has_default = (
                reads.fallback_before.search(code, max(line_start, start - _BEFORE_LIMIT), start) is not None
            )
        if not has_default and pat.fallback and reads.fallback_local is not None:
            has_default = _tested_later(
                code, reads, anchor if pat.arg is None and anchor >= 0 else m.start(), end
            )
        written = arg is not None and bool(arg.ident) and _ASSIGNMENT.match(code, end) is not None
        assigned = pat.sets or written
        hits.append(
            Hit(
                kind,
                text,
                pos,
                has_default,
                arg,
                pat.upper_only,
                pat.exclude,
                assigned,
                pat.compile_time,
                default_ident if arg is not None and arg.ident else "",
            )
        )
    return hits


_IDENT_ARG = re.compile(r"\s*\$?([A-Za-z_]\w*)\s*")
_AFTER_LIMIT = 300  # how far after a read kept in a variable its presence test is looked for


def _tested_later(code: str, reads: CompiledReads, start: int, end: int) -> bool:
    """The read is kept in a local variable that the code right after tests for presence."""
    if reads.fallback_local is None or reads.fallback_tested is None:
        return False
    line_start = code.rfind("\n", max(0, start - _BEFORE_LIMIT), start) + 1
    local = reads.fallback_local.search(code, max(line_start, start - _BEFORE_LIMIT), start)
    if local is None:
        return False
    var = local.group("var")
    if code.find(var, end, end + _AFTER_LIMIT) < 0:
        return False
    tests = reads.fallback_tested.finditer(code, end, end + _AFTER_LIMIT)
    return any(var in m.groups() for m in tests)


_BEFORE_LIMIT = 200  # how far back on its line a read looks for what it is the fallback of


def to_ref(sf: SourceFile, masked: Masked, hit: Hit, source: str) -> EnvRef:
    ref = make_ref(
        sf, masked, hit.text, hit.pos, source, has_default=hit.has_default, is_prefix=hit.kind == "prefix"
    )
    if hit.assigned:
        ref = replace(ref, use="set")
    # A build-time read keeps a documented row alive; whoever runs the program cannot set it.
    return replace(ref, is_support=True) if hit.compile_time else ref


def make_ref(
    sf: SourceFile,
    masked: Masked,
    name: str,
    pos: int,
    source: str,
    *,
    has_default: bool = False,
    is_prefix: bool = False,
    twin_of: str = "",
) -> EnvRef:
    return EnvRef(
        name=name,
        path=sf.path,
        line=masked.line_of(pos),
        has_default=has_default,
        is_prefix=is_prefix,
        is_support=sf.is_support,
        source=source,
        twin_of=twin_of,
    )
