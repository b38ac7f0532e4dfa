"""The REST client against the stand-in: pagination, hosts, errors, waits."""

from __future__ import annotations

import pytest

from integrations_drift.github.client import GitHubClient, GitHubError, Policy
from tests.standin.server import TOKEN, Standin

FAST = Policy(backoff=0.01, max_wait=2, read_timeout=2, connect_timeout=2)


def client(standin: Standin, waits: list[float] | None = None) -> GitHubClient:
    slept = waits if waits is not None else []
    return GitHubClient(standin.url, TOKEN, policy=FAST, sleep=slept.append)


def test_pagination_follows_link_until_the_last_page(standin: Standin) -> None:
    standin.state.add_pull(42, "a" * 40, "b" * 40, [])
    for i in range(250):
        standin.state.add_comment(42, f"c{i}")
    with client(standin) as c:
        bodies = [item["body"] for item in c.paginate("/repos/octo-org/shop/issues/42/comments")]
    assert bodies == [f"c{i}" for i in range(250)]
    assert standin.calls("issues/list-comments") == 3


def test_a_next_page_on_another_host_is_not_followed(standin: Standin) -> None:
    standin.fail(
        "issues/list-comments",
        status=200,
        body=[{"id": 1, "body": "x"}],
        headers={
            "Link": '<http://elsewhere.example/repos/octo-org/shop/issues/42/comments?page=2>; rel="next"'
        },
    )
    with client(standin) as c, pytest.raises(GitHubError, match="another host"):
        list(c.paginate("/repos/octo-org/shop/issues/42/comments"))


def test_secondary_rate_limit_without_retry_after_waits_a_minute_capped(standin: Standin) -> None:
    standin.fail(
        "issues/list-comments", status=403, body={"message": "You have exceeded a secondary rate limit."}
    )
    waits: list[float] = []
    with client(standin, waits) as c, pytest.raises(GitHubError) as info:
        list(c.paginate("/repos/octo-org/shop/issues/42/comments"))
    assert waits == []  # 60 s is over the cap of 2 s: no wait, a clear error
    assert "rate limited" in str(info.value) and "retry after 60 s" in str(info.value)


def test_5xx_backoff_grows_and_errors_name_the_call_not_the_token(standin: Standin) -> None:
    standin.fail("issues/create-comment", status=503, times=10, body={"message": f"down {TOKEN}"})
    waits: list[float] = []
    with client(standin, waits) as c, pytest.raises(GitHubError) as info:
        c.request("POST", "/repos/octo-org/shop/issues/42/comments", json={"body": "x"})
    assert waits == [0.01, 0.02, 0.04]
    assert str(info.value) == "POST /repos/octo-org/shop/issues/42/comments: 503 down ***"
    assert TOKEN not in repr(info.value.args)


def test_the_next_pages_keep_the_filter(standin: Standin) -> None:
    for n in range(1, 251):
        label = "integrations-drift" if n % 2 else "other"
        standin.state.issues[n] = {
            "id": n,
            "number": n,
            "title": "t",
            "body": "",
            "state": "open",
            "state_reason": None,
            "labels": [{"name": label}],
            "html_url": "",
        }
    with client(standin) as c:
        found = list(
            c.paginate("/repos/octo-org/shop/issues", {"labels": "integrations-drift", "state": "open"})
        )
    assert len(found) == 125 and all(i["labels"][0]["name"] == "integrations-drift" for i in found)
