"""Bullet-list documents: ``- Name - purpose`` entries with nested ``- Label: value`` details, and
lists of variables, read into the same tables as the template's."""

from __future__ import annotations

import re

from markdown_it.token import Token

from integrations_drift.doc.cells import classify_cell, env_table_names
from integrations_drift.doc.columns import role_for
from integrations_drift.doc.model import Cell, EnvMention, RefKind, Role, Row, Table
from integrations_drift.doc.rows import make_cell, row_status

# One list item: its head text, its line, and its nested items as (depth, text, line).
Item = tuple[str, int, list[tuple[int, str, int]]]
# `Name - purpose` (a dash between spaces) or else `Name: purpose`, found by one search each: a
# `^(.+?)\s+-\s+` regex reads the whole space run from every position in it (quadratic).
_DASH_SEP = re.compile(r"(?<=\s)[-–—]\s")
_COLON_SEP = re.compile(r":\s")
_BULLET_LABEL = re.compile(r"^\s*([A-Za-z][\w /&().-]{0,40}?)\s*:\s*(.*)$", re.S)


def list_items(tokens: list[Token], start: int) -> tuple[list[Item], int]:
    """Top-level items of the list opening at ``start``: (head text, line, [(depth, text, line)])."""
    items: list[Item] = []
    depth = 0
    i = start
    current: tuple[str, int, list[tuple[int, str, int]]] | None = None
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "bullet_list_open" or tok.type == "ordered_list_open":
            depth += 1
        elif tok.type == "bullet_list_close" or tok.type == "ordered_list_close":
            depth -= 1
            if depth == 0:
                if current is not None:
                    items.append(current)
                return items, i + 1
        elif tok.type == "list_item_open" and depth == 1:
            if current is not None:
                items.append(current)
            current = ("", (tok.map[0] + 1) if tok.map else 0, [])
        elif tok.type == "inline" and current is not None:
            line = (tok.map[0] + 1) if tok.map else current[1]
            if depth == 1 and not current[0]:
                current = (tok.content.strip(), current[1], current[2])
            else:
                # Soft-wrapped lines of one item arrive as one inline token; keep only its first line.
                current[2].append((depth, tok.content.strip(), line))
        i += 1
    if current is not None:
        items.append(current)
    return items, i


def service_bullets(
    items: list[Item], section: list[str], group: str, group_line: int, end_line: int
) -> Table:
    """``- Name - purpose`` items with nested ``- Label: value`` items, read as one table."""
    labels: list[str] = []
    parsed: list[tuple[int, str, str, list[tuple[str, str, int]]]] = []
    for head, line, subs in items:
        dash = _DASH_SEP.search(head, 2)
        colon = _COLON_SEP.search(head, 1) if dash is None else None
        if dash is not None:
            name, purpose = head[: dash.start()].strip(), head[dash.start() + 1 :].strip()
        elif colon is not None and colon.start() <= 40:
            name, purpose = head[: colon.start()].strip(), head[colon.start() + 1 :].strip()
        else:
            name, purpose = head.strip(), ""
        entry_subs: list[tuple[str, str, int]] = []
        for _, sub_text, sub_line in subs:
            lm = _BULLET_LABEL.match(sub_text)
            label, value = (lm.group(1).strip(), lm.group(2).strip()) if lm else ("Details", sub_text)
            if label not in labels:
                labels.append(label)
            entry_subs.append((label, value, sub_line))
        parsed.append((line, name, purpose, entry_subs))
    header = ["Service", "Purpose", *labels]
    roles = [Role.NAME, Role.PURPOSE] + [
        r if (r := role_for(lb)) in (Role.SDK, Role.LOCATION) else Role.LOCATION for lb in labels
    ]
    table = Table(
        kind="service",
        shape="bullets",
        section=section,
        group=group,
        header=header,
        roles=roles,
        line=group_line,
        end_line=end_line,
    )
    for line, name, purpose, entry_subs in parsed:
        cells = [make_cell(name, line, Role.NAME), make_cell(purpose, line, Role.LOCATION)]
        for label in labels:
            vals = [(v, ln) for lb, v, ln in entry_subs if lb == label]
            if vals:
                text = "; ".join(v for v, _ in vals)
                cells.append(make_cell(text, vals[0][1], roles[header.index(label)]))
            else:
                cells.append(Cell(text="", line=line))
        end_line = max([line] + [ln for _, _, ln in entry_subs])
        status = row_status(cells, 0)
        table.rows.append(Row(line=line, end_line=end_line, cells=cells, status=status))
    return table


def env_bullets(
    items: list[Item], section: list[str], group: str, group_line: int, end_line: int
) -> tuple[Table | None, list[EnvMention]]:
    """A bullet list of variables: a table when its group says whether they are required,
    else only the names it mentions."""
    mentions: list[EnvMention] = []
    g = group.lower()
    required = "Yes" if "required" in g else "No" if ("optional" in g or "default" in g) else ""
    table = Table(
        kind="env" if required else "other",
        shape="bullets",
        section=section,
        group=group,
        header=["Variable", "Required", "Purpose"],
        roles=[Role.NAME, Role.REQUIRED, Role.PURPOSE],
        line=group_line,
        end_line=end_line,
    )
    for head, line, subs in items:
        texts = [(head, line)] + [(t, ln) for _, t, ln in subs]
        for i, (text, ln) in enumerate(texts):
            refs = [r for r in classify_cell(text, Role.OTHER) if r.kind is RefKind.ENV]
            # The item's own line names its variables as written, in any case.
            refs += [
                r for r in env_table_names(text, name_column=i == 0) if r.value not in {x.value for x in refs}
            ]
            for ref in refs:
                mentions.append(EnvMention(name=ref.value, line=ln))
            if not required:
                continue
            rest = re.sub(r"`[^`]*`,?\s*", "", text).strip()
            req_text = required
            dm = re.search(r"\(([^)]*default[^)]*)\)", text, re.I)
            if dm and len(refs) == 1:
                req_text = f"No ({dm.group(1)})"
            for ref in refs:
                cells = [
                    Cell(text=f"`{ref.value}`", line=ln, refs=[ref]),
                    Cell(text=req_text, line=ln),
                    Cell(text=rest if len(refs) == 1 else "", line=ln),
                ]
                table.rows.append(Row(line=ln, end_line=ln, cells=cells, status="entry"))
    return (table if table.kind == "env" else None), mentions
