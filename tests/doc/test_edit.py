"""The edit engine: minimal edits of the original text, both document shapes, hostile input."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.doc.cells import REQUIRED_NO
from integrations_drift.doc.edit import (
    AddRow,
    Edit,
    EditError,
    MarkRow,
    RemoveRow,
    ReplaceRow,
    apply_edits,
    split_lines,
)
from integrations_drift.doc.edit.buffer import LineBuffer, Order, Slot
from integrations_drift.doc.model import STALE_MARK, Document, Table
from integrations_drift.doc.parse import parse_document

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
TODAY = date(2031, 5, 6)


def parse(text: str) -> Document:
    return parse_document(text.encode("utf-8"))


def edit(text: str, *edits: Edit, today: date | None = None) -> str:
    result = apply_edits(text, parse(text), edits, today=today)
    assert result.errors == [None] * len(edits), result.errors
    return result.text


def table(doc: Document, title: str) -> Table:
    return next(t for t in doc.tables if t.title == title)


def add_service(t: Table, *cells: str) -> AddRow:
    """Add a row to the existing service table (or bullet group) ``t``."""
    return AddRow(kind="service", table=t.title, cells=cells, doc_line=t.end_line)


def texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in t.rows]


CACHING = """# Integrations

> **Last Updated**: 2024-01-02

## Caching

| Service | Purpose | Configuration |
|---------|---------|---------------|
| Redis | Sessions | `app/cache.py` |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `REDIS_URL` | Yes | Cache | `redis://localhost` |

---

*footer*
"""


# -- byte identity ------------------------------------------------------------------------------

ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
WORDS = st.sampled_from(
    ["a", "Redis", "Zürich", "日本語", "⚠️", "x\\|y", "`p/q.py`", "\t", "  ", "é", "PORT", "--", ":", "*b*"]
)
CELL = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
ROW = st.lists(CELL, min_size=3, max_size=3)
LINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30),
    ROW.map(lambda cells: "|" + "|".join(cells) + "|"),
    st.sampled_from(
        ["| a | b |", "|---|:--:|", "---", "## Caching", "- Redis - x", "**Caching:**", "<!-- c -->"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LINE, ENDINGS), max_size=25), st.booleans(), st.booleans())
def test_no_edits_is_byte_identical(lines: list[tuple[str, str]], bom: bool, last_ending: bool) -> None:
    text = "".join(b + e for b, e in lines)
    if not last_ending and lines:
        text = text[: -len(lines[-1][1])]
    text = ("\ufeff" if bom else "") + text
    assert "".join(split_lines(text)) == text
    result = apply_edits(text, parse(text), [], today=TODAY)
    assert result.text == text and not result.changed


def _table_doc(rows: list[list[str]], endings: list[str], padded: bool, tail: bool) -> str:
    pad = " " if padded else ""

    def line(cells: list[str]) -> str:
        return "|" + "|".join(f"{pad}{c}{pad}" for c in cells) + "|"

    body = [
        "# Integrations",
        "",
        "## Caching",
        "",
        line(["Service", "Purpose", "Configuration"]),
        "|---|---|---|",
        *(line(r) for r in rows),
    ]
    if tail:
        body += ["", "Prose after the table.  ", "<!-- a comment -->"]
    out: list[str] = []
    for i, b in enumerate(body):
        ending = endings[i % len(endings)]
        if not b and out and out[-1].endswith("\r") and ending == "\n":
            ending = "\r"  # "\r" then an empty "\n" line would be one CRLF, not two line breaks
        out.append(b + ending)
    return "".join(out)


TABLE_ROWS = st.lists(
    st.tuples(st.integers(0, 10**6), CELL, CELL), min_size=1, max_size=8, unique_by=lambda r: r[0]
)


def _rows(raw: list[tuple[int, str, str]]) -> list[list[str]]:
    return [[f"Svc{n}", purpose.strip(), config.strip()] for n, purpose, config in raw]


@settings(max_examples=150, deadline=None)
@given(TABLE_ROWS, st.lists(ENDINGS, min_size=1, max_size=4), st.booleans(), st.booleans())
def test_rows_map_to_their_source_lines(
    raw: list[tuple[int, str, str]], endings: list[str], padded: bool, tail: bool
) -> None:
    rows = _rows(raw)
    text = _table_doc(rows, endings, padded, tail)
    t = table(parse(text), "Caching")
    lines = split_lines(text)
    for row, expected in zip(t.rows, rows, strict=True):
        assert f"Svc{expected[0][3:]}" in lines[row.line - 1]


@settings(max_examples=150, deadline=None)
@given(TABLE_ROWS, st.lists(ENDINGS, min_size=1, max_size=4), st.booleans(), st.booleans(), ROW)
def test_add_row_then_parse_finds_it_and_every_other_row_unchanged(
    raw: list[tuple[int, str, str]], endings: list[str], padded: bool, tail: bool, new: list[str]
) -> None:
    rows = _rows(raw)
    text = _table_doc(rows, endings, padded, tail)
    t = table(parse(text), "Caching")
    new = ["NewSvc", *(c.strip() for c in new[1:])]
    out = edit(text, add_service(t, *new))
    after = table(parse(out), "Caching")
    assert texts(after)[:-1] == texts(t)
    assert texts(after)[-1] == [c.replace("\\|", "|") for c in new]  # the parser unescapes pipes
    # Every original line is still there, in order, byte for byte; one line was added.
    orig, now = split_lines(text), split_lines(out)
    k = after.rows[-1].line - 1
    rest = now[:k] + now[k + 1 :]
    assert len(now) == len(orig) + 1
    if tail:
        assert rest == orig
    else:
        assert "".join(rest).rstrip("\r\n") == text.rstrip("\r\n")


@settings(max_examples=150, deadline=None)
@given(TABLE_ROWS, st.lists(ENDINGS, min_size=1, max_size=4), st.booleans(), st.data())
def test_remove_and_replace_touch_only_their_row(
    raw: list[tuple[int, str, str]], endings: list[str], padded: bool, data: st.DataObject
) -> None:
    rows = _rows(raw)
    text = _table_doc(rows, endings, padded, True)
    t = table(parse(text), "Caching")
    k = data.draw(st.integers(0, len(t.rows) - 1))
    target = t.rows[k]
    out = edit(text, RemoveRow(table="Caching", doc_line=target.line))
    after = table(parse(out), "Caching")
    assert texts(after) == texts(t)[:k] + texts(t)[k + 1 :]
    orig = split_lines(text)
    expected = orig[: target.line - 1] + orig[target.line :]
    k_next = target.line - 1
    if 0 < k_next < len(expected) and expected[k_next - 1].endswith("\r") and expected[k_next] == "\n":
        expected[k_next] = "\r"  # a lone CR followed by an empty LF line would merge into one CRLF
    assert split_lines(out) == expected
    # Replacing the location cell rewrites that cell of that row only.
    cells = [c.text for c in target.cells]
    cells[2] = "`src/new/path.py`"
    out = edit(text, ReplaceRow(table="Caching", doc_line=target.line, cells=tuple(cells)))
    after = table(parse(out), "Caching")
    assert texts(after)[k] == cells
    assert texts(after)[:k] + texts(after)[k + 1 :] == texts(t)[:k] + texts(t)[k + 1 :]
    now = split_lines(out)
    assert now[: target.line - 1] + now[target.line :] == orig[: target.line - 1] + orig[target.line :]


@settings(max_examples=100, deadline=None)
@given(TABLE_ROWS, st.lists(ENDINGS, min_size=1, max_size=4), st.booleans())
def test_mark_is_idempotent(raw: list[tuple[int, str, str]], endings: list[str], padded: bool) -> None:
    text = _table_doc(_rows(raw), endings, padded, True)
    t = table(parse(text), "Caching")
    mark = MarkRow(table="Caching", doc_line=t.rows[0].line)
    once = edit(text, mark)
    assert table(parse(once), "Caching").rows[0].marked_stale()
    assert edit(once, mark) == once


# -- table style ----------------------------------------------------------------------------------


def test_new_row_follows_an_aligned_table_and_its_alignment_row() -> None:
    text = (
        "## Caching\n\n"
        "| Service | Purpose          | TTL |\n"
        "|:--------|:----------------:|----:|\n"
        "| Redis   | Sessions         |  1h |\n"
        "\nafter\n"
    )
    out = edit(
        text, AddRow(kind="service", table="Caching", cells=("Memcached", "Fragments", "5m"), doc_line=5)
    )
    assert out.splitlines()[5] == "| Memcached |    Fragments     |  5m |"  # too wide, then centred
    out = edit(text, AddRow(kind="service", table="Caching", cells=("KV", "Flags", "5m"), doc_line=5))
    assert out.splitlines()[5] == "| KV      |      Flags       |  5m |"


def test_new_row_without_outer_pipes_and_with_escaped_pipes() -> None:
    text = "## Caching\n\nService | Purpose | Configuration\n--- | --- | ---\nRedis | a \\| b | `x.py`\n"
    out = edit(text, AddRow(kind="service", table="Caching", cells=("KV", "c | d", "`y.py`"), doc_line=5))
    assert out.endswith("Redis | a \\| b | `x.py`\nKV | c \\| d | `y.py`\n")
    assert texts(table(parse(out), "Caching"))[-1] == ["KV", "c | d", "`y.py`"]


def test_extra_columns_are_left_empty_and_not_detected_gives_way() -> None:
    text = "## Authentication\n\n| Provider | Purpose | Configuration Location |\n|---|---|---|\n| Not detected | | |\n"
    out = edit(text, AddRow(kind="service", table="Authentication", cells=("Auth0",), doc_line=5))
    assert (
        out
        == "## Authentication\n\n| Provider | Purpose | Configuration Location |\n|---|---|---|\n| Auth0 | | |\n"
    )


def test_crlf_and_missing_final_newline_are_kept() -> None:
    text = CACHING.replace("\n", "\r\n").rstrip("\r\n")
    t = table(parse(text), "Environment Variables")
    out = edit(
        text, AddRow(kind="env", table=t.title, cells=("`NEW`", "Yes", "TODO", "TODO"), doc_line=t.end_line)
    )
    assert "\n" not in out.replace("\r\n", "")
    assert not out.endswith("\r\n")
    # A table that ends the file: the new row goes after it, still without a final newline.
    text = "## Caching\r\n\r\n| Service | Purpose |\r\n|---|---|\r\n| Redis | x |"
    out = edit(text, AddRow(kind="service", table="Caching", cells=("KV", "y"), doc_line=5))
    assert out == "## Caching\r\n\r\n| Service | Purpose |\r\n|---|---|\r\n| Redis | x |\r\n| KV | y |"


def test_bom_trailing_spaces_tabs_and_comments_survive() -> None:
    text = (
        "\ufeff# T  \n<!-- keep -->\n\n## Caching\t\n\n| Service | Purpose |   \n|---|---|\n"
        "| Redis\t| a \\| b <!-- c --> |   \n\nprose  \n"
    )
    t = table(parse(text), "Caching")
    out = edit(text, MarkRow(table="Caching", doc_line=t.rows[0].line))
    assert out.startswith("\ufeff# T  \n<!-- keep -->\n")
    assert f"| Redis\t| a \\| b <!-- c --> {STALE_MARK} |   \n\nprose  \n" in out


def test_replace_keeps_padding_of_an_aligned_row() -> None:
    text = "## Email\n\n| Service  | Configuration        |\n|----------|----------------------|\n| Postmark | `app/mailer.py`      |\n"
    out = edit(text, ReplaceRow(table="Email", doc_line=5, cells=("Postmark", "`app/notify/mailer.py`")))
    assert out.splitlines()[4] == "| Postmark | `app/notify/mailer.py` |"
    out = edit(text, ReplaceRow(table="Email", doc_line=5, cells=("Postmark", "`app/m.py`")))
    assert out.splitlines()[4] == "| Postmark | `app/m.py`           |"


def test_date_line_changes_only_with_another_edit() -> None:
    assert apply_edits(CACHING, parse(CACHING), [], today=TODAY).text == CACHING
    t = table(parse(CACHING), "Caching")
    out = edit(CACHING, RemoveRow(table="Caching", doc_line=t.rows[0].line), today=TODAY)
    assert "> **Last Updated**: 2031-05-06\n" in out
    bullets = (FORMATS / "INTEGRATIONS.bullets-example.md").read_text(encoding="utf-8")
    doc = parse(bullets)
    redis = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "Redis")
    out = edit(bullets, MarkRow(table="Caching", doc_line=redis.line), today=TODAY)
    assert "**Analysis Date:** 2031-05-06\n" in out
    assert out.endswith("*Integration audit: 2026-03-02*\n")  # footers are left alone


# -- missing sections -------------------------------------------------------------------------------


def test_missing_category_section_goes_before_the_next_category() -> None:
    text = CACHING.replace("## Caching", "## Databases & Data Stores").replace(
        "| Service | Purpose | Configuration |", "| Service | Purpose | Configuration Location |"
    )
    out = edit(
        text,
        AddRow(kind="service", table="File Storage", cells=("AWS S3", "TODO", "`app/s3.py`")),
        AddRow(kind="service", table="File Storage", cells=("GCS", "TODO", "`app/gcs.py`")),
        AddRow(kind="service", table="Caching", cells=("Redis", "TODO", "", "`app/cache.py`")),
    )
    assert (
        "| `app/cache.py` |\n\n## Caching\n\n| Service | Purpose | TTL Defaults | Configuration |\n"
        "|---------|---------|--------------|---------------|\n| Redis | TODO | | `app/cache.py` |\n\n"
        "## File Storage\n\n| Service | Purpose | Configuration |\n|---------|---------|---------------|\n"
        "| AWS S3 | TODO | `app/s3.py` |\n| GCS | TODO | `app/gcs.py` |\n\n## Environment Variables\n"
    ) in out
    doc = parse(out)
    assert texts(table(doc, "File Storage")) == [
        ["AWS S3", "TODO", "`app/s3.py`"],
        ["GCS", "TODO", "`app/gcs.py`"],
    ]
    assert out.endswith("---\n\n*footer*\n")


def test_missing_subheading_section_and_env_section() -> None:
    text = (
        "# Integrations\n\n## Caching\n\n| Service | Purpose |\n|---|---|\n| Redis | x |\n\n---\n\n*footer*"
    )
    out = edit(
        text,
        AddRow(
            kind="service", table="Third-Party APIs", cells=("Stripe", "TODO", "`stripe`", "", "`app/b.py`")
        ),
        AddRow(kind="env", table="Environment Variables", cells=("`A_KEY`", "Yes", "TODO", "TODO")),
        AddRow(kind="env", table="Environment Variables", cells=("`B_KEY`", "No", "TODO", "TODO")),
    )
    doc = parse(out)
    apis = table(doc, "Third-Party APIs")
    assert apis.section == ["Integrations", "External APIs", "Third-Party APIs"]
    assert out.index("## External APIs") < out.index("## Caching")
    env = table(doc, "Environment Variables")
    assert [r.cells[0].text for r in env.rows] == ["`A_KEY`", "`B_KEY`"]
    assert out.endswith("| `B_KEY` | No | TODO | TODO |\n\n---\n\n*footer*")


def test_empty_document_gets_an_env_section() -> None:
    out = edit("", AddRow(kind="env", table="Environment Variables", cells=("`X_Y`", "Yes", "TODO", "TODO")))
    assert out.startswith("## Environment Variables\n\n| Variable |")
    assert table(parse(out), "Environment Variables").rows[0].cells[0].text == "`X_Y`"


# -- bullet lists -------------------------------------------------------------------------------------

BULLETS = (FORMATS / "INTEGRATIONS.bullets-example.md").read_text(encoding="utf-8")


def _row_line(doc: Document, name: str) -> int:
    return next(r.line for t in doc.tables for r in t.rows if r.cells[0].text == name)


def test_bullets_add_remove_and_mark() -> None:
    doc = parse(BULLETS)
    email = table(doc, "Email/SMS")
    out = edit(
        BULLETS,
        add_service(email, "Resend", "TODO", "`resend`", "`app/mail.py`"),
        RemoveRow(table="Databases", doc_line=_row_line(doc, "PostgreSQL 16")),
        MarkRow(table="Hosting", doc_line=_row_line(doc, "Fly.io")),
    )
    assert (
        "  - Auth: `POSTMARK_TOKEN`\n- Resend - TODO\n  - SDK/Client: `resend`\n\n## Data Storage\n\n**File Storage:**"
        in out
    )
    assert f"- Fly.io - `fly.toml` {STALE_MARK}\n" in out
    after = parse(out)
    assert [r.cells[0].text for r in table(after, "Email/SMS").rows] == ["Postmark", "Resend"]
    assert "PostgreSQL" not in out
    assert (next(r for t in after.tables for r in t.rows if r.cells[0].text == "Fly.io")).marked_stale()
    assert after.problems == []


def test_bullets_env_names_on_one_line() -> None:
    doc = parse(BULLETS)
    secret = _row_line(doc, "`AUTH0_CLIENT_SECRET`")
    out = edit(BULLETS, RemoveRow(table="Required env vars", doc_line=secret, name="`AUTH0_CLIENT_SECRET`"))
    assert "`AUTH0_DOMAIN`, `AUTH0_CLIENT_ID`\n\n**Optional env vars:**" in out
    out = edit(BULLETS, MarkRow(table="Required env vars", doc_line=secret, name="`AUTH0_CLIENT_SECRET`"))
    assert f"`AUTH0_CLIENT_ID`\n- `AUTH0_CLIENT_SECRET` {STALE_MARK}\n" in out
    again = parse(out)
    row = next(r for t in again.tables for r in t.rows if r.cells[0].text == "`AUTH0_CLIENT_SECRET`")
    assert row.marked_stale()
    mark = MarkRow(table="Required env vars", doc_line=row.line, name="`AUTH0_CLIENT_SECRET`")
    assert edit(out, mark) == out


def test_bullets_env_adds_go_to_the_required_or_optional_list() -> None:
    out = edit(
        BULLETS,
        AddRow(kind="env", table="Required env vars", cells=("`NEW_REQ`", "Yes", "TODO")),
        AddRow(kind="env", table="Required env vars", cells=("`NEW_OPT`", "No", "TODO")),
    )
    assert "`AUTH0_CLIENT_SECRET`\n- `NEW_REQ`\n\n**Optional env vars:**" in out
    assert "- `LOG_LEVEL` (default `info`)\n- `NEW_OPT`\n" in out
    only_required = BULLETS.replace(
        "**Optional env vars:**\n- `SENTRY_DSN` (error reporting off when unset)\n- `LOG_LEVEL` (default `info`)\n\n",
        "",
    )
    out = edit(
        only_required, AddRow(kind="env", table="Required env vars", cells=("`NEW_OPT`", "No", "TODO"))
    )
    assert "`AUTH0_CLIENT_SECRET`\n\n**Optional env vars:**\n- `NEW_OPT`\n\n**Secrets location:**" in out
    assert [r.cells[0].text for r in table(parse(out), "Optional env vars").rows] == ["`NEW_OPT`"]


def test_bullets_env_required_cell_reads_no_as_the_parser_does() -> None:
    for required in ("⛔ No", "❌ no", "**Optional**", "not required"):
        out = edit(BULLETS, AddRow(kind="env", table="Required env vars", cells=("`NEW_OPT`", required)))
        assert "- `LOG_LEVEL` (default `info`)\n- `NEW_OPT`\n" in out, required
        assert REQUIRED_NO.match(required), required


def test_bullets_missing_category_becomes_a_group() -> None:
    doc = parse(BULLETS)
    assert doc.tables
    out = edit(
        BULLETS,
        AddRow(
            kind="service", table="Message Queues & Event Systems", cells=("RabbitMQ", "TODO", "`app/q.py`")
        ),
    )
    after = parse(out)
    group = next(t for t in after.tables if t.group == "Message Queues & Event Systems")
    assert [r.cells[0].text for r in group.rows] == ["RabbitMQ"]


def test_not_detected_bullet_gives_way() -> None:
    doc = parse(BULLETS)
    logs = table(doc, "Logs")
    out = edit(BULLETS, add_service(logs, "Datadog", "TODO", "`app/log.py`"))
    assert "**Logs:**\n- Datadog - TODO\n  - Config: `app/log.py`\n\n## CI/CD" in out


def test_replace_in_a_bullet_sub_item() -> None:
    doc = parse(BULLETS)
    s3 = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "AWS S3")
    cells = tuple(c.text.replace("app/storage/s3.py", "app/s3.py") for c in s3.cells)
    out = edit(BULLETS, ReplaceRow(table="File Storage", doc_line=s3.line, cells=cells))
    assert "  - Config: `app/s3.py`, bucket from `UPLOADS_BUCKET`\n" in out
    assert len(split_lines(out)) == len(split_lines(BULLETS))


# -- hostile documents ----------------------------------------------------------------------------------


def test_ten_thousand_rows() -> None:
    rows = "".join(f"| `VAR_{i}` | Yes | p | x |\n" for i in range(10_000))
    text = (
        f"## Environment Variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n{rows}"
    )
    doc = parse(text)
    t = table(doc, "Environment Variables")
    started = time.monotonic()
    out = edit(
        text,
        AddRow(kind="env", table=t.title, cells=("`NEW`", "Yes", "TODO", "TODO"), doc_line=t.end_line),
        RemoveRow(table=t.title, doc_line=t.rows[5000].line),
        MarkRow(table=t.title, doc_line=t.rows[10].line),
    )
    assert time.monotonic() - started < 10
    assert out.endswith("| `NEW` | Yes | TODO | TODO |\n")
    assert "VAR_5000`" not in out


def test_an_edit_per_row_of_ten_thousand_rows() -> None:
    # Each edit used to scan every row to find its own: 10,000 marks took seconds, not milliseconds.
    rows = "".join(f"| `VAR_{i}` | Yes | p | x |\n" for i in range(10_000))
    text = (
        f"## Environment Variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n{rows}"
    )
    doc = parse(text)
    t = table(doc, "Environment Variables")
    marks: list[Edit] = [MarkRow(table=t.title, doc_line=r.line, name=r.cells[0].text) for r in t.rows]
    started = time.monotonic()
    result = apply_edits(text, doc, marks)
    assert time.monotonic() - started < 3
    assert result.errors == [None] * len(marks)
    assert result.text.count(STALE_MARK) == 10_000


def test_an_edit_that_cannot_be_placed_is_reported_not_applied() -> None:
    result = apply_edits(CACHING, parse(CACHING), [RemoveRow(table="Caching", doc_line=999)], today=TODAY)
    assert result.text == CACHING and not result.changed
    assert result.errors == ['no row at line 999 in "Caching"']
    result = apply_edits(CACHING, parse(CACHING), [AddRow(kind="service", table="Nowhere", cells=("X",))])
    assert result.text == CACHING and not result.changed
    assert result.errors == ['no table "Nowhere" and no template section for it']
    # A failed edit leaves the others alone.
    t = table(parse(CACHING), "Caching")
    remove = RemoveRow(table="Caching", doc_line=t.rows[0].line)
    result = apply_edits(CACHING, parse(CACHING), [RemoveRow(table="Caching", doc_line=999), remove])
    assert result.errors[0] is not None and result.errors[1] is None
    assert result.text == edit(CACHING, remove)


class Unplaceable(str):
    """A cell that fails the edit once the editor starts rendering it, after the row was located."""

    __slots__ = ()

    def strip(self, chars: str | None = None) -> str:
        raise EditError(f"cannot place {str(self)!r}")


NOT_DETECTED = "## Authentication\n\n| Provider | Purpose |\n|---|---|\n| Not detected | |\n\nprose\n"


def test_a_failed_edit_leaves_no_partial_state() -> None:
    # A failing AddRow had already claimed its row and cleared the "Not detected" row: the same
    # AddRow right after it reported success and changed nothing.
    doc = parse(NOT_DETECTED)
    failing = AddRow(kind="service", table="Authentication", cells=("Auth0", Unplaceable("x")), doc_line=5)
    add = AddRow(kind="service", table="Authentication", cells=("Auth0", "TODO"), doc_line=5)
    result = apply_edits(NOT_DETECTED, doc, [failing, add])
    assert result.errors == ["cannot place 'x'", None]
    assert result.text == edit(NOT_DETECTED, add)
    assert texts(table(parse(result.text), "Authentication")) == [["Auth0", "TODO"]]
    # A section that does not exist yet and has no template fails every time, not only the first.
    missing = AddRow(kind="service", table="Nowhere", cells=("X",))
    result = apply_edits(NOT_DETECTED, doc, [missing, missing])
    assert result.errors == ['no table "Nowhere" and no template section for it'] * 2
    assert result.text == NOT_DETECTED


def test_buffer_restore_undoes_every_kind_of_change() -> None:
    buf = LineBuffer("a\r\nb\n\nc")
    buf.insert(1, ["kept"], "\n")
    buf.claim("kept")
    before = buf.render()
    checkpoint = buf.snapshot()
    buf.set_body(0, "A")
    buf.delete([1, 2])
    buf.insert(3, ["x"], "\n")
    buf.insert(3, ["new section"], "\n", order=Order(Slot.CATEGORY), block="sec")
    buf.extend_block("sec", ["row"])
    assert buf.claim("row") and not buf.claim("kept")
    assert buf.render() != before
    buf.restore(checkpoint)
    assert buf.render() == before
    assert [buf.body(i) for i in range(len(buf))] == ["a", "b", "", "c"]
    assert not any(buf.deleted(i) for i in range(len(buf)))
    assert not buf.has_block("sec") and not buf.inserts_at(3)
    assert buf.claimed("kept") and not buf.claimed("row")
    # What happens after the restore is as if the undone changes had never been made.
    buf.insert(3, ["y"], "\n")
    buf.insert(1, ["after kept"], "\n")
    assert buf.render() == "a\r\nkept\nafter kept\nb\n\ny\nc"


@settings(max_examples=100, deadline=None)
@given(TABLE_ROWS, st.lists(ENDINGS, min_size=1, max_size=4), st.booleans(), st.data())
def test_a_failing_edit_anywhere_changes_nothing_else(
    raw: list[tuple[int, str, str]], endings: list[str], tail: bool, data: st.DataObject
) -> None:
    text = _table_doc(_rows(raw), endings, True, tail)
    doc = parse(text)
    t = table(doc, "Caching")
    new = ("NewSvc", "TODO", "`n.py`")
    adds = [add_service(t, *new), AddRow(kind="service", table="File Storage", cells=new)]
    edits: list[Edit] = list(adds)
    for r in t.rows:
        cells = tuple(c.text for c in r.cells)
        edits.append(
            data.draw(
                st.sampled_from(
                    [
                        RemoveRow(table=t.title, doc_line=r.line),
                        MarkRow(table=t.title, doc_line=r.line),
                        ReplaceRow(table=t.title, doc_line=r.line, cells=(*cells[:-1], "`new/p.py`")),
                    ]
                )
            )
        )
    edits = data.draw(st.permutations(edits))
    k = data.draw(st.integers(0, 1))
    failing = replace(adds[k], cells=(new[0], Unplaceable("x")))
    at = data.draw(st.integers(0, len(edits)))
    clean = apply_edits(text, doc, edits, today=TODAY)
    with_failure = apply_edits(text, doc, [*edits[:at], failing, *edits[at:]], today=TODAY)
    assert with_failure.text == clean.text
    # After the same row was added, asking for it again is a no-op that never reaches the cells.
    error = None if adds[k] in edits[:at] else "cannot place 'x'"
    assert with_failure.errors == [*clean.errors[:at], error, *clean.errors[at:]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(LINE, ENDINGS), max_size=25), st.sampled_from(["remove", "mark", "replace", "add"]))
def test_edits_on_any_document_never_crash(lines: list[tuple[str, str]], action: str) -> None:
    text = "## Caching\n\n| Service | Purpose | Config |\n|---|---|---|\n" + "".join(b + e for b, e in lines)
    doc = parse(text)
    edits: list[Edit] = []
    for t in doc.tables:
        if action == "add":
            edits.append(add_service(t, "New", "x | y", "`a.py`"))
        for r in t.rows:
            cells = tuple(c.text for c in r.cells)
            if action == "remove":
                edits.append(RemoveRow(table=t.title, doc_line=r.line, name=cells[0] if cells else ""))
            elif action == "mark":
                edits.append(MarkRow(table=t.title, doc_line=r.line, name=cells[0] if cells else ""))
            elif action == "replace" and cells:
                edits.append(ReplaceRow(table=t.title, doc_line=r.line, cells=(*cells[:-1], "`new/path.py`")))
    result = apply_edits(text, doc, edits, today=TODAY)
    assert len(result.errors) == len(edits)
    after = parse(result.text)
    if action == "mark":
        again = apply_edits(
            result.text,
            after,
            [
                MarkRow(table=t.title, doc_line=r.line, name=r.cells[0].text if r.cells else "")
                for t in after.tables
                for r in t.rows
                if r.marked_stale()
            ],
        )
        assert again.text == result.text
