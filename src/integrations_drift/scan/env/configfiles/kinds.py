"""Which kind of configuration file a path is, from the name patterns in ``configfiles_kinds.yml``."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import model_validator

from integrations_drift.datafiles import DataModel, load, validate
from integrations_drift.paths import glob_regex

_DATA_FILE = "configfiles_kinds.yml"


@dataclass(frozen=True, slots=True)
class KindTable:
    kinds: tuple[str, ...]
    not_suffixes: tuple[str, ...]
    source_kinds: frozenset[str]
    example_markers: frozenset[str]
    bundler_prefixes: tuple[str, ...]
    bundler_env_files: frozenset[str]
    guide_folders: frozenset[str]
    env_list_keys: frozenset[str]
    # Each kind's name-only globs in one alternation over the file name, its path globs in another
    # over the whole path; group "k<i>" is kind i, so the lowest matching group wins.
    name_matcher: re.Pattern[str]
    path_matcher: re.Pattern[str]


class KindsFile(DataModel):
    """``data/configfiles_kinds.yml``."""

    kinds: dict[str, tuple[str, ...]]  # in the order they are tried
    not_suffixes: tuple[str, ...] = ()
    source_kinds: tuple[str, ...] = ()
    example_markers: tuple[str, ...] = ()
    bundler_prefixes: tuple[str, ...] = ()
    bundler_env_files: tuple[str, ...] = ()
    guide_folders: tuple[str, ...] = ()
    env_list_keys: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _source_kinds_known(self) -> KindsFile:
        unknown = [k for k in self.source_kinds if k not in self.kinds]
        if unknown:
            raise ValueError(f"source_kinds names an unknown kind, {unknown[0]!r}")
        return self


def _alternation(per_kind: list[list[str]]) -> re.Pattern[str]:
    groups = [f"(?P<k{i}>{'|'.join(regexes)})" for i, regexes in enumerate(per_kind) if regexes]
    # "(?!)" never matches: a table without path globs must not match every path.
    return re.compile("|".join(groups) or "(?!)")


def _matchers(kinds: list[tuple[str, ...]]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """File names are short and mostly literal, so most paths are decided without scanning directories."""
    names = [[fnmatch.translate(p) for p in patterns if "/" not in p] for patterns in kinds]
    paths = [[glob_regex(p).pattern for p in patterns if "/" in p] for patterns in kinds]
    return _alternation(names), _alternation(paths)


def _compile(data: KindsFile) -> KindTable:
    name_matcher, path_matcher = _matchers(list(data.kinds.values()))
    return KindTable(
        kinds=tuple(data.kinds),
        name_matcher=name_matcher,
        path_matcher=path_matcher,
        not_suffixes=tuple(s.lower() for s in data.not_suffixes),
        source_kinds=frozenset(data.source_kinds),
        example_markers=frozenset(s.lower() for s in data.example_markers),
        bundler_prefixes=data.bundler_prefixes,
        bundler_env_files=frozenset(data.bundler_env_files),
        guide_folders=frozenset(data.guide_folders),
        env_list_keys=frozenset(data.env_list_keys),
    )


def parse_table(raw: object) -> KindTable:
    """The table of a data file's content that has not been through :func:`load` (tests' own tables)."""
    return _compile(validate(_DATA_FILE, raw, KindsFile))


@lru_cache(maxsize=1)
def table() -> KindTable:
    return _compile(load(_DATA_FILE, KindsFile))


def classify(path: str) -> str | None:
    """The kind of configuration file at ``path``, or None when it is not one."""
    t = table()
    found = [
        int(m.lastgroup[1:])
        for m in (t.name_matcher.match(path.rsplit("/", 1)[-1]), t.path_matcher.match(path))
        if m is not None and m.lastgroup is not None
    ]
    if path.lower().endswith(t.not_suffixes):
        # Program source is never a configuration file, unless its kind is made of source files.
        found = [i for i in found if t.kinds[i] in t.source_kinds]
    return t.kinds[min(found)] if found else None


def is_example(path: str) -> bool:
    """Whether a dotenv file only documents its variables (``.env.example``, ``sample.env``)."""
    name = path.rsplit("/", 1)[-1].lower()
    return any(part in table().example_markers for part in name.split("."))


def bundled_names(path: str) -> tuple[str, ...]:
    """The prefixes of the variables a bundler inlines from the dotenv file at ``path`` when it is
    one of the committed build env files (``.env``, ``.env.production``), else ``()``."""
    t = table()
    return t.bundler_prefixes if path.rsplit("/", 1)[-1] in t.bundler_env_files else ()


def in_guide_folder(path: str) -> bool:
    """Whether ``path`` lies in the repository's documentation folder (``docs/self-hosting.md``)."""
    return path.split("/", 1)[0] in table().guide_folders if "/" in path else False
