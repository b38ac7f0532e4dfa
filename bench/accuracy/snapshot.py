"""Materialise a corpus repository at its pinned commit as a small git work tree.

Snapshots lack files of 4 MiB and more, so `git archive` (which stops at the first missing blob) cannot
be used: the tree is listed once and every present blob is streamed through one `git cat-file --batch`.
The result is committed in a fresh repository, so the checker sees git's file list as on a real clone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORPUS_ROOT = Path(os.environ.get("INTEGRATIONS_DRIFT_CORPUS", "/work/.mirror"))
CACHE_ROOT = Path(
    os.environ.get("INTEGRATIONS_DRIFT_CORPUS_CACHE", Path.home() / ".cache" / "integrations-drift-corpus")
)


def mirror_of(repo: str) -> Path | None:
    """The snapshot's git directory, or None when it was never fetched here."""
    git_dir = CORPUS_ROOT / repo.replace("/", "+") / "repo"
    return git_dir if (git_dir / "HEAD").is_file() else None


def _git(*args: str, cwd: Path | None = None, git_dir: Path | None = None) -> str:
    cmd = ["git"]
    if git_dir is not None:
        cmd.append(f"--git-dir={git_dir}")
    return subprocess.run([*cmd, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def materialise(name: str, repo: str, commit: str) -> Path | None:
    """A work tree of `repo` at `commit`, built once and reused; None when the snapshot is absent."""
    dest = CACHE_ROOT / f"{name}-{commit[:12]}"
    if (dest / ".git").is_dir():
        return dest
    git_dir = mirror_of(repo)
    if git_dir is None:
        return None
    tmp = dest.with_name(dest.name + ".partial")
    subprocess.run(["rm", "-rf", str(tmp)], check=True)
    tmp.mkdir(parents=True)
    listing = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", commit], check=True, capture_output=True
    ).stdout
    entries: list[tuple[str, str, bytes]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, oid = meta.decode().split()
        if kind == "blob":
            entries.append((mode, oid, path))
    batch = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert batch.stdin is not None and batch.stdout is not None
    for mode, oid, path in entries:
        batch.stdin.write(oid.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            continue
        body = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = tmp / os.fsdecode(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            target.symlink_to(os.fsdecode(body))
        else:
            target.write_bytes(body)
            if mode == "100755":
                target.chmod(0o755)
    batch.stdin.close()
    batch.wait()
    _git("init", "-q", cwd=tmp)
    _git("add", "-A", "-f", cwd=tmp)
    _git("-c", "user.name=corpus", "-c", "user.email=corpus@localhost", "commit", "-q", "-m", commit, cwd=tmp)
    tmp.rename(dest)
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: snapshot.py NAME OWNER/REPO COMMIT")
    print(materialise(sys.argv[1], sys.argv[2], sys.argv[3]) or "absent")
