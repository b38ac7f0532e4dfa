"""Services the catalog knows by shapes beyond one package: embedded databases in every ecosystem,
framework built-ins configured by settings, job frameworks beside their broker, drop-in
replacements, generic protocol libraries."""

from __future__ import annotations

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.init_doc import render_init
from integrations_drift.scan.evidence import Evidence, assemble
from integrations_drift.scan.files import is_support_path
from integrations_drift.scan.services import reportable
from integrations_drift.scan.types import SourceFile


def scan(files: dict[str, str]) -> Evidence:
    data = {p: t.encode() for p, t in files.items()}
    sources = [SourceFile(p, d, is_support_path(p)) for p, d in data.items()]
    return assemble(sources, sorted(data), data.get, "INTEGRATIONS.md", load_catalog())


def strong(files: dict[str, str]) -> set[str]:
    return {name for name, ev in scan(files).services.items() if ev.strong}


@pytest.mark.parametrize(
    "files",
    [
        {"package.json": '{"dependencies": {"better-sqlite3": "^11"}}'},
        {"requirements.txt": "aiosqlite==0.20\n"},
        {"app/store.py": "import sqlite3\n\nconn = sqlite3.connect('app.db')\n"},  # the standard library
        {"app/db.py": 'ENGINE_URL = f"sqlite:///{path}"\n'},  # SQLAlchemy URL
        {"app/settings.py": "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n"},
        {"go.mod": "module x\n\nrequire modernc.org/sqlite v1.29.0\n"},
        {"go.mod": "module x\n\nrequire gorm.io/driver/sqlite v1.5.0\n"},
        {"Gemfile": 'gem "sqlite3", "~> 1.7"\n'},
        {"config/database.yml": "production:\n  adapter: sqlite3\n  database: db/production.sqlite3\n"},
        {"Cargo.toml": '[dependencies]\nrusqlite = "0.31"\n'},
        {
            "Cargo.toml": '[dependencies]\nsqlx = { version = "0.7", features = ["runtime-tokio", "sqlite"] }\n'
        },
        {"Cargo.toml": '[features]\nsqlite = ["diesel/sqlite", "diesel_migrations/sqlite"]\n'},
        {
            "App.csproj": '<Project><ItemGroup><PackageReference Include="Microsoft.Data.Sqlite" /></ItemGroup></Project>'
        },
        {"Data/Db.cs": "options.UseSqlite(connectionString);\n"},
        {
            "pom.xml": "<project><dependencies><dependency><groupId>org.xerial</groupId>"
            "<artifactId>sqlite-jdbc</artifactId></dependency></dependencies></project>"
        },
        {"src/Db.java": 'var c = DriverManager.getConnection("jdbc:sqlite:app.db");\n'},
        {"config/database.php": "<?php return ['connections' => ['sqlite' => ['driver' => 'sqlite']]];\n"},
        {"src/Db.php": "<?php $pdo = new PDO('sqlite:/var/app.db');\n"},
        {"lib/app/repo.ex": "use Ecto.Repo, otp_app: :app, adapter: Ecto.Adapters.SQLite3\n"},
        {"Cargo.toml": '[dependencies]\nsea-orm = { version = "1", features = ["sqlx-sqlite"] }\n'},
    ],
    ids=lambda files: next(iter(files)),
)
def test_sqlite_in_every_ecosystem(files: dict[str, str]) -> None:
    assert "SQLite" in strong(files)


def test_sqlite_only_in_a_test_is_evidence_not_a_row() -> None:
    ev = scan({"tests/test_store.py": "import sqlite3\n"}).services["SQLite"]
    assert not ev.strong


@pytest.mark.parametrize(
    "files",
    [
        {"app/settings.py": "EMAIL_HOST = env('EMAIL_HOST', default='localhost')\n"},  # Django
        {"config/initializers/email.rb": "ActionMailer::Base.smtp_settings = { address: host }\n"},  # Rails
        {"config/mail.php": "<?php return ['default' => env('MAIL_MAILER', 'smtp')];\n"},  # Laravel
        {"src/main/resources/application.properties": "spring.mail.host=smtp.example.org\n"},  # Spring
    ],
    ids=["django", "rails", "laravel", "spring"],
)
def test_smtp_configured_by_framework_settings(files: dict[str, str]) -> None:
    assert "SMTP" in strong(files)


def test_job_framework_and_its_broker_are_two_rows() -> None:
    evidence = scan({"Gemfile": 'gem "sidekiq", "~> 7"\n'})
    assert {ev.service.name for ev in reportable(evidence.services, load_catalog())} == {"Sidekiq", "Redis"}
    text = render_init(evidence, [], catalog=load_catalog())
    queues = text.split("## Message Queues", 1)[1].split("##", 1)[0]
    assert "| Sidekiq |" in queues
    assert "| Redis |" in text.split("## Caching", 1)[1].split("##", 1)[0]


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"requirements.txt": "celery==5.4\n"}, "Celery"),
        ({"package.json": '{"dependencies": {"bullmq": "^5"}}'}, "BullMQ"),
        ({"go.mod": "module x\n\nrequire github.com/hibiken/asynq v0.24.1\n"}, "Asynq"),
        ({"lib/app/worker.ex": "defmodule App.Worker do\n  use Oban.Worker, queue: :default\nend\n"}, "Oban"),
        # database-backed ones, and the other ecosystems' common ones
        ({"Gemfile": 'gem "good_job", "~> 4"\n'}, "GoodJob"),
        ({"Gemfile": 'gem "solid_queue"\n'}, "Solid Queue"),
        ({"Gemfile": 'gem "delayed_job_active_record"\n'}, "Delayed Job"),
        ({"composer.json": '{"require": {"laravel/horizon": "^5.0"}}'}, "Laravel Horizon"),
        (
            {
                "App.csproj": '<Project><ItemGroup><PackageReference Include="Hangfire.AspNetCore" Version="1.8.0" />'
                "</ItemGroup></Project>"
            },
            "Hangfire",
        ),
        ({"go.mod": "module x\n\nrequire github.com/riverqueue/river v0.11.0\n"}, "River"),
        ({"package.json": '{"dependencies": {"pg-boss": "^10"}}'}, "pg-boss"),
        ({"requirements.txt": "dramatiq[redis]==1.17\n"}, "Dramatiq"),
        ({"mix.exs": 'defp deps do\n  [{:exq, "~> 0.19"}]\nend\n'}, "Exq"),
    ],
)
def test_job_frameworks(files: dict[str, str], name: str) -> None:
    services = load_catalog()
    assert services.get(name) is not None and services.get(name).category == "queues"  # type: ignore[union-attr]
    assert name in strong(files)


@pytest.mark.parametrize(
    ("files", "backing"),
    [
        ({"Gemfile": 'gem "good_job"\n'}, "PostgreSQL"),
        ({"mix.exs": 'defp deps do\n  [{:exq, "~> 0.19"}]\nend\n'}, "Redis"),
    ],
)
def test_a_single_broker_job_framework_is_evidence_of_its_broker(files: dict[str, str], backing: str) -> None:
    assert backing in strong(files)
    assert "PostgreSQL" not in strong({"Gemfile": 'gem "solid_queue"\n'})  # any database of the app


def test_drop_in_replacement_and_its_original_make_one_row() -> None:
    evidence = scan(
        {
            "docker-compose.yml": "services:\n  db:\n    image: mariadb:11\n",
            "package.json": '{"dependencies": {"mysql2": "^3"}}',
        }
    )
    assert {"MariaDB", "MySQL"} <= {n for n, ev in evidence.services.items() if ev.strong}
    rows = reportable(evidence.services, load_catalog())
    assert [ev.service.name for ev in rows] == ["MariaDB"]
    assert {s.detail for s in rows[0].signals} >= {"mariadb:11", "mysql2"}
    text = render_init(evidence, [], catalog=load_catalog())
    assert "| MariaDB |" in text and "| MySQL |" not in text
    # With a driver of its own, the replacement is a second database the application supports.
    evidence = scan(
        {
            "docker-compose.yml": "services:\n  db:\n    image: mariadb:11\n",
            "package.json": '{"dependencies": {"mysql2": "^3", "mariadb": "^3"}}',
        }
    )
    assert [ev.service.name for ev in reportable(evidence.services, load_catalog())] == ["MariaDB", "MySQL"]


@pytest.mark.parametrize(
    "files",
    [
        {"package.json": '{"dependencies": {"openid-client": "^5"}}'},
        {"package.json": '{"dependencies": {"express-openid-connect": "^2"}}'},  # published by Auth0
        {"go.mod": "module x\n\nrequire github.com/zitadel/oidc/v3 v3.0.0\n"},  # published by Zitadel
        {"Cargo.toml": '[dependencies]\nopenidconnect = "3"\n'},
        {"app/auth.py": 'oauth.register("sso", server_metadata_url=settings.OIDC_URL)\n'},  # Authlib
    ],
    ids=lambda files: next(iter(files.values()))[:30],
)
def test_a_generic_protocol_library_is_the_protocol(files: dict[str, str]) -> None:
    found = strong(files)
    assert "OpenID Connect" in found
    assert not found & {"Auth0", "Zitadel"}


def test_indirect_go_requirements_and_locks_beside_a_manifest_are_not_evidence() -> None:
    services = scan(
        {
            "go.mod": "module x\n\nrequire (\n\tgithub.com/lib/pq v1.10.9\n"
            "\tgo.mongodb.org/mongo-driver v1.17.0 // indirect\n)\n",
            "web/package.json": '{"dependencies": {"react": "^18"}}',
            "tools/package-lock.json": '{"lockfileVersion": 3, "packages": {"": {"dependencies": {"ioredis": "5"}}}}',
        }
    ).services
    assert "PostgreSQL" in services
    assert "MongoDB" not in services and "Redis" not in services


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"config/database.php": "<?php return ['pgsql' => ['driver' => 'pgsql']];\n"}, "PostgreSQL"),
        ({"config/database.php": "<?php return ['mysql' => ['driver' => 'mysql']];\n"}, "MySQL"),
        ({"config/database.yml": "default: &default\n  adapter: postgresql\n"}, "PostgreSQL"),
        ({"config/database.yml": "default: &default\n  adapter: trilogy\n"}, "MySQL"),
        (
            {"app/settings.py": "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n"},
            "PostgreSQL",
        ),
        ({"app/settings.py": "DATABASES = {'default': {'ENGINE': 'django.db.backends.mysql'}}\n"}, "MySQL"),
        (
            {"lib/app/repo.ex": "use Ecto.Repo, otp_app: :app, adapter: Ecto.Adapters.Postgres\n"},
            "PostgreSQL",
        ),
        (
            {"Cargo.toml": '[features]\npostgresql = ["diesel/postgres"]\nmysql = ["diesel/mysql"]\n'},
            "PostgreSQL",
        ),
        ({"Cargo.toml": '[features]\npostgresql = ["diesel/postgres"]\nmysql = ["diesel/mysql"]\n'}, "MySQL"),
        (
            {"Cargo.toml": '[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n'},
            "PostgreSQL",
        ),
        ({"config/cache.php": "<?php return ['memcached' => ['driver' => 'memcached']];\n"}, "Memcached"),
        ({"config/environments/production.rb": "config.cache_store = :redis_cache_store\n"}, "Redis"),
        (
            {
                "app/settings.py": "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache'}}\n"
            },
            "Redis",
        ),
    ],
)
def test_databases_and_caches_configured_by_framework_settings(files: dict[str, str], name: str) -> None:
    assert name in strong(files)


def test_s3_through_opendal_a_cargo_feature_not_a_crate() -> None:
    files = {
        "Cargo.toml": '[dependencies]\nopendal = { version = "0.58", features = ["services-s3"] }\n',
        "src/storage.rs": "fn op(uri: &str) { let c = opendal::services::S3Config::from_uri(uri); }\n",
    }
    assert "AWS S3" in strong(files)
    assert "AWS S3" not in strong({"src/fs.rs": "fn op() { opendal::services::Fs::default(); }\n"})


def test_rails_active_storage_services_by_their_settings() -> None:
    storage = (
        "local:\n  service: Disk\n  root: <%= Rails.root.join('storage') %>\n\n"
        "amazon:\n  service: S3\n  bucket: <%= ENV['S3_BUCKET'] %>\n\n"
        "google:\n  service: GCS\n  bucket: files\n\n"
        "# microsoft:\n#   service: AzureStorage\n"
    )
    found = strong({"config/storage.yml": storage})
    assert {"AWS S3", "Google Cloud Storage"} <= found
    assert "Azure Blob Storage" not in found  # commented out, as Rails' template ships it


@pytest.mark.parametrize(
    ("files", "name"),
    [
        (
            {
                "config/initializers/mail.rb": "ActionMailer::Base.smtp_settings = {\n"
                "  address: 'smtp.sendgrid.net',\n  port: 587,\n}\n"
            },
            "SendGrid",
        ),
        ({"app/settings.py": 'EMAIL_HOST = "smtp.eu.mailgun.org"\nEMAIL_PORT = 587\n'}, "Mailgun"),
        (
            {
                "config/mail.php": "<?php return ['smtp' => ['host' => 'smtp.postmarkapp.com', 'port' => 587]];\n"
            },
            "Postmark",
        ),
    ],
)
def test_mail_relay_named_by_its_host_in_a_setting(files: dict[str, str], name: str) -> None:
    assert name in strong(files)


def test_mail_relay_hosts_that_are_no_setting_of_the_application() -> None:
    files = {
        # a framework skeleton's default behind env(), a comment, an example env file, a dev config
        "config/mail.php": "<?php return ['host' => env('MAIL_HOST', 'smtp.mailgun.org')];\n",
        "app/settings.py": '# EMAIL_HOST = "smtp.sendgrid.net"\n',
        ".env.example": "MAIL_HOST=smtp.postmarkapp.com\n",
        "config/environments/development.rb": "config.action_mailer.smtp_settings = { address: 'sandbox.smtp.mailtrap.io' }\n",
    }
    assert strong(files).isdisjoint({"Mailgun", "SendGrid", "Postmark", "Mailtrap"})


def test_a_catalogued_api_host_in_a_host_setting() -> None:
    files = {
        "config/runtime.exs": 'config :ex_aws, :s3, scheme: "https://", host: "s3.eu-west-1.amazonaws.com"\n',
        "lib/app/cdn.ex": '  @config [api_host: "api.fastly.com", service: "x"]\n',
        "config/db.exs": 'config :app, App.Repo, hostname: "db.zapcorp.io"\n',  # the catalog knows no such host
    }
    found = strong(files)
    assert {"AWS S3", "Fastly"} <= found
    assert not any("zapcorp" in name for name in found)


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"requirements.txt": "django-storages[azure]==1.14\n"}, "Azure Blob Storage"),
        (
            {"pyproject.toml": '[project]\nname = "shop"\ndependencies = ["django-storages[google,s3]"]\n'},
            "AWS S3",
        ),
        ({"setup.cfg": "[options]\ninstall_requires =\n    celery[redis]\n"}, "Redis"),
        ({"requirements.txt": "django-anymail[mailgun]\n"}, "Mailgun"),
        (
            {
                "shop/settings.py": 'STORAGES = {"default": {"BACKEND": "storages.backends.azure_storage.AzureStorage"}}\n'
            },
            "Azure Blob Storage",
        ),
        (
            {"shop/settings.py": 'DEFAULT_FILE_STORAGE = "storages.backends.gcloud.GoogleCloudStorage"\n'},
            "Google Cloud Storage",
        ),
    ],
)
def test_python_package_extras_and_storage_backends_name_the_service(
    files: dict[str, str], name: str
) -> None:
    assert name in strong(files)


def test_a_package_without_the_extra_names_no_service() -> None:
    found = strong({"requirements.txt": "django-storages==1.14\ncelery==5\ndjango-anymail\n"})
    assert not found & {"Azure Blob Storage", "Google Cloud Storage", "Redis", "Mailgun"}
