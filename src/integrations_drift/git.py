"""Everything the tool asks git, in one place.

Three policies live here and nowhere else:

* ``safe.directory``: the Action's container runs as root on a workspace owned by another user,
  and git refuses such repositories unless told to trust them. Every git process gets
  ``SAFE_DIRECTORY`` as command-line-scope configuration through the environment
  (``GIT_CONFIG_COUNT``), so it also reaches the processes GitPython keeps alive (its
  ``cat-file --batch``). The user's own git configuration is never changed.
* Refs typed by a user are validated before git sees them, and every command that takes refs
  ends its options first: a ref is never read as an option (``--upload-pack=…`` runs a command).
* A plain check asks git three questions at most (the work tree's top, its file list, recent
  renames), each one ``git`` process started here. GitPython serves PR mode alone (its persistent
  ``cat-file --batch`` reads blobs) and is imported there on first use: its import costs more than
  the whole of a small check, and it runs ``git version`` twice.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from integrations_drift.errors import UsageError

if TYPE_CHECKING:
    import tarfile

    import git

# Any directory: the repositories opened here are the ones the user pointed the tool at (GitPython
# never searches parent directories), so trusting "*" trusts nothing more than that repository,
# and it needs no path normalisation to match what git compares against.
SAFE_DIRECTORY = "*"
# core.quotepath=off: paths in line-oriented output (git log --name-status) come out as UTF-8.
GIT_CONFIG = (("safe.directory", SAFE_DIRECTORY), ("core.quotepath", "off"))
RENAME_HISTORY_COMMITS = 500
# A head's file above this is not copied out of git archive in PR mode (the document may be up to
# 1 MB; source files are read up to 2 MB): a sparse file of its size stands in for it.
MAX_EXPORT_BYTES = 5 * 1024 * 1024
RENAME_SIMILARITY = "50%"

_FILE_MODES = (b"100644", b"100755")
_HEX_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# Ancestry suffixes (HEAD~2, main^, HEAD^2~1): not part of the name check-ref-format judges.
_BAD_REF_CHARS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def git_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables every git process gets on top of ``base`` (default: this process's).

    The entries go after any ``GIT_CONFIG_KEY_n`` the caller's environment already has, so a CI
    that configures git this way keeps its settings."""
    env = os.environ if base is None else base
    try:
        start = max(int(env.get("GIT_CONFIG_COUNT", "0")), 0)
    except ValueError:
        start = 0
    out = {"GIT_CONFIG_COUNT": str(start + len(GIT_CONFIG)), "GIT_TERMINAL_PROMPT": "0"}
    for i, (key, value) in enumerate(GIT_CONFIG, start):
        out[f"GIT_CONFIG_KEY_{i}"] = key
        out[f"GIT_CONFIG_VALUE_{i}"] = value
    return out


def check_ref_format(name: str) -> bool:
    """What ``git check-ref-format --allow-onelevel NAME`` answers, without starting git."""
    if not name or name == "@" or name.endswith(".") or ".." in name or "@{" in name:
        return False
    if _BAD_REF_CHARS.search(name):
        return False
    return all(part and not part.startswith(".") and not part.endswith(".lock") for part in name.split("/"))


def _without_ancestry(ref: str) -> str:
    """``ref`` less a trailing ``~N``/``^N`` chain (``HEAD~2^1`` → ``HEAD``), found by one walk back
    from the end: a regex anchored only at ``$`` would retry from every position of a long value."""
    start = len(ref)
    while start > 0 and (ref[start - 1].isdigit() or ref[start - 1] in "~^"):
        start -= 1
    # Digits before the first ~ or ^ belong to the name (``v12~1``).
    while start < len(ref) and ref[start].isdigit():
        start += 1
    return ref[:start]


def validate_ref(ref: str, option: str) -> str:
    """``ref`` unchanged when it is a commit id or a ref name (``main``, ``origin/main``, ``v1.2``,
    ``HEAD~3``); otherwise a one-line UsageError naming ``option``."""
    if ref.startswith("-"):
        raise UsageError(f"{option} {ref!r}: a ref cannot start with '-'")
    if not check_ref_format(_without_ancestry(ref)):
        raise UsageError(f"{option} {ref!r}: not a commit id or a valid ref name")
    return ref


class _GitFailed(Exception):
    """git could not be started or exited non-zero."""


def _run_git(cwd: Path, *args: str) -> bytes:
    """The standard output of ``git ARGS`` run in ``cwd``, with the environment every git process
    gets here (and English messages, as GitPython gives its own)."""
    env = {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **git_environment()}
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
        )
    except OSError:  # no git executable, or ``cwd`` gone
        raise _GitFailed from None
    if proc.returncode != 0:
        raise _GitFailed
    return proc.stdout


def open_repo(root: Path) -> git.Repo | None:
    """``root`` as a GitPython repository, or None when it is not the top of one (or git is
    missing)."""
    try:
        import git
    except ImportError:
        return None
    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    repo.git.update_environment(**git_environment())
    return repo


def work_tree_top(path: Path) -> Path | None:
    """The top of the git work tree that holds ``path`` (a folder), or None outside one."""
    try:
        out = _run_git(path, "rev-parse", "--show-toplevel")
    except _GitFailed:
        return None
    top = out.decode("utf-8", errors="surrogateescape").strip()
    return Path(top) if top else None


@dataclass(frozen=True)
class FileListing:
    """The files of a work tree as git sees them.

    ``blob_ids`` holds a tracked file's blob id only when the work tree holds that blob (the index
    entry is unmerged-free and git sees no modification): content keyed by it can be trusted
    for the file on disk."""

    paths: list[str]
    blob_ids: dict[str, str] = field(default_factory=dict)


def _ls_files(root: Path, *flags: str) -> bytes | None:
    # Only the top of a work tree: inside one, git would answer for the enclosing repository.
    if not (root / ".git").exists():
        return None
    try:
        return _run_git(root, "ls-files", "-z", *flags, "--cached", "--others", "--exclude-standard")
    except _GitFailed:
        return None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="surrogateescape")


def list_files(root: Path) -> list[str] | None:
    """Tracked plus untracked-but-not-ignored files, sorted, or None when ``root`` is not the top
    of a git work tree."""
    out = _ls_files(root)
    if out is None:
        return None
    return sorted({_decode(n) for n in out.split(b"\0") if n})


def list_files_with_blob_ids(root: Path) -> FileListing | None:
    """``list_files`` and the blob id of each tracked, unmodified file, from one ``git ls-files``."""
    # -t tags each record: "H"/"S" index entries (with -s: mode, id, stage), "C" the ones -m finds
    # modified or deleted, "?" untracked, "M" unmerged. The tag is what tells an untracked file
    # from an index entry whatever its name.
    out = _ls_files(root, "-t", "-s", "-m")
    if out is None:
        return None
    paths: set[str] = set()
    staged: dict[str, str] = {}
    changed: set[str] = set()
    for record in out.split(b"\0"):
        if not record:
            continue
        tag, _, rest = record.partition(b" ")
        if tag == b"?":
            paths.add(_decode(rest))
            continue
        meta, _, raw_path = rest.partition(b"\t")
        path = _decode(raw_path)
        paths.add(path)
        fields = meta.split(b" ")
        if tag == b"C":
            changed.add(path)
        elif tag == b"H" and len(fields) == 3 and fields[2] == b"0" and fields[0] in _FILE_MODES:
            staged[path] = fields[1].decode("ascii")
        else:
            # Unmerged stages, skip-worktree entries (git does not look at the disk for them),
            # links (a read follows them) and submodules: no blob stands for what is on disk.
            changed.add(path)
    blob_ids = {p: sha for p, sha in staged.items() if p not in changed}
    return FileListing(sorted(paths), blob_ids)


def rename_map(root: Path) -> dict[str, str]:
    """Old path → newest path, for files renamed in the last commits (chains followed); empty when
    ``root`` is not the top of a git repository."""
    if not (root / ".git").exists():
        return {}
    try:
        raw = _run_git(
            root, "log", "-M", "--diff-filter=R", "--name-status", "--format=", f"-n{RENAME_HISTORY_COMMITS}"
        )
    except _GitFailed:
        return {}
    out = raw.decode("utf-8", errors="surrogateescape")
    renames: dict[str, str] = {}
    # git log lists newest first: the first rename seen for a path is its latest one.
    for line in out.splitlines():
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
    """The questions PR mode asks of a repository. Close it (or use it as a context manager) to
    stop the ``cat-file`` process it keeps for reading blobs."""

    def __init__(self, root: Path) -> None:
        repo = open_repo(root)
        if repo is None:
            raise UsageError(f"--base needs a git repository, and {root} is not one")
        self._repo = repo
        self.root = root

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> GitRepo:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def commit_of(self, ref: str, what: str) -> str:
        """The commit id ``ref`` (given as ``--{what}``) names; fetched from the remote when a
        shallow clone lacks it."""
        validate_ref(ref, f"--{what}")
        import git

        try:
            return self._rev_parse(ref)
        except git.GitCommandError:
            pass
        self._fetch(ref)
        try:
            return self._rev_parse(ref)
        except git.GitCommandError:
            raise UsageError(self._missing_message(ref, what)) from None

    def _rev_parse(self, ref: str) -> str:
        out = self._repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        return str(out).strip()

    def _shallow(self) -> bool:
        return (Path(self._repo.git_dir) / "shallow").exists()

    def _fetch(self, ref: str) -> None:
        """Fetch exactly the missing commit (depth 1) when a remote can give it."""
        remotes = [r.name for r in self._repo.remotes]
        if not remotes:
            return
        remote = "origin" if "origin" in remotes else remotes[0]
        import git

        try:
            # ``ref`` was validated by commit_of; "--" keeps both it and the remote's name operands.
            self._repo.git.fetch("--quiet", "--no-tags", "--depth=1", "--", remote, ref)
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
        """The files that differ between two commits, renames detected (50% similarity).

        Read from ``diff-tree -z`` rather than GitPython's Diff objects: its parser drops the
        whole diff, silently, when a renamed path starts with ':' or holds a newline."""
        out = str(
            self._repo.git.diff_tree(
                "-r", "-z", "--name-status", f"-M{RENAME_SIMILARITY}", "--end-of-options", base, head, "--"
            )
        )
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
        """Every blob of ``commit`` (path → mode and id), from one ``ls-tree`` process: walking
        GitPython's Tree objects costs a round trip per directory."""
        out = str(self._repo.git.ls_tree("-r", "-z", "--full-tree", "--end-of-options", commit))
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
        """Object contents by id, read through GitPython's persistent ``cat-file --batch``;
        ids git does not have are left out."""
        out: dict[str, bytes] = {}
        for sha in dict.fromkeys(shas):
            # Only full ids reach the batch protocol: anything else could desynchronise it.
            if not _HEX_ID.fullmatch(sha):
                continue
            try:
                _, _, _, data = self._repo.git.get_object_data(sha)
            except ValueError:  # reported missing
                continue
            out[sha] = data
        return out

    def worktree_matches(self, commit: str) -> bool:
        """Whether the working tree holds ``commit``'s version of the tracked files."""
        import git

        try:
            # v2 reports the checked-out commit too: one process answers both questions.
            status = str(
                self._repo.git.status(
                    "--porcelain=v2", "--branch", "--no-ahead-behind", "--untracked-files=no"
                )
            )
        except git.GitCommandError:
            return False
        head: str | None = None
        for line in status.splitlines():
            if line.startswith("# branch.oid "):
                head = line.removeprefix("# branch.oid ").strip()
            elif not line.startswith("#"):
                return False
        return head == commit

    def export(self, commit: str, into: Path) -> list[str]:
        """Write ``commit``'s tree into an empty folder, streaming ``git archive`` member by member
        (a head that adds a gigabyte of files must not be held in memory). Links that lead out of
        the tree are left out, and a file larger than ``MAX_EXPORT_BYTES`` becomes a sparse file of
        its size, which the scanner then reports as too large to read. Returns what was left out."""
        import tarfile

        import git

        proc = self._repo.git.archive("--format=tar", "--end-of-options", commit, as_process=True)
        skipped: list[str] = []
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                for member in tar:
                    why = _export_member(tar, member, into)
                    if why is not None:
                        skipped.append(f"{member.name}: {why}")
        except tarfile.TarError as exc:
            raise UsageError(f"could not read commit {commit[:12]} from git archive: {exc}") from None
        finally:
            proc.stdout.close()
            try:
                proc.wait()
            except git.GitCommandError as exc:
                raise UsageError(f"git archive {commit[:12]} failed: {exc.stderr.strip()[:200]}") from None
        return skipped


def _export_member(tar: tarfile.TarFile, member: tarfile.TarInfo, into: Path) -> str | None:
    """Extract one member unless it is unsafe; why it was left out, or None."""
    import tarfile  # PR mode's alone, as GitPython

    if not hasattr(tarfile, "data_filter"):  # Python before 3.11.4
        if not _safe_member(member):
            return "leads outside the tree"
        checked = member
    else:
        try:
            checked = tarfile.data_filter(member, str(into))
        except tarfile.FilterError as exc:
            return str(exc)
    if checked.isfile() and checked.size > MAX_EXPORT_BYTES:
        target = into / checked.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            fh.truncate(checked.size)  # sparse: the size without the bytes
        return None
    if hasattr(tarfile, "data_filter"):
        # Already passed through data_filter above; filtering again would only repeat it.
        tar.extract(checked, into, set_attrs=False, filter="fully_trusted")
    else:
        tar.extract(checked, into, set_attrs=False)
    return None


def _safe_member(member: tarfile.TarInfo) -> bool:
    name = member.name
    if name.startswith("/") or ".." in name.split("/"):
        return False
    if member.issym() or member.islnk():
        target = member.linkname
        return not target.startswith("/") and ".." not in target.split("/")
    return member.isfile() or member.isdir()
