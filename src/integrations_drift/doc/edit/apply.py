"""Applying a list of edits: each is located through the parsed document, then made on the buffer.

An edit that cannot be applied is undone whole and reported; the others still apply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from integrations_drift.doc.edit.buffer import LineBuffer
from integrations_drift.doc.edit.bullets import Bullets, is_optional_group, optional
from integrations_drift.doc.edit.edits import (
    AddRow,
    Edit,
    EditError,
    EditResult,
    RemoveRow,
    ReplaceRow,
)
from integrations_drift.doc.edit.index import DocIndex
from integrations_drift.doc.edit.sections import Sections
from integrations_drift.doc.edit.tables import Tables, escape_cell
from integrations_drift.doc.model import Document, Role, Row, Table, has_stale_mark
from integrations_drift.doc.table_lines import cell_spans
from integrations_drift.secrets import shown

_DATE_LINE = re.compile(r"^\s{0,3}(?:>\s*)?(?:[*_]{1,2})?\s*(?:last updated|analysis date)\b", re.I)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_TOKEN_BOUND = set(" \t`,;()[]<>\"'|")


# What the buffer's claims record, so one row is added once however many findings ask for it.
@dataclass(frozen=True)
class _RowAdded:
    table: int  # index in Document.tables
    name: str


@dataclass(frozen=True)
class _TableGrew:
    table: int


@dataclass(frozen=True)
class _NoneRowsCleared:
    table: int


def _diff_tokens(old: str, new: str) -> tuple[str, str]:
    """The smallest whole token of ``old`` that changes, and what it becomes in ``new``."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    a, e = p, len(old) - s
    while a > 0 and old[a - 1] not in _TOKEN_BOUND:
        a -= 1
    while e < len(old) and old[e] not in _TOKEN_BOUND:
        e += 1
    return old[a:e], new[a : len(new) - (len(old) - e)]


class Editor:
    def __init__(self, text: str, doc: Document) -> None:
        self.buffer = LineBuffer(text)
        self.doc = doc
        self.index = DocIndex(doc)
        self.tables = Tables(self.buffer, self.index)
        self.bullets = Bullets(self.buffer, self.index)
        self.sections = Sections(self.buffer, self.index)

    def apply(self, edit: Edit) -> None:
        """Apply one edit; on EditError the buffer is left as it was before it."""
        checkpoint = self.buffer.snapshot()
        try:
            if isinstance(edit, AddRow):
                self._add(edit)
            elif isinstance(edit, ReplaceRow):
                self._replace(edit)
            elif isinstance(edit, RemoveRow):
                self._remove(*self.index.find_row(edit.table, edit.doc_line, edit.name), edit.name)
            else:
                self._mark(*self.index.find_row(edit.table, edit.doc_line, edit.name), edit.mark)
        except EditError:
            self.buffer.restore(checkpoint)
            raise

    def _row_lines(self, table: Table, row: Row) -> range:
        """0-based line indexes a row occupies: its table lines, or its bullet item."""
        if table.shape == "table":
            return range(row.line - 1, row.end_line)
        return self.bullets.item_lines(table, row)

    def _remove(self, table: Table, row: Row, name: str) -> None:
        if table.shape == "table":
            self.buffer.delete(self._row_lines(table, row))
        else:
            self.bullets.remove(table, row, name)

    def _mark(self, table: Table, row: Row, mark: str) -> None:
        if has_stale_mark(self.buffer.body(row.line - 1)) or row.marked_stale():
            return
        if table.shape == "table":
            self.tables.mark(table, row, mark)
        else:
            self.bullets.mark(table, row, mark)

    def _replace(self, edit: ReplaceRow) -> None:
        table, row = self.index.find_row(edit.table, edit.doc_line, edit.name)
        aligned = table.shape == "table" and self.tables.style(table).widths is not None
        for k, new in enumerate(edit.cells):
            old_cell = row.cell(k)
            if old_cell is None or old_cell.text == new:
                continue
            example = k < len(table.roles) and table.roles[k] is Role.EXAMPLE
            if new == shown(old_cell.text, example=example):
                continue  # the suggestion holds the cell as shown, its credential hidden: keep it
            old_tok, new_tok = _diff_tokens(old_cell.text, new)
            index = old_cell.line - 1
            body = self.buffer.body(index)
            if table.shape == "table":
                spans = cell_spans(body)
                if k >= len(spans):
                    raise EditError(f"line {old_cell.line} has no cell {k + 1}")
                s, e = spans[k]
                old_raw, new_raw = escape_cell(old_tok), escape_cell(new_tok)
            else:
                s, e = 0, len(body)
                old_raw, new_raw = old_tok, new_tok
            if not old_raw:
                if body[s:e].strip():
                    raise EditError(f"cannot place {new_tok} on line {old_cell.line}")
                pad = self.tables.style(table).pad
                self.tables.splice(index, s, e, f"{pad}{new_raw}{pad}", False, e)
                continue
            pos = body.find(old_raw, s, e)
            if pos < 0:
                raise EditError(f"cannot find {old_tok} on line {old_cell.line}")
            self.tables.splice(index, pos, pos + len(old_raw), new_raw, aligned, e)

    def _add(self, edit: AddRow) -> None:
        table: Table | None
        if edit.kind == "env":
            table = self._env_target(edit)
            if table is None:
                if self.index.tables_of("env"):
                    return self.bullets.add_group(edit)
                return self.sections.add(edit)
        elif edit.doc_line is not None or self.index.has_title(edit.table, "service"):
            table = self.index.find_table(edit.table, edit.doc_line, "service")
        else:
            return self.sections.add(edit)
        ti = self.index.position(table)
        if not self.buffer.claim(_RowAdded(ti, edit.name)):
            return None
        self.buffer.claim(_TableGrew(ti))
        if self.buffer.claim(_NoneRowsCleared(ti)) and not table.entries():
            # A lone "Not detected" row gives way to the first real one.
            for r in table.rows:
                if r.status == "none":
                    self.buffer.delete(self._row_lines(table, r))
        if table.shape == "table":
            self.tables.add(table, edit.cells)
        else:
            self.bullets.add(table, edit.cells)
        return None

    def _env_target(self, edit: AddRow) -> Table | None:
        """The env table a new variable joins: a real table first; in bullet lists the Required or
        Optional group its Required cell asks for (None when that group is missing)."""
        envs = self.index.tables_of("env")
        tables = [t for t in envs if t.shape == "table"]
        if tables:
            if any(t.title == edit.table for t in tables):
                return self.index.find_table(edit.table, edit.doc_line, "env")
            return tables[0]
        wanted = optional(edit.cells)
        want = [t for t in envs if is_optional_group(t) == wanted]
        return want[0] if want else None

    # -- after the edits ----------------------------------------------------------------------

    def drop_empty_groups(self) -> None:
        """A bullet group whose every item was removed (and none added) loses its label too."""
        buffer = self.buffer
        for ti, table in enumerate(self.doc.tables):
            if table.shape != "bullets" or not table.rows or buffer.claimed(_TableGrew(ti)):
                continue
            items = {i for r in table.rows for i in range(r.line - 1, r.line)}
            if not all(buffer.deleted(i) for i in items):
                continue
            if any(buffer.body(i) != buffer.original_body(i) for i in items):
                continue  # a token was removed from a line that stays
            start = table.line - 1
            end = self.bullets.list_end(table)  # 1-based, inclusive → 0-based exclusive
            if not (0 <= start < end <= len(buffer)) or any(
                buffer.inserts_at(i) for i in range(start + 1, end + 1)
            ):
                continue
            buffer.delete(range(start, end))
            if buffer.blank(start - 1) and end < len(buffer) and buffer.blank(end):
                buffer.delete([end])

    def update_date(self, today: date) -> None:
        buffer = self.buffer
        first_section = min((s.line - 1 for s in self.doc.sections if s.level >= 2), default=len(buffer))
        stamp = today.isoformat()
        for i in range(min(first_section, len(buffer))):
            if buffer.deleted(i) or not _DATE_LINE.match(buffer.body(i)):
                continue
            buffer.set_body(i, _ISO_DATE.sub(stamp, buffer.body(i), count=1))


def apply_edits(text: str, doc: Document, edits: Sequence[Edit], today: date | None = None) -> EditResult:
    """Apply ``edits`` (located through ``doc``, the parse of ``text``) and return the new text.

    Edits that cannot be applied are reported in ``errors`` and leave the text alone. When anything
    changed and ``today`` is given, the header's ``Last Updated``/``Analysis Date`` date becomes today.
    """
    editor = Editor(text, doc)
    errors: list[str | None] = []
    for edit in edits:
        try:
            editor.apply(edit)
        except EditError as exc:
            errors.append(str(exc))
        else:
            errors.append(None)
    editor.drop_empty_groups()
    new = editor.buffer.render()
    if new != text and today is not None:
        editor.update_date(today)
        new = editor.buffer.render()
    return EditResult(text=new, errors=errors, changed=new != text)
