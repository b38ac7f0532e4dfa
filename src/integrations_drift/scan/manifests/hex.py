"""Elixir/Erlang (Hex): the ``deps`` of mix.exs, and mix.lock where no mix.exs sits beside it.

mix.exs is code, not data: dependencies are the ``{:name, ...}`` tuples of the ``deps`` function
(``defp deps do [...] end`` or ``, do: [...]``) or of an inline ``deps: [...]`` list; comments are
blanked first. ``only:`` naming development environments alone (``:dev``, ``[:dev, :test]``) marks
a development dependency.
"""

from __future__ import annotations

import re

from integrations_drift.lazy_re import lazy
from integrations_drift.scan.env.call_args import match_bracket
from integrations_drift.scan.env.lexer import mask
from integrations_drift.scan.env.syntax import ELIXIR
from integrations_drift.scan.manifests.common import (
    Dependency,
    Ecosystem,
    Kind,
    basename,
    decode,
    is_dev_name,
    line_at,
    split_lines,
)

ECOSYSTEM: Ecosystem = "hex"

_DEPS_FUNCTION = lazy(r"^([ \t]*)defp?[ \t]+deps\b[^\n]*?(?:(?P<kw>,\s*do:)|\bdo\b)", re.M)
_DEPS_KEYWORD = lazy(r"(?<![\w:])deps:\s*(?=\[)")
_TUPLE = lazy(r"\{\s*:(?P<name>[a-z_][a-z0-9_]*)\s*(?=[,}])")
_VERSION = lazy(r'\s*,\s*"(?P<v>[^"\n]*)"')
_ONLY = lazy(r"\bonly:\s*(?P<envs>\[[^\]]*\]|:\w+)")
_END = lazy(r"end\b")
_LOCK_ENTRY = lazy(r'^\s*"(?P<key>[^"]+)":\s*\{:(?P<scm>\w+),\s*(?::(?P<pkg>\w+),\s*"(?P<v>[^"]*)")?')


def kind(path: str) -> Kind | None:
    name = basename(path)
    if name == "mix.exs":
        return "manifest"
    return "lock" if name == "mix.lock" else None


def parse(path: str, data: bytes) -> list[Dependency]:
    text = decode(data)
    return _lock(path, text) if basename(path) == "mix.lock" else _mix(path, text)


def _regions(code: str) -> list[tuple[int, int]]:
    """Where the dependency list is: the body of ``deps`` (a do-block ends at the ``end`` aligned
    with its ``def``) and inline ``deps: [...]`` lists."""
    out: list[tuple[int, int]] = []
    # Per indent, the last search: (where it started, the end it found). A later block of that
    # indent starting before that end ends there too, so no line is searched twice (an unclosed
    # `defp deps do` repeated read the rest of the file from each).
    searched: dict[str, tuple[int, int]] = {}
    for m in _DEPS_FUNCTION.finditer(code):
        if m.group("kw"):
            start = code.find("[", m.end())
            if start >= 0:
                out.append((start, match_bracket(code, start, ELIXIR)))
            continue
        indent = m.group(1)
        known = searched.get(indent)
        if known is not None and known[0] <= m.end() < known[1]:
            out.append((m.end(), known[1]))
            continue
        pos = code.find("\n", m.end())
        end = len(code)
        while pos >= 0:
            line_start = pos + 1
            if code.startswith(indent, line_start) and _END.match(code, line_start + len(indent)):
                end = line_start
                break
            pos = code.find("\n", line_start)
        searched[indent] = (m.end(), end)
        out.append((m.end(), end))
    for m in _DEPS_KEYWORD.finditer(code):
        out.append((m.end(), match_bracket(code, m.end(), ELIXIR)))
    return out


def _dev(tuple_text: str) -> bool:
    only = _ONLY.search(tuple_text)
    if only is None:
        return False
    envs = re.findall(r":(\w+)", only.group("envs"))
    return bool(envs) and all(is_dev_name(e) for e in envs)


def _mix(path: str, text: str) -> list[Dependency]:
    masked = mask(text, "elixir")
    code = masked.code
    out: list[Dependency] = []
    seen: set[int] = set()
    for start, end in _regions(code):
        for m in _TUPLE.finditer(code, start, end):
            if m.start() in seen or masked.in_string(m.start()):
                continue
            seen.add(m.start())
            close = match_bracket(code, m.start(), ELIXIR)
            version = _VERSION.match(code, m.end())
            out.append(
                Dependency(
                    "hex",
                    m.group("name"),
                    path,
                    line_at(text, m.start("name")),
                    _dev(code[m.end() : close]),
                    version.group("v") if version else None,
                )
            )
    return out


def _lock(path: str, text: str) -> list[Dependency]:
    """Every package the lock pins (it does not say which are direct); the Hex package name where
    it differs from the application's key."""
    out: list[Dependency] = []
    for number, line in enumerate(split_lines(text), start=1):
        m = _LOCK_ENTRY.match(line)
        if m:
            name = m.group("pkg") if m.group("scm") == "hex" and m.group("pkg") else m.group("key")
            out.append(Dependency("hex", name, path, number, False, m.group("v")))
    return out
