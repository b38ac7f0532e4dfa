"""A repository as an attacker would write it: live-looking credentials in the document and in code,
and names that carry a workflow command after a line break. Every command in every format runs on it;
no credential ever comes out, and no line starts a workflow command that is not one of ours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.fix import FixOutcome
from integrations_drift.report import REPORTERS
from tests.gitrepo import commit, git, make_repo

# Built from pieces so that no scanner mistakes this file for a leak.
STRIPE = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZ"
GITHUB = "ghp_" + "Zx8Kq2Lm9Wv4Tn7Rb1Yc5Hd3Jf6Gs0Pa2Qe8"
SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
PASSWORD = "Qm7" + "wT4zRb"
RANDOM = "9f86d081884c7d659a2feaa0c55ad015" + "a3bf4f1b2b0b822cd15d6c15b0f00a08"
SECRETS = (STRIPE, GITHUB, SLACK, PASSWORD, RANDOM)
INJECT = "\n::error::PWNED\n::add-mask::PWNED\n::stop-commands::PWNED\n"
EVIL_DIR = "app/x" + INJECT.replace("\n", "\n ").rstrip()
OURS = re.compile(r"::(error|warning|notice) (file|title)=")

DOC = f"""# External Integrations

## Payments

| Service | Type | Purpose | Configuration Location |
|---------|------|---------|------------------------|
| Stripe | Payments | Billing, token {GITHUB} | `app/old_billing.py` |

## Environment Variables

| Variable | Required | Purpose | Example |
|----------|----------|---------|---------|
| `STRIPE_SECRET_KEY` | Yes | Payments | `{STRIPE}` |
| `DATABASE_URL` | Yes | Database | `postgres://app:{PASSWORD}@db.internal/app` |
| `SIGNING_KEY` | Yes | Signatures | `{RANDOM}` |
"""

FILES: dict[str, str | bytes] = {
    "INTEGRATIONS.md": DOC,
    "app/billing.py": (
        "import os\nimport stripe\n"
        f'stripe.api_key = os.getenv("STRIPE_SECRET_KEY", "{STRIPE}")\n'
        'URL = os.environ["DATABASE_URL"]\nKEY = os.environ["SIGNING_KEY"]\n'
    ),
    "app/old_billing.py": "# moved\n",
    f"{EVIL_DIR}/hook.py": f'import os\nTOKEN = os.getenv("SLACK_BOT_TOKEN", "{SLACK}")\n',
    "requirements.txt": "stripe==9.0.0\n",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def assert_safe(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    for line in re.split(r"\r\n|\r|\n", text):
        body = line.lstrip()
        assert not body.startswith("::") or OURS.match(body), line
        assert "##[" not in line, line


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "r", FILES)
    # A rename that git sees: the replace-row suggestion would copy the row's cells.
    git(root, "mv", "app/old_billing.py", "app/payments.py")
    commit(root, "move")
    return root


def _written(root: Path, before: set[Path]) -> str:
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and p not in before and p.name != "INTEGRATIONS.md"
    )


def test_every_format_of_check(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for reporter in REPORTERS:
        code, text = _run(capsys, "check", str(repo), "--format", reporter.name)
        assert code == 1, reporter.name
        assert_safe(text)
        out = tmp_path / f"report.{reporter.name}"
        code, text = _run(capsys, "check", str(repo), "--format", reporter.name, "--output", str(out))
        assert_safe(text + out.read_text(encoding="utf-8"))


def test_the_findings_name_the_credentials_without_their_values(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = _run(capsys, "check", str(repo), "--format", "text")
    assert code == 1 and "secret-in-doc" in text
    for what in (
        "Stripe live key",
        "GitHub token",
        "connection string with a password",
        "high-entropy string",
    ):
        assert what in text, what
    assert "sk_live_…" in text and "postgres://app:…@db.internal" in text


def test_a_replace_row_suggestion_shows_redacted_cells(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = _run(capsys, "check", str(repo), "--format", "json")
    assert code == 1
    (cells,) = [
        f["suggestion"]["cells"]
        for f in json.loads(text)["findings"]
        if f["kind"] == "missing-config-location"
    ]
    assert cells == ["Stripe", "Payments", "Billing, token ghp_…", "`app/payments.py`"]


def test_pr_mode(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD~1")
    for reporter in REPORTERS:
        code, text = _run(capsys, "check", str(repo), "--base", base, "--format", reporter.name)
        assert code in (0, 1)
        assert_safe(text)


def test_fix_dry_run_and_fix(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(capsys, "fix", str(repo), "--dry-run")
    assert code == 0 and "+++ b/INTEGRATIONS.md" in text
    assert_safe(text)
    code, text = _run(capsys, "fix", str(repo))
    assert code == 0
    assert_safe(text)
    # The document keeps its own cells: fix never rewrites a cell to its redacted form.
    doc = (repo / "INTEGRATIONS.md").read_text(encoding="utf-8")
    assert STRIPE in doc and GITHUB in doc and "`app/payments.py`" in doc and "SLACK_BOT_TOKEN" in doc
    assert SLACK not in doc  # a default read from code is never copied into the document


def test_baseline_and_init(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p for p in repo.rglob("*") if p.is_file()}
    code, text = _run(capsys, "baseline", str(repo))
    assert code == 0
    assert_safe(text)
    code, text = _run(capsys, "init", str(repo), "--output", "NEW.md")
    assert code == 0
    assert_safe(text + (repo / "NEW.md").read_text(encoding="utf-8"))
    assert_safe(_written(repo, before))


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{repo}", "--doc", "docs/x" + INJECT + ".md"],
        ["check", "{repo}", "--baseline", "b" + INJECT + ".yml"],
        ["check", "{repo}", "--config", "c" + INJECT + ".yml"],
        ["check", "{repo}", "--format", "text" + INJECT],
        ["check", "{repo}", "--base", "main" + INJECT],
        ["fix", "{repo}", "--doc", "d" + INJECT + ".md"],
        ["fix", "{repo}", "--only", "kind" + INJECT],
        ["baseline", "{repo}", "--output", "nope" + INJECT + "/b.yml"],
        ["init", "{repo}", "--output", "nope" + INJECT + "/I.md"],
        ["check", "/nonexistent" + INJECT],
    ],
)
def test_usage_errors_carry_no_workflow_command(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, text = _run(capsys, *(a.replace("{repo}", str(repo)) for a in argv))
    assert code == 2
    assert len(text.strip().splitlines()) == 1, text
    assert_safe(text)


def test_config_keys_and_a_document_path_carry_no_workflow_command(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".integrations-drift.yml").write_text(f'"bad{INJECT.strip()!s}": 1\n'.replace("\n:", "\\n:"))
    code, text = _run(capsys, "check", str(repo))
    assert code == 2
    assert_safe(text)
    (repo / ".integrations-drift.yml").unlink()
    odd = "docs/d" + INJECT.replace("\n", "\n ").rstrip()
    (repo / odd).mkdir(parents=True)
    (repo / odd / "INTEGRATIONS.md").write_text(DOC.replace("app/old_billing.py", "app/gone.py"))
    commit(repo, "odd doc")
    for argv in (["fix", "--dry-run"], ["fix"], ["check", "--format", "github"], ["baseline"]):
        code, text = _run(capsys, argv[0], str(repo), "--doc", f"{odd}/INTEGRATIONS.md", *argv[1:])
        assert code in (0, 1), text
        assert_safe(text)


def test_the_dry_run_diff_hides_values_and_neutralises_its_headers() -> None:
    before = f"| `A` | Yes | x | `{RANDOM}` |\n| `B` | Yes | token {GITHUB} | `{STRIPE}` |\n"
    after = before + "| `C` | No | TODO | `<secret>` |\n"
    diff = FixOutcome("d" + INJECT + ".md", before, after).diff()
    assert "+| `C` | No | TODO | `<secret>` |" in diff and "| `B` | Yes | token ghp_… | `sk_live_…` |" in diff
    assert_safe(diff)
    assert diff.count("\n") == 6  # two headers, the hunk line, three rows: the name is one line
