"""Ruby: Gemfile (and gems.rb), *.gemspec, and Gemfile.lock where no Gemfile sits beside it."""

from __future__ import annotations

import re

from integrations_drift.lazy_re import lazy
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

ECOSYSTEM: Ecosystem = "rubygems"

_GEM = lazy(r"gem\s*\(?\s*([\"'])([^\"']+)\1(.*)$")
_GROUP_BLOCK = lazy(r"group\s*\(?\s*(.*?)\)?\s+do(?:\s*\|[^|]*\|)?$")
_OPENS_BLOCK = lazy(r"(?:.*\bdo(?:\s*\|[^|]*\|)?|(?:if|unless|case|while|until|begin|def|class|module)\b.*)$")
_GROUP_OPTION = lazy(
    r"(?::groups?\s*=>|\bgroups?:)\s*(\[[^\]]*\]|%[iIwW][\[(][^\])]*[\])]|:\w+|[\"'][^\"']*[\"'])"
)
_SYMBOL = lazy(r":(\w+)|[\"']([^\"']*)[\"']")
_VERSION_ARG = lazy(r"\s*,\s*([\"'])([^\"']*)\1")
_GEMSPEC_DEP = lazy(
    r"\.add_(runtime_|development_)?dependency\s*\(?\s*([\"'])([^\"']+)\2((?:\s*,\s*([\"'])[^\"']*\5)*)"
)
_LOCK_DEP = lazy(r"  ([^\s!(]+)(?:\s*\(([^)]*)\))?!?\s*")
_LOCKS = ("Gemfile.lock", "gems.locked")


def kind(path: str) -> Kind | None:
    name = basename(path)
    if name in ("Gemfile", "gems.rb") or name.endswith(".gemspec"):
        return "manifest"
    return "lock" if name in _LOCKS else None


def parse(path: str, data: bytes) -> list[Dependency]:
    name = basename(path)
    text = decode(data)
    if name.endswith(".gemspec"):
        return _gemspec(path, text)
    if name in _LOCKS:
        return _lock(path, text)
    return _gemfile(path, text)


def _strip_comment(line: str) -> str:
    """The line without a trailing ``#`` comment (a ``#`` inside a string does not start one)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _names(args: str) -> list[str]:
    if args.startswith("%"):  # %i[development test]
        return args[3:-1].split()
    return [a or b for a, b in _SYMBOL.findall(args)]


def _dev_group(names: list[str]) -> bool:
    return bool(names) and all(is_dev_name(n) for n in names)


def _gemfile(path: str, text: str) -> list[Dependency]:
    out: list[Dependency] = []
    # One entry per open block: whether it is a development-only group.
    blocks: list[bool] = []
    for number, raw in enumerate(split_lines(text), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        gem = _GEM.match(line)
        if gem:
            rest = gem.group(3)
            option = _GROUP_OPTION.search(rest)
            dev = any(blocks) or (option is not None and _dev_group(_names(option.group(1))))
            versions: list[tuple[int, str]] = []
            for m in _VERSION_ARG.finditer(rest):
                if m.start() != (versions[-1][0] if versions else 0):
                    break
                versions.append((m.end(), m.group(2)))
            version = ", ".join(v for _, v in versions) or None
            out.append(Dependency("rubygems", gem.group(2), path, number, dev, version))
            if re.search(r"\bdo(?:\s*\|[^|]*\|)?$", rest):
                blocks.append(False)
            continue
        group = _GROUP_BLOCK.match(line)
        if group:
            blocks.append(_dev_group(_names(group.group(1))))
        elif re.match(r"end\b", line):
            if blocks:  # a stray ``end`` (from a construct not tracked here) is not worth a warning
                blocks.pop()
        elif _OPENS_BLOCK.fullmatch(line) and not re.search(r"\bend$", line):
            blocks.append(False)
    return out


def _gemspec(path: str, text: str) -> list[Dependency]:
    out: list[Dependency] = []
    for m in _GEMSPEC_DEP.finditer(text):
        line = line_at(text, m.start())
        versions = [v for _, v in re.findall(r"([\"'])([^\"']*)\1", m.group(4))]
        dev = m.group(1) == "development_"
        out.append(Dependency("rubygems", m.group(3), path, line, dev, ", ".join(versions) or None))
    return out


def _lock(path: str, text: str) -> list[Dependency]:
    out: list[Dependency] = []
    in_section = False
    for number, raw in enumerate(split_lines(text), start=1):
        if not raw.startswith(" "):
            in_section = raw.strip() == "DEPENDENCIES"
            continue
        m = _LOCK_DEP.fullmatch(raw) if in_section else None
        if m:
            out.append(Dependency("rubygems", m.group(1), path, number, False, m.group(2) or None))
    return out
