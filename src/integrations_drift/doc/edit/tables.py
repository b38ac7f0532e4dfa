"""Rows of pipe tables in the style of the table they join.

A new row copies its table's leading and trailing pipes, indentation, cell padding (aligned to the
column widths when the table is aligned and the text fits) and line ending; ``|`` inside new cell
text is escaped as ``\\|``. A changed cell keeps its width in an aligned table when it can.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from integrations_drift.doc.edit.buffer import LineBuffer, split_ending
from integrations_drift.doc.edit.index import DocIndex
from integrations_drift.doc.model import Role, Row, Table
from integrations_drift.doc.table_lines import UNESCAPED_PIPE, cell_spans, table_pipes

Align = Literal["l", "c", "r"]


@dataclass(frozen=True)
class TableStyle:
    indent: str
    lead: bool
    trail: bool
    pad: str
    widths: tuple[int, ...] | None  # of every column, when all rows line up
    aligns: tuple[Align, ...]
    ncols: int
    ending: str


def escape_cell(text: str) -> str:
    return UNESCAPED_PIPE.sub(r"\\|", text)


def cell_texts(cells: Sequence[str], ncols: int) -> list[str]:
    """New cell texts for a row of ``ncols`` columns: trimmed, pipes escaped, missing ones empty."""
    texts = [escape_cell(c.strip()) for c in list(cells)[:ncols]]
    return texts + [""] * (ncols - len(texts))


def render_row(style: TableStyle, cells: Sequence[str]) -> str:
    texts = cell_texts(cells, style.ncols)
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


def plain_row(cells: Sequence[str], ncols: int) -> str:
    texts = cell_texts(cells, ncols)
    return "|" + "|".join(f" {t} " if t else " " for t in texts) + "|"


def splice(body: str, start: int, end: int, new: str, aligned: bool, cell_end: int) -> str:
    """``body`` with ``body[start:end]`` replaced by ``new``; in an aligned table, padding before
    ``cell_end`` is given or taken so the cell keeps its width when it can."""
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
    return body


class Tables:
    """The style of each table of the document, and the edits that depend on it."""

    def __init__(self, buffer: LineBuffer, index: DocIndex) -> None:
        self.buffer = buffer
        self.index = index
        # Read from the original lines only, so a restore never needs to undo them.
        self._styles: dict[int, TableStyle] = {}

    def style(self, table: Table) -> TableStyle:
        ti = self.index.position(table)
        if ti not in self._styles:
            self._styles[ti] = self._read_style(table)
        return self._styles[ti]

    def _read_style(self, table: Table) -> TableStyle:
        orig = self.buffer.orig
        header = table.line - 1
        line_nos = [header, header + 1, *[r.line - 1 for r in table.rows]]
        line_nos = [n for n in line_nos if 0 <= n < len(self.buffer)]
        pipes = [tuple(m.start() for m in UNESCAPED_PIPE.finditer(orig[n])) for n in line_nos]
        ncols = len(table.header)
        aligned = len(set(pipes)) == 1 and len(line_nos) >= 2
        ref = line_nos[-1] if line_nos else header
        body = split_ending(orig[ref])[0] if 0 <= ref < len(orig) else "| |"
        spans = cell_spans(body)
        _, lead, trail = table_pipes(body)
        contents = [body[s:e] for s, e in spans if body[s:e].strip()]
        pad = " " if not contents or any(c.startswith(" ") for c in contents) else ""
        widths: tuple[int, ...] | None = None
        if aligned and 0 <= header < len(orig):
            hb = split_ending(orig[header])[0]
            widths = tuple(e - s for s, e in cell_spans(hb))
            if len(widths) != ncols:
                widths = None
        aligns: list[Align] = []
        sep_line = header + 1
        if 0 <= sep_line < len(orig):
            sb = split_ending(orig[sep_line])[0]
            for s, e in cell_spans(sb):
                c = sb[s:e].strip()
                aligns.append(
                    "c" if c.startswith(":") and c.endswith(":") else "r" if c.endswith(":") else "l"
                )
        aligns += ["l"] * (ncols - len(aligns))
        return TableStyle(
            indent=body[: len(body) - len(body.lstrip())],
            lead=lead,
            trail=trail,
            pad=pad,
            widths=widths,
            aligns=tuple(aligns),
            ncols=ncols,
            ending=self.buffer.ending_at(ref),
        )

    def splice(self, index: int, start: int, end: int, new: str, aligned: bool, cell_end: int) -> None:
        self.buffer.set_body(index, splice(self.buffer.body(index), start, end, new, aligned, cell_end))

    def add(self, table: Table, cells: Sequence[str]) -> None:
        """A new row right below the table's last row."""
        style = self.style(table)
        self.buffer.insert(self.index.rows_end(table), [render_row(style, cells)], style.ending)

    def mark(self, table: Table, row: Row, mark: str) -> None:
        """Append ``mark`` to the row's Purpose cell (its last cell when it has none)."""
        index = row.line - 1
        body = self.buffer.body(index)
        spans = cell_spans(body)
        col = table.column(Role.PURPOSE)
        k = col if col is not None and col < len(spans) else len(spans) - 1
        s, e = spans[k]
        content = body[s:e]
        ce = s + len(content.rstrip()) if content.strip() else s
        self.splice(index, ce, ce, f" {mark}", self.style(table).widths is not None, e)
