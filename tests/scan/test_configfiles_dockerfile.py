"""Dockerfile ENV/ARG declarations as env sets."""

from __future__ import annotations

import pytest

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool]]:
    return [(r.name, r.line, r.use, r.has_default) for r in scan_config_file(SourceFile(path, text.encode()))]


def test_env_forms_and_args() -> None:
    text = (
        "FROM python:3.12 AS base\n"  # 1
        "ARG VERSION\n"  # 2
        "ARG PIP_INDEX=https://example.invalid/simple\n"  # 3
        "ENV APP_HOME=/app\n"  # 4
        "ENV LEGACY value with spaces\n"  # 5
        'ENV A=1 B="two words" C=3\n'  # 6
        "RUN echo ${VERSION} $APP_HOME\n"  # 7
    )
    assert refs("Dockerfile", text) == [
        ("VERSION", 2, "set", False),
        ("PIP_INDEX", 3, "set", True),
        ("APP_HOME", 4, "set", False),
        ("LEGACY", 5, "set", False),
        ("A", 6, "set", False),
        ("B", 6, "set", False),
        ("C", 6, "set", False),
    ]


def test_continuation_lines_keep_the_physical_line_of_each_name() -> None:
    text = (
        "FROM alpine\n"  # 1
        "ENV FIRST=1 \\\n"  # 2
        "    # a comment inside the continuation\n"  # 3
        '    SECOND="a \\\n'  # 4  (escaped newline inside quotes)
        'b" \\\n'  # 5
        "\n"  # 6
        "    THIRD=3\n"  # 7
        "ARG X \\\n"  # 8
        "    Y=2\n"  # 9
    )
    assert refs("Dockerfile", text) == [
        ("FIRST", 2, "set", False),
        ("SECOND", 4, "set", False),
        ("THIRD", 7, "set", False),
        ("X", 8, "set", False),
        ("Y", 9, "set", True),
    ]


def test_comments_heredocs_and_onbuild() -> None:
    text = (
        "FROM alpine\n"  # 1
        "# ENV COMMENTED=1\n"  # 2
        "RUN <<EOF\n"  # 3
        "ENV IN_HEREDOC=1\n"  # 4
        "EOF\n"  # 5
        "onbuild env LATE=1\n"  # 6
        "LABEL ENV=nope\n"  # 7
    )
    assert refs("Dockerfile", text) == [("LATE", 6, "set", False)]


def test_backtick_escape_directive() -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows\nENV PATH_X=C:\\app `\n    OTHER=1\n"
    assert refs("Dockerfile", text) == [("PATH_X", 3, "set", False), ("OTHER", 4, "set", False)]


@pytest.mark.parametrize(
    "path", ["Dockerfile", "docker/Dockerfile.prod", "api.Dockerfile", "build/Containerfile", "x/dockerfile"]
)
def test_dockerfile_names(path: str) -> None:
    assert refs(path, "FROM x\nENV NAME=1\n") == [("NAME", 2, "set", False)]


@pytest.mark.parametrize("path", ["Dockerfile.md", "docs/dockerfile.txt", "src/env.py", "Dockerfile.py"])
def test_non_dockerfiles_are_ignored(path: str) -> None:
    assert refs(path, "FROM x\nENV NAME=1\n") == []


def test_invalid_names_are_dropped_and_source_is_dockerfile() -> None:
    out = scan_config_file(SourceFile("Dockerfile", b"FROM x\nENV 1BAD=1 GOOD-NOT=2 OK=3\n", is_support=True))
    assert [(r.name, r.source, r.is_support, r.path) for r in out] == [
        ("OK", "dockerfile", True, "Dockerfile")
    ]


def test_start_up_commands_read_the_container_environment() -> None:
    text = (
        "FROM eclipse-temurin:21-jre\n"  # 1
        "RUN echo $BUILD_ONLY\n"  # 2
        'ENTRYPOINT ["sh", "-c", "exec java ${JVM_OPTS} -jar app.jar \\"$@\\"", "--"]\n'  # 3
        "CMD java ${JAVA_MEM:-512m} \\\n"  # 4
        "    -Dport=$APP_PORT 'literal $NOT_READ' \\$ESCAPED\n"  # 5
        "HEALTHCHECK --interval=5s CMD curl -f http://localhost:${HEALTH_PORT:?}/\n"  # 6
        'ENTRYPOINT ["/app/run", "$EXEC_FORM_IS_LITERAL"]\n'  # 7
        'CMD ["/bin/bash", "-ec", "start --workers $WORKERS"]\n'  # 8
    )
    assert refs("Dockerfile", text) == [
        ("JVM_OPTS", 3, "read", False),
        ("JAVA_MEM", 4, "read", True),
        ("APP_PORT", 5, "read", False),
        ("HEALTH_PORT", 6, "read", False),
        ("WORKERS", 8, "read", False),
    ]


def test_image_settings_written_unexpanded_into_a_runtime_config_file() -> None:
    text = (
        "FROM php:8.3-apache\n"  # 1
        'ENV PHP_MEMORY_LIMIT="512M" \\\n'  # 2
        "    UPLOAD_LIMIT=64M\n"  # 3
        "RUN { \\\n"  # 4
        "    echo 'memory_limit=${PHP_MEMORY_LIMIT}'; \\\n"  # 5
        '    echo "upload=${UPLOAD_LIMIT}"; \\\n'  # 6  (expanded while building)
        "    echo 'user=${UNDECLARED}'; \\\n"  # 7  (not an image setting)
        "  } > $PHP_INI_DIR/conf.d/limits.ini\n"  # 8
    )
    assert refs("Dockerfile", text) == [
        ("PHP_MEMORY_LIMIT", 2, "set", False),
        ("UPLOAD_LIMIT", 3, "set", False),
        ("PHP_MEMORY_LIMIT", 5, "read", True),
    ]


def test_a_quoted_image_setting_that_is_not_written_out_is_no_read() -> None:
    text = (
        "FROM nginx\n"
        "ENV APP_DIR=/app\n"
        "RUN sed -i 's|${APP_DIR}|/srv|' /etc/nginx/conf.d/default.conf\n"
        "RUN printf '%s\\n' '${APP_DIR}' && ./configure\n"
    )
    assert refs("Dockerfile", text) == [("APP_DIR", 2, "set", False)]
