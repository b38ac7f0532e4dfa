"""dotenv files: NAME= lines are sets; example files are told apart from real ones; values never kept."""

from __future__ import annotations

import dataclasses

import pytest

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool]]:
    return [(r.name, r.line, r.use, r.has_default) for r in scan_config_file(SourceFile(path, text.encode()))]


EXAMPLE = """\
# Copy to .env and fill in. OLD_NAME=unused
DATABASE_URL=postgres://localhost/app
export SECRET_KEY="first line
NOT_A_NAME=inside the quoted value
"
EMPTY=
  SPACED = 1
lower_case=ok
1BAD=no
   # INDENTED_COMMENT=1
JSON='{"a":
"b"}'
AFTER=1
"""


def test_assignments_and_multiline_values() -> None:
    assert refs(".env.example", EXAMPLE) == [
        ("DATABASE_URL", 2, "set", False),
        ("SECRET_KEY", 3, "set", False),
        ("EMPTY", 6, "set", False),
        ("SPACED", 7, "set", False),
        ("lower_case", 8, "set", False),
        ("JSON", 11, "set", False),
        ("AFTER", 13, "set", False),
    ]


@pytest.mark.parametrize(
    "path",
    [
        ".env.example",
        ".env.sample",
        ".env.template",
        ".env.dist",
        ".env.defaults",
        "example.env",
        "env.example",
        "sample.env",
        "backend/.env.production.example",
        ".env.local.sample",
    ],
)
def test_example_files(path: str) -> None:
    out = scan_config_file(SourceFile(path, b"API_TOKEN=changeme\n"))
    assert [(r.name, r.line, r.use, r.source) for r in out] == [("API_TOKEN", 1, "set", "env-example")]


@pytest.mark.parametrize(
    "path", [".env", ".env.local", ".env.production", "docker/app.env", ".envrc", "web/.flaskenv"]
)
def test_real_dotenv_files(path: str) -> None:
    out = scan_config_file(SourceFile(path, b"export API_TOKEN=s3cr3t-value\n"))
    assert [(r.name, r.line, r.use, r.source) for r in out] == [("API_TOKEN", 1, "set", "dotenv")]


@pytest.mark.parametrize(
    "path", ["src/env.ts", "env.d.ts", "config/.env.js", "env.py", "docs/.env.md", "envfile"]
)
def test_source_files_named_like_env_are_not_dotenv(path: str) -> None:
    assert refs(path, "API_TOKEN=1\n") == []


def test_values_are_never_stored() -> None:
    out = scan_config_file(SourceFile(".env", b"API_TOKEN=s3cr3t-value\nOTHER='hunter2'\n"))
    assert len(out) == 2
    for ref in out:
        assert "s3cr3t" not in repr(ref) and "hunter2" not in repr(ref)
        assert all("s3cr3t" not in str(v) for v in dataclasses.asdict(ref).values())


def test_crlf_line_endings() -> None:
    assert refs(".env.example", "A=1\r\n\r\nB=2\r\n") == [("A", 1, "set", False), ("B", 3, "set", False)]


def test_bundler_variables_in_a_committed_build_env_file_are_the_repository_own() -> None:
    files = {
        "web/.env": "VITE_API_BASE=/api\nREACT_APP_TITLE=Acme\nSESSION_SECRET=dev-only\n",
        "web/.env.production": "NEXT_PUBLIC_SITE=https://acme.example\n",
        "web/.env.example": "VITE_SENTRY_DSN=\n",
        "web/src/api.ts": (
            "export const base = import.meta.env.VITE_API_BASE;\n"
            "export const title = process.env.REACT_APP_TITLE;\n"
            "export const site = process.env.NEXT_PUBLIC_SITE;\n"
            "export const dsn = import.meta.env.VITE_SENTRY_DSN;\n"
            "export const secret = process.env.SESSION_SECRET;\n"
        ),
        "admin/src/api.ts": "export const base = import.meta.env.VITE_API_BASE;\n",
    }
    refs = scan_env(SourceFile(p, t.encode()) for p, t in files.items()).refs
    names = {key: [r.path for r in found] for key, found in operator_reads(refs, []).items()}
    # set by web/.env for web/ only; an example file only documents; a server secret in a
    # committed .env is a development default the operator still sets
    assert names == {
        "SESSION_SECRET": ["web/src/api.ts"],
        "VITE_API_BASE": ["admin/src/api.ts"],
        "VITE_SENTRY_DSN": ["web/src/api.ts"],
    }
