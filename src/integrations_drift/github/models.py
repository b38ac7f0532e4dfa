"""The parts of GitHub's payloads the action reads: events and REST responses, validated once.

Unknown keys are ignored (GitHub adds fields all the time); a missing key the action needs is an
error at the boundary, not a ``KeyError`` deep inside.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")


class User(_Payload):
    login: str = ""
    type: str = ""


class Comment(_Payload):
    id: int
    body: str | None = ""
    user: User | None = None
    html_url: str = ""


class Label(_Payload):
    name: str


class Issue(_Payload):
    number: int
    state: str = "open"
    body: str | None = ""
    labels: list[Label] = Field(default_factory=list)
    html_url: str = ""
    pull_request: dict[str, object] | None = None  # set on the pull requests the issues list returns


class CommitRef(_Payload):
    sha: str
    ref: str = ""


class Repo(_Payload):
    full_name: str = ""
    default_branch: str = ""


class PullHead(CommitRef):
    repo: Repo | None = None


class PullRequest(_Payload):
    number: int
    head: PullHead
    base: CommitRef
    state: str = "open"


class PullFile(_Payload):
    filename: str
    status: str = ""
    patch: str | None = None
    previous_filename: str | None = None


class ReviewComment(_Payload):
    id: int
    path: str
    line: int | None = None
    body: str = ""


class WorkflowRun(_Payload):
    head_sha: str = ""
    event: str = ""
    pull_requests: list[dict[str, object]] = Field(default_factory=list)


class Event(_Payload):
    """The event file (``GITHUB_EVENT_PATH``) of the events the action runs on."""

    pull_request: PullRequest | None = None
    repository: Repo | None = None
    workflow_run: WorkflowRun | None = None
    number: int | None = None
