"""docker compose: environment entries are sets, ${X} interpolation is a read of the host environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool]]:
    return [(r.name, r.line, r.use, r.has_default) for r in scan_config_file(SourceFile(path, text.encode()))]


COMPOSE = """\
services:
  web:
    image: "app:${TAG:-latest}"
    environment:
      - DATABASE_URL=postgres://${DB_USER}:${DB_PASS:?set DB_PASS}@db/app
      - PASSTHROUGH
      - "QUOTED=1"
    command: |
      echo $$NOT_A_READ
      serve --dir $DATA_DIR
  worker:
    image: worker
    environment:
      REDIS_URL: ${REDIS_URL-redis://localhost}
      EMPTY:
      # COMMENTED: ${IN_COMMENT}
      OPTIONAL_ALT: ${ALT:+yes}
"""


COMPOSE_REFS = [
    ("TAG", 3, "read", True),
    ("DATABASE_URL", 5, "set", False),
    ("DB_PASS", 5, "read", False),
    ("DB_USER", 5, "read", False),
    ("PASSTHROUGH", 6, "set", False),
    ("QUOTED", 7, "set", False),
    ("DATA_DIR", 10, "read", False),
    ("REDIS_URL", 14, "read", True),
    ("REDIS_URL", 14, "set", False),
    ("EMPTY", 15, "set", False),
    ("ALT", 17, "read", True),
    ("OPTIONAL_ALT", 17, "set", False),
]


def test_list_and_map_forms_and_interpolation() -> None:
    assert refs("docker-compose.yml", COMPOSE) == COMPOSE_REFS


def test_source_is_compose() -> None:
    out = scan_config_file(SourceFile("compose.yaml", COMPOSE.encode()))
    assert {r.source for r in out} == {"compose"}


def test_merge_keys_follow_yaml_semantics() -> None:
    text = """\
x-defaults: &defaults
  image: base
  environment:
    FROM_ANCHOR: "1"
services:
  a:
    <<: *defaults
  b:
    <<: *defaults
  c:
    <<: *defaults
    environment:
      OWN: "1"
"""
    # a and b inherit the anchor's environment (reported once, at the anchor); c overrides it.
    assert refs("compose.yml", text) == [("FROM_ANCHOR", 4, "set", False), ("OWN", 13, "set", False)]


def test_environment_outside_services_is_not_a_set() -> None:
    text = "x-unused:\n  environment:\n    NOPE: 1\nservices:\n  a:\n    image: x\n"
    assert refs("compose.yml", text) == []


def test_folded_multiline_scalar_lines_are_exact() -> None:
    text = "services:\n  a:\n    image: x\n    command: >\n      run\n      --port ${PORT}\n"
    assert refs("compose.yml", text) == [("PORT", 6, "read", False)]


def test_keys_are_not_interpolated() -> None:
    assert refs("compose.yml", "services:\n  a:\n    image: x\n    labels:\n      ${KEY}: v\n") == []


@pytest.mark.parametrize(
    "path",
    [
        "compose.yml",
        "compose.yaml",
        "compose.override.yml",
        "docker-compose.yml",
        "deploy/docker-compose.prod.yaml",
        "stack.compose.yml",
    ],
)
def test_compose_file_names(path: str) -> None:
    assert refs(path, "services:\n  a:\n    environment:\n      X: 1\n") == [("X", 4, "set", False)]


def test_compose_recognised_by_content_under_another_name() -> None:
    text = "services:\n  app:\n    build: .\n    environment:\n      - APP_MODE=dev\n"
    assert refs("docker/dev.yml", text) == [("APP_MODE", 5, "set", False)]


def test_other_yaml_with_services_is_not_compose() -> None:
    # GitLab CI: services is a list of images, ${X} is CI's business.
    text = "services:\n  - postgres:15\ntest:\n  image: python\n  script: echo ${CI_JOB_ID}\n"
    assert refs(".gitlab-ci.yml", text) == []
    assert refs("config/settings.yml", "database:\n  url: ${DATABASE_URL}\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "services:\n  web:\n    environment: [\n",
        "services:\n  web:\n  environment:\n    - A=1\n   bad: [}\n",
        "\tservices:\n",
        "services: {a: b\n",
        "services:\n  a: &x\n    b: *y\n",
        "\x00\x01\x02 binary \xff",
    ],
)
def test_malformed_yaml_yields_nothing(text: str) -> None:
    assert refs("docker-compose.yml", text) == []


def test_file_written_to_disk(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(COMPOSE, encoding="utf-8")
    sf = SourceFile("compose.yml", (tmp_path / "compose.yml").read_bytes())
    assert [(r.name, r.line, r.use, r.has_default) for r in scan_config_file(sf)] == COMPOSE_REFS


def test_escaped_dollars_in_a_shell_command_read_the_container_environment() -> None:
    text = (
        "services:\n"  # 1
        "  app:\n"  # 2
        "    image: app\n"  # 3
        "    environment:\n"  # 4
        "      WORKERS: 4\n"  # 5
        '    entrypoint: ["/bin/sh", "-c"]\n'  # 6
        "    command:\n"  # 7
        '      - exec app --workers $$WORKERS --opts "$${APP_OPTS:-}" --cost $$$$5\n'  # 8
        "    healthcheck:\n"  # 9
        '      test: ["CMD-SHELL", "curl -f localhost:$${HEALTH_PORT}/"]\n'  # 10
        "  plain:\n"  # 11
        "    image: plain\n"  # 12
        "    command: echo $$NO_SHELL_NO_EXPANSION\n"  # 13
    )
    assert refs("docker-compose.yml", text) == [
        ("WORKERS", 5, "set", False),
        ("APP_OPTS", 8, "read", True),
        ("HEALTH_PORT", 10, "read", False),
    ]
