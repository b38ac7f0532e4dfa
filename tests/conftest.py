"""Shared fixtures: a factory of real git repositories in temporary folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.gitrepo import make_repo

RepoFactory = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def repo_factory(tmp_path: Path) -> RepoFactory:
    """``repo_factory(files)``: a committed git repository holding ``files``, a new one each call."""
    count = iter(range(1_000_000))

    def make(files: dict[str, str | bytes]) -> Path:
        return make_repo(tmp_path / f"repo{next(count)}", files)

    return make
