"""The git layer on real repositories: ref validation, file listings with blob ids, rename
detection, blob reads, and the import that starts no process."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.errors import UsageError
from integrations_drift.git import (
    GitRepo,
    check_ref_format,
    git_environment,
    list_files,
    list_files_with_blob_ids,
    validate_ref,
)
from tests.gitrepo import CLEAN, GIT_ENV, commit, git, make_repo, write

SRC = Path(__file__).resolve().parents[1] / "src" / "integrations_drift"

REF_NAMES = [
    "main",
    "HEAD",
    "origin/main",
    "refs/heads/feature/x",
    "v1.2.3",
    "release-2024.01",
    "déjà-vu",
    "a@b",
    "x/-dash",
    "",
    "@",
    "a..b",
    "a/.hidden",
    ".hidden",
    "a.lock",
    "a/b.lock/c",
    "a.",
    "a/",
    "/a",
    "a//b",
    "a b",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[b",
    "a\\b",
    "a@{1}",
    "a\tb",
    "a\x7fb",
    "a/./b",
    "a./b",
    ".",
]


@pytest.mark.parametrize("name", REF_NAMES)
def test_ref_names_are_judged_as_git_judges_them(name: str) -> None:
    proc = subprocess.run(
        ["git", "check-ref-format", "--allow-onelevel", name], capture_output=True, check=False
    )
    assert check_ref_format(name) == (proc.returncode == 0)


@pytest.mark.parametrize(
    "ref",
    ["main", "HEAD", "HEAD~1", "HEAD^", "HEAD~2^2", "origin/main", "v1.0", "v12~1", "0123abcd", "a" * 40],
)
def test_refs_users_give_are_accepted(ref: str) -> None:
    assert validate_ref(ref, "--base") == ref


@pytest.mark.parametrize(
    "ref",
    [
        "--upload-pack=touch pwned;",
        "-x",
        "-",
        "",
        "a..b",
        "main:path",
        "HEAD@{1}",
        "x\ny",
        "~1",
        "a" + "~1" * 100_000 + "!",
    ],
)
def test_other_refs_are_a_one_line_usage_error(ref: str) -> None:
    with pytest.raises(UsageError) as err:
        validate_ref(ref, "--base")
    assert "\n" not in str(err.value) and str(err.value).startswith("--base ")


def _clone_with_remote(tmp_path: Path) -> Path:
    origin = make_repo(tmp_path / "origin", CLEAN)
    write(origin, {"app/more.py": 'import os\nX = os.environ["MORE"]\n'})
    commit(origin, "more")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(clone))
    return clone


@pytest.mark.parametrize(
    "argv",
    [
        ["--base", "--upload-pack=touch pwned;"],
        ["--base=--upload-pack=touch pwned;"],
        ["--base", "HEAD~1", "--head", "--upload-pack=touch pwned;"],
    ],
)
def test_option_shaped_refs_never_reach_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    clone = _clone_with_remote(tmp_path)
    monkeypatch.chdir(tmp_path)  # where a relative "touch pwned" run by the shell would land, too
    code = main(["check", str(clone), *argv])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "cannot start with '-'" in err
    assert not list(tmp_path.rglob("pwned"))


def test_a_normal_ref_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clone = _clone_with_remote(tmp_path)
    for base in ("HEAD~1", "origin/main~1", git(clone, "rev-parse", "HEAD~1")):
        code = main(["check", str(clone), "--base", base, "--format", "json"])
        out, err = capsys.readouterr()
        assert code == 1, err
        assert {f["subject"]: f["change"] for f in json.loads(out)["findings"]} == {"MORE": "new"}


def test_file_list_and_blob_ids_of_unmodified_tracked_files(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            ".gitignore": "ignored.txt\n",
            "same.py": "same\n",
            "racy.py": "racy\n",
            "edited.py": "before\n",
            "gone.py": "gone\n",
            "dir/nested.py": "nested\n",
        },
    )
    os.symlink("same.py", repo / "link.py")
    commit(repo, "link")
    write(
        repo,
        {"ignored.txt": "x\n", "untracked.py": "new\n", "edited.py": "after, longer\n", "later.py": "x\n"},
    )
    # Same size, and (very likely) within the index's timestamp: only git's racy check sees it.
    (repo / "racy.py").write_text("RACY\n")
    (repo / "gone.py").unlink()
    git(repo, "add", "-N", "later.py")

    listing = list_files_with_blob_ids(repo)
    assert listing is not None
    assert listing.paths == list_files(repo)
    assert listing.paths == [
        ".gitignore",
        "dir/nested.py",
        "edited.py",
        "gone.py",
        "later.py",
        "link.py",
        "racy.py",
        "same.py",
        "untracked.py",
    ]
    assert set(listing.blob_ids) == {".gitignore", "dir/nested.py", "same.py"}
    for path, blob in listing.blob_ids.items():
        assert git(repo, "hash-object", path) == blob


def test_a_conflicted_file_is_listed_once_without_a_blob_id(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"c.py": "base\n", "k.py": "kept\n"})
    git(repo, "checkout", "-q", "-b", "other")
    write(repo, {"c.py": "other\n"})
    commit(repo, "other")
    git(repo, "checkout", "-q", "main")
    write(repo, {"c.py": "main\n"})
    commit(repo, "main")
    with pytest.raises(subprocess.CalledProcessError):
        git(repo, "merge", "-q", "other")
    listing = list_files_with_blob_ids(repo)
    assert listing is not None
    assert (listing.paths, set(listing.blob_ids)) == (["c.py", "k.py"], {"k.py"})


def test_no_listing_outside_the_top_of_a_work_tree(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"a/b.py": "x\n"})
    assert list_files(repo / "a") is None
    assert list_files_with_blob_ids(tmp_path) is None


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
    listing = list_files_with_blob_ids(repo)
    assert listing is not None and listing.paths == ["a.py", "b.py"] and set(listing.blob_ids) == {"a.py"}
