"""The JSON report: what it adds to version 1, its published JSON Schema, real reports against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from integrations_drift.cli import main
from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from integrations_drift.report.schema import SCHEMA_PATH, report_schema, schema_text
from integrations_drift.suppress import BaselineSource
from tests.conftest import RepoFactory
from tests.gitrepo import commit, git, write
from tests.report_repos import BASELINE, drifting_repo

ROOT = Path(__file__).resolve().parents[1]
FIRST_RELEASE = ["version", "tool", "doc", "mode", "base", "head", "findings", "resolved", "summary"]
ADDED = ["files_scanned", "suppressed", "unverified", "stale_baseline", "documents"]


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, dict[str, Any], str]:
    main(["check", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    return out, json.loads(out), err


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_committed_schema_is_the_generated_one() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        f"{SCHEMA_PATH} is out of date: python -m integrations_drift.report.schema > {SCHEMA_PATH}"
    )
    schema = report_schema()
    assert schema["required"] == FIRST_RELEASE  # the keys added since stay optional
    assert set(ADDED) <= set(schema["properties"])


def test_report_carries_what_the_other_formats_show(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = drifting_repo(repo_factory)
    _, report, err = check_json(capsys, str(repo), "--baseline", BASELINE)
    assert list(report) == FIRST_RELEASE + ADDED
    assert report["suppressed"] == {"baseline": 1, "inline": 1, "baseline_file": BASELINE}
    assert report["unverified"] == [{"name": "Acme Cache", "doc_line": 13}]
    assert report["stale_baseline"] == [
        {"fingerprint": "0" * 20, "kind": "stale-env-var", "subject": "GONE_VAR"}
    ]
    main(["check", str(repo), "--baseline", BASELINE])
    text = capsys.readouterr().out
    assert f"({report['files_scanned']} files scanned)" in text
    assert report["files_scanned"] >= 3
    subjects = {f["subject"] for f in report["findings"]}
    assert "LEGACY_TOKEN" not in subjects and "PAYMENT_HOOK" not in subjects
    assert "baseline entry stale-env-var GONE_VAR matches no finding" in err  # as before
    validator().validate(report)


def test_first_release_keys_are_byte_identical(repo_factory: RepoFactory) -> None:
    """What a reader of the first release parsed is, byte for byte, where it was."""
    repo = drifting_repo(repo_factory)
    source = BaselineSource(repo / BASELINE, BASELINE)
    result = run_check(repo, load_settings(repo), baseline=source)
    before = json.dumps(result.report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    main(["check", str(repo), "--baseline", BASELINE, "--format", "json", "--output", str(repo / "r.json")])
    after = (repo / "r.json").read_text(encoding="utf-8")
    assert before.endswith("\n  }\n}\n")
    assert after.startswith(before[: -len("\n}\n")] + ',\n  "files_scanned": ')


def test_pr_mode_report_validates(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    repo = drifting_repo(repo_factory)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/db.py": 'import os\n\nURL = os.environ["DATABASE_URL"]\nNEW = os.getenv("NEW_FLAG")\n'})
    commit(repo, "change")
    _, report, _ = check_json(capsys, str(repo), "--base", base)
    assert report["mode"] == "pr" and report["resolved"]
    assert {f["change"] for f in report["findings"]} == {"new", "existing"}
    validator().validate(report)


def test_a_first_release_report_still_validates_and_the_schema_constrains(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = drifting_repo(repo_factory)
    _, report, _ = check_json(capsys, str(repo))
    check = validator()
    first = {k: report[k] for k in FIRST_RELEASE}
    check.validate(first)
    for broken in (
        {k: v for k, v in first.items() if k != "findings"},
        {**first, "version": 2},
        {**first, "findings": [{**first["findings"][0], "kind": "no-such-kind"}]},
        {**first, "findings": [{**first["findings"][0], "severity": "fatal"}]},
        {**report, "suppressed": {**report["suppressed"], "inline": "1"}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            check.validate(broken)
