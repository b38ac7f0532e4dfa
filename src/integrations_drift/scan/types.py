"""Plain data passed between the scanners and the rules (dataclasses: they are made by the thousand)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

EnvUse = Literal["read", "set"]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of the tree that the scanners may look at.

    ``path`` is repository-relative with ``/`` separators; ``data`` is the raw bytes (the
    prefilter works on bytes so most files are never decoded).
    """

    path: str
    data: bytes
    is_support: bool = False  # test or tooling code: evidence, never on its own a new row

    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")


class ReadAgain(SourceFile):
    """A file whose bytes are not kept: each use reads them again through ``load``. The env scan
    holds every source file until its cross-file passes end; holding the ~99 % that its prefilter
    rejects this way keeps the peak memory flat as the tree grows, for a second read of the files
    a cross-file pass looks at."""

    __slots__ = ("_load",)
    _load: Callable[[str], bytes]

    def __init__(self, path: str, is_support: bool, load: Callable[[str], bytes]) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "is_support", is_support)
        object.__setattr__(self, "_load", load)

    @property
    def data(self) -> bytes:
        return self._load(self.path)


@dataclass(frozen=True, slots=True)
class EnvRef:
    """One place where an environment variable is read by the code or set by configuration.

    ``use`` is ``"read"`` for application code reading it and ``"set"`` for places that only
    provide a value (compose ``environment:``, Kubernetes ``env:``, Dockerfile ``ENV``,
    ``.env.example``, workflow ``env:``). ``is_prefix`` marks a dynamically built name, where
    ``name`` is only the literal prefix (``X_`` for ``os.environ[f"X_{n}"]``). ``twin_of`` names
    the variable whose Docker-secrets twin this is (``DB_PASSWORD`` for ``DB_PASSWORD_FILE`` read
    as ``os.getenv(name + "_FILE")``): documenting the base variable covers the twin.
    """

    name: str
    path: str
    line: int
    use: EnvUse = "read"
    has_default: bool = False
    is_prefix: bool = False
    is_support: bool = False  # test or tooling code: evidence, never on its own a new row
    source: str = ""  # the language or file kind that produced it, e.g. "python", "compose"
    twin_of: str = ""  # the base variable of a `<BASE>_FILE` twin, else ""


@dataclass(slots=True)
class EnvScan:
    """Everything the env scanners found in one tree."""

    refs: list[EnvRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    wrappers: set[str] = field(default_factory=set)  # project functions that read a variable they are given
    # Files whose language's prefilter rejected them (path -> language): a lookup of them by a
    # later pass over the same bytes knows the gate's answer without reading them.
    rejected: dict[str, str] = field(default_factory=dict)
    # Files that gave the env scan nothing at all: no configuration-file refs, no language scan,
    # no module manifest, no warning (with ``rejected``, the env side of a cache record).
    quiet: set[str] = field(default_factory=set)


class Unread(ReadAgain):
    """A file not read at all: the per-file cache (scan/filecache.py) or an earlier scan of the
    same bytes found that every gate of the per-file stage rejects it. ``lang``: the env scanner
    its path and bytes pick ("" for none), so it can stand where a rejected file stood."""

    __slots__ = ("lang",)
    lang: str

    def __init__(self, path: str, is_support: bool, load: Callable[[str], bytes], lang: str) -> None:
        super().__init__(path, is_support, load)
        object.__setattr__(self, "lang", lang)
