"""Manifest readers: npm and Python manifests, file selection, the lock-file rule and robustness."""

from __future__ import annotations

from textwrap import dedent

import pytest

from integrations_drift.scan.manifests import (
    Dependency,
    manifest_paths,
    read_manifest,
    scan_manifests,
)

Row = tuple[str, str, int, bool]


def rows(path: str, text: str) -> list[Row]:
    deps, warnings = read_manifest(path, dedent(text).encode())
    assert warnings == []
    return [(d.ecosystem, d.name, d.line, d.dev) for d in deps]


def versions(path: str, text: str) -> dict[str, str | None]:
    deps, warnings = read_manifest(path, dedent(text).encode())
    assert warnings == []
    return {d.name: d.version for d in deps}


def scan(files: dict[str, str]) -> tuple[list[Dependency], list[str]]:
    data = {p: dedent(t).encode() for p, t in files.items()}
    result = scan_manifests(list(data), data.get)
    return result.deps, result.warnings


PACKAGE_JSON = """\
{
  "name": "web",
  "version": "1.0.0",
  "workspaces": ["packages/*"],
  "dependencies": {
    "stripe": "^14.0.0",
    "@aws-sdk/client-s3": "3.500.0",
    "pg-alias": "npm:pg@^8.11.0"
  },
  "devDependencies": {
    "jest": "^29.7.0"
  },
  "peerDependencies": { "react": ">=18" },
  "optionalDependencies": {
    "fsevents": "*"
  },
  "scripts": { "dependencies": "echo not a dependency" }
}
"""


def test_package_json_sections_lines_and_dev() -> None:
    assert rows("package.json", PACKAGE_JSON) == [
        ("npm", "stripe", 6, False),
        ("npm", "@aws-sdk/client-s3", 7, False),
        ("npm", "pg", 8, False),
        ("npm", "jest", 11, True),
        ("npm", "react", 13, False),
        ("npm", "fsevents", 15, False),
    ]
    assert versions("package.json", PACKAGE_JSON)["pg"] == "^8.11.0"


def test_package_json_minified_on_one_line() -> None:
    text = '{"dependencies":{"redis":"^4"},"devDependencies":{"redis-mock":"1"}}'
    assert rows("app/package.json", text) == [("npm", "redis", 1, False), ("npm", "redis-mock", 1, True)]


def test_monorepo_each_dependency_points_at_its_own_manifest() -> None:
    deps, warnings = scan(
        {
            "package.json": '{\n  "devDependencies": {\n    "turbo": "^2"\n  }\n}\n',
            "apps/api/package.json": """\
            {
              "name": "api",
              "dependencies": {
                "@sentry/node": "^7"
              }
            }
            """,
            "apps/web/package.json": """\
            {
              "dependencies": {
                "@sentry/node": "^7",
                "posthog-js": "1"
              }
            }
            """,
        }
    )
    assert warnings == []
    assert sorted((d.path, d.name, d.line, d.dev) for d in deps) == [
        ("apps/api/package.json", "@sentry/node", 4, False),
        ("apps/web/package.json", "@sentry/node", 3, False),
        ("apps/web/package.json", "posthog-js", 4, False),
        ("package.json", "turbo", 3, True),
    ]


def test_package_lock_v3_gives_root_direct_dependencies_only() -> None:
    text = """\
    {
      "name": "svc",
      "lockfileVersion": 3,
      "packages": {
        "": {
          "name": "svc",
          "dependencies": {
            "twilio": "^4.0.0"
          },
          "devDependencies": {
            "vitest": "^1.0.0"
          }
        },
        "node_modules/twilio": {
          "version": "4.19.0",
          "dependencies": { "axios": "^1.6.0" }
        },
        "node_modules/axios": { "version": "1.6.2" }
      }
    }
    """
    assert rows("package-lock.json", text) == [("npm", "twilio", 8, False), ("npm", "vitest", 11, True)]
    # lockfileVersion 1 cannot tell direct from transitive dependencies: nothing is claimed.
    v1 = '{"lockfileVersion": 1, "dependencies": {"axios": {"version": "1.6.2"}}}'
    assert rows("package-lock.json", v1) == []


def test_pnpm_lock_importers_and_legacy_top_level() -> None:
    v9 = """\
    lockfileVersion: '9.0'
    importers:
      .:
        dependencies:
          '@slack/web-api':
            specifier: ^7.0.0
            version: 7.0.1
        devDependencies:
          typescript:
            specifier: ^5.3.0
            version: 5.3.3
      packages/other:
        dependencies:
          lodash:
            specifier: ^4
            version: 4.17.21
    packages:
      '@slack/web-api@7.0.1':
        resolution: {integrity: sha512-x}
    """
    assert rows("pnpm-lock.yaml", v9) == [("npm", "@slack/web-api", 5, False), ("npm", "typescript", 9, True)]
    assert versions("pnpm-lock.yaml", v9)["@slack/web-api"] == "^7.0.0"
    v5 = """\
    lockfileVersion: 5.4
    specifiers:
      openai: ^4.0.0
    dependencies:
      openai: 4.20.0
    """
    assert rows("pnpm-lock.yaml", v5) == [("npm", "openai", 5, False)]


# --- Python -------------------------------------------------------------------------------------

REQUIREMENTS = """\
# Runtime dependencies
-r base.txt
-c constraints.txt
--index-url https://pypi.example.com/simple
Django>=4.2,<5  # web framework
psycopg2_binary==2.9.9 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
celery[redis,sqs]==5.3.6 ; python_version >= "3.8"
boto3
Zope.Interface~=6.0
-e git+https://github.com/example/sdk.git@v1#egg=Example_SDK
git+https://github.com/example/other.git@main
https://files.example.com/pkg-1.0-py3-none-any.whl
-e .
./libs/local_pkg
requests @ https://example.com/requests-2.31.0.tar.gz
   # indented comment
sentry-sdk [flask] >= 1.40
"""


def test_requirements_names_versions_and_skips() -> None:
    assert rows("requirements.txt", REQUIREMENTS) == [
        ("pypi", "django", 5, False),
        ("pypi", "psycopg2-binary", 6, False),
        ("pypi", "celery", 9, False),
        # an extra selects what a package talks to: celery[redis,sqs] is also celery/redis, celery/sqs
        ("pypi", "celery/redis", 9, False),
        ("pypi", "celery/sqs", 9, False),
        ("pypi", "boto3", 10, False),
        ("pypi", "zope-interface", 11, False),
        ("pypi", "example-sdk", 12, False),
        ("pypi", "requests", 17, False),
        ("pypi", "sentry-sdk", 19, False),
        ("pypi", "sentry-sdk/flask", 19, False),
    ]
    got = versions("requirements.txt", REQUIREMENTS)
    assert got["django"] == ">=4.2,<5"
    assert got["psycopg2-binary"] == "==2.9.9"
    assert got["celery"] == "==5.3.6"
    assert got["boto3"] is None
    assert got["requests"] is None


@pytest.mark.parametrize(
    ("path", "dev"),
    [
        ("requirements.txt", False),
        ("requirements-dev.txt", True),
        ("dev-requirements.txt", True),
        ("requirements_test.txt", True),
        ("test-requirements.txt", True),
        ("requirements/test.txt", True),
        ("requirements/docs.txt", True),
        ("requirements/prod.txt", False),
        ("requirements/base.txt", False),
        ("constraints.txt", False),
        ("services/api/requirements.in", False),
    ],
)
def test_requirements_dev_classification_by_file_name(path: str, dev: bool) -> None:
    assert rows(path, "redis==5.0\n") == [("pypi", "redis", 1, dev)]


PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]

[project]
name = "svc"
dependencies = [
    "httpx>=0.27",
    'Stripe[async] ; python_version>="3.9"',
    "google-cloud-storage",  # "not-a-dep" in a comment
]

[project.optional-dependencies]
dev = ["pytest>=8", "ruff"]
aws = [
  "boto3",
]
"typing" = ["mypy"]

[dependency-groups]
test = ["pytest-cov", {include-group = "lint"}]
lint = ["ruff>=0.6"]
server = ["gunicorn"]

[tool.uv]
dev-dependencies = ["ipdb"]

[tool.pdm.dev-dependencies]
docs = ["mkdocs"]
"""


def test_pyproject_pep621_pep735_uv_pdm() -> None:
    assert rows("pyproject.toml", PYPROJECT) == [
        ("pypi", "httpx", 7, False),
        ("pypi", "stripe", 8, False),
        ("pypi", "stripe/async", 8, False),
        ("pypi", "google-cloud-storage", 9, False),
        ("pypi", "pytest", 13, True),
        ("pypi", "ruff", 13, True),
        ("pypi", "boto3", 15, False),
        ("pypi", "mypy", 17, True),
        ("pypi", "pytest-cov", 20, True),
        ("pypi", "ruff", 21, True),
        ("pypi", "gunicorn", 22, False),
        ("pypi", "ipdb", 25, True),
        ("pypi", "mkdocs", 28, True),
    ]


POETRY = """\
[tool.poetry]
name = "svc"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.110"
SQLAlchemy = {version = "^2.0", extras = ["asyncio"]}
my_private_lib = { git = "https://github.com/example/lib.git" }
numpy = [
    {version = "<2", python = "<3.9"},
    {version = "^2", python = ">=3.9"},
]

[tool.poetry.group.dev.dependencies]
pytest = "^8.0"

[tool.poetry.group.aws]
optional = true

[tool.poetry.group.aws.dependencies]
boto3 = "*"

[tool.poetry.dev-dependencies]
black = "^24"
"""


def test_pyproject_lines_survive_strings_comments_and_odd_layouts() -> None:
    text = """\
    [project]
    description = \"\"\"
    [tool.poetry.dependencies]
    fake = "1"
    \"\"\"
    readme = 'a # b'
    dependencies = [ # a comment with "quotes", [brackets]
        # "commented-out",
        "a-pkg>=1", "b.pkg",

        \"\"\"c\"\"\",
        'd[extra] @ https://example.com/d.tar.gz#sha256=x',
    ]
    [tool.poetry.dependencies]
    e = {version = "1", markers = "python_version < '3.9'"}
    "quoted.key" = "2"
    """
    assert rows("pyproject.toml", text) == [
        ("pypi", "a-pkg", 9, False),
        ("pypi", "b-pkg", 9, False),
        ("pypi", "c", 11, False),
        ("pypi", "d", 12, False),
        ("pypi", "d/extra", 12, False),
        ("pypi", "e", 15, False),
        ("pypi", "quoted-key", 16, False),
    ]


def test_pyproject_poetry_tables() -> None:
    assert rows("pyproject.toml", POETRY) == [
        ("pypi", "fastapi", 6, False),
        ("pypi", "sqlalchemy", 7, False),
        ("pypi", "my-private-lib", 8, False),
        ("pypi", "numpy", 9, False),
        ("pypi", "pytest", 15, True),
        ("pypi", "boto3", 21, False),
        ("pypi", "black", 24, True),
    ]
    got = versions("pyproject.toml", POETRY)
    assert got["sqlalchemy"] == "^2.0"
    assert got["numpy"] == "<2"
    assert got["my-private-lib"] is None
    assert got["boto3"] is None


def test_pipfile_packages_and_dev_packages() -> None:
    text = """\
    [[source]]
    url = "https://pypi.org/simple"
    name = "pypi"

    [packages]
    flask = "*"
    "Flask-SQLAlchemy" = {version = ">=3.0"}

    [dev-packages]
    pytest = "*"

    [requires]
    python_version = "3.11"
    """
    assert rows("Pipfile", text) == [
        ("pypi", "flask", 6, False),
        ("pypi", "flask-sqlalchemy", 7, False),
        ("pypi", "pytest", 10, True),
    ]


def test_setup_cfg_install_requires_and_extras() -> None:
    text = """\
    [metadata]
    name = svc

    [options]
    packages = find:
    install_requires =
        requests>=2.31
        # a comment line
        redis; python_version >= "3.8"
    tests_require = pytest

    [options.extras_require]
    s3 =
        boto3
    testing =
        moto[s3]
    """
    assert rows("setup.cfg", text) == [
        ("pypi", "requests", 7, False),
        ("pypi", "redis", 9, False),
        ("pypi", "pytest", 10, True),
        ("pypi", "boto3", 14, False),
        ("pypi", "moto", 16, True),
        ("pypi", "moto/s3", 16, True),
    ]


def test_poetry_lock_and_pipfile_lock() -> None:
    poetry_lock = """\
    # This file is automatically @generated by Poetry and should not be changed by hand.

    [[package]]
    name = "anyio"
    version = "4.2.0"
    optional = false
    groups = ["main"]

    [package.dependencies]
    idna = ">=2.8"

    [[package]]
    name = "Pytest_Mock"
    version = "3.12.0"
    groups = ["dev"]

    [[package]]
    name = "legacy"
    version = "1.0"
    category = "dev"

    [metadata]
    lock-version = "2.1"
    """
    assert rows("poetry.lock", poetry_lock) == [
        ("pypi", "anyio", 4, False),
        ("pypi", "pytest-mock", 13, True),
        ("pypi", "legacy", 18, True),
    ]
    pipfile_lock = """\
    {
        "_meta": {"hash": {"sha256": "x"}},
        "default": {
            "requests": {"hashes": [], "version": "==2.31.0"}
        },
        "develop": {
            "pytest": {"version": "==8.0.0"}
        }
    }
    """
    assert rows("Pipfile.lock", pipfile_lock) == [("pypi", "requests", 4, False), ("pypi", "pytest", 7, True)]


# --- selection and the lock-file rule ------------------------------------------------------------


def test_manifest_paths_selects_known_files_and_skips_vendored_folders() -> None:
    paths = [
        "package.json",
        "src/index.js",
        "node_modules/left-pad/package.json",
        "web/node_modules/@scope/x/package.json",
        "vendor/github.com/x/y/go.mod",
        ".venv/lib/python3.11/site-packages/pkg/pyproject.toml",
        "dist/package.json",
        "build/pom.xml",
        "target/Cargo.toml",
        "third_party/lib/pom.xml",
        "app/.gradle/build.gradle",
        "vendor/bundle/ruby/3.3.0/gems/x/Gemfile",
        "services/build.gradle",
        "go.mod",
        "go.sum",
        "Cargo.lock",
        "yarn.lock",
        "README.md",
    ]
    assert manifest_paths(paths) == ["go.mod", "package.json", "services/build.gradle"]


def test_lock_file_is_read_only_where_it_is_the_only_record_of_its_ecosystem() -> None:
    # Beside a manifest of its ecosystem anywhere in the repository, a lock file's packages are
    # dependencies of dependencies: only an ecosystem with locks alone is read from them.
    paths = [
        "package.json",
        "package-lock.json",
        "tools/package-lock.json",
        "api/pyproject.toml",
        "api/poetry.lock",
        "worker/poetry.lock",
        "worker/package.json",
        "Gemfile",
        "Gemfile.lock",
        "legacy/Gemfile.lock",
        "php/composer.lock",
        "php2/composer.json",
        "php2/composer.lock",
        "pipenv/requirements.txt",
        "pipenv/Pipfile.lock",
    ]
    assert manifest_paths(paths) == [
        "Gemfile",
        "api/pyproject.toml",
        "package.json",
        "php2/composer.json",
        "pipenv/requirements.txt",
        "worker/package.json",
    ]
    assert manifest_paths(["svc/composer.lock", "tools/poetry.lock", "package.json"]) == [
        "package.json",
        "svc/composer.lock",
        "tools/poetry.lock",
    ]


def test_scan_reads_lock_only_when_alone_end_to_end() -> None:
    lock = """\
    {
      "lockfileVersion": 3,
      "packages": {
        "": {
          "dependencies": {"mixpanel": "1"}
        }
      }
    }
    """
    deps, _ = scan({"a/package-lock.json": lock, "b/package-lock.json": lock})
    assert [(d.path, d.name, d.line) for d in deps] == [
        ("a/package-lock.json", "mixpanel", 5),
        ("b/package-lock.json", "mixpanel", 5),
    ]
    deps, _ = scan({"a/package-lock.json": lock, "b/package-lock.json": lock, "b/package.json": "{}"})
    assert deps == []  # a manifest of the ecosystem exists: its locks are not read


# --- robustness (malformed files of every ecosystem: test_manifests_robustness.py) -----------------


def test_scan_continues_after_a_malformed_file_and_reports_it() -> None:
    deps, warnings = scan(
        {
            "a/package.json": '{"dependencies": {"stripe": "1"',
            "b/package.json": '{"dependencies": {"stripe": "1"}}',
            "requirements.txt": "boto3\n",
        }
    )
    assert [(d.path, d.name) for d in deps] == [("b/package.json", "stripe"), ("requirements.txt", "boto3")]
    assert warnings == ["a/package.json: invalid JSON at line 1 — skipped"]


def test_unreadable_files_are_left_to_the_caller() -> None:
    result = scan_manifests(["package.json", "requirements.txt"], {"requirements.txt": b"redis\n"}.get)
    assert [d.name for d in result.deps] == ["redis"]
    assert result.warnings == []


def test_non_utf8_bytes_in_a_comment_do_not_lose_the_file() -> None:
    data = "# caf\xe9 owner: Jos\xe9\nredis==5\n".encode("latin-1")
    deps, warnings = read_manifest("requirements.txt", data)
    assert [(d.name, d.line) for d in deps] == [("redis", 2)]
    assert warnings == []


def test_utf8_bom_is_accepted() -> None:
    deps, warnings = read_manifest("package.json", b'\xef\xbb\xbf{"dependencies": {"ably": "1"}}')
    assert [d.name for d in deps] == ["ably"] and warnings == []


def test_unknown_files_give_nothing() -> None:
    assert read_manifest("README.md", b"dependencies") == ([], [])
