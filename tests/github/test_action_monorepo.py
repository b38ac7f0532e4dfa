"""The action on a repository with several documents, and its inputs all-docs, select and ignore."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from integrations_drift.github.bodies import COMMENT_MARKER, ISSUE_MARKER
from tests.github.harness import event_file, run_action
from tests.github.scenario import PullRequestRepo, doc_patch, register
from tests.gitrepo import commit, git, make_repo, write
from tests.standin.server import Standin
from tests.test_monorepo import API_DOC, ROOT_DOC

BASE: dict[str, str | bytes] = {
    "INTEGRATIONS.md": ROOT_DOC,
    "tools/run.py": 'import os\nX = os.environ["ROOT_ONLY"]\n',
    "services/api/INTEGRATIONS.md": API_DOC,
    "services/api/src/app.py": 'import os\nT = os.environ["API_TOKEN"]\n',
}
# The head reads one undocumented variable in each document's part.
HEAD: dict[str, str | bytes] = {
    "services/web/main.py": 'import os\nW = os.environ["WEB_SECRET"]\n',
    "services/api/src/more.py": 'import os\nE = os.getenv("API_EXTRA")\n',
}
DOCS = ("INTEGRATIONS.md", "services/api/INTEGRATIONS.md")


def monorepo_pr(tmp: Path, head: dict[str, str | bytes] | None = None) -> PullRequestRepo:
    root = make_repo(tmp / "shop", dict(BASE))
    base = git(root, "rev-parse", "HEAD")
    write(root, head if head is not None else HEAD)
    return PullRequestRepo(root, base, commit(root, "web and api"))


def sticky(standin: Standin) -> str:
    [comment] = [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]
    return str(comment["body"])


def test_all_docs_comment_groups_by_document_and_the_diff_covers_each(
    tmp_path: Path, standin: Standin
) -> None:
    pr = monorepo_pr(tmp_path)
    register(standin, pr)
    run = pr.run(standin, {"all-docs": "true"})
    assert run.code == 1, run.log
    body = sticky(standin)
    assert body.split("\n")[1].startswith("**integrations-drift: ❌ 2 new findings")
    assert "in `INTEGRATIONS.md`, `services/api/INTEGRATIONS.md`**" in body.split("\n")[1]
    # Each finding sits under its own document's name.
    root_at, api_at = (
        body.index("- **`INTEGRATIONS.md`**"),
        body.index("- **`services/api/INTEGRATIONS.md`**"),
    )
    web_at, extra_at = body.index("**WEB\\_SECRET**"), body.index("**API\\_EXTRA**")
    assert root_at < web_at < api_at < extra_at
    # One diff with a file header per document, each adding its own row.
    diff = (pr.root / ".integrations-drift" / "fix.diff").read_text()
    assert re.findall(r"^--- a/(\S+)$", diff, re.M) == list(DOCS)
    assert "+| `WEB_SECRET`" in diff and "+| `API_EXTRA`" in diff
    assert diff.rstrip("\n") in body
    assert "#### Suggested edits of `INTEGRATIONS.md`, `services/api/INTEGRATIONS.md`" in body
    assert "`integrations-drift fix --all-docs`" in body
    assert run.outputs["findings"] == "2" and run.outputs["new-findings"] == "2"
    assert f"integrations-drift: {len(DOCS)} documents: 2 errors" in run.stdout
    # The diff applies as it is, and then nothing is left to report.
    (tmp_path / "fix.diff").write_text(diff, encoding="utf-8")
    git(pr.root, "apply", str(tmp_path / "fix.diff"))
    pr.push({}, "apply the comment's diff")
    standin.state.pulls[42]["head"]["sha"] = pr.head
    run = pr.run(standin, {"all-docs": "true"})
    assert run.code == 0, run.log
    assert run.outputs["findings"] == "0"
    assert "✅" in sticky(standin).split("\n")[1]


def test_config_documents_without_all_docs(tmp_path: Path, standin: Standin) -> None:
    config = "docs:\n  - doc: INTEGRATIONS.md\n  - doc: services/api/INTEGRATIONS.md\n"
    pr = monorepo_pr(tmp_path, {**HEAD, ".integrations-drift.yml": config})
    register(standin, pr)
    run = pr.run(standin)
    assert run.code == 1, run.log
    body = sticky(standin)
    diff = (pr.root / ".integrations-drift" / "fix.diff").read_text()
    assert re.findall(r"^\+\+\+ b/(\S+)$", diff, re.M) == list(DOCS)
    assert "`integrations-drift fix`" in body  # the config names the documents
    # The input doc names one document: one diff, no grouping.
    run = pr.run(standin, {"doc": "services/api/INTEGRATIONS.md"})
    diff = (pr.root / ".integrations-drift" / "fix.diff").read_text()
    assert re.findall(r"^--- a/(\S+)$", diff, re.M) == ["services/api/INTEGRATIONS.md"]
    assert "- **`" not in sticky(standin)
    assert "`integrations-drift fix --doc services/api/INTEGRATIONS.md`" in sticky(standin)


def test_inline_suggestions_for_each_document_the_pr_changes(tmp_path: Path, standin: Standin) -> None:
    root_row = "| `ROOT_MORE` | Yes | More | `y` |\n"
    api_row = "| `API_MORE` | Yes | More | `y` |\n"
    pr = monorepo_pr(
        tmp_path,
        {
            **HEAD,
            "tools/more.py": 'import os\nM = os.environ["ROOT_MORE"]\n',
            "services/api/src/extra.py": 'import os\nM = os.environ["API_MORE"]\n',
            "INTEGRATIONS.md": ROOT_DOC + root_row,
            "services/api/INTEGRATIONS.md": API_DOC + api_row,
        },
    )
    files = [
        {
            "filename": "INTEGRATIONS.md",
            "status": "modified",
            "patch": doc_patch(ROOT_DOC, ROOT_DOC + root_row),
        },
        {
            "filename": "services/api/INTEGRATIONS.md",
            "status": "modified",
            "patch": doc_patch(API_DOC, API_DOC + api_row),
        },
    ]
    register(standin, pr, files)
    run = pr.run(standin, {"all-docs": "true"})
    assert run.code == 1, run.log
    comments = {c["path"]: c["body"] for review in standin.state.reviews for c in review["comments"]}
    assert set(comments) == set(DOCS)
    assert "WEB_SECRET" in comments["INTEGRATIONS.md"] and "API_EXTRA" not in comments["INTEGRATIONS.md"]
    assert "API_EXTRA" in comments["services/api/INTEGRATIONS.md"]


def test_report_mode_issue_covers_every_document(tmp_path: Path, standin: Standin) -> None:
    pr = monorepo_pr(tmp_path)
    event = event_file(tmp_path, "schedule")
    run = run_action(pr.root, standin, "schedule", event, {"mode": "report", "all-docs": "true"}, sha=pr.head)
    assert run.code == 1, run.log
    [issue] = standin.state.issues.values()
    assert ISSUE_MARKER in issue["body"]
    assert issue["title"] == "integrations-drift: drift in 2 documents"
    assert "- **`services/api/INTEGRATIONS.md`**" in issue["body"] and "+| `API_EXTRA`" in issue["body"]


def test_two_stage_comment_from_a_saved_report_of_two_documents(tmp_path: Path, standin: Standin) -> None:
    pr = monorepo_pr(tmp_path)
    register(standin, pr)
    first = pr.run(standin, {"all-docs": "true", "comment": "false", "token": ""})
    assert first.code == 1 and standin.log == []
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    shutil.copytree(pr.root / ".integrations-drift", trusted / "report")
    event = event_file(tmp_path, "workflow_run", head=pr.head)
    inputs = {"mode": "comment", "report": "report/report.json", "pr-number": "42"}
    run = run_action(trusted, standin, "workflow_run", event, inputs)
    assert run.code == 0, run.log
    body = sticky(standin)
    assert "in `INTEGRATIONS.md`, `services/api/INTEGRATIONS.md`**" in body.split("\n")[1]
    assert "- **`services/api/INTEGRATIONS.md`**" in body and "+| `API_EXTRA`" in body
    assert re.findall(r"^--- a/(\S+)$", body, re.M) == list(DOCS)
    assert "`integrations-drift fix`" in body
    # The second stage scans nothing: its all-docs only says which fix command to show.
    run = run_action(trusted, standin, "workflow_run", event, {**inputs, "all-docs": "true"})
    assert run.code == 0, run.log
    assert "`integrations-drift fix --all-docs`" in sticky(standin)


def test_select_and_ignore_inputs(tmp_path: Path, standin: Standin) -> None:
    pr = monorepo_pr(tmp_path, {**HEAD, "INTEGRATIONS.md": ROOT_DOC + "| `GONE_VAR` | Yes | Old | `x` |\n"})
    register(standin, pr)
    run = pr.run(standin, {"select": "stale-env-var", "fail-on": "warning", "comment": "false"})
    assert run.code == 1, run.log
    assert run.outputs["findings"] == "1" and "GONE_VAR" in run.stdout and "WEB_SECRET" not in run.stdout
    run = pr.run(standin, {"ignore": " undocumented-env-var , stale-env-var", "comment": "false"})
    assert run.code == 0, run.log
    assert run.outputs["findings"] == "0"
    run = pr.run(standin, {"comment": "false"})
    assert run.code == 1 and run.outputs["findings"] == "4"  # the default: every kind


def test_bad_all_docs_select_and_ignore_inputs(tmp_path: Path, standin: Standin) -> None:
    pr = monorepo_pr(tmp_path)
    register(standin, pr)
    for inputs, said in (
        ({"select": "stale-env-var,no-such-kind"}, "input select no-such-kind: unknown finding kind"),
        ({"ignore": "nope"}, "input ignore nope: unknown finding kind"),
        ({"select": " , "}, "input select needs a finding kind"),
        ({"all-docs": "maybe"}, "input all-docs: 'maybe' is not true or false"),
        ({"all-docs": "true", "doc": "INTEGRATIONS.md"}, "inputs doc and all-docs"),
    ):
        run = pr.run(standin, inputs)
        assert run.code == 2, (inputs, run.log)
        assert run.stderr.count("\n") == 1 and said in run.stderr, run.stderr
        assert run.stdout.startswith("::error title=integrations-drift::") and said in run.stdout
    assert standin.state.comments == {}
