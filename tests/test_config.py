"""Settings files: valid ones load, invalid ones give one line naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations_drift.config import load_settings
from integrations_drift.errors import UsageError
from integrations_drift.findings import Severity


def test_defaults_without_a_file(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert s.fail_on == "error" and s.ignore == [] and s.env.builtin_ignore


def test_yaml_file_loads(tmp_path: Path) -> None:
    (tmp_path / ".integrations-drift.yml").write_text(
        "doc: docs/INTEGRATIONS.md\n"
        "exclude: ['legacy/**']\n"
        "fail-on: warning\n"
        "severity:\n  stale-env-var: error\n"
        "ignore:\n  - kind: undocumented-env-var\n    subject: 'FEATURE_*'\n"
        "    reason: flags live in FLAGS.md\n"
        "env:\n  ignore: [MY_INTERNAL]\n"
    )
    s = load_settings(tmp_path)
    assert s.doc == "docs/INTEGRATIONS.md"
    assert s.exclude == ["legacy/**"]
    assert s.fail_on == "warning"
    assert s.severity == {"stale-env-var": Severity.ERROR}
    assert s.ignore[0].subject == "FEATURE_*"
    assert s.env.ignore == ["MY_INTERNAL"]


def test_pyproject_section_loads(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.integrations-drift]\ndoc = "x.md"\nfail-on = "never"\n')
    s = load_settings(tmp_path)
    assert (s.doc, s.fail_on) == ("x.md", "never")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ignore:\n  - kind: stale-env-var\n    subject: X\n", "ignore.0.reason: Field required"),
        (
            "ignore:\n  - kind: no-such-kind\n    reason: because\n",
            "ignore.0.kind: unknown finding kind 'no-such-kind'",
        ),
        ("fail-on: sometimes\n", "fail-on: Input should be 'error', 'warning', 'notice' or 'never'"),
        (
            "severity:\n  stale-env-var: fatal\n",
            "severity.stale-env-var: Input should be 'error', 'warning' or 'notice'",
        ),
        ("colour: true\n", "colour: unknown key"),
        ("- a\n- b\n", "expected a mapping of settings"),
        ("doc: [unclosed\n", "line 2"),
    ],
)
def test_bad_config_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / ".integrations-drift.yml").write_text(content)
    with pytest.raises(UsageError) as exc:
        load_settings(tmp_path)
    text = str(exc.value)
    assert "\n" not in text
    assert text.startswith("config error in .integrations-drift.yml")
    assert message in text


def test_explicit_missing_config(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"config file not found: nope\.yml"):
        load_settings(tmp_path, "nope.yml")


def test_bad_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.integrations-drift\n")
    with pytest.raises(UsageError, match=r"config error in pyproject\.toml"):
        load_settings(tmp_path)
