"""Which of many numbered globs match a path, by the shape of each glob rather than one regex.

Every path of the tree is classified against the built-in globs of the configuration-file kinds.
Joined into one regex, each ``*x`` or ``*x*y`` alternative tries every position of the name, and
each path glob (``**/src/main/resources/*.conf``) every folder of the path: 5-7 us a path. Most
globs are an exact name (``Procfile``), a suffix (``*.yml``), a prefix (``Dockerfile.*``) or a
prefix and a suffix around one star (``compose.*.yml``): dict lookups, and for most names one
``startswith``/``endswith`` over a tuple decides that none applies. Any other name glob is cut
at its stars into pieces of fixed length (no quantifier, so nothing to backtrack), matched first
and last at the ends of the name and in between leftmost-first: linear in the name. Path globs
run through RE2, each only on the paths holding a literal that all its matches hold.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from integrations_drift.paths import glob_class, glob_matcher, glob_source

_NONE = sys.maxsize


def _tokens(glob: str) -> list[str]:
    """The glob cut into its literal runs and its wildcards (``*``, ``**/``, ``?``, ``[...]``),
    as ``glob_source`` reads it. A wildcard is returned as written; a run as its text."""
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        end = i + 1
        if glob.startswith("**/", i):
            end = i + 3
        elif c == "[":
            close = glob.find("]", i + 1)
            if close == -1:  # a lone "[" is a literal
                run.append(c)
                i += 1
                continue
            end = close + 1
        elif c not in "*?":
            run.append(c)
            i += 1
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(glob[i:end])
        i = end
    if run:
        out.append("".join(run))
    return out


def _is_wild(token: str) -> bool:
    return token[0] in "*?" or (token[0] == "[" and len(token) > 1)


@dataclass(frozen=True, slots=True)
class _Gated:
    index: int
    literal: str  # every match holds it ("" when the glob has no literal run)
    glob: str

    def matches(self, text: str) -> bool:
        try:
            return glob_matcher(self.glob).match(text) is not None
        except UnicodeEncodeError:  # a path git gave in bytes that are not UTF-8 (surrogate escapes)
            return re.match(glob_source(self.glob), text) is not None


def _piece(tokens: list[str]) -> tuple[re.Pattern[str], int]:
    """Tokens between two stars as a regex without quantifiers, and the length it matches."""
    out: list[str] = []
    size = 0
    for t in tokens:
        if t == "?":
            out.append("[^/]")
            size += 1
        elif _is_wild(t):
            out.append(glob_class(t))
            size += 1
        else:
            out.append(re.escape(t))
            size += len(t)
    return re.compile("".join(out)), size


@dataclass(frozen=True, slots=True)
class _StarGlob:
    """A name glob cut at its stars: ``first`` at the start, ``last`` at the end, ``middle`` in
    order between them, each leftmost (the greedy match of ``*`` globs, which finds a match
    whenever there is one)."""

    index: int
    tail: str  # the literal the name ends with ("" when unknown)
    whole: bool  # no star: one piece, the whole name
    first: tuple[re.Pattern[str], int]
    middle: tuple[tuple[re.Pattern[str], int], ...]
    last: tuple[re.Pattern[str], int]

    @classmethod
    def of(cls, index: int, tokens: list[str]) -> _StarGlob:
        pieces: list[list[str]] = [[]]
        for t in tokens:
            if t in ("*", "**"):
                pieces.append([])
            else:
                pieces[-1].append(t)
        tail = tokens[-1] if tokens and not _is_wild(tokens[-1]) else ""
        compiled = [_piece(p) for p in pieces]
        return cls(index, tail, len(pieces) == 1, compiled[0], tuple(compiled[1:-1]), compiled[-1])

    def matches(self, name: str) -> bool:
        (first, n_first), (last, n_last) = self.first, self.last
        if self.whole:
            return len(name) == n_first and first.fullmatch(name) is not None
        end = len(name) - n_last
        if end < n_first or first.fullmatch(name, 0, n_first) is None:
            return False
        if last.fullmatch(name, end) is None:
            return False
        at = n_first
        for piece, size in self.middle:
            if size:
                m = piece.search(name, at, end)
                if m is None:
                    return False
                at = m.end()
        return True


def _lowest(table: dict[str, int], key: str, index: int) -> None:
    if table.get(key, _NONE) > index:
        table[key] = index


class NameGlobs:
    """Globs over a file name (none holds a ``/``), each with a number: :meth:`first` is the
    lowest number among the globs the name matches, as trying each glob in turn would give."""

    def __init__(self, globs: Iterable[tuple[int, str]]) -> None:
        self._exact: dict[str, int] = {}
        self._prefix: dict[str, int] = {}
        self._suffix: dict[str, int] = {}
        self._around: dict[str, list[tuple[str, int]]] = {}  # prefix -> [(suffix, number)]
        rest: list[_StarGlob] = []
        for index, glob in globs:
            tokens = _tokens(glob.strip())
            shape = ["*" if t == "*" else "x" if not _is_wild(t) else "?" for t in tokens]
            if shape in ([], ["x"]):
                _lowest(self._exact, "".join(tokens), index)
            elif shape == ["*", "x"]:
                _lowest(self._suffix, tokens[1], index)
            elif shape == ["x", "*"]:
                _lowest(self._prefix, tokens[0], index)
            elif shape == ["x", "*", "x"]:
                self._around.setdefault(tokens[0], []).append((tokens[2], index))
            else:
                rest.append(_StarGlob.of(index, tokens))
        self._rest = sorted(rest, key=lambda g: g.index)
        self._prefixes = tuple({*self._prefix, *self._around})
        self._prefix_lengths = sorted({len(p) for p in self._prefixes})
        self._suffixes = tuple(self._suffix)
        self._suffix_lengths = sorted({len(s) for s in self._suffixes})
        self._rest_tails = tuple({g.tail for g in rest})

    def first(self, name: str) -> int | None:
        best = self._exact.get(name, _NONE)
        size = len(name)
        if name.endswith(self._suffixes):
            for n in self._suffix_lengths:
                if n <= size:
                    best = min(best, self._suffix.get(name[size - n :], _NONE))
        if name.startswith(self._prefixes):
            for n in self._prefix_lengths:
                head = name[:n]
                best = min(best, self._prefix.get(head, _NONE))
                for suffix, index in self._around.get(head, ()):
                    if index < best and size >= n + len(suffix) and name.endswith(suffix):
                        best = index
        if name.endswith(self._rest_tails):
            for g in self._rest:
                if g.index >= best:
                    break
                if name.endswith(g.tail) and g.matches(name):
                    best = g.index
        return None if best == _NONE else best


class PathGlobs:
    """Globs over a whole path (each holds a ``/``), each with a number: :meth:`first` is the
    lowest number among the globs the path matches (``glob_source``'s meaning). A glob is tried
    only on the paths that hold its longest literal run."""

    def __init__(self, globs: Iterable[tuple[int, str]]) -> None:
        gated = []
        for index, glob in globs:
            runs = [t for t in _tokens(glob.strip().strip("/")) if not _is_wild(t)]
            gated.append(_Gated(index, max(runs, key=len, default=""), glob))
        self._globs = sorted(gated, key=lambda g: g.index)

    def first(self, path: str) -> int | None:
        for g in self._globs:
            if g.literal in path and g.matches(path):
                return g.index
        return None
