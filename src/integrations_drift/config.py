"""Settings: ``.integrations-drift.yml`` or ``[tool.integrations-drift]`` in pyproject.toml, validated
into one model. Every problem is reported as one line naming the file and the key."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from integrations_drift.errors import UsageError
from integrations_drift.findings import Severity
from integrations_drift.paths import glob_matcher
from integrations_drift.validation import KNOWN_KINDS, KindName, first_error, yaml_problem

# A 50,000-deep list exhausts the parsers' recursion: a one-line error, not a traceback.
TOO_DEEP = "nested too deeply to read"
CONFIG_NAMES = (".integrations-drift.yml", ".integrations-drift.yaml")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)


def _no_nul(value: str) -> str:
    if "\0" in value:
        raise ValueError("a NUL character cannot be part of a path or pattern")
    return value


def _glob(value: str | None) -> str | None:
    if value is None:
        return None
    _no_nul(value)
    glob_matcher(value)  # a bad glob ([z-a]) is a config error now, not a crash mid-scan
    return value


class IgnoreRule(_Model):
    """Silence findings of one kind, by subject (glob) and/or evidence path (glob). A reason is required
    so that the next reader knows why."""

    kind: KindName
    subject: str | None = None
    path: str | None = None
    reason: str = Field(min_length=3)

    @model_validator(mode="before")
    @classmethod
    def _bare_kind(cls, data: Any) -> Any:
        # A bare kind, as ruff's ``ignore`` lists codes: every finding of that kind.
        if isinstance(data, str):
            return {"kind": data, "reason": "the whole kind is ignored"}
        return data

    @field_validator("subject", "path")
    @classmethod
    def _globs(cls, v: str | None) -> str | None:
        return _glob(v)


class EnvSettings(_Model):
    ignore: list[str] = Field(default_factory=list)  # extra names (globs) no one documents
    builtin_ignore: bool = True  # false: the built-in list is replaced by ``ignore``

    @field_validator("ignore")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        return [_no_nul(x) for x in v]


class DocEntry(_Model):
    """One document of a repository that holds several, and the folder it covers."""

    doc: str  # relative to the repository root
    root: str | None = None  # default: the document's folder


class Settings(_Model):
    doc: str | None = None
    docs: list[DocEntry] = Field(default_factory=list)
    select: list[KindName] = Field(default_factory=list)  # only these kinds are reported
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    support_code: list[str] = Field(default_factory=list)  # more paths treated like tests and tooling
    fail_on: Literal["error", "warning", "notice", "never"] = "error"
    severity: dict[str, Severity] = Field(default_factory=dict)
    ignore: list[IgnoreRule] = Field(default_factory=list)
    env: EnvSettings = Field(default_factory=EnvSettings)
    baseline: str | None = None  # the default for ``check --baseline``, relative to the repository
    # Catalog entries of the repository's own (same shape as data/services.yml entries); one with a
    # built-in entry's name replaces it.
    services: list[dict[str, Any]] = Field(default_factory=list)
    source: str | None = Field(default=None, exclude=True)

    @field_validator("doc", "baseline")
    @classmethod
    def _path(cls, v: str | None) -> str | None:
        return None if v is None else _no_nul(v)

    @field_validator("include", "exclude", "support_code")
    @classmethod
    def _globs(cls, v: list[str]) -> list[str]:
        for g in v:
            _glob(g)
        return v

    @field_validator("severity")
    @classmethod
    def _known_kinds(cls, v: dict[str, Severity]) -> dict[str, Severity]:
        unknown = sorted(set(v) - KNOWN_KINDS)
        if unknown:
            raise ValueError(f"unknown finding kind {unknown[0]!r}")
        return v


def _validate(data: Any, source: str) -> Settings:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"config error in {source}: expected a mapping of settings at the top level")
    try:
        settings = Settings.model_validate(data)
    except RecursionError:
        raise UsageError(f"config error in {source}: {TOO_DEEP}") from None
    except ValidationError as exc:
        raise UsageError(f"config error in {source}: {first_error(exc)}") from None
    return settings.model_copy(update={"source": source})


def load_settings(repo: Path, explicit: str | None = None, start: Path | None = None) -> Settings:
    """The explicit ``--config`` file, else the nearest one from ``start`` (a folder inside ``repo``)
    up to ``repo``, as ruff and mypy look for theirs, else defaults."""
    if explicit is not None:
        if "\0" in explicit:
            raise UsageError("--config: a NUL character cannot be part of a path")
        path = Path(explicit)
        if not path.is_absolute() and not path.exists():
            path = repo / explicit
        if not path.is_file():
            raise UsageError(f"config file not found: {explicit}")
        return _load_file(path)
    for folder in _upwards(start or repo, repo):
        found = _settings_in(folder)
        if found is not None:
            return found
    return Settings()


def _upwards(start: Path, top: Path) -> list[Path]:
    """``start`` and its parents up to ``top``; only ``top`` when ``start`` is not inside it."""
    start, top = start.resolve(), top.resolve()
    if start != top and top not in start.parents:
        return [top]
    out = [start]
    while out[-1] != top:
        out.append(out[-1].parent)
    return out


def _settings_in(folder: Path) -> Settings | None:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return _load_file(folder / name)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"config error in pyproject.toml: {exc}") from None
        except RecursionError:
            raise UsageError(f"config error in pyproject.toml: {TOO_DEEP}") from None
        section = data.get("tool", {}).get("integrations-drift")
        if section is not None:
            return _validate(section, "pyproject.toml [tool.integrations-drift]")
    return None


def _load_file(path: Path) -> Settings:
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"config error in {path.name}: {exc}") from None
        except RecursionError:
            raise UsageError(f"config error in {path.name}: {TOO_DEEP}") from None
        return _validate(data.get("tool", {}).get("integrations-drift", data), path.name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UsageError(f"config error in {path.name}{yaml_problem(exc)}") from None
    except UnicodeDecodeError:
        raise UsageError(f"config error in {path.name}: not valid UTF-8") from None
    except RecursionError:
        raise UsageError(f"config error in {path.name}: {TOO_DEEP}") from None
    return _validate(data, path.name)
