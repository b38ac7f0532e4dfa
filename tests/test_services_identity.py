"""Which documented names a check accepts for which evidence: uncatalogued APIs named by their
domain, a vendor's name for its entries, drop-in replacements, job frameworks and their broker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.conftest import RepoFactory

HEADER = "| Service | Purpose | Configuration Location |\n|---|---|---|\n"


def doc(**tables: list[str]) -> str:
    headings = {
        "apis": "## Third-Party APIs",
        "auth": "## Authentication",
        "databases": "## Databases & Data Stores",
        "queues": "## Message Queues",
        "caching": "## Caching",
    }
    out = ["# External Integrations", ""]
    for table, rows in tables.items():
        out += [headings[table], "", HEADER + "\n".join(rows) + ("\n" if rows else "| Not detected | | |\n")]
    return "\n".join(out)


def check(capsys: pytest.CaptureFixture[str], repo: Path) -> dict:  # type: ignore[type-arg]
    main(["check", str(repo), "--format", "json", "--fail-on", "never"])
    out, _ = capsys.readouterr()
    report: dict = json.loads(out)  # type: ignore[type-arg]
    return report


def kinds(report: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f["kind"], f["subject"]) for f in report["findings"]}


def unverified(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    main(["check", str(repo), "--fail-on", "never"])
    out, _ = capsys.readouterr()
    return out


ZAP = {"server/notify/zap.js": 'await axios.post("https://api.zapnotify.net/1/messages.json", body);\n'}


def test_uncatalogued_api_is_undocumented_under_its_domain(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": doc(apis=[]), **ZAP})
    report = check(capsys, repo)
    finding = next(f for f in report["findings"] if f["subject"] == "zapnotify.net")
    assert finding["kind"] == "undocumented-service" and finding["severity"] == "warning"
    assert finding["locations"][0] == {"path": "server/notify/zap.js", "line": 1}
    assert "API call to api.zapnotify.net" in finding["message"]
    assert finding["suggestion"]["table"] == "Third-Party APIs"


@pytest.mark.parametrize(
    "name", ["Zapnotify", "ZapNotify API", "zapnotify.net", "Push (`https://api.zapnotify.net`)"]
)
def test_documented_name_answers_to_its_domain(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, name: str
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": doc(apis=[f"| {name} | push | `server/notify/zap.js` |"]), **ZAP})
    assert kinds(check(capsys, repo)) == set()
    assert "unverified" not in unverified(capsys, repo)


def test_documented_unknown_name_without_evidence_stays_unverified(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(
        {
            "INTEGRATIONS.md": doc(apis=["| Acme Ledger | billing | `server/billing.js` |"]),
            "server/billing.js": "export const total = 0;\n",
            **ZAP,
        }
    )
    out = unverified(capsys, repo)
    assert "Acme Ledger" in out and "unverified (1)" in out


def test_vendor_name_covers_its_entries(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {
        "package.json": '{"dependencies": {"passport-github2": "^0.1", "@octokit/rest": "^20"}}',
        "src/auth.js": 'const { Strategy } = require("passport-github2");\n',
    }
    repo = repo_factory(
        {"INTEGRATIONS.md": doc(auth=["| GitHub | login and API | `src/auth.js` |"]), **files}
    )
    assert kinds(check(capsys, repo)) == set()
    # Without the vendor row both entries are undocumented.
    repo = repo_factory({"INTEGRATIONS.md": doc(auth=[]), **files})
    assert kinds(check(capsys, repo)) >= {
        ("undocumented-service", "GitHub OAuth"),
        ("undocumented-service", "GitHub API"),
    }


def test_vendor_row_is_not_stale_while_any_of_its_entries_is_used(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {"package.json": '{"dependencies": {"passport-github2": "^0.1"}}', "src/app.js": "start()\n"}
    repo = repo_factory({"INTEGRATIONS.md": doc(auth=["| GitHub | login | `src/app.js` |"]), **files})
    assert not {k for k in kinds(check(capsys, repo)) if k[0] == "stale-service"}


@pytest.mark.parametrize(("documented", "image"), [("MySQL", "mariadb:11"), ("Redis", "valkey/valkey:8")])
def test_drop_in_replacement_is_accepted_both_ways(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, documented: str, image: str
) -> None:
    driver = "mysql2" if documented == "MySQL" else "ioredis"
    repo = repo_factory(
        {
            "INTEGRATIONS.md": doc(databases=[f"| {documented} | store | `docker-compose.yml` |"]),
            "docker-compose.yml": f"services:\n  db:\n    image: {image}\n",
            "package.json": f'{{"dependencies": {{"{driver}": "^3"}}}}',
        }
    )
    assert kinds(check(capsys, repo)) == set()


def test_job_framework_row_accepts_its_broker(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {"Gemfile": 'gem "sidekiq"\n', "app/jobs/mail_job.rb": "class MailJob\nend\n"}
    repo = repo_factory({"INTEGRATIONS.md": doc(queues=["| Sidekiq | jobs | `Gemfile` |"]), **files})
    assert kinds(check(capsys, repo)) == set()
    # The broker's row alone leaves the job framework undocumented.
    repo = repo_factory({"INTEGRATIONS.md": doc(caching=["| Redis | jobs | `Gemfile` |"]), **files})
    assert kinds(check(capsys, repo)) == {("undocumented-service", "Sidekiq")}


def test_init_writes_open_world_rows_and_check_accepts_them(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(
        {
            **ZAP,
            "server/about.js": 'const origin = "https://zapnotify.net";\n',
            "tests/relay.test.js": 'await fetch("https://api.smsrelay-test-only.net/send");\n',
        }
    )
    assert main(["init", str(repo)]) == 0
    capsys.readouterr()
    text = (repo / "INTEGRATIONS.md").read_text()
    apis = text.split("## Third-Party APIs", 1)[1].split("\n## ", 1)[0]
    assert "| zapnotify.net |" in apis and "smsrelay" not in text
    assert kinds(check(capsys, repo)) == set()


def test_a_row_locating_the_calling_file_documents_its_domain(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(
        {"INTEGRATIONS.md": doc(apis=["| Zap Push | push | `server/notify/zap.js` |"]), **ZAP}
    )
    assert kinds(check(capsys, repo)) == set()
    assert "unverified" not in unverified(capsys, repo)


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("Zapledger", {"package.json": '{"dependencies": {"@acme/zapledger-sdk": "^1"}}'}),
        ("Zapnotify", {"app/push.py": 'import os\nTOKEN = os.environ["ZAPNOTIFY_TOKEN"]\n'}),
    ],
)
def test_documented_unknown_name_answers_to_a_package_or_an_env_prefix(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, name: str, files: dict[str, str]
) -> None:
    repo = repo_factory(
        {"INTEGRATIONS.md": doc(apis=[f"| {name} | x | `README.md` |"]), "README.md": "x\n", **files}
    )
    assert "unverified" not in unverified(capsys, repo)
