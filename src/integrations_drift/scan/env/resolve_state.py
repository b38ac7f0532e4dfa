"""The per-file state of name resolution (``resolve.py``): a file's definitions and loop headers,
the site a name is read at, and the names a resolution gives."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from integrations_drift.scan.env.context import Form
from integrations_drift.scan.env.functions import FuncDef, innermost
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.resolve_words import LanguageWords, Loop, import_patterns, resolve_words
from integrations_drift.scan.env.syntax import (
    NAME,
    UPPER_NAME,
    Syntax,
)
from integrations_drift.scan.types import EnvRef, EnvUse, SourceFile

_WORDS = resolve_words()
TWIN_SUFFIXES = _WORDS.twin_suffixes
_LINES_BACK = 80  # how far before a read (outside any function) a binding may be
_FOLLOWING = 240  # a comprehension's loop may follow its read (`[os.getenv(k) for k in K]`)
_VAR = re.compile(r"\$?[A-Za-z_]\w*")


class Outcome(Enum):
    NAMES = "names"  # resolved to names (possibly none that fit)
    WRAPPER = "wrapper"  # a parameter: the function became a wrapper
    PENDING = "pending"  # left for the cross-file pass
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    is_prefix: bool = False
    twin_of: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """The read being resolved: where it is, and what it takes."""

    path: str
    line: int
    is_support: bool
    source: str
    has_default: bool
    strict: bool  # only UPPER_CASE names (wrapper arguments, tables)
    accepts: Callable[[str], bool] | None = None
    avoid: str = ""  # the wrapper being followed: a call inside it does not make it its own wrapper
    local: bool = True  # may register wrappers and leave names for the cross-file pass
    use: EnvUse = "read"
    default_ident: str = ""  # the identifier the read passes as its default

    def ref(self, named: Named) -> EnvRef:
        return EnvRef(
            name=named.name,
            path=self.path,
            line=self.line,
            use=self.use,
            has_default=self.has_default or bool(named.twin_of),  # a twin stands in for its base
            is_prefix=named.is_prefix,
            is_support=self.is_support,
            source=self.source,
            twin_of=named.twin_of,
        )


def named(form: Form, value: str, *, strict: bool, is_prefix: bool = False) -> Named | None:
    """The variable read when ``value`` (a name, or a prefix) is put into ``form``."""
    check = UPPER_NAME if strict else NAME
    if is_prefix:
        prefix = form.head + value
        return Named(prefix, is_prefix=True) if prefix and UPPER_NAME.match(prefix) else None
    if form.upper:
        value = value.upper()
    if not check.fullmatch(value):
        return None
    name = form.head + value + form.tail
    twin = value if not form.head and form.tail in TWIN_SUFFIXES else ""
    return Named(name, twin_of=twin) if NAME.fullmatch(name) else None


def segments(expr: str) -> list[str]:
    """The segments of an identifier expression, less trailing calls that keep a value as it is."""
    segs = expr.split(".")
    while len(segs) > 1 and segs[-1].removesuffix("()") in _WORDS.passthrough:
        segs.pop()
    return segs


@dataclass(frozen=True, slots=True)
class Definition:
    name_pos: int
    value_pos: int
    exported: bool
    member: bool


@dataclass(frozen=True, slots=True)
class LoopHeader:
    pos: int
    vars: str
    iter_pos: int  # where the iterable starts (-1: it ends at ``pos``)
    spec: Loop


@dataclass
class FileState:
    """One file as the resolver needs it; the expensive parts are computed on first use."""

    language: str
    syn: Syntax
    sf: SourceFile
    masked: Masked
    find_functions: Callable[[], list[FuncDef]]
    _funcs: list[FuncDef] | None = None
    _defs: dict[str, list[Definition]] | None = None
    _loops: dict[str, list[LoopHeader]] | None = None
    _line_starts: list[int] | None = None
    _declared: dict[str, bool] = field(default_factory=dict)
    _imported: dict[str, bool] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.masked.code

    @property
    def words(self) -> LanguageWords:
        return _WORDS.languages.get(self.language) or LanguageWords()

    @property
    def funcs(self) -> list[FuncDef]:
        if self._funcs is None:
            self._funcs = self.find_functions()
        return self._funcs

    @property
    def defs(self) -> dict[str, list[Definition]]:
        if self._defs is None:
            out: dict[str, list[Definition]] = defaultdict(list)
            for d in self.words.definitions:
                for m in d.regex.finditer(self.code):
                    if self.masked.in_string(m.start()):
                        continue
                    out[m.group("name").lstrip("$")].append(
                        Definition(m.start("name"), m.end(), d.exported, d.member)
                    )
            for found in out.values():
                found.sort(key=lambda d: d.name_pos)
            self._defs = dict(out)
        return self._defs

    @property
    def loops(self) -> dict[str, list[LoopHeader]]:
        """Loop headers by the variables they bind."""
        if self._loops is None:
            out: dict[str, list[LoopHeader]] = defaultdict(list)
            for spec in self.words.loops:
                for m in spec.regex.finditer(self.code):
                    if self.masked.in_string(m.start()):
                        continue
                    iter_pos = m.start("iter") if spec.iterable == "after" else -1
                    header = LoopHeader(m.start(), m.group("vars") or "", iter_pos, spec)
                    names = [v.lstrip("$") for v in _VAR.findall(header.vars)] or [spec.implicit]
                    for var in names:
                        if var:
                            out[var].append(header)
            for found in out.values():
                found.sort(key=lambda h: h.pos)
            self._loops = dict(out)
        return self._loops

    def line_start_before(self, pos: int, lines: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.code))]
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return self._line_starts[max(0, i - lines)]

    def scope_start(self, pos: int) -> int:
        f = innermost(self.funcs, pos)
        return f.start if f is not None else self.line_start_before(pos, _LINES_BACK)

    def binding(self, var: str, at: int, wide: bool = False) -> LoopHeader | Definition | None:
        """The nearest loop header or local assignment that binds ``var`` before ``at`` in the
        enclosing function (``wide``: in the lines before it, whatever the functions found say),
        else a loop of a comprehension just after it."""
        start = self.line_start_before(at, _LINES_BACK) if wide else self.scope_start(at)
        best: LoopHeader | Definition | None = None
        best_pos = -1
        loops = self.loops.get(var, [])
        i = bisect.bisect_left(loops, at, key=lambda h: h.pos) - 1  # the last header before `at`
        if i >= 0 and loops[i].pos >= start:
            best, best_pos = loops[i], loops[i].pos
        defs = self.defs.get(var, [])
        j = bisect.bisect_left(defs, at, key=lambda d: d.name_pos) - 1
        while j >= 0 and defs[j].name_pos > best_pos and defs[j].name_pos >= start:
            d = defs[j]
            if not d.member and d.value_pos <= at:
                best, best_pos = d, d.name_pos
                break
            j -= 1
        if best is None and i + 1 < len(loops):
            h = loops[i + 1]
            if at < h.pos <= at + _FOLLOWING and h.iter_pos >= 0:
                best = h
        return best

    def file_definition(self, name: str, *, member: bool) -> Definition | None:
        """A constant of this file (an exported definition; ``member``: object members too)."""
        found = [d for d in self.defs.get(name, ()) if d.exported and (member or not d.member)]
        return found[0] if found else None

    def declares(self, type_name: str) -> bool:
        """Whether this file declares a class, object, enum, module or namespace ``type_name``."""
        found = self._declared.get(type_name)
        if found is None:
            kinds = r"class|object|enum|struct|interface|module|namespace|record|trait|type|impl"
            found = re.search(rf"\b(?:{kinds})\s+{re.escape(type_name)}\b", self.code) is not None
            self._declared[type_name] = found
        return found

    def imports(self, name: str) -> bool:
        """Whether this file imports ``name`` by name (or a module by that name)."""
        found = self._imported.get(name)
        if found is None:
            found = name.encode() in self.sf.data and any(
                p.search(self.code) for p in import_patterns(self.language, name)
            )
            self._imported[name] = found
        return found


@dataclass
class Resolution:
    """What resolving one identifier gave."""

    outcome: Outcome
    names: list[Named] = field(default_factory=list)


UNKNOWN = Resolution(Outcome.UNKNOWN)
