"""A small GitHub REST client: one session, retries, rate limits, pagination, time-outs.

The token is sent in a header and nowhere else: it is never printed, logged or put in an error
message, and a ``Link`` URL that leaves the API's host is not followed (the header would go with it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from integrations_drift import __version__

Log = Callable[[str], None]
RETRY_STATUS = frozenset({500, 502, 503, 504})
MAX_PAGES = 100
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Policy:
    """How hard the client tries: ``attempts`` per call, exponential backoff from ``backoff`` seconds,
    never one wait longer than ``max_wait`` (a longer rate-limit wait gives up instead)."""

    attempts: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


class GitHubError(Exception):
    """A call that failed for good. ``status`` is None when no response came back."""

    def __init__(self, method: str, path: str, status: int | None, reason: str) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
        where = f"{method} {path}"
        super().__init__(f"{where}: {status} {reason}" if status is not None else f"{where}: {reason}")

    @property
    def forbidden(self) -> bool:
        return self.status in (401, 403)


def _reason(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.reason or "error"
    message = data.get("message") if isinstance(data, dict) else None
    text = message if isinstance(message, str) and message else (response.reason or "error")
    return " ".join(text.split())[:MAX_MESSAGE]


def _rate_limit_wait(response: requests.Response, now: float) -> float | None:
    """Seconds to wait before retrying a rate-limited response, or None if it is not one.

    Primary limit: ``x-ratelimit-remaining: 0`` until ``x-ratelimit-reset``. Secondary limit:
    ``Retry-After``, or GitHub's advice of at least a minute when the message names it."""
    if response.status_code not in (403, 429):
        return None
    headers = response.headers
    retry_after = headers.get("retry-after", "").strip()
    if retry_after:
        if retry_after.isdigit():
            return float(retry_after)
        try:
            return max(0.0, parsedate_to_datetime(retry_after).timestamp() - now)
        except (TypeError, ValueError):
            return 60.0
    if headers.get("x-ratelimit-remaining") == "0":
        reset = headers.get("x-ratelimit-reset", "")
        return max(0.0, float(reset) - now) + 1.0 if reset.isdigit() else 60.0
    if response.status_code == 429 or "rate limit" in _reason(response).lower():
        return 60.0
    return None


def _next_link(header: str) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (one split per entry, no regex)."""
    for part in header.split(","):
        url, _, params = part.partition(";")
        if any(p.strip().replace(" ", "") in ('rel="next"', "rel=next") for p in params.split(";")):
            url = url.strip()
            if url.startswith("<") and url.endswith(">"):
                return url[1:-1]
    return None


class GitHubClient:
    def __init__(
        self,
        api_url: str,
        token: str,
        *,
        policy: Policy | None = None,
        log: Log = lambda _message: None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self._host = urlsplit(self.api_url).netloc
        self.policy = policy or Policy()
        self._log = log
        self._sleep = sleep
        self._session = requests.Session()
        self._session.trust_env = True
        self._session.headers.update(
            {
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": f"integrations-drift/{__version__}",
            }
        )
        self._token = token
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Any:
        """The parsed JSON of a successful response (None for an empty one)."""
        return self._send(method, path, self.api_url + path, json, params)[0]

    def paginate(self, path: str, params: Mapping[str, str | int] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, 100 a page, following ``Link: rel="next"``."""
        url: str | None = self.api_url + path
        query: Mapping[str, str | int] | None = {"per_page": 100, **(params or {})}
        for _page in range(MAX_PAGES):
            if url is None:
                return
            data, link = self._send("GET", path, url, None, query)
            if not isinstance(data, list):
                raise GitHubError("GET", path, None, "expected a list in the response")
            yield from data
            url = _next_link(link) if link else None
            query = None  # the next URL carries its own query
            if url is not None and urlsplit(url).netloc != self._host:
                raise GitHubError("GET", path, None, "the next page is on another host; not followed")

    def _send(
        self,
        method: str,
        path: str,
        url: str,
        body: Mapping[str, Any] | None,
        params: Mapping[str, str | int] | None,
    ) -> tuple[Any, str]:
        policy = self.policy
        timeout = (policy.connect_timeout, policy.read_timeout)
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            try:
                response = self._session.request(method, url, json=body, params=params, timeout=timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                # The exception's text can carry the URL and more: only its class is shown.
                reason = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                if last:
                    raise GitHubError(method, path, None, f"{reason} after {attempt} attempts") from None
                self._wait(method, path, reason, self._backoff(attempt))
                continue
            status = response.status_code
            if status < 300:
                return self._parse(method, path, response), response.headers.get("link", "")
            wait = _rate_limit_wait(response, time.time())
            if wait is not None:
                if wait > policy.max_wait or last:
                    reason = self._redact(_reason(response))
                    why = f"rate limited ({reason}); retry after {wait:.0f} s"
                    raise GitHubError(method, path, status, why)
                self._wait(method, path, f"{status} rate limited", wait)
                continue
            if status in RETRY_STATUS and not last:
                self._wait(method, path, f"{status} {response.reason or ''}".strip(), self._backoff(attempt))
                continue
            raise GitHubError(method, path, status, self._redact(_reason(response)))
        raise AssertionError("unreachable")  # pragma: no cover

    def _redact(self, text: str) -> str:
        """A server may echo what it was sent: the token never reaches a message."""
        return text.replace(self._token, "***") if self._token else text

    def _backoff(self, attempt: int) -> float:
        return float(min(self.policy.backoff * 2 ** (attempt - 1), self.policy.max_wait))

    def _wait(self, method: str, path: str, reason: str, seconds: float) -> None:
        self._log(f"{method} {path}: {reason}; retrying in {seconds:.1f} s")
        self._sleep(seconds)

    @staticmethod
    def _parse(method: str, path: str, response: requests.Response) -> Any:
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise GitHubError(method, path, response.status_code, "malformed JSON in the response") from None
