"""secret-in-doc: credentials in document cells are found, and only their redacted form is shown."""

from __future__ import annotations

import time

import pytest

from integrations_drift.rules import BY_KIND, run_rules
from integrations_drift.secrets import find_secrets, redact
from tests.rules.memory import example, rule_context

ENV_HEADER = "| Variable | Required | Purpose | Example |\n|---|---|---|---|\n"
RULE = BY_KIND["secret-in-doc"]

# Built from pieces so that no scanner mistakes this file for a leak.
LIVE = {
    "AWS access key ID": "AKIA" + "Q3EGRTZXKLMN4PQR",
    "Stripe live key": "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZ",
    "GitHub token": "ghp_" + "Zx8Kq2Lm9Wv4Tn7Rb1Yc5Hd3Jf6Gs0Pa2Qe8",
    "GitHub fine-grained token": "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
    "Slack token": "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "JSON Web Token": "eyJhbGciOiJIUzI1NiJ9."
    + "eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "connection string with a password": "postgres://app:" + "Xk9vP2qLm" + "@db.internal:5432/app",
    "private key": "-----BEGIN RSA " + "PRIVATE KEY-----MIIEpAIBAAKCAQEA",
}
SECRET_PART = {"connection string with a password": "Xk9vP2qLm", "private key": "MIIEpAIBAAKCAQEA"}


def doc_with(cell: str, column: str = "Example") -> str:
    header = f"| Variable | Required | Purpose | {column} |\n|---|---|---|---|\n"
    return f"# External Integrations\n\n## Environment Variables\n\n{header}| `APP_KEY` | Yes | Auth | {cell} |\n"


def test_documented_examples() -> None:
    passing = (
        "# External Integrations\n\n## Environment Variables\n\n" + ENV_HEADER + example(RULE, "Passing")
    )
    failing = (
        "# External Integrations\n\n## Environment Variables\n\n" + ENV_HEADER + example(RULE, "Failing")
    )
    assert list(RULE.check(rule_context(passing))) == []
    found = list(RULE.check(rule_context(failing)))
    assert [(f.kind, f.severity, f.subject, f.doc_line) for f in found] == [
        ("secret-in-doc", "error", "`DATABASE_URL`", 7)
    ]
    assert "Xk9vP2qLm" not in found[0].message and "postgres://app:…@db.internal" in found[0].message


@pytest.mark.parametrize("what", sorted(LIVE))
def test_each_known_format_is_found_in_any_column_and_shown_redacted(what: str) -> None:
    value = LIVE[what]
    for column in ("Example", "Purpose"):
        found = list(RULE.check(rule_context(doc_with(f"`{value}`", column))))
        assert len(found) == 1, (what, column)
        assert what in found[0].message
        hidden = SECRET_PART.get(what, value[8:])
        text = found[0].model_dump_json()
        assert hidden not in text


@pytest.mark.parametrize(
    "cell",
    [
        "`AKIAIOSFODNN7EXAMPLE`",  # AWS's documented example key
        "`postgres://user:password@localhost:5432/app`",
        "`amqp://guest:guest@localhost:5672/`",
        "`postgres://postgres:postgres@localhost/db`",
        "`postgres://app:${DB_PASSWORD}@db/app`",
        "`sk_live_...`",
        "`<secret>`",
        "`your-stripe-secret-key-goes-here-1234`",
        "`https://api.example.com/v1/customers`",
        "`src/integrations_drift/report/markdown.py`",
        "`SOME_VERY_LONG_ENVIRONMENT_VARIABLE_NAME_2`",
    ],
)
def test_placeholders_and_ordinary_values_are_not_secrets(cell: str) -> None:
    assert list(RULE.check(rule_context(doc_with(cell)))) == []


def test_high_entropy_strings_count_in_example_cells_only() -> None:
    token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    found = list(RULE.check(rule_context(doc_with(f"`{token}`"))))
    assert [f.message.split(" in ")[0] for f in found] == ["high-entropy string"]
    assert token not in found[0].model_dump_json()
    assert list(RULE.check(rule_context(doc_with(f"`{token}`", "Purpose")))) == []


def test_redact_keeps_the_text_around_and_only_the_public_prefix() -> None:
    text = f"use {LIVE['Stripe live key']} or {LIVE['AWS access key ID']}."
    assert redact(text) == "use sk_live_… or AKIA…."


def _seconds(text: str) -> float:
    start = time.perf_counter()
    find_secrets(text, entropy=True)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit", ["eyJ", "eyJa.", "a:b", "postgres://u:", "sk_live_", "AKIA", "-----BEGIN ", "x" * 50 + " "]
)
def test_time_grows_linearly_with_a_crafted_cell(unit: str) -> None:
    small, large = unit * (100_000 // len(unit)), unit * (1_000_000 // len(unit))
    _seconds(small)  # warm the compiled patterns
    t_small = min(_seconds(small) for _ in range(3))
    t_large = min(_seconds(large) for _ in range(3))
    # Ten times the input: linear is ~10x; quadratic would be ~100x. Generous for a loaded machine.
    assert t_large < max(t_small, 5e-3) * 40, (unit, t_small, t_large)


def test_no_rule_quotes_a_credential() -> None:
    # A row's name is quoted by other rules (here a missing location): it is hidden there too.
    doc = (
        "# External Integrations\n\n## Payments\n\n"
        "| Service | Type | Purpose | Configuration Location |\n|---|---|---|---|\n"
        f"| Stripe {LIVE['Stripe live key']} | Payments | Billing | `app/gone.py` |\n"
    )
    findings = run_rules(rule_context(doc, {"app/billing.py": "import stripe\n"}))
    assert {f.kind for f in findings} >= {"missing-config-location", "secret-in-doc"}
    for f in findings:
        assert LIVE["Stripe live key"][8:] not in f.model_dump_json() + f.fix, f.kind
