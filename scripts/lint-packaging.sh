#!/usr/bin/env bash
# Lints the packaging: the Dockerfile (hadolint), the Action and the workflows (actionlint), the
# pre-commit hook manifest (pre-commit validate-manifest), the shell scripts (bash -n), and runs the
# hook itself through `pre-commit try-repo` on this repository. The tools are pinned in
# requirements/tools.txt and live in .cache/tools-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.cache/tools-venv
if [ ! -x "$tools/bin/hadolint" ] || [ ! -x "$tools/bin/actionlint" ] || [ ! -x "$tools/bin/pre-commit" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q -r requirements/tools.txt
fi
PATH="$PWD/$tools/bin:$PATH"

echo "hadolint Dockerfile"
hadolint Dockerfile
echo "actionlint"
shopt -s nullglob
actionlint .github/workflows/*.yml examples/workflows/*.yml docs/*.yml
shopt -u nullglob
echo "pre-commit validate-manifest"
pre-commit validate-manifest .pre-commit-hooks.yaml
echo "bash -n scripts"
for f in scripts/*.sh docker/entrypoint.sh .ci/run; do
  bash -n "$f"
done

if [ "${SKIP_TRY_REPO:-0}" != 1 ]; then
  # try-repo installs the hook from this checkout in its own environment, as a user's pre-commit
  # would, then runs it on a copy of the repository: the check must pass there.
  echo "pre-commit try-repo"
  work="$(mktemp -d /tmp/idrift-try-repo.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
  git ls-files -z | xargs -0 tar -cf - | tar -C "$work" -xf -
  (
    cd "$work"
    git init -q . && git add -A
    git -c user.name=ci -c user.email=ci@localhost commit -qm snapshot
    export PRE_COMMIT_HOME="$work/.pre-commit-home"
    pre-commit try-repo "$OLDPWD" integrations-drift --all-files
    # The hook must fail, and leave the document alone, when the code reads an undocumented variable.
    printf 'import os\nURL = os.environ["TRY_REPO_SERVICE_URL"]\n' > src/integrations_drift/try_repo_probe.py
    git add -A
    before="$(sha256sum INTEGRATIONS.md)"
    if pre-commit try-repo "$OLDPWD" integrations-drift --all-files >"$work/try-repo.log" 2>&1; then
      cat "$work/try-repo.log"
      echo "the hook passed although the code reads an undocumented variable" >&2
      exit 1
    fi
    grep -q TRY_REPO_SERVICE_URL "$work/try-repo.log"
    [ "$before" = "$(sha256sum INTEGRATIONS.md)" ]
    echo "the hook fails on drift and leaves INTEGRATIONS.md untouched"
  )
fi
