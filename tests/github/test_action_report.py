"""The nightly report (schedule, workflow_dispatch) and the fork-safe second stage (workflow_run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from integrations_drift.github.bodies import COMMENT_MARKER, ISSUE_MARKER
from tests.github.harness import event_file, run_action
from tests.github.scenario import DOC, STRIPE_ROW, pull_request_repo, register
from tests.gitrepo import commit, git, write
from tests.standin.server import TOKEN, Standin


def test_nightly_report_opens_updates_and_closes_one_issue(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)  # the default branch, with drift
    head = git(pr.root, "rev-parse", "HEAD")
    event = event_file(tmp_path, "schedule")
    inputs = {"mode": "report"}
    run = run_action(pr.root, standin, "schedule", event, inputs, sha=head)
    assert run.code == 1, run.log
    [issue] = standin.state.issues.values()
    assert issue["state"] == "open" and [lb["name"] for lb in issue["labels"]] == ["integrations-drift"]
    assert ISSUE_MARKER in issue["body"] and "STRIPE" in issue["body"]
    assert f"/blob/{head}/app/billing.py#L4" in issue["body"]
    assert run.outputs["findings"] == "1"
    # An unrelated issue with the label but no marker is left alone.
    standin.state.issues[99] = {
        "id": 1,
        "number": 99,
        "title": "x",
        "body": "by hand",
        "state": "open",
        "state_reason": None,
        "labels": [{"name": "integrations-drift"}],
        "html_url": "",
    }
    run = run_action(
        pr.root, standin, "workflow_dispatch", event_file(tmp_path, "workflow_dispatch"), inputs, sha=head
    )
    assert run.code == 1
    assert len([i for i in standin.state.issues.values() if ISSUE_MARKER in i["body"]]) == 1
    assert standin.calls("issues/update") == 1
    write(pr.root, {"INTEGRATIONS.md": DOC + STRIPE_ROW})
    fixed = commit(pr.root, "document it")
    run = run_action(pr.root, standin, "schedule", event, inputs, sha=fixed)
    assert run.code == 0, run.log
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    [closing] = standin.state.comments_of(issue["number"])
    assert "no drift left" in str(closing["body"])
    assert standin.state.issues[99]["state"] == "open"
    run = run_action(pr.root, standin, "schedule", event, inputs, sha=fixed)  # nothing left to do
    assert run.code == 0 and standin.calls("issues/create") == 1


def test_two_stage_fork_workflow_posts_from_the_saved_report(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    # Stage one: the pull_request job with a read-only token posts nothing and saves the report.
    first = pr.run(standin, {"comment": "false", "token": ""})
    assert first.code == 1 and standin.log == []
    artifact = tmp_path / "artifact"
    shutil.copytree(pr.root / ".integrations-drift", artifact)
    # Stage two: the workflow_run job, in a workspace without the pull request's code.
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    shutil.copytree(artifact, trusted / "report")
    event = event_file(tmp_path, "workflow_run", head=pr.head)
    inputs = {"mode": "comment", "report": "report/report.json", "pr-number": "42"}
    run = run_action(trusted, standin, "workflow_run", event, inputs)
    assert run.code == 0, run.log
    [comment] = [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]
    assert "+| `STRIPE_SECRET_KEY`" in str(comment["body"])
    assert f"/blob/{pr.head}/app/billing.py#L4" in str(comment["body"])
    # A report for another commit than the pull request's head is not posted.
    standin.state.pulls[42]["head"]["sha"] = "f" * 40
    run = run_action(trusted, standin, "workflow_run", event, inputs)
    assert run.code == 0
    assert "nothing posted" in run.summary
    assert standin.calls("issues/update-comment") == 0


def test_comment_mode_rejects_a_file_that_is_not_a_report(tmp_path: Path, standin: Standin) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "report.json").write_text(json.dumps({"hello": 1}))
    event = event_file(tmp_path, "workflow_run", head="a" * 40)
    run = run_action(
        tmp_path / "w",
        standin,
        "workflow_run",
        event,
        {"mode": "comment", "report": "report.json", "pr-number": "42"},
    )
    assert run.code == 2 and "not a report" in run.stderr


def test_the_token_is_in_no_output_channel(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail("issues/list-comments", kind="reset")
    standin.fail("issues/list-comments", status=502)
    standin.fail("issues/create-comment", status=403, body={"message": f"Bad token {TOKEN}"})
    runs = [
        pr.run(standin),
        pr.run(standin, {"fail-on": "bogus"}),
        pr.run(None),  # nothing listens: connection refused
        run_action(pr.root, standin, "schedule", event_file(tmp_path, "schedule"), {"mode": "report"}),
    ]
    standin.fail("issues/update", status=500, times=10, body={"message": TOKEN})
    runs.append(
        run_action(pr.root, standin, "schedule", event_file(tmp_path, "schedule"), {"mode": "report"})
    )
    channels: list[str] = []
    for run in runs:
        channels += [run.stdout, run.stderr, run.summary, json.dumps(run.outputs)]
    for path in (pr.root / ".integrations-drift").iterdir():
        channels.append(path.read_text(encoding="utf-8"))
    channels += [json.dumps(c) for c in standin.state.comments.values()]
    channels += [json.dumps(i) for i in standin.state.issues.values()]
    assert all(TOKEN not in text and TOKEN[4:20] not in text for text in channels)
    assert any("403" in run.stdout for run in runs)  # the failing calls did happen
    assert "could not update the report issue" in runs[-1].stdout and "500 ***" in runs[-1].stdout


def test_a_missing_base_commit_is_said_in_the_log_and_the_summary(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    pr.base = "0123456789abcdef0123456789abcdef01234567"
    run = pr.run(standin)
    assert run.code == 2
    assert run.stdout.startswith("::error title=integrations-drift::")
    assert "could not check" in run.summary and "0123456789abcdef" in run.summary
    assert run.stderr.count("\n") == 1


def test_the_step_summary_stays_under_1_mib(tmp_path: Path) -> None:
    from integrations_drift.github.action import MAX_SUMMARY_BYTES, write_summary

    target = tmp_path / "summary.md"
    write_summary(str(target), "- 🔴 finding\n" * 200_000, ["a note"])
    data = target.read_bytes()
    assert len(data) <= MAX_SUMMARY_BYTES
    text = data.decode("utf-8")  # cut on a character boundary
    assert text.startswith("> [!WARNING]\n> a note") and "1 MiB step-summary limit" in text


def test_without_a_commit_id_the_evidence_is_named_not_linked(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    run = run_action(
        pr.root, standin, "schedule", event_file(tmp_path, "schedule"), {"mode": "report"}, sha=""
    )
    assert run.code == 1
    [issue] = standin.state.issues.values()
    assert "`app/billing.py:4`" in issue["body"] and "/blob/" not in issue["body"]
