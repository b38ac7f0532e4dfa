"""Repository-relative path handling: glob matching and resolving paths without leaving the repository."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from integrations_drift.bounded_re import BoundedRegexError, compile_bounded


def glob_match_name(pattern: str, name: str) -> bool:
    """A variable-name pattern: exact, or a prefix when it ends in ``*``."""
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return pattern == name


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob of the built-in data as a Python regex (it joins larger alternations); globs from a
    repository's config go through :func:`glob_matcher`."""
    return re.compile(glob_source(pattern))


@lru_cache(maxsize=4096)
def glob_matcher(pattern: str) -> re.Pattern[str]:
    """A glob compiled by RE2: linear in the path whatever the pattern (twenty ``**/`` segments
    took 38 s per path under backtracking). A bad glob (``[z-a]``) raises ValueError."""
    try:
        return compile_bounded(glob_source(pattern))
    except BoundedRegexError as exc:
        raise ValueError(f"bad glob {pattern!r}: {exc}") from None


def glob_source(pattern: str) -> str:
    """Translate a gitignore-style glob (``*``, ``?``, ``**``, ``[...]``) to a regex over posix paths.

    A pattern without ``/`` matches the name at any depth, as in .gitignore; a trailing ``/``
    matches a directory and everything below it.
    """
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")
    if pat.startswith("/"):
        pat = pat[1:]
    dir_only = pat.endswith("/")
    pat = pat.rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            while pat.startswith("**/", i):  # ``**/**/`` means what one ``**/`` means
                i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                out.append(glob_class(pat[i : j + 1]))
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    core = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if dir_only else "(?:/.*)?"
    return f"^{prefix}{core}{suffix}$"


def glob_class(bracket: str) -> str:
    """A glob's ``[...]`` (``[!...]`` negated) as a regex character class."""
    body = bracket[1:-1].replace("\\", "\\\\")
    if body.startswith("!"):
        body = "^" + body[1:]
    return f"[{body}]"


def glob_match(pattern: str, path: str) -> bool:
    try:
        return glob_matcher(pattern).match(path) is not None
    except UnicodeEncodeError:
        # A file name that is not UTF-8 arrives with surrogate escapes, which RE2 cannot take.
        shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return glob_matcher(pattern).match(shown) is not None


@dataclass(frozen=True)
class Resolved:
    """The outcome of resolving a path named by the document."""

    path: str  # normalised, repository-relative
    exists: bool
    is_dir: bool = False
    escapes: str | None = None  # why the path was refused, when it leaves the repository


def normalise(raw: str) -> str | None:
    """Normalise a document path to repository-relative posix form; None when it leaves the repository."""
    value = raw.strip().replace("\\", "/")
    if value.startswith("./"):
        value = value[2:]
    if value.startswith("/") or re.match(r"^[A-Za-z]:/", value) or value.startswith("~"):
        return None
    parts: list[str] = []
    for part in PurePosixPath(value).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def resolve_in_repo(root: Path, raw: str) -> Resolved:
    """Resolve ``raw`` under ``root`` without following anything that leaves it."""
    rel = normalise(raw)
    if rel is None:
        return Resolved(raw, exists=False, escapes="absolute path or '..' leaves the repository")
    if rel == "":
        return Resolved(rel, exists=True, is_dir=True)
    root_real = os.path.realpath(root)
    candidate = os.path.join(root_real, *rel.split("/"))
    if not os.path.lexists(candidate):
        return Resolved(rel, exists=False)
    real = os.path.realpath(candidate)
    if real != root_real and not real.startswith(root_real + os.sep):
        return Resolved(rel, exists=False, escapes="a symbolic link leads outside the repository")
    return Resolved(rel, exists=True, is_dir=os.path.isdir(real))
