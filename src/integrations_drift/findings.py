"""Findings and the JSON report (version 1 of the contract): pydantic, since they cross the boundary."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, field_validator


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "notice": 1}[self.value]


FAIL_LEVELS: dict[str, int] = {"error": 3, "warning": 2, "notice": 1, "never": 99}


class Location(BaseModel):
    path: str
    line: int | None = None


SuggestionAction = Literal["add-row", "replace-row", "remove-row", "edit-doc"]


class Suggestion(BaseModel):
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
    kind: str
    severity: Severity
    subject: str
    message: str
    locations: list[Location] = Field(default_factory=list)
    doc_line: int | None = None
    change: Literal["new", "existing"] | None = None
    fingerprint: str = ""
    suggestion: Suggestion | None = None
    fix: str = Field(default="", exclude=True)  # the human sentence; the JSON carries ``suggestion``

    def sort_key(self) -> tuple[int, str, str, str, int]:
        first = self.locations[0] if self.locations else Location(path="")
        return (-self.severity.rank, self.kind, self.subject, first.path, first.line or 0)


def fingerprint(kind: str, *parts: str) -> str:
    """Stable across runs and line shifts: built from what the finding is about, never from lines."""
    digest = hashlib.sha256("\0".join((kind, *parts)).encode("utf-8")).hexdigest()
    return digest[:20]


class ToolInfo(BaseModel):
    name: str = "integrations-drift"
    version: str


class Summary(BaseModel):
    error: int = 0
    warning: int = 0
    notice: int = 0


class Report(BaseModel):
    version: int = 1
    tool: ToolInfo
    doc: str
    mode: Literal["full", "pr"] = "full"
    base: str | None = None
    head: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    resolved: list[Finding] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
