"""Accepting findings on purpose: the baseline file and inline ignore comments.

The baseline (``.integrations-drift-baseline.yml``) lists findings, by fingerprint, that a team has
accepted, each with a reason; ``check --baseline FILE`` drops them and reports entries that no longer
match anything, so the file shrinks as the drift is fixed. An inline comment
``integrations-drift: ignore[kind, …]`` (or bare ``integrations-drift: ignore`` for every kind) on a
finding's evidence line drops that finding; ``integrations-drift: ignore-file[kind, …]`` anywhere in a
file does so for every line of it, and ``integrations-drift: disable[kind, …]`` …
``integrations-drift: enable[kind, …]`` for the lines between (a bare ``enable`` ends every block).
All are applied after the config's ``ignore`` rules.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from integrations_drift.errors import UsageError
from integrations_drift.files_io import check_writable, chosen_path, contained_path, no_nul, write_file
from integrations_drift.findings import Finding
from integrations_drift.paths import resolve_in_repo
from integrations_drift.validation import KindName, first_error, yaml_problem

BASELINE_NAME = ".integrations-drift-baseline.yml"
BASELINE_VERSION = 1
MAX_IGNORE_FILE_BYTES = 2 * 1024 * 1024

_HEADER = (
    "# Findings accepted on purpose: 'integrations-drift check --baseline FILE' does not report them.\n"
    "# Each entry needs a reason. Rewrite with 'integrations-drift baseline' (reasons are kept).\n"
)


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    fingerprint: str = Field(min_length=1)
    kind: KindName
    subject: str
    reason: str

    @field_validator("reason")
    @classmethod
    def _has_reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a reason is required")
        return v


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    version: int
    accepted: list[BaselineEntry] = Field(default_factory=list)

    @field_validator("version")
    @classmethod
    def _known_version(cls, v: int) -> int:
        if v != BASELINE_VERSION:
            raise ValueError(
                f"unsupported version {v} (this integrations-drift reads version {BASELINE_VERSION})"
            )
        return v


def _read_yaml(path: Path, name: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {name}") from None
    except IsADirectoryError:
        raise UsageError(f"baseline file {name}: is a directory") from None
    except UnicodeDecodeError:
        raise UsageError(f"baseline error in {name}: not valid UTF-8") from None
    except OSError as exc:
        raise UsageError(f"baseline file {name}: {exc.strerror or exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"baseline error in {name}{yaml_problem(exc)}") from None
    except RecursionError:
        raise UsageError(f"baseline error in {name}: nested too deeply to read") from None


def load_baseline(path: Path, name: str | None = None) -> Baseline:
    """Read and validate a baseline file; every problem is one ``UsageError`` line naming the file."""
    shown = name or str(path)
    data = _read_yaml(path, shown)
    if not isinstance(data, dict):
        raise UsageError(f"baseline error in {shown}: expected a mapping with 'version' and 'accepted'")
    try:
        return Baseline.model_validate(data, strict=True)
    except RecursionError:
        raise UsageError(f"baseline error in {shown}: nested too deeply to read") from None
    except ValidationError as exc:
        raise UsageError(f"baseline error in {shown}: {first_error(exc)}") from None


def _existing_reasons(path: Path, name: str) -> dict[str, str]:
    """Reasons already written in ``path`` by fingerprint, read leniently: a half-edited file still
    gives up the reasons it has; only a file that is not YAML at all stops the rewrite."""
    if not path.exists():
        return {}
    try:
        data = _read_yaml(path, name)
    except UsageError as exc:
        raise UsageError(f"{exc}; fix or delete it (its reasons would be lost)") from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    reasons: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        fp, reason = entry.get("fingerprint"), entry.get("reason")
        if isinstance(fp, str) and isinstance(reason, str) and reason.strip():
            reasons[fp] = reason
    return reasons


def default_reason(today: date | None = None) -> str:
    return f"accepted when the baseline was written on {(today or date.today()).isoformat()}"


def baseline_entries(findings: Iterable[Finding], reason: str, keep: dict[str, str]) -> list[BaselineEntry]:
    by_fp: dict[str, BaselineEntry] = {}
    for f in findings:
        if f.fingerprint in by_fp:
            continue
        by_fp[f.fingerprint] = BaselineEntry(
            fingerprint=f.fingerprint, kind=f.kind, subject=f.subject, reason=keep.get(f.fingerprint, reason)
        )
    return sorted(by_fp.values(), key=lambda e: (e.kind, e.subject, e.fingerprint))


def render_baseline(entries: list[BaselineEntry]) -> str:
    data = {"version": BASELINE_VERSION, "accepted": [e.model_dump() for e in entries]}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return _HEADER + body


def write_baseline(path: Path, findings: Iterable[Finding], reason: str, name: str | None = None) -> int:
    """Write every finding to ``path`` (atomically), keeping the reasons of entries already there with
    the same fingerprint. Returns the number of entries written."""
    if not reason.strip():
        raise UsageError("--reason: a reason is required")
    shown = name or str(path)
    check_writable(path, shown, "baseline file")
    entries = baseline_entries(findings, reason, _existing_reasons(path, shown))
    write_file(path, render_baseline(entries), shown, "baseline file")
    return len(entries)


def apply_baseline(
    findings: list[Finding], baseline: Baseline
) -> tuple[list[Finding], int, list[BaselineEntry]]:
    """Drop accepted findings: (kept, how many were accepted, entries that match no finding)."""
    accepted_fps = {e.fingerprint for e in baseline.accepted}
    kept = [f for f in findings if f.fingerprint not in accepted_fps]
    current = {f.fingerprint for f in findings}
    stale = [e for e in baseline.accepted if e.fingerprint not in current]
    return kept, len(findings) - len(kept), stale


# ``integrations-drift: ignore`` or ``integrations-drift: ignore[kind, kind]`` anywhere on the line.
# An unclosed ``ignore[kind`` is not a bare ignore: it matches nothing.
IGNORE_COMMENT = re.compile(r"integrations-drift:\s*ignore(?:\[([^\]]*)\])?(?![\w\[-])", re.IGNORECASE)
ALL: frozenset[str] = frozenset({"*"})  # what a bare ignore names
REGION_COMMENT = re.compile(
    r"integrations-drift:\s*(ignore-file|disable|enable)(?:\[([^\]]*)\])?(?![\w\[-])", re.IGNORECASE
)

LineReader = Callable[[str, int], str | None]


def ignored_kinds(line: str) -> frozenset[str] | None:
    """The kinds an ignore comment on ``line`` names; ``ALL`` for a bare one; None without one."""
    kinds: set[str] = set()
    for m in IGNORE_COMMENT.finditer(line):
        if m.group(1) is None:
            return ALL
        kinds.update(k.strip().lower() for k in m.group(1).split(",") if k.strip())
    return frozenset(kinds) if kinds else None


def _line_ignores(line: str | None, kind: str) -> bool:
    if line is None:
        return False
    kinds = ignored_kinds(line)
    return kinds is not None and (kinds is ALL or kind in kinds)


def _kinds(group: str | None) -> frozenset[str]:
    if group is None:
        return ALL
    return frozenset(k.strip().lower() for k in group.split(",") if k.strip()) or ALL


def _covers(kinds: frozenset[str], kind: str) -> bool:
    return "*" in kinds or kind in kinds


@dataclass
class Regions:
    """A file's ``ignore-file`` kinds and, per line, the kinds a ``disable`` block covers there."""

    whole_file: frozenset[str] = frozenset()
    blocks: list[frozenset[str]] = field(default_factory=list)

    def covers(self, line: int, kind: str) -> bool:
        if _covers(self.whole_file, kind):
            return True
        return 1 <= line <= len(self.blocks) and _covers(self.blocks[line - 1], kind)


def regions(read_line: LineReader, path: str) -> Regions:
    """One pass over the file's lines; a ``disable`` line is inside its block, an ``enable`` line is not."""
    whole: set[str] = set()
    active: frozenset[str] = frozenset()
    blocks: list[frozenset[str]] = []
    n = 1
    while (line := read_line(path, n)) is not None:
        if "integrations-drift" in line.lower():
            for m in REGION_COMMENT.finditer(line):
                what, kinds = m.group(1).lower(), _kinds(m.group(2))
                if what == "ignore-file":
                    whole |= kinds
                elif what == "disable":
                    active = active | kinds
                elif kinds is ALL:
                    active = frozenset()
                else:
                    active = active - kinds
        blocks.append(active)
        n += 1
    return Regions(frozenset(whole), blocks)


def apply_inline_ignores(
    findings: list[Finding], read_line: LineReader
) -> tuple[list[Finding], dict[str, int]]:
    """Drop findings whose evidence lines carry an ignore comment for their kind.

    Only locations with a line number count; a finding is dropped when every one of them carries
    the comment (one unmarked read of a variable keeps it), and never when it has none.
    """
    kept: list[Finding] = []
    suppressed: Counter[str] = Counter()
    files: dict[str, Regions] = {}

    def ignored(path: str, line: int, kind: str) -> bool:
        if _line_ignores(read_line(path, line), kind):
            return True
        if path not in files:
            files[path] = regions(read_line, path)
        return files[path].covers(line, kind)

    for f in findings:
        lines = [(loc.path, loc.line) for loc in f.locations if loc.line]
        if lines and all(ignored(path, line, f.kind) for path, line in lines):
            suppressed[f.kind] += 1
        else:
            kept.append(f)
    return kept, dict(suppressed)


def work_tree_line_reader(root: Path) -> LineReader:
    """Lines of files in the working tree, read only inside the repository (no symbolic link out)."""
    cache: dict[str, list[str] | None] = {}

    def lines_of(path: str) -> list[str] | None:
        resolved = resolve_in_repo(root, path)
        if resolved.escapes or not resolved.exists or resolved.is_dir:
            return None
        target = os.path.join(os.path.realpath(root), *resolved.path.split("/"))
        try:
            if os.path.getsize(target) > MAX_IGNORE_FILE_BYTES:
                return None
            with open(target, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        return data.decode("utf-8", errors="replace").splitlines()

    def read_line(path: str, line: int) -> str | None:
        if path not in cache:
            cache[path] = lines_of(path)
        lines = cache[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    return read_line


@dataclass(frozen=True)
class BaselineSource:
    path: Path  # where to read it
    name: str  # as the user named it, for messages


def find_baseline(root: Path, arg: str | None, configured: str | None) -> BaselineSource | None:
    """``--baseline FILE`` (as given, else relative to the repository), else the config's ``baseline``
    (relative to the repository), else none."""
    if arg is not None:
        no_nul(arg, "--baseline")
        path = Path(arg)
        if not path.is_absolute() and not path.exists():
            path = root / arg
        return BaselineSource(path, arg)
    if configured is not None:
        # The config is the repository's: what it names is read only inside the repository.
        return BaselineSource(contained_path(root, configured, "config baseline:"), configured)
    return None


def baseline_output(root: Path, arg: str | None, configured: str | None) -> BaselineSource:
    """Where ``integrations-drift baseline`` writes: ``--output`` (relative to the repository unless
    absolute), else the config's ``baseline``, else ``.integrations-drift-baseline.yml``."""
    if arg is not None:
        # Typed by the user: relative to the repository, and outside it only as chosen_path allows.
        typed = arg if os.path.isabs(no_nul(arg, "--output")) else os.path.join(root, arg)
        return BaselineSource(chosen_path(root, typed, "--output"), arg)
    name = configured or BASELINE_NAME
    return BaselineSource(contained_path(root, name, "config baseline:"), name)


def scan_excludes(root: Path, configured: str | None, source: BaselineSource | None = None) -> list[str]:
    """Globs keeping baseline files out of the scan: their subjects (variable and service names) must
    not count as mentions in code, or accepting a stale finding would make it disappear."""
    globs = [BASELINE_NAME]
    candidates = [root / configured] if configured else []
    if source is not None:
        candidates.append(source.path)
    root_real = os.path.realpath(root)
    for path in candidates:
        real = os.path.realpath(path)
        if real.startswith(root_real + os.sep):
            globs.append("/" + os.path.relpath(real, root_real).replace(os.sep, "/"))
    return globs


@dataclass
class Suppressed:
    """What the baseline and inline ignores took out of a run, for the report."""

    accepted: int = 0  # by the baseline
    inline: dict[str, int] = field(default_factory=dict)  # ignored inline, by kind
    stale: list[BaselineEntry] = field(default_factory=list)  # baseline entries matching no finding
    baseline_name: str | None = None  # the baseline file as the user named it

    @property
    def inline_total(self) -> int:
        return sum(self.inline.values())


def stale_warning(entry: BaselineEntry, baseline_name: str) -> str:
    return f"baseline entry {entry.kind} {entry.subject} matches no finding; remove it from {baseline_name}"
