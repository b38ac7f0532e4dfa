"""A pull request in a real git repository: base without drift, head reading an undocumented variable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.github.harness import Run, event_file, run_action
from tests.gitrepo import CLEAN, DOC, commit, git, make_repo, write
from tests.standin.server import Standin

BILLING = 'import os\n\n\nKEY = os.environ["STRIPE_SECRET_KEY"]\n'
STRIPE_ROW = "| `STRIPE_SECRET_KEY` | Yes | Billing | `sk_test_...` |\n"


@dataclass
class PullRequestRepo:
    root: Path
    base: str
    head: str

    def event(self, name: str = "pull_request") -> Path:
        return event_file(self.root.parent, name, base=self.base, head=self.head, merge=self.head)

    def run(self, standin: Standin | None, inputs: dict[str, str] | None = None, **kw: object) -> Run:
        event = str(kw.pop("event_name", "pull_request"))
        return run_action(self.root, standin, event, self.event(event), inputs, sha=self.head, **kw)  # type: ignore[arg-type]

    def push(self, files: dict[str, str | bytes], message: str = "more") -> None:
        write(self.root, files)
        self.head = commit(self.root, message)


def pull_request_repo(tmp: Path, head_files: dict[str, str | bytes] | None = None) -> PullRequestRepo:
    root = make_repo(tmp / "shop", dict(CLEAN))
    base = git(root, "rev-parse", "HEAD")
    write(root, head_files if head_files is not None else {"app/billing.py": BILLING})
    head = commit(root, "billing")
    return PullRequestRepo(root, base, head)


def doc_patch(before: str, after: str) -> str:
    """The ``patch`` GitHub shows for a file of a pull request (unified diff, no file headers)."""
    import difflib

    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=3))
    return "\n".join(lines[2:])


def register(standin: Standin, pr: PullRequestRepo, files: list[dict[str, object]] | None = None) -> None:
    standin.state.add_pull(42, pr.head, pr.base, files or [])


__all__ = ["DOC", "STRIPE_ROW", "PullRequestRepo", "doc_patch", "pull_request_repo", "register"]
