"""``data/env_resolve.yml``: how names that are not a literal where they are read are resolved."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import field_validator, model_validator

from integrations_drift.datafiles import DataModel, load


class Definition(DataModel):
    regex: re.Pattern[str]
    exported: bool = False
    member: bool = False  # only through its object or class (`KEYS.DB`)

    @field_validator("regex")
    @classmethod
    def _has_name(cls, value: re.Pattern[str]) -> re.Pattern[str]:
        if "name" not in value.groupindex:
            raise ValueError("needs a `name` group")
        return value


class Loop(DataModel):
    regex: re.Pattern[str]
    iterable: Literal["after", "before"] = "after"
    pairs: Literal["destructure", "index"] = "destructure"
    single: Literal["keys", "values"] = "keys"
    implicit: str = ""  # the variable a block binds without naming it (Kotlin `it`)

    @model_validator(mode="after")
    def _groups(self) -> Loop:
        if "vars" not in self.regex.groupindex:
            raise ValueError("needs a `vars` group")
        if self.iterable == "after" and "iter" not in self.regex.groupindex:
            raise ValueError("iterable: after needs an `iter` group")
        return self


class EnvExport(DataModel):
    regex: str  # with {env}
    call: bool = False
    local: bool = False  # group `fn`: a file-local function returning the object (see env_export_calls)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        if "{env}" not in value:
            raise ValueError("needs {env}, where the environment object goes")
        if value.count("{env}") != 1:
            raise ValueError("needs {env} exactly once")
        re.compile(value.replace("{env}", "(?P<envobj>x)"))
        return value


class EnvPassed(DataModel):
    regex: re.Pattern[str]
    alias: str


class LanguageWords(DataModel):
    definitions: tuple[Definition, ...] = ()
    loops: tuple[Loop, ...] = ()
    imports: tuple[str, ...] = ()
    env_exports: tuple[EnvExport, ...] = ()
    module_imports: tuple[re.Pattern[str], ...] = ()
    env_alias: str = ""  # the alias key (env_patterns.yml) an imported environment object fills
    env_passed: tuple[EnvPassed, ...] = ()
    module_reexports: tuple[re.Pattern[str], ...] = ()
    env_export_calls: tuple[str, ...] = ()  # with {fn}: exporting a local function's result

    @field_validator("env_export_calls")
    @classmethod
    def _fn_placeholder(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            if "{fn}" not in text:
                raise ValueError(f"{text!r}: needs {{fn}}")
            re.compile(text.replace("{fn}", "x"))
        return value

    @field_validator("module_reexports")
    @classmethod
    def _reexport_groups(cls, value: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
        for p in value:
            if "mod" not in p.groupindex or not {"items", "all"} & p.groupindex.keys():
                raise ValueError(f"{p.pattern!r}: needs `mod` and one of `items`, `all`")
        return value

    @field_validator("module_imports")
    @classmethod
    def _import_groups(cls, value: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
        for p in value:
            if "mod" not in p.groupindex or not {"default", "items", "ns"} & p.groupindex.keys():
                raise ValueError(f"{p.pattern!r}: needs `mod` and one of `default`, `items`, `ns`")
        return value

    shared_directory: bool = False  # the files of a directory share their names (Go and Java packages)

    @field_validator("imports")
    @classmethod
    def _placeholder(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            if "{name}" not in text:
                raise ValueError(f"{text!r}: needs {{name}}")
            re.compile(text.replace("{name}", "X"))
        return value


class Iteration(DataModel):
    keys: frozenset[str]
    values: frozenset[str]
    entries: frozenset[str]
    indexed: frozenset[str]
    same: frozenset[str]

    def mode_of(self, word: str) -> str | None:
        for mode in ("keys", "values", "entries", "indexed", "same"):
            if word in getattr(self, mode):
                return mode
        return None


class ResolveWords(DataModel):
    """``data/env_resolve.yml``."""

    twin_suffixes: tuple[str, ...]
    passthrough: frozenset[str]
    upper_case: frozenset[str]
    enum_name: frozenset[str]
    iteration: Iteration
    constructors: tuple[str, ...]
    walk_lookups: tuple[str, ...]
    languages: dict[str, LanguageWords]


def resolve_words() -> ResolveWords:
    return load("env_resolve.yml", ResolveWords)


@cache
def import_patterns(language: str, name: str) -> tuple[re.Pattern[str], ...]:
    words = resolve_words().languages.get(language)
    if words is None:
        return ()
    return tuple(re.compile(text.replace("{name}", re.escape(name))) for text in words.imports)
