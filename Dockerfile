# The integrations-drift GitHub Action. The base image is a build argument so machines without Docker
# Hub can build from a local Debian image (scripts/docker-base.sh); it needs python3 with venv.
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python3 -m venv /opt/integrations-drift
COPY requirements/action.txt requirements/build.txt requirements/
# Wheels only, every file checked against the lock's hashes: nothing is compiled in the image.
RUN /opt/integrations-drift/bin/pip install --require-hashes --only-binary=:all: \
      -r requirements/action.txt -r requirements/build.txt
COPY pyproject.toml README.md ./
COPY src/ src/
RUN /opt/integrations-drift/bin/pip install --no-deps --no-build-isolation . \
 && /opt/integrations-drift/bin/pip uninstall -y setuptools \
 && /opt/integrations-drift/bin/python -m pip uninstall -y pip

FROM ${BASE_IMAGE}
# The checker reads history through git; the local base images already carry it.
# hadolint ignore=DL3008
RUN if ! command -v git >/dev/null 2>&1; then \
      apt-get update \
      && apt-get install -y --no-install-recommends git \
      && rm -rf /var/lib/apt/lists/*; \
    fi
COPY --from=build /opt/integrations-drift /opt/integrations-drift
COPY docker/entrypoint.sh /usr/local/bin/integrations-drift-entrypoint
# The compiled catalog and data files (usercache.py), built once here: every run starts from an
# empty home, and building them costs as much as a small repository's whole check. Readable by any
# user; a run that cannot write there builds what it misses in memory.
ENV PATH=/opt/integrations-drift/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    XDG_CACHE_HOME=/opt/integrations-drift/cache
COPY examples/demo /tmp/warm-up
RUN integrations-drift check /tmp/warm-up --fail-on never -q \
 && chmod -R a+rX /opt/integrations-drift/cache \
 && rm -rf /tmp/warm-up
# Through sh: the script works even from a checkout that lost its executable bit.
ENTRYPOINT ["/bin/sh", "/usr/local/bin/integrations-drift-entrypoint"]
