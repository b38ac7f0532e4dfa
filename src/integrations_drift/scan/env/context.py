"""State shared by the language scanners during one ``scan_env`` run, and their interface."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from integrations_drift.scan.env.frameworks import FrameworkState
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.fw_viper import ViperState
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.syntax import Syntax
from integrations_drift.scan.types import EnvRef, SourceFile


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A project function whose parameter ``index`` is the name of the variable it reads."""

    name: str
    index: int
    always_default: bool
    path: str
    local_only: bool  # too generic a name to follow outside its own file


@dataclass
class ScanContext:
    wrappers: dict[str, dict[str, Wrapper]] = field(default_factory=dict)  # language -> name -> wrapper
    masked: dict[str, Masked] = field(default_factory=dict)  # path -> masked text, for the second pass
    viper: ViperState = field(default_factory=ViperState)  # Go: keys and settings across files
    frameworks: FrameworkState = field(default_factory=FrameworkState)  # CLI parsers, binders
    warnings: list[str] = field(default_factory=list)

    def add_wrapper(self, language: str, wrapper: Wrapper) -> bool:
        table = self.wrappers.setdefault(language, {})
        if wrapper.name in table:
            return False
        table[wrapper.name] = wrapper
        return True


class Language(Protocol):
    """What every ``lang_*`` module provides (modules satisfy this protocol directly)."""

    NAME: str  # also ``EnvRef.source``
    EXTENSIONS: frozenset[str]  # lower-case, with the dot
    FILENAMES: frozenset[str]  # exact base names without a telling extension (``Rakefile``)
    FAMILY: Family
    PREFILTER: re.Pattern[bytes]

    def syntax_for(self, path: str) -> Syntax: ...

    def functions(self, code: str, path: str) -> list[FuncDef]: ...

    def scan(self, sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]: ...

    def finish(self, ctx: ScanContext) -> Iterable[EnvRef]: ...
