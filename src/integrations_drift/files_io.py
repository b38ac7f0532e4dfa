"""Every file the tool writes goes through here: where it may write, and how.

A pull request controls the repository's content, links included, and its config file. So:

* a path the tool picks itself (the config's ``baseline:``, a default output, the document ``fix``
  edits) must lie inside the repository once every link is resolved;
* a path the user typed (``check --output FILE``) may lie outside, but only as a regular file or a
  new path, and never reached through a link that sits inside the repository;
* devices, pipes, sockets, directories and anything under /proc, /sys or /dev are refused, as is
  a read-only file: a one-line error (exit 2), never a replaced device node;
* the content goes to a temporary file beside the target that is renamed over it, so a full disk
  or a killed run leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from integrations_drift.errors import UsageError
from integrations_drift.paths import resolve_in_repo

_SYSTEM_TREES = ("/proc", "/sys", "/dev")


def no_nul(raw: str, what: str) -> str:
    """``raw`` unchanged, or a UsageError: the OS cannot name a file with a NUL in it."""
    if "\0" in raw:
        raise UsageError(f"{what}: a NUL character cannot be part of a path")
    return raw


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def contained_path(root: Path, raw: str, what: str) -> Path:
    """Where ``raw`` (repository-relative) really is, refusing anything that leads outside ``root``
    (``..``, an absolute path, a link at the file or at any folder above it)."""
    no_nul(raw, what)
    resolved = resolve_in_repo(root, raw)
    if resolved.escapes:
        raise UsageError(f"{what} {raw}: {resolved.escapes}")
    root_real = os.path.realpath(root)
    # resolve_in_repo follows links only for paths that exist; a new file's folder may be a link.
    real = os.path.realpath(os.path.join(root_real, *resolved.path.split("/")))
    if not _inside(real, root_real):
        raise UsageError(f"{what} {raw}: a symbolic link leads outside the repository")
    return Path(real)


def chosen_path(root: Path | None, raw: str, what: str) -> Path:
    """Where a path the user typed really is: outside the repository is allowed, but not through a
    link planted inside it (the pull request's author chose that link, not the user)."""
    no_nul(raw, what)
    real = os.path.realpath(raw)
    if root is not None:
        root_real = os.path.realpath(root)
        lexical = os.path.abspath(raw)
        typed_inside = _inside(lexical, os.path.abspath(root)) or _inside(lexical, root_real)
        if typed_inside and not _inside(real, root_real):
            raise UsageError(f"{what} {raw}: a symbolic link in the repository leads outside it")
    return Path(real)


def check_writable(real: Path, shown: str, what: str) -> None:
    """Refuse what cannot be replaced by a regular file safely: one line naming ``what``."""
    tree = next((t for t in _SYSTEM_TREES if _inside(str(real), t)), None)
    if tree is not None:
        raise UsageError(f"{what} {shown}: refusing to write under {tree}")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"{what} {shown}: {exc.strerror or exc}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{what} {shown}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(f"{what} {shown}: not a regular file (a device, pipe or socket)")
        # Root may write anything: the mode bits are the owner's stated wish, so they are honoured.
        if not st.st_mode & 0o222:
            raise UsageError(f"{what} {shown}: the file is read-only")
    parent = real.parent
    if not parent.is_dir():
        raise UsageError(f"{what} {shown}: directory {os.path.dirname(shown) or parent} does not exist")


def write_file(real: Path, content: str, shown: str, what: str) -> None:
    """Check ``real`` (a resolved path from :func:`contained_path` or :func:`chosen_path`) and
    replace its content atomically; every failure is one UsageError line."""
    check_writable(real, shown, what)
    try:
        write_atomically(real, content)
    except OSError as exc:
        raise UsageError(f"{what} {shown}: {exc.strerror or exc}; nothing was written") from None


def write_atomically(target: Path, content: str) -> None:
    """Replace ``target``'s content; a symbolic link keeps pointing at the file it names, which is
    the one rewritten (replacing the link with a plain file would cut it loose)."""
    if target.is_symlink():
        target = target.resolve()
    parent = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (the document's) for a read-edit-write cycle: a second
    ``fix`` waits, then reads the first one's result, so neither edit is lost. Locking the folder
    leaves no lock file behind in the repository."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
