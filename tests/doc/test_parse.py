"""The document parser: both shapes, messy real-world cells, hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.doc.cells import classify_cell, is_none_entry, is_placeholder
from integrations_drift.doc.model import Document, RefKind, Role
from integrations_drift.doc.parse import parse_document

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def refs(text: str, role: Role = Role.LOCATION) -> list[tuple[str, str]]:
    return [(r.kind.value, r.value) for r in classify_cell(text, role)]


def test_template_parses_into_service_and_env_tables() -> None:
    doc = parse_document((FORMATS / "INTEGRATIONS.template.md").read_bytes())
    assert doc.problems == []
    services = doc.tables_of("service")
    assert [t.title for t in services][:2] == ["Databases & Data Stores", "Authentication & Authorization"]
    assert all(r.status == "placeholder" for t in services for r in t.rows)
    env = doc.tables_of("env")
    assert len(env) == 1
    (row,) = env[0].rows
    assert row.status == "entry" and row.line == 84
    assert row.cells[0].refs[0].value == "DATABASE_URL"
    # The placeholder row's `USER_API_URL` is not a documented name.
    assert doc.mentioned_env_names() == {"DATABASE_URL"}


def test_bullet_shape_reads_into_the_same_model() -> None:
    doc = parse_document((FORMATS / "INTEGRATIONS.bullets-example.md").read_bytes())
    assert doc.problems == []
    names = [(t.group, r.cells[0].text, r.status) for t in doc.tables_of("service") for r in t.rows]
    assert ("Payment Processing", "Stripe", "entry") in names
    assert ("Logs", "Not detected", "none") in names
    stripe = next(t for t in doc.tables_of("service") if t.group == "Payment Processing")
    sdk = stripe.rows[0].cells[stripe.header.index("SDK/Client")]
    assert ("package", "stripe") in [(r.kind.value, r.value) for r in sdk.refs]
    env_rows = {(r.cells[0].refs[0].value, r.cells[1].text) for t in doc.tables_of("env") for r in t.rows}
    assert ("DATABASE_URL", "Yes") in env_rows
    assert ("LOG_LEVEL", "No (default `info`)") in env_rows
    assert "STRIPE_WEBHOOK_SECRET" in doc.mentioned_env_names()


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        (
            "`src/db/client.ts`, `DATABASE_URL`",
            Role.LOCATION,
            [("path", "src/db/client.ts"), ("env", "DATABASE_URL")],
        ),
        ("Supabase dashboard", Role.LOCATION, []),
        ("`migrations/`", Role.LOCATION, [("directory", "migrations/")]),
        ("`src/**/*.ts`", Role.LOCATION, [("glob", "src/**/*.ts")]),
        ("`postgresql://...`", Role.EXAMPLE, [("url", "postgresql://...")]),
        ("`@aws-sdk/client-s3`", Role.SDK, [("package", "@aws-sdk/client-s3")]),
        ("stripe-node", Role.SDK, [("package", "stripe-node")]),
        ("`github.com/jackc/pgx/v5`", Role.SDK, [("package", "github.com/jackc/pgx/v5")]),
        ("`${API_KEY}`", Role.NAME, [("env", "API_KEY")]),
        ("API key in STRIPE_SECRET_KEY env var", Role.PURPOSE, [("env", "STRIPE_SECRET_KEY")]),
        ("`Yes`", Role.REQUIRED, []),
        ("`fly.toml`", Role.LOCATION, [("path", "fly.toml")]),
        ("`.env.example`", Role.LOCATION, [("path", ".env.example")]),
        ("[setup](docs/setup.md)", Role.LOCATION, [("path", "docs/setup.md")]),
        ("100 req/sec", Role.OTHER, []),
        ("`stripe`", Role.PURPOSE, []),
        ("`dj_database_url.config`", Role.LOCATION, []),  # a Python call, not a file
        ("`db.*`", Role.LOCATION, []),  # a config-key pattern, not a glob
        ("`settings.py.example`", Role.LOCATION, [("path", "settings.py.example")]),
        ("`next.config.js`", Role.LOCATION, [("path", "next.config.js")]),
        # places on the machine the program runs on, not in the repository
        ("`~/.config/app/config.toml`", Role.LOCATION, []),
        ("`$XDG_CONFIG_HOME/app/config.toml`", Role.LOCATION, []),
        ("`${HOME}/.app/settings.yml`", Role.LOCATION, []),
        ("`%APPDATA%\\App\\config.json`", Role.LOCATION, []),
    ],
)
def test_cell_references_are_classified(text: str, role: Role, expected: list[tuple[str, str]]) -> None:
    assert [r for r in refs(text, role) if r[0] != "text"] == expected


def test_path_with_line_number() -> None:
    (ref,) = classify_cell("src/db/config.ts:12", Role.LOCATION)
    assert ref.kind is RefKind.PATH_LINE and ref.value == "src/db/config.ts" and ref.line_no == 12


def test_placeholders_and_none_entries() -> None:
    assert is_placeholder("[e.g., PostgreSQL]") and is_placeholder("[DATE]")
    assert not is_placeholder("[Docs](https://example.com)")
    assert is_none_entry("Not detected") and is_none_entry("None") and is_none_entry("N/A")
    assert not is_none_entry("Nonexistent DB")


DOC = b"""# External Integrations

## Databases & Data Stores

| Service | Type | Purpose | Configuration Location | Owner |
|---------|------|---------|------------------------|-------|
| PostgreSQL | DB | Primary | `src/db/client.ts`, `DATABASE_URL` | data team |
| Firebase | DB | Realtime | Firebase console | |

## Routes

| Method | Path | Handler |
|--------|------|---------|
| GET | /api/users | `src/routes/users.ts` |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `DATABASE_URL` | Yes | DB | `postgres://u:p@h/d` |
| PORT | No (default `3000`) | HTTP port | `3000` |
| `A_VAR` \\| `B_VAR` | Yes | pipes | x |
"""


def test_extra_columns_kept_and_unrelated_tables_ignored() -> None:
    doc = parse_document(DOC)
    db = doc.tables_of("service")[0]
    assert db.header[-1] == "Owner"
    assert db.rows[0].cells[4].text == "data team"
    assert db.rows[1].cells[3].refs == []  # "Firebase console" is not a path
    routes = [t for t in doc.tables if t.section[-1] == "Routes"]
    assert routes[0].kind == "other"
    env = doc.tables_of("env")[0]
    names = [r.cells[0].refs[0].value for r in env.rows if r.cells[0].refs]
    assert names[:2] == ["DATABASE_URL", "PORT"]
    assert env.rows[2].cells[0].text == "`A_VAR` | `B_VAR`"  # escaped pipe stays in its cell
    assert {"A_VAR", "B_VAR"} <= doc.mentioned_env_names()
    assert env.rows[1].line == 21


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + DOC,
        DOC.replace(b"\n", b"\r\n"),
        DOC.replace(b"| ", b"|\t"),
    ],
    ids=["bom", "crlf", "tabs"],
)
def test_encodings_and_line_endings_give_the_same_model(data: bytes) -> None:
    base = parse_document(DOC)
    other = parse_document(data)

    def shape(d: object) -> list[tuple[int, list[str]]]:
        return [(r.line, [" ".join(c.text.split()) for c in r.cells]) for t in d.tables for r in t.rows]  # type: ignore[attr-defined]

    assert shape(other) == shape(base)
    assert other.mentioned_env_names() == base.mentioned_env_names()


def test_tables_inside_code_fences_are_not_tables() -> None:
    doc = parse_document(
        b"## Environment Variables\n\n```\n| Variable | Required |\n|---|---|\n| `X_Y` | Yes |\n```\n"
    )
    assert doc.tables_of("env") == []
    assert not [p for p in doc.problems if "look like a table" in p.message]


def test_invalid_utf8_is_a_problem_not_a_crash() -> None:
    doc = parse_document(DOC.replace(b"Primary", b"Prim\xff\xfery"))
    assert doc.problems[0].message.startswith("the document is not valid UTF-8")
    assert doc.problems[0].line == 7
    assert doc.tables_of("env")


def test_table_without_separator_row_is_malformed() -> None:
    doc = parse_document(b"## Environment Variables\n\n| Variable | Required |\n| `X_Y` | Yes |\n")
    assert any(p.line == 3 and "look like a table" in p.message for p in doc.problems)


def test_row_with_too_many_cells_is_malformed() -> None:
    doc = parse_document(b"## Env\n\n| Variable | Required |\n|---|---|\n| `X_Y` | Yes | extra |\n")
    assert [p.line for p in doc.problems if "cells" in p.message] == [5]


def test_ten_thousand_rows() -> None:
    rows = b"".join(b"| `VAR_%d` | Yes | p | x |\n" % i for i in range(10_000))
    doc = parse_document(
        b"## Environment Variables\n\n| Variable | Required | Purpose | Example |\n|---|---|---|---|\n" + rows
    )
    (env,) = doc.tables_of("env")
    assert len(env.rows) == 10_000
    assert env.rows[-1].line == 10_004


def test_empty_document_is_malformed() -> None:
    doc = parse_document(b"")
    assert [p.message.split(" (")[0] for p in doc.problems] == [
        "no integration table or bullet list was found"
    ]


def test_deep_nesting_does_not_crash() -> None:
    doc = parse_document(b"> " * 5000 + b"x\n" + b"- " * 3000 + b"y\n")
    assert doc.problems


def assert_consistent(doc: Document) -> None:
    """A model whose every line number points into the document."""
    assert doc.line_count >= 1
    lines = [t.line for t in doc.tables] + [r.line for t in doc.tables for r in t.rows]
    lines += [p.line for p in doc.problems] + [m.line for m in doc.env_mentions]
    assert all(1 <= line <= doc.line_count for line in lines)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_model(data: bytes) -> None:
    assert_consistent(parse_document(data))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "|",
                "`",
                "\\|",
                "-",
                "---",
                "\n",
                " ",
                "**A:**",
                "- ",
                "  - B: `x/y.py`",
                "[e.g., X]",
                "## Env",
                "`VAR_X`",
                "\r\n",
                "\t",
                "ü",
                "```",
            ]
        ),
        max_size=80,
    )
)
def test_markdown_like_noise_gives_a_model(parts: list[str]) -> None:
    text = "".join(parts)
    doc = parse_document(text.encode())
    assert doc.line_count == len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert_consistent(doc)
