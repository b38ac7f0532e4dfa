"""The framework patterns (``data/env_frameworks.yml``): libraries and frameworks that read the
environment on the application's behalf. Validated once; each language's patterns are fused into one
regex so a file is searched in a single pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field, RootModel, ValidationInfo, field_validator, model_validator

from integrations_drift.datafiles import DataModel, load
from integrations_drift.lazy_re import lazy
from integrations_drift.scan.types import SourceFile

_NAMED_GROUP = lazy(r"\(\?P<")


class _Regexes(DataModel):
    """Every regex field compiles (a typo in the data file fails its load, not a scan)."""

    @field_validator("*")
    @classmethod
    def _compiles(cls, value: object, info: ValidationInfo) -> object:
        if info.field_name in {
            "regex",
            "requires",
            "prefilter",
            "required",
            "marker",
            "defaulted",
        } and isinstance(value, str):
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"{info.field_name}: {exc}") from exc
        return value


class NamePattern(_Regexes):
    """A place whose string literals are variable names (``cli.EnvVars("A", "B")``, ``envvar="X"``)."""

    id: str
    regex: str
    requires: str | None = None
    take: Literal["all", "first"] = "all"
    max_args: int | None = None
    split: str | None = None
    default: Literal["flag", "always", "never", "args"] = "flag"
    scope: Literal["brace", "call", "chain"] = "brace"
    # with `default: flag`, a pattern's own sign of a default, searched in its scope instead of the
    # language's `required` (an attribute's `default = "…"`: without it the variable is required)
    defaulted: str | None = None
    # only UPPER_CASE literals are names (a shape known by its function's name alone)
    upper: bool = False

    @model_validator(mode="after")
    def _no_groups(self) -> NamePattern:
        if _NAMED_GROUP.search(self.regex):
            raise ValueError(f"pattern {self.id}: named groups are not used (the value follows the match)")
        return self


class PrefixPattern(_Regexes):
    """A loader that reads every variable starting with the literal that follows the match."""

    id: str
    regex: str
    requires: str | None = None
    upper: bool = False
    suffix: str = ""

    def prefix_of(self, literal: str) -> str:
        if not literal:
            return ""
        text = literal.upper() if self.upper else literal
        return text if not self.suffix or text.endswith(self.suffix) else text + self.suffix


class ImplicitReader(_Regexes):
    """A framework that reads its own settings from the environment once the application runs it."""

    id: str
    marker: str
    names: tuple[str, ...]  # names, or prefixes ending in "*"


class FeatureUse(_Regexes):
    """A framework feature whose use makes the framework read fixed variables itself."""

    id: str
    marker: str
    names: tuple[str, ...]
    optional: bool = False  # something else stands in for the variable (a key file)
    # a production server runs the script wherever the repository keeps it (a mail server pipes
    # mail to it): its read is the application's even in a tooling folder, though not in tests
    production: bool = False


class FrameworkSpec(_Regexes):
    prefilter: str
    case_insensitive: bool = False  # configuration keys match without regard to case (.NET)
    implicit: tuple[ImplicitReader, ...] = ()
    uses: tuple[FeatureUse, ...] = ()
    required: str | None = None
    names: tuple[NamePattern, ...] = ()
    prefixes: tuple[PrefixPattern, ...] = ()
    options: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class EnvFrameworksFile(RootModel[dict[str, FrameworkSpec]]):
    """``data/env_frameworks.yml``: one spec per language (the names of ``env_patterns.yml``)."""


def spec(language: str) -> FrameworkSpec | None:
    return load("env_frameworks.yml", EnvFrameworksFile).root.get(language)


def with_prefilter(language: str, base: re.Pattern[bytes]) -> re.Pattern[bytes]:
    """The language's own prefilter, widened by its framework prefilter (a file that only declares
    CLI flags or reads a configuration service holds none of the language's read words)."""
    sp = spec(language)
    if sp is None:
        return base
    return re.compile(base.pattern + b"|" + sp.prefilter.encode())


@cache
def prefilter(language: str) -> re.Pattern[bytes] | None:
    sp = spec(language)
    return re.compile(sp.prefilter.encode()) if sp is not None else None


@cache
def implicit(language: str) -> tuple[tuple[ImplicitReader, re.Pattern[str]], ...]:
    sp = spec(language)
    return tuple((r, re.compile(r.marker)) for r in sp.implicit) if sp is not None else ()


@cache
def uses(language: str) -> tuple[tuple[FeatureUse, re.Pattern[str]], ...]:
    sp = spec(language)
    return tuple((u, re.compile(u.marker)) for u in sp.uses) if sp is not None else ()


def case_insensitive(language: str) -> bool:
    sp = spec(language)
    return sp is not None and sp.case_insensitive


def option_list(language: str, key: str) -> tuple[str, ...]:
    sp = spec(language)
    return sp.options.get(key, ()) if sp is not None else ()


@dataclass(frozen=True, slots=True)
class Compiled:
    """Name and prefix patterns fused into one regex: group ``n<i>`` / ``p<i>`` says which matched."""

    regex: re.Pattern[str] | None
    names: tuple[NamePattern, ...]
    prefixes: tuple[PrefixPattern, ...]
    required: re.Pattern[str] | None


@cache
def requirements(language: str) -> tuple[tuple[str, re.Pattern[bytes], re.Pattern[str]], ...]:
    """(pattern id, the test on a file's bytes, the same on its code) of the language's patterns
    that need their library in the file. The bytes test is the cheap one; the code test (comments
    blanked) confirms it."""
    sp = spec(language)
    if sp is None:
        return ()
    pats: list[NamePattern | PrefixPattern] = [*sp.names, *sp.prefixes]
    return tuple((p.id, re.compile(p.requires.encode()), re.compile(p.requires)) for p in pats if p.requires)


@cache
def compiled(language: str, excluded: frozenset[str] = frozenset()) -> Compiled:
    """The language's patterns less ``excluded`` (ids whose library the file does not use): a
    pattern left out cannot take a match from another (commander's and yargs' ``.env(``)."""
    sp = spec(language)
    if sp is None:
        return Compiled(None, (), (), None)
    names = tuple(p for p in sp.names if p.id not in excluded)
    prefixes = tuple(p for p in sp.prefixes if p.id not in excluded)
    parts = [f"(?P<n{i}>{p.regex})" for i, p in enumerate(names)]
    parts += [f"(?P<p{i}>{p.regex})" for i, p in enumerate(prefixes)]
    return Compiled(
        regex=re.compile("|".join(parts)) if parts else None,
        names=names,
        prefixes=prefixes,
        required=re.compile(sp.required) if sp.required else None,
    )


def declaring_files(sources: list[SourceFile], names: set[str], keywords: str) -> dict[str, SourceFile]:
    """The first file that declares each of ``names`` (``class Name``; ``keywords`` is the regex of
    the declaring words). A type usually lives in the file named after it, which is tried first;
    the others are found in one search for the names over every file (names first: the regex
    engine skips ahead to them), each hit confirmed by the words before it. The application's
    declaration comes before one in test or tooling code (a test's double of the same name)."""
    if not names:
        return {}
    before = re.compile(rb"\b(?:" + keywords.encode() + rb")\s+$")
    out: dict[str, SourceFile] = {}
    stems: dict[str, list[SourceFile]] = {}
    sources = sorted(sources, key=lambda sf: sf.is_support)
    for sf in sources:
        stems.setdefault(sf.path.rsplit("/", 1)[-1].split(".", 1)[0], []).append(sf)
    doubles: dict[str, SourceFile] = {}
    for name in sorted(names):
        own = re.compile(rb"\b(?:" + keywords.encode() + rb")\s+" + re.escape(name.encode()) + rb"\b")
        hit = next((sf for sf in stems.get(name, []) if own.search(sf.data)), None)
        if hit is not None and hit.is_support:
            doubles[name] = hit
        elif hit is not None:
            out[name] = hit
    rest = names - set(out)
    if rest:
        needle = re.compile(b"|".join(re.escape(n.encode()) for n in sorted(rest, key=len, reverse=True)))
        for sf in sources:
            for m in needle.finditer(sf.data):
                name = m.group().decode()
                end = m.end()
                if name in out or (
                    end < len(sf.data) and (sf.data[end : end + 1].isalnum() or sf.data[end] == 95)
                ):
                    continue
                if before.search(sf.data, max(0, m.start() - 24), m.start()):
                    out[name] = sf
    return {**doubles, **out}
