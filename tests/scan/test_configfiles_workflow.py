"""GitHub workflows: env keys at workflow, job and step level are sets; CI-only reads are ignored."""

from __future__ import annotations

import pytest

from integrations_drift.scan.env.configfiles import scan_config_file
from integrations_drift.scan.types import SourceFile


def refs(path: str, text: str) -> list[tuple[str, int, str, bool]]:
    return [(r.name, r.line, r.use, r.has_default) for r in scan_config_file(SourceFile(path, text.encode()))]


WORKFLOW = """\
name: ci
on: push
env:
  TOP_LEVEL: "1"
  # COMMENTED: "1"
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      JOB_LEVEL: ${{ secrets.TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - run: echo "$RUN_READ ${BRACED} ${{ env.TOP_LEVEL }}"
        env:
          STEP_LEVEL: ${{ vars.X }}
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: make lint
"""


@pytest.mark.parametrize("path", [".github/workflows/ci.yml", ".github/workflows/release.yaml"])
def test_env_levels(path: str) -> None:
    assert refs(path, WORKFLOW) == [
        ("TOP_LEVEL", 4, "set", False),
        ("JOB_LEVEL", 10, "set", False),
        ("STEP_LEVEL", 15, "set", False),
    ]


def test_source_is_workflow() -> None:
    out = scan_config_file(SourceFile(".github/workflows/ci.yml", WORKFLOW.encode()))
    assert {r.source for r in out} == {"workflow"}


def test_yaml_outside_the_workflows_folder_is_not_a_workflow() -> None:
    assert refs("ci/workflows/ci.yml", WORKFLOW) == []
    assert refs(".github/dependabot.yml", WORKFLOW) == []


def test_expression_valued_env_is_skipped() -> None:
    text = "on: push\njobs:\n  a:\n    env: ${{ fromJSON(inputs.env) }}\n    steps: []\n"
    assert refs(".github/workflows/a.yml", text) == []


def test_malformed_workflow_yields_nothing() -> None:
    assert refs(".github/workflows/a.yml", "env:\n  A: 1\n jobs: [\n") == []
