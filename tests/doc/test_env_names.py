"""Variable names as the document writes them: any case in an Environment Variables table (the
process environment is case-sensitive), never the values and code words around them."""

from __future__ import annotations

from integrations_drift.doc.model import RefKind
from integrations_drift.doc.parse import parse_document
from integrations_drift.rules import BY_KIND
from tests.rules.memory import rule_context

ENV_TABLE = """\
# External Integrations

## Environment Variables

| Variable | Required | Purpose | Example |
|---|---|---|---|
| `LDAP_TLS_Cert_x509` | No | Client certificate | `/certs/client.pem` |
| `notification_proxy` | No | Proxy for notifications | `http://proxy:3128` |
| `db_user`, `DB_PASSWORD` | Yes | Database login, see also `JELLYFIN_FFmpeg__probesize` | `app` |
| `ND_*` | No | Every setting of the server, `snake_case` keys | `true` |
| `LOG_LEVEL` | No | One of `info`, `debug`, `log_level` | `info` |

## Routes

| Route | Handler |
|---|---|
| `/api/users` | `list_users` and `Get_user` |

Prose mentions `some_setting` and `Mixed_Case` without making them variables.
"""


def test_env_table_names_in_any_case() -> None:
    doc = parse_document(ENV_TABLE.encode())
    (table,) = doc.tables_of("env")
    names = [[r.value for c in row.cells for r in c.refs_of(RefKind.ENV)] for row in table.entries()]
    assert names == [
        ["LDAP_TLS_Cert_x509"],
        ["notification_proxy"],
        ["DB_PASSWORD", "db_user", "JELLYFIN_FFmpeg__probesize"],
        ["ND_*"],
        ["LOG_LEVEL"],
    ]
    mentioned = doc.mentioned_env_names()
    assert {"LDAP_TLS_Cert_x509", "notification_proxy", "db_user", "JELLYFIN_FFmpeg__probesize"} <= mentioned
    # values, code words, other tables and prose stay what they are
    assert not mentioned & {"info", "debug", "true", "log_level", "snake_case", "list_users", "Get_user"}
    assert not mentioned & {"some_setting", "Mixed_Case"}


def test_env_bullets_name_variables_in_any_case() -> None:
    doc = parse_document(
        b"# External Integrations\n\n## Environment Variables\n\n**Optional:**\n\n"
        b"- `notification_proxy` - proxy for outgoing notifications (`true` to use the system one)\n"
    )
    assert doc.mentioned_env_names() == {"notification_proxy"}


def test_a_row_that_differs_only_by_case_is_reported_with_both_names() -> None:
    rule = BY_KIND["undocumented-env-var"]
    doc = (
        "# External Integrations\n\n## Environment Variables\n\n"
        "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"
        "| `JELLYFIN_FFMPEG__PROBESIZE` | No | Probe size | `1G` |\n"
        "| `notification_proxy` | No | Proxy | `http://proxy` |\n"
    )
    files = {
        "Server/Config.cs": (
            'var p = Environment.GetEnvironmentVariable("JELLYFIN_FFmpeg__probesize");\n'
            'var q = Environment.GetEnvironmentVariable("notification_proxy");\n'
        )
    }
    found = [f for f in rule.check(rule_context(doc, files)) if f.kind == rule.kind]
    assert [f.subject for f in found] == ["JELLYFIN_FFmpeg__probesize"]
    assert found[0].message.endswith(
        "documented as JELLYFIN_FFMPEG__PROBESIZE but the code reads JELLYFIN_FFmpeg__probesize; "
        "names are case-sensitive"
    )
    # the fix writes the row's name as the code spells it, keeping the rest of the row
    assert found[0].suggestion is not None
    assert found[0].suggestion.action == "replace-row"
    assert found[0].suggestion.doc_line == 7
    assert found[0].suggestion.cells[0] == "`JELLYFIN_FFmpeg__probesize`"
    assert found[0].suggestion.cells[1:3] == ["No", "Probe size"]
    # and the row is not also stale: one mistake, one finding
    stale = BY_KIND["stale-env-var"]
    assert not [f for f in stale.check(rule_context(doc, files)) if f.kind == stale.kind]


def test_a_case_twin_is_stale_when_the_code_spelling_is_documented_too() -> None:
    stale = BY_KIND["stale-env-var"]
    doc = (
        "# External Integrations\n\n## Environment Variables\n\n"
        "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"
        "| `LOG_Level` | No | Old spelling | `info` |\n"
        "| `LOG_LEVEL` | No | Log level | `info` |\n"
    )
    files = {"app.py": 'import os\nos.getenv("LOG_LEVEL")\n'}
    found = [f for f in stale.check(rule_context(doc, files)) if f.kind == stale.kind]
    assert [f.subject for f in found] == ["LOG_Level"]
