"""Service detection end to end: manifests, signals, precision, aliases, stale services, init."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.conftest import RepoFactory
from tests.gitrepo import make_repo, write

DOC = """# External Integrations

## Databases & Data Stores

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| Not detected | | | |

## Caching

| Service | Purpose | TTL Defaults | Configuration |
|---------|---------|--------------|---------------|
| Not detected | | | |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
"""


def check(capsys: pytest.CaptureFixture[str], repo: Path, *extra: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = main(["check", str(repo), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def services(report: dict, kind: str = "undocumented-service") -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["subject"]: f for f in report["findings"] if f["kind"] == kind}


@pytest.mark.parametrize(
    ("manifest", "content", "line"),
    [
        ("package.json", '{\n  "name": "app",\n  "dependencies": {\n    "pg": "^8.11.0"\n  }\n}\n', 4),
        ("requirements.txt", "django==5.0\npsycopg2-binary==2.9.9\n", 2),
        ("pyproject.toml", '[project]\nname = "app"\ndependencies = [\n  "asyncpg>=0.29",\n]\n', 4),
        ("go.mod", "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.0\n)\n", 6),
        ("Gemfile", 'source "https://rubygems.org"\n\ngem "rails"\ngem "pg", "~> 1.5"\n', 4),
        ("Cargo.toml", '[package]\nname = "x"\n\n[dependencies]\ntokio-postgres = "0.7"\n', 5),
        (
            "pom.xml",
            "<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.postgresql</groupId>\n"
            "      <artifactId>postgresql</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n",
            5,
        ),
        ("build.gradle.kts", 'dependencies {\n    runtimeOnly("org.postgresql:postgresql:42.7.3")\n}\n', 2),
        (
            "App.csproj",
            '<Project>\n  <ItemGroup>\n    <PackageReference Include="Npgsql" Version="8.0.0" />\n  </ItemGroup>\n</Project>\n',
            3,
        ),
    ],
    ids=["npm", "requirements", "pyproject", "go", "gemfile", "cargo", "maven", "gradle", "nuget"],
)
def test_dependency_in_each_ecosystem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    manifest: str,
    content: str,
    line: int,
    repo_factory: RepoFactory,
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": DOC, f"svc/{manifest}": content})
    code, report, _ = check(capsys, repo)
    pg = services(report)["PostgreSQL"]
    assert pg["locations"][0] == {"path": f"svc/{manifest}", "line": line}
    assert pg["severity"] == "warning" and code == 0  # warnings do not fail the default --fail-on error
    assert pg["suggestion"]["action"] == "add-row"
    assert pg["suggestion"]["table"] == "Databases & Data Stores"
    assert pg["suggestion"]["cells"][0] == "PostgreSQL"


def test_composer_dependency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r", {"INTEGRATIONS.md": DOC, "composer.json": '{"require": {"stripe/stripe-php": "^13"}}'}
    )
    _, report, _ = check(capsys, repo)
    assert "Stripe" in services(report)


def test_symfony_bundles_and_messenger_transports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require = {
        "symfony/amqp-messenger": "^7.0",
        "symfony/redis-messenger": "^7.0",
        "symfony/amazon-sqs-messenger": "^7.0",
        "doctrine/mongodb-odm-bundle": "^5.0",
        "friendsofsymfony/elastica-bundle": "^6.0",
    }
    manifest = json.dumps({"require": require})
    repo = make_repo(tmp_path / "r", {"INTEGRATIONS.md": DOC, "composer.json": manifest})
    _, report, _ = check(capsys, repo)
    assert {"RabbitMQ", "Redis", "Amazon SQS", "MongoDB", "Elasticsearch"} <= set(services(report))


def test_dev_dependencies_and_tests_never_make_a_service_undocumented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": DOC,
            "package.json": '{"devDependencies": {"pg": "^8"}}',
            "tests/test_s3.py": 'import boto3\ns3 = boto3.client("s3")\n',
        },
    )
    _, report, _ = check(capsys, repo)
    assert report["findings"] == []


def test_image_and_client_construction_are_strong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": DOC,
            "docker-compose.yml": "services:\n  cache:\n    image: redis:7-alpine\n",
            "app/storage.py": 'import boto3\n\n\ndef client():\n    return boto3.client("s3")\n',
            "requirements.txt": "boto3==1.34.0\n",
        },
    )
    _, report, _ = check(capsys, repo)
    found = services(report)
    assert found["Redis"]["locations"][0] == {"path": "docker-compose.yml", "line": 3}
    s3 = found["AWS S3"]
    assert s3["locations"][0]["path"] == "app/storage.py"
    assert "`app/storage.py`" in s3["suggestion"]["cells"]  # the file that creates the client
    assert found["Redis"]["suggestion"]["table"] == "Caching"


def test_one_weak_signal_never_makes_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = DOC + "| `STRIPE_SECRET_KEY` | Yes | payments | `<secret>` |\n"
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": doc,
            "app/pay.py": 'import os\n# see https://api.stripe.com/v1/charges\nKEY = os.environ["STRIPE_SECRET_KEY"]\n',
            "README.md": "We call https://api.stripe.com and https://o1.ingest.sentry.io\n",
        },
    )
    _, report, _ = check(capsys, repo)
    assert report["findings"] == []
    # A second, independent weak signal (the API host in code) makes it strong.
    write(repo, {"app/client.py": 'BASE = "https://api.stripe.com/v1"\n'})
    _, report, _ = check(capsys, repo)
    stripe = services(report)["Stripe"]
    assert {loc["path"] for loc in stripe["locations"]} == {"app/pay.py", "app/client.py"}


@pytest.mark.parametrize("name", ["Postgres", "PostgreSQL 16", "RDS (PostgreSQL)", "postgres"])
def test_aliases_match_case_and_punctuation_insensitively(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    doc = DOC.replace("| Not detected | | | |", f"| {name} | Relational DB | store | `package.json` |", 1)
    repo = make_repo(
        tmp_path / "r", {"INTEGRATIONS.md": doc, "package.json": '{"dependencies": {"pg": "^8"}}'}
    )
    _, report, _ = check(capsys, repo)
    assert report["findings"] == []


def test_stale_and_unverified_services(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    doc = DOC.replace(
        "| Not detected | | | |",
        "| Memcached | Cache | sessions | `app.py` |\n| Acme Ledger | Internal | billing | `app.py` |",
        1,
    )
    repo = repo_factory({"INTEGRATIONS.md": doc, "app.py": "print('hello')\n"})
    _, report, _ = check(capsys, repo)
    stale = services(report, "stale-service")
    assert set(stale) == {"Memcached"}
    assert stale["Memcached"]["doc_line"] == 7
    assert stale["Memcached"]["suggestion"]["action"] == "remove-row"
    main(["check", str(repo)])
    out, _ = capsys.readouterr()
    assert "unverified (1)" in out and "Acme Ledger (line 8)" in out
    # Any evidence, even a test or a mention in code, keeps it from being stale.
    write(
        repo,
        {"tests/conftest.py": 'CACHE_HOST = "memcached"\n'},
    )
    _, report, _ = check(capsys, repo)
    assert not services(report, "stale-service")


def test_malformed_manifest_warns_and_scanning_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": DOC,
            "web/package.json": '{"dependencies": {"pg": ',
            "api/requirements.txt": "redis==5.0.1\n",
        },
    )
    _, report, err = check(capsys, repo)
    assert "warning: web/package.json" in err
    assert "Redis" in services(report)


def test_repository_catalog_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = """services:
  - name: Acme Ledger
    aliases: [Ledger]
    category: apis
    signals:
      packages:
        npm: ["@acme/ledger-sdk"]
"""
    repo = make_repo(
        tmp_path / "r",
        {
            "INTEGRATIONS.md": DOC,
            ".integrations-drift.yml": config,
            "package.json": '{"dependencies": {"@acme/ledger-sdk": "1.0.0"}}',
        },
    )
    _, report, _ = check(capsys, repo)
    assert set(services(report)) == {"Acme Ledger"}
    write(repo, {".integrations-drift.yml": "services:\n  - name: Acme Ledger\n    category: nowhere\n"})
    code = main(["check", str(repo)])
    _, err = capsys.readouterr()
    assert code == 2 and "Acme Ledger" in err and err.count("\n") == 1


def test_init_then_check_reports_no_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        tmp_path / "r",
        {
            "package.json": '{"dependencies": {"pg": "^8", "ioredis": "^5", "stripe": "^14"}}',
            "src/db.ts": 'import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n',
            "src/cache.ts": 'import Redis from "ioredis";\nexport const redis = new Redis(process.env.REDIS_URL ?? "redis://localhost:6379");\n',
            "src/pay.ts": 'import Stripe from "stripe";\nexport const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);\n',
            "src/flags.ts": "export const f = (n: string) => process.env[`FEATURE_${n}`];\n",
            ".env": "STRIPE_SECRET_KEY=sk_live_realvalue123456789\n",
        },
    )
    assert main(["init", str(repo)]) == 0
    capsys.readouterr()
    text = (repo / "INTEGRATIONS.md").read_text()
    assert "| PostgreSQL |" in text and "| Redis |" in text and "| Stripe |" in text
    assert "| `DATABASE_URL` | Yes |" in text and "| `REDIS_URL` | No |" in text
    assert "| `FEATURE_*` |" in text
    assert "sk_live_realvalue" not in text and "`<secret>`" in text
    code, report, _ = check(capsys, repo)
    assert (code, report["findings"]) == (0, [])
    # It never overwrites by surprise.
    assert main(["init", str(repo)]) == 2
    _, err = capsys.readouterr()
    assert "already exists" in err and "--force" in err
    (repo / "INTEGRATIONS.md").write_text("mine\n")
    assert main(["init", str(repo), "--force"]) == 0
    assert (repo / "INTEGRATIONS.md").read_text() == text


def test_init_leaves_out_what_the_config_ignores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = (
        "ignore:\n"
        "  - kind: undocumented-service\n"
        '    path: "docs_examples/**"\n'
        "    reason: example code of other applications\n"
        "  - kind: undocumented-env-var\n"
        '    subject: "DEMO_*"\n'
        "    reason: the demo's own settings\n"
    )
    repo = make_repo(
        tmp_path / "r",
        {
            ".integrations-drift.yml": config,
            "package.json": '{"dependencies": {"pg": "^8", "stripe": "^14"}}',
            "src/db.ts": 'import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n',
            "docs_examples/pay.ts": 'import Stripe from "stripe";\nexport const stripe = new Stripe("x");\n',
            "src/demo.ts": "export const d = process.env.DEMO_MODE;\n",
        },
    )
    assert main(["init", str(repo)]) == 0
    capsys.readouterr()
    text = (repo / "INTEGRATIONS.md").read_text()
    assert "| PostgreSQL |" in text and "| `DATABASE_URL` |" in text
    assert "Stripe" not in text and "DEMO_MODE" not in text
    code, report, _ = check(capsys, repo)
    assert (code, report["findings"]) == (0, [])


def test_init_on_the_demo_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    repo = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "demo", repo)
    (repo / "INTEGRATIONS.md").unlink()
    make_repo(repo, {})
    assert main(["init", str(repo), "--output", "docs/INTEGRATIONS.md"]) == 2  # no docs/ folder
    assert main(["init", str(repo)]) == 0
    capsys.readouterr()
    code, report, _ = check(capsys, repo)
    assert (code, report["findings"]) == (0, [])


def test_url_scheme_plus_env_name_is_strong_but_either_alone_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path / "r",
        {"INTEGRATIONS.md": DOC, "app/broker.py": 'DEFAULT = "amqp://guest:guest@localhost:5672/"\n'},
    )
    _, report, _ = check(capsys, repo)
    assert report["findings"] == []
    write(repo, {"app/settings.py": 'import os\nBROKER = os.getenv("RABBITMQ_URL", "")\n'})
    _, report, _ = check(capsys, repo)
    mq = services(report)["RabbitMQ"]
    assert {(loc["path"], loc["line"]) for loc in mq["locations"]} == {
        ("app/broker.py", 1),
        ("app/settings.py", 2),
    }
    assert "amqp:// URL at app/broker.py:1" in mq["message"]
