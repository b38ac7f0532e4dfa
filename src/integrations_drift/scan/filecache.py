"""What the per-file stage concluded about a file, kept between runs and keyed by git blob id.

Most files of a tree fail every literal gate: no configuration-file scanner wants them, their
language's prefilter rejects them, they name no documented word, no service, no URL, no image. A
record says so for one (blob id, path) under one stamp (the tool's code and data, the catalog and
config, the gate words of the document and manifests), plus the two facts about the bytes that the
tree's roles need (the language, a shell shebang) and whether the file counted as test or tooling
code. A later run with the same stamp does not read such a file: it is a ``Unread`` record, read
again only if a cross-file pass looks at it, as a file the prefilter rejected always was.

The folder may come from ``actions/cache`` or a pull request's workspace, so it is untrusted data:
JSON only, every field checked, anything odd dropped (the file is then read). A symlinked folder or
record file is never followed. Writes go to a temporary file renamed into place, and keep only the
records of the current tree.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from integrations_drift import __version__
from integrations_drift.scan.reference import reference_mode

FORMAT = 1
ENV_VAR = "INTEGRATIONS_DRIFT_CACHE"
DEFAULT_DIR = ".integrations-drift-cache"
MAX_BYTES = 64 * 1024 * 1024
MAX_PATH = 4096
KEEP_STAMPS = 4  # record files of other stamps kept (other documents, configs, versions)
SKIP, QUIET = 0, 1
_BLOB_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_NAME = re.compile(r"files-[0-9a-f]{24}\.json")


@dataclass(frozen=True, slots=True)
class Record:
    """``kind``: SKIP (binary or oversized: never scanned) or QUIET (every gate failed).
    ``lang``: the env scanner's language ("" for none); ``support``: whether the file counted as
    test or tooling code when it was found quiet; ``shebang``: whether it starts with a shell
    shebang (the roles and the language of an extensionless file depend on it)."""

    kind: int
    lang: str
    support: bool
    shebang: bool


def _record(raw: object, languages: frozenset[str]) -> Record | None:
    if not isinstance(raw, list) or len(raw) != 4:
        return None
    kind, lang, support, shebang = raw
    if type(kind) is not int or kind not in (SKIP, QUIET):
        return None
    if not isinstance(lang, str) or (lang and lang not in languages):
        return None
    if type(support) is not bool or type(shebang) is not bool:
        return None
    return Record(kind, lang, support, shebang)


def _code_hash() -> str:
    """The package's own code and data: a record found by one build means nothing to another."""
    h = hashlib.sha256(__version__.encode())
    top = resources.files("integrations_drift")
    todo = [top]
    files = []
    while todo:
        folder = todo.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    todo.append(entry)
            elif entry.name.endswith((".py", ".yml", ".yaml", ".json", ".txt")):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        data = entry.read_bytes()
        h.update(f"{entry}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def cache_folder(root: Path, asked: bool) -> Path | None:
    """``$INTEGRATIONS_DRIFT_CACHE``, else ``.integrations-drift-cache/`` under the repository
    root when the run asked for a cache; None when no cache is used or the folder is unsafe (a
    symlink, or leaving the repository). The reference pass uses none."""
    if reference_mode():
        return None
    env = os.environ.get(ENV_VAR)
    if env:
        folder = Path(env)
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        return None if folder.is_symlink() else folder
    if not asked:
        return None
    folder = root / DEFAULT_DIR
    if folder.is_symlink():
        return None
    try:
        inside = folder.resolve().is_relative_to(root.resolve())
    except OSError:
        return None
    return folder if inside else None


def holds_listed(root: Path, folder: Path, paths: Iterable[str]) -> bool:
    """Whether ``folder`` lies in the work tree at ``root`` and git lists files in it: committed
    records (a change bringing its own) are never trusted, and a folder git does not ignore would
    be scanned."""
    try:
        rel = folder.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    prefix = "" if rel == Path(".") else rel.as_posix() + "/"
    return any(p.startswith(prefix) for p in paths)


class FileCache:
    """The records of one folder under one stamp: ``open`` them, ``get`` them, ``put`` new ones,
    ``save`` those of the current tree."""

    def __init__(self, folder: Path, blob_ids: Mapping[str, str], base: Iterable[str]) -> None:
        self.folder = folder
        self.blob_ids = blob_ids
        self._base = [_code_hash(), *base]
        self._stamp: str | None = None
        self._old: dict[str, dict[str, Record]] = {}
        self._new: dict[str, Record] = {}
        self._used: set[str] = set()
        self.hits = 0

    def open(self, words: Iterable[str], languages: frozenset[str]) -> None:
        """Load the records stamped with the base and ``words`` (everything else the per-file
        decisions depend on)."""
        h = hashlib.sha256(f"{FORMAT}".encode())
        for part in (*self._base, *words):
            h.update(part.encode("utf-8", "surrogateescape") + b"\0")
        self._stamp = h.hexdigest()
        self._old = self._load(languages)

    @property
    def _file(self) -> Path:
        assert self._stamp is not None
        return self.folder / f"files-{self._stamp[:24]}.json"

    def _load(self, languages: frozenset[str]) -> dict[str, dict[str, Record]]:
        try:
            # Never follow a link; never wait on a FIFO put in place of the file.
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(self._file, flags)
        except OSError:
            return {}
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return {}
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = json.loads(fh.read(MAX_BYTES + 1))
        except (OSError, ValueError, RecursionError):
            return {}
        finally:
            os.close(fd)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("stamp") != self._stamp:
            return {}
        files = raw.get("files")
        if not isinstance(files, dict):
            return {}
        out: dict[str, dict[str, Record]] = {}
        for blob, paths in files.items():
            if not _BLOB_ID.fullmatch(blob) or not isinstance(paths, dict):
                continue
            for path, value in paths.items():
                if len(path) > MAX_PATH:
                    continue
                rec = _record(value, languages)
                if rec is not None:
                    out.setdefault(blob, {})[path] = rec
        return out

    def get(self, path: str) -> Record | None:
        """The record of the file at ``path`` as the work tree holds it, if any."""
        blob = self.blob_ids.get(path)
        rec = self._old.get(blob, {}).get(path) if blob is not None else None
        if rec is not None:
            self._used.add(path)
            self.hits += 1
        return rec

    def put(self, path: str, record: Record) -> None:
        if path in self.blob_ids:
            self._new[path] = record

    def forget(self, path: str) -> None:
        """``path`` was read after all (its record no longer holds, e.g. its role changed)."""
        self._used.discard(path)

    def save(self) -> None:
        """Write the records of the current tree (new ones, and old ones this run relied on);
        never raises: a cache that cannot be written is a slower next run, not a failure."""
        if self._stamp is None:
            return
        if not self._new and len(self._used) == sum(map(len, self._old.values())):
            with contextlib.suppress(OSError):
                if not self._file.is_symlink():
                    os.utime(self._file)  # the newest: other stamps' files are pruned first
            return  # the file holds exactly these records already
        files: dict[str, dict[str, list[object]]] = {}
        for path in sorted(self._used | set(self._new)):
            blob = self.blob_ids[path]
            rec = self._new.get(path) or self._old[blob][path]
            files.setdefault(blob, {})[path] = [rec.kind, rec.lang, rec.support, rec.shebang]
        with contextlib.suppress(OSError):
            self._write({"format": FORMAT, "stamp": self._stamp, "files": files})

    def _write(self, content: dict[str, object]) -> None:
        folder = self.folder
        if folder.is_symlink():
            return
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            ignore.write_text("# written by integrations-drift: a cache, never committed\n*\n")
        fd, tmp = tempfile.mkstemp(prefix=".files-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(content, separators=(",", ":")))
            os.replace(tmp, self._file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._prune()

    def _prune(self) -> None:
        """Keep the newest few record files of other stamps; drop the rest."""
        others = []
        for entry in os.scandir(self.folder):
            if _NAME.fullmatch(entry.name) and entry.path != str(self._file):
                try:
                    others.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
                except OSError:
                    continue
        for _, path in sorted(others, reverse=True)[KEEP_STAMPS - 1 :]:
            Path(path).unlink(missing_ok=True)
