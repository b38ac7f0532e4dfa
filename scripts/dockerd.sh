# Sourced by the end-to-end scripts: starts dockerd unless an engine already answers, and stops the
# one it started, by PID, when the calling script exits (also on failure).
# shellcheck shell=bash
IDRIFT_DOCKERD_PID=""
idrift_start_dockerd() {
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  local log="${IDRIFT_DOCKERD_LOG:-/tmp/idrift-dockerd.log}"
  dockerd >"$log" 2>&1 &
  IDRIFT_DOCKERD_PID=$!
  local _
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$IDRIFT_DOCKERD_PID" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "dockerd did not start; see $log" >&2
  tail -20 "$log" >&2 || true
  return 1
}
idrift_stop_dockerd() {
  if [ -n "$IDRIFT_DOCKERD_PID" ] && kill -0 "$IDRIFT_DOCKERD_PID" 2>/dev/null; then
    kill "$IDRIFT_DOCKERD_PID"
    local _
    for _ in $(seq 1 30); do
      kill -0 "$IDRIFT_DOCKERD_PID" 2>/dev/null || break
      sleep 1
    done
  fi
  IDRIFT_DOCKERD_PID=""
}
