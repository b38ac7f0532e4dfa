#!/usr/bin/env bash
# Installs GitHub's OpenAPI description (npm package @octokit/openapi, pinned) into .cache/openapi/
# and extracts the operations the action calls into .cache/openapi/operations.json, which the GitHub
# stand-in of the tests validates every request against. Does nothing when both are there already.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=23.0.2
DEST=.cache/openapi
OUT=$DEST/operations-$VERSION.json
if [ -f "$OUT" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "openapi.sh: npm not found; the GitHub stand-in tests will be skipped" >&2
  exit 0
fi
mkdir -p "$DEST"
npm install --silent --no-audit --no-fund --prefix "$DEST" "@octokit/openapi@$VERSION" >&2
python3 - "$DEST/node_modules/@octokit/openapi/generated/api.github.com.deref.json" "$OUT" "$VERSION" <<'PY'
import json
import sys

# The operations the action calls: (path template, method).
USED = [
    ("/repos/{owner}/{repo}/issues/{issue_number}/comments", "get"),
    ("/repos/{owner}/{repo}/issues/{issue_number}/comments", "post"),
    ("/repos/{owner}/{repo}/issues/comments/{comment_id}", "patch"),
    ("/repos/{owner}/{repo}/issues/comments/{comment_id}", "delete"),
    ("/repos/{owner}/{repo}/issues", "get"),
    ("/repos/{owner}/{repo}/issues", "post"),
    ("/repos/{owner}/{repo}/issues/{issue_number}", "patch"),
    ("/repos/{owner}/{repo}/pulls/{pull_number}", "get"),
    ("/repos/{owner}/{repo}/pulls/{pull_number}/files", "get"),
    ("/repos/{owner}/{repo}/pulls/{pull_number}/comments", "get"),
    ("/repos/{owner}/{repo}/pulls/{pull_number}/reviews", "post"),
]
spec = json.load(open(sys.argv[1], encoding="utf-8"))
ops = []
for path, method in USED:
    op = spec["paths"][path][method]
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    params = [
        {"name": p["name"], "in": p["in"], "required": p.get("required", False), "schema": p.get("schema", {})}
        for p in op.get("parameters", [])
    ]
    ops.append({"path": path, "method": method.upper(), "operationId": op["operationId"],
                "parameters": params, "body": body})
json.dump({"package": "@octokit/openapi@" + sys.argv[3], "api_version": spec["info"]["version"],
           "operations": ops}, open(sys.argv[2], "w", encoding="utf-8"), indent=1)
PY
echo "openapi.sh: wrote $OUT" >&2
