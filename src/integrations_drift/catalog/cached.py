"""The built-in catalog, compiled once per content: a pickle in the user's own cache folder
(``usercache.py`` says where, how it is keyed, and why pickle is safe there).

Validating and indexing ``services.yml`` costs more than the rest of a small repository's check;
loading the compiled catalog costs a twentieth of that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from integrations_drift import usercache

T = TypeVar("T")

# The modules that define the pickled classes.
_CLASS_MODULES = ("catalog/index.py", "catalog/model.py")


def compiled(kind: str, data_files: Sequence[str], build: Callable[[], T], expected: type[T]) -> T:
    """``build()``, or what an earlier process built from the same data files."""
    return usercache.compiled(kind, data_files, _CLASS_MODULES, build, expected)
