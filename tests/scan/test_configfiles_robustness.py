"""Whatever the content, scan_config_file returns valid refs and never raises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations_drift.datafiles import DataFileError
from integrations_drift.scan.env.configfiles import _SCANNERS, scan_config_file
from integrations_drift.scan.env.configfiles.kinds import classify, parse_table, table
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.roles_readers import tree_roles
from integrations_drift.scan.types import SourceFile

PATHS = [
    "Dockerfile",
    "docker-compose.yml",
    "k8s/app.yaml",
    "chart/templates/x.yaml",
    ".github/workflows/ci.yml",
    ".env.example",
    ".env",
    "src/main/resources/application.yml",
    "src/main/resources/application.properties",
    "config/database.yml",
    "Procfile",
    "fly.toml",
    "netlify.toml",
    "vercel.json",
    "app.json",
    "serverless.yml",
]
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Fragments that steer random text into the parsers' interesting branches.
FRAGMENTS = st.sampled_from(
    [
        "apiVersion: v1\n",
        "kind: Pod\n",
        "services:\n",
        "  web:\n",
        "    image: x\n",
        "environment:\n",
        "env:\n",
        "  - name: X\n",
        "  - A=1\n",
        "  A: ${B:-c}\n",
        "ENV A=1 \\\n",
        "ARG B\n",
        "RUN <<EOF\n",
        "EOF\n",
        "<%= ENV['X'] %>\n",
        "${X:d}\n",
        "[env]\n",
        "X = 1\n",
        '{"env": {"A": 1}}',
        '"',
        "'",
        "\\",
        "{{",
        "}}",
        "&a ",
        "*a ",
        "<<: *a\n",
        "- ",
        ": ",
        "\t",
        "\n",
        "#",
        "$",
        "=",
        "\x00",
        "\ufeff",
    ]
)


def _check(path: str, data: bytes) -> None:
    lines = data.count(b"\n") + 1
    for ref in scan_config_file(SourceFile(path, data)):
        assert NAME.fullmatch(ref.name)
        assert 1 <= ref.line <= lines
        assert ref.path == path


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), st.lists(FRAGMENTS | st.text(max_size=8), max_size=40))
def test_random_text_never_raises(path: str, parts: list[str]) -> None:
    _check(path, "".join(parts).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(PATHS), st.binary(max_size=300))
def test_random_bytes_never_raise(path: str, data: bytes) -> None:
    _check(path, data)


def test_invalid_utf8_is_tolerated() -> None:
    out = scan_config_file(SourceFile(".env", b"A=\xff\xfe\nB=2\n"))
    assert [(r.name, r.line) for r in out] == [("A", 1), ("B", 2)]


def test_deep_nesting_does_not_raise() -> None:
    assert scan_config_file(SourceFile("docker-compose.yml", b"services: " + b"[" * 5000)) == []


def test_program_source_is_not_scanned() -> None:
    for path in ("app/settings.py", "src/index.ts", "main.go", "README.md", "Makefile"):
        assert scan_config_file(SourceFile(path, b"ENV X=1\nX=1\nenvironment:\n  X: ${X}\n")) == []


def test_every_kind_in_the_data_file_has_a_scanner() -> None:
    assert set(table().kinds) == set(_SCANNERS)
    assert table().source_kinds == {"nextjs", "nuxt", "readme"}


def test_data_file_mistakes_are_refused() -> None:
    with pytest.raises(
        DataFileError, match=r"configfiles_kinds\.yml: kinds: Input should be a valid dictionary"
    ):
        parse_table({"kinds": ["dotenv"]})
    with pytest.raises(DataFileError, match=r"kinds\.dotenv: Input should be a valid tuple"):
        parse_table({"kinds": {"dotenv": ".env"}})
    with pytest.raises(DataFileError, match="source_kinds names an unknown kind, 'nextjs'"):
        parse_table({"kinds": {"dotenv": [".env"]}, "source_kinds": ["nextjs"]})


def test_classification_order() -> None:
    assert classify(".github/workflows/docker-compose.yml") == "workflow"
    assert classify("deploy/docker-compose.yml") == "compose"
    assert classify("src/main/resources/application.yml") == "spring"
    assert classify("k8s/deployment.yaml") == "yaml"
    assert classify("src/app.py") is None
    # Source suffixes are refused except for a source kind's own files.
    assert classify("web/next.config.mjs") == "nextjs"
    assert classify("web/next.config.md") is None
    assert classify(".env.ts") is None


def test_scan_of_a_real_tree(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM python\nENV PORT=8000\n", encoding="utf-8")
    (tmp_path / ".env.example").write_text("# comment\nDATABASE_URL=\n", encoding="utf-8")
    (tmp_path / "deploy" / "compose.yml").write_text(
        "services:\n  app:\n    environment:\n      - REDIS_URL=${REDIS_URL:-redis://r}\n", encoding="utf-8"
    )
    (tmp_path / "app.py").write_text("import os\nos.environ['NOT_MINE']\n", encoding="utf-8")
    found = [
        (r.path, r.name, r.line, r.use, r.has_default, r.source)
        for sf in FileIndex.build(tmp_path).source_files()
        for r in scan_config_file(sf)
    ]
    assert sorted(found) == [
        (".env.example", "DATABASE_URL", 2, "set", False, "env-example"),
        ("Dockerfile", "PORT", 2, "set", False, "dockerfile"),
        ("deploy/compose.yml", "REDIS_URL", 4, "read", True, "compose"),
        ("deploy/compose.yml", "REDIS_URL", 4, "set", False, "compose"),
    ]


def test_long_merge_chain_does_not_exhaust_the_stack() -> None:
    lines = ["a0: &a0 {environment: {CHAINED: 1}}"]
    lines += [f"a{i}: &a{i} {{<<: *a{i - 1}}}" for i in range(1, 3000)]
    lines += ["services:", "  s:", "    <<: *a2999"]
    out = scan_config_file(SourceFile("compose.yml", "\n".join(lines).encode()))
    assert [(r.name, r.line, r.use) for r in out] == [("CHAINED", 1, "set")]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Dockerfile", "docker-compose.yml", "Procfile", "vite.config.ts", "src/lib.rs"]),
    st.lists(
        FRAGMENTS
        | st.sampled_from(
            [
                "FROM a AS b\n",
                "COPY --from=b /x /y\n",
                "COPY --from=9 . .\n",
                "WORKDIR $X\n",
                'ENTRYPOINT ["/y", "\n',
                "HEALTHCHECK CMD\n",
                "    entrypoint: [a, b.sh]\n",
                "    volumes: [./b.sh:/b.sh]\n",
                "web: ./b.sh\n",
                "setupFiles: ['./b\n",
                "#[cfg(test)] mod b;\n",
            ]
        )
        | st.text(max_size=8),
        max_size=40,
    ),
)
def test_role_readers_never_raise(path: str, parts: list[str]) -> None:
    files = {path: "".join(parts).encode("utf-8", errors="surrogatepass"), "b.sh": b"#!/bin/sh\n/y\n"}
    roles = tree_roles(sorted(files), files.get)
    assert set(roles.startup) <= set(files)
