"""Go import paths of a source file.

go.mod names modules, but one module often holds the clients of many services
(``github.com/aws/aws-sdk-go/service/s3``, ``google.golang.org/api/gmail/v1``,
``golang.org/x/oauth2/google``): only the package a file imports says which one the code uses.
"""

from __future__ import annotations

import re

# `import "x"`, `import alias "x"`, and the lines of an `import ( … )` block; one line each, no
# backtracking across lines.
_SINGLE = re.compile(rb'^import[ \t]+(?:[\w.]+[ \t]+)?"([^"\n]+)"')
_BLOCK_OPEN = re.compile(rb"^import[ \t]*\([ \t]*(?://.*)?$")
_BLOCK_LINE = re.compile(rb'^[ \t]*(?:[\w.]+[ \t]+)?"([^"\n]+)"')
# Declarations after which no import may follow.
_DECL = re.compile(rb"^(?:func|type|var|const)\b")


def go_imports(data: bytes) -> list[tuple[str, int]]:
    """``(import path, line)`` of every import of a Go file, from its header only: the scan stops
    at the first declaration, so a string in code that looks like an import is not one."""
    out: list[tuple[str, int]] = []
    in_block = False
    pos, number = 0, 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            end = len(data)
        line, pos, number = data[pos:end], end + 1, number + 1
        if in_block:
            if line.lstrip().startswith(b")"):
                in_block = False
                continue
            m = _BLOCK_LINE.match(line)
            if m is not None:
                out.append((m.group(1).decode("utf-8", "replace"), number))
            continue
        if not line.startswith((b"import", b"func", b"type", b"var", b"const")):
            continue
        if _DECL.match(line):
            break
        if _BLOCK_OPEN.match(line):
            in_block = True
            continue
        m = _SINGLE.match(line)
        if m is not None:
            out.append((m.group(1).decode("utf-8", "replace"), number))
    return out
