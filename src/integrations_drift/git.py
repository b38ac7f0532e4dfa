"""What git knows: renames, commits, trees and blobs (gitpython, one process per question).

Every command runs with ``safe.directory=*`` passed through the environment: the Action's
container runs as root on a workspace owned by another user, and git refuses such repositories
otherwise. Nothing in the user's git configuration is changed.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import git

from integrations_drift.errors import UsageError

RENAME_HISTORY_COMMITS = 500
SAFE_ENV = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"}
RENAME_SIMILARITY = "-M50%"


def open_repo(root: Path) -> git.Repo | None:
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    repo.git.update_environment(**SAFE_ENV, GIT_TERMINAL_PROMPT="0")
    return repo


def rename_map(root: Path) -> dict[str, str]:
    """Old path → newest path, for files renamed in the last commits (chains followed)."""
    repo = open_repo(root)
    if repo is None:
        return {}
    try:
        out = repo.git.execute(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "-M",
                "--diff-filter=R",
                "--name-status",
                "--format=",
                f"-n{RENAME_HISTORY_COMMITS}",
            ]
        )
    except git.GitCommandError:
        return {}
    renames: dict[str, str] = {}
    # git log lists newest first: the first rename seen for a path is its latest one.
    for line in str(out).splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].startswith("R") and parts[1] not in renames:
            renames[parts[1]] = parts[2]
    resolved: dict[str, str] = {}
    for old in renames:
        new = renames[old]
        seen = {old}
        while new in renames and new not in seen:
            seen.add(new)
            new = renames[new]
        resolved[old] = new
    return resolved


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R (renamed), C, T
    path: str  # the path at head (the old path for a deletion)
    old_path: str | None = None  # the path at base, for renames


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str


class GitRepo:
    """The questions PR mode asks of a repository."""

    def __init__(self, root: Path) -> None:
        repo = open_repo(root)
        if repo is None:
            raise UsageError(f"--base needs a git repository, and {root} is not one")
        self.repo = repo
        self.root = root

    def _git(self, *args: str) -> str:
        return str(self.repo.git.execute(["git", "-c", "core.quotepath=off", *args]))

    def commit_of(self, ref: str, what: str) -> str:
        """The commit id ``ref`` names; fetched from the remote when a shallow clone lacks it."""
        try:
            return self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
        except git.GitCommandError:
            pass
        self._fetch(ref)
        try:
            return self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
        except git.GitCommandError:
            raise UsageError(self._missing_message(ref, what)) from None

    def _shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def _fetch(self, ref: str) -> None:
        """Fetch exactly the missing commit (depth 1) when a remote can give it."""
        remotes = [r.name for r in self.repo.remotes]
        if not remotes:
            return
        remote = "origin" if "origin" in remotes else remotes[0]
        try:
            self._git("fetch", "--quiet", "--no-tags", "--depth=1", remote, ref)
        except git.GitCommandError:
            return

    def _missing_message(self, ref: str, what: str) -> str:
        hint = (
            "this is a shallow clone (actions/checkout fetches one commit by default): set "
            "'fetch-depth: 0' on actions/checkout, or a depth that reaches the base commit"
            if self._shallow()
            else "fetch it first, or check the ref's spelling"
        )
        return f"{what} commit {ref!r} is not in this repository and could not be fetched; {hint}"

    def changes(self, base: str, head: str) -> list[Change]:
        out = self._git("diff", "--name-status", "-z", RENAME_SIMILARITY, "--no-ext-diff", base, head)
        parts = out.split("\0")
        changes: list[Change] = []
        i = 0
        while i < len(parts) and parts[i]:
            status = parts[i]
            if status[0] in "RC":
                changes.append(Change(status[0], parts[i + 2], parts[i + 1]))
                i += 3
            else:
                changes.append(Change(status[0], parts[i + 1]))
                i += 2
        return changes

    def tree(self, commit: str) -> dict[str, TreeEntry]:
        out = self._git("ls-tree", "-r", "-z", "--full-tree", commit)
        entries: dict[str, TreeEntry] = {}
        for item in out.split("\0"):
            if not item:
                continue
            meta, _, path = item.partition("\t")
            mode, kind, sha = meta.split(" ")
            if kind == "blob":
                entries[path] = TreeEntry(mode, sha)
        return entries

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """Blob contents by id, in one ``git cat-file --batch`` process."""
        if not shas:
            return {}
        unique = list(dict.fromkeys(shas))
        proc = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.root,
            env=environment_for_subprocess(),
            input=b"".join(sha.encode() + b"\n" for sha in unique),
            capture_output=True,
            check=False,
        )
        data = proc.stdout
        out: dict[str, bytes] = {}
        pos = 0
        for sha in unique:
            end = data.find(b"\n", pos)
            if end < 0:
                break
            header = data[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            out[sha] = data[pos : pos + size]
            pos += size + 1
        return out

    def head_commit(self) -> str | None:
        try:
            return self._git("rev-parse", "--verify", "--quiet", "HEAD").strip()
        except git.GitCommandError:
            return None

    def worktree_matches(self, commit: str) -> bool:
        """Whether the working tree holds ``commit``'s version of the tracked files."""
        try:
            status = self._git("status", "--porcelain", "--untracked-files=no")
        except git.GitCommandError:
            return False
        return not status.strip() and self.head_commit() == commit


def environment_for_subprocess() -> dict[str, str]:
    return {**os.environ, **SAFE_ENV}
