"""The compiled built-in catalog, kept in the user's cache folder by content hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.catalog.cached import compiled
from integrations_drift.catalog.index import Catalog
from integrations_drift.catalog.loading import _builtin_services


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("INTEGRATIONS_DRIFT_REFERENCE", raising=False)
    return tmp_path / "integrations-drift"


def _counting(calls: list[int]) -> Catalog:
    calls.append(1)
    return Catalog(_builtin_services()[:5])


def test_built_once_then_loaded(cache_home: Path) -> None:
    calls: list[int] = []
    first = compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    second = compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    assert calls == [1]
    assert [s.name for s in second.services] == [s.name for s in first.services]
    assert len(list(cache_home.glob("catalog-*.pickle"))) == 1


def test_other_data_files_other_key(cache_home: Path) -> None:
    calls: list[int] = []
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    compiled("catalog", ("services.yml", "vendors.yml"), lambda: _counting(calls), Catalog)
    assert calls == [1, 1]


def test_a_damaged_file_is_built_again(cache_home: Path) -> None:
    calls: list[int] = []
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    for f in cache_home.glob("catalog-*.pickle"):
        f.write_bytes(b"not a pickle")
    got = compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    assert calls == [1, 1] and len(got.services) == 5


def test_reference_pass_never_reads_it(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    monkeypatch.setenv("INTEGRATIONS_DRIFT_REFERENCE", "1")
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    assert calls == [1, 1]


def test_import_regexes_are_kept_as_text_and_compiled_on_first_use(cache_home: Path) -> None:
    services = [s for s in _builtin_services() if s.signals.imports][:3]
    compiled("catalog", ("services.yml",), lambda: Catalog(services), Catalog)
    loaded = compiled("catalog", ("services.yml",), lambda: Catalog([]), Catalog)
    rules = loaded.import_rules
    # Loading compiled none of them: a check compiles only those whose literal a file holds.
    assert rules and all(rule.pattern._compiled is None for rule in rules)
    assert [r.pattern.pattern for r in rules] == [i.regex for s in services for i in s.signals.imports]
    first = rules[0].pattern
    assert first.compiled() is first.compiled() and first._compiled is not None


def test_a_change_to_the_pickled_classes_builds_it_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integrations_drift.catalog import cached

    calls: list[int] = []
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    monkeypatch.setattr(cached, "_CLASS_MODULES", ("catalog/index.py",))
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    assert calls == [1, 1]


def test_a_folder_it_cannot_write_is_still_read(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the container image's cache: built at image build, read-only to the user a run may be given
    calls: list[int] = []
    compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("integrations_drift.usercache.tempfile.mkstemp", refuse)
    got = compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog)
    assert calls == [1] and len(got.services) == 5  # read, not built again
    got = compiled("catalog", ("services.yml", "vendors.yml"), lambda: _counting(calls), Catalog)
    assert calls == [1, 1] and len(got.services) == 5  # a miss is built in memory, the run goes on
    assert len(list(cache_home.glob("catalog-*.pickle"))) == 1


def test_a_cache_folder_that_cannot_exist_costs_time_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("INTEGRATIONS_DRIFT_REFERENCE", raising=False)
    calls: list[int] = []
    for _ in range(2):
        assert len(compiled("catalog", ("services.yml",), lambda: _counting(calls), Catalog).services) == 5
    assert calls == [1, 1]
