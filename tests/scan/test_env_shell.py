"""Env reads in shell scripts."""

from __future__ import annotations

from tests.scan.envcase import Row, reads_from


def reads(files: dict[str, str]) -> set[Row]:
    return reads_from("shell", files)


def test_reads_of_unassigned_upper_case_variables() -> None:
    got = reads(
        {
            "scripts/deploy.sh": """\
        #!/bin/bash
        set -euo pipefail
        LOCAL_DIR=/tmp
        export BUILT=1
        echo "$API_URL" "${REGION:-eu-west-1}" "${LOCAL_DIR}" "$BUILT" "$1" "$@" "$#" "$?"
        : "${CACHE_DIR:=/var/cache}"
        echo ${TOKEN:?TOKEN is required} $RANDOM $lowercase ${BASH_SOURCE[0]}
        for ITEM in a b; do echo "$ITEM"; done
        read -r ANSWER
        echo "$ANSWER" '$IN_SINGLE_QUOTES' \\$ESCAPED
        # echo $IN_COMMENT
        cat <<'EOF'
        $IN_QUOTED_HEREDOC
        EOF
        cat <<EOF
        $IN_HEREDOC
        EOF
        """
        }
    )
    assert got == {
        ("API_URL", "scripts/deploy.sh", 5, False, False),
        ("REGION", "scripts/deploy.sh", 5, True, False),
        ("CACHE_DIR", "scripts/deploy.sh", 6, True, False),
        ("TOKEN", "scripts/deploy.sh", 7, False, False),
        ("IN_HEREDOC", "scripts/deploy.sh", 16, False, False),
    }


def test_extensionless_script_with_shebang() -> None:
    got = reads(
        {
            "bin/run": '#!/usr/bin/env sh\nexec server --port "$PORT"\n',
            "bin/notes": "just $TEXT, no shebang\n",
        }
    )
    assert got == {("PORT", "bin/run", 2, False, False)}


def test_reads_before_and_in_the_first_assignment_count() -> None:
    got = reads(
        {
            "docker-entrypoint.sh": """\
        #!/bin/sh
        export PUID=${PUID:-0}
        PGID=${PGID:-0}; echo "$PGID"
        export APP_HOME="${APP_HOME:-/srv}/app"
        echo "$PUID" "$APP_HOME"
        if [ -z "$LOG_DIR" ]; then
          LOG_DIR=/var/log
        fi
        echo "$LOG_DIR"
        MODE=fast
        echo "${MODE}"
        """
        }
    )
    assert got == {
        ("PUID", "docker-entrypoint.sh", 2, True, False),
        ("PGID", "docker-entrypoint.sh", 3, True, False),
        ("APP_HOME", "docker-entrypoint.sh", 4, True, False),
        ("LOG_DIR", "docker-entrypoint.sh", 6, False, False),
    }


def test_indirect_expansion_over_loops_arrays_and_file_twins() -> None:
    got = reads(
        {
            "docker-entrypoint.sh": """\
        #!/bin/bash
        secrets=(
            "DB_PASSWORD"
            "APP_KEY"
        )
        for secret in "${secrets[@]}"; do
            envFile="${secret}_FILE"
            if [ -n "${!envFile}" ]; then
                export "${secret}"="$(< "${!envFile}")"
            fi
        done
        for v in MAIL_HOST MAIL_PORT; do
            echo "${!v}"
        done
        echo "${!PLUGIN_*}"
        name=lowercase
        echo "${!name}"
        """
        }
    )
    assert got == {
        ("DB_PASSWORD_FILE", "docker-entrypoint.sh", 8, True, False),
        ("APP_KEY_FILE", "docker-entrypoint.sh", 8, True, False),
        ("DB_PASSWORD_FILE", "docker-entrypoint.sh", 9, True, False),
        ("APP_KEY_FILE", "docker-entrypoint.sh", 9, True, False),
        ("MAIL_HOST", "docker-entrypoint.sh", 13, False, False),
        ("MAIL_PORT", "docker-entrypoint.sh", 13, False, False),
        ("PLUGIN_", "docker-entrypoint.sh", 15, True, True),
    }


def test_function_bodies_see_the_scripts_later_assignments() -> None:
    got = reads(
        {
            "docker/start.sh": """\
        #!/bin/bash
        on_term() {
          kill -TERM "$CHILD_PID" 2>/dev/null
          echo "${LISTEN_PORT}" "$STOP_TIMEOUT"
        }
        function cleanup {
          rm -rf "${WORK_DIR}"
        }
        trap on_term SIGTERM
        ./server &
        CHILD_PID=$!
        WORK_DIR=/tmp/work
        wait "$CHILD_PID"
        echo "$STOP_TIMEOUT"
        """
        }
    )
    assert got == {
        ("LISTEN_PORT", "docker/start.sh", 4, False, False),
        ("STOP_TIMEOUT", "docker/start.sh", 4, False, False),
        ("STOP_TIMEOUT", "docker/start.sh", 14, False, False),
    }


def test_an_elixir_release_env_script_template_is_shell() -> None:
    got = reads(
        {
            "rel/env.sh.eex": """\
        #!/bin/sh
        export RELEASE_DISTRIBUTION=name
        export RELEASE_NODE=<%= @release.name %>@${POD_ADDRESS}
        [ "$RELEASE_COMMAND" = "start" ] && echo "$RELEASE_VSN"
        """,
            "lib/app_web/templates/page.html.eex": "<p>$NOT_SHELL</p>\n",
        }
    )
    # RELEASE_COMMAND and RELEASE_VSN are the release script's own (ignored by name later)
    assert {r[0] for r in got} >= {"POD_ADDRESS"}
    assert all(r[1] == "rel/env.sh.eex" for r in got)
