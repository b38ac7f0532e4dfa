"""The packaged data files (``integrations_drift/data/*.yml``): read, parsed and validated one way.

Each file has a pydantic model beside the code that uses it; :func:`load` reads the file through
``importlib.resources`` (so it works from a wheel or a zip as well as from a checkout), parses it
with PyYAML's C loader when the build has one (services.yml is large enough for it to matter),
validates it against that model and keeps the result, in the process and, pickled, in the user's
cache folder (``usercache.py``): the next process loads it without parsing or validating. Every
failure is a :class:`DataFileError` naming the file and the place in it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from integrations_drift import usercache
from integrations_drift.errors import UsageError
from integrations_drift.validation import first_error, yaml_problem

_PACKAGE = "integrations_drift"
_FOLDER = "data"
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)

_loaded: dict[tuple[str, type[BaseModel]], BaseModel] = {}


class DataFileError(UsageError):
    """A packaged data file that is missing, is not YAML, or does not fit its model."""


class DataModel(BaseModel):
    """The base of the data files' models: unknown keys are mistakes, and the knowledge is read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def read(name: str) -> Any:
    """The parsed YAML of data file ``name`` (``"services.yml"``), not yet validated."""
    try:
        text = resources.files(_PACKAGE).joinpath(_FOLDER, name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"data file {name}: cannot be read ({exc})") from None
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"data file {name}{yaml_problem(exc)}") from None


def validate(name: str, raw: object, model: type[M]) -> M:
    """``raw`` (the content of data file ``name``) as ``model``; the error names the place, and the
    entry by its ``name`` or ``id`` when the place is inside a list of named entries."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        entry = _entry_label(raw, exc.errors()[0]["loc"])
        raise DataFileError(f"data file {name}{entry}: {first_error(exc)}") from None


def load(name: str, model: type[M]) -> M:
    """Data file ``name`` validated as ``model``, read once per process (and, from the user's cache
    folder, once per content)."""
    key = (name, model)
    hit = _loaded.get(key)
    if not isinstance(hit, model):
        hit = _loaded[key] = usercache.compiled(
            f"data-{name.removesuffix('.yml')}-{model.__name__}",
            (name,),
            _source_files(model),
            lambda: validate(name, read(name), model),
            model,
        )
    return hit


def _source_files(model: type[BaseModel]) -> tuple[str, ...]:
    """The package's source files defining ``model`` and the models its fields hold, relative to
    the package: what a pickle of a validated file depends on besides the file."""
    files: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(annotation: object) -> None:
        for arg in get_args(annotation):
            visit(arg)
        if not isinstance(annotation, type) or not issubclass(annotation, BaseModel) or annotation in seen:
            return
        seen.add(annotation)
        for cls in annotation.__mro__:
            module = sys.modules.get(cls.__module__)
            prefix = f"{_PACKAGE}."
            if module is None or not cls.__module__.startswith(prefix):
                continue
            path = cls.__module__.removeprefix(prefix).replace(".", "/")
            files.add(f"{path}/__init__.py" if hasattr(module, "__path__") else f"{path}.py")
        for field in annotation.model_fields.values():
            visit(field.annotation)

    visit(model)
    return tuple(sorted(files))


def _entry_label(raw: object, loc: Sequence[int | str]) -> str:
    """`` (entry 'Stripe')`` for the innermost named list item on the way to ``loc``, else ``""``."""
    label = ""
    node = raw
    for step in loc:
        if isinstance(node, Mapping) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            if isinstance(node, Mapping):
                for key in ("name", "id"):
                    if isinstance(node.get(key), str):
                        label = f" (entry {node[key]!r})"
                        break
        else:
            break
    return label
