"""action.yml (when the repository has one) declares exactly the inputs and outputs the entrypoint uses."""

from __future__ import annotations

import pytest
import yaml

from integrations_drift.github.action import Inputs
from tests.github.test_examples import OUTPUTS
from tests.standin.server import ROOT

ACTION = ROOT / "action.yml"


def test_action_yml_inputs_and_outputs_match_the_entrypoint() -> None:
    if not ACTION.is_file():
        pytest.skip("no action.yml in this tree")
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert set(data.get("inputs", {})) == {name.replace("_", "-") for name in Inputs.model_fields}
    assert set(data.get("outputs", {})) == OUTPUTS
