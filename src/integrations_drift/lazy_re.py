"""Module-level regexes compiled when first used.

A framework module holds a few dozen patterns for syntax that most repositories never contain;
compiling them all whenever the module loads costs start-up time a small check notices. The
patterns themselves are unchanged (the same ``re`` syntax, the same RE2-safe shapes); only the
moment they are compiled moves.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic


class LazyPattern(Generic[AnyStr]):
    """The part of :class:`re.Pattern` the scanners use, compiling the pattern on the first call."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: AnyStr, flags: int = 0) -> None:
        self._source: AnyStr = source
        self._flags: int = flags
        self._compiled: re.Pattern[AnyStr] | None = None

    def __reduce__(self) -> tuple[Callable[..., LazyPattern[AnyStr]], tuple[AnyStr, int]]:
        return lazy, (self._source, self._flags)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern | re.Pattern):
            return bool(self.pattern == other.pattern and self.flags == other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.compiled)  # equal to the compiled pattern, so hashed as it is

    def __getattr__(self, name: str) -> Any:
        # the rest of re.Pattern (``groupindex``, ``groups``, ``subn``, ...)
        return getattr(self.compiled, name)

    @property
    def flags(self) -> int:
        return self.compiled.flags

    @property
    def pattern(self) -> AnyStr:
        return self._source

    @property
    def compiled(self) -> re.Pattern[AnyStr]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self._source, self._flags)
        return found

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr | Any]:
        return self.compiled.split(string, maxsplit)

    def sub(
        self, repl: AnyStr | Callable[[re.Match[AnyStr]], AnyStr], string: AnyStr, count: int = 0
    ) -> AnyStr:
        return self.compiled.sub(repl, string, count)


def lazy(source: AnyStr, flags: int = 0) -> LazyPattern[AnyStr]:
    """``re.compile(source, flags)``, done when the pattern is first used."""
    return LazyPattern(source, flags)
