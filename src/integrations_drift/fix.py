"""``integrations-drift fix``: turn the findings' suggestions into edits of the document.

The check runs once; each finding's suggestion becomes one edit (:mod:`integrations_drift.doc.edit`);
the edits are applied to the original text and the file is written atomically, only when it changed.
Stale rows are marked rather than removed unless ``prune`` is set: a human may know better.
"""

from __future__ import annotations

import difflib
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
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import MAX_DOC_BYTES, read_document
from integrations_drift.engine import CheckResult, Selection, run_check
from integrations_drift.errors import UsageError
from integrations_drift.files_io import contained_path, exclusive, write_file
from integrations_drift.findings import Finding
from integrations_drift.report.safe import for_terminal
from integrations_drift.rules import RULES
from integrations_drift.rules.kinds import parse_kinds as parse_kinds
from integrations_drift.secrets import redact
from integrations_drift.suppress import find_baseline

STALE_KINDS = frozenset(r.kind for r in RULES if r.stale)
ADD_KINDS: dict[str, Literal["env", "service"]] = {r.kind: r.adds for r in RULES if r.adds is not None}


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
        """The unified diff of the change (``a/DOC`` → ``b/DOC``), empty when nothing changes.

        It is for reading, and may be shown in a job log: a credential-looking value is hidden
        (in table rows, long random strings too, since an Example cell is where one stands), and
        the document's name is one line with no control characters."""
        if not self.changed:
            return ""
        name = for_terminal(self.doc_path, 1000)
        out: list[str] = []
        for line in difflib.unified_diff(
            [_shown_line(x) for x in split_lines(self.before)],
            [_shown_line(x) for x in split_lines(self.after)],
            f"a/{name}",
            f"b/{name}",
        ):
            if line.endswith(("\n", "\r")):
                out.append(line)
            else:
                out.append(line + "\n\\ No newline at end of file\n")
        return "".join(out)


def _shown_line(line: str) -> str:
    return redact(line, entropy=line.lstrip().startswith("|"))


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
    """``run_fix_all`` for one document."""
    return run_fix_all(
        root, settings, Selection(doc_arg), only=only, prune=prune, dry_run=dry_run, today=today
    )[0]


def run_fix_all(
    root: Path,
    settings: Settings,
    selection: Selection,
    *,
    only: frozenset[str] | None = None,
    prune: bool = False,
    dry_run: bool = False,
    today: date | None = None,
) -> list[FixOutcome]:
    """Check every document chosen (one scan), edit each, and (unless ``dry_run``) write those whose
    text changed.

    Findings the config's baseline accepts or inline comments ignore are not fixed: they were
    accepted on purpose. The repository's top folder is locked from the first read to the rename: two
    runs at once take turns, and the second edits what the first wrote."""
    if dry_run:
        return _fix_all(root, settings, selection, only, prune, dry_run, today)
    with exclusive(root):
        return _fix_all(root, settings, selection, only, prune, dry_run, today)


def _fix_all(
    root: Path,
    settings: Settings,
    selection: Selection,
    only: frozenset[str] | None,
    prune: bool,
    dry_run: bool,
    today: date | None,
) -> list[FixOutcome]:
    baseline = find_baseline(root, None, settings.baseline)
    result = run_check(root, settings, selection=selection, baseline=baseline)
    several = len(result.docs) > 1
    return [
        _fix_document(
            root,
            doc_path,
            expected,
            [f for f in result.report.findings if not several or f.doc == doc_path],
            result.warnings if i == 0 else [],
            only=only,
            prune=prune,
            dry_run=dry_run,
            today=today,
            parsed_from=result.doc_bytes.get(doc_path),
        )
        for i, (doc_path, expected) in enumerate(result.docs.items())
    ]


def _fix_document(
    root: Path,
    doc_path: str,
    expected: Document,
    found: list[Finding],
    warnings: list[str],
    *,
    only: frozenset[str] | None,
    prune: bool,
    dry_run: bool,
    today: date | None,
    parsed_from: bytes | None = None,
) -> FixOutcome:
    """``parsed_from``: the bytes ``expected`` was parsed from, when known; the same bytes read
    again need no second parse (a parse of a large table is the cost of a run)."""
    target = contained_path(root, doc_path, "document")
    if target.stat().st_size > MAX_DOC_BYTES:
        raise UsageError(
            f"{doc_path}: larger than {MAX_DOC_BYTES // (1024 * 1024)} MB; fix edits no document that size"
        )
    if parsed_from is not None:
        with open(target, "rb") as fh:
            data, doc = fh.read(MAX_DOC_BYTES + 1), expected
        changed = data != parsed_from
    else:
        data, doc = read_document(target, doc_path)
        changed = doc != expected
    if changed:
        raise UsageError(f"{doc_path} changed while fix was running; run it again")
    findings = [f for f in found if only is None or f.kind in only]
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
        return FixOutcome(doc_path, text, text, human=human, warnings=warnings)
    try:
        text = decode(data)
    except EditError as exc:
        raise UsageError(f"{doc_path}: {exc}") from None
    applied = apply_edits(text, doc, edits, today=today or date.today())
    outcome = FixOutcome(doc_path, text, applied.text, human=human, warnings=warnings)
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


def plan_fixes(
    result: CheckResult,
    root: Path,
    *,
    only: frozenset[str] | None = None,
    prune: bool = False,
    today: date | None = None,
) -> tuple[list[FixOutcome], list[str]]:
    """The edits of one check result applied to each of its documents under ``root`` (the tree
    that was checked), in the order checked; nothing is written. The action uses it to show the
    diff without scanning again. A document that cannot be edited is left out with a line saying
    why (the second list): the others' edits still stand."""
    several = len(result.docs) > 1
    docs = result.docs or {result.report.doc: result.doc}
    outcomes: list[FixOutcome] = []
    errors: list[str] = []
    for doc_path, expected in docs.items():
        found = [f for f in result.report.findings if not several or f.doc == doc_path]
        try:
            outcome = _fix_document(
                root,
                doc_path,
                expected,
                found,
                [] if outcomes else result.warnings,
                only=only,
                prune=prune,
                dry_run=True,
                today=today,
            )
        except (OSError, UsageError) as exc:
            errors.append(f"{doc_path}: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc))
            continue
        outcomes.append(outcome)
    return outcomes, errors
