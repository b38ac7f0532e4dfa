#!/usr/bin/env bash
# Runs the project's own workflow through nektos/act (pinned in requirements/tools.txt) with the
# locally built base image as the job image and the GitHub stand-in as the API (scripts/e2e_act.py).
# act builds the Dockerfile itself with its default base, so the local base is tagged
# python:3.12-slim when no such image exists (or the one there is a local base too).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dockerd.sh
source scripts/dockerd.sh
trap idrift_stop_dockerd EXIT
start=$(date +%s)
idrift_start_dockerd
base="$(bash scripts/docker-base.sh | tail -1)"
title=absent
if docker image inspect python:3.12-slim >/dev/null 2>&1; then
  title="$(docker image inspect python:3.12-slim --format '{{ index .Config.Labels "org.opencontainers.image.title" }}')"
fi
if [ "$title" = absent ] || [ "$title" = integrations-drift-base ]; then
  docker tag "$base" python:3.12-slim
else
  echo "using the python:3.12-slim image already present" >&2
fi

tools=.cache/tools-venv
if [ ! -x "$tools/bin/act" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q -r requirements/tools.txt
fi
bash scripts/openapi.sh
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q -e '.[dev]'
fi
.venv/bin/python scripts/e2e_act.py "$base"
echo "e2e-act: $(( $(date +%s) - start )) s"
