"""Sections the document does not have yet: where a missing category or env table goes, and its text.

A missing table is created with the template's heading and columns (in bullet-list documents, a
bold group label and template-style items). It goes where the template puts it: inside a section
already named after it, else before the section of the next category the document has, else before
a trailing ``---`` and footer. New sections are set off by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from markdown_it import MarkdownIt

from integrations_drift.doc.categories import Category, categories, env_section, table_for
from integrations_drift.doc.edit.buffer import LineBuffer, Order, Part, Slot
from integrations_drift.doc.edit.bullets import new_item
from integrations_drift.doc.edit.edits import AddRow, EditError
from integrations_drift.doc.edit.index import DocIndex
from integrations_drift.doc.edit.tables import plain_row
from integrations_drift.doc.template import table_head

_THEMATIC = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# HTML blocks that only their own end marker closes (CommonMark's kinds 1-5); the others end at a
# blank line, which a new section always starts with.
_HTML_CLOSERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r" {0,3}<(script|pre|style|textarea)(?![A-Za-z0-9-])", re.I), ""),
    (re.compile(r" {0,3}<!--"), "-->"),
    (re.compile(r" {0,3}<\?"), "?>"),
    (re.compile(r" {0,3}<!\[CDATA\["), "]]>"),
    (re.compile(r" {0,3}<![A-Za-z]"), ">"),
)


def open_block(text: str, lines: list[str]) -> tuple[int, str] | None:
    """The first line (0-based) of a code fence or HTML block the document leaves open at its end,
    and the line that closes it: a section appended after it would land inside it. ``None`` when
    nothing is left open."""
    tokens = MarkdownIt("commonmark", {"html": True}).parse(text)
    last = next((t for t in reversed(tokens) if t.level == 0 and t.map), None)
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1  # an open block runs on through trailing blank lines, which it may leave out of its map
    if last is None or last.map is None or last.map[1] < end:
        return None
    start = last.map[0]
    first, final = lines[start], lines[last.map[1] - 1].strip()
    if last.type == "fence":
        closed = last.map[1] - 1 > start and final.startswith(last.markup) and not final.strip(final[0])
        return None if closed else (start, last.markup)
    if last.type == "html_block":
        for pattern, closer in _HTML_CLOSERS:
            m = pattern.match(first)
            if m is not None:
                closer = closer or f"</{m.group(1)}>"
                return None if closer.casefold() in lines[last.map[1] - 1].casefold() else (start, closer)
    return None


@dataclass(frozen=True)
class _SectionRowAdded:
    """A row of a section the document did not have."""

    kind: Literal["env", "service"]
    table: str
    name: str


class _Anchor(NamedTuple):
    """Where a new category section goes."""

    before: int  # 0-based line it is inserted before
    level: int  # of the category's heading
    with_heading: bool  # False when the document already has the heading and only the table is new


class Sections:
    def __init__(self, buffer: LineBuffer, index: DocIndex) -> None:
        self.buffer = buffer
        self.index = index
        self.doc = index.doc

    def add(self, edit: AddRow) -> None:
        """Add the row to a new section for its table, started by the first such row."""
        if not self.buffer.claim(_SectionRowAdded(edit.kind, edit.table, edit.name)):
            return
        if edit.kind == "env":
            env = env_section()
            row = plain_row(edit.cells, len(env.header))
            if self.buffer.has_block("env"):
                self.buffer.extend_block("env", [row])
                return
            block = [f"## {env.heading}", "", *table_head(env.header), row]
            self._insert_block(self._footer_index(), block, Order(Slot.ENV_SECTION), "env")
            return
        cat = next((c for c in categories() if edit.table in (c.title, c.heading)), None)
        if cat is None:
            raise EditError(f'no table "{edit.table}" and no template section for it')
        services = self.index.tables_of("service")
        bullets = bool(services) and all(t.shape == "bullets" for t in services)
        key = f"cat:{cat.id}"
        if self.buffer.has_block(key):
            if bullets:
                self.buffer.extend_block(key, new_item(edit.cells))
            else:
                self.buffer.extend_block(key, [plain_row(edit.cells, len(cat.header))])
            return
        anchor = self._category_anchor(cat, bullets)
        level = anchor.level
        block = [f"{'#' * level} {cat.heading}", ""] if anchor.with_heading else []
        if bullets:
            block += [f"**{cat.title}:**", *new_item(edit.cells)]
        else:
            if cat.subheading:
                block += [f"{'#' * (level + 1)} {cat.subheading}", ""]
            block += [*table_head(cat.header), plain_row(edit.cells, len(cat.header))]
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
        for t in [*later_tables, *self.index.tables_of("env")]:
            top = self._top_section_line(t.line) if t is not None else None
            if top is not None:
                return _Anchor(self._before_break(top), 2, with_heading=True)
        return _Anchor(self._footer_index(), 2, with_heading=True)

    @cached_property
    def open_block(self) -> tuple[int, str] | None:
        bodies = [self.buffer.body(i) for i in range(len(self.buffer))]
        return open_block("\n".join(bodies), bodies)

    def _footer_index(self) -> int:
        """0-based index of the trailing thematic break that only a footer follows, else the end."""
        last_heading = max((s.line - 1 for s in self.doc.sections), default=-1)
        # A ``---`` inside a block left open is the block's text, not a footer's break.
        stop = len(self.buffer) if self.open_block is None else self.open_block[0]
        for i in range(stop - 1, last_heading, -1):
            if _THEMATIC.match(self.buffer.body(i)) and self.buffer.blank(i - 1):
                return i
        return len(self.buffer)

    def _before_break(self, index: int) -> int:
        """Move an insertion point in front of a ``---`` that introduces the section at ``index``."""
        j = index - 1
        while j >= 0 and self.buffer.blank(j):
            j -= 1
        if j >= 0 and _THEMATIC.match(self.buffer.body(j)) and self.buffer.blank(j - 1):
            return j
        return index

    def _top_section_line(self, line: int) -> int | None:
        """0-based line of the level-1/2 heading that contains ``line``."""
        best = None
        for s in self.doc.sections:
            if s.line <= line and s.level <= 2:
                best = s.line - 1
        return best

    def _insert_block(self, index: int, block: list[str], order: Order, key: str) -> None:
        """Insert a new section, separated from its neighbours by blank lines.

        A section that would land inside a code fence or HTML block the document never closes is
        preceded by that block's closer: else it would be code, unseen by the next run, which would
        add it again."""
        buffer = self.buffer
        if self.open_block is not None and index > self.open_block[0] and buffer.claim("close-open-block"):
            buffer.insert(index, [self.open_block[1]], buffer.ending, Order(Slot.ROW, -1, Part.BEFORE))
        if index > 0 and not buffer.blank(index - 1):
            buffer.insert(index, [""], buffer.ending, order._replace(part=Part.BEFORE))
        buffer.insert(index, block, buffer.ending, order._replace(part=Part.BLOCK), block=key)
        if index < len(buffer) and not buffer.blank(index):
            buffer.insert(index, [""], buffer.ending, order._replace(part=Part.AFTER))
