"""Spring placeholders and ERB in YAML: env reads, with has_default when a fallback is given."""

from __future__ import annotations

import pytest

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.env.scanner import scan_env
from integrations_drift.scan.files import is_support_path
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool]]:
    found = scan_config_file(SourceFile(path, text.encode()))
    return [(r.name, r.line, r.use, r.has_default) for r in found if r.source not in _KEYS]


# binder evidence: property keys in placeholders, the keys the file gives values, and `${X}` in
# other YAML (reads only where the application substitutes them: see test_env_jvm's Dropwizard cases)
_KEYS = frozenset({"spring-key", "spring-value", "yaml-env"})


SPRING_YAML = """\
spring:
  datasource:
    url: ${DATABASE_URL}
    password: ${DB_PASSWORD:}
    username: ${spring.application.name}
    pool: ${pool_size:10}
  # ignored: ${COMMENTED}
server:
  port: ${PORT:${FALLBACK_PORT:8080}}
  path: ${SERVER.PATH}
  id: ${__}
"""


@pytest.mark.parametrize(
    "path",
    [
        "src/main/resources/application.yml",
        "src/main/resources/application-prod.yaml",
        "config/bootstrap.yml",
        # a JVM module's resources, whatever name `spring.config.name` gives them
        "application/src/main/resources/thingsboard.yml",
        "transport/mqtt/src/main/resources/tb-mqtt-transport.yaml",
        "src/main/resources/tb-edge.yaml",
    ],
)
def test_spring_yaml(path: str) -> None:
    assert refs(path, SPRING_YAML) == [
        ("DATABASE_URL", 3, "read", False),
        ("DB_PASSWORD", 4, "read", True),
        ("FALLBACK_PORT", 9, "read", True),
        ("PORT", 9, "read", True),
    ]


def test_spring_properties() -> None:
    text = (
        "# commented=${IN_COMMENT}\n"
        "! also=${BANG_COMMENT}\n"
        "spring.datasource.url=${JDBC_URL:jdbc:h2:mem:x}#${AFTER_HASH}\n"
        "app.ref=${app.other}\n"
    )
    out = scan_config_file(SourceFile("src/main/resources/application-dev.properties", text.encode()))
    assert [(r.name, r.line, r.use, r.has_default, r.source) for r in out] == [
        ("AFTER_HASH", 3, "read", False, "spring"),
        ("JDBC_URL", 3, "read", True, "spring"),
        ("APP_OTHER", 4, "read", False, "spring-key"),
    ]


def test_spring_property_keys_are_binder_evidence() -> None:
    files = {
        "src/main/resources/application.yml": "app:\n  base: ${app.external-url:http://localhost}\n  x: ${app.unset}\n",
        "docker-compose.yml": "services:\n  app:\n    image: x\n    environment:\n      APP_EXTERNAL_URL: https://x\n",
    }
    got = scan_env(SourceFile(p, t.encode()) for p, t in files.items()).refs
    assert {(r.name, r.line, r.has_default, r.is_support) for r in got if r.source == "spring-key"} == {
        ("APP_EXTERNALURL", 2, True, True),
        ("APP_EXTERNAL_URL", 2, True, False),
        ("APP_UNSET", 3, False, True),
    }


def test_placeholders_in_other_yaml_are_not_spring() -> None:
    assert refs("config/other.yml", SPRING_YAML) == []


DATABASE_YML = """\
default: &default
  adapter: postgresql
  url: <%= ENV["DATABASE_URL"] %>
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>
  host: <%= ENV.fetch('DB_HOST', 'localhost') %>
  user: <%= ENV['DB_USER'] || 'postgres' %>
  role: <%= ENV["DB_ROLE"].presence || "app" %>
  must: <%= ENV.fetch("MUST_BE_SET") %>
  # legacy: <%= ENV["IN_YAML_COMMENT"] %>
  <%# ENV["IN_ERB_COMMENT"] %>
  port: <%= ENV.fetch "DB_PORT", 5432 %>
production:
  <<: *default
  password: <%=
    ENV.fetch("SPLIT_ACROSS") do
      "x"
    end
  %>
"""


def test_erb_in_rails_yaml() -> None:
    out = scan_config_file(SourceFile("config/database.yml", DATABASE_YML.encode()))
    assert [(r.name, r.line, r.use, r.has_default) for r in out] == [
        ("DATABASE_URL", 3, "read", False),
        ("RAILS_MAX_THREADS", 4, "read", True),
        ("DB_HOST", 5, "read", True),
        ("DB_USER", 6, "read", True),
        ("DB_ROLE", 7, "read", True),
        ("MUST_BE_SET", 8, "read", False),
        ("DB_PORT", 11, "read", True),
        ("SPLIT_ACROSS", 15, "read", True),
    ]
    assert {r.source for r in out} == {"erb"}


def test_erb_fallback_after_a_conversion() -> None:
    text = "pool: <%= ENV['POOL']&.to_i || 5 %>\nhost: <%= ENV['HOST'].to_s %>\n"
    assert refs("config/database.yml", text) == [("POOL", 1, "read", True), ("HOST", 2, "read", False)]


def test_erb_in_yml_erb_file() -> None:
    assert refs("config/storage.yml.erb", "bucket: <%= ENV['BUCKET'] %>\n") == [("BUCKET", 1, "read", False)]


def test_erb_in_rails_views() -> None:
    view = (
        "<p>Don't forget: ENV['NOT_IN_A_TAG']</p>\n"
        "<% if ENV['ANALYTICS_TOKEN'] %>\n"
        '  <meta name="t" content="<%= ENV.fetch(\'ANALYTICS_TOKEN\', nil) %>">\n'
        "<% end %>\n"
    )
    for path in ("app/views/layouts/application.html.erb", "app/views/shared/_head.erb"):
        assert refs(path, view) == [
            ("ANALYTICS_TOKEN", 2, "read", False),
            ("ANALYTICS_TOKEN", 3, "read", True),
        ]


def test_env_outside_erb_tags_is_not_a_read() -> None:
    assert refs("config/cable.yml", 'note: ENV["PLAIN_TEXT"]\nx: <%= 1 %>\n') == []


def test_resources_outside_the_configuration_folders_are_not_configuration() -> None:
    for path in ("src/main/resources/i18n/messages.yml", "docs/src/main/resources/x.yml.txt"):
        assert refs(path, SPRING_YAML) == []


HOCON = """\
ktor {
  deployment {
    port = 8080
    port = ${?SERVICE_PORT}
  }
}
storage {
  url = ${BLOB_URL}
  label = "not ${IN_QUOTES}"  # nor ${IN_COMMENT}
  // nor ${IN_SLASH_COMMENT}
  path = ${storage.root}"/files"
  token = ${? API_TOKEN }
}
"""


@pytest.mark.parametrize(
    "path",
    [
        "src/main/resources/application.conf",
        "conf/application.prod.conf",
        "server/src/main/resources/worker.conf",
    ],
)
def test_hocon_substitutions_fall_back_to_the_environment(path: str) -> None:
    assert refs(path, HOCON) == [
        ("SERVICE_PORT", 4, "read", True),
        ("BLOB_URL", 8, "read", False),
        ("API_TOKEN", 12, "read", True),
    ]


def test_other_conf_files_are_not_hocon() -> None:
    assert refs("deploy/nginx/site.conf", HOCON) == []


def test_ktor_yaml_reads_dollar_variables() -> None:
    text = """\
ktor:
  deployment:
    port: "$PORT:8080"
    host: $BIND_HOST
  application:
    modules: [ app.ApplicationKt.module ]
storage:
  url: "$BLOB_URL"
  note: "costs $5"  # $NOT_IN_COMMENT
"""
    assert refs("src/main/resources/application.yaml", text) == [
        ("PORT", 3, "read", True),
        ("BIND_HOST", 4, "read", False),
        ("BLOB_URL", 8, "read", False),
    ]
    # without Ktor, a dollar word is plain text
    assert refs("src/main/resources/application.yaml", text.replace("ktor:", "app:")) == []


SYMFONY_YAML = """\
orders:
    dbal:
        url: '%env(resolve:ORDERS_DATABASE_URL)%'
        # url: '%env(COMMENTED_OUT)%'
    cache:
        ttl: '%env(int:default:orders.ttl:ORDERS_CACHE_TTL)%'
        region: "%env(default::ORDERS_REGION)%"
        plain: '%kernel.project_dir%/var'

when@test:
    orders:
        suffix: '_test%env(default::ORDERS_TEST_SHARD)%'

when@prod:
    orders:
        secret: '%env(ORDERS_SECRET)%'
"""


def test_symfony_env_placeholders_in_yaml() -> None:
    out = scan_config_file(SourceFile("config/packages/orders.yaml", SYMFONY_YAML.encode()))
    assert [(r.name, r.line, r.has_default, r.is_support, r.source) for r in out] == [
        ("ORDERS_DATABASE_URL", 3, False, False, "symfony"),
        ("ORDERS_CACHE_TTL", 6, True, False, "symfony"),
        ("ORDERS_REGION", 7, True, False, "symfony"),
        # a `when@test:` block runs only in the test kernel: evidence, never a row
        ("ORDERS_TEST_SHARD", 12, True, True, "symfony"),
        ("ORDERS_SECRET", 16, False, False, "symfony"),
    ]


def test_symfony_dev_and_test_configuration_is_tooling() -> None:
    assert is_support_path("config/packages/test/mailer.yaml")
    assert is_support_path("config/routes/dev/web_profiler.yaml")
    assert is_support_path("app/config/config_dev.yml")
    assert is_support_path("config/services_test.yaml")
    assert not is_support_path("app/config/config_prod.yml")
    assert not is_support_path("config/packages/mailer.yaml")
