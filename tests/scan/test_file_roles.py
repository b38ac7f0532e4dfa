"""Which code is the application's: by path, and by what the tree's other files say about it
(the scripts an image or compose service runs, the files a test runner loads, Rust test modules)."""

from __future__ import annotations

import os
from pathlib import Path
from textwrap import dedent

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.engine import builtin_env_ignore
from integrations_drift.scan import pathclass
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.evidence import gather
from integrations_drift.scan.files import FileIndex, is_support_path
from integrations_drift.scan.vocabulary import path_vocabulary


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(text))
    return tmp_path


def _support(tmp_path: Path, files: dict[str, str]) -> dict[str, bool]:
    index = FileIndex.build(_tree(tmp_path, files))
    return {sf.path: sf.is_support for sf in index.source_files()}


def _operator_names(tmp_path: Path, files: dict[str, str]) -> set[str]:
    """The variables an operator must provide: what ``init`` writes rows for."""
    root = _tree(tmp_path, files)
    index = FileIndex.build(root)
    evidence = gather(root, index, "INTEGRATIONS.md", load_catalog())
    return set(operator_reads(evidence.env_refs, []))


# ---------------------------------------------------------------- by path


@pytest.mark.parametrize(
    "path",
    [
        # release, deploy, demo and dev scripts, wherever they are
        "extra/release/create-release.mjs",
        "extra/deploy-demo-server.js",
        "release/xxgo",
        "dev/scripts/run.py",
        "demo/seed-server.ts",
        "docker/podman-bake.sh",
        "docker/bake_env.sh",
        "ui/packages/api-client/src/git_push.sh",
        "run_tests.sh",
        "bin/setup",
        "bin/dev",
        "install.sh",
        "deploy-prod.ps1",
        ".ci/phpstan.sh",
        ".woodpecker/check-docs.sh",
        # build-tool configurations
        "web/vite.config.ts",
        "packages/surveys/vite.config.mts",
        "apps/web/vitest.integration.config.mts",
        "webpack.config.js",
        "rollup.config.mjs",
        "esbuild.config.cjs",
        "babel.config.js",
        "jest.config.ts",
        "playwright.config.ts",
        "eslint.config.mjs",
        "frontend/nuxt.config.js",
        "tailwind.config.ts",
        "prisma.config.ts",
        "codegen.ts",
        "client/acme/openapi_codegen.py",
        "internal/api-codegen.go",
        ".eslintrc.js",
        "build.rs",
        "crates/server/build.rs",
        "packages/database/src/seed.ts",
        "db/seeds.rb",
        # benchmark source sets
        "benches/throughput.rs",
        "crates/x/benches/parse.rs",
        "bench/run.go",
        "benchmarks/load.py",
        "core/src/jmh/java/Bench.java",
        "src/bench/fast.rs",
        "src/parse.bench.ts",
        # task runners kept as code
        "xtask/src/main.rs",
        "crates/xtask/src/release.rs",
        "magefiles/build.go",
        "magefile.go",
        # a program of developer scripts named for its project
        "cmd/acme-scripts/cmd/build.go",
        "ops_scripts/rotate.py",
        # a Go command that generates code or documentation
        "cmd/acme-gen/main.go",
        "cmd/clidoc/main.go",
        "cmd/gen-docs/main.go",
        # documentation sites, examples, packaging, stories, CI definitions
        "docs/docusaurus.config.ts",
        "docs/src/theme/Root.tsx",
        "examples/express/server.js",
        "plugins/examples/hello/main.go",
        "packaging/postinst.sh",
        "debian/postinst",
        "src/components/Button.stories.tsx",
        ".gitlab-ci.yml",
        "Jenkinsfile",
        # development containers
        "docker-compose.dev.yml",
        "compose.override.yaml",
        "Dockerfile.dev",
        "dev.Dockerfile",
        "Procfile.dev",
        # development-time libraries' configuration in a Laravel config folder
        "config/scribe.php",
        "config/ide-helper.php",
        # a bin/ folder's scripts in any language, named for releasing or building
        "bin/release_manager.py",
        "tools-free/bin/build-assets.js",
        # a top-level folder of the scripts that build and sign the release packages
        "builder/package.py",
        # the development server's proxy of a Create React App front end
        "web/frontend/src/setupProxy.js",
    ],
)
def test_tooling_by_path(path: str) -> None:
    assert is_support_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "apps/web/e2e/login.ts",
        "e2e-tests/smoke.ts",
        "integration-tests/api_test.py",
        "apps/web/integration/global-setup.ts",
        "vitest.setup.ts",
        "src/setupTests.js",
        "test-setup.ts",
        "internal/testutil/db.go",
        "src/it/java/AppIT.java",
        "src/integrationTest/kotlin/ApiTest.kt",
        "docker-compose.test.yml",
        "bookmarks/tests_e2e/helpers.py",  # folders named for a kind of test or its helpers
        "packages/test-utils/src/db.ts",
        "app/api_tests/client.py",
        # .NET test projects, named by a dotted suffix
        "src/Jackett.Test/Resources/page.html",
        "src/Jackett.IntegrationTests/WebDriverFactory.cs",
        "src/NzbDrone.Core.Test/IndexerTests/FeedFixture.cs",
        "src/NzbDrone.Test.Common/AutoMoq/Mocker.cs",
        "src/App.Api.UnitTests/Helpers.cs",
        # Maven/Gradle test modules, named by a hyphenated one
        "msa/black-box-tests/src/main/java/app/Check.java",
        # Python: Django's per-app tests module and test helper modules
        "shop/orders/tests.py",
        "shop/orders/api_tests.py",
        "shop/testing.py",
        "shop/testutils.py",
        "fuzz/fuzz_targets/parse_config.rs",
        "internal/store/mocks/store.go",
        "pkg/auth/fakes/fake_client.go",
        # integration suites and their runners
        "internal/suites/webdriver.go",
        "cmd/acme-suites/main.go",
        # Cucumber / Behave step definitions, support code and profiles
        "features/step_definitions/login_steps.rb",
        "features/support/env.rb",
        "features/steps/checkout.py",
        "features/environment.py",
        "config/cucumber.yml",
    ],
)
def test_test_code_by_path(path: str) -> None:
    assert is_support_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "server/setup-database.js",  # application code that happens to share a word
        "server/routes/deploy.ts",
        "pipeline/build.go",
        "internal/linter/lint.go",
        "app/release.py",
        "shop/contest.py",
        "shop/latest.py",
        "src/format.ts",
        "docker/entrypoint.sh",
        "docker-entrypoint.sh",
        "next.config.mjs",  # `next start` loads it
        "auth.config.ts",
        "app.config.ts",
        "lib/integration/service.ts",
        "packages/types/integration/slack.ts",
        "extras/markdowner.rb",
        "build.gradle",  # a manifest: its dependencies are the application's
        "setup.py",
        "docker-compose.yml",
        "docker-compose.prod.yml",
        "Dockerfile",
        "bin/www",
        "config/database.php",
        "config/services.php",
        "apps/speed_test/views.py",  # a feature named with a singular `test`
        "src/latest/feed.ts",
        "bin/get_changes.py",
        "src/bin/server.ts",
        "src/NzbDrone.Core/Indexers/Feed.cs",
        "src/Radarr.Api.V3/Movies/MovieController.cs",
        "src/App.Testimonials/Quote.cs",
        "src/Contest.Web/Program.cs",
        "services/speed-test/main.go",
        "src/scripts.ts",  # a module named for scripts, not a folder of them
        "internal/script_runner/run.go",
        "cmd/agent/main.go",  # `gen` inside a word is no generator
        "cmd/general-worker/main.go",
        "src/features/billing/invoice.ts",  # a `features/` folder of the application
        "app/builder/query.py",  # a builder the application holds
    ],
)
def test_application_code_by_path(path: str) -> None:
    assert not is_support_path(path)


def test_path_lists_run_on_re2_and_agree_with_pythons_engine() -> None:
    # Every path of a tree is searched for these long alternations; Python's engine tries them one
    # alternative at a time, so a pattern RE2 refuses would cost every path 4-6 times more. (Whole
    # file names stay on Python's engine: short, they fail on their first characters.)
    vocab = path_vocabulary()
    pairs = [(pathclass._TEST_PATH, vocab.test_path), (pathclass._TOOLING_PATH, vocab.tooling_path)]
    paths = [
        p
        for test in (test_tooling_by_path, test_test_code_by_path, test_application_code_by_path)
        for mark in test.pytestmark  # type: ignore[attr-defined]
        for p in mark.args[1]
    ]
    assert len(paths) > 100
    for fast, slow in pairs:
        assert fast.fast is not slow, slow.pattern[:80]
        for path in paths:
            assert fast.search(path) == (slow.search(path) is not None), path


def test_a_path_that_is_not_utf8_is_classified_too() -> None:
    # git hands such names over as bytes; they are held as surrogate escapes, which RE2 cannot take
    assert is_support_path(os.fsdecode(b"tests/caf\xe9.py"))
    assert is_support_path(os.fsdecode(b"app/caf\xe9_test.go"))
    assert is_support_path(os.fsdecode(b"tools/caf\xe9/run.py"))
    assert not is_support_path(os.fsdecode(b"app/caf\xe9.py"))


# ---------------------------------------------------------------- start-up scripts


ENTRY = """\
    #!/bin/sh
    set -e
    echo "connecting to ${DB_HOST:-db}"
    exec "$@"
"""


def test_dockerfile_entrypoint_in_scripts_folder_is_application_code(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "scripts/docker/Dockerfile": """\
                FROM php:8
                COPY scripts/docker/entrypoint.sh /usr/local/bin/
                ENTRYPOINT ["entrypoint.sh"]
                CMD ["apache2-foreground"]
            """,
            "scripts/docker/entrypoint.sh": ENTRY,
            "scripts/release.sh": "echo $RELEASE_TOKEN\n",
        },
    )
    assert support["scripts/docker/entrypoint.sh"] is False
    assert support["scripts/release.sh"] is True


def test_healthcheck_and_cmd_through_a_copy_to_another_name(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "Dockerfile": """\
                FROM debian
                ENV APP_HOME=/app
                WORKDIR $APP_HOME
                COPY docker/start.sh $APP_HOME/run.sh
                COPY tools/probe.sh /probe.sh
                HEALTHCHECK --interval=30s CMD ["/probe.sh"]
                CMD ["/app/run.sh"]
            """,
            "docker/start.sh": ENTRY,
            "tools/probe.sh": "#!/bin/sh\ncurl localhost:$PORT\n",
        },
    )
    assert support["docker/start.sh"] is False
    assert support["tools/probe.sh"] is False  # tools/, but the image runs it


def test_script_copied_from_an_earlier_stage(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "apps/web/Dockerfile": """\
                FROM node:22 AS installer
                WORKDIR /app
                COPY . .
                FROM node:22-slim AS runner
                COPY --from=installer /app/apps/web/scripts/docker/next-start.sh /home/app/start.sh
                CMD ["/home/app/start.sh"]
            """,
            "apps/web/scripts/docker/next-start.sh": ENTRY,
        },
    )
    assert support["apps/web/scripts/docker/next-start.sh"] is False


def test_script_run_by_the_entrypoint_is_start_up_code_too(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "Dockerfile": """\
                FROM alpine
                COPY docker/ /docker/
                ENTRYPOINT ["/docker/entrypoint.sh"]
            """,
            "docker/entrypoint.sh": "#!/bin/sh\n/docker/scripts/wait-for-db.sh\nexec server\n",
            "docker/scripts/wait-for-db.sh": "#!/bin/sh\nnc -z $DB_HOST 5432\n",
        },
    )
    assert support["docker/scripts/wait-for-db.sh"] is False


def test_compose_entrypoint_mounted_from_the_repository(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "docker-compose.yml": """\
                services:
                  app:
                    image: acme/app
                    entrypoint: ["/bin/sh", "/usr/local/bin/docker-entrypoint.sh"]
                    volumes:
                      - ./scripts/docker-entrypoint.sh:/usr/local/bin/docker-entrypoint.sh:ro
            """,
            "scripts/docker-entrypoint.sh": ENTRY,
        },
    )
    assert support["scripts/docker-entrypoint.sh"] is False


def test_what_an_image_of_a_develop_folder_runs_is_tooling(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "docker/develop/Dockerfile": 'FROM ruby:3\nCOPY docker/develop/entry.sh /\nENTRYPOINT ["/entry.sh"]\n',
            "docker/develop/entry.sh": '#!/bin/sh\n[ -z "$SKIP_DB_SETUP" ] && bin/rails db:setup\nexec "$@"\n',
        },
    )
    assert support["docker/develop/entry.sh"] is True


def test_what_only_a_development_compose_file_runs_is_tooling(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "docker-compose.dev.yml": """\
                services:
                  storage-init:
                    image: minio/mc
                    entrypoint: ["/bin/sh", "/usr/local/bin/storage-init.sh"]
                    volumes:
                      - ./docker/storage-init.sh:/usr/local/bin/storage-init.sh:ro
            """,
            "docker/storage-init.sh": "#!/bin/sh\nmc alias set local $STORAGE_ENDPOINT\n",
        },
    )
    assert support["docker/storage-init.sh"] is True


def test_gradle_build_scripts_read_the_build_variables(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "app/build.gradle.kts": 'val token = System.getenv("REGISTRY_TOKEN")\n',
            "app/src/main/kotlin/App.kt": 'val port = System.getenv("PORT")\n',
        },
    )
    assert support == {"app/build.gradle.kts": True, "app/src/main/kotlin/App.kt": False}
    assert not is_support_path("app/build.gradle.kts")  # its dependencies are the application's


def test_procfile_command(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {"Procfile": "web: bin/start-server.sh\n", "bin/start-server.sh": ENTRY, "bin/dev": ENTRY},
    )
    assert support["bin/start-server.sh"] is False
    assert support["bin/dev"] is True


def test_shell_helpers_no_image_runs_are_tooling_when_the_repository_builds_one(tmp_path: Path) -> None:
    files = {
        "Dockerfile": 'FROM alpine\nCOPY docker/entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
        "docker/entrypoint.sh": ENTRY,
        "grafana/dashboards.sh": '#!/usr/bin/env bash\ncurl -H "$GRAFANA_API_TOKEN" $URL\n',
        "contrib/backup": "#!/bin/bash\npg_dump $BACKUP_TARGET\n",
        "server/app.py": "import os\nos.environ['SECRET_KEY']\n",
    }
    support = _support(tmp_path / "with", files)
    assert support["grafana/dashboards.sh"] is True
    assert support["contrib/backup"] is True
    assert support["docker/entrypoint.sh"] is False
    assert support["server/app.py"] is False
    # Without an image, nothing tells how the application starts: a shell script stays evidence
    # of the application.
    files.pop("Dockerfile")
    assert _support(tmp_path / "without", files)["grafana/dashboards.sh"] is False


def test_shell_scripts_the_image_copies_stay_application_code(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "Dockerfile": 'FROM alpine\nCOPY rootfs/ /\nCMD ["/init"]\n',
            "rootfs/etc/services.d/app/run": "#!/bin/sh\nexec app --port $APP_PORT\n",
        },
    )
    assert support["rootfs/etc/services.d/app/run"] is False


def test_scripts_a_database_image_runs_at_its_first_start_are_not_the_application(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "Dockerfile": 'FROM ruby:3\nCOPY bin/start.sh /start.sh\nCMD ["/start.sh"]\n',
            "bin/start.sh": "#!/bin/sh\nexec puma -p $APP_PORT\n",
            "db/Dockerfile": "FROM postgres:16\nADD db/create-roles.sh /docker-entrypoint-initdb.d/\n",
            "db/create-roles.sh": '#!/bin/sh\npsql -U "$POSTGRES_USER" -c "create role reader"\n',
        },
    )
    assert support["db/create-roles.sh"] is True
    assert support["bin/start.sh"] is False


def test_scripts_mounted_where_a_database_image_runs_them_are_not_the_application(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            # no image of the application: its shell scripts are its own unless something says otherwise
            "bin/start.sh": "#!/bin/sh\nexec puma -p $APP_PORT\n",
            "docker-compose.yml": """\
            services:
              db:
                image: mysql:8
                volumes:
                  - ./db/initdb:/docker-entrypoint-initdb.d
                  - data:/var/lib/mysql
            """,
            "db/initdb/10-users.sh": '#!/bin/sh\nmysql -u root -p"$MYSQL_ROOT_PASSWORD" < /tmp/users.sql\n',
        },
    )
    assert support["db/initdb/10-users.sh"] is True
    assert support["bin/start.sh"] is False


def test_shell_scripts_a_build_step_runs_read_the_build_arguments(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "Dockerfile": """\
            FROM debian:12
            ARG EXTRA_PACKAGES=""
            COPY docker/install/ /opt/install/
            COPY docker/start.sh /usr/local/bin/start.sh
            RUN set -e; EXTRA="$EXTRA_PACKAGES" /opt/install/packages.sh \\
                && chmod +x /usr/local/bin/start.sh
            CMD ["start.sh"]
            """,
            "docker/install/packages.sh": "#!/bin/sh\napt-get install -y $EXTRA_PACKAGES\n",
            "docker/start.sh": "#!/bin/sh\nexec app --port $APP_PORT\n",
        },
    )
    assert support["docker/install/packages.sh"] is True
    # named by a build step too, but only as an argument; the image runs it when it starts
    assert support["docker/start.sh"] is False


# ---------------------------------------------------------------- test code named by other files


def test_files_a_test_runner_loads_are_test_code(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "apps/web/vitest.integration.config.mts": """\
                export default defineConfig({
                  test: {
                    globalSetup: ["./harness/provision.ts"],
                    setupFiles: ["./harness/env"],
                  },
                });
            """,
            "apps/web/harness/provision.ts": "process.env.TEST_DB_NAME\n",
            "apps/web/harness/env.ts": "process.env.TEST_REDIS_URL\n",
            "apps/web/lib/db.ts": "process.env.DATABASE_URL\n",
            "jest.config.js": "module.exports = { setupFilesAfterEnv: ['<rootDir>/support/jest-env.js'] };\n",
            "support/jest-env.js": "process.env.FAKE_CLOCK\n",
        },
    )
    assert support["apps/web/harness/provision.ts"] is True
    assert support["apps/web/harness/env.ts"] is True
    assert support["support/jest-env.js"] is True
    assert support["apps/web/lib/db.ts"] is False


def test_rust_modules_compiled_only_for_tests(tmp_path: Path) -> None:
    support = _support(
        tmp_path,
        {
            "src/lib.rs": "pub mod config;\n#[cfg(test)]\nmod test_support;\n",
            "src/config.rs": 'fn f() { std::env::var("APP_PORT"); }\n#[cfg(test)]\npub(crate) mod fixtures;\n',
            "src/test_support.rs": 'fn f() { std::env::var("TEST_DB"); }\n',
            "src/config/fixtures/mod.rs": 'fn f() { std::env::var("FIXTURE_DIR"); }\n',
        },
    )
    assert support["src/test_support.rs"] is True
    assert support["src/config/fixtures/mod.rs"] is True
    assert support["src/config.rs"] is False


# ---------------------------------------------------------------- what the image gives its scripts


def test_image_env_read_by_its_own_scripts_is_set_by_the_repository(tmp_path: Path) -> None:
    files = {
        "Dockerfile": """\
            FROM alpine
            ENV DATA_DIR=/data CACHE_DIR=/cache
            COPY docker/ /docker/
            ENTRYPOINT ["/docker/entrypoint.sh"]
            CMD ["python", "/srv/app.py"]
        """,
        "docker/entrypoint.sh": """\
            #!/bin/sh
            export WORKERS=4
            mkdir -p "$DATA_DIR" "$CACHE_DIR"
            /docker/migrate.sh
            exec "$@"
        """,
        "docker/migrate.sh": '#!/bin/sh\necho "$WORKERS $DB_URL"\n',
        "app.py": "import os\nos.environ['DATA_DIR']\n",
        ".env.example": "CACHE_DIR=/var/cache/app\n",
    }
    names = _operator_names(tmp_path, files)
    # DATA_DIR is the image's own in its scripts, but the program reads it as a setting;
    # CACHE_DIR is offered to operators by the example file; WORKERS is exported by the entrypoint
    # for the script it runs; DB_URL comes from whoever runs the image.
    assert names == {"DATA_DIR", "CACHE_DIR", "DB_URL"}
    assert not any(r.path == "docker/entrypoint.sh" for r in _refs_of(tmp_path, "DATA_DIR"))


def _refs_of(tmp_path: Path, name: str) -> list[object]:
    index = FileIndex.build(tmp_path)
    evidence = gather(tmp_path, index, "INTEGRATIONS.md", load_catalog())
    return [r for r in evidence.env_refs if r.name == name and r.use == "read" and not r.is_support]


def test_an_entrypoint_own_default_is_still_an_operator_setting(tmp_path: Path) -> None:
    files = {
        "Dockerfile": 'FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
        "entrypoint.sh": '#!/bin/sh\nexport PUID="${PUID:-1000}"\nexec app\n',
    }
    assert _operator_names(tmp_path, files) == {"PUID"}


def test_compose_service_environment_given_to_the_script_it_runs(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": """\
            services:
              db-init:
                image: postgres:16
                entrypoint: ["/bin/sh", "/init/create-dbs.sh"]
                environment:
                  - EXTRA_DATABASES=app,audit
                  - ADMIN_PASSWORD=${ADMIN_PASSWORD}
                volumes:
                  - ./docker/init:/init
        """,
        "docker/init/create-dbs.sh": '#!/bin/sh\nfor d in $EXTRA_DATABASES; do echo "$ADMIN_PASSWORD"; done\n',
    }
    assert _operator_names(tmp_path, files) == {"ADMIN_PASSWORD"}


def test_image_env_shown_in_the_deployment_compose_file_stays_an_operator_setting(tmp_path: Path) -> None:
    files = {
        "Dockerfile": """\
            FROM alpine
            ENV LISTEN_PORT=8080 DATA_DIR=/data
            COPY entrypoint.sh /
            ENTRYPOINT ["/entrypoint.sh"]
        """,
        "entrypoint.sh": '#!/bin/sh\nmkdir -p "$DATA_DIR"\nexec app --port "$LISTEN_PORT"\n',
        "docker-compose.yml": """\
            services:
              app:
                build: .
                environment:
                  LISTEN_PORT: ${LISTEN_PORT:-8080}
        """,
    }
    assert _operator_names(tmp_path, files) == {"LISTEN_PORT"}


def test_the_shell_of_an_image_start_up_command_reads_operator_settings(tmp_path: Path) -> None:
    files = {
        # a production image wherever its Dockerfile lives (scripts/ included)
        "scripts/docker/Dockerfile": """\
            FROM eclipse-temurin:21-jre
            ENV JVM_OPTS="" APP_HOME=/app
            RUN echo $BUILD_FLAG
            ENTRYPOINT ["sh", "-c", "exec java ${JVM_OPTS} -Dhome=$APP_HOME -jar app.jar $EXTRA_ARGS"]
        """,
        "Dockerfile.dev": "FROM alpine\nCMD run --debug $DEV_ONLY\n",
    }
    # JVM_OPTS is declared without a value (a hook for operators); APP_HOME is the image's own
    # value; the build's and the development image's variables are not the application's.
    assert _operator_names(tmp_path, files) == {"JVM_OPTS", "EXTRA_ARGS"}
    assert _support(tmp_path, files)["scripts/docker/Dockerfile"] is False


def test_image_settings_a_runtime_config_file_expands_stay_operator_settings(tmp_path: Path) -> None:
    files = {
        "docker/Dockerfile": """\
            FROM php:8.3-apache
            ENV PHP_MEMORY_LIMIT=512M APP_DIR=/var/www
            RUN echo 'memory_limit=${PHP_MEMORY_LIMIT}' > /usr/local/etc/php/conf.d/limits.ini
            CMD ["sh", "-c", "cd $APP_DIR && apache2-foreground"]
        """,
    }
    assert _operator_names(tmp_path, files) == {"PHP_MEMORY_LIMIT"}


def test_a_compose_shell_command_reads_operator_settings(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": """\
            services:
              app:
                image: app
                environment:
                  WORKERS: 4
                command: ["sh", "-c", "exec app --workers $$WORKERS $${APP_OPTS:-}"]
        """,
        "docker-compose.dev.yml": """\
            services:
              app:
                image: app
                command: ["sh", "-c", "exec app --debug $$DEV_FLAGS"]
        """,
    }
    assert _operator_names(tmp_path, files) == {"APP_OPTS"}


def test_a_build_output_the_start_up_script_runs_stands_for_its_source(tmp_path: Path) -> None:
    files = {
        "Dockerfile": """\
            FROM node:22
            WORKDIR /app
            COPY . .
            RUN pnpm build
            CMD ["/app/apps/web/scripts/docker/start.sh"]
        """,
        "apps/web/scripts/docker/start.sh": """\
            #!/bin/sh
            node packages/database/dist/scripts/apply-migrations.js
            exec node server.js
        """,
        "packages/database/src/scripts/apply-migrations.ts": (
            'import { run } from "./migration-runner";\nrun();\n'
        ),
        "packages/database/src/scripts/migration-runner.ts": (
            "export function run() { return process.env.MIGRATE_DATABASE_URL; }\n"
        ),
        # a developer's script beside them, run by no start-up code
        "packages/database/src/scripts/create-migration.ts": (
            'import { run } from "./migration-runner";\nconsole.log(process.env.MIGRATION_AUTHOR);\n'
        ),
    }
    support = _support(tmp_path, files)
    assert support["packages/database/src/scripts/apply-migrations.ts"] is False
    assert support["packages/database/src/scripts/migration-runner.ts"] is False
    assert support["packages/database/src/scripts/create-migration.ts"] is True
    assert _operator_names(tmp_path, files) == {"MIGRATE_DATABASE_URL"}


def test_java_opts_of_an_image_start_up_command_is_an_operator_setting(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nCMD java $JAVA_OPTS -jar /app.jar\n",
        "gradlew": '#!/bin/sh\nexec java $JAVA_OPTS $GRADLE_OPTS -jar gradle/wrapper/gradle-wrapper.jar "$@"\n',
    }
    root = _tree(tmp_path, files)
    evidence = gather(root, FileIndex.build(root), "INTEGRATIONS.md", load_catalog())
    assert list(operator_reads(evidence.env_refs, list(builtin_env_ignore()))) == ["JAVA_OPTS"]


def test_an_example_image_start_up_command_is_no_operator_setting(tmp_path: Path) -> None:
    files = {
        "examples/docker/Dockerfile": "FROM app\nCMD app --port $EXAMPLE_PORT\n",
        "Dockerfile": "FROM alpine\nCMD app --port $APP_PORT\n",
    }
    assert _operator_names(tmp_path, files) == {"APP_PORT"}
    assert _support(tmp_path, files)["examples/docker/Dockerfile"] is True


def test_a_folder_of_copied_python_dependencies_is_not_scanned(tmp_path: Path) -> None:
    index = FileIndex.build(
        _tree(
            tmp_path,
            {
                "lib/certifi/__init__.py": "import os\nos.environ.get('BUNDLE_CA')\n",
                "lib/six.py": "import os\nos.environ.get('SIX_FLAG')\n",
                "lib/tracker/client.py": "import os\nos.environ.get('TRACKER_URL')\n",
                "app/lib/idna/__init__.py": "x = 1\n",
                "app/lib/helpers.py": "import os\nos.environ.get('APP_HELPER')\n",
                "certifi/__init__.py": "x = 1\n",
                "six.py": "x = 1\n",
                "server.py": "import os\nos.environ.get('PORT')\n",
            },
        )
    )
    scanned = {sf.path for sf in index.source_files()}
    assert scanned == {
        "app/lib/idna/__init__.py",
        "app/lib/helpers.py",
        "certifi/__init__.py",
        "six.py",
        "server.py",
    }


def test_bundles_and_vendor_copies_are_not_scanned(tmp_path: Path) -> None:
    index = FileIndex.build(
        _tree(
            tmp_path,
            {
                "shop/_vendor/maps/client.py": "URL = 'https://tiles.example.org/x'\n",
                "shop/static/js/charts.bundle.dev.js": "fetch('https://charts.example.org/x');\n",
                "shop/static/js/app.js": "fetch('/api/orders');\n",
                "shop/vendors/payouts.py": "import os\n",
            },
        )
    )
    scanned = {sf.path for sf in index.source_files()}
    assert scanned == {"shop/static/js/app.js", "shop/vendors/payouts.py"}
