"""What git knows about the tree: renames from recent history (gitpython)."""

from __future__ import annotations

from pathlib import Path

import git

RENAME_HISTORY_COMMITS = 500


def open_repo(root: Path) -> git.Repo | None:
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return repo


def rename_map(root: Path) -> dict[str, str]:
    """Old path → newest path, for files renamed in the last commits (chains followed).

    ``safe.directory`` is passed per command: the Action's container runs as root on a workspace
    owned by another user, and git refuses such repositories otherwise.
    """
    repo = open_repo(root)
    if repo is None:
        return {}
    try:
        out = repo.git.execute(
            [
                "git",
                "-c",
                f"safe.directory={root}",
                "-c",
                "core.quotepath=off",
                "log",
                "-M",
                "--diff-filter=R",
                "--name-status",
                "--format=",
                f"-n{RENAME_HISTORY_COMMITS}",
            ],
            with_extended_output=False,
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
