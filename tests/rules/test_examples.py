"""Each rule's documented passing and failing examples (its docstring), run in memory: the passing
one yields no finding of the rule's kind, the failing one yields exactly the finding described."""

from __future__ import annotations

from integrations_drift.findings import Finding
from integrations_drift.rules import BY_KIND, RULES
from integrations_drift.rules.base import Rule
from tests.rules.memory import example, rule_context

SERVICE_HEADER = "| Service | Type | Purpose | Configuration Location |\n|---|---|---|---|\n"
ENV_HEADER = "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"


def kinds(rule: Rule, doc: str, files: dict[str, str] | None = None) -> list[Finding]:
    return [f for f in rule.check(rule_context(doc, files)) if f.kind == rule.kind]


def section(title: str, body: str) -> str:
    return f"# External Integrations\n\n## {title}\n\n{body}\n"


def test_every_rule_documents_both_examples_and_a_fix() -> None:
    for rule in RULES:
        assert example(rule, "Passing") and example(rule, "Failing")
        assert "\nFix: " in rule.doc, rule.kind
        assert rule.summary and rule.doc.startswith(f"{rule.kind}: "), rule.kind


def test_malformed_doc() -> None:
    rule = BY_KIND["malformed-doc"]
    # A readable service table beside the example, so the document is not also empty of tables.
    tables = (
        section("Caching", SERVICE_HEADER + "| Redis | Cache | Sessions | `app.py` |")
        + "\n## Environment Variables\n\n"
    )
    assert kinds(rule, tables + example(rule, "Passing")) == []
    found = kinds(rule, tables + example(rule, "Failing"))
    assert [(f.doc_line, f.message.split(" look")[0]) for f in found] == [(11, "lines 11-12")]


def test_undocumented_env_var() -> None:
    rule = BY_KIND["undocumented-env-var"]
    doc = section(
        "Environment Variables", ENV_HEADER + "| `STRIPE_SECRET_KEY` | Yes | Payments | `<secret>` |"
    )
    assert kinds(rule, doc, {"app/billing.py": "import os\n" + example(rule, "Passing")}) == []
    found = kinds(rule, doc, {"app/errors.py": "import os\n" + example(rule, "Failing")})
    assert [(f.subject, f.locations[0].path, f.locations[0].line) for f in found] == [
        ("SENTRY_DSN", "app/errors.py", 2)
    ]
    assert found[0].suggestion is not None and found[0].suggestion.cells[0] == "`SENTRY_DSN`"


def test_stale_env_var() -> None:
    rule = BY_KIND["stale-env-var"]
    passing = section("Environment Variables", ENV_HEADER + example(rule, "Passing"))
    assert kinds(rule, passing, {"app/cache.py": 'import os\nURL = os.environ["REDIS_URL"]\n'}) == []
    failing = section("Environment Variables", ENV_HEADER + example(rule, "Failing"))
    found = kinds(rule, failing, {"app/cache.py": 'import os\nURL = os.environ["REDIS_URL"]\n'})
    assert [(f.subject, f.doc_line) for f in found] == [("MEMCACHED_HOST", 7)]


def test_missing_config_location() -> None:
    rule = BY_KIND["missing-config-location"]
    files = {"src/db/client.ts": "export const db = 1\n"}
    header = "| Service | Purpose | Configuration Location |\n|---|---|---|\n"
    assert kinds(rule, section("Databases", header + example(rule, "Passing")), files) == []
    found = kinds(rule, section("Databases", header + example(rule, "Failing")), files)
    assert [f.subject for f in found] == ["src/db/config.ts"]


def test_undocumented_service() -> None:
    rule = BY_KIND["undocumented-service"]
    doc = section("Caching", SERVICE_HEADER + "| Redis | Cache | Sessions | `package.json` |")
    passing = "{\n" + example(rule, "Passing") + "}\n"
    assert kinds(rule, doc, {"package.json": passing}) == []
    failing = example(rule, "Failing").split("#")[0].strip() + "\n"
    found = kinds(rule, doc, {"package.json": passing, "requirements.txt": failing})
    assert [(f.subject, f.locations[0].path) for f in found] == [("Stripe", "requirements.txt")]


def test_stale_service() -> None:
    rule = BY_KIND["stale-service"]
    files = {"package.json": '{\n  "dependencies": { "pg": "^8.11.0" }\n}\n'}
    assert kinds(rule, section("Databases", SERVICE_HEADER + example(rule, "Passing")), files) == []
    found = kinds(rule, section("Caching", SERVICE_HEADER + example(rule, "Failing")), files)
    assert [(f.subject, f.doc_line) for f in found] == [("Memcached", 7)]


def test_placeholder_row() -> None:
    rule = BY_KIND["placeholder-row"]
    header, row = example(rule, "Passing").splitlines()
    passing = f"{header}\n|---|---|---|\n{row}\n"
    assert kinds(rule, section("Databases", passing)) == []
    failing = f"{header}\n|---|---|---|\n{example(rule, 'Failing')}"
    found = kinds(rule, section("Databases", failing))
    assert [(f.subject, f.doc_line) for f in found] == [("[e.g., PostgreSQL]", 7)]
