"""Documented names for services named by a provider module or by a host of the project's domain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations_drift.cli import main
from tests.conftest import RepoFactory

HEADER = "| Service | Purpose | Configuration Location |\n|---|---|---|\n"
MODULE = {
    "server/notification-providers/zap-chat.js": (
        'await axios.post("https://myteam.zapmail.ru/bot/v1/messages/sendText", data);\n'
    ),
}
OWN = {
    "package.json": '{"name": "zapdrome"}\n',
    "server/insights.js": 'await fetch("https://insights.zapdrome.org/collect", { method: "POST" });\n',
}


def doc(rows: list[str]) -> str:
    body = "\n".join(rows) + "\n" if rows else "| Not detected | | |\n"
    return "# External Integrations\n\n## Third-Party APIs\n\n" + HEADER + body


def findings(capsys: pytest.CaptureFixture[str], repo: Path) -> set[tuple[str, str]]:
    main(["check", str(repo), "--format", "json", "--fail-on", "never"])
    out, _ = capsys.readouterr()
    return {(f["kind"], f["subject"]) for f in json.loads(out)["findings"]}


def text_report(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    main(["check", str(repo), "--fail-on", "never"])
    out, _ = capsys.readouterr()
    return out


def test_module_service_is_undocumented_under_the_module_name(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": doc([]), **MODULE})
    assert ("undocumented-service", "Zap Chat") in findings(capsys, repo)


@pytest.mark.parametrize("name", ["Zap Chat", "ZapChat", "zapmail.ru", "Zapmail"])
def test_module_service_answers_to_its_name_and_its_domain(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, name: str
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": doc([f"| {name} | alerts | |"]), **MODULE})
    assert not {f for f in findings(capsys, repo) if f[0] == "undocumented-service"}
    assert "unverified" not in text_report(capsys, repo)


@pytest.mark.parametrize("name", ["Zapdrome Insights", "insights.zapdrome.org"])
def test_own_host_answers_to_its_name(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory, name: str
) -> None:
    repo = repo_factory({"INTEGRATIONS.md": doc([f"| {name} | telemetry | |"]), **OWN})
    assert not {f for f in findings(capsys, repo) if f[0] == "undocumented-service"}
    assert "unverified" not in text_report(capsys, repo)
    repo = repo_factory({"INTEGRATIONS.md": doc([]), **OWN})
    assert ("undocumented-service", "insights.zapdrome.org") in findings(capsys, repo)
