"""The service catalog: every built-in entry is valid and unambiguous, names resolve, and code signals
(packages, images, schemes, hosts, imports, env names) map to the right entries."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from integrations_drift.catalog import (
    CATEGORIES,
    Catalog,
    CatalogError,
    Service,
    load_catalog,
    normalise_image,
    normalise_name,
)
from integrations_drift.errors import UsageError


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def names(services: list[Service]) -> list[str]:
    return [s.name for s in services]


# ------------------------------------------------------------------------------------- the data


def test_at_least_250_entries_in_every_category(catalog: Catalog) -> None:
    assert len(catalog) >= 250
    counts = Counter(s.category for s in catalog)
    assert set(counts) == set(CATEGORIES)
    assert all(counts[c] >= 10 for c in CATEGORIES), counts


def test_canonical_names_unique(catalog: Catalog) -> None:
    keys = [normalise_name(s.name) for s in catalog]
    assert len(keys) == len(set(keys))


def test_no_alias_shared_by_two_services(catalog: Catalog) -> None:
    owner: dict[str, str] = {}
    for s in catalog:
        for k in s.name_keys():
            assert owner.setdefault(k, s.name) == s.name, f"{k!r}: {owner[k]} and {s.name}"


def test_every_entry_has_a_non_env_signal(catalog: Catalog) -> None:
    for s in catalog:
        sig = s.signals
        assert (
            any(True for _ in sig.packages.items()) or sig.imports or sig.images or sig.schemes or sig.hosts
        ), s.name


def test_compatible_names_resolve(catalog: Catalog) -> None:
    assert any(s.compatible for s in catalog)
    for s in catalog:
        resolved = catalog.compatible(s)
        assert [o.key for o in resolved][: len(s.compatible)] == [normalise_name(n) for n in s.compatible], (
            s.name
        )
        for other in s.drop_in_for:  # both ways
            assert s in catalog.compatible(catalog.get(other)), (s.name, other)  # type: ignore[arg-type]
        assert s not in resolved


# generic words that must never be a whole name or alias key: a document would match them by accident
GENERIC_KEYS = {
    "api",
    "email",
    "mail",
    "database",
    "db",
    "cache",
    "queue",
    "storage",
    "auth",
    "search",
    "analytics",
    "payments",
    "sms",
    "maps",
    "graph",
    "push",
    "logs",
    "logging",
    "monitoring",
    "metrics",
    "cloud",
    "google",
    "amazon",
    "aws",
    "azure",
    "microsoft",
    "apple",
    "meta",
    "facebook",
    "identity",
    "calendar",
    "drive",
    "sheets",
    "office",
    "chat",
    "video",
    "stream",
    "x",
    "cms",
    "crm",
    "cdn",
    "kv",
    "blob",
    "files",
    "notifications",
    "webhooks",
    "tracing",
    "errors",
    "ai",
    "llm",
    "error reporting",
    "object storage",
    "file storage",
    "message queue",
    "local",
}


def test_no_generic_alias(catalog: Catalog) -> None:
    for s in catalog:
        assert not set(s.name_keys()) & GENERIC_KEYS, s.name


# names that would make every repository look like it uses a service
GENERIC_PACKAGES = {
    "npm": {
        "axios",
        "node-fetch",
        "got",
        "knex",
        "sequelize",
        "typeorm",
        "prisma",
        "@prisma/client",
        "drizzle-orm",
        "kysely",
        "mikro-orm",
        "aws-sdk",
        "googleapis",
        "firebase",
        "firebase-admin",
        "dotenv",
        "@azure/identity",
        "jsonwebtoken",
        "passport",
        "next-auth",
        "@auth/core",
        "socket.io",
        "ws",
        "express",
        "winston",
        "pino",
    },
    "pypi": {
        "requests",
        "httpx",
        "aiohttp",
        "urllib3",
        "sqlalchemy",
        "django",
        "boto3",
        "botocore",
        "aioboto3",
        "firebase-admin",
        "google-cloud-core",
        "google-api-python-client",
        "google-auth",
        "kombu",
        "sqlmodel",
        "peewee",
        "tortoise-orm",
        "pydantic",
        "python-dotenv",
        "django-storages",
        "pyodbc",
        "smtplib",
    },
    "go": {
        "github.com/jmoiron/sqlx",
        "gorm.io/gorm",
        "github.com/aws/aws-sdk-go-v2",
        "github.com/aws/aws-sdk-go",
        "firebase.google.com/go",
        "google.golang.org/api",
        "net/http",
        "database/sql",
    },
    "rubygems": {
        "activerecord",
        "rails",
        "faraday",
        "httparty",
        "aws-sdk",
        "aws-sdk-core",
        "google-api-client",
        "mail",
    },
    "crates": {"sqlx", "diesel", "sea-orm", "reqwest", "hyper", "aws-config", "aws-sdk-sts"},
    "maven": {
        "org.springframework.boot:spring-boot-starter-data-jpa",
        "org.hibernate:hibernate-core",
        "software.amazon.awssdk:bom",
        "com.squareup.okhttp3:okhttp",
    },
    "nuget": {
        "Microsoft.EntityFrameworkCore",
        "Dapper",
        "AWSSDK.Core",
        "Azure.Identity",
        "FirebaseAdmin",
        "Newtonsoft.Json",
    },
    "composer": {
        "guzzlehttp/guzzle",
        "aws/aws-sdk-php",
        "laravel/framework",
        "doctrine/orm",
        "symfony/mailer",
    },
}


def test_no_generic_package_is_a_signal(catalog: Catalog) -> None:
    for eco, generic in GENERIC_PACKAGES.items():
        for name in generic:
            assert catalog.by_package(eco, name) == [], (eco, name)


GENERIC_ENV = {
    "DATABASE_URL",
    "DB_HOST",
    "DB_PASSWORD",
    "DB_USER",
    "API_KEY",
    "SECRET",
    "SECRET_KEY",
    "TOKEN",
    "ACCESS_TOKEN",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "HOST",
    "PORT",
    "URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "NODE_ENV",
    "JWT_SECRET",
    "SESSION_SECRET",
    "APP_KEY",
    "BASE_URL",
}


def test_env_signals_are_distinctive(catalog: Catalog) -> None:
    for s in catalog:
        for env in s.signals.env:
            assert env not in GENERIC_ENV, (s.name, env)
            assert env.rstrip("*") not in {
                "AWS_",
                "DB_",
                "API_",
                "APP_",
                "NEXT_PUBLIC_",
                "VITE_",
                "GOOGLE_",
                "AZURE_",
                "AUTH_",
            }
        for name in GENERIC_ENV:
            assert s not in catalog.by_env(name), (s.name, name)


def test_no_signal_value_is_shared_between_services(catalog: Catalog) -> None:
    seen: dict[tuple[str, str], str] = {}
    for s in catalog:
        sig = s.signals
        values = [(eco, n.lower()) for eco, n in sig.packages.items()]
        values += [("image", v) for v in sig.images] + [("scheme", v) for v in sig.schemes]
        values += [("host", v) for v in sig.hosts] + [("env", v) for v in sig.env]
        for v in values:
            assert seen.setdefault(v, s.name) == s.name, f"{v} in {seen[v]} and {s.name}"


def test_load_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog
    assert load_catalog([]) is catalog


# ------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PostgreSQL", "PostgreSQL"),
        ("PostgreSQL 16", "PostgreSQL"),
        ("Postgres", "PostgreSQL"),
        ("postgres", "PostgreSQL"),
        ("RDS (PostgreSQL)", "PostgreSQL"),
        ("Amazon RDS for PostgreSQL", "PostgreSQL"),
        ("AWS RDS PostgreSQL", "PostgreSQL"),
        ("Postgres (via Supabase)", "PostgreSQL"),
        ("Supabase (Postgres)", "Supabase"),
        ("Supabase Auth", "Supabase Auth"),
        ("Supabase Storage", "Supabase Storage"),
        ("AWS S3", "AWS S3"),
        ("Amazon S3", "AWS S3"),
        ("S3", "AWS S3"),
        ("s3 bucket", "AWS S3"),
        ("S3-compatible storage (MinIO)", "MinIO"),
        ("Auth0", "Auth0"),
        ("Sentry", "Sentry"),
        ("**Sentry**", "Sentry"),
        ("[Sentry](https://sentry.io)", "Sentry"),
        ("Redis 7.x", "Redis"),
        ("Redis (cache + BullMQ queues)", "Redis"),
        ("Managed Redis on Upstash", "Redis"),
        ("Upstash Redis", "Upstash Redis"),
        ("ElastiCache (Redis)", "Redis"),
        ("ElastiCache (Memcached)", "Memcached"),
        ("Stripe API", "Stripe"),
        ("Stripe API v2", "Stripe"),
        ("stripe", "Stripe"),
        ("Sendgrid", "SendGrid"),
        ("Twilio SendGrid", "SendGrid"),
        ("Send Grid", "SendGrid"),
        ("Google Cloud Pub/Sub", "Google Cloud Pub/Sub"),
        ("Pub/Sub", "Google Cloud Pub/Sub"),
        ("PubSub", "Google Cloud Pub/Sub"),
        ("Amazon SES", "Amazon SES"),
        ("AWS Simple Email Service", "Amazon SES"),
        ("Amazon SQS", "Amazon SQS"),
        ("AWS X-Ray", "AWS X-Ray"),
        ("X-Ray", "AWS X-Ray"),
        ("Twitter API", "X (Twitter) API"),
        ("Firebase Auth", "Firebase Authentication"),
        ("Firestore", "Cloud Firestore"),
        ("Azure AD", "Microsoft Entra ID"),
        ("Azure Active Directory (MSAL)", "Microsoft Entra ID"),
        ("Lemon Squeezy", "Lemon Squeezy"),
        ("LemonSqueezy", "Lemon Squeezy"),
        ("OpenAI GPT-4o", "OpenAI"),
        ("Claude (Anthropic)", "Anthropic"),
        ("Telegram Bot API", "Telegram Bot API"),
        ("Google Maps JavaScript API", "Google Maps Platform"),
        ("Elasticsearch 8", "Elasticsearch"),
        ("MongoDB Atlas", "MongoDB"),
        ("Kafka (Confluent Cloud)", "Apache Kafka"),
        ("Grafana Cloud", "Grafana"),
        ("Application Insights", "Azure Monitor"),
        ("SMTP server", "SMTP"),
        ("Café Stripe", "Stripe"),
        ("Pagination", None),
        ("Spaghetti", None),
        ("Apgar", None),
        ("", None),
        ("16", None),
        ("Our internal billing service", None),
    ],
)
def test_match_name(catalog: Catalog, text: str, expected: str | None) -> None:
    hit = catalog.match_name(text)
    assert (hit.name if hit else None) == expected


def test_short_alias_never_matches_inside_a_word(catalog: Catalog) -> None:
    assert catalog.match_name("pgbouncer") is None
    assert catalog.match_name("MS3 storage") is None
    assert catalog.match_name("SESSION store") is None
    hit = catalog.match_name("Uses pg for queries")
    assert hit is not None and hit.name == "PostgreSQL"


def test_longest_alias_at_start_wins(catalog: Catalog) -> None:
    hit = catalog.match_name("Supabase Auth (magic links)")
    assert hit is not None and hit.name == "Supabase Auth"
    hit = catalog.match_name("Amazon MQ for RabbitMQ")
    assert hit is not None and hit.name == "RabbitMQ"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("PostgreSQL 16", "postgresql"),
        ("Redis 7.x", "redis"),
        ("RDS (PostgreSQL)", "rds postgresql"),
        ("Stripe API", "stripe"),
        ("Twilio SDK", "twilio"),
        ("Grafana Cloud", "grafana"),
        ("Pub/Sub", "pub sub"),
        ("Auth0", "auth0"),
        ("Neo4j v5", "neo4j"),
        ("X API", "x api"),
        ("Let's Encrypt", "lets encrypt"),
        ("  Café  ", "cafe"),
        ("Google Cloud Platform", "google"),
        ("API", "api"),
    ],
)
def test_normalise_name(raw: str, key: str) -> None:
    assert normalise_name(raw) == key


# ------------------------------------------------------------------------------------- signals


@pytest.mark.parametrize(
    ("eco", "name", "expected"),
    [
        ("npm", "pg", ["PostgreSQL"]),
        ("npm", "@aws-sdk/client-s3", ["AWS S3"]),
        ("npm", "@aws-sdk/client-ses", ["Amazon SES"]),
        ("npm", "@aws-sdk/client-sesv2", ["Amazon SES"]),
        ("npm", "@aws-sdk/client-sqs", ["Amazon SQS"]),
        ("npm", "@azure/storage-blob", ["Azure Blob Storage"]),
        ("npm", "@sentry/nextjs", ["Sentry"]),
        ("npm", "@clerk/nextjs", ["Clerk"]),
        ("npm", "@octokit/rest", ["GitHub API"]),
        ("npm", "bullmq", ["BullMQ"]),
        ("npm", "ioredis", ["Redis"]),
        ("npm", "passport-google-oauth20", ["Google OAuth"]),
        ("npm", "nodemailer", ["SMTP"]),
        ("npm", "@supabase/supabase-js", ["Supabase"]),
        ("npm", "@supabase/storage-js", ["Supabase Storage"]),
        ("npm", "openai", ["OpenAI"]),
        ("pypi", "google-cloud-storage", ["Google Cloud Storage"]),
        ("pypi", "google_cloud_pubsub", ["Google Cloud Pub/Sub"]),
        ("pypi", "Google.Cloud.Storage", ["Google Cloud Storage"]),
        ("pypi", "psycopg2-binary", ["PostgreSQL"]),
        ("pypi", "azure-storage-blob", ["Azure Blob Storage"]),
        ("pypi", "Sentry_SDK", ["Sentry"]),
        ("go", "github.com/jackc/pgx", ["PostgreSQL"]),
        ("go", "github.com/jackc/pgx/v5", ["PostgreSQL"]),
        ("go", "github.com/jackc/pgx/v5/pgxpool", ["PostgreSQL"]),
        ("go", "github.com/jackc/pgxlisten", []),
        ("go", "github.com/aws/aws-sdk-go-v2/service/s3", ["AWS S3"]),
        ("go", "github.com/aws/aws-sdk-go-v2/service/s3control", []),
        ("go", "github.com/redis/go-redis/v9", ["Redis"]),
        ("go", "firebase.google.com/go/v4/messaging", ["Firebase Cloud Messaging"]),
        ("go", "firebase.google.com/go/v4", []),
        ("rubygems", "sidekiq", ["Sidekiq"]),
        ("rubygems", "omniauth-google-oauth2", ["Google OAuth"]),
        ("crates", "tokio_postgres", ["PostgreSQL"]),
        ("maven", "org.postgresql:postgresql", ["PostgreSQL"]),
        ("maven", "io.sentry:sentry-spring-boot-starter-jakarta", ["Sentry"]),
        ("maven", "com.oracle.database.jdbc:ojdbc11", ["Oracle Database"]),
        # Quarkus extensions and Micronaut modules name the service they connect to
        ("maven", "io.quarkus:quarkus-jdbc-postgresql", ["PostgreSQL"]),
        ("maven", "io.quarkus:quarkus-mailer", ["SMTP"]),
        ("maven", "io.quarkus:quarkus-messaging-kafka", ["Apache Kafka"]),
        ("maven", "io.micronaut.redis:micronaut-redis-lettuce", ["Redis"]),
        ("maven", "io.quarkus:quarkus-rest", []),
        ("nuget", "npgsql", ["PostgreSQL"]),
        ("nuget", "Sentry.AspNetCore", ["Sentry"]),
        ("nuget", "StackExchange.Redis", ["Redis"]),
        ("composer", "stripe/stripe-php", ["Stripe"]),
        ("npm", "left-pad", []),
        ("cargo", "redis", []),
    ],
)
def test_by_package(catalog: Catalog, eco: str, name: str, expected: list[str]) -> None:
    assert names(catalog.by_package(eco, name)) == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("postgres:16", ["PostgreSQL"]),
        ("postgres", ["PostgreSQL"]),
        ("docker.io/library/postgres:16-alpine", ["PostgreSQL"]),
        ("bitnami/redis:7", ["Redis"]),
        ("rabbitmq:3-management", ["RabbitMQ"]),
        ("public.ecr.aws/docker/library/redis:7", ["Redis"]),
        ("mcr.microsoft.com/mssql/server:2022-latest", ["Microsoft SQL Server"]),
        ("docker.elastic.co/elasticsearch/elasticsearch:8.13.0", ["Elasticsearch"]),
        ("quay.io/minio/minio:latest", ["MinIO"]),
        ("ghcr.io/tursodatabase/libsql-server:latest", ["Turso"]),
        ("${REGISTRY}/mongo:7@sha256:abcd", ["MongoDB"]),
        ("localhost:5000/memcached:1.6", ["Memcached"]),
        ("my-company/api:latest", []),
        ("node:20", []),
    ],
)
def test_by_image(catalog: Catalog, ref: str, expected: list[str]) -> None:
    assert names(catalog.by_image(ref)) == expected


def test_normalise_image() -> None:
    assert normalise_image("docker.io/library/postgres:16") == "postgres"
    assert normalise_image("registry:5000/team/app:1.0") == "team/app"
    assert normalise_image("Postgres") == "postgres"
    assert normalise_image("") == ""


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("postgres", ["PostgreSQL"]),
        ("postgresql+asyncpg", ["PostgreSQL"]),
        ("mongodb+srv", ["MongoDB"]),
        ("rediss://", ["Redis"]),
        ("AMQPS", ["RabbitMQ"]),
        ("s3", ["AWS S3"]),
        ("gs", ["Google Cloud Storage"]),
        ("smtp", ["SMTP"]),
        ("https", []),
    ],
)
def test_by_scheme(catalog: Catalog, scheme: str, expected: list[str]) -> None:
    assert names(catalog.by_scheme(scheme)) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("api.stripe.com", ["Stripe"]),
        ("https://api.stripe.com/v1/charges", ["Stripe"]),
        ("API.Stripe.com:443", ["Stripe"]),
        ("notapi.stripe.com", []),
        ("o123.ingest.sentry.io", ["Sentry"]),
        ("o123.ingest.us.sentry.io", ["Sentry"]),
        ("sqs.us-east-1.amazonaws.com", ["Amazon SQS"]),
        ("my-bucket.s3.eu-west-1.amazonaws.com", ["AWS S3"]),
        ("s3.amazonaws.com", ["AWS S3"]),
        ("email-smtp.eu-west-1.amazonaws.com", ["Amazon SES"]),
        ("qstash.upstash.io", ["Upstash QStash"]),
        ("eu1-sharp-owl-123.upstash.io", ["Upstash Redis"]),
        ("upstash.io", []),
        ("ep-cool-1234.us-east-2.aws.neon.tech", ["Neon"]),
        ("abc.pushnotifications.pusher.com", ["Pusher Beams"]),
        ("api-eu.pusher.com", ["Pusher Channels"]),
        ("acct.us-east-1.snowflakecomputing.com", ["Snowflake"]),
        ("myres.openai.azure.com", ["Azure OpenAI"]),
        ("us-central1-aiplatform.googleapis.com", ["Google Vertex AI"]),
        ("x.apm.us-east-1.aws.cloud.es.io", ["Elastic APM"]),
        ("x.us-east-1.aws.cloud.es.io", ["Elasticsearch"]),
        ("example.com", []),
        ("amazonaws.com", []),
    ],
)
def test_by_host(catalog: Catalog, host: str, expected: list[str]) -> None:
    assert names(catalog.by_host(host)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("s3 = boto3.client('s3')", ["AWS S3"]),
        ('s3 = boto3.resource("s3", region_name="eu-west-1")', ["AWS S3"]),
        ("client = session.client(service_name='sqs')", ["Amazon SQS"]),
        ("const s3 = new AWS.S3({ region })", ["AWS S3"]),
        ("const ses = new AWS.SES()", ["Amazon SES"]),
        ("from google.cloud import storage", ["Google Cloud Storage"]),
        ("from google.cloud import bigquery, storage", ["Google Cloud Storage"]),
        ("import { getAuth } from 'firebase/auth'", ["Firebase Authentication"]),
        ('import { getFirestore } from "firebase/firestore"', ["Cloud Firestore"]),
        ("from firebase_admin import messaging", ["Firebase Cloud Messaging"]),
        ("server = smtplib.SMTP_SSL(host, 465)", ["SMTP"]),
        ("export interface Env { CACHE: KVNamespace }", ["Cloudflare Workers KV"]),
        ("[[r2_buckets]]\nbinding = 'B'", ["Cloudflare R2"]),
        ("const { data } = await supabase.auth.getUser()", ["Supabase Auth"]),
        ("requests.get(url)", []),
    ],
)
def test_import_patterns(catalog: Catalog, source: str, expected: list[str]) -> None:
    matched = [s.name for pattern, s in catalog.import_patterns if pattern.search(source)]
    assert list(dict.fromkeys(matched)) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("STRIPE_SECRET_KEY", ["Stripe"]),
        ("SENTRY_DSN", ["Sentry"]),
        ("NEXT_PUBLIC_SUPABASE_URL", ["Supabase"]),
        ("PUSHER_BEAMS_INSTANCE_ID", ["Pusher Beams"]),
        ("PUSHER_APP_KEY", ["Pusher Channels"]),
        ("REDIS_URL", ["Redis"]),
        ("PGHOST", ["PostgreSQL"]),
        ("STRIPE_", []),
        ("DATABASE_URL", []),
    ],
)
def test_by_env(catalog: Catalog, env: str, expected: list[str]) -> None:
    assert names(catalog.by_env(env)) == expected


def test_compatible_services_are_accepted(catalog: Catalog) -> None:
    r2, s3, minio = catalog.get("Cloudflare R2"), catalog.get("AWS S3"), catalog.get("MinIO")
    assert r2 is not None and s3 is not None and minio is not None
    assert catalog.accepts(r2, s3)
    assert catalog.accepts(s3, s3)
    assert not catalog.accepts(s3, r2)
    assert not catalog.accepts(r2, minio)
    groq, openai = catalog.get("Groq"), catalog.get("OpenAI")
    assert groq is not None and openai is not None and catalog.accepts(groq, openai)


# ------------------------------------------------------------------------------------- config extras


def extra_entry(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "Acme Billing",
        "aliases": ["Acme", "Acme Billing API"],
        "category": "apis",
        "kind": "Internal billing",
        "signals": {
            "packages": {"npm": ["@acme/billing-client"]},
            "hosts": ["billing.acme.internal"],
            "env": ["ACME_*"],
        },
    }
    entry.update(overrides)
    return entry


def test_extra_entry_extends(catalog: Catalog) -> None:
    extended = load_catalog([extra_entry()])
    assert len(extended) == len(catalog) + 1
    hit = extended.match_name("Acme Billing API")
    assert hit is not None and hit.name == "Acme Billing"
    assert names(extended.by_package("npm", "@acme/billing-client")) == ["Acme Billing"]
    assert names(extended.by_host("eu.billing.acme.internal")) == ["Acme Billing"]
    assert names(extended.by_env("ACME_TOKEN")) == ["Acme Billing"]
    assert extended.match_name("Stripe") is not None  # built-ins still there
    assert (
        load_catalog() is catalog and catalog.match_name("Acme") is None
    )  # the built-in catalog is untouched


def test_extra_entry_with_same_name_replaces(catalog: Catalog) -> None:
    replaced = load_catalog(
        [{"name": "stripe", "category": "apis", "signals": {"packages": {"npm": ["@acme/stripe-wrapper"]}}}]
    )
    assert len(replaced) == len(catalog)
    assert names(replaced.by_package("npm", "@acme/stripe-wrapper")) == ["stripe"]
    assert replaced.by_package("npm", "stripe") == []
    assert replaced.get("Stripe Checkout") is None  # the built-in aliases went with the entry
    hit = replaced.match_name("Stripe")
    assert hit is not None and hit.name == "stripe"


def test_extra_alias_wins_over_builtin_alias() -> None:
    extended = load_catalog([extra_entry(name="Acme Cache", aliases=["Memcache"], category="caching")])
    hit = extended.match_name("Memcache")
    assert hit is not None and hit.name == "Acme Cache"
    hit = extended.match_name("Memcached")
    assert hit is not None and hit.name == "Memcached"


def test_extra_compatible_with_builtin() -> None:
    extended = load_catalog(
        [extra_entry(name="Acme Object Store", category="storage", compatible=["AWS S3"])]
    )
    acme, s3 = extended.get("Acme Object Store"), extended.get("S3")
    assert acme is not None and s3 is not None and extended.accepts(acme, s3)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (extra_entry(category="payments"), "'Acme Billing' (entry 1): category: Input should be"),
        (
            extra_entry(signals={"env": ["ACME_TOKEN"]}),
            "'Acme Billing' (entry 1): needs at least one signal besides env",
        ),
        (extra_entry(signals={"packages": {"pypi": ["Acme_Billing"]}}), "write it normalised"),
        (extra_entry(signals={"packages": {"cargo": ["acme"]}}), "signals.packages.cargo: unknown key"),
        (extra_entry(signals={"imports": ["(unclosed"]}), "import regex '(unclosed'"),
        (extra_entry(signals={"hosts": ["https://acme.com/api"]}), "host 'https://acme.com/api'"),
        (extra_entry(signals={"images": ["ghcr.io/acme/app:1"]}), "image 'ghcr.io/acme/app:1'"),
        (extra_entry(signals={"images": ["library/acme"]}), "without registry host or library/ prefix"),
        (extra_entry(signals={"schemes": ["Acme://"]}), "scheme 'Acme://': a lower-case URL scheme"),
        (extra_entry(signals={"hosts": ["acme.com"], "env": ["AC*"]}), "env 'AC*': an upper-case"),
        (extra_entry(signals={"hosts": ["acme.com"], "env": ["acme_token"]}), "env 'acme_token'"),
        (extra_entry(colour="blue"), "colour: unknown key"),
        (extra_entry(name=""), "entry 1: name:"),
        (
            extra_entry(compatible=["Nonexistent Service"]),
            "compatible service 'Nonexistent Service' is not in the catalog",
        ),
    ],
)
def test_invalid_extra_entry_names_the_entry(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog([entry])
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, UsageError)


def test_second_extra_entry_is_named() -> None:
    with pytest.raises(CatalogError, match=r"'Broken' \(entry 2\)"):
        load_catalog([extra_entry(), {"name": "Broken", "category": "apis"}])


def test_extra_entry_not_a_mapping() -> None:
    with pytest.raises(CatalogError, match="entry 1: expected a mapping"):
        load_catalog(["Stripe"])  # type: ignore[list-item]


def test_duplicate_extra_entries() -> None:
    with pytest.raises(CatalogError, match="shares the name or alias 'acme'"):
        load_catalog([extra_entry(), extra_entry(name="Acme", aliases=[])])


def test_two_extra_entries_with_one_name() -> None:
    # The same name twice would leave two entries for one service in the catalog.
    with pytest.raises(CatalogError, match=r"'Acme Billing' \(entry 2\): duplicate canonical name"):
        load_catalog([extra_entry(), extra_entry()])


def test_every_vendor_has_entries_and_its_listed_ones_exist(catalog: Catalog) -> None:
    from integrations_drift.catalog import VendorsFile
    from integrations_drift.datafiles import load

    for vendor in load("vendors.yml", VendorsFile).vendors:
        assert catalog.vendor_services(vendor.name), vendor.name
        for name in vendor.services:
            assert catalog.get(name) is not None, (vendor.name, name)
