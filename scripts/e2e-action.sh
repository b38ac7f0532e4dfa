#!/usr/bin/env bash
# End to end for the Docker action: starts dockerd (stopped again by its PID on exit, also on failure),
# builds the local base image and then the real Dockerfile on it, and runs the container as the
# runner does against the GitHub stand-in (scripts/e2e_action.py). Prints the times it took.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/dockerd.sh
source scripts/dockerd.sh
trap idrift_stop_dockerd EXIT
start=$(date +%s)
idrift_start_dockerd

t=$(date +%s)
base="$(bash scripts/docker-base.sh | tail -1)"
echo "base image $base ready in $(( $(date +%s) - t )) s"

image="${IDRIFT_IMAGE:-integrations-drift:e2e}"
t=$(date +%s)
docker build -q --build-arg "BASE_IMAGE=$base" -t "$image" . >/dev/null
echo "image $image built in $(( $(date +%s) - t )) s, $(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1000000}')"

bash scripts/openapi.sh
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q -e '.[dev]'
fi
t=$(date +%s)
.venv/bin/python scripts/e2e_action.py "$image"
echo "e2e-action: container runs took $(( $(date +%s) - t )) s, all in $(( $(date +%s) - start )) s"
