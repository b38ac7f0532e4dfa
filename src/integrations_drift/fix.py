"""``integrations-drift fix``: turn the findings' suggestions into edits of the document.

The check runs once; each finding's suggestion becomes one edit (:mod:`integrations_drift.doc.edit`);
the edits are applied to the original text and the file is written atomically, only when it changed.
Stale rows are marked rather than removed unless ``prune`` is set: a human may know better.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from integrations_drift.config import Settings
from integrations_drift.doc.edit import (
    AddRow,
    Edit,
    EditError,
    MarkRow,
    RemoveRow,
    ReplaceRow,
    apply_edits,
    decode,
    split_lines,
)
from integrations_drift.doc.parse import MAX_DOC_BYTES, read_document
from integrations_drift.engine import run_check
from integrations_drift.errors import UsageError
from integrations_drift.files_io import contained_path, exclusive, write_file
from integrations_drift.findings import Finding
from integrations_drift.rules import RULES
from integrations_drift.suppress import find_baseline

STALE_KINDS = frozenset(r.kind for r in RULES if r.stale)
ADD_KINDS: dict[str, Literal["env", "service"]] = {r.kind: r.adds for r in RULES if r.adds is not None}


def all_kinds() -> list[str]:
    return [str(rule.kind) for rule in RULES]


def parse_kinds(values: Iterable[str] | None) -> frozenset[str] | None:
    """``--only`` values (repeatable, comma-separated) → kinds; an unknown kind is a usage error."""
    if not values:
        return None
    known = all_kinds()
    kinds: set[str] = set()
    for value in values:
        for part in value.split(","):
            kind = part.strip()
            if not kind:
                continue
            if kind not in known:
                raise UsageError(f"--only {kind}: unknown finding kind (one of {', '.join(known)})")
            kinds.add(kind)
    if not kinds:
        raise UsageError("--only needs a finding kind")
    return frozenset(kinds)


@dataclass
class FixOutcome:
    doc_path: str
    before: str
    after: str
    fixed: list[Finding] = field(default_factory=list)
    human: list[tuple[Finding, str]] = field(default_factory=list)  # finding, why it needs a human
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """The unified diff of the change (``a/DOC`` → ``b/DOC``), empty when nothing changes."""
        out: list[str] = []
        for line in difflib.unified_diff(
            split_lines(self.before), split_lines(self.after), f"a/{self.doc_path}", f"b/{self.doc_path}"
        ):
            if line.endswith(("\n", "\r")):
                out.append(line)
            else:
                out.append(line + "\n\\ No newline at end of file\n")
        return "".join(out)


def edit_for(finding: Finding, prune: bool) -> Edit | str:
    """The edit a finding's suggestion asks for, or why a human has to make it."""
    s = finding.suggestion
    if s is None:
        return "no automatic fix for this kind of finding"
    table = s.table or ""
    name = s.cells[0] if s.cells else ""
    if s.action == "add-row" and finding.kind in ADD_KINDS:
        return AddRow(kind=ADD_KINDS[finding.kind], table=table, cells=tuple(s.cells), doc_line=s.doc_line)
    if s.doc_line is None:
        return "the suggestion names no line of the document"
    if s.action == "replace-row":
        return ReplaceRow(table=table, doc_line=s.doc_line, cells=tuple(s.cells), name=name)
    if s.action == "remove-row":
        if finding.kind in STALE_KINDS and not prune:
            return MarkRow(table=table, doc_line=s.doc_line, name=name)
        return RemoveRow(table=table, doc_line=s.doc_line, name=name)
    return "no automatic edit is known"


def run_fix(
    root: Path,
    settings: Settings,
    doc_arg: str | None = None,
    *,
    only: frozenset[str] | None = None,
    prune: bool = False,
    dry_run: bool = False,
    today: date | None = None,
) -> FixOutcome:
    """Check, edit, and (unless ``dry_run``) write the document when its text changed.

    Findings the config's baseline accepts or inline comments ignore are not fixed: they were
    accepted on purpose. The repository's top folder is locked from the first read to the rename: two
    runs at once take turns, and the second edits what the first wrote."""
    if dry_run:
        return _fix(root, settings, doc_arg, only, prune, dry_run, today)
    with exclusive(root):
        return _fix(root, settings, doc_arg, only, prune, dry_run, today)


def _fix(
    root: Path,
    settings: Settings,
    doc_arg: str | None,
    only: frozenset[str] | None,
    prune: bool,
    dry_run: bool,
    today: date | None,
) -> FixOutcome:
    baseline = find_baseline(root, None, settings.baseline)
    result = run_check(root, settings, doc_arg, baseline=baseline)
    doc_path = result.report.doc
    target = contained_path(root, doc_path, "document")
    if target.stat().st_size > MAX_DOC_BYTES:
        raise UsageError(
            f"{doc_path}: larger than {MAX_DOC_BYTES // (1024 * 1024)} MB; fix edits no document that size"
        )
    data, doc = read_document(target, doc_path)
    if doc != result.doc:
        raise UsageError(f"{doc_path} changed while fix was running; run it again")
    findings = [f for f in result.report.findings if only is None or f.kind in only]
    edits: list[Edit] = []
    planned: list[Finding] = []
    human: list[tuple[Finding, str]] = []
    for f in findings:
        edit = edit_for(f, prune)
        if isinstance(edit, str):
            human.append((f, edit))
        else:
            edits.append(edit)
            planned.append(f)
    if not edits:
        text = data.decode("utf-8", errors="replace")
        return FixOutcome(doc_path, text, text, human=human, warnings=result.warnings)
    try:
        text = decode(data)
    except EditError as exc:
        raise UsageError(f"{doc_path}: {exc}") from None
    applied = apply_edits(text, doc, edits, today=today or date.today())
    outcome = FixOutcome(doc_path, text, applied.text, human=human, warnings=result.warnings)
    for f, error in zip(planned, applied.errors, strict=True):
        if error is None:
            outcome.fixed.append(f)
        else:
            human.append((f, error))
    if outcome.changed and not dry_run:
        if target.read_bytes() != data:
            raise UsageError(f"{doc_path} changed while fix was running; run it again")
        write_file(target, applied.text, doc_path, "fix")
        outcome.written = True
    return outcome
