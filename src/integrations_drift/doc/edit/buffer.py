"""The text under edit, line by line, with every change journaled so it can be undone.

The text is split into lines that keep their own endings (``\\r\\n``, ``\\n`` or ``\\r``, mixed, and a
last line without one), so line ``n`` here is line ``n`` of the parsed :class:`Document`. Edits change
line bodies, delete lines and insert new ones before a line; :meth:`LineBuffer.render` writes every
line nobody touched back byte for byte, a BOM included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from integrations_drift.doc.edit.edits import EditError

BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their own endings, split exactly where the parser splits (``\\r\\n``, ``\\r``, ``\\n``)."""
    return _LINE.findall(text)


def split_ending(line: str) -> tuple[str, str]:
    """A line's body and its ending."""
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def decode(data: bytes) -> str:
    """The document's text, BOM included (it is written back). Raises EditError on invalid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditError(f"the document is not valid UTF-8 (line {line}); save it as UTF-8 first") from None


class Checkpoint(NamedTuple):
    depth: int  # length of the undo journal when the checkpoint was taken


class Slot(IntEnum):
    """Which lines come first among those inserted before the same line."""

    CLOSE_FENCE = -1  # the fence that closes a code block the document left open, before all else
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
        parts = [split_ending(ln) for ln in self.orig]
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
        return split_ending(self.orig[index])[0]

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
        """_Insert ``lines`` before line ``index``; lines inserted at one place come out by ``order``
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
            text = split_ending(text)[0]  # the file had no final line break: it still has none
        return (BOM if self.bom else "") + text
