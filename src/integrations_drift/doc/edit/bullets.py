"""Items of bullet-list groups (``**Caching:**`` then ``- Redis - sessions``) in the group's own style.

A new item copies the group's bullet character, indentation, the separator between name and
purpose, and how its sub-items (``  - SDK/Client: ...``) start. Env groups list one variable per
item or several on one line (``- `A`, `B```); removing or marking one of several on a line touches
only that name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from integrations_drift.doc.cells import REQUIRED_NO
from integrations_drift.doc.columns import role_for
from integrations_drift.doc.edit.buffer import LineBuffer, Order, Slot
from integrations_drift.doc.edit.edits import AddRow, EditError
from integrations_drift.doc.edit.index import DocIndex
from integrations_drift.doc.model import Role, Row, Table

_BULLET = re.compile(r"^(\s*)([-*+])(\s+)")
_HEAD_SEP = re.compile(r"\s[-–—]\s")


@dataclass(frozen=True)
class _GroupRowAdded:
    """A variable added to a Required/Optional env group the document did not have."""

    name: str


def optional(cells: Sequence[str]) -> bool:
    """Whether a new variable's Required cell says it is not required."""
    return len(cells) > 1 and bool(REQUIRED_NO.match(cells[1].strip()))


def is_optional_group(table: Table) -> bool:
    g = table.group.lower()
    return "optional" in g or "default" in g


def new_item(cells: Sequence[str]) -> list[str]:
    """An item of a group the document does not have yet, in the template's style."""
    name = cells[0] if cells else ""
    purpose = cells[1] if len(cells) > 1 else ""
    out = [f"- {name} - {purpose}" if purpose else f"- {name}"]
    location = next((c for c in cells[2:] if c.strip()), "")
    if location:
        out.append(f"  - Config: {location}")
    return out


class Bullets:
    def __init__(self, buffer: LineBuffer, index: DocIndex) -> None:
        self.buffer = buffer
        self.index = index
        # Read from the original lines only, so a restore never needs to undo them.
        self._sub_prefixes: dict[int, str] = {}

    def list_end(self, table: Table) -> int:
        """1-based last non-blank line of a bullet group's list."""
        end = min(table.end_line, len(self.buffer))
        last_row = self.index.last_row_line(table)
        while end > last_row and self.buffer.blank(end - 1):
            end -= 1
        return end

    def item_lines(self, table: Table, row: Row) -> range:
        """0-based line indexes of a bullet item and its nested items."""
        if table.kind == "env":
            return range(row.line - 1, row.line)
        later = self.index.next_row_line(table, row.line)
        stop = later - 1 if later is not None else self.list_end(table)
        return range(row.line - 1, max(stop, row.line))

    def _shares_line(self, table: Table, row: Row) -> bool:
        return table.kind == "env" and self.index.rows_on_line(table, row.line) > 1

    # -- adding -------------------------------------------------------------------------------

    def add(self, table: Table, cells: Sequence[str]) -> None:
        """A new item at the end of the group's list."""
        end = self.list_end(table)
        self.buffer.insert(end, self.item(table, cells), self.buffer.ending_at(end - 1))

    def add_group(self, edit: AddRow) -> None:
        """Bullet lists with only the other env group: start the missing group right after it."""
        anchor = self.index.tables_of("env")[-1]
        is_optional = optional(edit.cells)
        key = "env-optional" if is_optional else "env-required"
        if not self.buffer.claim(_GroupRowAdded(edit.name)):
            return
        item = self.item(anchor, edit.cells)
        if self.buffer.has_block(key):
            self.buffer.extend_block(key, item)
            return
        end = self.list_end(anchor)
        label = "**Optional env vars:**" if is_optional else "**Required env vars:**"
        self.buffer.insert(
            end, ["", label, *item], self.buffer.ending_at(end - 1), Order(Slot.ENV_GROUP), block=key
        )

    def item(self, table: Table, cells: Sequence[str]) -> list[str]:
        """The lines of a new item of ``table``, styled like its first item."""
        orig = self.buffer.orig
        first = table.rows[0] if table.rows else None
        line = orig[first.line - 1] if first is not None and first.line - 1 < len(orig) else "- "
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

    def _sub_prefix(self, table: Table, indent: str, char: str) -> str:
        """How the group's sub-items start (``  - ``), found once per group: every new item uses it."""
        ti = self.index.position(table)
        if ti not in self._sub_prefixes:
            orig = self.buffer.orig
            found = (
                sm.group(0)
                for r in table.rows
                for c in r.cells[2:]
                if c.line != r.line
                and c.line - 1 < len(orig)
                and (sm := _BULLET.match(orig[c.line - 1])) is not None
                and len(sm.group(1)) > len(indent)
            )
            self._sub_prefixes[ti] = next(found, f"{indent}  {char} ")
        return self._sub_prefixes[ti]

    # -- removing and marking -----------------------------------------------------------------

    def remove(self, table: Table, row: Row, name: str) -> None:
        if self._shares_line(table, row):
            self._remove_token(row.line - 1, name or (row.cells[0].text if row.cells else ""))
            return
        self.buffer.delete(self.item_lines(table, row))

    def _remove_token(self, index: int, token: str) -> None:
        body = self.buffer.body(index)
        t = re.escape(token)
        for pattern in (rf"{t}\s*,\s*", rf",\s*{t}", t):
            new, n = re.subn(pattern, "", body, count=1)
            if n:
                self.buffer.set_body(index, new)
                return
        raise EditError(f"cannot find {token} on line {index + 1}")

    def mark(self, table: Table, row: Row, mark: str) -> None:
        index = row.line - 1
        body = self.buffer.body(index)
        if self._shares_line(table, row):
            # Several variables on one item: move this one to its own marked item right below.
            token = row.cells[0].text if row.cells else ""
            self._remove_token(index, token)
            m = _BULLET.match(self.buffer.orig[index])
            prefix = m.group(0) if m else "- "
            self.buffer.insert(index + 1, [f"{prefix}{token} {mark}"], self.buffer.ending_at(index))
            return
        end = len(body.rstrip())
        bm = _BULLET.match(body)
        head = body[bm.end() if bm else 0 : end]
        sep = " " if table.kind == "env" or _HEAD_SEP.search(head) else " - "
        self.buffer.set_body(index, body[:end] + sep + mark + body[end:])
