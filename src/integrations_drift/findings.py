"""Findings and the JSON report (version 1 of the contract): pydantic, since they cross the boundary."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.config import JsonDict

# The report always writes every field, defaults included: its JSON Schema says so.
_ALWAYS_WRITTEN = ConfigDict(json_schema_serialization_defaults_required=True)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "notice": 1}[self.value]


class FindingKind(StrEnum):
    """Every kind of the report contract; the rules registry says which ones are checked today."""

    UNDOCUMENTED_ENV_VAR = "undocumented-env-var"
    STALE_ENV_VAR = "stale-env-var"
    MISSING_CONFIG_LOCATION = "missing-config-location"
    UNDOCUMENTED_SERVICE = "undocumented-service"
    STALE_SERVICE = "stale-service"
    PLACEHOLDER_ROW = "placeholder-row"
    SECRET_IN_DOC = "secret-in-doc"
    MALFORMED_DOC = "malformed-doc"
    SDK_MISMATCH = "sdk-mismatch"
    PATTERN_MISMATCH = "pattern-mismatch"
    REQUIRED_MISMATCH = "required-mismatch"


FAIL_LEVELS: dict[str, int] = {"error": 3, "warning": 2, "notice": 1, "never": 99}


class Location(BaseModel):
    model_config = _ALWAYS_WRITTEN

    path: str
    line: int | None = None


SuggestionAction = Literal["add-row", "replace-row", "remove-row", "edit-doc"]


class Suggestion(BaseModel):
    model_config = _ALWAYS_WRITTEN

    action: SuggestionAction
    table: str | None = None
    doc_line: int | None = None
    cells: list[str] = Field(default_factory=list)

    @field_validator("cells")
    @classmethod
    def _writable(cls, cells: list[str]) -> list[str]:
        # Cells are written into the document: a non-UTF-8 file name must not make that fail.
        return [c.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for c in cells]


class Finding(BaseModel):
    model_config = ConfigDict(
        json_schema_serialization_defaults_required=True, json_schema_extra=lambda s: _optional(s, ("doc",))
    )

    kind: FindingKind
    severity: Severity
    subject: str
    message: str
    locations: list[Location] = Field(default_factory=list)
    doc_line: int | None = None
    change: Literal["new", "existing"] | None = None
    fingerprint: str = ""
    suggestion: Suggestion | None = None
    doc: str | None = Field(default=None, description="the document it is about, when a run checks several")
    fix: str = Field(default="", exclude=True)  # the human sentence; the JSON carries ``suggestion``

    def sort_key(self) -> tuple[int, str, str, str, int]:
        first = self.locations[0] if self.locations else Location(path="")
        return (-self.severity.rank, self.kind, self.subject, first.path, first.line or 0)


def fingerprint(kind: str, *parts: str) -> str:
    """Stable across runs and line shifts: built from what the finding is about, never from lines."""
    digest = hashlib.sha256("\0".join((kind, *parts)).encode("utf-8")).hexdigest()
    return digest[:20]


class ToolInfo(BaseModel):
    model_config = _ALWAYS_WRITTEN

    name: str = "integrations-drift"
    version: str


class Summary(BaseModel):
    model_config = _ALWAYS_WRITTEN

    error: int = 0
    warning: int = 0
    notice: int = 0


class Report(BaseModel):
    model_config = _ALWAYS_WRITTEN

    version: Literal[1] = 1
    tool: ToolInfo
    doc: str
    mode: Literal["full", "pr"] = "full"
    base: str | None = None
    head: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    resolved: list[Finding] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)


class SuppressedCounts(BaseModel):
    """What the baseline and inline ignore comments took out of the run."""

    model_config = _ALWAYS_WRITTEN

    baseline: int = Field(default=0, description="findings the baseline file accepts")
    inline: int = Field(default=0, description="findings silenced by an inline ignore comment")
    baseline_file: str | None = Field(default=None, description="the baseline file, as it was named")


class UnverifiedService(BaseModel):
    """A documented service the catalog does not know: it is not checked."""

    model_config = _ALWAYS_WRITTEN

    name: str
    doc_line: int


class StaleBaselineEntry(BaseModel):
    """A baseline entry that matches no finding any more: the drift was fixed, remove the entry."""

    model_config = _ALWAYS_WRITTEN

    fingerprint: str
    kind: FindingKind
    subject: str


# Keys added to version 1 after its first release: always written now, absent from older reports.
ADDED_KEYS = ("files_scanned", "suppressed", "unverified", "stale_baseline", "documents")


def _optional(schema: JsonDict, added: tuple[str, ...]) -> None:
    required = schema.get("required")
    if isinstance(required, list):
        schema["required"] = [k for k in required if k not in added]


def _added_keys_optional(schema: JsonDict) -> None:
    _optional(schema, ADDED_KEYS)


class JsonReport(Report):
    """The JSON report, version 1: the report, then what the other formats show beside it."""

    model_config = ConfigDict(
        json_schema_serialization_defaults_required=True, json_schema_extra=_added_keys_optional
    )

    files_scanned: int | None = Field(default=None, description="files the scan read")
    suppressed: SuppressedCounts = Field(default_factory=SuppressedCounts)
    unverified: list[UnverifiedService] = Field(default_factory=list)
    stale_baseline: list[StaleBaselineEntry] = Field(default_factory=list)
    documents: list[str] = Field(
        default_factory=list, description="every document the run checked, when it checks several"
    )
