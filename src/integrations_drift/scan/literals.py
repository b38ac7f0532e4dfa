"""The literals a regex cannot match without: a byte-level gate in front of it.

Python's ``re`` tries every alternative of an alternation at every position; an Aho-Corasick pass
over the raw bytes for one literal per alternative decides in a fraction of that time whether the
regex can match at all, so the regex (and decoding, lexing) runs only on files that pass. The
literals are read from the regex itself, so the gate cannot drift from it: a file the gate rejects
holds no match.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from integrations_drift.scan.needles import Needles
from integrations_drift.scan.reference import reference_mode

# Zero-width: a literal run goes on across them (``\benv\b`` holds "env").
_ZERO_WIDTH = frozenset({sre.AT})


def _longest_run(items: Any) -> bytes:
    best, run = b"", bytearray()
    for op, av in items:
        if op is sre.LITERAL:
            run.append(av)
            continue
        if op in _ZERO_WIDTH:
            continue
        if len(run) > len(best):
            best = bytes(run)
        run = bytearray()
    return max(best, bytes(run), key=len)


def required_literals(pattern: re.Pattern[bytes]) -> list[bytes] | None:
    """One literal per top-level alternative, each of which every match of that alternative
    contains; None when some alternative has none (or the regex ignores case)."""
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = list(sre_parse.parse(pattern.pattern, pattern.flags))
    branches = parsed[0][1][1] if len(parsed) == 1 and parsed[0][0] is sre.BRANCH else [parsed]
    out: list[bytes] = []
    for branch in branches:
        literal = _longest_run(branch)
        if not literal or max(literal) >= 0x80:
            return None
        out.append(literal)
    return out


class LiteralGate:
    """Whether ``pattern`` can match ``data``: one Aho-Corasick pass over the bytes first."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        literals = required_literals(pattern)
        self._needles = Needles(lit.decode("ascii") for lit in literals) if literals else None

    def search(self, data: bytes) -> bool:
        if self._needles is not None and not self._needles.any_in(data) and not reference_mode():
            return False
        return self.pattern.search(data) is not None
