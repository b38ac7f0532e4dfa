"""State shared by the language scanners during one ``scan_env`` run, and their interface."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from integrations_drift.scan.env.frameworks import FrameworkState
from integrations_drift.scan.env.functions import FuncDef
from integrations_drift.scan.env.lexer import Family, Masked
from integrations_drift.scan.env.modres import ModuleMap
from integrations_drift.scan.env.syntax import Syntax
from integrations_drift.scan.types import EnvRef, EnvUse, SourceFile


@dataclass(frozen=True, slots=True)
class Form:
    """How the value passed as a name becomes the variable read: ``head`` + value + ``tail``
    (``os.getenv(name + "_FILE")`` reads the value with tail ``_FILE``)."""

    head: str = ""
    tail: str = ""
    upper: bool = False  # the value is upper-cased first (`f"APP_{key.upper()}"`)

    def around(self, head: str, tail: str) -> Form:
        """This form applied to a value that is itself ``head`` + inner value + ``tail``."""
        return Form(self.head + head, tail + self.tail, self.upper)


PLAIN = Form()


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A project function whose parameter ``index`` is the name of the variable it reads (in each
    of its ``forms``: ``get_secret(name)`` may read both ``name`` and ``name + "_FILE"``)."""

    name: str
    index: int
    always_default: bool
    path: str
    local_only: bool  # too generic a name to follow outside its own file
    forms: tuple[Form, ...] = (PLAIN,)
    keyword: str = ""  # the parameter's name, for calls that pass it by keyword (``Setting(env="X")``)


@dataclass(frozen=True, slots=True)
class Pending:
    """A read whose name is an identifier that its own file does not define: a constant or a
    table of another file, looked up once every file has been seen."""

    language: str
    path: str
    line: int
    is_support: bool
    expr: str  # the identifier expression (segments joined with dots)
    form: Form
    has_default: bool
    strict: bool  # only UPPER_CASE names (wrapper arguments, tables)
    table: tuple[str, int, int, bool, bool, tuple[str, ...]] | None = None  # how a loop picks from it
    fallback: str = ""  # the literal prefix to report when nothing resolves
    origin: str = ""  # the file where the identifier is written
    origin_imports: bool = False  # that file imports it by name
    source: str = ""
    use: EnvUse = "read"


@dataclass
class ScanContext:
    wrappers: dict[str, dict[str, Wrapper]] = field(default_factory=dict)  # language -> name -> wrapper
    masked: dict[str, Masked] = field(default_factory=dict)  # path -> masked text, for the second pass
    frameworks: FrameworkState = field(default_factory=FrameworkState)  # CLI parsers, binders
    warnings: list[str] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)  # names to look up in other files
    env_exports: dict[str, set[Any]] = field(default_factory=dict)  # language -> exported env objects
    env_export_paths: set[str] = field(default_factory=set)  # files whose exports are recorded
    extra_aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # path -> imported spellings
    # language -> (function, parameter index or -1, keyword, alias key): the environment passed in
    env_params: dict[str, set[tuple[str, int, str, str]]] = field(default_factory=dict)
    # JS/TS module aliases: the manifests (tsconfig, package.json) and the source paths seen
    module_manifests: list[tuple[str, bytes]] = field(default_factory=list)
    module_paths: set[str] = field(default_factory=set)
    _module_map: ModuleMap | None = None
    env_classes: set[str] = field(default_factory=set)  # JS: environment classes defined elsewhere
    env_schemas: set[str] = field(default_factory=set)  # JS: environment schemas declared elsewhere

    def module_map(self) -> ModuleMap:
        """The tree's module aliases, read once (after the first pass has seen every file)."""
        if self._module_map is None:
            self._module_map = ModuleMap.build(self.module_manifests, self.module_paths)
        return self._module_map

    def add_wrapper(self, language: str, wrapper: Wrapper) -> bool:
        """Register ``wrapper``; a second form of a known wrapper (same parameter) is merged in."""
        table = self.wrappers.setdefault(language, {})
        old = table.get(wrapper.name)
        if old is None:
            table[wrapper.name] = wrapper
            return True
        new_forms = tuple(f for f in wrapper.forms if f not in old.forms)
        if old.index != wrapper.index or not new_forms:
            return False
        table[wrapper.name] = replace(old, forms=old.forms + new_forms)
        return True


class Language(Protocol):
    """What every ``lang_*`` module provides (modules satisfy this protocol directly)."""

    NAME: str  # also ``EnvRef.source``
    FAMILY: Family
    PREFILTER: re.Pattern[bytes]

    def syntax_for(self, path: str) -> Syntax: ...

    def functions(self, code: str, path: str) -> list[FuncDef]: ...

    def scan(self, sf: SourceFile, masked: Masked, ctx: ScanContext) -> Iterable[EnvRef]: ...

    def finish(self, ctx: ScanContext) -> Iterable[EnvRef]: ...
