"""What an earlier process built from the packaged data files, kept as a pickle in the user's own
cache folder and keyed by content.

Validating a data file (and indexing ``services.yml``) costs more on every start than loading the
result. A file is keyed by a hash of the data files it is built from, the source of the modules
whose classes it holds (two checkouts of one version share the folder, and a change to a class may
reshape what it pickles), the package version and the Python and pydantic versions, so a change to
any of them builds it anew. Pickle runs code when loaded: it is read only from the user's cache
folder (``$XDG_CACHE_HOME/integrations-drift`` or ``~/.cache/integrations-drift``, which the user
alone writes), never from anywhere a scanned repository controls, and written only by this code.
``INTEGRATIONS_DRIFT_REFERENCE=1`` (the benchmark's reference pass) neither reads nor writes it.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic.version import VERSION as PYDANTIC_VERSION

from integrations_drift import __version__
from integrations_drift.lazy_re import lazy

T = TypeVar("T")

# How values are written (2: patterns stored uncompiled); part of the key.
_FORMAT = 2


def user_cache_dir() -> Path | None:
    """The user's cache folder for this tool; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "integrations-drift"
    home = os.environ.get("HOME")
    return Path(home) / ".cache" / "integrations-drift" if home else None


def _key(data_files: Sequence[str], modules: Sequence[str]) -> str:
    h = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{sys.version}\0{PYDANTIC_VERSION}\0".encode())
    package = resources.files("integrations_drift")
    folder = package.joinpath("data")
    for name in data_files:
        h.update(name.encode() + b"\0" + folder.joinpath(name).read_bytes() + b"\0")
    for module in modules:
        h.update(module.encode() + b"\0" + package.joinpath(*module.split("/")).read_bytes() + b"\0")
    return h.hexdigest()[:32]


def compiled(
    kind: str, data_files: Sequence[str], modules: Sequence[str], build: Callable[[], T], expected: type[T]
) -> T:
    """``build()``, or what an earlier process built from the same data files and ``modules`` (the
    package's source files, relative to it, that define the classes of the result)."""
    folder = user_cache_dir()
    if folder is None or os.environ.get("INTEGRATIONS_DRIFT_REFERENCE") == "1":
        return build()
    try:
        path = folder / f"{kind}-{_key(data_files, modules)}.pickle"
    except OSError:
        return build()
    try:
        with open(path, "rb") as fh:
            hit = _load(fh)
        if isinstance(hit, expected):
            return hit
    except Exception:  # absent, truncated or from an incompatible build: build it again
        pass
    value = build()
    _store(folder, kind, path, value)
    return value


def _load(fh: BinaryIO) -> object:
    """Unpickle with the cyclic collector paused: the catalog alone is some 27,000 new container
    objects, none of them garbage, and each collection they trigger would walk every object alive
    (over half the load's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if was_enabled:
            gc.enable()


def _store(folder: Path, kind: str, path: Path, value: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}.", suffix=".tmp")
    except OSError:  # a read-only home: the next run builds it again
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            # A data file's patterns are compiled when first used: loading them compiled costs every
            # start the patterns of all languages, most of which a tree never has.
            pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _lazy_pattern}
            pickler.dump(value)
        os.replace(tmp, path)
    except Exception:  # a full disk, or a value pickle cannot hold: kept in memory only
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _lazy_pattern(pattern: re.Pattern[Any]) -> tuple[Callable[..., object], tuple[Any, int]]:
    return lazy, (pattern.pattern, pattern.flags)
