"""Inputs as the runner passes them: INPUT_ + the name upper-cased, hyphens kept."""

from __future__ import annotations

import pytest

from integrations_drift.errors import UsageError
from integrations_drift.github.action import read_inputs


def test_every_input_is_read_by_its_runner_name() -> None:
    env = {
        "INPUT_DOC": "docs/INTEGRATIONS.md",
        "INPUT_CONFIG": "ci.yml",
        "INPUT_MODE": "report",
        "INPUT_BASE": "main",
        "INPUT_HEAD": "HEAD",
        "INPUT_FAIL-ON": "warning",
        "INPUT_COMMENT": "false",
        "INPUT_SUGGEST-INLINE": "False",
        "INPUT_SARIF": "no",
        "INPUT_TOKEN": "ghs_abc",
        "INPUT_REPORT": "saved/report.json",
        "INPUT_PR-NUMBER": "42",
        "INPUT_OUTPUT-DIR": "out",
        "INPUT_LABEL": "drift",
        "INPUT_FAIL_ON": "never",  # not the runner's spelling: ignored
    }
    inputs = read_inputs(env)
    assert (inputs.doc, inputs.config, inputs.mode, inputs.base, inputs.head) == (
        "docs/INTEGRATIONS.md",
        "ci.yml",
        "report",
        "main",
        "HEAD",
    )
    assert inputs.fail_on == "warning"
    assert (inputs.comment, inputs.suggest_inline, inputs.sarif) == (False, False, False)
    assert (inputs.report, inputs.pr_number, inputs.output_dir, inputs.label) == (
        "saved/report.json",
        42,
        "out",
        "drift",
    )
    assert inputs.token.get_secret_value() == "ghs_abc"
    assert "ghs_abc" not in repr(inputs) and "ghs_abc" not in str(inputs)


def test_defaults_when_the_runner_passes_empty_strings() -> None:
    inputs = read_inputs({"INPUT_DOC": "", "INPUT_BASE": "", "INPUT_FAIL-ON": "", "INPUT_COMMENT": ""})
    assert (inputs.doc, inputs.base, inputs.fail_on, inputs.mode) == (None, None, None, "pr")
    assert inputs.comment and inputs.suggest_inline and inputs.sarif


@pytest.mark.parametrize(
    ("name", "value"), [("MODE", "nightly"), ("FAIL-ON", "errors"), ("SARIF", "maybe"), ("PR-NUMBER", "4x")]
)
def test_a_bad_input_is_a_one_line_usage_error(name: str, value: str) -> None:
    with pytest.raises(UsageError) as info:
        read_inputs({f"INPUT_{name}": value})
    assert name.lower() in str(info.value) and "\n" not in str(info.value)
