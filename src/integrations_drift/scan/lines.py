"""Line numbers of offsets in one text, from a table of its line breaks built once.

Counting the breaks from the start of the text for every match costs the text's length per
match; a file of many matches then takes time quadratic in its size.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile("\n")
_BREAK_BYTES = re.compile(b"\n")


class LineIndex:
    """The 1-based line of any offset of ``text`` (str or bytes) by bisection."""

    __slots__ = ("_breaks",)

    def __init__(self, text: str | bytes) -> None:
        pattern = _BREAK_BYTES if isinstance(text, bytes) else _BREAK
        self._breaks = [m.start() for m in pattern.finditer(text)]  # type: ignore[arg-type]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_left(self._breaks, offset) + 1


_LAST: list[tuple[str, LineIndex]] = []


def line_at(text: str, offset: int) -> int:
    """The line of ``offset`` in ``text``; the index of the last text asked about is kept, so a
    reader asking for every match of one file builds it once."""
    if not _LAST or _LAST[0][0] is not text:
        _LAST[:] = [(text, LineIndex(text))]
    return _LAST[0][1].line_of(offset)
