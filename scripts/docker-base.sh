#!/usr/bin/env bash
# Builds a local Debian bookworm base image with python3, venv, git and CA certificates, for machines
# that cannot pull from Docker Hub. The host's CA bundle and pip configuration go into this image only
# (PyPI may be reached through a proxy whose certificate the host trusts); the real Dockerfile never
# carries them. Cached by tag: an existing tag is reused unless --rebuild is given.
#
#   scripts/docker-base.sh [--rebuild] [TAG]        default TAG: integrations-drift-base:bookworm
# Needs root, debootstrap and a running Docker engine. Prints the tag on the last line.
set -euo pipefail
rebuild=0
if [ "${1:-}" = "--rebuild" ]; then rebuild=1; shift; fi
tag="${1:-integrations-drift-base:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [ "$rebuild" = 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag already present" >&2
  echo "$tag"
  exit 0
fi

root="$(mktemp -d /tmp/idrift-rootfs.XXXXXX)"
cleanup() { rm -rf "$root"; }
trap cleanup EXIT

debootstrap --variant=minbase --include=python3,python3-venv,git,ca-certificates \
  bookworm "$root" "$mirror" >&2

# The host's trust store and pip settings: the proxy's certificate lives there.
ca_bundle="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
if [ -f "$ca_bundle" ]; then
  install -D -m 0644 "$ca_bundle" "$root/etc/ssl/certs/ca-certificates.crt"
fi
if [ -f /etc/pip.conf ]; then
  install -D -m 0644 /etc/pip.conf "$root/etc/pip.conf"
fi
if [ -d /etc/xdg/pip ]; then
  mkdir -p "$root/etc/xdg"
  cp -r /etc/xdg/pip "$root/etc/xdg/pip"
fi
pip_env=()
for var in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST PIP_DEFAULT_TIMEOUT; do
  if [ -n "${!var:-}" ]; then pip_env+=(--change "ENV $var=${!var}"); fi
done

# Package caches and documentation are not needed to run anything.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt' \
  ${pip_env[@]+"${pip_env[@]}"} \
  --change 'LABEL org.opencontainers.image.title=integrations-drift-base' \
  --change 'CMD ["/bin/bash"]' \
  - "$tag" >&2
echo "$tag"
