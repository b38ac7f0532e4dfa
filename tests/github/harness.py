"""Running ``integrations-drift action`` as the Actions runner does, against the GitHub stand-in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.standin.server import OPERATIONS, ROOT, TOKEN, Standin

EVENTS = ROOT / "tests" / "fixtures" / "events"


def ensure_openapi() -> None:
    """The pinned OpenAPI description, installed by scripts/openapi.sh (npm); skip without npm."""
    if OPERATIONS.is_file():
        return
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the GitHub stand-in needs @octokit/openapi (scripts/openapi.sh)")
    subprocess.run(["bash", str(ROOT / "scripts" / "openapi.sh")], check=True, timeout=600)
    if not OPERATIONS.is_file():
        pytest.skip("scripts/openapi.sh could not install @octokit/openapi")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


def event_file(tmp: Path, name: str, **shas: str) -> Path:
    text = (EVENTS / f"{name}.json").read_text(encoding="utf-8")
    for key, value in shas.items():
        text = text.replace(f"@{key.upper()}@", value)
    path = tmp / f"event-{name}.json"
    path.write_text(text, encoding="utf-8")
    json.loads(text)
    return path


def parse_outputs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            value: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                value.append(inner)
            out[name] = "\n".join(value)
    return out


def run_action(
    repo: Path,
    standin: Standin | None,
    event: str,
    event_path: Path | None,
    inputs: dict[str, str] | None = None,
    *,
    sha: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Run:
    """One step of a job: a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, the inputs as INPUT_*."""
    files = repo.parent / f"runner-{repo.name}"
    files.mkdir(exist_ok=True)
    output = files / "output"
    summary = files / "summary.md"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    all_inputs = {"token": TOKEN, **(inputs or {})}
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_path) if event_path else "",
        "GITHUB_REPOSITORY": "octo-org/shop",
        "GITHUB_SERVER_URL": "https://github.example.com",
        "GITHUB_API_URL": standin.url if standin else "http://127.0.0.1:9",
        "GITHUB_SHA": sha,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "INTEGRATIONS_DRIFT_RETRY_BACKOFF": "0.05",
        "INTEGRATIONS_DRIFT_HTTP_TIMEOUT": "2",
        "INTEGRATIONS_DRIFT_MAX_WAIT": "5",
        **{f"INPUT_{name.upper()}": value for name, value in all_inputs.items()},
        **(env or {}),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "integrations_drift", "action"],
        cwd=repo,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(
        proc.returncode,
        proc.stdout,
        proc.stderr,
        parse_outputs(output.read_text(encoding="utf-8")),
        summary.read_text(encoding="utf-8"),
    )
