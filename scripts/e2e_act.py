"""The project's own workflow (.github/workflows/integrations-drift.yml, `uses: ./`) run by nektos/act
on a pull_request event, with the GitHub stand-in as GITHUB_API_URL: action.yml's inputs, outputs and
entrypoint wired the way the runner wires them.

The workspace is a copy of this repository's tracked files at a host path (act binds it with -b).
Run 1: the pull request adds an undocumented variable under src/ — the job fails and the sticky
comment appears. Run 2: the variable is gone again — the job passes, the outputs step prints
"new findings 0", and the same comment now says the drift is fixed.

    python scripts/e2e_act.py JOB_IMAGE
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from integrations_drift.github.bodies import COMMENT_MARKER  # noqa: E402
from tests.github.harness import event_file  # noqa: E402
from tests.gitrepo import commit, git, make_repo, write  # noqa: E402
from tests.standin.server import TOKEN, Standin  # noqa: E402

ACT = ROOT / ".cache" / "tools-venv" / "bin" / "act"
PROBE = "src/integrations_drift/notify.py"


def workspace(dest: Path) -> Path:
    repo = make_repo(dest, {})
    for name in git(ROOT, "ls-files", "-z").split("\0"):
        if name and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)  # modes too, as a clone has them
    commit(repo, "this repository")
    # act names the repository after the origin remote.
    git(repo, "remote", "add", "origin", "https://github.com/octo-org/shop.git")
    return repo


def act(repo: Path, image: str, event: Path, api_url: str) -> tuple[int, str]:
    cmd = [
        str(ACT),
        "pull_request",
        "-W",
        ".github/workflows/integrations-drift.yml",
        "-P",
        f"ubuntu-latest={image}",
        "--pull=false",
        "-b",
        "--rm",
        "-e",
        str(event),
        "--env",
        f"GITHUB_API_URL={api_url}",
        "--env",
        "GITHUB_SERVER_URL=https://github.example.com",
        "-s",
        f"GITHUB_TOKEN={TOKEN}",
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, timeout=1200, env=env)
    return proc.returncode, proc.stdout + proc.stderr


def check(condition: bool, message: str, log: str = "") -> None:
    if not condition:
        print(log[-20000:])
        raise SystemExit(f"e2e-act: {message}")
    print(f"ok: {message}")


def sticky(standin: Standin) -> list[dict[str, object]]:
    return [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]


def main(image: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="idrift-e2e-act-"))
    repo = workspace(tmp / "shop")
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {PROBE: 'import os\n\nURL = os.environ["NOTIFY_WEBHOOK_URL"]\n'})
    head = commit(repo, "read a new variable")
    with Standin() as standin:
        standin.state.add_pull(42, head, base, [])
        event = event_file(tmp, "pull_request", base=base, head=head, merge=head)
        code, log = act(repo, image, event, standin.url)
        check(code != 0, "the job fails on the new variable", log)
        check("NOTIFY_WEBHOOK_URL" in log, "the log names the variable", log)
        first = sticky(standin)
        check(len(first) == 1 and "NOTIFY_WEBHOOK_URL" in str(first[0]["body"]), "sticky comment posted", log)
        check(TOKEN not in log, "the token never appears in act's log")

        (repo / PROBE).unlink()
        git(repo, "add", "-A")
        fixed = commit(repo, "drop it again")
        standin.state.pulls[42]["head"]["sha"] = fixed
        event = event_file(tmp, "pull_request", base=base, head=fixed, merge=fixed)
        code, log = act(repo, image, event, standin.url)
        check(code == 0, "the job passes once the variable is gone", log)
        check("new findings 0" in log, "the next step read the action's outputs", log)
        now = sticky(standin)
        check([c["id"] for c in now] == [first[0]["id"]], "the same comment was updated", log)
        check("NOTIFY_WEBHOOK_URL" not in str(now[0]["body"]), "the comment says the drift is fixed", log)
        check(
            standin.violations == [],
            f"every request matched GitHub's OpenAPI description {standin.violations}",
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: e2e_act.py JOB_IMAGE")
    main(sys.argv[1])
