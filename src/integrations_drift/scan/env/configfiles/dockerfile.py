"""Dockerfile ``ENV`` and ``ARG``: the image provides these values to whatever runs in it.

``${X}`` uses inside instructions are not reported: they refer to the file's own ARG/ENV names or
to build arguments, not to the application's configuration.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from integrations_drift.scan.env.configfiles.common import RefList
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "dockerfile"

_PREFILTER = re.compile(rb"(?im)^[ \t]*(?:onbuild[ \t]+)?(?:env|arg)[ \t]")
_DIRECTIVE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_KEYWORD = re.compile(r"\s*([A-Za-z]+)(?=\s|$)")
# BuildKit heredocs (``RUN <<EOF``): their body lines are data, not instructions.
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})


def wants(data: bytes) -> bool:
    return _PREFILTER.search(data) is not None


@dataclass(frozen=True, slots=True)
class _Instruction:
    text: str  # the logical line: continuations joined, escape characters removed
    offsets: tuple[int, ...]  # where each physical line starts in ``text``
    lines: tuple[int, ...]  # the 1-based physical line of each of those starts

    def line_at(self, offset: int) -> int:
        return self.lines[bisect.bisect_right(self.offsets, offset) - 1]


def _escape_char(lines: list[str]) -> str:
    # Parser directives are only honoured in the leading comment block.
    for line in lines:
        m = _DIRECTIVE.match(line)
        if m is None:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
            return m.group(2)
    return "\\"


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.lstrip()
    return not stripped or stripped.startswith("#")


def _skip_heredocs(text: str, lines: list[str], i: int) -> int:
    for m in _HEREDOC.finditer(text):
        strip_tabs, delimiter = m.group(1) == "-", m.group(3)
        while i < len(lines) and (lines[i].lstrip("\t") if strip_tabs else lines[i]) != delimiter:
            i += 1
        i += 1
    return i


def _instructions(lines: list[str], escape: str) -> Iterator[_Instruction]:
    i, n = 0, len(lines)
    while i < n:
        if _is_blank_or_comment(lines[i]):
            i += 1
            continue
        pieces: list[str] = []
        offsets: list[int] = []
        numbers: list[int] = []
        size = 0
        while i < n:
            stripped = lines[i].rstrip()
            continued = stripped.endswith(escape)
            piece = stripped[:-1] if continued else lines[i]
            offsets.append(size)
            numbers.append(i + 1)
            pieces.append(piece)
            size += len(piece)
            i += 1
            if not continued:
                break
            # Comment and empty lines inside a continuation are dropped by the builder.
            while i < n and _is_blank_or_comment(lines[i]):
                i += 1
        instruction = _Instruction("".join(pieces), tuple(offsets), tuple(numbers))
        yield instruction
        keyword = _KEYWORD.match(instruction.text)
        if keyword is not None and keyword.group(1).upper() in _HEREDOC_KEYWORDS:
            i = _skip_heredocs(instruction.text, lines, i)


def _words(text: str, start: int, escape: str) -> Iterator[tuple[str, int]]:
    """Shell-like words of ``text[start:]`` (quotes removed) with the offset each word starts at."""
    i, n = start, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        begin, buf, quote = i, [], ""
        while i < n:
            c = text[i]
            if c == escape and quote != "'" and i + 1 < n:
                buf.append(text[i + 1])
                i += 2
                continue
            if quote:
                if c == quote:
                    quote = ""
                else:
                    buf.append(c)
            elif c.isspace():
                break
            elif c in "\"'":
                quote = c
            else:
                buf.append(c)
            i += 1
        yield "".join(buf), begin


def _declare(out: RefList, ins: _Instruction, escape: str) -> None:
    m = _KEYWORD.match(ins.text)
    if m is None:
        return
    keyword, rest = m.group(1).upper(), m.end()
    if keyword == "ONBUILD":
        m = _KEYWORD.match(ins.text, rest)
        if m is None:
            return
        keyword, rest = m.group(1).upper(), m.end()
    if keyword not in ("ENV", "ARG"):
        return
    words = list(_words(ins.text, rest, escape))
    if not words:
        return
    if keyword == "ENV" and "=" not in words[0][0]:
        # Legacy ``ENV NAME value with spaces``: one name, the rest is its value.
        out.set(words[0][0], ins.line_at(words[0][1]))
        return
    for word, offset in words:
        name, eq, _ = word.partition("=")
        if keyword == "ENV" and not eq:
            continue
        out.set(name, ins.line_at(offset), has_default=keyword == "ARG" and bool(eq))


def scan(sf: SourceFile) -> list[EnvRef]:
    lines = [line.rstrip("\r") for line in sf.text().split("\n")]
    escape = _escape_char(lines)
    out = RefList(sf, SOURCE)
    for ins in _instructions(lines, escape):
        _declare(out, ins, escape)
    return out.refs
