"""One line from a pydantic validation error: where, and what is wrong."""

from __future__ import annotations

from typing import Annotated

import yaml
from pydantic import AfterValidator, ValidationError

from integrations_drift.findings import FindingKind


def first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return f"{where}: {msg}" if where else msg


def yaml_problem(exc: yaml.YAMLError) -> str:
    """`` line N: problem`` for a YAML error, as the config and baseline errors print it."""
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or "invalid YAML"
    return f"{where}: {problem}"


KNOWN_KINDS = frozenset(k.value for k in FindingKind)


def _known_kind(v: str) -> str:
    if v not in KNOWN_KINDS:
        raise ValueError(f"unknown finding kind {v!r}")
    return v


# A finding kind of the report contract, as config and baseline files name it.
KindName = Annotated[str, AfterValidator(_known_kind)]
