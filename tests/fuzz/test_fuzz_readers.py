"""Fuzzing the readers of untrusted content: the document parser, each language's env scanner, each
configuration-file reader, each manifest reader and the tool's own settings file. None may raise;
what they cannot read they report (a ``malformed-doc`` problem, a warning, a usage error)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations_drift.config import load_settings
from integrations_drift.doc.model import Document
from integrations_drift.doc.parse import parse_document
from integrations_drift.errors import UsageError
from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.manifests import read_manifest
from integrations_drift.scan.types import SourceFile
from integrations_drift.secrets import find_secrets, redact
from tests.fuzz.strategies import (
    CONFIG_FRAGMENTS,
    DOC_FRAGMENTS,
    FUZZ,
    LANGUAGE_FRAGMENTS,
    MANIFEST_FRAGMENTS,
    built,
)


def _bytes(text: str, raw: bytes) -> bytes:
    # Mostly the built text; sometimes raw bytes after it (invalid UTF-8, NULs).
    return text.encode("utf-8", "surrogatepass") + raw


RAW = st.binary(max_size=16)


@FUZZ
@given(built(DOC_FRAGMENTS, 80), RAW)
def test_document_parser(text: str, raw: bytes) -> None:
    doc = parse_document(_bytes(text, raw), "INTEGRATIONS.md")
    assert isinstance(doc, Document)
    for table in doc.tables:
        for row in table.rows:
            assert table.line <= row.line <= row.end_line


@FUZZ
@given(
    built([*DOC_FRAGMENTS, "sk_live_", "AKIA", "eyJ", "://u:", "@h", "-----BEGIN ", "PRIVATE KEY-----"], 80)
)
def test_secret_detector_never_shows_what_it_hides(text: str) -> None:
    for entropy in (False, True):
        hits = find_secrets(text, entropy=entropy)
        shown = redact(text, entropy=entropy)
        for h in hits:
            hidden = text[h.start + h.keep : h.end]
            assert 0 <= h.start <= h.end <= len(text)
            if len(hidden) >= 8:
                assert hidden not in shown


@pytest.mark.parametrize("path", sorted(LANGUAGE_FRAGMENTS))
def test_language_env_scanner(path: str) -> None:
    @FUZZ
    @given(built(LANGUAGE_FRAGMENTS[path]), RAW)
    def run(text: str, raw: bytes) -> None:
        scan = scan_env([SourceFile(path, _bytes(text, raw))])
        failed = [w for w in scan.warnings if "scan failed" in w]
        assert not failed, failed
        assert all(r.name for r in scan.refs)

    run()


@pytest.mark.parametrize("path", sorted(CONFIG_FRAGMENTS))
def test_config_file_reader(path: str) -> None:
    @FUZZ
    @given(built(CONFIG_FRAGMENTS[path]), RAW)
    def run(text: str, raw: bytes) -> None:
        refs = scan_config_file(SourceFile(path, _bytes(text, raw)))
        assert all(r.path == path for r in refs)

    run()


@pytest.mark.parametrize("path", sorted(MANIFEST_FRAGMENTS))
def test_manifest_reader(path: str) -> None:
    @FUZZ
    @given(built(MANIFEST_FRAGMENTS[path]), RAW)
    def run(text: str, raw: bytes) -> None:
        _, warnings = read_manifest(path, _bytes(text, raw))
        assert not [w for w in warnings if "could not be read" in w], warnings

    run()


SETTINGS_FRAGMENTS = [
    "docs:\n",
    "  - path: ",
    "doc: ",
    "baseline: ",
    "fail-on: ",
    "error",
    "env:\n",
    "  ignore:\n",
    "    - ",
    "services:\n",
    "  - name: ",
    "    signals:\n",
    "      imports: [",
    "]",
    '"[z-a]"',
    '"(a+)+$"',
    '"**/"',
    "select: [",
    "ignore: [",
    "severity:\n",
    "  stale-env-var: ",
    "[",
    "{",
    "&a ",
    "*a",
    "!!python/object:os.system",
    "---\n",
    "null",
    "~",
    "- ",
    ": ",
]


@pytest.mark.parametrize("name", [".integrations-drift.yml", "pyproject.toml"])
def test_settings_file_reader(name: str) -> None:
    fragments = SETTINGS_FRAGMENTS + (
        ["[tool.integrations-drift]\n", " = ", '"', "[[tool.integrations-drift.docs]]\n"]
        if name.endswith(".toml")
        else []
    )

    @FUZZ
    @given(built(fragments), RAW)
    def run(text: str, raw: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / name).write_bytes(_bytes(text, raw))
            try:
                load_settings(Path(tmp))
            except UsageError as exc:
                assert "\n" not in str(exc).strip()

    run()
