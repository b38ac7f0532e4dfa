"""Rust unit tests written inside the file they test: ``#[cfg(test)] mod tests { … }``.

The module is compiled only for ``cargo test``, so what it holds (sample URLs of other instances,
fixtures) is test code although the file is the application's.
"""

from __future__ import annotations

import re

_TEST_MOD = re.compile(
    rb"#\[cfg\(test\)\][ \t\r\n]*(?:#\[[^\]\n]*\][ \t\r\n]*)*"
    rb"(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+\w+[ \t\r\n]*\{"
)
# A string literal (escapes included), a line comment, a character literal, or a brace.
_TOKEN = re.compile(rb"\"(?:[^\"\\]|\\.)*\"|//[^\n]*|'(?:\\.|[^'\\\n])'|[{}]")


def rust_test_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` of the inline test modules of a Rust file, each to its closing
    brace (to the end of the file when unbalanced)."""
    if b"cfg(test)" not in data:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _TEST_MOD.search(data, pos)) is not None:
        depth, end = 1, len(data)
        for t in _TOKEN.finditer(data, m.end()):
            tok = t.group(0)
            if tok == b"{":
                depth += 1
            elif tok == b"}":
                depth -= 1
                if depth == 0:
                    end = t.end()
                    break
        spans.append((m.start(), end))
        pos = end
    return spans


def in_spans(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
