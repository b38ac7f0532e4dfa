"""INTEGRATIONS.md → Document. Never raises on document content: what cannot be read reliably
becomes a DocProblem (a ``malformed-doc`` finding)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from integrations_drift.doc.bullets import env_bullets, list_items, service_bullets
from integrations_drift.doc.cells import (
    classify_cell,
    env_table_names,
    is_none_entry,
)
from integrations_drift.doc.columns import column_words, role_for
from integrations_drift.doc.model import (
    Cell,
    DocProblem,
    Document,
    EnvMention,
    Ref,
    RefKind,
    Role,
    Row,
    Section,
    Table,
    TableKind,
)
from integrations_drift.doc.rows import make_cell, row_status
from integrations_drift.doc.table_lines import cell_spans

_SECTION_SKIP = re.compile(
    r"does not belong|connection patterns|auth(?:entication)? flow|table of contents", re.I
)
_BOLD_LABEL = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_TABLE_LIKE = re.compile(r"^\s{0,3}\|.*\|\s*$")


def _table_kind(header: Sequence[str], roles: Sequence[Role], section: Sequence[str]) -> TableKind:
    lowered = [h.lower() for h in header]
    words = column_words()
    if any(any(w in h for w in words.other_table_headers) for h in lowered):
        return "other"
    if Role.NAME not in roles:
        return "other"
    name_header = lowered[roles.index(Role.NAME)]
    in_env_section = any("env" in s.lower() for s in section[1:]) or (
        bool(section) and "env" in section[0].lower()
    )
    if any(w in name_header for w in ("variable", "env")) or (
        in_env_section and any(w in name_header for w in words.env_name_headers)
    ):
        return "env"
    if any(r in roles for r in (Role.LOCATION, Role.PURPOSE, Role.SDK, Role.TYPE)):
        return "service"
    return "other"


def _env_name_refs(cell: Cell) -> None:
    """In a Variable column a bare word (``PORT``) is the variable's name even without backticks."""
    if cell.refs_of(RefKind.ENV):
        return
    m = re.match(r"^\s*[*_]*`?\$?\{?([A-Za-z_][A-Za-z0-9_]*\*?)\}?`?[*_]*\s*$", cell.text)
    if m and not is_none_entry(cell.text):
        cell.refs.insert(0, Ref(kind=RefKind.ENV, value=m.group(1)))


def _written_names(cells: list[Cell], name_index: int | None) -> None:
    """An Environment Variables table names variables as they are written, in any case."""
    for k, cell in enumerate(cells):
        known = {r.value for r in cell.refs_of(RefKind.ENV)}
        for ref in env_table_names(cell.text, k == name_index):
            if ref.value not in known:
                known.add(ref.value)
                cell.refs.append(ref)


def _raw_cell_count(line: str) -> int:
    return len(cell_spans(line.rstrip("\n")))


class _Parser:
    def __init__(self, path: str, text: str, problems: list[DocProblem]) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.problems = problems
        self.sections: list[Section] = []
        self.tables: list[Table] = []
        self.mentions: list[EnvMention] = []
        self.heading_stack: list[tuple[int, str]] = []
        self.covered: set[int] = set()

    @property
    def section_path(self) -> list[str]:
        return [t for _, t in self.heading_stack]

    def run(self) -> Document:
        md = MarkdownIt("commonmark", {"html": True}).enable("table")
        tokens = md.parse(self.text)
        i = 0
        group = ""
        group_line = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type in ("fence", "code_block", "html_block") and tok.map:
                self.covered.update(range(tok.map[0], tok.map[1]))
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                title = tokens[i + 1].content.strip()
                line = (tok.map[0] + 1) if tok.map else 1
                while self.heading_stack and self.heading_stack[-1][0] >= level:
                    self.heading_stack.pop()
                self.heading_stack.append((level, title))
                self.sections.append(Section(title=title, level=level, line=line))
                group = ""
                i += 2
                continue
            if tok.type == "table_open":
                i = self._table(tokens, i)
                group = ""
                continue
            if tok.type == "paragraph_open" and tokens[i + 1].type == "inline":
                m = _BOLD_LABEL.match(tokens[i + 1].content)
                if m:
                    group = m.group(1).strip().rstrip(":").strip()
                    group_line = (tok.map[0] + 1) if tok.map else 1
                elif tok.level == 0:
                    group = ""
            if tok.type == "bullet_list_open" and tok.level == 0 and group:
                i = self._bullets(tokens, i, group, group_line)
                continue
            if tok.type == "inline" and tok.map:
                self._mentions(tok.content, tok.map[0] + 1)
            i += 1
        self._stray_table_lines()
        return Document(
            path=self.path,
            line_count=len(self.lines),
            sections=self.sections,
            tables=self.tables,
            env_mentions=self.mentions,
            problems=self.problems,
        )

    def _mentions(self, content: str, line: int) -> None:
        for ref in classify_cell(content, Role.OTHER):
            if ref.kind is RefKind.ENV:
                self.mentions.append(EnvMention(name=ref.value, line=line))

    def _table(self, tokens: list[Token], start: int) -> int:
        open_tok = tokens[start]
        assert open_tok.map is not None
        t_start, t_end = open_tok.map
        self.covered.update(range(t_start, t_end))
        header: list[str] = []
        rows_raw: list[tuple[int, list[str]]] = []
        current: list[str] | None = None
        current_line = 0
        in_head = False
        i = start + 1
        while i < len(tokens) and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                current = []
                current_line = (tok.map[0] + 1) if tok.map else t_start + 1
            elif tok.type == "inline" and current is not None:
                current.append(tok.content.strip())
            elif tok.type == "tr_close" and current is not None:
                if in_head:
                    header = current
                else:
                    rows_raw.append((current_line, current))
                current = None
            i += 1
        section = self.section_path
        roles = [role_for(h) for h in header]
        # Only the first name-like column names the row; later ones are details.
        seen_name = False
        for k, r in enumerate(roles):
            if r is Role.NAME:
                if seen_name:
                    roles[k] = Role.OTHER
                seen_name = True
        if Role.NAME not in roles and roles and roles[0] is Role.OTHER and header and header[0]:
            roles[0] = Role.NAME if role_for(header[0]) is Role.OTHER and len(header) > 1 else roles[0]
        kind = _table_kind(header, roles, section)
        if any(_SECTION_SKIP.search(s) for s in section[1:]):
            kind = "other"
        table = Table(
            kind=kind, section=section, header=header, roles=roles, line=t_start + 1, end_line=t_end
        )
        name_index = table.column(Role.NAME)
        for line_no, texts in rows_raw:
            raw_line = self.lines[line_no - 1] if line_no - 1 < len(self.lines) else ""
            raw_count = _raw_cell_count(raw_line)
            if kind != "other" and raw_count > len(header):
                self.problems.append(
                    DocProblem(
                        line=line_no,
                        message=f"row has {raw_count} cells but the table header has {len(header)}; "
                        "the extra cells are dropped by Markdown renderers",
                        fix="escape '|' inside cells as '\\|' or add the missing header column",
                    )
                )
            cells = [
                make_cell(text, line_no, roles[k] if k < len(roles) else Role.OTHER)
                for k, text in enumerate(texts)
            ]
            if kind == "env":
                _written_names(cells, name_index)
            if kind == "env" and name_index is not None and name_index < len(cells):
                _env_name_refs(cells[name_index])
            status = row_status(cells, name_index)
            table.rows.append(Row(line=line_no, end_line=line_no, cells=cells, status=status))
            if status == "placeholder":
                continue
            for c in cells:
                for ref in c.refs_of(RefKind.ENV):
                    self.mentions.append(EnvMention(name=ref.value, line=line_no))
        self.tables.append(table)
        return i + 1

    def _bullets(self, tokens: list[Token], start: int, group: str, group_line: int) -> int:
        items, end = list_items(tokens, start)
        section = self.section_path
        end_line = (tokens[start].map or [group_line - 1, group_line])[1]
        if any(_SECTION_SKIP.search(s) for s in section[1:]):
            for head, line, subs in items:
                self._mentions(head, line)
                for _, sub_text, sub_line in subs:
                    self._mentions(sub_text, sub_line)
        elif any("env" in s.lower() for s in section[1:]) or "env" in group.lower():
            env_table, mentions = env_bullets(items, section, group, group_line, end_line)
            self.mentions.extend(mentions)
            if env_table is not None:
                self.tables.append(env_table)
        else:
            table = service_bullets(items, section, group, group_line, end_line)
            for row in table.rows:
                for c in row.cells:
                    refs = c.refs_of(RefKind.ENV)
                    self.mentions.extend(EnvMention(name=r.value, line=c.line) for r in refs)
            self.tables.append(table)
        return end

    def _stray_table_lines(self) -> None:
        run_start: int | None = None
        for idx, line in enumerate([*self.lines, ""]):
            stray = idx not in self.covered and _TABLE_LIKE.match(line) is not None and line.count("|") >= 2
            if stray and run_start is None:
                run_start = idx
            elif not stray and run_start is not None:
                self.problems.append(
                    DocProblem(
                        line=run_start + 1,
                        message=f"lines {run_start + 1}-{idx} look like a table but are not one "
                        "(missing or mismatched '|---|' separator row under the header)",
                        fix="add a separator row with one '---' per header column right under the header",
                    )
                )
                run_start = None


def decode_document(data: bytes) -> tuple[str, list[DocProblem]]:
    problems: list[DocProblem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            DocProblem(
                line=line,
                message=f"the document is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})",
                fix="save the file as UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    return text, problems


def parse_document(data: bytes, path: str = "INTEGRATIONS.md") -> Document:
    text, problems = decode_document(data)
    try:
        doc = _Parser(path, text, problems).run()
    except RecursionError:
        # Pathologically nested input (thousands of nested lists or quotes).
        doc = Document(path=path, line_count=text.count("\n") + 1, problems=problems)
        doc.problems.append(
            DocProblem(
                line=1,
                message="the document nests too deeply to be read",
                fix="flatten the nested lists or block quotes",
            )
        )
    if not any(t.kind in ("env", "service") for t in doc.tables):
        doc.problems.append(
            DocProblem(
                line=1,
                message="no integration table or bullet list was found (expected a Service/Provider or "
                "Variable column, or '**Category:**' bullet lists)",
                fix="use the table template: '| Service | Purpose | Configuration Location |'",
            )
        )
    return doc


# Parsing costs about 300 bytes of memory per byte of table rows (a 4 MB table of 125,000 rows took
# 1.4 GB and 65 s; a 25 MB document, 1.9 GB). A real document is a few kilobytes: 1 MB leaves it
# ample room while bounding what a crafted one costs (about 300 MB).
MAX_DOC_BYTES = 1024 * 1024


def read_document(file: Path, path: str) -> tuple[bytes, Document]:
    """The document's bytes and parse; a document above ``MAX_DOC_BYTES`` is not read past the limit
    and yields one ``malformed-doc`` problem (and no bytes) instead."""
    with open(file, "rb") as fh:
        data = fh.read(MAX_DOC_BYTES + 1)
    return bounded_document(data, path)


def bounded_document(data: bytes, path: str) -> tuple[bytes, Document]:
    """:func:`parse_document` for a document of at most ``MAX_DOC_BYTES``; a larger one is not
    parsed (its bytes come back empty) and has one problem saying why."""
    if len(data) <= MAX_DOC_BYTES:
        return data, parse_document(data, path)
    doc = Document(path=path, line_count=0)
    doc.problems.append(
        DocProblem(
            line=1,
            message=f"the document is larger than {MAX_DOC_BYTES // (1024 * 1024)} MB and was not read",
            fix="split it, or move long prose out of it: it should list integrations, not describe them",
        )
    )
    return b"", doc
