"""The repository's own packaging: it passes its own check, and action.yml, the pre-commit hook and
the container entrypoint say what the README promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from integrations_drift.cli import main
from tests.gitrepo import commit, git, make_repo, write

ROOT = Path(__file__).resolve().parents[1]
INPUTS = {
    "doc",
    "config",
    "mode",
    "base",
    "head",
    "fail-on",
    "comment",
    "suggest-inline",
    "sarif",
    "token",
    "output-dir",
    "label",
    "report",
    "pr-number",
    "all-docs",
    "select",
    "ignore",
    "cache",
}
OUTPUTS = {"new-findings", "findings", "report-json", "report-markdown", "sarif-file"}


def tracked_copy(dest: Path) -> Path:
    """The repository's tracked files in a fresh repository, so the check sees what a clone sees."""
    names = git(ROOT, "ls-files", "-z").split("\0")
    files: dict[str, str | bytes] = {}
    for name in names:
        src = ROOT / name
        if name and src.is_file():
            files[name] = src.read_bytes()
    return make_repo(dest, files)


def test_the_repository_passes_its_own_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tracked_copy(tmp_path / "self")
    code = main(["check", str(repo), "--fail-on", "notice"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "no drift" in out


def test_own_check_fails_on_an_undocumented_variable_in_src_but_not_in_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tracked_copy(tmp_path / "self")
    write(repo, {"tests/test_extra.py": 'import os\nTOKEN = os.environ["EXTRA_TEST_ONLY_TOKEN"]\n'})
    commit(repo, "a test reads a variable")
    assert main(["check", str(repo)]) == 0
    write(repo, {"src/integrations_drift/extra.py": 'import os\nURL = os.environ["EXTRA_SERVICE_URL"]\n'})
    commit(repo, "the package reads a variable")
    assert main(["check", str(repo)]) == 1
    assert "EXTRA_SERVICE_URL" in capsys.readouterr().out


def test_action_yml_declares_the_inputs_and_outputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == INPUTS
    assert set(action["outputs"]) == OUTPUTS
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    assert action["runs"] == {"using": "docker", "image": "Dockerfile"}
    assert all(spec.get("description") for spec in action["inputs"].values())
    assert all(spec.get("description") for spec in action["outputs"].values())


def test_the_workflow_runs_the_action_from_this_checkout() -> None:
    wf = yaml.safe_load((ROOT / ".github/workflows/integrations-drift.yml").read_text(encoding="utf-8"))
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    assert any(s.get("uses") == "./" for s in steps)


def test_pre_commit_hook_reads_the_whole_tree_and_never_rewrites() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["pass_filenames"] is False
    assert hook["entry"].split()[:2] == ["integrations-drift", "check"]
    files = re.compile(hook["files"])
    for path in (
        "INTEGRATIONS.md",
        "docs/INTEGRATIONS.md",
        ".integrations-drift.yml",
        "package.json",
        "requirements-dev.txt",
        "go.mod",
        "src/app/settings.py",
        "web/src/api.ts",
        "docker-compose.yml",
        "Dockerfile",
    ):
        assert files.search(path), path
    for path in ("README.md", "docs/logo.png", "CHANGELOG.md"):
        assert not files.search(path), path


def test_dockerfile_keeps_the_base_image_in_a_build_argument() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "ARG BASE_IMAGE=python:3.12-slim" in text
    assert [line for line in text.splitlines() if line.startswith("FROM ")] == [
        "FROM ${BASE_IMAGE} AS build",
        "FROM ${BASE_IMAGE}",
    ]
    lock = (ROOT / "requirements/action.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([a-z0-9-]+)==\S+ \\$", lock, re.M)
    assert {
        "pydantic",
        "gitpython",
        "requests",
        "pyyaml",
        "markdown-it-py",
        "ahocorasick-rs",
        "google-re2",
    } <= set(pins)
    assert lock.count("--hash=sha256:") >= len(pins)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to own files as another user"
)
def test_entrypoint_checks_a_workspace_another_user_owns(tmp_path: Path) -> None:
    repo = tracked_copy(tmp_path / "workspace")
    subprocess.run(["chown", "-R", "4242:4242", str(repo)], check=True)
    bindir = Path(sys.executable).parent
    env = {
        "PATH": f"{bindir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GITHUB_WORKSPACE": str(repo),
        # A caller's own configuration must survive: the entrypoint appends after it.
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.quotepath",
        "GIT_CONFIG_VALUE_0": "false",
    }
    shell = shutil.which("sh")
    assert shell
    done = subprocess.run(
        [shell, str(ROOT / "docker/entrypoint.sh"), "check", str(repo)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no drift" in done.stdout


def test_the_image_lock_pins_every_declared_dependency() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in declared}
    lock = (ROOT / "requirements/action.txt").read_text(encoding="utf-8")
    pinned = {m.lower() for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.M)}
    # A dependency added to pyproject.toml without rerunning scripts/lock-action.sh fails here.
    assert names <= pinned, sorted(names - pinned)
