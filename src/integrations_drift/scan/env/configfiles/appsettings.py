""".NET ``appsettings*.json``: every leaf key is a setting the application reads through its
configuration, which the environment overrides under the key's path joined by ``__``
(``{"Smtp": {"Host": ""}}`` -> ``Smtp__Host``). Any key could be set so and operators are told of
only some, so the names are binder evidence: a read only where a deployment file sets one (keys
match without regard to case). An array is a family (``AllowedOrigins__0``).

The file is JSON with comments and trailing commas (as the .NET reader accepts it); one pass of
tokens, no parse tree.
"""

from __future__ import annotations

import re

from integrations_drift.scan.env.configfiles.common import NAME
from integrations_drift.scan.types import EnvRef, SourceFile

SOURCE = "dotnet-key"

_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|[{}\[\]:,]|[^\s{}\[\]:,"/]+|/',
)
_MAX_DEPTH = 12


def wants(data: bytes) -> bool:
    return data.lstrip()[:1] == b"{"


def scan(sf: SourceFile) -> list[EnvRef]:
    text = sf.text()
    out: list[EnvRef] = []
    # one frame per open bracket: (is_object, key of the member it is the value of)
    stack: list[tuple[bool, str]] = []
    key = ""  # the last key read in the innermost object
    expecting_value = False
    line = 1
    last = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        line += text.count("\n", last, m.start())
        last = m.start()
        if tok.startswith(("//", "/*")):
            continue
        # deeper than any settings tree: not followed (and the path stays short to build)
        shallow = len(stack) < _MAX_DEPTH
        path = [k for _, k in stack[1:]] if shallow else []
        if tok in "{[":
            stack.append((tok == "{", key if stack and stack[-1][0] else "#"))
            if tok == "[" and len(stack) > 1 and shallow:
                _add(out, sf, [*path, key], line, family=True)
            expecting_value = False
            key = ""
        elif tok in "}]":
            if stack:
                stack.pop()
            expecting_value = False
        elif tok == ":":
            expecting_value = True
        elif tok == ",":
            expecting_value = False
        elif stack and stack[-1][0]:
            if not expecting_value:
                key = tok[1:-1] if tok.startswith('"') else tok
            elif shallow:
                _add(out, sf, [*path, key], line, family=False)
                expecting_value = False
    return out


def _add(out: list[EnvRef], sf: SourceFile, path: list[str], line: int, *, family: bool) -> None:
    if "#" in path or not all(path):
        return
    name = "__".join(k.replace(":", "__") for k in path) + ("__" if family else "")
    if NAME.fullmatch(name):
        out.append(
            EnvRef(
                name=name,
                path=sf.path,
                line=line,
                has_default=True,  # the file gives it a value
                is_prefix=family,
                is_support=sf.is_support,
                source=SOURCE,
            )
        )
