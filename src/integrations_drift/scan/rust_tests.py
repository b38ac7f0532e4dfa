"""Rust unit tests written inside the file they test: ``#[cfg(test)] mod tests { … }``.

The module is compiled only for ``cargo test``, so what it holds (sample URLs of other instances,
fixtures) is test code although the file is the application's.
"""

from __future__ import annotations

import re

from integrations_drift.lazy_re import LazyPattern, lazy

_TEST_MOD = lazy(
    rb"#\[cfg\((?:test|all\([ \t]*test\b[^\]\n]*)\)\][ \t\r\n]*(?:#\[[^\]\n]*\][ \t\r\n]*)*"
    rb"(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+\w+[ \t\r\n]*\{"
)
# A test function or any item compiled only for tests, outside such a module: `#[test] fn`,
# `#[tokio::test] async fn`, `#[cfg(test)] fn` / `impl`. The span runs from its attribute to the
# end of its body.
_TEST_ITEM = lazy(
    rb"#\[(?:(?:\w+::)?test|cfg\((?:test|all\([ \t]*test\b[^\]\n]*)\))\][ \t\r\n]*"
    rb"(?:#\[[^\]\n]*\][ \t\r\n]*)*"
    rb"(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:(?:async|unsafe|const)[ \t]+)*(?:fn|impl)\b[^{;]*\{"
)
# A string literal (escapes included), a line comment, a character literal, or a brace.
_TOKEN = lazy(rb"\"(?:[^\"\\]|\\.)*\"|//[^\n]*|'(?:\\.|[^'\\\n])'|[{}]")


def _body_end(data: bytes, start: int) -> int:
    """The end of the body whose ``{`` ends just before ``start`` (the file's end when unbalanced)."""
    depth = 1
    for t in _TOKEN.finditer(data, start):
        tok = t.group(0)
        if tok == b"{":
            depth += 1
        elif tok == b"}":
            depth -= 1
            if depth == 0:
                return t.end()
    return len(data)


def _spans(data: bytes, pattern: re.Pattern[bytes] | LazyPattern[bytes]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := pattern.search(data, pos)) is not None:
        end = _body_end(data, m.end())
        spans.append((m.start(), end))
        pos = end
    return spans


def rust_test_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` of the inline test modules of a Rust file, each to its closing
    brace (to the end of the file when unbalanced)."""
    if b"cfg(test)" not in data and b"cfg(all(" not in data:
        return []
    return _spans(data, _TEST_MOD)


def rust_test_code_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of everything in a Rust file compiled only for tests: inline test modules and,
    outside them, test functions and ``#[cfg(test)]`` items."""
    if b"test" not in data:
        return []
    modules = rust_test_spans(data)
    items = [s for s in _spans(data, _TEST_ITEM) if not in_spans(modules, s[0])]
    return sorted(modules + items)


def in_spans(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
