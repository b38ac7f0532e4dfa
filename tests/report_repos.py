"""Repositories that exercise every part of a report: drift in the code and in the document, an
unverified service, a finding accepted by the baseline, a stale baseline entry, an inline ignore."""

from __future__ import annotations

from pathlib import Path

import yaml

from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from tests.conftest import RepoFactory
from tests.gitrepo import commit, write

DOC = """# External Integrations

## Databases & Data Stores

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| PostgreSQL | Relational DB | Primary store | `app/db.py` |

## Caching

| Service | Purpose | Configuration |
|---------|---------|---------------|
| Acme Cache | cache | `app/gone.py` |

## Email & Notifications

| Service | Purpose | Configuration |
|---------|---------|---------------|
| [e.g., SendGrid] | [e.g., Transactional email] | [e.g., `src/email/sendgrid.ts`] |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `DATABASE_URL` | Yes | Database | `postgres://user:pass@localhost/db` |
| `OLD_HOST` | No | Legacy host | `old.example.com` |
"""

FILES: dict[str, str | bytes] = {
    "INTEGRATIONS.md": DOC,
    "app/db.py": 'import os\n\nURL = os.environ["DATABASE_URL"]\nTOKEN = os.environ["LEGACY_TOKEN"]\n',
    "app/pay.py": (
        "import os\nimport stripe\n\n"
        'stripe.api_key = os.environ["STRIPE_SECRET_KEY"]\n'
        'HOOK = os.environ["PAYMENT_HOOK"]  # integrations-drift: ignore[undocumented-env-var]\n'
    ),
    "requirements.txt": "psycopg==3.2.1\nstripe==11.4.1\n",
}
BASELINE = ".integrations-drift-baseline.yml"


def drifting_repo(repo_factory: RepoFactory) -> Path:
    """FILES, with a baseline that accepts LEGACY_TOKEN and holds an entry that matches nothing."""
    repo = repo_factory(FILES)
    findings = run_check(repo, load_settings(repo)).report.findings
    token = next(f for f in findings if f.subject == "LEGACY_TOKEN")
    accepted = [
        {
            "fingerprint": token.fingerprint,
            "kind": token.kind.value,
            "subject": "LEGACY_TOKEN",
            "reason": "x",
        },
        {"fingerprint": "0" * 20, "kind": "stale-env-var", "subject": "GONE_VAR", "reason": "fixed since"},
    ]
    write(repo, {BASELINE: yaml.safe_dump({"version": 1, "accepted": accepted})})
    commit(repo, "baseline")
    return repo
