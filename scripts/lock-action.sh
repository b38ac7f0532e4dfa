#!/usr/bin/env bash
# Regenerates requirements/action.txt, the hash-pinned runtime dependencies the Docker image installs,
# from pyproject.toml's [project] dependencies. Run it after changing them and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.cache/tools-venv
if [ ! -x "$tools/bin/pip-compile" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q -r requirements/tools.txt
fi
# Local wheel folders would make the lock depend on this machine.
env -u PIP_FIND_LINKS "$tools/bin/pip-compile" --quiet --generate-hashes --strip-extras \
  --no-emit-index-url --no-emit-find-links --allow-unsafe \
  --output-file requirements/action.txt pyproject.toml
# setuptools builds the package inside the image and is removed again before the image is finished.
env -u PIP_FIND_LINKS "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
  --no-emit-index-url --no-emit-find-links \
  --output-file requirements/build.txt requirements/build.in
