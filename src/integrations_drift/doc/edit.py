"""Minimal edits of INTEGRATIONS.md: add, replace, remove and mark rows of tables and bullet lists.

Edits work on the original text, never on a rendering of the parsed model. The text is split into
lines that keep their own endings (``\\r\\n``, ``\\n`` or ``\\r``, mixed, and a last line without one),
so line ``n`` here is line ``n`` of the parsed :class:`Document`. Each edit touches only the lines of
the rows it adds, replaces, removes or marks; every other byte (a BOM, alignment rows, escaped
pipes, trailing spaces, HTML comments, prose) is written back as it was read.

New rows follow the style of the table they join: leading and trailing pipes, indentation, cell
padding (aligned to the column widths when the table is aligned and the text fits), the table's line
ending; ``|`` inside new cell text is escaped as ``\\|``. A missing table is created with the template's
heading and columns, in template order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from typing import Literal, NamedTuple

from integrations_drift.categories import Category, categories, table_for
from integrations_drift.doc.cells import REQUIRED_NO
from integrations_drift.doc.columns import role_for
from integrations_drift.doc.model import Document, Role, Row, Table
from integrations_drift.doc.table_lines import UNESCAPED_PIPE, cell_spans, table_pipes

BOM = "\ufeff"
# The text is "acknowledged stale" when a row carries this mark: the stale rules skip such rows.
STALE_MARK = "⚠️ stale — nothing in the code uses this (integrations-drift)"
_STALE_MARK_RE = re.compile(r"\bstale\b.*\(integrations-drift\)", re.I)
ENV_HEADING = "Environment Variables"
ENV_HEADER = ("Variable", "Required", "Purpose", "Example")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BULLET = re.compile(r"^(\s*)([-*+])(\s+)")
_HEAD_SEP = re.compile(r"\s[-–—]\s")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_DATE_LINE = re.compile(r"^\s{0,3}(?:>\s*)?(?:[*_]{1,2})?\s*(?:last updated|analysis date)\b", re.I)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_TOKEN_BOUND = set(" \t`,;()[]<>\"'|")


class EditError(Exception):
    """An edit that cannot be applied to this text (its row or table is not where it should be)."""


def marked_stale(row: Row) -> bool:
    """True when a row carries the stale mark: a human has seen the finding and kept the row."""
    return any(_STALE_MARK_RE.search(c.text) for c in row.cells)


def split_lines(text: str) -> list[str]:
    """Lines with their own endings, split exactly where the parser splits (``\\r\\n``, ``\\r``, ``\\n``)."""
    return _LINE.findall(text)


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def escape_cell(text: str) -> str:
    return UNESCAPED_PIPE.sub(r"\\|", text)


def _cell_texts(cells: Sequence[str], ncols: int) -> list[str]:
    """New cell texts for a row of ``ncols`` columns: trimmed, pipes escaped, missing ones empty."""
    texts = [escape_cell(c.strip()) for c in list(cells)[:ncols]]
    return texts + [""] * (ncols - len(texts))


@dataclass(frozen=True)
class AddRow:
    """Add a row (``cells`` in the target table's column order) to the table titled ``table``;
    ``doc_line`` is that table's end line, ``None`` when the table does not exist yet."""

    kind: Literal["env", "service"]
    table: str
    cells: tuple[str, ...]
    doc_line: int | None = None


@dataclass(frozen=True)
class ReplaceRow:
    """Replace the row at ``doc_line`` with ``cells``; only the cells that differ are rewritten."""

    table: str
    doc_line: int
    cells: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class RemoveRow:
    table: str
    doc_line: int
    name: str = ""


@dataclass(frozen=True)
class MarkRow:
    """Keep the row and mark it visibly (idempotent: a row already marked is left alone)."""

    table: str
    doc_line: int
    name: str = ""
    mark: str = STALE_MARK


Edit = AddRow | ReplaceRow | RemoveRow | MarkRow


@dataclass
class EditResult:
    text: str
    # One entry per edit, in order: None when applied, else why it was not.
    errors: list[str | None] = field(default_factory=list)
    changed: bool = False


def decode(data: bytes) -> str:
    """The document's text, BOM included (it is written back). Raises EditError on invalid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditError(f"the document is not valid UTF-8 (line {line}); save it as UTF-8 first") from None


_Align = Literal["l", "c", "r"]


@dataclass
class _Style:
    indent: str
    lead: bool
    trail: bool
    pad: str
    widths: list[int] | None
    aligns: list[_Align]
    ncols: int
    ending: str


class _Anchor(NamedTuple):
    """Where a new category section goes."""

    before: int  # 0-based line it is inserted before
    level: int  # of the category's heading
    with_heading: bool  # False when the document already has the heading and only the table is new


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


# What LineBuffer.claim records, so one row is added once however many findings ask for it.
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


@dataclass(frozen=True)
class _GroupRowAdded:
    """A variable of a Required/Optional bullet group the document did not have."""

    name: str


@dataclass(frozen=True)
class _SectionRowAdded:
    """A row of a section the document did not have."""

    kind: str
    table: str
    name: str


class Checkpoint(NamedTuple):
    depth: int  # length of the undo journal when the checkpoint was taken


class Slot(IntEnum):
    """Which lines come first among those inserted before the same line."""

    ROW = 0  # rows added to existing tables and lists, in the order they were added
    ENV_GROUP = 1  # a new Required/Optional env group
    CATEGORY = 2  # new category sections, in template order
    ENV_SECTION = 3  # a new Environment Variables section


class Part(IntEnum):
    """A new section is inserted as three pieces: a blank line, the section, a blank line."""

    BEFORE = 0
    BLOCK = 1
    AFTER = 2


class Order(NamedTuple):
    slot: Slot
    rank: int = 0  # a row's sequence number, a category's position in the template
    part: Part = Part.BLOCK


@dataclass
class _Insert:
    order: Order
    lines: list[str]
    ending: str


class LineBuffer:
    """The text under edit: its lines as read, their bodies as edited, the lines deleted and inserted,
    and which rows and blocks the edits so far have claimed.

    Every change is journaled, so :meth:`restore` returns to a :meth:`snapshot` exactly, at the cost
    of the changes made since it (never of the document's size).
    """

    def __init__(self, text: str) -> None:
        self.bom = text.startswith(BOM)
        self.orig: tuple[str, ...] = tuple(split_lines(text[1:] if self.bom else text))
        parts = [_split_ending(ln) for ln in self.orig]
        self._bodies = [b for b, _ in parts]
        self.endings: tuple[str, ...] = tuple(e for _, e in parts)
        self.ending = self._dominant_ending()
        self._deleted: set[int] = set()  # 0-based
        self._inserts: dict[int, list[_Insert]] = {}  # lines to insert before a 0-based index
        self._blocks: dict[Hashable, _Insert] = {}  # new sections and groups, which later rows extend
        self._claimed: set[Hashable] = set()
        self._seq = 0
        self._undo: list[Callable[[], object]] = []

    def _dominant_ending(self) -> str:
        counts = {e: self.endings.count(e) for e in ("\n", "\r\n", "\r")}
        best = max(counts.items(), key=lambda kv: kv[1])
        return best[0] if best[1] else "\n"

    # -- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._bodies)

    def body(self, index: int) -> str:
        return self._bodies[index]

    def original_body(self, index: int) -> str:
        return _split_ending(self.orig[index])[0]

    def ending_at(self, index: int) -> str:
        if 0 <= index < len(self.endings) and self.endings[index]:
            return self.endings[index]
        return self.ending

    def blank(self, index: int) -> bool:
        return not (0 <= index < len(self._bodies)) or not self._bodies[index].strip()

    def deleted(self, index: int) -> bool:
        return index in self._deleted

    def inserts_at(self, index: int) -> bool:
        return bool(self._inserts.get(index))

    def has_block(self, key: Hashable) -> bool:
        return key in self._blocks

    def claimed(self, key: Hashable) -> bool:
        return key in self._claimed

    # -- changing -----------------------------------------------------------------------------

    def set_body(self, index: int, body: str) -> None:
        old = self._bodies[index]
        self._bodies[index] = body
        self._undo.append(lambda: self._bodies.__setitem__(index, old))

    def delete(self, indexes: Iterable[int]) -> None:
        new = set(indexes) - self._deleted
        if new:
            self._deleted |= new
            self._undo.append(lambda: self._deleted.difference_update(new))

    def insert(
        self,
        index: int,
        lines: Sequence[str],
        ending: str,
        order: Order | None = None,
        block: Hashable | None = None,
    ) -> None:
        """Insert ``lines`` before line ``index``; lines inserted at one place come out by ``order``
        (by default after the earlier ones), and a ``block`` key lets later rows extend them."""
        if order is None:
            seq = self._seq
            self._seq += 1
            self._undo.append(lambda: setattr(self, "_seq", seq))
            order = Order(Slot.ROW, self._seq)
        entry = _Insert(order, list(lines), ending)
        at = self._inserts.setdefault(index, [])
        at.append(entry)
        self._undo.append(at.pop)  # undone last-in first-out, so the entry is still the last one
        if block is not None:
            self._blocks[block] = entry
            self._undo.append(lambda: self._blocks.pop(block, None))

    def extend_block(self, block: Hashable, lines: Sequence[str]) -> None:
        entry = self._blocks[block]
        n = len(entry.lines)
        entry.lines.extend(lines)
        self._undo.append(lambda: entry.lines.__delitem__(slice(n, None)))

    def claim(self, key: Hashable) -> bool:
        """Claim ``key`` for this run of edits: True the first time, False when it already was."""
        if key in self._claimed:
            return False
        self._claimed.add(key)
        self._undo.append(lambda: self._claimed.discard(key))
        return True

    # -- snapshots ----------------------------------------------------------------------------

    def snapshot(self) -> Checkpoint:
        return Checkpoint(len(self._undo))

    def restore(self, checkpoint: Checkpoint) -> None:
        """Undo every change made since ``checkpoint``, newest first."""
        while len(self._undo) > checkpoint.depth:
            self._undo.pop()()

    # -- output -------------------------------------------------------------------------------

    def render(self) -> str:
        out: list[str] = []

        def emit(body: str, ending: str, prev_ending: str) -> None:
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += prev_ending
            if not body and ending == "\n" and out and out[-1].endswith("\r"):
                ending = "\r"  # after a lone CR an empty LF line would read as one CRLF break
            out.append(body + ending)

        for i in range(len(self._bodies) + 1):
            for ins in sorted(self._inserts.get(i, []), key=lambda x: x.order):
                for ln in ins.lines:
                    emit(ln, ins.ending, ins.ending)
            if i < len(self._bodies) and i not in self._deleted:
                emit(self._bodies[i], self.endings[i], self.ending_at(i))
        text = "".join(out)
        if self.orig and not self.orig[-1].endswith(("\n", "\r")):
            text = _split_ending(text)[0]  # the file had no final line break: it still has none
        return (BOM if self.bom else "") + text


class RowAt(NamedTuple):
    table: Table
    row: Row


class DocIndex:
    """The parsed document's tables and rows, indexed once so that locating the row of each edit
    costs the same whether the document has ten rows or ten thousand."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._position = {id(t): i for i, t in enumerate(doc.tables)}
        self._titled: dict[str, list[Table]] = {}
        self._of_kind: dict[str, list[Table]] = {}
        self._rows: dict[tuple[str, int], list[RowAt]] = {}
        self._row_lines: list[list[int]] = []  # per table: the distinct lines rows start on, sorted
        self._per_line: list[Counter[int]] = []  # per table: how many rows start on each line
        self._rows_end: list[int] = []  # per table: 1-based last line of its header or rows
        for t in doc.tables:
            self._titled.setdefault(t.title, []).append(t)
            self._of_kind.setdefault(t.kind, []).append(t)
            for r in t.rows:
                self._rows.setdefault((t.title, r.line), []).append(RowAt(t, r))
            per_line = Counter(r.line for r in t.rows)
            self._per_line.append(per_line)
            self._row_lines.append(sorted(per_line))
            self._rows_end.append(max([t.line + 1, *(r.end_line for r in t.rows)]))

    def position(self, table: Table) -> int:
        """The table's index in ``Document.tables``."""
        try:
            return self._position[id(table)]
        except KeyError:
            raise EditError(f'table "{table.title}" is not in the document') from None

    def tables_of(self, kind: str) -> list[Table]:
        return self._of_kind.get(kind, [])

    def has_title(self, title: str, kind: str) -> bool:
        return any(t.kind == kind for t in self._titled.get(title, []))

    def find_table(self, title: str, doc_line: int | None, kind: str | None = None) -> Table:
        found = [t for t in self._titled.get(title, []) if kind is None or t.kind == kind]
        if doc_line is not None:
            exact = [t for t in found if t.end_line == doc_line or t.line <= doc_line <= t.end_line]
            found = exact or found
        if not found:
            raise EditError(f'no table "{title}" in the document')
        return found[0]

    def find_row(self, title: str, doc_line: int, name: str) -> RowAt:
        hits = self._rows.get((title, doc_line), [])
        if len(hits) > 1 and name:
            hits = [h for h in hits if h.row.cells and h.row.cells[0].text == name] or hits
        if not hits:
            raise EditError(f'no row at line {doc_line} in "{title}"')
        return hits[0]

    def rows_on_line(self, table: Table, line: int) -> int:
        return self._per_line[self.position(table)][line]

    def next_row_line(self, table: Table, line: int) -> int | None:
        """The first line after ``line`` that a row of ``table`` starts on."""
        lines = self._row_lines[self.position(table)]
        k = bisect_right(lines, line)
        return lines[k] if k < len(lines) else None

    def last_row_line(self, table: Table) -> int:
        lines = self._row_lines[self.position(table)]
        return lines[-1] if lines else table.line

    def rows_end(self, table: Table) -> int:
        return self._rows_end[self.position(table)]


class _Editor:
    def __init__(self, text: str, doc: Document) -> None:
        self.buf = LineBuffer(text)
        self.orig = self.buf.orig
        self.doc = doc
        self.index = DocIndex(doc)
        # Derived from the original lines only, so a restore never needs to undo them.
        self.styles: dict[int, _Style] = {}
        self.sub_prefixes: dict[int, str] = {}

    # -- text helpers -------------------------------------------------------------------------

    def _ending_at(self, index: int) -> str:
        return self.buf.ending_at(index)

    def _insert(
        self, index: int, lines: list[str], ending: str, order: Order | None = None
    ) -> None:
        self.buf.insert(index, lines, ending, order)

    def _blank(self, index: int) -> bool:
        return self.buf.blank(index)

    # -- table style --------------------------------------------------------------------------

    def _style(self, table: Table) -> _Style:
        ti = self.index.position(table)
        if ti in self.styles:
            return self.styles[ti]
        header = table.line - 1
        line_nos = [header, header + 1, *[r.line - 1 for r in table.rows]]
        line_nos = [n for n in line_nos if 0 <= n < len(self.buf)]
        pipes = [tuple(m.start() for m in UNESCAPED_PIPE.finditer(self.orig[n])) for n in line_nos]
        ncols = len(table.header)
        aligned = len(set(pipes)) == 1 and len(line_nos) >= 2
        ref = line_nos[-1] if line_nos else header
        body = _split_ending(self.orig[ref])[0] if 0 <= ref < len(self.orig) else "| |"
        spans = cell_spans(body)
        _, lead, trail = table_pipes(body)
        contents = [body[s:e] for s, e in spans if body[s:e].strip()]
        pad = " " if not contents or any(c.startswith(" ") for c in contents) else ""
        widths: list[int] | None = None
        if aligned and 0 <= header < len(self.orig):
            hb = _split_ending(self.orig[header])[0]
            widths = [e - s for s, e in cell_spans(hb)]
            if len(widths) != ncols:
                widths = None
        aligns: list[_Align] = []
        sep_line = header + 1
        if 0 <= sep_line < len(self.orig):
            sb = _split_ending(self.orig[sep_line])[0]
            for s, e in cell_spans(sb):
                c = sb[s:e].strip()
                aligns.append(
                    "c" if c.startswith(":") and c.endswith(":") else "r" if c.endswith(":") else "l"
                )
        aligns += ["l"] * (ncols - len(aligns))
        style = _Style(
            indent=body[: len(body) - len(body.lstrip())],
            lead=lead,
            trail=trail,
            pad=pad,
            widths=widths,
            aligns=aligns,
            ncols=ncols,
            ending=self._ending_at(ref),
        )
        self.styles[ti] = style
        return style

    @staticmethod
    def _render_row(style: _Style, cells: Sequence[str]) -> str:
        texts = _cell_texts(cells, style.ncols)
        parts: list[str] = []
        padw = len(style.pad)
        for k, t in enumerate(texts):
            width = style.widths[k] if style.widths is not None else 0
            if style.widths is not None and len(t) + 2 * padw <= width:
                inner = width - 2 * padw
                a = style.aligns[k]
                body = t.rjust(inner) if a == "r" else t.center(inner) if a == "c" else t.ljust(inner)
                parts.append(f"{style.pad}{body}{style.pad}")
            elif t:
                parts.append(f"{style.pad}{t}{style.pad}")
            else:
                parts.append(style.pad)
        if not style.lead and parts:
            parts[0] = parts[0].lstrip(" ") or parts[0]
        if not style.trail and parts:
            parts[-1] = parts[-1].rstrip(" ")
        return style.indent + ("|" if style.lead else "") + "|".join(parts) + ("|" if style.trail else "")

    def _splice(self, index: int, start: int, end: int, new: str, aligned: bool, cell_end: int) -> None:
        """Replace body[start:end] with ``new``; in an aligned table, give or take padding before
        ``cell_end`` so the cell keeps its width when it can."""
        body = self.buf.body(index)
        body = body[:start] + new + body[end:]
        delta = len(new) - (end - start)
        cell_end += delta
        if aligned and delta:
            # Trailing padding of the cell: spaces right before cell_end.
            k = cell_end
            while k > 0 and body[k - 1] == " ":
                k -= 1
            spaces = cell_end - k
            if delta > 0:
                take = min(delta, max(spaces - 1, 0))
                body = body[: cell_end - take] + body[cell_end:]
            else:
                body = body[:cell_end] + " " * (-delta) + body[cell_end:]
        self.buf.set_body(index, body)

    # -- edits --------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> None:
        if isinstance(edit, AddRow):
            self._add(edit)
        elif isinstance(edit, ReplaceRow):
            self._replace(edit)
        elif isinstance(edit, RemoveRow):
            table, row = self.index.find_row(edit.table, edit.doc_line, edit.name)
            self._remove(table, row, edit.name)
        else:
            table, row = self.index.find_row(edit.table, edit.doc_line, edit.name)
            self._mark(table, row, edit.mark)

    def _list_end(self, table: Table) -> int:
        """1-based last non-blank line of a bullet group's list."""
        end = min(table.end_line, len(self.buf))
        last_row = self.index.last_row_line(table)
        while end > last_row and self._blank(end - 1):
            end -= 1
        return end

    def _item_lines(self, table: Table, row: Row) -> range:
        """0-based line indexes of a bullet item and its nested items."""
        if table.kind == "env":
            return range(row.line - 1, row.line)
        later = self.index.next_row_line(table, row.line)
        stop = later - 1 if later is not None else self._list_end(table)
        return range(row.line - 1, max(stop, row.line))

    def _row_lines(self, table: Table, row: Row) -> range:
        """0-based line indexes a row occupies: its table lines, or its bullet item."""
        if table.shape == "table":
            return range(row.line - 1, row.end_line)
        return self._item_lines(table, row)

    def _remove(self, table: Table, row: Row, name: str) -> None:
        if table.shape == "bullets" and table.kind == "env" and self.index.rows_on_line(table, row.line) > 1:
            self._remove_token(row.line - 1, name or (row.cells[0].text if row.cells else ""))
            return
        self.buf.delete(self._row_lines(table, row))

    def _remove_token(self, index: int, token: str) -> None:
        body = self.buf.body(index)
        t = re.escape(token)
        for pattern in (rf"{t}\s*,\s*", rf",\s*{t}", t):
            new, n = re.subn(pattern, "", body, count=1)
            if n:
                self.buf.set_body(index, new)
                return
        raise EditError(f"cannot find {token} on line {index + 1}")

    def _mark(self, table: Table, row: Row, mark: str) -> None:
        index = row.line - 1
        body = self.buf.body(index)
        if _STALE_MARK_RE.search(body) or marked_stale(row):
            return
        if table.shape == "table":
            spans = cell_spans(body)
            col = table.column(Role.PURPOSE)
            k = col if col is not None and col < len(spans) else len(spans) - 1
            s, e = spans[k]
            content = body[s:e]
            ce = s + len(content.rstrip()) if content.strip() else s
            self._splice(index, ce, ce, f" {mark}", self._style(table).widths is not None, e)
            return
        if table.kind == "env" and self.index.rows_on_line(table, row.line) > 1:
            # Several variables on one item: move this one to its own marked item right below.
            token = row.cells[0].text if row.cells else ""
            self._remove_token(index, token)
            m = _BULLET.match(self.orig[index])
            prefix = m.group(0) if m else "- "
            self._insert(index + 1, [f"{prefix}{token} {mark}"], self._ending_at(index))
            return
        end = len(body.rstrip())
        bm = _BULLET.match(body)
        head = body[bm.end() if bm else 0 : end]
        sep = " " if table.kind == "env" or _HEAD_SEP.search(head) else " - "
        self.buf.set_body(index, body[:end] + sep + mark + body[end:])

    def _replace(self, edit: ReplaceRow) -> None:
        table, row = self.index.find_row(edit.table, edit.doc_line, edit.name)
        aligned = table.shape == "table" and self._style(table).widths is not None
        for k, new in enumerate(edit.cells):
            old_cell = row.cell(k)
            if old_cell is None or old_cell.text == new:
                continue
            old_tok, new_tok = _diff_tokens(old_cell.text, new)
            index = old_cell.line - 1
            body = self.buf.body(index)
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
                self._splice(
                    index, s, e, f"{self._style(table).pad}{new_raw}{self._style(table).pad}", False, e
                )
                continue
            pos = body.find(old_raw, s, e)
            if pos < 0:
                raise EditError(f"cannot find {old_tok} on line {old_cell.line}")
            self._splice(index, pos, pos + len(old_raw), new_raw, aligned, e)

    # -- adding rows --------------------------------------------------------------------------

    def _add(self, edit: AddRow) -> None:
        name = edit.cells[0] if edit.cells else ""
        table: Table | None
        if edit.kind == "env":
            table = self._env_target(edit)
            if table is None:
                if self.index.tables_of("env"):
                    return self._add_env_group(edit)
                return self._add_section(edit)
        elif edit.doc_line is not None or self.index.has_title(edit.table, "service"):
            table = self.index.find_table(edit.table, edit.doc_line, "service")
        else:
            return self._add_section(edit)
        ti = self.index.position(table)
        if not self.buf.claim(_RowAdded(ti, name)):
            return None
        self.buf.claim(_TableGrew(ti))
        if self.buf.claim(_NoneRowsCleared(ti)) and not table.entries():
            # A lone "Not detected" row gives way to the first real one.
            for r in table.rows:
                if r.status == "none":
                    self.buf.delete(self._row_lines(table, r))
        if table.shape == "table":
            style = self._style(table)
            after = self.index.rows_end(table)
            self._insert(after, [self._render_row(style, edit.cells)], style.ending)
            return None
        end = self._list_end(table)
        self._insert(end, self._bullet_item(table, edit.cells), self._ending_at(end - 1))
        return None

    @staticmethod
    def _optional(cells: Sequence[str]) -> bool:
        return len(cells) > 1 and bool(REQUIRED_NO.match(cells[1].strip()))

    @staticmethod
    def _is_optional_group(table: Table) -> bool:
        g = table.group.lower()
        return "optional" in g or "default" in g

    def _env_target(self, edit: AddRow) -> Table | None:
        """The env table a new variable joins: a real table first; in bullet lists the Required or
        Optional group its Required cell asks for (None when that group is missing)."""
        envs = self.index.tables_of("env")
        tables = [t for t in envs if t.shape == "table"]
        if tables:
            if any(t.title == edit.table for t in tables):
                return self.index.find_table(edit.table, edit.doc_line, "env")
            return tables[0]
        optional = self._optional(edit.cells)
        want = [t for t in envs if self._is_optional_group(t) == optional]
        return want[0] if want else None

    def _add_env_group(self, edit: AddRow) -> None:
        """Bullet lists with only the other group: start the missing group right after it."""
        anchor = self.index.tables_of("env")[-1]
        optional = self._optional(edit.cells)
        key = "env-optional" if optional else "env-required"
        name = edit.cells[0] if edit.cells else ""
        if not self.buf.claim(_GroupRowAdded(name)):
            return
        item = self._bullet_item(anchor, edit.cells)
        if self.buf.has_block(key):
            self.buf.extend_block(key, item)
            return
        end = self._list_end(anchor)
        label = "**Optional env vars:**" if optional else "**Required env vars:**"
        self.buf.insert(end, ["", label, *item], self._ending_at(end - 1), Order(Slot.ENV_GROUP), block=key)

    def _sub_prefix(self, table: Table, indent: str, char: str) -> str:
        """How the group's sub-items start (``  - ``), found once per group: every new item uses it."""
        ti = self.index.position(table)
        if ti not in self.sub_prefixes:
            found = (
                sm.group(0)
                for r in table.rows
                for c in r.cells[2:]
                if c.line != r.line
                and c.line - 1 < len(self.orig)
                and (sm := _BULLET.match(self.orig[c.line - 1])) is not None
                and len(sm.group(1)) > len(indent)
            )
            self.sub_prefixes[ti] = next(found, f"{indent}  {char} ")
        return self.sub_prefixes[ti]

    def _bullet_item(self, table: Table, cells: Sequence[str]) -> list[str]:
        first = table.rows[0] if table.rows else None
        line = self.orig[first.line - 1] if first is not None and first.line - 1 < len(self.orig) else "- "
        m = _BULLET.match(line)
        indent, char, space = (m.group(1), m.group(2), m.group(3)) if m else ("", "-", " ")
        if table.kind == "env":
            return [f"{indent}{char}{space}{cells[0] if cells else ''}"]
        name = cells[0] if cells else ""
        purpose = cells[1] if len(cells) > 1 else ""
        head_body = line[m.end() :] if m else line
        sep_m = _HEAD_SEP.search(head_body)
        sep = sep_m.group(0) if sep_m else " - "
        out = [f"{indent}{char}{space}{name}{sep}{purpose}" if purpose else f"{indent}{char}{space}{name}"]
        sub_prefix = self._sub_prefix(table, indent, char)
        seen: set[str] = set()
        location = ""
        labels = [*table.header[2:], *["Config"] * (len(cells) - len(table.header))]
        for label, value in zip(labels, cells[2:], strict=False):
            if not value.strip():
                continue
            location = location or value
            if role_for(label) in (Role.SDK, Role.LOCATION) and value not in seen:
                seen.add(value)
                out.append(f"{sub_prefix}{label}: {value}")
        if not seen and location:
            out.append(f"{sub_prefix}Config: {location}")
        return out

    # -- new sections -------------------------------------------------------------------------

    def _footer_index(self) -> int:
        """0-based index of the trailing thematic break that only a footer follows, else the end."""
        last_heading = max((s.line - 1 for s in self.doc.sections), default=-1)
        for i in range(len(self.buf) - 1, last_heading, -1):
            if _THEMATIC.match(self.buf.body(i)) and self._blank(i - 1):
                return i
        return len(self.buf)

    def _before_break(self, index: int) -> int:
        """Move an insertion point in front of a ``---`` that introduces the section at ``index``."""
        j = index - 1
        while j >= 0 and self._blank(j):
            j -= 1
        if j >= 0 and _THEMATIC.match(self.buf.body(j)) and self._blank(j - 1):
            return j
        return index

    def _top_section_line(self, line: int) -> int | None:
        """0-based line of the level-1/2 heading that contains ``line``."""
        best = None
        for s in self.doc.sections:
            if s.line <= line and s.level <= 2:
                best = s.line - 1
        return best

    def _add_section(self, edit: AddRow) -> None:
        name = edit.cells[0] if edit.cells else ""
        if not self.buf.claim(_SectionRowAdded(edit.kind, edit.table, name)):
            return
        if edit.kind == "env":
            row = self._plain_row(edit.cells, len(ENV_HEADER))
            if self.buf.has_block("env"):
                self.buf.extend_block("env", [row])
                return
            block = [f"## {ENV_HEADING}", "", *self._plain_table(list(ENV_HEADER)), row]
            self._insert_block(self._footer_index(), block, Order(Slot.ENV_SECTION), "env")
            return
        cat = next((c for c in categories() if edit.table in (c.title, c.heading)), None)
        if cat is None:
            raise EditError(f'no table "{edit.table}" and no template section for it')
        services = self.index.tables_of("service")
        bullets = bool(services) and all(t.shape == "bullets" for t in services)
        key = f"cat:{cat.id}"
        if self.buf.has_block(key):
            if bullets:
                self.buf.extend_block(key, self._new_bullet_item(edit.cells))
            else:
                self.buf.extend_block(key, [self._plain_row(edit.cells, len(cat.header))])
            return
        anchor = self._category_anchor(cat, bullets)
        level = anchor.level
        block = [f"{'#' * level} {cat.heading}", ""] if anchor.with_heading else []
        if bullets:
            block += [f"**{cat.title}:**", *self._new_bullet_item(edit.cells)]
        else:
            if cat.subheading:
                block += [f"{'#' * (level + 1)} {cat.subheading}", ""]
            block += [*self._plain_table(list(cat.header)), self._plain_row(edit.cells, len(cat.header))]
        rank = [c.id for c in categories()].index(cat.id)
        self._insert_block(anchor.before, block, Order(Slot.CATEGORY, rank), key)

    def _category_anchor(self, cat: Category, bullets: bool) -> _Anchor:
        """Where a missing category goes."""
        sections = self.doc.sections
        for i, s in enumerate(sections):
            title = s.title.lower()
            named = title in (cat.heading.lower(), cat.title.lower()) or (
                bullets and any(re.search(rf"(?<![a-z]){re.escape(w)}", title) for w in cat.match)
            )
            if named and s.level <= 2:
                nxt = next((t for t in sections[i + 1 :] if t.level <= s.level), None)
                index = self._before_break(nxt.line - 1) if nxt is not None else self._footer_index()
                return _Anchor(index, s.level, with_heading=False)
        ids = [c.id for c in categories()]
        later_tables = [table_for(self.doc, cid) for cid in ids[ids.index(cat.id) + 1 :]]
        for t in [*later_tables, *self.doc.tables_of("env")]:
            top = self._top_section_line(t.line) if t is not None else None
            if top is not None:
                return _Anchor(self._before_break(top), 2, with_heading=True)
        return _Anchor(self._footer_index(), 2, with_heading=True)

    def _insert_block(self, index: int, block: list[str], order: Order, key: str) -> None:
        """Insert a new section, separated from its neighbours by blank lines."""
        if index > 0 and not self._blank(index - 1):
            self.buf.insert(index, [""], self.buf.ending, order._replace(part=Part.BEFORE))
        self.buf.insert(index, block, self.buf.ending, order._replace(part=Part.BLOCK), block=key)
        if index < len(self.buf) and not self._blank(index):
            self.buf.insert(index, [""], self.buf.ending, order._replace(part=Part.AFTER))

    @staticmethod
    def _plain_table(header: list[str]) -> list[str]:
        return [
            "| " + " | ".join(header) + " |",
            "|" + "|".join("-" * (len(h) + 2) for h in header) + "|",
        ]

    @staticmethod
    def _plain_row(cells: Sequence[str], ncols: int) -> str:
        texts = _cell_texts(cells, ncols)
        return "|" + "|".join(f" {t} " if t else " " for t in texts) + "|"

    def _new_bullet_item(self, cells: Sequence[str]) -> list[str]:
        name = cells[0] if cells else ""
        purpose = cells[1] if len(cells) > 1 else ""
        out = [f"- {name} - {purpose}" if purpose else f"- {name}"]
        location = next((c for c in cells[2:] if c.strip()), "")
        if location:
            out.append(f"  - Config: {location}")
        return out

    # -- header date and output ---------------------------------------------------------------

    def update_date(self, today: date) -> None:
        first_section = min((s.line - 1 for s in self.doc.sections if s.level >= 2), default=len(self.buf))
        stamp = today.isoformat()
        for i in range(min(first_section, len(self.buf))):
            if self.buf.deleted(i) or not _DATE_LINE.match(self.buf.body(i)):
                continue
            self.buf.set_body(i, _ISO_DATE.sub(stamp, self.buf.body(i), count=1))

    def drop_empty_groups(self) -> None:
        """A bullet group whose every item was removed (and none added) loses its label too."""
        for ti, table in enumerate(self.doc.tables):
            if table.shape != "bullets" or not table.rows or self.buf.claimed(_TableGrew(ti)):
                continue
            items = {i for r in table.rows for i in range(r.line - 1, r.line)}
            if not all(self.buf.deleted(i) for i in items):
                continue
            if any(self.buf.body(i) != self.buf.original_body(i) for i in items):
                continue  # a token was removed from a line that stays
            start = table.line - 1
            end = self._list_end(table)  # 1-based, inclusive → 0-based exclusive
            if not (0 <= start < end <= len(self.buf)) or any(
                self.buf.inserts_at(i) for i in range(start + 1, end + 1)
            ):
                continue
            self.buf.delete(range(start, end))
            if self._blank(start - 1) and end < len(self.buf) and self._blank(end):
                self.buf.delete([end])

    def render(self) -> str:
        return self.buf.render()


def apply_edits(text: str, doc: Document, edits: Sequence[Edit], today: date | None = None) -> EditResult:
    """Apply ``edits`` (located through ``doc``, the parse of ``text``) and return the new text.

    Edits that cannot be applied are reported in ``errors`` and leave the text alone. When anything
    changed and ``today`` is given, the header's ``Last Updated``/``Analysis Date`` date becomes today.
    """
    editor = _Editor(text, doc)
    errors: list[str | None] = []
    for edit in edits:
        checkpoint = editor.buf.snapshot()
        try:
            editor.apply(edit)
        except EditError as exc:
            editor.buf.restore(checkpoint)
            errors.append(str(exc))
        else:
            errors.append(None)
    editor.drop_empty_groups()
    new = editor.render()
    if new != text and today is not None:
        editor.update_date(today)
        new = editor.render()
    return EditResult(text=new, errors=errors, changed=new != text)
