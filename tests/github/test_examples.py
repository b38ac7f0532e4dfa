"""The example workflows use only inputs and outputs the entrypoint knows."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from integrations_drift.github.action import Inputs
from tests.standin.server import ROOT

WORKFLOWS = sorted((ROOT / "examples" / "workflows").glob("*.yml"))
OUTPUTS = {"new-findings", "findings", "report-json", "report-markdown", "sarif-file"}


def _steps(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job["steps"]]


def test_there_are_the_four_examples() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "fork-check.yml",
        "fork-comment.yml",
        "nightly-report.yml",
        "pr-check.yml",
    ]


def test_examples_use_known_inputs_and_outputs() -> None:
    known = {name.replace("_", "-") for name in Inputs.model_fields}
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        for step in _steps(path):
            if str(step.get("uses", "")).startswith("OWNER/integrations-drift@"):
                assert set(step.get("with", {}) or {}) <= known, path.name  # type: ignore[arg-type]
        for used in re.findall(r"steps\.drift\.outputs\.([a-z-]+)", text):
            assert used in OUTPUTS, (path.name, used)


def test_the_comment_stage_never_checks_out_code() -> None:
    steps = _steps(ROOT / "examples" / "workflows" / "fork-comment.yml")
    assert not any(str(s.get("uses", "")).startswith("actions/checkout") for s in steps)
