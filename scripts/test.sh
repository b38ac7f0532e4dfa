#!/usr/bin/env bash
# Sets up a virtual environment, then runs the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
.venv/bin/mypy
# GitHub's OpenAPI description for the stand-in of tests/github (skipped there without npm).
bash scripts/openapi.sh
.venv/bin/python -m pytest "$@"
