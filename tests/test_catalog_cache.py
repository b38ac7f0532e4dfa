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
