"""One scan, several reports: ``check --format FMT[=FILE]`` repeated, and ``--output``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import integrations_drift.cli as cli
import integrations_drift.pr as pr
from integrations_drift.cli import main
from tests.conftest import RepoFactory
from tests.gitrepo import git
from tests.report_repos import BASELINE, FILES, drifting_repo


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def count_scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    # PR mode is imported where the command runs it, so it is counted in its own module.
    for module, name in ((cli, "run_check"), (pr, "run_pr_check")):
        real = getattr(module, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


def test_one_scan_writes_every_format(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory(FILES)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    scans = count_scans(monkeypatch)
    code, out, err = run(
        capsys,
        "check",
        str(repo),
        "--format",
        f"sarif={out_dir / 'drift.sarif'}",
        "--format",
        "concise",
        "--format",
        f"json={out_dir / 'drift.json'}",
        "--format",
        f"github={out_dir / 'annotations.txt'}",
        "--format",
        f"markdown={out_dir / 'summary.md'}",
    )
    assert code == 1 and scans == ["run_check"]
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "annotations.txt",
        "drift.json",
        "drift.sarif",
        "summary.md",
    ]
    wrote = [line for line in err.splitlines() if line.startswith("wrote ")]
    assert len(wrote) == 4 and all(line.endswith("notices") for line in wrote)
    # Each file is what the format alone prints.
    for fmt, name in (("sarif", "drift.sarif"), ("json", "drift.json"), ("github", "annotations.txt")):
        alone = run(capsys, "check", str(repo), "--format", fmt)[1]
        assert (out_dir / name).read_text(encoding="utf-8") == alone, fmt
    assert out == run(capsys, "check", str(repo), "--format", "concise")[1]
    assert json.loads((out_dir / "drift.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_pr_mode_scans_once_too(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory(FILES)
    base = git(repo, "rev-parse", "HEAD")
    scans = count_scans(monkeypatch)
    code, out, _ = run(
        capsys, "check", str(repo), "--base", base, "--format", "json", "--format", f"sarif={tmp_path / 's'}"
    )
    assert scans == ["run_pr_check"]
    assert json.loads(out)["mode"] == "pr" and (tmp_path / "s").exists()
    assert code == 0  # nothing new


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "json", "--format", "text"], "at most one --format can go to standard output"),
        (["--format", "json=-", "--format", "concise"], "at most one --format can go to standard output"),
        (["--format", "json=a", "--format", "sarif=a"], "a is named twice"),
        (["--format", "json="], "--format json=: no file name"),
        (["--format", "xml=a"], "invalid choice: 'xml'"),
        (["--format", "json", "--format", "sarif=b", "--output", "c"], "--output takes one --format"),
        (["--format", "json=a", "--output", "c"], "--output and --format FMT=FILE both name a file"),
        (
            ["--format", "json=no/such/dir/a.json"],
            "--format json no/such/dir/a.json: directory no/such/dir does not exist",
        ),
        (["--format", "sarif=."], "--format sarif .: is a directory"),
    ],
)
def test_output_usage_errors_come_before_the_scan(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    scans = count_scans(monkeypatch)
    code, out, err = run(capsys, "check", str(tmp_path / "no-repository-here"), *argv)
    assert (code, out, scans) == (2, "", [])
    assert err.startswith("integrations-drift: error: ") and err.count("\n") == 1
    assert message in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_output_dash_is_standard_output(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory(FILES)
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run(capsys, "check", str(repo), "--format", "json", "--output", "-")
    assert code == 1 and json.loads(out)["findings"] and "wrote" not in err
    code, out, _ = run(capsys, "check", str(repo), "--format", "concise=-", "--format", "json=r.json")
    assert out.startswith("app/") or out.startswith("INTEGRATIONS.md")
    assert json.loads((here / "r.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(p.name for p in here.iterdir()) == ["r.json"]  # no "-", no temporary file left


def test_files_are_replaced_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(FILES)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "report.json"
    target.write_text("x" * 100_000, encoding="utf-8")
    target.chmod(0o600)
    run(capsys, "check", str(repo), "--format", f"json={target}", "--format", "text")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_stale_baseline_entries_go_to_stderr_unless_a_text_report_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = drifting_repo(repo_factory)
    warning = "integrations-drift: warning: baseline entry stale-env-var GONE_VAR matches no finding"
    _, _, err = run(capsys, "check", str(repo), "--baseline", BASELINE, "--format", "sarif")
    assert warning in err
    text = tmp_path / "report.txt"
    _, out, err = run(
        capsys, "check", str(repo), "--baseline", BASELINE, "--format", "json", "--format", f"text={text}"
    )
    assert warning not in err
    assert "stale baseline entries (1)" in text.read_text(encoding="utf-8")
    assert json.loads(out)["stale_baseline"][0]["subject"] == "GONE_VAR"
