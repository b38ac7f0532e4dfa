"""The action's ``cache`` input: per-file records in the workspace, for actions/cache to keep."""

from __future__ import annotations

import json
from pathlib import Path

from tests.github.scenario import pull_request_repo, register
from tests.gitrepo import git
from tests.standin.server import Standin


def test_cache_input_writes_records_and_a_warm_run_answers_the_same(tmp_path: Path, standin: Standin) -> None:
    pr = pull_request_repo(tmp_path)
    register(standin, pr)
    folder = pr.root / ".integrations-drift-cache"
    plain = pr.run(standin, {"comment": "false"})
    assert not folder.exists()
    cold = pr.run(standin, {"comment": "false", "cache": "true"})
    assert list(folder.glob("files-*.json"))
    warm = pr.run(standin, {"comment": "false", "cache": "true"})
    assert plain.code == cold.code == warm.code == 1
    assert (
        plain.outputs["new-findings"] == cold.outputs["new-findings"] == warm.outputs["new-findings"] == "1"
    )
    reports = [json.loads((pr.root / ".integrations-drift" / "report.json").read_text())]
    assert [f["subject"] for f in reports[0]["findings"]] == ["STRIPE_SECRET_KEY"]
    # git ignores the folder: the workspace stays clean
    assert ".integrations-drift-cache" not in git(pr.root, "status", "--porcelain", "--ignored=no")
