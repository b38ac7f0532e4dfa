"""A GitHub stand-in: a real HTTP server on 127.0.0.1 that keeps state and checks every request.

Each request's method and path must match an operation of GitHub's OpenAPI description (the npm
package ``@octokit/openapi``, pinned in ``scripts/openapi.sh``), its query parameters must be ones
that operation declares, and its JSON body must validate against the operation's request schema
with no key the schema does not name. Anything else is answered 404/422 and recorded in
``violations``, which every test checks is empty.

Faults are queued per operation: a status with headers and body, a connection reset, a stalled
response (the client's time-out), malformed JSON, or a state change just before the request is
served (a comment deleted between find and update).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
OPENAPI_VERSION = "23.0.2"
OPERATIONS = ROOT / ".cache" / "openapi" / f"operations-{OPENAPI_VERSION}.json"
TOKEN = "ghs_standinTOKEN0123456789abcdefSECRET"


@dataclass
class Operation:
    method: str
    template: list[str]
    operation_id: str
    path_params: dict[str, dict[str, Any]]
    query_params: set[str]
    body: dict[str, Any] | None

    def match(self, method: str, parts: list[str]) -> dict[str, str] | None:
        if method != self.method or len(parts) != len(self.template):
            return None
        found: dict[str, str] = {}
        for want, got in zip(self.template, parts, strict=True):
            if want.startswith("{"):
                found[want[1:-1]] = got
            elif want != got:
                return None
        return found


def load_operations(path: Path = OPERATIONS) -> list[Operation]:
    data = json.loads(path.read_text(encoding="utf-8"))
    ops = []
    for op in data["operations"]:
        ops.append(
            Operation(
                method=op["method"],
                template=op["path"].strip("/").split("/"),
                operation_id=op["operationId"],
                path_params={p["name"]: p["schema"] for p in op["parameters"] if p["in"] == "path"},
                query_params={p["name"] for p in op["parameters"] if p["in"] == "query"},
                body=op["body"],
            )
        )
    return ops


@dataclass
class Fault:
    operation: str  # operationId, e.g. "issues/create-comment"
    kind: str = "status"  # status | reset | stall | malformed | hook | hold
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    times: int = 1
    # hook: runs with the path parameters, then the request is served; hold: the request is served
    # first and the hook runs before the reply leaves (the answer reflects the state on arrival).
    hook: Callable[[dict[str, str]], object] | None = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class State:
    def __init__(self, owner: str, repo: str) -> None:
        self.owner = owner
        self.repo = repo
        self.next_id = 1000
        self.comments: dict[int, dict[str, Any]] = {}  # id → comment (with its issue number)
        self.issues: dict[int, dict[str, Any]] = {}
        self.pulls: dict[int, dict[str, Any]] = {}
        self.pr_files: dict[int, list[dict[str, Any]]] = {}
        self.reviews: list[dict[str, Any]] = []
        self.review_comments: dict[int, list[dict[str, Any]]] = {}
        self.next_issue = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def add_comment(self, issue: int, body: str, login: str = "github-actions[bot]") -> dict[str, Any]:
        cid = self.new_id()
        base = f"https://github.com/{self.owner}/{self.repo}"
        comment = {
            "id": cid,
            "node_id": f"IC_{cid}",
            "url": f"https://api.github.com/repos/{self.owner}/{self.repo}/issues/comments/{cid}",
            "html_url": f"{base}/issues/{issue}#issuecomment-{cid}",
            "issue_url": f"https://api.github.com/repos/{self.owner}/{self.repo}/issues/{issue}",
            "body": body,
            "user": {"login": login, "id": 41898282, "type": "Bot" if login.endswith("[bot]") else "User"},
            "author_association": "NONE",
            "created_at": _now(),
            "updated_at": _now(),
            "_issue": issue,
        }
        self.comments[cid] = comment
        return comment

    def comments_of(self, issue: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["_issue"] == issue]

    def add_pull(self, number: int, head_sha: str, base_sha: str, files: list[dict[str, Any]]) -> None:
        self.pulls[number] = {
            "number": number,
            "state": "open",
            "head": {"sha": head_sha, "ref": "feature"},
            "base": {"sha": base_sha, "ref": "main"},
        }
        self.pr_files[number] = files
        self.next_issue = max(self.next_issue, number + 1)


class Standin:
    def __init__(self, owner: str = "octo-org", repo: str = "shop", prefix: str = "") -> None:
        self.operations = load_operations()
        self.state = State(owner, repo)
        self.prefix = prefix.rstrip("/")
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, Any]] = []  # method, path (with query), body
        self.violations: list[str] = []
        self.token = TOKEN
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.prefix}"

    def __enter__(self) -> Standin:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, operation: str, **kwargs: Any) -> None:
        self.faults.append(Fault(operation, **kwargs))

    def calls(self, operation: str) -> int:
        return sum(1 for _m, _p, _b, op in self._ops if op == operation)

    _ops: list[tuple[str, str, Any, str]]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self
        standin._ops = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _do(self) -> None:
                standin._serve(self)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _do

        return Handler

    # ---- serving -------------------------------------------------------------------------

    def _reply(
        self,
        h: BaseHTTPRequestHandler,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> None:
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _violation(self, h: BaseHTTPRequestHandler, status: int, message: str) -> None:
        self.violations.append(message)
        self._reply(h, status, {"message": message, "documentation_url": "https://docs.github.com/rest"})

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        split = urlsplit(h.path)
        method = h.command
        path = split.path
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                return self._violation(h, 400, f"{method} {path}: body is not JSON")
        with self.lock:
            self.log.append((method, h.path, body))
        if not path.startswith(self.prefix + "/"):
            return self._violation(h, 404, f"{method} {path}: not under the API prefix {self.prefix or '/'}")
        parts = path[len(self.prefix) :].strip("/").split("/")
        for op in self.operations:
            params = op.match(method, parts)
            if params is not None:
                break
        else:
            return self._violation(h, 404, f"{method} {path}: no such operation in the OpenAPI description")
        problem = self._check(op, params, parse_qs(split.query), body)
        if problem:
            return self._violation(h, 422, f"{op.operation_id}: {problem}")
        with self.lock:
            self._ops.append((method, path, body, op.operation_id))
        if h.headers.get("Authorization") != f"Bearer {self.token}":
            return self._reply(h, 401, {"message": "Bad credentials"})
        if h.headers.get("X-GitHub-Api-Version") is None or "github" not in h.headers.get("Accept", ""):
            return self._violation(h, 400, f"{op.operation_id}: Accept / X-GitHub-Api-Version missing")
        fault = self._take_fault(op.operation_id)
        if fault is not None:
            if fault.kind == "reset":
                sock = h.connection
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                h.close_connection = True
                sock.close()
                return None
            if fault.kind == "stall":
                time.sleep(float(fault.body or 3))
                h.close_connection = True
                return None
            if fault.kind == "malformed":
                return self._reply(h, 200, None, raw=b'{"id": 1, "body": ')
            if fault.kind in ("hook", "hold") and fault.hook is not None:
                if fault.kind == "hook":
                    fault.hook(params)  # outside the lock: a hook may wait for another request
            else:
                return self._reply(h, fault.status, fault.body or {"message": "fault"}, fault.headers)
        with self.lock:
            status, out, headers = self._route(op.operation_id, params, parse_qs(split.query), body, h)
        if fault is not None and fault.kind == "hold" and fault.hook is not None:
            fault.hook(params)
        self._reply(h, status, out, headers)
        return None

    def _take_fault(self, operation: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.operation == operation and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def _check(self, op: Operation, params: dict[str, str], query: dict[str, list[str]], body: Any) -> str:
        if params.get("owner") != self.state.owner or params.get("repo") != self.state.repo:
            return f"unknown repository {params.get('owner')}/{params.get('repo')}"
        for name, schema in op.path_params.items():
            if schema.get("type") == "integer" and not params[name].isdigit():
                return f"path parameter {name}={params[name]!r} is not an integer"
        unknown = set(query) - op.query_params
        if unknown:
            return f"unknown query parameters {sorted(unknown)}"
        if op.body is None:
            return "" if body is None else "a body where the operation takes none"
        if body is None:
            return "" if op.method == "DELETE" else "no body"
        try:
            jsonschema.validate(body, op.body)
        except jsonschema.ValidationError as exc:
            return f"body does not match the schema: {exc.message}"
        extra = set(body) - set(op.body.get("properties", {})) if isinstance(body, dict) else set()
        if extra:
            return f"body keys the schema does not name: {sorted(extra)}"
        for comment in body.get("comments", []) if isinstance(body, dict) else []:
            keys = set(comment) - set(op.body["properties"]["comments"]["items"]["properties"])
            if keys:
                return f"review comment keys the schema does not name: {sorted(keys)}"
        return ""

    def _page(
        self, items: list[dict[str, Any]], query: dict[str, list[str]], h: BaseHTTPRequestHandler, path: str
    ) -> tuple[int, Any, dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            # As GitHub does: the next and last URLs keep the request's other query parameters.
            host = h.headers.get("Host", "")
            rest = "".join(f"&{k}={quote(v[0])}" for k, v in query.items() if k not in ("page", "per_page"))
            last = (len(items) - 1) // per_page + 1
            headers["Link"] = (
                f'<http://{host}{path}?per_page={per_page}&page={page + 1}{rest}>; rel="next", '
                f'<http://{host}{path}?per_page={per_page}&page={last}{rest}>; rel="last"'
            )
        return 200, [self._public(i) for i in chunk], headers

    @staticmethod
    def _public(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if not k.startswith("_")}

    def _route(
        self, op: str, p: dict[str, str], query: dict[str, list[str]], body: Any, h: BaseHTTPRequestHandler
    ) -> tuple[int, Any, dict[str, str]]:
        s = self.state
        path = urlsplit(h.path).path
        missing = (404, {"message": "Not Found"}, {})
        if op == "issues/list-comments":
            return self._page(s.comments_of(int(p["issue_number"])), query, h, path)
        if op == "issues/create-comment":
            number = int(p["issue_number"])
            if number not in s.issues and number not in s.pulls:
                return missing
            return 201, self._public(s.add_comment(number, body["body"])), {}
        if op == "issues/update-comment":
            comment = s.comments.get(int(p["comment_id"]))
            if comment is None:
                return missing
            comment["body"] = body["body"]
            comment["updated_at"] = _now()
            return 200, self._public(comment), {}
        if op == "issues/delete-comment":
            if s.comments.pop(int(p["comment_id"]), None) is None:
                return missing
            return 204, None, {}
        if op == "issues/list-for-repo":
            state = query.get("state", ["open"])[0]
            labels = [x for x in query.get("labels", [""])[0].split(",") if x]
            found = [
                i
                for i in s.issues.values()
                if (state == "all" or i["state"] == state)
                and all(any(lb["name"] == want for lb in i["labels"]) for want in labels)
            ]
            return self._page(found, query, h, path)
        if op == "issues/create":
            number = s.next_issue
            s.next_issue += 1
            issue = {
                "id": s.new_id(),
                "number": number,
                "title": body["title"],
                "body": body.get("body", ""),
                "state": "open",
                "state_reason": None,
                "labels": [{"name": str(x)} for x in body.get("labels", [])],
                "html_url": f"https://github.com/{s.owner}/{s.repo}/issues/{number}",
            }
            s.issues[number] = issue
            return 201, issue, {}
        if op == "issues/update":
            issue = s.issues.get(int(p["issue_number"]))
            if issue is None:
                return missing
            for key in ("title", "body", "state", "state_reason"):
                if key in body:
                    issue[key] = body[key]
            return 200, issue, {}
        if op == "pulls/get":
            pull = s.pulls.get(int(p["pull_number"]))
            return (200, pull, {}) if pull else missing
        if op == "pulls/list-files":
            return self._page(s.pr_files.get(int(p["pull_number"]), []), query, h, path)
        if op == "pulls/list-review-comments":
            return self._page(s.review_comments.get(int(p["pull_number"]), []), query, h, path)
        if op == "pulls/create-review":
            number = int(p["pull_number"])
            review = {"id": s.new_id(), "state": "COMMENTED", "body": body.get("body", ""), **body}
            s.reviews.append({"pull": number, **body})
            for c in body.get("comments", []):
                s.review_comments.setdefault(number, []).append(
                    {
                        "id": s.new_id(),
                        "path": c["path"],
                        "line": c.get("line"),
                        "body": c["body"],
                        "start_line": c.get("start_line"),
                    }
                )
            return 200, review, {}
        return missing
