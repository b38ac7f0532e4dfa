"""Docker-secrets twins: ``<NAME>_FILE`` read as ``name + "_FILE"`` is covered by a documented NAME."""

from __future__ import annotations

from integrations_drift.rules import BY_KIND
from tests.rules.memory import rule_context

ENV_HEADER = "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"
CODE = """\
import os

SECRETS = ["DB_PASSWORD", "API_TOKEN"]


def secret(name):
    path = os.getenv(name + "_FILE")
    if path:
        return open(path).read()
    return os.environ[name]


values = {s: secret(s) for s in SECRETS}
"""


def subjects(doc_rows: str) -> list[str]:
    doc = f"# External Integrations\n\n## Environment Variables\n\n{ENV_HEADER}{doc_rows}\n"
    rule = BY_KIND["undocumented-env-var"]
    return sorted(f.subject for f in rule.check(rule_context(doc, {"app/secrets.py": CODE})))


def test_a_documented_base_covers_its_file_twin() -> None:
    assert subjects("| `DB_PASSWORD` | Yes | db | `x` |\n| `API_TOKEN` | Yes | api | `x` |") == []


def test_an_undocumented_base_reports_both() -> None:
    assert subjects("| `DB_PASSWORD` | Yes | db | `x` |") == ["API_TOKEN", "API_TOKEN_FILE"]


def test_a_literal_file_variable_is_not_a_twin() -> None:
    doc = f"# External Integrations\n\n## Environment Variables\n\n{ENV_HEADER}| `CERT` | Yes | tls | `x` |\n"
    rule = BY_KIND["undocumented-env-var"]
    found = rule.check(rule_context(doc, {"app/tls.py": 'import os\nos.getenv("CERT_FILE")\n'}))
    assert [f.subject for f in found] == ["CERT_FILE"]
