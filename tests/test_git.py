"""The git layer on real repositories: file listings, rename detection, blob reads, and the import
that starts no process."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrations_drift.git import (
    GitRepo,
    git_environment,
    list_files,
)
from tests.gitrepo import CLEAN, GIT_ENV, commit, git, make_repo, write

SRC = Path(__file__).resolve().parents[1] / "src" / "integrations_drift"


def test_no_listing_outside_the_top_of_a_work_tree(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a/b.py": "x\n"})
    assert list_files(repo / "a") is None
    assert list_files(tmp_path) is None


def test_odd_paths_survive_renames_and_reads(tmp_path: Path) -> None:
    body = "".join(f"line {i}\n" for i in range(20))
    repo = make_repo(tmp_path / "r", {"a.py": body, "b.py": body + "b\n", "c.py": "c\n"})
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "mv", "a.py", ":colon.py")
    git(repo, "mv", "b.py", "new\nline.py")
    write(repo, {"c.py": "c2\n"})
    head = commit(repo, "odd names")
    with GitRepo(repo) as g:
        changes = {(c.status, c.path, c.old_path) for c in g.changes(base, head)}
        assert changes == {("R", ":colon.py", "a.py"), ("R", "new\nline.py", "b.py"), ("M", "c.py", None)}
        tree = g.tree(head)
        blobs = g.blobs([tree[":colon.py"].sha, tree["new\nline.py"].sha, "0" * 40, "HEAD", "x\ny"])
        assert blobs == {
            tree[":colon.py"].sha: body.encode(),
            tree["new\nline.py"].sha: (body + "b\n").encode(),
        }


def test_work_tree_match_and_export(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", CLEAN)
    first = git(repo, "rev-parse", "HEAD")
    write(repo, {"extra.py": "x\n"})
    second = commit(repo, "extra")
    with GitRepo(repo) as g:
        assert g.worktree_matches(second)
        assert not g.worktree_matches(first)
        write(repo, {"extra.py": "changed\n"})
        assert not g.worktree_matches(second)
        out = tmp_path / "out"
        out.mkdir()
        g.export(first, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(CLEAN)


def test_safe_directory_goes_after_configuration_the_environment_already_has() -> None:
    env = git_environment({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "a.b", "GIT_CONFIG_VALUE_0": "c"})
    assert env["GIT_CONFIG_COUNT"] == "3"
    assert (env["GIT_CONFIG_KEY_1"], env["GIT_CONFIG_VALUE_1"]) == ("safe.directory", "*")
    assert "GIT_CONFIG_KEY_0" not in env
    fresh = git_environment({})
    assert (fresh["GIT_CONFIG_COUNT"], fresh["GIT_CONFIG_KEY_0"]) == ("2", "safe.directory")


def test_configuration_from_the_environment_still_reaches_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "r", {"a.py": "x\n", "skip.py": "y\n"})
    (repo / "exclude").write_text("skip.py\n")
    write(repo, {"other.py": "z\n", "skip.py": "y\n"})
    git(repo, "rm", "-q", "--cached", "skip.py")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.excludesFile")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(repo / "exclude"))
    assert list_files(repo) == ["a.py", "exclude", "other.py"]


def test_importing_the_cli_starts_no_process() -> None:
    probe = (
        "import subprocess, sys\n"
        "def refuse(*a, **k): raise SystemExit('spawned: %r' % (a,))\n"
        "subprocess.Popen.__init__ = refuse\n"
        "import integrations_drift.cli\n"
        "assert 'git' not in sys.modules, 'GitPython imported'\n"
    )
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr


def test_only_the_git_layer_runs_git() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "git.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("git", "subprocess")]
    assert offenders == []


def test_listing_a_repository_owned_by_another_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository to another uid")
    repo = make_repo(tmp_path / "r", {"a.py": "x\n"})
    write(repo, {"b.py": "y\n"})
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 4242, 4242)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no global safe.directory to lean on
    with pytest.raises(subprocess.CalledProcessError):
        git(repo, "status")
    # A refusal would not fail the scan (it falls back to walking the folder): ask git directly.
    assert list_files(repo) == ["a.py", "b.py"]
