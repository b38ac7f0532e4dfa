"""Hostile and unusual git layouts, in plain and PR mode."""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest

from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write
from tests.hostile.helpers import cli, no_traceback

ADDED = 'import os\n\nNEW = os.getenv("ADDED_IN_HEAD_VAR")\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "r", CLEAN)


def subjects(out: str) -> set[str]:
    return {f["subject"] for f in json.loads(out)["findings"]}


def test_bare_repository(repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    # No work tree, so no document: exit 2. PR mode reads the commits, which a bare repository has.
    assert "no INTEGRATIONS.md" in cli("check", str(bare)).one_line_error()
    run = no_traceback(cli("check", str(bare), "--base", "HEAD", "--format", "json"))
    assert json.loads(run.out)["findings"] == []


def test_worktree(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    wt = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(wt))
    write(wt, {"app/new.py": ADDED})
    commit(wt, "add")
    run = no_traceback(cli("check", str(wt), "--base", base, "--format", "json"))
    assert "ADDED_IN_HEAD_VAR" in subjects(run.out)


def test_submodule_is_not_followed(repo: Path, tmp_path: Path) -> None:
    sub = make_repo(tmp_path / "sub", {"lib.py": 'import os\nos.getenv("ONLY_IN_SUBMODULE")\n'})
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/sub")
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, "submodule")
    head = git(repo, "rev-parse", "HEAD")
    no_traceback(cli("check", str(repo)))
    run = no_traceback(cli("check", str(repo), "--base", base, "--head", head, "--format", "json"))
    assert isinstance(json.loads(run.out)["findings"], list)


def test_shallow_clone_with_a_missing_base(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/new.py": ADDED})
    commit(repo, "add")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{repo}", str(shallow))
    git(repo, "update-ref", "-d", "refs/heads/main")  # the base can no longer be fetched either
    git(repo, "reflog", "expire", "--expire=now", "--all")
    git(repo, "gc", "-q", "--prune=now")
    line = cli("check", str(shallow), "--base", base).one_line_error()
    assert "shallow clone" in line


@pytest.mark.parametrize(
    "ref",
    ["--upload-pack=touch pwned;", "-c", "--output=/tmp/x", "-", "main..HEAD", "HEAD@{1}", "a b", "x\ny"],
)
def test_option_looking_refs(repo: Path, ref: str) -> None:
    cli("check", str(repo), f"--base={ref}").one_line_error()
    cli("check", str(repo), "--base", "HEAD", f"--head={ref}").one_line_error()
    assert not (repo / "pwned").exists()


def _head_with(repo: Path, files: dict[str, str | bytes], links: dict[str, str]) -> tuple[str, str]:
    base = git(repo, "rev-parse", "HEAD")
    write(repo, files)
    for name, target in links.items():
        (repo / name).symlink_to(target)
    head = commit(repo, "head")
    git(repo, "checkout", "-q", base)  # the work tree no longer holds the head: PR mode exports it
    return base, head


def test_pr_head_with_links_out_of_the_tree(repo: Path) -> None:
    base, head = _head_with(
        repo, {"app/new.py": ADDED}, {"abs": "/etc/passwd", "up": "../../../../etc", "ok.py": "app/new.py"}
    )
    run = no_traceback(cli("check", str(repo), "--base", base, "--head", head, "--format", "json"))
    assert "ADDED_IN_HEAD_VAR" in subjects(run.out)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))


def test_pr_head_with_large_files_is_streamed(repo: Path) -> None:
    # 3 × 200 MB of highly compressible data: the archive is 600 MB, the address space 1 GB, so a
    # run that held the archive (and its copy) in memory would fail.
    big = b"0" * (200 * 1024 * 1024)
    files: dict[str, str | bytes] = {"app/new.py": ADDED}
    files.update({f"data/blob{i}.bin": big for i in range(3)})
    base, head = _head_with(repo, files, {})
    del big, files
    run = cli("check", str(repo), "--base", base, "--head", head, "--format", "json", preexec=_limit_memory)
    assert run.code in (0, 1), run.err
    assert "ADDED_IN_HEAD_VAR" in subjects(run.out)


def test_check_run_in_a_subfolder_of_a_repository(repo: Path) -> None:
    # A folder inside a repository is not the repository's top: git must not answer for it.
    (repo / "app" / "INTEGRATIONS.md").write_text(DOC)
    no_traceback(cli("check", str(repo / "app")))
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True).returncode == 0


def test_pr_mode_with_a_document_above_5_mb_at_base_and_head(tmp_path: Path) -> None:
    big = DOC + ("Prose that goes on and on. " * 40 + "\n") * 6000
    repo = make_repo(tmp_path / "r", {**CLEAN, "INTEGRATIONS.md": big})
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"INTEGRATIONS.md": big + "More prose.\n"})
    commit(repo, "longer")
    run = no_traceback(cli("check", str(repo), "--base", base, "--format", "json"))
    found = [(f["kind"], f["change"]) for f in json.loads(run.out)["findings"]]
    # The document was not read at either end, so what it would list is undocumented at both.
    assert ("malformed-doc", "existing") in found
    assert all(change == "existing" for _, change in found)
