"""``--format concise``: one line per finding, ``path:line: kind (severity) message``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from integrations_drift.cli import main
from integrations_drift.report.concise import LINE
from tests.conftest import RepoFactory
from tests.gitrepo import CLEAN, DOC, commit, git, write
from tests.report_repos import FILES

RANK = {"error": 3, "warning": 2, "notice": 1}


def concise(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv, "--format", "concise"])
    return code, capsys.readouterr().out.splitlines()


def test_one_line_per_finding_most_severe_first(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    repo = repo_factory(FILES)
    code, lines = concise(capsys, str(repo))
    assert code == 1
    main(["check", str(repo), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert len(lines) == len(findings) >= 5
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    ranks = [RANK[m["severity"]] for m in matches if m]
    assert ranks == sorted(ranks, reverse=True)
    assert (
        "app/pay.py:4: undocumented-env-var (error) STRIPE_SECRET_KEY read at app/pay.py:4 is not in the document"
        in lines
    )
    assert any(line.startswith("INTEGRATIONS.md:19: placeholder-row (notice) the ") for line in lines)
    assert {(m["path"], m["line"], m["kind"]) for m in matches if m} == {
        (f["locations"][0]["path"], str(f["locations"][0]["line"]), f["kind"]) for f in findings
    }


def test_pr_mode_says_new_or_existing(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    repo = repo_factory({**CLEAN, "app/a.py": 'import os\nA = os.environ["AAA_OLD"]\n'})
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/z.py": 'import os\nZ = os.environ["ZZZ_NEW"]\n'})
    commit(repo, "change")
    _, lines = concise(capsys, str(repo), "--base", base)
    assert [line.split(" is ")[0] for line in lines] == [
        "app/z.py:2: undocumented-env-var (error, new) ZZZ_NEW read at app/z.py:2",
        "app/a.py:2: undocumented-env-var (error, existing) AAA_OLD read at app/a.py:2",
    ]
    assert all(LINE.match(line) for line in lines)


def test_odd_file_names_stay_on_one_line(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    files = {
        **CLEAN,
        "::odd.py": 'import os\nA = os.environ["COLON_VAR"]\n',
        "app/two\nlines.py": 'import os\nB = os.environ["NEWLINE_VAR"]\n',
    }
    _, lines = concise(capsys, str(repo_factory(files)))
    assert len(lines) == 2
    assert lines[0].startswith("./::odd.py:2: undocumented-env-var (error) COLON_VAR")
    assert lines[1].startswith("app/two lines.py:2: undocumented-env-var (error) NEWLINE_VAR")
    assert all(re.match(r"^[^:\s]", line) for line in lines)


def test_no_drift_prints_nothing(capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory) -> None:
    assert concise(capsys, str(repo_factory({**CLEAN, "INTEGRATIONS.md": DOC}))) == (0, [])


def test_the_readme_problem_matcher_reads_every_line(
    capsys: pytest.CaptureFixture[str], repo_factory: RepoFactory
) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split('```json\n{\n  "problemMatcher"', 1)[1].split("```", 1)[0]
    (pattern,) = json.loads('{\n  "problemMatcher"' + block)["problemMatcher"][0]["pattern"]
    regexp = re.compile(pattern["regexp"])
    repo = repo_factory(FILES)
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"app/z.py": 'import os\nZ = os.environ["ZZZ_NEW"]\n'})
    commit(repo, "change")
    for argv in ([str(repo)], [str(repo), "--base", base]):
        _, lines = concise(capsys, *argv)
        main(["check", *argv, "--format", "json"])
        findings = json.loads(capsys.readouterr().out)["findings"]
        got = []
        for line in lines:
            m = regexp.match(line)
            assert m, line
            got.append({k: m.group(pattern[k]) for k in ("file", "line", "code", "severity", "message")})
        assert sorted(got, key=str) == sorted(
            (
                {
                    "file": f["locations"][0]["path"],
                    "line": str(f["locations"][0]["line"]),
                    "code": f["kind"],
                    "severity": f["severity"],
                    "message": f["message"],
                }
                for f in findings
            ),
            key=str,
        )
