"""The built-in catalog, compiled once per content: a pickle in the user's own cache folder.

Validating and indexing ``services.yml`` costs more than the rest of a small repository's check;
loading the compiled catalog costs a twentieth of that. The file is keyed by a hash of the data
files it is built from, the source of the modules whose objects it holds, the package version and
the Python version, so a change to any of them builds it anew. Pickle runs code when loaded: it is
read only from the user's cache folder (``$XDG_CACHE_HOME/integrations-drift`` or
``~/.cache/integrations-drift``, which the user alone writes), never from anywhere a scanned
repository controls, and written only by this code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

from integrations_drift import __version__

T = TypeVar("T")


def user_cache_dir() -> Path | None:
    """The user's cache folder for this tool; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "integrations-drift"
    home = os.environ.get("HOME")
    return Path(home) / ".cache" / "integrations-drift" if home else None


# The modules that define the pickled classes: a pickle holds their objects' state, which a change
# to a class may reshape without a version bump (two checkouts of one version share the folder).
_CLASS_MODULES = ("catalog/index.py", "catalog/model.py")


def _key(data_files: Sequence[str]) -> str:
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    package = resources.files("integrations_drift")
    folder = package.joinpath("data")
    for name in data_files:
        h.update(name.encode() + b"\0" + folder.joinpath(name).read_bytes() + b"\0")
    for module in _CLASS_MODULES:
        h.update(module.encode() + b"\0" + package.joinpath(*module.split("/")).read_bytes() + b"\0")
    return h.hexdigest()[:32]


def compiled(kind: str, data_files: Sequence[str], build: Callable[[], T], expected: type[T]) -> T:
    """``build()``, or what an earlier process built from the same data files."""
    folder = user_cache_dir()
    if folder is None or os.environ.get("INTEGRATIONS_DRIFT_REFERENCE") == "1":
        return build()
    try:
        path = folder / f"{kind}-{_key(data_files)}.pickle"
    except OSError:
        return build()
    try:
        with open(path, "rb") as fh:
            hit = pickle.load(fh)
        if isinstance(hit, expected):
            return hit
    except Exception:  # absent, truncated or from an incompatible build: build it again
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only home: the next run builds it again
        pass
    return value
