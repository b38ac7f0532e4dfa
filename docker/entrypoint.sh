#!/bin/sh
# The container's entrypoint. The runner mounts a workspace that another user owns while the container
# runs as root, and git refuses such a repository ("dubious ownership"). The workspace is declared safe
# through GIT_CONFIG_COUNT/KEY/VALUE, which adds to whatever configuration the caller already passes
# and writes no file. With no arguments it runs the Action; otherwise the arguments are a subcommand.
set -eu
workspace="${GITHUB_WORKSPACE:-$(pwd)}"
n="${GIT_CONFIG_COUNT:-0}"
export "GIT_CONFIG_KEY_${n}=safe.directory" "GIT_CONFIG_VALUE_${n}=${workspace}"
export GIT_CONFIG_COUNT=$((n + 1))
if [ "$#" -eq 0 ]; then
  set -- action
fi
exec integrations-drift "$@"
