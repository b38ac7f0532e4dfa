"""The packaged data files: each one loads through the one loader and fits its model; mistakes are
one DataFileError naming the file, the place and the entry."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from pydantic import BaseModel

from integrations_drift import datafiles
from integrations_drift.catalog import ECOSYSTEMS, CatalogFile, Packages, VendorsFile
from integrations_drift.datafiles import DataFileError, DataModel, load, read, validate
from integrations_drift.doc.categories import CategoriesFile
from integrations_drift.doc.columns import ColumnWords
from integrations_drift.engine import EnvIgnoreFile
from integrations_drift.errors import UsageError
from integrations_drift.lazy_re import LazyPattern
from integrations_drift.scan.env.configfiles.kinds import KindsFile
from integrations_drift.scan.env.fw_data import EnvFrameworksFile
from integrations_drift.scan.env.patterns import EnvPatternsFile
from integrations_drift.scan.env.resolve_words import ResolveWords
from integrations_drift.scan.hosts import EndpointWords
from integrations_drift.scan.logins import LoginProvidersFile
from integrations_drift.scan.plugins import PluginsFile
from integrations_drift.scan.vocabulary import CodeWords, PathVocabulary
from integrations_drift.secrets import SecretsData

MODELS: dict[str, type[BaseModel]] = {
    "categories.yml": CategoriesFile,
    "doc_columns.yml": ColumnWords,
    "env_ignore.yml": EnvIgnoreFile,
    "env_patterns.yml": EnvPatternsFile,
    "env_resolve.yml": ResolveWords,
    "env_frameworks.yml": EnvFrameworksFile,
    "configfiles_kinds.yml": KindsFile,
    "services.yml": CatalogFile,
    "paths.yml": PathVocabulary,
    "code_words.yml": CodeWords,
    "endpoints.yml": EndpointWords,
    "login_providers.yml": LoginProvidersFile,
    "plugins.yml": PluginsFile,
    "vendors.yml": VendorsFile,
    "secrets.yml": SecretsData,
}


class _Entry(DataModel):
    name: str
    size: int


class _Entries(DataModel):
    entries: tuple[_Entry, ...]


def test_every_data_file_has_a_model() -> None:
    packaged = {
        f.name
        for f in resources.files("integrations_drift").joinpath("data").iterdir()
        if f.name.endswith(".yml")
    }
    assert packaged == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_data_file_loads_once(name: str) -> None:
    first = load(name, MODELS[name])
    assert isinstance(first, MODELS[name])
    assert load(name, MODELS[name]) is first


@pytest.mark.parametrize("name", sorted(MODELS))
def test_data_file_validates_from_its_source(name: str) -> None:
    # load() may answer from the user's cache folder; this reads and validates the file itself.
    assert validate(name, read(name), MODELS[name]) == load(name, MODELS[name])


def test_a_validated_file_is_kept_in_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("INTEGRATIONS_DRIFT_REFERENCE", raising=False)
    monkeypatch.setattr(datafiles, "_loaded", {})
    first = load("paths.yml", PathVocabulary)
    assert [f.name.split("-")[:3] for f in (tmp_path / "integrations-drift").iterdir()] == [
        ["data", "paths", "PathVocabulary"]
    ]

    def unread(name: str) -> None:
        raise AssertionError(f"{name} read again")

    # A new process (an empty in-process table) loads the pickle: nothing parsed or validated.
    monkeypatch.setattr(datafiles, "_loaded", {})
    monkeypatch.setattr(datafiles, "read", unread)
    assert load("paths.yml", PathVocabulary) == first


def test_patterns_from_the_user_cache_compile_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("INTEGRATIONS_DRIFT_REFERENCE", raising=False)
    monkeypatch.setattr(datafiles, "_loaded", {})
    first = load("paths.yml", PathVocabulary)
    assert isinstance(first.test_names, re.Pattern)  # validated: compiled
    monkeypatch.setattr(datafiles, "_loaded", {})
    cached = load("paths.yml", PathVocabulary)
    # Loading compiled none of the file's patterns; each answers as the compiled one does.
    assert isinstance(cached.test_names, LazyPattern) and cached.test_names._compiled is None
    assert cached.test_names.pattern == first.test_names.pattern
    assert cached.test_names.flags == first.test_names.flags
    for name in ("test_app.py", "app.py", "conftest.py"):
        assert bool(cached.test_names.fullmatch(name)) == bool(first.test_names.fullmatch(name))
    assert cached.test_names._compiled is not None
    assert cached.test_names.groupindex == first.test_names.groupindex  # the rest of re.Pattern
    assert cached == first and hash(cached) == hash(first)


def test_the_cache_key_covers_the_modules_of_nested_models() -> None:
    files = datafiles._source_files(CatalogFile)
    assert "catalog/model.py" in files and "datafiles.py" not in files
    assert datafiles._source_files(ResolveWords) == ("datafiles.py", "scan/env/resolve_words.py")


def test_missing_file() -> None:
    with pytest.raises(DataFileError, match=r"data file nothing\.yml: cannot be read"):
        read("nothing.yml")


def test_error_names_file_place_and_entry() -> None:
    raw = {"entries": [{"name": "first", "size": 1}, {"name": "second", "size": "big"}]}
    with pytest.raises(DataFileError) as info:
        validate("sizes.yml", raw, _Entries)
    message = str(info.value)
    assert message.startswith("data file sizes.yml (entry 'second'): entries.1.size: Input should be")
    assert "\n" not in message
    assert isinstance(info.value, UsageError)


def test_unknown_key_is_a_mistake() -> None:
    with pytest.raises(DataFileError, match=r"entries\.0\.colour: unknown key"):
        validate("sizes.yml", {"entries": [{"name": "a", "size": 1, "colour": "red"}]}, _Entries)


def test_categories_file_agrees_with_the_catalog_type() -> None:
    raw = read("categories.yml")
    raw["categories"] = list(reversed(raw["categories"]))
    with pytest.raises(DataFileError, match="must be the catalog's, in order"):
        validate("categories.yml", raw, CategoriesFile)


def test_ecosystems_are_the_package_lists() -> None:
    assert tuple(Packages.model_fields) == ECOSYSTEMS


def test_regex_alternatives_are_one_alternation() -> None:
    vocabulary = load("paths.yml", PathVocabulary)
    assert vocabulary.test_names.fullmatch("app.test.tsx")
    assert vocabulary.test_names.fullmatch("server_test.go")
    assert not vocabulary.test_names.fullmatch("contest.py")
    assert vocabulary.test_path.search("core/src/test/java/AppTest.java")
    raw = read("paths.yml")
    raw["tooling_path"] = ["(^|/)scripts/", "(unclosed"]
    with pytest.raises(DataFileError, match="tooling_path: Input should be a valid regular expression"):
        validate("paths.yml", raw, PathVocabulary)


def test_named_import_needs_its_groups_and_placeholder() -> None:
    raw = read("code_words.yml")
    raw["wrappers"]["named_imports"]["python"]["pattern"] = [
        r"^from\s+(?P<module>\S+)\s+import\s+(?P<items>.*)"
    ]
    with pytest.raises(
        DataFileError, match=r"wrappers\.named_imports\.python: pattern: needs the groups \['mod'\]"
    ):
        validate("code_words.yml", raw, CodeWords)
    raw = read("code_words.yml")
    raw["wrappers"]["named_imports"]["js"]["gate"] = [r"\bimport\b"]
    with pytest.raises(DataFileError, match=r"gate: needs \{names\}"):
        validate("code_words.yml", raw, CodeWords)
