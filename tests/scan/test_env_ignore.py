"""The built-in ignore list hides what platforms, shells, CI and runtimes set, and nothing an
application reads for itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.engine import builtin_env_ignore
from integrations_drift.paths import glob_match_name
from integrations_drift.scan.env.operator import operator_reads
from integrations_drift.scan.evidence import gather
from integrations_drift.scan.files import FileIndex
from integrations_drift.scan.types import EnvRef


def _ignored(name: str) -> bool:
    return any(glob_match_name(p, name) for p in builtin_env_ignore())


@pytest.mark.parametrize(
    "name",
    [
        # OAuth apps, GitHub Apps and API clients named after the platform they talk to
        "GITHUB_CLIENT_ID",
        "GITHUB_CLIENT_SECRET",
        "GITHUB_APP_ID",
        "GITHUB_ID",
        "GITHUB_SECRET",
        "GITHUB_TOKEN",
        "GITLAB_CLIENT_ID",
        "GITLAB_URL",
        "JENKINS_API_TOKEN",
        "BUILDKITE_API_TOKEN",
        "CIRCLE_TOKEN",
        "TRAVIS_API_TOKEN",
        # a CI server's own settings and the variables it hands its pipelines
        "CI_REPO",
        "CI_WORKSPACE_BASE",
        "CI_PIPELINE_NUMBER",
        "RUNNER_TOKEN",
        "ACTIONS_ALLOWED_HOSTS",
        # operator settings that share a word with a tool's namespace
        "COMPOSE_TEMPLATE_DIR",
        "LC_DEFAULT_LOCALE",
        "XDG_APP_NAME",
        # set by the operator for the application when the code reads them
        "TZ",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "RAILS_ENV",
        "DOCKER_HOST",
        # generic names a hosting platform also sets, and settings named after a platform
        "URL",
        "BRANCH",
        "PORT",
        "PRIMARY_REGION",
        "VERCEL_TOKEN",
        "NETLIFY_AUTH_TOKEN",
        "HEROKU_API_KEY",
        "RENDER_API_KEY",
        "FLY_API_TOKEN",
        "RAILWAY_TOKEN",
        "BITBUCKET_WORKSPACE",
        "BITBUCKET_CLIENT_ID",
        "BUILD_TARGET",
        "AGENT_SECRET",
        "SYSTEM_NAME",
        # read only by start-up commands, for the operator to tune the JVM
        "JAVA_OPTS",
    ],
)
def test_application_names_are_not_ignored(name: str) -> None:
    assert not _ignored(name)


@pytest.mark.parametrize(
    "name",
    [
        "GITHUB_ACTIONS",
        "GITHUB_SHA",
        "GITHUB_REF",
        "GITHUB_WORKSPACE",
        "GITHUB_EVENT_NAME",
        "RUNNER_OS",
        "CI",
        "GITLAB_CI",
        "CI_COMMIT_SHA",
        "CI_PROJECT_DIR",
        "CIRCLECI",
        "CIRCLE_SHA1",
        "TRAVIS_BRANCH",
        "BUILDKITE_COMMIT",
        "JENKINS_URL",
        "npm_package_version",
        "npm_lifecycle_event",
        "CARGO_PKG_VERSION",
        "PIP_INDEX_URL",
        "LC_ALL",
        "XDG_CONFIG_HOME",
        "GOARM",
        "COMPOSE_PROJECT_NAME",
        "PATH",
        "VERCEL_URL",
        "NEXT_PUBLIC_VERCEL_ENV",
        "DEPLOY_PRIME_URL",
        "HEROKU_SLUG_COMMIT",
        "DYNO",
        "RENDER_EXTERNAL_URL",
        "FLY_REGION",
        "RAILWAY_PUBLIC_DOMAIN",
        "BITBUCKET_PR_ID",
        "BUILD_SOURCEVERSION",
        "SYSTEM_PULLREQUEST_PULLREQUESTID",
        # set by systemd for the service it starts (sd_notify watchdog, socket activation) and by Windows
        "NOTIFY_SOCKET",
        "WATCHDOG_USEC",
        "LISTEN_FDS",
        "STATE_DIRECTORY",
        "HOMEDRIVE",
        "HOMEPATH",
        "PATHEXT",  # Windows: the extensions `which` tries
        # the Python interpreter's own settings, and what Flask's CLI, the reloaders and WSGI servers set
        "PYTHONSTARTUP",
        "PYTHONUTF8",
        "FLASK_RUN_FROM_CLI",
        "WERKZEUG_RUN_MAIN",
        "RUN_MAIN",
        "SERVER_SOFTWARE",
        "SUDO_UID",
        "CURL_CA_BUNDLE",
        "TMUX",
        "SSH_CONNECTION",
        "CARGO",
        "HISTFILE",
        "ZSH_VERSION",
        "SUDO_USER",
        # set by an Elixir release's start script, and by Amazon ECS
        "RELEASE_COMMAND",
        "RELEASE_VSN",
        "ECS_CONTAINER_METADATA_URI",
    ],
)
def test_platform_names_are_ignored(name: str) -> None:
    assert _ignored(name)


def test_operator_reads_drop_ignored_names_and_prefixes() -> None:
    refs = [
        EnvRef("GITHUB_SHA", "app.py", 1),
        EnvRef("GITHUB_CLIENT_ID", "app.py", 2),
        EnvRef("npm_package_version", "app.py", 3),
        EnvRef("npm_", "app.py", 4, is_prefix=True),
    ]
    assert list(operator_reads(refs, list(builtin_env_ignore()))) == ["GITHUB_CLIENT_ID"]


def test_windows_names_are_ignored_in_any_case() -> None:
    refs = [
        EnvRef("AppData", "app.py", 1),
        EnvRef("windir", "app.py", 2),
        EnvRef("ProgramFiles", "app.py", 3),
        EnvRef("AppSecret", "app.py", 4),
        EnvRef("app_home", "app.py", 5),
    ]
    assert list(operator_reads(refs, list(builtin_env_ignore()))) == ["AppSecret", "app_home"]


@pytest.mark.parametrize(
    ("name", "for_tests"),
    [
        ("TEST_DATABASE_URL", True),
        ("DB_TEST_HOST", True),
        ("E2E_BASE_URL", True),
        ("TESTING", True),
        ("RUN_TESTS", True),
        ("BENCH_CACHE", True),
        ("QUEUE_BENCHMARK_ROUNDS", True),
        ("WORKBENCH_URL", False),
        ("LATEST_RELEASE_URL", False),
        ("SPEEDTEST_SERVER", False),
        ("CONTEST_ID", False),
        ("ATTESTATION_KEY", False),
    ],
)
def test_variables_named_for_the_tests_are_never_rows(name: str, for_tests: bool) -> None:
    refs = [EnvRef(name, "config/database.php", 101)]
    assert (name not in operator_reads(refs, [])) is for_tests


def test_a_platform_name_in_a_workflow_is_no_row_an_application_name_is(tmp_path: Path) -> None:
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/ci.yml").write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.sha }} $GITHUB_SHA\n"
    )
    (tmp_path / "app.py").write_text(
        "import os\nclient = os.environ['GITHUB_CLIENT_ID']\nsha = os.getenv('GITHUB_SHA')\n"
    )
    index = FileIndex.build(tmp_path)
    evidence = gather(tmp_path, index, "INTEGRATIONS.md", load_catalog())
    assert list(operator_reads(evidence.env_refs, list(builtin_env_ignore()))) == ["GITHUB_CLIENT_ID"]
