"""What the action posts: the sticky comment, the inline review, the nightly report issue.

Every call goes through :class:`Poster`, which turns a failed call into one clear log line and a
note for the step summary; it never raises, so a failed call cannot change the verdict. A 401/403
(a fork's read-only token) is said once, and nothing more is tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from integrations_drift.github.bodies import COMMENT_MARKER, ISSUE_MARKER
from integrations_drift.github.client import GitHubClient, GitHubError
from integrations_drift.github.diffmap import right_side_lines
from integrations_drift.github.models import Comment, Issue, PullFile, ReviewComment
from integrations_drift.github.review import SUGGESTION_MARKER, InlineSuggestion
from integrations_drift.report.github import command

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Log = Callable[[str], None]
FORBIDDEN_NOTE = (
    "The token cannot write to this repository ({error}). On a pull request from a fork the token is "
    "read-only: the annotations and this summary are all this run can give. Post the comment from a "
    '`workflow_run` job instead (see the README\'s "Fork pull requests").'
)


@dataclass
class Poster:
    client: GitHubClient
    repository: str
    log: Log
    notes: list[str] = field(default_factory=list)
    forbidden: bool = False

    def call(self, what: str, fn: Callable[[], T]) -> T | None:
        if self.forbidden:
            return None
        try:
            return fn()
        except GitHubError as exc:
            self.failed(what, exc)
            return None

    def listed(
        self, what: str, model: type[M], path: str, params: dict[str, str] | None = None
    ) -> list[M] | None:
        """Every item of a list endpoint under the repository, as ``model``; None when the call failed."""
        return self.call(
            what,
            lambda: [model.model_validate(x) for x in self.client.paginate(self.repo_path + path, params)],
        )

    def failed(self, what: str, exc: GitHubError) -> None:
        """One log line (a workflow warning) and a summary note; a 401/403 stops further calls."""
        if exc.forbidden:
            self.forbidden = True
            note = FORBIDDEN_NOTE.format(error=f"{exc.status} on {what}")
            self.log(command("warning", {"title": "integrations-drift"}, note))
            self.notes.append(note)
        else:
            self.log(command("warning", {"title": "integrations-drift"}, f"could not {what}: {exc}"))
            self.notes.append(f"Could not {what}: {exc}.")

    @property
    def repo_path(self) -> str:
        return f"/repos/{self.repository}"

    # ---- the sticky comment -----------------------------------------------------------------

    def sticky_comment(self, number: int, body: str, post_new: bool) -> str:
        """Update the one comment (or create it when ``post_new``) and delete duplicates.
        Returns what was done: created, updated, nothing or failed."""
        found = self.listed("list the pull request's comments", Comment, f"/issues/{number}/comments")
        if found is None:
            return "failed"
        mine = [c for c in found if c.body and COMMENT_MARKER in c.body]
        if not mine and not post_new:
            self.log("integrations-drift: no drift and no earlier comment: nothing posted")
            return "nothing"
        done = "failed"
        if mine:
            keep = mine[0]
            result = self._update_comment(keep.id, body)
            if result == "gone":
                mine = mine[1:]
                done = self._create_comment(number, body)
            else:
                done = result
        else:
            done = self._create_comment(number, body)
        for duplicate in mine[1:]:
            self._delete_comment(duplicate.id)
        return done

    def _create_comment(self, number: int, body: str) -> str:
        made = self.call(
            "post the comment",
            lambda: self.client.request(
                "POST", f"{self.repo_path}/issues/{number}/comments", json={"body": body}
            ),
        )
        if made is None:
            return "failed"
        self.log(f"integrations-drift: comment posted: {Comment.model_validate(made).html_url}")
        return "created"

    def _update_comment(self, comment_id: int, body: str) -> str:
        path = f"{self.repo_path}/issues/comments/{comment_id}"
        try:
            if self.forbidden:
                return "failed"
            self.client.request("PATCH", path, json={"body": body})
        except GitHubError as exc:
            if exc.status == 404:
                self.log("integrations-drift: the earlier comment was deleted meanwhile; posting a new one")
                return "gone"
            self.failed("update the comment", exc)
            return "failed"
        self.log(f"integrations-drift: comment {comment_id} updated")
        return "updated"

    def _delete_comment(self, comment_id: int) -> None:
        path = f"{self.repo_path}/issues/comments/{comment_id}"
        try:
            if not self.forbidden:
                self.client.request("DELETE", path)
                self.log(f"integrations-drift: duplicate comment {comment_id} deleted")
        except GitHubError as exc:
            if exc.status != 404:
                self.failed("delete a duplicate comment", exc)

    # ---- inline suggestions ----------------------------------------------------------------

    def doc_patch_lines(self, number: int, doc: str) -> set[int] | None:
        """The new-side lines of the document in the PR's diff; None when the PR does not change it."""
        files = self.listed("list the pull request's files", PullFile, f"/pulls/{number}/files")
        for f in files or []:
            if f.filename == doc and f.patch:
                return right_side_lines(f.patch)
        return None

    def review(self, number: int, commit: str, wanted: list[InlineSuggestion]) -> int:
        """Post the suggestions not already posted (same path, line and body) as one review."""
        existing = self.listed("list the review comments", ReviewComment, f"/pulls/{number}/comments")
        if existing is None:
            return 0
        seen = {(c.path, c.line, c.body) for c in existing if SUGGESTION_MARKER in c.body}
        fresh = [s for s in wanted if (s.path, s.end, s.body()) not in seen]
        if not fresh:
            return 0
        payload: dict[str, Any] = {
            "commit_id": commit,
            "event": "COMMENT",
            "body": "integrations-drift: suggested edits of the document (the comment has the whole diff).",
            "comments": [s.payload() for s in fresh],
        }
        posted = self.call(
            "post the review suggestions",
            lambda: self.client.request("POST", f"{self.repo_path}/pulls/{number}/reviews", json=payload),
        )
        return len(fresh) if posted is not None else 0

    # ---- the nightly report issue ------------------------------------------------------------

    def report_issue(self, label: str, title: str, body: str | None, closing: str) -> str:
        """Open, update or (``body`` None: no drift) close the one report issue."""
        found = self.listed("list the report issues", Issue, "/issues", {"labels": label, "state": "open"})
        if found is None:
            return "failed"
        mine = [i for i in found if i.pull_request is None and ISSUE_MARKER in (i.body or "")]
        if body is None:
            for issue in mine:
                self._close(issue.number, closing)
            return "closed" if mine else "nothing"
        if mine:
            keep, extra = mine[0], mine[1:]
            done = self.call(
                "update the report issue",
                lambda: self.client.request(
                    "PATCH", f"{self.repo_path}/issues/{keep.number}", json={"title": title, "body": body}
                ),
            )
            for issue in extra:
                self._close(issue.number, f"Superseded by #{keep.number}.")
            return "updated" if done is not None else "failed"
        made = self.call(
            "open the report issue",
            lambda: self.client.request(
                "POST", f"{self.repo_path}/issues", json={"title": title, "body": body, "labels": [label]}
            ),
        )
        if made is None:
            return "failed"
        self.log(f"integrations-drift: report issue opened: {Issue.model_validate(made).html_url}")
        return "opened"

    def _close(self, number: int, comment: str) -> None:
        self.call(
            "comment on the report issue",
            lambda: self.client.request(
                "POST", f"{self.repo_path}/issues/{number}/comments", json={"body": comment}
            ),
        )
        self.call(
            "close the report issue",
            lambda: self.client.request(
                "PATCH",
                f"{self.repo_path}/issues/{number}",
                json={"state": "closed", "state_reason": "completed"},
            ),
        )
        self.log(f"integrations-drift: report issue #{number} closed")
