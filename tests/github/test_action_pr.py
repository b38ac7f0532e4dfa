"""The action on a pull request, run as the runner runs it, against the GitHub stand-in."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from integrations_drift.github.bodies import COMMENT_MARKER
from tests.github.scenario import BILLING, DOC, STRIPE_ROW, doc_patch, pull_request_repo, register
from tests.gitrepo import commit, git, write
from tests.standin.server import Standin


def markers(standin: Standin) -> list[dict[str, object]]:
    return [c for c in standin.state.comments_of(42) if COMMENT_MARKER in str(c["body"])]


def test_first_run_posts_one_comment_with_verdict_links_diff_and_fix_command(
    tmp_path: Path, standin: Standin
) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    run = pr.run(standin)
    assert run.code == 1, run.log
    [comment] = markers(standin)
    body = str(comment["body"])
    first_visible = body.split("\n")[1]
    assert first_visible.startswith("**integrations-drift: ❌ 1 new finding at or above `error`")
    assert f"https://github.example.com/octo-org/shop/blob/{pr.head}/app/billing.py#L4" in body
    assert "```diff\n" in body and "+| `STRIPE_SECRET_KEY`" in body
    assert "`integrations-drift fix --doc INTEGRATIONS.md`" in body
    # The runner's side: annotations, outputs, summary, report files.
    assert "::error file=app/billing.py,line=4,title=undocumented-env-var (new)::" in run.stdout
    assert run.outputs["new-findings"] == "1"
    assert run.outputs["findings"] == "1"
    report = json.loads((pr.root / run.outputs["report-json"]).read_text())
    assert report["mode"] == "pr" and report["head"] == pr.head
    assert (pr.root / run.outputs["sarif-file"]).is_file()
    assert "STRIPE\\_SECRET\\_KEY" in run.summary or "STRIPE_SECRET_KEY" in run.summary
    assert (pr.root / run.outputs["report-markdown"]).read_text().startswith("### integrations-drift")


def test_rerun_updates_the_comment_and_drift_fixed_says_so(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    assert pr.run(standin).code == 1
    [first] = markers(standin)
    assert pr.run(standin).code == 1  # a re-run: same comment, no second one
    assert [c["id"] for c in markers(standin)] == [first["id"]]
    assert standin.calls("issues/create-comment") == 1
    assert standin.calls("issues/update-comment") == 1
    pr.push({"INTEGRATIONS.md": DOC + STRIPE_ROW}, "document it")
    standin.state.pulls[42]["head"]["sha"] = pr.head
    run = pr.run(standin)
    assert run.code == 0, run.log
    [comment] = markers(standin)
    assert comment["id"] == first["id"]
    body = str(comment["body"])
    assert "✅" in body.split("\n")[1]
    assert "STRIPE_SECRET_KEY" not in body
    assert run.outputs["new-findings"] == "0"


def test_no_drift_and_no_earlier_comment_posts_nothing(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path, {"README.md": "hello\n"})
    register(standin, pr)
    run = pr.run(standin)
    assert run.code == 0, run.log
    assert standin.state.comments == {}
    assert "nothing posted" in run.stdout


def test_two_sticky_comments_from_racing_runs_are_cleaned_up_to_one(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    keep = standin.state.add_comment(42, f"{COMMENT_MARKER}\nold")
    standin.state.add_comment(42, f"{COMMENT_MARKER}\nrace")
    standin.state.add_comment(42, "a human's comment")
    assert pr.run(standin).code == 1
    assert [c["id"] for c in markers(standin)] == [keep["id"]]
    assert len(standin.state.comments_of(42)) == 2


def test_pagination_past_100_comments_finds_the_sticky_comment(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    for i in range(130):
        standin.state.add_comment(42, f"comment {i}", login="someone")
    sticky = standin.state.add_comment(42, f"{COMMENT_MARKER}\nold")
    for i in range(20):
        standin.state.add_comment(42, f"later {i}", login="someone")
    assert pr.run(standin).code == 1
    assert [c["id"] for c in markers(standin)] == [sticky["id"]]
    assert standin.calls("issues/list-comments") == 2  # 100 + 51, following Link
    assert standin.calls("issues/create-comment") == 0


def test_fork_pr_403_said_once_verdict_and_summary_kept(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail(
        "issues/create-comment",
        status=403,
        times=5,
        body={"message": "Resource not accessible by integration"},
    )
    run = pr.run(standin)
    assert run.code == 1
    assert run.stdout.count("The token cannot write to this repository") == 1
    assert "Fork pull requests" in run.summary
    assert "STRIPE" in run.summary  # the report is still there
    assert "::error file=app/billing.py" in run.stdout
    assert standin.calls("issues/create-comment") == 1  # said once, not retried


def test_rate_limit_429_then_403_primary_are_waited_out(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail(
        "issues/list-comments",
        status=429,
        headers={"Retry-After": "1"},
        body={"message": "You have exceeded a secondary rate limit"},
    )
    reset = str(int(time.time()) + 1)
    standin.fail(
        "issues/create-comment",
        status=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset},
        body={"message": "API rate limit exceeded"},
    )
    run = pr.run(standin)
    assert run.code == 1
    assert "429 rate limited; retrying in 1.0 s" in run.stdout
    assert "403 rate limited; retrying in" in run.stdout
    assert len(markers(standin)) == 1


def test_rate_limit_longer_than_the_cap_gives_up_with_a_clear_line(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail(
        "issues/list-comments", status=429, headers={"Retry-After": "3600"}, body={"message": "slow down"}
    )
    started = time.monotonic()
    run = pr.run(standin)
    assert time.monotonic() - started < 60  # it did not wait the hour
    assert run.code == 1
    assert "could not list the pull request's comments" in run.stdout and "retry after 3600 s" in run.stdout
    assert markers(standin) == []


def test_5xx_resets_and_time_outs_then_success(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail("issues/list-comments", kind="reset")
    standin.fail("issues/list-comments", kind="stall", body=4)  # longer than the 2 s time-out
    standin.fail("issues/create-comment", status=502)
    standin.fail("issues/create-comment", status=503)
    run = pr.run(standin)
    assert run.code == 1, run.log
    assert "connection failed; retrying" in run.stdout
    assert "timed out; retrying" in run.stdout
    assert "502" in run.stdout and "503" in run.stdout
    assert len(markers(standin)) == 1


def test_persistent_500_401_and_malformed_json_leave_the_verdict(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    standin.fail("issues/list-comments", status=500, times=10)
    run = pr.run(standin)
    assert run.code == 1
    assert (
        "could not list the pull request's comments: GET /repos/octo-org/shop/issues/42/comments: 500"
        in run.stdout
    )
    standin.faults.clear()
    standin.fail("issues/create-comment", kind="malformed")
    run = pr.run(standin)
    assert run.code == 1
    assert "malformed JSON in the response" in run.stdout
    run = pr.run(standin, {"token": "ghs_wrong"})
    assert run.code == 1
    assert "401" in run.stdout and "The token cannot write" in run.stdout


def test_comment_deleted_between_find_and_update_is_posted_again(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    old = standin.state.add_comment(42, f"{COMMENT_MARKER}\nold")
    standin.fail(
        "issues/update-comment",
        kind="hook",
        hook=lambda params: standin.state.comments.pop(int(params["comment_id"])),
    )
    run = pr.run(standin)
    assert run.code == 1
    assert "deleted meanwhile" in run.stdout
    [comment] = markers(standin)
    assert comment["id"] != old["id"]


def _doc_changing_pr(tmp_path: Path):  # type: ignore[no-untyped-def]
    redis_row = "| `REDIS_URL` | Yes | Cache | `redis://localhost` |\n"
    pr = pull_request_repo(
        tmp_path,
        {
            "app/billing.py": 'import os\n\nKEY = os.environ["STRIPE_SECRET_KEY"]\nR = os.environ["REDIS_URL"]\n',
            "INTEGRATIONS.md": DOC + redis_row,
        },
    )
    files = [
        {"filename": "app/billing.py", "status": "added", "patch": "@@ -0,0 +1,4 @@\n+import os"},
        {"filename": "INTEGRATIONS.md", "status": "modified", "patch": doc_patch(DOC, DOC + redis_row)},
    ]
    return pr, files


def test_inline_suggestion_on_a_line_in_the_diff_once(tmp_path: Path, standin: Standin) -> None:
    pr, files = _doc_changing_pr(tmp_path)
    register(standin, pr, files)
    run = pr.run(standin)
    assert run.code == 1, run.log
    [review] = standin.state.reviews
    [comment] = review["comments"]
    doc_lines = (pr.root / "INTEGRATIONS.md").read_text().splitlines()
    assert doc_lines[comment["line"] - 1].startswith("| `REDIS_URL`")
    assert "```suggestion\n| `REDIS_URL`" in comment["body"] and "STRIPE_SECRET_KEY" in comment["body"]
    assert pr.run(standin).code == 1
    assert len(standin.state.reviews) == 1  # the same suggestion is not posted twice


def test_no_inline_suggestion_when_the_pr_does_not_change_the_doc(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr, [{"filename": "app/billing.py", "status": "added", "patch": "@@ -0,0 +1,4 @@\n+x"}])
    assert pr.run(standin).code == 1
    assert standin.state.reviews == []


def test_422_on_the_review_keeps_the_comment_and_verdict(tmp_path: Path, standin: Standin) -> None:
    pr, files = _doc_changing_pr(tmp_path)
    register(standin, pr, files)
    standin.fail(
        "pulls/create-review",
        status=422,
        body={"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]},
    )
    run = pr.run(standin)
    assert run.code == 1
    assert "could not post the review suggestions" in run.stdout and "422" in run.stdout
    assert len(markers(standin)) == 1


def test_ghes_base_url(tmp_path: Path, ghes: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(ghes, pr)
    run = pr.run(ghes)
    assert run.code == 1, run.log
    assert len(markers(ghes)) == 1
    assert all(path.startswith("/api/v3/") for _m, path, _b in ghes.log)


def test_pull_request_target_event_with_a_fork_head(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    run = pr.run(standin, event_name="pull_request_target")
    assert run.code == 1, run.log
    assert run.outputs["new-findings"] == "1"
    assert len(markers(standin)) == 1


def test_inputs_with_hyphens_and_bad_inputs(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    assert pr.run(standin, {"fail-on": "never", "comment": "false"}).code == 0
    assert standin.state.comments == {}
    run = pr.run(standin, {"fail-on": "sometimes"})
    assert run.code == 2
    assert run.stderr.strip().count("\n") == 0 and "fail-on" in run.stderr
    run = pr.run(standin, {"comment": "maybe"})
    assert run.code == 2 and "comment" in run.stderr


def test_merge_commit_checkout_links_and_diff_follow_the_head(tmp_path: Path, standin: Standin) -> None:
    """actions/checkout on pull_request checks out the merge commit, where lines can differ."""
    pr = pull_request_repo(tmp_path)
    git(pr.root, "checkout", "-q", "-b", "feature")
    git(pr.root, "checkout", "-q", "main")
    git(pr.root, "reset", "-q", "--hard", pr.base)
    # main moves on: two lines at the top of the file that the head reads from.
    write(pr.root, {"app/billing.py": "# main's header\n# more\n" + BILLING, "INTEGRATIONS.md": "\n\n" + DOC})
    commit(pr.root, "main moves")
    git(pr.root, "checkout", "-q", "--detach")
    git(pr.root, "merge", "-q", "--no-edit", "-X", "ours", "feature")
    merge = git(pr.root, "rev-parse", "HEAD")
    assert merge != pr.head
    register(standin, pr)
    run = pr.run(standin)
    assert run.code == 1, run.log
    [comment] = markers(standin)
    body = str(comment["body"])
    assert f"/blob/{pr.head}/app/billing.py#L4" in body  # the head's line, not the merge's
    assert "@@ -11,3 +11,4 @@" in body, body  # the diff of the head's document (the merge's has 2 more lines)


def test_pull_request_target_with_the_base_checked_out(tmp_path: Path, standin: Standin) -> None:
    """pull_request_target checks out the base branch: the head is read from git, never run."""
    pr = pull_request_repo(tmp_path)
    git(pr.root, "update-ref", "refs/pull/42/head", pr.head)
    git(pr.root, "reset", "-q", "--hard", pr.base)
    register(standin, pr)
    run = pr.run(standin, event_name="pull_request_target")
    assert run.code == 1, run.log
    assert "+| `STRIPE_SECRET_KEY`" in str(markers(standin)[0]["body"])


def test_two_racing_runs_then_the_next_run_leaves_one_comment(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    both_listed = threading.Barrier(2)
    # "hold": each listing is answered as the state was when it arrived, however late the reply.
    standin.fail("issues/list-comments", kind="hold", times=2, hook=lambda _p: both_listed.wait(timeout=300))
    with ThreadPoolExecutor(2) as pool:
        # Each run waits at the barrier for the other's listing: no read time-out may cut that short.
        slow = {"INTEGRATIONS_DRIFT_HTTP_TIMEOUT": "300"}
        runs = list(pool.map(lambda _i: pr.run(standin, env=slow), range(2)))
    assert [r.code for r in runs] == [1, 1]
    assert len(markers(standin)) == 2  # each saw no comment and posted one
    first = min(c["id"] for c in markers(standin))  # type: ignore[type-var]
    assert pr.run(standin).code == 1
    assert [c["id"] for c in markers(standin)] == [first]
