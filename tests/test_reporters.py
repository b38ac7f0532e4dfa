"""The reporter registry: every format module is registered, and every registered format runs
through the command line on a real repository."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import integrations_drift.report as report_pkg
from integrations_drift.cli import FORMATS, main
from integrations_drift.report import BY_NAME, REPORTERS
from integrations_drift.report.base import Reporter
from tests.conftest import RepoFactory
from tests.gitrepo import CLEAN

HELPERS = {"base", "safe", "schema"}  # modules of the package that are not formats


def test_every_format_module_is_registered_once() -> None:
    modules = {m.name for m in pkgutil.iter_modules(report_pkg.__path__)} - HELPERS
    registered = set()
    for name in modules:
        module = importlib.import_module(f"integrations_drift.report.{name}")
        reporter = getattr(module, "REPORTER", None)
        assert isinstance(reporter, Reporter), f"report/{name}.py has no REPORTER"
        assert reporter in REPORTERS, f"report/{name}.py is not in REPORTERS"
        registered.add(reporter.name)
    assert len(REPORTERS) == len(BY_NAME) == len(registered)
    assert tuple(r.name for r in REPORTERS) == FORMATS


def test_every_reporter_has_the_one_signature() -> None:
    for reporter in REPORTERS:
        params = list(inspect.signature(reporter.render).parameters)
        assert params == ["result", "options"], reporter.name
        assert reporter.summary, reporter.name


@pytest.mark.parametrize("fmt", [r.name for r in REPORTERS])
def test_every_format_runs_from_the_command_line(
    fmt: str, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**CLEAN, "app/pay.py": 'import os\nKEY = os.environ["PAYMENT_KEY"]\n'})
    assert main(["check", str(repo), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "PAYMENT" in out  # (markdown escapes the underscore)
