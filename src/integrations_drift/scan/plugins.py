"""Plugin-style integrations: one vendor per file of a folder of provider modules, or per package
of a family named after the vendors it connects to (``data/plugins.yml``).

A notification service, a log shipper or a storage layer often integrates with dozens of vendors
the same way: ``server/notification-providers/pushover.js`` beside ``slack.js``, or
``laravel-notification-channels/telegram`` beside ``…/discord``. The file or package names the
vendor even when the URL it calls comes from settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pydantic import field_validator

from integrations_drift.datafiles import DataModel, load
from integrations_drift.scan.hosts import Alternation


class PluginsFile(DataModel):
    """``data/plugins.yml``."""

    version: int
    provider_dir_regex: Alternation
    framework_provider_dir_regex: Alternation
    generic_module_stems: frozenset[str]
    packages: dict[str, tuple[re.Pattern[str], ...]]
    class_role_suffixes: frozenset[str]
    class_role_prefixes: frozenset[str]
    entry_file_suffixes: frozenset[str]

    @field_validator("packages", mode="before")
    @classmethod
    def _compile(cls, v: object) -> object:
        if isinstance(v, dict):
            out: dict[str, tuple[re.Pattern[str], ...]] = {}
            for eco, patterns in v.items():
                compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
                for p in compiled:
                    if "id" not in p.groupindex:
                        raise ValueError(f"{eco} package regex {p.pattern!r}: needs the group `id`")
                out[eco] = compiled
            return out
        return v


def plugins() -> PluginsFile:
    return load("plugins.yml", PluginsFile)


_MODULE_NAME = re.compile(r"([A-Za-z0-9][A-Za-z0-9_-]*)\.[A-Za-z0-9]+")
_STEM_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


@cache
def provider_module(path: str) -> str | None:
    """The vendor a provider module stands for, as its file or folder names it: the stem of a file
    in a folder of provider modules (``server/notification-providers/pushover.js`` → ``pushover``,
    ``src/Drivers/Redis.php`` → ``Redis``), or the name of a package folder directly inside one
    (``internal/integration/pushover/client.go`` → ``pushover``: Go and Rust give each provider a
    package); ``None`` for any other file and for the folder's own plumbing (``index.js``,
    ``notification-provider.js``, ``BaseDriver.php``)."""
    folder, _, name = path.rpartition("/")
    m = _MODULE_NAME.fullmatch(name)
    if m is None or not folder:
        return None
    data = plugins()
    parent, _, own = folder.rpartition("/")
    stem = m.group(1)
    if data.framework_provider_dir_regex.search(folder) is not None:
        return None
    if data.provider_dir_regex.fullmatch(own.lower()) is None:
        if not parent or data.provider_dir_regex.fullmatch(parent.rpartition("/")[2].lower()) is None:
            return None
        # The package's own entry file (`slack/slack.go`, `gotify/mod.rs`, `telegram/client.go`),
        # not any class the folder holds (`Backend/CalDAV/CalDAVBackend.php` serves CalDAV).
        if not _entry_file(stem.lower(), own.lower()) and not _generic(stem):
            return None
        stem = own
    return None if _generic(stem) else stem


def _entry_file(stem: str, folder: str) -> bool:
    if stem == folder:
        return True
    rest = stem.removeprefix(folder).lstrip("-_.")
    return len(rest) < len(stem) and rest in plugins().entry_file_suffixes


def _generic(stem: str) -> bool:
    parts = [w.lower() for w in _STEM_WORD.findall(stem)]
    return not parts or all(w in plugins().generic_module_stems for w in parts)


def package_vendor(ecosystem: str, name: str) -> str | None:
    """The vendor a package of a plugin family names (``laravel-notification-channels/telegram``
    → ``telegram``), to be looked up in the catalog."""
    for pattern in plugins().packages.get(ecosystem, ()):
        m = pattern.fullmatch(name)
        if m is not None:
            return m.group("id")
    return None


# One class header per line: Python `class A(B)`, Ruby `class A < B`, JS/Java/PHP `class A extends B`
# or `implements B`, C#/Kotlin `class A : B`. Anchored at the line start, no backtracking across lines.
_CLASS = re.compile(
    r"^[ \t]*(?:(?:export|default|public|final|abstract|sealed|internal|open|readonly)[ \t]+)*class[ \t]+"
    r"([A-Za-z_]\w*)[ \t]*(?:\([ \t]*([\w.]+)|<[ \t]*([\w:]+)|:[ \t]*([\w.]+)"
    r"|(?:[ \t]+extends)?[ \t]+(?:extends|implements)[ \t]+([\w.\\]+))",
    re.MULTILINE,
)


def _class_headers(text: str) -> Iterator[re.Match[str]]:
    """What ``_CLASS.finditer(text)`` gives: a header lies on one line and holds ``class``, so the
    regex is tried only at the start of the lines that do, not at every position of the file."""
    start, tried, seen = 0, -1, 0
    at = text.find("class")
    while at >= 0:
        newline = text.rfind("\n", seen, at)  # each stretch of the text looked at once
        if newline >= 0:
            start = newline + 1
        seen = at
        if start > tried:
            tried = start
            m = _CLASS.match(text, start)
            if m is not None:
                yield m
        at = text.find("class", at + 5)


def vendor_classes(text: str) -> dict[str, list[tuple[str, str, int]]]:
    """The candidate vendor classes of a file by their base: ``(vendor stem, class name, line)``
    for each class whose name, without its role words, is left with a name (``NotifyTelegram`` →
    ``telegram``, ``SlackNotifier`` → ``slack``); only bases two or more classes derive from."""
    data = plugins()
    by_base: dict[str, list[tuple[str, str, int]]] = {}
    line, pos = 1, 0
    for m in _class_headers(text):
        base = next(g for g in m.groups()[1:] if g is not None)
        name = m.group(1)
        words = [w.lower() for w in _STEM_WORD.findall(name)]
        while words and words[-1] in data.class_role_suffixes:
            words.pop()
        while words and words[0] in data.class_role_prefixes:
            words.pop(0)
        if not words or all(w in data.generic_module_stems for w in words):
            continue
        line += text.count("\n", pos, m.start())
        pos = m.start()
        by_base.setdefault(base, []).append(("".join(words), name, line))
    return {base: classes for base, classes in by_base.items() if len(classes) >= 2}
