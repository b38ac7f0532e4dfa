"""``check --verbose`` says which paths the vendored folders and the config's include/exclude left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.gitrepo import DOC, make_repo, write
from tests.test_monorepo import API_DOC

VENDORED = {f"vendor/lib{i}.py": 'import os\nos.environ["VENDORED_VAR"]\n' for i in range(5)}


def verbose(capsys: pytest.CaptureFixture[str], repo: Path, *argv: str) -> list[str]:
    main(["check", str(repo), "-v", *argv])
    return [line for line in capsys.readouterr().err.splitlines() if "not scanned:" in line]


def test_vendored_and_excluded_paths_are_counted_with_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": API_DOC,
            "app/a.py": 'import os\nos.environ["API_TOKEN"]\n',
            "scripts/seed.py": 'import os\nos.environ["SEED_VAR"]\n',
            ".integrations-drift.yml": "exclude: ['scripts/**']\n",
            ".integrations-drift-baseline.json": '{"version": 1, "accepted": []}\n',
            **VENDORED,
        },
    )
    lines = verbose(capsys, repo)
    assert lines == [
        "integrations-drift: not scanned: 5 paths in vendored or build folders (node_modules, vendor, …): "
        "vendor/lib0.py, vendor/lib1.py, vendor/lib2.py, …",
        "integrations-drift: not scanned: 1 path matched by the config's exclude: scripts/seed.py",
    ]
    # Without -v nothing is said.
    main(["check", str(repo)])
    assert "not scanned" not in capsys.readouterr().err


def test_paths_outside_include(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": API_DOC,
            "app/a.py": 'import os\nos.environ["API_TOKEN"]\n',
            "other/b.py": "",
            "other/c.py": "",
            ".integrations-drift.yml": "include: ['app/**', 'INTEGRATIONS.md']\n",
        },
    )
    [line] = verbose(capsys, repo)
    assert line.endswith(
        "not scanned: 3 paths outside the config's include: .integrations-drift.yml, other/b.py, other/c.py"
    )


def test_nothing_left_out_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "r", {"INTEGRATIONS.md": DOC, ".gitignore": "node_modules/\n"})
    write(repo, {"node_modules/x/index.js": "process.env.X\n"})  # git-ignored: never in the list
    assert verbose(capsys, repo) == []
