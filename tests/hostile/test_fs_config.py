"""The repository's config is hostile input too: its patterns, its paths and its shape."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from integrations_drift.paths import glob_match
from tests.gitrepo import CLEAN, make_repo, write
from tests.hostile.helpers import cli, no_traceback

DEEP = 50_000


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", CLEAN)


def _service(regex: str) -> str:
    return (
        "services:\n"
        "  - name: Evil Service\n"
        "    category: apis\n"
        "    signals:\n"
        f"      imports: ['{regex}']\n"  # YAML single quotes keep backslashes as typed
    )


def _best_of(fn: object, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def test_catastrophic_config_regex_runs_in_linear_time(repo: Path) -> None:
    # Under backtracking, "(a+)+$" over 40 'a's and a 'b' does not finish; RE2 reads it once.
    write(
        repo, {".integrations-drift.yml": _service("(a+)+$"), "app/evil.py": "x = '" + "a" * 200_000 + "b'\n"}
    )
    run = no_traceback(cli("check", str(repo), timeout=120))
    assert "Evil Service" not in run.out


def test_config_regex_re2_cannot_run_is_a_config_error(repo: Path) -> None:
    write(repo, {".integrations-drift.yml": _service("(?=stripe)stripe")})
    line = cli("check", str(repo)).one_line_error()
    assert "RE2" in line and ".integrations-drift.yml" in line


def test_config_regex_still_detects(repo: Path) -> None:
    write(
        repo,
        {
            ".integrations-drift.yml": _service(r"EvilClient\(\s*\w+\s*\)"),
            "app/c.py": "c = EvilClient( key )\n",
        },
    )
    assert "Evil Service" in no_traceback(cli("check", str(repo))).out


def test_glob_of_twenty_double_stars_is_linear_in_the_path() -> None:
    pattern = "**/" * 20 + "x.py"
    assert glob_match(pattern, "a/b/x.py") and not glob_match(pattern, "a/b/y.py")

    def miss(depth: int) -> object:
        path = "d/" * depth + "y.py"
        return lambda: [glob_match(pattern, path) for _ in range(20)]

    small, large = _best_of(miss(200)), _best_of(miss(1600))
    # 8 times the path: linear is about 8 times the time; backtracking over 20 stars is not close.
    assert large < max(small, 1e-4) * 80


def test_repeated_double_stars_mean_one() -> None:
    assert glob_match("src/**/**/**/x.py", "src/x.py")
    assert glob_match("src/**/**/x.py", "src/a/b/c/x.py")
    assert not glob_match("src/**/**/x.py", "lib/a/x.py")


@pytest.mark.parametrize("key", ["exclude", "include", "support-code"])
def test_glob_with_a_bad_range_is_a_config_error(repo: Path, key: str) -> None:
    write(repo, {".integrations-drift.yml": f'{key}: ["src/[z-a].py"]\n'})
    line = cli("check", str(repo)).one_line_error()
    assert "[z-a]" in line and key in line


def test_ignore_rule_glob_with_a_bad_range(repo: Path) -> None:
    write(
        repo,
        {
            ".integrations-drift.yml": 'ignore:\n  - kind: stale-env-var\n    subject: "[z-a]"\n'
            "    reason: no reason at all\n"
        },
    )
    cli("check", str(repo)).one_line_error()


def _deep_list() -> str:
    return "[" * DEEP + "]" * DEEP


def test_deep_config_yaml(repo: Path) -> None:
    write(repo, {".integrations-drift.yml": f"exclude: {_deep_list()}\n"})
    assert "nested too deeply" in cli("check", str(repo)).one_line_error()


def test_deep_pyproject(repo: Path) -> None:
    write(repo, {"pyproject.toml": f"[tool.integrations-drift]\nexclude = {_deep_list()}\n"})
    assert "nested too deeply" in cli("check", str(repo)).one_line_error()


def test_deep_baseline(repo: Path) -> None:
    write(repo, {"b.yml": f"version: 1\naccepted: {_deep_list()}\n"})
    assert "nested too deeply" in cli("check", str(repo), "--baseline", "b.yml").one_line_error()


def test_deep_json_manifest_is_a_warning_not_a_crash(repo: Path) -> None:
    write(repo, {"package.json": '{"dependencies": ' + _deep_list() + "}"})
    run = no_traceback(cli("check", str(repo)))
    assert "package.json" in run.err


def test_config_doc_path_outside_is_refused(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.md").write_text("# not ours\n")
    write(repo, {".integrations-drift.yml": "doc: ../elsewhere.md\n"})
    assert "leaves the repository" in cli("check", str(repo)).one_line_error()
