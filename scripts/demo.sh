#!/usr/bin/env bash
# Installs the tool into a virtual environment and checks the bundled demo repository.
# The demo drifts on purpose, so the check exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/integrations-drift check examples/demo "$@"
