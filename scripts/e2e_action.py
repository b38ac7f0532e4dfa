"""The built image, run as the Actions runner runs a Docker action, against the GitHub stand-in.

The workspace is a real pull-request repository owned by another user and mounted at its host path;
the event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are files the container writes through its own
mount; inputs arrive as INPUT_* with hyphens kept. The container reaches the stand-in on 127.0.0.1
through the host network. Two runs: the first posts the sticky comment and fails on the new drift,
the re-run updates that comment in place.

    python scripts/e2e_action.py IMAGE
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from integrations_drift.github.bodies import COMMENT_MARKER  # noqa: E402
from tests.github.harness import event_file, parse_outputs  # noqa: E402
from tests.github.scenario import pull_request_repo, register  # noqa: E402
from tests.standin.server import TOKEN, Standin  # noqa: E402

OWNER_UID = "4242"


def docker_run(image: str, repo: Path, runner: Path, event: Path, api_url: str, sha: str) -> tuple[int, str]:
    output = runner / "output"
    summary = runner / "summary.md"
    output.write_text("", encoding="utf-8")
    summary.write_text("", encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "octo-org/shop",
        "GITHUB_SERVER_URL": "https://github.example.com",
        "GITHUB_API_URL": api_url,
        "GITHUB_SHA": sha,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "INPUT_TOKEN": TOKEN,
        "INPUT_MODE": "pr",
        "INPUT_FAIL-ON": "error",
        "INPUT_COMMENT": "true",
        "INPUT_SUGGEST-INLINE": "true",
        "INPUT_SARIF": "true",
        "INPUT_DOC": "",
        "INPUT_CONFIG": "",
        "INPUT_BASE": "",
        "INPUT_HEAD": "",
    }
    cmd = ["docker", "run", "--rm", "--network", "host", "--workdir", str(repo)]
    # The runner mounts the workspace and its own files at the paths the variables name.
    cmd += ["-v", f"{repo}:{repo}", "-v", f"{runner}:{runner}", "-v", f"{event}:{event}:ro"]
    for name, value in env.items():
        cmd += ["-e", f"{name}={value}"]
    proc = subprocess.run([*cmd, image], capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    if (
        TOKEN in log
        or TOKEN in output.read_text(encoding="utf-8")
        or TOKEN in summary.read_text(encoding="utf-8")
    ):
        raise SystemExit("the token appears in the container's output")
    return proc.returncode, log


def check(condition: bool, message: str, log: str = "") -> None:
    if not condition:
        print(log)
        raise SystemExit(f"e2e-action: {message}")
    print(f"ok: {message}")


def main(image: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="idrift-e2e-action-"))
    pr = pull_request_repo(tmp)
    event = event_file(tmp, "pull_request", base=pr.base, head=pr.head, merge=pr.head)
    runner = tmp / "runner"
    runner.mkdir()
    # actions/checkout leaves the workspace to the runner's user; the container runs as root.
    subprocess.run(["chown", "-R", f"{OWNER_UID}:{OWNER_UID}", str(pr.root)], check=True)
    with Standin() as standin:
        register(standin, pr)
        code, log = docker_run(image, pr.root, runner, event, standin.url, pr.head)
        check(code == 1, f"first run exits 1 on new drift (got {code})", log)
        check("::error file=app/billing.py,line=4" in log, "annotation on the new env read", log)
        outputs = parse_outputs((runner / "output").read_text(encoding="utf-8"))
        check(outputs.get("new-findings") == "1" and outputs.get("findings") == "1", f"outputs {outputs}")
        check((pr.root / outputs["report-json"]).is_file(), "report-json written in the workspace")
        check((pr.root / outputs["sarif-file"]).is_file(), "sarif-file written in the workspace")
        check("STRIPE" in (runner / "summary.md").read_text(encoding="utf-8"), "step summary written")
        sticky = [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]
        check(len(sticky) == 1, "one sticky comment created on the stand-in", log)
        check("STRIPE_SECRET_KEY" in str(sticky[0]["body"]), "the comment names the new variable")
        code, log = docker_run(image, pr.root, runner, event, standin.url, pr.head)
        check(code == 1, f"re-run exits 1 (got {code})", log)
        again = [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]
        check([c["id"] for c in again] == [sticky[0]["id"]], "re-run updates the same comment", log)
        check(standin.calls("issues/create-comment") == 1, "no second comment created")
        check(
            standin.violations == [],
            f"every request matched GitHub's OpenAPI description {standin.violations}",
        )
    subprocess.run(["rm", "-rf", str(tmp)], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: e2e_action.py IMAGE")
    main(sys.argv[1])
