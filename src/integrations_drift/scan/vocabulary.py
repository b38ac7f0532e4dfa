"""The scanners' vocabularies, kept as data: what a path says about a file (``data/paths.yml``),
and the words code is recognised by (``data/code_words.yml``)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from integrations_drift.datafiles import DataModel, load


def _join_alternatives(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(value)
    return value


# A list of regex alternatives in the file, one compiled alternation in the model: a list keeps a
# comment beside each alternative.
Alternation = Annotated[re.Pattern[str], BeforeValidator(_join_alternatives)]
# The same for a bytes regex that is completed at run time (``{names}`` filled in), so not compiled.
BytesTemplate = Annotated[bytes, BeforeValidator(_join_alternatives)]


class PathVocabulary(DataModel):
    """``data/paths.yml``."""

    vendored_dirs: frozenset[str]
    # third-party Python packages no application names its own: a folder holding two of them
    # (`lib/certifi/`, `lib/six.py`) is a copy of installed dependencies
    bundled_python_packages: frozenset[str]
    manifest_skipped_dirs: frozenset[str]
    test_dirs: frozenset[str]
    test_names: Alternation
    test_path: Alternation
    tooling_dirs: frozenset[str]
    tooling_names: Alternation
    build_script_names: Alternation
    tooling_path: Alternation
    runner_dev_dirs: frozenset[str]
    database_init_dirs: tuple[str, ...]
    tooling_script_suffixes: frozenset[str]
    tooling_script_words: frozenset[str]
    tooling_script_prefixes: tuple[str, ...]
    # a `bin/` folder's scripts in any of these languages are named for their job too
    bin_script_suffixes: frozenset[str]
    # Go build tags that keep a file out of the application's build (`//go:build ignore`)
    go_support_tags: frozenset[str] = frozenset()


def path_vocabulary() -> PathVocabulary:
    return load("paths.yml", PathVocabulary)


class NamedImport(DataModel):
    gate: BytesTemplate
    pattern: Alternation

    @model_validator(mode="after")
    def _parts(self) -> NamedImport:
        if b"{names}" not in self.gate:
            raise ValueError("gate: needs {names}, where the wrapper names go")
        missing = {"items", "mod"} - self.pattern.groupindex.keys()
        if missing:
            raise ValueError(f"pattern: needs the groups {sorted(missing)}")
        return self


class WrapperWords(DataModel):
    generic_names: frozenset[str]
    self_qualifiers: frozenset[str]
    library_qualifiers: dict[str, frozenset[str]]
    default_keywords: tuple[str, ...]
    index_stems: frozenset[str]
    named_imports: dict[str, NamedImport]
    # Per language: a module-level instance of a class (group `cls`; group `name`, absent for a
    # default export). Generic wrappers that are its methods are followed through it.
    instances: dict[str, Alternation]
    # Constructor names: a name stored by one and read by a method makes the class a wrapper.
    constructors: frozenset[str]


class WalkWords(DataModel):
    key_variables: tuple[str, ...]
    prefix_tests: tuple[str, ...]
    collection_constructors: tuple[str, ...]
    key_lookups: tuple[str, ...]


class CodeWords(DataModel):
    """``data/code_words.yml``."""

    wrappers: WrapperWords
    walks: WalkWords
    dev_group_words: frozenset[str]


def code_words() -> CodeWords:
    return load("code_words.yml", CodeWords)


def any_word(words: tuple[str, ...]) -> str:
    """A non-capturing regex group matching any of ``words`` as written, in their order."""
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"
