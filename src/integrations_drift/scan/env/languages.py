"""The language scanners by name, each imported when a file of its language is first found.

A scanner module (``lang_*``) pulls in its frameworks' modules and compiles their regexes; a
repository without Rust or Java files need not pay for the Rust or Java scanners. Which files
belong to which language is known from this table alone, without importing any scanner.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import cast

from integrations_drift.scan.env.context import Language
from integrations_drift.scan.literals import LiteralGate

# name (also ``EnvRef.source``) -> (module under ``scan.env``, extensions, exact base names)
_TABLE: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "python": ("lang_python", frozenset({".py", ".pyw"}), frozenset()),
    "js": (
        "lang_js",
        frozenset(
            {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".astro"}
        ),
        frozenset(),
    ),
    "go": ("lang_go", frozenset({".go"}), frozenset()),
    "ruby": (
        "lang_ruby",
        frozenset({".rb", ".rake", ".gemspec", ".ru"}),
        frozenset({"Rakefile", "Gemfile", "Guardfile", "Capfile", "Vagrantfile"}),
    ),
    "jvm": ("lang_jvm", frozenset({".java", ".kt", ".kts", ".groovy"}), frozenset()),
    "rust": ("lang_rust", frozenset({".rs"}), frozenset()),
    "csharp": ("lang_csharp", frozenset({".cs", ".csx"}), frozenset()),
    "php": ("lang_php", frozenset({".php"}), frozenset()),
    "elixir": ("lang_elixir", frozenset({".ex", ".exs"}), frozenset()),
    "shell": ("lang_shell", frozenset({".sh", ".bash", ".zsh", ".ksh"}), frozenset()),
}

NAMES: tuple[str, ...] = tuple(_TABLE)
SHELL = "shell"
JS = "js"
_BY_EXTENSION: dict[str, str] = {ext: name for name, (_, exts, _) in _TABLE.items() for ext in exts}
_BY_FILENAME: dict[str, str] = {n: name for name, (_, _, names) in _TABLE.items() for n in names}
_LOADED: dict[str, Language] = {}
_GATES: dict[str, LiteralGate] = {}


def name_for(base_name: str, ext: str) -> str | None:
    """The language of a file by its lower-case extension (with the dot) or exact base name."""
    return _BY_EXTENSION.get(ext) or _BY_FILENAME.get(base_name)


def for_extension(ext: str) -> str | None:
    """The language of a lower-case extension (with the dot)."""
    return _BY_EXTENSION.get(ext)


def get(name: str) -> Language:
    lang = _LOADED.get(name)
    if lang is None:
        module = importlib.import_module(f"integrations_drift.scan.env.{_TABLE[name][0]}")
        lang = _LOADED[name] = cast(Language, module)
    return lang


def gate(name: str) -> LiteralGate:
    """The language's prefilter behind an Aho-Corasick pass for the literals it cannot match without."""
    found = _GATES.get(name)
    if found is None:
        found = _GATES[name] = LiteralGate(get(name).PREFILTER)
    return found


def loaded() -> list[Language]:
    """The scanners imported so far, in the table's order (a language with no file has nothing to finish)."""
    return [_LOADED[name] for name in NAMES if name in _LOADED]


def every() -> list[Language]:
    """Every scanner, imported now (for tests that look at each one)."""
    return [get(name) for name in NAMES]


class Registry(Mapping[str, Language]):
    """The scanners as a mapping by name; looking one up imports it."""

    def __getitem__(self, name: str) -> Language:
        if name not in _TABLE:
            raise KeyError(name)
        return get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)


BY_NAME = Registry()
