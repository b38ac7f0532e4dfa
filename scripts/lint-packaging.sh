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
actionlint .github/workflows/*.yml examples/workflows/*.yml 2>/dev/null || actionlint .github/workflows/*.yml
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
    PRE_COMMIT_HOME="$work/.pre-commit-home" pre-commit try-repo "$OLDPWD" integrations-drift --all-files
  )
fi
