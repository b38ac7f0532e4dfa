"""``--format sarif``: SARIF 2.1.0 checked against the official schema, with rules from the registry."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from integrations_drift import PROJECT_URL, __version__
from integrations_drift.cli import main
from integrations_drift.config import load_settings
from integrations_drift.engine import run_check
from integrations_drift.report.sarif import FINGERPRINT_KEY, MAX_RESULTS, sarif_log
from integrations_drift.rules import RULES
from tests.conftest import RepoFactory
from tests.gitrepo import CLEAN, commit, git, write
from tests.report_repos import BASELINE, FILES, drifting_repo

SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "notice": "note"}


def validate(log: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)


def run_both(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The SARIF log and the JSON report of the same repository."""
    main(["check", *argv, "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    main(["check", *argv, "--format", "json"])
    return log, json.loads(capsys.readouterr().out)


def test_log_is_valid_sarif_with_rules_from_the_registry(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = drifting_repo(repo_factory)
    write(repo, {".integrations-drift.yml": "severity:\n  placeholder-row: warning\n"})
    commit(repo, "config")
    log, report = run_both(capsys, str(repo), "--baseline", BASELINE)
    validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "integrations-drift",
        __version__,
        PROJECT_URL,
    )
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [rule.kind.value for rule in RULES]
    for descriptor, rule in zip(rules, RULES, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["text"] == inspect.cleandoc(rule.doc)
        assert descriptor["defaultConfiguration"]["level"] == LEVEL[rule.default_severity.value]

    results = run["results"]
    assert len(results) == len(report["findings"]) >= 5
    by_fingerprint = {f["fingerprint"]: f for f in report["findings"]}
    for result in results:
        finding = by_fingerprint[result["partialFingerprints"][FINGERPRINT_KEY]]
        assert result["ruleId"] == finding["kind"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == LEVEL[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        assert [
            (
                loc["physicalLocation"]["artifactLocation"]["uri"],
                loc["physicalLocation"]["region"]["startLine"],
            )
            for loc in result["locations"]
        ] == [(loc["path"], loc["line"]) for loc in finding["locations"]]
        assert "baselineState" not in result  # not PR mode
    placeholder = next(r for r in results if r["ruleId"] == "placeholder-row")
    assert placeholder["level"] == "warning"  # the config's severity; the rule's default stays "note"
    assert next(r for r in rules if r["id"] == "placeholder-row")["defaultConfiguration"]["level"] == "note"
    levels = [{"error": 3, "warning": 2, "note": 1}[r["level"]] for r in results]
    assert levels == sorted(levels, reverse=True)
    stripe = next(r for r in results if r["properties"]["subject"] == "STRIPE_SECRET_KEY")
    assert stripe["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/pay.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4},
    }
    assert "\nfix: add `STRIPE_SECRET_KEY`" in stripe["message"]["text"]
    assert run["properties"]["leftOut"] == 0
    assert "toolExecutionNotifications" not in run["invocations"][0]


def test_paths_are_uri_references_relative_to_the_root(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    read = 'import os\nA = os.environ["{}"]\n'
    repo = repo_factory(
        {**CLEAN, "app/my file é.py": read.format("SPACE_VAR"), "a:b/x%y.py": read.format("COLON_VAR")}
    )
    latin1 = os.fsdecode(b"caf\xe9.py")  # not UTF-8: the name reaches us with a surrogate escape
    (repo / "app" / latin1).write_text(read.format("LATIN_VAR"), encoding="utf-8")
    log, _ = run_both(capsys, str(repo))
    validate(log)
    uris = {
        r["properties"]["subject"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {
        "SPACE_VAR": "app/my%20file%20%C3%A9.py",
        "COLON_VAR": "a%3Ab/x%25y.py",
        "LATIN_VAR": "app/caf%E9.py",  # the file's own byte
    }


def test_pr_mode_sets_the_baseline_state(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory({**CLEAN, "app/a.py": 'import os\nA = os.environ["AAA_OLD"]\n'})
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/z.py": 'import os\nZ = os.environ["ZZZ_NEW"]\n'})
    head = commit(repo, "change")
    log, _ = run_both(capsys, str(repo), "--base", base)
    validate(log)
    run = log["runs"][0]
    assert [(r["properties"]["subject"], r["baselineState"]) for r in run["results"]] == [
        ("ZZZ_NEW", "new"),
        ("AAA_OLD", "unchanged"),
    ]
    assert (run["properties"]["mode"], run["properties"]["base"], run["properties"]["head"]) == (
        "pr",
        base,
        head,
    )


def test_results_are_capped_most_severe_first_and_the_cut_is_said(repo_factory: RepoFactory) -> None:
    reads = "".join(f'V{i} = os.environ["UNDOC_{i}"]\n' for i in range(4))
    repo = repo_factory({**FILES, "app/many.py": "import os\n" + reads})
    result = run_check(repo, load_settings(repo))
    total = len(result.report.findings)
    log = sarif_log(result, limit=5)
    validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == 5
    assert {r["level"] for r in run["results"]} == {"error"}
    assert run["properties"]["leftOut"] == total - 5 and run["properties"]["findings"] == total
    (note, *_) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"].startswith(f"{total - 5} of {total} findings are left out")
    assert MAX_RESULTS == 5000
    assert len(sarif_log(result)["runs"][0]["results"]) == total
