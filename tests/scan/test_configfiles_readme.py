"""A README's fenced blocks of settings are deployment sets; other blocks and prose set nothing."""

from __future__ import annotations

from textwrap import dedent

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def sets(path: str, text: str) -> list[tuple[str, int, str, str]]:
    found = scan_config_file(SourceFile(path, dedent(text).encode()))
    return [(r.name, r.line, r.use, r.source) for r in found]


README = """\
# Shop

Set SHOP_IN_PROSE=1 if you like.

* Environment:

  ```
  DATABASE_URL        postgres://[user]:[password]@db/shop
  SECRET_KEY_BASE     [random generated key]
  PORT                9000
  ```

```sh
export MAIL_FROM="shop@example.org"
MAIL_HOST=smtp.example.org
```

```sh
RAILS_ENV=production bin/rails db:setup
SKIPPED_TOO=1
```

~~~
ONLY_ONE=1
~~~

```yaml
services:
  NOT_A_SETTING: 1
```
"""


def test_blocks_that_only_set_variables() -> None:
    assert sets("README.md", README) == [
        ("DATABASE_URL", 8, "set", "readme"),
        ("SECRET_KEY_BASE", 9, "set", "readme"),
        ("PORT", 10, "set", "readme"),
        ("MAIL_FROM", 14, "set", "readme"),
        ("MAIL_HOST", 15, "set", "readme"),
    ]


def test_only_deployment_instructions_are_read() -> None:
    assert sets("docs/guide.md", README) == []
    assert sets("INSTALL.md", README) != []


def test_an_unclosed_block_sets_nothing() -> None:
    assert sets("README.md", "```\nA_ONE=1\nA_TWO=2\n") == []


def test_docker_run_flags_in_any_block_set_their_variable() -> None:
    text = """\
    ```sh
    docker run --publish 80:80 \\
      --env SECRET_KEY_BASE=$KEY \\
      -e TLS_DOMAIN=chat.example.com --env=DISABLE_SSL=true \\
      -v data:/data image
    ```
    Run with `-e NOT_IN_A_BLOCK=1`.
    """
    assert sets("docs/self-hosting.md", text) == [
        ("SECRET_KEY_BASE", 3, "set", "readme"),
        ("DISABLE_SSL", 4, "set", "readme"),
        ("TLS_DOMAIN", 4, "set", "readme"),
    ]


def test_guides_of_the_documentation_folder_are_the_projects_own() -> None:
    text = "```\nAPP_A=1\nAPP_B=2\n```\n"

    def support(path: str) -> set[bool]:
        return {r.is_support for r in scan_config_file(SourceFile(path, text.encode(), True))}

    assert support("docs/install/docker.md") == {False}
    assert support("examples/shop/README.md") == {True}


def test_compose_environment_and_inline_assignments_in_a_guide() -> None:
    text = """\
    Start it with compose:

    ```yaml
    services:
      app:
        image: shop:latest
        environment:
          - QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db/shop
          - "SHOP_MODE=prod"
        ports:
          - 8080:8080
      db:
        image: postgres
        environment:
          POSTGRES_USER: shop
          'POSTGRES_DB': shop
        volumes:
          - NOT_ENV=1
    ```

    For MySQL set `QUARKUS_DATASOURCE_DB_KIND=mysql`; `RAILS_ENV=production bin/rails s` runs a
    command, and `SHOP_NAME` alone names a variable without setting it.
    """
    assert sets("docs/install.md", text) == [
        ("QUARKUS_DATASOURCE_JDBC_URL", 8, "set", "readme"),
        ("SHOP_MODE", 9, "set", "readme"),
        ("POSTGRES_USER", 15, "set", "readme"),
        ("POSTGRES_DB", 16, "set", "readme"),
        ("QUARKUS_DATASOURCE_DB_KIND", 21, "set", "readme"),
    ]


def test_tables_of_variables_in_configuration_guides() -> None:
    text = """\
    # Configuration

    | Environment variable | Default | Description |
    |---|---|---|
    | `SHOP_MAIL_HOST` | `localhost` | the SMTP relay |
    | `SHOP_MAIL_PORT`, `SHOP_MAIL_TLS` | `25` | its port, `SHOP_IN_A_CELL` too |

    | Option | Description |
    |---|---|
    | `SHOP_NOT_A_VARIABLE` | a table of something else |

    Set `SHOP_IN_PROSE` as you like.
    """
    want = [
        ("SHOP_MAIL_HOST", 5, "set", "readme"),
        ("SHOP_IN_A_CELL", 6, "set", "readme"),
        ("SHOP_MAIL_PORT", 6, "set", "readme"),
        ("SHOP_MAIL_TLS", 6, "set", "readme"),
    ]
    for path in ("docs/configuration.md", "CONFIGURATION.md", "docs/environment-variables.md", "README.md"):
        assert sets(path, text) == want
    assert sets("docs/usage.md", text) == []
