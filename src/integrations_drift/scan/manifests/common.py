"""Shared pieces of the manifest readers: the dependency record, the reader interface, text helpers."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal, Protocol

from integrations_drift.catalog.model import Ecosystem as Ecosystem

# Re-exported: the readers name their ecosystem through this module.
from integrations_drift.scan.lines import line_at as line_at
from integrations_drift.scan.vocabulary import code_words

# A lock file is read only when no manifest of its ecosystem sits in the same folder: manifests
# list direct dependencies, locks mostly list transitive ones.
Kind = Literal["manifest", "lock"]


@dataclass(frozen=True, slots=True)
class Dependency:
    """One declared dependency, pointing at the exact line of its declaration."""

    ecosystem: Ecosystem
    name: str
    path: str
    line: int
    dev: bool
    version: str | None


class ManifestError(Exception):
    """A manifest that cannot be read as a whole; the message becomes the warning text."""


class Reader(Protocol):
    """What every ecosystem module provides."""

    ECOSYSTEM: Ecosystem

    def kind(self, path: str) -> Kind | None:
        """Whether ``path`` (repo-relative, posix) is a manifest or lock file this module reads."""
        ...

    def parse(self, path: str, data: bytes) -> list[Dependency]:
        """Dependencies declared in the file; raises ManifestError when it is malformed."""
        ...


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def decode(data: bytes) -> str:
    """Manifest text; binary junk is refused rather than scanned for names."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ManifestError("not valid UTF-16 text") from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise ManifestError("binary content")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A stray Latin-1 byte in a comment should not lose the whole file; a mostly binary blob should.
        bad = sum(1 for ch in data.decode("utf-8", errors="replace") if ch == "\ufffd")
        if bad * 4 > len(data):
            raise ManifestError(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
        return data.decode("utf-8", errors="replace")


def split_lines(text: str) -> list[str]:
    """Lines split on ``\\n`` only, so indexes agree with line counts taken by the parsers."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def type_name(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# Group names whose members only serve development: `dev`, `test-e2e`, `docs`, `lint`, ...
# (data/code_words.yml).
_DEV_TOKENS = code_words().dev_group_words


def is_dev_name(name: str) -> bool:
    """True for group, extra or file names that mark development-only dependencies."""
    lowered = name.strip().lower()
    return lowered in _DEV_TOKENS or any(tok in _DEV_TOKENS for tok in re.split(r"[-_.\s]+", lowered))
