from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.github.harness import ensure_openapi
from tests.standin.server import Standin


@pytest.fixture
def standin() -> Iterator[Standin]:
    ensure_openapi()
    with Standin() as server:
        yield server
        assert server.violations == [], server.violations


@pytest.fixture
def ghes() -> Iterator[Standin]:
    ensure_openapi()
    with Standin(prefix="/api/v3") as server:
        yield server
        assert server.violations == [], server.violations
