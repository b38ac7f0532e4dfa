"""Which kind of configuration file a path is, from the name patterns in ``configfiles_kinds.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import model_validator

from integrations_drift.datafiles import DataModel, load, validate
from integrations_drift.globindex import NameGlobs, PathGlobs

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
    # Each kind's name-only globs over the file name, its path globs over the whole path, numbered
    # by kind: the lowest matching number wins.
    name_globs: NameGlobs
    path_globs: PathGlobs


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


def _globs(kinds: list[tuple[str, ...]]) -> tuple[NameGlobs, PathGlobs]:
    """File names are short and mostly literal, so most paths are decided without scanning directories."""
    numbered = [(i, p) for i, patterns in enumerate(kinds) for p in patterns]
    return NameGlobs((i, p) for i, p in numbered if "/" not in p), PathGlobs(
        (i, p) for i, p in numbered if "/" in p
    )


def _compile(data: KindsFile) -> KindTable:
    name_globs, path_globs = _globs(list(data.kinds.values()))
    return KindTable(
        kinds=tuple(data.kinds),
        name_globs=name_globs,
        path_globs=path_globs,
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
        i for i in (t.name_globs.first(path.rsplit("/", 1)[-1]), t.path_globs.first(path)) if i is not None
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
