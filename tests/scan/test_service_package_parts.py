"""Services named by a part of a dependency: the Go package a file imports from a module that holds
many clients, and the feature of a Rust crate that serves several backends."""

from __future__ import annotations

from textwrap import dedent

import pytest

from integrations_drift.catalog import load_catalog
from integrations_drift.scan.evidence import Evidence, assemble
from integrations_drift.scan.files import is_support_path
from integrations_drift.scan.go_imports import go_imports
from integrations_drift.scan.manifests.cargo import parse as parse_cargo
from integrations_drift.scan.types import SourceFile

GO_MOD = dedent(
    """\
    module example.com/app

    go 1.22

    require (
    \tgithub.com/aws/aws-sdk-go v1.50.0
    \tgithub.com/markbates/goth v1.80.0
    \tgoogle.golang.org/api v0.180.0
    )
    """
)


def scan(files: dict[str, str]) -> Evidence:
    data = {p: t.encode() for p, t in files.items()}
    sources = [SourceFile(p, d, is_support_path(p)) for p, d in data.items()]
    return assemble(sources, sorted(data), data.get, "INTEGRATIONS.md", load_catalog())


def strong(files: dict[str, str]) -> set[str]:
    return {name for name, ev in scan(files).services.items() if ev.strong}


def test_go_imports_of_the_header_only() -> None:
    src = dedent(
        """\
        // Package store keeps files.
        package store

        import "net/http"
        import s3 "github.com/aws/aws-sdk-go/service/s3"

        import (
        \t"context"
        \tgmail "google.golang.org/api/gmail/v1"
        \t_ "github.com/lib/pq" // driver
        )

        func f() string { return "github.com/redis/go-redis/v9" }

        import "github.com/late/after-func"
        """
    ).encode()
    assert go_imports(src) == [
        ("net/http", 4),
        ("github.com/aws/aws-sdk-go/service/s3", 5),
        ("context", 8),
        ("google.golang.org/api/gmail/v1", 9),
        ("github.com/lib/pq", 10),
    ]


def test_go_package_of_a_many_service_module_names_its_service() -> None:
    # go.mod names github.com/aws/aws-sdk-go and google.golang.org/api: every AWS and Google API at
    # once; the imports say S3 and Gmail.
    files = {
        "go.mod": GO_MOD,
        "internal/store/s3.go": 'package store\n\nimport "github.com/aws/aws-sdk-go/service/s3"\n',
        "internal/mail/gmail.go": 'package mail\n\nimport (\n\tgmail "google.golang.org/api/gmail/v1"\n)\n',
    }
    ev = scan(files).services
    assert {"AWS S3", "Gmail API"} <= {n for n, e in ev.items() if e.strong}
    assert ev["AWS S3"].client_location() == "internal/store/s3.go"
    assert strong({"go.mod": GO_MOD}).isdisjoint({"AWS S3", "Gmail API"})


def test_go_import_in_a_test_file_is_evidence_not_a_row() -> None:
    files = {"internal/store/s3_test.go": 'package store\n\nimport "github.com/aws/aws-sdk-go/service/s3"\n'}
    ev = scan(files).services["AWS S3"]
    assert not ev.strong and [s.kind for s in ev.signals] == ["import"]


def test_cargo_features_name_the_backend() -> None:
    manifest = dedent(
        """\
        [package]
        name = "app"

        [dependencies]
        sqlx = { version = "0.8", features = [
          "runtime-tokio",
          "postgres",
        ] }
        diesel = { workspace = true, features = ["chrono"] }

        [dev-dependencies]
        sea-orm = { version = "1", features = ["sqlx-sqlite"] }

        [features]
        default = ["mysql"]
        mysql = ["diesel/mysql", "dep:mysqlclient-sys"]
        sqlite = ["diesel?/sqlite"]
        """
    )
    deps = {(d.name, d.line, d.dev) for d in parse_cargo("Cargo.toml", manifest.encode()) if "/" in d.name}
    assert deps == {
        ("sqlx/runtime-tokio", 5, False),
        ("sqlx/postgres", 5, False),
        ("diesel/chrono", 9, False),
        ("sea-orm/sqlx-sqlite", 12, True),
        ("diesel/mysql", 16, False),
        ("diesel/sqlite", 17, False),
    }
    found = strong({"Cargo.toml": manifest})
    assert {"PostgreSQL", "MySQL", "SQLite"} <= found


def test_storage_backends_chosen_by_opendal_features() -> None:
    manifest = dedent(
        """\
        [dependencies]
        opendal = { version = "0.58", features = ["services-fs", "services-gcs"] }

        [features]
        s3 = ["opendal/services-s3", "dep:aws-config"]
        """
    )
    found = strong({"Cargo.toml": manifest})
    assert {"AWS S3", "Google Cloud Storage"} <= found
    assert "AWS S3" not in strong({"Cargo.toml": '[dependencies]\nopendal = { version = "0.58" }\n'})


def test_a_dev_only_feature_is_no_row() -> None:
    manifest = '[dev-dependencies]\nsqlx = { version = "0.8", features = ["sqlite"] }\n'
    assert "SQLite" not in strong({"Cargo.toml": manifest})


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"mix.exs": 'defp deps do\n  [{:ecto_sqlite3, "~> 0.17"}]\nend\n'}, "SQLite"),
        ({"mix.exs": 'defp deps do\n  [{:customerio, "~> 0.2"}]\nend\n'}, "Customer.io"),
        ({"mix.exs": 'defp deps do\n  [{:exponent_server_sdk, "~> 0.2"}]\nend\n'}, "Expo Push Notifications"),
        ({"mix.exs": 'defp deps do\n  [{:oidcc, "~> 3.0"}]\nend\n'}, "OpenID Connect"),
        ({"Cargo.toml": '[dependencies]\nldap3 = "0.11"\n'}, "LDAP"),
        ({"composer.json": '{"require": {"buzz/laravel-h-captcha": "^1.0"}}'}, "hCaptcha"),
        ({"composer.json": '{"require": {"nickurt/laravel-akismet": "^1.0"}}'}, "Akismet"),
        ({"composer.json": '{"require": {"adldap2/adldap2-laravel": "^6.0"}}'}, "LDAP"),
        ({"composer.json": '{"require": {"omnipay/stripe": "^3.0"}}'}, "Stripe"),
        ({"Gemfile": 'gem "skylight"\n'}, "Skylight"),
        ({"Gemfile": 'gem "xmpp4r"\n'}, "XMPP"),
        (
            {"Gemfile": 'gem "google-cloud-translate-v2"\n'},
            "Google Cloud Translation",
        ),  # versioned client gem
        ({"docker-compose.yml": "services:\n  pictrs:\n    image: asonix/pictrs:0.5\n"}, "pict-rs"),
        ({"Gemfile": 'gem "imgproxy"\n'}, "imgproxy"),
        ({"go.mod": "module x\n\nrequire github.com/emersion/go-smtp v0.21.0\n"}, "SMTP"),
    ],
)
def test_catalogued_clients_of_rust_elixir_go_and_php(files: dict[str, str], name: str) -> None:
    assert name in strong(files)
