"""Which kind of configuration file a path is, from the name patterns in ``configfiles_kinds.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from integrations_drift.paths import glob_regex

_DATA_FILE = "configfiles_kinds.yml"


@dataclass(frozen=True, slots=True)
class KindTable:
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    not_suffixes: tuple[str, ...]
    example_markers: frozenset[str]


def _str_list(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{_DATA_FILE}: {what} must be a list of strings")
    return [str(v) for v in value]


def _combined(patterns: list[str]) -> re.Pattern[str]:
    # One regex per kind: a path is tested against each kind once, not against every glob.
    return re.compile("|".join(f"(?:{glob_regex(p).pattern})" for p in patterns))


def parse_table(raw: object) -> KindTable:
    if not isinstance(raw, dict) or not isinstance(raw.get("kinds"), dict):
        raise ValueError(f"{_DATA_FILE}: a 'kinds' mapping is required")
    kinds = tuple(
        (str(kind), _combined(_str_list(patterns, f"kinds.{kind}")))
        for kind, patterns in raw["kinds"].items()
    )
    return KindTable(
        kinds=kinds,
        not_suffixes=tuple(s.lower() for s in _str_list(raw.get("not_suffixes", []), "not_suffixes")),
        example_markers=frozenset(
            s.lower() for s in _str_list(raw.get("example_markers", []), "example_markers")
        ),
    )


@lru_cache(maxsize=1)
def table() -> KindTable:
    text = (resources.files("integrations_drift") / "data" / _DATA_FILE).read_text(encoding="utf-8")
    return parse_table(yaml.safe_load(text))


def classify(path: str) -> str | None:
    """The kind of configuration file at ``path``, or None when it is not one."""
    t = table()
    lowered = path.lower()
    if lowered.endswith(t.not_suffixes):
        return None
    for kind, pattern in t.kinds:
        if pattern.match(path):
            return kind
    return None


def is_example(path: str) -> bool:
    """Whether a dotenv file only documents its variables (``.env.example``, ``sample.env``)."""
    name = path.rsplit("/", 1)[-1].lower()
    return any(part in table().example_markers for part in name.split("."))
