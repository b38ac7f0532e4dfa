"""Brackets of one file in a single pass, for the framework detectors.

A flag's declaration, an attribute's arguments and a struct's body are all found by matching
brackets. Matching each from its opening bracket rescans the text once per match, which an unclosed
bracket turns into a scan to the end of the file; here every bracket outside string literals is
visited once, and the detectors look the answers up.
"""

from __future__ import annotations

from bisect import bisect_left

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import split_args
from integrations_drift.scan.env.lexer import Masked
from integrations_drift.scan.env.syntax import Syntax

_BRACKETS = lazy(r"[()\[\]{}]")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
SHORT = 1024  # arguments longer than this are not a flag's list of names


class Brackets:
    """Where each bracket closes, and which brackets are open at given positions."""

    def __init__(self, masked: Masked, positions: list[int] | None = None) -> None:
        code = masked.code
        stacks: dict[str, list[int]] = {"(": [], "[": [], "{": []}
        self.ends: dict[int, int] = {}  # opening position -> just after its closer
        self.open: dict[int, dict[str, int]] = {}  # position -> innermost open bracket per kind
        queue = sorted(set(positions or ()))
        q = 0
        for m in _BRACKETS.finditer(code):
            at = m.start()
            while q < len(queue) and queue[q] < at:
                self.open[queue[q]] = {k: st[-1] for k, st in stacks.items() if st}
                q += 1
            if masked.in_string(at):
                continue
            c = m.group()
            if c in _OPENERS:
                stacks[c].append(at)
            elif stacks[_CLOSERS[c]]:
                self.ends[stacks[_CLOSERS[c]].pop()] = m.end()
        for pos in queue[q:]:
            self.open[pos] = {k: st[-1] for k, st in stacks.items() if st}
        self.size = len(code)
        self._starts = sorted(self.ends)

    def end(self, open_pos: int) -> int:
        """Just after the bracket closing the one at ``open_pos`` (the end of the text if none)."""
        return self.ends.get(open_pos, self.size)

    def enclosing(self, pos: int, kind: str) -> tuple[int, int] | None:
        """The innermost ``kind`` bracket open at a position given to the constructor, as (open, end)."""
        at = self.open.get(pos, {}).get(kind)
        return None if at is None else (at, self.end(at))

    def args(self, code: str, open_pos: int, syn: Syntax, limit: int = SHORT) -> list[tuple[int, int]] | None:
        """The argument spans inside the bracket at ``open_pos`` when it closes within ``limit``."""
        close = self.ends.get(open_pos)
        if close is None or close - open_pos > limit:
            return None
        split = split_args(code, open_pos + 1, _OPENERS[code[open_pos]], syn)
        return split[0] if split is not None else None

    def openers_in(self, start: int, end: int) -> list[int]:
        """The opening brackets (outside strings) within [start, end), in order."""
        return self._starts[bisect_left(self._starts, start) : bisect_left(self._starts, end)]
